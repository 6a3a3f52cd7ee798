#include "tacitus/pipeline.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace tacitus {

Status Pipeline::run(Document& doc) const {
  for (const auto& stage : stages_) {
    Status s = stage->run(doc);
    if (!s.ok())
      return Status::Internal("document '" + doc.id + "', stage " + std::string(stage->name()) +
                              ": " + s.ToString());
  }
  return Status::Ok();
}

std::vector<std::string> Pipeline::stage_names() const {
  std::vector<std::string> names;
  for (const auto& s : stages_) names.emplace_back(s->name());
  return names;
}

namespace {

struct Slot {
  Document doc;
  Status status;
  bool done = false;
};

}  // namespace

void run_parallel(const Pipeline& pipeline, const DocumentSourceFn& next, const DocumentSinkFn& sink,
                  unsigned threads, size_t window) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  if (window < threads) window = threads;
  if (threads == 1) {
    Document doc;
    while (next(doc)) {
      Status s = pipeline.run(doc);
      sink(doc, s);
      doc = Document();
    }
    return;
  }

  // In-flight documents in input order. Workers take the oldest unclaimed slot; the calling thread
  // reads input and emits finished slots from the front, so output order equals input order.
  std::mutex mu;
  std::condition_variable work_cv, done_cv;
  std::deque<std::unique_ptr<Slot>> inflight;
  size_t next_unclaimed = 0;  // index into inflight of the first slot no worker has taken
  bool input_done = false;

  auto worker = [&] {
    for (;;) {
      Slot* slot = nullptr;
      {
        std::unique_lock lock(mu);
        work_cv.wait(lock, [&] { return next_unclaimed < inflight.size() || input_done; });
        if (next_unclaimed >= inflight.size()) return;
        slot = inflight[next_unclaimed++].get();
      }
      Status s = pipeline.run(slot->doc);
      {
        std::lock_guard lock(mu);
        slot->status = std::move(s);
        slot->done = true;
      }
      done_cv.notify_one();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back(worker);

  auto emit_ready = [&](bool block_until_room) {
    std::unique_lock lock(mu);
    for (;;) {
      while (!inflight.empty() && inflight.front()->done) {
        std::unique_ptr<Slot> slot = std::move(inflight.front());
        inflight.pop_front();
        --next_unclaimed;
        lock.unlock();
        sink(slot->doc, slot->status);
        lock.lock();
      }
      if (!block_until_room || inflight.size() < window) return;
      done_cv.wait(lock, [&] { return !inflight.empty() && inflight.front()->done; });
    }
  };

  for (;;) {
    auto slot = std::make_unique<Slot>();
    if (!next(slot->doc)) break;
    {
      std::lock_guard lock(mu);
      inflight.push_back(std::move(slot));
    }
    work_cv.notify_one();
    emit_ready(/*block_until_room=*/true);
  }
  {
    std::lock_guard lock(mu);
    input_done = true;
  }
  work_cv.notify_all();
  for (;;) {
    {
      std::unique_lock lock(mu);
      if (inflight.empty()) break;
      done_cv.wait(lock, [&] { return inflight.front()->done; });
    }
    emit_ready(false);
  }
  for (auto& t : pool) t.join();
}

}  // namespace tacitus
