// Token features: word identity and affixes, shapes, +-2 context, sentence casing, word classes,
// document context, UPOS, and matches in the place gazetteer, the actor dictionary and the name
// lists.
#include "ner/ner_features.h"

#include <algorithm>
#include <cmath>

#include "syntax/perceptron.h"
#include "tacitus/actors.h"
#include "tacitus/gazetteer.h"

namespace tacitus::ner {

namespace {

using syntax::feature_key;
using syntax::string_hash;

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return o;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// Sentence casing: headlines in capitals or title case, and all-lower chat text, shift what a
// capital letter means.
enum CaseMode : uint64_t { kMixed = 1, kAllCaps = 2, kAllLower = 3, kTitle = 4 };

CaseMode sentence_case(const std::vector<std::string>& words) {
  size_t alpha = 0, caps = 0, lowers = 0, title = 0;
  for (const std::string& w : words) {
    bool up = false, lo = false;
    for (char c : w) up |= is_upper(c), lo |= is_lower(c);
    if (!up && !lo) continue;
    ++alpha;
    if (up && !lo) ++caps;
    if (lo && !up) ++lowers;
    if (is_upper(w[0])) ++title;
  }
  if (alpha >= 3 && caps * 10 >= alpha * 8) return kAllCaps;
  if (alpha >= 3 && lowers == alpha) return kAllLower;
  if (alpha >= 4 && title * 10 >= alpha * 8) return kTitle;
  return kMixed;
}

// Position of a token inside a matched span: single, begin, inside, end.
uint64_t span_pos(size_t i, size_t b, size_t len) {
  if (len == 1) return 1;
  if (i == b) return 2;
  if (i + 1 == b + len) return 4;
  return 3;
}

// Gazetteer evidence for each token: the longest capitalised span starting at or covering it
// that names a place, with that place's kind, size and how the name matched.
struct GazetteerHit {
  uint8_t len = 0, pos = 0, kind = 0, pop = 0, flags = 0;
};

constexpr size_t kMaxGazetteerSpan = 4;

void gazetteer_hits(const Gazetteer& gaz, const std::vector<std::string>& words,
                    std::vector<GazetteerHit>& hits) {
  hits.assign(words.size(), GazetteerHit{});
  for (size_t b = 0; b < words.size(); ++b) {
    // Web text writes places in lower case too ("florida", "tampa bay"); such spans count only
    // when they name a large place, and carry a flag of their own.
    const bool low = !is_upper(words[b][0]);
    if (low && (words[b].size() < 4 || !is_lower(words[b][0]))) continue;
    std::string name;
    for (size_t n = 1; n <= (low ? 2 : kMaxGazetteerSpan) && b + n <= words.size(); ++n) {
      const std::string& w = words[b + n - 1];
      if (low) {
        if (n > 1) {
          if (!is_lower(w[0])) break;
          name += ' ';
        }
      } else if (n > 1) {
        // Spans run over capitalised words and the joiners of place names ("Bosnia and
        // Herzegovina").
        const bool joiner = w == "of" || w == "and" || w == "-" || w == "de" || w == "al";
        if (!is_upper(w[0]) && !joiner) break;
        name += ' ';
      }
      name += w;
      if (!low && n > 1 && !is_upper(w[0])) continue;  // a span never ends on a joiner
      const std::vector<NameMatch> m = gaz.lookup(name, false);
      if (m.empty()) continue;
      GazetteerHit h;
      h.len = static_cast<uint8_t>(n);
      uint64_t best_pop = 0;
      int best_kind = 99;
      for (size_t k = 0; k < m.size() && k < 32; ++k) {
        const GazetteerPlace p = gaz.place(m[k].place);
        h.flags |= m[k].flags;
        best_kind = std::min(best_kind, static_cast<int>(p.kind));
        best_pop = std::max(best_pop, p.population);
      }
      if (low && best_kind > static_cast<int>(PlaceKind::kAdmin1) && best_pop < 200000) continue;
      if (low) h.flags |= 0x80;
      h.kind = static_cast<uint8_t>(best_kind);
      h.pop = static_cast<uint8_t>(
          best_pop == 0 ? 0 : 1 + static_cast<int>(std::log10(static_cast<double>(best_pop))));
      for (size_t i = b; i < b + n; ++i)
        if (hits[i].len <= n) {
          hits[i] = h;
          hits[i].pos = static_cast<uint8_t>(span_pos(i, b, n));
        }
    }
  }
}

// Actor-dictionary evidence: greedy longest matches left to right; each token gets the kind of
// the first coding of the match covering it (0 = none) and whether it is a title a name follows.
struct ActorHit {
  uint8_t kind = 0, pos = 0, len = 0;
  bool takes_name = false;
};

void actor_hits(const ActorDictionary& dict, const std::vector<std::string>& words,
                std::vector<ActorHit>& hits) {
  hits.assign(words.size(), ActorHit{});
  Document doc;
  for (const std::string& w : words) {
    Token t;
    t.start = static_cast<uint32_t>(doc.text.size());
    doc.text += w;
    t.end = static_cast<uint32_t>(doc.text.size());
    doc.text += ' ';
    doc.tokens.push_back(t);
  }
  const uint32_t n = static_cast<uint32_t>(words.size());
  for (uint32_t b = 0; b < n;) {
    const ActorDictionary::Match m = dict.longest_match(doc, b, n);
    if (m.length == 0) {
      ++b;
      continue;
    }
    const ActorCoding& c = m.codings->front();
    for (uint32_t i = b; i < b + m.length; ++i) {
      hits[i].kind = static_cast<uint8_t>(static_cast<int>(c.kind) + 1);
      hits[i].pos = static_cast<uint8_t>(span_pos(i, b, m.length));
      hits[i].len = static_cast<uint8_t>(std::min<uint32_t>(m.length, 4));
      hits[i].takes_name = c.takes_name;
    }
    b += m.length;
  }
}

// Runs of capitalised words, bridged by "of", "and", "&", "for", "the" ("Bank of New York",
// "Department of Housing and Urban Development"): the head word at the end of a name and the
// word opening it say much about its type and where it stops. Token k lies in
// [run_begin[k], run_end[k]); an empty range when it is in no run. None in all-caps sentences.
void capital_runs(const std::vector<std::string>& words, const std::vector<std::string>& lowers,
                  CaseMode mode, std::vector<uint32_t>& run_begin, std::vector<uint32_t>& run_end) {
  const size_t n = words.size();
  run_begin.assign(n, 0);
  run_end.assign(n, 0);
  auto cap = [&](size_t k) {
    return is_upper(words[k][0]) ||
           (words[k][0] >= '0' && words[k][0] <= '9' && k > 0 && is_upper(words[k - 1][0]));
  };
  auto joiner = [&](size_t k) {
    const std::string& w = lowers[k];
    return w == "of" || w == "and" || w == "&" || w == "for" || w == "the" || w == "de" || w == "-";
  };
  size_t i = 0;
  while (i < n) {
    if (!cap(i) || mode == kAllCaps) {
      ++i;
      continue;
    }
    size_t e = i + 1;
    while (e < n) {
      if (cap(e))
        ++e;
      else if (e + 1 < n && joiner(e) && cap(e + 1))
        e += 2;
      else
        break;
    }
    for (size_t k = i; k < e; ++k)
      run_begin[k] = static_cast<uint32_t>(i), run_end[k] = static_cast<uint32_t>(e);
    i = e;
  }
}

bool starts_with_letter(const std::string& w) {
  return !w.empty() && (is_upper(w[0]) || is_lower(w[0]));
}

}  // namespace

DocumentContext document_context(const std::vector<const std::vector<std::string>*>& sentences) {
  DocumentContext dc;
  std::vector<std::string> lowers;
  std::vector<uint64_t> lh;
  std::vector<uint32_t> rb, re;
  for (const std::vector<std::string>* sp : sentences) {
    const std::vector<std::string>& words = *sp;
    const size_t n = words.size();
    lowers.clear();
    lh.clear();
    for (const std::string& w : words) {
      lowers.push_back(lower(w));
      lh.push_back(string_hash(lowers.back()));
    }
    const CaseMode mode = sentence_case(words);
    capital_runs(words, lowers, mode, rb, re);
    for (size_t i = 0; i < n; ++i) {
      if (!starts_with_letter(words[i])) continue;
      DocumentContext::Word& e = dc.words[lh[i]];
      if (e.count < 60000) ++e.count;
      const bool cap = is_upper(words[i][0]);
      if (!cap && e.lower < 60000) ++e.lower;
      if (cap && i > 0 && mode == kMixed && e.capitalised < 60000) ++e.capitalised;
      const size_t len = re[i] - rb[i];
      if (len > e.longest_run) e.longest_run = static_cast<uint8_t>(std::min<size_t>(len, 255));
    }
  }
  return dc;
}

namespace {
int label_type(int t) { return t == 0 ? 0 : 1 + (t - 1) / 4; }  // 0 O, 1 PER, 2 ORG, 3 LOC

// Predicted names of a sentence: [begin, end) and type (1..3), from BILOU ids (well formed, as
// Viterbi gives them; a B without its L is closed where the type changes).
std::vector<std::array<size_t, 3>> label_spans(const std::vector<int>& labels) {
  std::vector<std::array<size_t, 3>> out;
  for (size_t i = 0; i < labels.size();) {
    const int t = label_type(labels[i]);
    if (t == 0) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    if ((labels[i] - 1) % 4 == 0)
      while (j < labels.size() && label_type(labels[j]) == t && (labels[j] - 1) % 4 != 0 &&
             (labels[j] - 1) % 4 != 3) {
        const bool last = (labels[j] - 1) % 4 == 2;
        ++j;
        if (last) break;
      }
    out.push_back({i, j, static_cast<size_t>(t)});
    i = j;
  }
  return out;
}

uint64_t name_hash(const std::vector<uint64_t>& lh, size_t b, size_t e) {
  uint64_t h = 0x51ed270b;
  for (size_t k = b; k < e; ++k) h = syntax::mix64(h ^ lh[k]);
  return h;
}

// The type most often given (1..3, 0 when never) and how much of the total it had: 0 none,
// 1 under a third, 2 under two thirds, 3 not all, 4 all.
std::pair<uint64_t, uint64_t> majority(const std::array<uint16_t, 4>& c) {
  unsigned total = c[0] + c[1] + c[2] + c[3];
  int best = 0;
  for (int t = 1; t <= 3; ++t)
    if (c[static_cast<size_t>(t)] > (best ? c[static_cast<size_t>(best)] : 0)) best = t;
  if (!best || !total) return {0, 0};
  const double share = double(c[static_cast<size_t>(best)]) / total;
  return {static_cast<uint64_t>(best), share < 1.0 / 3   ? 1u
                                       : share < 2.0 / 3 ? 2u
                                       : share < 1       ? 3u
                                                         : 4u};
}
}  // namespace

StackContext stack_context(const std::vector<const std::vector<std::string>*>& sentences,
                           const std::vector<std::vector<int>>& labels) {
  StackContext ctx;
  std::vector<uint64_t> lh;
  for (size_t s = 0; s < sentences.size(); ++s) {
    const std::vector<std::string>& words = *sentences[s];
    lh.clear();
    for (const std::string& w : words) lh.push_back(string_hash(lower(w)));
    for (size_t i = 0; i < words.size(); ++i)
      if (starts_with_letter(words[i])) {
        uint16_t& c = ctx.word[lh[i]][static_cast<size_t>(label_type(labels[s][i]))];
        if (c < 60000) ++c;
      }
    for (const auto& [b, e, t] : label_spans(labels[s])) {
      uint16_t& c = ctx.name[name_hash(lh, b, e)][t];
      if (c < 60000) ++c;
      if (e - b >= 2)
        for (size_t k = b; k < e; ++k) {
          uint16_t& x = ctx.inside_long[lh[k]][t];
          if (x < 60000) ++x;
        }
    }
  }
  return ctx;
}

void stacked_features(const std::vector<std::string>& words, const std::vector<int>& labels,
                      const StackContext& ctx, const SentenceFeatures& base,
                      SentenceFeatures& out) {
  const size_t n = words.size();
  out.keys.clear();
  out.offsets.assign(1, 0);
  std::vector<uint64_t> lh;
  for (const std::string& w : words) lh.push_back(string_hash(lower(w)));
  // Position of each token in its predicted name and the name's document-wide types.
  std::vector<uint64_t> span_pos_of(n, 0), span_major(n, 0), span_share(n, 0);
  for (const auto& [b, e, t] : label_spans(labels)) {
    const auto it = ctx.name.find(name_hash(lh, b, e));
    std::array<uint16_t, 4> c{};
    if (it != ctx.name.end()) c = it->second;
    const auto [m, share] = majority(c);
    const unsigned total = c[1] + c[2] + c[3];
    for (size_t k = b; k < e; ++k) {
      span_pos_of[k] = span_pos(k, b, e - b);
      span_major[k] = total >= 2 ? m : 0;
      span_share[k] = total >= 2 ? share : 0;
    }
  }
  auto& f = out.keys;
  for (size_t i = 0; i < n; ++i) {
    f.insert(f.end(), base.keys.begin() + base.offsets[i], base.keys.begin() + base.offsets[i + 1]);
    // The first pass's own tag of the word only enters conjoined with what the document says:
    // alone (templates of its own) it let the second pass copy the first (dev 69.14 against
    // 70.20 for one pass, models/ner.md).
    const uint64_t own = static_cast<uint64_t>(labels[i]);
    if (starts_with_letter(words[i])) {
      const uint64_t cap = is_upper(words[i][0]);
      const auto w = ctx.word.find(lh[i]);
      if (w != ctx.word.end()) {
        const unsigned total = w->second[0] + w->second[1] + w->second[2] + w->second[3];
        if (total >= 2) {
          const auto [m, share] = majority(w->second);
          f.push_back(feature_key(103, m, share, cap));
          f.push_back(feature_key(104, m, share, own));
        }
      }
      const auto x = ctx.inside_long.find(lh[i]);
      if (x != ctx.inside_long.end()) {
        f.push_back(feature_key(105, majority(x->second).first, cap, own));
      }
    }
    if (span_major[i]) f.push_back(feature_key(106, span_major[i], span_share[i], span_pos_of[i]));
    out.offsets.push_back(static_cast<uint32_t>(f.size()));
  }
}

std::string word_shape(std::string_view w) {
  std::string s;
  for (unsigned char c : w) {
    char k = c >= 'A' && c <= 'Z'   ? 'X'
             : c >= 'a' && c <= 'z' ? 'x'
             : c >= '0' && c <= '9' ? 'd'
             : c >= 0x80            ? 'u'
                                    : static_cast<char>(c);
    if (s.empty() || s.back() != k) s += k;
  }
  return s;
}

void extract_features(const std::vector<std::string>& words, const std::vector<Upos>& upos,
                      const NerResources& resources, const WordClusters& clusters,
                      const WordClusters& vector_classes, const NameLexicon& names,
                      const DocumentContext* doc, SentenceFeatures& out, bool long_range) {
  out.keys.clear();
  out.offsets.assign(1, 0);
  const size_t n = words.size();
  std::vector<std::string> lowers;
  std::vector<uint64_t> lw, cw, sh;  // hashes: lower form, cased form, shape
  std::vector<WordClusters::Info> wc, vc;
  lowers.reserve(n);
  for (const std::string& w : words) {
    lowers.push_back(lower(w));
    wc.push_back(clusters.info(lowers.back()));
    if (vector_classes.size()) vc.push_back(vector_classes.info(lowers.back()));
    lw.push_back(string_hash(lowers.back()));
    cw.push_back(string_hash(w));
    sh.push_back(string_hash(word_shape(w)));
  }
  const long ln = static_cast<long>(n);
  auto L = [&](long k) -> uint64_t { return k < 0 ? 1 : k >= ln ? 2 : lw[static_cast<size_t>(k)]; };
  auto C = [&](long k) -> uint64_t { return k < 0 ? 1 : k >= ln ? 2 : cw[static_cast<size_t>(k)]; };
  auto S = [&](long k) -> uint64_t { return k < 0 ? 1 : k >= ln ? 2 : sh[static_cast<size_t>(k)]; };
  auto F = [&](long k) -> uint64_t {
    return k < 0 ? 5000 : k >= ln ? 5001 : wc[static_cast<size_t>(k)].fine;
  };
  auto K = [&](long k) -> uint64_t {
    return k < 0 ? 5000 : k >= ln ? 5001 : wc[static_cast<size_t>(k)].coarse;
  };
  const bool has_upos = upos.size() == n;
  auto U = [&](long k) -> uint64_t {
    return k < 0 ? 98 : k >= ln ? 99 : static_cast<uint64_t>(upos[static_cast<size_t>(k)]);
  };
  const uint64_t mode = sentence_case(words);

  std::vector<GazetteerHit> gh;
  if (resources.gazetteer) gazetteer_hits(*resources.gazetteer, words, gh);
  std::vector<ActorHit> ah;
  if (resources.actors) actor_hits(*resources.actors, words, ah);

  std::vector<uint32_t> run_begin, run_end;
  capital_runs(words, lowers, static_cast<CaseMode>(mode), run_begin, run_end);
  std::vector<NameLexicon::Hit> nh;
  if (!names.empty()) names.match(words, nh);

  auto& f = out.keys;
  for (size_t i = 0; i < n; ++i) {
    const long li = static_cast<long>(i);
    const std::string& lo = lowers[i];
    f.push_back(feature_key(0, 0));
    f.push_back(feature_key(1, C(li)));
    f.push_back(feature_key(2, L(li)));
    f.push_back(feature_key(3, S(li)));
    for (size_t k = 1; k <= 4 && k < lo.size(); ++k) {
      f.push_back(feature_key(4, k, string_hash(std::string_view(lo).substr(lo.size() - k))));
      f.push_back(feature_key(5, k, string_hash(std::string_view(lo).substr(0, k))));
    }
    f.push_back(feature_key(6, L(li - 1)));
    f.push_back(feature_key(7, L(li + 1)));
    f.push_back(feature_key(8, L(li - 2)));
    f.push_back(feature_key(9, L(li + 2)));
    f.push_back(feature_key(10, C(li - 1)));
    f.push_back(feature_key(11, C(li + 1)));
    f.push_back(feature_key(12, S(li - 1)));
    f.push_back(feature_key(13, S(li + 1)));
    f.push_back(feature_key(14, S(li - 1), S(li)));
    f.push_back(feature_key(15, S(li), S(li + 1)));
    f.push_back(feature_key(16, S(li - 1), S(li), S(li + 1)));
    f.push_back(feature_key(17, L(li - 1), L(li)));
    f.push_back(feature_key(18, L(li), L(li + 1)));
    f.push_back(feature_key(19, L(li - 1), L(li + 1)));
    f.push_back(feature_key(20, i == 0, S(li)));
    f.push_back(feature_key(21, i == 0, L(li)));
    f.push_back(feature_key(22, mode, S(li)));
    f.push_back(feature_key(23, mode, L(li)));
    f.push_back(feature_key(24, std::min<uint64_t>(words[i].size(), 8), S(li)));
    f.push_back(feature_key(25, L(li - 1), S(li)));
    f.push_back(feature_key(26, S(li), L(li + 1)));
    if (run_end[i] > run_begin[i]) {
      const size_t rb = run_begin[i], re = run_end[i], len = re - rb;
      const uint64_t pos = span_pos(i, rb, len);
      f.push_back(feature_key(80, pos, std::min<uint64_t>(len, 5)));
      f.push_back(feature_key(81, pos, lw[re - 1]));
      f.push_back(feature_key(82, pos, lw[rb]));
      f.push_back(feature_key(83, pos, L(static_cast<long>(rb) - 1)));
      f.push_back(feature_key(84, pos, wc[re - 1].fine));
      f.push_back(feature_key(85, i == 0 || rb == 0, std::min<uint64_t>(len, 5), pos));
      if (long_range) {
        // The words just outside the run ("at X", "X Inc", "X said").
        f.push_back(feature_key(86, pos, L(static_cast<long>(re))));
        f.push_back(feature_key(87, pos, L(static_cast<long>(rb) - 1), L(static_cast<long>(re))));
        f.push_back(feature_key(88, pos, F(static_cast<long>(rb) - 1), F(static_cast<long>(re))));
      }
    }
    if (clusters.size()) {
      const uint64_t cap = is_upper(words[i][0]);
      f.push_back(feature_key(60, F(li)));
      f.push_back(feature_key(61, K(li)));
      f.push_back(feature_key(62, F(li), cap));
      f.push_back(feature_key(63, F(li - 1)));
      f.push_back(feature_key(64, F(li + 1)));
      f.push_back(feature_key(65, K(li - 1), K(li)));
      f.push_back(feature_key(66, K(li), K(li + 1)));
      f.push_back(feature_key(67, wc[i].caps, S(li)));
      f.push_back(feature_key(68, wc[i].caps, mode, cap));
      f.push_back(feature_key(69, K(li - 2)));
      f.push_back(feature_key(71, wc[i].finest));
      f.push_back(feature_key(72, wc[i].finest, cap));
      f.push_back(feature_key(70, K(li + 2)));
    }
    if (!vc.empty()) {
      // Classes of pretrained vectors: they cover far more words than the news classes, and read
      // lower-case text ("burger king") as they read names.
      auto V = [&](long k, uint16_t WordClusters::Info::*g) -> uint64_t {
        return k < 0 ? 5000 : k >= ln ? 5001 : vc[static_cast<size_t>(k)].*g;
      };
      const uint64_t cap = is_upper(words[i][0]);
      f.push_back(feature_key(120, vc[i].coarse));
      f.push_back(feature_key(121, vc[i].fine));
      f.push_back(feature_key(122, vc[i].finest));
      f.push_back(feature_key(123, vc[i].finest, cap));
      f.push_back(feature_key(124, vc[i].fine, mode));
      f.push_back(feature_key(125, V(li - 1, &WordClusters::Info::fine)));
      f.push_back(feature_key(126, V(li + 1, &WordClusters::Info::fine)));
      f.push_back(feature_key(127, V(li - 1, &WordClusters::Info::coarse), vc[i].coarse));
      f.push_back(feature_key(128, vc[i].coarse, V(li + 1, &WordClusters::Info::coarse)));
    }
    if (has_upos && upos[i] != Upos::kUnknown) {
      f.push_back(feature_key(27, U(li)));
      f.push_back(feature_key(28, U(li - 1), U(li)));
      f.push_back(feature_key(29, U(li), U(li + 1)));
      f.push_back(feature_key(30, U(li), S(li)));
    }
    if (!gh.empty()) {
      const GazetteerHit& h = gh[i];
      if (h.len) {
        f.push_back(feature_key(40, h.pos, h.kind));
        f.push_back(feature_key(41, h.pos, h.pop));
        f.push_back(feature_key(42, h.pos, h.flags));
        f.push_back(feature_key(43, h.len, h.pos, h.kind));
        f.push_back(feature_key(44, h.pos, mode, S(li)));
      } else {
        f.push_back(feature_key(45, is_upper(words[i][0])));
      }
      auto side = [&](long k) -> uint64_t {
        if (k < 0 || k >= ln) return 200;
        const GazetteerHit& s = gh[static_cast<size_t>(k)];
        return s.len ? s.kind : 100;
      };
      f.push_back(feature_key(46, side(li - 1), side(li + 1)));
    }
    if (!ah.empty()) {
      const ActorHit& h = ah[i];
      if (h.kind) {
        f.push_back(feature_key(50, h.pos, h.kind));
        f.push_back(feature_key(51, h.pos, h.kind, h.len));
        f.push_back(feature_key(52, h.kind, S(li)));
      }
      auto side = [&](long k) -> uint64_t {
        if (k < 0 || k >= ln) return 200;
        const ActorHit& s = ah[static_cast<size_t>(k)];
        return s.kind ? s.kind * 2u + s.takes_name : 100;
      };
      f.push_back(feature_key(53, side(li - 1), h.kind));
      f.push_back(feature_key(54, side(li + 1), h.kind));
      f.push_back(feature_key(55, side(li - 1), S(li)));
    }
    if (!nh.empty()) {
      // The lists of the name covering the word, with how it is written and how often the word
      // is capitalised in unlabelled news ("Will" the name against "will").
      const NameLexicon::Hit& h = nh[i];
      if (h.lists) {
        const uint64_t cap = is_upper(words[i][0]);
        f.push_back(feature_key(110, h.lists, h.pos));
        f.push_back(feature_key(111, h.lists, h.pos, cap * 8 + mode));
        f.push_back(feature_key(112, h.lists, std::min<uint64_t>(h.len, 3), wc[i].caps));
      }
      auto side = [&](long k) -> uint64_t {
        return k < 0 || k >= ln ? 200 : nh[static_cast<size_t>(k)].lists;
      };
      f.push_back(feature_key(113, side(li - 1), h.lists, side(li + 1)));
    }
    if (doc && starts_with_letter(words[i])) {
      const auto it = doc->words.find(lw[i]);
      if (it != doc->words.end()) {
        const DocumentContext::Word& d = it->second;
        const uint64_t count = d.count <= 1 ? 1 : d.count == 2 ? 2 : d.count <= 4 ? 3 : 4;
        const uint64_t cap = is_upper(words[i][0]);
        const uint64_t casing = (d.capitalised > 0) * 2u + (d.lower > 0);
        f.push_back(feature_key(90, count, casing, cap));
        f.push_back(feature_key(91, casing, cap, i == 0 ? 9 : mode));
        f.push_back(feature_key(92, std::min<uint64_t>(d.longest_run, 5),
                                std::min<uint64_t>(run_end[i] - run_begin[i], 5), cap));
        // Where the sentence's own casing says little (its first word, headlines, all-lower
        // text), how the word is written elsewhere in the document.
        if (i == 0 || mode != kMixed) {
          f.push_back(feature_key(96, casing, cap, i == 0 ? 9 : mode));
          f.push_back(feature_key(97, casing, S(li)));
          f.push_back(feature_key(98, casing, F(li)));
        }
      }
    }
    out.offsets.push_back(static_cast<uint32_t>(f.size()));
  }
}

}  // namespace tacitus::ner
