#include "syntax/tagger.h"

#include <algorithm>
#include <map>
#include <ostream>

#include "syntax/training.h"

namespace tacitus {
namespace syntax {

uint64_t word_key(std::string_view form) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char ch : form) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z')
      c = static_cast<unsigned char>(c + 32);
    else if (c >= '0' && c <= '9')
      c = '0';
    h = (h ^ c) * 0x100000001b3ULL;
  }
  return mix64(h);
}

uint64_t packed_classes(const WordClusters& classes, std::string_view form) {
  if (classes.size() == 0) return 0;
  char buf[64];
  std::string long_form;
  std::string_view low;
  if (form.size() <= sizeof buf) {
    for (size_t i = 0; i < form.size(); ++i) {
      char c = form[i];
      buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    low = std::string_view(buf, form.size());
  } else {
    long_form.assign(form);
    for (char& c : long_form)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    low = long_form;
  }
  const WordClusters::Info in = classes.info(low);
  return uint64_t{in.coarse} | (uint64_t{in.fine} << 16) | (uint64_t{in.finest} << 32) |
         (uint64_t{in.caps} << 48);
}

// Per-token values the feature templates combine; computed once per sentence.
struct WordInfo {
  uint64_t word;
  uint64_t shape;        // Xxxx-style shape, runs capped at two
  uint64_t short_shape;  // runs collapsed to one
  uint64_t suffix[4];    // last 1..4 bytes, lowercased
  uint64_t prefix[3];
  uint64_t ambiguity;  // the lexicon's ambiguity class; a shape-based stand-in for unknown words
  int32_t sure_tag;
  uint64_t coarse, fine, finest, caps;  // word classes (0 = unknown word), see packed_classes
};

}  // namespace syntax

