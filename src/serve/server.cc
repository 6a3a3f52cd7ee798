// The HTTP API (JSON) and the static dashboard, over cpp-httplib.
#include <httplib.h>

#include <charconv>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "serve/json.h"
#include "tacitus/resources.h"
#include "tacitus/serve.h"

namespace tacitus {

namespace {

using serve::JsonWriter;

// Read connections are opened on demand and reused; a lease returns its store to the pool.
class StorePool {
 public:
  StorePool(std::string path, StoreOptions options)
      : path_(std::move(path)), options_(std::move(options)) {}

  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<EventStore> store)
        : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (store_) pool_->give_back(std::move(store_));
    }
    EventStore& operator*() { return *store_; }
    EventStore* operator->() { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<EventStore> store_;
  };

  Result<Lease> take() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        auto s = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(s));
      }
    }
    auto s = EventStore::open(path_, options_);
    if (!s.ok()) return s.status();
    return Lease(this, std::move(s.value()));
  }

 private:
  void give_back(std::unique_ptr<EventStore> s) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(s));
  }
  std::string path_;
  StoreOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<EventStore>> free_;
};

void reply_json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& reason) {
  std::string body;
  JsonWriter(body).begin_object().member("error", reason).end_object();
  reply_json(res, status, std::move(body));
}

int http_status(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidInput: return 400;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kUnsupported: return 503;
    default: return 500;
  }
}

Result<int> parse_int(const std::string& name, const std::string& v) {
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size())
    return Status::InvalidInput(name + " must be an integer, got '" + v.substr(0, 40) + "'");
  return out;
}

Result<double> parse_number(const std::string& name, const std::string& v) {
  try {
    size_t used = 0;
    double d = std::stod(v, &used);
    if (used != v.size() || !std::isfinite(d)) throw std::invalid_argument(v);
    return d;
  } catch (const std::exception&) {
    return Status::InvalidInput(name + " must be a number, got '" + v.substr(0, 40) + "'");
  }
}

// The filters of a request's query string. Unknown parameters are an error, so a misspelt
// filter is not silently ignored.
Result<EventQuery> parse_query(const httplib::Request& req, const std::set<std::string>& extra) {
  static const std::set<std::string> kKnown = {"from", "to",     "actor", "country", "cameo",
                                               "plover", "acled", "bbox",  "q",       "limit",
                                               "offset"};
  EventQuery q;
  for (const auto& [name, value] : req.params) {
    if (!kKnown.count(name) && !extra.count(name))
      return Status::InvalidInput("unknown parameter '" + name.substr(0, 40) + "'");
    if (req.get_param_value_count(name) > 1)
      return Status::InvalidInput("parameter '" + name + "' given more than once");
    if (name == "from" || name == "to") {
      auto day = parse_day(value);
      if (!day || value.size() != 10)
        return Status::InvalidInput(name + " must be a date YYYY-MM-DD, got '" +
                                    value.substr(0, 40) + "'");
      (name == "from" ? q.from_day : q.to_day) = *day;
    } else if (name == "actor") {
      q.actor = value;
    } else if (name == "country") {
      q.country = value;
    } else if (name == "cameo") {
      q.cameo = value;
    } else if (name == "plover") {
      q.plover = value;
    } else if (name == "acled") {
      q.acled = value;
    } else if (name == "q") {
      q.text = value;
    } else if (name == "limit" || name == "offset") {
      auto n = parse_int(name, value);
      if (!n.ok()) return n.status();
      (name == "limit" ? q.limit : q.offset) = *n;
    } else if (name == "bbox") {
      double v[4];
      size_t start = 0;
      for (int i = 0; i < 4; ++i) {
        size_t comma = value.find(',', start);
        if ((i < 3) != (comma != std::string::npos))
          return Status::InvalidInput("bbox must be west,south,east,north");
        auto n = parse_number("bbox", value.substr(start, comma - start));
        if (!n.ok()) return n.status();
        v[i] = *n;
        start = comma + 1;
      }
      q.west = v[0];
      q.south = v[1];
      q.east = v[2];
      q.north = v[3];
    }
  }
  TACITUS_RETURN_IF_ERROR(validate(q));
  return q;
}

}  // namespace

