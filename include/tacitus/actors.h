// The actors stage: codes the people and groups a document names with the CAMEO actor-code
// convention (EVENT_SCHEMA.md): "the US military" -> USAMIL, "Iraqi Parliament" -> IRQLEG,
// "State Department spokeswoman Morgan Ortagus" -> USAGOV, "Daesh" -> IMGMUSISI.
//
// Knowledge comes from data/actors/*.tsv (countries, organisations, roles, people; formats in
// docs/dictionaries.md) and, optionally, PETRARCH-format actor and agent dictionaries loaded on top.
// Everything is compiled once into an immutable ActorDictionary (a trie over lower-cased token
// sequences) that many threads share.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/pipeline.h"
#include "tacitus/status.h"

namespace tacitus {

// What a dictionary form denotes. Coding combines consecutive forms into one mention
// (country + role, organisation + role, title + person name, ...).
enum class ActorKind : uint8_t {
  kCountry,       // "Iraq", "U.S.": the state as a whole -> "IRQ"
  kDemonym,       // "Iraqi", "American": modifies a following role ("Iraqi Parliament" -> IRQLEG)
  kPeople,        // "Iraqis", "Americans": the population -> "IRQ"
  kCapital,       // "Washington", "Tehran": metonym for the government -> "USAGOV" (not after "in")
  kOrganisation,  // a named group with a fixed code: "NATO" -> IGOWSTNAT, "Hezbollah" -> LBNREB
  kPerson,        // a named person with a fixed code: "Qasem Soleimani" -> IRNMIL
  kRole,          // a role word: "troops" -> MIL, "officials" -> GOV, "protesters" -> CVL
};

// One coding of a dictionary form. `code` is the full CAMEO actor code (for roles: the sector).
struct ActorCoding {
  ActorKind kind = ActorKind::kOrganisation;
  std::string code;                  // "USAGOV"; for kRole the sector ("GOV")
  std::string country;               // ISO alpha-3, empty for IGOs/transnational groups/roles
  std::vector<std::string> sectors;  // role codes in `code`
  std::string name;                  // canonical name ("United States", "Islamic State")
  bool takes_name = false;           // kRole only: a singular title that a person name may follow
                                     // ("President", "Gen.", "spokeswoman")
  // Validity window for PETRARCH date-restricted codes, as YYYYMMDD; 0 = open.
  uint32_t valid_from = 0, valid_until = 0;
};

// Splits a CAMEO actor code into country (first three letters when they are an ISO alpha-3 the
// dictionary knows, else empty) and role sectors (each later three-letter group that is a known
// sector). "USAGOV" -> {"USA", {"GOV"}}; "IGOUNO" -> {"", {}}; "IMGMUSISI" -> {"", {}}.
struct SplitCode {
  std::string country;
  std::vector<std::string> sectors;
};

// A compiled, immutable actor dictionary: lower-cased token sequences -> codings.
// Build with ActorDictionaryBuilder; thread-safe to read once built.
class ActorDictionary {
 public:
  struct Match {
    uint32_t length = 0;                       // tokens matched
    const std::vector<ActorCoding>* codings = nullptr;  // never empty when length > 0
  };

  // The longest dictionary form starting at token `begin` of `doc` and ending before `end`
  // (length 0 when none). Case rules: a form written in capitals of up to five letters ("US", "UN",
  // "ISIS") matches only tokens in capitals; names (every kind but kRole) need a capitalised first
  // token; roles match in any case. Periods inside tokens are ignored ("U.S." = "US").
  Match longest_match(const Document& doc, uint32_t begin, uint32_t end) const;

  // The codings of an exact form ("Iraqi Parliament"), for tests and tools; nullptr when absent.
  const std::vector<ActorCoding>* lookup(std::string_view form) const;

  size_t size() const { return num_forms_; }  // distinct forms
  SplitCode split_code(std::string_view code) const;

