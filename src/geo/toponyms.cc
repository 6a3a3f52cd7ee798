// The "geo" stage: place mentions -> gazetteer places.
//
// 1. Scan the text into words (own scan over bytes, so the stage needs no tokenizer) and mark the
//    words NER tagged LOC, PER or ORG.
// 2. Match the longest capitalised word sequence (with lowercase connectors: "Bosnia and
//    Herzegovina" no, "Gulf of Aden" yes) against the gazetteer; keep the mention when the evidence
//    is strong enough (NER LOC, a big or coarse place, a locative preposition, a country the
//    document is about).
// 3. Link each mention to the mentions the text names as holding it ("Marinka, Donetsk", "Nakodar
//    (Punjab)") and favour candidate pairs that nest. Score each mention's candidates with
//    population and kind priors plus document context (countries named, actors' countries,
//    admin-1 regions named, nearby resolved places) in three passes: the first finds the countries
//    the document is about (a dominant one lifts its towns over namesakes abroad). A town whose
//    candidate does not lie in its named region gives way to the region, and a named region is the
//    town's admin-1.
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
      // Capitals joined by "&" are one abbreviation: "J&K" (Jammu and Kashmir).
      if (t[j] == '&' && j + 1 < t.size() && upper_at(t, j - 1) && upper_at(t, j + 1)) {
        j += 1;
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
    // Words are in text order: visit only those starting inside the entity.
    auto w = std::lower_bound(words.begin(), words.end(), b,
                              [](const Word& x, uint32_t offset) { return x.start < offset; });
    for (; w != words.end() && w->start < en; ++w)
      if (w->end <= en) w->ner = static_cast<int8_t>(e.type);
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
      "facebook", "google", "apple", "amazon", "daesh", "isis", "isil", "is", "hamas", "hezbollah",
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
      "loc", "molotov", "labor", "labour", "interior", "four", "five", "six", "seven", "eight", "nine", "ten",
      "hundred", "hundreds", "thousands", "bin", "ibn", "day", "banque", "township", "city hall", "mine",
      "mines"};
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
      "khutir", "kampo", "hacienda", "rancho", "vereda", "corregimiento", "caserio", "jardim", "bairro",
      "conjunto", "comunidade", "favela", "morro", "parque", "residencial", "cidade", "unidad"};
  return kHeads.count(std::string(key)) > 0;
}

