#include "tacitus/csv.h"

#include <gtest/gtest.h>

namespace tacitus {
namespace {

TEST(ParseCsv, QuotedFieldsHoldCommasQuotesAndNewlines) {
  auto rows = parse_csv(
      "id,notes,n\r\n"
      "1,\"On 9 May, police \"\"dispersed\"\" them\nin Haifa.\",0\r\n"
      "2,plain,\n"
      "3,\"\",7");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0], (std::vector<std::string>{"id", "notes", "n"}));
  EXPECT_EQ((*rows)[1][1], "On 9 May, police \"dispersed\" them\nin Haifa.");
  EXPECT_EQ((*rows)[1][2], "0");
  EXPECT_EQ((*rows)[2], (std::vector<std::string>{"2", "plain", ""}));
  EXPECT_EQ((*rows)[3], (std::vector<std::string>{"3", "", "7"}));
}

TEST(ParseCsv, UnclosedQuoteNamesTheLine) {
  auto rows = parse_csv("a,b\n1,2\n3,\"never closed\n4,5\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("line 3"), std::string::npos) << rows.status().message();
}

TEST(ParseCsv, ReportsWhereEachRecordStartsAndNamesTheFile) {
  std::vector<size_t> lines;
  auto rows = parse_csv("h1,h2\n\"two\nlines\",x\nlast,y\n", "acled.csv", &lines);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(lines, (std::vector<size_t>{1, 2, 4}));
  auto bad = parse_csv("a\n\"open\n", "acled.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "acled.csv: line 2: quoted field is not closed");
}

TEST(ParseCsv, SkipsByteOrderMark) {
  auto rows = parse_csv("\xEF\xBB\xBFid\n1\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0], "id");
}

}  // namespace
}  // namespace tacitus
