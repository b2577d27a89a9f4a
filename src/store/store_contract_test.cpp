// The Store contract (store/store.hpp), on both backends: each test runs on a
// new SQLite file and on a new database of a real, throw-away PostgreSQL
// server (store/testing/store_backends.hpp). What only one backend does is
// tested beside it (sqlite_store_test.cpp, postgres_store_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "model/error.hpp"
#include "model/run_testing.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "store/testing/store_backends.hpp"
#include "support/expect_error.hpp"

namespace perfgate {
namespace {

using test_support::expect_same_run;
using test_support::input_error_message;
using test_support::make_full_run;
using test_support::make_minimal_run;
using test_support::StoreBackend;

const char* const all_tables[] = {"runs", "benchmarks", "metrics", "samples", "failures"};

class StoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { PERFGATE_MAKE_BACKEND(backend_); }

  std::unique_ptr<Store> open() { return open_store(backend_->url()); }

  std::map<std::string, std::int64_t> row_counts() {
    std::map<std::string, std::int64_t> counts;
    for (const char* t : all_tables)
      counts[t] = backend_->query_int(std::string("SELECT count(*) FROM ") + t);
    return counts;
  }

  std::unique_ptr<StoreBackend> backend_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::ValuesIn(test_support::all_backends),
                         [](const auto& info) { return std::string(info.param); });

perfgate::Run run_on(const std::string& id, const std::string& commit, const std::string& branch) {
  perfgate::Run run = make_minimal_run(id);
  run.environment.git.commit = commit;
  run.environment.git.branch = branch;
  return run;
}

RunFilter by_run_id(const std::string& id) {
  RunFilter f;
  f.run_id = id;
  return f;
}

TEST_P(StoreContractTest, ANewStoreIsAtTheLatestSchemaVersionAndReopeningChangesNothing) {
  {
    auto store = open();
    EXPECT_EQ(store->schema_version_at_open(), 0);
    store->save(make_full_run("a"));
  }
  const auto before = row_counts();
  for (int i = 0; i < 2; ++i) {
    auto store = open();
    EXPECT_EQ(store->schema_version_at_open(), schema::latest_version());
    EXPECT_EQ(store->count(), 1);
    expect_same_run(make_full_run("a"), store->load(1).value());
  }
  EXPECT_EQ(row_counts(), before);
}

TEST_P(StoreContractTest, FullAndMinimalRunsReadBackWhole) {
  auto store = open();
  const std::int64_t full = store->save(make_full_run("full"));
  const std::int64_t minimal = store->save(make_minimal_run("minimal"));
  EXPECT_LT(full, minimal);
  expect_same_run(make_full_run("full"), store->load(full).value());
  expect_same_run(make_minimal_run("minimal"), store->load(minimal).value());
  EXPECT_FALSE(store->load(minimal + 1).has_value());
}

TEST_P(StoreContractTest, SamplesRowsAreExactlyTheSuccessfulRepetitionsValues) {
  const perfgate::Run run = make_full_run("r");
  auto store = open();
  const std::string pk = std::to_string(store->save(run));

  using Row = std::tuple<std::string, std::string, std::int64_t, double>;
  std::multiset<Row> expected;
  std::set<std::tuple<std::string, std::int64_t, std::string>> expected_failures;
  for (const auto& b : run.benchmarks) {
    for (const auto& r : b.repetitions) {
      if (!r.ok) {
        expected_failures.insert({b.name, r.index, r.failure});
        continue;
      }
      for (const auto& [metric, value] : r.values)
        expected.insert({b.name, metric, r.index, value});
    }
  }
  ASSERT_EQ(expected_failures.size(), 2u);  // the fixture has failed repetitions

  std::multiset<Row> actual;
  // 5e-324 and the largest double exactly. (Not -0.0: SQLite keeps a REAL
  // that is a whole number as an integer, and reads it back as 0.0.)
  std::set<std::uint64_t> bits;
  for (const auto& r : backend_->rows(
           "SELECT benchmark, metric, repetition, value FROM samples WHERE run_pk = " + pk)) {
    const double v = test_support::as_double(r[3]);
    actual.insert({*r[0], *r[1], std::stoll(*r[2]), v});
    bits.insert(std::bit_cast<std::uint64_t>(v));
  }
  EXPECT_EQ(actual, expected);
  for (double v : {5e-324, std::numeric_limits<double>::max(), 1.0 / 3.0})
    EXPECT_EQ(bits.count(std::bit_cast<std::uint64_t>(v)), 1u) << v;

  std::set<std::tuple<std::string, std::int64_t, std::string>> failures;
  for (const auto& r :
       backend_->rows("SELECT benchmark, repetition, reason FROM failures WHERE run_pk = " + pk))
    failures.insert({*r[0], std::stoll(*r[1]), *r[2]});
  EXPECT_EQ(failures, expected_failures);
  const auto signal = backend_->rows(
      "SELECT exit_status, signal FROM failures WHERE run_pk = " + pk + " AND repetition = 1");
  ASSERT_EQ(signal.size(), 1u);
  EXPECT_FALSE(signal[0][0].has_value());
  EXPECT_EQ(signal[0][1], "9");

  const auto m = backend_->rows(
      "SELECT unit, direction, compared FROM metrics WHERE benchmark = 'gemm_128x128x128' AND "
      "name = 'tokens_per_second'");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0][0], "tokens/s");
  EXPECT_EQ(m[0][1], "higher");
  EXPECT_EQ(m[0][2], "1");

  const auto r = backend_->rows(
      "SELECT git_commit, git_branch, git_dirty, host_id FROM runs WHERE id = " + pk);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0][0], run.environment.git.commit);
  EXPECT_EQ(r[0][1], "feature/fast-gemm");
  EXPECT_EQ(r[0][2], "1");
  EXPECT_EQ(r[0][3], run.environment.host_id);
}

