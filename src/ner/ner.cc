// The entity recogniser: structured perceptron training, Viterbi BILOU decoding, model file,
// stage.
#include "tacitus/ner.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <random>
#include <unordered_map>

#include "ner/name_lexicon.h"
#include "ner/ner_features.h"
#include "syntax/perceptron.h"
#include "tacitus/actors.h"
#include "tacitus/gazetteer.h"
#include "tacitus/model_file.h"
#include "tacitus/resources.h"
#include "tacitus/syntax.h"

namespace tacitus {

namespace {

// Payload v6: emission and transition weights in one table (section "weights") over BILOU
// classes; which resources the features were trained with, the O penalties and the feature
// options (section "resources"); word classes from news ("classes") and from pretrained vectors
// ("vector_classes", possibly empty); the name lists ("names", possibly empty); with a second
// pass, the first pass's table ("first_weights"). Older files (v5: no vector classes) are refused
// with a message asking for a retrain.
constexpr uint32_t kNerVersion = 6;

// Data and output use BIO; the model decodes BILOU (Begin, Inside, Last, Unit-length, O), which
// lets the first and last word of a name carry their own evidence.
const char* const kBioTags[] = {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"};
constexpr int kNumBioTags = 7;
constexpr int kNumTags = 13;      // O, then B, I, L, U of PER, ORG, LOC
constexpr int kStart = kNumTags;  // the previous "tag" of the first word
constexpr int kSink = kNumTags;   // a class no decision reads: the other side of a one-sided update
constexpr int kNumClasses = kNumTags + 1;
constexpr uint32_t kTransitionTemplate = 1000;
constexpr uint32_t kMinFeatureCount = 2;

int bio_id(const std::string& t) {
  for (int i = 0; i < kNumBioTags; ++i)
    if (t == kBioTags[i]) return i;
  return 0;
}

// In BIO ids: I-X may only follow B-X or I-X.
bool bio_allowed(int prev, int cur) {
  if (cur == 0 || cur % 2 == 1) return true;
  return prev == cur || prev == cur - 1;
}

// BILOU ids: 1 + 4 * type + {0 B, 1 I, 2 L, 3 U}.
int part(int t) { return (t - 1) % 4; }
int type_of(int t) { return (t - 1) / 4; }
bool inside_span(int t) { return t > 0 && t < kNumTags && part(t) <= 1; }  // B or I: must go on

bool allowed(int prev, int cur) {
  if (inside_span(prev))
    return cur > 0 && part(cur) >= 1 && part(cur) <= 2 && type_of(cur) == type_of(prev);
  return cur == 0 || part(cur) == 0 || part(cur) == 3;
}

// BIO tags (well formed, as read_iob2 gives them) to BILOU ids.
std::vector<int> to_bilou(const std::vector<std::string>& tags) {
  std::vector<int> out(tags.size(), 0);
  for (size_t i = 0; i < tags.size();) {
    const int b = bio_id(tags[i]);
    if (b == 0) {
      ++i;
      continue;
    }
    const int type = (b - 1) / 2;
    size_t j = i + 1;
    while (j < tags.size() && bio_id(tags[j]) == 2 + 2 * type) ++j;
    if (j == i + 1) {
      out[i] = 1 + 4 * type + 3;
    } else {
      out[i] = 1 + 4 * type;
      for (size_t k = i + 1; k + 1 < j; ++k) out[k] = 1 + 4 * type + 1;
      out[j - 1] = 1 + 4 * type + 2;
    }
    i = j;
  }
  return out;
}

const char* bio_name(int t) {
  if (t == 0) return kBioTags[0];
  return kBioTags[1 + 2 * type_of(t) + (part(t) == 1 || part(t) == 2)];
}

// [begin, end) ranges of consecutive sentences of one document; a sentence without a document
// id is a document of its own.
std::vector<std::pair<size_t, size_t>> document_ranges(const std::vector<NerSentence>& s) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t b = 0; b < s.size();) {
    size_t e = b + 1;
    if (!s[b].document.empty())
      while (e < s.size() && s[e].document == s[b].document) ++e;
    out.emplace_back(b, e);
    b = e;
  }
  return out;
}

// Features of every sentence of `data`, each with its document's context.
std::vector<ner::SentenceFeatures> sentence_features(const std::vector<NerSentence>& data,
                                                     const NerResources& resources,
                                                     const WordClusters& clusters,
                                                     const WordClusters& vector_classes,
                                                     const ner::NameLexicon& names,
                                                     bool long_range) {
  std::vector<ner::SentenceFeatures> feats(data.size());
  for (const auto& [b, e] : document_ranges(data)) {
    std::vector<const std::vector<std::string>*> doc;
    for (size_t i = b; i < e; ++i) doc.push_back(&data[i].words);
    const ner::DocumentContext dc = ner::document_context(doc);
    for (size_t i = b; i < e; ++i)
      ner::extract_features(data[i].words, data[i].upos, resources, clusters, vector_classes,
                            names, &dc, feats[i], long_range);
  }
  return feats;
}

// Drops features seen fewer than kMinFeatureCount times: a perceptron spends them on memorising
// single sentences.
void prune_rare(std::vector<ner::SentenceFeatures>& feats) {
  std::unordered_map<uint64_t, uint32_t> count;
  for (const auto& sf : feats)
    for (uint64_t k : sf.keys) ++count[k];
  for (auto& sf : feats) {
    std::vector<uint64_t> kept;
    std::vector<uint32_t> offsets{0};
    for (size_t i = 0; i + 1 < sf.offsets.size(); ++i) {
      for (uint32_t j = sf.offsets[i]; j < sf.offsets[i + 1]; ++j)
        if (count[sf.keys[j]] >= kMinFeatureCount) kept.push_back(sf.keys[j]);
      offsets.push_back(static_cast<uint32_t>(kept.size()));
    }
    sf.keys = std::move(kept);
    sf.offsets = std::move(offsets);
  }
}

uint64_t transition_key(int prev) {
  return syntax::feature_key(kTransitionTemplate, static_cast<uint64_t>(prev));
}

// Scores come from either the training weights or the frozen ones. `o_penalty` is taken off every
// O score: the perceptron under-predicts the rare entity tags, and a penalty tuned on dev
// trades a little precision for more recall. In training, `gold` and `margin` > 0 make the
// decoding loss-augmented: every tag but the gold one gets `margin` added.
template <class Weights>
std::vector<int> viterbi(const Weights& w, const ner::SentenceFeatures& sf, float o_penalty,
                         const std::vector<int>* gold = nullptr, float margin = 0) {
  const size_t n = sf.offsets.size() - 1;
  if (n == 0) return {};
  float trans[kNumTags + 1][kNumClasses] = {};
  for (int p = 0; p <= kNumTags; ++p) {
    const uint64_t k = transition_key(p);
    w.score(&k, 1, trans[p]);
  }
  std::vector<float> emit(n * kNumClasses, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    w.score(sf.keys.data() + sf.offsets[i], sf.offsets[i + 1] - sf.offsets[i],
            &emit[i * kNumClasses]);
    emit[i * kNumClasses] -= o_penalty;
    if (gold && margin > 0)
      for (int t = 0; t < kNumTags; ++t)
        if (t != (*gold)[i]) emit[i * kNumClasses + static_cast<size_t>(t)] += margin;
  }
  constexpr float kNeg = -1e30f;
  std::vector<float> best(n * kNumTags, kNeg);
  std::vector<int8_t> back(n * kNumTags, 0);
  for (int t = 0; t < kNumTags; ++t)
    if (allowed(0, t))
      best[static_cast<size_t>(t)] = emit[static_cast<size_t>(t)] + trans[kStart][t];
  for (size_t i = 1; i < n; ++i)
    for (int t = 0; t < kNumTags; ++t) {
      float b = kNeg;
      int arg = 0;
      for (int p = 0; p < kNumTags; ++p) {
        const float prev = best[(i - 1) * kNumTags + static_cast<size_t>(p)];
        if (prev <= kNeg || !allowed(p, t)) continue;
        const float s = prev + trans[p][t];
        if (s > b) b = s, arg = p;
      }
      if (b <= kNeg) continue;
      best[i * kNumTags + static_cast<size_t>(t)] =
          b + emit[i * kNumClasses + static_cast<size_t>(t)];
      back[i * kNumTags + static_cast<size_t>(t)] = static_cast<int8_t>(arg);
    }
  std::vector<int> path(n, 0);
  int t = 0;
  for (int k = 1; k < kNumTags; ++k)
    if (!inside_span(k) && best[(n - 1) * kNumTags + static_cast<size_t>(k)] >
                               best[(n - 1) * kNumTags + static_cast<size_t>(t)])
      t = k;
  for (size_t i = n; i-- > 0;) {
    path[i] = t;
    t = back[i * kNumTags + static_cast<size_t>(t)];
  }
  return path;
}

// Perceptron training over the sentences `subset` of `feats`, `epochs` passes in an order
// shuffled by `seed` (the caller takes the average).
syntax::TrainingWeights fit(const std::vector<ner::SentenceFeatures>& feats,
                            const std::vector<std::vector<int>>& gold,
                            const std::vector<size_t>& subset, int epochs, unsigned seed,
                            float margin, bool verbose, const char* what) {
  syntax::TrainingWeights tw(kNumClasses);
  std::vector<size_t> order = subset;
  std::mt19937 rng(seed);
  for (int e = 0; e < epochs; ++e) {
    std::shuffle(order.begin(), order.end(), rng);
    size_t errors = 0, total = 0;
    for (size_t si : order) {
      const ner::SentenceFeatures& sf = feats[si];
      const std::vector<int>& g = gold[si];
      const std::vector<int> p = viterbi(tw, sf, 0.0f, &g, margin);
      for (size_t i = 0; i < g.size(); ++i) {
        ++total;
        const int gp = i ? g[i - 1] : kStart, pp = i ? p[i - 1] : kStart;
        if (g[i] != p[i]) {
          ++errors;
          tw.update(sf.keys.data() + sf.offsets[i], sf.offsets[i + 1] - sf.offsets[i], g[i], p[i]);
        }
        if (gp == pp) {
          const uint64_t k = transition_key(gp);
          tw.update(&k, 1, g[i], p[i]);
        } else {
          const uint64_t kg = transition_key(gp), kp = transition_key(pp);
          tw.update(&kg, 1, g[i], kSink);
          tw.update(&kp, 1, kSink, p[i]);
        }
      }
      tw.tick();
    }
    if (verbose)
      std::cerr << "ner " << what << " epoch " << e + 1 << ": train token error "
                << double(errors) / double(total) << std::endl;
  }
  return tw;
}

}  // namespace

