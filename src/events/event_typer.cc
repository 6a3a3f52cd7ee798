// The trained ACLED event typer (include/tacitus/event_typer.h): hashed features, multinomial
// logistic regression (AdaGrad) or an averaged perceptron, sparse pruned storage.
#include "tacitus/event_typer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "tacitus/csv.h"
#include "tacitus/model_file.h"
#include "tacitus/text.h"
#include "tacitus/resources.h"

namespace tacitus {

namespace {

// The ACLED codebook's 25 sub-event types with their event types (data/ontology/acled_types.tsv).
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kAcledSubTypes = {{
    {"Armed clash", "Battles"},
    {"Government regains territory", "Battles"},
    {"Non-state actor overtakes territory", "Battles"},
    {"Chemical weapon", "Explosions/Remote violence"},
    {"Air/drone strike", "Explosions/Remote violence"},
    {"Suicide bomb", "Explosions/Remote violence"},
    {"Shelling/artillery/missile attack", "Explosions/Remote violence"},
    {"Remote explosive/landmine/IED", "Explosions/Remote violence"},
    {"Grenade", "Explosions/Remote violence"},
    {"Sexual violence", "Violence against civilians"},
    {"Attack", "Violence against civilians"},
    {"Abduction/forced disappearance", "Violence against civilians"},
    {"Peaceful protest", "Protests"},
    {"Protest with intervention", "Protests"},
    {"Excessive force against protesters", "Protests"},
    {"Violent demonstration", "Riots"},
    {"Mob violence", "Riots"},
    {"Agreement", "Strategic developments"},
    {"Arrests", "Strategic developments"},
    {"Change to group/activity", "Strategic developments"},
    {"Disrupted weapons use", "Strategic developments"},
    {"Headquarters or base established", "Strategic developments"},
    {"Looting/property destruction", "Strategic developments"},
    {"Non-violent transfer of territory", "Strategic developments"},
    {"Other", "Strategic developments"},
}};
constexpr int kLabels = static_cast<int>(kAcledSubTypes.size());

int label_index(std::string_view sub_type) {
  for (int i = 0; i < kLabels; ++i)
    if (kAcledSubTypes[i].first == sub_type) return i;
  return -1;
}

// ---- hashing -------------------------------------------------------------------------------

// FNV-1a over bytes, then a splitmix64 finaliser; fixed across platforms so models are portable.
uint64_t fnv(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// ---- feature extraction --------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || is_upper(c) || static_cast<unsigned char>(c) >= 0x80; }

constexpr std::array<std::string_view, 28> kNumberWords = {
    "one",    "two",     "three",    "four",     "five",  "six",    "seven",
    "eight",  "nine",    "ten",      "eleven",   "twelve", "twenty", "dozen",
    "dozens", "hundred", "hundreds", "thousand", "thousands", "several", "scores",
    "many",   "numerous", "some",   "few",      "million", "millions", "fifty"};

bool is_number_word(std::string_view w) {
  return std::find(kNumberWords.begin(), kNumberWords.end(), w) != kNumberWords.end();
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// A crude suffix stripper: folds inflections and agent nouns ("protesters", "protested",
// "protesting" -> "protest"; "killings" -> "kill"; "casualties" -> "casualty").
std::string_view stem_into(std::string_view w, std::string& buf) {
  if (w.size() <= 4) return w;
  auto cut = [&](size_t n, std::string_view add = {}) {
    buf.assign(w.substr(0, w.size() - n));
    buf.append(add);
    return std::string_view(buf);
  };
  if (ends_with(w, "ings") && w.size() > 6) return cut(4);
  if (ends_with(w, "ing") && w.size() > 5) return cut(3);
  if (ends_with(w, "ers") && w.size() > 5) return cut(3);
  if (ends_with(w, "ies")) return cut(3, "y");
  if (ends_with(w, "ied")) return cut(3, "y");
  if (ends_with(w, "er") && w.size() > 5) return cut(2);
  if (ends_with(w, "ed") && w.size() > 4) return cut(2);
  if (ends_with(w, "es") && w.size() > 5 && (ends_with(w, "shes") || ends_with(w, "ches") || ends_with(w, "sses")))
    return cut(2);
  if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us")) return cut(1);
  return w;
}

bool is_fatal_word(std::string_view s) {
  return starts_with(s, "kill") || starts_with(s, "dead") || starts_with(s, "die") || s == "died" ||
         starts_with(s, "death") || starts_with(s, "fatalit") || starts_with(s, "bodies") ||
         starts_with(s, "body");
}
bool is_injury_word(std::string_view s) {
  return starts_with(s, "injur") || starts_with(s, "wound") || starts_with(s, "hurt");
}
bool is_crowd_word(std::string_view s) {
  return starts_with(s, "people") || starts_with(s, "protest") || starts_with(s, "demonstrat") ||
         starts_with(s, "resident") || starts_with(s, "supporter") || starts_with(s, "worker") ||
         starts_with(s, "student") || starts_with(s, "member");
}

// Template ids, hashed in front of each feature's text so templates never collide by design.
enum Template : uint64_t {
  kUni = 1, kStem, kBi, kName, kCue, kPrefix,
};

// Collects the bucket ids of one text's features. Reused across calls by one thread.
class FeatureBuilder {
 public:
  FeatureBuilder(const EventTyperOptions& o) : o_(o), mask_((1u << o.hash_bits) - 1) {}

  // `tokens` are the token texts, `initial[i]` whether token i starts a sentence.
  void build(const std::vector<std::string_view>& tokens, const std::vector<bool>& initial,
             std::vector<uint32_t>& out) {
    out.clear();
    forms_.clear();
    lowers_.clear();
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::string_view t = tokens[i];
      std::string lower(t);
      bool has_alpha = false, has_digit = false;
      for (char& c : lower) {
        if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
        has_alpha |= is_alpha(c);
        has_digit |= is_digit(c);
      }
      if (!has_alpha && !has_digit) continue;  // punctuation
      std::string form = lower;
      if (o_.shapes) {
        if (has_digit) {
          form = "<num>";
        } else if (!initial[i] && is_upper(t[0])) {
          form = "<cap>";
          if (o_.keep_names) add(kName, lower, out);
        }
      }
      lowers_.push_back(lower);
      forms_.push_back(std::move(form));
    }
    std::string buf;
    for (size_t i = 0; i < forms_.size(); ++i) {
      const std::string& f = forms_[i];
      add(kUni, f, out);
      if (o_.stems && f[0] != '<') {
        std::string_view s = stem_into(f, buf);
        if (s != f) add(kStem, s, out);
      }
      if (o_.prefixes && f[0] != '<' && f.size() >= 7) add(kPrefix, std::string_view(f).substr(0, 5), out);
      if (o_.bigrams) {
        std::string_view prev = i == 0 ? "<s>" : std::string_view(forms_[i - 1]);
        add2(kBi, prev, f, out);
      }
    }
    if (o_.bigrams && !forms_.empty()) add2(kBi, forms_.back(), "</s>", out);
    if (o_.cues) {
      for (size_t i = 0; i < forms_.size(); ++i) {
        bool number = forms_[i] == "<num>" || is_number_word(lowers_[i]) ||
                      std::all_of(lowers_[i].begin(), lowers_[i].end(), is_digit);
        if (!number) continue;
        for (size_t j = i + 1; j < forms_.size() && j <= i + 4; ++j) {
          const std::string& w = lowers_[j];
          if (is_fatal_word(w)) add(kCue, "num-fatal", out);
          if (is_injury_word(w)) add(kCue, "num-injury", out);
          if (is_crowd_word(w)) add(kCue, "num-crowd", out);
        }
      }
    }
    // Binary features: how often a name or a number recurs says more about the writer than the
    // event, and counts make long texts overconfident.
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }

 private:
  void add(uint64_t tmpl, std::string_view s, std::vector<uint32_t>& out) const {
    out.push_back(static_cast<uint32_t>(mix(fnv(s, mix(tmpl))) & mask_));
  }
  void add2(uint64_t tmpl, std::string_view a, std::string_view b, std::vector<uint32_t>& out) const {
    uint64_t h = fnv(a, mix(tmpl));
    h = fnv("\x1f", h);
    out.push_back(static_cast<uint32_t>(mix(fnv(b, h)) & mask_));
  }

  const EventTyperOptions& o_;
  uint32_t mask_;
  std::vector<std::string> forms_, lowers_;
};

void features_of_text(const EventTyperOptions& o, std::string_view text, std::vector<uint32_t>& out) {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  tokenize_text(text, tokens, sentences);
  std::vector<std::string_view> words;
  std::vector<bool> initial;
  words.reserve(tokens.size());
  initial.reserve(tokens.size());
  size_t s = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    while (s < sentences.size() && sentences[s].end <= i) ++s;
    words.push_back(text.substr(tokens[i].start, tokens[i].end - tokens[i].start));
    initial.push_back(s < sentences.size() && sentences[s].begin == i);
  }
  FeatureBuilder(o).build(words, initial, out);
}

// ---- float16 -------------------------------------------------------------------------------

uint16_t to_half(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u;
  int32_t exp = static_cast<int32_t>((x >> 23) & 0xff) - 127 + 15;
  uint32_t mant = x & 0x7fffffu;
  if (exp <= 0) return static_cast<uint16_t>(sign);  // flush tiny weights to zero
  if (exp >= 31) return static_cast<uint16_t>(sign | 0x7bffu);  // clamp to the largest finite
  uint32_t h = sign | (static_cast<uint32_t>(exp) << 10) | (mant >> 13);
  if (mant & 0x1000u) ++h;  // round half up (may carry into the exponent, which is correct)
  return static_cast<uint16_t>(h);
}
float from_half(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ffu;
  uint32_t x;
  if (exp == 0) {
    x = sign;  // zero (subnormals are never written)
  } else if (exp == 31) {
    x = sign | 0x7f800000u | (mant << 13);
  } else {
    x = sign | ((exp - 15 + 127) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &x, 4);
  return f;
}

// ---- training ------------------------------------------------------------------------------

struct Example {
  std::vector<uint32_t> buckets;
  int label;
};

// A seeded Fisher-Yates shuffle with our own index draw, so orders match across standard libraries.
template <class T>
void shuffle(std::vector<T>& v, std::mt19937& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    size_t j = rng() % i;
    std::swap(v[i - 1], v[j]);
  }
}

// Dense weights [bucket * kLabels + label] from training.
std::vector<float> train_logistic(const std::vector<Example>& data, const EventTyperOptions& o,
                                  std::vector<float>& bias) {
  const size_t buckets = size_t{1} << o.hash_bits;
  std::vector<float> w(buckets * kLabels, 0.0f), g2(buckets * kLabels, 0.0f);
  std::vector<float> gb(kLabels, 0.0f);
  bias.assign(kLabels, 0.0f);
  std::vector<size_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(o.seed);
  std::array<float, kLabels> p{};
  std::array<float, kLabels> class_weight{};
  {
    std::array<size_t, kLabels> n{};
    for (const Example& ex : data) ++n[ex.label];
    size_t most = *std::max_element(n.begin(), n.end());
    for (int k = 0; k < kLabels; ++k)
      class_weight[k] = n[k] ? static_cast<float>(std::pow(double(most) / n[k], o.balance)) : 1.0f;
  }
  const float lr = o.learning_rate;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    shuffle(order, rng);
    for (size_t idx : order) {
      const Example& ex = data[idx];
      for (int k = 0; k < kLabels; ++k) p[k] = bias[k];
      for (uint32_t b : ex.buckets) {
        const float* row = &w[size_t{b} * kLabels];
        for (int k = 0; k < kLabels; ++k) p[k] += row[k];
      }
      float mx = *std::max_element(p.begin(), p.end());
      float z = 0;
      for (int k = 0; k < kLabels; ++k) z += (p[k] = std::exp(p[k] - mx));
      const float cw = class_weight[ex.label];
      for (int k = 0; k < kLabels; ++k) p[k] = cw * (p[k] / z - (k == ex.label ? 1.0f : 0.0f));
      for (int k = 0; k < kLabels; ++k) {
        gb[k] += p[k] * p[k];
        bias[k] -= lr * p[k] / std::sqrt(gb[k] + 1e-8f);
      }
      for (uint32_t b : ex.buckets) {
        float* row = &w[size_t{b} * kLabels];
        float* acc = &g2[size_t{b} * kLabels];
        for (int k = 0; k < kLabels; ++k) {
          float g = p[k] + o.l2 * row[k];
          acc[k] += g * g;
          row[k] -= lr * g / std::sqrt(acc[k] + 1e-8f);
        }
      }
    }
  }
  return w;
}

std::vector<float> train_perceptron(const std::vector<Example>& data, const EventTyperOptions& o,
                                    std::vector<float>& bias) {
  const size_t buckets = size_t{1} << o.hash_bits;
  std::vector<float> w(buckets * kLabels, 0.0f), u(buckets * kLabels, 0.0f);
  std::vector<float> ub(kLabels, 0.0f);
  bias.assign(kLabels, 0.0f);
  std::vector<size_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(o.seed);
  float c = 1;
  std::array<float, kLabels> s{};
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    shuffle(order, rng);
    for (size_t idx : order) {
      const Example& ex = data[idx];
      for (int k = 0; k < kLabels; ++k) s[k] = bias[k];
      for (uint32_t b : ex.buckets)
        for (int k = 0; k < kLabels; ++k) s[k] += w[size_t{b} * kLabels + k];
      int best = 0;
      for (int k = 1; k < kLabels; ++k)
        if (s[k] > s[best]) best = k;
      if (best != ex.label) {
        for (int k : {ex.label, best}) {
          float d = k == ex.label ? 1.0f : -1.0f;
          bias[k] += d;
          ub[k] += c * d;
          for (uint32_t b : ex.buckets) {
            w[size_t{b} * kLabels + k] += d;
            u[size_t{b} * kLabels + k] += c * d;
          }
        }
      }
      c += 1;
    }
  }
  for (size_t i = 0; i < w.size(); ++i) w[i] -= u[i] / c;
  for (int k = 0; k < kLabels; ++k) bias[k] -= ub[k] / c;
  return w;
}

