// Geoparsing gold readers (GeoWebNews, TR-News) and the toponym scorer.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "tacitus/csv.h"
#include "tacitus/geo.h"

namespace tacitus {

namespace {

// The content of the first <tag>...</tag> in [from, to) of `s`, or nullopt; `pos` moves past it.
std::optional<std::string_view> element(std::string_view s, std::string_view tag, size_t from, size_t to,
                                        size_t* pos = nullptr) {
  const std::string open = "<" + std::string(tag), close = "</" + std::string(tag) + ">";
  size_t a = s.find(open, from);
  while (a != std::string_view::npos && a < to) {
    const char after = a + open.size() < s.size() ? s[a + open.size()] : '\0';
    if (after == '>' || after == ' ' || after == '/') break;
    a = s.find(open, a + 1);
  }
  if (a == std::string_view::npos || a >= to) return std::nullopt;
  const size_t gt = s.find('>', a);
  if (gt == std::string_view::npos || gt >= to) return std::nullopt;
  if (s[gt - 1] == '/') {
    if (pos) *pos = gt + 1;
    return std::string_view();
  }
  const size_t b = s.find(close, gt);
  if (b == std::string_view::npos || b > to) return std::nullopt;
  if (pos) *pos = b + close.size();
  return s.substr(gt + 1, b - gt - 1);
}

std::string unescape(std::string_view s) {
  if (s.starts_with("<![CDATA[") && s.ends_with("]]>")) return std::string(s.substr(9, s.size() - 12));
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static const std::pair<std::string_view, char> kEnt[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool done = false;
      for (const auto& [e, c] : kEnt)
        if (s.substr(i, e.size()) == e) {
          out += c;
          i += e.size() - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += s[i];
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Byte offset of each code point index (and one past the end).
std::vector<uint32_t> char_to_byte(const std::string& text) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out.push_back(i);
  out.push_back(static_cast<uint32_t>(text.size()));
  return out;
}

Result<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <class ToponymFn>
Result<std::vector<GoldGeoArticle>> read_articles(const std::string& path, ToponymFn fn) {
  auto data = slurp(path);
  if (!data.ok()) return data.status();
  const std::string_view s = *data;
  std::vector<GoldGeoArticle> out;
  size_t pos = 0;
  while (true) {
    const size_t a = s.find("<article", pos);
    if (a == std::string_view::npos) break;
    const size_t b = s.find("</article>", a);
    if (b == std::string_view::npos) return Status::InvalidInput(path + ": unterminated <article> at byte " + std::to_string(a));
    GoldGeoArticle art;
    art.id = std::to_string(out.size());
    auto text = element(s, "text", a, b);
    if (!text) return Status::InvalidInput(path + ": article without <text> at byte " + std::to_string(a));
    art.text = unescape(*text);
    const auto map = char_to_byte(art.text);
    size_t tp = a;
    while (true) {
      size_t next = 0;
      auto top = element(s, "toponym", tp, b, &next);
      if (!top) break;
      const size_t base = static_cast<size_t>(top->data() - s.data());
      fn(s, base, base + top->size(), art, map);
      tp = next;
    }
    out.push_back(std::move(art));
    pos = b + 10;
  }
  return out;
}

bool parse_double(const std::string& s, double* v) {
  if (s.empty()) return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end && *end == '\0';
}

void add_toponym(GoldGeoArticle& art, const std::vector<uint32_t>& map, long cs, long ce, const std::string& lat,
                 const std::string& lon) {
  if (cs < 0 || ce <= cs || static_cast<size_t>(ce) >= map.size()) return;
  GoldToponym g;
  g.start = map[static_cast<size_t>(cs)];
  g.end = map[static_cast<size_t>(ce)];
  g.text = art.text.substr(g.start, g.end - g.start);
  g.has_coords = parse_double(lat, &g.lat) && parse_double(lon, &g.lon);
  art.toponyms.push_back(std::move(g));
}

}  // namespace

Result<std::vector<AcledLocationRow>> read_acled_locations(const std::string& path) {
  std::vector<AcledLocationRow> out;
  for (const std::string& file : csv_files(path)) {
    auto data = slurp(file);
    if (!data.ok()) return data.status();
    auto table = parse_csv(*data, file);
    if (!table.ok()) return table.status();
    if (table->empty()) continue;
    const auto& header = table->front();
    auto col = [&](std::string_view n) {
      return static_cast<size_t>(std::find(header.begin(), header.end(), n) - header.begin());
    };
    const size_t c_notes = col("notes"), c_lat = col("latitude"), c_lon = col("longitude"), c_admin1 = col("admin1"),
                 c_id = col("event_id_cnty");
    if (c_notes >= header.size() || c_lat >= header.size() || c_lon >= header.size() || c_admin1 >= header.size())
      return Status::InvalidInput(file + ": not an ACLED export (needs notes, latitude, longitude, admin1 columns)");
    for (size_t r = 1; r < table->size(); ++r) {
      const auto& f = (*table)[r];
      if (f.size() < header.size() || f[c_notes].empty()) continue;
      AcledLocationRow row;
      if (!parse_double(f[c_lat], &row.gold.lat) || !parse_double(f[c_lon], &row.gold.lon)) continue;
      row.id = c_id < f.size() && !f[c_id].empty() ? f[c_id] : file + ":" + std::to_string(r);
      row.notes = f[c_notes];
      row.gold.admin1 = f[c_admin1];
      out.push_back(std::move(row));
    }
  }
  return out;
}

Result<std::vector<GoldGeoArticle>> read_gwn(const std::string& path) {
  return read_articles(path, [](std::string_view s, size_t a, size_t b, GoldGeoArticle& art,
                                const std::vector<uint32_t>& map) {
    const std::string type = trim(element(s, "type", a, b).value_or(""));
    if (type == "Literal_Expression" || type == "Non_Lit_Expression" || type == "Non_Toponym") return;
    const long cs = std::atol(trim(element(s, "start", a, b).value_or("-1")).c_str());
    const long ce = std::atol(trim(element(s, "end", a, b).value_or("-1")).c_str());
    add_toponym(art, map, cs, ce, trim(element(s, "latitude", a, b).value_or("")),
                trim(element(s, "longitude", a, b).value_or("")));
  });
}

Result<std::vector<GoldGeoArticle>> read_trnews(const std::string& path) {
  return read_articles(path, [](std::string_view s, size_t a, size_t b, GoldGeoArticle& art,
                                const std::vector<uint32_t>& map) {
    const long cs = std::atol(trim(element(s, "start", a, b).value_or("-1")).c_str());
    const long ce = std::atol(trim(element(s, "end", a, b).value_or("-1")).c_str());
    add_toponym(art, map, cs, ce, trim(element(s, "lat", a, b).value_or("")),
                trim(element(s, "lon", a, b).value_or("")));
  });
}

void score_places(const GoldGeoArticle& gold, const std::vector<Place>& predicted, GeoScores& scores) {
  scores.gold += gold.toponyms.size();
  scores.predicted += predicted.size();
  for (const GoldToponym& g : gold.toponyms) {
    if (g.has_coords) ++scores.gold_with_coords;
    const Place* hit = nullptr;
    for (const Place& p : predicted)
      if (p.start < g.end && g.start < p.end) {
        hit = &p;
        break;
      }
    if (!hit) continue;
    ++scores.matched;
    if (!g.has_coords) continue;
    ++scores.matched_with_coords;
    if (distance_km(g.lat, g.lon, hit->lat, hit->lon) <= 161.0) ++scores.within_161km;
  }
}

}  // namespace tacitus
