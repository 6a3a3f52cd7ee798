// The "geo" stage: place mentions -> gazetteer places.
//
// 1. Scan the text into words (own scan over bytes, so the stage needs no tokenizer) and mark the
//    words NER tagged LOC, PER or ORG.
// 2. Match the longest capitalised word sequence (with lowercase connectors: "Bosnia and
//    Herzegovina" no, "Gulf of Aden" yes) against the gazetteer; keep the mention when the evidence
//    is strong enough (NER LOC, a big or coarse place, a locative preposition, a country the
//    document is about).
// 3. Score each mention's candidates with population and kind priors plus document context
//    (countries named, actors' countries, admin-1 regions named, nearby resolved places), twice:
//    the first pass finds the countries the document is about.
// 4. Fold relative expressions into the mention ("north of Mosul", "Iraq's border with Syria").
#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "tacitus/geo.h"

namespace tacitus {

namespace {

struct Word {
  uint32_t start = 0, end = 0;
  bool cap = false;         // starts with an uppercase letter (after an article prefix or apostrophe)
  bool all_caps = false;
  bool sent_start = false;
  int8_t ner = -1;          // EntityType of the entity covering it, -1 none
};

bool is_ascii_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Byte classes over UTF-8: letters (ASCII letters, digits, any non-punctuation multibyte char),
// typographic apostrophes, everything else.
enum class Cls { kLetter, kApostrophe, kHyphen, kOther };

Cls classify(std::string_view t, size_t i, size_t* len) {
  const auto c = static_cast<unsigned char>(t[i]);
  *len = 1;
  if (c < 0x80) {
    if (is_ascii_alpha(c) || (c >= '0' && c <= '9')) return Cls::kLetter;
    if (c == '\'' || c == '`') return Cls::kApostrophe;
    if (c == '-') return Cls::kHyphen;
    return Cls::kOther;
  }
  utf8proc_int32_t cp = 0;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(t.data() + i),
                                  static_cast<utf8proc_ssize_t>(t.size() - i), &cp);
  if (n <= 0) return Cls::kOther;
  *len = static_cast<size_t>(n);
  if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BF || cp == 0x02BE) return Cls::kApostrophe;
  if (cp == 0x2010 || cp == 0x2011) return Cls::kHyphen;
  const auto cat = utf8proc_category(cp);
  if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) return Cls::kLetter;
  if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC) return Cls::kLetter;
  return Cls::kOther;
}

