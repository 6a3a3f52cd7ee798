// `tacitus train ner`: trains the entity recogniser on IOB2 data and writes models/ner.bin.
#include <iomanip>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/ner.h"

namespace tacitus::cli {

namespace {
constexpr const char* kUsage =
    "usage: tacitus train ner --train FILE.iob2 --out models/ner.bin [--dev FILE.iob2]\n"
    "                         [--test FILE.iob2] [--unlabelled DIR (SGML news: word classes)]\n"
    "                         [--epochs N (default 8)] [--seed N] [--quiet]\n"
    "       tacitus train ner --eval FILE.iob2 [--model models/ner.bin]\n";

void print(const char* what, const NerScores& s) {
  std::cout << std::fixed << std::setprecision(2) << what << " F1: PER " << s.per.f1() << "  ORG "
            << s.org.f1() << "  LOC " << s.loc.f1() << "  overall " << s.all.f1() << "\n";
}
}  // namespace

int train_ner_main(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 3, {"quiet", "help"});
  if (!args.ok()) {
    std::cerr << "tacitus train ner: " << args.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (args->has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (Status st = args->check_known({"train", "dev", "test", "out", "epochs", "seed", "quiet",
                                     "help", "eval", "model", "unlabelled"});
      !st.ok()) {
    std::cerr << "tacitus train ner: " << st.message() << "\n" << kUsage;
    return kExitUsage;
  }
  // The gazetteer and actor dictionary the features read, loaded once.
  auto resources = load_ner_resources();
  if (!resources.ok()) {
    std::cerr << "tacitus train ner: " << resources.status().ToString() << "\n";
    return kExitFailure;
  }
  if (args->has("eval")) {
    auto model = EntityRecognizer::load(args->get("model", "models/ner.bin"), *resources);
    auto gold = read_iob2(args->get("eval"));
    if (!model.ok() || !gold.ok()) {
      std::cerr << "tacitus train ner: "
                << (!model.ok() ? model.status() : gold.status()).ToString() << "\n";
      return kExitFailure;
    }
    print("eval", score_ner(**model, *gold));
    return kExitOk;
  }
  if (!args->has("train") || !args->has("out")) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  auto epochs = args->get_int("epochs", 8);
  auto seed = args->get_int("seed", 1);
  if (!epochs.ok() || !seed.ok()) {
    std::cerr << "tacitus train ner: " << (!epochs.ok() ? epochs.status() : seed.status()).message()
              << "\n";
    return kExitUsage;
  }
  auto train = read_iob2(args->get("train"));
  if (!train.ok()) {
    std::cerr << "tacitus train ner: " << train.status().ToString() << "\n";
    return kExitFailure;
  }
  std::vector<NerSentence> dev;
  if (args->has("dev")) {
    auto d = read_iob2(args->get("dev"));
    if (!d.ok()) {
      std::cerr << "tacitus train ner: " << d.status().ToString() << "\n";
      return kExitFailure;
    }
    dev = std::move(d).value();
  }
  std::vector<std::vector<std::string>> unlabelled;
  if (args->has("unlabelled")) {
    auto u = read_sgml_bodies(args->get("unlabelled"));
    if (!u.ok()) {
      std::cerr << "tacitus train ner: " << u.status().ToString() << "\n";
      return kExitFailure;
    }
    unlabelled = std::move(u).value();
  }
  auto model =
      EntityRecognizer::train(*train, dev, static_cast<int>(*epochs), static_cast<unsigned>(*seed),
                              !args->has("quiet"), *resources, unlabelled);
  if (Status st = model->save(args->get("out")); !st.ok()) {
    std::cerr << "tacitus train ner: " << st.ToString() << "\n";
    return kExitFailure;
  }
  if (!dev.empty()) print("dev", score_ner(*model, dev));
  if (args->has("test")) {
    auto t = read_iob2(args->get("test"));
    if (t.ok()) print("test", score_ner(*model, *t));
  }
  return kExitOk;
}

}  // namespace tacitus::cli
