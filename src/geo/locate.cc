// The "locate" stage: each event takes a place from doc.places.
//
// Preference: the most specific place a locative phrase after the trigger attaches ("in X", "near
// X", "at X", "outside X", "on X", "at Y, X") in the trigger's sentence (when that is a country,
// a finer place of it a locative phrase introduces earlier in the sentence); else the nearest
// non-demonym place in that sentence, specific places before countries; else the article's main
// place (the most mentioned specific place, else the most mentioned country). Steps 1 and 2 pass
// over a stray place: the only mention of a country the document names nowhere else, while
// another country has several (a namesake abroad, or a word that is no place).
#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "tacitus/geo.h"

namespace tacitus {

namespace {

// True when `w` is `lower` in any ASCII case.
bool same_word(std::string_view w, std::string_view lower) {
  if (w.size() != lower.size()) return false;
  for (size_t i = 0; i < w.size(); ++i)
    if ((w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]) != lower[i]) return false;
  return true;
}

// The last word of `before`, skipping one trailing "the".
std::string_view last_word_before(std::string_view before) {
  for (int round = 0; round < 2; ++round) {
    size_t e = before.size();
    while (e > 0 && (before[e - 1] == ' ' || before[e - 1] == '\n')) --e;
    size_t b = e;
    while (b > 0 && before[b - 1] != ' ' && before[b - 1] != '\n') --b;
    const std::string_view w = before.substr(b, e - b);
    if (!same_word(w, "the") || round == 1) return w;
    before = before.substr(0, b);
  }
  return {};
}

// True when the last word of `before` is a locative preposition ("in", "near the", "along").
// "of" counts only with `with_of` ("the city of Aden"), since a place inside an actor's name
// ("forces of Azerbaijan") follows it too.
bool preposition_before(std::string_view before, bool with_of) {
  static const char* kLocatives[] = {"in",     "near",   "at",     "outside", "on",     "across", "along",
                                     "inside", "around", "into",   "within",  "toward", "towards"};
  const std::string_view w = last_word_before(before);
  if (same_word(w, "of")) return with_of;
  for (const char* l : kLocatives)
    if (same_word(w, l)) return true;
  return false;
}

// True when a locative preposition introduces what follows `before`, directly or across one
// capitalised name of up to three words and a comma ("located at Goyali, Gadabay": the place
// after the comma is where the unlisted "Goyali" lies).
bool ends_with_locative(std::string_view before, bool with_of = true) {
  if (preposition_before(before, with_of)) return true;
  size_t b = before.size();
  while (b > 0 && before[b - 1] == ' ') --b;
  if (b == 0 || before[b - 1] != ',') return false;
  --b;
  for (int words = 0; words < 3; ++words) {
    while (b > 0 && before[b - 1] == ' ') --b;
    size_t w = b;
    while (w > 0 && before[w - 1] != ' ' && before[w - 1] != ',' && before[w - 1] != '\n') --w;
    if (w == b || !(before[w] >= 'A' && before[w] <= 'Z')) return false;
    b = w;
    if (preposition_before(before.substr(0, b), with_of)) return true;
  }
  return false;
}

// A place named inside an actor mention ("Washington's latest step", "US forces", "stand off with
// Baghdad and Tehran") stands for a government or its people, not for where something happened,
// unless a locative preposition introduces it ("near Baghdad", "in the US"). Answers for every
// place of doc.places at once, in O((places + actors) log actors): long documents name thousands.
std::vector<char> places_used_as_actors(const Document& doc) {
  std::vector<std::pair<uint32_t, uint32_t>> spans;  // actor mentions' byte ranges, by start
  for (const ActorMention& a : doc.actors) {
    if (a.begin >= a.end || a.end > doc.tokens.size()) continue;
    spans.emplace_back(doc.tokens[a.begin].start, doc.tokens[a.end - 1].end);
  }
  std::sort(spans.begin(), spans.end());
  std::vector<uint32_t> reach(spans.size());  // the furthest end among spans[0..k]
  for (size_t k = 0; k < spans.size(); ++k)
    reach[k] = std::max(spans[k].second, k ? reach[k - 1] : 0);
  std::vector<char> out(doc.places.size(), 0);
  for (size_t i = 0; i < doc.places.size(); ++i) {
    const Place& p = doc.places[i];
    // The actor mentions starting at or before the place; one of them holds it when the furthest
    // of their ends reaches the place's end.
    const auto after = std::upper_bound(
        spans.begin(), spans.end(), std::make_pair(p.start, std::numeric_limits<uint32_t>::max()));
    if (after == spans.begin() || reach[static_cast<size_t>(after - spans.begin()) - 1] < p.end)
      continue;
    out[i] = !ends_with_locative(std::string_view(doc.text).substr(0, p.start), /*with_of=*/false);
  }
  return out;
}

// The sentence byte range holding `offset`: from doc.sentences when present, else the text between
// sentence punctuation or newlines.
std::pair<uint32_t, uint32_t> sentence_range(const Document& doc, uint32_t sentence_index, uint32_t offset) {
  if (sentence_index < doc.sentences.size()) {
    const Sentence& s = doc.sentences[sentence_index];
    if (s.start <= offset && offset <= s.stop) return {s.start, s.stop};
  }
  const std::string_view t = doc.text;
  uint32_t b = std::min<uint32_t>(offset, static_cast<uint32_t>(t.size()));
  while (b > 0 && t[b - 1] != '\n' && !((t[b - 1] == ' ') && b > 1 && (t[b - 2] == '.' || t[b - 2] == '!' || t[b - 2] == '?')))
    --b;
  uint32_t e = std::min<uint32_t>(offset, static_cast<uint32_t>(t.size()));
  while (e < t.size() && t[e] != '\n' && !((t[e] == '.' || t[e] == '!' || t[e] == '?') && (e + 1 >= t.size() || t[e + 1] == ' ' || t[e + 1] == '\n')))
    ++e;
  return {b, e};
}

// True for a mention the geo stage resolved with its relative phrase ("near Baghdad", "the
// outskirts of Kabul", "30 km north of Mosul"): the phrase itself says where.
bool is_relative_mention(const Place& p) {
  const std::string_view t = p.text;
  if (t.empty()) return false;
  if (t[0] >= '0' && t[0] <= '9') return true;
  // The first word, or the second after "the".
  size_t b = 0, space = t.find(' ');
  if (space != std::string_view::npos && same_word(t.substr(0, space), "the")) {
    b = space + 1;
    space = t.find(' ', b);
  }
  if (space == std::string_view::npos) return false;
  const std::string_view w = t.substr(b, space - b);
  static const char* kIntroducers[] = {"near",      "outside",   "nearby",    "north",     "south",
                                       "east",      "west",      "northeast", "northwest", "southeast",
                                       "southwest", "outskirts", "suburbs",   "edge",      "vicinity"};
  for (const char* x : kIntroducers)
    if (same_word(w, x)) return true;
  return false;
}

int specificity(const Place& p) {
  switch (p.precision) {
    case GeoPrecision::kPoint: return 3;
    case GeoPrecision::kAdmin2: return 2;
    case GeoPrecision::kAdmin1: return 1;
    case GeoPrecision::kCountry: return 0;
  }
  return 0;
}

std::optional<size_t> main_place_index(const Document& doc, const std::vector<char>& as_actor) {
  std::optional<size_t> main_place;
  std::map<std::string, std::pair<int, size_t>> counts;
  for (size_t i = 0; i < doc.places.size(); ++i) {
    const Place& p = doc.places[i];
    if ((p.demonym && p.precision == GeoPrecision::kCountry) || as_actor[i]) continue;
    auto& c = counts[p.name + "|" + p.country];
    if (c.first == 0) c.second = i;
    c.first += 1 + 2 * (specificity(p) >= 1 ? 1 : 0);
  }
  int best = 0;
  for (const auto& [k, v] : counts)
    if (v.first > best || (v.first == best && main_place && v.second < *main_place)) best = v.first, main_place = v.second;
  if (!main_place && !doc.places.empty()) main_place = 0;
  return main_place;
}

}  // namespace