bool upper_at(std::string_view t, size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  utf8proc_int32_t cp = 0;
  if (utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(t.data() + i),
                       static_cast<utf8proc_ssize_t>(t.size() - i), &cp) <= 0)
    return false;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<Word> scan_words(const Document& doc) {
  const std::string_view t = doc.text;
  std::vector<Word> words;
  size_t i = 0;
  while (i < t.size()) {
    size_t len;
    Cls c = classify(t, i, &len);
    const bool lead_apostrophe = c == Cls::kApostrophe && i + len < t.size() && upper_at(t, i + len) &&
                                 (i == 0 || classify(t, i - 1, &len) != Cls::kLetter);
    if (c != Cls::kLetter && !lead_apostrophe) {
      classify(t, i, &len);
      i += len;
      continue;
    }
    classify(t, i, &len);
    Word w;
    w.start = static_cast<uint32_t>(i);
    size_t j = i + len;
    while (j < t.size()) {
      size_t l2;
      Cls cj = classify(t, j, &l2);
      if (cj == Cls::kLetter) {
        j += l2;
        continue;
      }
      if ((cj == Cls::kHyphen || cj == Cls::kApostrophe) && j + l2 < t.size()) {
        size_t l3;
        if (classify(t, j + l2, &l3) != Cls::kLetter) break;
        // Possessive 's ends the word: "Iraq's".
        if (cj == Cls::kApostrophe) {
          const size_t k = j + l2;
          size_t l4 = 0;
          if ((t[k] == 's' || t[k] == 'S') && (k + 1 >= t.size() || classify(t, k + 1, &l4) != Cls::kLetter)) break;
        }
        j += l2;
        continue;
      }
      break;
    }
    // "U.S.", "U.K.": single letters joined by dots.
    if (j - i == 1 && j + 2 < t.size() && t[j] == '.' && is_ascii_alpha(static_cast<unsigned char>(t[j + 1]))) {
      size_t k = j;
      while (k + 1 < t.size() && t[k] == '.' && is_ascii_alpha(static_cast<unsigned char>(t[k + 1])) &&
             (k + 2 >= t.size() || !is_ascii_alpha(static_cast<unsigned char>(t[k + 2]))))
        k += 2;
      if (k > j) j = (k < t.size() && t[k] == '.') ? k + 1 : k;
    }
    w.end = static_cast<uint32_t>(j);
    const std::string_view text = t.substr(w.start, w.end - w.start);
    size_t first = w.start;
    if (lead_apostrophe) first += (static_cast<unsigned char>(t[first]) < 0x80 ? 1 : 3);
    // "al-Taji", "ash-Shaddadi": lowercase article, hyphen, capital.
    if (size_t h = text.find('-'); h != std::string_view::npos && h <= 3 && h + 1 < text.size() &&
                                   !upper_at(t, first) && upper_at(t, w.start + h + 1))
      w.cap = true;
    else
      w.cap = upper_at(t, first);
    bool all = true, any = false;
    for (char ch : text) {
      if (ch >= 'a' && ch <= 'z') all = false;
      if (ch >= 'A' && ch <= 'Z') any = true;
    }
    w.all_caps = all && any && text.size() > 1;
    words.push_back(w);
    i = j;
  }
  // Sentence starts: from the document's sentences when present, else after . ! ? or a newline.
  if (!doc.sentences.empty()) {
    size_t s = 0;
    for (auto& w : words) {
      while (s < doc.sentences.size() && doc.sentences[s].start < w.start) ++s;
      if (s < doc.sentences.size() && doc.sentences[s].start == w.start) w.sent_start = true;
    }
  } else {
    for (size_t k = 0; k < words.size(); ++k) {
      if (k == 0) {
        words[k].sent_start = true;
        continue;
      }
      for (size_t b = words[k - 1].end; b < words[k].start; ++b)
        if (t[b] == '.' || t[b] == '!' || t[b] == '?' || t[b] == '\n' || t[b] == '"' || t[b] == ':')
          words[k].sent_start = true;
      // Opening quotes: “ is E2 80 9C.
      const size_t gap = words[k].start - words[k - 1].end;
      if (gap >= 3 && t.substr(words[k].start - 3, 3) == "\xE2\x80\x9C") words[k].sent_start = true;
    }
  }
  // Entity labels, mapped from token ranges to bytes.
  for (const Entity& e : doc.entities) {
    if (e.begin >= e.end || e.end > doc.tokens.size()) continue;
    const uint32_t b = doc.tokens[e.begin].start, en = doc.tokens[e.end - 1].end;
    for (auto& w : words)
      if (w.start >= b && w.end <= en) w.ner = static_cast<int8_t>(e.type);
  }
  return words;
}

