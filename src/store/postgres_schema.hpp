// Where the PostgreSQL store keeps its schema version, and how it migrates:
// the tables themselves are store/schema.hpp's, shared with SQLite. The
// version is the highest row of the table perfgate_schema (one row per
// migration applied, with when), in the connection's current schema
// (search_path), beside the store's tables (docs/formats.md, "Store").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "store/postgres_connection.hpp"

namespace perfgate::pg {

// The advisory lock every perfgate migrating a database holds, so that two
// perfgates opening a new database at once do not both migrate: "PGAT".
inline constexpr long long migration_lock_key = 0x50474154;

// The store's schema version: 0 when the database holds no perfgate store
// yet (no perfgate_schema table, or an empty one).
int schema_version(pqxx::connection& conn);

// Tables of the store's schema that already exist in a database holding no
// perfgate store (another application's "runs", say): migrating there would
// fail or mix data, so the store refuses.
std::vector<std::string> conflicting_tables(pqxx::transaction_base& tx);

// Applies every migration newer than the store's version, each in its own
// transaction, all under the advisory lock; the version is read again under
// the lock, so a migration another process finished meanwhile is not repeated.
// `check_new` runs under the lock before the first migration of a new store
// (version 0) and may throw to refuse. Throws what libpqxx throws; a failed
// migration leaves the store at the previous version (DDL is transactional).
void migrate(pqxx::connection& conn, const std::function<void(pqxx::transaction_base&)>& check_new);

}  // namespace perfgate::pg
