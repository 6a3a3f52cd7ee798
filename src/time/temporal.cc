#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "tacitus/time.h"

namespace tacitus {

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

bool valid(const CivilDate& d) {
  return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// A word of the scanned sentence: a run of ASCII letters/digits (with inner '-' and '.' kept for
// "2020-03-17" and "Sept."), or a single other byte sequence for punctuation.
struct Word {
  std::string lower;  // ASCII-lowered
  std::string_view raw;
  uint32_t start = 0, end = 0;
  bool capitalised = false;
};

std::vector<Word> scan(std::string_view text) {
  std::vector<Word> words;
  size_t i = 0;
  auto alnum = [](unsigned char c) { return std::isalnum(c) != 0; };
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    size_t j = i;
    if (alnum(c)) {
      while (j < text.size() &&
             (alnum(static_cast<unsigned char>(text[j])) ||
              (text[j] == '-' && j + 1 < text.size() && alnum(static_cast<unsigned char>(text[j + 1])))))
        ++j;
    } else if (c >= 0x80) {
      ++j;
      while (j < text.size() && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) ++j;
    } else {
      ++j;
    }
    Word w;
    w.raw = text.substr(i, j - i);
    w.start = static_cast<uint32_t>(i);
    w.end = static_cast<uint32_t>(j);
    w.lower.reserve(w.raw.size());
    for (char ch : w.raw) w.lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    w.capitalised = std::isupper(c) != 0;
    words.push_back(std::move(w));
    i = j;
  }
  return words;
}

// 1..12 for a month name; abbreviations only when `allow_abbrev`.
int month_of(const Word& w, bool allow_abbrev) {
  static constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  static constexpr std::array<std::string_view, 12> kAbbrev = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (!w.capitalised) return 0;
  for (size_t m = 0; m < 12; ++m)
    if (w.lower == kFull[m]) return static_cast<int>(m) + 1;
  if (allow_abbrev) {
    if (w.lower == "sept") return 9;
    for (size_t m = 0; m < 12; ++m)
      if (w.lower == kAbbrev[m]) return static_cast<int>(m) + 1;
  }
  return 0;
}

int weekday_of(const Word& w) {  // 0 = Monday; -1 when not a weekday
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (!w.capitalised) return -1;
  for (size_t d = 0; d < 7; ++d)
    if (w.lower == kDays[d]) return static_cast<int>(d);
  return -1;
}

std::optional<int> day_number(const Word& w) {
  std::string_view s = w.lower;
  for (std::string_view suf : {"st", "nd", "rd", "th"})
    if (s.size() > 2 && s.ends_with(suf)) {
      s.remove_suffix(2);
      break;
    }
  if (s.size() > 2) return std::nullopt;
  auto v = to_int(s);
  if (!v || *v < 1 || *v > 31) return std::nullopt;
  return v;
}

std::optional<int> year_number(const Word& w) {
  if (w.lower.size() != 4) return std::nullopt;
  auto v = to_int(w.lower);
  if (!v || *v < 1800 || *v > 2199) return std::nullopt;
  return v;
}

std::string ym(int y, int m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

// The year of a month named without one: the anchor's, or the year before when the month lies
// after the anchor's month in a past or present clause.
int year_for_month(int month, const CivilDate& anchor, Tense tense) {
  if (tense != Tense::kFuture && month > anchor.month) return anchor.year - 1;
  if (tense == Tense::kFuture && month < anchor.month) return anchor.year + 1;
  return anchor.year;
}

struct Match {
  size_t begin = 0, end = 0;  // word range
  std::optional<std::string> value;
  std::string precision;
};

class Matcher {
 public:
  Matcher(const std::vector<Word>& w, const std::optional<CivilDate>& anchor, Tense tense)
      : w_(w), anchor_(anchor), tense_(tense) {}

  std::optional<Match> at(size_t i) const {
    // An introducing preposition belongs to the expression ("On Thursday", "since 2014").
    size_t core = i;
    if (is_prep(i) && i + 1 < w_.size()) core = i + 1;
    if (auto m = core_at(core)) {
      m->begin = i;
      return m;
    }
    return std::nullopt;
  }

 private:
  bool is(size_t i, std::string_view s) const { return i < w_.size() && w_[i].lower == s; }
  bool is_prep(size_t i) const {
    static constexpr std::array<std::string_view, 8> kPreps = {"on", "in", "since", "during",
                                                              "from", "until", "by", "of"};
    return std::find(kPreps.begin(), kPreps.end(), w_[i].lower) != kPreps.end();
  }

  std::optional<Match> day(size_t b, size_t e, CivilDate d) const {
    if (!valid(d)) return std::nullopt;
    return Match{b, e, format_iso_date(d), "day"};
  }
  std::optional<Match> day_offset(size_t b, size_t e, int64_t offset) const {
    if (!anchor_) return Match{b, e, std::nullopt, ""};
    return Match{b, e, format_iso_date(civil_from_days(days_from_civil(*anchor_) + offset)), "day"};
  }

  std::optional<Match> core_at(size_t i) const {
    if (i >= w_.size()) return std::nullopt;
    const Word& w = w_[i];
    // ISO date.
    if (w.lower.size() >= 10 && w.lower[4] == '-' && w.lower[7] == '-') {
      if (auto d = parse_iso_date(w.lower)) return day(i, i + 1, *d);
    }
    // Day Month [Year]: "3 May 2020".
    if (auto dn = day_number(w)) {
      if (i + 1 < w_.size()) {
        if (int m = month_of(w_[i + 1], true)) {
          size_t e = i + 2;
          if (is(e, ".")) ++e;
          if (e < w_.size()) {
            if (auto y = year_number(w_[e])) return day(i, e + 1, CivilDate{*y, m, *dn});
          }
          return relative_day_month(i, e, m, *dn);
        }
      }
    }
    // Month Day[,] [Year] / Month Year / Month alone.
    if (int m = month_of(w, true)) {
      bool full = month_of(w, false) != 0;
      size_t e = i + 1;
      if (is(e, ".")) ++e;
      if (e < w_.size()) {
        if (auto dn = day_number(w_[e])) {
          size_t f = e + 1;
          if (is(f, ",")) {
            if (f + 1 < w_.size())
              if (auto y = year_number(w_[f + 1])) return day(i, f + 2, CivilDate{*y, m, *dn});
          } else if (f < w_.size()) {
            if (auto y = year_number(w_[f])) return day(i, f + 1, CivilDate{*y, m, *dn});
          }
          return relative_day_month(i, e + 1, m, *dn);
        }
        if (auto y = year_number(w_[e])) return Match{i, e + 1, ym(*y, m), "month"};
      }
      // A bare month: only the full name, and "May" only after a preposition or a part-of-month
      // modifier (else it is the modal verb).
      if (full && (m != 5 || (i > 0 && (is_prep(i - 1) || is_part_of_month(i - 1)))))
        return month_only(i, i + 1, m);
    }
    // early/mid/late/end of/beginning of + Month.
    if (is_part_of_month(i)) {
      size_t j = i + 1;
      if (is(j, "of")) ++j;
      if (j < w_.size()) {
        if (int m = month_of(w_[j], false)) {
          if (j + 1 < w_.size())
            if (auto y = year_number(w_[j + 1])) return Match{i, j + 2, ym(*y, m), "month"};
          return month_only(i, j + 1, m);
        }
      }
    }
    // Weekdays, with last/this/next.
    {
      size_t j = i;
      int dir = 0;  // -1 last, +1 next, 0 none / this
      if (is(j, "last") || is(j, "past")) dir = -1, ++j;
      else if (is(j, "next") || is(j, "coming")) dir = 1, ++j;
      else if (is(j, "this")) ++j;
      if (j < w_.size()) {
        int wd = weekday_of(w_[j]);
        if (wd >= 0) return weekday(i, j + 1, wd, dir);
      }
    }
    if (is(i, "yesterday")) return day_offset(i, i + 1, -1);
    if (is(i, "today") || is(i, "tonight")) return day_offset(i, i + 1, 0);
    if (is(i, "tomorrow")) return day_offset(i, i + 1, 1);
    if (is(i, "last") && is(i + 1, "night")) return day_offset(i, i + 2, -1);
    if (is(i, "last") || is(i, "this") || is(i, "next")) {
      int dir = is(i, "last") ? -1 : is(i, "next") ? 1 : 0;
      if (is(i + 1, "week")) return week(i, i + 2, dir);
      if (is(i + 1, "month")) return month_rel(i, i + 2, dir);
      if (is(i + 1, "year")) return year_rel(i, i + 2, dir);
    }
    // "N days ago".
    if (i + 2 < w_.size() && is(i + 2, "ago")) {
      std::optional<int> n = to_int(w_[i].lower);
      if (!n) {
        static constexpr std::array<std::string_view, 10> kSmall = {
            "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        for (size_t k = 0; k < kSmall.size(); ++k)
          if (w_[i].lower == kSmall[k]) n = k == 0 ? 1 : static_cast<int>(k);
      }
      if (n) {
        std::string_view unit = w_[i + 1].lower;
        if (unit == "day" || unit == "days") return day_offset(i, i + 3, -*n);
        if (unit == "week" || unit == "weeks") return week_offset(i, i + 3, -*n);
      }
    }
    // A year after a preposition or part-of-year modifier: "in 2017", "since 2014", "early 2019".
    if (auto y = year_number(w); y && i > 0 && (is_prep(i - 1) || is_part_of_month(i - 1))) {
      return Match{i, i + 1, std::to_string(*y), "year"};
    }
    return std::nullopt;
  }

  bool is_part_of_month(size_t i) const {
    if (i >= w_.size()) return false;
    const std::string& s = w_[i].lower;
    return s == "early" || s == "mid" || s == "late" || s == "end" || s == "beginning" ||
           s == "middle" || s == "mid-";
  }

  std::optional<Match> relative_day_month(size_t b, size_t e, int m, int d) const {
    if (!anchor_) return Match{b, e, std::nullopt, ""};
    return day(b, e, CivilDate{year_for_month(m, *anchor_, tense_), m, d});
  }
  std::optional<Match> month_only(size_t b, size_t e, int m) const {
    if (!anchor_) return Match{b, e, std::nullopt, ""};
    return Match{b, e, ym(year_for_month(m, *anchor_, tense_), m), "month"};
  }
  std::optional<Match> weekday(size_t b, size_t e, int wd, int dir) const {
    if (!anchor_) return Match{b, e, std::nullopt, ""};
    int64_t a = days_from_civil(*anchor_);
    int aw = day_of_week(*anchor_);
    bool future = dir > 0 || (dir == 0 && tense_ == Tense::kFuture);
    int64_t target;
    if (future) {
      int delta = (wd - aw + 7) % 7;
      if (delta == 0 && dir > 0) delta = 7;
      target = a + delta;
    } else {
      int delta = (aw - wd + 7) % 7;
      if (delta == 0 && dir < 0) delta = 7;
      target = a - delta;
    }
    return Match{b, e, format_iso_date(civil_from_days(target)), "day"};
  }
  // A week is reported as the date of its Monday with precision "week".
  std::optional<Match> week(size_t b, size_t e, int dir) const { return week_offset(b, e, dir); }
  std::optional<Match> week_offset(size_t b, size_t e, int weeks) const {
    if (!anchor_) return Match{b, e, std::nullopt, ""};
    int64_t monday = days_from_civil(*anchor_) - day_of_week(*anchor_) + 7 * int64_t{weeks};
    return Match{b, e, format_iso_date(civil_from_days(monday)), "week"};
  }
  std::optional<Match> month_rel(size_t b, size_t e, int dir) const {
    if (!anchor_) return Match{b, e, std::nullopt, ""};
    int y = anchor_->year, m = anchor_->month + dir;
    if (m < 1) m += 12, --y;
    if (m > 12) m -= 12, ++y;
    return Match{b, e, ym(y, m), "month"};
  }
  std::optional<Match> year_rel(size_t b, size_t e, int dir) const {
    if (!anchor_) return Match{b, e, std::nullopt, ""};
    return Match{b, e, std::to_string(anchor_->year + dir), "year"};
  }

  const std::vector<Word>& w_;
  const std::optional<CivilDate>& anchor_;
  Tense tense_;
};

}  // namespace

std::optional<CivilDate> parse_iso_date(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = to_int(s.substr(0, 4)), m = to_int(s.substr(5, 2)), d = to_int(s.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  if (s.size() > 10 && std::isdigit(static_cast<unsigned char>(s[10]))) return std::nullopt;
  CivilDate date{*y, *m, *d};
  if (!valid(date)) return std::nullopt;
  return date;
}

std::string format_iso_date(const CivilDate& d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// Howard Hinnant's well-known civil-calendar algorithms (public domain formulae).
int64_t days_from_civil(const CivilDate& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (d.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

int day_of_week(const CivilDate& d) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  int64_t z = days_from_civil(d);
  return static_cast<int>(((z % 7) + 7 + 3) % 7);
}

std::vector<TemporalExpression> find_temporal_expressions(std::string_view text, uint32_t base,
                                                          const std::optional<CivilDate>& anchor,
                                                          Tense tense) {
  std::vector<Word> words = scan(text);
  Matcher matcher(words, anchor, tense);
  std::vector<TemporalExpression> out;
  for (size_t i = 0; i < words.size();) {
    auto m = matcher.at(i);
    if (!m) {
      ++i;
      continue;
    }
    TemporalExpression e;
    e.start = base + words[m->begin].start;
    e.end = base + words[m->end - 1].end;
    e.text = std::string(text.substr(words[m->begin].start, words[m->end - 1].end - words[m->begin].start));
    e.value = m->value;
    e.precision = m->value ? m->precision : "";
    out.push_back(std::move(e));
    i = m->end;
  }
  return out;
}

}  // namespace tacitus
