// End-to-end tests of `tacitus code`, `tacitus annotate` and `tacitus eval`: they run the built
// binary on small inputs and check its output, messages and exit status.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/test_support.h"

namespace {

namespace fs = std::filesystem;

struct CommandRun {
  int status = -1;
  std::string out, err;
};

// A scratch folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tacitus-e2e-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name, const std::string& content) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs the binary with `args` (shell-quoted here), stdout and stderr captured.
CommandRun run(const std::vector<std::string>& args, const TempDir& tmp) {
  std::string cmd = quote(TACITUS_BINARY);
  for (const auto& a : args) cmd += " " + quote(a);
  std::string out = tmp.path() + "/.stdout", err = tmp.path() + "/.stderr";
  cmd += " >" + quote(out) + " 2>" + quote(err) + " </dev/null";
  CommandRun r;
  int raw = std::system(cmd.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = tacitus::testing::read_file(out);
  r.err = tacitus::testing::read_file(err);
  return r;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

std::string article(const std::string& id, const std::string& text,
                    const std::string& date = "2020-05-04") {
  nlohmann::json j = {{"id", id}, {"text", text}, {"date", date}};
  return j.dump() + "\n";
}

const char* kProtest =
    "Thousands of protesters marched through Baghdad on Monday, demanding the resignation of the "
    "Iraqi government. Police fired tear gas at the crowd.";
const char* kStrike =
    "Israeli aircraft struck targets near Damascus on Tuesday, killing three soldiers, the Syrian "
    "army said.";

TEST(CodeCommand, HelpDescribesOptions) {
  TempDir tmp;
  for (const char* cmd : {"code", "annotate", "eval"}) {
    CommandRun r = run({cmd, "--help"}, tmp);
    EXPECT_EQ(r.status, 0) << cmd;
    EXPECT_NE(r.out.find("usage: tacitus"), std::string::npos) << cmd;
  }
  CommandRun code = run({"code", "--help"}, tmp);
  EXPECT_NE(code.out.find("--format"), std::string::npos);
  EXPECT_NE(code.out.find("--threads"), std::string::npos);
}

TEST(CodeCommand, UsageErrorsExitTwo) {
  TempDir tmp;
  std::string f = tmp.file("a.jsonl", article("a", kProtest));
  EXPECT_EQ(run({"code"}, tmp).status, 2);
  CommandRun bad_format = run({"code", "--format", "xml", f}, tmp);
  EXPECT_EQ(bad_format.status, 2);
  EXPECT_NE(bad_format.err.find("xml"), std::string::npos);
  EXPECT_EQ(run({"code", "--date", "17/03/2020", f}, tmp).status, 2);
  EXPECT_EQ(run({"code", "--bogus", "1", f}, tmp).status, 2);
}

TEST(CodeCommand, BadInputIsReportedWithLineNumbersAndTheRestIsCoded) {
  TempDir tmp;
  std::string input = article("good-1", kProtest);
  input += "{not json\n";                                      // line 2
  input += "{\"text\": \"no id here\"}\n";                     // line 3
  input += "{\"id\": \"bad-utf8\", \"text\": \"caf\xC3\x28\"}\n";  // line 4
  input += "{\"id\": \"empty\", \"text\": \"\"}\n";            // line 5
  input += article("good-2", kStrike);                          // line 6
  std::string f = tmp.file("mixed.jsonl", input);
  CommandRun r = run({"code", f}, tmp);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("tacitus: " + f + ":2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tacitus: " + f + ":3: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("id"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tacitus: " + f + ":4: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tacitus: " + f + ":5: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 documents read, 4 rejected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" events written in "), std::string::npos);
  EXPECT_NE(r.err.find(" docs/s, "), std::string::npos);
  EXPECT_NE(r.err.find(" words/s)"), std::string::npos);
  // Both good documents were coded and every line of stdout is an event record.
  std::set<std::string> docs;
  for (const auto& line : lines(r.out)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["schema"], 1);
    docs.insert(j["doc_id"].get<std::string>());
  }
  EXPECT_TRUE(docs.count("good-1")) << r.out;
  EXPECT_TRUE(docs.count("good-2")) << r.out;
}

TEST(CodeCommand, FiftyMegabyteDocumentIsRejectedNotFatal) {
  TempDir tmp;
  std::string huge = "{\"id\": \"huge\", \"text\": \"";
  std::string sentence = "Troops fired on protesters in the capital. ";
  while (huge.size() < (size_t{50} << 20)) huge += sentence;
  huge += "\"}\n";
  std::string f = tmp.file("huge.jsonl", article("before", kProtest) + huge + article("after", kStrike));
  huge.clear();
  CommandRun r = run({"code", f}, tmp);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find(f + ":2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 documents read, 1 rejected"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"doc_id\":\"after\""), std::string::npos);
}

TEST(CodeCommand, MissingFileIsAFailure) {
  TempDir tmp;
  CommandRun r = run({"code", tmp.path() + "/does-not-exist.jsonl"}, tmp);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("does-not-exist.jsonl"), std::string::npos);
}

TEST(CodeCommand, CsvGdeltAndAcledLayouts) {
  TempDir tmp;
  std::string f = tmp.file("two.jsonl", article("p1", kProtest) + article("s1", kStrike));
  CommandRun csv = run({"code", "--format", "csv", f}, tmp);
  ASSERT_EQ(csv.status, 0) << csv.err;
  auto csv_lines = lines(csv.out);
  ASSERT_FALSE(csv_lines.empty());
  EXPECT_EQ(csv_lines[0].rfind("schema,event_id,doc_id,sentence_index,sentence,trigger_text", 0), 0u);
  EXPECT_NE(csv_lines[0].find(",source_code,"), std::string::npos);
  EXPECT_NE(csv_lines[0].find(",location_lat,"), std::string::npos);
  EXPECT_GT(csv_lines.size(), 1u) << "no events coded from two conflict articles";

  CommandRun gdelt = run({"code", "--format", "gdelt", f}, tmp);
  ASSERT_EQ(gdelt.status, 0) << gdelt.err;
  auto gdelt_lines = lines(gdelt.out);
  ASSERT_GT(gdelt_lines.size(), 1u);
  for (const auto& line : gdelt_lines)
    EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 60) << line;
  EXPECT_EQ(gdelt_lines[0].rfind("GlobalEventID\tDay\tMonthYear\tYear\tFractionDate\tActor1Code", 0), 0u);
  EXPECT_EQ(gdelt_lines[1].rfind("1\t2020", 0), 0u) << gdelt_lines[1];

