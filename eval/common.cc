// Pieces shared by the scorers: reports, CSV, choosing the event to compare, coding in parallel.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "eval_internal.h"
#include "tacitus/output.h"
#include "tacitus/resources.h"

namespace tacitus {

void EvalReport::add_ratio(std::string name, size_t count, size_t total) {
  metrics.push_back({std::move(name), total ? static_cast<double>(count) / total : 0.0, count, total});
}

void EvalReport::add_value(std::string name, double value) {
  metrics.push_back({std::move(name), value, 0, 0});
}

const EvalMetric* EvalReport::find(std::string_view name) const {
  for (const auto& m : metrics)
    if (m.name == name) return &m;
  return nullptr;
}

std::string EvalReport::table() const {
  size_t width = 6;
  for (const auto& m : metrics) width = std::max(width, m.name.size());
  std::string out = "tacitus eval " + set + ": " + std::to_string(items) + " items from " +
                    data_path + "\n";
  char buf[256];
  for (const auto& m : metrics) {
    if (m.total) {
      std::snprintf(buf, sizeof buf, "  %-*s %6.1f%%  (%zu/%zu)\n", static_cast<int>(width),
                    m.name.c_str(), 100 * m.value, m.count, m.total);
    } else {
      std::snprintf(buf, sizeof buf, "  %-*s %7.3f\n", static_cast<int>(width), m.name.c_str(),
                    m.value);
    }
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "  coded in %.2f s\n", seconds);
  out += buf;
  return out;
}

std::string EvalReport::json() const {
  std::string out = "{\"set\":";
  append_json_string(out, set);
  out += ",\"data\":";
  append_json_string(out, data_path);
  out += ",\"items\":" + std::to_string(items);
  char buf[64];
  std::snprintf(buf, sizeof buf, ",\"seconds\":%.3f,\"metrics\":{", seconds);
  out += buf;
  for (size_t i = 0; i < metrics.size(); ++i) {
    const auto& m = metrics[i];
    if (i) out += ",";
    append_json_string(out, m.name);
    std::snprintf(buf, sizeof buf, ":{\"value\":%.6f", m.value);
    out += buf;
    if (m.total) out += ",\"count\":" + std::to_string(m.count) + ",\"total\":" + std::to_string(m.total);
    out += "}";
  }
  out += "}}";
  return out;
}

const Event* best_event(const Document& doc) {
  const Event* best = nullptr;
  for (const Event& e : doc.events) {
    if (!best) {
      best = &e;
      continue;
    }
    bool e_acled = !e.acled_event_type.empty(), b_acled = !best->acled_event_type.empty();
    if (e_acled != b_acled) {
      if (e_acled) best = &e;
    } else if (e.confidence > best->confidence) {
      best = &e;
    }
  }
  return best;
}

std::string acled_date_to_iso(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string t = eval_internal::trim(text);
  // Already ISO.
  if (t.size() >= 10 && t[4] == '-' && t[7] == '-') return t.substr(0, 10);
  // "9-May-20", "09 May 2020", "9 May 2020".
  std::string parts[3];
  int n = 0;
  for (char c : t) {
    if (c == '-' || c == ' ') {
      if (!parts[n].empty() && ++n == 3) return "";
    } else {
      parts[n].push_back(c);
    }
  }
  if (n != 2 || parts[0].empty() || parts[0].size() > 2 || parts[1].size() < 3 ||
      (parts[2].size() != 2 && parts[2].size() != 4))
    return "";
  int day = 0, year = 0, month = 0;
  for (char c : parts[0]) {
    if (c < '0' || c > '9') return "";
    day = day * 10 + (c - '0');
  }
  for (char c : parts[2]) {
    if (c < '0' || c > '9') return "";
    year = year * 10 + (c - '0');
  }
  if (parts[2].size() == 2) year += year < 70 ? 2000 : 1900;
  std::string mon = eval_internal::lower(parts[1].substr(0, 3));
  for (int m = 0; m < 12; ++m)
    if (kMonths[m] == mon) month = m + 1;
  if (!month || day < 1 || day > 31) return "";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

namespace {

std::vector<std::string> overlap_tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && cur != "the") out.push_back(cur);
    cur.clear();
  };
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80 || c == '\'') {
      cur.push_back(static_cast<char>(std::tolower(u)));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace

double text_overlap_f1(std::string_view a, std::string_view b) {
  auto ta = overlap_tokens(a), tb = overlap_tokens(b);
  if (ta.empty() || tb.empty()) return 0;
  std::vector<bool> used(tb.size());
  size_t common = 0;
  for (const auto& t : ta) {
    for (size_t j = 0; j < tb.size(); ++j) {
      if (!used[j] && tb[j] == t) {
        used[j] = true;
        ++common;
        break;
      }
    }
  }
  if (!common) return 0;
  double p = static_cast<double>(common) / ta.size(), r = static_cast<double>(common) / tb.size();
  return 2 * p * r / (p + r);
}

namespace eval_internal {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

Result<std::string> resolve_data(const EvalOptions& options, const std::string& default_relative,
                                 const std::string& set) {
  std::string path = options.data_path;
  if (path.empty()) {
    auto shared = shared_path(default_relative);
    if (!shared)
      return Status::NotFound("the " + set + " data set (../shared/" + default_relative +
                              ") is absent; pass --data PATH or set TACITUS_SHARED");
    path = *shared;
  }
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Status::NotFound("the " + set + " data set is absent: " + path + " does not exist");
  return path;
}

Result<double> code_documents(const EvalOptions& options, std::vector<Document>& docs) {
  auto pipeline = build_pipeline(options.pipeline);
  if (!pipeline.ok()) return pipeline.status();
  // Documents are moved into the pipeline and back, by position, so the caller's order holds.
  size_t next_index = 0, done = 0;
  auto start = std::chrono::steady_clock::now();
  run_parallel(
      *pipeline,
      [&](Document& d) {
        if (next_index == docs.size()) return false;
        d = std::move(docs[next_index++]);
        return true;
      },
      [&](Document& d, const Status& s) {
        if (!s.ok() && options.verbose && options.log)
          *options.log << "coding failed: " << s.message() << "\n";
        docs[done++] = std::move(d);
      },
      options.threads);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace eval_internal
}  // namespace tacitus
