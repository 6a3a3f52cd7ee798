#include "tacitus/store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/store_impl.h"
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
  b.lat = 36.35;  // about 17 km north
  EXPECT_TRUE(same_happening(a, b, opt));
  b.lat = 36.6;  // about 44 km: within the default 50 km
  EXPECT_TRUE(same_happening(a, b, opt));
  b.lat = 36.7;  // about 56 km: too far for two points
  EXPECT_FALSE(same_happening(a, b, opt));
  DedupOptions near = opt;
  near.max_km = 25;  // --dedup-km 25
  b.lat = 36.6;
  EXPECT_FALSE(same_happening(a, b, near));
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

TEST(Dedup, RoleOnlyActorsAreNoEvidenceExceptAtTheSameSpot) {
  DedupOptions opt;
  // "Civilians" protesting in the same town on the same day, a few km apart: two protests.
  DedupKey a{"14", "CVL", "", 100, 36.20, 37.15};
  DedupKey b = a;
  b.lat = 36.24;  // about 4.5 km
  EXPECT_FALSE(same_happening(a, b, opt));
  b.lat = 36.205;  // the same spot (0.6 km), same day: the same protest
  EXPECT_TRUE(same_happening(a, b, opt));
  b.day = 101;  // the next day at the same spot: another protest
  EXPECT_FALSE(same_happening(a, b, opt));
  b = a;
  b.lat.reset();
  b.lon.reset();
  b.target_code = "CVL";
  a.target_code = "CVL";
  EXPECT_FALSE(same_happening(a, b, opt));  // unplaced: role codes alone never merge
  // A role-only code fits a code with that role, but not one with another role.
  DedupKey c{"19", "YEMREB", "MIL", 100, 15.4, 45.0};
  DedupKey d{"19", "YEMREB", "YEMMIL", 100, 15.45, 45.03};
  EXPECT_TRUE(same_happening(c, d, opt));
  d.target_code = "YEMREB";
  EXPECT_FALSE(same_happening(c, d, opt));
}

TEST(Dedup, WrittenDatesCodesAndCoarsePlacesMustAgree) {
  DedupOptions opt;
  DedupKey a{"19", "UKRREB", "UKRMIL", 100, 48.0, 37.8};
  a.cameo = "194";
  DedupKey b = a;
  b.day = 101;
  EXPECT_TRUE(same_happening(a, b, opt));  // "on Thursday" vs a written date: a day's slack
  a.date_stated = b.date_stated = true;
  EXPECT_FALSE(same_happening(a, b, opt));  // "on 29 April" vs "on 30 April": two events
  b.day = 100;
  EXPECT_TRUE(same_happening(a, b, opt));
  b.cameo = "192";  // two different specific codes of one root
  EXPECT_FALSE(same_happening(a, b, opt));
  b.cameo = "190";  // the root's unspecified code fits
  EXPECT_TRUE(same_happening(a, b, opt));
  b.cameo = "1941";
  EXPECT_TRUE(same_happening(a, b, opt));

  // A region's centroid holds any point of the same country and admin1, but is no evidence.
  a.country = "UA";
  a.admin1 = "Donetsk";
  DedupKey region = a;
  region.precision = "admin1";
  region.lat = 48.3;  // the centroid, 35 km away
  region.lon = 37.5;
  EXPECT_TRUE(same_happening(a, region, opt));
  region.admin1 = "Luhansk";
  EXPECT_FALSE(same_happening(a, region, opt));
  region.admin1 = "Donetsk";
  region.source_code = region.target_code = "";  // nothing but the region in common
  EXPECT_FALSE(same_happening(a, region, opt));
  DedupKey country = a;
  country.precision = "country";
  country.admin1.clear();
  country.lat = 49.0;
  country.lon = 32.0;
  EXPECT_TRUE(same_happening(a, country, opt));
  country.country = "RU";
  EXPECT_FALSE(same_happening(a, country, opt));
  // Two districts are the same district or different ones.
  DedupKey d1 = a, d2 = a;
  d1.precision = d2.precision = "admin2";
  d2.lat = 48.1;
  EXPECT_FALSE(same_happening(d1, d2, opt));
  d2.lat = d1.lat;
  EXPECT_TRUE(same_happening(d1, d2, opt));
}

