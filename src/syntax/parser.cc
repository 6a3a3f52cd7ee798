#include "syntax/parser.h"

#include <algorithm>
#include <limits>
#include <ostream>
#include <tuple>

#include "syntax/tagger.h"
#include "syntax/training.h"

namespace tacitus {
namespace {

using syntax::fast_key;
using syntax::mix64;

constexpr uint64_t kNoWord = 0x1234567ULL;
constexpr uint64_t kRootWord = 0x7654321ULL;
constexpr uint64_t kNoTag = 0x2345678ULL;
constexpr uint64_t kRootTag = 0x8765432ULL;
constexpr uint64_t kNoClass = 0x3456789ULL;
constexpr uint64_t kRootClass = 0x9876543ULL;
constexpr size_t kMaxParserFeatures = 112;
constexpr size_t kMaxLabelFeatures = 40;
// Size budgets of the frozen tables (features kept, by weight norm): 2^19 and 2^16 slots.
constexpr size_t kMoveFeatureBudget = 340000;
constexpr size_t kLabelFeatureBudget = 42500;
// Perceptrons trained side by side (own shuffles and explorations) whose averaged weights are
// summed into the model: a score ensemble at the size and speed of one model.
constexpr size_t kTrainingMembers = 3;

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
      case kShift:
        return !buffer_empty();
      case kLeft:
        return stack.size() >= 2 && !buffer_empty();
      // Attaching to the root only once the buffer is empty gives exactly one root per sentence.
      case kRight:
        return stack.size() >= 2 && (stack[stack.size() - 2] != 0 || buffer_empty());
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

// Groups of the transition features. Some features read only what stays fixed while the same
// word is at a position, so parse() scores each such group once per word and reuses the sum
// (training asks for all of them, in template order). A template in a group must read nothing else.
enum FeatureGroup : unsigned {
  // b0, b1, b2: words, tags, classes. Fixed until the next SHIFT.
  kBufferWindow = 1,
  // s0, s1, s2: words, tags, classes, the s0-s1 distance. The stack under a word does not change
  // while the word is on it, so these are fixed for as long as the same word is s0.
  kStackTop = 2,
  kOtherFeatures = 4,
  kAllFeatures = 7,
};

// Feature keys of configuration `c` over the sentence's word and tag identities, of the groups in
// `groups`.
size_t parser_features(const Config& c, const uint64_t* words, const uint64_t* tags,
                       const uint64_t* classes, uint64_t* out, unsigned groups = kAllFeatures) {
  auto W = [&](int i) { return i < 0 ? kNoWord : i == 0 ? kRootWord : words[i - 1]; };
  auto T = [&](int i) { return i < 0 ? kNoTag : i == 0 ? kRootTag : tags[i - 1]; };
  auto C = [&](int i) { return i < 0 ? uint64_t{1} : i == 0 ? uint64_t{2} : tags[i - 1] >> 32; };
  auto L = [&](int i) { return i <= 0 ? uint64_t{0} : uint64_t{c.label[i]} + 1; };
  auto WT = [&](int i) { return mix64(W(i) ^ (T(i) * 0x9E3779B97F4A7C15ULL)); };
  auto at = [&](const std::vector<int>& v, int i) { return i < 0 ? -1 : v[i]; };
  const int n = static_cast<int>(c.n);
  const int s0 = c.s(0), s1 = c.s(1);
  const int b0 = c.b <= n ? c.b : -1;
  const int b1 = c.b + 1 <= n ? c.b + 1 : -1;
  const int b2 = c.b + 2 <= n ? c.b + 2 : -1;
  const uint64_t s0w = W(s0), s0t = T(s0), s0wt = WT(s0);
  const uint64_t b0w = W(b0), b0t = T(b0), b0wt = WT(b0);
  const uint64_t s1w = W(s1), s1t = T(s1);
  const bool other = groups & kOtherFeatures;
  size_t k = 0;
  if (other) out[k++] = fast_key(0, 0);
  // Unigrams.
  if (groups & kStackTop) {
    out[k++] = fast_key(1, s0wt);
    out[k++] = fast_key(2, s0w);
    out[k++] = fast_key(3, s0t);
  }
  if (groups & kBufferWindow) {
    out[k++] = fast_key(4, b0wt);
    out[k++] = fast_key(5, b0w);
    out[k++] = fast_key(6, b0t);
    out[k++] = fast_key(7, WT(b1));
    out[k++] = fast_key(8, W(b1));
    out[k++] = fast_key(9, T(b1));
    out[k++] = fast_key(10, WT(b2));
    out[k++] = fast_key(11, W(b2));
    out[k++] = fast_key(12, T(b2));
  }
  if (groups & kStackTop) {
    out[k++] = fast_key(13, WT(s1));
    out[k++] = fast_key(14, s1w);
    out[k++] = fast_key(15, s1t);
  }
  auto F = [&](int i) {
    return i < 0 ? kNoClass : i == 0 ? kRootClass : syntax::fine_class(classes[i - 1]);
  };
  if (!other) {
    // The group's templates further down, in any order (sums of integer weights).
    if (groups & kBufferWindow) {
      out[k++] = fast_key(23, b0t, T(b1));
      out[k++] = fast_key(24, b0t, T(b1), T(b2));
      out[k++] = fast_key(88, C(b0), C(b1), C(b2));
      out[k++] = fast_key(94, F(b0));
    }
    if (groups & kStackTop) {
      const int s2 = c.s(2);
      const uint64_t d1 = (s1 >= 0 && s0 > 0) ? distance_bucket(s0 - s1) : 7;
      out[k++] = fast_key(38, s1t, s0t, d1);
      out[k++] = fast_key(39, s1w, s0w);
      out[k++] = fast_key(40, s1t, s0w);
      out[k++] = fast_key(41, s1w, s0t);
      out[k++] = fast_key(42, s1w, s0w, d1);
      out[k++] = fast_key(81, T(s2));
      out[k++] = fast_key(82, T(s2), s1t, s0t);
      out[k++] = fast_key(93, F(s0));
      out[k++] = fast_key(96, F(s1));
    }
    return k;
  }
  // What the other templates read about partial trees.
  const int s2 = c.s(2);
  const int s0l = at(c.lc1, s0), s0l2 = at(c.lc2, s0), s0r = at(c.rc1, s0), s0r2 = at(c.rc2, s0);
  const int b0l = at(c.lc1, b0), b0l2 = at(c.lc2, b0);
  const int s1l = at(c.lc1, s1), s1r = at(c.rc1, s1);
  const uint64_t d = (s0 > 0 && b0 > 0) ? distance_bucket(b0 - s0) : 7;
  const uint64_t d1 = (s1 >= 0 && s0 > 0) ? distance_bucket(s0 - s1) : 7;
  const uint64_t s0vl = s0 >= 0 ? c.nl[s0] : 255, s0vr = s0 >= 0 ? c.nr[s0] : 255;
  const uint64_t b0vl = b0 >= 0 ? c.nl[b0] : 255, s1vr = s1 >= 0 ? c.nr[s1] : 255;
  const uint64_t s0sl = s0 >= 0 ? c.lset[s0] : 1, s0sr = s0 >= 0 ? c.rset[s0] : 1;
  const uint64_t b0sl = b0 >= 0 ? c.lset[b0] : 1;
  // Pairs.
  out[k++] = fast_key(16, s0wt, b0wt);
  out[k++] = fast_key(17, s0wt, b0w);
  out[k++] = fast_key(18, s0w, b0wt);
  out[k++] = fast_key(19, s0wt, b0t);
  out[k++] = fast_key(20, s0t, b0wt);
  out[k++] = fast_key(21, s0w, b0w);
  out[k++] = fast_key(22, s0t, b0t);
  if (groups & kBufferWindow) out[k++] = fast_key(23, b0t, T(b1));
  // Tag trigrams.
  if (groups & kBufferWindow) out[k++] = fast_key(24, b0t, T(b1), T(b2));
  out[k++] = fast_key(25, s0t, b0t, T(b1));
  out[k++] = fast_key(26, s1t, s0t, b0t);
  out[k++] = fast_key(27, s0t, T(s0l), b0t);
  out[k++] = fast_key(28, s0t, T(s0r), b0t);
  out[k++] = fast_key(29, s0t, b0t, T(b0l));
  out[k++] = fast_key(30, s1t, s0t, T(s0r));
  out[k++] = fast_key(31, s1t, T(s1r), s0t);
  // Distance.
  out[k++] = fast_key(32, s0w, d);
  out[k++] = fast_key(33, s0t, d);
  out[k++] = fast_key(34, b0w, d);
  out[k++] = fast_key(35, b0t, d);
  out[k++] = fast_key(36, s0w, b0w, d);
  out[k++] = fast_key(37, s0t, b0t, d);
  if (groups & kStackTop) {
    out[k++] = fast_key(38, s1t, s0t, d1);
    out[k++] = fast_key(39, s1w, s0w);
    out[k++] = fast_key(40, s1t, s0w);
    out[k++] = fast_key(41, s1w, s0t);
    out[k++] = fast_key(42, s1w, s0w, d1);
  }
  // Valency.
  out[k++] = fast_key(43, s0w, s0vr);
  out[k++] = fast_key(44, s0t, s0vr);
  out[k++] = fast_key(45, s0w, s0vl);
  out[k++] = fast_key(46, s0t, s0vl);
  out[k++] = fast_key(47, b0w, b0vl);
  out[k++] = fast_key(48, b0t, b0vl);
  out[k++] = fast_key(49, s1t, s1vr);
  // Children.
  out[k++] = fast_key(50, W(s0l));
  out[k++] = fast_key(51, T(s0l));
  out[k++] = fast_key(52, L(s0l));
  out[k++] = fast_key(53, W(s0r));
  out[k++] = fast_key(54, T(s0r));
  out[k++] = fast_key(55, L(s0r));
  out[k++] = fast_key(56, W(b0l));
  out[k++] = fast_key(57, T(b0l));
  out[k++] = fast_key(58, L(b0l));
  out[k++] = fast_key(59, W(s1r));
  out[k++] = fast_key(60, T(s1r));
  out[k++] = fast_key(61, L(s1r));
  out[k++] = fast_key(62, T(s1l), L(s1l));
  // Third order.
  out[k++] = fast_key(63, W(s0l2));
  out[k++] = fast_key(64, T(s0l2));
  out[k++] = fast_key(65, L(s0l2));
  out[k++] = fast_key(66, W(s0r2));
  out[k++] = fast_key(67, T(s0r2));
  out[k++] = fast_key(68, L(s0r2));
  out[k++] = fast_key(69, W(b0l2));
  out[k++] = fast_key(70, T(b0l2));
  out[k++] = fast_key(71, L(b0l2));
  out[k++] = fast_key(72, s0t, T(s0l), T(s0l2));
  out[k++] = fast_key(73, s0t, T(s0r), T(s0r2));
  out[k++] = fast_key(74, b0t, T(b0l), T(b0l2));
  // Label sets.
  out[k++] = fast_key(75, s0w, s0sr);
  out[k++] = fast_key(76, s0t, s0sr);
  out[k++] = fast_key(77, s0w, s0sl);
  out[k++] = fast_key(78, s0t, s0sl);
  out[k++] = fast_key(79, b0w, b0sl);
  out[k++] = fast_key(80, b0t, b0sl);
  // Deeper stack.
  if (groups & kStackTop) {
    out[k++] = fast_key(81, T(s2));
    out[k++] = fast_key(82, T(s2), s1t, s0t);
  }
  out[k++] = fast_key(83, s0t, L(s0l), L(s0r));
  out[k++] = fast_key(84, s1t, L(s1r), s0t);
  // Coarse (UPOS) tags.
  const uint64_t s0c = C(s0), b0c = C(b0), s1c = C(s1), b1c = C(b1);
  out[k++] = fast_key(85, s0c, b0c);
  out[k++] = fast_key(86, s1c, s0c, b0c);
  out[k++] = fast_key(87, s0c, b0c, b1c);
  if (groups & kBufferWindow) out[k++] = fast_key(88, b0c, b1c, C(b2));
  out[k++] = fast_key(89, s0c, b0c, d);
  out[k++] = fast_key(90, s0c, b0c, C(b0l));
  out[k++] = fast_key(91, s0w, b0c);
  out[k++] = fast_key(92, s0c, b0w);
  // Word classes (fine: 320 classes).
  const uint64_t s0f = F(s0), b0f = F(b0), s1f = F(s1);
  if (groups & kStackTop) out[k++] = fast_key(93, s0f);
  if (groups & kBufferWindow) out[k++] = fast_key(94, b0f);
  if (groups & kStackTop) out[k++] = fast_key(96, s1f);
  out[k++] = fast_key(99, s0f, b0f);
  out[k++] = fast_key(100, s0f, b0t);
  out[k++] = fast_key(101, s0t, b0f);
  return k;
}

// Features of the arc head -> dep (dep = s0; head = b0 for LEFT, s1 for RIGHT) for its label.
size_t label_features(const Config& c, const uint64_t* words, const uint64_t* tags,
                      const uint64_t* classes, int h, int d, uint64_t* out) {
  auto W = [&](int i) {
    return (i < 0 || i > static_cast<int>(c.n)) ? kNoWord : i == 0 ? kRootWord : words[i - 1];
  };
  auto T = [&](int i) {
    return (i < 0 || i > static_cast<int>(c.n)) ? kNoTag : i == 0 ? kRootTag : tags[i - 1];
  };
  auto L = [&](int i) { return i <= 0 ? uint64_t{0} : uint64_t{c.label[i]} + 1; };
  const uint32_t dir = d < h ? 0 : 64;
  const uint64_t hw = W(h), ht = T(h), dw = W(d), dt = T(d);
  const uint64_t dist = distance_bucket(d < h ? h - d : d - h);
  const int dl = c.lc1[d], dr = c.rc1[d];
  size_t k = 0;
  out[k++] = fast_key(100 + dir, 0);
  out[k++] = fast_key(101 + dir, dw);
  out[k++] = fast_key(102 + dir, dt);
  out[k++] = fast_key(103 + dir, hw);
  out[k++] = fast_key(104 + dir, ht);
  out[k++] = fast_key(105 + dir, ht, dt);
  out[k++] = fast_key(106 + dir, hw, dt);
  out[k++] = fast_key(107 + dir, ht, dw);
  out[k++] = fast_key(108 + dir, hw, dw);
  out[k++] = fast_key(109 + dir, ht, dt, dist);
  out[k++] = fast_key(110 + dir, dt, c.lset[d]);
  out[k++] = fast_key(111 + dir, dt, c.rset[d]);
  out[k++] = fast_key(112 + dir, ht, d < h ? c.lset[h] : c.rset[h]);
  out[k++] = fast_key(113 + dir, dt, T(d + 1));
  out[k++] = fast_key(114 + dir, dt, T(d - 1));
  out[k++] = fast_key(115 + dir, ht, dt, T(d < h ? d + 1 : d - 1));
  out[k++] = fast_key(116 + dir, dt, L(dl), L(dr));
  out[k++] = fast_key(117 + dir, dt, T(dl));
  out[k++] = fast_key(118 + dir, dt, T(dr));
  out[k++] = fast_key(119 + dir, dw, W(dl));
  out[k++] = fast_key(120 + dir, dt, c.nl[d], c.nr[d]);
  out[k++] = fast_key(121 + dir, ht, T(h + 1), T(h - 1));
  out[k++] = fast_key(122 + dir, dw, dt, ht);
  out[k++] = fast_key(123 + dir, dt, ht, W(dl));
  out[k++] = fast_key(124 + dir, dt, c.b <= static_cast<int>(c.n) ? T(c.b) : kNoTag, ht);
  out[k++] = fast_key(125 + dir, dw, d == 1);
  auto C = [&](int i) {
    return (i < 0 || i > static_cast<int>(c.n)) ? uint64_t{1}
           : i == 0                             ? uint64_t{2}
                                                : tags[i - 1] >> 32;
  };
  out[k++] = fast_key(126 + dir, C(h), C(d));
  out[k++] = fast_key(127 + dir, C(h), C(d), dist);
  out[k++] = fast_key(128 + dir, dw, C(h));
  auto F = [&](int i) {
    return (i < 0 || i > static_cast<int>(c.n)) ? kNoClass
           : i == 0                             ? kRootClass
                                                : syntax::fine_class(classes[i - 1]);
  };
  const uint64_t hf = F(h), df = F(d);
  out[k++] = fast_key(129 + dir, df);
  out[k++] = fast_key(130 + dir, hf);
  out[k++] = fast_key(131 + dir, hf, dt);
  out[k++] = fast_key(132 + dir, ht, df);
  return k;
}

int best_move(const Config& c, const int32_t* scores) {
  int best = -1;
  for (int m = 0; m < 3; ++m) {
    if (!c.can(static_cast<Move>(m))) continue;
    if (best < 0 || scores[m] > scores[best]) best = m;
  }
  return best;
}

template <class S>
int argmax(const S* scores, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (scores[i] > scores[best]) best = i;
  return static_cast<int>(best);
}

// Head and dependent of the arc that move m makes in c.
std::pair<int, int> arc_of(const Config& c, Move m) { return {m == kLeft ? c.b : c.s(1), c.s(0)}; }

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
  // High half: the UPOS alone (coarse features survive XPOS-only tagging errors); low half: the
  // (UPOS, XPOS) pair.
  uint64_t coarse = syntax::string_hash(upos) & 0xFFFFFFFF00000000ULL;
  uint64_t joint = mix64(syntax::string_hash(upos) * 31 + syntax::string_hash(xpos));
  return coarse | (joint & 0xFFFFFFFFULL);
}

uint64_t Parser::classes_of(std::string_view form) const {
  return syntax::packed_classes(classes_, form);
}

void Parser::parse(const uint64_t* words, const uint64_t* tags, const uint64_t* classes, size_t n,
                   int* heads, uint16_t* labels) const {
  thread_local Config c;
  thread_local std::vector<int32_t> label_scores;
  // Move scores of the feature groups fixed for a word at a position: buffer windows by b, stack
  // tops by s0; `known` says which are filled.
  struct GroupSum {
    bool known = false;
    int32_t v[3] = {0, 0, 0};
  };
  thread_local std::vector<GroupSum> window_sums, top_sums;
  label_scores.resize(labels_.size());
  c.reset(n);
  window_sums.assign(n + 2, GroupSum{});
  top_sums.assign(n + 1, GroupSum{});
  uint64_t feats[kMaxParserFeatures];
  auto add_group = [&](std::vector<GroupSum>& sums, int at, FeatureGroup group, int32_t* scores) {
    GroupSum& g = sums[static_cast<size_t>(at)];
    if (!g.known) {
      moves_.score(feats, parser_features(c, words, tags, classes, feats, group), g.v);
      g.known = true;
    }
    for (int m = 0; m < 3; ++m) scores[m] += g.v[m];
  };
  while (!c.terminal()) {
    int32_t scores[3] = {0, 0, 0};
    add_group(window_sums, c.b, kBufferWindow, scores);
    add_group(top_sums, c.s(0), kStackTop, scores);
    size_t k = parser_features(c, words, tags, classes, feats, kOtherFeatures);
    moves_.score(feats, k, scores);
    Move m = static_cast<Move>(best_move(c, scores));
    uint16_t label = 0;
    if (m != kShift) {
      auto [h, d] = arc_of(c, m);
      size_t lk = label_features(c, words, tags, classes, h, d, feats);
      std::fill(label_scores.begin(), label_scores.end(), 0);
      arcs_.score(feats, lk, label_scores.data());
      label = static_cast<uint16_t>(argmax(label_scores.data(), label_scores.size()));
    }
    c.apply(m, label);
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
  file.add_section("moves", moves_.encode());
  file.add_section("arcs", arcs_.encode());
  file.add_section("classes", classes_.encode());
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
  if (!r.ok() || !r.at_end() || n == 0 || n > 64) return file->corrupt("malformed label table");
  auto moves = file->section("moves");
  if (!moves.ok()) return moves.status();
  auto mw = syntax::Dense3Weights::decode(*moves, *file);
  if (!mw.ok()) return mw.status();
  p->moves_ = std::move(mw).value();
  auto arcs = file->section("arcs");
  if (!arcs.ok()) return arcs.status();
  auto aw = syntax::CompactWeights::decode(*arcs, n, *file);
  if (!aw.ok()) return aw.status();
  p->arcs_ = std::move(aw).value();
  auto classes = file->section("classes");
  if (!classes.ok()) return classes.status();
  auto wc = WordClusters::decode(*classes, *file);
  if (!wc.ok()) return wc.status();
  p->classes_ = std::move(wc).value();
  return p;
}

std::unique_ptr<Parser> Parser::train(const std::vector<ParserSentence>& train,
                                      const std::vector<ParserSentence>* dev,
                                      std::vector<std::string> label_names,
                                      const WordClusters& classes, int epochs, uint64_t seed,
                                      std::ostream* log) {
  std::unique_ptr<Parser> p(new Parser());
  p->classes_ = classes;
  p->labels_ = std::move(label_names);
  const size_t num_labels = p->labels_.size();
  // Member 0 uses `seed` as a single model did; its shuffles and explorations are unchanged.
  std::vector<syntax::TrainingWeights> tws, lws;
  std::vector<syntax::Rng> rngs;
  for (size_t m = 0; m < kTrainingMembers; ++m) {
    tws.emplace_back(3);
    lws.emplace_back(static_cast<int>(num_labels));
    rngs.emplace_back(m == 0 ? seed : mix64(seed + 0x51ED * m));
  }
  std::vector<std::vector<size_t>> orders(kTrainingMembers, std::vector<size_t>(train.size()));
  for (auto& o : orders)
    for (size_t i = 0; i < o.size(); ++i) o[i] = i;
  std::vector<float> lscores(num_labels);
  std::vector<int> gold_head;
  uint64_t feats[kMaxParserFeatures], lfeats[kMaxLabelFeatures];
  Config c;
  double best_las = -1;
  syntax::Dense3Weights best_moves;
  syntax::CompactWeights best_arcs;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    size_t moves = 0, wrong = 0, arcs = 0, wrong_labels = 0;
    // Exploration (following the model's own wrong moves) starts once the model is reasonable.
    const bool explore = epoch >= 2;
    for (size_t member = 0; member < kTrainingMembers; ++member) {
      syntax::TrainingWeights& tw = tws[member];
      syntax::TrainingWeights& lw = lws[member];
      syntax::Rng& rng = rngs[member];
      std::vector<size_t>& order = orders[member];
      rng.shuffle(order);
      for (size_t idx : order) {
        const ParserSentence& s = train[idx];
        size_t n = s.words.size();
        gold_head.assign(n + 1, -1);
        for (size_t i = 0; i < n; ++i) gold_head[i + 1] = s.heads[i];
        c.reset(n);
        while (!c.terminal()) {
          size_t k = parser_features(c, s.words.data(), s.tags.data(), s.classes.data(), feats);
          float scores[3] = {0, 0, 0};
          tw.score(feats, k, scores);
          int guess = -1;
          for (int m = 0; m < 3; ++m)
            if (c.can(static_cast<Move>(m)) && (guess < 0 || scores[m] > scores[guess])) guess = m;
          int cost[3];
          move_costs(c, gold_head, cost);
          int min_cost = std::min({cost[0], cost[1], cost[2]});
          int gold = -1;
          for (int m = 0; m < 3; ++m)
            if (cost[m] == min_cost && (gold < 0 || scores[m] > scores[gold])) gold = m;
          if (cost[guess] != min_cost) {
            tw.update(feats, k, gold, guess);
            ++wrong;
          }
          tw.tick();
          ++moves;
          Move next = static_cast<Move>(
              (cost[guess] == min_cost || (explore && rng.uniform() < 0.9)) ? guess : gold);
          uint16_t label = 0;
          if (next != kShift) {
            auto [h, d] = arc_of(c, next);
            size_t lk =
                label_features(c, s.words.data(), s.tags.data(), s.classes.data(), h, d, lfeats);
            std::fill(lscores.begin(), lscores.end(), 0.0f);
            lw.score(lfeats, lk, lscores.data());
            label = static_cast<uint16_t>(argmax(lscores.data(), num_labels));
            // Labels are learned on correct arcs only.
            if (gold_head[d] == h) {
              uint16_t gl = s.labels[d - 1];
              if (label != gl) ++wrong_labels;
              lw.update(lfeats, lk, gl, label);
              lw.tick();
              ++arcs;
            }
          }
          c.apply(next, label);
        }
      }
    }
    p->moves_ = syntax::Dense3Weights::build(syntax::summed_averaged_runs(tws), kMoveFeatureBudget);
    p->arcs_ =
        syntax::CompactWeights::build(syntax::summed_averaged_runs(lws), kLabelFeatureBudget);
    double uas = -1, las = -1;
    auto score_dev = [&] {
      size_t total = 0, uh = 0, lh = 0;
      std::vector<int> heads;
      std::vector<uint16_t> labels;
      for (const auto& s : *dev) {
        heads.resize(s.words.size());
        labels.resize(s.words.size());
        p->parse(s.words.data(), s.tags.data(), s.classes.data(), s.words.size(), heads.data(),
                 labels.data());
        for (size_t i = 0; i < heads.size(); ++i) {
          ++total;
          if (heads[i] == s.heads[i]) {
            ++uh;
            lh += labels[i] == s.labels[i];
          }
        }
      }
      return std::make_pair(total ? 100.0 * uh / total : 0, total ? 100.0 * lh / total : 0);
    };
    if (dev) std::tie(uas, las) = score_dev();
    if (log)
      *log << "parser epoch " << epoch << ": moves " << moves << " wrong "
           << 100.0 * wrong / std::max<size_t>(moves, 1) << "% label errors "
           << 100.0 * wrong_labels / std::max<size_t>(arcs, 1) << "% dev UAS " << uas << " LAS "
           << las << " features " << tws[0].num_features() << "+" << lws[0].num_features()
           << " kept " << p->moves_.num_features() << "+" << p->arcs_.num_features() << " bytes "
           << p->moves_.bytes() + p->arcs_.bytes() << std::endl;
    if (!dev || las > best_las) {
      best_las = las;
      best_moves = p->moves_;
      best_arcs = p->arcs_;
    }
  }
  p->moves_ = std::move(best_moves);
  p->arcs_ = std::move(best_arcs);
  return p;
}

}  // namespace tacitus
