// The entity recogniser: feature extraction, greedy BIO decoding, training, model file, stage.
#include "tacitus/ner.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <random>

#include "syntax/perceptron.h"
#include "tacitus/model_file.h"

namespace tacitus {

namespace {

constexpr uint32_t kNerVersion = 1;
const char* const kTags[] = {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"};
constexpr int kNumTags = 7;

int tag_id(const std::string& t) {
  for (int i = 0; i < kNumTags; ++i)
    if (t == kTags[i]) return i;
  return 0;
}

// I-X may only follow B-X or I-X.
bool allowed(int prev, int cur) {
  if (cur == 0 || cur % 2 == 1) return true;
  return prev == cur || prev == cur - 1;
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return o;
}

// "Xxxx" -> "Xx", "U.S." -> "X.X.", "1990" -> "d": runs of a character class collapse.
std::string shape(std::string_view w) {
  std::string s;
  for (unsigned char c : w) {
    char k = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x' : c >= '0' && c <= '9' ? 'd' : c >= 0x80 ? 'u' : static_cast<char>(c);
    if (s.empty() || s.back() != k) s += k;
  }
  return s;
}

using syntax::feature_key;
using syntax::string_hash;

void features(const std::vector<std::string>& words, const std::vector<std::string>& lowers,
              const std::vector<Upos>& upos, size_t i, int p1, int p2, std::vector<uint64_t>& f) {
  f.clear();
  auto w = [&](long k) -> uint64_t {
    if (k < 0) return 1;
    if (k >= static_cast<long>(words.size())) return 2;
    return string_hash(lowers[static_cast<size_t>(k)]);
  };
  auto sh = [&](long k) -> uint64_t {
    if (k < 0 || k >= static_cast<long>(words.size())) return 3;
    return string_hash(shape(words[static_cast<size_t>(k)]));
  };
  const long li = static_cast<long>(i);
  const std::string& word = words[i];
  const std::string& lw = lowers[i];
  f.push_back(feature_key(0, 0));
  f.push_back(feature_key(1, string_hash(word)));
  f.push_back(feature_key(2, w(li)));
  f.push_back(feature_key(3, sh(li)));
  for (size_t n = 2; n <= 4; ++n)
    if (lw.size() > n) {
      f.push_back(feature_key(4 + static_cast<uint32_t>(n), string_hash(lw.substr(lw.size() - n))));
      f.push_back(feature_key(8 + static_cast<uint32_t>(n), string_hash(lw.substr(0, n))));
    }
  f.push_back(feature_key(13, w(li - 1)));
  f.push_back(feature_key(14, w(li + 1)));
  f.push_back(feature_key(15, w(li - 2)));
  f.push_back(feature_key(16, w(li + 2)));
  f.push_back(feature_key(17, sh(li - 1), sh(li)));
  f.push_back(feature_key(18, sh(li), sh(li + 1)));
  f.push_back(feature_key(19, static_cast<uint64_t>(p1)));
  f.push_back(feature_key(20, static_cast<uint64_t>(p1), static_cast<uint64_t>(p2)));
  f.push_back(feature_key(21, static_cast<uint64_t>(p1), w(li)));
  f.push_back(feature_key(22, w(li - 1), w(li)));
  f.push_back(feature_key(23, w(li), w(li + 1)));
  f.push_back(feature_key(24, static_cast<uint64_t>(p1), sh(li)));
  f.push_back(feature_key(25, i == 0 ? 1 : 0, sh(li)));
  f.push_back(feature_key(26, static_cast<uint64_t>(word.size() > 6 ? 7 : word.size())));
  if (!upos.empty()) {
    auto u = [&](long k) -> uint64_t {
      if (k < 0 || k >= static_cast<long>(upos.size())) return 99;
      return static_cast<uint64_t>(upos[static_cast<size_t>(k)]);
    };
    if (u(li) != 0) {
      f.push_back(feature_key(27, u(li)));
      f.push_back(feature_key(28, u(li - 1), u(li)));
      f.push_back(feature_key(29, u(li), u(li + 1)));
      f.push_back(feature_key(30, u(li), w(li)));
    }
  }
}

}  // namespace

struct EntityRecognizer::Impl {
  syntax::SparseWeights weights;
};

Result<std::vector<NerSentence>> read_iob2(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open IOB2 file");
  std::vector<NerSentence> out;
  NerSentence cur;
  std::string line;
  size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!cur.words.empty()) out.push_back(std::move(cur));
      cur = NerSentence();
      continue;
    }
    if (line[0] == '#') continue;
    const size_t a = line.find('\t');
    const size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos)
      return Status::InvalidInput(path + ":" + std::to_string(lineno) + ": expected id, form and tag columns");
    const size_t c = line.find('\t', b + 1);
    std::string tag = line.substr(b + 1, c == std::string::npos ? std::string::npos : c - b - 1);
    if (tag.size() < 3 || (tag[0] != 'B' && tag[0] != 'I') || tag_id(tag) == 0) tag = "O";
    cur.words.push_back(line.substr(a + 1, b - a - 1));
    cur.tags.push_back(tag);
  }
  if (!cur.words.empty()) out.push_back(std::move(cur));
  return out;
}