Result<std::vector<Example>> make_examples(const std::vector<LabelledNote>& notes, const EventTyperOptions& o) {
  std::vector<Example> out;
  out.reserve(notes.size());
  for (size_t i = 0; i < notes.size(); ++i) {
    int label = label_index(notes[i].sub_event_type);
    if (label < 0)
      return Status::InvalidInput("note " + std::to_string(i + 1) + ": '" + notes[i].sub_event_type +
                                  "' is not an ACLED sub-event type");
    Example ex;
    ex.label = label;
    features_of_text(o, notes[i].text, ex.buckets);
    out.push_back(std::move(ex));
  }
  return out;
}

// "9-May-20" -> "2020-05-09"; ISO dates pass through; anything else -> "".
std::string iso_date(std::string_view d) {
  if (d.size() == 10 && d[4] == '-' && d[7] == '-') return std::string(d);
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  size_t a = d.find('-'), b = d.rfind('-');
  if (a == std::string_view::npos || a == b) return "";
  std::string_view day = d.substr(0, a), mon = d.substr(a + 1, b - a - 1), year = d.substr(b + 1);
  int m = 0;
  for (int i = 0; i < 12; ++i)
    if (kMonths[i] == mon) m = i + 1;
  if (m == 0 || day.empty() || day.size() > 2 || (year.size() != 2 && year.size() != 4)) return "";
  std::string out = year.size() == 2 ? "20" + std::string(year) : std::string(year);
  out += m < 10 ? "-0" : "-";
  out += std::to_string(m);
  out += day.size() == 1 ? "-0" : "-";
  out += day;
  return out;
}

