// `tacitus eval petrarch`: the PETRARCH-2 unit-test records, coded with the test dictionaries
// that ship beside them (and none of ours), compared with each record's expected events.
#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

#include "eval_internal.h"

namespace tacitus {

namespace {

struct Record {
  std::string id, date, text;
  bool expect_error = false;  // PETRARCH itself is expected to refuse it; not scored
  std::set<std::tuple<std::string, std::string, std::string>> expected;  // (source, target, code)
};

// The value of attribute `name` in the tag text `tag` (quotes ' or ", spaces around '=').
std::string attribute(std::string_view tag, std::string_view name) {
  size_t at = 0;
  while ((at = tag.find(name, at)) != std::string_view::npos) {
    bool word_start = at > 0 && (tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n');
    size_t p = at + name.size();
    while (p < tag.size() && tag[p] == ' ') ++p;
    if (!word_start || p >= tag.size() || tag[p] != '=') {
      at = p;
      continue;
    }
    ++p;
    while (p < tag.size() && tag[p] == ' ') ++p;
    if (p >= tag.size() || (tag[p] != '"' && tag[p] != '\'')) return "";
    char quote = tag[p];
    size_t end = tag.find(quote, p + 1);
    if (end == std::string_view::npos) return "";
    return std::string(tag.substr(p + 1, end - p - 1));
  }
  return "";
}

// PETRARCH writes an actor with no country as "---GOV" and an unknown one as "---"; we leave the
// country out ("GOV") or the code null.
std::string normalise_code(std::string code) {
  if (code.rfind("---", 0) == 0) code.erase(0, 3);
  return code;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<Record> parse_records(std::string xml) {
  // Comments hold commented-out records and notes; drop them first.
  for (size_t at; (at = xml.find("<!--")) != std::string::npos;) {
    size_t end = xml.find("-->", at);
    xml.erase(at, end == std::string::npos ? std::string::npos : end + 3 - at);
  }
  std::vector<Record> out;
  size_t pos = 0;
  while ((pos = xml.find("<Sentence ", pos)) != std::string::npos) {
    size_t tag_end = xml.find('>', pos);
    size_t close = xml.find("</Sentence>", pos);
    if (tag_end == std::string::npos || close == std::string::npos) break;
    std::string_view tag(xml.data() + pos, tag_end - pos);
    std::string_view body(xml.data() + tag_end + 1, close - tag_end - 1);
    Record r;
    r.id = attribute(tag, "id");
    std::string date = attribute(tag, "date");
    if (date.size() == 8) r.date = date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
    size_t c = 0;
    while ((c = body.find("<EventCoding", c)) != std::string_view::npos) {
      size_t e = body.find('>', c);
      if (e == std::string_view::npos) break;
      std::string_view coding = body.substr(c, e - c);
      if (!attribute(coding, "error").empty()) r.expect_error = true;
      std::string code = attribute(coding, "eventcode");
      if (!code.empty())
        r.expected.emplace(normalise_code(attribute(coding, "sourcecode")),
                           normalise_code(attribute(coding, "targetcode")), code);
      c = e;
    }
    size_t t = body.find("<Text>"), te = body.find("</Text>");
    if (t != std::string_view::npos && te != std::string_view::npos && te > t)
      r.text = collapse_spaces(body.substr(t + 6, te - t - 6));
    out.push_back(std::move(r));
    pos = close;
  }
  return out;
}

}  // namespace

Result<EvalReport> evaluate_petrarch(const EvalOptions& options) {
  auto path = eval_internal::resolve_data(options, "reference/petrarch2-tests", "petrarch");
  if (!path.ok()) return path.status();
  std::string dir = *path, file = *path;
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) {
    file = dir + "/PETR.UnitTest.records.xml";
  } else {
    dir = std::filesystem::path(file).parent_path().string();
  }
  auto xml = read_file(file);
  if (!xml.ok()) return xml.status();
  std::vector<Record> all = parse_records(std::move(*xml));

  EvalOptions coding = options;
  coding.pipeline.petrarch_actors = {dir + "/PETR.Validate.actors.txt"};
  coding.pipeline.petrarch_agents = {dir + "/PETR.Validate.agents.txt"};
  coding.pipeline.petrarch_verbs = {dir + "/PETR.Validate.verbs.txt"};
  coding.pipeline.own_dictionaries = false;

  std::vector<Record> records;
  std::vector<Document> docs;
  size_t skipped = 0;
  for (auto& r : all) {
    if (r.expect_error || r.text.empty()) {
      ++skipped;
      continue;
    }
    Document d;
    d.id = r.id;
    d.text = r.text;
    if (!r.date.empty()) d.date = r.date;
    docs.push_back(std::move(d));
    records.push_back(std::move(r));
    if (options.limit && records.size() >= options.limit) break;
  }
  auto seconds = eval_internal::code_documents(coding, docs);
  if (!seconds.ok()) return seconds.status();

  size_t n = records.size(), fully = 0, expected_events = 0, code_ok = 0, source_ok = 0,
         target_ok = 0, triple_ok = 0, ours_total = 0, ours_right = 0, no_event_records = 0,
         no_event_right = 0;
  for (size_t i = 0; i < n; ++i) {
    const Record& r = records[i];
    std::set<std::tuple<std::string, std::string, std::string>> ours;
    for (const Event& e : docs[i].events) {
      if (e.cameo.empty()) continue;
      ours.emplace(e.source ? normalise_code(e.source->code) : "",
                   e.target ? normalise_code(e.target->code) : "", e.cameo);
    }
    if (ours == r.expected) ++fully;
    if (r.expected.empty()) {
      ++no_event_records;
      if (ours.empty()) ++no_event_right;
    }
    ours_total += ours.size();
    for (const auto& t : ours)
      if (r.expected.count(t)) ++ours_right;
    for (const auto& [src, tgt, code] : r.expected) {
      ++expected_events;
      bool c = false, s = false, g = false;
      for (const auto& [os, ot, oc] : ours) {
        if (oc != code) continue;
        c = true;
        s = s || os == src;
        g = g || ot == tgt;
      }
      code_ok += c;
      source_ok += s;
      target_ok += g;
      triple_ok += r.expected.count({src, tgt, code}) && ours.count({src, tgt, code});
    }
    if (options.verbose && options.log && ours != r.expected) {
      auto show = [](const auto& set) {
        std::string s;
        for (const auto& [a, b, c] : set) s += "(" + a + " " + b + " " + c + ")";
        return s.empty() ? std::string("(none)") : s;
      };
      *options.log << r.id << "\texpected " << show(r.expected) << "\tours " << show(ours) << "\t"
                   << r.text.substr(0, 120) << "\n";
    }
  }

  EvalReport report;
  report.set = "petrarch";
  report.data_path = file;
  report.items = n;
  report.seconds = *seconds;
  report.add_ratio("records fully right", fully, n);
  report.add_ratio("expected events: event code found", code_ok, expected_events);
  report.add_ratio("expected events: source code right", source_ok, expected_events);
  report.add_ratio("expected events: target code right", target_ok, expected_events);
  report.add_ratio("expected events: all three right", triple_ok, expected_events);
  report.add_ratio("our events that were expected", ours_right, ours_total);
  report.add_ratio("no-event records left empty", no_event_right, no_event_records);
  report.add_value("records skipped (expected errors)", static_cast<double>(skipped));
  return report;
}

}  // namespace tacitus
