// Throughput of the syntax stage (tagging + lemmatising + parsing) on real news text:
// Reuters-21578 bodies (SGML stripped), tokenised by the project tokenizer, on one thread.
//   build-syntax/tacitus_bench --benchmark_filter=Syntax
// Reports words/s (items_per_second) and the process's peak resident memory (maxrss_mb).
#include <benchmark/benchmark.h>
#include <algorithm>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tacitus/resources.h"
#include "tacitus/syntax.h"
#include "tacitus/text.h"

namespace {

using namespace tacitus;

std::string unescape_sgml(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 5) {
        std::string_view ent = s.substr(i + 1, semi - i - 1);
        if (ent == "lt") out += '<';
        else if (ent == "gt") out += '>';
        else if (ent == "amp") out += '&';
        else if (ent == "quot") out += '"';
        // Numeric entities in Reuters are control characters (&#3; ends a body): dropped.
        i = semi;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Bodies of the Reuters articles, up to `limit` documents.
std::vector<std::string> reuters_bodies(size_t limit) {
  std::vector<std::string> bodies;
  auto dir = shared_path("data/reuters21578");
  if (!dir) return bodies;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(*dir))
    if (e.path().extension() == ".sgm") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (size_t pos = 0; bodies.size() < limit;) {
      size_t b = text.find("<BODY>", pos);
      if (b == std::string::npos) break;
      size_t e = text.find("</BODY>", b);
      if (e == std::string::npos) break;
      bodies.push_back(unescape_sgml(std::string_view(text).substr(b + 6, e - b - 6)));
      pos = e;
    }
    if (bodies.size() >= limit) break;
  }
  return bodies;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux reports KiB
}

void BM_SyntaxReuters(benchmark::State& state) {
  auto analyzer = SyntaxAnalyzer::load(resource_path("models"));
  if (!analyzer.ok()) {
    state.SkipWithError(analyzer.status().ToString().c_str());
    return;
  }
  auto bodies = reuters_bodies(static_cast<size_t>(state.range(0)));
  if (bodies.empty()) {
    state.SkipWithError("../shared/data/reuters21578 is absent");
    return;
  }
  std::vector<Document> docs(bodies.size());
  size_t words = 0;
  for (size_t i = 0; i < bodies.size(); ++i) {
    docs[i].text = bodies[i];
    tokenize(docs[i]);
    words += docs[i].tokens.size();
  }
  for (auto _ : state)
    for (auto& d : docs) (*analyzer)->annotate(d);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * words));
  state.counters["words"] = static_cast<double>(words);
  state.counters["maxrss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_SyntaxReuters)->Arg(2000)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The same with tokenisation inside the timed loop (text in, parsed document out).
void BM_TokenizeAndSyntaxReuters(benchmark::State& state) {
  auto analyzer = SyntaxAnalyzer::load(resource_path("models"));
  if (!analyzer.ok()) {
    state.SkipWithError(analyzer.status().ToString().c_str());
    return;
  }
  auto bodies = reuters_bodies(static_cast<size_t>(state.range(0)));
  if (bodies.empty()) {
    state.SkipWithError("../shared/data/reuters21578 is absent");
    return;
  }
  size_t words = 0;
  for (auto _ : state) {
    words = 0;
    for (const auto& b : bodies) {
      Document d;
      d.text = b;
      tokenize(d);
      (*analyzer)->annotate(d);
      words += d.tokens.size();
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * words));
  state.counters["maxrss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_TokenizeAndSyntaxReuters)->Arg(2000)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
