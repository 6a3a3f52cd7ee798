// Word classes: neighbour profiles over the most frequent words, spherical k-means, caps ratios.
#include "tacitus/word_clusters.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "syntax/perceptron.h"

namespace tacitus {

namespace {

constexpr size_t kContextWords = 300;  // profile dimensions per side
constexpr uint32_t kMinCount = 4;      // words rarer than this get no class
constexpr size_t kCoarse = 64, kFine = 320, kFinest = 1000;

std::string lower(std::string_view s) {
  std::string o(s);
  for (char& c : o)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return o;
}

using Sparse = std::vector<std::pair<uint32_t, float>>;

// Spherical k-means (cosine) over L2-normalised sparse rows; returns a class per row. Centroids
// are stored dimension-major so that scoring a row against all of them is contiguous.
std::vector<uint16_t> kmeans(const std::vector<Sparse>& rows, size_t dims, size_t k,
                             unsigned seed) {
  std::vector<uint16_t> assign(rows.size(), 0);
  if (rows.empty()) return assign;
  k = std::min(k, rows.size());
  std::mt19937 rng(seed);
  std::vector<float> cent(dims * k, 0.0f);  // cent[d * k + c]
  std::vector<size_t> pick(rows.size());
  for (size_t i = 0; i < pick.size(); ++i) pick[i] = i;
  std::shuffle(pick.begin(), pick.end(), rng);
  for (size_t c = 0; c < k; ++c)
    for (const auto& [d, v] : rows[pick[c]]) cent[d * k + c] = v;
  std::vector<float> score(k), norm(k);
  for (int it = 0; it < 10; ++it) {
    size_t moved = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
      std::fill(score.begin(), score.end(), 0.0f);
      for (const auto& [d, v] : rows[r]) {
        const float* cd = &cent[d * k];
        for (size_t c = 0; c < k; ++c) score[c] += v * cd[c];
      }
      const uint16_t best =
          static_cast<uint16_t>(std::max_element(score.begin(), score.end()) - score.begin());
      moved += best != assign[r];
      assign[r] = best;
    }
    std::fill(cent.begin(), cent.end(), 0.0f);
    for (size_t r = 0; r < rows.size(); ++r)
      for (const auto& [d, v] : rows[r]) cent[d * k + assign[r]] += v;
    std::fill(norm.begin(), norm.end(), 0.0f);
    for (size_t d = 0; d < dims; ++d)
      for (size_t c = 0; c < k; ++c) norm[c] += cent[d * k + c] * cent[d * k + c];
    for (size_t c = 0; c < k; ++c) norm[c] = norm[c] > 0 ? 1.0f / std::sqrt(norm[c]) : 0.0f;
    for (size_t d = 0; d < dims; ++d)
      for (size_t c = 0; c < k; ++c) cent[d * k + c] *= norm[c];
    if (moved * 200 < rows.size()) break;
  }
  return assign;
}

// Spherical k-means over dense L2-normalised rows (row r at x[r * dims]); returns a class per row.
// Centroids sit in blocks of 8, dimension-major inside a block, so one pass over a row scores 8
// centroids in fixed-width loops the compiler vectorises. Rows are scored on up to 4 threads;
// centroid sums run in row order and ties go to the lowest class, so the result does not depend
// on the thread count.
std::vector<uint16_t> kmeans_dense(const std::vector<float>& x, size_t dims, size_t k,
                                   unsigned seed) {
  constexpr size_t kBlock = 8;
  constexpr int kIterations = 15;
  const size_t n = dims ? x.size() / dims : 0;
  std::vector<uint16_t> assign(n, 0);
  if (n == 0) return assign;
  k = std::min(k, n);
  const size_t blocks = (k + kBlock - 1) / kBlock;
  std::vector<float> cent(blocks * dims * kBlock, 0.0f);
  auto at = [&](size_t c, size_t d) -> float& {
    return cent[((c / kBlock) * dims + d) * kBlock + c % kBlock];
  };
  std::mt19937 rng(seed);
  std::vector<size_t> pick(n);
  std::iota(pick.begin(), pick.end(), size_t{0});
  std::shuffle(pick.begin(), pick.end(), rng);
  for (size_t c = 0; c < k; ++c)
    for (size_t d = 0; d < dims; ++d) at(c, d) = x[pick[c] * dims + d];
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::vector<size_t> moved(threads);
  auto score_rows = [&](size_t t) {
    for (size_t r = t * n / threads, end = (t + 1) * n / threads; r < end; ++r) {
      const float* xr = &x[r * dims];
      float best = -std::numeric_limits<float>::infinity();
      size_t arg = 0;
      for (size_t b = 0; b < blocks; ++b) {
        const float* cb = &cent[b * dims * kBlock];
        float acc[kBlock] = {};
        for (size_t d = 0; d < dims; ++d)
          for (size_t j = 0; j < kBlock; ++j) acc[j] += xr[d] * cb[d * kBlock + j];
        for (size_t j = 0; j < kBlock && b * kBlock + j < k; ++j)
          if (acc[j] > best) best = acc[j], arg = b * kBlock + j;
      }
      moved[t] += arg != assign[r];
      assign[r] = static_cast<uint16_t>(arg);
    }
  };
  for (int it = 0; it < kIterations; ++it) {
    std::fill(moved.begin(), moved.end(), 0);
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(score_rows, t);
    score_rows(0);
    for (std::thread& th : pool) th.join();
    std::fill(cent.begin(), cent.end(), 0.0f);
    for (size_t r = 0; r < n; ++r)
      for (size_t d = 0; d < dims; ++d) at(assign[r], d) += x[r * dims + d];
    for (size_t c = 0; c < k; ++c) {
      float norm = 0;
      for (size_t d = 0; d < dims; ++d) norm += at(c, d) * at(c, d);
      norm = norm > 0 ? 1.0f / std::sqrt(norm) : 0.0f;
      for (size_t d = 0; d < dims; ++d) at(c, d) *= norm;
    }
    if (std::accumulate(moved.begin(), moved.end(), size_t{0}) * 200 < n) break;
  }
  return assign;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// A table of (word hash, info) pairs as WordClusters keeps it: sorted by hash, the first entry of
// a hash kept.
void sort_table(std::vector<std::pair<uint64_t, WordClusters::Info>>& table,
                std::vector<uint64_t>& keys, std::vector<WordClusters::Info>& info) {
  std::stable_sort(table.begin(), table.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [k, in] : table) {
    if (!keys.empty() && keys.back() == k) continue;
    keys.push_back(k);
    info.push_back(in);
  }
}

}  // namespace

WordClusters WordClusters::learn(const std::vector<std::vector<std::string>>& sentences,
                                 unsigned seed) {
  struct Counts {
    uint32_t n = 0, inner = 0, inner_caps = 0;
  };
  std::unordered_map<std::string, Counts> counts;
  for (const auto& s : sentences)
    for (size_t i = 0; i < s.size(); ++i) {
      Counts& c = counts[lower(s[i])];
      ++c.n;
      const bool alpha = !s[i].empty() && std::isalpha(static_cast<unsigned char>(s[i][0]));
      if (i > 0 && alpha && s[i - 1] != "." && s[i - 1] != "\"") {
        ++c.inner;
        c.inner_caps += is_upper(s[i][0]);
      }
    }
  std::vector<std::pair<uint32_t, std::string>> by_freq;
  for (const auto& [w, c] : counts)
    if (c.n >= kMinCount) by_freq.emplace_back(c.n, w);
  std::sort(by_freq.begin(), by_freq.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::unordered_map<std::string, uint32_t> row_of, ctx_of;
  for (size_t i = 0; i < by_freq.size(); ++i) row_of[by_freq[i].second] = static_cast<uint32_t>(i);
  for (size_t i = 0; i < by_freq.size() && i < kContextWords; ++i)
    ctx_of[by_freq[i].second] = static_cast<uint32_t>(i);
  const size_t dims = 2 * kContextWords + 2;  // + sentence boundary on each side
  std::vector<std::unordered_map<uint32_t, float>> prof(by_freq.size());
  for (const auto& s : sentences) {
    std::vector<int64_t> row(s.size()), ctx(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      const std::string lw = lower(s[i]);
      auto r = row_of.find(lw);
      row[i] = r == row_of.end() ? int64_t{-1} : int64_t{r->second};
      auto c = ctx_of.find(lw);
      ctx[i] = c == ctx_of.end() ? int64_t{-1} : int64_t{c->second};
    }
    for (size_t i = 0; i < s.size(); ++i) {
      if (row[i] < 0) continue;
      auto& p = prof[static_cast<size_t>(row[i])];
      if (i == 0)
        p[2 * kContextWords] += 1;
      else if (ctx[i - 1] >= 0)
        p[static_cast<uint32_t>(ctx[i - 1])] += 1;
      if (i + 1 == s.size())
        p[2 * kContextWords + 1] += 1;
      else if (ctx[i + 1] >= 0)
        p[kContextWords + static_cast<uint32_t>(ctx[i + 1])] += 1;
    }
  }
  std::vector<Sparse> rows(prof.size());
  for (size_t r = 0; r < prof.size(); ++r) {
    double norm = 0;
    for (const auto& [d, v] : prof[r]) rows[r].emplace_back(d, std::sqrt(v)), norm += v;
    std::sort(rows[r].begin(), rows[r].end());
    if (norm > 0)
      for (auto& e : rows[r]) e.second = static_cast<float>(e.second / std::sqrt(norm));
  }
  const auto coarse = kmeans(rows, dims, kCoarse, seed);
  const auto fine = kmeans(rows, dims, kFine, seed + 1);
  const auto finest = kmeans(rows, dims, kFinest, seed + 2);
  std::vector<std::pair<uint64_t, Info>> table;
  for (size_t r = 0; r < by_freq.size(); ++r) {
    const Counts& c = counts[by_freq[r].second];
    Info in;
    in.coarse = static_cast<uint16_t>(coarse[r] + 1);
    in.fine = static_cast<uint16_t>(fine[r] + 1);
    in.finest = static_cast<uint16_t>(finest[r] + 1);
    if (c.inner >= 3) {
      const double share = double(c.inner_caps) / c.inner;
      in.caps = share < 0.05 ? 1 : share < 0.3 ? 2 : share < 0.7 ? 3 : share < 0.95 ? 4 : 5;
    }
    table.emplace_back(syntax::string_hash(by_freq[r].second), in);
  }
  WordClusters wc;
  sort_table(table, wc.keys_, wc.info_);
  return wc;
}

WordClusters WordClusters::from_vectors(const WordVectors& vectors, unsigned seed) {
  const size_t dims = vectors.dims, n = vectors.words.size();
  std::vector<float> x(vectors.values.begin(),
                       vectors.values.begin() + static_cast<std::ptrdiff_t>(n * dims));
  for (size_t r = 0; r < n; ++r) {
    float norm = 0;
    for (size_t d = 0; d < dims; ++d) norm += x[r * dims + d] * x[r * dims + d];
    norm = norm > 0 ? 1.0f / std::sqrt(norm) : 0.0f;
    for (size_t d = 0; d < dims; ++d) x[r * dims + d] *= norm;
  }
  const auto coarse = kmeans_dense(x, dims, 128, seed);
  const auto fine = kmeans_dense(x, dims, 512, seed + 1);
  const auto finest = kmeans_dense(x, dims, 2048, seed + 2);
  std::vector<std::pair<uint64_t, Info>> table;
  for (size_t r = 0; r < n; ++r) {
    Info in;
    in.coarse = static_cast<uint16_t>(coarse[r] + 1);
    in.fine = static_cast<uint16_t>(fine[r] + 1);
    in.finest = static_cast<uint16_t>(finest[r] + 1);
    table.emplace_back(syntax::string_hash(lower(vectors.words[r])), in);
  }
  WordClusters wc;
  sort_table(table, wc.keys_, wc.info_);
  return wc;
}

WordClusters::Info WordClusters::info(std::string_view lower_word) const {
  const uint64_t k = syntax::string_hash(lower_word);
  auto it = std::lower_bound(keys_.begin(), keys_.end(), k);
  if (it == keys_.end() || *it != k) return {};
  return info_[static_cast<size_t>(it - keys_.begin())];
}

std::string WordClusters::encode() const {
  ByteWriter w;
  w.put_array(keys_);
  std::vector<uint16_t> coarse, fine, finest;
  std::vector<uint8_t> caps;
  for (const Info& in : info_)
    coarse.push_back(in.coarse), fine.push_back(in.fine), finest.push_back(in.finest),
        caps.push_back(in.caps);
  w.put_array(coarse);
  w.put_array(fine);
  w.put_array(finest);
  w.put_array(caps);
  return w.take();
}

Result<WordClusters> WordClusters::decode(std::string_view bytes, const ModelReader& file) {
  ByteReader r(bytes);
  WordClusters wc;
  wc.keys_ = r.get_array<uint64_t>();
  const auto coarse = r.get_array<uint16_t>();
  const auto fine = r.get_array<uint16_t>();
  const auto finest = r.get_array<uint16_t>();
  const auto caps = r.get_array<uint8_t>();
  if (!r.ok() || !r.at_end()) return file.corrupt("malformed word classes");
  const size_t n = wc.keys_.size();
  if (coarse.size() != n || fine.size() != n || finest.size() != n || caps.size() != n ||
      !std::is_sorted(wc.keys_.begin(), wc.keys_.end()))
    return file.corrupt("inconsistent word classes");
  for (size_t i = 0; i < n; ++i) wc.info_.push_back(Info{coarse[i], fine[i], finest[i], caps[i]});
  return wc;
}

namespace {

// Splits running text into tokens: whitespace, then leading/trailing punctuation and "'s"/"n't".
void tokenize_into(std::string_view text, std::vector<std::string>& out) {
  std::istringstream in{std::string(text)};
  std::string w;
  while (in >> w) {
    std::vector<std::string> tail;
    size_t b = 0, e = w.size();
    while (b < e && std::string_view("\"'(<[{").find(w[b]) != std::string_view::npos)
      out.emplace_back(1, w[b++]);
    while (e > b && std::string_view("\"'.,;:!?)>]}").find(w[e - 1]) != std::string_view::npos) {
      // Keep the period of abbreviations such as "U.S." and "Inc.".
      if (w[e - 1] == '.' && e - b > 1 &&
          (w.find('.', b) < e - 1 || (e - b <= 4 && is_upper(w[b]))))
        break;
      tail.emplace_back(1, w[--e]);
    }
    std::string core = w.substr(b, e - b);
    if (core.size() > 2 && (core.ends_with("'s") || core.ends_with("'S"))) {
      tail.push_back(core.substr(core.size() - 2));
      core.resize(core.size() - 2);
    }
    if (!core.empty()) out.push_back(core);
    for (size_t i = tail.size(); i-- > 0;) out.push_back(tail[i]);
  }
}

}  // namespace

Result<WordVectors> read_word_vectors(const std::string& path, size_t max_words) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open word vectors");
  WordVectors v;
  std::string line;
  for (size_t line_no = 1; v.words.size() < max_words && std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string_view> fields;
    for (size_t b = 0; b < line.size();) {
      const size_t e = std::min(line.find(' ', b), line.size());
      if (e > b) fields.emplace_back(line.data() + b, e - b);
      b = e + 1;
    }
    if (line_no == 1 && fields.size() == 2) continue;  // word2vec header: count dims
    const std::string where = path + ":" + std::to_string(line_no);
    if (fields.size() < 2) return Status::InvalidInput(where + ": expected a word and its values");
    if (v.dims == 0) v.dims = fields.size() - 1;
    if (fields.size() - 1 != v.dims)
      return Status::InvalidInput(where + ": " + std::to_string(fields.size() - 1) +
                                  " values, earlier rows have " + std::to_string(v.dims));
    v.words.emplace_back(fields[0]);
    for (size_t i = 1; i < fields.size(); ++i) {
      float f = 0;
      const auto [p, ec] = std::from_chars(fields[i].data(), fields[i].data() + fields[i].size(), f);
      if (ec != std::errc() || p != fields[i].data() + fields[i].size())
        return Status::InvalidInput(where + ": value " + std::to_string(i) + " is not a number");
      v.values.push_back(f);
    }
  }
  if (v.words.empty()) return Status::InvalidInput(path + ": no word vectors");
  return v;
}

Result<std::vector<std::vector<std::string>>> read_sgml_bodies(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".sgm") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<std::vector<std::string>> out;
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string all = ss.str();
    for (size_t p = all.find("<BODY>"); p != std::string::npos; p = all.find("<BODY>", p)) {
      const size_t e = all.find("</BODY>", p);
      if (e == std::string::npos) break;
      std::string body = all.substr(p + 6, e - p - 6);
      p = e;
      for (size_t a; (a = body.find("&lt;")) != std::string::npos;) body.replace(a, 4, "<");
      for (size_t a; (a = body.find("&amp;")) != std::string::npos;) body.replace(a, 5, "&");
      if (size_t r = body.rfind("Reuter"); r != std::string::npos && r + 20 > body.size())
        body.resize(r);
      // Sentences end at ". " followed by a capital; good enough for neighbour statistics.
      std::vector<std::string> toks;
      tokenize_into(body, toks);
      std::vector<std::string> sent;
      for (size_t i = 0; i < toks.size(); ++i) {
        sent.push_back(toks[i]);
        if ((toks[i] == "." || toks[i] == "?" || toks[i] == "!") && sent.size() > 1) {
          out.push_back(std::move(sent));
          sent.clear();
        }
      }
      if (!sent.empty()) out.push_back(std::move(sent));
    }
  }
  if (out.empty()) return Status::NotFound(dir + ": no SGML <BODY> text found");
  return out;
}

}  // namespace tacitus