  CommandRun no_header = run({"code", "--format", "gdelt", "--no-header", f}, tmp);
  EXPECT_EQ(lines(no_header.out).size(), gdelt_lines.size() - 1);

  CommandRun acled = run({"code", "--format", "acled", f}, tmp);
  ASSERT_EQ(acled.status, 0) << acled.err;
  auto acled_lines = lines(acled.out);
  ASSERT_FALSE(acled_lines.empty());
  EXPECT_EQ(acled_lines[0],
            "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
            "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,"
            "admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
            "fatalities,timestamp");
  // A protest and an air strike are both ACLED kinds of events.
  EXPECT_GT(acled_lines.size(), 1u);
}

TEST(AnnotateCommand, OneObjectPerDocumentWithPlaces) {
  TempDir tmp;
  std::string f = tmp.file("one.jsonl", article("p1", kProtest));
  CommandRun r = run({"annotate", f}, tmp);
  ASSERT_EQ(r.status, 0) << r.err;
  auto ls = lines(r.out);
  ASSERT_EQ(ls.size(), 1u);
  auto j = nlohmann::json::parse(ls[0]);
  EXPECT_EQ(j["id"], "p1");
  EXPECT_EQ(j["date"], "2020-05-04");
  EXPECT_EQ(j["text"], kProtest);
  ASSERT_TRUE(j["tokens"].is_array());
  EXPECT_GT(j["tokens"].size(), 20u);
  EXPECT_FALSE(j["tokens"][0]["upos"].is_null());
  EXPECT_EQ(j["sentences"].size(), 2u);
  ASSERT_TRUE(j["places"].is_array());
  bool baghdad = false;
  for (const auto& p : j["places"]) baghdad = baghdad || p["text"] == "Baghdad";
  EXPECT_TRUE(baghdad) << j["places"].dump();
  EXPECT_TRUE(j["events"].is_array());
}

