// Syntax: part-of-speech tagging (UPOS + Penn XPOS), lemmatisation and labelled dependency
// parsing (UD relations), plus CoNLL-U reading/writing, scoring and training.
//
// Models: models/tagger.bin (averaged-perceptron tagger + lemmatiser) and models/parser.bin
// (arc-hybrid transition parser, averaged perceptron, dynamic oracle). See models/syntax.md.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/pipeline.h"
#include "tacitus/status.h"

namespace tacitus {

// One syntactic word as CoNLL-U describes it. Inputs: form (and the gold columns when read from a
// treebank). Outputs of SyntaxAnalyzer::analyze: upos, xpos, lemma, head, deprel.
struct SyntaxWord {
  std::string form;
  std::string lemma;
  std::string upos;    // UD tag name ("NOUN"), "_" when unknown
  std::string xpos;    // Penn tag ("NN")
  std::string feats = "_";
  int head = 0;        // 1-based index of the head within the sentence; 0 = root
  std::string deprel;
  std::string deps = "_";
  std::string misc = "_";
};

// A CoNLL-U sentence: comment lines, its words, and the lines this library does not analyse
// (multiword-token ranges "3-4" and empty nodes "5.1"), kept so writing reproduces them.
struct ConlluSentence {
  std::vector<std::string> comments;  // without the trailing newline, with the leading '#'
  std::vector<SyntaxWord> words;
  // (number of words before which the line goes, raw line)
  std::vector<std::pair<size_t, std::string>> extra_lines;
};

// Parses CoNLL-U text. `name` is used in error messages, which give the line number. A malformed
// word line (not 10 tab-separated columns, bad ID or HEAD) is InvalidInput.
Result<std::vector<ConlluSentence>> read_conllu(const std::string& text, const std::string& name);
// Writes sentences as CoNLL-U (every sentence followed by a blank line).
void write_conllu(const std::vector<ConlluSentence>& sentences, std::ostream& out);

// Accuracy of a system analysis against gold, as percentages (F1 when tokenisations differ).
struct SyntaxScores {
  size_t gold_words = 0;
  size_t system_words = 0;
  size_t aligned_words = 0;  // words with identical character spans in both
  size_t gold_sentences = 0, system_sentences = 0;
  size_t aligned_sentences = 0;  // sentences whose first and last characters agree
  double tokens = 0;             // F1 of word segmentation (100 with gold tokenisation)
  double sentences = 0;          // F1 of sentence segmentation
  double upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
};

// Scores `system` against `gold`. Words are aligned by their character spans in the text with
// whitespace removed (so a system that tokenised raw text is scored fairly, as in the CoNLL 2018
// shared task); a head counts as correct when it is aligned to the gold head. Lemmas compare
// exactly, relations compare on the universal part ("nmod:poss" vs "nmod:tmod" differ; as LAS in
// CoNLL 2018 they compare whole labels here). InvalidInput when the texts differ.
Result<SyntaxScores> score_syntax(const std::vector<ConlluSentence>& gold,
                                  const std::vector<ConlluSentence>& system);

// The raw text of each document of a treebank, rebuilt from its sentences' `# text =` lines: a
// `# newdoc` comment starts a document (the first sentence always does), sentences are joined by a
// space and paragraphs (`# newpar`) by a blank line. InvalidInput when a sentence has no `# text`.
Result<std::vector<std::string>> conllu_document_texts(const std::vector<ConlluSentence>& gold);

class Tagger;
class Parser;

// The loaded tagger, lemmatiser and parser. Immutable after loading: analyze() is const and safe
// to call from many threads at once (each call uses its own scratch space).
class SyntaxAnalyzer {
 public:
  // Loads models_dir/tagger.bin and models_dir/parser.bin. Corrupt / NotFound naming the file.
  static Result<std::shared_ptr<const SyntaxAnalyzer>> load(const std::string& models_dir);
  // Loads explicit files; an empty parser_path loads the tagger only (analyze leaves heads at 0).
  static Result<std::shared_ptr<const SyntaxAnalyzer>> load_files(const std::string& tagger_path,
                                                                  const std::string& parser_path);
  ~SyntaxAnalyzer();

  // Fills upos, xpos, lemma, head and deprel of every word from the forms.
  void analyze(std::vector<SyntaxWord>& words) const;
  // Fills Token::upos/xpos/lemma/head/deprel of every sentence of `doc` (head document-wide, root
  // = -1). Sentences over 1000 tokens are analysed in pieces of 1000.
  void annotate(Document& doc) const;
  // Tokenises and splits raw UTF-8 text with the project tokenizer (tokenize()), analyses it, and
  // returns it as CoNLL-U sentences (`# text =` comments, SpaceAfter=No where due).
  std::vector<ConlluSentence> analyze_text(std::string text) const;

  const Tagger& tagger() const { return *tagger_; }
  const Parser* parser() const { return parser_.get(); }

 private:
  SyntaxAnalyzer() = default;
  std::unique_ptr<Tagger> tagger_;
  std::unique_ptr<Parser> parser_;
  std::vector<uint64_t> tag_keys_;  // the parser's feature identity of each tagger tag
  // The parser's word classes are the tagger's (as `train parser --tagger` makes them), so the
  // tagger's lookups serve the parser too.
  bool shared_classes_ = false;
};

// Scores `analyzer` from raw text as the CoNLL 2018 shared task does: each document of `gold` is
// rebuilt from its `# text =` lines (conllu_document_texts), analysed with analyze_text, and the
// system words are aligned to gold words by character spans (score_syntax): tokens, sentences,
// tags and arcs are F1. The system analysis goes to `system_out` when it is not null.
Result<SyntaxScores> score_from_raw_text(const SyntaxAnalyzer& analyzer,
                                         const std::vector<ConlluSentence>& gold,
                                         std::vector<ConlluSentence>* system_out = nullptr);

// The "syntax" pipeline stage over models_dir/{tagger,parser}.bin. Needs tokens and sentences.
Result<std::shared_ptr<const Stage>> make_syntax_stage(const std::string& models_dir);

// Options shared by `tacitus train tagger` and `tacitus train parser`.
struct SyntaxTrainOptions {
  std::string train_path;  // CoNLL-U
  std::string dev_path;    // CoNLL-U scored after every epoch; may be empty
  std::string out_path;
  uint64_t seed = 1;
  int epochs = 0;          // 0 = the component's default
  // Parser only: train on tags predicted by taggers trained on the other folds (jackknifing) so
  // that training tags look like test-time tags; 0 or 1 = train on gold tags.
  int jackknife = 4;
  // Parser only: the tagger used to tag dev; its word classes are the parser's and the jackknife
  // taggers'. Required when jackknife > 1 or dev_path is set.
  std::string tagger_path;
  // Parser only: a CoNLL-U file of machine-parsed sentences (a silver treebank, as
  // scripts/teacher makes) added to the training sentences, tagged by `tagger_path` (required
  // with it); `silver_words` > 0 keeps only its first sentences up to that many words. Every
  // relation in it must occur in `train_path`. Empty = gold sentences only.
  std::string silver_path;
  size_t silver_words = 0;
  // Tagger only: a directory of Reuters-21578-style SGML files whose bodies, with the training
  // sentences, give the word classes (WordClusters); empty = no word-class features.
  std::string unlabelled_dir;
  std::ostream* log = nullptr;  // progress lines, when not null
};

// Trains and writes a tagger model. Deterministic for a given seed and data.
Status train_tagger(const SyntaxTrainOptions& options);
// Trains and writes a parser model. Deterministic for a given seed and data.
Status train_parser(const SyntaxTrainOptions& options);

}  // namespace tacitus
