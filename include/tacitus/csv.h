// RFC 4180 CSV, the format of ACLED exports and other gold files: the one CSV reader of the project.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tacitus/status.h"

namespace tacitus {

// Splits `text` into records of fields: commas separate fields; a quoted field may hold commas,
// doubled quotes and newlines; records end with LF or CRLF; a leading byte-order mark is skipped;
// a final line ending adds no empty record. `lines`, when given, receives the 1-based line each
// record starts on. An unclosed quote is InvalidInput "<name>: line N: ..." naming the line where
// its record starts (`name` is the file name, or empty).
Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text,
                                                        const std::string& name = "",
                                                        std::vector<size_t>* lines = nullptr);

}  // namespace tacitus
