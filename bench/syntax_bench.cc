// Throughput of the syntax stage (tagging + lemmatising + parsing) on real news text:
// Reuters-21578 bodies (read by the ingest Reuters reader), tokenised by the project tokenizer, on one thread.
//   build-syntax/tacitus_bench --benchmark_filter=Syntax
// Reports words/s (items_per_second) and the process's peak resident memory (maxrss_mb).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <string>
#include <vector>

#include "reuters_corpus.h"
#include "tacitus/resources.h"
#include "tacitus/syntax.h"
#include "tacitus/text.h"

namespace {

using namespace tacitus;

// Bodies of the first `limit` Reuters articles, from the corpus every benchmark shares.
std::vector<std::string> reuters_bodies(size_t limit) {
  std::vector<std::string> bodies;
  for (const Document& d : bench::reuters_corpus().docs) {
    if (bodies.size() == limit) break;
    bodies.push_back(d.text);
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