// Generic words that open place names ("Jabal al Kirsh", "Tal Baydar", "Wadi al Washkah", "Bir
// Ahmed", "Paso Lagarto"): alone they are also names of some place, so a match on the head word
// of a longer unknown name is not the place meant.
bool is_generic_head(std::string_view key) {
  static const std::unordered_set<std::string> kHeads = {
      "jabal", "jebel", "djebel", "tal", "tall", "tell", "wadi", "oued", "bir", "ain", "ein", "ayn", "hammam",
      "madinat", "medinat", "qasr", "ksar", "deir", "dayr", "kafr", "khirbet", "khirbat", "ras", "jisr", "beit",
      "bayt", "bab", "sidi", "pir", "paso", "marsa", "sheikh", "shaykh", "umm", "abu", "bani", "beni", "hay",
      "hayy", "qaryat", "nahr", "tel", "mina", "minat", "ard", "arab", "bin", "kili", "dar", "gara", "koh"};
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
  // The matched name is only the head of a longer capitalised name the gazetteer does not know
  // ("Jabal" of "Jabal al Kirsh", "Tal" of "Tal Baydar").
  bool partial = false;
  // Followed by "neighborhood", "street", "road": a part of a town the text names elsewhere.
  bool subcity = false;
  // Mentions the text names as holding this one: "Marinka, Donetsk", "Tahab town (Pulwama
  // district, J&K)" (indices into the mention list, nearest first).
  std::vector<uint32_t> containers;
  std::vector<uint8_t> container_kinds;  // container_gap() of each: 1 comma, 2 parenthesis
  // Per candidate: how well it nests with a candidate of a container (or, for a container, of a
  // mention it holds); added to the candidate's score.
  std::vector<double> pair_bonus;
  // The first-level region a container names for this mention, when it is one.
  std::string named_admin1;
  // What this mention's own first-pass guess added to the document's countries: a guess must not
  // vote for itself ("Azov" read as Russia's Azov making the document Russian).
  std::string self_country;
  double self_weight = 0;
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

// More distinct nearby places than this add no evidence a document needs ("Taji" near "Baghdad").
constexpr size_t kMaxContextPoints = 256;

struct Context {
  std::unordered_map<std::string, double> countries;  // alpha-2 -> weight
  std::unordered_set<std::string> admin1;             // normalized admin-1 names mentioned
  // Resolved specific places, each once, at most kMaxContextPoints of them: every mention's
  // candidates are measured against all of them, so repeats would make long documents quadratic.
  std::vector<std::pair<double, double>> points;
  std::unordered_set<uint32_t> point_places;
  std::string top_country;
  // The country most of the document's evidence points to, when it clearly dominates: towns there
  // beat bigger namesakes abroad (news about one country rarely names it in every sentence).
  std::string dominant_country;
};

// "Mogadishu-Hodan", "Donetsk-Kirovskyi", "Zolote-5": a quarter or district written after its
// town with a hyphen. The towns the part before the hyphen names (5 letters or more, by their own
// or an alternate name), which stand for the quarter; none when that part is a demonym
// ("Asian-Pacific") or the part after it names a region, country or sea ("Syria-Iraq border") or
// a town of the same country far away (the "Mumbai-Agra highway" runs between two).
std::vector<NameMatch> town_before_hyphen(const Gazetteer& g, std::string_view word,
                                          const std::unordered_set<std::string>& stop) {
  const size_t h = word.find('-');
  if (h == std::string_view::npos || h < 5 || h + 1 >= word.size() ||
      !(upper_at(word, h + 1) || (word[h + 1] >= '0' && word[h + 1] <= '9')))
    return {};
  const std::string head = normalize_place_name(word.substr(0, h));
  if (stop.count(head)) return {};
  std::vector<NameMatch> towns;
  for (const NameMatch& c : g.lookup_key(head, false)) {
    if (c.flags & kNameDemonym) return {};
    if (g.place(c.place).kind == PlaceKind::kLocality && (c.flags & (kNamePrimary | kNameAlternate)))
      towns.push_back(c);
  }
  for (const NameMatch& c : g.lookup_key(normalize_place_name(word.substr(h + 1)), false)) {
    const GazetteerPlace tail = g.place(c.place);
    if (tail.kind == PlaceKind::kCountry || tail.kind == PlaceKind::kAdmin1 || tail.kind == PlaceKind::kRegion ||
        tail.kind == PlaceKind::kContinent || tail.kind == PlaceKind::kWater)
      return {};
    for (const NameMatch& town : towns) {
      const GazetteerPlace p = g.place(town.place);
      if (p.country == tail.country && distance_km(p.lat, p.lon, tail.lat, tail.lon) > 30) return {};
    }
  }
  return towns;
}

// Whether a candidate only spelled like the mention (a transliteration-skeleton match, which is
// loose: "Rajouri" meets a Romanised Spanish "Rojhariyo" for Rosario) lies in a country the document
// gives no evidence for while it gives evidence for another: then it is a namesake abroad of a place
// the gazetteer lacks or spells otherwise ("Budgam" is not Bargam, Afghanistan, in a note about
// India).
bool foreign_variant(const Mention& m, const NameMatch& c, const GazetteerPlace& p, const Context& ctx) {
  if (c.flags != kNameVariant || p.country.empty()) return false;
  bool elsewhere = false;
  for (const auto& [cc, w] : ctx.countries) {
    const double own = cc == m.self_country ? m.self_weight : 0.0;
    if (w - own <= 1e-9) continue;
    if (cc == p.country) return false;
    elsewhere = true;
  }
  return elsewhere;
}

double score(const Gazetteer& g, const Mention& m, size_t ci, const Context* ctx) {
  const NameMatch& c = m.cands[ci];
  const GazetteerPlace p = g.place(c.place);
  double s = kind_prior(p);
  if (ci < m.pair_bonus.size()) s += m.pair_bonus[ci];
  if (c.flags & kNamePrimary) s += 1.0;
  if (c.flags == kNameVariant) s -= 3.0;
  if (m.admin_hint) s += (p.kind == PlaceKind::kAdmin1 || p.kind == PlaceKind::kAdmin2) ? 5.0 : -2.0;
  if (m.city_hint && p.kind == PlaceKind::kLocality) s += 3.0;
  if (ctx && foreign_variant(m, c, p, *ctx)) s -= 10.0;
  if (ctx && !p.country.empty()) {
    auto it = ctx->countries.find(std::string(p.country));
    const double others = it == ctx->countries.end() ? 0.0
                          : it->second - (p.country == m.self_country ? m.self_weight : 0.0);
    if (others > 1e-9) {
      // A country named in the document outranks its towns that share the name ("Iraq", Arak).
      s += (c.flags & kNamePrimary) || p.kind == PlaceKind::kCountry ? 3.0 + std::min(2.0, others * 0.5) : 1.5;
      if (std::string(p.country) == ctx->top_country) s += 1.0;
      if (p.kind != PlaceKind::kCountry && p.country == ctx->dominant_country) s += 2.0;
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
    const double s = score(g, m, i, ctx);
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

// What the text between two place mentions says about the second holding the first: 1 for a comma
// ("Marinka, Donetsk"), 2 for an opening parenthesis ("Nakodar (Punjab)"), 3 for a level word and
// "in" ("Mansura city in Ar-Raqqa"), 0 for anything else. A level word may stand before a comma or
// parenthesis too: "Tahab town (Pulwama", "Hays district, Al Hudaydah".
int container_gap(std::string_view gap) {
  static const std::unordered_set<std::string> kLevel = {
      "town", "city", "village", "villages", "area", "district", "camp", "sector", "region", "county",
      "neighbourhood", "neighborhood", "lga", "municipality", "governorate", "province", "state",
      "countryside", "subdistrict", "township", "locality", "division", "department"};
  std::string g = lower_ascii(gap);
  // Drop up to two leading level words.
  for (int round = 0; round < 2; ++round) {
    if (g.empty() || g[0] != ' ') break;
    size_t e = 1;
    while (e < g.size() && g[e] >= 'a' && g[e] <= 'z') ++e;
    if (e == 1 || !kLevel.count(g.substr(1, e - 1))) break;
    g = g.substr(e);
  }
  if (g == ", ") return 1;
  if (g == " (" || g == "(") return 2;
  if (g.size() < gap.size() && (g == " in " || g == " in the ")) return 3;  // "Sharan town in Aleppo"
  return 0;
}

// How well candidate `c` nests inside candidate `d` of a container mention: 3 when d is the
// first-level region c's record names, or a district or town within 60 km of c; 2 when d is a
// district or town whose first-level region is c's; 1 when they merely share a country; 0 when
// they do not.
int nesting(const GazetteerPlace& c, const GazetteerPlace& d) {
  if (c.id == d.id || d.country.empty() || c.country != d.country) return 0;
  if (c.kind == PlaceKind::kCountry || c.kind == PlaceKind::kContinent || c.kind == PlaceKind::kRegion) return 0;
  switch (d.kind) {
    case PlaceKind::kCountry:
      return 1;
    case PlaceKind::kAdmin1:
      if (c.kind == PlaceKind::kAdmin1) return 0;
      if (same_admin1_name(c.admin1, d.name)) return 3;
      // d is a finer unit (a Philippine province) whose admin-1 is the division holding it: c in
      // that division shares d's first-level region.
      if (same_admin1_name(c.admin1, d.admin1)) return same_admin1_name(d.admin1, d.name) ? 3 : 2;
      return 1;
    case PlaceKind::kAdmin2:
    case PlaceKind::kLocality:
      if (c.kind == PlaceKind::kAdmin1) return 0;
      if (distance_km(c.lat, c.lon, d.lat, d.lon) < 60) return 3;
      return same_admin1_name(c.admin1, d.admin1) ? 2 : 1;
    default:
      return 0;
  }
}

double nesting_bonus(int level) {
  static constexpr double kBonus[] = {0.0, 1.5, 3.0, 5.0};
  return kBonus[level];
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
    uint32_t skip_to = 0;
    for (uint32_t j = limit; j > i; --j) {
      if (!words[j - 1].cap) continue;
      const std::string_view span = between(t, w.start, words[j - 1].end);
      const std::string key = normalize_place_name(span);
      if (key.empty()) continue;
      if (j == i + 1 && stop.count(key)) break;
      if (stop.count(key)) continue;  // "The Police"
      // A lone letter ("D(r)own") or Arabic article ("Al shabaab") is never a place.
      if (j == i + 1 && (key.size() < 2 || is_arabic_article(t.substr(w.start, w.end - w.start)))) break;
      // "Al Hishah": an Arabic article before a capitalised word is never a place by itself
      // (the gazetteer may know "Al" as a code or a stray alternate name).
      // Same for a settlement-type word before a name: "Colonia Santa Fe", "Barangay San Jose",
      // "Vila Kennedy", "Shakhta Trudovskaya".
      if (j == i + 1 && limit > i + 1 &&
          (is_arabic_article(t.substr(w.start, w.end - w.start)) || is_settlement_head(key))) {
        // The whole neighbourhood name goes: "Kennedy" of "Vila Kennedy" is no place either.
        if (is_settlement_head(key)) skip_to = limit;
        break;
      }
      auto cands = g.lookup_key(key, false);
      if (cands.empty()) continue;
      // Abbreviation-only matches need the look of one: dots or capitals ("U.S.", "UAE").
      bool only_abbr = true;
      for (const auto& c : cands) only_abbr = only_abbr && (c.flags & ~kNameAbbreviation) == 0;
      if (only_abbr && span.find('.') == std::string_view::npos && !words[i].all_caps) continue;
      if (only_abbr && span.size() <= 2 && span != "US" && span != "UK") continue;
      // A short word in capitals that abbreviates a place means that place, not a small town
      // spelled alike: "EU" is Europe, not Eu in Normandy.
      if (j == i + 1 && words[i].all_caps && span.size() <= 3 && !only_abbr &&
          std::any_of(cands.begin(), cands.end(), [](const NameMatch& c) { return c.flags & kNameAbbreviation; }))
        std::erase_if(cands, [](const NameMatch& c) { return !(c.flags & kNameAbbreviation); });
      found.w_begin = i;
      found.w_end = j;
      found.cands = std::move(cands);
      hit = true;
      break;
    }
    if (!hit) {
      std::vector<NameMatch> towns = town_before_hyphen(g, t.substr(w.start, w.end - w.start), stop);
      if (!towns.empty()) {
        found.w_begin = i;
        found.w_end = i + 1;
        found.cands = std::move(towns);
        found.subcity = true;
        hit = true;
      }
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
      i = std::max(i + 1, skip_to);
      continue;
    }
    found.start = words[found.w_begin].start;
    found.end = words[found.w_end - 1].end;
    if (found.w_end < words.size() && joinable(between(t, found.end, words[found.w_end].start))) {
      const std::string_view next = t.substr(words[found.w_end].start, words[found.w_end].end - words[found.w_end].start);
      // The name goes on with capitalised words the gazetteer did not take ("Tal Baydar", "Madinat
      // al Salah"): the match is only its head. A facility or organisation word after a place
      // ("Taji Airbase", "Basra Police") is not part of its name.
      const std::string next_key = normalize_place_name(next);
      const std::string next_lower = lower_ascii(next);
      if (words[found.w_end].cap && found.w_end == found.w_begin + 1 &&
          is_generic_head(normalize_place_name(between(t, found.start, found.end))) && !is_admin_suffix(next) &&
          !stop.count(next_key) && !stop.count(next_lower)) {
        found.partial = true;
      } else if (words[found.w_end].cap && !is_admin_suffix(next) && !stop.count(next_key) && !stop.count(next_lower)) {
        // "Dima Hasao district", "Bhagwanpur Sadar area": the capitalised run ends in a level word,
        // so all of it is one place name the gazetteer does not know.
        uint32_t k = found.w_end;
        bool plain = true;  // no level, title or organisation word inside the run
        while (k < words.size() && words[k].cap && joinable(between(t, words[k - 1].end, words[k].start))) {
          const std::string_view wk = t.substr(words[k].start, words[k].end - words[k].start);
          plain = plain && !is_admin_suffix(wk) && !stop.count(lower_ascii(wk)) && !stop.count(normalize_place_name(wk));
          ++k;
        }
        if (plain && k <= found.w_end + 2 && k < words.size() && !words[k].cap &&
            joinable(between(t, words[k - 1].end, words[k].start))) {
          const std::string after = lower_ascii(t.substr(words[k].start, words[k].end - words[k].start));
          if (is_admin_suffix(after) || after == "village" || after == "town" || after == "area" ||
              after == "camp" || after == "block" || after == "tehsil" || after == "taluka")
            found.partial = true;
        }
      } else if (!words[found.w_end].cap && is_connector(next) && next_lower != "and" && next_lower != "of" &&
                 next_lower != "on" && next_lower != "upon" && found.w_end + 1 < words.size() &&
                 words[found.w_end + 1].cap &&
                 joinable(between(t, words[found.w_end].end, words[found.w_end + 1].start))) {
        found.partial = true;
      }
      if (next_lower == "neighborhood" || next_lower == "neighbourhood" || next_lower == "street" ||
          next_lower == "road" || next_lower == "complex")
        found.subcity = true;
    }
    // "Colonia Bella Vista", "Barangay San Jose" matched whole: a neighbourhood of some town.
    if (found.w_end > found.w_begin + 1 &&
        is_settlement_head(normalize_place_name(t.substr(words[found.w_begin].start,
                                                         words[found.w_begin].end - words[found.w_begin].start))))
      found.subcity = true;
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
      // "Bir at Tutah", "Tall al Ahmar": an article joins the match to a capitalised word before it,
      // so the name begins earlier than the match.
      if (found.w_begin > 1 && is_arabic_article(t.substr(pw.start, pw.end - pw.start)) && !pw.cap &&
          words[found.w_begin - 2].cap && !words[found.w_begin - 2].sent_start &&
          joinable(between(t, pw.end, found.start)) &&
          joinable(between(t, words[found.w_begin - 2].end, pw.start)))
        found.partial = true;
    }
    for (uint32_t k = found.w_begin; k < found.w_end; ++k)
      if (words[k].ner == static_cast<int8_t>(EntityType::LOC)) found.ner_loc = true;
    i = found.w_end;
    mentions.push_back(std::move(found));
  }

  // Containers: "Marinka, Donetsk", "Kasumbalesa (Sakania, Haut-Katanga)". Inside parentheses a
  // comma list names ever larger regions, each holding the mention before the parenthesis and the
  // ones between.
  auto acronym = [&](const Mention& m) {  // "(FUTO)", "(SWA)": the name before it, abbreviated
    return m.w_end == m.w_begin + 1 && words[m.w_begin].all_caps && m.end - m.start >= 3;
  };
  for (uint32_t a = 0; a + 1 < mentions.size(); ++a) {
    int kind = container_gap(between(t, mentions[a].end, mentions[a + 1].start));
    if (!kind || (kind == 2 && acronym(mentions[a + 1]))) continue;
    mentions[a].containers.push_back(a + 1);
    mentions[a].container_kinds.push_back(static_cast<uint8_t>(kind));
    for (uint32_t b = a + 1; b + 1 < mentions.size(); ++b) {
      if (container_gap(between(t, mentions[b].end, mentions[b + 1].start)) != 1) break;
      mentions[a].containers.push_back(b + 1);
      mentions[a].container_kinds.push_back(static_cast<uint8_t>(kind));
      if (kind != 2) break;  // outside parentheses, "A, B, C" is as often a list as a hierarchy
    }
  }
  // Joint coherence: a candidate that nests in a candidate of its container (a town in the named
  // province, near the named district's seat) and that container candidate both gain.
  constexpr size_t kMaxPairCands = 400;
  for (auto& m : mentions) m.pair_bonus.assign(m.cands.size(), 0.0);
  // A container is more often a region than a town of the same name ("Marinka, Donetsk").
  // After a comma only a region or district counts as a container: "Paris, London" is a list of
  // towns (whose namesakes in one US state would otherwise nest), "Sujawal city (Sujawal" is not.
  for (auto& m : mentions) {
    for (size_t ci = 0; ci < m.containers.size(); ++ci) {
      Mention& outer = mentions[m.containers[ci]];
      const bool comma = m.container_kinds[ci] != 2;
      std::vector<double> role(outer.cands.size(), comma ? 0.0 : 0.5);
      for (size_t j = 0; j < outer.cands.size(); ++j) {
        const PlaceKind k = g.place(outer.cands[j].place).kind;
        if (k == PlaceKind::kAdmin1 || k == PlaceKind::kCountry) {
          role[j] = 1.0;
          outer.pair_bonus[j] = std::max(outer.pair_bonus[j], 1.5);
        } else if (k == PlaceKind::kAdmin2) {
          role[j] = 0.9;
        }
      }
      for (size_t i = 0; i < m.cands.size() && i < kMaxPairCands; ++i) {
        const GazetteerPlace c = g.place(m.cands[i].place);
        for (size_t j = 0; j < outer.cands.size() && j < kMaxPairCands; ++j) {
          if (role[j] == 0.0) continue;
          const int level = nesting(c, g.place(outer.cands[j].place));
          if (!level) continue;
          m.pair_bonus[i] = std::max(m.pair_bonus[i], nesting_bonus(level));
          outer.pair_bonus[j] = std::max(outer.pair_bonus[j], nesting_bonus(level) * role[j]);
        }
      }
    }
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
    // A name the recogniser calls a person is no place (pass 2 drops it); where it is a small
    // town's name too it says nothing of the document's country ("Brian" is a village in Italy).
    // A region or city so tagged still does ("Taizz" in a note the recogniser misread).
    if (words[m.w_begin].ner == static_cast<int8_t>(EntityType::PER) &&
        (p.kind == PlaceKind::kLocality || p.kind == PlaceKind::kSite) && p.population < 100000)
      continue;
    double w = 0;
    if (p.kind == PlaceKind::kCountry) w = 1.0;
    else if (m.pair_bonus[static_cast<size_t>(m.best)] >= nesting_bonus(2)) w = 1.0;
    else if (m.admin_hint && (p.kind == PlaceKind::kAdmin1 || p.kind == PlaceKind::kAdmin2)) w = 1.0;
    else if (m.margin > 2.0 && p.kind != PlaceKind::kSite) w = 0.5;
    if (w == 0) continue;
    ctx.countries[std::string(p.country)] += w;
    // A country named outright is evidence for its other mentions and for itself.
    if (p.kind != PlaceKind::kCountry) m.self_country = std::string(p.country), m.self_weight = w;
  }
  double top = 0, total = 0;
  for (const auto& [cc, wgt] : ctx.countries) {
    total += wgt;
    if (wgt > top) top = wgt, ctx.top_country = cc;
  }
  if (top >= 1.0 && top >= 0.6 * total) ctx.dominant_country = ctx.top_country;

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
    if (foreign_variant(m, c, p, ctx)) {
      m.dropped = true;
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
    // A loose spelling match abroad when the document is clearly about another country is a
    // village the gazetteer lacks ("Luhei" is not Lahore in a note about Romania).
    if (c.flags == kNameVariant && !coarse && !ctx.dominant_country.empty() && p.country != ctx.dominant_country)
      keep = false;
    // The head of a longer unknown name: only a big place by its own name survives ("Mosul Dam").
    if (m.partial && !coarse && (p.population < 100000 || !(c.flags & kNamePrimary))) keep = false;
    if (m.subcity && !coarse && !in_doc_country && p.population < 100000) keep = false;
    m.dropped = !keep;
  }
  // A town the text puts in a region or country (its container) but whose chosen candidate lies in
  // another country, or far from the named region, is a namesake the gazetteer knows, not the town
  // meant ("Sosnovskoye, Donetsk" when only Russia's Sosnovskoye is known): the container stands
  // for it.
  for (auto& m : mentions) {
    if (m.dropped || m.best < 0) continue;
    const GazetteerPlace p = g.place(m.cands[static_cast<size_t>(m.best)].place);
    if (p.kind == PlaceKind::kCountry || p.kind == PlaceKind::kContinent || p.kind == PlaceKind::kRegion ||
        p.kind == PlaceKind::kAdmin1 || p.kind == PlaceKind::kWater)
      continue;
    for (size_t ci = 0; ci < m.containers.size(); ++ci) {
      const Mention& outer = mentions[m.containers[ci]];
      if (outer.dropped || outer.best < 0) continue;
      // A big town only gives way to what the text explicitly puts it in ("Mansura city in
      // Ar-Raqqa"): after a comma, "Paris, London" may be a list.
      if (p.population >= 100000 && m.container_kinds[ci] == 1) continue;
      const GazetteerPlace q = g.place(outer.cands[static_cast<size_t>(outer.best)].place);
      // "As Sabaa (Tripoli)": in parentheses any place contains, unless it is an acronym of the
      // name before it ("South Waziristan Agency (SWA)").
      const bool in_parens = m.container_kinds[ci] == 2 && !words[outer.w_begin].all_caps;
      if ((in_parens || q.kind == PlaceKind::kCountry || q.kind == PlaceKind::kAdmin1 || q.kind == PlaceKind::kAdmin2) &&
          !q.country.empty() && q.country != p.country) {
        m.dropped = true;
        break;
      }
      // Same for a namesake in the right country but far from the named region ("Kamyanka,
      // Donetsk" when only Cherkasy's Kamyanka is known).
      if (q.kind == PlaceKind::kAdmin1 && q.country == p.country && nesting(p, q) < 3 &&
          distance_km(p.lat, p.lon, q.lat, q.lon) > 150) {
        m.dropped = true;
        break;
      }
    }
  }

  // A small town abroad in a document whose named first-level regions all lie in its dominant
  // country ("Sinjar area west of As-Saan in Hama countryside": Iraq's Sinjar is not meant).
  {
    bool regions = false, all_home = !ctx.dominant_country.empty();
    for (const auto& m : mentions) {
      if (m.dropped || m.best < 0) continue;
      const GazetteerPlace q = g.place(m.cands[static_cast<size_t>(m.best)].place);
      if (q.kind != PlaceKind::kAdmin1) continue;
      regions = true;
      all_home = all_home && q.country == ctx.dominant_country;
    }
    if (regions && all_home)
      for (auto& m : mentions) {
        if (m.dropped || m.best < 0 || m.ner_loc) continue;
        const GazetteerPlace p = g.place(m.cands[static_cast<size_t>(m.best)].place);
        if ((p.kind == PlaceKind::kLocality || p.kind == PlaceKind::kSite || p.kind == PlaceKind::kAdmin2) &&
            p.population < 100000 && !p.country.empty() && p.country != ctx.dominant_country) {
          // Only when nothing else in the document speaks for the town's country.
          auto it = ctx.countries.find(std::string(p.country));
          const double others = it == ctx.countries.end() ? 0.0
                                : it->second - (p.country == m.self_country ? m.self_weight : 0.0);
          if (others <= 1e-9) m.dropped = true;
        }
      }
  }

  // Context for places found in this document: admin-1 names and specific points feed a last pass
  // so that "Taji" near "Baghdad" beats a Taji elsewhere.
  for (const auto& m : mentions) {
    if (m.dropped) continue;
    const GazetteerPlace p = g.place(m.cands[static_cast<size_t>(m.best)].place);
    if (p.kind == PlaceKind::kAdmin1) ctx.admin1.insert(normalize_place_name(p.name));
    if (p.kind == PlaceKind::kLocality && m.margin > 2.0) {
      if (ctx.points.size() < kMaxContextPoints && ctx.point_places.insert(p.id).second)
        ctx.points.emplace_back(p.lat, p.lon);
      if (!p.admin1.empty()) ctx.admin1.insert(normalize_place_name(p.admin1));
    }
  }
  for (auto& m : mentions)
    if (!m.dropped) resolve(g, m, &ctx);
  // A first-level region the text names as holding a place is its admin-1, whatever the
  // gazetteer's record says (records of villages often carry a guessed region).
  for (auto& m : mentions) {
    if (m.dropped || m.best < 0) continue;
    const GazetteerPlace p = g.place(m.cands[static_cast<size_t>(m.best)].place);
    if (p.kind != PlaceKind::kLocality && p.kind != PlaceKind::kAdmin2 && p.kind != PlaceKind::kSite) continue;
    for (uint32_t b : m.containers) {
      const Mention& outer = mentions[b];
      if (outer.dropped || outer.best < 0) continue;
      const GazetteerPlace q = g.place(outer.cands[static_cast<size_t>(outer.best)].place);
      if (q.kind == PlaceKind::kAdmin1 && q.country == p.country && distance_km(p.lat, p.lon, q.lat, q.lon) < 400) {
        // A finer unit (a Philippine province) gives the first-level division holding it.
        m.named_admin1 = std::string(q.admin1.empty() ? q.name : q.admin1);
        break;
      }
    }
  }

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
    out.admin1 = !m.named_admin1.empty() && !m.override_place ? m.named_admin1 : std::string(p.admin1);
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
