#include "syntax/perceptron.h"

#include <algorithm>
#include <cmath>

namespace tacitus::syntax {

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
    if (keys[i] == 0 || lengths[i] > classes.size() - e) return file.corrupt("malformed weight table");
    for (uint16_t k = 0; k < lengths[i]; ++k, ++e) runs[i].entries.emplace_back(classes[e], q[e] * scale);
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