class Server::Impl {
 public:
  ServeOptions options;
  std::unique_ptr<StorePool> readers;
  std::unique_ptr<EventStore> writer;  // opened on the first POST
  std::mutex write_mu;
  httplib::Server http;
  std::thread thread;
  int port = 0;

  void routes();
};

void Server::Impl::routes() {
  http.Get("/api/health", [this](const httplib::Request&, httplib::Response& res) {
    auto store = readers->take();
    if (!store.ok()) return reply_error(res, 503, store.status().message());
    auto stats = (*store)->stats();
    if (!stats.ok()) return reply_error(res, 503, stats.status().message());
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.member("status", "ok").member("writable", !options.write_token.empty());
    w.member("documents", stats->documents).member("events", stats->events);
    w.member("mentions", stats->mentions);
    w.member("first_day", stats->first_day).member("last_day", stats->last_day);
    w.end_object();
    reply_json(res, 200, std::move(body));
  });

  http.Get("/api/events", [this](const httplib::Request& req, httplib::Response& res) {
    auto q = parse_query(req, {});
    if (!q.ok()) return reply_error(res, 400, q.status().message());
    auto store = readers->take();
    if (!store.ok()) return reply_error(res, 503, store.status().message());
    auto events = (*store)->find_events(*q);
    if (!events.ok()) return reply_error(res, http_status(events.status()), events.status().message());
    std::string body;
    body.reserve(events->size() * 1024);
    JsonWriter w(body);
    w.begin_object().key("events").begin_array();
    for (const auto& e : *events) serve::write_event(w, e);
    w.end_array();
    w.member("limit", q->limit).member("offset", q->offset);
    w.member("more", events->size() == static_cast<size_t>(q->limit));
    w.end_object();
    reply_json(res, 200, std::move(body));
  });

  http.Get(R"(/api/events/(\d{1,18}))", [this](const httplib::Request& req, httplib::Response& res) {
    if (!req.params.empty()) return reply_error(res, 400, "this endpoint takes no parameters");
    int64_t id = std::stoll(req.matches[1]);
    auto store = readers->take();
    if (!store.ok()) return reply_error(res, 503, store.status().message());
    auto e = (*store)->get_event(id);
    if (!e.ok()) return reply_error(res, http_status(e.status()), e.status().message());
    reply_json(res, 200, serve::event_json(*e));
  });

  http.Get("/api/aggregate", [this](const httplib::Request& req, httplib::Response& res) {
    auto q = parse_query(req, {"by"});
    if (!q.ok()) return reply_error(res, 400, q.status().message());
    if (!req.has_param("by")) return reply_error(res, 400, "by is required: day, type or country");
    auto by = parse_aggregate_key(req.get_param_value("by"));
    if (!by.ok()) return reply_error(res, 400, by.status().message());
    auto store = readers->take();
    if (!store.ok()) return reply_error(res, 503, store.status().message());
    auto buckets = (*store)->aggregate(*q, *by);
    if (!buckets.ok())
      return reply_error(res, http_status(buckets.status()), buckets.status().message());
    std::string body;
    JsonWriter w(body);
    w.begin_object().member("by", req.get_param_value("by")).key("buckets").begin_array();
    for (const auto& b : *buckets) {
      w.begin_object().member("key", b.key).member("events", b.events);
      w.member("mentions", b.mentions).member("fatalities", b.fatalities).end_object();
    }
    w.end_array().end_object();
    reply_json(res, 200, std::move(body));
  });

  http.Post("/api/ingest", [this](const httplib::Request& req, httplib::Response& res) {
    if (options.write_token.empty())
      return reply_error(res, 403, "this server is read-only (start it with --write-token)");
    const std::string expected = "Bearer " + options.write_token;
    const std::string& given = req.get_header_value("Authorization");
    // Compare in constant time so the token cannot be guessed byte by byte from timings.
    unsigned char diff = given.size() != expected.size();
    for (size_t i = 0; i < expected.size(); ++i)
      diff |= static_cast<unsigned char>(expected[i] ^ (i < given.size() ? given[i] : 0));
    if (diff) return reply_error(res, 401, "missing or wrong Authorization: Bearer <token>");
    std::lock_guard<std::mutex> lock(write_mu);
    if (!writer) {
      StoreOptions so;
      auto w = EventStore::open(options.db_path, so);
      if (!w.ok()) return reply_error(res, 500, w.status().message());
      writer = std::move(w.value());
    }
    auto counts = options.ingest(req.body, *writer);
    if (!counts.ok()) return reply_error(res, http_status(counts.status()), counts.status().message());
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.member("documents_added", counts->documents_added);
    w.member("documents_skipped", counts->documents_skipped);
    w.member("mentions", counts->mentions);
    w.member("events_created", counts->events_created);
    w.member("events_merged", counts->events_merged);
    w.end_object();
    reply_json(res, 200, std::move(body));
  });

  // Static files: the dashboard and the two npm packages it uses, all served locally (offline).
  http.set_mount_point("/", options.web_dir);
  http.set_mount_point("/vendor/leaflet", options.node_modules + "/leaflet/dist");
  http.set_mount_point("/vendor/world-atlas", options.node_modules + "/world-atlas");
  http.set_file_extension_and_mimetype_mapping("json", "application/json");
  http.set_file_extension_and_mimetype_mapping("js", "text/javascript");

  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && req.path.rfind("/api/", 0) == 0) {
      reply_error(res, 404, "no such endpoint: " + req.method + " " + req.path.substr(0, 100));
    } else if (res.body.empty()) {
      res.set_content(std::to_string(res.status) + "\n", "text/plain");
    }
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "internal error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what += std::string(": ") + e.what();
        } catch (...) {
        }
        reply_error(res, 500, what);
      });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { stop(); }

