#include "tacitus/csv.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

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

namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

}  // namespace

Status read_tsv(const std::string& path, size_t min_fields,
                const std::function<Status(const std::vector<std::string>& fields)>& row) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::string line;
  std::vector<std::string> fields;
  for (size_t line_no = 1; std::getline(in, line); ++line_no) {
    if (trim_spaces(line).empty() || line[0] == '#') continue;
    fields.clear();
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      fields.emplace_back(trim_spaces(std::string_view(line).substr(start, tab == std::string::npos ? tab : tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    const std::string where = path + ":" + std::to_string(line_no) + ": ";
    if (fields.size() < min_fields)
      return Status::InvalidInput(where + "expected " + std::to_string(min_fields) +
                                  " tab-separated fields, found " + std::to_string(fields.size()));
    if (Status s = row(fields); !s.ok()) return Status::InvalidInput(where + s.message());
  }
  if (in.bad()) return Status::IOError(path + ": read failed");
  return Status::Ok();
}

std::vector<std::string> csv_files(const std::string& path) {
  std::vector<std::string> files;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    for (const auto& e : std::filesystem::directory_iterator(path, ec))
      if (e.path().extension() == ".csv") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  return files;
}

std::vector<std::string> split_list(std::string_view list, char separator) {
  std::vector<std::string> items;
  for (size_t start = 0; start <= list.size();) {
    const size_t end = std::min(list.find(separator, start), list.size());
    if (std::string_view item = trim_spaces(list.substr(start, end - start)); !item.empty())
      items.emplace_back(item);
    start = end + 1;
  }
  return items;
}

}  // namespace tacitus
