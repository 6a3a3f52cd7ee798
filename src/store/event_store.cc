// Opening the store, its schema, and writing documents with deduplication into it.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <set>

#include "store/store_impl.h"

namespace tacitus {

namespace {

constexpr int kApplicationId = 0x54414354;  // "TACT"
constexpr int kSchemaVersion = 3;

// Rollup tables: each keeps event, mention and fatality counts for one combination of keys, so
// the dashboard's histograms read thousands of rows instead of millions of events.
constexpr const char* kSchema = R"sql(
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
  summary TEXT NOT NULL, search_text TEXT NOT NULL, date_stated INTEGER NOT NULL DEFAULT 0);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_country_day ON events(country, day);
CREATE INDEX events_root_day ON events(cameo_root, day);
CREATE INDEX events_plover_day ON events(plover_event, day);
CREATE INDEX events_acled_day ON events(acled_event_type, day);
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
  events INTEGER NOT NULL, mentions INTEGER NOT NULL, fatalities INTEGER NOT NULL,
  min_event_pk INTEGER, max_event_pk INTEGER);
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

// Format 2 on top of format 1 (also run by the migration): the actor index carries what the
// aggregates need, the actor rollup, and covering indexes so every rollup read is one range scan.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE event_actors(
  actor_key TEXT NOT NULL, day INTEGER NOT NULL, event_pk INTEGER NOT NULL,
  country TEXT NOT NULL, cameo_root TEXT NOT NULL, mentions INTEGER NOT NULL,
  fatalities INTEGER NOT NULL,
  PRIMARY KEY(actor_key, day, event_pk)) WITHOUT ROWID;
CREATE TABLE agg_day_actor(actor_key TEXT NOT NULL, day INTEGER NOT NULL,
  events INTEGER NOT NULL, mentions INTEGER NOT NULL, fatalities INTEGER NOT NULL,
  PRIMARY KEY(actor_key, day)) WITHOUT ROWID;
CREATE INDEX events_key ON events(event_pk, day, country, cameo_root, num_mentions, fatalities);
CREATE INDEX events_country_root_day ON events(country, cameo_root, day);
CREATE INDEX agg_root_day ON agg_day_root(cameo_root, day, events, mentions, fatalities);
CREATE INDEX agg_country_day ON agg_day_country(country, day, events, mentions, fatalities);
CREATE INDEX agg_country_root_day ON agg_day_country_root(country, cameo_root, day, events,
  mentions, fatalities);
CREATE INDEX agg_root_day_country ON agg_day_country_root(cameo_root, day, country, events,
  mentions, fatalities);
)sql";

// Format 3 on top of format 2: each search term's events, mentions and fatalities per day, so the
// histogram of a one-word search reads one row per day instead of every matching event. Terms
// are those of event_fts's tokenizer (store/fts_terms.h).
// Also each actor key's counts per CAMEO root and day, for an actor's histogram of one kind of
// event without reading every event of the actor; and event_keys, which replaces the events_key
// index: what an aggregate over full-text matches reads of each event, in a table keyed by the
// event's rowid, found by an integer seek (a fifth cheaper than the index's record compares).
constexpr const char* kSchemaV3 = R"sql(
DROP INDEX IF EXISTS events_key;
CREATE TABLE event_keys(event_pk INTEGER PRIMARY KEY, day INTEGER NOT NULL,
  country TEXT NOT NULL, cameo_root TEXT NOT NULL, num_mentions INTEGER NOT NULL,
  fatalities INTEGER NOT NULL);
CREATE TABLE agg_day_term(term TEXT NOT NULL, day INTEGER NOT NULL,
  events INTEGER NOT NULL, mentions INTEGER NOT NULL, fatalities INTEGER NOT NULL,
  PRIMARY KEY(term, day)) WITHOUT ROWID;
CREATE TABLE agg_day_actor_root(actor_key TEXT NOT NULL, cameo_root TEXT NOT NULL,
  day INTEGER NOT NULL,
  events INTEGER NOT NULL, mentions INTEGER NOT NULL, fatalities INTEGER NOT NULL,
  PRIMARY KEY(actor_key, cameo_root, day)) WITHOUT ROWID;
)sql";

