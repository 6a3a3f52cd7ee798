// The HTTP API and the dashboard over an event store (docs/api.md lists the endpoints).
//
// Reads are served from a pool of read-only store connections, one per worker thread at a time;
// writes (POST /api/ingest) exist only when the server was started with a write token, and go
// through one writer connection under a lock. Every query value is validated (a malformed one gets
// 400 with the reason) and bound as an SQL parameter.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/status.h"
#include "tacitus/store.h"

namespace tacitus {

// Codes the articles in a POST body (JSON Lines of input documents, EVENT_SCHEMA.md) and adds
// them to `store` inside one batch. Returns the counts, or InvalidInput naming the bad line.
using ArticleIngestFn =
    std::function<Result<IngestCounts>(std::string_view body, EventStore& store)>;

struct ServeOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;              // 0 = any free port (see Server::port())
  std::string web_dir;          // dashboard files; empty = resource_path("web")
  std::string node_modules;     // leaflet, world-atlas; empty = resource_path("data/node_modules")
  std::string write_token;      // empty = read-only server (POST /api/ingest answers 403)
  ArticleIngestFn ingest;       // required when write_token is set
  unsigned threads = 32;        // worker threads (each holds one keep-alive connection)
  size_t max_body_bytes = 8u << 20;
  int io_timeout_s = 10;        // read/write timeout of a connection
  int query_timeout_ms = 3000;  // a longer search answers 503
};

class Server {
 public:
  // Checks the options and that the store opens; does not bind yet.
  static Result<std::unique_ptr<Server>> create(const ServeOptions& options);
  ~Server();

  // Binds host:port and serves on a background thread until stop(). Errors when the port is taken.
  Status start();
  // The bound port (useful with port 0), valid after start().
  int port() const;
  // Stops accepting, finishes the requests in flight and joins the thread. Idempotent.
  void stop();

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A loopback load test: `clients` threads each send requests back to back for `seconds`,
// cycling through `paths` (each client starts at a different offset), and the latencies are
// reported per request class, where a path's class is the `class_of` prefix before '|' in paths
// entries ("search|/api/events?country=SY").
struct LoadTestOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  unsigned clients = 16;
  double seconds = 10;
  std::vector<std::string> paths;  // "class|/path?query"
};

struct LatencySummary {
  std::string request_class;
  uint64_t requests = 0, errors = 0;
  double p50_ms = 0, p90_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0;
};

// Runs the test and returns one summary per class, plus "all". Network errors and non-200
// answers count as errors.
Result<std::vector<LatencySummary>> run_load_test(const LoadTestOptions& options);

// The dashboard's own query mix over a store holding events in [first_day, last_day]
// (web/app.js): `views` views, each sending an event search (limit 200) and a by-day aggregate
// with the same filters: mostly the last 90 days (the opening view, which users share), else a
// range chosen at random, narrowed by nothing, a country, an actor, a CAMEO root, words, or two
// of those. With `events` > 0, some views also open one event (ids 1..events). Paths are tagged
// "search|", "aggregate|" or "event|".
std::vector<std::string> dashboard_query_mix(const std::string& first_day,
                                             const std::string& last_day, uint64_t seed,
                                             uint64_t events = 0, int views = 400);

}  // namespace tacitus
