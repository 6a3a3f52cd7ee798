#include "syntax/perceptron.h"

#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <new>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tacitus::syntax {

void* allocate_table_bytes(size_t bytes) {
  constexpr size_t kHugePage = size_t{2} << 20;
  const bool huge = bytes >= (size_t{1} << 20);
  const size_t align = huge ? kHugePage : 64;
  const size_t rounded = (std::max<size_t>(bytes, 1) + align - 1) / align * align;
  void* p = std::aligned_alloc(align, rounded);
  if (!p) throw std::bad_alloc();
  if (huge) madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
  return p;
}

void free_table_bytes(void* p) { std::free(p); }

SparseWeights SparseWeights::build(const std::vector<Run>& runs) {
  SparseWeights w;
  size_t cap = 16;
  while (cap < runs.size() * 2) cap <<= 1;
  w.slots_.assign(cap, Slot{});
  w.mask_ = cap - 1;
  w.num_features_ = runs.size();
  for (const Run& r : runs) {
    size_t i = mix64(r.key) & w.mask_;
    while (w.slots_[i].key != 0) i = (i + 1) & w.mask_;
    Slot& s = w.slots_[i];
    s.key = r.key;
    s.begin = static_cast<uint32_t>(w.weights_.size());
    for (const auto& [c, v] : r.entries) {
      w.classes_.push_back(c);
      w.weights_.push_back(v);
    }
    s.end = static_cast<uint32_t>(w.weights_.size());
  }
  return w;
}

std::string SparseWeights::encode() const {
  // Weights are quantised to int16 against the largest magnitude: perceptron weights span a few
  // orders of magnitude and 16 bits keep the argmax of the summed scores essentially unchanged.
  float maxabs = 1e-9f;
  for (float v : weights_) maxabs = std::max(maxabs, std::fabs(v));
  float scale = maxabs / 32767.0f;
  std::vector<uint64_t> keys;
  std::vector<uint16_t> lengths;
  std::vector<uint16_t> classes;
  std::vector<int16_t> q;
  for (const Slot& s : slots_) {
    if (s.key == 0) continue;
    keys.push_back(s.key);
    lengths.push_back(static_cast<uint16_t>(s.end - s.begin));
    for (uint32_t e = s.begin; e < s.end; ++e) {
      classes.push_back(classes_[e]);
      q.push_back(static_cast<int16_t>(std::lround(weights_[e] / scale)));
    }
  }
  ByteWriter w;
  w.put<float>(scale);
  w.put_array(keys);
  w.put_array(lengths);
  w.put_array(classes);
  w.put_array(q);
  return w.take();
}

Result<SparseWeights> SparseWeights::decode(std::string_view bytes, const ModelReader& file) {
  ByteReader r(bytes);
  float scale = r.get<float>();
  auto keys = r.get_array<uint64_t>();
  auto lengths = r.get_array<uint16_t>();
  auto classes = r.get_array<uint16_t>();
  auto q = r.get_array<int16_t>();
  if (!r.ok() || !r.at_end() || keys.size() != lengths.size() || classes.size() != q.size())
    return file.corrupt("malformed weight table");
  std::vector<Run> runs(keys.size());
  size_t e = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    runs[i].key = keys[i];
    if (keys[i] == 0 || lengths[i] > classes.size() - e)
      return file.corrupt("malformed weight table");
    for (uint16_t k = 0; k < lengths[i]; ++k, ++e)
      runs[i].entries.emplace_back(classes[e], q[e] * scale);
  }
  if (e != classes.size()) return file.corrupt("malformed weight table");
  return build(runs);
}

int64_t TrainingWeights::find(uint64_t key) const {
  size_t i = mix64(key) & mask_;
  while (true) {
    int32_t f = index_[i];
    if (f < 0) return -1;
    if (features_[f].key == key) return f;
    i = (i + 1) & mask_;
  }
}

void TrainingWeights::rehash(size_t capacity) {
  index_.assign(capacity, -1);
  mask_ = capacity - 1;
  for (size_t f = 0; f < features_.size(); ++f) {
    size_t i = mix64(features_[f].key) & mask_;
    while (index_[i] >= 0) i = (i + 1) & mask_;
    index_[i] = static_cast<int32_t>(f);
  }
}

TrainingWeights::Feature& TrainingWeights::get_or_add(uint64_t key) {
  int64_t f = find(key);
  if (f >= 0) return features_[f];
  if ((features_.size() + 1) * 2 > index_.size()) rehash(index_.size() * 2);
  size_t i = mix64(key) & mask_;
  while (index_[i] >= 0) i = (i + 1) & mask_;
  index_[i] = static_cast<int32_t>(features_.size());
  features_.push_back(Feature{key, {}});
  return features_.back();
}

