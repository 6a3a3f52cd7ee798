#include "tacitus/serve.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/store_test_util.h"

namespace tacitus {
namespace {

using nlohmann::json;
using store_testing::EventSpec;
using store_testing::make_document;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("serve.db");
    auto store = EventStore::open(db_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->add_document(make_document("a1", "wire", {EventSpec{.fatalities = 2}})).ok());
    ASSERT_TRUE((*store)->add_document(make_document(
        "a2", "daily", {EventSpec{.attribution = "SANA"}, EventSpec{.cameo = "141", .source = "ISRCVL",
                        .target = "ISRGOV", .where = std::make_pair(32.8, 35.0), .country = "IL"}})).ok());
  }
  void start(ServeOptions o = {}) {
    o.db_path = db_;
    o.port = 0;
    o.threads = 4;
    auto s = Server::create(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(s.value());
    ASSERT_TRUE(server_->start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  json get(const std::string& path, int expect_status) {
    auto res = client_->Get(path.c_str());
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, expect_status) << path << " -> " << res->body;
    auto j = json::parse(res->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << res->body;
    return j;
  }
  store_testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, AnswersHealthSearchesAggregatesAndOneEvent) {
  start();
  json h = get("/api/health", 200);
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["events"], 2);  // a1 and a2's first event merged
  EXPECT_EQ(h["mentions"], 3);
  EXPECT_EQ(h["writable"], false);

  json all = get("/api/events", 200);
  ASSERT_EQ(all["events"].size(), 2u);
  json sy = get("/api/events?country=SY&from=2020-05-01&to=2020-05-31&cameo=19", 200);
  ASSERT_EQ(sy["events"].size(), 1u);
  const json& e = sy["events"][0];
  EXPECT_EQ(e["num_mentions"], 2);
  EXPECT_EQ(e["num_articles"], 2);
  EXPECT_EQ(e["source"]["code"], "SYRMIL");
  EXPECT_EQ(e["location"]["country"], "SY");
  EXPECT_EQ(get("/api/events?actor=ISR", 200)["events"].size(), 1u);
  EXPECT_EQ(get("/api/events?bbox=34,31,36,34", 200)["events"].size(), 1u);
  EXPECT_EQ(get("/api/events?q=a2", 200)["events"].size(), 2u);

  json one = get("/api/events/" + std::to_string(e["id"].get<int64_t>()), 200);
  ASSERT_EQ(one["mentions"].size(), 2u);
  const json& m = one["mentions"][1];
  EXPECT_EQ(m["doc_id"], "a2");
  EXPECT_EQ(m["attribution"], "SANA");
  std::string sentence = m["sentence"];
  EXPECT_EQ(sentence.substr(m["trigger"]["start"], 6), "fought");

  json by_type = get("/api/aggregate?by=type", 200);
  ASSERT_EQ(by_type["buckets"].size(), 2u);
  EXPECT_EQ(by_type["buckets"][1]["key"], "19");
  EXPECT_EQ(by_type["buckets"][1]["mentions"], 2);
  EXPECT_EQ(by_type["buckets"][1]["fatalities"], 2);
  EXPECT_EQ(get("/api/aggregate?by=country&actor=SYR", 200)["buckets"].size(), 1u);
}

TEST_F(ServerTest, MalformedRequestsGet400WithAReason) {
  start();
  EXPECT_NE(get("/api/events?from=yesterday", 400)["error"].get<std::string>().find("from"),
            std::string::npos);
  EXPECT_NE(get("/api/events?limit=100000", 400)["error"].get<std::string>().find("limit"),
            std::string::npos);
  EXPECT_NE(get("/api/events?colour=red", 400)["error"].get<std::string>().find("colour"),
            std::string::npos);
  get("/api/events?bbox=1,2,3", 400);
  get("/api/events?bbox=1,2,3,x", 400);
  get("/api/events?country=Syria", 400);
  get("/api/events?actor=x%27%20OR%20true", 400);
  get("/api/events?limit=5&limit=6", 400);
  get("/api/aggregate", 400);
  get("/api/aggregate?by=week", 400);
  get("/api/events/999999", 404);
  get("/api/nothing", 404);
}

TEST_F(ServerTest, WritesNeedTheToken) {
  start();  // read-only
  auto res = client_->Post("/api/ingest", "{}", "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  server_->stop();

  ServeOptions o;
  o.write_token = "s3cret-token";
  o.max_body_bytes = 1024;
  int calls = 0;
  o.ingest = [&calls](std::string_view body, EventStore& store) -> Result<IngestCounts> {
    ++calls;
    if (body.find("bad") != std::string_view::npos) return Status::InvalidInput("line 1: bad");
    TACITUS_RETURN_IF_ERROR(store.begin());
    auto r = store.add_document(make_document("posted", "api", {EventSpec{.cameo = "040"}}));
    if (!r.ok()) return r.status();
    TACITUS_RETURN_IF_ERROR(store.commit());
    return *r;
  };
  start(o);
  res = client_->Post("/api/ingest", "{}", "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  httplib::Headers auth = {{"Authorization", "Bearer s3cret-token"}};
  res = client_->Post("/api/ingest", auth, "{\"id\":\"x\"}", "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["events_created"], 1);
  res = client_->Post("/api/ingest", auth, "bad", "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = client_->Post("/api/ingest", auth, std::string(4096, 'x'), "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);  // over max_body_bytes, refused before the ingest runs
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(get("/api/health", 200)["events"], 3);
}

TEST_F(ServerTest, ServesTheDashboardAndItsLibrariesOffline) {
  start();
  auto res = client_->Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("<html"), std::string::npos);
  res = client_->Get("/vendor/leaflet/leaflet.js");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  res = client_->Get("/vendor/world-atlas/countries-110m.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("\"Topology\""), std::string::npos);
}

TEST(LoadTest, ReplaysTheMixAndReportsPercentiles) {
  store_testing::TempDir dir;
  auto store = EventStore::open(dir.file("l.db"));
  ASSERT_TRUE(store.ok());
  SyntheticOptions so;
  so.events = 2000;
  so.days = 100;
  ASSERT_TRUE((*store)->generate_synthetic(so).ok());
  ServeOptions o;
  o.db_path = dir.file("l.db");
  o.port = 0;
  o.threads = 8;
  auto server = Server::create(o);
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE((*server)->start().ok());
  LoadTestOptions lo;
  lo.port = (*server)->port();
  lo.clients = 4;
  lo.seconds = 0.5;
  lo.paths = dashboard_query_mix("2016-01-01", format_day(so.first_day + so.days - 1), 7, 2000);
  // Every view is a search and a by-day aggregate with the same filters, as web/app.js sends.
  ASSERT_GT(lo.paths.size(), 800u);
  EXPECT_EQ(lo.paths[0].substr(0, 7), "search|");
  EXPECT_EQ(lo.paths[1].substr(0, 10), "aggregate|");
  EXPECT_EQ(lo.paths[0].substr(lo.paths[0].find('?'), lo.paths[0].find("&limit") - lo.paths[0].find('?')),
            lo.paths[1].substr(lo.paths[1].find('?'), lo.paths[1].find("&by") - lo.paths[1].find('?')));
  auto report = run_load_test(lo);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->size(), 4u);  // search, aggregate, event, all
  EXPECT_EQ(report->back().request_class, "all");
  EXPECT_GT(report->back().requests, 10u);
  EXPECT_EQ(report->back().errors, 0u);
  EXPECT_LE(report->back().p50_ms, report->back().p99_ms);
}

}  // namespace
}  // namespace tacitus
