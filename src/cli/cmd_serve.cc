// `tacitus serve`: the HTTP API and the dashboard over a store (include/tacitus/serve.h), and a
// loopback load client for it (--load-test).
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/ingest.h"
#include "tacitus/pipeline.h"
#include "tacitus/pipeline_builder.h"
#include "tacitus/serve.h"

namespace tacitus::cli {

namespace {

constexpr const char* kHelp =
    "usage: tacitus serve --db FILE [--port 8080] [--host 127.0.0.1] [options]\n"
    "       tacitus serve --load-test --port P [--clients 16] [--seconds 20] [--views 50000]\n"
    "\n"
    "Serves the JSON API (docs/api.md) and the dashboard (http://HOST:PORT/) over the store.\n"
    "Read-only unless a write token is given; then POST /api/ingest with\n"
    "`Authorization: Bearer TOKEN` and a JSON Lines body codes and stores articles.\n"
    "\n"
    "options:\n"
    "  --write-token TOKEN   enable POST /api/ingest (or set TACITUS_WRITE_TOKEN)\n"
    "  --threads N           worker threads (default 32)\n"
    "  --web DIR             dashboard files (default: the project's web/)\n"
    "  --max-body BYTES      largest POST body (default 8 MiB)\n"
    "  --query-timeout-ms N  longer searches answer 503 (default 3000)\n"

    "  --data, --models, --gazetteer   as for `tacitus code` (used by POST /api/ingest)\n"
    "  --load-test           replay the dashboard's query mix against a running server on\n"
    "                        --host/--port with --clients threads for --seconds; print p50/p99\n"
    "                        (--views distinct dashboard views, each sent once unless the\n"
    "                        run outlasts them; the opening views repeat, as users share them)\n";

// Codes a POSTed JSON Lines body: every line must be a valid input document (all or nothing),
// then all are coded and stored in one batch.
ArticleIngestFn make_ingest(std::shared_ptr<Pipeline> pipeline) {
  return [pipeline](std::string_view body, EventStore& store) -> Result<IngestCounts> {
    // The ingest readers read files; the body goes through a private temporary one so POSTed
    // articles are read exactly as `tacitus ingest` reads them.
    std::string path = (std::filesystem::temp_directory_path() / "tacitus-post-XXXXXX").string();
    int fd = mkstemp(path.data());
    if (fd < 0) return Status::IOError("cannot create a temporary file for the POST body");
    bool written = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size());
    ::close(fd);
    struct Remove {
      std::string p;
      ~Remove() { std::remove(p.c_str()); }
    } remove{path};
    if (!written) return Status::IOError("cannot write the POST body to a temporary file");
    std::string rejections;
    ReaderOptions ro;
    ro.path = path;
    ro.format = InputFormat::kJsonl;
    ro.on_reject = [&](const Rejection& r) {
      if (rejections.size() < 2000)
        rejections += "line " + std::to_string(r.line) + ": " + r.reason + "; ";
    };
    auto reader = open_reader(ro);
    if (!reader.ok()) return reader.status();
    std::vector<Document> docs;
    for (Document d; (*reader)->next(d); d = Document()) {
      docs.push_back(std::move(d));
      if (docs.size() > 10000) return Status::InvalidInput("more than 10000 articles in one POST");
    }
    if (!rejections.empty()) return Status::InvalidInput("rejected input: " + rejections);
    if (!(*reader)->status().ok()) return (*reader)->status();
    size_t i = 0;
    IngestCounts total;
    Status error;
    TACITUS_RETURN_IF_ERROR(store.begin());
    run_parallel(
        *pipeline,
        [&](Document& d) {
          if (i == docs.size()) return false;
          d = std::move(docs[i++]);
          return true;
        },
        [&](Document& d, const Status&) {
          if (!error.ok()) return;
          auto r = store.add_document(d);
          if (r.ok()) total += *r;
          else error = r.status();
        });
    if (!error.ok()) {
      store.rollback();
      return error;
    }
    TACITUS_RETURN_IF_ERROR(store.commit());
    return total;
  };
}

int load_test(const Args& args) {
  auto port = args.get_int("port", 8080), clients = args.get_int("clients", 16);
  auto seconds = args.get_int("seconds", 20), views = args.get_int("views", 50000);
  if (!port.ok() || !clients.ok() || !seconds.ok() || !views.ok() || *views < 1 ||
      *views > 1000000) {
    std::cerr << "tacitus serve: --port, --clients, --seconds and --views take integers\n";
    return kExitUsage;
  }
  const std::string host = args.get("host", "127.0.0.1");
  httplib::Client probe(host, static_cast<int>(*port));
  auto health = probe.Get("/api/health");
  if (!health || health->status != 200) {
    std::cerr << "tacitus serve: no server answering on " << host << ":" << *port << "\n";
    return kExitFailure;
  }
  auto h = nlohmann::json::parse(health->body, nullptr, false);
  if (h.is_discarded() || !h["first_day"].is_string()) {
    std::cerr << "tacitus serve: the store is empty\n";
    return kExitFailure;
  }
  LoadTestOptions lo;
  lo.host = host;
  lo.port = static_cast<int>(*port);
  lo.clients = static_cast<unsigned>(*clients);
  lo.seconds = static_cast<double>(*seconds);
  lo.paths = dashboard_query_mix(h["first_day"], h["last_day"], 42,
                                 h["events"].is_number_unsigned() ? h["events"].get<uint64_t>() : 0,
                                 static_cast<int>(*views));
  auto report = run_load_test(lo);
  if (!report.ok()) {
    std::cerr << "tacitus serve: " << report.status().ToString() << "\n";
    return kExitFailure;
  }
  std::printf("%u clients, %d s, store of %s events\n", lo.clients, static_cast<int>(*seconds),
              h["events"].dump().c_str());
  std::printf("%-10s %9s %7s %8s %8s %8s %8s\n", "class", "requests", "errors", "p50 ms", "p95 ms",
              "p99 ms", "max ms");
  for (const auto& s : *report)
    std::printf("%-10s %9llu %7llu %8.1f %8.1f %8.1f %8.1f\n", s.request_class.c_str(),
                static_cast<unsigned long long>(s.requests),
                static_cast<unsigned long long>(s.errors), s.p50_ms, s.p95_ms, s.p99_ms, s.max_ms);
  return kExitOk;
}

}  // namespace

