
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id      TEXT NOT NULL UNIQUE,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  suite_name  TEXT NOT NULL,
  source      TEXT NOT NULL,
  git_commit  TEXT NOT NULL,
  git_branch  TEXT NOT NULL,
  git_dirty   INTEGER CHECK (git_dirty IN (0, 1)),
  host_id     TEXT NOT NULL,
  document    TEXT NOT NULL
);
CREATE INDEX runs_by_git_commit ON runs (git_commit);
CREATE INDEX runs_by_git_branch ON runs (git_branch, id);

CREATE TABLE benchmarks (
  run_pk    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name      TEXT NOT NULL,
  threshold REAL NOT NULL,
  PRIMARY KEY (run_pk, name)
) WITHOUT ROWID;

CREATE TABLE metrics (
  run_pk    INTEGER NOT NULL,
  benchmark TEXT NOT NULL,
  name      TEXT NOT NULL,
  unit      TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('lower', 'higher')),
  compared  INTEGER NOT NULL CHECK (compared IN (0, 1)),
  PRIMARY KEY (run_pk, benchmark, name),
  FOREIGN KEY (run_pk, benchmark) REFERENCES benchmarks (run_pk, name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX metrics_by_benchmark_metric ON metrics (benchmark, name, run_pk);

CREATE TABLE samples (
  run_pk     INTEGER NOT NULL,
  benchmark  TEXT NOT NULL,
  metric     TEXT NOT NULL,
  repetition INTEGER NOT NULL,
  value      REAL NOT NULL,
  PRIMARY KEY (run_pk, benchmark, metric, repetition),
  FOREIGN KEY (run_pk, benchmark) REFERENCES benchmarks (run_pk, name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX samples_by_benchmark_metric ON samples (benchmark, metric, run_pk);

CREATE TABLE failures (
  run_pk      INTEGER NOT NULL,
  benchmark   TEXT NOT NULL,
  repetition  INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  exit_status INTEGER,
  signal      INTEGER,
  PRIMARY KEY (run_pk, benchmark, repetition),
  FOREIGN KEY (run_pk, benchmark) REFERENCES benchmarks (run_pk, name) ON DELETE CASCADE
) WITHOUT ROWID;
