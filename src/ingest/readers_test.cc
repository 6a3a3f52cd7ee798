#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/test_support.h"
#include "tacitus/ingest.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("tacitus_ingest_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  // Reads every document from `path`, collecting rejections.
  std::vector<Document> read_all(ReaderOptions options) {
    options.on_reject = [this](const Rejection& r) { rejections.push_back(r); };
    auto reader = open_reader(options);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<Document> docs;
    if (!reader.ok()) return docs;
    Document d;
    while ((*reader)->next(d)) docs.push_back(d);
    EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status().ToString();
    EXPECT_EQ((*reader)->rejected(), rejections.size());
    return docs;
  }

  std::vector<Document> read_path(const std::string& path, InputFormat format = InputFormat::kAuto) {
    ReaderOptions o;
    o.path = path;
    o.format = format;
    return read_all(o);
  }

  std::filesystem::path dir_;
  std::vector<Rejection> rejections;
};

TEST_F(ReaderTest, JsonlHappyPath) {
  const std::string path = write(
      "in.jsonl",
      R"({"id": "a1", "text": "The US left Iraq.", "date": "2020-03-17T10:00:00Z", "source": "example.com", "url": "https://example.com/x", "title": "T"})"
      "\n\n"
      R"({"id": "a2", "html": "<html><body><article><h1>Head</h1><p>Troops moved to Baghdad on Monday.</p></article></body></html>"})"
      "\n");
  auto docs = read_path(path);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(rejections.empty());
  EXPECT_EQ(docs[0].id, "a1");
  EXPECT_EQ(docs[0].text, "The US left Iraq.");
  EXPECT_EQ(docs[0].date, "2020-03-17");
  EXPECT_EQ(docs[0].source, "example.com");
  EXPECT_EQ(docs[0].url, "https://example.com/x");
  EXPECT_EQ(docs[0].title, "T");
  EXPECT_EQ(docs[1].id, "a2");
  EXPECT_EQ(docs[1].title, "Head");
  EXPECT_EQ(docs[1].text, "Head\nTroops moved to Baghdad on Monday.");
  EXPECT_FALSE(docs[1].date.has_value());
}

TEST_F(ReaderTest, JsonlDefaultDateAppliesOnlyWithoutDate) {
  const std::string path = write("d.jsonl", R"({"id": "x", "text": "a b"})" "\n"
                                            R"({"id": "y", "text": "a b", "date": "March 5, 2021"})" "\n");
  ReaderOptions o;
  o.path = path;
  o.default_date = "17 Mar 2020";
  auto docs = read_all(o);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].date, "2020-03-17");
  EXPECT_EQ(docs[1].date, "2021-03-05");
}

TEST_F(ReaderTest, JsonlBadLinesAreRejectedAndTheRestRead) {
  std::string in;
  in += R"({"id": "ok1", "text": "First good line."})" "\n";            // 1
  in += R"({"id": "bad", "text": )" "\n";                                  // 2 invalid JSON
  in += R"({"text": "no id here"})" "\n";                                  // 3 missing id
  in += R"({"id": 7, "text": "numeric id"})" "\n";                        // 4 non-string id
  in += R"({"id": "u", "text": "caf)" "\xC3" R"("})" "\n";                // 5 invalid UTF-8
  in += R"({"id": "e", "text": "   "})" "\n";                             // 6 empty text
  in += R"({"id": "n"})" "\n";                                             // 7 neither text nor html
  in += R"({"id": "d", "text": "x y", "date": "next Tuesday"})" "\n";    // 8 bad date
  in += R"(["an", "array"])" "\n";                                         // 9 not an object
  in += R"({"id": "t", "text": 12})" "\n";                                // 10 text not a string
  in += R"({"id": "ok2", "text": "Second good line."})";                 // 11, no final newline
  auto docs = read_path(write("bad.jsonl", in));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "ok1");
  EXPECT_EQ(docs[1].id, "ok2");
  ASSERT_EQ(rejections.size(), 9u);
  auto expect = [&](size_t i, size_t line, const std::string& needle) {
    EXPECT_EQ(rejections[i].line, line) << rejections[i].reason;
    EXPECT_NE(rejections[i].reason.find(needle), std::string::npos) << rejections[i].reason;
    EXPECT_NE(rejections[i].input.find("bad.jsonl"), std::string::npos);
  };
  expect(0, 2, "invalid JSON");
  expect(1, 3, "missing field `id`");
  expect(2, 4, "`id` must be a string");
  expect(3, 5, "invalid UTF-8 at byte 24");
  expect(4, 6, "empty text");
  expect(5, 7, "missing field `text` or `html`");
  expect(6, 8, "field `date`");
  expect(7, 9, "not a JSON object");
  expect(8, 10, "`text` must be a string");
}