// Format 1 -> 2, in one transaction with kSchemaV2 and a rollup rebuild after it.
constexpr const char* kMigrateV1 = R"sql(
ALTER TABLE events ADD COLUMN date_stated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agg_day ADD COLUMN min_event_pk INTEGER;
ALTER TABLE agg_day ADD COLUMN max_event_pk INTEGER;
ALTER TABLE event_actors RENAME TO event_actors_v1;
)sql";
constexpr const char* kMigrateV1Fill = R"sql(
INSERT INTO event_actors SELECT a.actor_key, a.day, a.event_pk, e.country, e.cameo_root,
  e.num_mentions, COALESCE(e.fatalities, 0)
  FROM event_actors_v1 a JOIN events e ON e.event_pk=a.event_pk;
DROP TABLE event_actors_v1;
)sql";

// 128-bit content hash (two independent 64-bit FNV-1a lanes, each finished with a murmur mix):
// not cryptographic, but collisions among billions of articles are out of reach.
void content_hash(std::string_view source, std::string_view text, unsigned char out[16]) {
  uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
  auto feed = [&](std::string_view s) {
    for (unsigned char c : s) {
      h1 = (h1 ^ c) * 0x100000001b3ULL;
      h2 = (h2 ^ c) * 0x100000001b3ULL ^ (h2 >> 29);
    }
  };
  feed(source);
  feed(std::string_view("\0", 1));
  feed(text);
  auto mix = [](uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  };
  h1 = mix(h1 ^ text.size());
  h2 = mix(h2 + h1);
  std::memcpy(out, &h1, 8);
  std::memcpy(out + 8, &h2, 8);
}

std::string join_words(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (auto p : parts) {
    if (p.empty()) continue;
    if (!s.empty()) s += ' ';
    s += p;
  }
  return s;
}

// The keys under which an event is found by actor: each full code and its 3-letter prefix.
std::set<std::string> actor_keys(const std::string& source, const std::string& target) {
  std::set<std::string> keys;
  for (const auto* code : {&source, &target}) {
    if (code->empty()) continue;
    keys.insert(*code);
    if (code->size() > 3) keys.insert(code->substr(0, 3));
  }
  return keys;
}

constexpr size_t kMaxSearchText = 2000;

}  // namespace

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventStore::~EventStore() {
  if (impl_ && impl_->in_batch) rollback();
}

Result<std::unique_ptr<EventStore>> EventStore::open(const std::string& path,
                                                     const StoreOptions& options) {
  auto db = store::Database::open(path, options.read_only);
  if (!db.ok()) return db.status();
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db.value());
  impl->options = options;
  auto& d = *impl->db;
  TACITUS_RETURN_IF_ERROR(d.exec("PRAGMA cache_size=-" + std::to_string(options.cache_kib)));
  TACITUS_RETURN_IF_ERROR(d.exec("PRAGMA mmap_size=1073741824"));

  auto read_pragma = [&](const char* name) -> Result<int64_t> {
    auto st = d.prepare(std::string("PRAGMA ") + name);
    if (!st.ok()) return st.status();
    int64_t v = st->step() ? st->int64(0) : 0;
    if (!st->status().ok()) return st->status();
    return v;
  };
  auto app = read_pragma("application_id");
  if (!app.ok()) {
    if (app.status().code() == Status::Code::kCorrupt || app.status().code() == Status::Code::kIOError)
      return Status::Corrupt(path + " is not a Tacitus event store (" + app.status().message() + ")");
    return app.status();
  }
  auto version = read_pragma("user_version");
  if (!version.ok()) return version.status();
  auto tables = read_pragma("schema_version");
  if (!tables.ok()) return tables.status();

  if (*app == 0 && *tables == 0) {
    if (options.read_only) return Status::NotFound(path + " is an empty file, not an event store");
    // WAL lets the server's readers run while an ingest writes; NORMAL sync is durable at each
    // checkpoint and never corrupts, losing at most the last transactions on power loss (a
    // killed process loses nothing committed).
    TACITUS_RETURN_IF_ERROR(d.exec("PRAGMA journal_mode=WAL"));
    TACITUS_RETURN_IF_ERROR(d.exec(std::string("BEGIN;") + kSchema + kSchemaV2 + kSchemaV3 +
                                   "PRAGMA application_id=" + std::to_string(kApplicationId) +
                                   ";PRAGMA user_version=" + std::to_string(kSchemaVersion) +
                                   ";COMMIT;"));
  } else if (*app != kApplicationId) {
    return Status::Corrupt(path + " is a SQLite database but not a Tacitus event store");
  } else if (*version > kSchemaVersion) {
    return Status::Unsupported(path + " has store format " + std::to_string(*version) +
                               ", newer than this build's " + std::to_string(kSchemaVersion));
  } else if (*version < kSchemaVersion) {
    if (options.read_only) {
      return Status::Unsupported(
          path + " has store format " + std::to_string(*version) + "; open it writable once to " +
          "migrate it to format " + std::to_string(kSchemaVersion) +
          " (tacitus ingest --db FILE - </dev/null)");
    }
    // Format 1 -> 2: new columns, the covering actor index, the actor rollup and the rollup
    // indexes. 2 -> 3: the term rollup. Then every rollup is recomputed from the events. All or
    // nothing.
    TACITUS_RETURN_IF_ERROR(d.exec("BEGIN IMMEDIATE"));
    Status s = *version < 2 ? d.exec(std::string(kMigrateV1) + kSchemaV2 + kMigrateV1Fill)
                            : Status::Ok();
    if (s.ok()) s = d.exec(kSchemaV3);
    if (s.ok()) s = impl->rebuild_rollups();
    if (s.ok()) s = d.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion) + ";COMMIT");
    if (!s.ok()) {
      (void)d.exec("ROLLBACK");
      return Status::IOError(path + ": migrating the store to format " +
                             std::to_string(kSchemaVersion) + " failed: " + s.message());
    }
  }
  if (!options.read_only) TACITUS_RETURN_IF_ERROR(d.exec("PRAGMA synchronous=NORMAL"));
  if (options.query_timeout_ms > 0) {
    sqlite3_progress_handler(
        d.handle(), 4000,
        [](void* p) -> int {
          const auto* self = static_cast<const Impl*>(p);
          if (self->deadline_ns == 0) return 0;
          return std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now().time_since_epoch())
                     .count() > self->deadline_ns;
        },
        impl.get());
  }
  return std::unique_ptr<EventStore>(new EventStore(std::move(impl)));
}

