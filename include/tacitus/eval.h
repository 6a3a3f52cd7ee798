// Scorers that measure the coder against external gold data (`tacitus eval <set>`):
//   acled     ACLED export rows: code each `notes` paragraph, compare type, actors, place, counts
//   case2021  CASE 2021 task 2 snippets: our event mapped to its 30 labels; accuracy, macro-F1
//   plover    PLOVER gold-standard records: PLOVER event and mode, source/target text and code
//   petrarch  PETRARCH-2 unit-test records, coded with their own test dictionaries
//   syntax, tokenizer   the syntax and text stages on a CoNLL-U treebank
// Each returns a report of named figures; a missing data set is NotFound naming the path.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/csv.h"
#include "tacitus/document.h"
#include "tacitus/pipeline_builder.h"
#include "tacitus/status.h"

namespace tacitus {

struct EvalOptions {
  // The gold file or folder; empty = the set's default place under ../shared (shared_path).
  std::string data_path;
  size_t limit = 0;       // score only the first `limit` items; 0 = all
  bool verbose = false;   // one line per item scored wrong, on `log`
  unsigned threads = 0;   // coding threads; 0 = all cores
  PipelineOptions pipeline;  // how to build the coder (petrarch overrides its dictionaries)
  std::ostream* log = nullptr;  // where verbose lines go; nullptr = nowhere
};

// One figure. Ratios keep their numerator and denominator; averages (F1) have total == 0.
struct EvalMetric {
  std::string name;
  double value = 0;
  size_t count = 0, total = 0;
};

struct EvalReport {
  std::string set;        // "acled", ...
  std::string data_path;  // what was scored
  size_t items = 0;       // gold items scored
  double seconds = 0;     // coding time
  std::vector<EvalMetric> metrics;

  // Adds count/total (value 0 when total is 0).
  void add_ratio(std::string name, size_t count, size_t total);
  void add_value(std::string name, double value);
  // nullptr when no metric has that name.
  const EvalMetric* find(std::string_view name) const;
  // A fixed-width table: one metric per line with its percentage and count/total.
  std::string table() const;
  // The report as one JSON object: {"set", "data", "items", "seconds", "metrics": {name: {...}}}.
  std::string json() const;
};

Result<EvalReport> evaluate_acled(const EvalOptions& options);
Result<EvalReport> evaluate_case2021(const EvalOptions& options);
Result<EvalReport> evaluate_plover(const EvalOptions& options);
Result<EvalReport> evaluate_petrarch(const EvalOptions& options);
// The syntax stage on a CoNLL-U treebank (data_path; default UD English EWT test) with gold
// tokenisation: UPOS, XPOS, lemma, UAS, LAS (score_syntax). Loads models from
// options.pipeline.models_dir.
Result<EvalReport> evaluate_syntax(const EvalOptions& options);
// The tokenizer and sentence splitter on a CoNLL-U treebank rebuilt as raw text
// (score_segmentation_conllu): token and sentence precision, recall, F1.
Result<EvalReport> evaluate_tokenizer(const EvalOptions& options);

// --- Pieces of the scorers, exposed for their tests. ---


// The event a scorer compares with a one-event gold item: the most confident ACLED-kind event,
// else the most confident event; nullptr when the document has none.
const Event* best_event(const Document& doc);

// The CASE 2021 task 2 label of a coded event: ACLED sub-event types map to their labels
// (Air/drone strike -> AIR_STRIKE, ...); accusations and claims of responsibility -> ATTRIB;
// organised crime (criminal actors) -> ORG_CRIME; other political interaction (consult, aid,
// sanction, demand, reject, ...) -> DIPLO. nullptr -> "NONE" (never a gold label).
std::string case2021_label(const Event* event);

// ACLED's "9-May-20" / "09 May 2020" / "2020-05-09" -> "2020-05-09"; empty when unreadable.
std::string acled_date_to_iso(std::string_view text);

// Token F1 between two actor mentions, case-insensitive, ignoring punctuation and "the".
double text_overlap_f1(std::string_view a, std::string_view b);

}  // namespace tacitus