TEST_P(StoreContractTest, NamesThatNeedEscapingInCopyAreStoredAsWritten) {
  // Tabs, newlines and backslashes are COPY's own syntax on PostgreSQL.
  perfgate::Run run = make_minimal_run("escapes");
  const std::string name = "tab\there\nnew line \\N back\\slash \xc3\xa9 'quote\"";
  run.benchmarks[0].name = name;
  run.benchmarks[0].metrics[0].unit = "\\t";
  run.benchmarks[0].repetitions.push_back({1, false, "failed:\t\"x\"\n\\", 1, std::nullopt, {}});
  auto store = open();
  store->save(run);
  EXPECT_EQ(store->benchmark_names(), std::vector<std::string>{name});
  const auto rows = backend_->rows(
      "SELECT b.name, m.unit, f.reason FROM benchmarks b "
      "JOIN metrics m ON m.benchmark = b.name "
      "JOIN failures f ON f.benchmark = b.name");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], name);
  EXPECT_EQ(rows[0][1], "\\t");
  EXPECT_EQ(rows[0][2], "failed:\t\"x\"\n\\");
  SeriesQuery q;
  q.benchmark = name;
  q.metric = "wall_time";
  const auto s = store->series(q);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].samples, std::vector<double>{42.0});
  EXPECT_EQ(s[0].failed, 1);
}

TEST_P(StoreContractTest, DuplicateRunIdIsRefusedAndTheStoreKeepsTheEarlierRuns) {
  auto store = open();
  store->save(make_full_run("first"));
  store->save(make_minimal_run("second"));
  const auto before = row_counts();

  perfgate::Run again = make_minimal_run("first");
  again.suite_name = "a different run with the same id";
  const std::string msg = input_error_message([&] { store->save(again); });
  EXPECT_NE(msg.find(store->describe()), std::string::npos) << msg;
  EXPECT_NE(msg.find("run first is already stored (store id 1)"), std::string::npos) << msg;

  EXPECT_EQ(row_counts(), before);
  ASSERT_EQ(store->count(), 2);
  expect_same_run(make_full_run("first"), store->load(1).value());
  EXPECT_EQ(store->save(make_minimal_run("third")), 3);  // the store still takes runs
}

