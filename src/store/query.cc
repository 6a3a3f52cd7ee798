// Reading the store: event searches, one event with its mentions, aggregates and totals.
//
// Every search is one parameterised SELECT whose shape depends only on which filters are set;
// user values are always bound, never spliced into SQL. The shape is chosen so an index yields
// rows already in result order and the scan stops at LIMIT: text searches walk the full-text
// index by rowid, actor searches the event_actors table by (actor, day), the rest the events
// indexes by (column, day).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <variant>
#include <vector>

#include "store/store_impl.h"

namespace tacitus {

namespace {

using Value = std::variant<int64_t, double, std::string>;

struct Sql {
  std::string from;
  std::vector<std::string> where;
  std::vector<Value> values;
  std::string order;
  bool text_driven = false;
  bool actor_driven = false;

  void add(std::string cond, std::vector<Value> vals = {}) {
    where.push_back(std::move(cond));
    for (auto& v : vals) values.push_back(std::move(v));
  }
  std::string where_clause() const {
    std::string s;
    for (size_t i = 0; i < where.size(); ++i) s += (i ? " AND " : " WHERE ") + where[i];
    return s;
  }
};

void bind_all(store::Statement& st, const std::vector<Value>& values) {
  int i = 0;
  for (const auto& v : values) {
    ++i;
    if (auto* n = std::get_if<int64_t>(&v)) st.bind(i, *n);
    else if (auto* d = std::get_if<double>(&v)) st.bind(i, *d);
    else st.bind(i, std::get<std::string>(v));
  }
}

// The user's words: the runs of non-space bytes of a text search.
std::vector<std::string_view> search_words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

// The user's words as an FTS5 query: each word quoted (so operators and punctuation are literal)
// and all of them required.
std::string fts_query(std::string_view text) {
  std::string q;
  for (std::string_view w : search_words(text)) {
    if (!q.empty()) q += ' ';
    q += '"';
    for (char c : w) {
      q += c;
      if (c == '"') q += '"';
    }
    q += '"';
  }
  return q;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Sql build_search(const EventQuery& q) {
  Sql sql;
  const bool ranged = q.from_day || q.to_day;
  const int64_t from = q.from_day.value_or(kUndatedDay), to = q.to_day.value_or(INT32_MAX);
  if (!q.text.empty()) {
    sql.text_driven = true;
    sql.from = "event_fts f JOIN events e ON e.event_pk=f.rowid";
    sql.add("event_fts MATCH ?", {fts_query(q.text)});
    sql.order = "f.rowid DESC";
    if (!q.actor.empty()) {
      sql.add("EXISTS(SELECT 1 FROM event_actors a WHERE a.actor_key=? AND a.day=e.day AND "
              "a.event_pk=e.event_pk)", {upper(q.actor)});
    }
    if (ranged) {
      // The date range bounds the keys of its events (agg_day keeps each day's range), so the
      // full-text index skips straight to them instead of walking newer matches.
      sql.add("f.rowid BETWEEN (SELECT MIN(min_event_pk) FROM agg_day WHERE day BETWEEN ? AND ?)"
              " AND (SELECT MAX(max_event_pk) FROM agg_day WHERE day BETWEEN ? AND ?)",
              {from, to, from, to});
      sql.add("e.day BETWEEN ? AND ?", {from, to});
    }
  } else if (!q.actor.empty()) {
    sql.from = "event_actors a JOIN events e ON e.event_pk=a.event_pk";
    sql.actor_driven = true;
    sql.add("a.actor_key=?", {upper(q.actor)});
    if (ranged) sql.add("a.day BETWEEN ? AND ?", {from, to});
    sql.order = "a.day DESC, a.event_pk DESC";
  } else {
    sql.from = "events e";
    if (ranged) sql.add("e.day BETWEEN ? AND ?", {from, to});
    sql.order = "e.day DESC, e.event_pk DESC";
  }
  // The actor index carries country and root, so those filters apply before any event is read.
  const char* t = sql.actor_driven ? "a." : "e.";
  if (!q.country.empty()) sql.add(std::string(t) + "country=?", {upper(q.country)});
  if (!q.cameo.empty()) {
    sql.add(std::string(t) + "cameo_root=?", {q.cameo.substr(0, 2)});
    if (q.cameo.size() > 2) sql.add("substr(e.cameo,1,?)=?", {int64_t(q.cameo.size()), q.cameo});
  }
  if (!q.plover.empty()) sql.add("e.plover_event=?", {upper(q.plover)});
  if (!q.acled.empty()) sql.add("e.acled_event_type=?", {q.acled});
  if (q.west) {
    sql.add("e.lat BETWEEN ? AND ?", {*q.south, *q.north});
    if (*q.west <= *q.east) sql.add("e.lon BETWEEN ? AND ?", {*q.west, *q.east});
    else sql.add("(e.lon >= ? OR e.lon <= ?)", {*q.west, *q.east});  // crosses the antimeridian
  }
  return sql;
}

constexpr const char* kEventColumns =
    "e.event_pk, e.date, e.date_precision, e.cameo, e.cameo_root, e.quad_class, e.goldstein,"
    " e.plover_event, e.plover_mode, e.acled_event_type, e.acled_sub_event_type, e.source_code,"
    " e.source_country, e.source_text, e.target_code, e.target_country, e.target_text,"
    " e.place_name, e.country, e.admin1, e.precision, e.lat, e.lon, e.fatalities,"
    " e.num_mentions, e.num_sources, e.num_articles, e.summary";

StoredEvent read_event(const store::Statement& st) {
  StoredEvent e;
  int c = 0;
  e.id = st.int64(c++);
  e.date = st.opt_text(c++);
  e.date_precision = st.text(c++);
  e.cameo = st.text(c++);
  e.cameo_root = st.text(c++);
  e.quad_class = static_cast<int>(st.int64(c++));
  e.goldstein = st.real(c++);
  e.plover_event = st.text(c++);
  e.plover_mode = st.text(c++);
  e.acled_event_type = st.text(c++);
  e.acled_sub_event_type = st.text(c++);
  e.source_code = st.text(c++);
  e.source_country = st.text(c++);
  e.source_text = st.text(c++);
  e.target_code = st.text(c++);
  e.target_country = st.text(c++);
  e.target_text = st.text(c++);
  e.place_name = st.opt_text(c++);
  e.country = st.opt_text(c++);
  if (e.country && e.country->empty()) e.country.reset();
  e.admin1 = st.opt_text(c++);
  e.precision = st.opt_text(c++);
  e.lat = st.opt_real(c++);
  e.lon = st.opt_real(c++);
  if (!st.is_null(c)) e.fatalities = static_cast<int>(st.int64(c));
  ++c;
  e.num_mentions = static_cast<uint32_t>(st.int64(c++));
  e.num_sources = static_cast<uint32_t>(st.int64(c++));
  e.num_articles = static_cast<uint32_t>(st.int64(c++));
  e.summary = st.text(c++);
  return e;
}

// The search's one term when its words (as fts_query quotes them) all make the same single term
// of the index, else nothing: then a match is exactly an event having that term.
std::optional<std::string> single_term(const store::FtsTerms& terms_of, std::string_view text) {
  std::optional<std::string> term;
  for (std::string_view w : search_words(text)) {
    auto t = terms_of.tokens(w);
    if (t.size() != 1 || (term && *term != t[0])) return std::nullopt;
    term = t[0];
  }
  return term;
}

bool all_of(std::string_view s, int (*pred)(int)) {
  return std::all_of(s.begin(), s.end(), [&](char c) { return pred(static_cast<unsigned char>(c)); });
}

}  // namespace

EventStore::Impl::QueryDeadline::QueryDeadline(Impl& impl) : impl_(impl) {
  if (impl.options.query_timeout_ms > 0) {
    impl.deadline_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now().time_since_epoch())
                           .count() +
                       int64_t(impl.options.query_timeout_ms) * 1000000;
  }
}

Status EventStore::Impl::QueryDeadline::explain(Status s) const {
  if (s.ok() || impl_.deadline_ns == 0) return s;
  if (s.message().find("interrupted") == std::string::npos) return s;
  return Status::Unsupported("the query ran longer than " +
                             std::to_string(impl_.options.query_timeout_ms) +
                             " ms; narrow the date range or filters");
}

Status validate(const EventQuery& q) {
  if (q.limit < 1 || q.limit > 500) return Status::InvalidInput("limit must be within 1..500");
  if (q.offset < 0 || q.offset > 10000) return Status::InvalidInput("offset must be within 0..10000");
  if (q.from_day && q.to_day && *q.from_day > *q.to_day)
    return Status::InvalidInput("from is after to");
  const bool any_box = q.west || q.south || q.east || q.north;
  if (any_box && !(q.west && q.south && q.east && q.north))
    return Status::InvalidInput("bbox needs four numbers: west,south,east,north");
  if (any_box) {
    if (*q.south < -90 || *q.north > 90 || *q.south > *q.north)
      return Status::InvalidInput("bbox latitudes must satisfy -90 <= south <= north <= 90");
    if (*q.west < -180 || *q.west > 180 || *q.east < -180 || *q.east > 180)
      return Status::InvalidInput("bbox longitudes must be within -180..180");
  }
  if (q.actor.size() > 32 || !all_of(q.actor, std::isalnum))
    return Status::InvalidInput("actor must be a CAMEO actor code (letters and digits)");
  if (!q.country.empty() && (q.country.size() != 2 || !all_of(q.country, std::isalpha)))
    return Status::InvalidInput("country must be an ISO 3166-1 alpha-2 code");
  if (!q.cameo.empty() && (q.cameo.size() < 2 || q.cameo.size() > 4 || !all_of(q.cameo, std::isdigit)))
    return Status::InvalidInput("cameo must be a CAMEO code of 2 to 4 digits");
  if (q.plover.size() > 32 || !std::all_of(q.plover.begin(), q.plover.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      }))
    return Status::InvalidInput("plover must be a PLOVER event type such as ASSAULT");
  if (q.acled.size() > 64) return Status::InvalidInput("acled event type too long");
  if (q.text.size() > 200) return Status::InvalidInput("text must be at most 200 bytes");
  if (!q.text.empty() && fts_query(q.text).empty())
    return Status::InvalidInput("text has no words");
  return Status::Ok();
}