// Capitalised words that are rarely places in news even though some gazetteer holds them.
const std::unordered_set<std::string>& stop_words() {
  static const std::unordered_set<std::string> kStop = {
      "the", "a", "an", "he", "she", "it", "we", "they", "i", "you", "this", "that", "these", "those",
      "but", "and", "or", "in", "on", "at", "for", "of", "to", "from", "by", "with", "as", "if", "so",
      "his", "her", "its", "our", "their", "my", "there", "here", "when", "where", "what", "who",
      "why", "how", "all", "some", "no", "not", "one", "two", "three", "after", "before", "since",
      "while", "during", "despite", "however", "meanwhile", "also", "just", "like", "more", "most",
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "mr", "mrs", "ms", "dr", "gen", "col", "president", "minister",
      "police", "army", "government", "state", "city", "north", "south", "east", "west",
      "central", "northern", "southern", "eastern", "western", "new", "old", "great", "republic",
      "party", "union", "congress", "parliament", "senate", "house", "court", "council",
      "university", "college", "school", "hospital", "street", "road", "media", "news", "god",
      "allah", "islam", "islamic", "muslim", "christian", "jewish", "christmas", "easter",
      "coalition", "forces", "force", "security", "ministry", "department", "office", "center",
      "centre", "national", "international", "federal", "royal", "general", "chief", "people",
      "man", "woman", "reuters", "associated", "press", "ap", "afp", "bbc", "cnn", "nbc", "twitter",
      "facebook", "google", "apple", "amazon", "daesh", "isis", "isil", "hamas", "hezbollah",
      "taliban", "home", "read", "more", "free", "best", "top", "world", "global", "life", "love",
      "hope", "victory", "liberty", "independence", "freedom", "justice", "peace", "union",
      "trump", "obama", "biden", "clinton", "bush", "putin", "king", "queen", "prince", "princess",
      "lord", "sir", "saint", "st", "mount", "lake", "river", "island", "bay", "beach", "park",
      "airport", "station", "square", "bridge", "church", "mosque", "palace", "tower", "temple",
      "post", "times", "herald", "tribune", "guardian", "telegraph", "daily", "weekly", "sun",
      "mirror", "star", "express", "gazette", "journal", "company", "inc", "group", "club", "team",
      "league", "cup", "games", "olympic", "olympics", "commander", "spokesman", "spokeswoman",
      "officials", "official", "according", "said", "says", "after", "stay", "tuned", "support",
      "updates", "update", "video", "photo", "image", "live", "breaking", "exclusive", "opinion",
      "analysis", "editorial", "sport", "sports", "business", "money", "health", "science",
      "technology", "entertainment", "culture", "travel", "weather", "member", "members",
      "manchester united", "real madrid", "barcelona fc", "jr", "sr", "ii", "iii", "iv",
      "democrats", "republicans", "democratic", "republican", "labour", "conservative", "liberal",
      "due", "green", "white", "black", "red", "blue", "gold", "silver", "media platform", "files",
      "loc"};
  return kStop;
}

// Lowercase words that may sit inside a place name.
bool is_connector(std::string_view w) {
  static const std::unordered_set<std::string> kConn = {
      "of", "de", "del", "la", "le", "du", "des", "da", "do", "dos", "das", "al", "el", "ad", "as",
      "ash", "at", "an", "ar", "az", "ez", "es", "ed", "y", "upon", "on", "sur", "am", "im", "bin",
      "ibn", "and"};
  return kConn.count(lower_ascii(w)) > 0;
}

bool is_arabic_article(std::string_view w) {
  static const std::unordered_set<std::string> kArt = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh"};
  return kArt.count(lower_ascii(w)) > 0;
}

bool is_settlement_head(std::string_view key) {
  static const std::unordered_set<std::string> kHeads = {
      "colonia", "barangay", "vila", "villa", "shakhta", "barrio", "aldea", "ejido", "fraccionamiento",
      "poblacion", "sitio", "purok", "kampung", "kampong", "mohalla", "mahalla", "posyolok", "selo",
      "khutir", "kampo", "hacienda", "rancho", "vereda", "corregimiento", "caserio"};
  return kHeads.count(std::string(key)) > 0;
}

// Words after a country name that make it an adjective of something other than a place: "US
// dollar", "US-backed".
bool is_non_place_head(std::string_view w) {
  static const std::unordered_set<std::string> kHeads = {"dollar", "dollars", "cents", "treasury", "treasuries"};
  return kHeads.count(lower_ascii(w)) > 0;
}

