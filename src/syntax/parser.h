// The dependency parser (models/parser.bin): greedy arc-hybrid transitions (root at the bottom of
// the stack, attached last so every tree has one root). Two averaged perceptrons: an unlabelled
// transition classifier (SHIFT / LEFT / RIGHT) over Zhang & Nivre (2011)-style templates (words,
// tags, distance, valency, second-order children and label sets), scored from a dense 3-weight
// table; and an arc-label classifier (UD relations) run once per arc over head / dependent
// features. Trained with the Goldberg & Nivre dynamic oracle with exploration; several perceptrons
// are trained side by side (different shuffles and explorations) and their averaged weights summed
// into one model (a score ensemble at the size and speed of a single model).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "syntax/perceptron.h"
#include "tacitus/status.h"
#include "tacitus/word_clusters.h"

namespace tacitus {

// One training or parsing sentence, by feature identities. Index 0 of every vector is word 1.
struct ParserSentence {
  std::vector<uint64_t> words;    // syntax::word_key(form)
  std::vector<uint64_t> tags;     // Parser::tag_key(upos, xpos)
  std::vector<uint64_t> classes;  // Parser::classes_of(form)
  std::vector<int> heads;         // gold, 1-based, 0 = root (training only)
  std::vector<uint16_t> labels;   // gold label ids (training only)
};

class Parser {
 public:
  // 3: word classes (section "classes") and their features.
  static constexpr uint32_t kVersion = 3;

  // Identity of a predicted or gold tag for the parser's features.
  static uint64_t tag_key(std::string_view upos, std::string_view xpos);

  static Result<std::unique_ptr<Parser>> load(const std::string& path);
  Status save(const std::string& path) const;

  // The word classes of a form for the features (syntax::packed_classes over this model's
  // classes).
  uint64_t classes_of(std::string_view form) const;
  const WordClusters& classes() const { return classes_; }

  // Parses one sentence: heads[i] is the 1-based head of word i+1 (0 = root), labels[i] its
  // relation id (label_name()). words, tags and classes have n entries. Thread-safe.
  void parse(const uint64_t* words, const uint64_t* tags, const uint64_t* classes, size_t n,
             int* heads, uint16_t* labels) const;
  const std::string& label_name(uint16_t id) const { return labels_[id]; }
  size_t num_labels() const { return labels_.size(); }
  const syntax::Dense3Weights& transition_weights() const { return moves_; }
  const syntax::CompactWeights& label_weights() const { return arcs_; }

  // Trains on `train` (tags as the tagger will predict them), scoring `dev` (UAS/LAS against its
  // gold heads) after every epoch and keeping the best. Deterministic for a seed. The sentences'
  // classes must come from `classes` (stored in the model).
  static std::unique_ptr<Parser> train(const std::vector<ParserSentence>& train,
                                       const std::vector<ParserSentence>* dev,
                                       std::vector<std::string> label_names,
                                       const WordClusters& classes, int epochs, uint64_t seed,
                                       std::ostream* log);

 private:
  Parser() = default;
  std::vector<std::string> labels_;
  WordClusters classes_;
  syntax::Dense3Weights moves_;
  syntax::CompactWeights arcs_;
};

}  // namespace tacitus