std::vector<std::string> EntityRecognizer::tag(const std::vector<std::string>& words,
                                               const std::vector<Upos>& upos) const {
  std::vector<std::string> lowers;
  for (const auto& w : words) lowers.push_back(lower(w));
  std::vector<std::string> out;
  std::vector<uint64_t> f;
  int p1 = -1, p2 = -1;
  for (size_t i = 0; i < words.size(); ++i) {
    features(words, lowers, upos.size() == words.size() ? upos : std::vector<Upos>{}, i, p1 + 1, p2 + 1, f);
    float scores[kNumTags] = {};
    impl_->weights.score(f.data(), f.size(), scores);
    int best = 0;
    for (int t = 1; t < kNumTags; ++t)
      if (allowed(p1 < 0 ? 0 : p1, t) && scores[t] > scores[best]) best = t;
    out.emplace_back(kTags[best]);
    p2 = p1;
    p1 = best;
  }
  return out;
}

std::shared_ptr<const EntityRecognizer> EntityRecognizer::train(const std::vector<NerSentence>& train,
                                                                const std::vector<NerSentence>& dev, int epochs,
                                                                unsigned seed, bool verbose) {
  syntax::TrainingWeights tw(kNumTags);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(seed);
  std::vector<uint64_t> f;
  for (int e = 0; e < epochs; ++e) {
    std::shuffle(order.begin(), order.end(), rng);
    size_t errors = 0, total = 0;
    for (size_t si : order) {
      const NerSentence& s = train[si];
      std::vector<std::string> lowers;
      for (const auto& w : s.words) lowers.push_back(lower(w));
      int p1 = -1, p2 = -1;
      for (size_t i = 0; i < s.words.size(); ++i) {
        features(s.words, lowers, {}, i, p1 + 1, p2 + 1, f);
        float scores[kNumTags] = {};
        tw.score(f.data(), f.size(), scores);
        int best = 0;
        for (int t = 1; t < kNumTags; ++t)
          if (allowed(p1 < 0 ? 0 : p1, t) && scores[t] > scores[best]) best = t;
        const int gold = tag_id(s.tags[i]);
        tw.update(f.data(), f.size(), gold, best);
        tw.tick();
        errors += best != gold;
        ++total;
        p2 = p1;
        p1 = best;  // greedy training on its own history, as at run time
      }
    }
    if (verbose) {
      std::cerr << "ner epoch " << e + 1 << ": train token error " << double(errors) / double(total);
      if (!dev.empty()) {
        auto impl = std::make_shared<Impl>();
        impl->weights = tw.average();
        EntityRecognizer m(impl);
        std::cerr << ", dev F1 " << score_ner(m, dev).all.f1();
      }
      std::cerr << "\n";
    }
  }
  auto impl = std::make_shared<Impl>();
  impl->weights = tw.average();
  return std::make_shared<EntityRecognizer>(impl);
}

Status EntityRecognizer::save(const std::string& path) const {
  ModelWriter w("ner", kNerVersion);
  w.add_section("weights", impl_->weights.encode());
  return w.write(path);
}

Result<std::shared_ptr<const EntityRecognizer>> EntityRecognizer::load(const std::string& path) {
  auto r = ModelReader::open(path, "ner", kNerVersion);
  if (!r.ok()) return r.status();
  auto sec = r->section("weights");
  if (!sec.ok()) return sec.status();
  auto w = syntax::SparseWeights::decode(*sec, *r);
  if (!w.ok()) return w.status();
  if (!w->classes_below(kNumTags)) return r->corrupt("weights name a class past the last tag");
  auto impl = std::make_shared<Impl>();
  impl->weights = std::move(w).value();
  return std::shared_ptr<const EntityRecognizer>(std::make_shared<EntityRecognizer>(impl));
}

void EntityRecognizer::recognize(Document& doc) const {
  doc.entities.clear();
  auto run = [&](uint32_t b, uint32_t e) {
    std::vector<std::string> words;
    std::vector<Upos> upos;
    for (uint32_t i = b; i < e; ++i) {
      words.emplace_back(doc.token_text(i));
      upos.push_back(doc.tokens[i].upos);
    }
    const auto tags = tag(words, upos);
    for (uint32_t i = 0; i < tags.size(); ++i) {
      if (tags[i][0] != 'B') continue;
      uint32_t j = i + 1;
      while (j < tags.size() && tags[j][0] == 'I') ++j;
      Entity ent;
      ent.begin = b + i;
      ent.end = b + j;
      ent.type = tags[i][2] == 'P' ? EntityType::PER : tags[i][2] == 'O' ? EntityType::ORG : EntityType::LOC;
      doc.entities.push_back(ent);
    }
  };
  if (doc.sentences.empty()) {
    if (!doc.tokens.empty()) run(0, static_cast<uint32_t>(doc.tokens.size()));
    return;
  }
  for (const Sentence& s : doc.sentences) run(s.begin, s.end);
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
  auto bucket = [&](char t) -> NerScores::Count& { return t == 'P' ? sc.per : t == 'O' ? sc.org : sc.loc; };
  for (const NerSentence& s : gold) {
    const auto g = spans(s.tags), p = spans(model.tag(s.words));
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
  auto m = EntityRecognizer::load(models_dir + "/ner.bin");
  if (!m.ok()) return m.status();
  return std::shared_ptr<const Stage>(std::make_shared<NerStage>(std::move(m).value()));
}

}  // namespace tacitus
