#include "store/fts_terms.h"

#include <algorithm>

namespace tacitus::store {

Result<FtsTerms> FtsTerms::open(sqlite3* db) {
  FtsTerms t;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK)
    return Status::Internal(std::string("this SQLite has no FTS5: ") + sqlite3_errmsg(db));
  sqlite3_bind_pointer(st, 1, &t.api_, "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (!t.api_) return Status::Internal("this SQLite has no FTS5 API");
  void* user_data = nullptr;
  if (t.api_->xFindTokenizer(t.api_, "unicode61", &user_data, &t.tokenizer_) != SQLITE_OK)
    return Status::Internal("FTS5 has no unicode61 tokenizer");
  const char* args[] = {"remove_diacritics", "2"};
  if (t.tokenizer_.xCreate(user_data, args, 2, &t.instance_) != SQLITE_OK)
    return Status::Internal("cannot create the unicode61 tokenizer");
  return t;
}

FtsTerms::~FtsTerms() {
  if (instance_) tokenizer_.xDelete(instance_);
}

std::vector<std::string> FtsTerms::tokens(std::string_view text) const {
  std::vector<std::string> out;
  tokenizer_.xTokenize(
      instance_, &out, FTS5_TOKENIZE_DOCUMENT, text.data(), static_cast<int>(text.size()),
      [](void* ctx, int, const char* token, int size, int, int) -> int {
        static_cast<std::vector<std::string>*>(ctx)->emplace_back(token, static_cast<size_t>(size));
        return SQLITE_OK;
      });
  return out;
}

std::vector<std::string> FtsTerms::terms(std::string_view text) const {
  std::vector<std::string> out = tokens(text);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace tacitus::store
