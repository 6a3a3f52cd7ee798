#include "serve/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

#include "serve/json.h"

namespace tacitus::serve {
namespace {

std::string write(const std::function<void(JsonWriter&)>& f) {
  std::string out;
  JsonWriter w(out);
  f(w);
  return out;
}

TEST(JsonWriter, NestsContainersWithCommasOnlyBetweenValues) {
  std::string s = write([](JsonWriter& w) {
    w.begin_object().key("a").begin_array().value(1).value("x").null().begin_object().end_object();
    w.end_array().member("b", true).key("c").begin_array().end_array().end_object();
  });
  EXPECT_EQ(s, R"({"a":[1,"x",null,{}],"b":true,"c":[]})");
  EXPECT_TRUE(nlohmann::json::accept(s));
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  const std::string raw("a\"b\\c\n\t\x01\x1f\x7f\0", 11);  // ends in a NUL byte
  std::string s = write([&](JsonWriter& w) { w.value(raw); });
  EXPECT_EQ(s, "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\\u007f\\u0000\"");
  EXPECT_EQ(nlohmann::json::parse(s).get<std::string>(), raw);
}

TEST(JsonWriter, KeepsValidUtf8AndReplacesInvalidBytes) {
  // é, ش, 😀 pass through; a lone continuation byte, a truncated sequence, an overlong '/',
  // an encoded surrogate and a byte above U+10FFFF each become U+FFFD.
  const std::string good = "\xC3\xA9 \xD8\xB4 \xF0\x9F\x98\x80";
  EXPECT_EQ(write([&](JsonWriter& w) { w.value(good); }), "\"" + good + "\"");
  const std::string bad = std::string("a\x80") + "b\xE2\x82" + "c\xC0\xAF" + "d\xED\xA0\x80" +
                          "e\xF4\x90\x80\x80";
  std::string s = write([&](JsonWriter& w) { w.value(bad); });
  auto back = nlohmann::json::parse(s).get<std::string>();  // throws on invalid UTF-8
  EXPECT_EQ(back.rfind("a\xEF\xBF\xBD" "b", 0), 0u) << back;
  EXPECT_EQ(back.find('\x80' + std::string("b")), std::string::npos);
  EXPECT_NE(back.find("d\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(back.find("e\xEF\xBF\xBD"), std::string::npos);
}

TEST(JsonWriter, NumbersRoundTripAndNonFiniteIsNull) {
  std::string s = write([](JsonWriter& w) {
    w.begin_array().value(-7.2).value(0.1).value(1e300).value(int64_t{-9007199254740993});
    w.value(std::numeric_limits<uint64_t>::max()).value(std::nan("")).value(HUGE_VAL).end_array();
  });
  auto j = nlohmann::json::parse(s);
  EXPECT_EQ(j[0].get<double>(), -7.2);
  EXPECT_EQ(j[1].get<double>(), 0.1);
  EXPECT_EQ(j[2].get<double>(), 1e300);
  EXPECT_EQ(j[3].get<int64_t>(), -9007199254740993);
  EXPECT_EQ(j[4].get<uint64_t>(), std::numeric_limits<uint64_t>::max());
  EXPECT_TRUE(j[5].is_null());
  EXPECT_TRUE(j[6].is_null());
}

TEST(EventJson, HasTheDocumentedShape) {
  StoredEvent e;
  e.id = 42;
  e.date = "2020-01-05";
  e.cameo = "190";
  e.cameo_root = "19";
  e.goldstein = -10;
  e.source_code = "IRQMIL";
  e.source_text = "militia";
  e.lat = 33.5;
  e.lon = 44.3;
  e.place_name = "Taji";
  e.num_mentions = 2;
  e.summary = "Rockets hit \"Taji\".";
  StoredMention m;
  m.mention_id = 7;
  m.sentence = "Rockets hit Taji.";
  m.trigger = "hit";
  m.trigger_start = 8;
  m.trigger_end = 11;
  m.attribution = "NBC News";
  e.mentions.push_back(m);
  auto j = nlohmann::json::parse(event_json(e));
  EXPECT_EQ(j["id"], 42);
  EXPECT_EQ(j["date"], "2020-01-05");
  EXPECT_TRUE(j["date_precision"].is_null());
  EXPECT_TRUE(j["plover"].is_null());
  EXPECT_EQ(j["source"]["code"], "IRQMIL");
  EXPECT_TRUE(j["source"]["country"].is_null());
  EXPECT_TRUE(j["target"].is_null());
  EXPECT_EQ(j["location"]["lat"], 33.5);
  EXPECT_TRUE(j["location"]["admin1"].is_null());
  EXPECT_TRUE(j["fatalities"].is_null());
  EXPECT_EQ(j["goldstein"], -10.0);
  EXPECT_EQ(j["summary"], "Rockets hit \"Taji\".");
  ASSERT_EQ(j["mentions"].size(), 1u);
  EXPECT_EQ(j["mentions"][0]["trigger"]["start"], 8);
  EXPECT_EQ(j["mentions"][0]["attribution"], "NBC News");
  EXPECT_TRUE(j["mentions"][0]["published"].is_null());
  EXPECT_FALSE(j["mentions"][0]["negated"].get<bool>());
}

}  // namespace
}  // namespace tacitus::serve
