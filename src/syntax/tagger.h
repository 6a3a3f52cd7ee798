// The part-of-speech tagger and lemmatiser (models/tagger.bin).
//
// Tagger: greedy left-to-right averaged perceptron over joint UPOS|XPOS labels, features from the
// word, its affixes and shape, the two words either side and the two previous predicted tags
// (trained with passive-aggressive updates; the weights are the average of two such perceptrons
// over different shuffles).
// Lemmatiser: an exceptions table of (form, XPOS) -> lemma learned from the treebank, then the
// most frequent suffix rewrite for the longest known (XPOS, suffix) for unseen words.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "syntax/perceptron.h"
#include "tacitus/document.h"
#include "tacitus/syntax.h"
#include "tacitus/word_clusters.h"

namespace tacitus {

namespace syntax {
// Identity of a word for features: ASCII-lowercased, digits folded to '0'.
uint64_t word_key(std::string_view form);
// The distributional classes of a form (looked up lower-cased), packed for features: bits 0-15
// coarse, 16-31 fine, 32-47 finest class (each class + 1; 0 = unknown word), 48-55 caps bucket.
uint64_t packed_classes(const WordClusters& classes, std::string_view form);
inline uint64_t coarse_class(uint64_t packed) { return packed & 0xFFFF; }
inline uint64_t fine_class(uint64_t packed) { return (packed >> 16) & 0xFFFF; }
inline uint64_t finest_class(uint64_t packed) { return (packed >> 32) & 0xFFFF; }
inline uint64_t caps_bucket(uint64_t packed) { return packed >> 48; }
struct WordInfo;  // per-token feature values (tagger.cc)
}  // namespace syntax

class Tagger {
 public:
  // 4: word classes (section "classes") and their features.
  // 5: neighbours' 2- and 4-letter suffixes and the next word's 3-letter prefix; ambiguity classes
  //    only for words seen 20+ times; weights averaged over two passive-aggressive perceptrons.
  static constexpr uint32_t kVersion = 5;

  // Reads a model written by save(); Corrupt / NotFound naming the file.
  static Result<std::unique_ptr<Tagger>> load(const std::string& path);
  Status save(const std::string& path) const;

  // Trains on `train`, scoring `dev` (may be null) after each epoch and keeping the best epoch.
  // `classes` (learned from unlabelled text; an empty one gives no class features) is stored in
  // the model.
  static std::unique_ptr<Tagger> train(const std::vector<ConlluSentence>& train,
                                       const std::vector<ConlluSentence>* dev, int epochs,
                                       uint64_t seed, const WordClusters& classes,
                                       std::ostream* log);

  // Tag ids (indices into the joint label set) for one sentence; with `classes`, also each word's
  // syntax::packed_classes (looked up anyway for the features).
  void tag(const std::vector<std::string_view>& forms, std::vector<uint16_t>& tags,
           std::vector<uint64_t>* classes = nullptr) const;
  // The lemma of `form` tagged `tag`, written to `out`.
  void lemmatize(std::string_view form, uint16_t tag, std::string& out) const;

  size_t num_tags() const { return upos_.size(); }
  const std::string& upos_name(uint16_t tag) const { return upos_[tag]; }
  const std::string& xpos_name(uint16_t tag) const { return xpos_[tag]; }
  Upos upos(uint16_t tag) const { return upos_enum_[tag]; }
  const syntax::CompactWeights& weights() const { return weights_; }
  size_t lexicon_size() const { return lexicon_.size(); }
  const WordClusters& classes() const { return classes_; }

 private:
  Tagger() = default;
  void finish_labels();
  // Fills the lexicon and word-class fields of a token's feature values; returns the packed
  // classes.
  uint64_t attach_lexeme(syntax::WordInfo& w, std::string_view form) const;
  void learn_lemmas(const std::vector<ConlluSentence>& train);
  std::string encode_lemmas() const;
  Status decode_lemmas(std::string_view bytes, const ModelReader& file);

  std::vector<std::string> upos_, xpos_;
  std::vector<Upos> upos_enum_;
  std::vector<uint16_t> xpos_class_;  // tag -> index of its XPOS among the distinct XPOS values
  syntax::CompactWeights weights_;
  WordClusters classes_;

  // What the training data says about a word form (by syntax::word_key): its ambiguity class (a
  // hash of the tags it took, a strong feature for rare words' neighbours) and, for frequent
  // words that always took the same tag, that tag (the classifier is skipped for them).
  struct Lexeme {
    uint64_t ambiguity = 0;
    int32_t sure_tag = -1;
  };
  std::unordered_map<uint64_t, Lexeme> lexicon_;
  syntax::FlatMap<Lexeme> lexicon_fast_;  // lexicon_, for lookups
  // Builds the lookup copies of lexicon_ and the lemma tables.
  void freeze_tables();
  void learn_lexicon(const std::vector<ConlluSentence>& train,
                     const std::map<std::pair<std::string, std::string>, uint16_t>& label_ids);
  std::string encode_lexicon() const;
  Status decode_lexicon(std::string_view bytes, const ModelReader& file);

  // Lemmatiser. Exceptions keyed by hash(form, xpos class); rules keyed by
  // hash(xpos class, suffix) -> rule index.
  struct Rewrite {
    uint8_t strip = 0;
    std::string append;
  };
  std::vector<std::string> lemma_strings_;
  std::unordered_map<uint64_t, uint32_t> exact_, lower_;
  std::vector<Rewrite> rewrites_;
  std::unordered_map<uint64_t, uint32_t> rules_;
  syntax::FlatMap<uint32_t> exact_fast_, lower_fast_, rules_fast_;
  std::vector<uint8_t> keep_case_;  // per xpos class: rewrite the form as written (proper nouns)
};

}  // namespace tacitus