bool is_locative(std::string_view w) {
  static const std::unordered_set<std::string> kLoc = {
      "in", "near", "at", "from", "outside", "to", "into", "toward", "towards", "around", "across",
      "inside", "via", "through", "throughout", "nearby", "between", "across", "along", "within",
      "of", "visited", "visit", "entered", "reached", "left", "hit", "struck", "bombed",
      "attacked", "shelled", "captured", "seized", "stormed"};
  return kLoc.count(lower_ascii(w)) > 0;
}

bool is_admin_suffix(std::string_view w) {
  static const std::unordered_set<std::string> kAdmin = {
      "province", "governorate", "district", "region", "state", "county", "oblast", "prefecture",
      "municipality", "department", "subdistrict", "emirate", "territory", "city"};
  return kAdmin.count(lower_ascii(w)) > 0;
}

bool is_direction(std::string_view w) {
  static const std::unordered_set<std::string> kDir = {
      "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
      "north-east", "north-west", "south-east", "south-west", "outskirts", "suburbs", "edge",
      "centre", "center", "heart", "outside", "parts", "part", "vicinity", "environs", "west-",
      "northern", "southern", "eastern", "western"};
  return kDir.count(lower_ascii(w)) > 0;
}

GeoPrecision precision_of(PlaceKind k) {
  switch (k) {
    case PlaceKind::kContinent:
    case PlaceKind::kRegion:
    case PlaceKind::kCountry:
      return GeoPrecision::kCountry;
    case PlaceKind::kAdmin1:
      return GeoPrecision::kAdmin1;
    case PlaceKind::kAdmin2:
      return GeoPrecision::kAdmin2;
    default:
      return GeoPrecision::kPoint;
  }
}

struct Mention {
  uint32_t w_begin = 0, w_end = 0;  // word range
  uint32_t start = 0, end = 0;      // bytes of the mention (may grow with relative expressions)
  std::vector<NameMatch> cands;
  bool admin_hint = false;   // followed by "province", "district", ...
  bool city_hint = false;    // followed by "city"
  bool ner_loc = false;
  bool locative = false;     // preceded by a locative preposition
  int best = -1;             // index into cands
  double margin = 0;
  bool demonym = false;
  bool dropped = false;
  GeoPrecision precision_override = GeoPrecision::kPoint;
  bool has_override = false;
  std::optional<uint32_t> override_place;
};

double kind_prior(const GazetteerPlace& p) {
  switch (p.kind) {
    case PlaceKind::kContinent: return 8.5;
    case PlaceKind::kRegion: return 8.0;
    case PlaceKind::kCountry: return 8.0 + 0.3 * std::log10(static_cast<double>(p.population) + 1);
    case PlaceKind::kAdmin1: return 6.5;
    case PlaceKind::kAdmin2: return 3.5;
    case PlaceKind::kWater: return 6.0;
    case PlaceKind::kSite: return 1.0 + 0.6 * std::log10(static_cast<double>(p.population) + 1);
    case PlaceKind::kLocality: return 1.0 + 1.1 * std::log10(static_cast<double>(p.population) + 1);
  }
  return 0;
}

struct Context {
  std::unordered_map<std::string, double> countries;  // alpha-2 -> weight
  std::unordered_set<std::string> admin1;             // normalized admin-1 names mentioned
  std::vector<std::pair<double, double>> points;      // resolved specific places
  std::string top_country;
};

