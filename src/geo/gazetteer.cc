// The compiled gazetteer: writing it (GazetteerBuilder) and reading it (Gazetteer).
//
// Sections of the "gazetteer" model file (docs/gazetteer.md):
//   places    fixed 28-byte records (Record below), in id order
//   strings   NUL-terminated names and admin-1 names the records point into
//   hashes    sorted uint64 hashes of name keys ("n" + exact key, "s" + skeleton)
//   postings  uint32 per hash: place id in the low 24 bits, NameMatchFlags in the high 8
//   countries ISO alpha-2/alpha-3 code -> country place
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

#include "tacitus/gazetteer.h"
#include "tacitus/resources.h"

namespace tacitus {

// Bumped when the layout changes, and also when the build derives different content from the same
// sources (name keys, admin1 assignment): an older file then fails to load, so `gazetteer build
// --if-stale` (setup) rebuilds it. 2: folded ı ł ø ..., WOF admin1 from nearby GeoNames towns.
// 3: Natural Earth admin-1 units finer than GeoNames's first level carry the GeoNames division
// holding them as their admin-1.
constexpr uint32_t kGazetteerVersion = 3;
constexpr uint32_t kMaxPlaces = 1u << 24;

static_assert(sizeof(GazetteerBuilder::Record) == 28);

namespace {

uint64_t key_hash(char kind, std::string_view key) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  mix(static_cast<unsigned char>(kind));
  mix(1);
  for (char c : key) mix(static_cast<unsigned char>(c));
  return h;
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// Trailing words that name an administrative level rather than the place.
bool is_admin_word(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "province", "governorate", "district", "region", "state", "county", "city", "oblast",
      "prefecture", "municipality", "department", "provinces", "subdistrict", "town", "village",
      "area", "territory", "emirate", "wilaya", "muhafazah", "division", "parish", "borough"};
  for (auto k : kWords)
    if (w == k) return true;
  return false;
}

}  // namespace

