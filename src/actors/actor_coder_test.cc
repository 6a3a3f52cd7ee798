#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "core/test_support.h"
#include "tacitus/actors.h"
#include "tacitus/resources.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

std::shared_ptr<const ActorDictionary> own_dictionary() {
  static auto dict = [] {
    auto r = load_actor_dictionary(ActorOptions{});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r.value() : ActorDictionaryBuilder().build();
  }();
  return dict;
}

Document coded(const std::string& text, const ActorDictionary& dict = *own_dictionary()) {
  Document d;
  d.text = text;
  tokenize(d);
  code_actors(dict, d);
  return d;
}

// "text=CODE" for every mention, in order.
std::vector<std::string> mentions(const std::string& text) {
  Document d = coded(text);
  std::vector<std::string> out;
  for (const ActorMention& m : d.actors) out.push_back(std::string(d.span_text(m.begin, m.end)) + "=" + m.code);
  return out;
}

// The code of the mention whose text is `phrase`; "<none>" when no mention has that text.
std::string code_of(const std::string& text, const std::string& phrase) {
  Document d = coded(text);
  for (const ActorMention& m : d.actors)
    if (d.span_text(m.begin, m.end) == phrase) return m.code;
  std::string all;
  for (const auto& s : mentions(text)) all += " [" + s + "]";
  return "<none>" + all;
}

TEST(ActorCoder, CurlyPossessiveIsAnApostrophe) {
  EXPECT_EQ(mentions("He said Washington\u2019s latest step came."), mentions("He said Washington's latest step came."));
  EXPECT_EQ(code_of("He said Washington\u2019s latest step came.", "Washington"), "USAGOV");
}

TEST(ActorCoder, CountryPlusRole) {
  EXPECT_EQ(code_of("the Iraqi Parliament voted on Sunday.", "the Iraqi Parliament"), "IRQLEG");
  EXPECT_EQ(code_of("As a result, the US military has announced it.", "the US military"), "USAMIL");
  EXPECT_EQ(code_of("The vote asked US forces to leave.", "US forces"), "USAMIL");
  EXPECT_EQ(code_of("He saw US officials threatening them.", "US officials"), "USAGOV");
  EXPECT_EQ(code_of("It killed one British service member.", "British service member"), "GBRMIL");
  EXPECT_EQ(code_of("Iraqi Security Forces fought ISIS.", "Iraqi Security Forces"), "IRQMIL");
  EXPECT_EQ(code_of("Turkish troops crossed the border.", "Turkish troops"), "TURMIL");
  EXPECT_EQ(code_of("Nigerian police arrested him.", "Nigerian police"), "NGACOP");
  EXPECT_EQ(code_of("Syrian government forces advanced.", "Syrian government forces"), "SYRMIL");
}

TEST(ActorCoder, CountriesAndPeoples) {
  EXPECT_EQ(code_of("The attack killed two Americans.", "Americans"), "USA");
  EXPECT_EQ(code_of("It threatened the Iraqis.", "the Iraqis"), "IRQ");
  EXPECT_EQ(code_of("A war with Iran was near.", "Iran"), "IRN");
  EXPECT_EQ(code_of("The U.S. responded.", "The U.S."), "USA");
  EXPECT_EQ(code_of("Pompeo said America will act.", "America"), "USA");
}

TEST(ActorCoder, PossessiveAndOfPhrases) {
  EXPECT_EQ(code_of("Iraq's military said so.", "Iraq's military"), "IRQMIL");
  EXPECT_EQ(code_of("at the invitation of the Government of Iraq to defeat ISIS", "the Government of Iraq"),
            "IRQGOV");
  EXPECT_EQ(code_of("Military Forces of Yemen (2016-) attacked.", "Military Forces of Yemen"), "YEMMIL");
}

TEST(ActorCoder, TitlesAndPeople) {
  EXPECT_EQ(code_of("said State Department spokeswoman Morgan Ortagus.",
                    "State Department spokeswoman Morgan Ortagus"), "USAGOV");
  EXPECT_EQ(code_of("It killed Iraqi PMU commander Abu Mahdi al-Mouhendis last year.",
                    "Iraqi PMU commander Abu Mahdi al-Mouhendis"), "IRQMIL");
  EXPECT_EQ(code_of("the assassination of Iranian Gen. Qasem Soleimani and others",
                    "Iranian Gen. Qasem Soleimani"), "IRNMIL");
  EXPECT_EQ(code_of("President Trump said it.", "President Trump"), "USAGOV");
  // An unknown person after a country and a title keeps the country and the title's sector.
  EXPECT_EQ(code_of("Kenyan President Uhuru Kenyatta spoke.", "Kenyan President Uhuru Kenyatta"), "KENGOV");
}