TEST_P(StoreContractTest, SaveThatFailsHalfWayLeavesNothingBehind) {
  auto store = open();
  store->save(make_minimal_run("kept"));
  const auto before = row_counts();
  // A failure after the run, its benchmarks, metrics and some samples were
  // written: the first failed repetition aborts the insert.
  backend_->inject_failure();

  const std::string msg = input_error_message([&] { store->save(make_full_run("broken")); });
  EXPECT_NE(msg.find("cannot save run broken: injected failure; nothing was saved"),
            std::string::npos)
      << msg;
  EXPECT_EQ(row_counts(), before);
  EXPECT_EQ(store->count(), 1);
  EXPECT_TRUE(store->find(by_run_id("broken")).empty());

  // The transaction was rolled back, not left open: the store takes the run
  // once the cause is gone.
  backend_->remove_injected_failure();
  const std::int64_t id = store->save(make_full_run("broken"));
  expect_same_run(make_full_run("broken"), store->load(id).value());
}

TEST_P(StoreContractTest, RunsTheNormalisedTablesCannotHoldAreRefusedBeforeWriting) {
  auto store = open();
  perfgate::Run nan_run = make_minimal_run("nan");
  nan_run.benchmarks[0].repetitions[0].values["wall_time"] = std::nan("");
  EXPECT_NE(input_error_message([&] { store->save(nan_run); }).find("values.wall_time is NaN"),
            std::string::npos);

  perfgate::Run twice = make_minimal_run("twice");
  twice.benchmarks.push_back(twice.benchmarks[0]);
  EXPECT_NE(
      input_error_message([&] { store->save(twice); }).find("benchmark \"only\" appears twice"),
      std::string::npos);

  perfgate::Run reps = make_minimal_run("reps");
  reps.benchmarks[0].repetitions.push_back(reps.benchmarks[0].repetitions[0]);
  EXPECT_NE(input_error_message([&] { store->save(reps); }).find("has repetition 0 twice"),
            std::string::npos);

  for (const auto& [table, n] : row_counts()) EXPECT_EQ(n, 0) << table;
}

TEST_P(StoreContractTest, ListIsNewestFirstAndHonoursTheLimit) {
  auto store = open();
  EXPECT_TRUE(store->list().empty());
  store->save(make_minimal_run("one"));
  store->save(make_full_run("two"));
  store->save(make_minimal_run("three"));

  const auto all = store->list();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].run_id, "three");
  EXPECT_EQ(all[1].run_id, "two");
  EXPECT_EQ(all[2].run_id, "one");
  EXPECT_GT(all[0].id, all[1].id);
  EXPECT_GT(all[1].id, all[2].id);

  const StoredRunSummary& two = all[1];
  EXPECT_EQ(two.benchmarks, 2);
  EXPECT_EQ(two.failed_repetitions, 2);
  EXPECT_EQ(two.suite_name, "inference \"core\"");
  EXPECT_EQ(two.started_at, "2026-11-23T19:03:12Z");
  EXPECT_EQ(two.git_commit, "3f2a9c1e5b7d4a0c9e8f7a6b5c4d3e2f1a0b9c8d");
  EXPECT_EQ(two.git_branch, "feature/fast-gemm");
  EXPECT_EQ(all[0].failed_repetitions, 0);

  const auto newest_two = store->list(2);
  ASSERT_EQ(newest_two.size(), 2u);
  EXPECT_EQ(newest_two[0].run_id, "three");
  EXPECT_EQ(newest_two[1].run_id, "two");
  EXPECT_EQ(store->list(10).size(), 3u);
}

TEST_P(StoreContractTest, FindFiltersByCommitPrefixBranchAndRunIdNewestFirst) {
  auto store = open();
  store->save(run_on("r1", "aaaa1111", "main"));
  store->save(run_on("r2", "bbbb2222", "dev"));
  store->save(run_on("r3", "aaaa1111", "main"));
  store->save(run_on("r4", "aaab3333", "main"));

  RunFilter commit;
  commit.commit_prefix = "aaaa";
  auto found = store->find(commit);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].run_id, "r3");
  EXPECT_EQ(found[1].run_id, "r1");

  // Pattern characters of either backend (GLOB, LIKE) match only themselves.
  for (const char* pattern : {"aa*", "aa?", "aa[", "aa%", "aa_", "a\\"}) {
    commit.commit_prefix = pattern;
    EXPECT_TRUE(store->find(commit).empty()) << pattern;
  }

  RunFilter branch;
  branch.branch = "main";
  EXPECT_EQ(store->find(branch, 1).at(0).run_id, "r4");
  EXPECT_EQ(store->find(branch, 1, 1).at(0).run_id, "r3");
  EXPECT_EQ(store->find(branch, 0, 1).size(), 2u);

  EXPECT_EQ(store->find(by_run_id("r2")).at(0).git_branch, "dev");

  EXPECT_EQ(store->count(), 4);
  EXPECT_EQ(store->recent_commits(10),
            (std::vector<std::string>{"aaab3333", "aaaa1111", "bbbb2222"}));
  EXPECT_EQ(store->recent_commits(1), (std::vector<std::string>{"aaab3333"}));
  EXPECT_EQ(store->recent_branches(10), (std::vector<std::string>{"main", "dev"}));
}

