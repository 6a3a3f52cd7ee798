#include "tacitus/ontology.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include <fstream>

#include "tacitus/resources.h"

namespace tacitus {
namespace {

const Ontology& ontology() {
  static const Ontology* o = [] {
    auto r = Ontology::load(resource_path("data"));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? new Ontology(std::move(r).value()) : new Ontology();
  }();
  return *o;
}

EventActor actor(std::vector<std::string> sectors) {
  EventActor a;
  a.sectors = std::move(sectors);
  return a;
}

Event coded(const std::string& cameo) {
  Event e;
  e.cameo = cameo;
  EXPECT_TRUE(ontology().fill_codes(e).ok()) << cameo;
  return e;
}

TEST(Ontology, CameoCodesCarryGoldsteinQuadClassAndPlover) {
  const CameoEntry* e = ontology().cameo("195");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->name, "Employ aerial weapons");
  EXPECT_DOUBLE_EQ(e->goldstein, -10.0);
  EXPECT_EQ(e->quad_class, 4);
  EXPECT_EQ(e->plover_event, "ASSAULT");
  EXPECT_EQ(e->plover_mode, "aerial");

  const CameoEntry* agree = ontology().cameo("057");
  ASSERT_NE(agree, nullptr);
  EXPECT_EQ(agree->quad_class, 1);
  EXPECT_EQ(agree->plover_event, "SUPPORT");
  EXPECT_GT(agree->goldstein, 0);

  const CameoEntry* statement = ontology().cameo("010");  // dropped by PLOVER
  ASSERT_NE(statement, nullptr);
  EXPECT_TRUE(statement->plover_event.empty());

  const CameoEntry* multi = ontology().cameo("1121");
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(multi->plover_context, (std::vector<std::string>{"crime", "corruption"}));