const Place* main_place(const Document& doc) {
  const auto i = main_place_index(doc, places_used_as_actors(doc));
  return i ? &doc.places[*i] : nullptr;
}

void locate_events(Document& doc) {
  if (doc.events.empty()) return;
  const std::vector<char> as_actor = places_used_as_actors(doc);
  const std::optional<size_t> main_idx = main_place_index(doc, as_actor);
  const std::string_view t = doc.text;
  // Places by start, so that each event looks only at those in its sentence.
  std::vector<size_t> by_start(doc.places.size());
  for (size_t i = 0; i < by_start.size(); ++i) by_start[i] = i;
  std::stable_sort(by_start.begin(), by_start.end(),
                   [&](size_t a, size_t b) { return doc.places[a].start < doc.places[b].start; });
  auto starting_from = [&](uint32_t offset) {
    return std::lower_bound(by_start.begin(), by_start.end(), offset,
                            [&](size_t i, uint32_t o) { return doc.places[i].start < o; });
  };
  // A place below country level that is the document's only mention of its country, while
  // another country has several, is more often a name resolved to a namesake abroad (or a word
  // that is no place) than a real foreign place: the events do not take it. A named country is
  // always taken.
  std::map<std::string, int> mentions;
  for (const Place& p : doc.places) ++mentions[p.country];
  int most = 0;
  for (const auto& [country, n] : mentions) most = std::max(most, n);
  auto stray = [&](const Place& p) {
    return p.precision != GeoPrecision::kCountry && most >= 2 && mentions[p.country] == 1;
  };
  for (Event& e : doc.events) {
    if (e.location) continue;
    const auto [sb, se] = sentence_range(doc, e.sentence_index, e.trigger.start);
    std::optional<size_t> chosen;
    // A place a locative phrase of this sentence introduces, standing for where, not for whom.
    auto locative = [&](size_t i) {
      const Place& p = doc.places[i];
      return !p.demonym && !as_actor[i] && !stray(p) &&
             (is_relative_mention(p) || ends_with_locative(t.substr(sb, p.start - sb)));
    };
    // 1. A locative phrase after the trigger in the same sentence: the most specific such place,
    //    the first of equals ("fired on the positions of the forces of Azerbaijan located near
    //    Shikharkh" is at Shikharkh).
    for (auto it = starting_from(e.trigger.end), end = starting_from(se); it < end; ++it)
      if ((!chosen || specificity(doc.places[*it]) > specificity(doc.places[*chosen])) && locative(*it))
        chosen = *it;
    // 1b. Only a country after the trigger: a finer place of that country that a locative phrase
    //     introduces earlier in the sentence ("On 6 May, in Buenos Aires, ... marched ... in
    //     Argentina") says more.
    if (chosen && specificity(doc.places[*chosen]) == 0) {
      const std::string& country = doc.places[*chosen].country;
      for (auto it = starting_from(sb), end = starting_from(e.trigger.start); it < end; ++it)
        if (specificity(doc.places[*it]) > 0 && doc.places[*it].country == country && locative(*it)) {
          chosen = *it;
          break;
        }
    }
    // 2. The nearest plausible place in the sentence, specific before coarse.
    if (!chosen) {
      long best = -1;
      for (auto it = starting_from(sb), end = starting_from(se + 1); it < end; ++it) {
        const size_t i = *it;
        const Place& p = doc.places[i];
        if (p.end > se || p.demonym || as_actor[i] || stray(p)) continue;
        const long dist = std::labs(static_cast<long>(p.start) - static_cast<long>(e.trigger.start));
        const long s = specificity(p) * 100000 - dist;
        if (s > best || (s == best && chosen && i < *chosen)) best = s, chosen = i;
      }
    }
    if (!chosen) chosen = main_idx;
    if (chosen) e.location = doc.places[*chosen];
  }
}