TEST_P(StoreContractTest, TwoOpenStoresSeeEachOthersRuns) {
  auto a = open();
  auto b = open();
  a->save(make_minimal_run("from-a"));
  b->save(make_minimal_run("from-b"));
  EXPECT_EQ(a->count(), 2);
  EXPECT_EQ(b->list().at(0).run_id, "from-b");
  EXPECT_EQ(a->list().at(0).run_id, "from-b");
}

TEST_P(StoreContractTest, ConcurrentSaversEachStoreTheirRunsWhole) {
  open();  // the schema exists before the savers start
  constexpr int savers = 3, runs_each = 5;
  std::vector<std::thread> threads;
  std::vector<std::string> errors(savers);
  for (int t = 0; t < savers; ++t) {
    threads.emplace_back([&, t] {
      try {
        auto store = open();
        for (int i = 0; i < runs_each; ++i)
          store->save(make_full_run("saver" + std::to_string(t) + "-" + std::to_string(i)));
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  auto store = open();
  EXPECT_EQ(store->count(), savers * runs_each);
  const perfgate::Run full = make_full_run();
  std::int64_t samples = 0;
  for (const auto& b : full.benchmarks)
    for (const auto& r : b.repetitions)
      if (r.ok) samples += static_cast<std::int64_t>(r.values.size());
  EXPECT_EQ(backend_->query_int("SELECT count(*) FROM samples"), samples * savers * runs_each);
  for (const auto& s : store->list()) expect_same_run(make_full_run(s.run_id), *store->load(s.id));
}

TEST_P(StoreContractTest, ASchemaNewerThanThisPerfgateIsRefused) {
  open()->save(make_minimal_run("kept"));
  const int newer = schema::latest_version() + 1;
  backend_->set_schema_version(newer);
  const std::string msg = input_error_message([&] { open(); });
  EXPECT_EQ(msg.rfind(backend_->url() + ": ", 0), 0u) << msg;
  EXPECT_NE(
      msg.find("schema version " + std::to_string(newer) + ", newer than this perfgate knows"),
      std::string::npos)
      << msg;
  EXPECT_NE(msg.find("upgrade perfgate"), std::string::npos) << msg;
  EXPECT_EQ(backend_->query_int("SELECT count(*) FROM runs"), 1);
}

TEST_P(StoreContractTest, OpeningToReadAStoreThatDoesNotExistSaysHowToMakeOne) {
  const std::string msg = input_error_message([&] { open_store(backend_->url(), false); });
  EXPECT_NE(msg.find("perfgate run SUITE"), std::string::npos) << msg;
  open();
  EXPECT_EQ(open_store(backend_->url(), false)->count(), 0);  // made now: it opens
}

TEST_P(StoreContractTest, BenchmarkMetricsAndNamesComeInTheSameOrder) {
  auto store = open();
  perfgate::Run run = make_minimal_run("names");
  // Byte order, not a locale's: upper case before '_' before lower case.
  for (const char* n : {"beta", "Alpha", "_under", "alpha"}) {
    BenchmarkResult b = run.benchmarks[0];
    b.name = n;
    run.benchmarks.push_back(b);
  }
  store->save(run);
  EXPECT_EQ(store->benchmark_names(),
            (std::vector<std::string>{"Alpha", "_under", "alpha", "beta", "only"}));
}

}  // namespace
}  // namespace perfgate
