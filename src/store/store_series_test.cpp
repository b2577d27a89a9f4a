// Store::series, benchmark_names and benchmark_metrics, on both backends
// (store/testing/store_backends.hpp): the same runs give the same points in
// the same order, gaps included.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/store.hpp"
#include "store/testing/store_backends.hpp"

namespace perfgate {
namespace {

class StoreSeriesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    PERFGATE_MAKE_BACKEND(backend_);
    store_ = open_store(backend_->url());
  }
  void TearDown() override { store_.reset(); }

  std::vector<std::int64_t> ids(const SeriesQuery& q) {
    std::vector<std::int64_t> out;
    for (const auto& p : store_->series(q)) out.push_back(p.store_id);
    return out;
  }

  std::unique_ptr<test_support::StoreBackend> backend_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreSeriesTest, ::testing::ValuesIn(test_support::all_backends),
                         [](const auto& info) { return std::string(info.param); });

// A run of benchmark "gemm" (wall_time judged, peak_rss recorded) with one
// successful repetition per value in `wall_ns`, and "other" beside it.
Run gemm_run(const std::string& id, const std::string& started_at,
             const std::vector<double>& wall_ns, const std::string& branch = "main",
             const std::string& host = "aaaa1111") {
  Run run;
  run.id = id;
  run.started_at = started_at;
  run.finished_at = started_at;
  run.suite_name = "s";
  run.source = "perfgate run";
  run.environment.git.commit = "c0ffee" + id;
  run.environment.git.branch = branch;
  run.environment.host_id = host;
  BenchmarkResult gemm;
  gemm.name = "gemm";
  gemm.metrics = {{"wall_time", "ns", Direction::lower_is_better, true},
                  {"peak_rss", "bytes", Direction::lower_is_better, false}};
  for (std::size_t i = 0; i < wall_ns.size(); ++i) {
    Repetition r;
    r.index = static_cast<int>(i);
    r.values = {{"wall_time", wall_ns[i]}, {"peak_rss", 1000.0 + static_cast<double>(i)}};
    gemm.repetitions.push_back(r);
  }
  BenchmarkResult other;
  other.name = "other";
  other.metrics = {{"wall_time", "ns", Direction::lower_is_better, true}};
  other.repetitions = {{0, true, "", 0, std::nullopt, {{"wall_time", 5.0}}}};
  run.benchmarks = {gemm, other};
  return run;
}

SeriesQuery gemm_wall() {
  SeriesQuery q;
  q.benchmark = "gemm";
  q.metric = "wall_time";
  return q;
}

TEST_P(StoreSeriesTest, OnePointPerRunOldestFirstByStartTimeThenStoreId) {
  const auto a = store_->save(gemm_run("a", "2026-01-03T00:00:00Z", {3}));
  const auto b = store_->save(gemm_run("b", "2026-01-01T00:00:00Z", {1}));
  const auto c = store_->save(gemm_run("c", "2026-01-02T00:00:00Z", {2}));
  const auto d = store_->save(gemm_run("d", "2026-01-02T00:00:00Z", {2}));  // same time as c
  EXPECT_EQ(ids(gemm_wall()), (std::vector<std::int64_t>{b, c, d, a}));
}

TEST_P(StoreSeriesTest, APointCarriesItsSamplesInRepetitionOrderAndWhereItWasMeasured) {
  perfgate::Run run = gemm_run("r1", "2026-01-01T00:00:00Z", {30, 10, 20}, "feature/x", "beef2222");
  run.environment.git.commit = "0123456789abcdef0123456789abcdef01234567";
  const auto id = store_->save(run);
  std::vector<SeriesPoint> s = store_->series(gemm_wall());
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].store_id, id);
  EXPECT_EQ(s[0].run_id, "r1");
  EXPECT_EQ(s[0].started_at, "2026-01-01T00:00:00Z");
  EXPECT_EQ(s[0].git_commit, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(s[0].git_branch, "feature/x");
  EXPECT_EQ(s[0].host_id, "beef2222");
  EXPECT_EQ(s[0].unit, "ns");
  EXPECT_EQ(s[0].samples, (std::vector<double>{30, 10, 20}));
  EXPECT_EQ(s[0].failed, 0);
  EXPECT_TRUE(s[0].skipped.empty());
  EXPECT_FALSE(s[0].summary.has_value());

  SeriesQuery rss = gemm_wall();
  rss.metric = "peak_rss";
  std::vector<SeriesPoint> r = store_->series(rss);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].unit, "bytes");
  EXPECT_EQ(r[0].samples, (std::vector<double>{1000, 1001, 1002}));
}

