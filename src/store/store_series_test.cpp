// Store::series, benchmark_names and benchmark_metrics, on both backends
// (store/testing/store_backends.hpp): the same runs give the same points in
// the same order, gaps included.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
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

// Every field of two points, for a message that says which differs.
void expect_same_point(const SeriesPoint& got, const SeriesPoint& want, const std::string& where) {
  SCOPED_TRACE(where + ", run " + want.run_id);
  EXPECT_EQ(got.store_id, want.store_id);
  EXPECT_EQ(got.run_id, want.run_id);
  EXPECT_EQ(got.started_at, want.started_at);
  EXPECT_EQ(got.git_commit, want.git_commit);
  EXPECT_EQ(got.git_branch, want.git_branch);
  EXPECT_EQ(got.host_id, want.host_id);
  EXPECT_EQ(got.unit, want.unit);
  EXPECT_EQ(got.direction, want.direction);
  EXPECT_EQ(got.samples, want.samples);
  EXPECT_EQ(got.failed, want.failed);
  EXPECT_EQ(got.skipped, want.skipped);
  ASSERT_EQ(got.summary.has_value(), want.summary.has_value());
  if (want.summary) {
    EXPECT_EQ(got.summary->mean, want.summary->mean);
    EXPECT_EQ(got.summary->stddev, want.summary->stddev);
    EXPECT_EQ(got.summary->n, want.summary->n);
    EXPECT_EQ(got.summary->median, want.summary->median);
    EXPECT_EQ(got.summary->min, want.summary->min);
    EXPECT_EQ(got.summary->max, want.summary->max);
  }
}

// project_series against series(), one query a series: the same series (each
// benchmark x metric the project's runs declare, as the tables say, in byte
// order) with the same points.
void expect_project_series_as_series(test_support::StoreBackend& backend, Store& store,
                                     const std::string& project, int last) {
  std::vector<std::pair<std::string, std::string>> want_names;
  for (const auto& row :
       backend.rows("SELECT DISTINCT m.benchmark, m.name FROM metrics m JOIN runs r "
                    "ON r.id = m.run_pk WHERE r.project = '" +
                    project + "' ORDER BY m.benchmark, m.name"))
    want_names.emplace_back(*row[0], *row[1]);
  const std::vector<NamedSeries> got = store.project_series(project, last);
  std::vector<std::pair<std::string, std::string>> got_names;
  for (const NamedSeries& s : got) got_names.emplace_back(s.benchmark, s.metric);
  ASSERT_EQ(got_names, want_names) << "project '" << project << "', last " << last;
  for (const NamedSeries& s : got) {
    SeriesQuery q;
    q.benchmark = s.benchmark;
    q.metric = s.metric;
    q.project = project;
    q.last = last;
    const std::vector<SeriesPoint> want = store.series(q);
    const std::string where = "project '" + project + "', " + s.benchmark + " " + s.metric +
                              ", last " + std::to_string(last);
    ASSERT_EQ(s.points.size(), want.size()) << where;
    for (std::size_t i = 0; i < want.size(); ++i) expect_same_point(s.points[i], want[i], where);
  }
}

