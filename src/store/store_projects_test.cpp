// Projects, API tokens and runs in projects (schema version 2,
// store/project.hpp), on both backends: what `perfgate serve` relies on to
// keep projects apart.
#include <gtest/gtest.h>

#include "model/run_testing.hpp"
#include "store/copy_runs.hpp"
#include "store/run_ref.hpp"
#include "store/schema.hpp"
#include "store/sqlite_schema.hpp"
#include "store/store.hpp"
#include "store/testing/store_backends.hpp"
#include "support/expect_error.hpp"

namespace perfgate {
namespace {

using test_support::input_error_message;
using test_support::make_minimal_run;

class StoreProjectsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { PERFGATE_MAKE_BACKEND(backend_); }
  std::unique_ptr<Store> open() { return open_store(backend_->url()); }
  std::unique_ptr<test_support::StoreBackend> backend_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreProjectsTest,
                         ::testing::ValuesIn(test_support::all_backends),
                         [](const auto& info) { return std::string(info.param); });

ApiToken token_of(const std::string& project, const std::string& prefix, const std::string& hash) {
  ApiToken t;
  t.project = project;
  t.prefix = prefix;
  t.sha256 = hash;
  t.created_at = "2026-11-24T09:00:00.000Z";
  return t;
}

perfgate::Run run_of(const std::string& id, const std::string& benchmark, double value,
                     const std::string& branch = "main") {
  perfgate::Run run = make_minimal_run(id);
  run.benchmarks[0].name = benchmark;
  run.benchmarks[0].repetitions[0].values = {{"wall_time", value}};
  run.environment.git.branch = branch;
  run.environment.git.commit = "abcdef" + id;
  return run;
}

TEST_P(StoreProjectsTest, ProjectsAreMadeOnceListedByNameAndKeepHowTheyAreRead) {
  auto store = open();
  EXPECT_TRUE(store->projects().empty());
  store->create_project({"web", ProjectReads::open, "2026-11-24T09:00:00.000Z"});
  store->create_project({"api-2.x", ProjectReads::token, "2026-11-24T09:01:00.000Z"});
  const std::vector<Project> all = store->projects();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "api-2.x");
  EXPECT_EQ(all[0].reads, ProjectReads::token);
  EXPECT_EQ(all[1].name, "web");
  EXPECT_EQ(all[1].reads, ProjectReads::open);
  EXPECT_EQ(all[1].created_at, "2026-11-24T09:00:00.000Z");
  EXPECT_EQ(store->find_project("web")->reads, ProjectReads::open);
  EXPECT_FALSE(store->find_project("nosuch"));

  const std::string twice = input_error_message([&] {
    store->create_project({"web", ProjectReads::token, "2026-11-24T10:00:00.000Z"});
  });
  EXPECT_NE(twice.find("project web exists already"), std::string::npos) << twice;
  EXPECT_EQ(store->find_project("web")->reads, ProjectReads::open);  // unchanged
  for (const char* bad : {"", "a b", "-x", ".x", "x/y"})
    input_error_message([&] { store->create_project({bad, ProjectReads::open, "t"}); });
  EXPECT_EQ(backend_->query_int("SELECT count(*) FROM projects"), 2);
}

