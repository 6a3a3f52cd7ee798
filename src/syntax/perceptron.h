// Sparse multi-class averaged perceptron shared by the tagger, the parser and the NER tagger.
//
// A feature is a 64-bit hash of (template, values). Weights are sparse: a feature holds only the
// classes it was ever updated for. TrainingWeights learns; SparseWeights (NER) and the compact
// tables at the end of this file (tagger, parser: int16 weights, 8-byte slots, a size budget) are
// the frozen forms used at prediction time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tacitus/model_file.h"
#include "tacitus/status.h"

namespace tacitus::syntax {

// 64-bit mixing (splitmix64 finaliser): cheap and well distributed.
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Feature key of template `t` over up to three values. Never 0 (0 marks an empty slot).
inline uint64_t feature_key(uint32_t t, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = mix64(a + 0x9E3779B97F4A7C15ULL * (t + 1));
  h = mix64(h ^ (b + 0x632BE59BD9B4E019ULL));
  h = mix64(h ^ (c + 0x85157AF5ULL));
  return h | 1;
}

// FNV-1a over bytes, then mixed: the identity of a word form inside feature keys.
inline uint64_t string_hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return mix64(h);
}

// Averaged weights of one feature, before quantisation.
struct WeightRun {
  uint64_t key;
  std::vector<std::pair<uint16_t, float>> entries;
};

// Frozen weights used at prediction time: open-addressing table from feature key to a run of
// (class, weight) entries. Immutable after load; safe to share between threads.
class SparseWeights {
 public:
  // Adds every active feature's weights into scores[0..num_classes). Unknown features add nothing.
  void score(const uint64_t* keys, size_t n, float* scores) const {
    for (size_t i = 0; i < n; ++i) {
      const Slot* s = find(keys[i]);
      if (!s) continue;
      for (uint32_t e = s->begin; e < s->end; ++e) scores[classes_[e]] += weights_[e];
    }
  }
  size_t num_features() const { return num_features_; }
  size_t num_entries() const { return weights_.size(); }
  // True when every class index is below n (checked on load so scoring never writes out of range).
  bool classes_below(size_t n) const {
    for (uint16_t c : classes_)
      if (c >= n) return false;
    return true;
  }

  // Builds the table from (key, [(class, weight)...]) runs.
  struct Run {
    uint64_t key;
    std::vector<std::pair<uint16_t, float>> entries;
  };
  static SparseWeights build(const std::vector<Run>& runs);

  // Serialised as keys + run lengths + classes + int16 weights with one scale per file.
  std::string encode() const;
  static Result<SparseWeights> decode(std::string_view bytes, const ModelReader& file);

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t begin = 0, end = 0;
  };
  const Slot* find(uint64_t key) const {
    size_t i = mix64(key) & mask_;
    while (true) {
      const Slot& s = slots_[i];
      if (s.key == key) return &s;
      if (s.key == 0) return nullptr;
      i = (i + 1) & mask_;
    }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t num_features_ = 0;
  std::vector<uint16_t> classes_;
  std::vector<float> weights_;
};

// Weights under training: sparse, growable, with lazy averaging (each entry remembers when it
// last changed so the running sum is brought up to date only on update).
class TrainingWeights {
 public:
  explicit TrainingWeights(int num_classes) : num_classes_(num_classes) { rehash(1 << 16); }
  int num_classes() const { return num_classes_; }

  void score(const uint64_t* keys, size_t n, float* scores) const;
  // One perceptron step: +1 for `gold`, -1 for `guess` on every active feature. Call tick() once
  // per training example (whether or not it updated) so averaging counts examples.
  void update(const uint64_t* keys, size_t n, int gold, int guess);
  // The same step scaled by `step` (passive-aggressive and margin updates).
  void update(const uint64_t* keys, size_t n, int gold, int guess, float step);
  void tick() { ++clock_; }
  // Averaged weights, dropping entries with |w| < prune; features with no entry left are dropped.
  SparseWeights average(float prune = 1e-3f) const;
  // The averaged weights as runs (entries with |w| < prune dropped, empty features dropped).
  std::vector<WeightRun> averaged_runs(float prune = 1e-3f) const;
  size_t num_features() const { return features_.size(); }

 private:
  struct Entry {
    double total = 0;  // sum of w over ticks up to `stamp`
    float w = 0;
    uint32_t stamp = 0;
    uint16_t cls = 0;
  };
  struct Feature {
    uint64_t key;
    std::vector<Entry> entries;
  };
  int64_t find(uint64_t key) const;
  Feature& get_or_add(uint64_t key);
  void rehash(size_t capacity);
  void bump(Feature& f, int cls, float delta);

  int num_classes_;
  uint32_t clock_ = 1;
  std::vector<Feature> features_;
  std::vector<int32_t> index_;  // open addressing into features_; -1 empty
  size_t mask_ = 0;
};

// The sum of several perceptrons' averaged weights (trained side by side over different shuffles:
// a score ensemble at the size and speed of one model), as runs sorted by key. Weights are added
// in member order, so the result is reproducible.
std::vector<WeightRun> summed_averaged_runs(const std::vector<TrainingWeights>& members);

