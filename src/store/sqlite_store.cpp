#include "store/sqlite_store.hpp"

#include <filesystem>
#include <utility>

#include "model/error.hpp"
#include "model/run_json.hpp"
#include "store/schema.hpp"
#include "store/sqlite_schema.hpp"
#include "store/storable.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;

constexpr int busy_timeout_ms = 5000;

// What a user can do about an SQLite failure, by its primary result code.
std::string advice(int primary_code) {
  switch (primary_code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another perfgate is writing to the store; try again when it has finished";
    case SQLITE_FULL:
      return "free disk space and try again";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return "the store location is not writable; make it writable or choose another with --store";
    case SQLITE_IOERR:
      return "the disk failed to read or write; check it and try again";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "the store file is damaged; restore it from a copy or start a new store with --store";
    default:
      return "check the store with `sqlite3 FILE 'PRAGMA integrity_check'`";
  }
}

// Checks the location, creates missing folders and opens the file.
sqlite::Connection open_connection(const std::string& path) {
  const std::string where = "sqlite:" + path;
  if (path.empty()) {
    throw input_error("sqlite:: no store path; write sqlite:PATH, e.g. " +
                      std::string(default_store_url));
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw input_error(where + ": is a folder, not a store file; pass a file path such as " +
                      (fs::path(path) / "perfgate.db").string());
  }
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) {
      throw input_error(where + ": cannot create the folder " + parent.string() + ": " +
                        ec.message() + "; choose a writable location with --store");
    }
  }
  try {
    return sqlite::Connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  } catch (const sqlite::Failure& f) {
    throw input_error(where + ": cannot open the store: " + f.what() + "; " +
                      advice(f.primary_code()));
  }
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : path_(path), db_(open_connection(path)) {
  const std::string where = describe();
  try {
    sqlite3_busy_timeout(db_.get(), busy_timeout_ms);
    if (sqlite3_db_readonly(db_.get(), "main") == 1) {
      throw input_error(where + ": the store file is read-only; make it writable or choose " +
                        "another location with --store");
    }
    // Reading the schema is the first access to the file: a file that is not
    // SQLite fails here with SQLITE_NOTADB.
    const std::int64_t tables = db_.query_int("SELECT count(*) FROM sqlite_master");
    const std::int64_t application_id = db_.query_int("PRAGMA application_id");
    const std::int64_t version = db_.query_int("PRAGMA user_version");
    if (application_id != sqlite::perfgate_application_id &&
        (application_id != 0 || tables > 0 || version != 0)) {
      std::string names;
      auto s =
          db_.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 6");
      for (int n = 0; s.step(); ++n) names += (n ? ", " : "") + (n < 5 ? s.text(0) : "...");
      throw input_error(where + ": an SQLite database, but not a perfgate store (" +
                        (names.empty() ? "no tables" : "tables: " + names) +
                        "); pass the path of a perfgate store, or a new file name to create one");
    }
    if (version > schema::latest_version()) {
      throw input_error(where + ": the store has schema version " + std::to_string(version) +
                        ", newer than this perfgate knows (" +
                        std::to_string(schema::latest_version()) +
                        "); upgrade perfgate to use this store");
    }
    const std::string mode = db_.query_text("PRAGMA journal_mode = WAL");
    if (mode != "wal") {
      throw input_error(where + ": cannot switch the store to WAL journal mode (it stays \"" +
                        mode + "\"); keep the store on a local file system");
    }
    db_.exec("PRAGMA foreign_keys = ON");
    version_at_open_ = static_cast<int>(version);
    sqlite::migrate(db_);
  } catch (const sqlite::Failure& f) {
    if (f.primary_code() == SQLITE_NOTADB) {
      throw input_error(where + ": not an SQLite database (" + f.what() +
                        "); pass the path of a perfgate store, or a new file name to create one");
    }
    throw input_error(where + ": cannot open the store: " + f.what() + "; " +
                      advice(f.primary_code()));
  }
}

void SqliteStore::read_failed(const sqlite::Failure& f) const {
  throw input_error(describe() + ": cannot read the store: " + f.what() + "; " +
                    advice(f.primary_code()));
}