Status EventStore::begin() {
  if (impl_->in_batch) return Status::Internal("begin() inside an open batch");
  TACITUS_RETURN_IF_ERROR(impl_->db->exec("BEGIN IMMEDIATE"));
  impl_->in_batch = true;
  return Status::Ok();
}

Status EventStore::commit() {
  if (!impl_->in_batch) return Status::Internal("commit() without begin()");
  Status s = impl_->write_terms(impl_->batch_terms);
  if (s.ok()) s = impl_->db->exec("COMMIT");
  if (!s.ok()) {
    rollback();
    return s;
  }
  impl_->in_batch = false;
  return s;
}

void EventStore::rollback() {
  if (!impl_->in_batch) return;
  impl_->batch_terms.sums.clear();
  (void)impl_->db->exec("ROLLBACK");
  impl_->in_batch = false;
}

Status EventStore::Impl::bump_rollups(const RollupDelta& r) {
  struct Table {
    const char* sql;
    int keys;  // 1 day, 2 day+root, 3 day+country, 4 day+country+root
  };
  // ?7 is the new event's key (NULL for a merge): agg_day keeps each day's range of event keys,
  // which bounds full-text scans by date.
  static const Table kTables[] = {
      {"INSERT INTO agg_day VALUES(?1,?2,?3,?4,?7,?7) ON CONFLICT DO UPDATE SET events=events+?2,"
       "mentions=mentions+?3,fatalities=fatalities+?4,"
       "min_event_pk=CASE WHEN ?7 IS NULL THEN min_event_pk ELSE min(COALESCE(min_event_pk,?7),?7) END,"
       "max_event_pk=CASE WHEN ?7 IS NULL THEN max_event_pk ELSE max(COALESCE(max_event_pk,?7),?7) END",
       1},
      {"INSERT INTO agg_day_root VALUES(?1,?5,?2,?3,?4) ON CONFLICT DO UPDATE SET "
       "events=events+?2,mentions=mentions+?3,fatalities=fatalities+?4", 2},
      {"INSERT INTO agg_day_country VALUES(?1,?6,?2,?3,?4) ON CONFLICT DO UPDATE SET "
       "events=events+?2,mentions=mentions+?3,fatalities=fatalities+?4", 3},
      {"INSERT INTO agg_day_country_root VALUES(?1,?6,?5,?2,?3,?4) ON CONFLICT DO UPDATE SET "
       "events=events+?2,mentions=mentions+?3,fatalities=fatalities+?4", 4},
  };
  for (const auto& t : kTables) {
    auto st = db->prepare(t.sql);
    if (!st.ok()) return st.status();
    st->bind(1, r.day);
    st->bind(2, r.events);
    st->bind(3, r.mentions);
    st->bind(4, r.fatalities);
    if (t.keys == 2 || t.keys == 4) st->bind(5, r.root);
    if (t.keys >= 3) st->bind(6, r.country);
    if (t.keys == 1) {
      if (r.events) st->bind(7, r.event_pk); else st->bind_null(7);
    }
    TACITUS_RETURN_IF_ERROR(st->run());
  }
  for (const auto& key : r.actor_keys) {
    auto st = db->prepare(
        "INSERT INTO agg_day_actor VALUES(?1,?2,?3,?4,?5) ON CONFLICT DO UPDATE SET "
        "events=events+?3,mentions=mentions+?4,fatalities=fatalities+?5");
    if (!st.ok()) return st.status();
    st->bind(1, key);
    st->bind(2, r.day);
    st->bind(3, r.events);
    st->bind(4, r.mentions);
    st->bind(5, r.fatalities);
    TACITUS_RETURN_IF_ERROR(st->run());
    auto by_root = db->prepare(
        "INSERT INTO agg_day_actor_root VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT DO UPDATE SET "
        "events=events+?4,mentions=mentions+?5,fatalities=fatalities+?6");
    if (!by_root.ok()) return by_root.status();
    by_root->bind(1, key);
    by_root->bind(2, r.root);
    by_root->bind(3, r.day);
    by_root->bind(4, r.events);
    by_root->bind(5, r.mentions);
    by_root->bind(6, r.fatalities);
    TACITUS_RETURN_IF_ERROR(by_root->run());
    // The event's own row in the actor index carries its current counts.
    auto ev = db->prepare(
        r.events ? "INSERT OR IGNORE INTO event_actors VALUES(?1,?2,?3,?4,?5,?6,?7)"
                 : "UPDATE event_actors SET mentions=mentions+?6, fatalities=fatalities+?7"
                   " WHERE actor_key=?1 AND day=?2 AND event_pk=?3");
    if (!ev.ok()) return ev.status();
    ev->bind(1, key);
    ev->bind(2, r.day);
    ev->bind(3, r.event_pk);
    if (r.events) {
      ev->bind(4, r.country);
      ev->bind(5, r.root);
    }
    ev->bind(6, r.mentions);
    ev->bind(7, r.fatalities);
    TACITUS_RETURN_IF_ERROR(ev->run());
  }
  // The event's own key row carries its current counts.
  auto keys = db->prepare(
      r.events ? "INSERT INTO event_keys VALUES(?1,?2,?3,?4,?5,?6)"
               : "UPDATE event_keys SET num_mentions=num_mentions+?5, fatalities=fatalities+?6"
                 " WHERE event_pk=?1");
  if (!keys.ok()) return keys.status();
  keys->bind(1, r.event_pk);
  if (r.events) {
    keys->bind(2, r.day);
    keys->bind(3, r.country);
    keys->bind(4, r.root);
  }
  keys->bind(5, r.mentions);
  keys->bind(6, r.fatalities);
  TACITUS_RETURN_IF_ERROR(keys->run());
  for (const auto& t : r.kept_terms)
    doc_terms.add(t, r.day, r.events, r.mentions, r.fatalities);
  for (const auto& t : r.gained_terms)
    doc_terms.add(t, r.day, 1, r.event_mentions, r.event_fatalities);
  return Status::Ok();
}

