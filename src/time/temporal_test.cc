#include <gtest/gtest.h>

#include "tacitus/time.h"

namespace tacitus {
namespace {

const std::optional<CivilDate> kSeedDate = CivilDate{2020, 3, 17};  // a Tuesday

// The single expression found in `text`, or a failure.
TemporalExpression only(std::string_view text, std::optional<CivilDate> anchor = kSeedDate,
                        Tense tense = Tense::kPast) {
  auto found = find_temporal_expressions(text, 0, anchor, tense);
  EXPECT_EQ(found.size(), 1u) << text;
  return found.empty() ? TemporalExpression{} : found[0];
}

TEST(CalendarTest, RoundTripsAndWeekdays) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(civil_from_days(days_from_civil({2020, 2, 29})), (CivilDate{2020, 2, 29}));
  EXPECT_EQ(day_of_week({2020, 3, 17}), 1);  // Tuesday
  EXPECT_EQ(day_of_week({2020, 3, 12}), 3);  // Thursday
  EXPECT_FALSE(parse_iso_date("2019-02-29"));
  EXPECT_EQ(parse_iso_date("2020-03-17T08:00:00Z"), (CivilDate{2020, 3, 17}));
  EXPECT_EQ(format_iso_date({2020, 1, 5}), "2020-01-05");
}

TEST(TemporalTest, AbsoluteDatesNeedNoAnchor) {
  auto e = only("On 3 May 2020, gunmen shot dead a civilian.", std::nullopt);
  EXPECT_EQ(e.text, "On 3 May 2020");
  EXPECT_EQ(e.value, "2020-05-03");
  EXPECT_EQ(e.precision, "day");
  EXPECT_EQ(only("Talks began May 3, 2020 in Doha.", std::nullopt).value, "2020-05-03");
  EXPECT_EQ(only("On 29 Apr 2020, coalition forces struck.", std::nullopt).value, "2020-04-29");
  EXPECT_EQ(only("The vote on 2020-03-17 failed.", std::nullopt).value, "2020-03-17");
  EXPECT_EQ(only("Fighting resumed in 2017.", std::nullopt).value, "2017");
}

TEST(TemporalTest, RelativeExpressionsWithoutAnchorAreNull) {
  auto e = only("On Thursday, the US responded.", std::nullopt);
  EXPECT_EQ(e.text, "On Thursday");
  EXPECT_FALSE(e.value);
  EXPECT_EQ(e.precision, "");
}

TEST(TemporalTest, SeedArticleExpressions) {
  auto thursday = only("On Thursday, the US responded to rocket attacks.");
  EXPECT_EQ(thursday.value, "2020-03-12");
  EXPECT_EQ(thursday.precision, "day");
  EXPECT_EQ(only("last Thursday’s retaliatory airstrikes").value, "2020-03-12");
  EXPECT_EQ(only("last Thursday’s retaliatory airstrikes").text, "last Thursday");
  auto week = only("a rocket attack on the al-Taji base near Baghdad last week.");
  EXPECT_EQ(week.value, "2020-03-09");
  EXPECT_EQ(week.precision, "week");
  auto early = only("the double-murder of Soleimani in early January, the Parliament voted");
  EXPECT_EQ(early.value, "2020-01");
  EXPECT_EQ(early.precision, "month");
  EXPECT_EQ(only("its previous strikes in late December").value, "2019-12");
  EXPECT_EQ(only("since 2014, together, we have liberated").value, "2014");
  EXPECT_EQ(only("However, this week that position seems to have loosened.").value, "2020-03-16");
}

TEST(TemporalTest, DeicticDaysAndTense) {
  EXPECT_EQ(only("Police arrested him yesterday.").value, "2020-03-16");
  EXPECT_EQ(only("Protesters gathered today.").value, "2020-03-17");
  EXPECT_EQ(only("Ministers will meet on Friday.", kSeedDate, Tense::kFuture).value, "2020-03-20");
  EXPECT_EQ(only("Ministers met on Friday.").value, "2020-03-13");
  EXPECT_EQ(only("The army shelled the town three days ago.").value, "2020-03-14");
  EXPECT_EQ(only("The strikes began last month.").value, "2020-02");
}

TEST(TemporalTest, MonthsAfterTheAnchorMonthAreLastYear) {
  EXPECT_EQ(only("The talks collapsed in November.").value, "2019-11");
  EXPECT_EQ(only("Clashes erupted on May 3.").value, "2019-05-03");
  EXPECT_EQ(only("Clashes erupted on 2 March.").value, "2020-03-02");
}

TEST(TemporalTest, ModalMayAndNumbersAreNotDates) {
  EXPECT_TRUE(find_temporal_expressions("Troops may withdraw and 55,000 people fled.", 0, kSeedDate,
                                        Tense::kPast)
                  .empty());
  EXPECT_TRUE(find_temporal_expressions("It killed 3 people, injuring 12.", 0, kSeedDate, Tense::kPast)
                  .empty());
}

TEST(TemporalTest, OffsetsIncludeBase) {
  auto found = find_temporal_expressions("Raids on Sunday.", 100, kSeedDate, Tense::kPast);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].start, 106u);
  EXPECT_EQ(found[0].end, 115u);
  EXPECT_EQ(found[0].value, "2020-03-15");
}

}  // namespace
}  // namespace tacitus
