#include "tacitus/csv.h"

namespace tacitus {

Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text,
                                                        const std::string& name,
                                                        std::vector<size_t>* lines) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  size_t line = 1, record_line = 1;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // byte-order mark
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    rows.push_back(std::move(row));
    if (lines) lines->push_back(record_line);
    row.clear();
    record_line = line;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field_started && field.empty()) {
          quoted = true;
          field_started = true;
        } else {
          field.push_back(c);  // a stray quote inside an unquoted field is kept as text
        }
        break;
      case ',': end_field(); break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: the LF ends the record
        field.push_back(c);
        break;
      case '\n':
        ++line;
        end_record();
        break;
      default:
        field.push_back(c);
        field_started = true;
    }
  }
  if (quoted)
    return Status::InvalidInput((name.empty() ? "" : name + ": ") + "line " +
                                std::to_string(record_line) + ": quoted field is not closed");
  if (!field.empty() || !row.empty() || field_started) end_record();
  return rows;
}

}  // namespace tacitus