void EventStore::Impl::TermCounts::add(const std::string& term, int32_t day, int64_t events,
                                       int64_t mentions, int64_t fatalities) {
  auto& c = sums[{term, day}];
  c[0] += events;
  c[1] += mentions;
  c[2] += fatalities;
}

void EventStore::Impl::TermCounts::merge(TermCounts& other) {
  for (auto& [key, c] : other.sums) {
    auto& mine = sums[key];
    for (int i = 0; i < 3; ++i) mine[i] += c[i];
  }
  other.sums.clear();
}

Status EventStore::Impl::write_terms(TermCounts& counts) {
  auto st = db->prepare(
      "INSERT INTO agg_day_term VALUES(?1,?2,?3,?4,?5) ON CONFLICT DO UPDATE SET "
      "events=events+?3,mentions=mentions+?4,fatalities=fatalities+?5");
  if (!st.ok()) return st.status();
  for (const auto& [key, c] : counts.sums) {
    st->bind(1, key.first);
    st->bind(2, key.second);
    st->bind(3, c[0]);
    st->bind(4, c[1]);
    st->bind(5, c[2]);
    TACITUS_RETURN_IF_ERROR(st->run());
    sqlite3_reset(st->handle());
  }
  counts.sums.clear();
  return Status::Ok();
}

