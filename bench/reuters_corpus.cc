#include "reuters_corpus.h"

#include <cstdlib>

#include "tacitus/ingest.h"
#include "tacitus/resources.h"

namespace tacitus::bench {

namespace {

size_t count_words(const std::string& text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace

const ReutersCorpus& reuters_corpus() {
  static const ReutersCorpus corpus = [] {
    ReutersCorpus c;
    auto dir = shared_path("data/reuters21578");
    if (!dir) {
      c.error = "../shared/data/reuters21578 is absent (set TACITUS_SHARED)";
      return c;
    }
    size_t limit = 0;
    if (const char* env = std::getenv("TACITUS_BENCH_DOCS")) limit = std::strtoull(env, nullptr, 10);
    ReaderOptions options;
    options.path = *dir;
    options.format = InputFormat::kReuters;
    auto reader = open_reader(options);
    if (!reader.ok()) {
      c.error = reader.status().ToString();
      return c;
    }
    for (Document d; (!limit || c.docs.size() < limit) && (*reader)->next(d); d = Document()) {
      c.words += count_words(d.text);
      c.docs.push_back(std::move(d));
    }
    return c;
  }();
  return corpus;
}

}  // namespace tacitus::bench
