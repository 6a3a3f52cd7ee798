#include "cli/args.h"

#include <gtest/gtest.h>

#include "cli/coding_options.h"

namespace tacitus::cli {
namespace {

TEST(Args, RepeatedOptionsKeepEveryValueInOrder) {
  const char* argv[] = {"tacitus", "code", "--petrarch-actors", "a.txt", "--quiet",
                        "--petrarch-actors=b.txt", "--data", "d", "in.jsonl"};
  auto args = Args::parse(9, const_cast<char**>(argv), 2, {"quiet"});
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(args->get_all("petrarch-actors"), (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(args->get("petrarch-actors"), "b.txt");
  EXPECT_TRUE(args->get_all("petrarch-verbs").empty());
  EXPECT_EQ(args->positionals(), std::vector<std::string>{"in.jsonl"});
  PipelineOptions p = pipeline_options(*args);
  EXPECT_EQ(p.petrarch_actors, (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(p.data_dir, "d");
  EXPECT_TRUE(p.own_dictionaries);
}

TEST(Args, StagesListSplitsOnCommasAndSkipsEmptyItems) {
  const char* argv[] = {"tacitus", "code", "--stages", "text,,actors,events,", "in.txt"};
  auto args = Args::parse(5, const_cast<char**>(argv), 2, {});
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(pipeline_options(*args).stages,
            (std::vector<std::string>{"text", "actors", "events"}));
}

TEST(Args, ValueMissingAndBadIntegerAreUsageErrors) {
  const char* argv[] = {"tacitus", "code", "--threads"};
  EXPECT_FALSE(Args::parse(3, const_cast<char**>(argv), 2, {}).ok());
  const char* argv2[] = {"tacitus", "code", "--threads", "two"};
  auto args = Args::parse(4, const_cast<char**>(argv2), 2, {});
  ASSERT_TRUE(args.ok());
  auto n = args->get_int("threads", 0);
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("--threads"), std::string::npos);
}

TEST(RejectionText, NamesInputAndLine) {
  EXPECT_EQ(rejection_text({"a.jsonl", 7, "invalid JSON"}), "tacitus: a.jsonl:7: invalid JSON");
  EXPECT_EQ(rejection_text({"a.txt", 0, "empty document"}), "tacitus: a.txt: empty document");
}

}  // namespace
}  // namespace tacitus::cli
