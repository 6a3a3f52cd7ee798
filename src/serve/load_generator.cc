// A loopback HTTP load generator for the API, and the dashboard's query mix it replays.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "tacitus/serve.h"

namespace tacitus {

namespace {

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

}  // namespace

Result<std::vector<LatencySummary>> run_load_test(const LoadTestOptions& options) {
  if (options.paths.empty()) return Status::InvalidInput("no request paths to replay");
  if (options.clients == 0 || options.clients > 1024)
    return Status::InvalidInput("clients must be within 1..1024");
  struct Sample {
    size_t klass;
    double ms;
    bool ok;
  };
  std::vector<std::string> classes;
  std::vector<std::pair<size_t, std::string>> requests;
  for (const auto& p : options.paths) {
    auto bar = p.find('|');
    std::string klass = bar == std::string::npos ? "request" : p.substr(0, bar);
    auto it = std::find(classes.begin(), classes.end(), klass);
    if (it == classes.end()) it = classes.insert(classes.end(), klass);
    requests.emplace_back(static_cast<size_t>(it - classes.begin()),
                          bar == std::string::npos ? p : p.substr(bar + 1));
  }
  std::mutex mu;
  std::vector<Sample> samples;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::microseconds(static_cast<int64_t>(options.seconds * 1e6));
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < options.clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client(options.host, options.port);
      client.set_keep_alive(true);
      client.set_connection_timeout(5, 0);
      client.set_read_timeout(30, 0);
      std::vector<Sample> local;
      // Bounded: the loop ends at the deadline or after a million requests per client.
      size_t i = (requests.size() * c) / options.clients;
      for (int n = 0; n < 1000000 && std::chrono::steady_clock::now() < deadline; ++n, ++i) {
        const auto& [klass, path] = requests[i % requests.size()];
        auto t0 = std::chrono::steady_clock::now();
        auto res = client.Get(path.c_str());
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count();
        local.push_back({klass, ms, res && res->status == 200});
      }
      std::lock_guard<std::mutex> lock(mu);
      samples.insert(samples.end(), local.begin(), local.end());
    });
  }
  for (auto& t : threads) t.join();

  std::vector<LatencySummary> out;
  auto summarise = [&](const std::string& name, auto pick) {
    LatencySummary s;
    s.request_class = name;
    std::vector<double> ms;
    for (const auto& x : samples) {
      if (!pick(x)) continue;
      ++s.requests;
      if (!x.ok) ++s.errors;
      ms.push_back(x.ms);
    }
    s.p50_ms = percentile(ms, 0.50);
    s.p90_ms = percentile(ms, 0.90);
    s.p95_ms = percentile(ms, 0.95);
    s.p99_ms = percentile(ms, 0.99);
    s.max_ms = ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end());
    out.push_back(s);
  };
  for (size_t k = 0; k < classes.size(); ++k)
    summarise(classes[k], [k](const Sample& x) { return x.klass == k; });
  summarise("all", [](const Sample&) { return true; });
  return out;
}

std::vector<std::string> dashboard_query_mix(const std::string& first_day,
                                             const std::string& last_day, uint64_t seed,
                                             uint64_t events, int views) {
  std::mt19937_64 rng(seed);
  const int32_t first = parse_day(first_day).value_or(0);
  const int32_t last = std::max(first, parse_day(last_day).value_or(first));
  static const char* kCountries[] = {"SY", "YE", "IQ", "US", "AF", "NG", "UA", "FR", "MX", "MM"};
  static const char* kActors[] = {"SYR", "USAGOV", "IRQMIL", "YEMREB", "RUS", "NGACVL", "FRAGOV"};
  static const char* kRoots[] = {"19", "14", "04", "18", "20", "01"};
  static const char* kWords[] = {"Aleppo", "Kabul", "protested", "bombed", "Mosul army",
                                 "Lagos police"};
  auto pick = [&](auto& arr) { return arr[rng() % std::size(arr)]; };
  auto unit = [&] { return std::uniform_real_distribution<double>(0, 1)(rng); };
  std::vector<std::string> mix;
  for (int view = 0; view < views; ++view) {
    std::string f;
    // The dashboard opens on the last 90 days; users then pick other ranges.
    const double r = unit();
    int32_t to = last, span = 89;
    if (r >= 0.6) {
      static const int kSpans[] = {6, 29, 89, 364};
      span = kSpans[rng() % std::size(kSpans)];
      to = last - static_cast<int32_t>(rng() % static_cast<uint64_t>(std::max(1, last - first)));
      to = std::max(to, first);
    }
    f = "from=" + format_day(std::max(first, to - span)) + "&to=" + format_day(to);
    const double n = unit();
    if (n < 0.30) {
    } else if (n < 0.50) {
      f += std::string("&country=") + pick(kCountries);
    } else if (n < 0.65) {
      f += std::string("&actor=") + pick(kActors);
    } else if (n < 0.80) {
      f += std::string("&cameo=") + pick(kRoots);
    } else if (n < 0.90) {
      f += std::string("&q=") + pick(kWords);
    } else if (n < 0.95) {
      f += std::string("&country=") + pick(kCountries) + "&cameo=" + pick(kRoots);
    } else {
      f += std::string("&actor=") + pick(kActors) + "&cameo=" + pick(kRoots);
    }
    mix.push_back("search|/api/events?" + f + "&limit=200");
    mix.push_back("aggregate|/api/aggregate?" + f + "&by=day");
    if (events > 0 && unit() < 0.3)
      mix.push_back("event|/api/events/" + std::to_string(1 + rng() % events));
  }
  for (auto& m : mix) {
    // Spaces in the text words.
    for (size_t p; (p = m.find(' ')) != std::string::npos;) m.replace(p, 1, "%20");
  }
  return mix;
}

}  // namespace tacitus
