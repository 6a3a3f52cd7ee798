// `tacitus parse`: tags, lemmatises and parses CoNLL-U (gold tokenisation) or raw text (the
// project tokenizer), writing CoNLL-U; `--score` compares with gold and prints the accuracies.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/document.h"
#include "tacitus/resources.h"
#include "tacitus/syntax.h"
#include "tacitus/text.h"

namespace tacitus::cli {
namespace {

constexpr const char* kUsage =
    "usage: tacitus parse [--input conllu|text] FILE|- [--models DIR] [--output FILE]\n"
    "                     [--score [--gold GOLD.conllu] [--from-text]]\n"
    "  --input conllu (default) keeps the file's tokenisation and sentences; --input text\n"
    "  tokenises raw UTF-8 text. --score prints UPOS/XPOS/Lemma/UAS/LAS against the input\n"
    "  (conllu) or --gold (text, aligned by characters); the CoNLL-U then goes to --output only.\n"
    "  --from-text (with --input conllu --score): analyse the raw text of each document rebuilt\n"
    "  from the `# text` lines (`# newdoc` boundaries) with the project tokenizer instead of the\n"
    "  gold tokens, and score tokens, sentences, tags and arcs as F1 (CoNLL 2018 style).\n";

Result<std::string> read_input(const std::string& path) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound(path + ": cannot open");
    ss << in.rdbuf();
  }
  return ss.str();
}

}  // namespace

int parse_main(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"score", "from-text", "help"});
  if (!args.ok()) {
    std::cerr << "tacitus parse: " << args.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (args->has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (Status s =
          args->check_known({"input", "models", "output", "score", "gold", "from-text", "help"});
      !s.ok()) {
    std::cerr << "tacitus parse: " << s.message() << "\n" << kUsage;
    return kExitUsage;
  }
  std::string format = args->get("input", "conllu");
  const bool from_text = args->has("from-text");
  if ((format != "conllu" && format != "text") || args->positionals().size() != 1 ||
      (from_text && (format != "conllu" || !args->has("score")))) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string& path = args->positionals()[0];
  auto analyzer = SyntaxAnalyzer::load(args->get("models", resource_path("models")));
  if (!analyzer.ok()) {
    std::cerr << "tacitus parse: " << analyzer.status().ToString() << "\n";
    return kExitFailure;
  }
  auto input = read_input(path);
  if (!input.ok()) {
    std::cerr << "tacitus parse: " << input.status().ToString() << "\n";
    return kExitFailure;
  }
  std::vector<ConlluSentence> gold, system;
  std::optional<Result<SyntaxScores>> raw_scores;  // --from-text
  if (format == "conllu") {
    auto parsed = read_conllu(*input, path);
    if (!parsed.ok()) {
      std::cerr << "tacitus parse: " << parsed.status().ToString() << "\n";
      return kExitRejectedInput;
    }
    gold = std::move(parsed).value();
    if (from_text) {
      raw_scores = score_from_raw_text(**analyzer, gold, &system);
      if (!raw_scores->ok()) {
        std::cerr << "tacitus parse: " << raw_scores->status().ToString() << "\n";
        return kExitRejectedInput;
      }
    } else {
      system = gold;
      for (auto& s : system) (*analyzer)->analyze(s.words);
    }
  } else {
    system = (*analyzer)->analyze_text(std::move(input).value());
  }

  bool score = args->has("score");
  std::string output = args->get("output");
  if (!output.empty()) {
    std::ofstream out(output, std::ios::binary);
    if (!out) {
      std::cerr << "tacitus parse: " << output << ": cannot open for writing\n";
      return kExitFailure;
    }
    write_conllu(system, out);
  } else if (!score) {
    write_conllu(system, std::cout);
  }
  if (!score) return kExitOk;
  if (format == "text") {
    std::string gold_path = args->get("gold");
    if (gold_path.empty()) {
      std::cerr << "tacitus parse: --score with --input text needs --gold FILE.conllu\n";
      return kExitUsage;
    }
    auto g = read_input(gold_path);
    if (!g.ok()) {
      std::cerr << "tacitus parse: " << g.status().ToString() << "\n";
      return kExitFailure;
    }
    auto parsed = read_conllu(*g, gold_path);
    if (!parsed.ok()) {
      std::cerr << "tacitus parse: " << parsed.status().ToString() << "\n";
      return kExitFailure;
    }
    gold = std::move(parsed).value();
  }
  auto sc = raw_scores ? std::move(*raw_scores) : score_syntax(gold, system);
  if (!sc.ok()) {
    std::cerr << "tacitus parse: " << sc.status().ToString() << "\n";
    return kExitFailure;
  }
  std::cout << std::fixed << std::setprecision(2) << "words " << sc->gold_words << " gold, "
            << sc->system_words << " system; sentences " << sc->gold_sentences << " gold, "
            << sc->system_sentences << " system\nTokens " << sc->tokens << "\nSentences "
            << sc->sentences << "\nUPOS   " << sc->upos << "\nXPOS   " << sc->xpos << "\nLemma  "
            << sc->lemma << "\nUAS    " << sc->uas << "\nLAS    " << sc->las << "\n";
  return kExitOk;
}

}  // namespace tacitus::cli
