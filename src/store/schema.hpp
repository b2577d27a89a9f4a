// The store's schema and its migrations, written once for every backend
// (docs/formats.md, "Store"; docs/ARCHITECTURE.md, "One schema, two
// databases"). A migration's SQL is a template: the few places where SQLite
// and PostgreSQL differ are named placeholders (${text}, ${real}, ...) that a
// Dialect fills in, so a table is defined in one place and both backends hold
// the same columns, keys and indexes.
//
// Migration N takes a store from schema version N-1 to N, in one transaction.
// Migrations are only ever appended, never edited, so every store, of either
// backend, can reach the newest version. Where a backend keeps the version is
// its own business (SQLite: PRAGMA user_version, sqlite_schema.cpp;
// PostgreSQL: the perfgate_schema table, postgres_schema.cpp); what a version
// means is this list.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace perfgate::schema {

// What a placeholder in a migration becomes on one backend.
struct Dialect {
  std::string_view name;           // "sqlite", "postgresql"
  std::string_view id_column;      // ${id_column}: the type of runs.id, an increasing key
  std::string_view int64;          // ${int64}: a column that holds runs.id (run_pk)
  std::string_view text;           // ${text}: text compared and ordered byte by byte
  std::string_view real;           // ${real}: an IEEE double
  std::string_view without_rowid;  // ${without_rowid}: after a table keyed by its primary key
};

// SQLite: TEXT compares bytes (BINARY collation) by default; tables keyed by
// their primary key skip the hidden rowid.
inline constexpr Dialect sqlite_dialect = {
    .name = "sqlite",
    .id_column = "INTEGER PRIMARY KEY AUTOINCREMENT",
    .int64 = "INTEGER",
    .text = "TEXT",
    .real = "REAL",
    .without_rowid = " WITHOUT ROWID",
};

// PostgreSQL: COLLATE "C" so that names sort and compare byte by byte as in
// SQLite whatever the database's locale (the same order on both backends,
// and prefix LIKE can use the indexes); DOUBLE PRECISION, as REAL is single
// precision there.
inline constexpr Dialect postgres_dialect = {
    .name = "postgresql",
    .id_column = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    .int64 = "BIGINT",
    .text = "TEXT COLLATE \"C\"",
    .real = "DOUBLE PRECISION",
    .without_rowid = "",
};

struct Migration {
  int version;              // the schema version after it ran; 1, 2, 3, ...
  const char* description;  // one line, for docs and messages
  const char* sql;          // the template: statements run inside the migration's transaction
};

// Every migration, in order (version i+1 at index i).
std::span<const Migration> migrations();

// The schema version this perfgate writes: the last migration's version.
int latest_version();

// What a save runs after inserting a run's metrics, on either backend ($1:
// the run's project, $2: its runs.id; SQLite reads $1 and $2 as parameters 1
// and 2): adds the series the run declares to the catalogue (version 3). In
// name order, so that two concurrent saves wait for each other's new rows in
// one order and never deadlock.
inline constexpr const char* insert_series =
    "INSERT INTO series (project, benchmark, metric) "
    "SELECT DISTINCT CAST($1 AS TEXT), benchmark, name FROM metrics WHERE run_pk = $2 "
    "ORDER BY benchmark, name ON CONFLICT DO NOTHING";

// The migration's statements for `dialect`: every ${name} replaced. Throws
// std::logic_error on an unknown placeholder (a mistake in the list above,
// caught by the tests, never by a user).
std::string render(const Migration& m, const Dialect& dialect);

}  // namespace perfgate::schema
