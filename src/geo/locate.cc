// The "locate" stage: each event takes a place from doc.places.
//
// Preference: the place a locative phrase after the trigger attaches ("in X", "near X", "at X",
// "outside X", "on X") in the trigger's sentence; else the nearest non-demonym place in that
// sentence, specific places before countries; else the article's main place (the most mentioned
// specific place, else the most mentioned country).
#include <algorithm>
#include <cstdlib>
#include <map>

#include "tacitus/geo.h"

namespace tacitus {

namespace {

bool ends_with_locative(std::string_view before) {
  // Trim trailing spaces and look at the last word.
  size_t e = before.size();
  while (e > 0 && before[e - 1] == ' ') --e;
  size_t b = e;
  while (b > 0 && before[b - 1] != ' ' && before[b - 1] != '\n') --b;
  std::string w(before.substr(b, e - b));
  for (char& c : w) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return w == "in" || w == "near" || w == "at" || w == "outside" || w == "on" || w == "across" ||
         w == "along" || w == "inside" || w == "around" || w == "into" || w == "the" || w == "of";
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

int specificity(const Place& p) {
  switch (p.precision) {
    case GeoPrecision::kPoint: return 3;
    case GeoPrecision::kAdmin2: return 2;
    case GeoPrecision::kAdmin1: return 1;
    case GeoPrecision::kCountry: return 0;
  }
  return 0;
}

}  // namespace

void locate_events(Document& doc) {
  if (doc.events.empty()) return;
  // The article's main place.
  std::optional<size_t> main_place;
  {
    std::map<std::string, std::pair<int, size_t>> counts;
    for (size_t i = 0; i < doc.places.size(); ++i) {
      const Place& p = doc.places[i];
      if (p.demonym && p.precision == GeoPrecision::kCountry) continue;
      auto& c = counts[p.name + "|" + p.country];
      if (c.first == 0) c.second = i;
      c.first += 1 + 2 * (specificity(p) >= 1 ? 1 : 0);
    }
    int best = 0;
    for (const auto& [k, v] : counts)
      if (v.first > best || (v.first == best && main_place && v.second < *main_place)) best = v.first, main_place = v.second;
    if (!main_place) {
      for (size_t i = 0; i < doc.places.size(); ++i) {
        main_place = i;
        break;
      }
    }
  }
  const std::string_view t = doc.text;
  for (Event& e : doc.events) {
    if (e.location) continue;
    const auto [sb, se] = sentence_range(doc, e.sentence_index, e.trigger.start);
    std::optional<size_t> chosen;
    // 1. A locative phrase after the trigger in the same sentence.
    for (size_t i = 0; i < doc.places.size() && !chosen; ++i) {
      const Place& p = doc.places[i];
      if (p.start < e.trigger.end || p.start >= se || p.demonym) continue;
      if (ends_with_locative(t.substr(sb, p.start - sb)))
        chosen = i;
    }
    // 2. The nearest plausible place in the sentence, specific before coarse.
    if (!chosen) {
      long best = -1;
      for (size_t i = 0; i < doc.places.size(); ++i) {
        const Place& p = doc.places[i];
        if (p.start < sb || p.end > se || p.demonym) continue;
        const long dist = std::labs(static_cast<long>(p.start) - static_cast<long>(e.trigger.start));
        const long s = specificity(p) * 100000 - dist;
        if (s > best) best = s, chosen = i;
      }
    }
    if (!chosen) chosen = main_place;
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