// Removes ACLED's bookkeeping from a note: bracketed tags ("[size=no report]") and closing
// sentences that only restate the coded fatality count ("3 fatalities.", "Fatalities coded as 2").
std::string clean_note(std::string_view note) {
  std::string s;
  int depth = 0;
  for (char c : note) {
    if (c == '[') ++depth;
    else if (c == ']' && depth > 0) --depth;
    else if (depth == 0) s.push_back(c);
  }
  for (;;) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
    size_t cut = s.size() >= 2 ? s.find_last_of('.', s.size() - 2) : std::string::npos;
    size_t start = cut == std::string::npos ? 0 : cut + 1;
    std::string_view last = std::string_view(s).substr(start);
    while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
    bool count_only = (!last.empty() && is_digit(last[0]) && last.find("fatalit") != std::string_view::npos &&
                       last.size() < 60) ||
                      starts_with(last, "Fatalities coded");
    if (!count_only || start == 0) break;
    s.resize(start);
  }
  return s;
}

}  // namespace

// Gives the implementation's helpers access to EventTyper internals.
struct EventTyperAccess {
  static std::vector<float> logits(const EventTyper& t, std::string_view text) {
    std::vector<uint32_t> f;
    features_of_text(t.options_, text, f);
    std::vector<float> s(t.sub_types_.size());
    t.scores(f, s.data());
    return s;
  }
  static void build(EventTyper& t, const EventTyperOptions& o, const std::vector<float>& dense,
                    std::vector<float> bias) {
    t.options_ = o;
    t.temperature_ = o.temperature;
    t.bias_ = std::move(bias);
    for (const auto& [sub, type] : kAcledSubTypes) {
      t.sub_types_.emplace_back(sub);
      t.types_.emplace_back(type);
    }
    float threshold = 0;
    size_t nonzero = 0;
    for (float x : dense) nonzero += x != 0;
    if (o.max_weights > 0 && nonzero > o.max_weights) {
      std::vector<float> mags;
      mags.reserve(nonzero);
      for (float x : dense)
        if (x != 0) mags.push_back(std::fabs(x));
      std::nth_element(mags.begin(), mags.begin() + (mags.size() - o.max_weights), mags.end());
      threshold = mags[mags.size() - o.max_weights];
    }
    const size_t buckets = size_t{1} << o.hash_bits;
    t.offsets_.assign(buckets + 1, 0);
    for (size_t b = 0; b < buckets; ++b) {
      t.offsets_[b] = static_cast<uint32_t>(t.entries_.size());
      for (int k = 0; k < kLabels; ++k) {
        float x = dense[b * kLabels + k];
        if (x != 0 && std::fabs(x) >= threshold && from_half(to_half(x)) != 0)
          t.entries_.push_back({static_cast<uint8_t>(k), from_half(to_half(x))});
      }
    }
    t.offsets_[buckets] = static_cast<uint32_t>(t.entries_.size());
  }
};

