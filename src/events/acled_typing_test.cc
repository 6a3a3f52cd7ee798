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
  auto stage = make_acled_typing_stage(resource_path("models"));
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  Document doc = note_with_event(
      "On 5 May 2020, Houthi forces shelled residential areas of Hays district with artillery.",
      "19", "", "");
  ASSERT_TRUE((*stage)->run(doc).ok());
  EXPECT_EQ(doc.events[0].acled_event_type, "Explosions/Remote violence");
  EXPECT_EQ(doc.events[0].acled_sub_event_type, "Shelling/artillery/missile attack");
}

TEST(AcledTypingStage, LeavesNonViolentAndDeniedEventsAlone) {
  auto stage = make_acled_typing_stage(resource_path("models"));
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  // A statement (root 01) is not an ACLED kind of event, whatever the sentence's wording.
  Document doc = note_with_event(
      "On 5 May 2020, Houthi forces shelled residential areas of Hays district with artillery.",
      "01", "", "");
  ASSERT_TRUE((*stage)->run(doc).ok());
  EXPECT_EQ(doc.events[0].acled_event_type, "");

  Document denied = note_with_event(
      "On 5 May 2020, Houthi forces shelled residential areas of Hays district with artillery.",
      "19", "", "");
  denied.events[0].negated = true;
  denied.events[0].modality = Modality::kDenied;
  ASSERT_TRUE((*stage)->run(denied).ok());
  EXPECT_EQ(denied.events[0].acled_event_type, "");
}

TEST(AcledTypingStage, MissingModelIsNotFound) {
  auto stage = make_acled_typing_stage("/nonexistent-models-dir");
  ASSERT_FALSE(stage.ok());
  EXPECT_NE(stage.status().message().find("event_type.bin"), std::string::npos);
}

}  // namespace
}  // namespace tacitus
