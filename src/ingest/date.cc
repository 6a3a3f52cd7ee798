// Publication dates in the forms news feeds use, normalised to ISO "YYYY-MM-DD".
#include <array>
#include <vector>

#include "tacitus/ingest.h"

namespace tacitus {

namespace {

struct Part {
  bool number;
  std::string_view text;
};

// Runs of ASCII digits and runs of ASCII letters; everything else separates.
std::vector<Part> split_parts(std::string_view s) {
  std::vector<Part> parts;
  size_t i = 0;
  while (i < s.size() && parts.size() < 8) {
    const char c = s[i];
    const bool digit = c >= '0' && c <= '9';
    const bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (!digit && !letter) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size()) {
      const char d = s[j];
      const bool dd = d >= '0' && d <= '9';
      const bool dl = (d | 0x20) >= 'a' && (d | 0x20) <= 'z';
      if (digit ? !dd : !dl) break;
      ++j;
    }
    parts.push_back({digit, s.substr(i, j - i)});
    i = j;
  }
  return parts;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// 1..12 for "Mar", "march", "Sept"; 0 otherwise.
int month_number(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  for (size_t m = 0; m < kNames.size(); ++m) {
    if (ieq(w, kNames[m]) || ieq(w, kNames[m].substr(0, 3))) return static_cast<int>(m) + 1;
  }
  if (ieq(w, "sept")) return 9;
  return 0;
}

bool is_weekday(std::string_view w) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (auto d : kDays)
    if (ieq(w, d) || ieq(w, d.substr(0, 3))) return true;
  return false;
}

std::optional<std::string> make_date(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  std::string iso = "0000-00-00";
  auto put = [&](size_t at, int v, int width) {
    for (int k = width - 1; k >= 0; --k, v /= 10) iso[at + static_cast<size_t>(k)] = static_cast<char>('0' + v % 10);
  };
  put(0, y, 4);
  put(5, m, 2);
  put(8, d, 2);
  return iso;
}

bool small_number(const Part& p) { return p.number && p.text.size() <= 2; }
bool year_number(const Part& p) { return p.number && p.text.size() == 4; }

}  // namespace

std::optional<std::string> parse_publication_date(std::string_view text) {
  const auto parts = split_parts(text);
  if (parts.empty()) return std::nullopt;
  // Date text must start with its date: reject "about 2020-03-17".
  size_t lead = 0;
  while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
  if (lead < text.size() && text.substr(lead, parts[0].text.size()) != parts[0].text) return std::nullopt;

  const Part& p0 = parts[0];
  if (p0.number && p0.text.size() == 8)  // 20200317
    return make_date(to_int(p0.text.substr(0, 4)), to_int(p0.text.substr(4, 2)),
                     to_int(p0.text.substr(6, 2)));
  if (year_number(p0)) {  // 2020-03-17, 2020/03/17, 2020-03-17T10:00:00Z
    if (parts.size() < 3 || !small_number(parts[1]) || !small_number(parts[2])) return std::nullopt;
    return make_date(to_int(p0.text), to_int(parts[1].text), to_int(parts[2].text));
  }
  size_t i = 0;
  if (!p0.number && is_weekday(p0.text)) ++i;  // "Tue, 17 Mar 2020"
  if (i + 3 > parts.size()) return std::nullopt;
  const Part& a = parts[i];
  const Part& b = parts[i + 1];
  const Part& c = parts[i + 2];
  if (small_number(a) && !b.number && month_number(b.text) && year_number(c))  // 17 March 2020
    return make_date(to_int(c.text), month_number(b.text), to_int(a.text));
  if (!a.number && month_number(a.text) && small_number(b) && year_number(c))  // March 17, 2020
    return make_date(to_int(c.text), month_number(a.text), to_int(b.text));
  return std::nullopt;
}

std::optional<InputFormat> parse_input_format(std::string_view name) {
  if (name == "auto") return InputFormat::kAuto;
  if (name == "text" || name == "txt") return InputFormat::kText;
  if (name == "jsonl" || name == "ndjson") return InputFormat::kJsonl;
  if (name == "html") return InputFormat::kHtml;
  if (name == "reuters" || name == "sgml") return InputFormat::kReuters;
  return std::nullopt;
}

}  // namespace tacitus