std::string_view place_kind_name(PlaceKind k) {
  switch (k) {
    case PlaceKind::kContinent: return "continent";
    case PlaceKind::kRegion: return "region";
    case PlaceKind::kCountry: return "country";
    case PlaceKind::kAdmin1: return "admin1";
    case PlaceKind::kAdmin2: return "admin2";
    case PlaceKind::kLocality: return "locality";
    case PlaceKind::kWater: return "water";
    case PlaceKind::kSite: return "site";
  }
  return "locality";
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

std::string default_gazetteer_build_path() { return resource_path("data/gazetteer/gazetteer.bin"); }
std::string full_gazetteer_path() { return resource_path("data/gazetteer/gazetteer-full.bin"); }

std::string default_gazetteer_path() {
  if (const char* env = std::getenv("TACITUS_GAZETTEER"); env && *env) return env;
  std::string full = full_gazetteer_path();
  struct stat st;
  if (::stat(full.c_str(), &st) == 0 && st.st_size > 0) return full;
  return default_gazetteer_build_path();
}

// ---------------------------------------------------------------------------------------------
// Builder

uint32_t GazetteerBuilder::add_place(std::string_view name, PlaceKind kind, double lat, double lon,
                                     std::string_view country, std::string_view admin1,
                                     uint64_t population, int64_t geonames_id) {
  Record r{};
  r.lat = static_cast<float>(lat);
  r.lon = static_cast<float>(lon);
  r.population = static_cast<uint32_t>(std::min<uint64_t>(population, UINT32_MAX));
  r.geonames_id = geonames_id > 0 && geonames_id <= UINT32_MAX ? static_cast<uint32_t>(geonames_id) : 0;
  r.name = static_cast<uint32_t>(strings_.size());
  strings_.append(name);
  strings_ += '\0';
  if (admin1.empty()) {
    r.admin1 = static_cast<uint32_t>(strings_.size() - 1);  // points at the NUL just written
  } else {
    r.admin1 = static_cast<uint32_t>(strings_.size());
    strings_.append(admin1);
    strings_ += '\0';
  }
  r.country[0] = country.size() >= 2 ? country[0] : 0;
  r.country[1] = country.size() >= 2 ? country[1] : 0;
  r.kind = static_cast<uint8_t>(kind);
  places_.push_back(r);
  return static_cast<uint32_t>(places_.size() - 1);
}

void GazetteerBuilder::set_admin1(uint32_t place, std::string_view admin1) {
  if (place >= places_.size()) return;
  Record& r = places_[place];
  if (admin1.empty()) {
    r.admin1 = r.name + static_cast<uint32_t>(std::strlen(strings_.data() + r.name));  // its name's NUL
    return;
  }
  r.admin1 = static_cast<uint32_t>(strings_.size());
  strings_.append(admin1);
  strings_ += '\0';
}

void GazetteerBuilder::add_name(uint32_t place, std::string_view name, uint8_t flags) {
  if (place >= kMaxPlaces) return;
  std::string key = normalize_place_name(name);
  if (key.empty() || !is_ascii(key)) return;
  keys_.emplace_back(key_hash('n', key), place | (static_cast<uint32_t>(flags) << 24));
  if (flags & (kNameDemonym | kNameAbbreviation)) return;
  std::string sk = place_name_skeleton(key);
  if (!sk.empty())
    keys_.emplace_back(key_hash('s', sk), place | (static_cast<uint32_t>(kNameVariant) << 24));
}

void GazetteerBuilder::add_country_code(std::string_view alpha3, uint32_t place) {
  alpha3_.emplace_back(std::string(alpha3), place);
}

std::string GazetteerBuilder::serialize() const {
  // Sort by (hash, place) and merge the flags of duplicate (hash, place) pairs.
  std::vector<std::pair<uint64_t, uint32_t>> keys = keys_;
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return (a.second & 0xFFFFFF) < (b.second & 0xFFFFFF);
  });
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> postings;
  hashes.reserve(keys.size());
  postings.reserve(keys.size());
  for (const auto& [h, p] : keys) {
    if (!hashes.empty() && hashes.back() == h && (postings.back() & 0xFFFFFF) == (p & 0xFFFFFF)) {
      postings.back() |= p & 0xFF000000u;
      continue;
    }
    hashes.push_back(h);
    postings.push_back(p);
  }
  ModelWriter w("gazetteer", kGazetteerVersion);
  std::string places(reinterpret_cast<const char*>(places_.data()), places_.size() * sizeof(Record));
  w.add_section("places", std::move(places));
  w.add_section("strings", strings_);
  w.add_section("hashes", std::string(reinterpret_cast<const char*>(hashes.data()), hashes.size() * 8));
  w.add_section("postings", std::string(reinterpret_cast<const char*>(postings.data()), postings.size() * 4));
  ByteWriter c;
  std::vector<std::pair<std::string, uint32_t>> codes = alpha3_;
  for (uint32_t i = 0; i < places_.size(); ++i)
    if (places_[i].kind == static_cast<uint8_t>(PlaceKind::kCountry) && places_[i].country[0])
      codes.emplace_back(std::string(places_[i].country, 2), i);
  c.put<uint32_t>(static_cast<uint32_t>(codes.size()));
  for (const auto& [code, id] : codes) {
    c.put_string(code);
    c.put<uint32_t>(id);
  }
  w.add_section("countries", c.take());
  return w.serialize();
}