TEST_P(StoreSeriesTest, BranchAndMachinePrefixFilterTheRuns) {
  const auto a = store_->save(gemm_run("a", "2026-01-01T00:00:00Z", {1}, "main", "aaaa1111"));
  const auto b = store_->save(gemm_run("b", "2026-01-02T00:00:00Z", {1}, "topic", "aaaa1111"));
  const auto c = store_->save(gemm_run("c", "2026-01-03T00:00:00Z", {1}, "main", "bbbb2222"));
  SeriesQuery q = gemm_wall();
  q.branch = "main";
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{a, c}));
  q.host_prefix = "bbbb";
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{c}));
  q.branch.clear();
  q.host_prefix = "aaaa1111";
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{a, b}));
  // Pattern characters of either backend (GLOB, LIKE) are matched literally.
  for (const char* pattern : {"a*", "a?", "a%", "a_", "a\\"}) {
    q.host_prefix = pattern;
    EXPECT_TRUE(ids(q).empty()) << pattern;
  }
  q.host_prefix.clear();
  q.branch = "nowhere";
  EXPECT_TRUE(ids(q).empty());
}

TEST_P(StoreSeriesTest, LastKeepsTheNewestRunsByStartTimeStillOldestFirst) {
  const auto a = store_->save(gemm_run("a", "2026-01-04T00:00:00Z", {1}));
  store_->save(gemm_run("b", "2026-01-01T00:00:00Z", {1}));
  const auto c = store_->save(gemm_run("c", "2026-01-03T00:00:00Z", {1, 2, 3}));
  store_->save(gemm_run("d", "2026-01-02T00:00:00Z", {1}));
  SeriesQuery q = gemm_wall();
  q.last = 2;
  std::vector<SeriesPoint> s = store_->series(q);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].store_id, c);
  EXPECT_EQ(s[0].samples.size(), 3u);  // LIMIT counts runs, not sample rows
  EXPECT_EQ(s[1].store_id, a);
  q.last = 10;
  EXPECT_EQ(ids(q).size(), 4u);
}

TEST_P(StoreSeriesTest, ARunThatFailedEveryRepetitionOrWasSkippedIsAGap) {
  perfgate::Run failed = gemm_run("failed", "2026-01-01T00:00:00Z", {});
  for (int i = 0; i < 3; ++i)
    failed.benchmarks[0].repetitions.push_back({i, false, "exited with status 1", 1, {}, {}});
  perfgate::Run skipped = gemm_run("skipped", "2026-01-02T00:00:00Z", {});
  skipped.benchmarks[0].skipped = "fixture model: no file";
  perfgate::Run partly = gemm_run("partly", "2026-01-03T00:00:00Z", {7, 8});
  partly.benchmarks[0].repetitions.push_back({2, false, "timed out after 1 s", {}, 9, {}});
  store_->save(failed);
  store_->save(skipped);
  store_->save(partly);

  std::vector<SeriesPoint> s = store_->series(gemm_wall());
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].run_id, "failed");
  EXPECT_FALSE(s[0].has_value());
  EXPECT_EQ(s[0].failed, 3);
  EXPECT_TRUE(s[0].skipped.empty());
  EXPECT_EQ(s[1].run_id, "skipped");
  EXPECT_FALSE(s[1].has_value());
  EXPECT_EQ(s[1].failed, 0);
  EXPECT_EQ(s[1].skipped, "fixture model: no file");
  EXPECT_EQ(s[2].run_id, "partly");
  EXPECT_EQ(s[2].samples, (std::vector<double>{7, 8}));
  EXPECT_EQ(s[2].failed, 1);
}