struct EntityRecognizer::Impl {
  syntax::SparseWeights weights;        // the last pass
  syntax::SparseWeights first_weights;  // the first pass, when there are two
  bool stacked = false, long_range = false;
  float first_o_penalty = 0;
  WordClusters clusters;
  WordClusters vector_classes;  // of pretrained word vectors; empty when trained without
  ner::NameLexicon names;
  float o_penalty = 0;  // see viterbi()
  NerResources resources;
  bool trained_with_gazetteer = false, trained_with_actors = false;
};

Result<NerResources> load_ner_resources(const std::string& data_dir) {
  NerResources r;
  auto gaz = Gazetteer::load(default_gazetteer_build_path());
  if (gaz.ok()) {
    r.gazetteer = std::move(gaz).value();
  } else if (gaz.status().code() != Status::Code::kNotFound) {
    return gaz.status();
  }
  ActorOptions o;
  o.data_dir = data_dir;
  auto dict = load_actor_dictionary(o);
  if (!dict.ok()) return dict.status();
  r.actors = std::move(dict).value();
  return r;
}

Result<std::vector<NerSentence>> read_iob2(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open IOB2 file");
  std::vector<NerSentence> out;
  NerSentence cur;
  std::string line, document;
  bool newdoc = false;  // the current document was opened by "# newdoc id"
  size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!cur.words.empty()) out.push_back(std::move(cur));
      cur = NerSentence();
      continue;
    }
    if (line[0] == '#') {
      constexpr std::string_view kNewdoc = "# newdoc id = ", kSentId = "# sent_id = ";
      if (line.starts_with(kNewdoc)) {
        document = line.substr(kNewdoc.size());
        newdoc = true;
      } else if (line.starts_with(kSentId)) {
        // "answers-20070404104007AAY1Chs_ans-0002": the document is what precedes the number,
        // unless the sentence continues the document a "# newdoc" line opened.
        const std::string id = line.substr(kSentId.size());
        const size_t dash = id.rfind('-');
        const bool numbered = dash != std::string::npos && dash > 0 && dash + 1 < id.size() &&
                              id.find_first_not_of("0123456789", dash + 1) == std::string::npos;
        if (numbered && !(newdoc && id.starts_with(document))) {
          document = id.substr(0, dash);
          newdoc = false;
        } else if (!numbered && !newdoc) {
          document.clear();
        }
      }
      cur.document = document;
      continue;
    }
    const size_t a = line.find('\t');
    const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos || b == a + 1)
      return Status::InvalidInput(path + ":" + std::to_string(lineno) +
                                  ": expected id, form and tag columns");
    const size_t c = line.find('\t', b + 1);
    std::string tag = line.substr(b + 1, c == std::string::npos ? std::string::npos : c - b - 1);
    int id = bio_id(tag);
    if (id % 2 == 0 && id != 0) {
      const int prev = cur.tags.empty() ? 0 : bio_id(cur.tags.back());
      if (!bio_allowed(prev, id)) id -= 1;  // a stray I-X opens a span, as conlleval reads it
    }
    cur.words.push_back(line.substr(a + 1, b - a - 1));
    cur.tags.emplace_back(kBioTags[id]);
  }
  if (!cur.words.empty()) out.push_back(std::move(cur));
  return out;
}

