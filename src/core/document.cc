#include "tacitus/document.h"

#include <algorithm>
#include <array>

namespace tacitus {

namespace {
constexpr std::array<std::string_view, kNumUpos> kUposNames = {
    "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};
}  // namespace

std::string_view upos_name(Upos u) { return kUposNames[static_cast<size_t>(u)]; }

Upos upos_from_name(std::string_view name) {
  for (size_t i = 1; i < kUposNames.size(); ++i)
    if (kUposNames[i] == name) return static_cast<Upos>(i);
  return Upos::kUnknown;
}

StringPool::StringPool() { intern(""); }

uint32_t StringPool::intern(std::string_view s) {
  auto it = ids_.find(std::string(s));
  if (it != ids_.end()) return it->second;
  auto id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  ids_.emplace(strings_.back(), id);
  return id;
}

std::string_view entity_type_name(EntityType t) {
  switch (t) {
    case EntityType::PER: return "PER";
    case EntityType::ORG: return "ORG";
    case EntityType::LOC: return "LOC";
  }
  return "ORG";
}

std::string_view geo_precision_name(GeoPrecision p) {
  switch (p) {
    case GeoPrecision::kPoint: return "point";
    case GeoPrecision::kAdmin2: return "admin2";
    case GeoPrecision::kAdmin1: return "admin1";
    case GeoPrecision::kCountry: return "country";
  }
  return "point";
}

std::string_view modality_name(Modality m) {
  switch (m) {
    case Modality::kAsserted: return "asserted";
    case Modality::kDenied: return "denied";
    case Modality::kIntended: return "intended";
    case Modality::kThreatened: return "threatened";
    case Modality::kDemanded: return "demanded";
    case Modality::kHypothetical: return "hypothetical";
    case Modality::kReported: return "reported";
  }
  return "asserted";
}

std::string_view Document::span_text(uint32_t begin, uint32_t end) const {
  if (begin >= end || end > tokens.size()) return {};
  uint32_t s = tokens[begin].start, e = tokens[end - 1].end;
  return std::string_view(text).substr(s, e - s);
}

uint32_t Document::sentence_of(uint32_t token) const {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), token,
                             [](uint32_t t, const Sentence& s) { return t < s.end; });
  return static_cast<uint32_t>(it - sentences.begin());
}

}  // namespace tacitus