TEST_P(StoreSeriesTest, ARunWhoseBenchmarkDoesNotDeclareTheMetricIsNoPoint) {
  perfgate::Run before = gemm_run("before", "2026-01-01T00:00:00Z", {1});
  before.benchmarks[0].metrics.pop_back();  // peak_rss not measured yet
  for (auto& r : before.benchmarks[0].repetitions) r.values.erase("peak_rss");
  store_->save(before);
  const auto after = store_->save(gemm_run("after", "2026-01-02T00:00:00Z", {1}));
  SeriesQuery q = gemm_wall();
  q.metric = "peak_rss";
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{after}));
  EXPECT_EQ(ids(gemm_wall()).size(), 2u);
}

TEST_P(StoreSeriesTest, ASummaryOnlyMetricComesBackAsItsSummary) {
  perfgate::Run run = gemm_run("ingested", "2026-01-01T00:00:00Z", {});
  run.source = "pytest-benchmark";
  run.benchmarks[0].metrics = {{"wall_time", "ns", Direction::lower_is_better, true}};
  SampleSummary sum;
  sum.mean = 1500;
  sum.stddev = 20;
  sum.n = 12;
  sum.median = 1490;
  sum.min = 1400;
  run.benchmarks[0].summaries["wall_time"] = sum;
  store_->save(run);
  std::vector<SeriesPoint> s = store_->series(gemm_wall());
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(s[0].samples.empty());
  ASSERT_TRUE(s[0].summary.has_value());
  EXPECT_TRUE(s[0].has_value());
  EXPECT_EQ(s[0].summary->mean, 1500);
  EXPECT_EQ(s[0].summary->stddev, 20);
  EXPECT_EQ(s[0].summary->n, 12);
  EXPECT_EQ(s[0].summary->median, 1490);
  EXPECT_EQ(s[0].summary->min, 1400);
  EXPECT_FALSE(s[0].summary->max.has_value());
}

TEST_P(StoreSeriesTest, AnUnknownBenchmarkOrMetricHasNoPoints) {
  store_->save(gemm_run("a", "2026-01-01T00:00:00Z", {1}));
  SeriesQuery q = gemm_wall();
  q.benchmark = "gem";
  EXPECT_TRUE(store_->series(q).empty());
  q = gemm_wall();
  q.metric = "wall";
  EXPECT_TRUE(store_->series(q).empty());
}

TEST_P(StoreSeriesTest, BenchmarkNamesAreSortedAndDistinct) {
  EXPECT_TRUE(store_->benchmark_names().empty());
  store_->save(gemm_run("a", "2026-01-01T00:00:00Z", {1}));
  store_->save(gemm_run("b", "2026-01-02T00:00:00Z", {1}));
  EXPECT_EQ(store_->benchmark_names(), (std::vector<std::string>{"gemm", "other"}));
}

TEST_P(StoreSeriesTest, BenchmarkMetricsFollowTheNewestRunsDeclarationThenOlderOnesByName) {
  perfgate::Run old_run = gemm_run("old", "2026-01-01T00:00:00Z", {1});
  old_run.benchmarks[0].metrics.push_back(
      {"alpha_only_then", "ns", Direction::lower_is_better, true});
  store_->save(old_run);
  perfgate::Run new_run = gemm_run("new", "2026-01-02T00:00:00Z", {1});
  // Declared last-to-first: the order must come from the declaration, not from names.
  new_run.benchmarks[0].metrics = {
      {"tokens_per_second", "tokens/s", Direction::higher_is_better, true},
      {"wall_time", "ms", Direction::lower_is_better, false},
      {"peak_rss", "bytes", Direction::lower_is_better, false}};
  store_->save(new_run);
  std::vector<MetricInfo> m = store_->benchmark_metrics("gemm");
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].name, "tokens_per_second");
  EXPECT_EQ(m[0].direction, Direction::higher_is_better);
  EXPECT_EQ(m[1].name, "wall_time");
  EXPECT_EQ(m[1].unit, "ms");  // as the newest run declares it
  EXPECT_FALSE(m[1].compared);
  EXPECT_EQ(m[2].name, "peak_rss");
  EXPECT_EQ(m[3].name, "alpha_only_then");
  EXPECT_TRUE(store_->benchmark_metrics("nope").empty());
}

}  // namespace
}  // namespace perfgate
