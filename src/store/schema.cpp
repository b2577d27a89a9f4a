#include "store/schema.hpp"

#include <array>
#include <stdexcept>

namespace perfgate::schema {
namespace {

// Version 1: runs (with the whole result document, so a run reads back
// exactly) and normalised tables for series queries. Rendered for SQLite it
// is, byte for byte, the schema perfgate 0.1 created, so stores made before
// the schema was shared keep their meaning.
constexpr const char* schema_v1 = R"sql(
CREATE TABLE runs (
  id          ${id_column},
  run_id      ${text} NOT NULL UNIQUE,
  started_at  ${text} NOT NULL,
  finished_at ${text} NOT NULL,
  suite_name  ${text} NOT NULL,
  source      ${text} NOT NULL,
  git_commit  ${text} NOT NULL,
  git_branch  ${text} NOT NULL,
  git_dirty   INTEGER CHECK (git_dirty IN (0, 1)),
  host_id     ${text} NOT NULL,
  document    ${text} NOT NULL
);
CREATE INDEX runs_by_git_commit ON runs (git_commit);
CREATE INDEX runs_by_git_branch ON runs (git_branch, id);

CREATE TABLE benchmarks (
  run_pk    ${int64} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name      ${text} NOT NULL,
  threshold ${real} NOT NULL,
  PRIMARY KEY (run_pk, name)
)${without_rowid};

CREATE TABLE metrics (
  run_pk    ${int64} NOT NULL,
  benchmark ${text} NOT NULL,
  name      ${text} NOT NULL,
  unit      ${text} NOT NULL,
  direction ${text} NOT NULL CHECK (direction IN ('lower', 'higher')),
  compared  INTEGER NOT NULL CHECK (compared IN (0, 1)),
  PRIMARY KEY (run_pk, benchmark, name),
  FOREIGN KEY (run_pk, benchmark) REFERENCES benchmarks (run_pk, name) ON DELETE CASCADE
)${without_rowid};
CREATE INDEX metrics_by_benchmark_metric ON metrics (benchmark, name, run_pk);

CREATE TABLE samples (
  run_pk     ${int64} NOT NULL,
  benchmark  ${text} NOT NULL,
  metric     ${text} NOT NULL,
  repetition INTEGER NOT NULL,
  value      ${real} NOT NULL,
  PRIMARY KEY (run_pk, benchmark, metric, repetition),
  FOREIGN KEY (run_pk, benchmark) REFERENCES benchmarks (run_pk, name) ON DELETE CASCADE
)${without_rowid};
CREATE INDEX samples_by_benchmark_metric ON samples (benchmark, metric, run_pk);

CREATE TABLE failures (
  run_pk      ${int64} NOT NULL,
  benchmark   ${text} NOT NULL,
  repetition  INTEGER NOT NULL,
  reason      ${text} NOT NULL,
  exit_status INTEGER,
  signal      INTEGER,
  PRIMARY KEY (run_pk, benchmark, repetition),
  FOREIGN KEY (run_pk, benchmark) REFERENCES benchmarks (run_pk, name) ON DELETE CASCADE
)${without_rowid};
)sql";

// Version 2: projects and API tokens, for `perfgate serve` (store/project.hpp,
// docs/api.md). Every run belongs to a project; runs stored before, and runs
// a local `perfgate run` saves, are in project '' (no project), which needs
// no row in `projects`. Tokens are kept as their SHA-256 only, with a public
// prefix to find the candidates a presented token is compared with.
constexpr const char* schema_v2 = R"sql(
ALTER TABLE runs ADD COLUMN project ${text} NOT NULL DEFAULT '';
CREATE INDEX runs_by_project ON runs (project, id);

CREATE TABLE projects (
  name       ${text} PRIMARY KEY,
  reads      ${text} NOT NULL CHECK (reads IN ('open', 'token')),
  created_at ${text} NOT NULL
)${without_rowid};

CREATE TABLE tokens (
  id         ${id_column},
  project    ${text} NOT NULL REFERENCES projects (name),
  prefix     ${text} NOT NULL,
  sha256     ${text} NOT NULL UNIQUE,
  created_at ${text} NOT NULL,
  revoked_at ${text}
);
CREATE INDEX tokens_by_prefix ON tokens (prefix);
)sql";

// Version 3: the catalogue of series, every benchmark x metric a project's
// runs declare, kept by save() (insert_series below). It lets a reader of a
// whole project (Store::project_series, the dashboard) know every series
// without scanning every run's metrics, and stop walking the runs once each
// series has its newest points. Filled here from the runs stored before;
// `runs.project` is read through runs_by_project (the covering index), never
// from the row, which in SQLite keeps it after the document: joining on
// runs.id instead took 92 s on a store of 1,000 runs x 1,000 benchmarks,
// this takes 0.4 s.
constexpr const char* schema_v3 = R"sql(
CREATE TABLE series (
  project   ${text} NOT NULL,
  benchmark ${text} NOT NULL,
  metric    ${text} NOT NULL,
  PRIMARY KEY (project, benchmark, metric)
)${without_rowid};
INSERT INTO series (project, benchmark, metric)
  SELECT DISTINCT p.project, m.benchmark, m.name
  FROM (SELECT DISTINCT project FROM runs) p
  JOIN metrics m ON m.run_pk IN (SELECT id FROM runs WHERE project = p.project);
)sql";

constexpr std::array<Migration, 3> all_migrations = {{
    {1, "runs, benchmarks, metrics, samples and failures", schema_v1},
    {2, "projects and API tokens; runs.project", schema_v2},
    {3, "the catalogue of series (project, benchmark, metric)", schema_v3},
}};

std::string_view placeholder(std::string_view name, const Dialect& d) {
  if (name == "id_column") return d.id_column;
  if (name == "int64") return d.int64;
  if (name == "text") return d.text;
  if (name == "real") return d.real;
  if (name == "without_rowid") return d.without_rowid;
  throw std::logic_error("store schema: unknown placeholder ${" + std::string(name) + "}");
}

}  // namespace

std::span<const Migration> migrations() { return all_migrations; }

int latest_version() { return all_migrations.back().version; }

std::string render(const Migration& m, const Dialect& dialect) {
  const std::string_view sql = m.sql;
  std::string out;
  out.reserve(sql.size() + sql.size() / 4);
  std::size_t at = 0;
  while (true) {
    const std::size_t open = sql.find("${", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = sql.find('}', open);
    if (close == std::string_view::npos)
      throw std::logic_error("store schema: unclosed placeholder in migration " +
                             std::to_string(m.version));
    out.append(sql.substr(at, open - at));
    out.append(placeholder(sql.substr(open + 2, close - open - 2), dialect));
    at = close + 1;
  }
  out.append(sql.substr(at));
  return out;
}

}  // namespace perfgate::schema
