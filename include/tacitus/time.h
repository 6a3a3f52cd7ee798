// Temporal expressions -> dates. Finds date expressions in a sentence ("3 May 2020", "May 3",
// "2020-03-17", "on Sunday", "last Thursday", "yesterday", "last week", "early January", "in 2017",
// "since 2014") and resolves them against the document date (the anchor). Without an anchor only
// expressions that name their year resolve; the others are reported with no value (unknown is null,
// never guessed). Pure functions over text: no state, thread-safe. Resolution rules: docs/coder.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tacitus {

// A proleptic Gregorian calendar date.
struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Parses "YYYY-MM-DD", ignoring anything after the day ("2020-03-17T10:00:00Z"). nullopt when the
// string is not such a date or the date does not exist.
std::optional<CivilDate> parse_iso_date(std::string_view s);

// "2020-03-07".
std::string format_iso_date(const CivilDate& d);

// Days since 1970-01-01 (negative before), and back. Valid for any year in 1..9999.
int64_t days_from_civil(const CivilDate& d);
CivilDate civil_from_days(int64_t days);

// 0 = Monday .. 6 = Sunday.
int day_of_week(const CivilDate& d);

// Grammatical tense of the clause an expression sits in; decides which way a bare weekday points
// ("On Thursday" in a past-tense sentence is the Thursday before the anchor).
enum class Tense : uint8_t { kPast, kPresent, kFuture };

struct TemporalExpression {
  uint32_t start = 0, end = 0;       // byte offsets (the caller's `base` added)
  std::string text;                  // as written, e.g. "last Thursday's" -> "last Thursday"
  std::optional<std::string> value;  // "2020-03-12", "2020-03" or "2020"; nullopt when unresolvable
  std::string precision;             // "day", "week", "month", "year"; empty when value is null
};

// Finds the temporal expressions in `text` (normally one sentence), left to right, without
// overlaps. Offsets in the result are `base` + offsets into `text`. `anchor` is the document date.
std::vector<TemporalExpression> find_temporal_expressions(std::string_view text, uint32_t base,
                                                          const std::optional<CivilDate>& anchor,
                                                          Tense tense);

}  // namespace tacitus