namespace {
class LocateStage : public Stage {
 public:
  std::string_view name() const override { return "locate"; }
  Status run(Document& doc) const override {
    locate_events(doc);
    return Status::Ok();
  }
};
}  // namespace

std::shared_ptr<const Stage> make_locate_stage() { return std::make_shared<LocateStage>(); }

}  // namespace tacitus

namespace tacitus {

const Place* note_event_location(const Document& doc) {
  const Event* best = nullptr;
  for (const Event& e : doc.events)
    if (e.location && (!best || e.confidence > best->confidence)) best = &e;
  if (best) return &*best->location;
  return main_place(doc);
}


bool admin1_matches(const Gazetteer& g, const Place& place, std::string_view gold_admin1) {
  const std::string gold = normalize_place_name(gold_admin1);
  if (gold.empty()) return false;
  // The place's own admin-1, or the place itself when it is a first-level region of our scheme
  // (a Philippine province records its region as admin-1: then only the region counts).
  std::vector<std::string> ours;
  if (!place.admin1.empty()) ours.push_back(place.admin1);
  if (place.precision == GeoPrecision::kAdmin1 && (place.admin1.empty() || same_admin1_name(place.admin1, place.name)))
    ours.push_back(place.name);
  for (const std::string& o : ours)
    if (same_admin1_name(o, gold_admin1)) return true;
  // The admin-1 places of the place's country a name denotes: by any of their names in the
  // gazetteer, or as a spelling variant of their own name ("Sala al-Din" for "Sala ad-Din").
  const std::vector<uint32_t> regions = place.country.empty() ? std::vector<uint32_t>() : g.admin1_of(place.country);
  auto admin1_places = [&](std::string_view name) {
    std::vector<uint32_t> out;
    for (const NameMatch& m : g.lookup(name, false)) {
      const GazetteerPlace p = g.place(m.place);
      if (p.kind == PlaceKind::kAdmin1 && (place.country.empty() || p.country == place.country)) out.push_back(m.place);
    }
    for (uint32_t a : regions)
      if (std::find(out.begin(), out.end(), a) == out.end() && same_admin1_name(g.place(a).name, name)) out.push_back(a);
    return out;
  };
  const std::vector<uint32_t> gold_places = admin1_places(gold_admin1);
  if (gold_places.empty()) return false;
  for (const std::string& o : ours)
    for (uint32_t a : admin1_places(o))
      if (std::find(gold_places.begin(), gold_places.end(), a) != gold_places.end()) return true;
  // The gold region's display name (its admin-1 field) may be the spelling our place carries.
  for (uint32_t a : gold_places) {
    const GazetteerPlace gp = g.place(a);
    if (!same_admin1_name(gp.admin1, gp.name)) continue;  // a finer unit's admin-1 is its holder
    const std::string alt = normalize_place_name(gp.admin1);
    for (const std::string& o : ours)
      if (!alt.empty() && same_admin1_name(o, alt)) return true;
  }
  return false;
}

void score_event_location(const Gazetteer& g, const Document& doc, const GoldEventLocation& gold,
                          EventLocationScores& scores) {
  ++scores.notes;
  const Place* p = note_event_location(doc);
  if (!p) return;
  ++scores.located;
  if (distance_km(p->lat, p->lon, gold.lat, gold.lon) <= 25.0) ++scores.within_25km;
  if (admin1_matches(g, *p, gold.admin1)) ++scores.admin1_match;
}

}  // namespace tacitus
