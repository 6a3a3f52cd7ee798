// Named-entity recogniser: PER / ORG / LOC over tokens. A first-order structured averaged
// perceptron (loss-augmented training) with Viterbi decoding over BILOU classes (BIO in and out)
// and word, affix, word-shape, context, sentence-casing, word-class, document-context (how a word
// is written elsewhere in the document), UPOS, gazetteer (place names) and actor-dictionary
// (organisations, countries, people, roles) features, trained on Universal NER English EWT
// (models/ner.md). Models and their resources are immutable after loading and shared between
// threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/pipeline.h"
#include "tacitus/status.h"
#include "tacitus/word_clusters.h"

namespace tacitus {

class Gazetteer;
class ActorDictionary;

// One sentence of IOB2 data: forms and tags ("B-LOC", "I-PER", "O"), the document it belongs to
// (consecutive sentences with the same non-empty id form one document; names repeat within a
// document and the recogniser uses that), and UPOS (empty, or one per word; see tag_upos()).
struct NerSentence {
  std::vector<std::string> words, tags;
  std::string document;
  std::vector<Upos> upos;
};

// Reads an IOB2 file (UNER: id, form, tag columns; '#' comments; blank line between sentences).
// OTH and stray "B-O"/"I-O" tags become O; an I-X that does not continue an X span becomes B-X (as
// conlleval reads it). The document id comes from "# newdoc id = X" (a new document) or else from
// "# sent_id = X-NNNN" (X). InvalidInput naming file and line on a malformed row.
Result<std::vector<NerSentence>> read_iob2(const std::string& path);

class SyntaxAnalyzer;
// Sets the upos of every sentence to the tagger's prediction (what the NER stage sees at run time,
// after the syntax stage).
void tag_upos(const SyntaxAnalyzer& syntax, std::vector<NerSentence>& sentences);

// The lexical resources the recogniser's features consult. Either may be null: its features are
// then absent (the model still tags, a little less accurately). Immutable, shareable.
struct NerResources {
  std::shared_ptr<const Gazetteer> gazetteer;
  std::shared_ptr<const ActorDictionary> actors;
};

// The default gazetteer (default_gazetteer_build_path(); left null when it has not been built),
// never the full one or $TACITUS_GAZETTEER: the recogniser tags the same way whichever gazetteer
// resolves places (and scored better on it, models/ner.md). And the actor dictionary from
// data_dir/actors (empty data_dir: resource_path("data")). Errors other than a missing gazetteer
// (a corrupt gazetteer, a bad dictionary row) are returned.
Result<NerResources> load_ner_resources(const std::string& data_dir = "");

// One name of a public name list ("Starbucks" in "org"), for name-list features.
struct NameListEntry {
  std::string name, list;
};

// Reads NAME<TAB>LIST lines (UTF-8; blank lines and lines opening with '#' skipped), as
// scripts/ner_name_lists.js writes them. NotFound, or InvalidInput naming path:line.
Result<std::vector<NameListEntry>> read_name_lists(const std::string& path);

// Training choices beyond epochs and seed; the defaults are the committed model's (margin 20;
// no second pass, no long-range features: neither helped on dev, see models/ner.md).
struct NerTrainOptions {
  // Second pass (stacking): > 1 trains a second model whose features add what the first pass
  // predicted across the whole document (how the other mentions of a word or name were tagged);
  // its training inputs come from first-pass models trained on the other folds (jackknifing), so
  // that they are as noisy as at run time. 0 or 1: one pass only.
  int stack_folds = 0;
  // Loss-augmented training: a wrong tag gets this bonus while decoding a training sentence, so
  // updates continue until the gold path wins by a margin. 0: plain perceptron.
  float margin = 20;
  // Features of the words just before and after each run of capitalised words.
  bool long_range = false;
  // Name lists (at most 8 lists): each word learns from the lists of the longest listed name
  // covering it. They are stored in the model. Empty: no name-list features.
  std::vector<NameListEntry> names;
  // Classes of pretrained word vectors (WordClusters::from_vectors), stored in the model. Empty:
  // no such features.
  WordClusters vector_classes;
};

class EntityRecognizer {
 public:
  // Loads models/ner.bin; Corrupt or NotFound naming the file. Features read `resources`, which
  // should be the resources the model was trained with (load_ner_resources()).
  static Result<std::shared_ptr<const EntityRecognizer>> load(const std::string& path,
                                                              NerResources resources = {});
  // Trains for `epochs` passes (shuffled with `seed`) on the words, tags, documents and UPOS of
  // `train`; logs per-epoch training error (and the O penalty search) to stderr when `verbose`.
  // Word classes are learned from `unlabelled` plus the training words. The O penalty (see
  // models/ner.md) is `o_penalty` when >= 0, else tuned on `dev` (0 without dev; the first pass
  // of a two-pass model uses `o_penalty`, or 0.5 when it is tuned). `options`: see
  // NerTrainOptions (its defaults are the committed model's). InvalidInput when
  // options.names holds more than 8 lists.
  static Result<std::shared_ptr<const EntityRecognizer>> train(
      const std::vector<NerSentence>& train, const std::vector<NerSentence>& dev, int epochs,
      unsigned seed, bool verbose, NerResources resources = {},
      const std::vector<std::vector<std::string>>& unlabelled = {}, float o_penalty = -1,
      const NerTrainOptions& options = {});
  // Writes the model (component "ner"); IOError naming the path.
  Status save(const std::string& path) const;

  // BIO tags for one sentence of word forms (UPOS optional: empty or one per word). Always a
  // well-formed BIO sequence.
  std::vector<std::string> tag(const std::vector<std::string>& words,
                               const std::vector<Upos>& upos = {}) const;
  // BIO tags for the sentences of one document: how a word is written and used elsewhere in the
  // document is evidence too. `upos`: empty, or one list (empty or one per word) per sentence.
  std::vector<std::vector<std::string>> tag_document(
      const std::vector<std::vector<std::string>>& sentences,
      const std::vector<std::vector<Upos>>& upos = {}) const;
  // Replaces doc.entities with entities over doc.tokens (the whole document as context; UPOS
  // from the syntax stage when it has run).
  void recognize(Document& doc) const;

  struct Impl;
  explicit EntityRecognizer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<Impl> impl_;
};

// Span-level scores (exact type and boundaries), as conlleval. Sentences are tagged document by
// document (NerSentence::document) with their upos.
struct NerScores {
  struct Count {
    size_t tp = 0, fp = 0, fn = 0;
    double f1() const { return tp ? 200.0 * tp / double(2 * tp + fp + fn) : 0; }
  };
  Count per, org, loc, all;
};
NerScores score_ner(const EntityRecognizer& model, const std::vector<NerSentence>& gold);

// The "ner" stage: loads models_dir/ner.bin and load_ner_resources() once. NotFound when the
// model is missing.
Result<std::shared_ptr<const Stage>> make_ner_stage(const std::string& models_dir);

}  // namespace tacitus
