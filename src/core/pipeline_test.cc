#include "tacitus/pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace tacitus {
namespace {

// Appends a marker token whose start is the document's input number, sleeping a varying time so
// that workers finish out of order.
class SlowMarker : public Stage {
 public:
  std::string_view name() const override { return "slow-marker"; }
  Status run(Document& doc) const override {
    int n = std::stoi(doc.id);
    std::this_thread::sleep_for(std::chrono::microseconds((n * 7919) % 500));
    if (n == 13) return Status::InvalidInput("thirteen");
    Token t;
    t.start = static_cast<uint32_t>(n);
    doc.tokens.push_back(t);
    return Status::Ok();
  }
};

TEST(RunParallel, KeepsInputOrderAndReportsFailures) {
  Pipeline p;
  p.add(std::make_shared<SlowMarker>());
  for (unsigned threads : {1u, 2u, 4u}) {
    int produced = 0;
    std::vector<int> seen;
    std::vector<int> failed;
    run_parallel(
        p,
        [&](Document& d) {
          if (produced == 200) return false;
          d.id = std::to_string(produced++);
          return true;
        },
        [&](Document& d, const Status& s) {
          seen.push_back(std::stoi(d.id));
          if (!s.ok()) {
            failed.push_back(std::stoi(d.id));
            EXPECT_NE(s.message().find("thirteen"), std::string::npos);
            EXPECT_NE(s.message().find("slow-marker"), std::string::npos);
          } else {
            ASSERT_EQ(d.tokens.size(), 1u);
            EXPECT_EQ(d.tokens[0].start, static_cast<uint32_t>(std::stoi(d.id)));
          }
        },
        threads, 8);
    ASSERT_EQ(seen.size(), 200u) << threads;
    for (int i = 0; i < 200; ++i) EXPECT_EQ(seen[i], i);
    EXPECT_EQ(failed, std::vector<int>{13});
  }
}

TEST(Document, SpanTextAndSentenceOf) {
  Document d;
  d.text = "Rockets hit Taji. Two died.";
  d.tokens = {{0, 7}, {8, 11}, {12, 16}, {16, 17}, {18, 21}, {22, 26}, {26, 27}};
  d.sentences = {{0, 4, 0, 17}, {4, 7, 18, 27}};
  EXPECT_EQ(d.span_text(0, 3), "Rockets hit Taji");
  EXPECT_EQ(d.sentence_of(3), 0u);
  EXPECT_EQ(d.sentence_of(4), 1u);
  EXPECT_EQ(d.sentence_of(6), 1u);
  EXPECT_EQ(d.span_text(3, 3), "");
}

TEST(StringPool, InternsOnce) {
  StringPool pool;
  EXPECT_EQ(pool.intern(""), 0u);
  uint32_t a = pool.intern("attack");
  EXPECT_EQ(pool.intern("attack"), a);
  EXPECT_NE(pool.intern("strike"), a);
  EXPECT_EQ(pool.get(a), "attack");
}

TEST(Status, ToStringNamesKind) {
  EXPECT_EQ(Status::Ok().ToString(), "OK");
  EXPECT_EQ(Status::Corrupt("models/x.bin: bad magic").ToString(), "corrupt file: models/x.bin: bad magic");
  Result<int> r = Status::NotFound("f");
  EXPECT_FALSE(r.ok());
  Result<int> v = 3;
  EXPECT_EQ(*v, 3);
}

}  // namespace
}  // namespace tacitus
