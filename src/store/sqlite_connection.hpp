// RAII wrappers for the SQLite 3 C API: a connection, a prepared statement
// with bound parameters, and a transaction that rolls back unless committed.
// Failures throw sqlite::Failure carrying SQLite's result code, so that the
// store can turn them into messages a user can act on (sqlite_store.cpp).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace perfgate::sqlite {

class Failure : public std::runtime_error {
 public:
  Failure(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }                 // extended result code
  int primary_code() const { return code_ & 0xff; }  // SQLITE_BUSY, SQLITE_NOTADB, ...

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  // Parameters are 1-based, as in SQLite. Text is copied.
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, std::optional<bool> v);  // NULL when unknown
  Statement& bind_null(int i);

  // Advances: true when a row is ready, false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  // Makes the statement ready to run again with new parameters.
  void reset();

  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
  double real(int column) const { return sqlite3_column_double(stmt_.get(), column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }
  std::string text(int column) const;
  // The same without a copy: valid until the next step() or reset().
  std::string_view view(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  void check(int rc);

  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

class Connection {
 public:
  // Opens (and, with SQLITE_OPEN_CREATE in flags, creates) the database file.
  Connection(const std::string& path, int flags);

  sqlite3* get() const { return db_.get(); }
  // Runs one or more statements without parameters (schema, pragmas).
  void exec(const std::string& sql);
  Statement prepare(std::string_view sql);
  // The single value of a one-row, one-column query (e.g. "PRAGMA user_version").
  std::int64_t query_int(std::string_view sql);
  std::string query_text(std::string_view sql);

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

// BEGIN IMMEDIATE on construction (the write lock is taken at once, so a
// concurrent writer waits for busy_timeout rather than failing at COMMIT);
// ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& db_;
  bool done_ = false;
};

// A read snapshot: BEGIN on construction (in WAL mode the first read fixes
// what every later read of the transaction sees, whatever writers commit
// meanwhile), ended on destruction. For a reader that runs several queries.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& db_;
};

}  // namespace perfgate::sqlite
