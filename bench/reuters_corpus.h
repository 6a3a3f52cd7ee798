// Reuters-21578 bodies, read once per benchmark process through the project's own Reuters reader
// (src/ingest), so every benchmark measures the same real news text.
#pragma once

#include <string>
#include <vector>

#include "tacitus/document.h"

namespace tacitus::bench {

struct ReutersCorpus {
  std::vector<Document> docs;  // text and metadata only, no annotations
  size_t words = 0;            // whitespace-separated words over all docs
  std::string error;           // non-empty when ../shared/data/reuters21578 could not be read
};

// The corpus, loaded on first use; TACITUS_BENCH_DOCS=N keeps only the first N documents.
const ReutersCorpus& reuters_corpus();

}  // namespace tacitus::bench
