// Toponym resolution ("geo" stage), event location ("locate" stage) and the geoparsing scorers.
//
// geo:    finds place mentions (NER LOC entities plus gazetteer matches over capitalised word
//         sequences, demonyms included), resolves each to a gazetteer place using population and
//         feature-kind priors, the regions the text names as holding it ("Marinka, Donetsk",
//         "Tahab (Pulwama district, J&K)"), the country the document is about, and nearby
//         places (docs/gazetteer.md), and folds relative expressions ("near X",
//         "north of X", "X's border with Y", "in X province") into one mention anchored at X.
//         Fills Document::places in text order.
// locate: runs after the events stage; gives each Event the place its clause attaches to it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/gazetteer.h"
#include "tacitus/pipeline.h"
#include "tacitus/status.h"

namespace tacitus {

struct GeoOptions {
  // A loaded gazetteer to share; when null, `gazetteer_path` (empty = default_gazetteer_path())
  // is loaded.
  std::shared_ptr<const Gazetteer> gazetteer;
  std::string gazetteer_path;
  // Gazetteer-only mentions (not tagged LOC by NER) of towns smaller than this, outside the
  // countries the document is about and without a locative preposition, are dropped as likely
  // ordinary capitalised words.
  uint64_t min_population_unsupported = 100000;
};

// Finds and resolves the place mentions of `doc` into doc.places (replacing what was there).
// Works with or without tokens, sentences, UPOS tags, entities and actors; uses them when present.
// Thread-safe for distinct documents.
void resolve_places(const Gazetteer& gazetteer, const GeoOptions& options, Document& doc);

// The "geo" stage: resolve_places with a gazetteer loaded once. Errors name the gazetteer file.
Result<std::shared_ptr<const Stage>> make_geo_stage(const GeoOptions& options);

// Sets Event::location for every event of `doc` from doc.places: the place its clause attaches to
// it ("in X", "near X", "at X", "at Unlisted, X" after the trigger, in the trigger's sentence; the
// most specific of several, so "the forces of Azerbaijan located near Terter" is at Terter; when
// that is a country, a finer place of it introduced earlier in the sentence), else the nearest
// place in its sentence (specific places before countries and demonyms), else the article's main
// place. Events keep a location an earlier stage set.
void locate_events(Document& doc);

// The "locate" stage (runs after "events").
std::shared_ptr<const Stage> make_locate_stage();

// The article's main place: the most mentioned specific place (admin-1 or finer counts triple),
// else the most mentioned country; demonyms never. nullptr when the document has no place.
const Place* main_place(const Document& doc);

// Event-location scoring against ACLED-style gold (one event per note, with a point and an
// admin-1 name).
struct GoldEventLocation {
  double lat = 0, lon = 0;
  std::string admin1;  // as the gold writes it ("Ninewa", "Sanaa")
};
struct EventLocationScores {
  size_t notes = 0;         // gold notes scored
  size_t located = 0;       // notes given a location at all
  size_t within_25km = 0;   // location within 25 km of the gold point
  size_t admin1_match = 0;  // location's admin-1 names the gold admin-1
  double within_25km_rate() const { return notes ? double(within_25km) / double(notes) : 0; }
  double admin1_rate() const { return notes ? double(admin1_match) / double(notes) : 0; }
};

// The location a coded note is scored by: the location of its most confident located event
// (earliest on ties), else its main place (also when the event's is only a country and the main
// place is finer); nullptr when it has neither.
const Place* note_event_location(const Document& doc);

// Whether `place` lies in the first-level region the gold calls `gold_admin1`: names compared by
// same_admin1_name, then through the admin-1 places of the place's country each name denotes (by
// any gazetteer name, or as a spelling variant of the unit's own name); a shared place matches.
// Only names of one unit are equal (docs/gazetteer.md). A place at admin-1 precision counts by
// its own name only when its admin-1 is itself (a Philippine province counts as its region).
bool admin1_matches(const Gazetteer& gazetteer, const Place& place, std::string_view gold_admin1);

// One ACLED row as the location scorer needs it.
struct AcledLocationRow {
  std::string id, notes;
  GoldEventLocation gold;
};
// Reads ACLED CSV exports (one file, or every *.csv of a directory in name order): rows with notes
// and a point. InvalidInput naming the file when it is not an ACLED export or its CSV is broken.
Result<std::vector<AcledLocationRow>> read_acled_locations(const std::string& path);

// Scores the location of one coded note and adds to `scores`.
void score_event_location(const Gazetteer& gazetteer, const Document& doc, const GoldEventLocation& gold,
                          EventLocationScores& scores);

// Geoparsing scores.
struct GeoScores {
  size_t gold = 0;            // gold toponyms considered
  size_t gold_with_coords = 0;
  size_t predicted = 0;       // predicted places
  size_t matched = 0;         // gold toponyms overlapped by a prediction
  size_t within_161km = 0;    // matched gold with coordinates, predicted point within 161 km
  double precision() const { return predicted ? double(matched) / double(predicted) : 0; }
  double recall() const { return gold ? double(matched) / double(gold) : 0; }
  // accuracy@161km over every gold toponym with coordinates (missed ones count as wrong).
  double accuracy_all() const { return gold_with_coords ? double(within_161km) / double(gold_with_coords) : 0; }
  size_t matched_with_coords = 0;
  // accuracy@161km over the matched gold toponyms with coordinates.
  double accuracy_found() const {
    return matched_with_coords ? double(within_161km) / double(matched_with_coords) : 0;
  }
};

// A gold article for geoparsing evaluation: text plus toponyms with byte offsets.
struct GoldToponym {
  uint32_t start = 0, end = 0;  // bytes
  std::string text;
  bool has_coords = false;
  double lat = 0, lon = 0;
};
struct GoldGeoArticle {
  std::string id, text;
  std::vector<GoldToponym> toponyms;
};

// Reads GeoWebNews (GWN.xml: literal, associative and demonym toponyms; metonyms and
// non-locational expressions are not toponyms) or TR-News. Offsets become UTF-8 byte offsets.
Result<std::vector<GoldGeoArticle>> read_gwn(const std::string& path);
Result<std::vector<GoldGeoArticle>> read_trnews(const std::string& path);

// Scores predicted places against the gold toponyms of one article and adds to `scores`. A gold
// toponym is matched by a predicted place whose byte range overlaps it.
void score_places(const GoldGeoArticle& gold, const std::vector<Place>& predicted, GeoScores& scores);

}  // namespace tacitus
