#include "store/sqlite.h"

namespace tacitus::store {

Statement::~Statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    status_ = db_->error(std::string("step of `") + sqlite3_sql(stmt_) + "`");
  }
  return false;
}

Status Statement::run() {
  while (step()) {
  }
  return status_;
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // one connection per thread; the caller guarantees it
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    if (rc == SQLITE_CANTOPEN) return Status::NotFound("cannot open store " + path + ": " + msg);
    return Status::IOError("cannot open store " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  // Readers and the writer wait for each other's short locks instead of failing at once.
  sqlite3_busy_timeout(db, 10000);
  return std::unique_ptr<Database>(new Database(db));
}

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Database::error(std::string_view what) const {
  int code = sqlite3_errcode(db_) & 0xff;
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Status::Corrupt(msg);
  if (code == SQLITE_ERROR || code == SQLITE_MISUSE || code == SQLITE_RANGE) {
    return Status::Internal(msg);
  }
  return Status::IOError(msg);
}

Status Database::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    Status s = error("`" + sql.substr(0, 120) + "`");
    return s.ok() ? Status::IOError(msg) : s;
  }
  return Status::Ok();
}

Result<Statement> Database::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Statement(this, it->second);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return error("prepare `" + sql.substr(0, 160) + "`");
  }
  // Never evicted: a borrowed Statement may be live. Query shapes are bounded (one per set of
  // filters), so the cache stays small.
  cache_.emplace(sql, stmt);
  return Statement(this, stmt);
}

}  // namespace tacitus::store