std::string_view acled_event_type_of(std::string_view sub_event_type) {
  int i = label_index(sub_event_type);
  return i < 0 ? std::string_view() : kAcledSubTypes[i].second;
}

// ---- EventTyper ------------------------------------------------------------------------------

Result<std::shared_ptr<const EventTyper>> EventTyper::train(const std::vector<LabelledNote>& notes,
                                                            const EventTyperOptions& options) {
  if (options.hash_bits < 8 || options.hash_bits > 24)
    return Status::InvalidInput("event typer: hash_bits must be in [8, 24]");
  if (notes.empty()) return Status::InvalidInput("event typer: no training notes");
  auto data = make_examples(notes, options);
  if (!data.ok()) return data.status();
  std::vector<float> bias;
  std::vector<float> dense = options.learner == EventTyperOptions::Learner::kLogistic
                                 ? train_logistic(*data, options, bias)
                                 : train_perceptron(*data, options, bias);
  auto typer = std::make_shared<EventTyper>();
  EventTyperAccess::build(*typer, options, dense, std::move(bias));
  return std::shared_ptr<const EventTyper>(std::move(typer));
}

void EventTyper::scores(const std::vector<uint32_t>& buckets, float* out) const {
  for (size_t k = 0; k < bias_.size(); ++k) out[k] = bias_[k];
  for (uint32_t b : buckets) {
    for (uint32_t e = offsets_[b]; e < offsets_[b + 1]; ++e) out[entries_[e].label] += entries_[e].weight;
  }
}

