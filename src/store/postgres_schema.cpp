#include "store/postgres_schema.hpp"

#include "store/schema.hpp"

namespace perfgate::pg {
namespace {

constexpr const char* version_table = R"sql(
CREATE TABLE IF NOT EXISTS perfgate_schema (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
))sql";

int version_in(pqxx::transaction_base& tx) {
  if (tx.exec("SELECT to_regclass('perfgate_schema') IS NULL")[0][0].as<bool>()) return 0;
  return static_cast<int>(
      to_int64(tx.exec("SELECT coalesce(max(version), 0) FROM perfgate_schema")[0][0]));
}

}  // namespace

int schema_version(pqxx::connection& conn) {
  pqxx::read_transaction tx(conn);
  return version_in(tx);
}

std::vector<std::string> conflicting_tables(pqxx::transaction_base& tx) {
  const pqxx::result r = tx.exec(
      "SELECT table_name FROM information_schema.tables "
      "WHERE table_schema = current_schema() "
      "AND table_name IN ('runs', 'benchmarks', 'metrics', 'samples', 'failures', 'projects', "
      "'tokens') "
      "ORDER BY table_name");
  std::vector<std::string> out;
  for (const auto& row : r) out.push_back(row[0].c_str());
  return out;
}

void migrate(pqxx::connection& conn,
             const std::function<void(pqxx::transaction_base&)>& check_new) {
  if (schema_version(conn) >= schema::latest_version()) return;
  // A session lock, taken before the migrations' transactions begin: a
  // transaction that began before another perfgate's migration committed
  // could still see the catalog as it was (PostgreSQL refreshes its cached
  // catalog when a transaction starts, not when an advisory lock is granted).
  const std::string key = std::to_string(migration_lock_key);
  pqxx::nontransaction(conn).exec("SELECT pg_advisory_lock(" + key + ")");
  struct Unlock {
    pqxx::connection& conn;
    std::string key;
    ~Unlock() {
      try {  // a lost connection has released the lock already
        pqxx::nontransaction(conn).exec("SELECT pg_advisory_unlock(" + key + ")");
      } catch (...) {
      }
    }
  } unlock{conn, key};
  for (const schema::Migration& m : schema::migrations()) {
    pqxx::work tx(conn);
    const int version = version_in(tx);
    if (version >= m.version) continue;  // done before, or by another perfgate meanwhile
    if (version == 0) check_new(tx);
    tx.exec(version_table);
    tx.exec(schema::render(m, schema::postgres_dialect));
    exec(tx, "INSERT INTO perfgate_schema (version, description) VALUES ($1, $2)",
         {number(m.version), std::string(m.description)});
    tx.commit();
  }
}

}  // namespace perfgate::pg