TEST_P(StoreProjectsTest, TokensAreKeptAsHashesFoundByPrefixAndRevokedOnce) {
  auto store = open();
  store->create_project({"web", ProjectReads::open, "t"});
  store->create_project({"api", ProjectReads::open, "t"});
  const std::int64_t a = store->add_token(token_of("web", "pgt_AAAAAAAA", std::string(64, 'a')));
  const std::int64_t b = store->add_token(token_of("api", "pgt_AAAAAAAA", std::string(64, 'b')));
  store->add_token(token_of("web", "pgt_CCCCCCCC", std::string(64, 'c')));
  EXPECT_NE(a, b);

  const std::vector<ApiToken> same_prefix = store->tokens_with_prefix("pgt_AAAAAAAA");
  ASSERT_EQ(same_prefix.size(), 2u);
  EXPECT_EQ(same_prefix[0].project, "web");
  EXPECT_EQ(same_prefix[0].sha256, std::string(64, 'a'));
  EXPECT_EQ(same_prefix[1].project, "api");
  EXPECT_TRUE(same_prefix[0].revoked_at.empty());
  EXPECT_EQ(store->tokens("web").size(), 2u);
  EXPECT_EQ(store->tokens("").size(), 3u);

  store->revoke_token(a, "2026-11-24T12:00:00.000Z");
  store->revoke_token(a, "2026-11-24T13:00:00.000Z");  // keeps the first time
  EXPECT_EQ(store->tokens_with_prefix("pgt_AAAAAAAA")[0].revoked_at, "2026-11-24T12:00:00.000Z");
  EXPECT_TRUE(store->tokens_with_prefix("pgt_AAAAAAAA")[1].revoked_at.empty());

  input_error_message([&] { store->add_token(token_of("nosuch", "pgt_DDDDDDDD", "d")); });
  input_error_message(
      [&] { store->add_token(token_of("web", "pgt_EEEEEEEE", std::string(64, 'a'))); });
  EXPECT_EQ(backend_->query_int("SELECT count(*) FROM tokens"), 3);
}

TEST_P(StoreProjectsTest, RunsKeepTheirProjectAndEveryReadCanBeLimitedToOne) {
  auto store = open();
  store->create_project({"web", ProjectReads::open, "t"});
  store->create_project({"api", ProjectReads::open, "t"});
  store->save(run_of("1", "gemm", 10.0));  // a local run: no project
  store->save(run_of("2", "gemm", 20.0), "web");
  store->save(run_of("3", "attention", 30.0), "api");
  store->save(run_of("4", "gemm", 40.0, "feature"), "web");

  RunFilter web;
  web.project = "web";
  const std::vector<StoredRunSummary> found = store->find(web);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].run_id, "4");
  EXPECT_EQ(found[0].project, "web");
  RunFilter none;
  none.project = "";
  ASSERT_EQ(store->find(none).size(), 1u);
  EXPECT_EQ(store->find(none)[0].run_id, "1");
  EXPECT_EQ(store->list().size(), 4u);  // no filter: every project
  EXPECT_EQ(store->list()[1].project, "api");

  EXPECT_EQ(store->benchmark_names(), (std::vector<std::string>{"attention", "gemm"}));
  EXPECT_EQ(store->benchmark_names("api"), (std::vector<std::string>{"attention"}));
  EXPECT_EQ(store->benchmark_names("web"), (std::vector<std::string>{"gemm"}));
  EXPECT_TRUE(store->benchmark_metrics("attention", "web").empty());
  ASSERT_EQ(store->benchmark_metrics("gemm", "web").size(), 1u);

  SeriesQuery q;
  q.benchmark = "gemm";
  q.metric = "wall_time";
  q.project = "web";
  const std::vector<SeriesPoint> points = store->series(q);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].run_id, "2");
  EXPECT_EQ(points[1].run_id, "4");
  q.project.reset();
  EXPECT_EQ(store->series(q).size(), 3u);
}

TEST_P(StoreProjectsTest, ARunIntoAnUnknownProjectIsRefusedAndNothingIsWritten) {
  auto store = open();
  const std::string msg =
      input_error_message([&] { store->save(run_of("x", "gemm", 1.0), "nosuch"); });
  EXPECT_NE(msg.find("perfgate project create nosuch"), std::string::npos) << msg;
  EXPECT_EQ(store->count(), 0);
  EXPECT_EQ(backend_->query_int("SELECT count(*) FROM samples"), 0);
}

