// Synthetic event stores for load tests and the dashboard test. The events are made up, but their
// skew is realistic: a few countries, actors and event kinds dominate, as in GDELT and ACLED, so
// index selectivity and rollup sizes resemble a real store's.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <vector>

#include "store/store_impl.h"

namespace tacitus {

namespace {

struct SyntheticCountry {
  const char* iso2;
  const char* iso3;
  double lat, lon;
  const char* places[3];
};

constexpr SyntheticCountry kCountries[] = {
    {"SY", "SYR", 35.0, 38.5, {"Aleppo", "Idlib", "Deir ez-Zor"}},
    {"YE", "YEM", 15.5, 47.5, {"Sanaa", "Marib", "Taiz"}},
    {"IQ", "IRQ", 33.2, 43.7, {"Baghdad", "Mosul", "Basra"}},
    {"US", "USA", 39.0, -98.0, {"Washington", "Chicago", "Houston"}},
    {"AF", "AFG", 34.0, 66.0, {"Kabul", "Kandahar", "Herat"}},
    {"NG", "NGA", 9.0, 8.0, {"Maiduguri", "Lagos", "Kaduna"}},
    {"IN", "IND", 22.0, 79.0, {"New Delhi", "Srinagar", "Mumbai"}},
    {"UA", "UKR", 49.0, 32.0, {"Kyiv", "Donetsk", "Kharkiv"}},
    {"RU", "RUS", 56.0, 38.0, {"Moscow", "Grozny", "Rostov"}},
    {"PK", "PAK", 30.0, 70.0, {"Peshawar", "Quetta", "Karachi"}},
    {"LB", "LBN", 33.9, 35.8, {"Beirut", "Tripoli", "Sidon"}},
    {"IL", "ISR", 31.5, 34.9, {"Jerusalem", "Haifa", "Tel Aviv"}},
    {"MX", "MEX", 23.0, -102.0, {"Culiacan", "Guadalajara", "Mexico City"}},
    {"BR", "BRA", -10.0, -52.0, {"Rio de Janeiro", "Sao Paulo", "Belem"}},
    {"SO", "SOM", 5.0, 46.0, {"Mogadishu", "Kismayo", "Baidoa"}},
    {"ML", "MLI", 16.0, -2.0, {"Bamako", "Gao", "Mopti"}},
    {"CD", "COD", -2.5, 23.5, {"Goma", "Beni", "Bunia"}},
    {"PH", "PHL", 12.5, 122.0, {"Manila", "Marawi", "Davao"}},
    {"LY", "LBY", 27.0, 17.0, {"Tripoli", "Benghazi", "Sirte"}},
    {"FR", "FRA", 46.5, 2.5, {"Paris", "Lyon", "Marseille"}},
    {"GB", "GBR", 53.0, -1.5, {"London", "Belfast", "Manchester"}},
    {"CN", "CHN", 34.0, 104.0, {"Beijing", "Hong Kong", "Urumqi"}},
    {"IR", "IRN", 32.0, 53.0, {"Tehran", "Isfahan", "Mashhad"}},
    {"TR", "TUR", 39.0, 35.0, {"Ankara", "Istanbul", "Diyarbakir"}},
    {"EG", "EGY", 27.0, 30.0, {"Cairo", "Alexandria", "Arish"}},
    {"ET", "ETH", 9.0, 39.5, {"Addis Ababa", "Mekelle", "Gondar"}},
    {"SD", "SDN", 15.0, 30.0, {"Khartoum", "El Fasher", "Nyala"}},
    {"CO", "COL", 4.0, -73.0, {"Bogota", "Cali", "Medellin"}},
    {"VE", "VEN", 7.0, -66.0, {"Caracas", "Maracaibo", "Valencia"}},
    {"MM", "MMR", 21.0, 96.0, {"Yangon", "Mandalay", "Sittwe"}},
};

struct SyntheticKind {
  double share;  // percent of events, roughly GDELT's mix of CAMEO roots
  const char* root;
  const char* cameo;
  const char* verb;
  const char* plover;
  const char* acled;
  double goldstein;
  int quad;
};

constexpr SyntheticKind kKinds[] = {
    {5, "19", "190", "fought", "ASSAULT", "Battles", -10, 4},
    {3, "18", "180", "attacked", "ASSAULT", "Violence against civilians", -9, 4},
    {2.5, "14", "141", "protested against", "PROTEST", "Protests", -6.5, 3},
    {20, "04", "040", "met with", "CONSULT", "", 1, 1},
    {18, "01", "010", "made a statement about", "", "", 0, 1},
    {5, "11", "112", "accused", "ACCUSE", "", -2, 3},
    {9, "05", "051", "praised", "COOPERATE", "", 3.4, 1},
    {4, "17", "173", "arrested members of", "COERCE", "", -5, 4},
    {0.3, "20", "200", "bombed", "ASSAULT", "Explosions/Remote violence", -10, 4},
    {2, "13", "130", "threatened", "THREATEN", "", -4.4, 3},
    {8, "03", "036", "offered to meet", "AGREE", "", 4, 1},
    {2, "08", "081", "agreed to lift sanctions on", "AGREE", "", 5, 2},
    {3, "07", "070", "sent aid to", "AID", "", 7, 2},
    {2, "12", "120", "rejected proposals from", "REJECT", "", -4, 3},
    {0.7, "15", "150", "mobilised forces against", "MOBILIZE", "Strategic developments", -7.2, 4},
    {1, "16", "161", "cut ties with", "REDUCE", "", -4, 3},
    {6, "02", "020", "appealed to", "", "", 3, 1},
    {3, "06", "061", "cooperated with", "COOPERATE", "", 6, 2},
    {1.5, "09", "090", "investigated", "INVESTIGATE", "", -2, 2},
    {3, "10", "100", "demanded concessions from", "DEMAND", "", -5, 3},
};

constexpr const char* kSectors[] = {"MIL", "GOV", "REB", "CVL", "COP", "OPP", "MED", "BUS"};
constexpr const char* kSectorWords[] = {"army",   "government", "rebels", "civilians",
                                        "police", "opposition", "journalists", "businesses"};
constexpr const char* kOutlets[] = {"wire.example", "daily.example", "gazette.example",
                                    "courier.example", "herald.example", "times.example"};

// Zipf-like index in [0, n): rank r has weight 1/(r+1).
class Zipf {
 public:
  explicit Zipf(size_t n) {
    double sum = 0;
    for (size_t r = 0; r < n; ++r) cumulative_.push_back(sum += 1.0 / static_cast<double>(r + 1));
  }
  size_t operator()(std::mt19937_64& rng) const {
    double u = std::uniform_real_distribution<double>(0, cumulative_.back())(rng);
    return static_cast<size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) -
                               cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

}  // namespace

Status EventStore::generate_synthetic(const SyntheticOptions& options) {
  if (impl_->options.read_only) return Status::Unsupported("the store is open read-only");
  if (impl_->in_batch) return Status::Internal("generate_synthetic() inside an open batch");
  if (options.days < 1) return Status::InvalidInput("days must be positive");
  auto& db = *impl_->db;
  std::mt19937_64 rng(options.seed);
  const Zipf pick_country(std::size(kCountries)), pick_sector(std::size(kSectors));
  std::vector<double> shares;
  for (const auto& k : kKinds) shares.push_back(k.share);
  std::discrete_distribution<size_t> pick_kind(shares.begin(), shares.end());
  std::uniform_real_distribution<double> jitter(-2.0, 2.0), unit(0, 1);

  int64_t next_event = 1, next_doc = 1;
  {
    auto st = db.prepare(
        "SELECT COALESCE(MAX(event_pk),0)+1, (SELECT COALESCE(MAX(doc_pk),0)+1 FROM documents)"
        " FROM events");
    if (!st.ok()) return st.status();
    if (st->step()) {
      next_event = st->int64(0);
      next_doc = st->int64(1);
    }
  }
  // Into an empty store, the events' and mentions' secondary indexes are built once at the end
  // (a sort) rather than row by row.
  std::vector<std::string> deferred_indexes;
  if (next_event == 1) {
    auto st = db.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND "
        "tbl_name IN ('events','mentions')");
    if (!st.ok()) return st.status();
    std::vector<std::string> names;
    while (st->step()) {
      names.push_back(st->text(0));
      deferred_indexes.push_back(st->text(1));
    }
    if (!st->status().ok()) return st->status();
    for (const auto& n : names) TACITUS_RETURN_IF_ERROR(db.exec("DROP INDEX " + n));
  }
  // Daily volume grows over the period (news archives and coders both grow: x1 to x3) and dips
  // at weekends; events arrive in date order, as a live ingest sees them.
  std::vector<double> day_end;  // cumulative expected events by the end of each day
  {
    double total = 0;
    for (int32_t d = 0; d < options.days; ++d) {
      const int weekday = static_cast<int>((options.first_day + d + 4) % 7);  // 0 = Sunday
      double w = 1.0 + 2.0 * d / std::max(1, options.days - 1);
      if (weekday == 0 || weekday == 6) w *= 0.7;
      day_end.push_back(total += w);
    }
    for (auto& x : day_end) x *= static_cast<double>(options.events) / total;
  }
  int32_t day_index = 0;
  const uint64_t batch = std::max<uint64_t>(1, options.batch);
  for (uint64_t done = 0; done < options.events;) {
    TACITUS_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
    const uint64_t end = std::min(options.events, done + batch);
    for (; done < end; ++done) {
      while (day_index + 1 < options.days && static_cast<double>(done) >= day_end[day_index])
        ++day_index;
      const int32_t day = options.first_day + day_index;
      const auto& c = kCountries[pick_country(rng)];
      const auto& other = kCountries[pick_country(rng)];
      const auto& k = kKinds[pick_kind(rng)];
      const size_t s1 = pick_sector(rng), s2 = pick_sector(rng);
      const std::string src_code = std::string(c.iso3) + kSectors[s1];
      const std::string tgt_code =
          std::string(unit(rng) < 0.7 ? c.iso3 : other.iso3) + kSectors[s2];
      const std::string src_text = std::string(c.iso3) + " " + kSectorWords[s1];
      const std::string tgt_text = tgt_code.substr(0, 3) + " " + kSectorWords[s2];
      const bool placed = unit(rng) < 0.85;
      const char* place = c.places[rng() % 3];
      const double lat = std::clamp(c.lat + jitter(rng), -89.0, 89.0);
      const double lon = std::clamp(c.lon + jitter(rng), -179.0, 179.0);
      std::optional<int64_t> fatalities;
      if (k.quad == 4 && unit(rng) < 0.6) {
        // Mostly none or a few, rarely many.
        const double u = unit(rng);
        fatalities = static_cast<int64_t>(u < 0.5 ? 0 : std::pow(1.0 / (1.0 - u), 1.5));
      }
      const std::string date = format_day(day);
      std::string sentence = "The " + src_text + " " + k.verb + " the " + tgt_text;
      if (placed) sentence += std::string(" in ") + place;
      sentence += " on " + date + ".";
      const std::string search = sentence;
      // Most events are reported once; a few are picked up by many outlets.
      const double u = unit(rng);
      const int mentions = u < 0.72 ? 1 : u < 0.9 ? 2 : u < 0.97 ? 3 : 4 + static_cast<int>(rng() % 8);

      auto ev = db.prepare(
          "INSERT INTO events(event_pk,day,day_exact,date,date_precision,cameo,cameo_root,"
          "quad_class,goldstein,plover_event,plover_mode,acled_event_type,acled_sub_event_type,"
          "source_code,source_country,source_text,target_code,target_country,target_text,"
          "place_name,country,admin1,precision,lat,lon,fatalities,num_mentions,num_sources,"
          "num_articles,summary,search_text,date_stated) VALUES(?,?,1,?,'day',?,?,?,?,?,'',?,'',"
          "?,?,?,?,?,?,?,?,NULL,?,?,?,?,?,?,?,?,?,1)");
      if (!ev.ok()) return ev.status();
      int i = 0;
      ev->bind(++i, next_event);
      ev->bind(++i, day);
      ev->bind(++i, date);
      ev->bind(++i, k.cameo);
      ev->bind(++i, k.root);
      ev->bind(++i, k.quad);
      ev->bind(++i, k.goldstein);
      ev->bind(++i, k.plover);
      ev->bind(++i, k.acled);
      ev->bind(++i, src_code);
      ev->bind(++i, c.iso3);
      ev->bind(++i, src_text);
      ev->bind(++i, tgt_code);
      ev->bind(++i, tgt_code.substr(0, 3));
      ev->bind(++i, tgt_text);
      if (placed) {
        ev->bind(++i, place);
        ev->bind(++i, c.iso2);
        ev->bind(++i, "point");
        ev->bind(++i, lat);
        ev->bind(++i, lon);
      } else {
        ev->bind_null(++i);
        ev->bind(++i, "");
        ev->bind_null(++i);
        ev->bind_null(++i);
        ev->bind_null(++i);
      }
      ev->bind(++i, fatalities);
      ev->bind(++i, mentions);
      ev->bind(++i, std::min<int64_t>(mentions, std::size(kOutlets)));
      ev->bind(++i, mentions);
      ev->bind(++i, sentence);
      ev->bind(++i, search);
      TACITUS_RETURN_IF_ERROR(ev->run());

      auto fts = db.prepare("INSERT INTO event_fts(rowid, search_text) VALUES(?,?)");
      if (!fts.ok()) return fts.status();
      fts->bind(1, next_event);
      fts->bind(2, search);
      TACITUS_RETURN_IF_ERROR(fts->run());

      for (const std::string& key :
           std::set<std::string>{src_code, src_code.substr(0, 3), tgt_code, tgt_code.substr(0, 3)}) {
        auto ak = db.prepare("INSERT OR IGNORE INTO event_actors VALUES(?,?,?,?,?,?,?)");
        if (!ak.ok()) return ak.status();
        ak->bind(1, key);
        ak->bind(2, day);
        ak->bind(3, next_event);
        ak->bind(4, placed ? c.iso2 : "");
        ak->bind(5, k.root);
        ak->bind(6, mentions);
        ak->bind(7, fatalities.value_or(0));
        TACITUS_RETURN_IF_ERROR(ak->run());
      }
      for (int m = 0; m < mentions; ++m) {
        // One small document per mention: the store's contract is that every mention has one.
        auto doc = db.prepare(
            "INSERT INTO documents(doc_pk,content_hash,doc_id,source,url,title,date,text,"
            "ingested_at) VALUES(?,?,?,?,'','',?,'',0)");
        if (!doc.ok()) return doc.status();
        const std::string doc_id = "syn" + std::to_string(next_doc);
        const char* outlet = kOutlets[(next_event + m) % std::size(kOutlets)];
        // Big-endian counter: the unique hash index grows at its end.
        unsigned char hash[16] = {'s', 'y', 'n', 0};
        for (int b = 0; b < 8; ++b)
          hash[15 - b] = static_cast<unsigned char>(static_cast<uint64_t>(next_doc) >> (8 * b));
        doc->bind(1, next_doc);
        doc->bind_blob(2, hash, 16);
        doc->bind(3, doc_id);
        doc->bind(4, outlet);
        doc->bind(5, date);
        TACITUS_RETURN_IF_ERROR(doc->run());
        auto mention = db.prepare(
            "INSERT INTO mentions(event_pk,doc_pk,source,sentence_index,sentence,trigger_text,"
            "trigger_start,trigger_end,cameo,source_text,target_text,attribution,modality,negated,"
            "confidence) VALUES(?,?,?,0,?,?,?,?,?,?,?,NULL,'asserted',0,0.8)");
        if (!mention.ok()) return mention.status();
        const size_t trig = sentence.find(k.verb);
        mention->bind(1, next_event);
        mention->bind(2, next_doc);
        mention->bind(3, outlet);
        mention->bind(4, sentence);
        mention->bind(5, k.verb);
        mention->bind(6, static_cast<int64_t>(trig));
        mention->bind(7, static_cast<int64_t>(trig + std::string_view(k.verb).size()));
        mention->bind(8, k.cameo);
        mention->bind(9, src_text);
        mention->bind(10, tgt_text);
        TACITUS_RETURN_IF_ERROR(mention->run());
        ++next_doc;
      }
      ++next_event;
    }
    TACITUS_RETURN_IF_ERROR(db.exec("COMMIT"));
  }
  TACITUS_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  Status s;
  for (const auto& sql : deferred_indexes)
    if (s.ok()) s = db.exec(sql);
  if (s.ok()) s = impl_->rebuild_rollups();
  if (!s.ok()) {
    (void)db.exec("ROLLBACK");
    return s;
  }
  TACITUS_RETURN_IF_ERROR(db.exec("COMMIT"));
  return analyze();
}

}  // namespace tacitus
