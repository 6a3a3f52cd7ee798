// The terms the store's full-text index makes of a text, from SQLite's own FTS5 tokenizer, so the
// term rollup (agg_day_term) and the index (event_fts) can never disagree on what a word is.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "tacitus/status.h"

namespace tacitus::store {

class FtsTerms {
 public:
  // The tokenizer of `db`'s FTS5 module, configured as event_fts is ("unicode61",
  // "remove_diacritics 2"). `db` must outlive the object. Internal error when FTS5 is missing.
  static Result<FtsTerms> open(sqlite3* db);
  FtsTerms(FtsTerms&& o) noexcept : api_(o.api_), tokenizer_(o.tokenizer_), instance_(o.instance_) {
    o.instance_ = nullptr;
  }
  FtsTerms& operator=(FtsTerms&&) = delete;
  ~FtsTerms();

  // The tokens of `text` in order (lower-cased, diacritics removed), as the index stores them.
  std::vector<std::string> tokens(std::string_view text) const;
  // The distinct tokens of `text`, sorted.
  std::vector<std::string> terms(std::string_view text) const;

 private:
  FtsTerms() = default;
  fts5_api* api_ = nullptr;
  fts5_tokenizer tokenizer_{};
  Fts5Tokenizer* instance_ = nullptr;
};

}  // namespace tacitus::store
