// syntax_tool: trains and scores the syntax models without building the whole `tacitus` binary
// (a development aid; `tacitus train` and `tacitus parse --score` are the user-facing commands).
//   syntax_tool tagger|parser TRAIN DEV OUT [SEED EPOCHS TAGGER]
//   syntax_tool score TAGGER PARSER GOLD
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tacitus/syntax.h"

int main(int argc, char** argv) {
  using namespace tacitus;
  if (argc < 5) {
    std::cerr << "usage: syntax_tool tagger|parser TRAIN DEV OUT [SEED EPOCHS TAGGER]\n"
                 "       syntax_tool score TAGGER PARSER GOLD\n";
    return 2;
  }
  std::string what = argv[1];
  if (what == "score") {
    auto a = SyntaxAnalyzer::load_files(argv[2], argv[3]);
    if (!a.ok()) {
      std::cerr << a.status().ToString() << "\n";
      return 1;
    }
    std::ifstream in(argv[4]);
    std::stringstream ss;
    ss << in.rdbuf();
    auto gold = read_conllu(ss.str(), argv[4]);
    if (!gold.ok()) {
      std::cerr << gold.status().ToString() << "\n";
      return 1;
    }
    auto sys = *gold;
    size_t words = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (auto& s : sys) {
      (*a)->analyze(s.words);
      words += s.words.size();
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto sc = score_syntax(*gold, sys);
    if (!sc.ok()) {
      std::cerr << sc.status().ToString() << "\n";
      return 1;
    }
    std::cout << "UPOS " << sc->upos << " XPOS " << sc->xpos << " Lemma " << sc->lemma << " UAS "
              << sc->uas << " LAS " << sc->las << " words " << words << " words/s "
              << words / secs << "\n";
    return 0;
  }
  SyntaxTrainOptions o;
  o.train_path = argv[2];
  o.dev_path = argv[3];
  o.out_path = argv[4];
  if (argc > 5) o.seed = std::stoull(argv[5]);
  if (argc > 6) o.epochs = std::stoi(argv[6]);
  if (argc > 7) o.tagger_path = argv[7];
  if (argc > 8) o.jackknife = std::stoi(argv[8]);
  o.log = &std::cerr;
  auto t0 = std::chrono::steady_clock::now();
  Status s = what == "tagger" ? train_tagger(o) : train_parser(o);
  std::cerr << what << " training took "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s\n";
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  return 0;
}
