// Test support (GoogleTest only, never linked into perfgate): the two store
// backends behind one face, so that one test states the Store contract and
// runs on both (store_contract_test.cpp, store_series_test.cpp). Each
// backend makes a new, empty store location and reads and writes it the raw
// way, as another process would: SQLite through a second connection to the
// file, PostgreSQL through a second connection to a new database of the
// shared throw-away server (tests/support/postgres_cluster.hpp).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres_connection.hpp"
#include "store/sqlite_connection.hpp"
#include "support/postgres_cluster.hpp"

namespace perfgate::test_support {

// A cell read the raw way: its text, NULL as nullopt. Doubles come as text
// that reads back exactly (see as_double).
using Cell = std::optional<std::string>;
using Rows = std::vector<std::vector<Cell>>;

inline double as_double(const Cell& c) {
  double v = 0;
  if (!c) return v;
  std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  // The --store URL of this backend's new, empty store.
  virtual std::string url() const = 0;
  // Runs statements on the store without perfgate.
  virtual void exec(const std::string& sql) = 0;
  virtual Rows rows(const std::string& sql) = 0;
  std::int64_t query_int(const std::string& sql) {
    const Rows r = rows(sql);
    return r.empty() || !r[0][0] ? 0 : std::stoll(*r[0][0]);
  }
  // Makes every insert into `failures` fail with "injected failure", after
  // the run, its benchmarks, metrics and samples were written; and undoes it.
  virtual void inject_failure() = 0;
  virtual void remove_injected_failure() = 0;
  // Sets the store's schema version as a newer perfgate would.
  virtual void set_schema_version(int version) = 0;
};

class SqliteBackend final : public StoreBackend {
 public:
  SqliteBackend() {
    std::string templ = (std::filesystem::temp_directory_path() / "perfgate-store-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = templ;
    path_ = (dir_ / "store" / "perfgate.db").string();
  }
  ~SqliteBackend() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string url() const override { return "sqlite:" + path_; }
  void exec(const std::string& sql) override { raw().exec(sql); }
  // A REAL comes as text that reads back exactly, an INTEGER or TEXT as is.
  Rows rows(const std::string& sql) override {
    sqlite::Connection db = raw();
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db.get()));
    Rows out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<Cell> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        switch (sqlite3_column_type(st, i)) {
          case SQLITE_NULL:
            row.push_back(std::nullopt);
            break;
          case SQLITE_FLOAT:
            row.push_back(pg::number(sqlite3_column_double(st, i)));
            break;
          default:
            row.push_back(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
        }
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return out;
  }
  void inject_failure() override {
    exec(
        "CREATE TRIGGER injected_failure BEFORE INSERT ON failures "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
  }
  void remove_injected_failure() override { exec("DROP TRIGGER injected_failure"); }
  void set_schema_version(int version) override {
    exec("PRAGMA user_version = " + std::to_string(version));
  }

  const std::string& path() const { return path_; }

 private:
  sqlite::Connection raw() const { return sqlite::Connection(path_, SQLITE_OPEN_READWRITE); }

  std::filesystem::path dir_;
  std::string path_;
};

class PostgresBackend final : public StoreBackend {
 public:
  explicit PostgresBackend(PostgresCluster& cluster)
      : cluster_(cluster), database_(cluster.create_database()) {}
  std::string url() const override { return cluster_.url(database_); }
  PostgresCluster& cluster() { return cluster_; }
  const std::string& database() const { return database_; }

  void exec(const std::string& sql) override {
    pqxx::nontransaction tx(raw());
    tx.exec(sql);
  }
  Rows rows(const std::string& sql) override {
    pqxx::nontransaction tx(raw());
    Rows out;
    for (const auto& r : tx.exec(sql)) {
      std::vector<Cell> row;
      for (const auto& f : r) row.push_back(f.is_null() ? Cell{} : Cell{f.c_str()});
      out.push_back(std::move(row));
    }
    return out;
  }
  void inject_failure() override {
    exec(
        "CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;"
        "CREATE TRIGGER injected_failure BEFORE INSERT ON failures "
        "FOR EACH ROW EXECUTE FUNCTION injected_failure();");
  }
  void remove_injected_failure() override {
    exec("DROP TRIGGER injected_failure ON failures; DROP FUNCTION injected_failure();");
  }
  // The server ends the saving session itself when the first failure row
  // arrives: the database going away in the middle of a save.
  void inject_lost_connection() {
    exec(
        "CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$;"
        "CREATE TRIGGER injected_failure BEFORE INSERT ON failures "
        "FOR EACH ROW EXECUTE FUNCTION injected_failure();");
  }
  void set_schema_version(int version) override {
    exec("INSERT INTO perfgate_schema (version, description) VALUES (" + std::to_string(version) +
         ", 'from a newer perfgate')");
  }

 private:
  pqxx::connection& raw() {
    if (!conn_ || !conn_->is_open()) {
      quiet_.reset();  // registered on the old connection
      conn_ = std::make_unique<pqxx::connection>(url());
      quiet_ = std::make_unique<pqxx::quiet_errorhandler>(*conn_);
      pqxx::nontransaction(*conn_).exec("SET extra_float_digits = 3");
    }
    return *conn_;
  }

  PostgresCluster& cluster_;
  std::string database_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::quiet_errorhandler> quiet_;
};

// The backends every contract test runs on, by name (the test's parameter).
inline const std::vector<std::string> all_backends = {"sqlite", "postgresql"};

}  // namespace perfgate::test_support

// In a value-parameterised test's SetUp: sets `backend`
// (std::unique_ptr<StoreBackend>) to a new store of the backend named by
// GetParam(), or skips (PERFGATE_POSTGRES_OR_SKIP) when PostgreSQL is missing.
#define PERFGATE_MAKE_BACKEND(backend)                                                     \
  do {                                                                                     \
    if (GetParam() == std::string("sqlite")) {                                             \
      backend = std::make_unique<::perfgate::test_support::SqliteBackend>();               \
    } else {                                                                               \
      ::perfgate::test_support::PostgresCluster* pg_cluster_ = nullptr;                    \
      PERFGATE_POSTGRES_OR_SKIP(pg_cluster_);                                              \
      backend = std::make_unique<::perfgate::test_support::PostgresBackend>(*pg_cluster_); \
    }                                                                                      \
  } while (0)