Result<const store::FtsTerms*> EventStore::Impl::fts_terms() {
  if (!terms) {
    auto t = store::FtsTerms::open(db->handle());
    if (!t.ok()) return t.status();
    terms = std::make_unique<store::FtsTerms>(std::move(t.value()));
  }
  return terms.get();
}

Status EventStore::Impl::rebuild_term_rollup() {
  auto terms_of = fts_terms();
  if (!terms_of.ok()) return terms_of.status();
  TACITUS_RETURN_IF_ERROR(db->exec("DELETE FROM agg_day_term"));
  // Summed in memory by (term, day) and written in bounded slices, merging with what earlier
  // slices wrote.
  TermCounts sums;
  auto st = db->prepare(
      "SELECT day, num_mentions, COALESCE(fatalities,0), search_text FROM events");
  if (!st.ok()) return st.status();
  while (st->step()) {
    const auto day = static_cast<int32_t>(st->int64(0));
    const int64_t mentions = st->int64(1), fatalities = st->int64(2);
    for (const auto& term : (*terms_of)->terms(st->text(3)))
      sums.add(term, day, 1, mentions, fatalities);
    if (sums.sums.size() >= 2000000) TACITUS_RETURN_IF_ERROR(write_terms(sums));
  }
  TACITUS_RETURN_IF_ERROR(st->status());
  return write_terms(sums);
}

Status EventStore::Impl::rebuild_rollups() {
  TACITUS_RETURN_IF_ERROR(db->exec(
      "DELETE FROM agg_day; DELETE FROM agg_day_root; DELETE FROM agg_day_country;"
      "DELETE FROM agg_day_country_root; DELETE FROM agg_day_actor; DELETE FROM agg_day_actor_root;"
      "DELETE FROM event_keys; INSERT INTO event_keys SELECT event_pk, day, country, cameo_root,"
      " num_mentions, COALESCE(fatalities,0) FROM events;"
      "INSERT INTO agg_day_country_root SELECT day, country, cameo_root, COUNT(*),"
      " SUM(num_mentions), SUM(COALESCE(fatalities,0)) FROM events GROUP BY 1,2,3;"
      "INSERT INTO agg_day_country SELECT day, country, SUM(events), SUM(mentions),"
      " SUM(fatalities) FROM agg_day_country_root GROUP BY 1,2;"
      "INSERT INTO agg_day_root SELECT day, cameo_root, SUM(events), SUM(mentions),"
      " SUM(fatalities) FROM agg_day_country_root GROUP BY 1,2;"
      "INSERT INTO agg_day SELECT day, SUM(events), SUM(mentions), SUM(fatalities),"
      " (SELECT MIN(event_pk) FROM events e WHERE e.day=r.day),"
      " (SELECT MAX(event_pk) FROM events e WHERE e.day=r.day)"
      " FROM agg_day_country_root r GROUP BY 1;"
      "INSERT INTO agg_day_actor SELECT actor_key, day, COUNT(*), SUM(mentions), SUM(fatalities)"
      " FROM event_actors GROUP BY 1,2;"
      "INSERT INTO agg_day_actor_root SELECT actor_key, cameo_root, day, COUNT(*), SUM(mentions),"
      " SUM(fatalities) FROM event_actors GROUP BY 1,2,3;"));
  return rebuild_term_rollup();
}

