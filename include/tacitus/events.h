// The event coder: finds event triggers in sentences (a compiled lexicon of verbs, event nouns and
// multiword phrases, plus optional PETRARCH verb dictionaries), attaches source and target actors
// from doc.actors, and adds modality, negation, attribution, dates, casualty counts, tone and a
// confidence. Works on tokens alone; uses lemmas, POS tags and the dependency parse when an earlier
// stage filled them. Design and coding decisions: docs/coder.md. Lexicon format:
// data/lexicon/README.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/ontology.h"
#include "tacitus/pipeline.h"
#include "tacitus/status.h"

namespace tacitus {

// How a trigger's arguments are found: around a verb (subject / object), or around an event noun
// ("US airstrikes on PMU sites", "the assassination of X", "X's attack").
enum class TriggerKind : uint8_t { kVerb, kNoun };

// Bit flags that change how a trigger combines with its neighbours (see data/lexicon/README.md).
enum TriggerFlag : uint32_t {
  kFlagNone = 0,
  kFlagFatal = 1u << 0,           // kill-type word: its count is a fatality count
  kFlagInjury = 1u << 1,          // wound-type word: its count is an injury count
  kFlagConsequence = 1u << 2,     // "killed", "targeted", "hit": folds into a violent event nearby
  kFlagControl = 1u << 3,         // takes a to-infinitive whose event it absorbs ("refused to leave")
  kFlagComplementOnly = 1u << 4,  // only an event as the complement of a control verb ("leave")
  kFlagIntends = 1u << 5,         // control verb that is no event itself: "vowed to", "plans to"
  kFlagNeedsArgument = 1u << 6,   // an event only with an actor, a light verb or a host ("rockets")
};

struct TriggerEntry {
  std::vector<std::string> words;  // lower-cased surface words; "*" is a gap of 1..4 tokens
  std::string cameo;               // "195"
  std::string plover_mode;         // hint, e.g. "aerial"; empty when none
  TriggerKind kind = TriggerKind::kVerb;
  uint32_t flags = kFlagNone;
  Modality modality = Modality::kAsserted;  // for kFlagIntends verbs: the complement's modality
  // PETRARCH patterns: words that must occur before / after the trigger in the same sentence.
  std::vector<std::string> before, after;
  std::string origin;  // "lexicon:LINE" or "petrarch:FILE:LINE", for debugging and docs
};

// A trigger found in a document: tokens [begin, end) and the entry it matched. `head` is the token
// that carries the event (the verb or the noun), used for argument finding and the parse.
struct TriggerMatch {
  uint32_t begin = 0, end = 0;
  uint32_t head = 0;
  const TriggerEntry* entry = nullptr;
};

// An immutable trie over lower-cased token forms, compiled once from TSV entries and PETRARCH verb
// dictionaries, then shared read-only by all threads.
class TriggerLexicon {
 public:
  TriggerLexicon();
  ~TriggerLexicon();
  TriggerLexicon(TriggerLexicon&&) noexcept;
  TriggerLexicon& operator=(TriggerLexicon&&) noexcept;

  // Adds the entries of a trigger TSV (data/lexicon/triggers.tsv format). Verb entries are expanded
  // to their inflections (regular suffix rules plus `irregular`, lemma -> forms). Errors name the
  // file and line.
  Status add_tsv(const std::string& path,
                 const std::unordered_map<std::string, std::vector<std::string>>& irregular);
  // Same, from text already in memory (`name` appears in error messages).
  Status add_tsv_text(std::string_view text, const std::string& name,
                      const std::unordered_map<std::string, std::vector<std::string>>& irregular);

  // Adds the verb patterns of a PETRARCH-format verb dictionary (CAMEO.2.0.txt,
  // PETR.Validate.verbs.txt): each verb block's forms code to the block's default code, and each
  // `- words * words [code]` pattern to its code when its words occur before / after the verb.
  // Synsets (&NAME) expand to their members. Blocks whose default is [---] code only through
  // their patterns. Returns the number of patterns read via *patterns when non-null.
  Status add_petrarch_verbs(const std::string& path, size_t* patterns = nullptr);
  Status add_petrarch_verbs_text(std::string_view text, const std::string& name,
                                 size_t* patterns = nullptr);

  // All non-overlapping triggers in tokens [begin, end) of `doc` (normally one sentence), left to
  // right. At each position the longest match wins; among entries of one phrase, PETRARCH patterns
  // whose context words are present beat the default, and the kind (verb or noun) is chosen from
  // the POS tag when tagged, else from the neighbouring words.
  // `forms` holds the normalised form of every token of `doc` (normalize_word of its text, as
  // the event coder keeps them), so that matching sentence after sentence normalises each token
  // once. The overload without it normalises the whole document on every call.
  std::vector<TriggerMatch> match(const Document& doc, const std::vector<std::string>& forms,
                                  uint32_t begin, uint32_t end) const;
  std::vector<TriggerMatch> match(const Document& doc, uint32_t begin, uint32_t end) const;

  size_t size() const;  // number of entries
  const TriggerEntry& entry(size_t i) const;  // i < size()

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a two-column TSV "lemma<TAB>form form ..." of irregular verb forms.
Result<std::unordered_map<std::string, std::vector<std::string>>> load_irregular_verbs(
    const std::string& path);

// The value of a number written in words or digits, starting at token `i` of `doc`: "12", "1,200",
// "two", "twenty-one", "a dozen", "hundreds" (conventions in docs/coder.md). Sets *consumed to the
// number of tokens read. nullopt when token i does not start a number.
std::optional<int> parse_count(const Document& doc, uint32_t i, uint32_t end, uint32_t* consumed);

struct EventCoderOptions {
  std::string data_dir;  // holds lexicon/ and ontology/; empty = resource_path("data")
  bool use_own_lexicon = true;
  std::vector<std::string> petrarch_verb_paths;  // loaded after (on top of) our lexicon
};

// The coder: immutable after construction, run() is thread-safe across documents.
class EventCoder {
 public:
  // Loads the lexicons, cue lists, tone lexicon and the ontology named by `options`.
  static Result<std::shared_ptr<const EventCoder>> create(const EventCoderOptions& options);

  // Replaces doc.events with the events coded from doc's tokens, sentences and actors. Needs
  // tokens and sentences (an empty document yields no events); doc.date, when a valid ISO date,
  // anchors relative dates. Returns an error only when the ontology rejects a lexicon code.
  Status code(Document& doc) const;

  // The loaded trigger lexicon (for tests and `tacitus eval petrarch`).
  const TriggerLexicon& lexicon() const;

  // GDELT-style tone of tokens [begin, end): (positive - negative) / words * 100.
  double tone(const Document& doc, uint32_t begin, uint32_t end) const;

  EventCoder();
  ~EventCoder();

  struct Impl;  // opaque; defined in src/events/coder.cc

 private:
  std::unique_ptr<Impl> impl_;
};

// The "events" pipeline stage over EventCoder.
Result<std::shared_ptr<const Stage>> make_event_stage(const EventCoderOptions& options);

}  // namespace tacitus
