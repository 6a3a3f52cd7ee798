#include "tacitus/word_clusters.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>

namespace tacitus {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path =
      ::testing::TempDir() + "/tacitus_" + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(ReadWordVectors, ReadsRowsInOrderAndSkipsAWord2vecHeader) {
  const std::string path =
      write_temp("vectors.txt", "3 2\nthe 0.5 -1\nParis 2e-1 3\r\nof 1 1\n");
  auto v = read_word_vectors(path, 10);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->dims, 2u);
  EXPECT_EQ(v->words, (std::vector<std::string>{"the", "Paris", "of"}));
  EXPECT_EQ(v->values, (std::vector<float>{0.5f, -1.0f, 0.2f, 3.0f, 1.0f, 1.0f}));
  auto first = read_word_vectors(path, 2);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->words.size(), 2u);
  EXPECT_EQ(first->values.size(), 4u);
}

TEST(ReadWordVectors, NamesTheLineOfAMalformedRow) {
  auto ragged = read_word_vectors(write_temp("ragged.txt", "a 1 2 3\nb 1 2\n"), 10);
  ASSERT_FALSE(ragged.ok());
  EXPECT_EQ(ragged.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(ragged.status().message().find("ragged.txt:2: 2 values, earlier rows have 3"),
            std::string::npos)
      << ragged.status().message();
  auto word = read_word_vectors(write_temp("word.txt", "a 1 2\nb 1 x2\n"), 10);
  ASSERT_FALSE(word.ok());
  EXPECT_NE(word.status().message().find("word.txt:2: value 2 is not a number"), std::string::npos)
      << word.status().message();
  auto lone = read_word_vectors(write_temp("lone.txt", "a\n"), 10);
  ASSERT_FALSE(lone.ok());
  EXPECT_NE(lone.status().message().find("lone.txt:1:"), std::string::npos);
  EXPECT_EQ(read_word_vectors(write_temp("empty.txt", ""), 10).status().code(),
            Status::Code::kInvalidInput);
  EXPECT_EQ(read_word_vectors("/nonexistent/tacitus/vectors.txt", 10).status().code(),
            Status::Code::kNotFound);
}

// 300 words in three well-separated directions of 6-d space (100 each, small deterministic
// offsets), so that no sensible clustering puts words of two directions in one class.
WordVectors three_directions() {
  WordVectors v;
  v.dims = 6;
  for (int i = 0; i < 300; ++i) {
    const int group = i % 3;
    v.words.push_back("G" + std::to_string(group) + "w" + std::to_string(i));
    for (int d = 0; d < 6; ++d) {
      const float base = d / 2 == group ? 3.0f : 0.0f;
      v.values.push_back(base + 0.2f * std::sin(float(i * 7 + d * 13)));
    }
  }
  return v;
}

TEST(WordClustersFromVectors, ClassesNeverMixDirectionsAndLookupIsLowerCase) {
  const WordVectors v = three_directions();
  const WordClusters wc = WordClusters::from_vectors(v, 1);
  ASSERT_EQ(wc.size(), 300u);
  // Class ids of each granularity, by direction: no id may serve two directions.
  std::set<std::pair<int, uint16_t>> seen[3];
  for (size_t i = 0; i < v.words.size(); ++i) {
    std::string lower = v.words[i];
    lower[0] = 'g';
    const WordClusters::Info in = wc.info(lower);
    const int group = v.words[i][1] - '0';
    ASSERT_GT(in.coarse, 0) << lower;
    ASSERT_GT(in.fine, 0);
    ASSERT_GT(in.finest, 0);
    EXPECT_EQ(in.caps, 0);
    seen[0].emplace(group, in.coarse);
    seen[1].emplace(group, in.fine);
    seen[2].emplace(group, in.finest);
  }
  for (const auto& s : seen) {
    std::set<uint16_t> ids;
    for (const auto& [group, id] : s) EXPECT_TRUE(ids.insert(id).second) << "class " << id;
    EXPECT_GE(ids.size(), 3u);
  }
  EXPECT_EQ(wc.info("unlisted").coarse, 0);
}

TEST(WordClustersFromVectors, IsDeterministicAndSurvivesEncoding) {
  const WordVectors v = three_directions();
  const std::string a = WordClusters::from_vectors(v, 3).encode();
  EXPECT_EQ(a, WordClusters::from_vectors(v, 3).encode());
  const std::string path = write_temp("classes.bin", "");
  ModelWriter w("test-classes", 1);
  w.add_section("classes", a);
  ASSERT_TRUE(w.write(path).ok());
  auto r = ModelReader::open(path, "test-classes", 1);
  ASSERT_TRUE(r.ok());
  auto back = WordClusters::decode(*r->section("classes"), *r);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->encode(), a);
}

}  // namespace
}  // namespace tacitus
