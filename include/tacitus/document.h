// The Document: one article and every annotation the pipeline adds to it, held in flat arrays.
//
// Stages read what earlier stages wrote and append their own layer; none calls back up the chain:
//   text     -> tokens, sentences
//   syntax   -> Token::upos/xpos/lemma/head/deprel
//   ner      -> entities
//   actors   -> actors
//   geo      -> places
//   events   -> events (with dates, locations, counts, attribution)
// Offsets are UTF-8 byte offsets into `text`, end exclusive. Token/sentence/entity indices are
// positions in the arrays below. A Document is not thread-safe; the pipeline gives each one to a
// single thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tacitus {

// Universal POS tags (UD v2), in a fixed order; kUnknown before tagging.
enum class Upos : uint8_t {
  kUnknown = 0, ADJ, ADP, ADV, AUX, CCONJ, DET, INTJ, NOUN, NUM, PART, PRON, PROPN, PUNCT, SCONJ,
  SYM, VERB, X,
};
constexpr int kNumUpos = 18;
std::string_view upos_name(Upos u);        // "NOUN"; "_" for kUnknown
Upos upos_from_name(std::string_view name);  // kUnknown when not a UD tag

// Interned strings (lemmas, XPOS tags, relation labels) owned by a Document. Id 0 is "".
class StringPool {
 public:
  StringPool();
  uint32_t intern(std::string_view s);
  std::string_view get(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }

 private:
  std::vector<std::string> strings_;
  std::unordered_map<std::string, uint32_t> ids_;
};

struct Token {
  uint32_t start = 0;        // byte offset of the first byte
  uint32_t end = 0;          // byte offset past the last byte
  uint32_t lemma = 0;        // StringPool id; 0 until the tagger runs
  uint32_t xpos = 0;         // StringPool id of the Penn tag; 0 until tagged
  uint32_t deprel = 0;       // StringPool id of the UD relation; 0 until parsed
  int32_t head = -1;         // document-wide token index of the syntactic head; -1 = root/unparsed
  Upos upos = Upos::kUnknown;
  bool space_after = true;   // whitespace follows in the text
};

struct Sentence {
  uint32_t begin = 0;  // first token index
  uint32_t end = 0;    // one past the last token index
  uint32_t start = 0;  // byte offset of the first token
  uint32_t stop = 0;   // byte offset past the last token
};

// A byte range with its text, as events and places report it.
struct TextSpan {
  std::string text;
  uint32_t start = 0;
  uint32_t end = 0;
};

enum class EntityType : uint8_t { PER, ORG, LOC };
std::string_view entity_type_name(EntityType t);  // "PER", "ORG", "LOC"

struct Entity {
  uint32_t begin = 0, end = 0;  // token range
  EntityType type = EntityType::ORG;
  float score = 1.0f;
};

// An actor mention coded with the CAMEO actor-code convention (EVENT_SCHEMA.md).
struct ActorMention {
  uint32_t begin = 0, end = 0;       // token range
  std::string code;                  // "USAMIL", "IGOUNO", "IRQ"; empty when uncodable
  std::string country;               // ISO alpha-3, empty when none
  std::vector<std::string> sectors;  // role codes: "MIL", "GOV", ...
  std::string name;                  // canonical name from the dictionary, when known
};

enum class GeoPrecision : uint8_t { kPoint, kAdmin2, kAdmin1, kCountry };
std::string_view geo_precision_name(GeoPrecision p);  // "point", "admin2", "admin1", "country"

// A resolved toponym (or a place an event is located at).
struct Place {
  uint32_t start = 0, end = 0;  // bytes of the mention in the text
  std::string text;             // as written ("Iraq's border with Syria")
  std::string name;             // gazetteer name ("Al Anbar")
  int64_t geonames_id = 0;      // 0 when the gazetteer entry has none
  double lat = 0, lon = 0;
  std::string country;          // ISO alpha-2
  std::string admin1;
  GeoPrecision precision = GeoPrecision::kPoint;
  bool demonym = false;         // "Iraqi": names the place's people, so events are not put there
};

enum class Modality : uint8_t {
  kAsserted, kDenied, kIntended, kThreatened, kDemanded, kHypothetical, kReported,
};
std::string_view modality_name(Modality m);

struct EventActor {
  TextSpan span;
  std::string code;  // empty = null in output
  std::string country;
  std::vector<std::string> sectors;
};

struct Event {
  uint32_t sentence_index = 0;
  TextSpan trigger;
  std::string cameo;       // most specific CAMEO code, e.g. "195"
  std::string cameo_root;  // two digits, "19"
  double goldstein = 0;
  int quad_class = 0;      // 1..4
  std::string plover_event;  // one of the 16 PLOVER types
  std::string plover_mode;   // may be empty
  std::vector<std::string> plover_context;
  std::string acled_event_type;      // empty when not an ACLED kind of event
  std::string acled_sub_event_type;
  std::optional<EventActor> source, target;
  std::optional<std::string> date;   // ISO date, or YYYY-MM, or YYYY (see date_precision)
  std::string date_text;
  std::string date_precision;        // "day", "week", "month", "year"; empty when date is null
  std::optional<Place> location;
  std::optional<int> fatalities, injuries;
  bool negated = false;
  Modality modality = Modality::kAsserted;
  std::optional<TextSpan> attribution;
  double tone = 0;
  double confidence = 0;
};

// One article. Metadata fields come from the input (EVENT_SCHEMA.md); annotations from stages.
class Document {
 public:
  std::string id;
  std::string text;                 // UTF-8, after extraction
  std::optional<std::string> date;  // publication date, ISO "YYYY-MM-DD" (time part dropped)
  std::string source, url, title;

  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<Entity> entities;
  std::vector<ActorMention> actors;
  std::vector<Place> places;
  std::vector<Event> events;
  StringPool strings;

  std::string_view token_text(size_t i) const {
    const Token& t = tokens[i];
    return std::string_view(text).substr(t.start, t.end - t.start);
  }
  std::string_view lemma(size_t i) const { return strings.get(tokens[i].lemma); }
  std::string_view xpos(size_t i) const { return strings.get(tokens[i].xpos); }
  std::string_view deprel(size_t i) const { return strings.get(tokens[i].deprel); }
  // Text covered by tokens [begin, end), including the spaces between them.
  std::string_view span_text(uint32_t begin, uint32_t end) const;
  // Index of the sentence holding token i (binary search); sentences must cover the token.
  uint32_t sentence_of(uint32_t token) const;
};

}  // namespace tacitus
