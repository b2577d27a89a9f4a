#include "analyze/compare.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model/error.hpp"

namespace perfgate {
namespace {

// n values around `center` with a deterministic spread of about ±spread.
std::vector<double> around(double center, double spread, int n, int phase = 0) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i)
    v.push_back(center * (1 + spread * std::sin(1.7 * (i + phase) + 0.3)));
  return v;
}

CompareOptions fast() {
  CompareOptions o;
  o.resamples = 2000;
  return o;
}

TEST(Judge, ThirtyPercentSlowerLatencyIsARegression) {
  Verdict v = judge(around(100, 0.02, 10), around(130, 0.02, 10, 3), Direction::lower_is_better,
                    0.05, fast());
  EXPECT_EQ(v.status, Status::regression) << v.reason;
  ASSERT_TRUE(v.change);
  EXPECT_NEAR(v.change->ratio, 1.3, 0.02);
  EXPECT_GT(v.change->ci_low, 1.05);
  EXPECT_LT(v.change->p_value, 0.001);
}

TEST(Judge, ThirtyPercentMoreThroughputIsAnImprovement) {
  Verdict v = judge(around(100, 0.02, 10), around(130, 0.02, 10, 3), Direction::higher_is_better,
                    0.05, fast());
  EXPECT_EQ(v.status, Status::improvement) << v.reason;
}

TEST(Judge, ThroughputThatFallsIsARegression) {
  Verdict v = judge(around(100, 0.02, 10), around(70, 0.02, 10, 3), Direction::higher_is_better,
                    0.05, fast());
  EXPECT_EQ(v.status, Status::regression) << v.reason;
}

TEST(Judge, SameDistributionWithLowNoiseIsStable) {
  Verdict v = judge(around(100, 0.01, 12), around(100, 0.01, 12, 5), Direction::lower_is_better,
                    0.05, fast());
  EXPECT_EQ(v.status, Status::stable) << v.reason;
}

TEST(Judge, SignificantButSmallerThanThresholdIsStableWhenTheIntervalFits) {
  // +2 % with very little noise: real, significant, but inside ±5 %.
  Verdict v = judge(around(100, 0.002, 12), around(102, 0.002, 12, 5), Direction::lower_is_better,
                    0.05, fast());
  ASSERT_TRUE(v.change);
  EXPECT_LT(v.change->p_value, 0.05);
  EXPECT_EQ(v.status, Status::stable) << v.reason;
}

TEST(Judge, NoisySamplesThatCannotDecideAreInconclusive) {
  Verdict v = judge(around(100, 0.4, 6), around(104, 0.4, 6, 2), Direction::lower_is_better,
                    0.05, fast());
  EXPECT_EQ(v.status, Status::inconclusive) << v.reason;
  EXPECT_NE(v.reason.find("run more repetitions"), std::string::npos) << v.reason;
}

TEST(Judge, TooFewSamplesAreInconclusiveEvenWhenFarApart) {
  Verdict v = judge({100, 101}, {200, 201}, Direction::lower_is_better, 0.05, fast());
  EXPECT_EQ(v.status, Status::inconclusive);
  EXPECT_NE(v.reason.find("too few samples"), std::string::npos) << v.reason;
}

TEST(Judge, ASideWithoutSamplesFails) {
  Verdict v = judge({1, 2, 3}, {}, Direction::lower_is_better, 0.05, fast());
  EXPECT_EQ(v.status, Status::failed);
  EXPECT_FALSE(v.change);
}

TEST(Judge, ThresholdDecidesWhetherATenPercentChangeCounts) {
  auto base = around(100, 0.005, 10), cont = around(110, 0.005, 10, 4);
  EXPECT_EQ(judge(base, cont, Direction::lower_is_better, 0.05, fast()).status,
            Status::regression);
  EXPECT_EQ(judge(base, cont, Direction::lower_is_better, 0.20, fast()).status, Status::stable);
}

