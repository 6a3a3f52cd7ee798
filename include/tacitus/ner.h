// Named-entity recogniser: PER / ORG / LOC over tokens, an averaged perceptron with greedy BIO
// decoding (word, affix, word-shape, context and tag-history features; UPOS when tagged), trained
// on Universal NER English EWT. Models are immutable after loading and shared between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/pipeline.h"
#include "tacitus/status.h"

namespace tacitus {

// One sentence of IOB2 data: forms and tags ("B-LOC", "I-PER", "O").
struct NerSentence {
  std::vector<std::string> words, tags;
};

// Reads an IOB2 file (UNER: id, form, tag columns; '#' comments; blank line between sentences).
// OTH and stray "B-O"/"I-O" tags become O. InvalidInput naming file and line on a malformed row.
Result<std::vector<NerSentence>> read_iob2(const std::string& path);

class EntityRecognizer {
 public:
  // Loads models/ner.bin; Corrupt or NotFound naming the file.
  static Result<std::shared_ptr<const EntityRecognizer>> load(const std::string& path);
  // Trains for `epochs` passes (shuffled with `seed`); logs per-epoch dev F1 to stderr when `dev`
  // is non-empty and `verbose`.
  static std::shared_ptr<const EntityRecognizer> train(const std::vector<NerSentence>& train,
                                                       const std::vector<NerSentence>& dev, int epochs,
                                                       unsigned seed, bool verbose);
  // Writes the model (component "ner"); IOError naming the path.
  Status save(const std::string& path) const;

  // BIO tags for one sentence of word forms (UPOS optional: empty or one per word).
  std::vector<std::string> tag(const std::vector<std::string>& words,
                               const std::vector<Upos>& upos = {}) const;
  // Replaces doc.entities with entities over doc.tokens, sentence by sentence.
  void recognize(Document& doc) const;

  struct Impl;
  explicit EntityRecognizer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<Impl> impl_;
};

// Span-level scores (exact type and boundaries), as conlleval.
struct NerScores {
  struct Count {
    size_t tp = 0, fp = 0, fn = 0;
    double f1() const { return tp ? 200.0 * tp / double(2 * tp + fp + fn) : 0; }
  };
  Count per, org, loc, all;
};
NerScores score_ner(const EntityRecognizer& model, const std::vector<NerSentence>& gold);

// The "ner" stage: loads models_dir/ner.bin. NotFound when the model is missing.
Result<std::shared_ptr<const Stage>> make_ner_stage(const std::string& models_dir);

}  // namespace tacitus