namespace {
// Softmax of logits / t, in place.
void softmax(float* s, size_t n, float t) {
  float mx = -std::numeric_limits<float>::infinity();
  for (size_t k = 0; k < n; ++k) mx = std::max(mx, s[k] / t);
  float z = 0;
  for (size_t k = 0; k < n; ++k) z += (s[k] = std::exp(s[k] / t - mx));
  for (size_t k = 0; k < n; ++k) s[k] /= z;
}
}  // namespace

EventTypePrediction EventTyper::predict_features(const std::vector<uint32_t>& buckets) const {
  std::array<float, kLabels> p{};
  const size_t n = std::min(sub_types_.size(), p.size());
  scores(buckets, p.data());
  softmax(p.data(), n, temperature_);
  size_t best = 0;
  for (size_t k = 1; k < n; ++k)
    if (p[k] > p[best]) best = k;
  EventTypePrediction out;
  if (n == 0) return out;
  out.sub_event_type = sub_types_[best];
  out.event_type = types_[best];
  out.probability = p[best];
  for (size_t k = 0; k < n; ++k)
    if (types_[k] == types_[best]) out.type_probability += p[k];
  return out;
}

EventTypePrediction EventTyper::predict_text(std::string_view text) const {
  std::vector<uint32_t> f;
  features_of_text(options_, text, f);
  return predict_features(f);
}

std::vector<float> EventTyper::probabilities(std::string_view text) const {
  std::vector<float> s = EventTyperAccess::logits(*this, text);
  softmax(s.data(), s.size(), temperature_);
  return s;
}

EventTypePrediction EventTyper::predict_tokens(const Document& doc, uint32_t begin, uint32_t end) const {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(doc.tokens.size()));
  if (begin >= end) return {};
  std::vector<std::string_view> words;
  std::vector<bool> initial;
  words.reserve(end - begin);
  initial.reserve(end - begin);
  for (uint32_t i = begin; i < end; ++i) {
    words.push_back(doc.token_text(i));
    bool first = i == begin;
    if (!first && !doc.sentences.empty()) first = doc.sentences[doc.sentence_of(i)].begin == i;
    initial.push_back(first);
  }
  std::vector<uint32_t> f;
  FeatureBuilder(options_).build(words, initial, f);
  return predict_features(f);
}