TEST_P(StoreProjectsTest, ReferencesResolveInsideTheirProjectAndNeverReadAFile) {
  auto store = open();
  store->create_project({"web", ProjectReads::open, "t"});
  store->create_project({"api", ProjectReads::open, "t"});
  store->save(run_of("w1", "gemm", 1.0), "web");
  store->save(run_of("w2", "gemm", 2.0, "feature"), "web");
  store->save(run_of("a1", "gemm", 3.0), "api");

  EXPECT_EQ(resolve_stored_run("latest", *store, "web").id, "w2");
  EXPECT_EQ(resolve_stored_run("latest~1", *store, "web").id, "w1");
  EXPECT_EQ(resolve_stored_run("latest", *store).id, "a1");  // no project: the whole store
  EXPECT_EQ(resolve_stored_run("branch:main", *store, "web").id, "w1");
  EXPECT_EQ(resolve_stored_run("w1", *store, "web").id, "w1");

  const std::string other = input_error_message([&] { resolve_stored_run("a1", *store, "web"); });
  EXPECT_NE(other.find("no run a1 in project web"), std::string::npos) << other;
  const std::string back =
      input_error_message([&] { resolve_stored_run("latest~2", *store, "web"); });
  EXPECT_NE(back.find("project web holds only 2 runs"), std::string::npos) << back;
  // Branches offered are the project's own.
  const std::string branch =
      input_error_message([&] { resolve_stored_run("branch:nosuch", *store, "api"); });
  EXPECT_NE(branch.find("stored branches: main"), std::string::npos) << branch;
  EXPECT_EQ(branch.find("feature"), std::string::npos) << branch;
  // An existing path is not a file to read here.
  input_error_message([&] { resolve_stored_run("/etc/hostname", *store, "web"); });
}

TEST_P(StoreProjectsTest, CopyingAStoreCarriesProjectsTokensAndEachRunsProject) {
  test_support::SqliteBackend source;
  {
    auto from = open_store(source.url());
    from->create_project({"web", ProjectReads::token, "2026-11-24T09:00:00.000Z"});
    const std::int64_t id = from->add_token(token_of("web", "pgt_AAAAAAAA", std::string(64, 'a')));
    from->revoke_token(id, "2026-11-24T12:00:00.000Z");
    from->add_token(token_of("web", "pgt_BBBBBBBB", std::string(64, 'b')));
    from->save(run_of("1", "gemm", 1.0));
    from->save(run_of("2", "gemm", 2.0), "web");
  }
  auto from = open_store(source.url());
  auto to = open();
  copy_runs(*from, *to);
  copy_runs(*from, *to);  // again: nothing twice
  ASSERT_EQ(to->projects().size(), 1u);
  EXPECT_EQ(to->projects()[0].reads, ProjectReads::token);
  const std::vector<ApiToken> tokens = to->tokens("web");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].revoked_at, "2026-11-24T12:00:00.000Z");
  EXPECT_TRUE(tokens[1].revoked_at.empty());
  const std::vector<StoredRunSummary> runs = to->list();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].project, "web");
  EXPECT_EQ(runs[1].project, "");
}

TEST_P(StoreProjectsTest, AVersion1StoreMigratesItsRunsIntoNoProject) {
  // A store as perfgate wrote it before projects: version 1's tables only.
  if (GetParam() == "sqlite") {
    const std::string& path = static_cast<test_support::SqliteBackend&>(*backend_).path();
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    sqlite::Connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    backend_->exec(schema::render(schema::migrations()[0], schema::sqlite_dialect));
    backend_->exec("PRAGMA application_id = " + std::to_string(sqlite::perfgate_application_id));
  } else {
    backend_->exec(
        "CREATE TABLE perfgate_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    backend_->exec(schema::render(schema::migrations()[0], schema::postgres_dialect));
  }
  backend_->set_schema_version(1);
  backend_->exec(
      "INSERT INTO runs (run_id, started_at, finished_at, suite_name, source, git_commit, "
      "git_branch, host_id, document) VALUES ('old', 't', 't', 's', 'perfgate run', '', 'main', "
      "'h', '{}')");
  auto store = open();
  EXPECT_EQ(store->schema_version_at_open(), 1);
  const std::vector<StoredRunSummary> runs = store->list();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].project, "");
  store->create_project({"web", ProjectReads::open, "t"});
  EXPECT_EQ(store->projects().size(), 1u);
}

