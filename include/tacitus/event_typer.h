// The event typer: a trained linear classifier that gives the ACLED (event_type, sub_event_type) of
// a sentence or a short note, with a calibrated probability. It complements the rule-based coder
// (events.h): the coder finds who did what to whom, where and when; the typer says which of the 25
// ACLED sub-event types the text reports, which it learned from ACLED's own event notes.
//
// Features are binary and hashed (lower-cased words, suffix-stripped stems, 5-character prefixes of
// long words, bigrams, casualty cues; optionally word shapes in place of names and numbers); the model is multinomial logistic regression
// trained with AdaGrad, stored sparsely (pruned weights) in the project's model-file container
// (component "event_type"). Model card: models/event_type.md.
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

// What the typer says about one text. `event_type` / `sub_event_type` are ACLED codebook names
// ("Battles" / "Armed clash"); `probability` is the calibrated probability of the sub-type (the
// type's probability, summed over its sub-types, is at least as high).
struct EventTypePrediction {
  std::string event_type;
  std::string sub_event_type;
  float probability = 0;
  float type_probability = 0;  // probability of event_type (sum over its sub-types)
};

// One labelled training or test text.
struct LabelledNote {
  std::string text;
  std::string event_type;
  std::string sub_event_type;
  std::string date;  // ISO "YYYY-MM-DD"; empty when unknown
};

// Training settings. Defaults are the ones the committed model was trained with.
struct EventTyperOptions {
  enum class Learner : uint8_t { kLogistic, kPerceptron };
  Learner learner = Learner::kLogistic;
  int epochs = 12;
  uint32_t seed = 1;
  uint32_t hash_bits = 18;       // 2^hash_bits feature buckets
  float learning_rate = 0.3f;    // AdaGrad base rate (logistic)
  float l2 = 1e-6f;              // L2 penalty per example on touched weights (logistic)
  // Feature templates (all on = the committed model; unigrams only = the bag-of-words baseline).
  bool bigrams = true;
  bool stems = true;
  // Capitalised words (not sentence-initial) and numbers -> shape tokens. Off by default: it helps
  // cross-validation on ACLED (+0.9 pt) but costs 5-8 pt on out-of-domain news (CASE 2021).
  bool shapes = false;
  bool keep_names = false;   // with shapes: also keep the lower-cased name itself
  bool cues = true;          // casualty / size cues ("<num> killed", "dozens protested")
  bool prefixes = true;      // 5-character prefixes of words of 7+ characters
  // Class weighting (logistic): each note's loss is scaled by (n_largest / n_its_class)^balance,
  // so rare sub-types (Arrests, Grenade, ...) are not drowned by peaceful protests. 0 = unweighted.
  float balance = 0.0f;
  // Weights kept in the model: the largest by magnitude, at most this many (0 = all).
  size_t max_weights = 600000;
  // Softmax temperature stored in the model (fitted by cross-validation; 1 = uncalibrated).
  float temperature = 1.0f;
};

// A trained event typer. Immutable after load/train; predict* are const and thread-safe.
class EventTyper {
 public:
  // Component id and payload version in the model file.
  static constexpr const char* kComponent = "event_type";
  static constexpr uint32_t kVersion = 1;

  // Loads a model written by save(). NotFound / IOError when the file cannot be read; Corrupt
  // (naming the file) on a wrong magic, component, version, checksum or a malformed payload.
  static Result<std::shared_ptr<const EventTyper>> load(const std::string& path);

  // Trains on `notes` (labels must be ACLED sub-event types of the codebook, else InvalidInput
  // naming the first bad label). Deterministic for a given options.seed.
  static Result<std::shared_ptr<const EventTyper>> train(const std::vector<LabelledNote>& notes,
                                                         const EventTyperOptions& options);

  // Writes the model (pruned to options.max_weights) to `path`; IOError naming it on failure.
  Status save(const std::string& path) const;

  // Types the tokens of sentence `sentence_index` of a tokenised document (doc.tokens and
  // doc.sentences filled by tokenize()). An out-of-range index gives an empty prediction
  // (probability 0).
  EventTypePrediction predict(const Document& doc, uint32_t sentence_index) const;
  // Types tokens [begin, end) of a tokenised document (clamped to doc.tokens).
  EventTypePrediction predict_tokens(const Document& doc, uint32_t begin, uint32_t end) const;
  // Tokenises `text` with the project tokenizer and types all of it (a note or a sentence).
  EventTypePrediction predict_text(std::string_view text) const;
  // Calibrated probabilities of every sub-type for `text`, in sub_event_types() order.
  std::vector<float> probabilities(std::string_view text) const;