EventTypePrediction EventTyper::predict(const Document& doc, uint32_t sentence_index) const {
  if (sentence_index >= doc.sentences.size()) return {};
  const Sentence& s = doc.sentences[sentence_index];
  return predict_tokens(doc, s.begin, s.end);
}

// Payload of section "meta": options (hash bits, feature flags), temperature, labels.
// Section "bias": float per label. Section "weights": uint64 count, then per non-zero weight a
// LEB128 varint of the delta of key = bucket * 32 + label (keys ascending) and a float16 weight.
Status EventTyper::save(const std::string& path) const {
  ByteWriter meta;
  meta.put<uint32_t>(options_.hash_bits);
  uint32_t flags = (options_.bigrams ? 1u : 0u) | (options_.stems ? 2u : 0u) | (options_.shapes ? 4u : 0u) |
                   (options_.keep_names ? 8u : 0u) | (options_.cues ? 16u : 0u) |
                   (options_.prefixes ? 32u : 0u);
  meta.put<uint32_t>(flags);
  meta.put<float>(temperature_);
  meta.put<uint32_t>(static_cast<uint32_t>(sub_types_.size()));
  for (size_t k = 0; k < sub_types_.size(); ++k) {
    meta.put_string(sub_types_[k]);
    meta.put_string(types_[k]);
  }
  ByteWriter bias;
  bias.put_array(bias_);
  std::string w;
  uint64_t prev = 0;
  const size_t buckets = offsets_.empty() ? 0 : offsets_.size() - 1;
  std::string halves;
  for (size_t b = 0; b < buckets; ++b) {
    for (uint32_t e = offsets_[b]; e < offsets_[b + 1]; ++e) {
      uint64_t key = uint64_t{b} * 32 + entries_[e].label;
      uint64_t d = key - prev;
      prev = key;
      do {
        uint8_t byte = d & 0x7f;
        d >>= 7;
        w.push_back(static_cast<char>(byte | (d ? 0x80 : 0)));
      } while (d);
      uint16_t h = to_half(entries_[e].weight);
      halves.append(reinterpret_cast<const char*>(&h), 2);
    }
  }
  ByteWriter weights;
  weights.put<uint64_t>(entries_.size());
  weights.put_string(w);
  weights.put_string(halves);
  ModelWriter writer(kComponent, kVersion);
  writer.add_section("meta", meta.take());
  writer.add_section("bias", bias.take());
  writer.add_section("weights", weights.take());
  return writer.write(path);
}