TEST_P(StoreProjectsTest, AVersion2StoreGetsTheCatalogueOfTheSeriesItsRunsDeclare) {
  // A store as perfgate wrote it before the catalogue: versions 1 and 2.
  if (GetParam() == "sqlite") {
    const std::string& path = static_cast<test_support::SqliteBackend&>(*backend_).path();
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    sqlite::Connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    for (int v = 0; v < 2; ++v)
      backend_->exec(schema::render(schema::migrations()[v], schema::sqlite_dialect));
    backend_->exec("PRAGMA application_id = " + std::to_string(sqlite::perfgate_application_id));
  } else {
    backend_->exec(
        "CREATE TABLE perfgate_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    for (int v = 0; v < 2; ++v)
      backend_->exec(schema::render(schema::migrations()[v], schema::postgres_dialect));
  }
  backend_->set_schema_version(2);
  backend_->exec("INSERT INTO projects (name, reads, created_at) VALUES ('web', 'open', 't')");
  for (const auto& [run, project] : {std::pair{"a", "web"}, {"b", "web"}, {"c", ""}}) {
    backend_->exec(
        std::string("INSERT INTO runs (run_id, started_at, finished_at, suite_name, source, "
                    "git_commit, git_branch, host_id, document, project) VALUES ('") +
        run + "', 't', 't', 's', 'perfgate run', '', 'main', 'h', '{}', '" + project + "')");
  }
  // a: gemm wall_time and peak_rss; b: gemm wall_time, load wall_time; c: local.
  backend_->exec(
      "INSERT INTO benchmarks (run_pk, name, threshold) SELECT id, 'gemm', 0.05 FROM runs");
  backend_->exec(
      "INSERT INTO benchmarks (run_pk, name, threshold) SELECT id, 'load', 0.05 FROM runs "
      "WHERE run_id IN ('b', 'c')");
  backend_->exec(
      "INSERT INTO metrics (run_pk, benchmark, name, unit, direction, compared) "
      "SELECT id, 'gemm', 'wall_time', 'ns', 'lower', 1 FROM runs");
  backend_->exec(
      "INSERT INTO metrics (run_pk, benchmark, name, unit, direction, compared) "
      "SELECT id, 'gemm', 'peak_rss', 'bytes', 'lower', 0 FROM runs WHERE run_id = 'a'");
  backend_->exec(
      "INSERT INTO metrics (run_pk, benchmark, name, unit, direction, compared) "
      "SELECT id, 'load', 'wall_time', 'ns', 'lower', 1 FROM runs WHERE run_id IN ('b', 'c')");
  auto store = open();
  EXPECT_EQ(store->schema_version_at_open(), 2);
  std::vector<std::string> catalogue;
  for (const auto& row :
       backend_->rows("SELECT project, benchmark, metric FROM series ORDER BY 1, 2, 3"))
    catalogue.push_back(*row[0] + "|" + *row[1] + "|" + *row[2]);
  EXPECT_EQ(catalogue,
            (std::vector<std::string>{"|gemm|wall_time", "|load|wall_time", "web|gemm|peak_rss",
                                      "web|gemm|wall_time", "web|load|wall_time"}));
  EXPECT_EQ(store->benchmark_names("web"), (std::vector<std::string>{"gemm", "load"}));
  EXPECT_EQ(store->benchmark_names(), (std::vector<std::string>{"gemm", "load"}));
  EXPECT_EQ(store->project_series("web", 0).size(), 3u);
}

}  // namespace
}  // namespace perfgate
