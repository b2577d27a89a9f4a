// The store keeps every run with its environment and samples, so that runs
// can be listed, read back and compared, and series read in order later.
// SQLite is the embedded default, PostgreSQL the store a team shares; both
// implement this interface over one schema (store/schema.hpp), and return the
// same for the same runs. Every save is one transaction: a run is stored
// whole or not at all.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/run.hpp"
#include "model/series.hpp"
#include "store/project.hpp"

namespace perfgate {

// One line of `perfgate runs`.
struct StoredRunSummary {
  std::int64_t id = 0;  // the store's own id, increasing with each save
  std::string run_id;   // Run::id
  std::string started_at;
  std::string suite_name;
  std::string git_commit;
  std::string git_branch;
  int benchmarks = 0;
  int failed_repetitions = 0;
  std::string project;  // "" for runs saved locally (store/project.hpp)
};

// Which stored runs Store::find returns; an empty field matches every run.
struct RunFilter {
  std::string run_id;                  // exactly this Run::id
  std::string commit_prefix;           // a git commit starting with these (lower-case hex) digits
  std::string branch;                  // exactly this git branch
  std::optional<std::string> project;  // exactly this project ("" too); nullopt: any
};

class Store {
 public:
  virtual ~Store() = default;

  // Saves the run into `project` in one transaction and returns its store
  // id. A run whose Run::id is already stored (in any project) is refused
  // (perfgate::Error, exit 2), as is a run the tables cannot hold
  // (store/storable.hpp). `project` must exist, except "" (no project).
  virtual std::int64_t save(const Run& run, const std::string& project) = 0;
  // Saves the run with no project, as a local `perfgate run` does.
  std::int64_t save(const Run& run) { return save(run, ""); }

  // Stored runs, newest first (highest id first), at most `limit` (0 = all).
  virtual std::vector<StoredRunSummary> list(int limit = 0) = 0;

  // The run with this store id, or nullopt.
  virtual std::optional<Run> load(std::int64_t id) = 0;

  // Stored runs matching `filter`, newest first, skipping the `offset` newest
  // matches, at most `limit` (0 = all). What run references resolve with.
  virtual std::vector<StoredRunSummary> find(const RunFilter& filter, int limit = 0,
                                             int offset = 0) = 0;

  // How many runs are stored.
  virtual std::int64_t count() = 0;

  // Distinct non-empty git commits / branches of stored runs, the most
  // recently stored first, at most `limit`: what messages offer when a
  // reference matches nothing.
  virtual std::vector<std::string> recent_commits(int limit) = 0;
  virtual std::vector<std::string> recent_branches(int limit) = 0;

  // Names of the benchmarks stored runs (of `project`, when given) declare
  // metrics for, sorted: what messages offer when a benchmark name matches
  // nothing.
  virtual std::vector<std::string> benchmark_names(
      const std::optional<std::string>& project = std::nullopt) = 0;

  // The metrics stored runs (of `project`, when given) declare for
  // `benchmark`: those of the newest run that has it (highest store id), in
  // its declaration order (so the first compared one is the suite's first),
  // then those only older runs declared, by name. Empty when no stored run
  // has the benchmark.
  virtual std::vector<MetricInfo> benchmark_metrics(
      const std::string& benchmark, const std::optional<std::string>& project = std::nullopt) = 0;

  // The series of query.benchmark x query.metric: one point per matching run
  // whose benchmark declares the metric (gaps included, see SeriesPoint),
  // oldest first by started_at, then store id. Time order only: ordering by
  // commits needs the repository, which the store does not know.
  virtual std::vector<SeriesPoint> series(const SeriesQuery& query) = 0;

  // Every series of `project` ("" too): each benchmark x metric its runs
  // declare, by benchmark then metric (byte order), each with the points
  // series() returns for SeriesQuery{benchmark, metric, project, last} (0 =
  // all). One pass over the project's runs and one snapshot of the store,
  // rather than a query a series: what the dashboard's project page reads.
  // Its cost grows with the project's runs x benchmarks (metric rows, not
  // documents) plus the kept points' samples.
  virtual std::vector<NamedSeries> project_series(const std::string& project, int last) = 0;

  // A short description for messages, e.g. "sqlite:.perfgate/perfgate.db" or
  // "postgresql://ci@db.example:5432/perf". Never shows a password.
  virtual std::string describe() const = 0;

  // The schema version the store had before opening it migrated it to the
  // newest (0: it was new). What `perfgate store migrate` reports.
  virtual int schema_version_at_open() const = 0;

  // Projects and API tokens (store/project.hpp), for `perfgate serve`.
  // Creates a project; one whose name exists already is refused
  // (perfgate::Error, exit 2), as is a name is_project_name refuses.
  virtual void create_project(const Project& project) = 0;
  // Every project, by name.
  virtual std::vector<Project> projects() = 0;
  virtual std::optional<Project> find_project(const std::string& name) = 0;
  // Stores a token of an existing project and returns its id (ApiToken::id
  // is ignored). A SHA-256 stored already is refused (perfgate::Error).
  virtual std::int64_t add_token(const ApiToken& token) = 0;
  // The tokens of `project` ("": of every project), revoked ones included,
  // oldest first.
  virtual std::vector<ApiToken> tokens(const std::string& project) = 0;
  // The tokens whose public prefix is `prefix` (revoked ones included): the
  // candidates a presented token's hash is compared with.
  virtual std::vector<ApiToken> tokens_with_prefix(const std::string& prefix) = 0;
  // Marks the token `id` revoked at `revoked_at` (a revoked one keeps its
  // first time). Nothing happens for an unknown id.
  virtual void revoke_token(std::int64_t id, const std::string& revoked_at) = 0;
};

// Opens the store named by `url`: "sqlite:PATH" or a plain PATH (SQLite), or
// a libpq connection URI "postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE"
// ("postgres://" too) for PostgreSQL. Creates the SQLite file and its folder
// when missing (a PostgreSQL database must exist; its tables are created) and
// migrates the schema to the current version. Throws perfgate::Error (exit 2)
// when the location cannot be created or written, the server cannot be
// reached, or the database is not a perfgate store; the message names the
// store without its password.
// With `create_if_missing` false (verbs that only read: compare, runs), a
// store that does not exist yet is an error that says how to make one, rather
// than an empty database created as a side effect.
std::unique_ptr<Store> open_store(const std::string& url, bool create_if_missing = true);

// The default store location, relative to the working folder.
inline constexpr const char* default_store_url = "sqlite:.perfgate/perfgate.db";

}  // namespace perfgate
