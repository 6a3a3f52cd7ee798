// ner_tool: development driver of the entity recogniser (the CLI's `tacitus train ner` is the
// user-facing trainer).
//   ner_tool bench MODEL.bin GOLD.iob2 [REPS]   (time to tag GOLD's words, best of REPS passes)
//   ner_tool train TRAIN.iob2 DEV.iob2 TEST.iob2 OUT.bin EPOCHS [SEED] [--no-resources]
//   ner_tool errors MODEL.bin GOLD.iob2   (prints sentences whose spans differ)
//   ner_tool vector-classes VECTORS.txt OUT [WORDS]   (clusters word vectors once; default 200000)
// NER_TAGGER=models/tagger.bin: UPOS from that tagger on every file (as the pipeline has them).
// NER_UNLABELLED=DIR: SGML news for word classes. NER_EXTRA_TRAIN=FILE.iob2: more training data.
// NER_O_PENALTY=X: a fixed O penalty (else tuned on DEV). NER_STACK_FOLDS=K, NER_MARGIN=X,
// NER_LONG_RANGE=0|1, NER_NAMES=FILE (name lists, read_name_lists): NerTrainOptions (defaults:
// the committed model's, but without name lists). NER_VECTORS=FILE (word vectors, clustered on
// every run) or NER_VECTOR_CLASSES=OUT of vector-classes: NerTrainOptions::vector_classes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "tacitus/model_file.h"
#include "tacitus/ner.h"
#include "tacitus/syntax.h"

using namespace tacitus;

