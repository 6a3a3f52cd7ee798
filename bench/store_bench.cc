// The event store's speed: ingest throughput (code + store, to compare with BM_CodeReuters, which
// codes + writes JSON Lines), and in-process query latency of the dashboard's query mix.
//
//   tacitus_bench --benchmark_filter='BM_(Code|Ingest)Reuters'   ingest vs code, same corpus
//   TACITUS_BENCH_STORE=/path/events.db tacitus_bench --benchmark_filter=BM_StoreQuery
//     query latency on an existing store (else on a 200,000-event synthetic one in /tmp)
// The HTTP figures under 16 concurrent clients come from `tacitus serve --load-test`
// (docs/store.md).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "reuters_corpus.h"
#include "tacitus/pipeline.h"
#include "tacitus/pipeline_builder.h"
#include "tacitus/resources.h"
#include "tacitus/serve.h"
#include "tacitus/store.h"

namespace {

using tacitus::Document;


// state.range(0): worker threads, 0 = all cores. Each iteration stores into a fresh store, in
// batches of 256 documents, as `tacitus ingest` does.
void BM_IngestReuters(benchmark::State& state) {
  const tacitus::bench::ReutersCorpus& corpus = tacitus::bench::reuters_corpus();
  if (!corpus.error.empty()) return state.SkipWithError(corpus.error.c_str());
  static const auto built = tacitus::build_pipeline(tacitus::PipelineOptions{});
  if (!built.ok()) return state.SkipWithError(built.status().ToString().c_str());
  const unsigned threads = static_cast<unsigned>(state.range(0));
  const std::string path =
      (std::filesystem::temp_directory_path() / "tacitus-bench-ingest.db").string();
  uint64_t mentions = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto store = tacitus::EventStore::open(path);
    if (!store.ok()) return state.SkipWithError(store.status().ToString().c_str());
    state.ResumeTiming();
    size_t next = 0, in_batch = 0;
    run_parallel(
        *built,
        [&](Document& d) {
          if (next == corpus.docs.size()) return false;
          d = corpus.docs[next++];
          return true;
        },
        [&](Document& d, const tacitus::Status&) {
          if (in_batch++ == 0) (void)(*store)->begin();
          auto r = (*store)->add_document(d);
          if (r.ok()) mentions += r->mentions;
          if (in_batch == 256) {
            (void)(*store)->commit();
            in_batch = 0;
          }
        },
        threads);
    if (in_batch) (void)(*store)->commit();
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  const double iterations = static_cast<double>(state.iterations());
  state.counters["docs/s"] =
      benchmark::Counter(corpus.docs.size() * iterations, benchmark::Counter::kIsRate);
  state.counters["mentions/doc"] =
      corpus.docs.empty() ? 0 : mentions / iterations / static_cast<double>(corpus.docs.size());
  state.counters["threads"] = threads ? threads : std::thread::hardware_concurrency();
}
BENCHMARK(BM_IngestReuters)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(0)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

// The store the query benchmarks read: TACITUS_BENCH_STORE, or a synthetic one made once.
std::string query_store(std::string& error) {
  if (const char* env = std::getenv("TACITUS_BENCH_STORE")) return env;
  static const std::string path = [&] {
    std::string p = (std::filesystem::temp_directory_path() / "tacitus-bench-query.db").string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
    auto store = tacitus::EventStore::open(p);
    tacitus::SyntheticOptions so;
    so.events = 200000;
    if (!store.ok() || !(*store)->generate_synthetic(so).ok()) return std::string();
    return p;
  }();
  if (path.empty()) error = "cannot build the synthetic store";
  return path;
}

// state.range(0): 0 = event searches, 1 = aggregates, from the dashboard's query mix.
void BM_StoreQuery(benchmark::State& state) {
  std::string error;
  const std::string path = query_store(error);
  if (path.empty()) return state.SkipWithError(error.c_str());
  tacitus::StoreOptions ro;
  ro.read_only = true;
  auto store = tacitus::EventStore::open(path, ro);
  if (!store.ok()) return state.SkipWithError(store.status().ToString().c_str());
  auto stats = (*store)->stats();
  if (!stats.ok() || !stats->first_day) return state.SkipWithError("empty store");
  // Parse the mix's URLs back into queries (the HTTP layer's parsing is tested elsewhere).
  std::vector<std::pair<tacitus::EventQuery, std::string>> queries;
  const std::string want = state.range(0) == 0 ? "search|" : "aggregate|";
  for (const auto& entry : tacitus::dashboard_query_mix(*stats->first_day, *stats->last_day, 42)) {
    if (entry.rfind(want, 0) != 0) continue;
    tacitus::EventQuery q;
    std::string by;
    std::string params = entry.substr(entry.find('?') + 1);
    for (size_t start = 0; start <= params.size();) {
      size_t amp = params.find('&', start);
      std::string kv = params.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      std::string k = kv.substr(0, kv.find('=')), v = kv.substr(kv.find('=') + 1);
      for (size_t p; (p = v.find("%20")) != std::string::npos;) v.replace(p, 3, " ");
      if (k == "from") q.from_day = tacitus::parse_day(v);
      else if (k == "to") q.to_day = tacitus::parse_day(v);
      else if (k == "country") q.country = v;
      else if (k == "actor") q.actor = v;
      else if (k == "cameo") q.cameo = v;
      else if (k == "q") q.text = v;
      else if (k == "limit") q.limit = std::atoi(v.c_str());
      else if (k == "by") by = v;
      else if (k == "bbox") {
        double w, s, e, n;
        if (std::sscanf(v.c_str(), "%lf,%lf,%lf,%lf", &w, &s, &e, &n) == 4) {
          q.west = w, q.south = s, q.east = e, q.north = n;
        }
      }
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    queries.emplace_back(q, by);
  }
  size_t i = 0;
  for (auto _ : state) {
    const auto& [q, by] = queries[i++ % queries.size()];
    if (by.empty()) {
      auto r = (*store)->find_events(q);
      if (!r.ok()) return state.SkipWithError(r.status().ToString().c_str());
      benchmark::DoNotOptimize(r->size());
    } else {
      auto r = (*store)->aggregate(q, *tacitus::parse_aggregate_key(by));
      if (!r.ok()) return state.SkipWithError(r.status().ToString().c_str());
      benchmark::DoNotOptimize(r->size());
    }
  }
}
BENCHMARK(BM_StoreQuery)->ArgName("aggregate")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