Result<IngestCounts> EventStore::add_document(const Document& doc) {
  if (impl_->options.read_only) return Status::Unsupported("the store is open read-only");
  auto& db = *impl_->db;
  IngestCounts counts;
  // A savepoint makes the document atomic inside a larger batch, and is the transaction itself
  // outside one.
  TACITUS_RETURN_IF_ERROR(db.exec("SAVEPOINT doc"));
  impl_->doc_terms.sums.clear();
  auto fail = [&](Status s) -> Result<IngestCounts> {
    impl_->doc_terms.sums.clear();
    (void)db.exec("ROLLBACK TO doc; RELEASE doc");
    return Status(std::move(s));
  };

  unsigned char hash[16];
  content_hash(doc.source, doc.text, hash);
  int64_t doc_pk = 0;
  {
    auto st = db.prepare(
        "INSERT INTO documents(content_hash,doc_id,source,url,title,date,text,ingested_at) "
        "VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(content_hash) DO NOTHING");
    if (!st.ok()) return fail(st.status());
    st->bind_blob(1, hash, 16);
    st->bind(2, doc.id);
    st->bind(3, doc.source);
    st->bind(4, doc.url);
    st->bind(5, doc.title);
    st->bind(6, doc.date);
    st->bind(7, doc.text);
    st->bind(8, static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count()));
    if (Status s = st->run(); !s.ok()) return fail(s);
    if (db.changes() == 0) {
      counts.documents_skipped = 1;
      TACITUS_RETURN_IF_ERROR(db.exec("RELEASE doc"));
      return counts;
    }
    doc_pk = db.last_insert_rowid();
    counts.documents_added = 1;
  }

  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& ev = doc.events[i];
    DedupKey key = dedup_key(doc, i);
    if (key.cameo_root.empty()) continue;  // not an event record the schema can hold
    ++counts.mentions;

    std::string sentence;
    uint32_t sentence_start = 0;
    if (ev.sentence_index < doc.sentences.size()) {
      const Sentence& s = doc.sentences[ev.sentence_index];
      if (s.start <= s.stop && s.stop <= doc.text.size()) {
        sentence = doc.text.substr(s.start, s.stop - s.start);
        sentence_start = s.start;
      }
    }
    if (sentence.empty()) sentence = ev.trigger.text;
    uint32_t trig_start = 0, trig_end = 0;
    if (ev.trigger.start >= sentence_start && ev.trigger.end >= ev.trigger.start &&
        ev.trigger.end - sentence_start <= sentence.size()) {
      trig_start = ev.trigger.start - sentence_start;
      trig_end = ev.trigger.end - sentence_start;
    }
    const std::string source_text = ev.source ? ev.source->span.text : "";
    const std::string target_text = ev.target ? ev.target->span.text : "";

    // Find the stored event this mention repeats, if any: same root, nearby days (index
    // events_root_day), then the full test; the closest (then oldest) candidate wins.
    int64_t event_pk = 0;
    bool merged = false;
    if (impl_->options.dedup.enabled && key.day) {
      auto st = db.prepare(
          "SELECT event_pk, source_code, target_code, lat, lon, day, cameo, date_stated,"
          " precision, country, admin1 FROM events "
          "WHERE cameo_root=? AND day BETWEEN ? AND ? AND day_exact=1 ORDER BY event_pk");
      if (!st.ok()) return fail(st.status());
      st->bind(1, key.cameo_root);
      st->bind(2, *key.day - impl_->options.dedup.max_day_gap);
      st->bind(3, *key.day + impl_->options.dedup.max_day_gap);
      double best = 1e18;
      while (st->step()) {
        DedupKey other;
        other.cameo_root = key.cameo_root;
        other.source_code = st->text(1);
        other.target_code = st->text(2);
        other.lat = st->opt_real(3);
        other.lon = st->opt_real(4);
        other.day = static_cast<int32_t>(st->int64(5));
        other.cameo = st->text(6);
        other.date_stated = st->int64(7) != 0;
        other.precision = st->opt_text(8).value_or("");
        other.country = st->text(9);
        other.admin1 = st->opt_text(10).value_or("");
        if (!same_happening(key, other, impl_->options.dedup)) continue;
        double score = (key.lat && other.lat) ? store::great_circle_km(*key.lat, *key.lon, *other.lat,
                                                            *other.lon)
                                              : impl_->options.dedup.max_km;
        score += 100.0 * std::abs(*key.day - *other.day);
        if (score < best) {
          best = score;
          event_pk = st->int64(0);
        }
      }
      if (!st->status().ok()) return fail(st->status());
    }

    const int64_t fatalities = ev.fatalities.value_or(0);
    if (event_pk == 0) {
      int32_t day = key.day.value_or(kUndatedDay);
      bool exact = key.day.has_value();
      if (!exact && ev.date) {
        // A week/month/year date: filed under its first day, never deduplicated.
        if (auto d = parse_day(*ev.date)) day = *d;
      }
      std::string country = ev.location ? ev.location->country : "";
      std::string search = join_words({sentence, source_text, target_text,
                                       ev.location ? std::string_view(ev.location->name) : "",
                                       ev.location ? std::string_view(ev.location->text) : ""});
      auto st = db.prepare(
          "INSERT INTO events(day,day_exact,date,date_precision,cameo,cameo_root,quad_class,"
          "goldstein,plover_event,plover_mode,acled_event_type,acled_sub_event_type,source_code,"
          "source_country,source_text,target_code,target_country,target_text,place_name,country,"
          "admin1,precision,lat,lon,fatalities,num_mentions,num_sources,num_articles,summary,"
          "search_text,date_stated) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,1,1,"
          "?,?,?)");
      if (!st.ok()) return fail(st.status());
      int c = 0;
      st->bind(++c, day);
      st->bind(++c, exact ? 1 : 0);
      if (exact) st->bind(++c, format_day(day)); else st->bind(++c, ev.date);
      st->bind(++c, ev.date ? ev.date_precision : std::string(exact ? "day" : ""));
      st->bind(++c, ev.cameo.empty() ? key.cameo_root : ev.cameo);
      st->bind(++c, key.cameo_root);
      st->bind(++c, ev.quad_class);
      st->bind(++c, ev.goldstein);
      st->bind(++c, ev.plover_event);
      st->bind(++c, ev.plover_mode);
      st->bind(++c, ev.acled_event_type);
      st->bind(++c, ev.acled_sub_event_type);
      st->bind(++c, ev.source ? ev.source->code : "");
      st->bind(++c, ev.source ? ev.source->country : "");
      st->bind(++c, source_text);
      st->bind(++c, ev.target ? ev.target->code : "");
      st->bind(++c, ev.target ? ev.target->country : "");
      st->bind(++c, target_text);
      if (ev.location) {
        const Place& p = *ev.location;
        st->bind(++c, p.name.empty() ? p.text : p.name);
        st->bind(++c, country);
        st->bind(++c, p.admin1);
        st->bind(++c, geo_precision_name(p.precision));
        st->bind(++c, p.lat);
        st->bind(++c, p.lon);
      } else {
        st->bind_null(++c);
        st->bind(++c, "");
        st->bind_null(++c);
        st->bind_null(++c);
        st->bind_null(++c);
        st->bind_null(++c);
      }
      st->bind(++c, ev.fatalities);
      st->bind(++c, sentence);
      st->bind(++c, search);
      st->bind(++c, key.date_stated ? 1 : 0);
      if (Status s = st->run(); !s.ok()) return fail(s);
      event_pk = db.last_insert_rowid();
      ++counts.events_created;

      auto fts = db.prepare("INSERT INTO event_fts(rowid, search_text) VALUES(?,?)");
      if (!fts.ok()) return fail(fts.status());
      fts->bind(1, event_pk);
      fts->bind(2, search);
      if (Status s = fts->run(); !s.ok()) return fail(s);
      Impl::RollupDelta delta;
      delta.day = day;
      delta.country = country;
      delta.root = key.cameo_root;
      delta.actor_keys =
          actor_keys(ev.source ? ev.source->code : "", ev.target ? ev.target->code : "");
      delta.event_pk = event_pk;
      delta.events = 1;
      delta.fatalities = fatalities;
      auto terms_of = impl_->fts_terms();
      if (!terms_of.ok()) return fail(terms_of.status());
      delta.gained_terms = (*terms_of)->terms(search);
      delta.event_mentions = 1;
      delta.event_fatalities = fatalities;
      if (Status s = impl_->bump_rollups(delta); !s.ok()) return fail(s);
    } else {
      merged = true;
      ++counts.events_merged;
      // Keep the first mention's coding; count the new one, keep the largest fatality count, and
      // make the new evidence searchable.
      int32_t day = 0;
      std::string country, root, old_search, source_code, target_code;
      int64_t old_fatalities = 0, old_mentions = 0;
      bool old_null = true;
      {
        auto st = db.prepare(
            "SELECT day, country, cameo_root, COALESCE(fatalities,0), fatalities IS NULL,"
            " search_text, source_code, target_code, num_mentions FROM events WHERE event_pk=?");
        if (!st.ok()) return fail(st.status());
        st->bind(1, event_pk);
        if (!st->step()) return fail(Status::Internal("stored event vanished during ingest"));
        day = static_cast<int32_t>(st->int64(0));
        country = st->text(1);
        root = st->text(2);
        old_fatalities = st->int64(3);
        old_null = st->int64(4) != 0;
        old_search = st->text(5);
        source_code = st->text(6);
        target_code = st->text(7);
        old_mentions = st->int64(8);
      }
      std::string new_search = old_search;
      if (new_search.size() < kMaxSearchText) {
        new_search = join_words({old_search, sentence});
        if (new_search.size() > kMaxSearchText) {
          // Cut at a space so no word (or UTF-8 sequence) is split.
          size_t cut = new_search.rfind(' ', kMaxSearchText);
          new_search.resize(cut == std::string::npos ? old_search.size() : cut);
        }
      }
      // The largest count any mention reports; the rollups move by the difference.
      std::optional<int64_t> new_fatalities;
      if (!old_null) new_fatalities = old_fatalities;
      if (ev.fatalities && (old_null || *ev.fatalities > old_fatalities))
        new_fatalities = *ev.fatalities;
      const int64_t delta = new_fatalities.value_or(0) - old_fatalities;
      if (new_search != old_search) {
        auto del = db.prepare(
            "INSERT INTO event_fts(event_fts, rowid, search_text) VALUES('delete',?,?)");
        if (!del.ok()) return fail(del.status());
        del->bind(1, event_pk);
        del->bind(2, old_search);
        if (Status s = del->run(); !s.ok()) return fail(s);
        auto ins = db.prepare("INSERT INTO event_fts(rowid, search_text) VALUES(?,?)");
        if (!ins.ok()) return fail(ins.status());
        ins->bind(1, event_pk);
        ins->bind(2, new_search);
        if (Status s = ins->run(); !s.ok()) return fail(s);
      }
      auto up = db.prepare(
          "UPDATE events SET search_text=?2, num_mentions=num_mentions+1, fatalities=?3"
          " WHERE event_pk=?1");
      if (!up.ok()) return fail(up.status());
      up->bind(1, event_pk);
      up->bind(2, new_search);
      up->bind(3, new_fatalities);
      if (Status s = up->run(); !s.ok()) return fail(s);
      Impl::RollupDelta change;
      change.day = day;
      change.country = country;
      change.root = root;
      change.actor_keys = actor_keys(source_code, target_code);
      change.event_pk = event_pk;
      change.fatalities = delta;
      auto terms_of = impl_->fts_terms();
      if (!terms_of.ok()) return fail(terms_of.status());
      change.kept_terms = (*terms_of)->terms(old_search);
      if (new_search != old_search) {
        for (auto& t : (*terms_of)->terms(new_search)) {
          if (!std::binary_search(change.kept_terms.begin(), change.kept_terms.end(), t))
            change.gained_terms.push_back(std::move(t));
        }
      }
      change.event_mentions = old_mentions + 1;
      change.event_fatalities = new_fatalities.value_or(0);
      if (Status s = impl_->bump_rollups(change); !s.ok()) return fail(s);
    }

    auto st = db.prepare(
        "INSERT INTO mentions(event_pk,doc_pk,source,sentence_index,sentence,trigger_text,"
        "trigger_start,trigger_end,cameo,source_text,target_text,attribution,modality,negated,"
        "confidence) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st.ok()) return fail(st.status());
    int c = 0;
    st->bind(++c, event_pk);
    st->bind(++c, doc_pk);
    st->bind(++c, doc.source);
    st->bind(++c, static_cast<int64_t>(ev.sentence_index));
    st->bind(++c, sentence);
    st->bind(++c, ev.trigger.text);
    st->bind(++c, static_cast<int64_t>(trig_start));
    st->bind(++c, static_cast<int64_t>(trig_end));
    st->bind(++c, ev.cameo.empty() ? key.cameo_root : ev.cameo);
    st->bind(++c, source_text);
    st->bind(++c, target_text);
    if (ev.attribution) st->bind(++c, ev.attribution->text); else st->bind_null(++c);
    st->bind(++c, modality_name(ev.modality));
    st->bind(++c, ev.negated ? 1 : 0);
    st->bind(++c, ev.confidence);
    if (Status s = st->run(); !s.ok()) return fail(s);
    if (merged) {
      auto up = db.prepare(
          "UPDATE events SET (num_articles, num_sources) = (SELECT COUNT(DISTINCT doc_pk),"
          " COUNT(DISTINCT source) FROM mentions WHERE event_pk=?1) WHERE event_pk=?1");
      if (!up.ok()) return fail(up.status());
      up->bind(1, event_pk);
      if (Status s = up->run(); !s.ok()) return fail(s);
    }
  }
  // The term rollup: with the batch at commit(), else now, inside the document's savepoint.
  if (!impl_->in_batch) {
    if (Status s = impl_->write_terms(impl_->doc_terms); !s.ok()) return fail(s);
  }
  TACITUS_RETURN_IF_ERROR(db.exec("RELEASE doc"));
  impl_->batch_terms.merge(impl_->doc_terms);
  return counts;
}

Result<bool> EventStore::contains(const Document& doc) {
  unsigned char hash[16];
  content_hash(doc.source, doc.text, hash);
  auto st = impl_->db->prepare("SELECT 1 FROM documents WHERE content_hash=?");
  if (!st.ok()) return st.status();
  st->bind_blob(1, hash, 16);
  bool found = st->step();
  if (!st->status().ok()) return st->status();
  return found;
}

Status EventStore::analyze() { return impl_->db->exec("ANALYZE"); }

}  // namespace tacitus
