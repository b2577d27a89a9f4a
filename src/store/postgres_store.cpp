#include "store/postgres_store.hpp"

#include <tuple>
#include <utility>

#include "model/error.hpp"
#include "model/run_json.hpp"
#include "store/postgres_connection.hpp"
#include "store/postgres_schema.hpp"
#include "store/postgres_url.hpp"
#include "store/schema.hpp"
#include "store/storable.hpp"

namespace perfgate {
namespace {

// What a user can do about a failed request, by the server's SQLSTATE.
std::string advice(const std::exception& e) {
  if (pg::connection_lost(e))
    return "check that the server is running and reachable, then try again";
  const auto* s = dynamic_cast<const pqxx::sql_error*>(&e);
  const std::string state = s ? s->sqlstate() : "";
  if (state == "42501")
    return "the database user lacks a privilege perfgate needs; ask the database's owner to "
           "grant it on the store's tables";
  if (state == "53100") return "the server's disk is full; free space on it and try again";
  if (state == "53300") return "the server has no free connection; try again later";
  if (state == "25006") return "the server is read-only (a standby?); point --store at the primary";
  if (state == "40001" || state == "40P01") return "another writer got in the way; try again";
  return "check the server's log";
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

PostgresStore::PostgresStore(const std::string& url, bool create_if_missing)
    : where_(pg::redact(url)), password_(pg::password_of(url)) {
  try {
    db_ = std::make_unique<pg::Connection>(pg::connection_string(url));
  } catch (const std::exception& e) {
    throw input_error(where_ + ": cannot connect to the PostgreSQL store (" +
                      pg::one_line(e, password_) +
                      "); is the server running? check the URL's host, port, database, user and "
                      "password (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
  }
  try {
    pqxx::connection& conn = db_->get();
    const int version = pg::schema_version(conn);
    if (version > schema::latest_version()) {
      throw input_error(where_ + ": the store has schema version " + std::to_string(version) +
                        ", newer than this perfgate knows (" +
                        std::to_string(schema::latest_version()) +
                        "); upgrade perfgate to use this store");
    }
    if (version == 0 && !create_if_missing) {
      throw input_error(where_ +
                        ": no perfgate store in this database yet; `perfgate store migrate "
                        "--store URL` creates one, as does `perfgate run SUITE --store URL`");
    }
    version_at_open_ = version;
    pg::migrate(conn, [this](pqxx::transaction_base& tx) {
      const std::vector<std::string> tables = pg::conflicting_tables(tx);
      if (!tables.empty()) {
        throw input_error(where_ + ": the database has tables named " + join(tables) +
                          " that are not a perfgate store (there is no perfgate_schema table); "
                          "use another database, or another schema with "
                          "?options=-csearch_path%3DNAME in the URL");
      }
    });
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    failed("cannot open the store", e);
  }
}

PostgresStore::~PostgresStore() = default;

void PostgresStore::failed(const std::string& doing, const std::exception& e,
                           const std::string& after) const {
  std::string msg = where_ + ": " + doing + ": ";
  if (pg::connection_lost(e)) msg += "the connection to the server was lost (";
  msg += pg::one_line(e, password_);
  if (pg::connection_lost(e)) msg += ")";
  if (!after.empty()) msg += "; " + after;
  throw input_error(msg + "; " + advice(e));
}

std::int64_t PostgresStore::save(const Run& run, const std::string& project) {
  check_storable(run);
  const std::string document = run_to_json(run, false);
  const auto already_stored = [&](std::int64_t id) {
    return input_error(where_ + ": run " + run.id + " is already stored (store id " +
                       std::to_string(id) +
                       "); a run is saved once, `perfgate runs` lists what is stored");
  };
  try {
    pqxx::work tx(db_->get());
    const pqxx::result existing = pg::exec(tx, "SELECT id FROM runs WHERE run_id = $1", {run.id});
    if (!existing.empty()) throw already_stored(pg::to_int64(existing[0][0]));
    if (!project.empty() &&
        pg::exec(tx, "SELECT 1 FROM projects WHERE name = $1", {project}).empty())
      throw input_error(where_ + ": no project " + project + " to save run " + run.id +
                        " into; `perfgate project create " + project + "` makes it");

    const GitState& git = run.environment.git;
    pg::Value dirty;
    if (git.dirty) dirty = *git.dirty ? "1" : "0";
    const std::int64_t pk = pg::to_int64(
        pg::exec(tx,
                 "INSERT INTO runs (run_id, started_at, finished_at, suite_name, source, "
                 "git_commit, git_branch, git_dirty, host_id, document, project) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                 {run.id, run.started_at, run.finished_at, run.suite_name, run.source, git.commit,
                  git.branch, dirty, run.environment.host_id, document, project})[0][0]);
    const std::string run_pk = pg::number(pk);

    // COPY, one stream per table, in the order the foreign keys need.
    {
      pqxx::stream_to out(tx, "benchmarks",
                          std::vector<std::string>{"run_pk", "name", "threshold"});
      for (const BenchmarkResult& b : run.benchmarks)
        out << std::make_tuple(run_pk, b.name, pg::number(b.limits.lower_is_better.warning));
      out.complete();
    }
    {
      pqxx::stream_to out(
          tx, "metrics",
          std::vector<std::string>{"run_pk", "benchmark", "name", "unit", "direction", "compared"});
      for (const BenchmarkResult& b : run.benchmarks)
        for (const MetricInfo& m : b.metrics)
          out << std::make_tuple(run_pk, b.name, m.name, m.unit,
                                 std::string(to_string(m.direction)),
                                 std::string(m.compared ? "1" : "0"));
      out.complete();
    }
    {
      pqxx::stream_to out(
          tx, "samples",
          std::vector<std::string>{"run_pk", "benchmark", "metric", "repetition", "value"});
      for (const BenchmarkResult& b : run.benchmarks)
        for (const Repetition& r : b.repetitions) {
          if (!r.ok) continue;
          const std::string index = pg::number(r.index);
          for (const auto& [metric, value] : r.values)
            out << std::make_tuple(run_pk, b.name, metric, index, pg::number(value));
        }
      out.complete();
    }
    {
      pqxx::stream_to out(tx, "failures",
                          std::vector<std::string>{"run_pk", "benchmark", "repetition", "reason",
                                                   "exit_status", "signal"});
      for (const BenchmarkResult& b : run.benchmarks)
        for (const Repetition& r : b.repetitions) {
          if (r.ok) continue;
          pg::Value exit_status, signal;
          if (r.exit_status) exit_status = pg::number(*r.exit_status);
          if (r.signal) signal = pg::number(*r.signal);
          out << std::make_tuple(run_pk, b.name, pg::number(r.index), r.failure, exit_status,
                                 signal);
        }
      out.complete();
    }
    pg::exec(tx, schema::insert_series, {project, run_pk});
    tx.commit();
    return pk;
  } catch (const Error&) {
    throw;
  } catch (const pqxx::unique_violation& e) {
    // Another perfgate saved a run with this id between the check and the
    // insert; the unique key on run_id refused this one.
    RunFilter f;
    f.run_id = run.id;
    const std::vector<StoredRunSummary> found = find(f, 1);
    if (!found.empty()) throw already_stored(found[0].id);
    failed("cannot save run " + run.id, e, "nothing was saved");
  } catch (const pqxx::in_doubt_error& e) {
    throw input_error(where_ + ": cannot save run " + run.id +
                      ": the connection was lost while committing (" + pg::one_line(e, password_) +
                      "), so the run may or may not be stored; `perfgate runs --store " + where_ +
                      "` shows whether it is");
  } catch (const std::exception& e) {
    failed("cannot save run " + run.id, e, "nothing was saved");
  }
}

std::vector<StoredRunSummary> PostgresStore::list(int limit) { return find(RunFilter{}, limit); }

std::vector<StoredRunSummary> PostgresStore::find(const RunFilter& filter, int limit, int offset) {
  std::string sql =
      "SELECT r.id, r.run_id, r.started_at, r.suite_name, r.git_commit, r.git_branch, "
      "(SELECT count(*) FROM benchmarks b WHERE b.run_pk = r.id), "
      "(SELECT count(*) FROM failures f WHERE f.run_pk = r.id), r.project "
      "FROM runs r WHERE true";
  pg::Params params;
  const auto param = [&](std::string value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  if (!filter.run_id.empty()) sql += " AND r.run_id = " + param(filter.run_id);
  // LIKE on a COLLATE "C" column: the index on git_commit serves the prefix.
  if (!filter.commit_prefix.empty())
    sql += " AND r.git_commit LIKE " + param(pg::like_prefix(filter.commit_prefix));
  if (!filter.branch.empty()) sql += " AND r.git_branch = " + param(filter.branch);
  if (filter.project) sql += " AND r.project = " + param(*filter.project);
  sql += " ORDER BY r.id DESC";
  if (limit > 0) sql += " LIMIT " + param(pg::number(limit));
  if (offset > 0) sql += " OFFSET " + param(pg::number(offset));
  try {
    pqxx::nontransaction tx(db_->get());
    std::vector<StoredRunSummary> out;
    for (const auto& row : pg::exec(tx, sql, params)) {
      StoredRunSummary r;
      r.id = pg::to_int64(row[0]);
      r.run_id = row[1].c_str();
      r.started_at = row[2].c_str();
      r.suite_name = row[3].c_str();
      r.git_commit = row[4].c_str();
      r.git_branch = row[5].c_str();
      r.benchmarks = static_cast<int>(pg::to_int64(row[6]));
      r.failed_repetitions = static_cast<int>(pg::to_int64(row[7]));
      r.project = row[8].c_str();
      out.push_back(std::move(r));
    }
    return out;
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

std::optional<Run> PostgresStore::load(std::int64_t id) {
  std::string document;
  try {
    pqxx::nontransaction tx(db_->get());
    const pqxx::result r =
        pg::exec(tx, "SELECT document FROM runs WHERE id = $1", {pg::number(id)});
    if (r.empty()) return std::nullopt;
    document = r[0][0].c_str();
  } catch (const std::exception& e) {
    failed("cannot read run " + std::to_string(id), e);
  }
  return run_from_json(document, "store run " + std::to_string(id));
}

std::int64_t PostgresStore::count() {
  try {
    pqxx::nontransaction tx(db_->get());
    return pg::to_int64(tx.exec("SELECT count(*) FROM runs")[0][0]);
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

std::vector<std::string> PostgresStore::recent_values(const char* column, int limit) {
  const std::string c = column;
  std::string sql =
      "SELECT " + c + " FROM runs WHERE " + c + " <> '' GROUP BY " + c + " ORDER BY max(id) DESC";
  pg::Params params;
  if (limit > 0) {
    sql += " LIMIT $1";
    params.push_back(pg::number(limit));
  }
  try {
    pqxx::nontransaction tx(db_->get());
    std::vector<std::string> out;
    for (const auto& row : pg::exec(tx, sql, params)) out.push_back(row[0].c_str());
    return out;
  } catch (const std::exception& e) {
    failed("cannot read the store", e);
  }
}

std::vector<std::string> PostgresStore::recent_commits(int limit) {
  return recent_values("git_commit", limit);
}

std::vector<std::string> PostgresStore::recent_branches(int limit) {
  return recent_values("git_branch", limit);
}

}  // namespace perfgate