Result<std::shared_ptr<const EventTyper>> EventTyper::load(const std::string& path) {
  auto reader = ModelReader::open(path, kComponent, kVersion);
  if (!reader.ok()) return reader.status();
  auto meta_s = reader->section("meta");
  auto bias_s = reader->section("bias");
  auto weights_s = reader->section("weights");
  if (!meta_s.ok()) return meta_s.status();
  if (!bias_s.ok()) return bias_s.status();
  if (!weights_s.ok()) return weights_s.status();
  auto t = std::make_shared<EventTyper>();
  ByteReader meta(*meta_s);
  t->options_.hash_bits = meta.get<uint32_t>();
  uint32_t flags = meta.get<uint32_t>();
  t->options_.bigrams = flags & 1u;
  t->options_.stems = flags & 2u;
  t->options_.shapes = flags & 4u;
  t->options_.keep_names = flags & 8u;
  t->options_.cues = flags & 16u;
  t->options_.prefixes = flags & 32u;
  t->temperature_ = meta.get<float>();
  t->options_.temperature = t->temperature_;
  uint32_t labels = meta.get<uint32_t>();
  if (!meta.ok() || t->options_.hash_bits < 8 || t->options_.hash_bits > 24 || labels == 0 ||
      labels > static_cast<uint32_t>(kLabels) || !(t->temperature_ > 0.01f && t->temperature_ < 100.0f))
    return reader->corrupt("bad event typer header");
  for (uint32_t k = 0; k < labels; ++k) {
    t->sub_types_.push_back(meta.get_string());
    t->types_.push_back(meta.get_string());
  }
  if (!meta.ok() || !meta.at_end()) return reader->corrupt("bad event typer labels");
  ByteReader bias(*bias_s);
  t->bias_ = bias.get_array<float>();
  if (!bias.ok() || !bias.at_end() || t->bias_.size() != labels) return reader->corrupt("bad event typer bias");
  ByteReader weights(*weights_s);
  uint64_t count = weights.get<uint64_t>();
  std::string keys = weights.get_string();
  std::string halves = weights.get_string();
  if (!weights.ok() || !weights.at_end() || halves.size() != count * 2)
    return reader->corrupt("bad event typer weights");
  const uint64_t buckets = uint64_t{1} << t->options_.hash_bits;
  t->offsets_.assign(buckets + 1, 0);
  t->entries_.reserve(count);
  uint64_t key = 0;
  size_t pos = 0;
  uint64_t bucket = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t d = 0;
    int shift = 0;
    for (;;) {
      if (pos >= keys.size() || shift > 56) return reader->corrupt("truncated event typer weights");
      uint8_t byte = static_cast<uint8_t>(keys[pos++]);
      d |= uint64_t{byte & 0x7fu} << shift;
      shift += 7;
      if (!(byte & 0x80)) break;
    }
    if (i > 0 && d == 0) return reader->corrupt("duplicate event typer weight");
    key += d;
    uint64_t b = key / 32, label = key % 32;
    if (b >= buckets || label >= labels) return reader->corrupt("event typer weight out of range");
    while (bucket < b) t->offsets_[++bucket] = static_cast<uint32_t>(t->entries_.size());
    uint16_t h;
    std::memcpy(&h, halves.data() + 2 * i, 2);
    float wv = from_half(h);
    if (!std::isfinite(wv)) return reader->corrupt("non-finite event typer weight");
    t->entries_.push_back({static_cast<uint8_t>(label), wv});
  }
  if (pos != keys.size()) return reader->corrupt("trailing event typer weight bytes");
  while (bucket < buckets) t->offsets_[++bucket] = static_cast<uint32_t>(t->entries_.size());
  return std::shared_ptr<const EventTyper>(std::move(t));
}

// ---- evaluation ----------------------------------------------------------------------------

EventTyperScores score_event_typer(const EventTyper& typer, const std::vector<LabelledNote>& notes) {
  EventTyperScores s;
  for (const LabelledNote& n : notes) {
    EventTypePrediction p = typer.predict_text(n.text);
    bool sub_ok = p.sub_event_type == n.sub_event_type;
    bool type_ok = p.event_type == n.event_type;
    ++s.notes;
    s.sub_type_correct += sub_ok;
    s.type_correct += type_ok;
    s.confidence.emplace_back(p.probability, sub_ok);
    s.type_confidence.emplace_back(p.type_probability, type_ok);
  }
  return s;
}

Result<EventTyperScores> cross_validate_event_typer(const std::vector<LabelledNote>& notes,
                                                    const EventTyperOptions& options, int folds) {
  if (folds < 2 || notes.size() < static_cast<size_t>(folds))
    return Status::InvalidInput("event typer: need folds >= 2 and at least as many notes as folds");
  std::vector<size_t> order(notes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(options.seed ^ 0x5eedu);
  shuffle(order, rng);
  EventTyperOptions o = options;
  o.temperature = 1.0f;
  std::vector<std::vector<float>> logits(notes.size());
  for (int f = 0; f < folds; ++f) {
    std::vector<LabelledNote> train;
    std::vector<size_t> test;
    for (size_t i = 0; i < order.size(); ++i) {
      if (static_cast<int>(i % folds) == f) test.push_back(order[i]);
      else train.push_back(notes[order[i]]);
    }
    auto model = EventTyper::train(train, o);
    if (!model.ok()) return model.status();
    for (size_t i : test) logits[i] = EventTyperAccess::logits(**model, notes[i].text);
  }
  // Fit the temperature on the out-of-fold logits (grid over log t).
  auto nll = [&](float t) {
    double sum = 0;
    for (size_t i = 0; i < notes.size(); ++i) {
      std::vector<float> p = logits[i];
      softmax(p.data(), p.size(), t);
      int y = label_index(notes[i].sub_event_type);
      sum -= std::log(std::max(1e-9f, p[y]));
    }
    return sum;
  };
  float best_t = 1.0f;
  double best = nll(1.0f);
  for (float lt = -1.4f; lt <= 1.4f; lt += 0.05f) {
    float t = std::exp(lt);
    double v = nll(t);
    if (v < best) {
      best = v;
      best_t = t;
    }
  }
  EventTyperScores s;
  s.temperature = best_t;
  for (size_t i = 0; i < notes.size(); ++i) {
    std::vector<float> p = logits[i];
    softmax(p.data(), p.size(), best_t);
    size_t k = static_cast<size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    bool sub_ok = kAcledSubTypes[k].first == notes[i].sub_event_type;
    bool type_ok = kAcledSubTypes[k].second == notes[i].event_type;
    float type_p = 0;
    for (size_t j = 0; j < p.size(); ++j)
      if (kAcledSubTypes[j].second == kAcledSubTypes[k].second) type_p += p[j];
    ++s.notes;
    s.sub_type_correct += sub_ok;
    s.type_correct += type_ok;
    s.confidence.emplace_back(p[k], sub_ok);
    s.type_confidence.emplace_back(type_p, type_ok);
  }
  return s;
}

// ---- readers -------------------------------------------------------------------------------

Result<std::vector<LabelledNote>> read_acled_notes(const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) return text.status();
  std::vector<size_t> lines;
  auto rows = parse_csv(*text, path, &lines);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::InvalidInput(path + ": empty CSV");
  const auto& header = rows->front();
  auto col = [&](std::string_view name) -> int {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  };
  int notes_c = col("notes"), type_c = col("event_type"), sub_c = col("sub_event_type"), date_c = col("event_date");
  if (notes_c < 0 || type_c < 0 || sub_c < 0)
    return Status::InvalidInput(path + ":1: missing column notes, event_type or sub_event_type");
  std::vector<LabelledNote> out;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    if (row.size() != header.size())
      return Status::InvalidInput(path + ":" + std::to_string(lines[r]) + ": " + std::to_string(row.size()) +
                                  " fields, header has " + std::to_string(header.size()));
    LabelledNote n;
    n.text = clean_note(row[notes_c]);
    n.event_type = row[type_c];
    n.sub_event_type = row[sub_c];
    if (date_c >= 0) n.date = iso_date(row[date_c]);
    out.push_back(std::move(n));
  }
  return out;
}

