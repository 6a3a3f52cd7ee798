// Helpers shared by the tagger and parser trainers.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "syntax/perceptron.h"

namespace tacitus::syntax {

// Seeded generator (splitmix64) with its own shuffle, so training is reproducible across standard
// libraries (std::shuffle's algorithm is unspecified).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() { return mix64(state_ += 0x9E3779B97F4A7C15ULL); }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[next() % i]);
  }

 private:
  uint64_t state_;
};

}  // namespace tacitus::syntax