int serve_main(int argc, char** argv) {
  auto parsed = Args::parse(argc, argv, 2, {"help", "load-test"});
  if (!parsed.ok()) {
    std::cerr << "tacitus serve: " << parsed.status().message() << "\n";
    return kExitUsage;
  }
  const Args& args = *parsed;
  if (args.has("help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  if (Status s = args.check_known({"help", "db", "port", "host", "write-token", "threads", "web",
                                   "max-body", "query-timeout-ms", "data", "models", "gazetteer",
                                   "load-test", "clients", "seconds", "views"});
      !s.ok()) {
    std::cerr << "tacitus serve: " << s.message() << "\n";
    return kExitUsage;
  }
  if (args.has("load-test")) return load_test(args);
  ServeOptions o;
  o.db_path = args.get("db");
  if (o.db_path.empty()) {
    std::cerr << "tacitus serve: --db FILE is required\n";
    return kExitUsage;
  }
  auto port = args.get_int("port", 8080), threads = args.get_int("threads", 32),
       max_body = args.get_int("max-body", long{8} << 20),
       timeout = args.get_int("query-timeout-ms", 3000);
  if (!port.ok() || !threads.ok() || !max_body.ok() || !timeout.ok() || *port < 0 ||
      *port > 65535 || *threads < 1 || *max_body < 1 || *timeout < 0) {
    std::cerr << "tacitus serve: --port, --threads, --max-body, --query-timeout-ms need valid "
                 "integers\n";
    return kExitUsage;
  }
  o.host = args.get("host", "127.0.0.1");
  o.port = static_cast<int>(*port);
  o.threads = static_cast<unsigned>(*threads);
  o.max_body_bytes = static_cast<size_t>(*max_body);
  o.query_timeout_ms = static_cast<int>(*timeout);
  o.web_dir = args.get("web");
  o.write_token = args.get("write-token");
  if (o.write_token.empty())
    if (const char* t = std::getenv("TACITUS_WRITE_TOKEN")) o.write_token = t;
  if (!o.write_token.empty()) {
    PipelineOptions p;
    p.data_dir = args.get("data");
    p.models_dir = args.get("models");
    p.gazetteer = args.get("gazetteer");
    auto pipeline = build_pipeline(p);
    if (!pipeline.ok()) {
      std::cerr << "tacitus serve: " << pipeline.status().ToString() << "\n";
      return kExitFailure;
    }
    o.ingest = make_ingest(std::make_shared<Pipeline>(std::move(pipeline.value())));
  }
  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto server = Server::create(o);
  if (!server.ok()) {
    std::cerr << "tacitus serve: " << server.status().ToString() << "\n";
    return kExitFailure;
  }
  if (Status s = (*server)->start(); !s.ok()) {
    std::cerr << "tacitus serve: " << s.ToString() << "\n";
    return kExitFailure;
  }
  std::fprintf(stderr, "tacitus serve: http://%s:%d/ (%s)\n", o.host.c_str(), (*server)->port(),
               o.write_token.empty() ? "read-only" : "POST /api/ingest enabled");
  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::fprintf(stderr, "tacitus serve: stopping\n");
  (*server)->stop();
  return kExitOk;
}

}  // namespace tacitus::cli