Result<AggregateKey> parse_aggregate_key(std::string_view name) {
  if (name == "day") return AggregateKey::kDay;
  if (name == "type") return AggregateKey::kType;
  if (name == "country") return AggregateKey::kCountry;
  return Status::InvalidInput("by must be one of day, type, country");
}

Result<StoreStats> EventStore::stats() {
  StoreStats s;
  auto st = impl_->db->prepare(
      "SELECT COALESCE(SUM(events),0), COALESCE(SUM(mentions),0),"
      " MIN(CASE WHEN day>? THEN day END), MAX(day), (SELECT COALESCE(MAX(doc_pk),0) FROM documents)"
      " FROM agg_day");
  if (!st.ok()) return st.status();
  st->bind(1, int64_t(kUndatedDay));
  if (st->step()) {
    s.events = static_cast<uint64_t>(st->int64(0));
    s.mentions = static_cast<uint64_t>(st->int64(1));
    if (!st->is_null(2)) s.first_day = format_day(static_cast<int32_t>(st->int64(2)));
    if (!st->is_null(3) && st->int64(3) > kUndatedDay)
      s.last_day = format_day(static_cast<int32_t>(st->int64(3)));
    s.documents = static_cast<uint64_t>(st->int64(4));
  }
  if (!st->status().ok()) return st->status();
  return s;
}