TEST_P(StoreSeriesTest, ProjectSeriesReturnsEverySeriesOfTheProjectAsSeriesDoes) {
  store_->create_project({"p", ProjectReads::open, "2026-01-01T00:00:00Z"});
  store_->create_project({"q", ProjectReads::open, "2026-01-01T00:00:00Z"});
  // Saved out of time order, so that time order and store order differ.
  store_->save(gemm_run("p3", "2026-01-03T00:00:00Z", {3, 3.5}, "main", "bbbb2222"), "p");
  store_->save(gemm_run("p1", "2026-01-01T00:00:00Z", {1}), "p");
  // A benchmark that only the oldest runs had, and a metric only newer ones declare.
  perfgate::Run retired = gemm_run("p0", "2025-12-31T00:00:00Z", {0.5});
  BenchmarkResult old_bench;
  old_bench.name = "retired";
  old_bench.metrics = {{"wall_time", "ms", Direction::lower_is_better, true}};
  old_bench.repetitions = {{0, true, "", 0, std::nullopt, {{"wall_time", 9.0}}}};
  retired.benchmarks.push_back(old_bench);
  retired.benchmarks[0].metrics.pop_back();  // no peak_rss yet
  for (auto& r : retired.benchmarks[0].repetitions) r.values.erase("peak_rss");
  store_->save(retired, "p");
  // Gaps: every repetition failed, skipped, failed in part, a summary only.
  perfgate::Run failed = gemm_run("p4", "2026-01-04T00:00:00Z", {});
  for (int i = 0; i < 3; ++i)
    failed.benchmarks[0].repetitions.push_back({i, false, "exited with status 1", 1, {}, {}});
  store_->save(failed, "p");
  perfgate::Run skipped = gemm_run("p5", "2026-01-05T00:00:00Z", {});
  skipped.benchmarks[0].skipped = "fixture model: no file";
  store_->save(skipped, "p");
  perfgate::Run partly = gemm_run("p6", "2026-01-06T00:00:00Z", {7, 8});
  partly.benchmarks[0].repetitions.push_back({2, false, "timed out after 1 s", {}, 9, {}});
  store_->save(partly, "p");
  perfgate::Run ingested = gemm_run("p7", "2026-01-07T00:00:00Z", {});
  ingested.source = "pytest-benchmark";
  SampleSummary sum;
  sum.mean = 1500;
  sum.stddev = 20;
  sum.n = 12;
  sum.median = 1490;
  ingested.benchmarks[0].summaries["wall_time"] = sum;
  store_->save(ingested, "p");
  // Two runs at the same time: the store id breaks the tie.
  store_->save(gemm_run("p8a", "2026-01-08T00:00:00Z", {8}), "p");
  store_->save(gemm_run("p8b", "2026-01-08T00:00:00Z", {8.5}), "p");
  // The same benchmarks in another project and with no project: not p's.
  store_->save(gemm_run("q1", "2026-01-09T00:00:00Z", {100}), "q");
  store_->save(gemm_run("local", "2026-01-10T00:00:00Z", {200}));

  for (const int last : {0, 1, 2, 3, 5, 100}) {
    expect_project_series_as_series(*backend_, *store_, "p", last);
    expect_project_series_as_series(*backend_, *store_, "q", last);
    expect_project_series_as_series(*backend_, *store_, "", last);
  }
  // The comparison above is only as good as the runs it saw: p's series are
  // these, and the newest three of gemm wall_time are these runs.
  const std::vector<NamedSeries> p = store_->project_series("p", 3);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].benchmark + " " + p[0].metric, "gemm peak_rss");
  EXPECT_EQ(p[1].benchmark + " " + p[1].metric, "gemm wall_time");
  EXPECT_EQ(p[2].benchmark + " " + p[2].metric, "other wall_time");
  EXPECT_EQ(p[3].benchmark + " " + p[3].metric, "retired wall_time");
  ASSERT_EQ(p[1].points.size(), 3u);
  EXPECT_EQ(p[1].points[0].run_id, "p7");
  ASSERT_TRUE(p[1].points[0].summary.has_value());
  EXPECT_EQ(p[1].points[1].run_id, "p8a");
  EXPECT_EQ(p[1].points[2].samples, (std::vector<double>{8.5}));
  ASSERT_EQ(p[3].points.size(), 1u);
  EXPECT_EQ(p[3].points[0].samples, (std::vector<double>{9.0}));
  EXPECT_TRUE(store_->project_series("nosuch", 3).empty());
}

TEST_P(StoreSeriesTest, ProjectSeriesReadsARarelyRunBenchmarkWholeAfterAShortWalk) {
  // Twelve benchmarks in every run and one only in the oldest: the walk over
  // the newest runs fills the twelve and stops (the rare one is under a
  // tenth of the series); the rare one is read on its own.
  store_->create_project({"p", ProjectReads::open, "2026-01-01T00:00:00Z"});
  for (int i = 0; i < 8; ++i) {
    perfgate::Run run = gemm_run("r" + std::to_string(i),
                                 "2026-01-0" + std::to_string(i + 1) + "T00:00:00Z", {1.0 + i});
    run.benchmarks.resize(1);
    run.benchmarks[0].metrics.resize(1);  // wall_time only
    for (auto& r : run.benchmarks[0].repetitions) r.values.erase("peak_rss");
    for (int b = 1; b < 12; ++b) {
      BenchmarkResult more = run.benchmarks[0];
      more.name = "b" + std::to_string(b < 10 ? 0 : 1) + std::to_string(b % 10);
      run.benchmarks.push_back(more);
    }
    if (i == 0) {
      BenchmarkResult rare = run.benchmarks[0];
      rare.name = "rare";
      rare.repetitions[0].values["wall_time"] = 42;
      run.benchmarks.push_back(rare);
    }
    store_->save(run, "p");
  }
  for (const int last : {2, 3, 0}) expect_project_series_as_series(*backend_, *store_, "p", last);
  const std::vector<NamedSeries> p = store_->project_series("p", 2);
  ASSERT_EQ(p.size(), 13u);
  EXPECT_EQ(p.back().benchmark, "rare");
  ASSERT_EQ(p.back().points.size(), 1u);
  EXPECT_EQ(p.back().points[0].run_id, "r0");
  EXPECT_EQ(p.back().points[0].samples, (std::vector<double>{42}));
}

}  // namespace
}  // namespace perfgate