void TrainingWeights::score(const uint64_t* keys, size_t n, float* scores) const {
  for (size_t i = 0; i < n; ++i) {
    int64_t f = find(keys[i]);
    if (f < 0) continue;
    for (const Entry& e : features_[f].entries) scores[e.cls] += e.w;
  }
}

void TrainingWeights::bump(Feature& f, int cls, float delta) {
  for (Entry& e : f.entries) {
    if (e.cls == cls) {
      e.total += static_cast<double>(clock_ - e.stamp) * e.w;
      e.stamp = clock_;
      e.w += delta;
      return;
    }
  }
  Entry e;
  e.cls = static_cast<uint16_t>(cls);
  e.stamp = clock_;
  e.w = delta;
  f.entries.push_back(e);
}

void TrainingWeights::update(const uint64_t* keys, size_t n, int gold, int guess) {
  if (gold == guess) return;
  for (size_t i = 0; i < n; ++i) {
    Feature& f = get_or_add(keys[i]);
    bump(f, gold, 1.0f);
    bump(f, guess, -1.0f);
  }
}

void TrainingWeights::update(const uint64_t* keys, size_t n, int gold, int guess, float step) {
  if (gold == guess) return;
  for (size_t i = 0; i < n; ++i) {
    Feature& f = get_or_add(keys[i]);
    bump(f, gold, step);
    bump(f, guess, -step);
  }
}

SparseWeights TrainingWeights::average(float prune) const {
  std::vector<SparseWeights::Run> runs;
  runs.reserve(features_.size());
  for (const Feature& f : features_) {
    SparseWeights::Run r{f.key, {}};
    for (const Entry& e : f.entries) {
      double total = e.total + static_cast<double>(clock_ - e.stamp) * e.w;
      float avg = static_cast<float>(total / clock_);
      if (std::fabs(avg) >= prune) r.entries.emplace_back(e.cls, avg);
    }
    if (!r.entries.empty()) runs.push_back(std::move(r));
  }
  return SparseWeights::build(runs);
}

}  // namespace tacitus::syntax

