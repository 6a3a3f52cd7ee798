#include "tacitus/csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

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

TEST(ReadTsv, TrimsFieldsSkipsCommentsAndNamesTheLineOfABadRow) {
  const std::string path = ::testing::TempDir() + "/tacitus_read_tsv.tsv";
  std::ofstream(path) << "# code\tname\n\nIRQ \t Iraq\r\nUSA\n";
  std::vector<std::vector<std::string>> rows;
  Status s = read_tsv(path, 2, [&](const std::vector<std::string>& f) {
    rows.push_back(f);
    return Status::Ok();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), path + ":4: expected 2 tab-separated fields, found 1");
  EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{{"IRQ", "Iraq"}}));
  s = read_tsv(path, 1, [](const std::vector<std::string>& f) {
    return f[0] == "USA" ? Status::InvalidInput("unknown code") : Status::Ok();
  });
  EXPECT_EQ(s.message(), path + ":4: unknown code");
  EXPECT_EQ(read_tsv(path + ".missing", 1, [](const auto&) { return Status::Ok(); }).code(),
            Status::Code::kNotFound);
  std::remove(path.c_str());
}

TEST(SplitList, KeepsTrimmedNonEmptyItems) {
  EXPECT_EQ(split_list(" a, b,,c ,", ','), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list("", '|').empty());
}

}  // namespace
}  // namespace tacitus