namespace {
// UPOS from the tagger named by NER_TAGGER, if set.
bool add_upos(std::vector<NerSentence>& data) {
  const char* path = std::getenv("NER_TAGGER");
  if (!path) return true;
  static auto tagger = SyntaxAnalyzer::load_files(path, "");
  if (!tagger.ok()) {
    std::cerr << tagger.status().ToString() << "\n";
    return false;
  }
  tag_upos(**tagger, data);
  return true;
}

// Classes `ner_tool vector-classes` wrote.
Result<WordClusters> read_vector_classes(const std::string& path) {
  auto r = ModelReader::open(path, "vector-classes", 1);
  if (!r.ok()) return r.status();
  auto sec = r->section("classes");
  if (!sec.ok()) return sec.status();
  return WordClusters::decode(*sec, *r);
}

void print(const char* what, const NerScores& s) {
  std::printf("%s F1: PER %.2f  ORG %.2f  LOC %.2f  overall %.2f\n", what, s.per.f1(), s.org.f1(),
              s.loc.f1(), s.all.f1());
}
}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "train" && argc >= 7) {
    auto train = read_iob2(argv[2]), dev = read_iob2(argv[3]), test = read_iob2(argv[4]);
    if (!train.ok() || !dev.ok() || !test.ok()) {
      std::cerr << "cannot read data\n";
      return 1;
    }
    if (const char* extra = std::getenv("NER_EXTRA_TRAIN")) {
      auto x = read_iob2(extra);
      if (!x.ok()) {
        std::cerr << x.status().ToString() << "\n";
        return 1;
      }
      train->insert(train->end(), x->begin(), x->end());
    }
    if (!add_upos(*train) || !add_upos(*dev) || !add_upos(*test)) return 1;
    NerResources res;
    if (!(argc > 8 && std::string(argv[8]) == "--no-resources")) {
      auto r = load_ner_resources();
      if (!r.ok()) {
        std::cerr << r.status().ToString() << "\n";
        return 1;
      }
      res = *r;
      std::cerr << "gazetteer " << (res.gazetteer ? "loaded" : "absent") << "\n";
    }
    std::vector<std::vector<std::string>> raw;
    if (const char* dir = std::getenv("NER_UNLABELLED")) {
      auto r = read_sgml_bodies(dir);
      if (!r.ok()) {
        std::cerr << r.status().ToString() << "\n";
        return 1;
      }
      raw = std::move(r).value();
      size_t toks = 0;
      for (const auto& s : raw) toks += s.size();
      std::cerr << "unlabelled: " << raw.size() << " sentences, " << toks << " tokens\n";
    }
    const char* pen = std::getenv("NER_O_PENALTY");  // fixed, instead of tuned on dev
    NerTrainOptions opt;
    if (const char* v = std::getenv("NER_STACK_FOLDS")) opt.stack_folds = std::stoi(v);
    if (const char* v = std::getenv("NER_MARGIN")) opt.margin = std::stof(v);
    if (const char* v = std::getenv("NER_LONG_RANGE")) opt.long_range = std::stoi(v) != 0;
    if (const char* v = std::getenv("NER_NAMES")) {
      auto names = read_name_lists(v);
      if (!names.ok()) {
        std::cerr << names.status().ToString() << "\n";
        return 1;
      }
      opt.names = std::move(names).value();
    }
    // Classes of pretrained vectors: NER_VECTORS clusters a text vector file (minutes);
    // NER_VECTOR_CLASSES reads classes `ner_tool vector-classes` wrote.
    if (const char* v = std::getenv("NER_VECTORS")) {
      auto vec = read_word_vectors(v, 200000);
      if (!vec.ok()) {
        std::cerr << vec.status().ToString() << "\n";
        return 1;
      }
      opt.vector_classes = WordClusters::from_vectors(*vec, 1);
    } else if (const char* c = std::getenv("NER_VECTOR_CLASSES")) {
      auto vc = read_vector_classes(c);
      if (!vc.ok()) {
        std::cerr << vc.status().ToString() << "\n";
        return 1;
      }
      opt.vector_classes = std::move(vc).value();
    }
    std::cerr << "options: stack_folds " << opt.stack_folds << ", margin " << opt.margin
              << ", long_range " << opt.long_range << "\n";
    auto m = EntityRecognizer::train(*train, *dev, std::stoi(argv[6]),
                                     argc > 7 ? std::stoul(argv[7]) : 1u, true, res, raw,
                                     pen ? std::stof(pen) : -1.0f, opt);
    if (!m.ok()) {
      std::cerr << m.status().ToString() << "\n";
      return 1;
    }
    if (Status st = (*m)->save(argv[5]); !st.ok()) {
      std::cerr << st.ToString() << "\n";
      return 1;
    }
    print("dev", score_ner(**m, *dev));
    print("test", score_ner(**m, *test));
    return 0;
  }
  if (cmd == "vector-classes" && argc >= 4) {
    // Clusters a text vector file once, for NER_VECTOR_CLASSES.
    auto vec = read_word_vectors(argv[2], argc > 4 ? std::stoul(argv[4]) : 200000);
    if (!vec.ok()) {
      std::cerr << vec.status().ToString() << "\n";
      return 1;
    }
    ModelWriter w("vector-classes", 1);
    w.add_section("classes", WordClusters::from_vectors(*vec, 1).encode());
    if (Status st = w.write(argv[3]); !st.ok()) {
      std::cerr << st.ToString() << "\n";
      return 1;
    }
    return 0;
  }
  if (cmd == "errors" && argc >= 4) {
    auto r = load_ner_resources();
    auto m = EntityRecognizer::load(argv[2], r.ok() ? *r : NerResources{});
    auto gold = read_iob2(argv[3]);
    if (!m.ok() || !gold.ok() || !add_upos(*gold)) return 1;
    print("gold", score_ner(**m, *gold));
    // Tagged document by document, as score_ner does.
    std::vector<std::vector<std::string>> words, tags;
    std::vector<std::vector<Upos>> upos;
    for (size_t i = 0; i < gold->size(); ++i) {
      const NerSentence& s = (*gold)[i];
      words.push_back(s.words);
      upos.push_back(s.upos);
      if (i + 1 == gold->size() || s.document.empty() || (*gold)[i + 1].document != s.document) {
        for (auto& t : (*m)->tag_document(words, upos)) tags.push_back(std::move(t));
        words.clear();
        upos.clear();
      }
    }
    for (size_t si = 0; si < gold->size(); ++si) {
      const NerSentence& s = (*gold)[si];
      const auto& p = tags[si];
      if (p == s.tags) continue;
      for (size_t i = 0; i < p.size(); ++i)
        std::printf("%s\t%s\t%s%s\n", s.words[i].c_str(), s.tags[i].c_str(), p[i].c_str(),
                    p[i] != s.tags[i] ? "\t<<" : "");
      std::printf("\n");
    }
    return 0;
  }
  if (cmd == "bench" && argc >= 4) {
    // Tags GOLD document by document REPS times (default 3) and prints the time per pass.
    auto r = load_ner_resources();
    auto m = EntityRecognizer::load(argv[2], r.ok() ? *r : NerResources{});
    auto gold = read_iob2(argv[3]);
    if (!m.ok() || !gold.ok()) {
      std::cerr << (!m.ok() ? m.status() : gold.status()).ToString() << "\n";
      return 1;
    }
    std::vector<std::vector<std::vector<std::string>>> docs(1);
    for (size_t i = 0; i < gold->size(); ++i) {
      docs.back().push_back((*gold)[i].words);
      if (i + 1 < gold->size() &&
          ((*gold)[i].document.empty() || (*gold)[i + 1].document != (*gold)[i].document))
        docs.emplace_back();
    }
    const int reps = argc > 4 ? std::atoi(argv[4]) : 3;
    double best = 1e30;
    size_t spans = 0;
    for (int k = 0; k < reps; ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      spans = 0;
      for (const auto& d : docs)
        for (const auto& s : (*m)->tag_document(d))
          for (const auto& t : s) spans += t[0] == 'B';
      best = std::min(best,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::printf("%zu documents, %zu sentences, %zu spans: best of %d passes %.1f ms\n", docs.size(),
                gold->size(), spans, reps, best * 1e3);
    return 0;
  }
  std::cerr << "usage: ner_tool train TRAIN DEV TEST OUT EPOCHS [SEED] [--no-resources] | errors "
               "MODEL GOLD | bench MODEL GOLD [REPS]\n";
  return 2;
}
