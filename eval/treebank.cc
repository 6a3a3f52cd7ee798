// `tacitus eval syntax` and `tacitus eval tokenizer`: the syntax and text stages' own scorers
// (score_syntax, score_segmentation_conllu) on a CoNLL-U treebank, UD English EWT test by default.
#include <chrono>

#include "eval_internal.h"
#include "tacitus/resources.h"
#include "tacitus/syntax.h"
#include "tacitus/text.h"

namespace tacitus {

namespace {

constexpr const char* kDefaultTreebank = "data/ud-english-ewt/en_ewt-ud-test.conllu";

// Percentages from the stage scorers become fractions, as in the other reports.
void add_percent(EvalReport& report, std::string name, double percent) {
  report.add_value(std::move(name), percent / 100);
}

}  // namespace

Result<EvalReport> evaluate_syntax(const EvalOptions& options) {
  auto path = eval_internal::resolve_data(options, kDefaultTreebank, "syntax");
  if (!path.ok()) return path.status();
  auto text = read_file(*path);
  if (!text.ok()) return text.status();
  auto gold = read_conllu(*text, *path);
  if (!gold.ok()) return gold.status();
  if (options.limit && gold->size() > options.limit) gold->resize(options.limit);
  std::string models =
      options.pipeline.models_dir.empty() ? resource_path("models") : options.pipeline.models_dir;
  auto analyzer = SyntaxAnalyzer::load(models);
  if (!analyzer.ok()) return analyzer.status();
  // Gold tokenisation: the tagger and parser see the gold forms with every annotation cleared.
  std::vector<ConlluSentence> system = *gold;
  auto start = std::chrono::steady_clock::now();
  for (auto& sentence : system) {
    for (auto& w : sentence.words) {
      w.upos = w.xpos = w.lemma = w.deprel = "_";
      w.head = 0;
    }
    (*analyzer)->analyze(sentence.words);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto scores = score_syntax(*gold, system);
  if (!scores.ok()) return scores.status();
  EvalReport report;
  report.set = "syntax";
  report.data_path = *path;
  report.items = gold->size();
  report.seconds = seconds;
  add_percent(report, "UPOS", scores->upos);
  add_percent(report, "XPOS", scores->xpos);
  add_percent(report, "lemma", scores->lemma);
  add_percent(report, "UAS", scores->uas);
  add_percent(report, "LAS", scores->las);
  report.add_value("words", static_cast<double>(scores->gold_words));
  return report;
}

Result<EvalReport> evaluate_tokenizer(const EvalOptions& options) {
  auto path = eval_internal::resolve_data(options, kDefaultTreebank, "tokenizer");
  if (!path.ok()) return path.status();
  auto start = std::chrono::steady_clock::now();
  auto score = score_segmentation_file(*path);
  if (!score.ok()) return score.status();
  EvalReport report;
  report.set = "tokenizer";
  report.data_path = *path;
  report.items = score->documents;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.add_ratio("token precision", score->matched_tokens, score->predicted_tokens);
  report.add_ratio("token recall", score->matched_tokens, score->gold_tokens);
  report.add_value("token F1", score->token_f1());
  report.add_ratio("sentence precision", score->matched_sentences, score->predicted_sentences);
  report.add_ratio("sentence recall", score->matched_sentences, score->gold_sentences);
  report.add_value("sentence F1", score->sentence_f1());
  return report;
}

}  // namespace tacitus