  // The 25 ACLED sub-event types the model scores, and the event type of each.
  const std::vector<std::string>& sub_event_types() const { return sub_types_; }
  const std::vector<std::string>& event_types_of_sub_types() const { return types_; }
  // Softmax temperature applied to the scores (1 = uncalibrated).
  float temperature() const { return temperature_; }
  // Number of non-zero weights kept.
  size_t weight_count() const { return entries_.size(); }

  // Internal representation; public so the implementation's helpers can build one.
  struct Entry {
    uint8_t label;
    float weight;
  };
  EventTyper() = default;

 private:
  friend struct EventTyperAccess;
  EventTypePrediction predict_features(const std::vector<uint32_t>& buckets) const;
  void scores(const std::vector<uint32_t>& buckets, float* out) const;

  EventTyperOptions options_;
  std::vector<std::string> sub_types_, types_;
  float temperature_ = 1.0f;
  std::vector<float> bias_;            // one per label
  std::vector<uint32_t> offsets_;      // 2^hash_bits + 1 offsets into entries_
  std::vector<Entry> entries_;         // non-zero weights of each bucket, by bucket
};

// Accuracy of a typer on labelled notes, from cross-validation or a held-out split.
struct EventTyperScores {
  size_t notes = 0;
  size_t type_correct = 0, sub_type_correct = 0;
  double type_accuracy() const { return notes ? double(type_correct) / notes : 0; }
  double sub_type_accuracy() const { return notes ? double(sub_type_correct) / notes : 0; }
  // Out-of-fold (probability of the predicted sub-type, correct?) pairs, for calibration and
  // thresholds.
  std::vector<std::pair<float, bool>> confidence;
  std::vector<std::pair<float, bool>> type_confidence;  // same for the event type
  // Cross-validation only: the softmax temperature (in [0.25, 4]) that minimises the negative
  // log-likelihood of the out-of-fold predictions; `confidence` is computed with it.
  float temperature = 1.0f;
};

// Scores `typer` on `notes`.
EventTyperScores score_event_typer(const EventTyper& typer, const std::vector<LabelledNote>& notes);

// k-fold cross-validation: notes are shuffled with options.seed and split into `folds` parts; each
// part is scored by a model trained on the others (with options.temperature ignored: the fitted
// temperature is returned). InvalidInput when folds < 2, there are fewer notes than folds, or a
// label is not an ACLED sub-event type.
Result<EventTyperScores> cross_validate_event_typer(const std::vector<LabelledNote>& notes,
                                                    const EventTyperOptions& options, int folds);

// Reads an ACLED export CSV (RFC 4180: quoted fields may hold commas, quotes and newlines) with
// columns notes, event_type, sub_event_type and event_date ("9-May-20" or ISO). ACLED's
// bookkeeping ("[size=...]" tags, a closing "N fatalities." sentence) is removed from each note, so
// the model learns from the reported event, not from the format. NotFound / IOError when the file
// cannot be read; InvalidInput naming the line for an unterminated quote or missing column.
Result<std::vector<LabelledNote>> read_acled_notes(const std::string& path);

// Reads the CASE 2021 task 2 TSV (id, EventSnippet, SubType) and keeps the snippets whose label is
// one of the 25 ACLED-derived ones, relabelled with ACLED names (AIR_STRIKE -> "Air/drone
// strike"). Errors as read_acled_notes.
Result<std::vector<LabelledNote>> read_case2021_snippets(const std::string& path);

// The ACLED event type of an ACLED sub-event type; empty when `sub_event_type` is not one of the 25.
std::string_view acled_event_type_of(std::string_view sub_event_type);

// The "acled-type" stage, run after "events": where the typer is confident, every asserted event of
// an ACLED kind in a sentence (ACLED-typed by the rule coder, or a protest/force/coercion/assault/
// fight/mass-violence event it left untyped) takes the typer's ACLED type. A brief report (up to 4
// sentences: an event note, a news snippet) is typed as a whole, a longer article sentence by
// sentence. The rule coder's own type is replaced at type probability >= 0.7, an untyped event is
// typed at >= 0.6 (chosen on held-out ACLED days and CASE 2021 news). Who did what to whom stays
// the rule coder's. With `reports_are_events` (every input is one event report, such as an ACLED
// note), a brief report where the rules saw no ACLED kind of event at all and the typer's type
// probability is >= 0.6 gets the report's event, coded from the typer (CAMEO from the sub-event
// type, acled_types.tsv) in the first sentence, with the actors around its main verb and
// confidence 0.3; general news must not, as the typer assumes its text reports an event. NotFound
// naming the file when models_dir/event_type.bin is absent; ontology tables from data_dir.
Result<std::shared_ptr<const Stage>> make_acled_typing_stage(const std::string& models_dir,
                                                             const std::string& data_dir,
                                                             bool reports_are_events = false);

}  // namespace tacitus
