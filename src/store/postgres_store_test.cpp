// What only the PostgreSQL store does, on a real, throw-away server
// (tests/support/postgres_cluster.hpp): connecting and its failures, the
// password never shown, the database going away mid-save, migrating under an
// advisory lock, the version table; and series equal to SQLite's for the
// same runs. The Store contract both backends keep is
// store_contract_test.cpp's.
#include "store/postgres_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "model/error.hpp"
#include "model/run_testing.hpp"
#include "store/schema.hpp"
#include "store/sqlite_store.hpp"
#include "store/testing/store_backends.hpp"
#include "support/expect_error.hpp"

namespace perfgate {
namespace {

using test_support::expect_same_run;
using test_support::input_error_message;
using test_support::make_full_run;
using test_support::make_minimal_run;
using test_support::PostgresBackend;
using test_support::PostgresCluster;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PERFGATE_POSTGRES_OR_SKIP(cluster_);
    backend_ = std::make_unique<PostgresBackend>(*cluster_);
  }

  std::map<std::string, std::int64_t> row_counts() {
    std::map<std::string, std::int64_t> counts;
    for (const char* t : {"runs", "benchmarks", "metrics", "samples", "failures"})
      counts[t] = backend_->query_int(std::string("SELECT count(*) FROM ") + t);
    return counts;
  }

  PostgresCluster* cluster_ = nullptr;
  std::unique_ptr<PostgresBackend> backend_;
};

TEST_F(PostgresStoreTest, DescribeAndMessagesShowTheUrlWithoutItsPassword) {
  const std::string password = "s3cret-Pw";
  PostgresStore store(cluster_->url(backend_->database(), password));
  EXPECT_EQ(store.describe(), cluster_->url(backend_->database()));
  store.save(make_minimal_run("a"));
  const std::string msg = input_error_message([&] { store.save(make_minimal_run("a")); });
  EXPECT_EQ(msg.rfind(cluster_->url(backend_->database()) + ": run a is already stored", 0), 0u)
      << msg;
  EXPECT_EQ(msg.find(password), std::string::npos) << msg;
}

