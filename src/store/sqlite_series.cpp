// Reading series back from the SQLite store: what `perfgate history` shows.
// The normalised tables answer (samples_by_benchmark_metric and
// metrics_by_benchmark_metric lead every query); the run's document is read
// only for what the tables do not hold (a skipped benchmark's reason, summary
// statistics of ingested runs, the metrics' declaration order), and only for
// the few rows that need it.
#include <utility>

#include "model/error.hpp"
#include "store/project_series.hpp"
#include "store/sqlite_store.hpp"

namespace perfgate {
namespace {

// Projects: a run's project is tested as `r.id IN (SELECT id FROM runs
// WHERE project = ?)`, which the covering index runs_by_project answers,
// never as `r.project = ?`: runs.project came with migration 2, so each row
// keeps it after the document, and reading it walks the document's overflow
// pages (a megabyte for a run of 1,000 benchmarks; 100 ms per series query
// over 1,000 such runs, against 2 ms).

// A GLOB pattern matching strings that start with `prefix` literally.
std::string glob_prefix(const std::string& prefix) {
  std::string pattern;
  for (char c : prefix) {
    if (c == '*' || c == '?' || c == '[') {
      pattern += std::string("[") + c + "]";
    } else {
      pattern += c;
    }
  }
  return pattern + "*";
}

std::optional<double> optional_real(const sqlite::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return s.real(column);
}

// A summary from six columns from `first` on: mean, stddev, n, median, min,
// max (json_extract of the document's summaries).
SampleSummary summary_at(const sqlite::Statement& s, int first) {
  SampleSummary sum;
  sum.mean = s.real(first);
  sum.stddev = optional_real(s, first + 1);
  sum.n = static_cast<int>(s.int64(first + 2));
  sum.median = optional_real(s, first + 3);
  sum.min = optional_real(s, first + 4);
  sum.max = optional_real(s, first + 5);
  return sum;
}

}  // namespace

std::vector<std::string> SqliteStore::benchmark_names(const std::optional<std::string>& project) {
  try {
    // The catalogue of series (schema version 3): a range of its key.
    auto s = db_.prepare(project ? "SELECT DISTINCT benchmark FROM series WHERE project = ?1 "
                                   "ORDER BY benchmark"
                                 : "SELECT DISTINCT benchmark FROM series ORDER BY benchmark");
    if (project) s.bind(1, *project);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  } catch (const sqlite::Failure& f) {
    read_failed(f);
  }
}

std::vector<MetricInfo> SqliteStore::benchmark_metrics(const std::string& benchmark,
                                                       const std::optional<std::string>& project) {
  // Each metric once, described as the newest run declaring it describes it
  // (SQLite takes bare columns from the row where max() is reached); the
  // position in the newest run's document orders them. ?2 IS NULL: any
  // project.
  static constexpr const char* sql = R"sql(
WITH mine AS (
  SELECT mm.* FROM metrics mm JOIN runs rr ON rr.id = mm.run_pk
  WHERE mm.benchmark = ?1 AND (?2 IS NULL OR rr.id IN (SELECT id FROM runs WHERE project = ?2))
)
SELECT m.name, m.unit, m.direction, m.compared, max(m.run_pk),
  (SELECT d.key
     FROM runs r, json_each(r.document, '$.benchmarks') j, json_each(j.value, '$.metrics') d
    WHERE r.id = (SELECT max(run_pk) FROM mine)
      AND json_extract(j.value, '$.name') = ?1
      AND json_extract(d.value, '$.name') = m.name) AS position
FROM mine m
GROUP BY m.name
ORDER BY position IS NULL, position, m.name
)sql";
  try {
    auto s = db_.prepare(sql);
    s.bind(1, benchmark);
    if (project) {
      s.bind(2, *project);
    } else {
      s.bind_null(2);
    }
    std::vector<MetricInfo> out;
    while (s.step()) {
      MetricInfo m;
      m.name = s.text(0);
      m.unit = s.text(1);
      m.direction = parse_direction(s.text(2)).value_or(Direction::lower_is_better);
      m.compared = s.int64(3) != 0;
      out.push_back(std::move(m));
    }
    return out;
  } catch (const sqlite::Failure& f) {
    read_failed(f);
  }
}

