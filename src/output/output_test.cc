#include "tacitus/output.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace tacitus {
namespace {

// A two-sentence article with two events in sentence 1 and one in sentence 0, hand-coded.
Document sample_document() {
  Document doc;
  doc.id = "a1";
  doc.date = "2020-03-17";
  doc.source = "example.com";
  doc.url = "https://example.com/x";
  doc.text = "Protesters marched in Baghdad.\nUS jets struck \"targets\", killing 3.";
  // Tokens are not needed by the writers; sentences give the byte ranges.
  doc.sentences = {{0, 0, 0, 30}, {0, 0, 31, 67}};
  Event protest;
  protest.sentence_index = 0;
  protest.trigger = {"marched", 11, 18};
  protest.cameo = "141";
  protest.cameo_root = "14";
  protest.goldstein = -6.5;
  protest.quad_class = 3;
  protest.plover_event = "PROTEST";
  protest.plover_mode = "demonstrate";
  protest.acled_event_type = "Protests";
  protest.acled_sub_event_type = "Peaceful protest";
  protest.source = EventActor{{"Protesters", 0, 10}, "", "", {"OPP"}};
  protest.date = "2020-03-17";
  protest.date_precision = "day";
  Place baghdad;
  baghdad.text = "Baghdad";
  baghdad.name = "Baghdad";
  baghdad.geonames_id = 98182;
  baghdad.lat = 33.3406;
  baghdad.lon = 44.4009;
  baghdad.country = "IQ";
  baghdad.admin1 = "Baghdad";
  baghdad.start = 22;
  baghdad.end = 29;
  protest.location = baghdad;
  protest.confidence = 0.8123;
  Event strike;
  strike.sentence_index = 1;
  strike.trigger = {"struck", 39, 45};
  strike.cameo = "195";
  strike.cameo_root = "19";
  strike.goldstein = -10;
  strike.quad_class = 4;
  strike.plover_event = "ASSAULT";
  strike.plover_mode = "aerial";
  strike.plover_context = {"military"};
  strike.acled_event_type = "Explosions/Remote violence";
  strike.acled_sub_event_type = "Air/drone strike";
  strike.source = EventActor{{"US jets", 31, 38}, "USAMIL", "USA", {"MIL"}};
  strike.target = EventActor{{"\"targets\"", 46, 55}, "", "", {}};
  strike.fatalities = 3;
  strike.tone = -6.2;
  Event statement = strike;  // a second event in the same sentence, not an ACLED kind
  statement.cameo = "010";
  statement.cameo_root = "01";
  statement.acled_event_type.clear();
  statement.acled_sub_event_type.clear();
  statement.fatalities.reset();
  statement.source.reset();
  statement.target.reset();
  doc.events = {protest, strike, statement};
  doc.places = {baghdad};
  return doc;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Splits one RFC 4180 record that holds no embedded newlines.
std::vector<std::string> split_csv(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields(1);
  for (char c : line) {
    if (c == '\t') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  append_json_string(out, "a\"b\\c\nd\te\x01\x1f\r");
  EXPECT_EQ(out, R"("a\"b\\c\nd\te\u0001\u001f\r")");
}

TEST(JsonString, KeepsValidUtf8AndReplacesInvalidBytes) {
  std::string out;
  append_json_string(out, "caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80");
  EXPECT_EQ(out, "\"caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80\"");
  out.clear();
  // A lone continuation byte, an overlong '/', a truncated sequence and an encoded surrogate.
  append_json_string(out, "x\x80y\xC0\xAFz\xE2\x82");
  EXPECT_EQ(out, "\"x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD\"");
  out.clear();
  append_json_string(out, "\xED\xA0\x80");
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  auto field = [](std::string_view s) {
    std::string out;
    append_csv_field(out, s);
    return out;
  };
  EXPECT_EQ(field("plain"), "plain");
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"no\""), "\"say \"\"no\"\"\"");
  EXPECT_EQ(field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(field("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(field("bad\xFF"), "bad\xEF\xBF\xBD");
}

TEST(TsvField, ReplacesTabsAndNewlines) {
  std::string out;
  append_tsv_field(out, "a\tb\nc\rd");
  EXPECT_EQ(out, "a b c d");
}

TEST(ParseEventFormat, KnowsTheFourFormats) {
  EXPECT_EQ(*parse_event_format("jsonl"), EventFormat::kJsonl);
  EXPECT_EQ(*parse_event_format("csv"), EventFormat::kCsv);
  EXPECT_EQ(*parse_event_format("gdelt"), EventFormat::kGdelt);
  EXPECT_EQ(*parse_event_format("acled"), EventFormat::kAcled);
  auto bad = parse_event_format("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("xml"), std::string::npos);
}

TEST(EventJson, FollowsTheSchema) {
  Document doc = sample_document();
  auto j = nlohmann::json::parse(event_json(doc, 1));
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["event_id"], "a1:1:0");
  EXPECT_EQ(j["doc_id"], "a1");
  EXPECT_EQ(j["sentence_index"], 1);
  EXPECT_EQ(j["sentence"], "US jets struck \"targets\", killing 3.");
  EXPECT_EQ(j["trigger"], (nlohmann::json{{"text", "struck"}, {"start", 39}, {"end", 45}}));
  EXPECT_EQ(j["cameo"], "195");
  EXPECT_EQ(j["cameo_root"], "19");
  EXPECT_DOUBLE_EQ(j["goldstein"].get<double>(), -10.0);
  EXPECT_TRUE(j["goldstein"].is_number_float());
  EXPECT_EQ(j["quad_class"], 4);
  EXPECT_EQ(j["plover"]["event"], "ASSAULT");
  EXPECT_EQ(j["plover"]["mode"], "aerial");
  EXPECT_EQ(j["plover"]["context"], nlohmann::json::array({"military"}));
  EXPECT_EQ(j["acled"]["event_type"], "Explosions/Remote violence");
  EXPECT_EQ(j["acled"]["sub_event_type"], "Air/drone strike");
  EXPECT_EQ(j["source"]["code"], "USAMIL");
  EXPECT_EQ(j["source"]["country"], "USA");
  EXPECT_EQ(j["source"]["sector"], nlohmann::json::array({"MIL"}));
  EXPECT_EQ(j["source"]["start"], 31);
  EXPECT_EQ(j["target"]["text"], "\"targets\"");
  EXPECT_TRUE(j["target"]["code"].is_null());
  EXPECT_TRUE(j["date"].is_null());
  EXPECT_TRUE(j["date_precision"].is_null());
  EXPECT_TRUE(j["location"].is_null());
  EXPECT_EQ(j["fatalities"], 3);
  EXPECT_TRUE(j["injuries"].is_null());
  EXPECT_EQ(j["negated"], false);
  EXPECT_EQ(j["modality"], "asserted");
  EXPECT_TRUE(j["attribution"].is_null());
  EXPECT_DOUBLE_EQ(j["tone"].get<double>(), -6.2);
  // Every field of the schema is present, none extra.
  EXPECT_EQ(j.size(), 25u);
}

TEST(EventJson, NullsWhatIsUnknownAndNumbersEventsWithinTheirSentence) {
  Document doc = sample_document();
  auto third = nlohmann::json::parse(event_json(doc, 2));
  EXPECT_EQ(third["event_id"], "a1:1:1");
  EXPECT_EQ(event_id(doc, 2), "a1:1:1");
  EXPECT_TRUE(third["acled"].is_null());
  EXPECT_TRUE(third["source"].is_null());
  EXPECT_TRUE(third["target"].is_null());
  EXPECT_TRUE(third["fatalities"].is_null());
  auto first = nlohmann::json::parse(event_json(doc, 0));
  EXPECT_EQ(first["event_id"], "a1:0:0");
  EXPECT_EQ(first["date"], "2020-03-17");
  EXPECT_EQ(first["location"]["geonames_id"], 98182);
  EXPECT_DOUBLE_EQ(first["location"]["lat"].get<double>(), 33.3406);
  EXPECT_EQ(first["location"]["precision"], "point");
  EXPECT_TRUE(first["plover"]["context"].is_array());
  EXPECT_DOUBLE_EQ(first["confidence"].get<double>(), 0.812);

  Event bare;  // nothing coded at all
  doc.events = {bare};
  auto j = nlohmann::json::parse(event_json(doc, 0));
  EXPECT_TRUE(j["cameo"].is_null());
  EXPECT_TRUE(j["goldstein"].is_null());
  EXPECT_TRUE(j["quad_class"].is_null());
  EXPECT_TRUE(j["plover"].is_null());
}

TEST(EventJson, ControlCharactersInTextStayOnOneLine) {
  Document doc = sample_document();
  doc.id = "id\twith\ttabs\n\"quoted\"";
  doc.events[1].trigger.text = "str\x01uck\xFF";
  std::string line = event_json(doc, 1);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["doc_id"], "id\twith\ttabs\n\"quoted\"");
  EXPECT_EQ(j["trigger"]["text"], "str\x01uck\xEF\xBF\xBD");
}

TEST(JsonlWriter, OneLinePerEvent) {
  Document doc = sample_document();
  std::ostringstream out;
  auto w = make_event_writer(EventFormat::kJsonl, out);
  EXPECT_EQ(w->write(doc), 3u);
  auto ls = lines(out.str());
  ASSERT_EQ(ls.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(ls[0])["event_id"], "a1:0:0");
  EXPECT_EQ(nlohmann::json::parse(ls[2])["event_id"], "a1:1:1");
  Document empty;
  empty.id = "none";
  EXPECT_EQ(w->write(empty), 0u);
}

TEST(CsvWriter, HeaderThenFlattenedRows) {
  Document doc = sample_document();
  doc.events[1].trigger.text = "struck, hard";
  std::ostringstream out;
  auto w = make_event_writer(EventFormat::kCsv, out);
  EXPECT_EQ(out.str().substr(0, 32), "schema,event_id,doc_id,sentence_");
  w->write(doc);
  auto ls = lines(out.str());
  ASSERT_EQ(ls.size(), 4u);
  auto header = split_csv(ls[0]);
  EXPECT_EQ(header.size(), event_columns(EventFormat::kCsv).size());
  auto col = [&](std::string_view name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  auto row = split_csv(ls[2]);
  ASSERT_EQ(row.size(), header.size());
  EXPECT_EQ(row[col("event_id")], "a1:1:0");
  EXPECT_EQ(row[col("sentence")], "US jets struck \"targets\", killing 3.");
  EXPECT_EQ(row[col("trigger_text")], "struck, hard");
  EXPECT_EQ(row[col("source_code")], "USAMIL");
  EXPECT_EQ(row[col("source_sector")], "MIL");
  EXPECT_EQ(row[col("target_code")], "");
  EXPECT_EQ(row[col("goldstein")], "-10");
  EXPECT_EQ(row[col("fatalities")], "3");
  EXPECT_EQ(row[col("plover_context")], "military");
  auto first = split_csv(ls[1]);
  EXPECT_EQ(first[col("location_lat")], "33.3406");
  EXPECT_EQ(first[col("location_country")], "IQ");
  EXPECT_EQ(first[col("fatalities")], "");
  // RFC 4180: records end with CRLF.
  EXPECT_NE(out.str().find("\r\n"), std::string::npos);
}

TEST(CsvWriter, EmbeddedNewlineIsQuoted) {
  Document doc = sample_document();
  doc.events[0].trigger.text = "two\nlines";
  std::ostringstream out;
  make_event_writer(EventFormat::kCsv, out, {.header = false})->write(doc);
  EXPECT_NE(out.str().find("\"two\nlines\""), std::string::npos);
  EXPECT_NE(out.str().rfind("schema", 0), 0u);
}

TEST(GdeltWriter, SixtyOneColumns) {
  Document doc = sample_document();
  std::ostringstream out;
  auto w = make_event_writer(EventFormat::kGdelt, out);
  w->write(doc);
  auto ls = lines(out.str());
  ASSERT_EQ(ls.size(), 4u);
  auto header = split_tabs(ls[0]);
  ASSERT_EQ(header.size(), 61u);
  EXPECT_EQ(header[0], "GlobalEventID");
  EXPECT_EQ(header[60], "SOURCEURL");
  auto protest = split_tabs(ls[1]);
  ASSERT_EQ(protest.size(), 61u);
  EXPECT_EQ(protest[0], "1");
  EXPECT_EQ(protest[1], "20200317");
  EXPECT_EQ(protest[2], "202003");
  EXPECT_EQ(protest[3], "2020");
  EXPECT_EQ(protest[4], "2020.2932");  // 2020 + (3*30+17)/365
  EXPECT_EQ(protest[6], "PROTESTERS");
  EXPECT_EQ(protest[12], "OPP");
  EXPECT_EQ(protest[26], "141");
  EXPECT_EQ(protest[27], "141");
  EXPECT_EQ(protest[28], "14");
  EXPECT_EQ(protest[29], "3");
  EXPECT_EQ(protest[30], "-6.5");
  EXPECT_EQ(protest[31], "1");
  EXPECT_EQ(protest[51], "4");  // ActionGeo_Type: world city
  EXPECT_EQ(protest[52], "Baghdad");
  EXPECT_EQ(protest[53], "IQ");
  EXPECT_EQ(protest[56], "33.3406");
  EXPECT_EQ(protest[57], "44.4009");
  EXPECT_EQ(protest[58], "98182");
  EXPECT_EQ(protest[59], "20200317000000");
  EXPECT_EQ(protest[60], "https://example.com/x");
  auto strike = split_tabs(ls[2]);
  EXPECT_EQ(strike[0], "2");
  EXPECT_EQ(strike[1], "20200317");  // no event date: the publication date
  EXPECT_EQ(strike[5], "USAMIL");
  EXPECT_EQ(strike[7], "USA");
  EXPECT_EQ(strike[12], "MIL");
  EXPECT_EQ(strike[16], "\"TARGETS\"");
  EXPECT_EQ(strike[26], "195");
  EXPECT_EQ(strike[51], "0");
}

TEST(GdeltWriter, TabsInTextDoNotShiftColumns) {
  Document doc = sample_document();
  doc.events[1].source->span.text = "US\tjets\nabove";
  doc.url.clear();
  std::ostringstream out;
  make_event_writer(EventFormat::kGdelt, out, {.header = false})->write(doc);
  auto ls = lines(out.str());
  ASSERT_EQ(ls.size(), 3u);
  auto row = split_tabs(ls[1]);
  ASSERT_EQ(row.size(), 61u);
  EXPECT_EQ(row[6], "US JETS ABOVE");
  EXPECT_EQ(row[60], "a1");
}

TEST(AcledWriter, OnlyAcledKindsOfEvents) {
  Document doc = sample_document();
  std::ostringstream out;
  auto w = make_event_writer(EventFormat::kAcled, out);
  EXPECT_EQ(w->write(doc), 2u);
  auto ls = lines(out.str());
  ASSERT_EQ(ls.size(), 3u);
  auto header = split_csv(ls[0]);
  ASSERT_EQ(header.size(), 27u);
  auto col = [&](std::string_view name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  auto protest = split_csv(ls[1]);
  ASSERT_EQ(protest.size(), 27u);
  EXPECT_EQ(protest[col("event_date")], "2020-03-17");
  EXPECT_EQ(protest[col("year")], "2020");
  EXPECT_EQ(protest[col("time_precision")], "1");
  EXPECT_EQ(protest[col("event_type")], "Protests");
  EXPECT_EQ(protest[col("inter1")], "6");
  EXPECT_EQ(protest[col("interaction")], "60");
  EXPECT_EQ(protest[col("admin1")], "Baghdad");
  EXPECT_EQ(protest[col("geo_precision")], "1");
  EXPECT_EQ(protest[col("notes")], "Protesters marched in Baghdad.");
  EXPECT_EQ(protest[col("fatalities")], "0");
  auto strike = split_csv(ls[2]);
  EXPECT_EQ(strike[col("sub_event_type")], "Air/drone strike");
  EXPECT_EQ(strike[col("actor1")], "US jets");
  EXPECT_EQ(strike[col("inter1")], "1");
  EXPECT_EQ(strike[col("inter2")], "8");
  EXPECT_EQ(strike[col("interaction")], "18");
  EXPECT_EQ(strike[col("fatalities")], "3");
}

TEST(AcledInterCode, MapsCameoSectorsToAcledClasses) {
  auto code = [](std::string c, std::string country, std::vector<std::string> sectors,
                 std::string_view type = {}) {
    EventActor a{{"x", 0, 1}, std::move(c), std::move(country), std::move(sectors)};
    return acled_inter_code(&a, type);
  };
  EXPECT_EQ(code("YEMMIL", "YEM", {"MIL"}), 1);
  EXPECT_EQ(code("IRQCOP", "IRQ", {"COP"}), 1);
  EXPECT_EQ(code("SYRREB", "SYR", {"REB"}), 2);
  EXPECT_EQ(code("IMGMUSTAL", "", {}), 2);
  EXPECT_EQ(code("MEXCRM", "MEX", {"CRM"}), 3);
  EXPECT_EQ(code("LBNOPP", "LBN", {"OPP"}, "Riots"), 5);
  EXPECT_EQ(code("ISROPP", "ISR", {"OPP"}), 6);
  EXPECT_EQ(code("AFGCVL", "AFG", {"CVL"}), 7);
  EXPECT_EQ(code("IGOUNO", "", {}), 8);
  EXPECT_EQ(acled_inter_code(nullptr, "Protests"), 6);
  EXPECT_EQ(acled_inter_code(nullptr, "Battles"), 0);
}

TEST(AnnotationJson, HoldsEveryLayer) {
  Document doc;
  doc.id = "d1";
  doc.text = "Police met protesters in Kabul.";
  doc.tokens = {{0, 6}, {7, 10}, {11, 21}, {22, 24}, {25, 30}, {30, 31}};
  doc.tokens[0].upos = Upos::PROPN;
  doc.tokens[0].lemma = doc.strings.intern("police");
  doc.tokens[0].xpos = doc.strings.intern("NNP");
  doc.tokens[0].deprel = doc.strings.intern("nsubj");
  doc.tokens[0].head = 1;
  doc.sentences = {{0, 6, 0, 31}};
  doc.entities = {{4, 5, EntityType::LOC, 0.9f}};
  doc.actors = {{0, 1, "AFGCOP", "AFG", {"COP"}, "Police"}};
  Place kabul;
  kabul.start = 25;
  kabul.end = 30;
  kabul.text = "Kabul";
  kabul.name = "Kabul";
  kabul.lat = 34.5281;
  kabul.lon = 69.1723;
  kabul.country = "AF";
  kabul.admin1 = "Kabul";
  doc.places = {kabul};
  Event meet;
  meet.sentence_index = 0;
  meet.trigger = {"met", 7, 10};
  meet.cameo = "040";
  doc.events = {meet};
  auto j = nlohmann::json::parse(annotation_json(doc));
  EXPECT_EQ(j["id"], "d1");
  EXPECT_TRUE(j["date"].is_null());
  EXPECT_EQ(j["text"], doc.text);
  ASSERT_EQ(j["sentences"].size(), 1u);
  EXPECT_EQ(j["sentences"][0]["end"], 31);
  ASSERT_EQ(j["tokens"].size(), 6u);
  EXPECT_EQ(j["tokens"][0]["text"], "Police");
  EXPECT_EQ(j["tokens"][0]["upos"], "PROPN");
  EXPECT_EQ(j["tokens"][0]["xpos"], "NNP");
  EXPECT_EQ(j["tokens"][0]["lemma"], "police");
  EXPECT_EQ(j["tokens"][0]["head"], 1);
  EXPECT_EQ(j["tokens"][0]["deprel"], "nsubj");
  EXPECT_TRUE(j["tokens"][1]["upos"].is_null());
  EXPECT_EQ(j["tokens"][1]["head"], -1);
  EXPECT_EQ(j["entities"][0]["text"], "Kabul");
  EXPECT_EQ(j["entities"][0]["type"], "LOC");
  EXPECT_EQ(j["entities"][0]["start"], 25);
  EXPECT_EQ(j["actors"][0]["code"], "AFGCOP");
  EXPECT_EQ(j["actors"][0]["text"], "Police");
  EXPECT_EQ(j["places"][0]["text"], "Kabul");
  EXPECT_EQ(j["places"][0]["start"], 25);
  EXPECT_DOUBLE_EQ(j["places"][0]["lon"].get<double>(), 69.1723);
  EXPECT_EQ(j["places"][0]["country"], "AF");
  EXPECT_EQ(j["places"][0]["precision"], "point");
  ASSERT_EQ(j["events"].size(), 1u);
  EXPECT_EQ(j["events"][0]["event_id"], "d1:0:0");
  EXPECT_EQ(j["events"][0]["sentence"], doc.text);
}

}  // namespace
}  // namespace tacitus