TEST(Dedup, RecognisesWrittenDates) {
  EXPECT_TRUE(states_absolute_date("On 9 May 2020"));
  EXPECT_TRUE(states_absolute_date("in early March"));
  EXPECT_TRUE(states_absolute_date("Sept. 3"));
  EXPECT_FALSE(states_absolute_date("on Thursday"));
  EXPECT_FALSE(states_absolute_date("yesterday"));
  EXPECT_FALSE(states_absolute_date("the Mayor said last week"));
  EXPECT_FALSE(states_absolute_date(""));
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

size_t expect_term_rollup_matches_index(EventStore& store);

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
  // A text aggregate (read through the narrow event_keys table) counts what the search finds.
  ASSERT_LT(found->size(), 500u);
  auto text_days = store->aggregate(q, AggregateKey::kDay);
  ASSERT_TRUE(text_days.ok()) << text_days.status().ToString();
  uint64_t text_total = 0, text_mentions = 0, found_mentions = 0;
  for (const auto& b : *text_days) {
    text_total += b.events;
    text_mentions += b.mentions;
  }
  for (const auto& e : *found) found_mentions += e.num_mentions;
  EXPECT_EQ(text_total, found->size());
  EXPECT_EQ(text_mentions, found_mentions);
  // The generator's term rollup (built after the events) matches the index.
  EXPECT_GT(expect_term_rollup_matches_index(*store), 20u);
  // Generated events can then take real ingests on top.
  auto r = store->add_document(make_document("real", "x", {EventSpec{}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

}  // namespace
}  // namespace tacitus

namespace tacitus {
namespace {

// Every rollup table and the actor index's counts, as text, to compare maintained with rebuilt.
std::string rollup_snapshot(EventStore& store) {
  std::string out;
  for (const char* sql :
       {"SELECT * FROM agg_day ORDER BY 1", "SELECT * FROM agg_day_root ORDER BY 1,2",
        "SELECT * FROM agg_day_country ORDER BY 1,2",
        "SELECT * FROM agg_day_country_root ORDER BY 1,2,3",
        "SELECT * FROM agg_day_actor ORDER BY 1,2", "SELECT * FROM agg_day_term ORDER BY 1,2",
        "SELECT * FROM agg_day_actor_root ORDER BY 1,2,3", "SELECT * FROM event_keys ORDER BY 1",
        "SELECT a.*, e.num_mentions, COALESCE(e.fatalities,0), e.country, e.cameo_root"
        " FROM event_actors a JOIN events e USING(event_pk) ORDER BY 1,2,3"}) {
    auto st = store.impl()->db->prepare(sql);
    EXPECT_TRUE(st.ok());
    if (!st.ok()) return out;
    const int n = sqlite3_column_count(st->handle());
    while (st->step()) {
      for (int i = 0; i < n; ++i) {
        const unsigned char* t = sqlite3_column_text(st->handle(), i);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
        out += '|';
      }
      out += '\n';
    }
    out += "--\n";
  }
  return out;
}

// Every term's daily counts in agg_day_term are what counting its full-text matches gives, and
// the rollup has exactly the index's terms. Returns the number of terms checked.
size_t expect_term_rollup_matches_index(EventStore& store) {
  auto& db = *store.impl()->db;
  EXPECT_TRUE(db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, "
                      "event_fts, row)").ok());
  std::vector<std::string> index_terms, rollup_terms;
  for (auto [sql, out] : {std::pair{"SELECT term FROM temp.vocab ORDER BY 1", &index_terms},
                          std::pair{"SELECT DISTINCT term FROM agg_day_term ORDER BY 1",
                                    &rollup_terms}}) {
    auto st = db.prepare(sql);
    EXPECT_TRUE(st.ok());
    while (st.ok() && st->step()) out->push_back(st->text(0));
  }
  EXPECT_EQ(rollup_terms, index_terms);
  for (const auto& term : index_terms) {
    std::string from_index, from_rollup;
    auto scan = db.prepare(
        "SELECT e.day, COUNT(*), SUM(e.num_mentions), SUM(COALESCE(e.fatalities,0)) FROM event_fts"
        " f JOIN events e ON e.event_pk=f.rowid WHERE event_fts MATCH ? GROUP BY 1 ORDER BY 1");
    auto roll = db.prepare("SELECT day, events, mentions, fatalities FROM agg_day_term"
                           " WHERE term=? ORDER BY 1");
    EXPECT_TRUE(scan.ok() && roll.ok());
    if (!scan.ok() || !roll.ok()) return 0;
    scan->bind(1, "\"" + term + "\"");
    roll->bind(1, term);
    for (auto [st, out] : {std::pair{&*scan, &from_index}, std::pair{&*roll, &from_rollup}}) {
      while (st->step())
        for (int c = 0; c < 4; ++c) *out += std::to_string(st->int64(c)) + (c == 3 ? ";" : ",");
    }
    EXPECT_EQ(from_rollup, from_index) << "term " << term;
  }
  return index_terms.size();
}

TEST(EventStore, RollupsStayConsistentThroughIngestReingestAndMerges) {
  TempDir dir;
  auto store = EventStore::open(dir.file("r.db"));
  ASSERT_TRUE(store.ok());
  EventStore& s = **store;
  ASSERT_TRUE(s.begin().ok());
  ASSERT_TRUE(s.add_document(make_document("a1", "wire", {EventSpec{.fatalities = 2},
                                                          EventSpec{.cameo = "141"}})).ok());
  // A merge raising the toll, one lowering nothing, an unplaced one, another day and country.
  ASSERT_TRUE(s.add_document(make_document("a2", "daily", {EventSpec{.fatalities = 5}})).ok());
  ASSERT_TRUE(s.add_document(make_document("a3", "daily", {EventSpec{.fatalities = 1}})).ok());
  ASSERT_TRUE(s.add_document(make_document("a4", "herald", {EventSpec{.where = std::nullopt}})).ok());
  ASSERT_TRUE(s.add_document(make_document(
      "a5", "herald", {EventSpec{.source = "IRQMIL", .target = "", .date = "2020-05-07",
                                 .where = std::make_pair(33.3, 44.4), .country = "IQ"}})).ok());
  ASSERT_TRUE(s.commit().ok());
  // Re-ingesting changes nothing.
  ASSERT_TRUE(s.add_document(make_document("a2", "daily", {EventSpec{.fatalities = 5}})).ok());
  EXPECT_EQ(s.stats()->events, 3u);
  EXPECT_EQ(s.stats()->mentions, 6u);
  const std::string maintained = rollup_snapshot(s);
  // Merges added words ("a2", "a3") to an event that had others: both kinds of term are counted.
  EXPECT_GT(expect_term_rollup_matches_index(s), 10u);
  ASSERT_TRUE(s.impl()->rebuild_rollups().ok());
  EXPECT_EQ(rollup_snapshot(s), maintained);
  // A one-word search's histogram comes from the term rollup and agrees with the index.
  EventQuery words;
  words.text = "ALEPPO";
  auto by_term = s.aggregate(words, AggregateKey::kDay);
  words.text = "a2 army";  // two terms: counted from the index
  auto by_index = s.aggregate(words, AggregateKey::kDay);
  ASSERT_TRUE(by_term.ok() && by_index.ok());
  ASSERT_EQ(by_term->size(), 2u);  // 2020-05-03 and 2020-05-07
  EXPECT_EQ((*by_term)[0].events, 2u);
  EXPECT_EQ((*by_term)[0].mentions, 5u);
  EXPECT_EQ((*by_term)[0].fatalities, 5u);
  ASSERT_EQ(by_index->size(), 1u);
  EXPECT_EQ((*by_index)[0].events, 1u);
  EXPECT_EQ((*by_index)[0].mentions, 4u);  // a1 and the mentions a2, a3, a4 merged into it
  // The actor rollup answers what a scan of the actor index answers.
  EventQuery q;
  q.actor = "SYR";
  auto rolled = s.aggregate(q, AggregateKey::kDay);
  q.plover = "";
  q.country = "SY";  // forces the actor index
  auto scanned = s.aggregate(q, AggregateKey::kDay);
  ASSERT_TRUE(rolled.ok() && scanned.ok());
  ASSERT_EQ(rolled->size(), 1u);
  ASSERT_EQ(scanned->size(), 1u);
  EXPECT_EQ((*rolled)[0].events, 2u);
  EXPECT_EQ((*rolled)[0].mentions, 5u);
  EXPECT_EQ((*rolled)[0].fatalities, 5u);
  // The unplaced mention merged into the placed event, so both SYR events are in SY.
  EXPECT_EQ((*scanned)[0].events, (*rolled)[0].events);
  EXPECT_EQ((*scanned)[0].mentions, (*rolled)[0].mentions);
  EXPECT_EQ((*scanned)[0].fatalities, (*rolled)[0].fatalities);
  // So does the actor-and-root rollup, by day and by type.
  for (AggregateKey by : {AggregateKey::kDay, AggregateKey::kType}) {
    EventQuery r;
    r.actor = "SYR";
    r.cameo = "19";
    auto root_rolled = s.aggregate(r, by);
    r.country = "SY";
    auto root_scanned = s.aggregate(r, by);
    ASSERT_TRUE(root_rolled.ok() && root_scanned.ok());
    ASSERT_EQ(root_rolled->size(), 1u);
    ASSERT_EQ(root_scanned->size(), 1u);
    EXPECT_EQ((*root_rolled)[0].key, by == AggregateKey::kDay ? "2020-05-03" : "19");
    EXPECT_EQ((*root_rolled)[0].events, 1u);  // the 141 event is another root
    EXPECT_EQ((*root_rolled)[0].mentions, 4u);
    EXPECT_EQ((*root_rolled)[0].fatalities, 5u);
    EXPECT_EQ((*root_scanned)[0].key, (*root_rolled)[0].key);
    EXPECT_EQ((*root_scanned)[0].events, (*root_rolled)[0].events);
    EXPECT_EQ((*root_scanned)[0].mentions, (*root_rolled)[0].mentions);
    EXPECT_EQ((*root_scanned)[0].fatalities, (*root_rolled)[0].fatalities);
  }
}

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE documents(
  doc_pk INTEGER PRIMARY KEY,
  content_hash BLOB NOT NULL UNIQUE,
  doc_id TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL,
  date TEXT, text TEXT NOT NULL, ingested_at INTEGER NOT NULL);
CREATE TABLE events(
  event_pk INTEGER PRIMARY KEY,
  day INTEGER NOT NULL, day_exact INTEGER NOT NULL, date TEXT, date_precision TEXT NOT NULL,
  cameo TEXT NOT NULL, cameo_root TEXT NOT NULL, quad_class INTEGER NOT NULL,
  goldstein REAL NOT NULL,
  plover_event TEXT NOT NULL, plover_mode TEXT NOT NULL,
  acled_event_type TEXT NOT NULL, acled_sub_event_type TEXT NOT NULL,
  source_code TEXT NOT NULL, source_country TEXT NOT NULL, source_text TEXT NOT NULL,
  target_code TEXT NOT NULL, target_country TEXT NOT NULL, target_text TEXT NOT NULL,
  place_name TEXT, country TEXT NOT NULL, admin1 TEXT, precision TEXT, lat REAL, lon REAL,
  fatalities INTEGER,
  num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL,
  summary TEXT NOT NULL, search_text TEXT NOT NULL);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_country_day ON events(country, day);
CREATE INDEX events_root_day ON events(cameo_root, day);
CREATE INDEX events_plover_day ON events(plover_event, day);
CREATE INDEX events_acled_day ON events(acled_event_type, day);
CREATE TABLE event_actors(
  actor_key TEXT NOT NULL, day INTEGER NOT NULL, event_pk INTEGER NOT NULL,
  PRIMARY KEY(actor_key, day, event_pk)) WITHOUT ROWID;
CREATE TABLE mentions(
  mention_pk INTEGER PRIMARY KEY,
  event_pk INTEGER NOT NULL, doc_pk INTEGER NOT NULL, source TEXT NOT NULL,
  sentence_index INTEGER NOT NULL, sentence TEXT NOT NULL,
  trigger_text TEXT NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
  cameo TEXT NOT NULL, source_text TEXT NOT NULL, target_text TEXT NOT NULL,
  attribution TEXT, modality TEXT NOT NULL, negated INTEGER NOT NULL, confidence REAL NOT NULL);
CREATE INDEX mentions_event ON mentions(event_pk);
CREATE VIRTUAL TABLE event_fts USING fts5(search_text, content='events', content_rowid='event_pk',
  tokenize='unicode61 remove_diacritics 2');
CREATE TABLE agg_day(day INTEGER NOT NULL PRIMARY KEY,
  events INTEGER NOT NULL, mentions INTEGER NOT NULL, fatalities INTEGER NOT NULL);
CREATE TABLE agg_day_root(day INTEGER NOT NULL, cameo_root TEXT NOT NULL,
  events INTEGER NOT NULL, mentions INTEGER NOT NULL, fatalities INTEGER NOT NULL,
  PRIMARY KEY(day, cameo_root)) WITHOUT ROWID;
CREATE TABLE agg_day_country(day INTEGER NOT NULL, country TEXT NOT NULL,
  events INTEGER NOT NULL, mentions INTEGER NOT NULL, fatalities INTEGER NOT NULL,
  PRIMARY KEY(day, country)) WITHOUT ROWID;
CREATE TABLE agg_day_country_root(day INTEGER NOT NULL, country TEXT NOT NULL,
  cameo_root TEXT NOT NULL,
  events INTEGER NOT NULL, mentions INTEGER NOT NULL, fatalities INTEGER NOT NULL,
  PRIMARY KEY(day, country, cameo_root)) WITHOUT ROWID;
)sql";


TEST(EventStore, MigratesAFormat1Store) {
  TempDir dir;
  const std::string path = dir.file("v1.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string sql = std::string("BEGIN;") + kSchemaV1 +
        "INSERT INTO events VALUES(1,18385,1,'2020-05-03','day','190','19',4,-10,'ASSAULT','',"
        "'Battles','','SYRMIL','SYR','army','SYRREB','SYR','rebels','Aleppo','SY','Aleppo',"
        "'point',36.2,37.15,3,2,2,2,'The army fought rebels.','The army fought rebels.');"
        "INSERT INTO event_actors VALUES('SYR',18385,1),('SYRMIL',18385,1),('SYRREB',18385,1);"
        "INSERT INTO event_fts(rowid, search_text) VALUES(1, 'The army fought rebels.');"
        "INSERT INTO agg_day VALUES(18385,1,2,3);"
        "PRAGMA application_id=1413563220; PRAGMA user_version=1; COMMIT;";
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_close(db);
  }
  StoreOptions ro;
  ro.read_only = true;
  auto refused = EventStore::open(path, ro);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(refused.status().message().find("migrate"), std::string::npos);
  auto store = EventStore::open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EventQuery q;
  q.actor = "SYRREB";
  q.country = "SY";
  auto found = (*store)->find_events(q);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  q.country.clear();
  auto by_day = (*store)->aggregate(q, AggregateKey::kDay);
  ASSERT_TRUE(by_day.ok());
  ASSERT_EQ(by_day->size(), 1u);
  EXPECT_EQ((*by_day)[0].mentions, 2u);
  EXPECT_EQ((*by_day)[0].fatalities, 3u);
  // The migrated store takes new mentions, and reopens read-only.
  auto added = (*store)->add_document(make_document("new", "x", {EventSpec{}}));
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  store->reset();
  EXPECT_TRUE(EventStore::open(path, ro).ok());
}

TEST(EventStore, MigratesAFormat2StoreToTheTermRollup) {
  TempDir dir;
  const std::string path = dir.file("v2.db");
  {
    auto store = EventStore::open(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->add_document(make_document("a1", "wire", {EventSpec{.fatalities = 4}})).ok());
    // What a format 2 store is: no term or actor-root rollups, events_key instead of event_keys.
    ASSERT_TRUE((*store)->impl()->db->exec("DROP TABLE agg_day_term; DROP TABLE agg_day_actor_root;"
                                                 " DROP TABLE event_keys; CREATE INDEX events_key"
                                                 " ON events(event_pk, day, country, cameo_root,"
                                                 " num_mentions, fatalities);"
                                                 " PRAGMA user_version=2").ok());
  }
  StoreOptions ro;
  ro.read_only = true;
  auto refused = EventStore::open(path, ro);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kUnsupported);
  auto store = EventStore::open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_GT(expect_term_rollup_matches_index(**store), 5u);
  EventQuery q;
  q.text = "fought";
  auto by_day = (*store)->aggregate(q, AggregateKey::kDay);
  ASSERT_TRUE(by_day.ok());
  ASSERT_EQ(by_day->size(), 1u);
  EXPECT_EQ((*by_day)[0].fatalities, 4u);
  q.text.clear();
  q.actor = "SYRMIL";
  q.cameo = "19";
  auto by_actor_root = (*store)->aggregate(q, AggregateKey::kDay);
  ASSERT_TRUE(by_actor_root.ok());
  ASSERT_EQ(by_actor_root->size(), 1u);
  EXPECT_EQ((*by_actor_root)[0].fatalities, 4u);
}

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
