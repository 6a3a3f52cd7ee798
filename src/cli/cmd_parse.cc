// `tacitus parse`: tags, lemmatises and parses CoNLL-U (gold tokenisation) or raw text (the
// project tokenizer), writing CoNLL-U; `--score` compares with gold and prints the accuracies.
#include <fstream>
#include <iomanip>
#include <iostream>
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
    "                     [--score [--gold GOLD.conllu]]\n"
    "  --input conllu (default) keeps the file's tokenisation and sentences; --input text\n"
    "  tokenises raw UTF-8 text. --score prints UPOS/XPOS/Lemma/UAS/LAS against the input\n"
    "  (conllu) or --gold (text, aligned by characters); the CoNLL-U then goes to --output only.\n";

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

// Raw text -> CoNLL-U sentences via the project tokenizer and the syntax analyser.
std::vector<ConlluSentence> analyse_text(const SyntaxAnalyzer& a, std::string text) {
  Document doc;
  doc.text = std::move(text);
  tokenize(doc);
  a.annotate(doc);
  std::vector<ConlluSentence> out;
  for (const Sentence& s : doc.sentences) {
    ConlluSentence cs;
    std::string t(std::string_view(doc.text).substr(s.start, s.stop - s.start));
    for (char& c : t)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    cs.comments.push_back("# text = " + t);
    for (uint32_t i = s.begin; i < s.end; ++i) {
      const Token& tok = doc.tokens[i];
      SyntaxWord w;
      w.form = doc.token_text(i);
      w.lemma = doc.lemma(i);
      w.upos = upos_name(tok.upos);
      w.xpos = doc.xpos(i);
      w.head = tok.head < 0 ? 0 : tok.head - static_cast<int>(s.begin) + 1;
      w.deprel = doc.deprel(i);
      bool space = i + 1 < doc.tokens.size() ? doc.tokens[i + 1].start > tok.end : true;
      if (!space) w.misc = "SpaceAfter=No";
      cs.words.push_back(std::move(w));
    }
    out.push_back(std::move(cs));
  }
  return out;
}

}  // namespace

int parse_main(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"score", "help"});
  if (!args.ok()) {
    std::cerr << "tacitus parse: " << args.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (args->has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (Status s = args->check_known({"input", "models", "output", "score", "gold", "help"}); !s.ok()) {
    std::cerr << "tacitus parse: " << s.message() << "\n" << kUsage;
    return kExitUsage;
  }
  std::string format = args->get("input", "conllu");
  if ((format != "conllu" && format != "text") || args->positionals().size() != 1) {
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
  if (format == "conllu") {
    auto parsed = read_conllu(*input, path);
    if (!parsed.ok()) {
      std::cerr << "tacitus parse: " << parsed.status().ToString() << "\n";
      return kExitRejectedInput;
    }
    gold = std::move(parsed).value();
    system = gold;
    for (auto& s : system) (*analyzer)->analyze(s.words);
  } else {
    system = analyse_text(**analyzer, std::move(input).value());
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
  auto sc = score_syntax(gold, system);
  if (!sc.ok()) {
    std::cerr << "tacitus parse: " << sc.status().ToString() << "\n";
    return kExitFailure;
  }
  std::cout << std::fixed << std::setprecision(2) << "words " << sc->gold_words << " gold, "
            << sc->system_words << " system\nTokens " << sc->tokens << "\nUPOS   " << sc->upos
            << "\nXPOS   " << sc->xpos << "\nLemma  " << sc->lemma << "\nUAS    " << sc->uas
            << "\nLAS    " << sc->las << "\n";
  return kExitOk;
}

}  // namespace tacitus::cli
