// Sparse multi-class averaged perceptron shared by the tagger and the parser.
//
// A feature is a 64-bit hash of (template, values). Weights are sparse: a feature holds only the
// classes it was ever updated for, which keeps models small (a dense row per feature over ~100
// parser classes would be hundreds of MB) and scoring cheap (a few entries per feature).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
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
  void tick() { ++clock_; }
  // Averaged weights, dropping entries with |w| < prune; features with no entry left are dropped.
  SparseWeights average(float prune = 1e-3f) const;
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

}  // namespace tacitus::syntax
