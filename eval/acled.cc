// `tacitus eval acled`: code each ACLED `notes` paragraph (without its date: notes state it) and
// compare the best event with the row's coded columns.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>
#include <unordered_map>

#include "eval_internal.h"
#include "tacitus/gazetteer.h"  // distance_km, Gazetteer
#include "tacitus/geo.h"        // admin1_matches
#include "tacitus/output.h"
#include "tacitus/resources.h"

namespace tacitus {

using eval_internal::lower;
using eval_internal::trim;

namespace {

// ISO alpha-3 code -> country names, from the project's data/actors/countries.tsv, to read the
// country out of ACLED actor names ("Military Forces of Yemen (2016-)", "Protesters (Israel)").
struct CountryNames {
  std::vector<std::pair<std::string, std::string>> names;  // (name, iso3), longest name first
  std::unordered_map<std::string, std::string> by_name;    // lower-case name -> iso3

  static CountryNames load(const std::string& data_dir) {
    CountryNames c;
    auto text = read_file(data_dir + "/actors/countries.tsv");
    if (!text.ok()) return c;
    std::istringstream in(*text);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> f;
      size_t pos = 0;
      while (true) {
        size_t tab = line.find('\t', pos);
        f.push_back(line.substr(pos, tab - pos));
        if (tab == std::string::npos) break;
        pos = tab + 1;
      }
      if (f.size() < 4 || f[2] != "name") continue;
      c.names.emplace_back(f[3], f[0]);
      c.by_name[lower(f[3])] = f[0];
    }
    std::sort(c.names.begin(), c.names.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    return c;
  }

