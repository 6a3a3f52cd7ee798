#include "tacitus/eval.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tacitus {
namespace {

Event make_event(std::string cameo, std::string acled_type, std::string acled_sub, double conf) {
  Event e;
  e.cameo = std::move(cameo);
  e.acled_event_type = std::move(acled_type);
  e.acled_sub_event_type = std::move(acled_sub);
  e.confidence = conf;
  return e;
}

TEST(BestEvent, PrefersAcledKindsThenConfidence) {
  Document doc;
  EXPECT_EQ(best_event(doc), nullptr);
  doc.events = {make_event("010", "", "", 0.9), make_event("141", "Protests", "Peaceful protest", 0.4),
                make_event("190", "Battles", "Armed clash", 0.6)};
  EXPECT_EQ(best_event(doc), &doc.events[2]);
  doc.events = {make_event("010", "", "", 0.3), make_event("042", "", "", 0.7)};
  EXPECT_EQ(best_event(doc), &doc.events[1]);
}

TEST(Case2021Label, MapsAcledSubTypesAndOtherKinds) {
  EXPECT_EQ(case2021_label(nullptr), "NONE");
  Event strike = make_event("195", "Explosions/Remote violence", "Air/drone strike", 1);
  EXPECT_EQ(case2021_label(&strike), "AIR_STRIKE");
  Event protest = make_event("141", "Protests", "Excessive force against protesters", 1);
  EXPECT_EQ(case2021_label(&protest), "FORCE_AGAINST_PROTEST");
  Event looting = make_event("1721", "Riots", "Looting/property destruction", 1);
  looting.acled_event_type = "Strategic developments";
  EXPECT_EQ(case2021_label(&looting), "PROPERTY_DISTRUCT");
  Event accuse = make_event("112", "", "", 1);
  EXPECT_EQ(case2021_label(&accuse), "ATTRIB");
  Event claim = make_event("010", "", "", 1);
  claim.trigger.text = "claimed";
  EXPECT_EQ(case2021_label(&claim), "ATTRIB");
  Event meet = make_event("040", "", "", 1);
  EXPECT_EQ(case2021_label(&meet), "DIPLO");
  Event robbery = make_event("180", "", "", 1);
  robbery.source = EventActor{{"a gang", 0, 6}, "CRM", "", {"CRM"}};
  EXPECT_EQ(case2021_label(&robbery), "ORG_CRIME");
}

TEST(AcledDate, ReadsExportForms) {
  EXPECT_EQ(acled_date_to_iso("9-May-20"), "2020-05-09");
  EXPECT_EQ(acled_date_to_iso("09 May 2020"), "2020-05-09");
  EXPECT_EQ(acled_date_to_iso("2020-05-09"), "2020-05-09");
  EXPECT_EQ(acled_date_to_iso("31-Dec-99"), "1999-12-31");
  EXPECT_EQ(acled_date_to_iso("May 2020"), "");
  EXPECT_EQ(acled_date_to_iso("9-Foo-20"), "");
}

TEST(TextOverlap, TokenF1IgnoresCaseAndThe) {
  EXPECT_DOUBLE_EQ(text_overlap_f1("the US", "US"), 1.0);
  EXPECT_DOUBLE_EQ(text_overlap_f1("Moroccan diplomats", "moroccan"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(text_overlap_f1("Iran", "Iraq"), 0.0);
  EXPECT_DOUBLE_EQ(text_overlap_f1("", "Iraq"), 0.0);
}

TEST(EvalReport, TableAndJson) {
  EvalReport r;
  r.set = "demo";
  r.data_path = "/x";
  r.items = 4;
  r.add_ratio("event", 3, 4);
  r.add_value("macro-F1", 0.5);
  r.add_ratio("empty", 0, 0);
  ASSERT_NE(r.find("event"), nullptr);
  EXPECT_DOUBLE_EQ(r.find("event")->value, 0.75);
  EXPECT_EQ(r.find("nothing"), nullptr);
  std::string table = r.table();
  EXPECT_NE(table.find("75.0%  (3/4)"), std::string::npos) << table;
  EXPECT_NE(table.find("0.500"), std::string::npos) << table;
  auto j = nlohmann::json::parse(r.json());
  EXPECT_EQ(j["set"], "demo");
  EXPECT_EQ(j["items"], 4);
  EXPECT_EQ(j["metrics"]["event"]["count"], 3);
  EXPECT_EQ(j["metrics"]["event"]["total"], 4);
  EXPECT_DOUBLE_EQ(j["metrics"]["macro-F1"]["value"].get<double>(), 0.5);
}

TEST(EvaluateSets, AbsentDataIsNotFound) {
  EvalOptions options;
  options.data_path = "/nonexistent/tacitus-eval-data";
  for (auto* scorer : {evaluate_acled, evaluate_case2021, evaluate_plover, evaluate_petrarch}) {
    auto r = scorer(options);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
    EXPECT_NE(r.status().message().find("/nonexistent/tacitus-eval-data"), std::string::npos);
  }
}

}  // namespace
}  // namespace tacitus