Status GazetteerBuilder::write(const std::string& path) const {
  if (places_.size() >= kMaxPlaces) return Status::InvalidInput(path + ": too many places for the format");
  // Written through a temporary file renamed into place, so a crash never leaves a half-written
  // gazetteer where the pipeline would load it.
  const std::string image = serialize();
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::IOError(tmp + ": cannot open for writing");
  const bool ok = std::fwrite(image.data(), 1, image.size(), f) == image.size();
  if (std::fclose(f) != 0 || !ok) {
    std::remove(tmp.c_str());
    return Status::IOError(tmp + ": write failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError(path + ": cannot rename the new gazetteer into place");
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// Reader

Gazetteer::~Gazetteer() {
  if (map_) ::munmap(map_, map_size_);
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::load(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return Status::NotFound(path + ": cannot open model file (build it with `tacitus gazetteer build`)");
    return Status::IOError(path + ": cannot open model file: " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::IOError(path + ": cannot stat: " + std::strerror(err));
  }
  const size_t size = static_cast<size_t>(st.st_size);
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->name_ = path;
  if (size > 0) {
    // The checksum reads every page anyway, so populate the mapping in one go rather than
    // faulting it in 4 KiB at a time.
    void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (m == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      return Status::IOError(path + ": cannot map: " + std::strerror(err));
    }
    g->map_ = m;
    g->map_size_ = size;
    g->image_ = std::string_view(static_cast<const char*>(m), size);
  }
  ::close(fd);
  TACITUS_RETURN_IF_ERROR(g->decode());
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::parse(std::string bytes, const std::string& name) {
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->name_ = name;
  g->owned_ = std::move(bytes);
  g->image_ = g->owned_;
  TACITUS_RETURN_IF_ERROR(g->decode());
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

Status Gazetteer::decode() {
  using Record = GazetteerBuilder::Record;
  // The model-file container (docs/model_format.md), read in place: magic, format version,
  // component, component version, section directory, payloads, CRC-32 of all that.
  const std::string_view img = image_;
  if (img.size() < 8 || img.substr(0, 4) != "TACI") return corrupt("not a Tacitus model file (bad magic)");
  if (img.size() < 24) return corrupt("truncated header");
  const std::string_view body = img.substr(0, img.size() - 4);
  ByteReader r(body);
  r.get<uint32_t>();  // magic
  const uint32_t format = r.get<uint32_t>();
  const uint32_t comp_len = r.get<uint32_t>();
  if (!r.ok() || comp_len > 64 || body.size() < 12 + size_t{comp_len} + 8) return corrupt("truncated header");
  const std::string comp(body.substr(12, comp_len));
  ByteReader r2(body.substr(12 + comp_len));
  const uint32_t comp_version = r2.get<uint32_t>();
  const uint32_t count = r2.get<uint32_t>();
  uint32_t stored;
  std::memcpy(&stored, img.data() + body.size(), 4);
  if (crc32(body) != stored) return corrupt("checksum mismatch (file damaged or truncated)");
  if (format != kModelFileFormatVersion)
    return corrupt("container format version " + std::to_string(format) + ", this build reads " +
                   std::to_string(kModelFileFormatVersion));
  if (comp != "gazetteer") return corrupt("holds component '" + comp + "', expected 'gazetteer'");
  if (comp_version != kGazetteerVersion)
    return corrupt("component 'gazetteer' version " + std::to_string(comp_version) + ", this build reads version " +
                   std::to_string(kGazetteerVersion));
  std::vector<std::pair<std::string, uint64_t>> dir;
  for (uint32_t i = 0; i < count && r2.ok() && i < 64; ++i) {
    std::string sname = r2.get_string();
    const uint64_t n = r2.get<uint64_t>();
    dir.emplace_back(std::move(sname), n);
  }
  if (!r2.ok() || dir.size() != count) return corrupt("truncated section table");
  size_t offset = 12 + comp_len + 8;
  for (const auto& d : dir) offset += 4 + d.first.size() + 8;
  std::vector<std::pair<std::string, std::string_view>> sections;
  for (const auto& [sname, n] : dir) {
    if (offset > body.size() || n > body.size() - offset) return corrupt("section '" + sname + "' runs past the end");
    sections.emplace_back(sname, body.substr(offset, n));
    offset += n;
  }
  if (offset != body.size()) return corrupt("trailing bytes after the last section");
  auto section = [&](std::string_view sname) -> Result<std::string_view> {
    for (const auto& [k, v] : sections)
      if (k == sname) return v;
    return corrupt("missing section '" + std::string(sname) + "'");
  };

  auto places = section("places");
  auto strings = section("strings");
  auto hashes = section("hashes");
  auto postings = section("postings");
  auto countries = section("countries");
  for (const auto* s : {&places, &strings, &hashes, &postings, &countries})
    if (!s->ok()) return s->status();
  if (places->size() % sizeof(Record) != 0) return corrupt("places section has a partial record");
  if (hashes->size() % 8 != 0 || postings->size() * 2 != hashes->size())
    return corrupt("name index sections disagree in length");
  records_ = places->data();
  count_ = places->size() / sizeof(Record);
  strings_ = *strings;
  if (!strings_.empty() && strings_.back() != '\0') return corrupt("strings section is not terminated");
  hashes_ = hashes->data();
  postings_ = postings->data();
  keys_ = hashes->size() / 8;
  // Validate every record's string offsets once, so that place() can trust them.
  for (size_t i = 0; i < count_; ++i) {
    Record r;
    std::memcpy(&r, records_ + i * sizeof(Record), sizeof(Record));
    if (r.name >= strings_.size() || r.admin1 >= strings_.size() || r.kind > static_cast<uint8_t>(PlaceKind::kSite))
      return corrupt("place " + std::to_string(i) + " is malformed");
    if (r.kind == static_cast<uint8_t>(PlaceKind::kAdmin1) && r.country[0])
      admin1_.emplace_back(std::string(r.country, 2), static_cast<uint32_t>(i));
  }
  for (size_t i = 0; i < keys_; ++i) {
    uint32_t p;
    std::memcpy(&p, postings_ + i * 4, 4);
    if ((p & 0xFFFFFF) >= count_) return corrupt("name index points past the last place");
  }
  ByteReader c(*countries);
  const uint32_t n = c.get<uint32_t>();
  for (uint32_t i = 0; i < n && c.ok(); ++i) {
    std::string code = c.get_string();
    const uint32_t id = c.get<uint32_t>();
    if (id >= count_) return corrupt("country code points past the last place");
    country_codes_.emplace_back(std::move(code), id);
  }
  if (!c.ok()) return corrupt("countries section is truncated");
  std::stable_sort(country_codes_.begin(), country_codes_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(admin1_.begin(), admin1_.end());
  return Status::Ok();
}

GazetteerPlace Gazetteer::place(uint32_t id) const {
  GazetteerBuilder::Record r;
  std::memcpy(&r, records_ + static_cast<size_t>(id) * sizeof(r), sizeof(r));
  GazetteerPlace p;
  p.id = id;
  p.name = std::string_view(strings_.data() + r.name);
  p.admin1 = std::string_view(strings_.data() + r.admin1);
  p.country = r.country[0] ? std::string_view(records_ + static_cast<size_t>(id) * sizeof(r) + 24, 2)
                           : std::string_view();
  p.lat = r.lat;
  p.lon = r.lon;
  p.geonames_id = r.geonames_id;
  p.population = r.population;
  p.kind = static_cast<PlaceKind>(r.kind);
  return p;
}

std::vector<NameMatch> Gazetteer::find_hash(uint64_t h, uint8_t extra_flags) const {
  std::vector<NameMatch> out;
  size_t lo = 0, hi = keys_;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    uint64_t v;
    std::memcpy(&v, hashes_ + mid * 8, 8);
    if (v < h) lo = mid + 1; else hi = mid;
  }
  for (size_t i = lo; i < keys_; ++i) {
    uint64_t v;
    std::memcpy(&v, hashes_ + i * 8, 8);
    if (v != h) break;
    uint32_t p;
    std::memcpy(&p, postings_ + i * 4, 4);
    out.push_back({p & 0xFFFFFF, static_cast<uint8_t>((p >> 24) | extra_flags)});
  }
  return out;
}

std::vector<NameMatch> Gazetteer::lookup_key(std::string_view key, bool variants) const {
  if (key.empty()) return {};
  std::vector<NameMatch> out = find_hash(key_hash('n', key), 0);
  if (variants && out.empty()) {
    const std::string sk = place_name_skeleton(key);
    if (!sk.empty()) {
      for (const NameMatch& m : find_hash(key_hash('s', sk), 0)) {
        bool seen = false;
        for (const NameMatch& o : out) seen = seen || o.place == m.place;
        if (!seen) out.push_back({m.place, kNameVariant});
      }
    }
  }
  return out;
}

std::vector<NameMatch> Gazetteer::lookup(std::string_view name, bool variants) const {
  std::string key = normalize_place_name(name);
  auto out = lookup_key(key, variants);
  if (!out.empty()) return out;
  // "Town - District": the town is what a gazetteer knows.
  if (size_t dash = name.find(" - "); dash != std::string_view::npos) {
    out = lookup(name.substr(0, dash), variants);
    if (!out.empty()) return out;
  }
  // "Diyala province", "Nineveh Governorate".
  size_t sp = key.rfind(' ');
  if (sp != std::string::npos && is_admin_word(std::string_view(key).substr(sp + 1)))
    return lookup_key(key.substr(0, sp), variants);
  return out;
}

std::optional<uint32_t> Gazetteer::country(std::string_view code) const {
  std::string up(code);
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto it = std::lower_bound(country_codes_.begin(), country_codes_.end(), up,
                             [](const auto& a, const std::string& b) { return a.first < b; });
  if (it == country_codes_.end() || it->first != up) return std::nullopt;
  return it->second;
}

std::vector<uint32_t> Gazetteer::admin1_of(std::string_view country) const {
  std::vector<uint32_t> out;
  auto it = std::lower_bound(admin1_.begin(), admin1_.end(), std::pair<std::string, uint32_t>(country, 0));
  for (; it != admin1_.end() && it->first == country; ++it) out.push_back(it->second);
  return out;
}

}  // namespace tacitus