// No server needed: nothing listens on port 1 of the loopback.
TEST(PostgresConnectTest, AServerThatIsNotThereIsAnInputErrorOnOneLineWithoutThePassword) {
  const std::string url = "postgresql://perfgate:hunter22@127.0.0.1:1/perf";
  const std::string msg = input_error_message([&] { open_store(url); });
  EXPECT_EQ(msg.rfind("postgresql://perfgate@127.0.0.1:1/perf: cannot connect to the PostgreSQL "
                      "store (",
                      0),
            0u)
      << msg;
  EXPECT_NE(msg.find("Connection refused"), std::string::npos) << msg;
  EXPECT_NE(msg.find("is the server running? check the URL"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("hunter22"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

TEST_F(PostgresStoreTest, ADatabaseThatDoesNotExistIsNamedInTheMessage) {
  const std::string msg =
      input_error_message([&] { open_store(cluster_->url("no_such_database", "pw")); });
  EXPECT_NE(msg.find("database \"no_such_database\" does not exist"), std::string::npos) << msg;
  EXPECT_EQ(msg.find(":pw@"), std::string::npos) << msg;
}

TEST_F(PostgresStoreTest, TheSchemaVersionIsKeptInPerfgateSchemaAndTextComparesByteByByte) {
  PostgresStore store(backend_->url());
  EXPECT_EQ(store.schema_version_at_open(), 0);
  const auto versions =
      backend_->rows("SELECT version, description FROM perfgate_schema ORDER BY version");
  ASSERT_EQ(versions.size(), schema::migrations().size());
  for (std::size_t i = 0; i < versions.size(); ++i) {
    EXPECT_EQ(versions[i][0], std::to_string(schema::migrations()[i].version));
    EXPECT_EQ(versions[i][1], schema::migrations()[i].description);
  }
  // The dialect's choices, as the server sees them.
  const auto columns = backend_->rows(
      "SELECT table_name, column_name, data_type, collation_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND column_name IN ('value', 'benchmark', 'id') "
      "AND table_name IN ('samples', 'runs') ORDER BY table_name, column_name");
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0][1], "id");  // runs.id
  EXPECT_EQ(columns[0][2], "bigint");
  EXPECT_EQ(columns[1][1], "benchmark");  // samples.benchmark
  EXPECT_EQ(columns[1][3], "C");
  EXPECT_EQ(columns[2][1], "value");  // samples.value
  EXPECT_EQ(columns[2][2], "double precision");
}

TEST_F(PostgresStoreTest, PerfgatesMigratingANewDatabaseAtOnceMigrateItOnce) {
  constexpr int openers = 4;
  std::atomic<int> ready = 0;
  std::vector<std::string> errors(openers);
  std::vector<int> versions_at_open(openers, -1);
  std::vector<std::thread> threads;
  for (int i = 0; i < openers; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < openers) std::this_thread::yield();
      try {
        versions_at_open[i] = PostgresStore(backend_->url()).schema_version_at_open();
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(backend_->query_int("SELECT count(*) FROM perfgate_schema"),
            static_cast<std::int64_t>(schema::migrations().size()));
  PostgresStore store(backend_->url());
  EXPECT_EQ(store.schema_version_at_open(), schema::latest_version());
  EXPECT_EQ(store.save(make_minimal_run("after")), 1);
}

TEST_F(PostgresStoreTest, TablesOfAnotherApplicationAreRefusedAndLeftAlone) {
  backend_->exec("CREATE TABLE runs (name TEXT); INSERT INTO runs VALUES ('theirs');");
  const std::string msg = input_error_message([&] { PostgresStore store(backend_->url()); });
  EXPECT_NE(msg.find(backend_->url() + ": the database has tables named runs that are not a "
                                       "perfgate store"),
            std::string::npos)
      << msg;
  EXPECT_EQ(backend_->rows("SELECT name FROM runs").at(0).at(0), "theirs");
  EXPECT_EQ(backend_->query_int("SELECT count(*) FROM information_schema.tables WHERE "
                                "table_name IN ('perfgate_schema', 'samples')"),
            0);
}

TEST_F(PostgresStoreTest, TheDatabaseGoingAwayMidSaveLeavesNothingAndTheNextSaveReconnects) {
  PostgresStore store(backend_->url());
  store.save(make_minimal_run("kept"));
  const auto before = row_counts();
  // The server ends the session when the first failure row arrives: after
  // the run, its benchmarks, metrics and samples went in.
  backend_->inject_lost_connection();
  const std::string msg = input_error_message([&] { store.save(make_full_run("cut")); });
  EXPECT_EQ(msg.rfind(backend_->url() + ": cannot save run cut: the connection to the server was "
                                        "lost (",
                      0),
            0u)
      << msg;
  EXPECT_NE(msg.find("nothing was saved; check that the server is running and reachable, then "
                     "try again"),
            std::string::npos)
      << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  EXPECT_EQ(row_counts(), before);

  backend_->remove_injected_failure();
  const std::int64_t id = store.save(make_full_run("cut"));  // a new connection
  expect_same_run(make_full_run("cut"), store.load(id).value());
  EXPECT_EQ(store.count(), 2);
}

TEST_F(PostgresStoreTest, ASessionEndedByTheServerFailsOneReadAndTheNextReconnects) {
  PostgresStore store(backend_->url());
  store.save(make_minimal_run("a"));
  backend_->exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND application_name = 'perfgate'");
  const std::string msg = input_error_message([&] { store.count(); });
  EXPECT_NE(msg.find(": cannot read the store: the connection to the server was lost"),
            std::string::npos)
      << msg;
  EXPECT_EQ(store.count(), 1);
}

// Runs that exercise every rule of Store::series: times out of store order,
// equal times, branches, hosts, failed and skipped benchmarks, a summary-only
// metric, a metric some runs do not declare.
std::vector<Run> history() {
  std::vector<Run> runs;
  runs.reserve(16);  // the pointers add() returns stay valid
  const auto add = [&](const std::string& id, const std::string& started, const std::string& branch,
                       const std::string& host, std::vector<double> values) {
    Run run = make_minimal_run(id);
    run.started_at = started;
    run.environment.git.branch = branch;
    run.environment.git.commit = "c0ffee" + id;
    run.environment.host_id = host;
    run.benchmarks[0].name = "gemm";
    run.benchmarks[0].metrics.push_back({"peak_rss", "bytes", Direction::lower_is_better, false});
    run.benchmarks[0].repetitions.clear();
    for (std::size_t i = 0; i < values.size(); ++i)
      run.benchmarks[0].repetitions.push_back(
          {static_cast<int>(i),
           true,
           "",
           0,
           std::nullopt,
           {{"wall_time", values[i]}, {"peak_rss", values[i] * 1e6 + 0.1}}});
    runs.push_back(run);
    return &runs.back();
  };
  add("a", "2026-01-03T00:00:00Z", "main", "aaaa1111", {3, 0.1 + 0.2});
  add("b", "2026-01-01T00:00:00Z", "main", "bbbb2222", {1, 1.0 / 3.0, 2});
  add("c", "2026-01-02T00:00:00Z", "topic", "aaaa1111", {2});
  add("d", "2026-01-02T00:00:00Z", "main", "aaaa1111", {2.5});
  Run* failed = add("e", "2026-01-04T00:00:00Z", "main", "aaaa1111", {});
  failed->benchmarks[0].repetitions.push_back({0, false, "exited with status 1", 1, {}, {}});
  Run* skipped = add("f", "2026-01-05T00:00:00Z", "main", "aaaa1111", {});
  skipped->benchmarks[0].skipped = "fixture model: no file";
  Run* summary = add("g", "2026-01-06T00:00:00Z", "main", "aaaa1111", {});
  summary->benchmarks[0].summaries["wall_time"] = {1500, 20, 12, 1490, 1400, std::nullopt};
  Run* older = add("h", "2025-12-31T00:00:00Z", "main", "aaaa1111", {9});
  older->benchmarks[0].metrics.pop_back();  // no peak_rss yet
  for (auto& r : older->benchmarks[0].repetitions) r.values.erase("peak_rss");
  older->benchmarks[0].metrics.push_back({"alpha", "ns", Direction::lower_is_better, true});
  return runs;
}

void expect_same_points(const std::vector<SeriesPoint>& a, const std::vector<SeriesPoint>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("point " + std::to_string(i) + " (" + a[i].run_id + ")");
    EXPECT_EQ(a[i].store_id, b[i].store_id);
    EXPECT_EQ(a[i].run_id, b[i].run_id);
    EXPECT_EQ(a[i].started_at, b[i].started_at);
    EXPECT_EQ(a[i].git_commit, b[i].git_commit);
    EXPECT_EQ(a[i].git_branch, b[i].git_branch);
    EXPECT_EQ(a[i].host_id, b[i].host_id);
    EXPECT_EQ(a[i].unit, b[i].unit);
    EXPECT_EQ(a[i].direction, b[i].direction);
    ASSERT_EQ(a[i].samples.size(), b[i].samples.size());
    for (std::size_t s = 0; s < a[i].samples.size(); ++s)
      EXPECT_TRUE(test_support::same_bits(a[i].samples[s], b[i].samples[s]))
          << a[i].samples[s] << " vs " << b[i].samples[s];
    EXPECT_EQ(a[i].failed, b[i].failed);
    EXPECT_EQ(a[i].skipped, b[i].skipped);
    ASSERT_EQ(a[i].summary.has_value(), b[i].summary.has_value());
    if (a[i].summary) {
      EXPECT_EQ(a[i].summary->mean, b[i].summary->mean);
      EXPECT_EQ(a[i].summary->stddev, b[i].summary->stddev);
      EXPECT_EQ(a[i].summary->n, b[i].summary->n);
      EXPECT_EQ(a[i].summary->median, b[i].summary->median);
      EXPECT_EQ(a[i].summary->min, b[i].summary->min);
      EXPECT_EQ(a[i].summary->max, b[i].summary->max);
    }
  }
}

TEST_F(PostgresStoreTest, SeriesAndMetricsAreTheSameAsSqlitesForTheSameRuns) {
  test_support::SqliteBackend sqlite;
  auto lite = open_store(sqlite.url());
  PostgresStore pg(backend_->url());
  for (const perfgate::Run& run : history()) {
    EXPECT_EQ(lite->save(run), pg.save(run));
  }
  std::vector<SeriesQuery> queries;
  for (const char* metric : {"wall_time", "peak_rss", "alpha", "nope"}) {
    SeriesQuery q;
    q.benchmark = "gemm";
    q.metric = metric;
    queries.push_back(q);
    q.branch = "main";
    queries.push_back(q);
    q.host_prefix = "aaaa";
    queries.push_back(q);
    q.last = 3;
    queries.push_back(q);
  }
  std::size_t points = 0;
  for (const SeriesQuery& q : queries) {
    SCOPED_TRACE(q.metric + " branch=" + q.branch + " host=" + q.host_prefix +
                 " last=" + std::to_string(q.last));
    const auto expected = lite->series(q);
    points += expected.size();
    expect_same_points(expected, pg.series(q));
  }
  EXPECT_GT(points, 20u);  // the queries found something to compare

  const auto lm = lite->benchmark_metrics("gemm");
  const auto pm = pg.benchmark_metrics("gemm");
  ASSERT_EQ(lm.size(), 3u);
  ASSERT_EQ(pm.size(), lm.size());
  for (std::size_t i = 0; i < lm.size(); ++i) {
    EXPECT_EQ(pm[i].name, lm[i].name);
    EXPECT_EQ(pm[i].unit, lm[i].unit);
    EXPECT_EQ(pm[i].direction, lm[i].direction);
    EXPECT_EQ(pm[i].compared, lm[i].compared);
  }
  EXPECT_EQ(pg.benchmark_names(), lite->benchmark_names());
  EXPECT_EQ(pg.recent_commits(5), lite->recent_commits(5));
  EXPECT_EQ(pg.recent_branches(5), lite->recent_branches(5));
}

}  // namespace
}  // namespace perfgate