 private:
  friend class ActorDictionaryBuilder;
  struct Node {
    std::vector<std::pair<uint32_t, uint32_t>> children;  // (token id, node index), sorted
    int32_t codings = -1;  // index into codings_, -1 when no form ends here
    bool caps_only = false;  // the form's last token was an all-capital abbreviation
    bool needs_capital = false;
  };
  std::vector<Node> nodes_{1};
  std::vector<std::vector<ActorCoding>> codings_;
  std::vector<std::pair<std::string, uint32_t>> vocab_;  // sorted (normalised token, id)
  std::vector<std::string> countries_;                   // sorted ISO alpha-3 codes known
  size_t num_forms_ = 0;
  int64_t token_id(std::string_view normalised) const;
};

// Collects forms from our TSV files and PETRARCH dictionaries, then compiles them. Later additions
// of the same form replace earlier ones (so user dictionaries override ours).
class ActorDictionaryBuilder {
 public:
  ActorDictionaryBuilder();
  // Adds one form ("Iraqi Parliament", "U.S.", "Kata'ib Hezbollah"); forms are split into tokens
  // with the project tokenizer so they line up with document tokens. Empty forms are ignored.
  void add(std::string_view form, ActorCoding coding);

  // Reads data_dir/actors/{countries,roles,organisations,people}.tsv (and groups_acled.tsv when
  // `acled_groups`). Errors name the file and line.
  Status add_own_dictionaries(const std::string& data_dir, bool acled_groups = true);
  // Reads a PETRARCH/TABARI actors file (Phoenix.*.actors.txt): "PHRASE_WORDS [CODE]" roots,
  // "+SYNONYM" lines, "[CODE date-range]" continuation lines, '#' and "<!-- -->" comments.
  // Roots with no code are skipped. Returns the number of forms added through *added (may be null).
  Status add_petrarch_actors(const std::string& path, size_t* added = nullptr);
  // Reads a PETRARCH agents file (Phoenix.agents.txt): "WORD_WORD [~GOV]" (suffix role) entries,
  // "!MACRO! = A, B" substitutions, "{PLURAL}" blocks ("{}" = no plural; otherwise an English plural
  // is generated). Agents become kRole forms.
  Status add_petrarch_agents(const std::string& path, size_t* added = nullptr);

  // Compiles everything added so far. The builder may be reused afterwards.
  std::shared_ptr<const ActorDictionary> build() const;

 private:
  struct Pending {
    std::vector<std::string> tokens;  // normalised
    bool caps_only = false, needs_capital = false;
    ActorCoding coding;
    bool append = false;  // PETRARCH date variants accumulate instead of replacing
  };
  std::vector<Pending> pending_;
  std::vector<std::string> countries_;
  // case_from_form: derive the capitals-only rule from how `form` is written (false for the
  // all-capitals PETRARCH files).
  void add_impl(std::string_view form, ActorCoding coding, bool append, bool case_from_form = true);
};

// Codes `doc` (needs doc.tokens and doc.sentences; uses nothing else) and appends one ActorMention
// per maximal actor phrase to doc.actors, in text order. `doc.date` (when set) picks among
// date-restricted PETRARCH codings.
void code_actors(const ActorDictionary& dict, Document& doc);

struct ActorOptions {
  std::string data_dir;                       // empty = resource_path("data")
  std::vector<std::string> petrarch_actors;   // PETRARCH actor files, loaded on top of ours
  std::vector<std::string> petrarch_agents;   // PETRARCH agent files, loaded on top of ours
  bool own_dictionaries = true;               // false: only the PETRARCH files
  bool acled_groups = true;                   // include data/actors/groups_acled.tsv
};

// Builds the dictionary once; the "actors" stage runs code_actors on each document.
Result<std::shared_ptr<const ActorDictionary>> load_actor_dictionary(const ActorOptions& options);
Result<std::shared_ptr<const Stage>> make_actor_stage(const ActorOptions& options);

}  // namespace tacitus