// Memory for the frozen weight tables: 64-byte aligned (add_rows() reads 16-byte-aligned blocks),
// and blocks of 1 MiB and more 2 MiB-aligned and advised for transparent huge pages, so that random
// lookups over a few MB of weights do not also miss the TLB on nearly every access (a page walk is
// dear inside a virtual machine). Systems that refuse the advice give ordinary pages.
void* allocate_table_bytes(size_t bytes);  // throws std::bad_alloc
void free_table_bytes(void* p);

template <class T>
struct TableAllocator {
  using value_type = T;
  TableAllocator() = default;
  template <class U>
  TableAllocator(const TableAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(allocate_table_bytes(n * sizeof(T))); }
  void deallocate(T* p, size_t) { free_table_bytes(p); }
  template <class U>
  bool operator==(const TableAllocator<U>&) const {
    return true;
  }
};

// A weight-table array (see TableAllocator).
template <class T>
using TableArray = std::vector<T, TableAllocator<T>>;

// Copies between table arrays and the plain vectors the model files read and write.
template <class T>
TableArray<T> to_table(const std::vector<T>& v) {
  return TableArray<T>(v.begin(), v.end());
}
template <class T>
std::vector<T> from_table(const TableArray<T>& v) {
  return std::vector<T>(v.begin(), v.end());
}

// ---- Compact frozen tables used by the tagger and the parser (payload versions tagger 3,
// parser 2). Keys come from fast_key(), already well mixed, so the low bits pick the home slot and
// the top 16 bits are stored as a check instead of the whole key (8-byte slots, one cache line
// probe per feature). A false match needs the same 16-bit check in the same probe run: with the
// tables' load it changes a score about once in tens of thousands of absent-feature lookups.

// Feature key of template `t` over up to three values that are already hashes or small ints.
// One mixing round (feature_key uses three); distinct templates and argument orders differ.
inline uint64_t fast_key(uint32_t t, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = (a + 0x9E3779B97F4A7C15ULL * (t + 1)) * 0xD6E8FEB86659FD93ULL;
  h ^= ((b << 21) | (b >> 43)) * 0xC2B2AE3D27D4EB4FULL;
  h ^= ((c << 42) | (c >> 22)) * 0x165667B19E3779F9ULL;
  return mix64(h) | 1;
}

inline uint16_t key_check(uint64_t key) {
  uint16_t c = static_cast<uint16_t>(key >> 48);
  return c ? c : 1;
}

// Linear probing over 8-byte slots whose first two bytes are the check (0 = empty slot), in an
// array of a power of two slots.
//
// Where a probe for check `c` from `home` stops: the first slot of the run that holds `c` or is
// empty (an empty slot carries no weights, so callers may read the stop slot without testing
// which it is).
template <class Slot>
inline const Slot* probe_stop(const Slot* slots, size_t mask, size_t home, uint16_t c) {
  while (true) {
    const uint16_t k = slots[home].check;
    if (k == c || k == 0) return slots + home;
    home = (home + 1) & mask;
  }
}

// Sparse table: each feature holds (class, int16 weight) entries for the classes it has weights
// for. Scores accumulate in int32 (the summed quantised weights of at most a few hundred features
// cannot overflow). In memory, features with weights for many classes (a third or more) are held
// as dense int16 rows instead, added eight classes at a time; the model file keeps the sparse
// form.
class CompactWeights {
 public:
  // Adds every found feature's weights into scores[0..C), C = the largest class + 1 (never more
  // than the decode()'s num_classes). Prefetches every key's home slots, then finds all slots
  // before reading any weights (prefetching those too), so that the cache misses of one call
  // overlap instead of queueing. n must not exceed kMaxKeys.
  static constexpr size_t kMaxKeys = 64;
  void score(const uint64_t* keys, size_t n, int32_t* scores) const {
    for (size_t i = 0; i < n; ++i) {  // home lines, and the next one (see Dense3Weights::score)
      __builtin_prefetch(&slots_[keys[i] & mask_]);
      __builtin_prefetch(&slots_[(keys[i] + 4) & mask_]);
    }
    const Entry* sparse[kMaxKeys];
    uint32_t sparse_len[kMaxKeys];
    const int16_t* dense[kMaxKeys];
    size_t ns = 0, nd = 0;
    for (size_t i = 0; i < n; ++i) {
      const Slot& s = *probe_stop(slots_.data(), mask_, keys[i] & mask_, key_check(keys[i]));
      if (s.len == kDenseRow) {
        const int16_t* row = rows_.data() + size_t{s.begin} * row_width_;
        prefetch_bytes(row, row_width_ * sizeof(int16_t));
        dense[nd++] = row;
      } else if (s.len != 0) {
        prefetch_bytes(entries_.data() + s.begin, s.len * sizeof(Entry));
        sparse[ns] = entries_.data() + s.begin;
        sparse_len[ns++] = s.len;
      }
    }
    for (size_t i = 0; i < ns; ++i) {
      const Entry* e = sparse[i];
      for (uint32_t j = 0; j < sparse_len[i]; ++j) scores[e[j].cls] += e[j].w;
    }
    if (nd) add_rows(dense, nd, scores);
  }
  size_t num_features() const { return num_features_; }
  size_t num_entries() const { return entries_.size(); }
  // Size of the sparse form (the file's).
  size_t bytes() const { return (mask_ + 1) * sizeof(Slot) + entries_.size() * sizeof(Entry); }
  // Quantises runs to int16 and keeps at most max_features features (those of largest L1 norm).
  static CompactWeights build(std::vector<WeightRun> runs, size_t max_features);
  std::string encode() const;
  static Result<CompactWeights> decode(std::string_view bytes, size_t num_classes,
                                       const ModelReader& file);

