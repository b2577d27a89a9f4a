// The SQLite store's schema and its migrations (docs/formats.md, "Store
// (SQLite)"). The schema version lives in PRAGMA user_version; migration N
// takes a store from version N-1 to N in one transaction. Migrations are only
// ever appended, never edited, so every store can reach the newest version.
#pragma once

#include <cstdint>
#include <span>

#include "store/sqlite_connection.hpp"

namespace perfgate::sqlite {

// PRAGMA application_id of every perfgate store: "PGAT" in ASCII.
inline constexpr std::int32_t perfgate_application_id = 0x50474154;

struct Migration {
  int version;              // the user_version after it ran; 1, 2, 3, ...
  const char* description;  // one line, for docs and messages
  const char* sql;          // statements run inside the migration's transaction
};

// Every migration, in order (version i+1 at index i).
std::span<const Migration> migrations();

// The schema version this perfgate writes: the last migration's version.
int latest_schema_version();

// Applies every migration newer than the store's user_version, each in its
// own transaction (BEGIN IMMEDIATE, so two processes opening a new store at
// once do not both migrate). Throws Failure; a failed migration leaves the
// store at the previous version.
void migrate(Connection& db);

}  // namespace perfgate::sqlite