double score(const Gazetteer& g, const Mention& m, const NameMatch& c, const Context* ctx) {
  const GazetteerPlace p = g.place(c.place);
  double s = kind_prior(p);
  if (c.flags & kNamePrimary) s += 1.0;
  if (c.flags == kNameVariant) s -= 3.0;
  if (m.admin_hint) s += (p.kind == PlaceKind::kAdmin1 || p.kind == PlaceKind::kAdmin2) ? 5.0 : -2.0;
  if (m.city_hint && p.kind == PlaceKind::kLocality) s += 3.0;
  if (ctx && !p.country.empty()) {
    auto it = ctx->countries.find(std::string(p.country));
    if (it != ctx->countries.end()) {
      // A country named in the document outranks its towns that share the name ("Iraq", Arak).
      s += (c.flags & kNamePrimary) || p.kind == PlaceKind::kCountry ? 3.0 + std::min(2.0, it->second * 0.5) : 1.5;
      if (std::string(p.country) == ctx->top_country) s += 1.0;
    }
    if (!p.admin1.empty() && p.kind != PlaceKind::kAdmin1 && ctx->admin1.count(normalize_place_name(p.admin1)))
      s += 2.0;
    if (p.kind == PlaceKind::kLocality || p.kind == PlaceKind::kAdmin2 || p.kind == PlaceKind::kSite) {
      for (const auto& [lat, lon] : ctx->points)
        if (distance_km(lat, lon, p.lat, p.lon) < 250) {
          s += 1.5;
          break;
        }
    }
  }
  return s;
}

void resolve(const Gazetteer& g, Mention& m, const Context* ctx) {
  m.best = -1;
  double best = -1e9, second = -1e9;
  for (size_t i = 0; i < m.cands.size(); ++i) {
    const double s = score(g, m, m.cands[i], ctx);
    if (s > best) {
      second = best;
      best = s;
      m.best = static_cast<int>(i);
    } else if (s > second) {
      second = s;
    }
  }
  m.margin = best - second;
}

std::string_view between(std::string_view t, uint32_t a, uint32_t b) { return t.substr(a, b - a); }

// Only spaces (and nothing that breaks a name) between two words.
bool joinable(std::string_view gap) {
  if (gap.empty() || gap.size() > 2) return false;
  for (char c : gap)
    if (c != ' ') return false;
  return true;
}

}  // namespace

