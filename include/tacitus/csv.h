// The project's readers of delimited text: RFC 4180 CSV (ACLED exports and other gold files) and
// the tab-separated tables under data/ (dictionaries, ontologies).
#pragma once

#include <functional>
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

// Reads a data table: one record per line, fields separated by tabs and trimmed of spaces (and a
// trailing '\r'); blank lines and lines starting with '#' are skipped. Calls row(fields) for each
// record in order. NotFound when the file cannot be opened; InvalidInput "<path>:<line>: ..." for a
// record with fewer than `min_fields` fields or one whose callback fails (with its message); the
// first error stops the read.
Status read_tsv(const std::string& path, size_t min_fields,
                const std::function<Status(const std::vector<std::string>& fields)>& row);

// The .csv files of a directory, sorted by name; a path that is no directory is itself the list
// (an ACLED export may come as one file or a folder of them).
std::vector<std::string> csv_files(const std::string& path);

// The trimmed, non-empty items of a list field: split_list(" a, b,,c", ',') == {"a", "b", "c"}.
std::vector<std::string> split_list(std::string_view list, char separator);

}  // namespace tacitus