TEST(CodeCommand, ThreadedOutputKeepsInputOrder) {
  TempDir tmp;
  std::string input;
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    ids.push_back("doc-" + std::to_string(i));
    input += article(ids.back(), i % 2 ? kStrike : kProtest);
  }
  std::string f = tmp.file("many.jsonl", input);
  CommandRun r = run({"annotate", "--threads", "2", f}, tmp);
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> seen;
  for (const auto& line : lines(r.out)) seen.push_back(nlohmann::json::parse(line)["id"]);
  EXPECT_EQ(seen, ids);
  CommandRun coded = run({"code", "--threads", "2", f}, tmp);
  ASSERT_EQ(coded.status, 0);
  std::vector<std::string> event_docs;
  for (const auto& line : lines(coded.out)) {
    std::string id = nlohmann::json::parse(line)["doc_id"];
    if (event_docs.empty() || event_docs.back() != id) event_docs.push_back(id);
  }
  // Events come grouped by document, documents in input order.
  std::vector<std::string> expected;
  for (const auto& id : ids)
    if (std::find(event_docs.begin(), event_docs.end(), id) != event_docs.end()) expected.push_back(id);
  EXPECT_EQ(event_docs, expected);
  EXPECT_FALSE(event_docs.empty());
}

// Odd but valid articles (control characters, NULs, zero-width and direction marks, combining
// accents, emoji, scripts other than Latin, 300-letter words, runs of punctuation, huge numbers,
// impossible dates, thousands of tokens on one line) are all read and coded, nothing rejected,
// nothing crashes (CI runs this under ASan and UBSan too), and every event's trigger, source and
// target offsets point at their text in the document as extracted (`annotate` shows it).
TEST(CodeCommand, OddButValidArticlesAreCodedWithSoundOffsets) {
  TempDir tmp;
  const std::string pieces[] = {
      kProtest, kStrike, " ", ".", "...", ",", "\"", "'", "(", ")", "-", "\xE2\x80\x94", "\n",
      "\n\n", "\t", "\r\n", std::string(1, '\0'), "\x01", "\x7F", "\xC2\xA0",
      "\xE2\x80\x8B",                      // zero-width space
      "\xE2\x80\x8F", "\xE2\x80\xAE",      // right-to-left mark and override
      "\xEF\xBB\xBF",                      // byte-order mark
      "e\xCC\x81",                         // e + combining acute
      "\xF0\x9F\x98\x80",                  // emoji
      "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA7\xD9\x82",  // Arabic
      "\xE4\xB8\xAD\xE5\x9B\xBD",          // Chinese
      std::string(300, 'A'), "99999999999999999999", "31/02/2020", "U.S.", "al-", "near",
      "north of", "killed", "said", "attacked", "Iraq", "Baghdad", "&amp;", "<b>", "%s", "\\"};
  const size_t n_pieces = sizeof pieces / sizeof pieces[0];
  uint64_t state = 20260101;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  std::string input;
  std::set<std::string> ids;
  for (int d = 0; d < 40; ++d) {
    std::string text;
    const size_t parts = d == 7 ? 6000 : 1 + next() % 120;  // one document of thousands of tokens
    for (size_t i = 0; i < parts; ++i) text += pieces[next() % n_pieces];
    const std::string id = "odd-" + std::to_string(d);
    ids.insert(id);
    input += article(id, text, d % 5 == 0 ? "1900-01-01" : "2020-05-04");
  }
  const std::string f = tmp.file("odd.jsonl", input);
  CommandRun annotated = run({"annotate", "--threads", "2", f}, tmp);
  ASSERT_EQ(annotated.status, 0) << annotated.err;
  std::map<std::string, std::string> texts;
  for (const auto& line : lines(annotated.out)) {
    auto j = nlohmann::json::parse(line);
    texts[j["id"].get<std::string>()] = j["text"].get<std::string>();
  }
  EXPECT_EQ(texts.size(), ids.size());
  CommandRun coded = run({"code", "--threads", "2", f}, tmp);
  ASSERT_EQ(coded.status, 0) << coded.err;
  EXPECT_NE(coded.err.find("40 documents read, 0 rejected"), std::string::npos) << coded.err;
  size_t events = 0, spans = 0;
  for (const auto& line : lines(coded.out)) {
    auto j = nlohmann::json::parse(line);
    const std::string id = j["doc_id"].get<std::string>();
    ASSERT_TRUE(texts.count(id)) << id;
    const std::string& text = texts[id];
    ++events;
    for (const char* part : {"trigger", "source", "target"}) {
      const auto& p = j[part];
      if (!p.is_object() || !p.contains("start") || p["start"].is_null()) continue;
      const size_t b = p["start"].get<size_t>(), e = p["end"].get<size_t>();
      ASSERT_LE(b, e) << line;
      ASSERT_LE(e, text.size()) << line;
      EXPECT_EQ(text.substr(b, e - b), p["text"].get<std::string>()) << part << " in " << line;
      ++spans;
    }
  }
  // The news sentences among the pieces make events, so the checks above have spans to check.
  EXPECT_GT(events, 10u);
  EXPECT_GT(spans, events);
}