  EXPECT_EQ(ontology().cameo("999"), nullptr);
  EXPECT_EQ(ontology().cameo(""), nullptr);
}

TEST(Ontology, QuadClassFollowsCameoRoot) {
  EXPECT_EQ(ontology().cameo("043")->quad_class, 1);
  EXPECT_EQ(ontology().cameo("073")->quad_class, 2);
  EXPECT_EQ(ontology().cameo("112")->quad_class, 3);
  EXPECT_EQ(ontology().cameo("145")->quad_class, 3);
  EXPECT_EQ(ontology().cameo("173")->quad_class, 4);
}

TEST(Ontology, PloverTypesAndModes) {
  for (const char* t : {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
    EXPECT_TRUE(ontology().is_plover_event(t)) << t;
  EXPECT_FALSE(ontology().is_plover_event("FIGHT"));
  EXPECT_FALSE(ontology().is_plover_event("assault"));
  EXPECT_TRUE(ontology().is_plover_mode("ASSAULT", "aerial"));
  EXPECT_TRUE(ontology().is_plover_mode("PROTEST", "riot"));
  EXPECT_FALSE(ontology().is_plover_mode("PROTEST", "aerial"));
  EXPECT_FALSE(ontology().is_plover_mode("NOPE", "aerial"));
}

TEST(Ontology, AcledTypesAreTheCodebooks) {
  EXPECT_EQ(ontology().acled_event_types().size(), 6u);
  size_t subs = 0;
  for (const auto& t : ontology().acled_event_types()) subs += ontology().acled_sub_event_types(t).size();
  EXPECT_EQ(subs, 25u);
  EXPECT_EQ(ontology().acled_sub_event_types("Riots"),
            (std::vector<std::string>{"Violent demonstration", "Mob violence"}));
  EXPECT_TRUE(ontology().acled_sub_event_types("Nope").empty());
}

TEST(Ontology, FillCodesFromCameo) {
  Event e = coded("195");
  EXPECT_EQ(e.cameo_root, "19");
  EXPECT_EQ(e.quad_class, 4);
  EXPECT_EQ(e.plover_event, "ASSAULT");
  EXPECT_EQ(e.plover_mode, "aerial");
  EXPECT_EQ(e.acled_event_type, "Explosions/Remote violence");
  EXPECT_EQ(e.acled_sub_event_type, "Air/drone strike");

  Event bad;
  bad.cameo = "77";
  EXPECT_FALSE(ontology().fill_codes(bad).ok());
}

TEST(Ontology, FillCodesKeepsAPloverReadingTheCoderChose) {
  Event e;
  e.cameo = "190";
  e.plover_event = "ASSAULT";
  e.plover_mode = "drone";
  ASSERT_TRUE(ontology().fill_codes(e).ok());
  EXPECT_EQ(e.plover_mode, "drone");
  EXPECT_EQ(e.acled_sub_event_type, "Air/drone strike");
}

TEST(Ontology, AcledTypeDependsOnActors) {
  Event fight = coded("190");
  fight.source = actor({"MIL"});
  fight.target = actor({"REB"});
  EXPECT_EQ(ontology().acled_for(fight).sub_event_type, "Armed clash");

  Event attack;
  attack.cameo = "180";
  attack.plover_event = "ASSAULT";
  attack.source = actor({"REB"});
  attack.target = actor({"CVL"});
  AcledType t = ontology().acled_for(attack);
  EXPECT_EQ(t.event_type, "Violence against civilians");
  EXPECT_EQ(t.sub_event_type, "Attack");

  Event taken = coded("192");
  taken.source = actor({"REB"});
  EXPECT_EQ(ontology().acled_for(taken).sub_event_type, "Non-state actor overtakes territory");
  taken.source = actor({"MIL"});
  EXPECT_EQ(ontology().acled_for(taken).sub_event_type, "Government regains territory");
}

TEST(Ontology, AcledTypesOfNonViolentEvents) {
  EXPECT_EQ(coded("141").acled_sub_event_type, "Peaceful protest");
  EXPECT_EQ(coded("145").acled_event_type, "Riots");
  EXPECT_EQ(coded("173").acled_sub_event_type, "Arrests");
  EXPECT_EQ(coded("057").acled_sub_event_type, "Agreement");
  EXPECT_EQ(coded("0874").acled_sub_event_type, "Other");
  EXPECT_EQ(coded("1832").acled_sub_event_type, "Remote explosive/landmine/IED");
  EXPECT_EQ(coded("181").acled_sub_event_type, "Abduction/forced disappearance");
  EXPECT_EQ(coded("194").acled_sub_event_type, "Shelling/artillery/missile attack");
  EXPECT_EQ(coded("2041").acled_sub_event_type, "Chemical weapon");
  EXPECT_TRUE(coded("043").acled_event_type.empty());  // a visit is not an ACLED event
  EXPECT_TRUE(coded("112").acled_event_type.empty());

  Event dispersal = coded("180");
  dispersal.plover_mode = "crowd-control";
  EXPECT_EQ(ontology().acled_for(dispersal).sub_event_type, "Protest with intervention");
  dispersal.fatalities = 2;
  EXPECT_EQ(ontology().acled_for(dispersal).sub_event_type, "Excessive force against protesters");
}

TEST(Ontology, LoadErrorsNameFileAndLine) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("tacitus_ontology_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "ontology");
  for (const char* f : {"plover.tsv", "cameo_plover.tsv", "acled_types.tsv", "acled_map.tsv"})
    fs::copy_file(resource_path("data/ontology/") + f, dir / "ontology" / f, fs::copy_options::overwrite_existing);
  {
    std::ofstream out(dir / "ontology" / "cameo.tsv");
    out << "# header\n010\tMake statement\t0\t1\n011\tDecline comment\tminus one\t1\n";
  }
  auto r = Ontology::load(dir.string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cameo.tsv:3"), std::string::npos) << r.status().message();

  fs::remove(dir / "ontology" / "cameo.tsv");
  r = Ontology::load(dir.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tacitus