  // The country whose name appears in `text` as whole words; empty when none.
  std::string in_text(std::string_view text) const {
    for (const auto& [name, iso3] : names) {
      size_t at = text.find(name);
      while (at != std::string_view::npos) {
        bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
        size_t end = at + name.size();
        bool right = end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
        if (left && right) return iso3;
        at = text.find(name, at + 1);
      }
    }
    return "";
  }
};

}  // namespace

Result<EvalReport> evaluate_acled(const EvalOptions& options) {
  auto path = eval_internal::resolve_data(options, "data/acled-2020-05", "acled");
  if (!path.ok()) return path.status();

  struct Row {
    std::string id, date, event_type, sub_event_type, actor1, country_iso3, admin1, notes;
    int inter1 = 0;
    double lat = NAN, lon = NAN;
    int fatalities = 0;
  };
  std::vector<Row> rows;
  std::string data_dir =
      options.pipeline.data_dir.empty() ? resource_path("data") : options.pipeline.data_dir;
  CountryNames countries = CountryNames::load(data_dir);

  for (const std::string& file : csv_files(*path)) {
    auto text = read_file(file);
    if (!text.ok()) return text.status();
    auto table = parse_csv(*text);
    if (!table.ok()) return Status::InvalidInput(file + ": " + table.status().message());
    if (table->empty()) continue;
    const auto& header = table->front();
    auto col = [&](std::string_view name) -> int {
      auto it = std::find(header.begin(), header.end(), name);
      return it == header.end() ? -1 : static_cast<int>(it - header.begin());
    };
    int c_id = col("event_id_cnty"), c_date = col("event_date"), c_type = col("event_type"),
        c_sub = col("sub_event_type"), c_actor1 = col("actor1"), c_inter1 = col("inter1"),
        c_country = col("country"), c_iso3 = col("iso3"), c_admin1 = col("admin1"),
        c_lat = col("latitude"), c_lon = col("longitude"), c_fat = col("fatalities"),
        c_notes = col("notes");
    if (c_notes < 0 || c_type < 0)
      return Status::InvalidInput(file + ": not an ACLED export (no `notes` or `event_type`)");
    for (size_t r = 1; r < table->size(); ++r) {
      const auto& f = (*table)[r];
      auto get = [&](int c) -> std::string {
        return c >= 0 && static_cast<size_t>(c) < f.size() ? f[c] : "";
      };
      if (get(c_notes).empty()) continue;
      Row row;
      row.id = get(c_id).empty() ? file + ":" + std::to_string(r) : get(c_id);
      row.date = acled_date_to_iso(get(c_date));
      row.event_type = get(c_type);
      row.sub_event_type = get(c_sub);
      row.actor1 = get(c_actor1);
      row.inter1 = std::atoi(get(c_inter1).c_str());
      row.country_iso3 = get(c_iso3);
      if (row.country_iso3.empty()) {
        auto it = countries.by_name.find(lower(get(c_country)));
        if (it != countries.by_name.end()) row.country_iso3 = it->second;
      }
      row.admin1 = get(c_admin1);
      if (!get(c_lat).empty() && !get(c_lon).empty()) {
        row.lat = std::atof(get(c_lat).c_str());
        row.lon = std::atof(get(c_lon).c_str());
      }
      row.fatalities = std::atoi(get(c_fat).c_str());
      row.notes = get(c_notes);
      rows.push_back(std::move(row));
      if (options.limit && rows.size() >= options.limit) break;
    }
    if (options.limit && rows.size() >= options.limit) break;
  }

  std::vector<Document> docs(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    docs[i].id = rows[i].id;
    docs[i].text = rows[i].notes;  // no date: the notes open with it ("On 9 May 2020, ...")
  }
  // Every item is one event report: let the typer report the event the rules miss.
  EvalOptions reports = options;
  reports.pipeline.reports_are_events = true;
  auto seconds = eval_internal::code_documents(reports, docs);
  if (!seconds.ok()) return seconds.status();
  // admin-1 names are compared through the gazetteer the pipeline used (its names and spellings
  // of each region), as `tacitus gazetteer eval acled` does. Events have places only when the
  // pipeline's geo stage loaded it, so without it nothing is located and nothing compared.
  const auto gazetteer = Gazetteer::load(options.pipeline.gazetteer.empty() ? default_gazetteer_path()
                                                                            : options.pipeline.gazetteer);

  size_t n = rows.size(), any = 0, acled_kind = 0, type_ok = 0, sub_ok = 0, country_ok = 0,
         country_given = 0, country_given_ok = 0, class_ok = 0, class_given = 0, located = 0,
         within25 = 0, admin1_ok = 0, fat_exact = 0, fat_near = 0, dated = 0, date_ok = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_type;  // gold type -> (right, all)
  for (size_t i = 0; i < n; ++i) {
    const Row& g = rows[i];
    const Event* e = best_event(docs[i]);
    bool type_right = e && e->acled_event_type == g.event_type;
    auto& t = by_type[g.event_type];
    ++t.second;
    if (type_right) ++t.first;
    if (e) ++any;
    if (e && !e->acled_event_type.empty()) ++acled_kind;
    if (type_right) ++type_ok;
    if (type_right && e->acled_sub_event_type == g.sub_event_type) ++sub_ok;

    std::string gold_country = countries.in_text(g.actor1);
    if (gold_country.empty()) gold_country = g.country_iso3;
    std::string our_country = e && e->source ? e->source->country : "";
    if (!our_country.empty()) {
      ++country_given;
      if (our_country == gold_country) ++country_given_ok;
    }
    if (!our_country.empty() && our_country == gold_country) ++country_ok;

    int our_class = e ? acled_inter_code(e->source ? &*e->source : nullptr, e->acled_event_type) : 0;
    if (our_class) ++class_given;
    if (our_class && our_class == g.inter1) ++class_ok;

    if (e && e->location) {
      ++located;
      if (!std::isnan(g.lat) && distance_km(e->location->lat, e->location->lon, g.lat, g.lon) <= 25)
        ++within25;
      if (gazetteer.ok() && admin1_matches(**gazetteer, *e->location, g.admin1)) ++admin1_ok;
    }
    int ours = e && e->fatalities ? *e->fatalities : 0;
    if (ours == g.fatalities) ++fat_exact;
    if (std::abs(ours - g.fatalities) <= 1) ++fat_near;
    if (e && e->date) {
      ++dated;
      if (*e->date == g.date) ++date_ok;
    }
    if (options.verbose && options.log && !type_right) {
      *options.log << g.id << "\tgold " << g.event_type << " / " << g.sub_event_type << "\tours "
                   << (e ? (e->acled_event_type.empty() ? "(" + e->cameo + ")"
                                                         : e->acled_event_type + " / " +
                                                               e->acled_sub_event_type)
                         : std::string("(none)"))
                   << "\t" << g.notes.substr(0, 160) << "\n";
    }
  }

  EvalReport report;
  report.set = "acled";
  report.data_path = *path;
  report.items = n;
  report.seconds = *seconds;
  report.add_ratio("found any event", any, n);
  report.add_ratio("found an ACLED-kind event", acled_kind, n);
  report.add_ratio("event_type", type_ok, n);
  report.add_ratio("sub_event_type", sub_ok, n);
  for (const auto& [type, counts] : by_type)
    report.add_ratio("  event_type = " + type, counts.first, counts.second);
  report.add_ratio("actor1 country", country_ok, n);
  report.add_ratio("actor1 country (when coded)", country_given_ok, country_given);
  report.add_ratio("actor1 class (inter1)", class_ok, n);
  report.add_ratio("actor1 class (when coded)", class_ok, class_given);
  report.add_ratio("location found", located, n);
  report.add_ratio("location within 25 km", within25, n);
  report.add_ratio("location within 25 km (when located)", within25, located);
  report.add_ratio("admin1 (when located)", admin1_ok, located);
  report.add_ratio("fatalities exact", fat_exact, n);
  report.add_ratio("fatalities within 1", fat_near, n);
  report.add_ratio("date exact", date_ok, n);
  report.add_ratio("date exact (when dated)", date_ok, dated);
  return report;
}

}  // namespace tacitus