TEST(CodeCommand, SeedArticleFromPlainText) {
  TACITUS_REQUIRE_SHARED(seed, "examples/seed-article.txt");
  TempDir tmp;
  CommandRun r = run({"code", "--date", "2020-03-17", seed}, tmp);
  ASSERT_EQ(r.status, 0) << r.err;
  auto ls = lines(r.out);
  ASSERT_FALSE(ls.empty()) << r.err;
  bool dated = false;
  for (const auto& line : ls) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["doc_id"], "seed-article.txt");
    EXPECT_EQ(j["event_id"].get<std::string>().rfind("seed-article.txt:", 0), 0u);
    dated = dated || (j["date"].is_string() && j["date"].get<std::string>().rfind("2020-0", 0) == 0);
  }
  EXPECT_TRUE(dated) << "no event of the seed article carries a 2020 date";
  EXPECT_NE(r.err.find("1 documents read, 0 rejected"), std::string::npos) << r.err;
}

TEST(CodeCommand, ExampleArticlesCode) {
  TempDir tmp;
  CommandRun r = run({"code", std::string(TACITUS_SOURCE_DIR) + "/examples/articles.jsonl"}, tmp);
  ASSERT_EQ(r.status, 0) << r.err;
  std::set<std::string> docs;
  for (const auto& line : lines(r.out)) docs.insert(nlohmann::json::parse(line)["doc_id"]);
  EXPECT_GE(docs.size(), 5u) << r.out;
}

TEST(EvalCommand, AbsentDataExitsTwo) {
  TempDir tmp;
  for (const char* set : {"acled", "case2021", "plover", "petrarch"}) {
    CommandRun r = run({"eval", set, "--data", tmp.path() + "/absent"}, tmp);
    EXPECT_EQ(r.status, 2) << set;
    EXPECT_NE(r.err.find("absent"), std::string::npos) << r.err;
  }
  EXPECT_EQ(run({"eval", "nonsense"}, tmp).status, 2);
}

TEST(EvalCommand, AcledOnASmallFile) {
  TempDir tmp;
  std::string csv =
      "event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,country,admin1,latitude,"
      "longitude,notes,fatalities,iso3\n"
      "IRQ1,4-May-20,Protests,Peaceful protest,Protesters (Iraq),6,Iraq,Baghdad,33.34,44.40,"
      "\"On 4 May 2020, hundreds of people protested in Baghdad, demanding jobs.\",0,IRQ\n";
  std::string f = tmp.file("acled.csv", csv);
  CommandRun r = run({"eval", "acled", "--data", f, "--json"}, tmp);
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["set"], "acled");
  EXPECT_EQ(j["items"], 1);
  EXPECT_EQ(j["metrics"]["event_type"]["total"], 1);
}

}  // namespace