namespace tacitus::syntax {

std::vector<WeightRun> TrainingWeights::averaged_runs(float prune) const {
  std::vector<WeightRun> runs;
  runs.reserve(features_.size());
  for (const Feature& f : features_) {
    WeightRun r{f.key, {}};
    for (const Entry& e : f.entries) {
      double total = e.total + static_cast<double>(clock_ - e.stamp) * e.w;
      float avg = static_cast<float>(total / clock_);
      if (std::fabs(avg) >= prune) r.entries.emplace_back(e.cls, avg);
    }
    if (!r.entries.empty()) runs.push_back(std::move(r));
  }
  return runs;
}

std::vector<WeightRun> summed_averaged_runs(const std::vector<TrainingWeights>& members) {
  if (members.size() == 1) return members[0].averaged_runs();
  std::unordered_map<uint64_t, std::map<uint16_t, float>> sums;
  for (const TrainingWeights& m : members)
    for (const WeightRun& r : m.averaged_runs())
      for (const auto& [cls, w] : r.entries) sums[r.key][cls] += w;
  std::vector<WeightRun> runs;
  runs.reserve(sums.size());
  for (const auto& [key, entries] : sums)
    runs.push_back(WeightRun{key, {entries.begin(), entries.end()}});
  std::sort(runs.begin(), runs.end(),
            [](const WeightRun& a, const WeightRun& b) { return a.key < b.key; });
  return runs;
}

namespace {

// Scale mapping the largest weight magnitude to 32767.
float quant_scale(const std::vector<WeightRun>& runs) {
  float maxabs = 1e-9f;
  for (const auto& r : runs)
    for (const auto& e : r.entries) maxabs = std::max(maxabs, std::fabs(e.second));
  return maxabs / 32767.0f;
}

// Quantises every run, drops zero weights and empty runs, then keeps the max_features runs of
// largest L1 norm (ties by key, so the result does not depend on the input order).
std::vector<std::pair<uint64_t, std::vector<std::pair<uint16_t, int16_t>>>> quantise(
    std::vector<WeightRun> runs, size_t max_features) {
  const float scale = quant_scale(runs);
  std::vector<std::pair<uint64_t, std::vector<std::pair<uint16_t, int16_t>>>> out;
  std::vector<std::pair<int64_t, size_t>> norms;
  for (auto& r : runs) {
    std::vector<std::pair<uint16_t, int16_t>> q;
    int64_t l1 = 0;
    for (const auto& [c, w] : r.entries) {
      long v = std::lround(w / scale);
      if (v == 0) continue;
      q.emplace_back(c, static_cast<int16_t>(std::clamp<long>(v, -32767, 32767)));
      l1 += std::labs(v);
    }
    if (q.empty()) continue;
    std::sort(q.begin(), q.end());
    norms.emplace_back(l1, out.size());
    out.emplace_back(r.key, std::move(q));
  }
  if (out.size() > max_features) {
    std::sort(norms.begin(), norms.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      return out[a.second].first < out[b.second].first;
    });
    std::vector<std::pair<uint64_t, std::vector<std::pair<uint16_t, int16_t>>>> kept;
    kept.reserve(max_features);
    for (size_t i = 0; i < max_features; ++i) kept.push_back(std::move(out[norms[i].second]));
    out = std::move(kept);
  }
  // A canonical order so that the table layout is reproducible.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

size_t table_capacity(size_t features) {
  size_t cap = 16;
  while (cap < features + features / 2) cap <<= 1;
  return cap;
}

bool power_of_two(size_t n) { return n >= 1 && (n & (n - 1)) == 0; }

}  // namespace

CompactWeights CompactWeights::build(std::vector<WeightRun> runs, size_t max_features) {
  auto q = quantise(std::move(runs), max_features);
  CompactWeights w;
  size_t cap = table_capacity(q.size());
  w.slots_.assign(cap, Slot{});
  w.mask_ = cap - 1;
  for (const auto& [key, entries] : q) {
    const uint16_t chk = key_check(key);
    size_t i = key & w.mask_;
    bool dup = false;
    while (w.slots_[i].check != 0) {
      dup |= w.slots_[i].check == chk;
      i = (i + 1) & w.mask_;
    }
    if (dup) continue;  // same home run and check as a kept feature: dropped
    Slot& s = w.slots_[i];
    s.check = key_check(key);
    s.begin = static_cast<uint32_t>(w.entries_.size());
    s.len = static_cast<uint16_t>(entries.size());
    for (const auto& [c, v] : entries) w.entries_.push_back(Entry{c, v});
    ++w.num_features_;
  }
  w.make_rows();
  return w;
}

void CompactWeights::make_rows() {
  num_classes_ = 0;
  for (const Entry& e : entries_) num_classes_ = std::max<size_t>(num_classes_, e.cls + size_t{1});
  row_width_ = (num_classes_ + 7) / 8 * 8;
  rows_.clear();
  row_sources_.clear();
  for (Slot& s : slots_) {
    if (s.check == 0 || s.len * size_t{3} < num_classes_) continue;
    bool increasing = true;  // distinct classes (so no int16 sums in a row), as build() writes
    for (uint32_t j = 1; j < s.len; ++j)
      increasing &= entries_[s.begin + j - 1].cls < entries_[s.begin + j].cls;
    if (!increasing) continue;
    row_sources_.emplace_back(s.begin, s.len);
    const size_t row = rows_.size();
    rows_.resize(row + row_width_, 0);
    for (uint32_t j = 0; j < s.len; ++j) {
      const Entry& e = entries_[s.begin + j];
      rows_[row + e.cls] = e.w;
    }
    s.begin = static_cast<uint32_t>(row / row_width_);
    s.len = kDenseRow;
  }
}

void CompactWeights::add_rows(const int16_t* const* rows, size_t n, int32_t* scores) const {
#if defined(__SSE2__)
  // Eight classes at a time, summed in int32 registers: two rows' int16 weights interleaved and
  // multiplied by ones in pairs (pmaddwd) give both rows' sums per class, exactly. Rows are padded
  // with zeros to a multiple of eight; the last block's padding is not stored.
  const __m128i ones = _mm_set1_epi16(1);
  for (size_t c = 0; c < num_classes_; c += 8) {
    __m128i lo = _mm_setzero_si128(), hi = _mm_setzero_si128();
    for (size_t i = 0; i < n; i += 2) {
      const __m128i x = _mm_load_si128(reinterpret_cast<const __m128i*>(rows[i] + c));
      const __m128i y = i + 1 < n
                            ? _mm_load_si128(reinterpret_cast<const __m128i*>(rows[i + 1] + c))
                            : _mm_setzero_si128();
      lo = _mm_add_epi32(lo, _mm_madd_epi16(_mm_unpacklo_epi16(x, y), ones));
      hi = _mm_add_epi32(hi, _mm_madd_epi16(_mm_unpackhi_epi16(x, y), ones));
    }
    if (c + 8 <= num_classes_) {
      __m128i* out = reinterpret_cast<__m128i*>(scores + c);
      _mm_storeu_si128(out, _mm_add_epi32(_mm_loadu_si128(out), lo));
      _mm_storeu_si128(out + 1, _mm_add_epi32(_mm_loadu_si128(out + 1), hi));
    } else {
      alignas(16) int32_t sums[8];
      _mm_store_si128(reinterpret_cast<__m128i*>(sums), lo);
      _mm_store_si128(reinterpret_cast<__m128i*>(sums + 4), hi);
      for (size_t k = c; k < num_classes_; ++k) scores[k] += sums[k - c];
    }
  }
#else
  for (size_t c = 0; c < num_classes_; ++c) {
    int32_t sum = 0;
    for (size_t i = 0; i < n; ++i) sum += rows[i][c];
    scores[c] += sum;
  }
#endif
}

std::string CompactWeights::encode() const {
  std::vector<Slot> slots(slots_.begin(), slots_.end());
  for (Slot& s : slots)
    if (s.check != 0 && s.len == kDenseRow) {
      const auto& [begin, len] = row_sources_[s.begin];
      s.begin = begin;
      s.len = len;
    }
  ByteWriter w;
  w.put<uint64_t>(num_features_);
  w.put_array(slots);
  w.put_array(from_table(entries_));
  return w.take();
}

Result<CompactWeights> CompactWeights::decode(std::string_view bytes, size_t num_classes,
                                              const ModelReader& file) {
  ByteReader r(bytes);
  CompactWeights w;
  w.num_features_ = r.get<uint64_t>();
  w.slots_ = to_table(r.get_array<Slot>());
  w.entries_ = to_table(r.get_array<Entry>());
  if (!r.ok() || !r.at_end() || !power_of_two(w.slots_.size()) || w.entries_.size() > UINT32_MAX)
    return file.corrupt("malformed weight table");
  w.mask_ = w.slots_.size() - 1;
  size_t empty = 0;
  for (const Slot& s : w.slots_) {
    if (s.check == 0) {
      ++empty;
      if (s.len != 0) return file.corrupt("malformed weight table");
    }
    if (s.len == kDenseRow || static_cast<size_t>(s.begin) + s.len > w.entries_.size())
      return file.corrupt("malformed weight table");
  }
  if (empty == 0) return file.corrupt("weight table without an empty slot");
  for (const Entry& e : w.entries_)
    if (e.cls >= num_classes) return file.corrupt("weight class out of range");
  w.make_rows();
  return w;
}

Dense3Weights Dense3Weights::build(std::vector<WeightRun> runs, size_t max_features) {
  auto q = quantise(std::move(runs), max_features);
  Dense3Weights w;
  size_t cap = table_capacity(q.size());
  w.slots_.assign(cap, Slot{});
  w.mask_ = cap - 1;
  for (const auto& [key, entries] : q) {
    const uint16_t chk = key_check(key);
    size_t i = key & w.mask_;
    bool dup = false;
    while (w.slots_[i].check != 0) {
      if (w.slots_[i].check == chk) dup = true;
      i = (i + 1) & w.mask_;
    }
    if (dup) continue;
    Slot& s = w.slots_[i];
    s.check = chk;
    for (const auto& [c, v] : entries)
      if (c < 3) s.w[c] = v;
    ++w.num_features_;
  }
  return w;
}

std::string Dense3Weights::encode() const {
  ByteWriter w;
  w.put<uint64_t>(num_features_);
  w.put_array(from_table(slots_));
  return w.take();
}

Result<Dense3Weights> Dense3Weights::decode(std::string_view bytes, const ModelReader& file) {
  ByteReader r(bytes);
  Dense3Weights w;
  w.num_features_ = r.get<uint64_t>();
  w.slots_ = to_table(r.get_array<Slot>());
  if (!r.ok() || !r.at_end() || !power_of_two(w.slots_.size()))
    return file.corrupt("malformed weight table");
  w.mask_ = w.slots_.size() - 1;
  bool has_empty = false;
  for (Slot& s : w.slots_)
    if (s.check == 0) {
      has_empty = true;
      s = Slot{};  // a probe for an absent key adds the weights of the empty slot it stops at
    }
  if (!has_empty) return file.corrupt("weight table without an empty slot");
  return w;
}

}  // namespace tacitus::syntax