void tag_upos(const SyntaxAnalyzer& syntax, std::vector<NerSentence>& sentences) {
  std::vector<SyntaxWord> words;
  for (NerSentence& s : sentences) {
    words.assign(s.words.size(), SyntaxWord());
    for (size_t i = 0; i < s.words.size(); ++i) words[i].form = s.words[i];
    syntax.analyze(words);
    s.upos.clear();
    for (const SyntaxWord& w : words) s.upos.push_back(upos_from_name(w.upos));
  }
}

std::vector<std::string> EntityRecognizer::tag(const std::vector<std::string>& words,
                                               const std::vector<Upos>& upos) const {
  return tag_document({words}, {upos}).front();
}

std::vector<std::vector<std::string>> EntityRecognizer::tag_document(
    const std::vector<std::vector<std::string>>& sentences,
    const std::vector<std::vector<Upos>>& upos) const {
  std::vector<const std::vector<std::string>*> doc;
  for (const auto& s : sentences) doc.push_back(&s);
  const ner::DocumentContext dc = ner::document_context(doc);
  std::vector<std::vector<std::string>> out(sentences.size());
  static const std::vector<Upos> kNoUpos;
  if (!impl_->stacked) {
    ner::SentenceFeatures sf;
    for (size_t s = 0; s < sentences.size(); ++s) {
      ner::extract_features(sentences[s], upos.size() == sentences.size() ? upos[s] : kNoUpos,
                            impl_->resources, impl_->clusters, impl_->vector_classes,
                            impl_->names, &dc, sf, impl_->long_range);
      for (int t : viterbi(impl_->weights, sf, impl_->o_penalty)) out[s].emplace_back(bio_name(t));
    }
    return out;
  }
  // Two passes: the first tags every sentence; the second reads those tags across the document.
  std::vector<ner::SentenceFeatures> sfs(sentences.size());
  std::vector<std::vector<int>> first(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    ner::extract_features(sentences[s], upos.size() == sentences.size() ? upos[s] : kNoUpos,
                          impl_->resources, impl_->clusters, impl_->vector_classes,
                          impl_->names, &dc, sfs[s], impl_->long_range);
    first[s] = viterbi(impl_->first_weights, sfs[s], impl_->first_o_penalty);
  }
  const ner::StackContext ctx = ner::stack_context(doc, first);
  ner::SentenceFeatures sf;
  for (size_t s = 0; s < sentences.size(); ++s) {
    ner::stacked_features(sentences[s], first[s], ctx, sfs[s], sf);
    for (int t : viterbi(impl_->weights, sf, impl_->o_penalty)) out[s].emplace_back(bio_name(t));
  }
  return out;
}