Result<std::vector<StoredEvent>> EventStore::find_events(const EventQuery& query) {
  TACITUS_RETURN_IF_ERROR(validate(query));
  Sql sql = build_search(query);
  std::string text = std::string("SELECT ") + kEventColumns + " FROM " + sql.from +
                     sql.where_clause() + " ORDER BY " + sql.order + " LIMIT ? OFFSET ?";
  auto st = impl_->db->prepare(text);
  if (!st.ok()) return st.status();
  sql.values.push_back(int64_t(query.limit));
  sql.values.push_back(int64_t(query.offset));
  bind_all(*st, sql.values);
  Impl::QueryDeadline deadline(*impl_);
  std::vector<StoredEvent> out;
  while (st->step()) out.push_back(read_event(*st));
  if (!st->status().ok()) return deadline.explain(st->status());
  return out;
}

Result<StoredEvent> EventStore::get_event(int64_t id) {
  StoredEvent e;
  {
    auto st = impl_->db->prepare(std::string("SELECT ") + kEventColumns +
                                 " FROM events e WHERE e.event_pk=?");
    if (!st.ok()) return st.status();
    st->bind(1, id);
    if (!st->step()) {
      if (!st->status().ok()) return st->status();
      return Status::NotFound("no event with id " + std::to_string(id));
    }
    e = read_event(*st);
  }
  auto st = impl_->db->prepare(
      "SELECT m.mention_pk, d.doc_id, d.source, d.url, d.title, d.date, m.sentence_index,"
      " m.sentence, m.trigger_start, m.trigger_end, m.trigger_text, m.cameo, m.source_text,"
      " m.target_text, m.attribution, m.modality, m.negated, m.confidence"
      " FROM mentions m JOIN documents d ON d.doc_pk=m.doc_pk WHERE m.event_pk=?"
      " ORDER BY m.mention_pk LIMIT 1000");
  if (!st.ok()) return st.status();
  st->bind(1, id);
  while (st->step()) {
    StoredMention m;
    int c = 0;
    m.mention_id = st->int64(c++);
    m.doc_id = st->text(c++);
    m.doc_source = st->text(c++);
    m.doc_url = st->text(c++);
    m.doc_title = st->text(c++);
    m.doc_date = st->opt_text(c++);
    m.sentence_index = static_cast<uint32_t>(st->int64(c++));
    m.sentence = st->text(c++);
    m.trigger_start = static_cast<uint32_t>(st->int64(c++));
    m.trigger_end = static_cast<uint32_t>(st->int64(c++));
    m.trigger = st->text(c++);
    m.cameo = st->text(c++);
    m.source_text = st->text(c++);
    m.target_text = st->text(c++);
    m.attribution = st->opt_text(c++);
    m.modality = st->text(c++);
    m.negated = st->int64(c++) != 0;
    m.confidence = st->real(c++);
    e.mentions.push_back(std::move(m));
  }
  if (!st->status().ok()) return st->status();
  return e;
}

