// Internals of EventStore shared by its source files (schema, writing, querying, generating).
#pragma once

#include <memory>
#include <string>

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

  // Adds one mention to the rollup tables (events = 1 when it started a new event).
  Status bump_rollups(int32_t day, const std::string& country, const std::string& root,
                      int events, int mentions, int64_t fatalities);
  // Recomputes every rollup table from the events table.
  Status rebuild_rollups();
};

}  // namespace tacitus
