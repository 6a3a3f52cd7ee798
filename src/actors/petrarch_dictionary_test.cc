#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/test_support.h"
#include "tacitus/actors.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / ("tacitus_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << content;
  return path.string();
}

std::string code_in(const ActorDictionary& dict, const std::string& text, const std::optional<std::string>& date = {}) {
  Document d;
  d.text = text;
  d.date = date;
  tokenize(d);
  code_actors(dict, d);
  return d.actors.empty() ? "" : d.actors.front().code;
}

TEST(PetrarchActors, ParsesRootsSynonymsAndDatedCodes) {
  std::string path = write_temp("actors.txt",
                                "# comment\n<!-- xml style comment -->\n"
                                "AFGHANISTAN_  [AFG]\n+AFGHAN_\n\n"
                                "HAMID_KARZAI_  # CountryInfo.txt\n\t[AFGELI 750101-000101]\n\t[AFGGOV >011222]\n\t[AFGELI]\n"
                                "U.N._\n\n"
                                "HAMAS WING [PSEHMSBRD]\n");
  ActorDictionaryBuilder b;
  size_t added = 0;
  ASSERT_TRUE(b.add_petrarch_actors(path, &added).ok());
  EXPECT_EQ(added, 4u);  // AFGHANISTAN, AFGHAN, HAMID KARZAI, HAMAS WING; U.N. has no code
  auto dict = b.build();
  EXPECT_EQ(code_in(*dict, "Afghan officials met."), "AFG");
  EXPECT_EQ(code_in(*dict, "Hamid Karzai spoke.", "2005-06-01"), "AFGGOV");
  EXPECT_EQ(code_in(*dict, "Hamid Karzai spoke.", "1980-06-01"), "AFGELI");
  EXPECT_EQ(code_in(*dict, "The Hamas wing said."), "PSEHMSBRD");
  std::remove(path.c_str());
}

TEST(PetrarchAgents, MacrosPluralsAndBlocks) {
  std::string path = write_temp("agents.txt",
                                "!PERSON! = MAN, MEN\n"
                                "POLICE!PERSON! [~COP]\n"
                                "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV] # mj\n"
                                "MEDIA {} [~MED]\n"
                                "SOLDIER [~MIL]\n");
  ActorDictionaryBuilder b;
  size_t added = 0;
  ASSERT_TRUE(b.add_petrarch_agents(path, &added).ok());
  EXPECT_EQ(added, 7u);  // POLICEMAN, POLICEMEN, ATTORNEY GENERAL(S), MEDIA, SOLDIER(S)
  auto dict = b.build();
  EXPECT_NE(dict->lookup("policemen"), nullptr);
  EXPECT_NE(dict->lookup("attorneys general"), nullptr);
  EXPECT_NE(dict->lookup("soldiers"), nullptr);
  EXPECT_EQ(dict->lookup("medias"), nullptr);
  EXPECT_EQ(code_in(*dict, "Soldiers fired."), "MIL");
  std::remove(path.c_str());
}

TEST(PetrarchActors, MissingFileIsNotFound) {
  ActorDictionaryBuilder b;
  EXPECT_EQ(b.add_petrarch_actors("/nonexistent/x.txt").code(), Status::Code::kNotFound);
  EXPECT_EQ(b.add_petrarch_agents("/nonexistent/x.txt").code(), Status::Code::kNotFound);
}

TEST(PetrarchActors, PhoenixDictionaries) {
  TACITUS_REQUIRE_SHARED(dir, "reference/petrarch2-dictionaries");
  ActorOptions o;
  o.own_dictionaries = false;
  for (const char* f : {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                        "Phoenix.MilNonState.actors.txt"})
    o.petrarch_actors.push_back(dir + "/" + f);
  o.petrarch_agents.push_back(dir + "/Phoenix.agents.txt");
  ActorDictionaryBuilder b;
  size_t countries = 0, agents = 0;
  ASSERT_TRUE(b.add_petrarch_actors(o.petrarch_actors[0], &countries).ok());
  ASSERT_TRUE(b.add_petrarch_agents(o.petrarch_agents[0], &agents).ok());
  EXPECT_GT(countries, 20000u);
  EXPECT_GT(agents, 1500u);
  auto loaded = load_actor_dictionary(o);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const ActorDictionary& dict = *loaded.value();
  EXPECT_EQ(code_in(dict, "Afghan National Security Forces attacked."), "AFGMIL");
  EXPECT_EQ(code_in(dict, "Boko Haram attacked."), "NGAREB");
  EXPECT_EQ(code_in(dict, "Hamid Karzai spoke.", "2005-01-01"), "AFGGOV");
  EXPECT_EQ(code_in(dict, "The police said."), "COP");
}

TEST(PetrarchActors, ValidationSuiteDictionaries) {
  TACITUS_REQUIRE_SHARED(dir, "reference/petrarch2-tests");
  ActorDictionaryBuilder b;
  size_t actors = 0, agents = 0;
  ASSERT_TRUE(b.add_petrarch_actors(dir + "/PETR.Validate.actors.txt", &actors).ok());
  ASSERT_TRUE(b.add_petrarch_agents(dir + "/PETR.Validate.agents.txt", &agents).ok());
  EXPECT_GT(actors, 100u);
  EXPECT_GT(agents, 20u);
  auto dict = b.build();
  EXPECT_EQ(code_in(*dict, "Israeli troops fired."), "ISRMIL");
  EXPECT_EQ(code_in(*dict, "Denmark objected."), "DNK");
}

}  // namespace
}  // namespace tacitus
