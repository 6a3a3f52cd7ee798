// Stages and the Pipeline: an ordered list of named stages, each adding one layer to a Document.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/status.h"

namespace tacitus {

// One step of the pipeline. run() must be safe to call from many threads at once on different
// Documents: a stage holds only immutable, shared knowledge (models, dictionaries).
class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  virtual Status run(Document& doc) const = 0;
};

class Pipeline {
 public:
  Pipeline() = default;
  Pipeline(Pipeline&&) = default;
  Pipeline& operator=(Pipeline&&) = default;

  void add(std::shared_ptr<const Stage> stage) { stages_.push_back(std::move(stage)); }
  // Runs every stage in order; stops at the first error, whose message is prefixed with the
  // stage name and the document id.
  Status run(Document& doc) const;
  std::vector<std::string> stage_names() const;

 private:
  std::vector<std::shared_ptr<const Stage>> stages_;
};

// Codes documents on `threads` worker threads (0 = all cores) and hands each finished document to
// `sink` in input order, on the calling thread. `next` fills a Document and returns false at the
// end of input; it is called on the calling thread only. A document whose pipeline run fails is
// passed to `sink` with its Status (and whatever layers were finished) so nothing is lost silently.
// At most `window` documents are in flight, bounding memory.
using DocumentSourceFn = std::function<bool(Document&)>;
using DocumentSinkFn = std::function<void(Document&, const Status&)>;
void run_parallel(const Pipeline& pipeline, const DocumentSourceFn& next, const DocumentSinkFn& sink,
                  unsigned threads = 0, size_t window = 256);

}  // namespace tacitus