namespace {

using syntax::WordInfo;

using syntax::fast_key;
using syntax::mix64;

constexpr uint64_t kBoundary = 0x5DEECE66DULL;

char shape_class(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return 'X';
  if (c >= 'a' && c <= 'z') return 'x';
  if (c >= '0' && c <= '9') return 'd';
  if (c >= 0x80) return 'u';
  return static_cast<char>(c);
}

WordInfo word_info(std::string_view f) {
  WordInfo w{};
  w.word = syntax::word_key(f);
  char shape[16], sshape[16];
  size_t n = 0, m = 0, run = 0;
  char prev = 0;
  for (unsigned char c : f) {
    char k = shape_class(c);
    run = (k == prev) ? run + 1 : 1;
    if (run <= 2 && n < sizeof shape) shape[n++] = k;
    if (run == 1 && m < sizeof sshape) sshape[m++] = k;
    prev = k;
  }
  w.shape = syntax::string_hash(std::string_view(shape, n));
  w.short_shape = syntax::string_hash(std::string_view(sshape, m)) ^ 0x77;
  char low[4];
  for (size_t k = 1; k <= 4; ++k) {
    if (k > f.size()) {
      w.suffix[k - 1] = kBoundary + k;
      continue;
    }
    for (size_t j = 0; j < k; ++j) {
      unsigned char c = static_cast<unsigned char>(f[f.size() - k + j]);
      low[j] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    w.suffix[k - 1] = syntax::string_hash(std::string_view(low, k));
  }
  for (size_t k = 1; k <= 3; ++k) {
    if (k > f.size()) {
      w.prefix[k - 1] = kBoundary + 10 + k;
      continue;
    }
    for (size_t j = 0; j < k; ++j) {
      unsigned char c = static_cast<unsigned char>(f[j]);
      low[j] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    w.prefix[k - 1] = syntax::string_hash(std::string_view(low, k));
  }
  return w;
}

const WordInfo& boundary_info() {
  static const WordInfo b = [] {
    WordInfo w{};
    w.word = w.shape = w.short_shape = kBoundary;
    for (auto& s : w.suffix) s = kBoundary;
    for (auto& p : w.prefix) p = kBoundary;
    w.ambiguity = kBoundary;
    w.sure_tag = -1;
    w.coarse = w.fine = w.finest = w.caps = kBoundary;
    return w;
  }();
  return b;
}

constexpr size_t kMaxTaggerFeatures = 56;
// Words seen fewer times than this in training get a shape-based ambiguity class, as unknown
// words do (tagger v5; 5 before: 20 gives dev UPOS +0.11, XPOS +0.13 over three seeds). The
// threshold equals the least count of a sure tag (learn_lexicon), so that no sure word is lost.
constexpr int kLexiconMinCount = 20;
// Size budget of the frozen weight table (features kept, by weight norm).
constexpr size_t kTaggerFeatureBudget = 130000;
// Training: this many perceptrons, each over its own shuffles of the training sentences, whose
// averaged weights are averaged (a cheap ensemble: the same features, so no cost at prediction
// time beyond a few more weights per feature).
constexpr int kTaggerMembers = 2;
// Passive-aggressive (PA-I) updates: on a word whose gold label does not beat the best other label
// by a margin of 1, both labels' weights of the n active features move by
// min(C, (1 - margin) / 2n) (2n = the squared norm of the feature difference) instead of a unit
// step; the history still follows the argmax, as at prediction time.
constexpr float kTaggerPaCap = 0.01f;

// Feature keys for token i given the previous two predicted tags (-1 = sentence start).
size_t tagger_features(const std::vector<WordInfo>& ws, size_t i, int p1, int p2, uint64_t* out) {
  auto at = [&](long j) -> const WordInfo& {
    return (j < 0 || j >= static_cast<long>(ws.size())) ? boundary_info() : ws[j];
  };
  const long k = static_cast<long>(i);
  const WordInfo& w0 = ws[i];
  const WordInfo& m1 = at(k - 1);
  const WordInfo& m2 = at(k - 2);
  const WordInfo& n1 = at(k + 1);
  const WordInfo& n2 = at(k + 2);
  const uint64_t t1 = static_cast<uint64_t>(p1 + 2), t2 = static_cast<uint64_t>(p2 + 2);
  size_t n = 0;
  out[n++] = fast_key(0, 0);
  out[n++] = fast_key(1, w0.word);
  for (int s = 0; s < 4; ++s) out[n++] = fast_key(2 + s, w0.suffix[s]);
  for (int p = 0; p < 3; ++p) out[n++] = fast_key(6 + p, w0.prefix[p]);
  out[n++] = fast_key(9, w0.shape);
  out[n++] = fast_key(10, t1);
  out[n++] = fast_key(11, t2);
  out[n++] = fast_key(12, t1, t2);
  out[n++] = fast_key(13, t1, w0.word);
  out[n++] = fast_key(14, m1.word);
  out[n++] = fast_key(15, m2.word);
  out[n++] = fast_key(16, n1.word);
  out[n++] = fast_key(17, n2.word);
  out[n++] = fast_key(18, m1.word, w0.word);
  out[n++] = fast_key(19, w0.word, n1.word);
  out[n++] = fast_key(20, m1.suffix[2]);
  out[n++] = fast_key(21, n1.suffix[2]);
  out[n++] = fast_key(22, m1.short_shape);
  out[n++] = fast_key(23, n1.short_shape);
  out[n++] = fast_key(24, w0.short_shape, i == 0);
  out[n++] = fast_key(25, t1, w0.suffix[2]);
  out[n++] = fast_key(26, n1.word, n2.word);
  out[n++] = fast_key(27, t1, n1.word);
  out[n++] = fast_key(28, w0.short_shape, n1.short_shape, m1.short_shape);
  out[n++] = fast_key(29, m1.word, w0.suffix[2]);
  out[n++] = fast_key(30, n1.word, w0.suffix[2]);
  out[n++] = fast_key(31, w0.ambiguity);
  out[n++] = fast_key(32, m1.ambiguity);
  out[n++] = fast_key(33, n1.ambiguity);
  out[n++] = fast_key(34, w0.ambiguity, n1.ambiguity);
  out[n++] = fast_key(35, m1.ambiguity, w0.ambiguity);
  out[n++] = fast_key(36, t1, w0.ambiguity);
  out[n++] = fast_key(37, n2.ambiguity);
  out[n++] = fast_key(38, w0.ambiguity, w0.suffix[2]);
  // Word classes: what unlabelled news says about words the treebank rarely or never shows.
  out[n++] = fast_key(40, w0.fine);
  out[n++] = fast_key(41, w0.finest);
  out[n++] = fast_key(42, m1.fine);
  out[n++] = fast_key(43, n1.fine);
  out[n++] = fast_key(46, t1, w0.fine);
  out[n++] = fast_key(49, w0.caps, w0.short_shape);
  // The neighbours' affixes beyond the 3-letter suffixes above (tagger v5).
  out[n++] = fast_key(50, n1.suffix[1]);
  out[n++] = fast_key(51, n1.suffix[3]);
  out[n++] = fast_key(52, m1.suffix[1]);
  out[n++] = fast_key(53, n1.prefix[2]);
  return n;
}

uint64_t lemma_key(std::string_view form, uint16_t xpos_class, bool lower) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char ch : form) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (lower && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    h = (h ^ c) * 0x100000001b3ULL;
  }
  return mix64(h ^ (static_cast<uint64_t>(xpos_class) << 48)) | 1;
}

uint64_t rule_key(std::string_view suffix, uint16_t xpos_class) {
  return mix64(syntax::string_hash(suffix) + xpos_class * 0x9E3779B97F4A7C15ULL + suffix.size());
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

constexpr size_t kMaxRuleSuffix = 5;

}  // namespace

void Tagger::finish_labels() {
  upos_enum_.clear();
  xpos_class_.clear();
  std::map<std::string, uint16_t> classes;
  for (const auto& x : xpos_) classes.emplace(x, 0);
  uint16_t c = 0;
  for (auto& [x, id] : classes) id = c++;
  for (size_t t = 0; t < upos_.size(); ++t) {
    upos_enum_.push_back(upos_from_name(upos_[t]));
    xpos_class_.push_back(classes[xpos_[t]]);
  }
  keep_case_.assign(classes.size(), 0);
  for (size_t t = 0; t < upos_.size(); ++t)
    if (upos_[t] == "PROPN") keep_case_[xpos_class_[t]] = 1;
}

void Tagger::tag(const std::vector<std::string_view>& forms, std::vector<uint16_t>& tags,
                 std::vector<uint64_t>* classes) const {
  thread_local std::vector<WordInfo> ws;
  thread_local std::vector<int32_t> scores;
  ws.clear();
  if (classes) classes->clear();
  for (auto f : forms) {
    ws.push_back(word_info(f));
    const uint64_t packed = attach_lexeme(ws.back(), f);
    if (classes) classes->push_back(packed);
  }
  tags.assign(forms.size(), 0);
  scores.resize(num_tags());
  uint64_t feats[kMaxTaggerFeatures];
  int p1 = -1, p2 = -1;
  for (size_t i = 0; i < forms.size(); ++i) {
    if (ws[i].sure_tag >= 0) {
      tags[i] = static_cast<uint16_t>(ws[i].sure_tag);
      p2 = p1;
      p1 = ws[i].sure_tag;
      continue;
    }
    size_t n = tagger_features(ws, i, p1, p2, feats);
    std::fill(scores.begin(), scores.end(), 0);
    weights_.score(feats, n, scores.data());
    int best = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
    tags[i] = static_cast<uint16_t>(best);
    p2 = p1;
    p1 = best;
  }
}

uint64_t Tagger::attach_lexeme(WordInfo& w, std::string_view form) const {
  const uint64_t packed = syntax::packed_classes(classes_, form);
  w.coarse = syntax::coarse_class(packed);
  w.fine = syntax::fine_class(packed);
  w.finest = syntax::finest_class(packed);
  w.caps = syntax::caps_bucket(packed);
  const Lexeme* lx = lexicon_fast_.find(w.word);
  if (!lx) {
    w.ambiguity = w.short_shape ^ 0xABCDEF;
    w.sure_tag = -1;
  } else {
    w.ambiguity = lx->ambiguity;
    w.sure_tag = lx->sure_tag;
  }
  return packed;
}

void Tagger::freeze_tables() {
  lexicon_fast_.build_from(lexicon_);
  exact_fast_.build_from(exact_);
  lower_fast_.build_from(lower_);
  rules_fast_.build_from(rules_);
}

void Tagger::learn_lexicon(
    const std::vector<ConlluSentence>& train,
    const std::map<std::pair<std::string, std::string>, uint16_t>& label_ids) {
  std::map<uint64_t, std::map<uint16_t, int>> counts;
  for (const auto& s : train)
    for (const auto& w : s.words) {
      auto it = label_ids.find({w.upos, w.xpos});
      if (it != label_ids.end()) counts[syntax::word_key(w.form)][it->second]++;
    }
  for (const auto& [word, tags] : counts) {
    int total = 0, top = 0, top_tag = 0;
    for (const auto& [t, c] : tags) {
      total += c;
      if (c > top) {
        top = c;
        top_tag = t;
      }
    }
    // Rare words' tag sets are just their training tags: as a feature they would be memorised
    // rather than learned, so rare words are treated as unknown.
    if (total < kLexiconMinCount) continue;
    Lexeme lx;
    lx.ambiguity = 0x51ED;
    // Tags under 5% of a word's uses are mostly annotation noise; they would split its class.
    for (const auto& [t, c] : tags)
      if (c * 20 >= total) lx.ambiguity = mix64(lx.ambiguity * 31 + t + 1);
    if (total >= 20 && top * 1000 >= total * 995) lx.sure_tag = top_tag;
    lexicon_[word] = lx;
  }
}

std::string Tagger::encode_lexicon() const {
  std::vector<std::pair<uint64_t, Lexeme>> sorted(lexicon_.begin(), lexicon_.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  ByteWriter w;
  w.put<uint64_t>(sorted.size());
  for (const auto& [k, lx] : sorted) {
    w.put<uint64_t>(k);
    w.put<uint64_t>(lx.ambiguity);
    w.put<int32_t>(lx.sure_tag);
  }
  return w.take();
}

Status Tagger::decode_lexicon(std::string_view bytes, const ModelReader& file) {
  ByteReader r(bytes);
  uint64_t n = r.get<uint64_t>();
  if (n > bytes.size()) return file.corrupt("malformed lexicon");
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    uint64_t k = r.get<uint64_t>();
    Lexeme lx;
    lx.ambiguity = r.get<uint64_t>();
    lx.sure_tag = r.get<int32_t>();
    if (lx.sure_tag >= static_cast<int32_t>(num_tags()))
      return file.corrupt("lexicon tag out of range");
    lexicon_[k] = lx;
  }
  if (!r.ok() || !r.at_end()) return file.corrupt("malformed lexicon");
  return Status::Ok();
}

void Tagger::lemmatize(std::string_view form, uint16_t tag, std::string& out) const {
  uint16_t xc = xpos_class_[tag];
  if (const uint32_t* hit = exact_fast_.find(lemma_key(form, xc, false))) {
    out = lemma_strings_[*hit];
    return;
  }
  if (const uint32_t* hit = lower_fast_.find(lemma_key(form, xc, true))) {
    out = lemma_strings_[*hit];
    return;
  }
  thread_local std::string low;  // scratch, reused so that lemmatising does not allocate
  low.assign(form);
  for (char& c : low)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  if (keep_case_[xc])
    out.assign(form);
  else
    out.assign(low);
  for (int k = static_cast<int>(std::min(kMaxRuleSuffix, low.size())); k >= 0; --k) {
    const uint32_t* r =
        rules_fast_.find(rule_key(std::string_view(low).substr(low.size() - k), xc));
    if (!r) continue;
    const Rewrite& rw = rewrites_[*r];
    // Rules are learned and matched on bytes: one that would cut a multi-byte character (a rule
    // for "'m" meeting "´m") leaves the form as it is, so lemmas stay valid UTF-8.
    const bool whole_characters =
        rw.strip < out.size() ? (static_cast<unsigned char>(out[out.size() - rw.strip]) & 0xC0) != 0x80
                              : rw.strip == out.size();
    if (whole_characters) {
      out.resize(out.size() - rw.strip);
      out += rw.append;
    }
    return;
  }
}

void Tagger::learn_lemmas(const std::vector<ConlluSentence>& train) {
  std::map<std::string, uint16_t> xclass;
  for (size_t t = 0; t < xpos_.size(); ++t) xclass[xpos_[t]] = xpos_class_[t];
  // Counts in ordered maps so that ties break the same way on every platform.
  std::map<std::pair<uint64_t, std::string>, int> exact_counts, lower_counts;
  std::map<std::pair<uint64_t, std::pair<uint8_t, std::string>>, int> rule_counts;
  for (const auto& s : train)
    for (const auto& w : s.words) {
      auto x = xclass.find(w.xpos);
      if (x == xclass.end() || w.lemma.empty() || w.lemma == "_") continue;
      exact_counts[{lemma_key(w.form, x->second, false), w.lemma}]++;
      lower_counts[{lemma_key(w.form, x->second, true), w.lemma}]++;
      std::string base = keep_case_[x->second] ? w.form : ascii_lower(w.form);
      std::string lemma = keep_case_[x->second] ? w.lemma : ascii_lower(w.lemma);
      size_t p = 0;
      while (p < base.size() && p < lemma.size() && base[p] == lemma[p]) ++p;
      if (base.size() - p > 255) continue;
      std::pair<uint8_t, std::string> rw{static_cast<uint8_t>(base.size() - p), lemma.substr(p)};
      std::string low = ascii_lower(w.form);
      for (size_t k = 0; k <= std::min(kMaxRuleSuffix, low.size()); ++k)
        rule_counts[{rule_key(std::string_view(low).substr(low.size() - k), x->second), rw}]++;
    }
  std::map<std::string, uint32_t> string_ids;
  auto intern = [&](const std::string& s) {
    auto [it, added] = string_ids.emplace(s, static_cast<uint32_t>(lemma_strings_.size()));
    if (added) lemma_strings_.push_back(s);
    return it->second;
  };
  auto pick = [&](const auto& counts, std::unordered_map<uint64_t, uint32_t>& table) {
    uint64_t cur = 0;
    int best = 0;
    for (const auto& [k, c] : counts) {
      if (k.first != cur) {
        cur = k.first;
        best = 0;
      }
      if (c > best) {
        best = c;
        table[cur] = intern(k.second);
      }
    }
  };
  pick(exact_counts, exact_);
  pick(lower_counts, lower_);
  std::map<std::pair<uint8_t, std::string>, uint32_t> rewrite_ids;
  uint64_t cur = 0;
  int best = 0;
  for (const auto& [k, c] : rule_counts) {
    if (k.first != cur) {
      cur = k.first;
      best = 0;
    }
    if (c > best) {
      best = c;
      auto [it, added] = rewrite_ids.emplace(k.second, static_cast<uint32_t>(rewrites_.size()));
      if (added) rewrites_.push_back({k.second.first, k.second.second});
      rules_[cur] = it->second;
    }
  }
}

std::string Tagger::encode_lemmas() const {
  ByteWriter w;
  w.put<uint32_t>(static_cast<uint32_t>(lemma_strings_.size()));
  for (const auto& s : lemma_strings_) w.put_string(s);
  for (const auto* table : {&exact_, &lower_, &rules_}) {
    std::vector<std::pair<uint64_t, uint32_t>> sorted(table->begin(), table->end());
    std::sort(sorted.begin(), sorted.end());
    w.put<uint64_t>(sorted.size());
    for (const auto& [k, v] : sorted) {
      w.put<uint64_t>(k);
      w.put<uint32_t>(v);
    }
  }
  w.put<uint32_t>(static_cast<uint32_t>(rewrites_.size()));
  for (const auto& r : rewrites_) {
    w.put<uint8_t>(r.strip);
    w.put_string(r.append);
  }
  return w.take();
}

Status Tagger::decode_lemmas(std::string_view bytes, const ModelReader& file) {
  ByteReader r(bytes);
  uint32_t n = r.get<uint32_t>();
  for (uint32_t i = 0; i < n && r.ok(); ++i) lemma_strings_.push_back(r.get_string());
  uint32_t limits[3] = {static_cast<uint32_t>(lemma_strings_.size()),
                        static_cast<uint32_t>(lemma_strings_.size()), 0};
  std::unordered_map<uint64_t, uint32_t>* tables[3] = {&exact_, &lower_, &rules_};
  for (int t = 0; t < 3; ++t) {
    uint64_t m = r.get<uint64_t>();
    if (m > bytes.size()) return file.corrupt("malformed lemma table");
    for (uint64_t i = 0; i < m && r.ok(); ++i) {
      uint64_t k = r.get<uint64_t>();
      (*tables[t])[k] = r.get<uint32_t>();
    }
  }
  uint32_t nr = r.get<uint32_t>();
  for (uint32_t i = 0; i < nr && r.ok(); ++i) {
    Rewrite rw;
    rw.strip = r.get<uint8_t>();
    rw.append = r.get_string();
    rewrites_.push_back(std::move(rw));
  }
  limits[2] = static_cast<uint32_t>(rewrites_.size());
  if (!r.ok() || !r.at_end()) return file.corrupt("malformed lemma table");
  for (int t = 0; t < 3; ++t)
    for (const auto& [k, v] : *tables[t])
      if (v >= limits[t]) return file.corrupt("lemma table index out of range");
  return Status::Ok();
}

Status Tagger::save(const std::string& path) const {
  ModelWriter file("tagger", kVersion);
  ByteWriter labels;
  labels.put<uint32_t>(static_cast<uint32_t>(upos_.size()));
  for (size_t t = 0; t < upos_.size(); ++t) {
    labels.put_string(upos_[t]);
    labels.put_string(xpos_[t]);
  }
  file.add_section("labels", labels.take());
  file.add_section("weights", weights_.encode());
  file.add_section("lemmas", encode_lemmas());
  file.add_section("lexicon", encode_lexicon());
  file.add_section("classes", classes_.encode());
  return file.write(path);
}

Result<std::unique_ptr<Tagger>> Tagger::load(const std::string& path) {
  auto file = ModelReader::open(path, "tagger", kVersion);
  if (!file.ok()) return file.status();
  std::unique_ptr<Tagger> t(new Tagger());
  auto labels = file->section("labels");
  if (!labels.ok()) return labels.status();
  ByteReader r(*labels);
  uint32_t n = r.get<uint32_t>();
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    t->upos_.push_back(r.get_string());
    t->xpos_.push_back(r.get_string());
  }
  if (!r.ok() || !r.at_end() || n == 0 || n > 65535) return file->corrupt("malformed label table");
  t->finish_labels();
  auto weights = file->section("weights");
  if (!weights.ok()) return weights.status();
  auto w = syntax::CompactWeights::decode(*weights, n, *file);
  if (!w.ok()) return w.status();
  t->weights_ = std::move(w).value();
  auto lemmas = file->section("lemmas");
  if (!lemmas.ok()) return lemmas.status();
  TACITUS_RETURN_IF_ERROR(t->decode_lemmas(*lemmas, *file));
  auto lexicon = file->section("lexicon");
  if (!lexicon.ok()) return lexicon.status();
  TACITUS_RETURN_IF_ERROR(t->decode_lexicon(*lexicon, *file));
  auto classes = file->section("classes");
  if (!classes.ok()) return classes.status();
  auto wc = WordClusters::decode(*classes, *file);
  if (!wc.ok()) return wc.status();
  t->classes_ = std::move(wc).value();
  t->freeze_tables();
  return t;
}