void resolve_places(const Gazetteer& g, const GeoOptions& options, Document& doc) {
  doc.places.clear();
  const std::string_view t = doc.text;
  std::vector<Word> words = scan_words(doc);
  const auto& stop = stop_words();
  std::vector<Mention> mentions;

  // --- 2. candidate spans
  for (uint32_t i = 0; i < words.size();) {
    const Word& w = words[i];
    if (!w.cap) {
      ++i;
      continue;
    }
    uint32_t limit = i + 1;
    while (limit < words.size() && limit < i + 6) {
      if (!joinable(between(t, words[limit - 1].end, words[limit].start))) break;
      const Word& nw = words[limit];
      if (!nw.cap && !is_connector(t.substr(nw.start, nw.end - nw.start))) break;
      ++limit;
    }
    Mention found;
    bool hit = false;
    for (uint32_t j = limit; j > i; --j) {
      if (!words[j - 1].cap) continue;
      const std::string_view span = between(t, w.start, words[j - 1].end);
      const std::string key = normalize_place_name(span);
      if (key.empty()) continue;
      if (j == i + 1 && stop.count(key)) break;
      if (stop.count(key)) continue;  // "The Police"
      // "Al Hishah": an Arabic article before a capitalised word is never a place by itself
      // (the gazetteer may know "Al" as a code or a stray alternate name).
      // Same for a settlement-type word before a name: "Colonia Santa Fe", "Barangay San Jose",
      // "Vila Kennedy", "Shakhta Trudovskaya".
      if (j == i + 1 && limit > i + 1 &&
          (is_arabic_article(t.substr(w.start, w.end - w.start)) || is_settlement_head(key)))
        break;
      auto cands = g.lookup_key(key, false);
      if (cands.empty()) continue;
      // Abbreviation-only matches need the look of one: dots or capitals ("U.S.", "UAE").
      bool only_abbr = true;
      for (const auto& c : cands) only_abbr = only_abbr && (c.flags & ~kNameAbbreviation) == 0;
      if (only_abbr && span.find('.') == std::string_view::npos && !words[i].all_caps) continue;
      if (only_abbr && span.size() <= 2 && span != "US" && span != "UK") continue;
      found.w_begin = i;
      found.w_end = j;
      found.cands = std::move(cands);
      hit = true;
      break;
    }
    if (!hit) {
      // One unknown capitalised word tagged LOC, or after a locative preposition: try the
      // transliteration skeleton ("Ein Issa" for "'Ayn 'Isa").
      const bool loc_prev = i > 0 && is_locative(t.substr(words[i - 1].start, words[i - 1].end - words[i - 1].start));
      if (w.ner == static_cast<int8_t>(EntityType::LOC) || (loc_prev && !w.sent_start)) {
        uint32_t j = i + 1;
        while (j < limit && words[j].cap) ++j;
        const std::string key = normalize_place_name(between(t, w.start, words[j - 1].end));
        if (key.size() >= 5 && !stop.count(key)) {
          auto cands = g.lookup_key(key, true);
          if (!cands.empty()) {
            found.w_begin = i;
            found.w_end = j;
            found.cands = std::move(cands);
            hit = true;
          }
        }
      }
    }
    if (!hit) {
      ++i;
      continue;
    }
    found.start = words[found.w_begin].start;
    found.end = words[found.w_end - 1].end;
    if (found.w_end < words.size() && joinable(between(t, found.end, words[found.w_end].start))) {
      const std::string_view next = t.substr(words[found.w_end].start, words[found.w_end].end - words[found.w_end].start);
      if (is_admin_suffix(next)) {
        if (lower_ascii(next) == "city") found.city_hint = true; else found.admin_hint = true;
        found.end = words[found.w_end].end;
        ++found.w_end;
      }
    }
    if (found.w_begin > 0) {
      const Word& pw = words[found.w_begin - 1];
      found.locative = is_locative(t.substr(pw.start, pw.end - pw.start));
    }
    for (uint32_t k = found.w_begin; k < found.w_end; ++k)
      if (words[k].ner == static_cast<int8_t>(EntityType::LOC)) found.ner_loc = true;
    i = found.w_end;
    mentions.push_back(std::move(found));
  }

  // --- 3. resolution, pass 1 (priors only) gives the document's countries.
  Context ctx;
  for (const ActorMention& a : doc.actors)
    if (!a.country.empty())
      if (auto c = g.country(a.country)) ctx.countries[std::string(g.place(*c).country)] += 0.5;
  for (auto& m : mentions) {
    resolve(g, m, nullptr);
    if (m.best < 0) continue;
    const NameMatch& c = m.cands[static_cast<size_t>(m.best)];
    const GazetteerPlace p = g.place(c.place);
    m.demonym = (c.flags & kNameDemonym) && !(c.flags & (kNamePrimary | kNameAlternate));
    if (p.country.empty()) continue;
    if (p.kind == PlaceKind::kCountry) ctx.countries[std::string(p.country)] += 1.0;
    else if (m.margin > 2.0 && p.kind != PlaceKind::kSite) ctx.countries[std::string(p.country)] += 0.5;
  }
  double top = 0;
  for (const auto& [cc, wgt] : ctx.countries)
    if (wgt > top) top = wgt, ctx.top_country = cc;

  // Pass 2 with context; then acceptance.
  for (auto& m : mentions) {
    resolve(g, m, &ctx);
    if (m.best < 0) {
      m.dropped = true;
      continue;
    }
    const NameMatch& c = m.cands[static_cast<size_t>(m.best)];
    const GazetteerPlace p = g.place(c.place);
    const Word& first = words[m.w_begin];
    const bool multiword = m.w_end - m.w_begin > 1;
    const int8_t ner = first.ner;
    if (ner == static_cast<int8_t>(EntityType::PER) && p.kind != PlaceKind::kCountry) {
      m.dropped = true;
      continue;
    }
    if (m.w_end < words.size() && joinable(between(t, m.end, words[m.w_end].start)) &&
        is_non_place_head(t.substr(words[m.w_end].start, words[m.w_end].end - words[m.w_end].start))) {
      m.dropped = true;  // "US dollar"
      continue;
    }
    if (m.ner_loc) continue;
    const bool coarse = p.kind == PlaceKind::kCountry || p.kind == PlaceKind::kContinent ||
                        p.kind == PlaceKind::kRegion || p.kind == PlaceKind::kAdmin1 || p.kind == PlaceKind::kWater;
    const bool in_doc_country = !p.country.empty() && ctx.countries.count(std::string(p.country));
    bool keep;
    if (coarse) {
      keep = !(first.sent_start && !multiword && p.kind == PlaceKind::kAdmin1 && !m.locative && !in_doc_country);
    } else if (p.population >= options.min_population_unsupported) {
      keep = true;
    } else if (m.locative && (p.population >= 1000 || in_doc_country || p.kind == PlaceKind::kAdmin2)) {
      keep = true;
    } else if (in_doc_country && (p.population >= 5000 || m.admin_hint || m.city_hint)) {
      keep = true;
    } else {
      keep = multiword && (m.locative || in_doc_country || p.population >= 20000);
    }
    if (ner == static_cast<int8_t>(EntityType::ORG) && !coarse && p.population < 100000) keep = false;
    // "Mike Pompeo", "Secretary Pompeo": a one-word town right after another capitalised word
    // (not itself part of a place) is a surname far more often than a place.
    if (!coarse && !multiword && p.population < options.min_population_unsupported && m.w_begin > 0) {
      const Word& pw = words[m.w_begin - 1];
      const std::string prev = normalize_place_name(t.substr(pw.start, pw.end - pw.start));
      const size_t mi = static_cast<size_t>(&m - mentions.data());
      const bool prev_is_place = mi > 0 && mentions[mi - 1].w_end == m.w_begin && !mentions[mi - 1].dropped;
      const std::string prev_word = lower_ascii(t.substr(pw.start, pw.end - pw.start));
      const bool title = prev_word == "president" || prev_word == "minister" || prev_word == "secretary" ||
                         prev_word == "mr" || prev_word == "gen" || prev_word == "general";
      if (pw.cap && !pw.all_caps && joinable(between(t, pw.end, first.start)) && !is_arabic_article(prev) &&
          !is_direction(prev) && !is_locative(prev_word) && (title || !stop.count(prev_word)) && !prev_is_place)
        keep = false;
    }
    if (c.flags == kNameVariant && !m.ner_loc && !in_doc_country &&
        !(m.admin_hint && (p.kind == PlaceKind::kAdmin1 || p.kind == PlaceKind::kAdmin2)))
      keep = false;
    m.dropped = !keep;
  }

  // Context for places found in this document: admin-1 names and specific points feed a last pass
  // so that "Taji" near "Baghdad" beats a Taji elsewhere.
  for (const auto& m : mentions) {
    if (m.dropped) continue;
    const GazetteerPlace p = g.place(m.cands[static_cast<size_t>(m.best)].place);
    if (p.kind == PlaceKind::kAdmin1) ctx.admin1.insert(normalize_place_name(p.name));
    if (p.kind == PlaceKind::kLocality && m.margin > 2.0) {
      ctx.points.emplace_back(p.lat, p.lon);
      if (!p.admin1.empty()) ctx.admin1.insert(normalize_place_name(p.admin1));
    }
  }
  for (auto& m : mentions)
    if (!m.dropped) resolve(g, m, &ctx);

  // --- 4. relative expressions.
  auto word_text = [&](uint32_t k) { return t.substr(words[k].start, words[k].end - words[k].start); };
  for (size_t mi = 0; mi < mentions.size(); ++mi) {
    Mention& m = mentions[mi];
    if (m.dropped) continue;
    const GazetteerPlace p = g.place(m.cands[static_cast<size_t>(m.best)].place);
    // "X's border with Y", "X's frontier with Y": the admin-1 of X nearest Y.
    if (p.kind == PlaceKind::kCountry && mi + 1 < mentions.size() && !mentions[mi + 1].dropped) {
      const std::string_view gap = between(t, m.end, mentions[mi + 1].start);
      const std::string g2 = lower_ascii(gap);
      if (g2 == "'s border with " || g2 == "\xe2\x80\x99s border with " || g2 == " border with " ||
          g2 == "'s frontier with " || g2 == "\xe2\x80\x99s frontier with " || g2 == "'s borders with " ||
          g2 == "\xe2\x80\x99s borders with ") {
        Mention& other = mentions[mi + 1];
        const GazetteerPlace q = g.place(other.cands[static_cast<size_t>(other.best)].place);
        const double mlat = (p.lat + q.lat) / 2, mlon = (p.lon + q.lon) / 2;
        double best_d = 1e18;
        std::optional<uint32_t> best;
        for (uint32_t a : g.admin1_of(p.country)) {
          const GazetteerPlace ap = g.place(a);
          const double d = distance_km(mlat, mlon, ap.lat, ap.lon);
          if (d < best_d) best_d = d, best = a;
        }
        m.end = other.end;
        other.dropped = true;
        if (best) {
          m.override_place = best;
          m.has_override = true;
          m.precision_override = GeoPrecision::kAdmin1;
        }
        continue;
      }
    }
    if (m.w_begin == 0) continue;
    // "near X", "outside X", "north of X", "30 km north of X", "the outskirts of X".
    uint32_t k = m.w_begin - 1;
    const std::string prev = lower_ascii(word_text(k));
    if ((prev == "near" || prev == "outside" || prev == "nearby") &&
        joinable(between(t, words[k].end, m.start))) {
      m.start = words[k].start;
    } else if (prev == "of" && k > 0 && is_direction(word_text(k - 1))) {
      uint32_t s = k - 1;
      // "30 km north of", "the outskirts of"
      if (s > 0) {
        const std::string u = lower_ascii(word_text(s - 1));
        if (u == "the") --s;
        else if ((u == "km" || u == "kilometres" || u == "kilometers" || u == "miles") && s > 1) s -= 2;
      }
      m.start = words[s].start;
    }
  }

  // --- output
  for (const auto& m : mentions) {
    if (m.dropped) continue;
    const NameMatch& c = m.cands[static_cast<size_t>(m.best)];
    const GazetteerPlace p = g.place(m.override_place ? *m.override_place : c.place);
    Place out;
    out.start = m.start;
    out.end = m.end;
    out.text = std::string(t.substr(m.start, m.end - m.start));
    out.name = std::string(p.name);
    out.geonames_id = p.geonames_id;
    out.lat = p.lat;
    out.lon = p.lon;
    out.country = std::string(p.country);
    out.admin1 = std::string(p.admin1);
    out.precision = m.has_override ? m.precision_override : precision_of(p.kind);
    out.demonym = m.demonym && !m.has_override;
    doc.places.push_back(std::move(out));
  }
}

namespace {

class GeoStage : public Stage {
 public:
  GeoStage(std::shared_ptr<const Gazetteer> g, GeoOptions o) : g_(std::move(g)), options_(std::move(o)) {}
  std::string_view name() const override { return "geo"; }
  Status run(Document& doc) const override {
    resolve_places(*g_, options_, doc);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const Gazetteer> g_;
  GeoOptions options_;
};

}  // namespace

Result<std::shared_ptr<const Stage>> make_geo_stage(const GeoOptions& options) {
  std::shared_ptr<const Gazetteer> g = options.gazetteer;
  if (!g) {
    auto loaded = Gazetteer::load(options.gazetteer_path.empty() ? default_gazetteer_path() : options.gazetteer_path);
    if (!loaded.ok()) return loaded.status();
    g = std::move(loaded).value();
  }
  GeoOptions o = options;
  o.gazetteer = nullptr;
  return std::shared_ptr<const Stage>(std::make_shared<GeoStage>(std::move(g), std::move(o)));
}

}  // namespace tacitus