Result<std::unique_ptr<Server>> Server::create(const ServeOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto& o = impl->options;
  if (o.web_dir.empty()) o.web_dir = resource_path("web");
  if (o.node_modules.empty()) o.node_modules = resource_path("data/node_modules");
  if (!o.write_token.empty() && !o.ingest)
    return Status::InvalidInput("a write token needs an article ingest function");
  if (!o.write_token.empty() && o.write_token.size() < 8)
    return Status::InvalidInput("the write token must be at least 8 characters");
  if (o.threads < 2) o.threads = 2;
  if (!std::filesystem::is_directory(o.web_dir))
    return Status::NotFound("dashboard folder " + o.web_dir + " does not exist");

  StoreOptions read;
  read.read_only = true;
  read.query_timeout_ms = o.query_timeout_ms;
  read.cache_kib = 32 * 1024;
  // Fail now, not on the first request, when the store is missing or not a store.
  auto probe = EventStore::open(o.db_path, read);
  if (!probe.ok()) return probe.status();
  impl->readers = std::make_unique<StorePool>(o.db_path, read);

  const unsigned threads = o.threads;
  impl->http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  impl->http.set_payload_max_length(o.max_body_bytes);
  impl->http.set_read_timeout(o.io_timeout_s, 0);
  impl->http.set_write_timeout(o.io_timeout_s, 0);
  impl->http.set_keep_alive_timeout(5);
  impl->http.set_keep_alive_max_count(1000);
  impl->http.set_tcp_nodelay(true);
  impl->routes();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::start() {
  auto& o = impl_->options;
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.host);
    if (impl_->port < 0) return Status::IOError("cannot bind " + o.host);
  } else {
    if (!impl_->http.bind_to_port(o.host, o.port))
      return Status::IOError("cannot bind " + o.host + ":" + std::to_string(o.port) +
                             " (in use, or not permitted)");
    impl_->port = o.port;
  }
  impl_->thread = std::thread([this] { impl_->http.listen_after_bind(); });
  return Status::Ok();
}

int Server::port() const { return impl_->port; }

void Server::stop() {
  if (!impl_) return;
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace tacitus
