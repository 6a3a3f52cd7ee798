#include "tacitus/store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/store_test_util.h"

namespace tacitus {
namespace {

using store_testing::EventSpec;
using store_testing::make_document;
using store_testing::TempDir;

std::unique_ptr<EventStore> open_store(const std::string& path, StoreOptions options = {}) {
  auto s = EventStore::open(path, options);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s.value()) : nullptr;
}

TEST(Calendar, ParsesAndFormatsDays) {
  EXPECT_EQ(parse_day("1970-01-01"), 0);
  EXPECT_EQ(parse_day("2020-05-09"), 18391);
  EXPECT_EQ(parse_day("2020-05-09T10:00:00Z"), 18391);
  EXPECT_EQ(parse_day("2020-05"), parse_day("2020-05-01"));
  EXPECT_EQ(parse_day("2020"), parse_day("2020-01-01"));
  EXPECT_EQ(parse_day("2020-02-29"), 18321);
  EXPECT_FALSE(parse_day("2019-02-29"));
  EXPECT_FALSE(parse_day("2020-13-01"));
  EXPECT_FALSE(parse_day("May 9"));
  EXPECT_FALSE(parse_day("2020-05-09x"));
  EXPECT_EQ(format_day(18391), "2020-05-09");
  EXPECT_EQ(format_day(-1), "1969-12-31");
  for (int d = -800; d < 30000; d += 37) EXPECT_EQ(parse_day(format_day(d)), d);
}

TEST(Dedup, SameHappeningRules) {
  DedupOptions opt;
  DedupKey a{"19", "SYRMIL", "SYRREB", 100, 36.2, 37.15};
  EXPECT_TRUE(same_happening(a, a, opt));
  DedupKey b = a;
  b.day = 101;  // one day apart: same
  EXPECT_TRUE(same_happening(a, b, opt));
  b.day = 102;  // two days apart: distinct
  EXPECT_FALSE(same_happening(a, b, opt));
  b = a;
  b.cameo_root = "18";
  EXPECT_FALSE(same_happening(a, b, opt));
  b = a;
  b.source_code = "SYR";  // a prefix of SYRMIL is compatible; the target is the evidence
  EXPECT_TRUE(same_happening(a, b, opt));
  b.source_code = "TURMIL";  // conflicting actor
  EXPECT_FALSE(same_happening(a, b, opt));
  b = a;
  b.lat = 36.6;  // about 44 km north
  EXPECT_TRUE(same_happening(a, b, opt));
  b.lat = 36.8;  // about 67 km: too far
  EXPECT_FALSE(same_happening(a, b, opt));
  b = a;
  b.lat.reset();
  b.lon.reset();  // one unplaced, actors agree
  EXPECT_TRUE(same_happening(a, b, opt));
  // No positive evidence: both uncoded actors and one unplaced.
  DedupKey vague{"19", "", "", 100, std::nullopt, std::nullopt};
  DedupKey vague2 = vague;
  vague2.lat = 36.2;
  vague2.lon = 37.15;
  EXPECT_FALSE(same_happening(vague, vague2, opt));
  // Both placed close but no actor code in common: not enough.
  vague.lat = 36.21;
  vague.lon = 37.16;
  EXPECT_FALSE(same_happening(vague, vague2, opt));
  vague.source_code = vague2.source_code = "SYRMIL";
  EXPECT_TRUE(same_happening(vague, vague2, opt));
  // One unplaced and only the source coded on both: the actors are not enough either.
  b = a;
  b.lat.reset();
  b.lon.reset();
  b.target_code.clear();
  EXPECT_FALSE(same_happening(a, b, opt));
  // Undated mentions never merge.
  b = a;
  b.day.reset();
  EXPECT_FALSE(same_happening(a, b, opt));
  opt.enabled = false;
  EXPECT_FALSE(same_happening(a, a, opt));
}

TEST(Dedup, KeyFallsBackToPublicationDateOnlyWhenUndated) {
  Document doc = make_document("d", "s", {EventSpec{}});
  EXPECT_EQ(dedup_key(doc, 0).day, parse_day("2020-05-03"));
  doc.events[0].date.reset();
  doc.events[0].date_precision.clear();
  EXPECT_EQ(dedup_key(doc, 0).day, parse_day("2020-05-04"));
  doc.events[0].date = "2020-05";
  doc.events[0].date_precision = "month";
  EXPECT_FALSE(dedup_key(doc, 0).day);
}

TEST(EventStore, ReingestingTheSameArticleIsANoOp) {
  TempDir dir;
  auto store = open_store(dir.file("e.db"));
  ASSERT_TRUE(store);
  Document doc = make_document("a1", "wire.example", {EventSpec{}, EventSpec{.cameo = "141"}});
  auto first = store->add_document(doc);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->documents_added, 1u);
  EXPECT_EQ(first->mentions, 2u);
  EXPECT_EQ(first->events_created, 2u);
  auto again = store->add_document(doc);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->documents_added, 0u);
  EXPECT_EQ(again->documents_skipped, 1u);
  EXPECT_EQ(again->mentions, 0u);
  // Same text from another outlet is another article (a wire copy) and merges.
  doc.source = "daily.example";
  auto copy = store->add_document(doc);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->documents_added, 1u);
  EXPECT_EQ(copy->events_merged, 2u);
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 2u);
  EXPECT_EQ(stats->events, 2u);
  EXPECT_EQ(stats->mentions, 4u);
  EXPECT_EQ(stats->first_day, "2020-05-03");
}