void SqliteStore::write_failed(const std::string& what, const sqlite::Failure& f) const {
  throw input_error(describe() + ": cannot save " + what + ": " + f.what() +
                    "; nothing was saved; " + advice(f.primary_code()));
}

int SqliteStore::schema_version() { return schema::latest_version(); }

std::int64_t SqliteStore::save(const Run& run, const std::string& project) {
  check_storable(run);
  const std::string document = run_to_json(run, false);
  try {
    sqlite::Transaction tx(db_);
    if (!project.empty()) {
      auto s = db_.prepare("SELECT 1 FROM projects WHERE name = ?1");
      s.bind(1, project);
      if (!s.step())
        throw input_error(describe() + ": no project " + project + " to save run " + run.id +
                          " into; `perfgate project create " + project + "` makes it");
    }
    {
      auto s = db_.prepare("SELECT id FROM runs WHERE run_id = ?1");
      s.bind(1, run.id);
      if (s.step()) {
        throw input_error(describe() + ": run " + run.id + " is already stored (store id " +
                          std::to_string(s.int64(0)) +
                          "); a run is saved once, `perfgate runs` lists what is stored");
      }
    }
    const GitState& git = run.environment.git;
    db_.prepare(
           "INSERT INTO runs (run_id, started_at, finished_at, suite_name, source, git_commit, "
           "git_branch, git_dirty, host_id, document, project) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
        .bind(1, run.id)
        .bind(2, run.started_at)
        .bind(3, run.finished_at)
        .bind(4, run.suite_name)
        .bind(5, run.source)
        .bind(6, git.commit)
        .bind(7, git.branch)
        .bind(8, git.dirty)
        .bind(9, run.environment.host_id)
        .bind(10, document)
        .bind(11, project)
        .run();
    const std::int64_t pk = sqlite3_last_insert_rowid(db_.get());

    auto bench_insert =
        db_.prepare("INSERT INTO benchmarks (run_pk, name, threshold) VALUES (?1, ?2, ?3)");
    auto metric_insert = db_.prepare(
        "INSERT INTO metrics (run_pk, benchmark, name, unit, direction, compared) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    auto sample_insert = db_.prepare(
        "INSERT INTO samples (run_pk, benchmark, metric, repetition, value) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    auto failure_insert = db_.prepare(
        "INSERT INTO failures (run_pk, benchmark, repetition, reason, exit_status, signal) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const BenchmarkResult& b : run.benchmarks) {
      bench_insert.bind(1, pk).bind(2, b.name).bind(3, b.limits.lower_is_better.warning).run();
      bench_insert.reset();
      for (const MetricInfo& m : b.metrics) {
        metric_insert.bind(1, pk)
            .bind(2, b.name)
            .bind(3, m.name)
            .bind(4, m.unit)
            .bind(5, to_string(m.direction))
            .bind(6, m.compared ? 1 : 0)
            .run();
        metric_insert.reset();
      }
      for (const Repetition& r : b.repetitions) {
        if (r.ok) {
          for (const auto& [metric, value] : r.values) {
            sample_insert.bind(1, pk).bind(2, b.name).bind(3, metric).bind(4, r.index);
            sample_insert.bind(5, value).run();
            sample_insert.reset();
          }
          continue;
        }
        failure_insert.bind(1, pk).bind(2, b.name).bind(3, r.index).bind(4, r.failure);
        if (r.exit_status) failure_insert.bind(5, *r.exit_status);
        if (r.signal) failure_insert.bind(6, *r.signal);
        failure_insert.run();
        failure_insert.reset();
      }
    }
    db_.prepare(schema::insert_series).bind(1, project).bind(2, pk).run();
    tx.commit();
    return pk;
  } catch (const sqlite::Failure& f) {
    throw input_error(describe() + ": cannot save run " + run.id + ": " + f.what() +
                      "; nothing was saved; " + advice(f.primary_code()));
  }
}

std::vector<StoredRunSummary> SqliteStore::list(int limit) { return find(RunFilter{}, limit); }

std::vector<StoredRunSummary> SqliteStore::find(const RunFilter& filter, int limit, int offset) {
  std::string sql =
      "SELECT r.id, r.run_id, r.started_at, r.suite_name, r.git_commit, r.git_branch, "
      "(SELECT count(*) FROM benchmarks b WHERE b.run_pk = r.id), "
      "(SELECT count(*) FROM failures f WHERE f.run_pk = r.id), " +
      // runs.project came with migration 2, so each row keeps it after the
      // document: reading it walks the document's overflow pages (a megabyte
      // for a run of 1,000 benchmarks). A project filter is tested through
      // the covering index runs_by_project instead, and the project is not
      // read back when the filter names it.
      std::string(filter.project ? "''" : "r.project") + " FROM runs r WHERE 1";
  std::vector<std::string> params;
  if (!filter.run_id.empty()) {
    sql += " AND r.run_id = ?";
    params.push_back(filter.run_id);
  }
  if (!filter.commit_prefix.empty()) {
    // GLOB (not LIKE) so that the index on git_commit serves the prefix;
    // GLOB's own special characters are matched literally.
    std::string pattern;
    for (char c : filter.commit_prefix) {
      if (c == '*' || c == '?' || c == '[') {
        pattern += std::string("[") + c + "]";
      } else {
        pattern += c;
      }
    }
    sql += " AND r.git_commit GLOB ?";
    params.push_back(pattern + "*");
  }
  if (!filter.branch.empty()) {
    sql += " AND r.git_branch = ?";
    params.push_back(filter.branch);
  }
  if (filter.project) {
    sql += " AND r.id IN (SELECT id FROM runs WHERE project = ?)";
    params.push_back(*filter.project);
  }
  sql += " ORDER BY r.id DESC LIMIT ? OFFSET ?";
  try {
    auto s = db_.prepare(sql);
    int i = 1;
    for (const auto& p : params) s.bind(i++, p);
    s.bind(i++, limit > 0 ? limit : -1);
    s.bind(i++, offset > 0 ? offset : 0);
    std::vector<StoredRunSummary> out;
    while (s.step()) {
      StoredRunSummary r;
      r.id = s.int64(0);
      r.run_id = s.text(1);
      r.started_at = s.text(2);
      r.suite_name = s.text(3);
      r.git_commit = s.text(4);
      r.git_branch = s.text(5);
      r.benchmarks = static_cast<int>(s.int64(6));
      r.failed_repetitions = static_cast<int>(s.int64(7));
      r.project = filter.project ? *filter.project : s.text(8);
      out.push_back(std::move(r));
    }
    return out;
  } catch (const sqlite::Failure& f) {
    throw input_error(describe() + ": cannot read the store: " + f.what() + "; " +
                      advice(f.primary_code()));
  }
}

std::optional<Run> SqliteStore::load(std::int64_t id) {
  std::string document;
  try {
    auto s = db_.prepare("SELECT document FROM runs WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    document = s.text(0);
  } catch (const sqlite::Failure& f) {
    throw input_error(describe() + ": cannot read run " + std::to_string(id) + ": " + f.what() +
                      "; " + advice(f.primary_code()));
  }
  return run_from_json(document, "store run " + std::to_string(id));
}

std::int64_t SqliteStore::count() {
  try {
    return db_.query_int("SELECT count(*) FROM runs");
  } catch (const sqlite::Failure& f) {
    throw input_error(describe() + ": cannot read the store: " + f.what() + "; " +
                      advice(f.primary_code()));
  }
}

std::vector<std::string> SqliteStore::recent_values(const char* column, int limit) {
  const std::string c = column;
  try {
    auto s = db_.prepare("SELECT " + c + " FROM runs WHERE " + c + " <> '' GROUP BY " + c +
                         " ORDER BY max(id) DESC LIMIT ?1");
    s.bind(1, limit > 0 ? limit : -1);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  } catch (const sqlite::Failure& f) {
    throw input_error(describe() + ": cannot read the store: " + f.what() + "; " +
                      advice(f.primary_code()));
  }
}

std::vector<std::string> SqliteStore::recent_commits(int limit) {
  return recent_values("git_commit", limit);
}

std::vector<std::string> SqliteStore::recent_branches(int limit) {
  return recent_values("git_branch", limit);
}

}  // namespace perfgate