Result<std::vector<AggregateBucket>> EventStore::aggregate(const EventQuery& query,
                                                           AggregateKey by) {
  EventQuery q = query;
  q.limit = 1;
  q.offset = 0;
  TACITUS_RETURN_IF_ERROR(validate(q));
  const char* key = by == AggregateKey::kDay ? "day" : by == AggregateKey::kType ? "cameo_root"
                                                                                 : "country";
  const bool simple = q.plover.empty() && q.acled.empty() && !q.west && q.text.empty() &&
                      (q.cameo.empty() || q.cameo.size() == 2);
  const bool rollup = simple && q.actor.empty();
  std::string text;
  std::vector<Value> values;
  std::optional<std::string> term;  // the one term of a one-word search
  if (by == AggregateKey::kDay && q.actor.empty() && q.country.empty() && q.cameo.empty() &&
      q.plover.empty() && q.acled.empty() && !q.west && !q.text.empty()) {
    auto terms_of = impl_->fts_terms();
    if (!terms_of.ok()) return terms_of.status();
    term = single_term(**terms_of, q.text);
  }
  if (term) {
    // Per-term daily counts: the same numbers as counting the full-text matches (the rollup is
    // kept with the index's own tokenizer), at one row per day.
    Sql sql;
    sql.add("term=?", {*term});
    if (q.from_day || q.to_day)
      sql.add("day BETWEEN ? AND ?",
              {int64_t(q.from_day.value_or(kUndatedDay)), int64_t(q.to_day.value_or(INT32_MAX))});
    text = "SELECT day, events, mentions, fatalities FROM agg_day_term" + sql.where_clause() +
           " ORDER BY 1";
    values = std::move(sql.values);
  } else if (simple && !q.actor.empty()) {
    // By actor: its rollups when only dates (and a root) narrow it and the key is the day or
    // the root, else the actor index, which carries country, root and counts (no event is read
    // either way).
    const bool by_day_only = by == AggregateKey::kDay && q.country.empty() && q.cameo.empty();
    const bool by_root_rollup = by != AggregateKey::kCountry && q.country.empty();
    Sql sql;
    sql.add("actor_key=?", {upper(q.actor)});
    if (!q.cameo.empty()) sql.add("cameo_root=?", {q.cameo});
    if (q.from_day || q.to_day)
      sql.add("day BETWEEN ? AND ?",
              {int64_t(q.from_day.value_or(kUndatedDay)), int64_t(q.to_day.value_or(INT32_MAX))});
    if (!q.country.empty()) sql.add("country=?", {upper(q.country)});
    const char* table = by_day_only      ? "agg_day_actor"
                        : by_root_rollup ? "agg_day_actor_root"
                                         : "event_actors";
    const char* events = by_day_only || by_root_rollup ? "SUM(events)" : "COUNT(*)";
    text = std::string("SELECT ") + key + ", " + events + ", SUM(mentions), SUM(fatalities) FROM " +
           table + sql.where_clause() + " GROUP BY 1 ORDER BY 1";
    values = std::move(sql.values);
  } else if (rollup) {
    // The smallest rollup table holding the grouping key and every filtered column.
    const bool need_country = by == AggregateKey::kCountry || !q.country.empty();
    const bool need_root = by == AggregateKey::kType || !q.cameo.empty();
    const char* table = need_country ? (need_root ? "agg_day_country_root" : "agg_day_country")
                                     : (need_root ? "agg_day_root" : "agg_day");
    Sql sql;
    if (q.from_day || q.to_day)
      sql.add("day BETWEEN ? AND ?",
              {int64_t(q.from_day.value_or(kUndatedDay)), int64_t(q.to_day.value_or(INT32_MAX))});
    if (!q.country.empty()) sql.add("country=?", {upper(q.country)});
    if (!q.cameo.empty()) sql.add("cameo_root=?", {q.cameo});
    text = std::string("SELECT ") + key + ", SUM(events), SUM(mentions), SUM(fatalities) FROM " +
           table + sql.where_clause() + " GROUP BY 1 ORDER BY 1";
    values = std::move(sql.values);
  } else {
    Sql sql = build_search(q);
    if (sql.text_driven && q.plover.empty() && q.acled.empty() && !q.west &&
        q.cameo.size() <= 2) {
      // Every column these read is in event_keys, whose rows are a tenth of an event row:
      // counting thousands of full-text matches reads that narrow table, not the events.
      sql.from = "event_fts f JOIN event_keys e ON e.event_pk=f.rowid";
    }
    text = std::string("SELECT e.") + key +
           ", COUNT(*), SUM(e.num_mentions), SUM(COALESCE(e.fatalities,0)) FROM " + sql.from +
           sql.where_clause() + " GROUP BY 1 ORDER BY 1";
    values = std::move(sql.values);
  }
  auto st = impl_->db->prepare(text);
  if (!st.ok()) return st.status();
  bind_all(*st, values);
  Impl::QueryDeadline deadline(*impl_);
  std::vector<AggregateBucket> out;
  while (st->step()) {
    AggregateBucket b;
    if (by == AggregateKey::kDay) {
      int64_t day = st->int64(0);
      b.key = day == kUndatedDay ? "" : format_day(static_cast<int32_t>(day));
    } else {
      b.key = st->text(0);
    }
    b.events = static_cast<uint64_t>(st->int64(1));
    b.mentions = static_cast<uint64_t>(st->int64(2));
    b.fatalities = static_cast<uint64_t>(std::max<int64_t>(0, st->int64(3)));
    out.push_back(std::move(b));
  }
  if (!st->status().ok()) return deadline.explain(st->status());
  return out;
}

}  // namespace tacitus
