// Kill-anywhere durability: a writer process is SIGKILLed at random moments, rerun, and the final
// store must equal one written without interruption (nothing lost, nothing duplicated).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "store/store_test_util.h"
#include "tacitus/store.h"

namespace tacitus {
namespace {

using store_testing::EventSpec;
using store_testing::make_document;

constexpr int kDocuments = 400;
constexpr int kBatch = 7;

// Deterministic corpus: documents with 1-3 events; many repeat each other so merges happen.
Document corpus_document(int i) {
  std::vector<EventSpec> specs;
  for (int k = 0; k <= i % 3; ++k) {
    EventSpec s;
    s.cameo = (i + k) % 4 == 0 ? "141" : "190";
    s.date = format_day(*parse_day("2020-05-01") + (i % 11));
    s.where = std::make_pair(30.0 + (i % 17) * 0.9, 40.0 + k * 0.05);
    s.fatalities = i % 5;
    specs.push_back(s);
  }
  return make_document("doc" + std::to_string(i), i % 2 ? "wire.example" : "daily.example", specs);
}

// Writes the whole corpus into `path`, kBatch documents per transaction. Re-running it after a
// crash must skip what is stored.
int write_corpus(const std::string& path) {
  auto store = EventStore::open(path);
  if (!store.ok()) return 10;
  for (int i = 0; i < kDocuments; i += kBatch) {
    if (!(*store)->begin().ok()) return 11;
    for (int j = i; j < std::min(kDocuments, i + kBatch); ++j)
      if (!(*store)->add_document(corpus_document(j)).ok()) return 12;
    if (!(*store)->commit().ok()) return 13;
  }
  return 0;
}

// The child side: runs only when the parent exec'd this binary with the store path set.
TEST(StoreCrash, ChildWriter) {
  const char* path = std::getenv("TACITUS_STORE_CRASH_CHILD");
  if (!path) GTEST_SKIP() << "runs only as the child of StoreCrash.KillAnywhereLosesNothing";
  std::_Exit(write_corpus(path));
}

pid_t spawn_child(const std::string& db) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("TACITUS_STORE_CRASH_CHILD", db.c_str(), 1);
    execl("/proc/self/exe", "test_store", "--gtest_filter=StoreCrash.ChildWriter", nullptr);
    std::_Exit(127);
  }
  return pid;
}

TEST(StoreCrash, KillAnywhereLosesNothing) {
  store_testing::TempDir dir;
  const std::string reference = dir.file("reference.db"), crashed = dir.file("crashed.db");
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(write_corpus(reference), 0);
  // Kills land within the first half of a full run's time (plus process start-up), so they hit
  // a writer at work whatever the machine's speed; later runs have less left to write.
  const auto full_run_us = std::max<int64_t>(
      20000, std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::steady_clock::now() - t0).count());

  std::mt19937 rng(20200509);
  // Kills that landed on the store the final run completes. A child that finished before its kill
  // (the machine was busier than when the reference run was timed) wrote the rest uninterrupted:
  // then start over on an empty store with a window half as long, so that every kill counted hit
  // a writer with work left.
  int kills = 0;
  int64_t window_us = full_run_us / 2 + 5000;
  for (int attempt = 0; attempt < 40 && kills < 6; ++attempt) {
    pid_t pid = spawn_child(crashed);
    ASSERT_GT(pid, 0);
    // Random points: from before the store opens to deep inside a batch.
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % window_us));
    kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) {
      ++kills;
      continue;
    }
    ASSERT_EQ(WEXITSTATUS(status), 0) << "child failed before the kill";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(crashed + suffix);
    kills = 0;
    window_us = std::max<int64_t>(window_us / 2, 2000);
  }
  pid_t pid = spawn_child(crashed);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "final run failed: " << status;
  EXPECT_GE(kills, 2) << "the child finished too fast for the kills to land mid-write";

  auto a = EventStore::open(reference), b = EventStore::open(crashed);
  ASSERT_TRUE(a.ok() && b.ok());
  auto sa = (*a)->stats(), sb = (*b)->stats();
  ASSERT_TRUE(sa.ok() && sb.ok());
  EXPECT_EQ(sa->documents, static_cast<uint64_t>(kDocuments));
  EXPECT_EQ(sb->documents, sa->documents);
  EXPECT_EQ(sb->events, sa->events);
  EXPECT_EQ(sb->mentions, sa->mentions);
  EventQuery all;
  all.limit = 500;
  auto ea = (*a)->find_events(all), eb = (*b)->find_events(all);
  ASSERT_TRUE(ea.ok() && eb.ok());
  ASSERT_EQ(ea->size(), eb->size());
  for (size_t i = 0; i < ea->size(); ++i) {
    EXPECT_EQ((*ea)[i].num_mentions, (*eb)[i].num_mentions);
    EXPECT_EQ((*ea)[i].fatalities, (*eb)[i].fatalities);
  }
  auto fa = (*a)->aggregate(all, AggregateKey::kDay), fb = (*b)->aggregate(all, AggregateKey::kDay);
  ASSERT_TRUE(fa.ok() && fb.ok());
  ASSERT_EQ(fa->size(), fb->size());
  for (size_t i = 0; i < fa->size(); ++i) {
    EXPECT_EQ((*fa)[i].mentions, (*fb)[i].mentions);
    EXPECT_EQ((*fa)[i].fatalities, (*fb)[i].fatalities);
  }
}

}  // namespace
}  // namespace tacitus
