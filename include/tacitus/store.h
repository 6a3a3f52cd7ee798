// The event store: coded documents, their events and every mention of each event, in one SQLite
// file, with cross-article deduplication and the queries the HTTP API and the dashboard ask.
//
// A stored *event* is one real-world happening; a *mention* is one coded Event of one Document
// (one sentence saying it happened). Mentions of the same happening, in the same or in different
// articles, merge into one stored event (see DedupOptions and same_happening()). The file format is
// written down in docs/store.md.
//
// Durability: the database runs in WAL mode and a document is written together with all its
// mentions inside the current batch transaction, so a process killed at any moment leaves either
// the whole document or none of it. Documents are keyed by a content hash, so adding one that is
// already stored is a no-op: re-running an interrupted ingest loses nothing and duplicates nothing.
//
// Threading: an EventStore is one SQLite connection and is not thread-safe; give each thread its
// own (the server keeps a pool). Any number of read-only stores may read while one writer writes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/status.h"

namespace tacitus {

// When two mentions describe the same real-world event.
struct DedupOptions {
  bool enabled = true;
  int max_day_gap = 1;      // event dates (day precision) at most this many days apart
  double max_km = 50.0;     // two points: at most this far apart (issue 5's contract)
  double same_spot_km = 1.0;  // two points this close: a shared role-only actor code is evidence
};

// The part of an event that deduplication compares; built from a coded Event (plus its document
// for the fallback date) or read back from the store.
struct DedupKey {
  std::string cameo_root;
  std::string source_code, target_code;  // empty = uncoded / absent
  std::optional<int32_t> day;            // days since 1970-01-01, only for day-precise dates
  std::optional<double> lat, lon;        // absent when unplaced
  std::string cameo;                     // full code ("195"); empty = the root only
  bool date_stated = false;              // the sentence wrote the date out ("on 9 May 2020")
  std::string precision;                 // "point", "admin2", "admin1", "country"; "" = point
  std::string country, admin1;           // of the place, when placed
};

// The key of doc.events[index]. The day is the event's date when it is day-precise, else the
// publication date when the event has no date at all (news reports recent events), else absent.
DedupKey dedup_key(const Document& doc, size_t index);

// True when a date expression names its day outright (has a digit or a month name: "9 May",
// "2020-05-09"), unlike a relative one ("on Thursday", "yesterday").
bool states_absolute_date(std::string_view date_text);

// True when two mentions describe the same happening. Every one of these must hold:
//  - same CAMEO root, and compatible codes ("190", the root's unspecified code, fits any "19x";
//    "182" fits "1823"; "192" and "194" conflict);
//  - both days known, at most max_day_gap apart, and equal when both sentences state the date
//    outright (two written dates that differ are two events, as ACLED's daily reports are);
//  - no actor conflict, for source and for target: equal codes, one a prefix of the other
//    ("SYR"/"SYRMIL"), a role-only code and a code with that role ("MIL"/"YEMMIL"), or a side
//    uncoded;
//  - places compatible: two points within max_km; a coarse place (admin1/admin2/country) only
//    holds a place in the same country (and the same admin1 when both name one); two admin2
//    places must be the same; one unplaced is compatible.
// And there must be positive evidence: an equal actor code that names a country or group (a
// role-only code such as "CVL" or "MIL" names nobody in particular), with both placed (compatibly)
// one such code suffices, with one unplaced both sides must be such codes; or two points within
// same_spot_km on the same day sharing a role-only code. Coarse places and vague actors are
// never evidence, so two vague mentions of the same kind on the same day stay apart.
bool same_happening(const DedupKey& a, const DedupKey& b, const DedupOptions& options);

// "YYYY-MM-DD" (a longer string is read up to its date) -> days since 1970-01-01; nullopt when not
// a valid calendar date. "YYYY-MM" and "YYYY" give their first day.
std::optional<int32_t> parse_day(std::string_view iso);
// Days since 1970-01-01 -> "YYYY-MM-DD".
std::string format_day(int32_t day);

struct StoreOptions {
  bool read_only = false;  // open an existing store for queries only
  DedupOptions dedup;
  // SQLite page cache per connection, in KiB; the server's readers share the OS page cache too.
  int cache_kib = 64 * 1024;
  // A search or aggregate running longer than this is interrupted and fails with kUnsupported
  // ("narrow the filters"); 0 = no limit. Writes are never interrupted.
  int query_timeout_ms = 0;
};

// What add_document() and an ingest run did.
struct IngestCounts {
  uint64_t documents_added = 0;
  uint64_t documents_skipped = 0;  // already stored (same content hash)
  uint64_t mentions = 0;           // events coded in the added documents
  uint64_t events_created = 0;     // mentions that started a new stored event
  uint64_t events_merged = 0;      // mentions merged into an existing stored event
  IngestCounts& operator+=(const IngestCounts& o);
};

struct StoreStats {
  uint64_t documents = 0, events = 0, mentions = 0;
  std::optional<std::string> first_day, last_day;  // range of event dates, when any
};

// Filters of an event search or aggregate. Every set field narrows the result (AND).
struct EventQuery {
  std::optional<int32_t> from_day, to_day;  // inclusive
  std::string actor;     // actor code: exact ("USAMIL") or its 3-letter country/prefix ("USA")
  std::string country;   // ISO alpha-2 of the event location
  std::string cameo;     // CAMEO code prefix: "19" (root) or "195"
  std::string plover;    // PLOVER event type, e.g. "ASSAULT"
  std::string acled;     // ACLED event type, e.g. "Battles"
  std::optional<double> west, south, east, north;  // bounding box (all four or none), degrees
  std::string text;      // words that must all occur in the evidence, actors or place
  int limit = 50;        // 1..500
  int offset = 0;        // 0..10000
};

// Checks ranges and shapes (limit, offset, bbox, date order, code alphabets, text length) and
// says what is wrong, for a 400 reply.
Status validate(const EventQuery& query);

// One mention of a stored event: where it was said and by whom.
struct StoredMention {
  int64_t mention_id = 0;
  std::string doc_id, doc_source, doc_url, doc_title;
  std::optional<std::string> doc_date;
  uint32_t sentence_index = 0;
  std::string sentence;                        // the evidence sentence
  uint32_t trigger_start = 0, trigger_end = 0;  // byte offsets of the trigger within `sentence`
  std::string trigger;
  std::string cameo;
  std::string source_text, target_text;
  std::optional<std::string> attribution;       // who said so ("NBC News"), when attributed
  std::string modality;                         // "asserted", "reported", ...
  bool negated = false;
  double confidence = 0;
};

struct StoredEvent {
  int64_t id = 0;
  std::optional<std::string> date;  // "YYYY-MM-DD" of the first mention
  std::string date_precision;
  std::string cameo, cameo_root;
  int quad_class = 0;
  double goldstein = 0;
  std::string plover_event, plover_mode, acled_event_type, acled_sub_event_type;
  std::string source_code, source_country, source_text;
  std::string target_code, target_country, target_text;
  std::optional<std::string> place_name, country, admin1, precision;
  std::optional<double> lat, lon;
  std::optional<int> fatalities;  // the largest count any mention reports
  uint32_t num_mentions = 0, num_sources = 0, num_articles = 0;
  std::string summary;  // the evidence sentence of the first mention
  std::vector<StoredMention> mentions;  // filled by get_event() only
};

enum class AggregateKey : uint8_t { kDay, kType, kCountry };
// "day", "type", "country" -> the key; anything else is InvalidInput.
Result<AggregateKey> parse_aggregate_key(std::string_view name);

struct AggregateBucket {
  std::string key;  // "2020-05-01", CAMEO root "19", ISO alpha-2 ("" = unplaced)
  uint64_t events = 0, mentions = 0, fatalities = 0;
};

// The generator of synthetic stores (load tests, the dashboard test): plausible events spread
// over [first_day, first_day + days), Zipf-like over countries, actors and CAMEO roots.
struct SyntheticOptions {
  uint64_t events = 1000;
  int32_t first_day = 16801;  // 2016-01-01
  int32_t days = 3653;
  uint64_t seed = 1;
  uint64_t batch = 200000;    // rows per transaction
};

class EventStore {
 public:
  // Opens (creating when writable and absent) the store at `path` and brings its schema up to
  // date. A file that is not a Tacitus store, or of a newer format, is kCorrupt / kUnsupported.
  static Result<std::unique_ptr<EventStore>> open(const std::string& path,
                                                  const StoreOptions& options = {});
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Starts a batch transaction; documents added until commit() become durable together. Without
  // an open batch, add_document() commits each document on its own.
  Status begin();
  Status commit();
  // Discards the open batch (used after an error).
  void rollback();

