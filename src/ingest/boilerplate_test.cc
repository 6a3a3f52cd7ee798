#include <gtest/gtest.h>

#include <string>

#include "core/test_support.h"
#include "tacitus/ingest.h"

namespace tacitus {
namespace {

TEST(Boilerplate, SeedArticlePromoLines) {
  EXPECT_TRUE(is_boilerplate_line("STAY TUNED FOR MORE UPDATES."));
  EXPECT_TRUE(is_boilerplate_line("READ MORE CORONAVIRUS NEWS AT: 21st Century Wire Coronavirus Files"));
  EXPECT_TRUE(is_boilerplate_line("SUPPORT OUR INDEPENDENT MEDIA PLATFORM – BECOME A MEMBER @21WIRE.TV"));
}

TEST(Boilerplate, GenericCallsToActionAndWidgets) {
  for (const char* line : {
           "Subscribe to our newsletter", "Share this article", "Click here", "Click here to read the report",
           "Follow us on Twitter", "Follow us on Twitter @example", "Related:", "Related: Iraq votes to expel troops",
           "Advertisement", "ADVERTISEMENT", "We use cookies to improve your experience. By continuing you accept our policy.",
           "Copyright 2020 Example Media", "© 2021 The Paper Ltd. All rights reserved.",
           "Sign up for our daily briefing", "Like us on Facebook", "Download our app for breaking news",
           "DONATE TO OUR NEWSROOM TODAY!", "https://t.co/abc123", "Read more: Iraq votes", "Please share this story",
           "Join our Telegram channel", "Tags: Iraq, Syria, ISIS", "Photo: Reuters",
       }) {
    EXPECT_TRUE(is_boilerplate_line(line)) << line;
  }
}

TEST(Boilerplate, NewsLinesSurvive) {
  for (const char* line : {
           "US to Evacuate Some Bases in Iraq Following Recent Rocket Attacks",
           "US TROOPS LEAVE IRAQI BASES",
           "“Pompeo noted that America will not tolerate attacks and threats to American lives and will take "
           "additional action as necessary in self-defense,” said the spokeswoman.",
           "Support for the withdrawal grew among Iraqi lawmakers after the strike.",
           "Follow-up talks are planned for Monday in Baghdad.",
           "Share prices in Tehran fell 3% on Thursday.",
           "Read the full statement, the minister told reporters, before voting.",
           "Like many of our neighbours, Iraq has suffered from years of war and occupation by foreign troops.",
           "Watch officials said the rockets came from the south.",
           "The Coalition remains in Iraq at the invitation of the Government of Iraq to defeat ISIS.",
           "He urged supporters to follow the protest on Twitter, where it trended for hours across the region.",
           "Iraqi PMU commander Abu Mahdi al-Mouhendis was killed with Gen. Qasem Soleimani in Baghdad.",
           "The U.S. military said 55,000 troops were affected.",
       }) {
    EXPECT_FALSE(is_boilerplate_line(line)) << line;
  }
  EXPECT_FALSE(is_boilerplate_line(""));
}

TEST(Boilerplate, RemoveKeepsStructureAndOffsetsOfKeptLines) {
  const std::string in =
      "HEADLINE IN CAPS\n\n\nFirst paragraph.\r\nAdvertisement\nSecond paragraph.\n\nShare this article\n\n";
  EXPECT_EQ(remove_boilerplate(in), "HEADLINE IN CAPS\n\nFirst paragraph.\nSecond paragraph.");
  EXPECT_EQ(remove_boilerplate(""), "");
  EXPECT_EQ(remove_boilerplate("Advertisement"), "");
  EXPECT_EQ(remove_boilerplate("Just one line"), "Just one line");
}

TEST(Boilerplate, SeedArticleKeepsEveryNewsLine) {
  TACITUS_REQUIRE_SHARED(path, "examples/seed-article.txt");
  const std::string text = testing::read_file(path);
  const std::string cleaned = remove_boilerplate(text);
  // Every non-empty line but the last three is kept verbatim.
  size_t lines = 0, kept = 0;
  size_t i = 0;
  std::vector<std::string> all;
  while (i < text.size()) {
    size_t nl = text.find('\n', i);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(i, nl - i);
    if (!line.empty()) all.push_back(line);
    i = nl + 1;
  }
  ASSERT_GE(all.size(), 5u);
  for (size_t k = 0; k + 3 < all.size(); ++k) {
    ++lines;
    kept += cleaned.find(all[k]) != std::string::npos;
  }
  EXPECT_EQ(kept, lines);
  for (size_t k = all.size() - 3; k < all.size(); ++k)
    EXPECT_EQ(cleaned.find(all[k]), std::string::npos) << all[k];
}

}  // namespace
}  // namespace tacitus