std::unique_ptr<Tagger> Tagger::train(const std::vector<ConlluSentence>& train,
                                      const std::vector<ConlluSentence>* dev, int epochs,
                                      uint64_t seed, const WordClusters& classes,
                                      std::ostream* log) {
  std::unique_ptr<Tagger> t(new Tagger());
  t->classes_ = classes;
  std::map<std::pair<std::string, std::string>, uint16_t> label_ids;
  for (const auto& s : train)
    for (const auto& w : s.words) label_ids.emplace(std::make_pair(w.upos, w.xpos), 0);
  for (auto& [k, id] : label_ids) {
    id = static_cast<uint16_t>(t->upos_.size());
    t->upos_.push_back(k.first);
    t->xpos_.push_back(k.second);
  }
  t->finish_labels();
  t->learn_lemmas(train);
  t->learn_lexicon(train, label_ids);
  t->freeze_tables();

  // Sentences as (word infos, gold tags), prepared once.
  struct Example {
    std::vector<WordInfo> words;
    std::vector<uint16_t> gold;
  };
  std::vector<Example> examples;
  for (const auto& s : train) {
    Example e;
    for (const auto& w : s.words) {
      e.words.push_back(word_info(w.form));
      t->attach_lexeme(e.words.back(), w.form);
      e.gold.push_back(label_ids[{w.upos, w.xpos}]);
    }
    examples.push_back(std::move(e));
  }
  // kTaggerMembers perceptrons, member 0 shuffled by `seed` (as a single perceptron would be).
  std::vector<syntax::TrainingWeights> members;
  std::vector<syntax::Rng> rngs;
  std::vector<std::vector<size_t>> orders;
  for (int m = 0; m < kTaggerMembers; ++m) {
    members.emplace_back(static_cast<int>(t->num_tags()));
    rngs.emplace_back(m == 0 ? seed : syntax::mix64(seed + 0x1234567ULL * m));
    orders.emplace_back(examples.size());
    for (size_t i = 0; i < examples.size(); ++i) orders.back()[i] = i;
  }
  std::vector<float> scores(t->num_tags());
  uint64_t feats[kMaxTaggerFeatures];
  double best_dev = -1;
  syntax::CompactWeights best;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    size_t correct = 0, total = 0;
    for (int m = 0; m < kTaggerMembers; ++m) {
      syntax::TrainingWeights& tw = members[m];
      rngs[m].shuffle(orders[m]);
      for (size_t idx : orders[m]) {
        const Example& e = examples[idx];
        int p1 = -1, p2 = -1;
        for (size_t i = 0; i < e.words.size(); ++i) {
          if (e.words[i].sure_tag >= 0) {
            p2 = p1;
            p1 = e.words[i].sure_tag;
            continue;
          }
          size_t n = tagger_features(e.words, i, p1, p2, feats);
          std::fill(scores.begin(), scores.end(), 0.0f);
          tw.score(feats, n, scores.data());
          const int gold = e.gold[i];
          int guess = 0, rival = -1;
          for (int c = 0; c < static_cast<int>(scores.size()); ++c) {
            if (scores[c] > scores[guess]) guess = c;
            if (c != gold && (rival < 0 || scores[c] > scores[rival])) rival = c;
          }
          const float margin = scores[gold] - scores[rival];
          if (margin < 1.0f)
            tw.update(feats, n, gold, rival,
                      std::min(kTaggerPaCap, (1.0f - margin) / (2.0f * static_cast<float>(n))));
          tw.tick();
          correct += guess == gold;
          ++total;
          // Condition on the prediction, as at test time.
          p2 = p1;
          p1 = guess;
        }
      }
    }
    // Summed, not averaged: the same table, as quantisation scales by the largest weight.
    t->weights_ =
        syntax::CompactWeights::build(syntax::summed_averaged_runs(members), kTaggerFeatureBudget);
    double dev_acc = -1;
    auto score_dev = [&] {
      size_t dc = 0, dt = 0;
      std::vector<std::string_view> forms;
      std::vector<uint16_t> tags;
      for (const auto& s : *dev) {
        forms.clear();
        for (const auto& w : s.words) forms.push_back(w.form);
        t->tag(forms, tags);
        for (size_t i = 0; i < tags.size(); ++i) {
          dc += t->upos_[tags[i]] == s.words[i].upos;
          ++dt;
        }
      }
      return dt ? 100.0 * dc / dt : 0;
    };
    if (dev && log) {
      *log << "  dev UPOS " << score_dev();
      *log << std::endl;
    }
    if (dev) {
      size_t dc = 0, dt = 0;
      std::vector<std::string_view> forms;
      std::vector<uint16_t> tags;
      for (const auto& s : *dev) {
        forms.clear();
        for (const auto& w : s.words) forms.push_back(w.form);
        t->tag(forms, tags);
        for (size_t i = 0; i < tags.size(); ++i) {
          dc += t->upos_[tags[i]] == s.words[i].upos && t->xpos_[tags[i]] == s.words[i].xpos;
          ++dt;
        }
      }
      dev_acc = dt ? 100.0 * dc / dt : 0;
    }
    if (log)
      *log << "tagger epoch " << epoch << ": train " << 100.0 * correct / std::max<size_t>(total, 1)
           << "% dev UPOS+XPOS " << dev_acc << "% features " << members[0].num_features()
           << " kept " << t->weights_.num_features() << " bytes " << t->weights_.bytes()
           << std::endl;
    if (!dev || dev_acc > best_dev) {
      best_dev = dev_acc;
      best = t->weights_;
    }
  }
  t->weights_ = std::move(best);
  return t;
}

}  // namespace tacitus
