// Throughput of the whole coder (`tacitus code`: pipeline + JSON Lines writer) on Reuters-21578,
// on one thread and on all cores. Documents are read once, before timing, so the figures measure
// coding and writing, not disk. TACITUS_BENCH_DOCS=N codes only the first N documents (default:
// all 19,043 bodies).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <streambuf>
#include <thread>
#include <vector>

#include "reuters_corpus.h"
#include "tacitus/output.h"
#include "tacitus/pipeline.h"
#include "tacitus/pipeline_builder.h"
#include "tacitus/resources.h"

namespace {

using tacitus::Document;

// Counts the bytes written and keeps none, like writing to /dev/null.
class CountingBuffer : public std::streambuf {
 public:
  size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    ++bytes;
    return c;
  }
};

const tacitus::Pipeline* pipeline(std::string& error) {
  static const auto built = tacitus::build_pipeline(tacitus::PipelineOptions{});
  if (!built.ok()) {
    error = built.status().ToString();
    return nullptr;
  }
  return &built.value();
}

// state.range(0): worker threads, 0 = all cores.
void BM_CodeReuters(benchmark::State& state) {
  const tacitus::bench::ReutersCorpus& corpus = tacitus::bench::reuters_corpus();
  if (!corpus.error.empty()) {
    state.SkipWithError(corpus.error.c_str());
    return;
  }
  std::string error;
  const tacitus::Pipeline* p = pipeline(error);
  if (!p) {
    state.SkipWithError(error.c_str());
    return;
  }
  unsigned threads = static_cast<unsigned>(state.range(0));
  CountingBuffer sink_buffer;
  std::ostream out(&sink_buffer);
  size_t events = 0;
  for (auto _ : state) {
    auto writer = tacitus::make_event_writer(tacitus::EventFormat::kJsonl, out);
    size_t next = 0;
    run_parallel(
        *p,
        [&](Document& d) {
          if (next == corpus.docs.size()) return false;
          d = corpus.docs[next++];  // a fresh copy: the pipeline adds layers to it
          return true;
        },
        [&](Document& d, const tacitus::Status&) { events += writer->write(d); }, threads);
  }
  double iterations = static_cast<double>(state.iterations());
  state.counters["docs/s"] = benchmark::Counter(corpus.docs.size() * iterations,
                                                benchmark::Counter::kIsRate);
  state.counters["words/s"] = benchmark::Counter(corpus.words * iterations,
                                                 benchmark::Counter::kIsRate);
  state.counters["docs"] = static_cast<double>(corpus.docs.size());
  state.counters["events/doc"] =
      corpus.docs.empty() ? 0 : events / iterations / static_cast<double>(corpus.docs.size());
  state.counters["threads"] = threads ? threads : std::thread::hardware_concurrency();
}

// One pass each: a pass over the whole corpus is long enough to time by itself.
BENCHMARK(BM_CodeReuters)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(0)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