  // Stores `doc`, its events as mentions, merging each into a stored event when one describes the
  // same happening, or starting a new one. A document whose content hash (source + text) is
  // already stored is skipped and counted in documents_skipped.
  Result<IngestCounts> add_document(const Document& doc);

  Result<StoreStats> stats();

  // Events matching `query`, newest event date first (text searches: newest stored first).
  Result<std::vector<StoredEvent>> find_events(const EventQuery& query);
  // One event with all its mentions; NotFound when no event has that id.
  Result<StoredEvent> get_event(int64_t id);
  // Event, mention and fatality counts of the events matching `query`, grouped by `by`, in key
  // order (limit/offset ignored). Date, country and CAMEO-root filters read rollup tables; other
  // filters scan the matching events.
  Result<std::vector<AggregateBucket>> aggregate(const EventQuery& query, AggregateKey by);

  // True when a document with the same content hash (source + text) is stored, so an ingest can
  // skip coding it again.
  Result<bool> contains(const Document& doc);

  // Appends `options.events` synthetic events (one mention and one document each batch) with
  // bulk inserts; rebuilds the rollups and statistics at the end. For benchmarks and tests only.
  Status generate_synthetic(const SyntheticOptions& options);

  // Runs ANALYZE so the query planner knows the indexes' selectivity.
  Status analyze();

  class Impl;
  Impl* impl() { return impl_.get(); }  // for the store's own source files

 private:
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Deduplication measured on coded documents: `distinct` documents each report events that no
// other document reports (ACLED notes of distinct events); each paraphrase re-tells the distinct
// document whose id is `first`. All go into a fresh in-memory store, distinct ones first.
struct DedupEvaluation {
  uint64_t distinct_documents = 0;      // distinct documents with at least one coded event
  uint64_t distinct_identical = 0;      // skipped: same source and text as an earlier one
  uint64_t distinct_wrongly_merged = 0;  // of those, documents sharing a stored event with another
  uint64_t paraphrase_documents = 0;    // paraphrases with at least one coded event
  uint64_t paraphrase_merged = 0;       // of those, merged into an event of their original
  uint64_t paraphrase_misplaced = 0;    // merged only into events of some other document
  uint64_t mentions = 0, events = 0;    // totals of the store at the end
};
Result<DedupEvaluation> evaluate_dedup(const std::vector<Document>& distinct,
                                       const std::vector<std::pair<std::string, Document>>& paraphrases,
                                       const DedupOptions& options);

}  // namespace tacitus
