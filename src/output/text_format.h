// Number and date formatting shared by the event writers (internal to src/output).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tacitus::output_internal {

// Appends `v` rounded to `decimals` places in the shortest form that reads back the same
// ("33.37", "-10"); with `json_float`, an integral value keeps a ".0" so readers see a float.
// NaN and infinities append `null_text` instead.
void append_number(std::string& out, double v, int decimals, bool json_float,
                   std::string_view null_text);
void append_int(std::string& out, long long v);

// The parts of an ISO date "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a time part after 'T' or ' ' is
// ignored); month/day are 0 when absent. nullopt when the text is not such a date.
struct DateParts {
  int year = 0, month = 0, day = 0;
};
std::optional<DateParts> parse_iso_date(std::string_view text);

}  // namespace tacitus::output_internal
