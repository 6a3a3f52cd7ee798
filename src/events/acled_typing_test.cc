#include <gtest/gtest.h>

#include "tacitus/event_typer.h"
#include "tacitus/resources.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

Document note_with_event(const std::string& text, const std::string& cameo_root,
                         const std::string& acled_type, const std::string& acled_sub) {
  Document doc;
  doc.id = "n1";
  doc.text = text;
  tokenize(doc);
  Event e;
  e.sentence_index = 0;
  e.cameo_root = cameo_root;
  e.acled_event_type = acled_type;
  e.acled_sub_event_type = acled_sub;
  e.confidence = 0.5;
  doc.events.push_back(e);
  return doc;
}

TEST(AcledTypingStage, TypesAnUntypedViolentEvent) {
  auto stage = make_acled_typing_stage(resource_path("models"), resource_path("data"));
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  Document doc = note_with_event(
      "On 5 May 2020, Houthi forces shelled residential areas of Hays district with artillery.",
      "19", "", "");
  ASSERT_TRUE((*stage)->run(doc).ok());
  EXPECT_EQ(doc.events[0].acled_event_type, "Explosions/Remote violence");
  EXPECT_EQ(doc.events[0].acled_sub_event_type, "Shelling/artillery/missile attack");
}

TEST(AcledTypingStage, LeavesNonViolentAndDeniedEventsAlone) {
  auto stage = make_acled_typing_stage(resource_path("models"), resource_path("data"));
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  // A statement (root 01) is not an ACLED kind of event, whatever the sentence's wording.
  Document doc = note_with_event(
      "On 5 May 2020, Houthi forces shelled residential areas of Hays district with artillery.",
      "01", "", "");
  ASSERT_TRUE((*stage)->run(doc).ok());
  for (const Event& e : doc.events) {
    if (e.cameo_root == "01") {
      EXPECT_EQ(e.acled_event_type, "");
    }
  }

  Document denied = note_with_event(
      "On 5 May 2020, Houthi forces shelled residential areas of Hays district with artillery.",
      "19", "", "");
  denied.events[0].negated = true;
  denied.events[0].modality = Modality::kDenied;
  ASSERT_TRUE((*stage)->run(denied).ok());
  ASSERT_EQ(denied.events.size(), 1u) << "a denied attack is no attack, not even to the typer";
  EXPECT_EQ(denied.events[0].acled_event_type, "");
}

TEST(AcledTypingStage, AddsTheEventOfABriefReportTheRulesMissed) {
  auto stage = make_acled_typing_stage(resource_path("models"), resource_path("data"),
                                       /*reports_are_events=*/true);
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  Document doc;
  doc.id = "n2";
  doc.date = "2020-05-09";
  doc.text = "On 5 May 2020, Houthi forces shelled residential areas of Hays district with artillery.";
  tokenize(doc);
  ActorMention houthis;
  houthis.begin = 5;  // On 5 May 2020 , [Houthi forces]
  houthis.end = 7;
  houthis.code = "YEMREB";
  houthis.country = "YEM";
  doc.actors.push_back(houthis);
  ASSERT_EQ(doc.span_text(5, 7), "Houthi forces");
  ASSERT_TRUE((*stage)->run(doc).ok());
  ASSERT_EQ(doc.events.size(), 1u);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.acled_event_type, "Explosions/Remote violence");
  EXPECT_EQ(e.acled_sub_event_type, "Shelling/artillery/missile attack");
  EXPECT_EQ(e.cameo, "194");
  EXPECT_EQ(e.cameo_root, "19");
  EXPECT_EQ(e.plover_event, "ASSAULT");
  EXPECT_EQ(e.date, "2020-05-05");
  ASSERT_TRUE(e.source);
  EXPECT_EQ(e.source->code, "YEMREB");
  EXPECT_DOUBLE_EQ(e.confidence, 0.3);

  // General news (the default): a short text is not assumed to report an event.
  auto news_stage = make_acled_typing_stage(resource_path("models"), resource_path("data"));
  ASSERT_TRUE(news_stage.ok());
  Document news = doc;
  news.events.clear();
  ASSERT_TRUE((*news_stage)->run(news).ok());
  EXPECT_TRUE(news.events.empty());

  // A long article is not one event: nothing is added to it.
  Document article = doc;
  article.events.clear();
  article.text = std::string(6, ' ');
  for (int i = 0; i < 6; ++i) article.text += "Houthi forces shelled residential areas of Hays district. ";
  tokenize(article);
  article.actors.clear();
  ASSERT_GT(article.sentences.size(), 4u);
  ASSERT_TRUE((*stage)->run(article).ok());
  EXPECT_TRUE(article.events.empty());
}

TEST(AcledTypingStage, MissingModelIsNotFound) {
  auto stage = make_acled_typing_stage("/nonexistent-models-dir", resource_path("data"));
  ASSERT_FALSE(stage.ok());
  EXPECT_NE(stage.status().message().find("event_type.bin"), std::string::npos);
}

}  // namespace
}  // namespace tacitus
