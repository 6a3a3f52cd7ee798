// `tacitus train tagger|parser|ner`: trains a model from CoNLL-U (tagger, parser) and writes it in
// the versioned model format.
#include <cstring>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/syntax.h"

namespace tacitus::cli {
namespace {

constexpr const char* kUsage =
    "usage: tacitus train tagger|parser --train FILE.conllu --out models/X.bin\n"
    "                     [--dev FILE.conllu] [--seed N] [--epochs N] [--quiet]\n"
    "       tagger only: [--unlabelled DIR (Reuters-21578 .sgm files: word classes from their\n"
    "                     bodies)]\n"
    "       parser only: [--jackknife K (default 4; 1 = gold tags)] [--tagger models/tagger.bin\n"
    "                     (tags --dev as at test time)] [--silver FILE.conllu (machine-parsed\n"
    "                     sentences added to --train, tagged by --tagger) [--silver-words N\n"
    "                     (its first sentences up to N words)]]\n"
    "       tacitus train ner ... (see `tacitus train ner --help`)\n"
    "       tacitus train event-type ... (see `tacitus train event-type --help`)\n";

}  // namespace

int train_main(int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[2], "--help") == 0 || std::strcmp(argv[2], "-h") == 0) {
    (argc < 3 ? std::cerr : std::cout) << kUsage;
    return argc < 3 ? kExitUsage : kExitOk;
  }
  std::string what = argv[2];
  if (what == "ner") return train_ner_main(argc, argv);
  if (what == "event-type") return train_event_type_main(argc, argv);
  if (what != "tagger" && what != "parser") {
    std::cerr << "tacitus train: unknown model '" << what << "'\n" << kUsage;
    return kExitUsage;
  }
  auto args = Args::parse(argc, argv, 3, {"quiet", "help"});
  if (!args.ok()) {
    std::cerr << "tacitus train: " << args.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (args->has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (Status s = args->check_known({"train", "dev", "out", "seed", "epochs", "quiet", "help",
                                    "jackknife", "tagger", "unlabelled", "silver",
                                    "silver-words"});
      !s.ok()) {
    std::cerr << "tacitus train: " << s.message() << "\n" << kUsage;
    return kExitUsage;
  }
  SyntaxTrainOptions o;
  o.train_path = args->get("train");
  o.dev_path = args->get("dev");
  o.out_path = args->get("out");
  o.tagger_path = args->get("tagger");
  o.unlabelled_dir = args->get("unlabelled");
  o.silver_path = args->get("silver");
  if (o.train_path.empty() || o.out_path.empty()) {
    std::cerr << "tacitus train: --train and --out are required\n" << kUsage;
    return kExitUsage;
  }
  auto seed = args->get_int("seed", 1);
  auto epochs = args->get_int("epochs", 0);
  auto jackknife = args->get_int("jackknife", 4);
  auto silver_words = args->get_int("silver-words", 0);
  for (const auto* r : {&seed, &epochs, &jackknife, &silver_words})
    if (!r->ok()) {
      std::cerr << "tacitus train: " << r->status().message() << "\n";
      return kExitUsage;
    }
  o.seed = static_cast<uint64_t>(*seed);
  o.epochs = static_cast<int>(*epochs);
  o.jackknife = static_cast<int>(*jackknife);
  if (*silver_words < 0) {
    std::cerr << "tacitus train: --silver-words must be 0 (all) or more\n";
    return kExitUsage;
  }
  o.silver_words = static_cast<size_t>(*silver_words);
  if (!args->has("quiet")) o.log = &std::cerr;
  Status s = what == "tagger" ? train_tagger(o) : train_parser(o);
  if (!s.ok()) {
    std::cerr << "tacitus train " << what << ": " << s.ToString() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace tacitus::cli