TEST(EventStore, MergesMentionsAcrossArticlesAndKeepsEvidence) {
  TempDir dir;
  auto store = open_store(dir.file("e.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->add_document(make_document("a1", "wire.example", {EventSpec{.fatalities = 3}})).ok());
  // Next day, 20 km away, reported by a named source with a higher toll: same event.
  auto r = store->add_document(make_document(
      "a2", "daily.example",
      {EventSpec{.date = "2020-05-04", .where = std::make_pair(36.3, 37.35), .fatalities = 7,
                 .attribution = "SANA"}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events_merged, 1u);
  // Same day, same actors, but 300 km away: a different battle.
  r = store->add_document(make_document(
      "a3", "daily.example", {EventSpec{.where = std::make_pair(33.51, 36.29)}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events_created, 1u);
  // Unplaced, same actors and date: joins the first (closest in time) event.
  r = store->add_document(make_document("a4", "wire.example", {EventSpec{.where = std::nullopt}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events_merged, 1u);

  EventQuery all;
  auto events = store->find_events(all);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  const StoredEvent* merged = nullptr;
  for (const auto& e : *events)
    if (e.num_mentions == 3) merged = &e;
  ASSERT_NE(merged, nullptr);
  EXPECT_EQ(merged->num_articles, 3u);
  EXPECT_EQ(merged->num_sources, 2u);
  EXPECT_EQ(merged->fatalities, 7);
  EXPECT_EQ(merged->date, "2020-05-03");

  auto full = store->get_event(merged->id);
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full->mentions.size(), 3u);
  EXPECT_EQ(full->mentions[0].doc_id, "a1");
  EXPECT_EQ(full->mentions[1].doc_id, "a2");
  EXPECT_EQ(full->mentions[1].attribution, "SANA");
  EXPECT_EQ(full->mentions[1].modality, "reported");
  const auto& m = full->mentions[0];
  EXPECT_EQ(m.sentence, "In a1, the army fought rebels near Aleppo (0).");
  EXPECT_EQ(m.sentence.substr(m.trigger_start, m.trigger_end - m.trigger_start), "fought");
  EXPECT_FALSE(store->get_event(12345).ok());
  EXPECT_EQ(store->get_event(12345).status().code(), Status::Code::kNotFound);

  // Rollups agree with the events: 2 events, 4 mentions, fatalities 7 + 0.
  auto by_day = store->aggregate(all, AggregateKey::kDay);
  ASSERT_TRUE(by_day.ok());
  ASSERT_EQ(by_day->size(), 1u);
  EXPECT_EQ((*by_day)[0].key, "2020-05-03");
  EXPECT_EQ((*by_day)[0].events, 2u);
  EXPECT_EQ((*by_day)[0].mentions, 4u);
  EXPECT_EQ((*by_day)[0].fatalities, 7u);
}

TEST(EventStore, DisabledDedupKeepsEveryMentionApart) {
  TempDir dir;
  StoreOptions opt;
  opt.dedup.enabled = false;
  auto store = open_store(dir.file("e.db"), opt);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->add_document(make_document("a1", "x", {EventSpec{}, EventSpec{}})).ok());
  EXPECT_EQ(store->stats()->events, 2u);
}

class StoreQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.file("q.db"));
    ASSERT_TRUE(store_);
    ASSERT_TRUE(store_->begin().ok());
    // Five distinct events on different days and places, some countries, kinds and actors.
    add("d1", {.cameo = "190", .source = "SYRMIL", .target = "SYRREB", .date = "2020-05-01"});
    add("d2", {.cameo = "141", .source = "ISRCVL", .target = "ISRGOV", .date = "2020-05-02",
               .where = std::make_pair(32.8, 35.0), .country = "IL"});
    add("d3", {.cameo = "195", .source = "USAMIL", .target = "IRQMIL", .date = "2020-05-03",
               .where = std::make_pair(33.3, 44.4), .country = "IQ", .fatalities = 4});
    add("d4", {.cameo = "190", .source = "TURMIL", .target = "SYRMIL", .date = "2020-05-03",
               .where = std::make_pair(36.6, 36.2), .country = "SY"});
    add("d5", {.cameo = "040", .source = "USAGOV", .target = "", .date = std::nullopt,
               .where = std::nullopt});
    ASSERT_TRUE(store_->commit().ok());
  }
  void add(const std::string& id, EventSpec spec) {
    auto r = store_->add_document(make_document(id, "src", {spec}));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  std::vector<std::string> ids(const EventQuery& q) {
    auto r = store_->find_events(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok())
      for (const auto& e : *r) out.push_back(e.summary.substr(3, 2));
    return out;
  }
  TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(StoreQueries, FiltersNarrowAndOrderNewestFirst) {
  using V = std::vector<std::string>;
  EventQuery q;
  // d5 has no date of its own and takes the publication date 2020-05-04.
  EXPECT_EQ(ids(q), (V{"d5", "d4", "d3", "d2", "d1"}));
  q.from_day = parse_day("2020-05-02");
  q.to_day = parse_day("2020-05-03");
  EXPECT_EQ(ids(q), (V{"d4", "d3", "d2"}));
  q = {};
  q.country = "sy";
  EXPECT_EQ(ids(q), (V{"d4", "d1"}));
  q = {};
  q.actor = "USA";
  EXPECT_EQ(ids(q), (V{"d5", "d3"}));
  q.actor = "SYRMIL";
  EXPECT_EQ(ids(q), (V{"d4", "d1"}));
  q = {};
  q.cameo = "19";
  EXPECT_EQ(ids(q), (V{"d4", "d3", "d1"}));
  q.cameo = "195";
  EXPECT_EQ(ids(q), (V{"d3"}));
  q = {};
  q.west = 34;
  q.south = 31;
  q.east = 46;
  q.north = 34;
  EXPECT_EQ(ids(q), (V{"d3", "d2"}));
  q = {};
  q.text = "d2 Aleppo";
  EXPECT_EQ(ids(q), (V{"d2"}));
  q.text = "\"quoted\" OR NEAR(";  // operators are literal words, not FTS syntax
  EXPECT_EQ(ids(q), V{});
  q = {};
  q.limit = 2;
  q.offset = 1;
  EXPECT_EQ(ids(q), (V{"d4", "d3"}));
  q = {};
  q.plover = "assault";
  q.actor = "TUR";
  EXPECT_EQ(ids(q), (V{"d4"}));
}

TEST_F(StoreQueries, RollupAndScanAggregatesAgree) {
  EventQuery q;
  auto by_country = store_->aggregate(q, AggregateKey::kCountry);
  ASSERT_TRUE(by_country.ok());
  // "" = unplaced (d5); d1 and d4 in SY.
  ASSERT_EQ(by_country->size(), 4u);
  EXPECT_EQ((*by_country)[0].key, "");
  EXPECT_EQ((*by_country)[3].key, "SY");
  EXPECT_EQ((*by_country)[3].events, 2u);
  auto by_type = store_->aggregate(q, AggregateKey::kType);
  ASSERT_TRUE(by_type.ok());
  ASSERT_EQ(by_type->size(), 3u);  // 04, 14, 19
  EXPECT_EQ((*by_type)[2].key, "19");
  EXPECT_EQ((*by_type)[2].events, 3u);
  EXPECT_EQ((*by_type)[2].fatalities, 4u);
  // A filter the rollups lack (actor) scans the events; both paths must agree on the same set.
  q.cameo = "19";
  q.country = "SY";
  auto rolled = store_->aggregate(q, AggregateKey::kDay);
  q.plover = "ASSAULT";  // true of all, forces the scan
  auto scanned = store_->aggregate(q, AggregateKey::kDay);
  ASSERT_TRUE(rolled.ok() && scanned.ok());
  ASSERT_EQ(rolled->size(), scanned->size());
  for (size_t i = 0; i < rolled->size(); ++i) {
    EXPECT_EQ((*rolled)[i].key, (*scanned)[i].key);
    EXPECT_EQ((*rolled)[i].events, (*scanned)[i].events);
  }
  EXPECT_EQ(rolled->size(), 2u);
}

TEST_F(StoreQueries, MalformedQueriesAreRejectedWithAReason) {
  EventQuery q;
  q.limit = 0;
  EXPECT_EQ(store_->find_events(q).status().code(), Status::Code::kInvalidInput);
  q = {};
  q.west = 10;
  EXPECT_NE(validate(q).message().find("bbox"), std::string::npos);
  q = {};
  q.from_day = 10;
  q.to_day = 5;
  EXPECT_FALSE(validate(q).ok());
  q = {};
  q.country = "SYR";
  EXPECT_FALSE(validate(q).ok());
  q = {};
  q.actor = "USA'; DROP TABLE events;--";
  EXPECT_FALSE(validate(q).ok());
  q = {};
  q.cameo = "1a";
  EXPECT_FALSE(validate(q).ok());
  EXPECT_FALSE(parse_aggregate_key("week").ok());
  EXPECT_EQ(*parse_aggregate_key("country"), AggregateKey::kCountry);
}

TEST(EventStore, RejectsFilesThatAreNotStores) {
  TempDir dir;
  {
    std::ofstream(dir.file("junk.db")) << "this is not a database at all, just text......";
  }
  auto r = EventStore::open(dir.file("junk.db"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  StoreOptions ro;
  ro.read_only = true;
  EXPECT_FALSE(EventStore::open(dir.file("missing.db"), ro).ok());
  // A read-only store refuses writes.
  { ASSERT_TRUE(EventStore::open(dir.file("ok.db")).ok()); }
  auto reader = EventStore::open(dir.file("ok.db"), ro);
  ASSERT_TRUE(reader.ok());
  EXPECT_FALSE((*reader)->add_document(make_document("x", "y", {EventSpec{}})).ok());
}

TEST(EventStore, SyntheticStoreIsConsistent) {
  TempDir dir;
  auto store = open_store(dir.file("s.db"));
  ASSERT_TRUE(store);
  SyntheticOptions opt;
  opt.events = 3000;
  opt.days = 30;
  opt.batch = 1000;
  ASSERT_TRUE(store->generate_synthetic(opt).ok());
  auto stats = store->stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events, 3000u);
  EXPECT_GT(stats->mentions, 3000u);
  EXPECT_EQ(stats->documents, stats->mentions);
  EXPECT_EQ(stats->first_day, "2016-01-01");
  EventQuery q;
  q.country = "SY";
  auto by_day = store->aggregate(q, AggregateKey::kDay);
  ASSERT_TRUE(by_day.ok());
  EXPECT_EQ(by_day->size(), 30u);
  uint64_t total = 0;
  for (const auto& b : *by_day) total += b.events;
  q.limit = 500;
  q.text = "Aleppo";
  auto found = store->find_events(q);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->empty());
  for (const auto& e : *found) EXPECT_NE(e.summary.find("Aleppo"), std::string::npos);
  EXPECT_GT(total, found->size());
  // Generated events can then take real ingests on top.
  auto r = store->add_document(make_document("real", "x", {EventSpec{}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

}  // namespace
}  // namespace tacitus

namespace tacitus {
namespace {

TEST(DedupEvaluation, CountsWrongMergesAndParaphraseMerges) {
  using store_testing::EventSpec;
  using store_testing::make_document;
  std::vector<Document> distinct = {
      make_document("n1", "acled", {EventSpec{}}),
      // Same kind, same day, same actors, 10 km from n1: a merge ACLED says is wrong.
      make_document("n2", "acled", {EventSpec{.where = std::make_pair(36.29, 37.15)}}),
      make_document("n3", "acled", {EventSpec{.cameo = "141", .where = std::make_pair(30.0, 31.0)}}),
      make_document("n4", "acled", {}),  // nothing coded
  };
  std::vector<std::pair<std::string, Document>> paraphrases = {
      {"n3", make_document("p3", "paraphrase", {EventSpec{.cameo = "141", .where = std::make_pair(30.0, 31.0)}})},
      {"n3", make_document("p3b", "paraphrase", {EventSpec{.cameo = "040"}})},  // coded differently
  };
  auto r = evaluate_dedup(distinct, paraphrases, DedupOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->distinct_documents, 3u);
  EXPECT_EQ(r->distinct_wrongly_merged, 2u);  // n1 and n2
  EXPECT_EQ(r->paraphrase_documents, 2u);
  EXPECT_EQ(r->paraphrase_merged, 1u);
  EXPECT_EQ(r->paraphrase_misplaced, 0u);
  EXPECT_EQ(r->mentions, 5u);
  EXPECT_EQ(r->events, 3u);
}

}  // namespace
}  // namespace tacitus