std::vector<SeriesPoint> SqliteStore::series(const SeriesQuery& query) {
  // `chosen`: the matching runs, newest `last` of them. `gaps`: the chosen
  // runs without a sample of the metric, with what their document says
  // about the benchmark (MATERIALIZED: each document is parsed once, and
  // only for these runs). Then one row per sample (or one per gap), oldest
  // run first.
  std::string filters;
  std::vector<std::string> params;
  if (!query.branch.empty()) {
    filters += " AND r.git_branch = ?" + std::to_string(3 + params.size());
    params.push_back(query.branch);
  }
  if (!query.host_prefix.empty()) {
    filters += " AND r.host_id GLOB ?" + std::to_string(3 + params.size());
    params.push_back(glob_prefix(query.host_prefix));
  }
  if (query.project) {
    filters += " AND r.id IN (SELECT id FROM runs WHERE project = ?" +
               std::to_string(3 + params.size()) + ")";
    params.push_back(*query.project);
  }
  const std::string limit_param = "?" + std::to_string(3 + params.size());
  const std::string sql = R"sql(
WITH chosen AS MATERIALIZED (
  SELECT r.id FROM metrics m JOIN runs r ON r.id = m.run_pk
  WHERE m.benchmark = ?1 AND m.name = ?2)sql" +
                          filters + R"sql(
  ORDER BY r.started_at DESC, r.id DESC LIMIT )sql" +
                          limit_param + R"sql(
),
gaps AS MATERIALIZED (
  SELECT c.id AS run_pk, json_extract(j.value, '$.skipped') AS skipped,
    (SELECT sm.value FROM json_each(j.value, '$.summaries') sm WHERE sm.key = ?2) AS summary
  FROM chosen c JOIN runs r ON r.id = c.id JOIN json_each(r.document, '$.benchmarks') j
  WHERE json_extract(j.value, '$.name') = ?1
    AND NOT EXISTS (SELECT 1 FROM samples s
                    WHERE s.run_pk = c.id AND s.benchmark = ?1 AND s.metric = ?2)
)
SELECT r.id, r.run_id, r.started_at, r.git_commit, r.git_branch, r.host_id,
  m.unit, m.direction, s.value,
  (SELECT count(*) FROM failures f WHERE f.run_pk = r.id AND f.benchmark = ?1),
  g.skipped, g.summary IS NOT NULL,
  json_extract(g.summary, '$.mean'), json_extract(g.summary, '$.stddev'),
  json_extract(g.summary, '$.n'), json_extract(g.summary, '$.median'),
  json_extract(g.summary, '$.min'), json_extract(g.summary, '$.max')
FROM chosen c
JOIN runs r ON r.id = c.id
JOIN metrics m ON m.run_pk = c.id AND m.benchmark = ?1 AND m.name = ?2
LEFT JOIN samples s ON s.run_pk = c.id AND s.benchmark = ?1 AND s.metric = ?2
LEFT JOIN gaps g ON g.run_pk = c.id
ORDER BY r.started_at, r.id, s.repetition
)sql";
  try {
    auto s = db_.prepare(sql);
    s.bind(1, query.benchmark);
    s.bind(2, query.metric);
    int i = 3;
    for (const auto& p : params) s.bind(i++, p);
    s.bind(i, query.last > 0 ? query.last : -1);
    std::vector<SeriesPoint> out;
    while (s.step()) {
      const std::int64_t id = s.int64(0);
      if (out.empty() || out.back().store_id != id) {
        SeriesPoint p;
        p.store_id = id;
        p.run_id = s.text(1);
        p.started_at = s.text(2);
        p.git_commit = s.text(3);
        p.git_branch = s.text(4);
        p.host_id = s.text(5);
        p.unit = s.text(6);
        p.direction = parse_direction(s.text(7)).value_or(Direction::lower_is_better);
        p.failed = static_cast<int>(s.int64(9));
        if (!s.is_null(10)) p.skipped = s.text(10);
        if (s.int64(11) != 0) p.summary = summary_at(s, 12);
        out.push_back(std::move(p));
      }
      if (!s.is_null(8)) out.back().samples.push_back(s.real(8));
    }
    return out;
  } catch (const sqlite::Failure& f) {
    read_failed(f);
  }
}