TEST(ActorCoder, Organisations) {
  EXPECT_EQ(code_of("the permanent defeat of Daesh from bases", "Daesh"), "IMGMUSISI");
  EXPECT_EQ(code_of("The Coalition remains in Iraq.", "The Coalition"), "IGOMIL");
  EXPECT_EQ(code_of("Hezbollah fighters crossed.", "Hezbollah fighters"), "LBNREB");
  EXPECT_EQ(code_of("The UN Security Council met.", "The UN Security Council"), "IGOUNOSEC");
  EXPECT_EQ(code_of("NATO said on Monday.", "NATO"), "IGOWSTNAT");
  EXPECT_EQ(code_of("Kata'ib Hezbollah denied it.", "Kata'ib Hezbollah"), "IRQMIL");
  EXPECT_EQ(code_of("Al Shabaab militants attacked the base.", "Al Shabaab militants"), "SOMREB");
}

TEST(ActorCoder, CapitalsAreGovernmentsExceptAsPlaces) {
  EXPECT_EQ(code_of("Washington's latest step back came later.", "Washington"), "USAGOV");
  EXPECT_EQ(code_of("its stand off with Baghdad and Tehran over the new year", "Tehran"), "IRNGOV");
  EXPECT_TRUE(mentions("It will be common knowledge in Baghdad and Tehran.").empty())
      << "a capital after 'in' is a place";
  EXPECT_TRUE(mentions("The Washington Post reported it.").empty());
}

TEST(ActorCoder, RolesAloneAndCase) {
  EXPECT_EQ(code_of("Gunmen killed three villagers.", "Gunmen"), "UAF");
  EXPECT_EQ(code_of("Gunmen killed three villagers.", "villagers"), "CVL");
  EXPECT_EQ(code_of("Protesters gathered.", "Protesters"), "CVL");
  // "us" the pronoun is not the United States; "turkey" the bird is not Turkey.
  for (const std::string& m : mentions("They told us they would eat turkey.")) {
    EXPECT_EQ(m.find("USA"), std::string::npos) << m;
    EXPECT_EQ(m.find("TUR"), std::string::npos) << m;
  }
}

TEST(ActorCoder, OneMentionPerMaximalPhrase) {
  Document d = coded("Iranian Gen. Qasem Soleimani and Iraqi PMU commander Abu Mahdi al-Mouhendis died.");
  ASSERT_EQ(d.actors.size(), 2u);
  EXPECT_EQ(d.actors[0].country, "IRN");
  EXPECT_EQ(d.actors[0].sectors, std::vector<std::string>{"MIL"});
  EXPECT_EQ(d.actors[1].country, "IRQ");
  EXPECT_LT(d.actors[0].end, d.actors[1].begin + 1);
}

TEST(ActorCoder, UnknownNamedEntitiesBecomeUncodedMentions) {
  Document d;
  d.text = "Osbat Foo claimed the attack.";
  tokenize(d);
  d.entities.push_back({0, 2, EntityType::ORG, 0.9f});
  code_actors(*own_dictionary(), d);
  ASSERT_FALSE(d.actors.empty());
  EXPECT_EQ(d.actors[0].begin, 0u);
  EXPECT_EQ(d.actors[0].end, 2u);
  EXPECT_TRUE(d.actors[0].code.empty());
}

TEST(ActorCoder, SeedArticle) {
  TACITUS_REQUIRE_SHARED(path, "examples/seed-article.txt");
  Document d = coded(testing::read_file(path));
  std::map<std::string, int> codes;
  for (const ActorMention& m : d.actors) ++codes[m.code];
  EXPECT_GE(codes["USAMIL"], 2);
  EXPECT_GE(codes["IRQMIL"], 3);
  EXPECT_GE(codes["IMGMUSISI"], 5);
  EXPECT_GE(codes["IRQLEG"], 1);
  EXPECT_GE(codes["USAGOV"], 3);
  EXPECT_GE(codes["IRNMIL"], 1);
}

TEST(ActorStage, RunsAsAPipelineStage) {
  auto stage = make_actor_stage(ActorOptions{});
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  EXPECT_EQ(stage.value()->name(), "actors");
  Document d;
  d.text = "Iraqi troops advanced.";
  tokenize(d);
  ASSERT_TRUE(stage.value()->run(d).ok());
  ASSERT_TRUE(stage.value()->run(d).ok());  // re-running replaces, never duplicates
  ASSERT_EQ(d.actors.size(), 1u);
  EXPECT_EQ(d.actors[0].code, "IRQMIL");
}

TEST(ActorStage, BadDataDirIsAnError) {
  ActorOptions o;
  o.data_dir = "/nonexistent/tacitus";
  auto stage = make_actor_stage(o);
  ASSERT_FALSE(stage.ok());
  EXPECT_NE(stage.status().message().find("countries.tsv"), std::string::npos);
}

TEST(ActorDictionary, SplitCode) {
  const ActorDictionary& d = *own_dictionary();
  EXPECT_EQ(d.split_code("USAGOV").country, "USA");
  EXPECT_EQ(d.split_code("USAGOV").sectors, std::vector<std::string>{"GOV"});
  EXPECT_EQ(d.split_code("IGOUNO").country, "");
  EXPECT_TRUE(d.split_code("IMGMUSISI").sectors.empty());
  EXPECT_EQ(d.split_code("PSEREBHMS").sectors, std::vector<std::string>{"REB"});
  EXPECT_GT(d.size(), 2000u);
}

}  // namespace
}  // namespace tacitus
