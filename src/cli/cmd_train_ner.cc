// `tacitus train ner`: trains the entity recogniser on IOB2 data and writes models/ner.bin.
#include <iomanip>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/ner.h"
#include "tacitus/resources.h"
#include "tacitus/syntax.h"

namespace tacitus::cli {

namespace {
constexpr const char* kUsage =
    "usage: tacitus train ner --train FILE.iob2 [--train MORE.iob2 ...] --out models/ner.bin\n"
    "                         [--dev FILE.iob2] [--test FILE.iob2]\n"
    "                         [--unlabelled DIR (SGML news: word classes)]\n"
    "                         [--names FILE (NAME<TAB>LIST lines, scripts/ner_name_lists.js;\n"
    "                         repeatable; stored in the model)]\n"
    "                         [--vectors FILE (word vectors, GloVe text format, most frequent\n"
    "                         first; scripts/ner_word_vectors.js; their classes are stored)]\n"
    "                         [--vector-words N (rows read, default 200000)]\n"
    "                         [--epochs N (default 8)] [--seed N] [--o-penalty X (default:\n"
    "                         tuned on --dev)] [--tagger models/tagger.bin | --no-upos] [--quiet]\n"
    "       tacitus train ner --eval FILE.iob2 [--model models/ner.bin] [--tagger F | --no-upos]\n";

void print(const char* what, const NerScores& s) {
  std::cout << std::fixed << std::setprecision(2) << what << " F1: PER " << s.per.f1() << "  ORG "
            << s.org.f1() << "  LOC " << s.loc.f1() << "  overall " << s.all.f1() << "\n";
}
}  // namespace

int train_ner_main(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 3, {"quiet", "help", "no-upos"});
  if (!args.ok()) {
    std::cerr << "tacitus train ner: " << args.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (args->has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (Status st =
          args->check_known({"train", "dev", "test", "out", "epochs", "seed", "quiet", "help",
                             "eval", "model", "unlabelled", "tagger", "no-upos", "o-penalty",
                             "names", "vectors", "vector-words"});
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
  // UPOS as the pipeline's syntax stage gives them at run time, from the committed tagger.
  std::shared_ptr<const SyntaxAnalyzer> tagger;
  if (!args->has("no-upos")) {
    auto t =
        SyntaxAnalyzer::load_files(args->get("tagger", resource_path("models/tagger.bin")), "");
    if (!t.ok()) {
      std::cerr << "tacitus train ner: " << t.status().ToString() << "\n";
      return kExitFailure;
    }
    tagger = std::move(t).value();
  }
  auto read = [&](const std::string& path) {
    auto r = read_iob2(path);
    if (r.ok() && tagger) tag_upos(*tagger, *r);
    return r;
  };
  if (args->has("eval")) {
    auto model = EntityRecognizer::load(args->get("model", "models/ner.bin"), *resources);
    auto gold = read(args->get("eval"));
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
  auto vector_words = args->get_int("vector-words", 200000);
  for (const auto* n : {&epochs, &seed, &vector_words})
    if (!n->ok()) {
      std::cerr << "tacitus train ner: " << n->status().message() << "\n";
      return kExitUsage;
    }
  if (*vector_words < 1) {
    std::cerr << "tacitus train ner: --vector-words wants a number >= 1\n" << kUsage;
    return kExitUsage;
  }
  std::vector<NerSentence> train;
  for (const std::string& path : args->get_all("train")) {
    auto t = read(path);
    if (!t.ok()) {
      std::cerr << "tacitus train ner: " << t.status().ToString() << "\n";
      return kExitFailure;
    }
    train.insert(train.end(), t->begin(), t->end());
  }
  double o_penalty = -1;
  if (args->has("o-penalty")) {
    try {
      o_penalty = std::stod(args->get("o-penalty"));
    } catch (const std::exception&) {
      o_penalty = -1;
    }
    if (!(o_penalty >= 0 && o_penalty < 1e6)) {
      std::cerr << "tacitus train ner: --o-penalty wants a number >= 0\n" << kUsage;
      return kExitUsage;
    }
  }
  std::vector<NerSentence> dev;
  if (args->has("dev")) {
    auto d = read(args->get("dev"));
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
  NerTrainOptions options;
  for (const std::string& path : args->get_all("names")) {
    auto n = read_name_lists(path);
    if (!n.ok()) {
      std::cerr << "tacitus train ner: " << n.status().ToString() << "\n";
      return kExitFailure;
    }
    options.names.insert(options.names.end(), n->begin(), n->end());
  }
  if (args->has("vectors")) {
    auto v = read_word_vectors(args->get("vectors"), static_cast<size_t>(*vector_words));
    if (!v.ok()) {
      std::cerr << "tacitus train ner: " << v.status().ToString() << "\n";
      return kExitFailure;
    }
    // Seeded apart from the perceptron, so that every training seed reads the same classes.
    options.vector_classes = WordClusters::from_vectors(*v, 1);
    if (!args->has("quiet"))
      std::cerr << "ner vector classes over " << options.vector_classes.size() << " words\n";
  }
  auto model = EntityRecognizer::train(train, dev, static_cast<int>(*epochs),
                                       static_cast<unsigned>(*seed), !args->has("quiet"),
                                       *resources, unlabelled, static_cast<float>(o_penalty),
                                       options);
  if (!model.ok()) {
    std::cerr << "tacitus train ner: " << model.status().ToString() << "\n";
    return kExitFailure;
  }
  if (Status st = (*model)->save(args->get("out")); !st.ok()) {
    std::cerr << "tacitus train ner: " << st.ToString() << "\n";
    return kExitFailure;
  }
  if (!dev.empty()) print("dev", score_ner(**model, dev));
  if (args->has("test")) {
    auto t = read(args->get("test"));
    if (t.ok()) print("test", score_ner(**model, *t));
  }
  return kExitOk;
}

}  // namespace tacitus::cli
