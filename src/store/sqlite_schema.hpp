// Where the SQLite store keeps its schema version, and how it migrates: the
// tables themselves are store/schema.hpp's, shared with PostgreSQL. The
// version lives in PRAGMA user_version (docs/formats.md, "Store").
#pragma once

#include <cstdint>

#include "store/sqlite_connection.hpp"

namespace perfgate::sqlite {

// PRAGMA application_id of every perfgate store: "PGAT" in ASCII.
inline constexpr std::int32_t perfgate_application_id = 0x50474154;

// Applies every migration newer than the store's user_version, each in its
// own transaction (BEGIN IMMEDIATE, so two processes opening a new store at
// once do not both migrate). Throws Failure; a failed migration leaves the
// store at the previous version.
void migrate(Connection& db);

}  // namespace perfgate::sqlite