Result<std::vector<LabelledNote>> read_case2021_snippets(const std::string& path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kCaseLabels = {{
      {"ABDUCT_DISSAP", "Abduction/forced disappearance"},
      {"AGREEMENT", "Agreement"},
      {"AIR_STRIKE", "Air/drone strike"},
      {"ARMED_CLASH", "Armed clash"},
      {"ARREST", "Arrests"},
      {"ART_MISS_ATTACK", "Shelling/artillery/missile attack"},
      {"ATTACK", "Attack"},
      {"CHANGE_TO_GROUP_ACT", "Change to group/activity"},
      {"CHEM_WEAP", "Chemical weapon"},
      {"DISR_WEAP", "Disrupted weapons use"},
      {"FORCE_AGAINST_PROTEST", "Excessive force against protesters"},
      {"GOV_REGAINS_TERIT", "Government regains territory"},
      {"GRENADE", "Grenade"},
      {"HQ_ESTABLISHED", "Headquarters or base established"},
      {"MOB_VIOL", "Mob violence"},
      {"NON_STATE_ACTOR_OVERTAKES_TER", "Non-state actor overtakes territory"},
      {"NON_VIOL_TERRIT_TRANSFER", "Non-violent transfer of territory"},
      {"OTHER", "Other"},
      {"PEACE_PROTEST", "Peaceful protest"},
      {"PROPERTY_DISTRUCT", "Looting/property destruction"},
      {"PROTEST_WITH_INTER", "Protest with intervention"},
      {"REM_EXPLOS", "Remote explosive/landmine/IED"},
      {"SEX_VIOL", "Sexual violence"},
      {"SUIC_BOMB", "Suicide bomb"},
      {"VIOL_DEMONSTR", "Violent demonstration"},
  }};
  auto text = read_file(path);
  if (!text.ok()) return text.status();
  std::vector<LabelledNote> out;
  std::string_view rest = *text;
  size_t line = 0;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view l = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (line == 1 || l.empty()) continue;
    size_t a = l.find('\t'), b = l.rfind('\t');
    if (a == std::string_view::npos || a == b)
      return Status::InvalidInput(path + ":" + std::to_string(line) + ": expected id<TAB>snippet<TAB>label");
    std::string_view label = l.substr(b + 1);
    for (const auto& [code, sub] : kCaseLabels) {
      if (code != label) continue;
      LabelledNote n;
      n.text = std::string(l.substr(a + 1, b - a - 1));
      n.sub_event_type = std::string(sub);
      n.event_type = std::string(acled_event_type_of(sub));
      out.push_back(std::move(n));
    }
  }
  return out;
}

}  // namespace tacitus
