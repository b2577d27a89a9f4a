// Reading series back from the PostgreSQL store: the same queries as
// sqlite_series.cpp, in PostgreSQL's words (jsonb for the document, DISTINCT
// ON for "the newest run's row"), so that both stores return the same points
// in the same order. Text columns are COLLATE "C" (store/schema.hpp), so
// names and times sort byte by byte as in SQLite.
#include <utility>

#include "model/error.hpp"
#include "store/postgres_connection.hpp"
#include "store/postgres_store.hpp"
#include "store/project_series.hpp"

namespace perfgate {

std::vector<std::string> PostgresStore::benchmark_names(const std::optional<std::string>& project) {
  try {
    pqxx::nontransaction tx(db_->get());
    std::vector<std::string> out;
    const pqxx::result rows =
        project ? pg::exec(tx,
                           "SELECT DISTINCT benchmark FROM series WHERE project = $1 "
                           "ORDER BY benchmark",
                           {*project})
                : tx.exec("SELECT DISTINCT benchmark FROM series ORDER BY benchmark");
    for (const auto& row : rows) out.push_back(row[0].c_str());
    return out;
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

std::vector<MetricInfo> PostgresStore::benchmark_metrics(
    const std::string& benchmark, const std::optional<std::string>& project) {
  // Each metric once, described as the newest run declaring it describes it;
  // the position in the newest run's document orders them. $2 IS NULL: any
  // project.
  static constexpr const char* sql = R"sql(
WITH mine AS (
  SELECT mm.* FROM metrics mm JOIN runs rr ON rr.id = mm.run_pk
  WHERE mm.benchmark = $1 AND ($2::text IS NULL OR rr.project = $2::text)
),
declared AS (
  SELECT d.value ->> 'name' AS name, d.position
  FROM runs r
  CROSS JOIN LATERAL jsonb_array_elements(r.document::jsonb -> 'benchmarks') AS j(value)
  CROSS JOIN LATERAL jsonb_array_elements(j.value -> 'metrics') WITH ORDINALITY AS d(value, position)
  WHERE r.id = (SELECT max(run_pk) FROM mine)
    AND j.value ->> 'name' = $1
)
SELECT m.name, m.unit, m.direction, m.compared
FROM (SELECT DISTINCT ON (name) name, unit, direction, compared
        FROM mine ORDER BY name, run_pk DESC) m
LEFT JOIN declared p ON p.name = m.name
ORDER BY p.position IS NULL, p.position, m.name
)sql";
  try {
    pqxx::nontransaction tx(db_->get());
    std::vector<MetricInfo> out;
    pg::Value p;
    if (project) p = *project;
    for (const auto& row : pg::exec(tx, sql, {benchmark, p})) {
      MetricInfo m;
      m.name = row[0].c_str();
      m.unit = row[1].c_str();
      m.direction = parse_direction(row[2].c_str()).value_or(Direction::lower_is_better);
      m.compared = pg::to_int64(row[3]) != 0;
      out.push_back(std::move(m));
    }
    return out;
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

namespace {

// A summary from six fields from `first` on: mean, stddev, n, median, min,
// max (->> of the document's summaries: text).
SampleSummary summary_at(const pqxx::row& row, int first) {
  SampleSummary sum;
  sum.mean = pg::to_double(row[first]);
  sum.stddev = pg::to_optional_double(row[first + 1]);
  sum.n = static_cast<int>(pg::to_double(row[first + 2]));
  sum.median = pg::to_optional_double(row[first + 3]);
  sum.min = pg::to_optional_double(row[first + 4]);
  sum.max = pg::to_optional_double(row[first + 5]);
  return sum;
}

// The points of `query`, read in `tx` (PostgresStore::series).
std::vector<SeriesPoint> read_series(pqxx::transaction_base& tx, const SeriesQuery& query) {
  // As in SqliteStore::series: `chosen` are the matching runs, newest `last`
  // of them; `gaps` the chosen runs without a sample of the metric, with what
  // their document says about the benchmark (each document parsed once, and
  // only for these runs); then one row per sample (or one per gap), oldest
  // run first.
  pg::Params params = {query.benchmark, query.metric};
  const auto param = [&](std::string value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  std::string filters;
  if (!query.branch.empty()) filters += " AND r.git_branch = " + param(query.branch);
  if (!query.host_prefix.empty())
    filters += " AND r.host_id LIKE " + param(pg::like_prefix(query.host_prefix));
  if (query.project) filters += " AND r.project = " + param(*query.project);
  const std::string limit = query.last > 0 ? " LIMIT " + param(pg::number(query.last)) : "";
  const std::string sql = R"sql(
WITH chosen AS MATERIALIZED (
  SELECT r.id FROM metrics m JOIN runs r ON r.id = m.run_pk
  WHERE m.benchmark = $1 AND m.name = $2)sql" +
                          filters + R"sql(
  ORDER BY r.started_at DESC, r.id DESC)sql" +
                          limit + R"sql(
),
gaps AS MATERIALIZED (
  SELECT c.id AS run_pk, j.value ->> 'skipped' AS skipped,
    j.value -> 'summaries' -> $2::text AS summary
  FROM chosen c JOIN runs r ON r.id = c.id
  CROSS JOIN LATERAL jsonb_array_elements(r.document::jsonb -> 'benchmarks') AS j(value)
  WHERE j.value ->> 'name' = $1
    AND NOT EXISTS (SELECT 1 FROM samples s
                    WHERE s.run_pk = c.id AND s.benchmark = $1 AND s.metric = $2)
)
SELECT r.id, r.run_id, r.started_at, r.git_commit, r.git_branch, r.host_id,
  m.unit, m.direction, s.value,
  (SELECT count(*) FROM failures f WHERE f.run_pk = r.id AND f.benchmark = $1),
  g.skipped, g.summary IS NOT NULL AND jsonb_typeof(g.summary) <> 'null',
  g.summary ->> 'mean', g.summary ->> 'stddev', g.summary ->> 'n', g.summary ->> 'median',
  g.summary ->> 'min', g.summary ->> 'max'
FROM chosen c
JOIN runs r ON r.id = c.id
JOIN metrics m ON m.run_pk = c.id AND m.benchmark = $1 AND m.name = $2
LEFT JOIN samples s ON s.run_pk = c.id AND s.benchmark = $1 AND s.metric = $2
LEFT JOIN gaps g ON g.run_pk = c.id
ORDER BY r.started_at, r.id, s.repetition
)sql";
  std::vector<SeriesPoint> out;
  for (const auto& row : pg::exec(tx, sql, params)) {
    const std::int64_t id = pg::to_int64(row[0]);
    if (out.empty() || out.back().store_id != id) {
      SeriesPoint p;
      p.store_id = id;
      p.run_id = row[1].c_str();
      p.started_at = row[2].c_str();
      p.git_commit = row[3].c_str();
      p.git_branch = row[4].c_str();
      p.host_id = row[5].c_str();
      p.unit = row[6].c_str();
      p.direction = parse_direction(row[7].c_str()).value_or(Direction::lower_is_better);
      p.failed = static_cast<int>(pg::to_int64(row[9]));
      if (!row[10].is_null()) p.skipped = row[10].c_str();
      if (!row[11].is_null() && row[11].as<bool>()) p.summary = summary_at(row, 12);
      out.push_back(std::move(p));
    }
    if (!row[8].is_null()) out.back().samples.push_back(pg::to_double(row[8]));
  }
  return out;
}

}  // namespace

std::vector<SeriesPoint> PostgresStore::series(const SeriesQuery& query) {
  try {
    pqxx::nontransaction tx(db_->get());
    return read_series(tx, query);
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

std::vector<NamedSeries> PostgresStore::project_series(const std::string& project, int last) {
  // As in SqliteStore::project_series: a query per run, each a range of a
  // primary key, inside one read-only snapshot (REPEATABLE READ), so that a
  // run pushed meanwhile is either wholly there or not at all.
  try {
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(db_->get());
    store_detail::ProjectSeriesBuilder out(last);
    for (const auto& row :
         pg::exec(tx, "SELECT benchmark, metric FROM series WHERE project = $1", {project}))
      out.expect(row[0].c_str(), row[1].c_str());
    const pqxx::result runs = pg::exec(tx,
                                       "SELECT id, run_id, started_at, git_commit, git_branch, "
                                       "host_id FROM runs WHERE project = $1 "
                                       "ORDER BY started_at DESC, id DESC",
                                       {project});
    // A run's document, parsed once whatever its number of gaps.
    static constexpr const char* document = R"sql(
SELECT j.value ->> 'name', j.value ->> 'skipped', sm.key,
  sm.value ->> 'mean', sm.value ->> 'stddev', sm.value ->> 'n', sm.value ->> 'median',
  sm.value ->> 'min', sm.value ->> 'max'
FROM runs r
CROSS JOIN LATERAL jsonb_array_elements(r.document::jsonb -> 'benchmarks') AS j(value)
LEFT JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(j.value -> 'summaries') = 'object'
                                  THEN j.value -> 'summaries' END) AS sm(key, value)
  ON jsonb_typeof(sm.value) <> 'null'
WHERE r.id = $1
)sql";
    for (const auto& run : runs) {
      if (out.walked_enough()) break;
      const std::int64_t id = pg::to_int64(run[0]);
      const pg::Params of_run = {pg::number(id)};
      out.run(id, run[1].c_str(), run[2].c_str(), run[3].c_str(), run[4].c_str(), run[5].c_str());
      for (const auto& m : pg::exec(tx,
                                    "SELECT benchmark, name, unit, direction FROM metrics "
                                    "WHERE run_pk = $1 ORDER BY benchmark, name",
                                    of_run))
        out.metric(m[0].c_str(), m[1].c_str(), m[2].c_str(), m[3].c_str());
      if (!out.run_has_points()) continue;
      for (const auto& s :
           pg::exec(tx,
                    "SELECT benchmark, metric, value FROM samples WHERE run_pk = $1 "
                    "ORDER BY benchmark, metric, repetition",
                    of_run))
        out.sample(s[0].c_str(), s[1].c_str(), pg::to_double(s[2]));
      for (const auto& f : pg::exec(tx,
                                    "SELECT benchmark, count(*) FROM failures WHERE run_pk = $1 "
                                    "GROUP BY benchmark",
                                    of_run))
        out.failures(f[0].c_str(), static_cast<int>(pg::to_int64(f[1])));
      if (!out.run_has_gaps()) continue;
      for (const auto& d : pg::exec(tx, document, of_run)) {
        if (!d[1].is_null()) out.skipped(d[0].c_str(), d[1].c_str());
        if (!d[2].is_null()) out.summary(d[0].c_str(), d[2].c_str(), summary_at(d, 3));
      }
    }
    out.read_incomplete(project, [&](const SeriesQuery& q) { return read_series(tx, q); });
    tx.commit();
    return out.take();
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

}  // namespace perfgate