TEST_F(ReaderTest, JsonlHugeLineIsRejectedWithoutStoppingTheRest) {
  const std::string path = (dir_ / "huge.jsonl").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << R"({"id": "before", "text": "Before the big one."})" "\n";
    out << R"({"id": "big", "text": ")";
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 50; ++i) out << block;  // 50 MiB
    out << "\"}\n";
    out << R"({"id": "after", "text": "After the big one."})" "\n";
  }
  auto docs = read_path(path);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "before");
  EXPECT_EQ(docs[1].id, "after");
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_EQ(rejections[0].line, 2u);
  EXPECT_NE(rejections[0].reason.find("over the limit of 8388608 bytes"), std::string::npos)
      << rejections[0].reason;
}

TEST_F(ReaderTest, TextFileUsesFileNameAndDefaultDate) {
  const std::string path = write("story.txt", "Rockets Hit Base\n\nRockets hit the base. Two died.\n");
  ReaderOptions o;
  o.path = path;
  o.default_date = "2020-03-12";
  auto docs = read_all(o);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "story.txt");
  EXPECT_EQ(docs[0].date, "2020-03-12");
  EXPECT_EQ(docs[0].title, "Rockets Hit Base");
  EXPECT_EQ(docs[0].text, "Rockets Hit Base\n\nRockets hit the base. Two died.");
}

TEST_F(ReaderTest, TextFileRejections) {
  write("a_empty.txt", " \n\n");
  write("b_bad.txt", "abc\xFF");
  write("c_good.txt", "Fine text.");
  auto docs = read_path(dir_.string());
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "c_good.txt");
  ASSERT_EQ(rejections.size(), 2u);
  EXPECT_NE(rejections[0].reason.find("empty text"), std::string::npos);
  EXPECT_NE(rejections[1].reason.find("invalid UTF-8 at byte 3"), std::string::npos);
  EXPECT_EQ(rejections[1].line, 0u);
}

TEST_F(ReaderTest, TextFileOverTheLimit) {
  ReaderOptions o;
  o.path = write("big.txt", std::string(2000, 'a'));
  o.max_document_bytes = 1000;
  auto docs = read_all(o);
  EXPECT_TRUE(docs.empty());
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_NE(rejections[0].reason.find("2000 bytes"), std::string::npos);
}

TEST_F(ReaderTest, HtmlFile) {
  const std::string path = write(
      "page.html",
      "<html><head><title>Bases Evacuated | Site</title></head><body>"
      "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
      "<article><header><h1>US to Evacuate Bases</h1></header>"
      "<p>The US military is evacuating two bases.</p>"
      "<div class='share-buttons'><p>Share on Facebook</p></div>"
      "<p>Officials said the move was planned.</p></article>"
      "<footer><p>Copyright 2020 Example Media</p></footer></body></html>");
  auto docs = read_path(path);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "page.html");
  EXPECT_EQ(docs[0].title, "US to Evacuate Bases");
  EXPECT_EQ(docs[0].text,
            "US to Evacuate Bases\nThe US military is evacuating two bases.\nOfficials said the move was planned.");
}

TEST_F(ReaderTest, HtmlNestedTooDeepIsRejectedAndTheRestRead) {
  std::string deep;
  for (size_t i = 0; i <= kMaxHtmlDepth; ++i) deep += "<div>";
  deep += "<p>Rockets hit the base.</p>";
  const std::string line = R"({"id": "deep", "html": ")" + deep + R"("})";
  auto docs =
      read_path(write("pages.jsonl", line + "\n" + R"({"id": "ok", "html": "<p>Fine.</p>"})"));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "ok");
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_EQ(rejections[0].line, 1u);
  EXPECT_EQ(rejections[0].reason, "field `html`: HTML elements nested more than 512 deep at byte " +
                                      std::to_string(5 * kMaxHtmlDepth));

  rejections.clear();
  auto files = read_path(write("deep.html", deep));
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_NE(rejections[0].reason.find("nested more than 512 deep"), std::string::npos);
}