BenchmarkResult bench(const std::string& name, const std::vector<double>& wall,
                      int failures = 0) {
  BenchmarkResult b;
  b.name = name;
  b.metrics.push_back(*builtin::find("wall_time"));
  MetricInfo rss = *builtin::find("peak_rss");
  rss.compared = false;
  b.metrics.push_back(rss);
  int i = 0;
  for (double w : wall) {
    Repetition r;
    r.index = i++;
    r.values = {{"wall_time", w}, {"peak_rss", 1e6 * i}};
    b.repetitions.push_back(r);
  }
  for (int f = 0; f < failures; ++f) {
    Repetition r;
    r.index = i++;
    r.ok = false;
    r.failure = "exited with status 3";
    r.exit_status = 3;
    b.repetitions.push_back(r);
  }
  return b;
}

TEST(CompareRuns, JudgesOnlyComparedMetricsOfCommonBenchmarks) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.01, 10)), bench("gone", around(5, 0.01, 10))};
  cont.benchmarks = {bench("a", around(130, 0.01, 10, 2)), bench("new", around(5, 0.01, 10))};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  ASSERT_EQ(c.verdicts.size(), 1u);  // peak_rss is recorded but not compared
  EXPECT_EQ(c.verdicts[0].benchmark, "a");
  EXPECT_EQ(c.verdicts[0].metric, "wall_time");
  EXPECT_EQ(c.verdicts[0].status, Status::regression);
  EXPECT_EQ(c.summary.regressions, 1);
  EXPECT_EQ(c.only_in_base, std::vector<std::string>{"gone"});
  EXPECT_EQ(c.only_in_contender, std::vector<std::string>{"new"});
  EXPECT_TRUE(gate_fails(c));
}

TEST(CompareRuns, AContenderWithAFailedRepetitionFailsAndFailsTheGate) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.01, 10))};
  cont.benchmarks = {bench("a", around(100, 0.01, 9), 1)};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  ASSERT_EQ(c.verdicts.size(), 1u);
  EXPECT_EQ(c.verdicts[0].status, Status::failed);
  EXPECT_NE(c.verdicts[0].reason.find("1 of 10 repetitions failed"), std::string::npos)
      << c.verdicts[0].reason;
  EXPECT_TRUE(gate_fails(c));
}

TEST(CompareRuns, ABrokenBaseFixedByTheContenderDoesNotFailTheGate) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", {}, 3)};
  cont.benchmarks = {bench("a", around(100, 0.01, 10))};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  EXPECT_EQ(c.verdicts[0].status, Status::failed);
  EXPECT_FALSE(gate_fails(c));
}

TEST(CompareRuns, ThresholdOptionOverridesTheSuite) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(110, 0.005, 10, 1))};
  CompareOptions o = fast();
  EXPECT_EQ(compare_runs(base, "b", cont, "c", o).verdicts[0].status, Status::regression);
  o.threshold = 0.25;
  EXPECT_EQ(compare_runs(base, "b", cont, "c", o).verdicts[0].status, Status::stable);
}

TEST(CompareRuns, NoBenchmarkInCommonIsAnInputErrorNamingBothSides) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("x", around(1, 0.01, 5))};
  cont.benchmarks = {bench("y", around(1, 0.01, 5))};
  try {
    compare_runs(base, "old.json", cont, "new.json", fast());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 2);
    std::string m = e.what();
    EXPECT_NE(m.find("old.json has x"), std::string::npos) << m;
    EXPECT_NE(m.find("new.json has y"), std::string::npos) << m;
  }
}

TEST(CompareRuns, IsDeterministicForTheSameSeed) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.05, 10))};
  cont.benchmarks = {bench("a", around(103, 0.05, 10, 1))};
  auto c1 = compare_runs(base, "b", cont, "c", fast());
  auto c2 = compare_runs(base, "b", cont, "c", fast());
  EXPECT_EQ(c1.verdicts[0].change->ci_low, c2.verdicts[0].change->ci_low);
  EXPECT_EQ(c1.verdicts[0].change->ci_high, c2.verdicts[0].change->ci_high);
}

}  // namespace
}  // namespace perfgate
