// The team store: a PostgreSQL database (docs/formats.md, "Store
// (PostgreSQL)"), with the same schema as the SQLite store (store/schema.hpp)
// and the same contract: every save is one transaction, series come back in
// the same order with the same gaps. Samples go in with COPY, so that a run of
// thousands of samples costs a few round trips, not thousands. One object is
// one connection: use it from one thread at a time (as SqliteStore), and open
// one per thread for more.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace perfgate {

namespace pg {
class Connection;
}

class PostgresStore final : public Store {
 public:
  // Connects to `url` (a libpq URI, "postgresql://USER:PASSWORD@HOST:PORT/DB")
  // and migrates the database to the newest schema (creating the tables in a
  // database that has none, unless `create_if_missing` is false). Throws
  // perfgate::Error (exit 2) naming the store without its password and what
  // to do when the server cannot be reached or refuses, the database holds
  // tables of the same names that are not a perfgate store, or its schema is
  // newer than this perfgate knows.
  PostgresStore(const std::string& url, bool create_if_missing = true);
  ~PostgresStore() override;

  using Store::save;
  std::int64_t save(const Run& run, const std::string& project) override;
  std::vector<StoredRunSummary> list(int limit = 0) override;
  std::optional<Run> load(std::int64_t id) override;
  std::vector<StoredRunSummary> find(const RunFilter& filter, int limit = 0,
                                     int offset = 0) override;
  std::int64_t count() override;
  std::vector<std::string> recent_commits(int limit) override;
  std::vector<std::string> recent_branches(int limit) override;
  // postgres_series.cpp
  // The defaults are Store's, repeated for calls through this type.
  std::vector<std::string> benchmark_names(
      const std::optional<std::string>& project = std::nullopt) override;
  std::vector<MetricInfo> benchmark_metrics(
      const std::string& benchmark,
      const std::optional<std::string>& project = std::nullopt) override;
  std::vector<SeriesPoint> series(const SeriesQuery& query) override;
  std::vector<NamedSeries> project_series(const std::string& project, int last) override;
  // The URL without its password.
  std::string describe() const override { return where_; }
  int schema_version_at_open() const override { return version_at_open_; }
  // postgres_projects.cpp
  void create_project(const Project& project) override;
  std::vector<Project> projects() override;
  std::optional<Project> find_project(const std::string& name) override;
  std::int64_t add_token(const ApiToken& token) override;
  std::vector<ApiToken> tokens(const std::string& project) override;
  std::vector<ApiToken> tokens_with_prefix(const std::string& prefix) override;
  void revoke_token(std::int64_t id, const std::string& revoked_at) override;

 private:
  std::vector<Project> project_rows(const std::string& where, const std::string& value);
  std::vector<ApiToken> token_rows(const std::string& where, const std::string& value);
  std::vector<std::string> recent_values(const char* column, int limit);
  // Turns a failure while `doing` ("cannot read the store") into
  // perfgate::Error (exit 2): what happened on one line, and what to do.
  // `after` ("nothing was saved") follows the cause when the store is known
  // to be unchanged.
  [[noreturn]] void failed(const std::string& doing, const std::exception& e,
                           const std::string& after = "") const;

  std::string where_;     // describe(): the URL without its password
  std::string password_;  // masked in messages, should the server repeat it
  std::unique_ptr<pg::Connection> db_;
  int version_at_open_ = 0;
};

}  // namespace perfgate
