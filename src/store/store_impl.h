// Internals of EventStore shared by its source files (schema, writing, querying, generating).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "store/fts_terms.h"
#include "store/sqlite.h"
#include "tacitus/store.h"

namespace tacitus {

namespace store {
// Great-circle distance in kilometres (haversine, mean Earth radius).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);
}  // namespace store

// Events without any date sort last and sit in this day bucket (a NOT NULL key column).
constexpr int32_t kUndatedDay = -1000000;

class EventStore::Impl {
 public:
  std::unique_ptr<store::Database> db;
  StoreOptions options;
  bool in_batch = false;
  // Deadline of the running query (steady clock, ns); 0 = none. Read by SQLite's progress hook.
  int64_t deadline_ns = 0;

  // Arms the query deadline for the life of the guard.
  class QueryDeadline {
   public:
    explicit QueryDeadline(Impl& impl);
    ~QueryDeadline() { impl_.deadline_ns = 0; }
    // The status to return when `s` failed because the deadline passed, else `s`.
    Status explain(Status s) const;

   private:
    Impl& impl_;
  };

  // One mention's change to the rollups and the actor index: a new event (events = 1, its
  // event_pk) or a merge into event_pk (events = 0, fatalities = the increase of its count).
  struct RollupDelta {
    int32_t day = 0;
    std::string country, root;
    std::set<std::string> actor_keys;  // each actor code and its 3-letter prefix
    int64_t event_pk = 0;
    int events = 0, mentions = 1;
    int64_t fatalities = 0;
    // The term rollup: terms the event already had move like the other rollups; terms it gains
    // (all of them when it is new) count it whole, once, with its counts after this mention.
    std::vector<std::string> kept_terms, gained_terms;
    int64_t event_mentions = 1, event_fatalities = 0;
  };
  // Adds the delta to every rollup; the term rollup's share goes to doc_terms (see below).
  Status bump_rollups(const RollupDelta& delta);

  // Changes to agg_day_term summed by (term, day), so a batch writes each pair once: a new event
  // has some 25 terms, and a batch of news repeats most of them within a day.
  struct TermCounts {
    std::map<std::pair<std::string, int32_t>, std::array<int64_t, 3>> sums;  // events, mentions,
                                                                            // fatalities
    void add(const std::string& term, int32_t day, int64_t events, int64_t mentions,
             int64_t fatalities);
    void merge(TermCounts& other);  // moves other's counts into this one
  };
  // Adds `counts` to agg_day_term and clears it.
  Status write_terms(TermCounts& counts);
  TermCounts doc_terms;    // of the document being added; dropped with its savepoint
  TermCounts batch_terms;  // of the open batch's stored documents; written by commit()
  // Recomputes every rollup table from the events table.
  Status rebuild_rollups();
  // Recomputes agg_day_term from the events' search text.
  Status rebuild_term_rollup();
  // The full-text index's tokenizer on this connection, opened on first use.
  Result<const store::FtsTerms*> fts_terms();

  std::unique_ptr<store::FtsTerms> terms;
};

}  // namespace tacitus