TEST_F(ReaderTest, SeedArticleBoilerplateRemoved) {
  TACITUS_REQUIRE_SHARED(seed, "examples/seed-article.txt");
  ReaderOptions o;
  o.path = seed;
  o.default_date = "2020-03-17";
  auto docs = read_all(o);
  ASSERT_EQ(docs.size(), 1u);
  const std::string& t = docs[0].text;
  EXPECT_EQ(t.find("STAY TUNED"), std::string::npos);
  EXPECT_EQ(t.find("READ MORE"), std::string::npos);
  EXPECT_EQ(t.find("SUPPORT OUR"), std::string::npos);
  EXPECT_EQ(t.rfind("US to Evacuate Some Bases in Iraq", 0), 0u);
  EXPECT_NE(t.find("said the spokeswoman."), std::string::npos);
  EXPECT_EQ(t.back(), '.');  // ends with the last news sentence
  EXPECT_EQ(docs[0].title, "US to Evacuate Some Bases in Iraq Following Recent Rocket Attacks");
}

TEST_F(ReaderTest, ReutersSgml) {
  const std::string sgm =
      "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
      "<REUTERS TOPICS=\"YES\" NEWID=\"1\">\n"
      "<DATE>26-FEB-1987 15:01:01.79</DATE>\n"
      "<TEXT>&#2;\n<TITLE>BAHIA COCOA REVIEW</TITLE>\n"
      "<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in\n"
      "the Bahia cocoa zone &lt;BA&gt;.\n"
      "    The dry period means the temporao will be late.\n"
      " Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
      "<REUTERS NEWID=\"2\">\n<DATE>26-FEB-1987 15:02:20.00</DATE>\n"
      "<TEXT TYPE=\"BRIEF\"><TITLE>HEADLINE ONLY</TITLE></TEXT>\n</REUTERS>\n"
      "<REUTERS NEWID=\"3\">\n<DATE>1-MAR-1987 09:00:00.00</DATE>\n"
      "<TEXT><BODY>Caf\xE9 prices rose.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n";
  auto docs = read_path(write("reut2-000.sgm", sgm));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(rejections.empty());
  EXPECT_EQ(docs[0].id, "1");
  EXPECT_EQ(docs[0].date, "1987-02-26");
  EXPECT_EQ(docs[0].title, "BAHIA COCOA REVIEW");
  EXPECT_EQ(docs[0].source, "Reuters");
  EXPECT_EQ(docs[0].text,
            "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone <BA>.\n"
            "The dry period means the temporao will be late.");
  EXPECT_EQ(docs[1].id, "3");
  EXPECT_EQ(docs[1].date, "1987-03-01");
  EXPECT_EQ(docs[1].text, "Caf\xC3\xA9 prices rose.");  // Latin-1 byte read as U+00E9
}

TEST_F(ReaderTest, ReutersCorpusFile) {
  TACITUS_REQUIRE_SHARED(path, "data/reuters21578/reut2-000.sgm");
  auto docs = read_path(path);
  EXPECT_GT(docs.size(), 900u);
  EXPECT_TRUE(rejections.empty()) << rejections[0].reason;
  EXPECT_EQ(docs[0].id, "1");
  EXPECT_EQ(docs[0].date, "1987-02-26");
}

TEST_F(ReaderTest, MissingPathAndBadDefaultDate) {
  ReaderOptions o;
  o.path = (dir_ / "nope.jsonl").string();
  auto r = open_reader(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  o.path = write("x.txt", "x");
  o.default_date = "yesterday";
  r = open_reader(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
}

TEST_F(ReaderTest, ExplicitFormatOverridesExtension) {
  const std::string path = write("data.txt", R"({"id": "j", "text": "Json in a txt file."})" "\n");
  auto docs = read_path(path, InputFormat::kJsonl);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "j");
}

TEST_F(ReaderTest, TextIsNfcNormalised) {
  auto docs = read_path(write("n.jsonl", "{\"id\": \"n\", \"text\": \"Cafe\xCC\x81 bombing.\"}\n"));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].text, "Caf\xC3\xA9 bombing.");
}

TEST(InputFormat, ParsesNames) {
  EXPECT_EQ(parse_input_format("jsonl"), InputFormat::kJsonl);
  EXPECT_EQ(parse_input_format("reuters"), InputFormat::kReuters);
  EXPECT_EQ(parse_input_format("auto"), InputFormat::kAuto);
  EXPECT_FALSE(parse_input_format("xml").has_value());
}

