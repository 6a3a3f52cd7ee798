// Deciding when two coded mentions describe one real-world event, and the calendar arithmetic
// that needs.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "store/store_impl.h"

namespace tacitus {

namespace store {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  constexpr double kEarthKm = 6371.0088;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::sqrt(std::min(1.0, h)));
}

}  // namespace store

namespace {

// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// CAMEO role codes: a code made of one of these alone ("CVL", "MIL") names nobody in particular.
bool role_only(std::string_view code) {
  static constexpr std::string_view kRoles[] = {
      "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "GRP", "HLH", "HRI",
      "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MOD", "OPP", "PTY", "RAD", "REB", "REF", "REL",
      "SEP", "SET", "SPY", "UAF"};
  if (code.size() < 3) return true;
  for (auto r : kRoles)
    if (code.substr(0, 3) == r) return true;
  return false;
}

// Equal codes that name a country or group agree; equal role-only codes, a code that extends the
// other ("SYR" and "SYRMIL") and a role-only code beside a code with that role ("MIL" and
// "YEMMIL") are compatible but no evidence by themselves; an uncoded side is unknown.
enum class Agreement { kUnknown, kCompatible, kSameRole, kAgree, kConflict };
Agreement actors_agree(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return Agreement::kUnknown;
  if (a == b) return role_only(a) ? Agreement::kSameRole : Agreement::kAgree;
  const std::string& shorter = a.size() <= b.size() ? a : b;
  const std::string& longer = a.size() <= b.size() ? b : a;
  if (longer.compare(0, shorter.size(), shorter) == 0) return Agreement::kCompatible;
  if (role_only(shorter) && longer.size() > shorter.size() &&
      longer.compare(longer.size() - shorter.size(), shorter.size(), shorter) == 0)
    return Agreement::kCompatible;
  return Agreement::kConflict;
}

// "190" (the root's unspecified code) fits every "19x"; otherwise one code must extend the other.
bool cameo_compatible(std::string_view a, std::string_view b) {
  auto norm = [](std::string_view c) {
    return c.size() == 3 && c[2] == '0' ? c.substr(0, 2) : c;
  };
  a = norm(a);
  b = norm(b);
  const size_t n = std::min(a.size(), b.size());
  return a.substr(0, n) == b.substr(0, n);
}

bool coarse(const DedupKey& k) { return !k.precision.empty() && k.precision != "point"; }

}  // namespace

std::optional<int32_t> parse_day(std::string_view iso) {
  int y = digits(iso, 0, 4);
  if (y < 0) return std::nullopt;
  int m = 1, d = 1;
  if (iso.size() > 4) {
    if (iso[4] != '-') return std::nullopt;
    m = digits(iso, 5, 2);
    if (m < 1 || m > 12) return std::nullopt;
    if (iso.size() > 7) {
      if (iso[7] != '-') return std::nullopt;
      d = digits(iso, 8, 2);
      static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int max_d = kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
      if (d < 1 || d > max_d) return std::nullopt;
      // Anything after the date must be a time part ("T12:00:00Z" or " 12:00").
      if (iso.size() > 10 && iso[10] != 'T' && iso[10] != ' ') return std::nullopt;
    }
  }
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_day(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y0 = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int y = y0 + (m <= 2);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

DedupKey dedup_key(const Document& doc, size_t index) {
  const Event& ev = doc.events[index];
  DedupKey k;
  k.cameo_root = !ev.cameo_root.empty() ? ev.cameo_root : ev.cameo.substr(0, 2);
  k.cameo = ev.cameo;
  if (ev.source) k.source_code = ev.source->code;
  if (ev.target) k.target_code = ev.target->code;
  if (ev.date) {
    bool day_precise =
        ev.date_precision == "day" || (ev.date_precision.empty() && ev.date->size() >= 10);
    if (day_precise) k.day = parse_day(*ev.date);
    k.date_stated = k.day && states_absolute_date(ev.date_text);
  } else if (doc.date) {
    k.day = parse_day(*doc.date);
  }
  if (ev.location) {
    k.lat = ev.location->lat;
    k.lon = ev.location->lon;
    k.precision = geo_precision_name(ev.location->precision);
    k.country = ev.location->country;
    k.admin1 = ev.location->admin1;
  }
  return k;
}

bool states_absolute_date(std::string_view text) {
  static constexpr std::string_view kMonths[] = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec"};
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isdigit(c)) return true;
    if (!std::isalpha(c)) {
      ++i;
      continue;
    }
    std::string word;
    for (; i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])); ++i)
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    for (auto m : kMonths)
      if (word == m) return true;
  }
  return false;
}

bool same_happening(const DedupKey& a, const DedupKey& b, const DedupOptions& options) {
  if (!options.enabled) return false;
  if (a.cameo_root.empty() || a.cameo_root != b.cameo_root) return false;
  if (!cameo_compatible(a.cameo, b.cameo)) return false;
  if (!a.day || !b.day || std::abs(*a.day - *b.day) > options.max_day_gap) return false;
  if (a.date_stated && b.date_stated && *a.day != *b.day) return false;
  int agreeing = 0, same_role = 0;
  for (auto agreement :
       {actors_agree(a.source_code, b.source_code), actors_agree(a.target_code, b.target_code)}) {
    if (agreement == Agreement::kConflict) return false;
    agreeing += agreement == Agreement::kAgree;
    same_role += agreement == Agreement::kSameRole;
  }
  if (!a.lat || !b.lat) {
    // One unplaced: only the actors can tell, so both must name the same country or group.
    return agreeing == 2;
  }
  if (coarse(a) || coarse(b)) {
    // A region's centroid says nothing about where in it the event was: it only rules out
    // places outside it, and is no evidence.
    if (a.country != b.country) return false;
    const std::string& level = coarse(a) ? a.precision : b.precision;
    if (level != "country" && !a.admin1.empty() && !b.admin1.empty() && a.admin1 != b.admin1)
      return false;
    if (a.precision == "admin2" && b.precision == "admin2" &&
        store::great_circle_km(*a.lat, *a.lon, *b.lat, *b.lon) > 1.0)
      return false;
    return agreeing >= 1;
  }
  const double km = store::great_circle_km(*a.lat, *a.lon, *b.lat, *b.lon);
  if (km > options.max_km) return false;
  if (agreeing >= 1) return true;
  // The very same spot on the same day: a shared role ("police", "protesters") is enough.
  return km <= options.same_spot_km && *a.day == *b.day && same_role >= 1;
}

IngestCounts& IngestCounts::operator+=(const IngestCounts& o) {
  documents_added += o.documents_added;
  documents_skipped += o.documents_skipped;
  mentions += o.mentions;
  events_created += o.events_created;
  events_merged += o.events_merged;
  return *this;
}

}  // namespace tacitus
