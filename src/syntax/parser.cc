#include "syntax/parser.h"

#include <algorithm>
#include <limits>
#include <ostream>

#include "syntax/training.h"

namespace tacitus {
namespace {

using syntax::feature_key;
using syntax::mix64;

constexpr uint64_t kNoWord = 0x1234567ULL;
constexpr uint64_t kRootWord = 0x7654321ULL;
constexpr uint64_t kNoTag = 0x2345678ULL;
constexpr uint64_t kRootTag = 0x8765432ULL;
constexpr size_t kMaxParserFeatures = 96;

enum Move { kShift = 0, kLeft = 1, kRight = 2 };

// The arc-hybrid configuration plus what the features read about partial trees. Node 0 is the
// root; words are 1..n. Arrays have n + 1 entries.
struct Config {
  size_t n = 0;
  std::vector<int> stack;
  int b = 1;  // front of the buffer; buffer empty when b > n
  std::vector<int> head;
  std::vector<uint16_t> label;
  std::vector<int> lc1, lc2, rc1, rc2;  // leftmost, second-leftmost, rightmost, second-rightmost
  std::vector<uint8_t> nl, nr;          // numbers of left and right children (saturating)
  std::vector<uint64_t> lset, rset;     // bit sets of the labels of left and right children

  void reset(size_t words) {
    n = words;
    stack.clear();
    stack.push_back(0);
    b = 1;
    head.assign(n + 1, -1);
    label.assign(n + 1, 0);
    lc1.assign(n + 1, -1);
    lc2.assign(n + 1, -1);
    rc1.assign(n + 1, -1);
    rc2.assign(n + 1, -1);
    nl.assign(n + 1, 0);
    nr.assign(n + 1, 0);
    lset.assign(n + 1, 0);
    rset.assign(n + 1, 0);
  }
  bool terminal() const { return b > static_cast<int>(n) && stack.size() == 1; }
  bool buffer_empty() const { return b > static_cast<int>(n); }
  int s(size_t k) const { return stack.size() > k ? stack[stack.size() - 1 - k] : -1; }
  bool can(Move m) const {
    switch (m) {
      case kShift: return !buffer_empty();
      case kLeft: return stack.size() >= 2 && !buffer_empty();
      // Attaching to the root only once the buffer is empty gives exactly one root per sentence.
      case kRight: return stack.size() >= 2 && (stack[stack.size() - 2] != 0 || buffer_empty());
    }
    return false;
  }
  void attach(int h, int d, uint16_t l) {
    head[d] = h;
    label[d] = l;
    uint64_t bit = uint64_t{1} << (l & 63);
    if (d < h) {
      // Left dependents arrive right to left, so the newest is the leftmost.
      lc2[h] = lc1[h];
      lc1[h] = d;
      if (nl[h] < 255) ++nl[h];
      lset[h] |= bit;
    } else {
      rc2[h] = rc1[h];
      rc1[h] = d;
      if (nr[h] < 255) ++nr[h];
      rset[h] |= bit;
    }
  }
  void apply(Move m, uint16_t l) {
    if (m == kShift) {
      stack.push_back(b++);
    } else if (m == kLeft) {
      int d = stack.back();
      stack.pop_back();
      attach(b, d, l);
    } else {
      int d = stack.back();
      stack.pop_back();
      attach(stack.back(), d, l);
    }
  }
};

uint64_t distance_bucket(int d) {
  if (d < 0) return 0;
  if (d <= 4) return static_cast<uint64_t>(d);
  return d < 10 ? 5 : 6;
}

// Feature keys of configuration `c` over the sentence's word and tag identities.
size_t parser_features(const Config& c, const uint64_t* words, const uint64_t* tags, uint64_t* out) {
  auto W = [&](int i) { return i < 0 ? kNoWord : i == 0 ? kRootWord : words[i - 1]; };
  auto T = [&](int i) { return i < 0 ? kNoTag : i == 0 ? kRootTag : tags[i - 1]; };
  auto L = [&](int i) { return i <= 0 ? uint64_t{0} : uint64_t{c.label[i]} + 1; };
  auto WT = [&](int i) { return mix64(W(i) ^ (T(i) * 0x9E3779B97F4A7C15ULL)); };
  auto at = [&](const std::vector<int>& v, int i) { return i < 0 ? -1 : v[i]; };
  const int n = static_cast<int>(c.n);
  const int s0 = c.s(0), s1 = c.s(1), s2 = c.s(2);
  const int b0 = c.b <= n ? c.b : -1;
  const int b1 = c.b + 1 <= n ? c.b + 1 : -1;
  const int b2 = c.b + 2 <= n ? c.b + 2 : -1;
  const int s0l = at(c.lc1, s0), s0l2 = at(c.lc2, s0), s0r = at(c.rc1, s0), s0r2 = at(c.rc2, s0);
  const int b0l = at(c.lc1, b0), b0l2 = at(c.lc2, b0);
  const int s1l = at(c.lc1, s1), s1r = at(c.rc1, s1);
  const uint64_t s0w = W(s0), s0t = T(s0), s0wt = WT(s0);
  const uint64_t b0w = W(b0), b0t = T(b0), b0wt = WT(b0);
  const uint64_t s1w = W(s1), s1t = T(s1);
  const uint64_t d = (s0 > 0 && b0 > 0) ? distance_bucket(b0 - s0) : 7;
  const uint64_t d1 = (s1 >= 0 && s0 > 0) ? distance_bucket(s0 - s1) : 7;
  const uint64_t s0vl = s0 >= 0 ? c.nl[s0] : 255, s0vr = s0 >= 0 ? c.nr[s0] : 255;
  const uint64_t b0vl = b0 >= 0 ? c.nl[b0] : 255, s1vr = s1 >= 0 ? c.nr[s1] : 255;
  const uint64_t s0sl = s0 >= 0 ? c.lset[s0] : 1, s0sr = s0 >= 0 ? c.rset[s0] : 1;
  const uint64_t b0sl = b0 >= 0 ? c.lset[b0] : 1;
  size_t k = 0;
  out[k++] = feature_key(0, 0);
  // Unigrams.
  out[k++] = feature_key(1, s0wt);
  out[k++] = feature_key(2, s0w);
  out[k++] = feature_key(3, s0t);
  out[k++] = feature_key(4, b0wt);
  out[k++] = feature_key(5, b0w);
  out[k++] = feature_key(6, b0t);
  out[k++] = feature_key(7, WT(b1));
  out[k++] = feature_key(8, W(b1));
  out[k++] = feature_key(9, T(b1));
  out[k++] = feature_key(10, WT(b2));
  out[k++] = feature_key(11, W(b2));
  out[k++] = feature_key(12, T(b2));
  out[k++] = feature_key(13, WT(s1));
  out[k++] = feature_key(14, s1w);
  out[k++] = feature_key(15, s1t);
  // Pairs.
  out[k++] = feature_key(16, s0wt, b0wt);
  out[k++] = feature_key(17, s0wt, b0w);
  out[k++] = feature_key(18, s0w, b0wt);
  out[k++] = feature_key(19, s0wt, b0t);
  out[k++] = feature_key(20, s0t, b0wt);
  out[k++] = feature_key(21, s0w, b0w);
  out[k++] = feature_key(22, s0t, b0t);
  out[k++] = feature_key(23, b0t, T(b1));
  // Tag trigrams.
  out[k++] = feature_key(24, b0t, T(b1), T(b2));
  out[k++] = feature_key(25, s0t, b0t, T(b1));
  out[k++] = feature_key(26, s1t, s0t, b0t);
  out[k++] = feature_key(27, s0t, T(s0l), b0t);
  out[k++] = feature_key(28, s0t, T(s0r), b0t);
  out[k++] = feature_key(29, s0t, b0t, T(b0l));
  out[k++] = feature_key(30, s1t, s0t, T(s0r));
  out[k++] = feature_key(31, s1t, T(s1r), s0t);
  // Distance.
  out[k++] = feature_key(32, s0w, d);
  out[k++] = feature_key(33, s0t, d);
  out[k++] = feature_key(34, b0w, d);
  out[k++] = feature_key(35, b0t, d);
  out[k++] = feature_key(36, s0w, b0w, d);
  out[k++] = feature_key(37, s0t, b0t, d);
  out[k++] = feature_key(38, s1t, s0t, d1);
  out[k++] = feature_key(39, s1w, s0w);
  out[k++] = feature_key(40, s1t, s0w);
  out[k++] = feature_key(41, s1w, s0t);
  out[k++] = feature_key(42, s1w, s0w, d1);
  // Valency.
  out[k++] = feature_key(43, s0w, s0vr);
  out[k++] = feature_key(44, s0t, s0vr);
  out[k++] = feature_key(45, s0w, s0vl);
  out[k++] = feature_key(46, s0t, s0vl);
  out[k++] = feature_key(47, b0w, b0vl);
  out[k++] = feature_key(48, b0t, b0vl);
  out[k++] = feature_key(49, s1t, s1vr);
  // Children.
  out[k++] = feature_key(50, W(s0l));
  out[k++] = feature_key(51, T(s0l));
  out[k++] = feature_key(52, L(s0l));
  out[k++] = feature_key(53, W(s0r));
  out[k++] = feature_key(54, T(s0r));
  out[k++] = feature_key(55, L(s0r));
  out[k++] = feature_key(56, W(b0l));
  out[k++] = feature_key(57, T(b0l));
  out[k++] = feature_key(58, L(b0l));
  out[k++] = feature_key(59, W(s1r));
  out[k++] = feature_key(60, T(s1r));
  out[k++] = feature_key(61, L(s1r));
  out[k++] = feature_key(62, T(s1l), L(s1l));
  // Third order.
  out[k++] = feature_key(63, W(s0l2));
  out[k++] = feature_key(64, T(s0l2));
  out[k++] = feature_key(65, L(s0l2));
  out[k++] = feature_key(66, W(s0r2));
  out[k++] = feature_key(67, T(s0r2));
  out[k++] = feature_key(68, L(s0r2));
  out[k++] = feature_key(69, W(b0l2));
  out[k++] = feature_key(70, T(b0l2));
  out[k++] = feature_key(71, L(b0l2));
  out[k++] = feature_key(72, s0t, T(s0l), T(s0l2));
  out[k++] = feature_key(73, s0t, T(s0r), T(s0r2));
  out[k++] = feature_key(74, b0t, T(b0l), T(b0l2));
  // Label sets.
  out[k++] = feature_key(75, s0w, s0sr);
  out[k++] = feature_key(76, s0t, s0sr);
  out[k++] = feature_key(77, s0w, s0sl);
  out[k++] = feature_key(78, s0t, s0sl);
  out[k++] = feature_key(79, b0w, b0sl);
  out[k++] = feature_key(80, b0t, b0sl);
  // Deeper stack.
  out[k++] = feature_key(81, T(s2));
  out[k++] = feature_key(82, T(s2), s1t, s0t);
  out[k++] = feature_key(83, s0t, L(s0l), L(s0r));
  out[k++] = feature_key(84, s1t, L(s1r), s0t);
  return k;
}

// Class layout: 0 = SHIFT, 1..L = LEFT(label), L+1..2L = RIGHT(label).
struct Classes {
  int num_labels;
  int count() const { return 1 + 2 * num_labels; }
  Move move(int c) const { return c == 0 ? kShift : c <= num_labels ? kLeft : kRight; }
  uint16_t label(int c) const {
    return static_cast<uint16_t>(c == 0 ? 0 : c <= num_labels ? c - 1 : c - 1 - num_labels);
  }
  int make(Move m, uint16_t l) const {
    return m == kShift ? 0 : m == kLeft ? 1 + l : 1 + num_labels + l;
  }
};

int best_valid(const Config& c, const Classes& cls, const float* scores) {
  int best = -1;
  float best_score = -std::numeric_limits<float>::infinity();
  bool ok[3] = {c.can(kShift), c.can(kLeft), c.can(kRight)};
  for (int k = 0; k < cls.count(); ++k) {
    if (!ok[cls.move(k)]) continue;
    if (best < 0 || scores[k] > best_score) {
      best = k;
      best_score = scores[k];
    }
  }
  return best;
}

// Goldberg & Nivre (2013) arc-hybrid costs: gold arcs made unreachable by each move.
void move_costs(const Config& c, const std::vector<int>& gold_head, int cost[3]) {
  const int n = static_cast<int>(c.n);
  const int s0 = c.s(0), s1 = c.s(1), b0 = c.b;
  auto in_buffer = [&](int i) { return i >= c.b && i <= n; };
  // Dependents of x still in the buffer (they would lose their head if x is popped).
  auto buffer_children = [&](int x) {
    int k = 0;
    for (int i = c.b; i <= n; ++i) k += gold_head[i] == x;
    return k;
  };
  cost[kShift] = cost[kLeft] = cost[kRight] = std::numeric_limits<int>::max();
  if (c.can(kShift)) {
    int k = 0;
    for (size_t j = 0; j < c.stack.size(); ++j) {
      int s = c.stack[j];
      if (s > 0 && gold_head[s] == b0) ++k;
      if (gold_head[b0] == s && s != s0) ++k;
    }
    cost[kShift] = k;
  }
  if (c.can(kLeft)) {
    int h = gold_head[s0];
    cost[kLeft] = buffer_children(s0) + ((h != b0 && (h == s1 || (in_buffer(h)))) ? 1 : 0);
  }
  if (c.can(kRight)) {
    int h = gold_head[s0];
    cost[kRight] = buffer_children(s0) + ((h != s1 && in_buffer(h)) ? 1 : 0);
  }
}

}  // namespace

uint64_t Parser::tag_key(std::string_view upos, std::string_view xpos) {
  return mix64(syntax::string_hash(upos) * 31 + syntax::string_hash(xpos));
}

void Parser::parse(const uint64_t* words, const uint64_t* tags, size_t n, int* heads,
                   uint16_t* labels) const {
  thread_local Config c;
  thread_local std::vector<float> scores;
  Classes cls{static_cast<int>(labels_.size())};
  scores.resize(cls.count());
  c.reset(n);
  uint64_t feats[kMaxParserFeatures];
  while (!c.terminal()) {
    size_t k = parser_features(c, words, tags, feats);
    std::fill(scores.begin(), scores.end(), 0.0f);
    weights_.score(feats, k, scores.data());
    int best = best_valid(c, cls, scores.data());
    c.apply(cls.move(best), cls.label(best));
  }
  for (size_t i = 1; i <= n; ++i) {
    heads[i - 1] = c.head[i];
    labels[i - 1] = c.label[i];
  }
}

Status Parser::save(const std::string& path) const {
  ModelWriter file("parser", kVersion);
  ByteWriter labels;
  labels.put<uint32_t>(static_cast<uint32_t>(labels_.size()));
  for (const auto& l : labels_) labels.put_string(l);
  file.add_section("labels", labels.take());
  file.add_section("weights", weights_.encode());
  return file.write(path);
}

Result<std::unique_ptr<Parser>> Parser::load(const std::string& path) {
  auto file = ModelReader::open(path, "parser", kVersion);
  if (!file.ok()) return file.status();
  std::unique_ptr<Parser> p(new Parser());
  auto labels = file->section("labels");
  if (!labels.ok()) return labels.status();
  ByteReader r(*labels);
  uint32_t n = r.get<uint32_t>();
  for (uint32_t i = 0; i < n && r.ok(); ++i) p->labels_.push_back(r.get_string());
  if (!r.ok() || !r.at_end() || n == 0 || n > 1000) return file->corrupt("malformed label table");
  auto weights = file->section("weights");
  if (!weights.ok()) return weights.status();
  auto w = syntax::SparseWeights::decode(*weights, *file);
  if (!w.ok()) return w.status();
  p->weights_ = std::move(w).value();
  if (!p->weights_.classes_below(1 + 2 * n)) return file->corrupt("weight class out of range");
  return p;
}

std::unique_ptr<Parser> Parser::train(const std::vector<ParserSentence>& train,
                                      const std::vector<ParserSentence>* dev,
                                      std::vector<std::string> label_names, int epochs,
                                      uint64_t seed, std::ostream* log) {
  std::unique_ptr<Parser> p(new Parser());
  p->labels_ = std::move(label_names);
  Classes cls{static_cast<int>(p->labels_.size())};
  syntax::TrainingWeights tw(cls.count());
  syntax::Rng rng(seed);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<float> scores(cls.count());
  std::vector<int> gold_head;
  uint64_t feats[kMaxParserFeatures];
  Config c;
  double best_las = -1;
  syntax::SparseWeights best;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    rng.shuffle(order);
    // Exploration (following the model's own wrong moves) starts once the model is reasonable.
    const bool explore = epoch >= 2;
    size_t moves = 0, wrong = 0;
    for (size_t idx : order) {
      const ParserSentence& s = train[idx];
      size_t n = s.words.size();
      gold_head.assign(n + 1, -1);
      for (size_t i = 0; i < n; ++i) gold_head[i + 1] = s.heads[i];
      c.reset(n);
      while (!c.terminal()) {
        size_t k = parser_features(c, s.words.data(), s.tags.data(), feats);
        std::fill(scores.begin(), scores.end(), 0.0f);
        tw.score(feats, k, scores.data());
        int guess = best_valid(c, cls, scores.data());
        int cost[3];
        move_costs(c, gold_head, cost);
        int min_cost = std::min({cost[0], cost[1], cost[2]});
        uint16_t gl = c.s(0) > 0 ? s.labels[c.s(0) - 1] : 0;
        int gold = -1;
        for (Move m : {kShift, kLeft, kRight}) {
          if (cost[m] != min_cost) continue;
          int g = cls.make(m, gl);
          if (gold < 0 || scores[g] > scores[gold]) gold = g;
        }
        bool guess_ok = cost[cls.move(guess)] == min_cost &&
                        (cls.move(guess) == kShift || cls.label(guess) == gl);
        if (!guess_ok) {
          tw.update(feats, k, gold, guess);
          ++wrong;
        }
        tw.tick();
        ++moves;
        int next = (guess_ok || (explore && rng.uniform() < 0.9)) ? guess : gold;
        c.apply(cls.move(next), cls.label(next));
      }
    }
    p->weights_ = tw.average();
    double uas = -1, las = -1;
    if (dev) {
      size_t total = 0, uh = 0, lh = 0;
      std::vector<int> heads;
      std::vector<uint16_t> labels;
      for (const auto& s : *dev) {
        heads.resize(s.words.size());
        labels.resize(s.words.size());
        p->parse(s.words.data(), s.tags.data(), s.words.size(), heads.data(), labels.data());
        for (size_t i = 0; i < heads.size(); ++i) {
          ++total;
          if (heads[i] == s.heads[i]) {
            ++uh;
            lh += labels[i] == s.labels[i];
          }
        }
      }
      uas = total ? 100.0 * uh / total : 0;
      las = total ? 100.0 * lh / total : 0;
    }
    if (log)
      *log << "parser epoch " << epoch << ": moves " << moves << " wrong "
           << 100.0 * wrong / std::max<size_t>(moves, 1) << "% dev UAS " << uas << " LAS " << las
           << " features " << tw.num_features() << std::endl;
    if (!dev || las > best_las) {
      best_las = las;
      best = p->weights_;
    }
  }
  p->weights_ = std::move(best);
  return p;
}

}  // namespace tacitus