TEST(PublicationDate, AcceptedForms) {
  EXPECT_EQ(parse_publication_date("2020-03-17"), "2020-03-17");
  EXPECT_EQ(parse_publication_date("2020-03-17T10:00:00Z"), "2020-03-17");
  EXPECT_EQ(parse_publication_date(" 2020-03-17 23:59:00+02:00"), "2020-03-17");
  EXPECT_EQ(parse_publication_date("2020/3/7"), "2020-03-07");
  EXPECT_EQ(parse_publication_date("20200317"), "2020-03-17");
  EXPECT_EQ(parse_publication_date("Tue, 17 Mar 2020 10:00:00 GMT"), "2020-03-17");
  EXPECT_EQ(parse_publication_date("17 March 2020"), "2020-03-17");
  EXPECT_EQ(parse_publication_date("March 17, 2020"), "2020-03-17");
  EXPECT_EQ(parse_publication_date("Sept. 1, 2019"), "2019-09-01");
  EXPECT_EQ(parse_publication_date("26-FEB-1987 15:01:01.79"), "1987-02-26");
  EXPECT_EQ(parse_publication_date("2020-02-29"), "2020-02-29");
}

TEST(PublicationDate, RejectedForms) {
  EXPECT_FALSE(parse_publication_date(""));
  EXPECT_FALSE(parse_publication_date("yesterday"));
  EXPECT_FALSE(parse_publication_date("2020-13-01"));
  EXPECT_FALSE(parse_publication_date("2019-02-29"));
  EXPECT_FALSE(parse_publication_date("2020-04-31"));
  EXPECT_FALSE(parse_publication_date("03/17/2020"));  // ambiguous day/month order
  EXPECT_FALSE(parse_publication_date("2020"));
  EXPECT_FALSE(parse_publication_date("about 2020-03-17"));
}

}  // namespace
}  // namespace tacitus

namespace tacitus {
namespace {

// Throughput on real news: reads the whole Reuters-21578 corpus, then tokenises it (timed apart).
// Prints the figures quoted in docs/input.md; asserts only the counts.
TEST(IngestThroughput, Reuters21578) {
  TACITUS_REQUIRE_SHARED(dir, "data/reuters21578");
  ReaderOptions o;
  o.path = dir;
  size_t rejected = 0;
  o.on_reject = [&](const Rejection&) { ++rejected; };
  auto reader = open_reader(o);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<Document> docs;
  const auto t0 = std::chrono::steady_clock::now();
  Document d;
  while ((*reader)->next(d)) docs.push_back(std::move(d));
  const auto t1 = std::chrono::steady_clock::now();
  const std::clock_t c1 = std::clock();  // CPU time: the wall clock is noisy on a shared machine
  size_t bytes = 0, tokens = 0, sentences = 0;
  for (Document& doc : docs) {
    tokenize(doc);
    bytes += doc.text.size();
    tokens += doc.tokens.size();
    sentences += doc.sentences.size();
  }
  const double tok_cpu = static_cast<double>(std::clock() - c1) / CLOCKS_PER_SEC;
  const auto t2 = std::chrono::steady_clock::now();
  const double read_s = std::chrono::duration<double>(t1 - t0).count();
  const double tok_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf("Reuters-21578: %zu documents (%zu rejected), %.1f MB text; read+extract %.2f s wall; "
              "tokenize %.3f s wall, %.3f s CPU = %.2f M tokens/s, %.1f MB/s (CPU); %zu tokens, %zu sentences\n",
              docs.size(), rejected, static_cast<double>(bytes) / 1e6, read_s, tok_s, tok_cpu,
              static_cast<double>(tokens) / tok_cpu / 1e6, static_cast<double>(bytes) / tok_cpu / 1e6, tokens,
              sentences);
  EXPECT_GT(docs.size(), 19000u);
  EXPECT_EQ(rejected, 0u);
}

TEST_F(ReaderTest, InputsAreReadInTurnAndAMissingOneIsReportedAndSkipped) {
  const std::string a = write("a.jsonl", "{\"id\":\"a1\",\"text\":\"One.\"}\n{\"id\":\"a2\"}\n");
  const std::string b = write("b.txt", "Two.\n");
  const std::string missing = (dir_ / "missing.jsonl").string();
  ReaderOptions options;
  options.default_date = "2020-03-17";
  options.on_reject = [this](const Rejection& r) { rejections.push_back(r); };
  std::vector<std::string> errors;
  auto reader = open_inputs({a, missing, b}, options, [&](const Status& s) { errors.push_back(s.message()); });
  std::vector<std::string> ids;
  for (Document d; reader->next(d);) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a1", "b.txt"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(missing + ": ", 0), 0u) << "the message names the input: " << errors[0];
  EXPECT_FALSE(reader->status().ok());
  ASSERT_EQ(rejections.size(), 1u);  // a2 has no text
  EXPECT_EQ(rejections[0].input, a);
  EXPECT_EQ(reader->rejected(), 1u);
}

}  // namespace
}  // namespace tacitus
