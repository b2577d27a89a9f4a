#include "store/sqlite_connection.hpp"

namespace perfgate::sqlite {
namespace {

// SQLite's own message; the store puts its description of what failed first.
[[noreturn]] void fail(sqlite3* db, int rc) {
  const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw Failure(db ? sqlite3_extended_errcode(db) : rc, msg);
}

}  // namespace

void Statement::check(int rc) {
  if (rc != SQLITE_OK) fail(db_, rc);
}

Statement& Statement::bind(int i, std::int64_t v) {
  check(sqlite3_bind_int64(stmt_.get(), i, v));
  return *this;
}

Statement& Statement::bind(int i, double v) {
  check(sqlite3_bind_double(stmt_.get(), i, v));
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  check(sqlite3_bind_text64(stmt_.get(), i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind(int i, std::optional<bool> v) {
  if (!v) return bind_null(i);
  return bind(i, static_cast<std::int64_t>(*v ? 1 : 0));
}

Statement& Statement::bind_null(int i) {
  check(sqlite3_bind_null(stmt_.get(), i));
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, rc);
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_.get(), column);
  const int n = sqlite3_column_bytes(stmt_.get(), column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string();
}

Connection::Connection(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);  // closed even when opening failed
  if (rc != SQLITE_OK) fail(raw, rc);
  sqlite3_extended_result_codes(raw, 1);
}

void Connection::exec(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw Failure(sqlite3_extended_errcode(db_.get()), msg);
  }
}

Statement Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) fail(db_.get(), rc);
  return Statement(db_.get(), stmt);
}

std::int64_t Connection::query_int(std::string_view sql) {
  Statement s = prepare(sql);
  return s.step() ? s.int64(0) : 0;
}

std::string Connection::query_text(std::string_view sql) {
  Statement s = prepare(sql);
  return s.step() ? s.text(0) : std::string();
}

std::string_view Statement::view(int column) const {
  const auto* p = sqlite3_column_text(stmt_.get(), column);
  const int n = sqlite3_column_bytes(stmt_.get(), column);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string_view();
}

ReadSnapshot::ReadSnapshot(Connection& db) : db_(db) { db_.exec("BEGIN"); }

ReadSnapshot::~ReadSnapshot() { sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr); }

Transaction::Transaction(Connection& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace perfgate::sqlite