 private:
  struct Slot {
    uint16_t check = 0;
    uint16_t len = 0;  // 0 in empty slots; kDenseRow: begin is a row of rows_
    uint32_t begin = 0;
  };
  struct Entry {
    uint16_t cls;
    int16_t w;
  };
  static constexpr uint16_t kDenseRow = 0xFFFF;
  // Prefetches every cache line of [p, p + bytes).
  static void prefetch_bytes(const void* p, size_t bytes) {
    const char* c = static_cast<const char*>(p);
    for (size_t off = 0; off < bytes; off += 64) __builtin_prefetch(c + off);
    __builtin_prefetch(c + bytes - 1);
  }
  // Moves the features with many entries to dense rows (after build or decode).
  void make_rows();
  // scores[c] += row[c] for each of the n rows and every class c < num_classes_.
  void add_rows(const int16_t* const* rows, size_t n, int32_t* scores) const;

  TableArray<Slot> slots_ = TableArray<Slot>(1);
  size_t mask_ = 0;
  size_t num_features_ = 0;
  TableArray<Entry> entries_;
  // Dense rows: row_width_ (num_classes_ rounded up to 8) int16 weights each, and the sparse
  // entries each row was made from (slot begin and len, for encode()).
  size_t num_classes_ = 0, row_width_ = 0;
  TableArray<int16_t> rows_;
  std::vector<std::pair<uint32_t, uint16_t>> row_sources_;
};

// Dense table for exactly three classes (the parser's SHIFT / LEFT / RIGHT): the weights live in
// the slot itself, so a feature costs one memory access.
class Dense3Weights {
 public:
  // Adds the weights of every key found; an absent key's probe stops at an empty slot, whose
  // weights are zero.
  void score(const uint64_t* keys, size_t n, int32_t* scores) const {
    int32_t a = 0, b = 0, c = 0;
    // A probe run often continues past its home slot's cache line: fetch the next line too when
    // home is in the second half of its line.
    for (size_t i = 0; i < n; ++i) {
      __builtin_prefetch(&slots_[keys[i] & mask_]);
      __builtin_prefetch(&slots_[(keys[i] + 4) & mask_]);
    }
    for (size_t i = 0; i < n; ++i) {
      const Slot& s = *probe_stop(slots_.data(), mask_, keys[i] & mask_, key_check(keys[i]));
      a += s.w[0];
      b += s.w[1];
      c += s.w[2];
    }
    scores[0] += a;
    scores[1] += b;
    scores[2] += c;
  }
  size_t num_features() const { return num_features_; }
  size_t bytes() const { return (mask_ + 1) * sizeof(Slot); }
  static Dense3Weights build(std::vector<WeightRun> runs, size_t max_features);
  std::string encode() const;
  static Result<Dense3Weights> decode(std::string_view bytes, const ModelReader& file);

 private:
  struct Slot {
    uint16_t check = 0;
    int16_t w[3] = {0, 0, 0};  // zero in empty slots
  };
  TableArray<Slot> slots_ = TableArray<Slot>(1);
  size_t mask_ = 0;
  size_t num_features_ = 0;
};

// Read-only open-addressing map from 64-bit hash keys to small values, for lookups on the hot
// path (std::unordered_map chases a pointer per lookup). Key 0 cannot be stored.
template <class V>
class FlatMap {
 public:
  void build(const std::vector<std::pair<uint64_t, V>>& items) {
    size_t cap = 16;
    while (cap < items.size() * 2) cap <<= 1;
    keys_.assign(cap, 0);
    values_.assign(cap, V{});
    mask_ = cap - 1;
    for (const auto& [k, v] : items) {
      if (k == 0) continue;
      size_t i = mix64(k) & mask_;
      while (keys_[i] != 0 && keys_[i] != k) i = (i + 1) & mask_;
      keys_[i] = k;
      values_[i] = v;
    }
  }
  template <class Map>
  void build_from(const Map& m) {
    build(std::vector<std::pair<uint64_t, V>>(m.begin(), m.end()));
  }
  const V* find(uint64_t key) const {
    if (key == 0) return nullptr;
    size_t i = mix64(key) & mask_;
    while (true) {
      if (keys_[i] == key) return &values_[i];
      if (keys_[i] == 0) return nullptr;
      i = (i + 1) & mask_;
    }
  }

 private:
  std::vector<uint64_t> keys_ = std::vector<uint64_t>(1, 0);
  std::vector<V> values_ = std::vector<V>(1);
  size_t mask_ = 0;
};

}  // namespace tacitus::syntax