std::vector<NamedSeries> SqliteStore::project_series(const std::string& project, int last) {
  // A query per run, each a range of a primary key (metrics, samples and
  // failures lead with run_pk): statements prepared once and run again.
  try {
    const sqlite::ReadSnapshot snapshot(db_);
    store_detail::ProjectSeriesBuilder out(last);
    auto catalogue = db_.prepare("SELECT benchmark, metric FROM series WHERE project = ?1");
    catalogue.bind(1, project);
    while (catalogue.step()) out.expect(catalogue.view(0), catalogue.view(1));
    auto runs = db_.prepare(
        "SELECT id, run_id, started_at, git_commit, git_branch, host_id FROM runs "
        "WHERE id IN (SELECT id FROM runs WHERE project = ?1) ORDER BY started_at DESC, id DESC");
    runs.bind(1, project);
    auto metrics =
        db_.prepare("SELECT benchmark, name, unit, direction FROM metrics WHERE run_pk = ?1");
    auto samples = db_.prepare(
        "SELECT benchmark, metric, value FROM samples WHERE run_pk = ?1 "
        "ORDER BY benchmark, metric, repetition");
    auto failures = db_.prepare(
        "SELECT benchmark, count(*) FROM failures WHERE run_pk = ?1 GROUP BY benchmark");
    // A run's document, parsed once whatever its number of gaps.
    auto document = db_.prepare(R"sql(
SELECT json_extract(j.value, '$.name'), json_extract(j.value, '$.skipped'), sm.key,
  json_extract(sm.value, '$.mean'), json_extract(sm.value, '$.stddev'),
  json_extract(sm.value, '$.n'), json_extract(sm.value, '$.median'),
  json_extract(sm.value, '$.min'), json_extract(sm.value, '$.max')
FROM runs r JOIN json_each(r.document, '$.benchmarks') j
LEFT JOIN json_each(j.value, '$.summaries') sm ON sm.type <> 'null'
WHERE r.id = ?1
)sql");
    // Runs the statement again for the run `id`.
    auto rerun = [](sqlite::Statement& s, std::int64_t id) -> sqlite::Statement& {
      s.reset();
      s.bind(1, id);
      return s;
    };
    while (runs.step() && !out.walked_enough()) {
      const std::int64_t id = runs.int64(0);
      out.run(id, runs.text(1), runs.text(2), runs.text(3), runs.text(4), runs.text(5));
      for (auto& m = rerun(metrics, id); m.step();)
        out.metric(m.view(0), m.view(1), m.view(2), m.view(3));
      if (!out.run_has_points()) continue;
      for (auto& s = rerun(samples, id); s.step();) out.sample(s.view(0), s.view(1), s.real(2));
      for (auto& f = rerun(failures, id); f.step();)
        out.failures(f.view(0), static_cast<int>(f.int64(1)));
      if (!out.run_has_gaps()) continue;
      for (auto& d = rerun(document, id); d.step();) {
        if (!d.is_null(1)) out.skipped(d.view(0), d.text(1));
        if (!d.is_null(2)) out.summary(d.view(0), d.view(2), summary_at(d, 3));
      }
    }
    out.read_incomplete(project, [&](const SeriesQuery& q) { return series(q); });
    return out.take();
  } catch (const sqlite::Failure& f) {
    read_failed(f);
  }
}

}  // namespace perfgate