Result<std::shared_ptr<const EntityRecognizer>> EntityRecognizer::train(
    const std::vector<NerSentence>& train, const std::vector<NerSentence>& dev, int epochs,
    unsigned seed, bool verbose, NerResources resources,
    const std::vector<std::vector<std::string>>& unlabelled, float o_penalty,
    const NerTrainOptions& options) {
  auto names = ner::NameLexicon::build(options.names);
  if (!names.ok()) return names.status();
  if (verbose && !names->empty())
    std::cerr << "ner name lists: " << names->size() << " names" << std::endl;
  WordClusters clusters;
  if (!unlabelled.empty()) {
    std::vector<std::vector<std::string>> text = unlabelled;
    for (const NerSentence& s : train) text.push_back(s.words);
    clusters = WordClusters::learn(text, seed);
    if (verbose) std::cerr << "ner word classes over " << clusters.size() << " words" << std::endl;
  }
  // Features do not depend on tags, so they are extracted once for all epochs.
  std::vector<ner::SentenceFeatures> feats =
      sentence_features(train, resources, clusters, options.vector_classes, *names,
                        options.long_range);
  std::vector<std::vector<int>> gold(train.size());
  for (size_t s = 0; s < train.size(); ++s) gold[s] = to_bilou(train[s].tags);
  prune_rare(feats);
  std::vector<size_t> all(train.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  auto impl = std::make_shared<Impl>();
  impl->clusters = clusters;
  impl->vector_classes = options.vector_classes;
  impl->names = std::move(names).value();
  impl->resources = resources;
  impl->trained_with_gazetteer = resources.gazetteer != nullptr;
  impl->trained_with_actors = resources.actors != nullptr;
  impl->long_range = options.long_range;
  if (options.stack_folds > 1) {
    // First-pass tags of every training sentence from a model that did not see its document.
    const float first_pen = o_penalty >= 0 ? o_penalty : 0.5f;
    const auto docs = document_ranges(train);
    const size_t folds = static_cast<size_t>(options.stack_folds);
    std::vector<std::vector<int>> first(train.size());
    for (size_t k = 0; k < folds; ++k) {
      std::vector<size_t> in, out;
      for (size_t d = 0; d < docs.size(); ++d)
        for (size_t i = docs[d].first; i < docs[d].second; ++i)
          (d % folds == k ? out : in).push_back(i);
      const syntax::SparseWeights w =
          fit(feats, gold, in, epochs, seed + 101 * static_cast<unsigned>(k + 1), options.margin,
              false, "fold")
              .average();
      for (size_t i : out) first[i] = viterbi(w, feats[i], first_pen);
      if (verbose) std::cerr << "ner fold " << k + 1 << " of " << folds << " done" << std::endl;
    }
    std::vector<ner::SentenceFeatures> feats2(train.size());
    for (const auto& [b, e] : docs) {
      std::vector<const std::vector<std::string>*> doc;
      std::vector<std::vector<int>> labels;
      for (size_t i = b; i < e; ++i) doc.push_back(&train[i].words), labels.push_back(first[i]);
      const ner::StackContext ctx = ner::stack_context(doc, labels);
      for (size_t i = b; i < e; ++i)
        ner::stacked_features(train[i].words, first[i], ctx, feats[i], feats2[i]);
    }
    prune_rare(feats2);
    impl->first_weights =
        fit(feats, gold, all, epochs, seed, options.margin, verbose, "first").average();
    impl->first_o_penalty = first_pen;
    impl->stacked = true;
    feats.clear();
    impl->weights =
        fit(feats2, gold, all, epochs, seed, options.margin, verbose, "second").average();
  } else {
    impl->weights = fit(feats, gold, all, epochs, seed, options.margin, verbose, "model").average();
  }
  auto model = std::make_shared<EntityRecognizer>(impl);
  if (o_penalty >= 0) {
    model->impl_->o_penalty = o_penalty;
  } else if (!dev.empty()) {
    // Tune the O penalty on dev.
    double best_f1 = score_ner(*model, dev).all.f1();
    float best = 0;
    for (float pen : {0.5f, 1.0f, 2.0f, 3.0f, 4.0f, 6.0f, 8.0f, 10.0f, 12.0f, 16.0f, 20.0f, 25.0f,
                      30.0f, 40.0f}) {
      model->impl_->o_penalty = pen;
      const double f1 = score_ner(*model, dev).all.f1();
      if (verbose) std::cerr << "ner O penalty " << pen << ": dev F1 " << f1 << std::endl;
      if (f1 > best_f1) best_f1 = f1, best = pen;
    }
    model->impl_->o_penalty = best;
  }
  return std::shared_ptr<const EntityRecognizer>(std::move(model));
}

Status EntityRecognizer::save(const std::string& path) const {
  ModelWriter w("ner", kNerVersion);
  w.add_section("weights", impl_->weights.encode());
  ByteWriter r;
  r.put<uint8_t>(impl_->trained_with_gazetteer);
  r.put<uint8_t>(impl_->trained_with_actors);
  r.put<float>(impl_->o_penalty);
  r.put<uint8_t>(impl_->long_range);
  r.put<uint8_t>(impl_->stacked);
  r.put<float>(impl_->first_o_penalty);
  w.add_section("resources", r.take());
  if (impl_->stacked) w.add_section("first_weights", impl_->first_weights.encode());
  w.add_section("classes", impl_->clusters.encode());
  w.add_section("names", impl_->names.encode());
  w.add_section("vector_classes", impl_->vector_classes.encode());
  return w.write(path);
}

Result<std::shared_ptr<const EntityRecognizer>> EntityRecognizer::load(const std::string& path,
                                                                       NerResources resources) {
  auto r = ModelReader::open(path, "ner", kNerVersion);
  if (!r.ok()) return r.status();
  auto sec = r->section("weights");
  if (!sec.ok()) return sec.status();
  auto w = syntax::SparseWeights::decode(*sec, *r);
  if (!w.ok()) return w.status();
  if (!w->classes_below(kNumClasses)) return r->corrupt("weights name a class past the last tag");
  auto res = r->section("resources");
  if (!res.ok()) return res.status();
  ByteReader br(*res);
  auto impl = std::make_shared<Impl>();
  impl->trained_with_gazetteer = br.get<uint8_t>() != 0;
  impl->trained_with_actors = br.get<uint8_t>() != 0;
  impl->o_penalty = br.get<float>();
  impl->long_range = br.get<uint8_t>() != 0;
  impl->stacked = br.get<uint8_t>() != 0;
  impl->first_o_penalty = br.get<float>();
  if (!br.ok() || !br.at_end() || !(impl->o_penalty >= 0 && impl->o_penalty < 1e6f) ||
      !(impl->first_o_penalty >= 0 && impl->first_o_penalty < 1e6f))
    return r->corrupt("malformed resources section");
  if (impl->stacked) {
    auto first = r->section("first_weights");
    if (!first.ok()) return first.status();
    auto fw = syntax::SparseWeights::decode(*first, *r);
    if (!fw.ok()) return fw.status();
    if (!fw->classes_below(kNumClasses))
      return r->corrupt("first-pass weights name a class past the last tag");
    impl->first_weights = std::move(fw).value();
  }
  auto classes = r->section("classes");
  if (!classes.ok()) return classes.status();
  auto clusters = WordClusters::decode(*classes, *r);
  if (!clusters.ok()) return clusters.status();
  impl->clusters = std::move(clusters).value();
  auto vector_section = r->section("vector_classes");
  if (!vector_section.ok()) return vector_section.status();
  auto vector_classes = WordClusters::decode(*vector_section, *r);
  if (!vector_classes.ok()) return vector_classes.status();
  impl->vector_classes = std::move(vector_classes).value();
  auto names_section = r->section("names");
  if (!names_section.ok()) return names_section.status();
  auto names = ner::NameLexicon::decode(*names_section, *r);
  if (!names.ok()) return names.status();
  impl->names = std::move(names).value();
  impl->weights = std::move(w).value();
  impl->resources = std::move(resources);
  return std::shared_ptr<const EntityRecognizer>(std::make_shared<EntityRecognizer>(impl));
}

void EntityRecognizer::recognize(Document& doc) const {
  doc.entities.clear();
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  if (doc.sentences.empty()) {
    if (!doc.tokens.empty()) ranges.emplace_back(0, static_cast<uint32_t>(doc.tokens.size()));
  } else {
    for (const Sentence& s : doc.sentences) ranges.emplace_back(s.begin, s.end);
  }
  std::vector<std::vector<std::string>> words(ranges.size());
  std::vector<std::vector<Upos>> upos(ranges.size());
  for (size_t s = 0; s < ranges.size(); ++s)
    for (uint32_t i = ranges[s].first; i < ranges[s].second; ++i) {
      words[s].emplace_back(doc.token_text(i));
      upos[s].push_back(doc.tokens[i].upos);
    }
  const auto tags = tag_document(words, upos);
  for (size_t s = 0; s < ranges.size(); ++s) {
    const uint32_t b = ranges[s].first;
    for (uint32_t i = 0; i < tags[s].size(); ++i) {
      if (tags[s][i][0] != 'B') continue;
      uint32_t j = i + 1;
      while (j < tags[s].size() && tags[s][j][0] == 'I') ++j;
      Entity ent;
      ent.begin = b + i;
      ent.end = b + j;
      ent.type = tags[s][i][2] == 'P'   ? EntityType::PER
                 : tags[s][i][2] == 'O' ? EntityType::ORG
                                        : EntityType::LOC;
      doc.entities.push_back(ent);
    }
  }
}

NerScores score_ner(const EntityRecognizer& model, const std::vector<NerSentence>& gold) {
  NerScores sc;
  auto spans = [](const std::vector<std::string>& tags) {
    std::vector<std::tuple<size_t, size_t, char>> out;
    for (size_t i = 0; i < tags.size(); ++i) {
      if (tags[i][0] != 'B') continue;
      size_t j = i + 1;
      while (j < tags.size() && tags[j][0] == 'I' && tags[j].substr(2) == tags[i].substr(2)) ++j;
      out.emplace_back(i, j, tags[i][2]);
    }
    return out;
  };
  auto bucket = [&](char t) -> NerScores::Count& {
    return t == 'P' ? sc.per : t == 'O' ? sc.org : sc.loc;
  };
  std::vector<std::vector<std::string>> predicted(gold.size());
  for (const auto& [b, e] : document_ranges(gold)) {
    std::vector<std::vector<std::string>> words;
    std::vector<std::vector<Upos>> upos;
    for (size_t i = b; i < e; ++i) words.push_back(gold[i].words), upos.push_back(gold[i].upos);
    auto tags = model.tag_document(words, upos);
    for (size_t i = b; i < e; ++i) predicted[i] = std::move(tags[i - b]);
  }
  for (size_t si = 0; si < gold.size(); ++si) {
    const NerSentence& s = gold[si];
    const auto g = spans(s.tags), p = spans(predicted[si]);
    for (const auto& x : p) {
      const bool hit = std::find(g.begin(), g.end(), x) != g.end();
      (hit ? bucket(std::get<2>(x)).tp : bucket(std::get<2>(x)).fp)++;
      (hit ? sc.all.tp : sc.all.fp)++;
    }
    for (const auto& x : g)
      if (std::find(p.begin(), p.end(), x) == p.end()) {
        bucket(std::get<2>(x)).fn++;
        sc.all.fn++;
      }
  }
  return sc;
}

namespace {
class NerStage : public Stage {
 public:
  explicit NerStage(std::shared_ptr<const EntityRecognizer> m) : m_(std::move(m)) {}
  std::string_view name() const override { return "ner"; }
  Status run(Document& doc) const override {
    m_->recognize(doc);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const EntityRecognizer> m_;
};
}  // namespace

Result<std::shared_ptr<const Stage>> make_ner_stage(const std::string& models_dir) {
  auto res = load_ner_resources();
  if (!res.ok()) return res.status();
  auto m = EntityRecognizer::load(models_dir + "/ner.bin", std::move(res).value());
  if (!m.ok()) return m.status();
  return std::shared_ptr<const Stage>(std::make_shared<NerStage>(std::move(m).value()));
}

}  // namespace tacitus
