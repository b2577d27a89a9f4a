// The embedded store: one SQLite file (docs/formats.md, "Store (SQLite)").
// WAL journal, a 5 s busy timeout (so `perfgate run` in two terminals waits
// rather than fails), foreign keys on, and a schema migrated on open.
#pragma once

#include <string>

#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace perfgate {

class SqliteStore final : public Store {
 public:
  // Opens the store file at `path`, creating it and its folders when missing,
  // and migrates it to the newest schema. Throws perfgate::Error (exit 2)
  // naming the path and what to do when the location is not usable, the file
  // is not SQLite or not a perfgate store, or its schema is newer than this
  // perfgate knows.
  explicit SqliteStore(const std::string& path);

  using Store::save;
  std::int64_t save(const Run& run, const std::string& project) override;
  std::vector<StoredRunSummary> list(int limit = 0) override;
  std::optional<Run> load(std::int64_t id) override;
  std::vector<StoredRunSummary> find(const RunFilter& filter, int limit = 0,
                                     int offset = 0) override;
  std::int64_t count() override;
  std::vector<std::string> recent_commits(int limit) override;
  std::vector<std::string> recent_branches(int limit) override;
  // The defaults are Store's, repeated for calls through this type.
  std::vector<std::string> benchmark_names(
      const std::optional<std::string>& project = std::nullopt) override;
  std::vector<MetricInfo> benchmark_metrics(
      const std::string& benchmark,
      const std::optional<std::string>& project = std::nullopt) override;
  std::vector<SeriesPoint> series(const SeriesQuery& query) override;  // sqlite_series.cpp
  std::vector<NamedSeries> project_series(const std::string& project, int last) override;
  std::string describe() const override { return "sqlite:" + path_; }
  int schema_version_at_open() const override { return version_at_open_; }
  // sqlite_projects.cpp
  void create_project(const Project& project) override;
  std::vector<Project> projects() override;
  std::optional<Project> find_project(const std::string& name) override;
  std::int64_t add_token(const ApiToken& token) override;
  std::vector<ApiToken> tokens(const std::string& project) override;
  std::vector<ApiToken> tokens_with_prefix(const std::string& prefix) override;
  void revoke_token(std::int64_t id, const std::string& revoked_at) override;

  // The schema version (PRAGMA user_version) this perfgate creates.
  static int schema_version();

 private:
  std::vector<std::string> recent_values(const char* column, int limit);
  // Turns an SQLite failure while reading into perfgate::Error (exit 2).
  [[noreturn]] void read_failed(const sqlite::Failure& f) const;
  // The same while writing `what` ("project web"): nothing was written.
  [[noreturn]] void write_failed(const std::string& what, const sqlite::Failure& f) const;
  std::vector<ApiToken> token_rows(const std::string& where, const std::string& value);

  std::string path_;
  sqlite::Connection db_;
  int version_at_open_ = 0;
};

}  // namespace perfgate
