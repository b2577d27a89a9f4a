#include "analyze/compare.hpp"

#include "analyze/verdict.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

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

TEST(Judge, ThirtyPercentSlowerLatencyIsACriticalRegression) {
  Verdict v = judge_metric(around(100, 0.02, 10), around(130, 0.02, 10, 3), Direction::lower_is_better, RelativeLimits{0.05, 2 * 0.05}, fast());
  EXPECT_EQ(v.status, Status::critical) << v.reason;
  EXPECT_EQ(v.outcome, Outcome::different);
  EXPECT_EQ(v.severity, Severity::critical);
  ASSERT_TRUE(v.change);
  EXPECT_NEAR(v.change->ratio, 1.3, 0.02);
  EXPECT_NEAR(v.change->hodges_lehmann, 1.3, 0.03);
  EXPECT_DOUBLE_EQ(v.change->cliffs_delta, 1.0);
  EXPECT_GT(v.change->ci_low, 1.05);
  EXPECT_LT(v.change->p_value, 0.001);
}

TEST(Judge, ThirtyPercentMoreThroughputIsAnImprovement) {
  Verdict v = judge_metric(around(100, 0.02, 10), around(130, 0.02, 10, 3), Direction::higher_is_better, RelativeLimits{0.05, 2 * 0.05}, fast());
  EXPECT_EQ(v.status, Status::improvement) << v.reason;
}

TEST(Judge, ThroughputThatFallsIsARegression) {
  Verdict v = judge_metric(around(100, 0.02, 10), around(70, 0.02, 10, 3), Direction::higher_is_better, RelativeLimits{0.05, 2 * 0.05}, fast());
  EXPECT_EQ(v.status, Status::critical) << v.reason;
}

TEST(Judge, SameDistributionWithLowNoiseIsStable) {
  Verdict v = judge_metric(around(100, 0.01, 12), around(100, 0.01, 12, 5), Direction::lower_is_better, RelativeLimits{0.05, 2 * 0.05}, fast());
  EXPECT_EQ(v.status, Status::stable) << v.reason;
}

TEST(Judge, SignificantButSmallerThanThresholdIsStableWhenTheIntervalFits) {
  // +2 % with very little noise: real, significant, but inside ±5 %.
  Verdict v = judge_metric(around(100, 0.002, 12), around(102, 0.002, 12, 5), Direction::lower_is_better, RelativeLimits{0.05, 2 * 0.05}, fast());
  ASSERT_TRUE(v.change);
  EXPECT_LT(v.change->p_value, 0.05);
  EXPECT_EQ(v.status, Status::stable) << v.reason;
}

TEST(Judge, NoisySamplesThatCannotDecideAreInconclusiveWithTheRunsThatWouldDecide) {
  Verdict v = judge_metric(around(100, 0.4, 6), around(104, 0.4, 6, 2), Direction::lower_is_better, RelativeLimits{0.05, 2 * 0.05}, fast());
  EXPECT_EQ(v.status, Status::inconclusive) << v.reason;
  ASSERT_TRUE(v.more_runs);
  EXPECT_GT(*v.more_runs, 0);
  EXPECT_NE(v.reason.find("more runs per side"), std::string::npos) << v.reason;
}

TEST(Judge, TooFewSamplesAreInconclusiveEvenWhenFarApart) {
  Verdict v = judge_metric({100, 101}, {200, 201}, Direction::lower_is_better, RelativeLimits{0.05, 2 * 0.05}, fast());
  EXPECT_EQ(v.status, Status::inconclusive);
  EXPECT_NE(v.reason.find("too few samples"), std::string::npos) << v.reason;
}

TEST(Judge, ASideWithoutSamplesFails) {
  Verdict v = judge_metric({1, 2, 3}, {}, Direction::lower_is_better, RelativeLimits{0.05, 2 * 0.05}, fast());
  EXPECT_EQ(v.status, Status::failed);
  EXPECT_FALSE(v.change);
}

TEST(Judge, ThresholdDecidesWhetherATenPercentChangeCounts) {
  auto base = around(100, 0.005, 10), cont = around(110, 0.005, 10, 4);
  EXPECT_EQ(judge_metric(base, cont, Direction::lower_is_better, RelativeLimits{0.05, 0.2}, fast()).status,
            Status::warning);
  EXPECT_EQ(judge_metric(base, cont, Direction::lower_is_better, RelativeLimits{0.05, 0.08}, fast()).status,
            Status::critical);
  EXPECT_EQ(judge_metric(base, cont, Direction::lower_is_better, RelativeLimits{0.20, 2 * 0.20}, fast()).status, Status::stable);
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
  EXPECT_EQ(c.verdicts[0].status, Status::critical);
  EXPECT_EQ(c.summary.critical, 1);
  EXPECT_EQ(c.summary.regressions(), 1);
  EXPECT_EQ(c.only_in_base, std::vector<std::string>{"gone"});
  EXPECT_EQ(c.only_in_contender, std::vector<std::string>{"new"});
  EXPECT_TRUE(gate_fails(c, GatePolicy{FailOn::critical, false}));
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
  EXPECT_TRUE(gate_fails(c, GatePolicy{FailOn::critical, false}));
}

TEST(CompareRuns, ABrokenBaseFixedByTheContenderDoesNotFailTheGate) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", {}, 3)};
  cont.benchmarks = {bench("a", around(100, 0.01, 10))};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  EXPECT_EQ(c.verdicts[0].status, Status::failed);
  EXPECT_FALSE(gate_fails(c, GatePolicy{FailOn::critical, false}));
}

TEST(CompareRuns, ThresholdOptionOverridesTheSuite) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(110, 0.005, 10, 1))};
  CompareOptions o = fast();
  EXPECT_EQ(compare_runs(base, "b", cont, "c", o).verdicts[0].status, Status::warning);
  o.limits = RelativeLimits{0.25, 0.5};
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


TEST(CompareRuns, BenjaminiHochbergKeepsTwoHundredUnchangedBenchmarksQuiet) {
  // 200 benchmarks with noisy but unchanged timings: raw p-values below alpha
  // happen by chance; after the correction none may count as a regression.
  perfgate::Run base, cont;
  for (int i = 0; i < 200; ++i) {
    base.benchmarks.push_back(bench("b" + std::to_string(i), around(100, 0.1, 10, i)));
    cont.benchmarks.push_back(bench("b" + std::to_string(i), around(100, 0.1, 10, i + 7)));
  }
  CompareOptions o = fast();
  o.resamples = 200;
  Comparison c = compare_runs(base, "b", cont, "c", o);
  EXPECT_EQ(c.family_size, 200);
  EXPECT_EQ(c.summary.regressions(), 0);
  for (const auto& v : c.verdicts) {
    ASSERT_TRUE(v.change);
    EXPECT_GE(v.change->p_adjusted, v.change->p_value);
  }
}

TEST(CompareRuns, ABudgetExceededIsOverBudgetEvenWithoutAChange) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(100, 0.005, 10, 1))};
  cont.benchmarks[0].budgets = {Budget{"wall_time", std::nullopt, 90.0, std::nullopt}};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  ASSERT_TRUE(c.verdicts[0].budget);
  EXPECT_EQ(c.verdicts[0].status, Status::over_budget) << c.verdicts[0].reason;
  EXPECT_EQ(c.verdicts[0].budget->zone, BudgetZone::over);
  EXPECT_EQ(c.summary.over_budget, 1);
  EXPECT_TRUE(gate_fails(c, GatePolicy{FailOn::critical, false}));
}

TEST(CompareRuns, ABudgetBetweenEightyAndOneHundredPercentIsAWarning) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(100, 0.005, 10, 1))};
  cont.benchmarks[0].budgets = {Budget{"wall_time", std::nullopt, 110.0, std::nullopt}};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  EXPECT_EQ(c.verdicts[0].status, Status::warning) << c.verdicts[0].reason;
  EXPECT_EQ(c.verdicts[0].budget->zone, BudgetZone::warning);
  EXPECT_FALSE(gate_fails(c, GatePolicy{FailOn::critical, false}));
  EXPECT_TRUE(gate_fails(c, GatePolicy{FailOn::warning, false}));
}

TEST(CompareRuns, APercentileBudgetJudgesTheTailNotTheMedian) {
  perfgate::Run base, cont;
  std::vector<double> tail = around(100, 0.005, 20);
  tail[19] = 300;  // one slow run in twenty
  base.benchmarks = {bench("a", tail)};
  cont.benchmarks = {bench("a", tail)};
  cont.benchmarks[0].budgets = {Budget{"wall_time", 99.0, 200.0, std::nullopt}};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  ASSERT_TRUE(c.verdicts[0].budget);
  EXPECT_EQ(c.verdicts[0].budget->statistic, "p99");
  EXPECT_GT(c.verdicts[0].budget->value, 200);
  EXPECT_EQ(c.verdicts[0].status, Status::over_budget);
}

TEST(CompareRuns, AMinimumBudgetOnThroughputFailsWhenBelowIt) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(100, 0.005, 10, 1))};
  for (auto* r : {&base, &cont}) r->benchmarks[0].metrics[0].direction = Direction::higher_is_better;
  cont.benchmarks[0].budgets = {Budget{"wall_time", std::nullopt, std::nullopt, 150.0}};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  EXPECT_EQ(c.verdicts[0].status, Status::over_budget) << c.verdicts[0].reason;
}

// A budget with only an MVP and a target on the median.
Budget mvp_budget(double mvp, std::optional<double> target) {
  Budget b{"wall_time", std::nullopt, std::nullopt, std::nullopt};
  b.mvp = mvp;
  b.target = target;
  return b;
}

TEST(Stand, LowerIsBetterHoldsTheMvpAtOrBelowItAndMeetsTheTargetAtOrBelowIt) {
  const auto lower = Direction::lower_is_better;
  EXPECT_EQ(stand_of(17, 60, 5.0, lower), Stand::within_mvp);
  EXPECT_EQ(stand_of(60, 60, 5.0, lower), Stand::within_mvp);  // at the MVP still holds it
  EXPECT_EQ(stand_of(61, 60, 5.0, lower), Stand::beyond_mvp);
  EXPECT_EQ(stand_of(5, 60, 5.0, lower), Stand::target_met);
  EXPECT_EQ(stand_of(1, 60, 5.0, lower), Stand::target_met);
  EXPECT_EQ(stand_of(1, 60, std::nullopt, lower), Stand::within_mvp);  // no target to meet
}

TEST(Stand, HigherIsBetterHoldsTheMvpAtOrAboveIt) {
  const auto higher = Direction::higher_is_better;
  EXPECT_EQ(stand_of(20, 10, 40.0, higher), Stand::within_mvp);
  EXPECT_EQ(stand_of(9, 10, 40.0, higher), Stand::beyond_mvp);
  EXPECT_EQ(stand_of(40, 10, 40.0, higher), Stand::target_met);
  EXPECT_EQ(stand_of(50, 10, 40.0, higher), Stand::target_met);
}

TEST(CompareRuns, AMedianBeyondTheMvpIsOverBudgetAndFailsTheGate) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(100, 0.005, 10, 1))};
  cont.benchmarks[0].budgets = {mvp_budget(90, 50.0)};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  const Verdict& v = c.verdicts[0];
  ASSERT_TRUE(v.mvp);
  EXPECT_FALSE(v.budget);  // the MVP is not a zoned budget
  EXPECT_EQ(v.mvp->stand, Stand::beyond_mvp);
  EXPECT_NEAR(v.mvp->value, 100, 2);
  EXPECT_EQ(v.status, Status::over_budget) << v.reason;
  EXPECT_NE(v.reason.find("is beyond the MVP (at most 90 ns)"), std::string::npos) << v.reason;
  EXPECT_EQ(c.summary.over_budget, 1);
  EXPECT_TRUE(gate_fails(c, GatePolicy{FailOn::critical, false}));
}

TEST(CompareRuns, AMedianWithinTheMvpNeverFailsWhateverTheTargetAndHasNoWarningZone) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(100, 0.005, 10, 1))};
  // 100 is 95 % of the MVP: a max budget would warn here; an MVP does not.
  cont.benchmarks[0].budgets = {mvp_budget(105, 10.0)};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  ASSERT_TRUE(c.verdicts[0].mvp);
  EXPECT_EQ(c.verdicts[0].mvp->stand, Stand::within_mvp);
  EXPECT_EQ(c.verdicts[0].status, Status::stable) << c.verdicts[0].reason;
  EXPECT_FALSE(gate_fails(c, GatePolicy{FailOn::any, false}));
}

TEST(CompareRuns, AnMvpAndAPercentileBudgetAreBothKept) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(100, 0.005, 10, 1))};
  cont.benchmarks[0].budgets = {mvp_budget(1000, 100.5),
                                Budget{"wall_time", 99.0, 1000.0, std::nullopt}};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  ASSERT_TRUE(c.verdicts[0].mvp);
  ASSERT_TRUE(c.verdicts[0].budget);
  EXPECT_EQ(c.verdicts[0].budget->statistic, "p99");
  EXPECT_EQ(c.verdicts[0].mvp->stand, Stand::target_met);
}

TEST(Gate, PoliciesFailOnWhatTheySay) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("crit", around(100, 0.005, 10)), bench("warn", around(100, 0.005, 10)),
                     bench("noisy", around(100, 0.4, 6))};
  cont.benchmarks = {bench("crit", around(150, 0.005, 10, 1)),
                     bench("warn", around(107, 0.005, 10, 1)), bench("noisy", around(104, 0.4, 6, 2))};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  ASSERT_EQ(c.summary.critical, 1);
  ASSERT_EQ(c.summary.warnings, 1);
  ASSERT_EQ(c.summary.inconclusive, 1);
  EXPECT_FALSE(gate_fails(c, GatePolicy{FailOn::never, false}));
  EXPECT_TRUE(gate_fails(c, GatePolicy{FailOn::critical, false}));
  EXPECT_FALSE(gate_fails(c, GatePolicy{FailOn::critical, true})) << "non-gating never fails";

  perfgate::Run only_warn_base, only_warn;
  only_warn_base.benchmarks = {base.benchmarks[1], base.benchmarks[2]};
  only_warn.benchmarks = {cont.benchmarks[1], cont.benchmarks[2]};
  Comparison w = compare_runs(only_warn_base, "b", only_warn, "c", fast());
  EXPECT_FALSE(gate_fails(w, GatePolicy{FailOn::critical, false}));
  EXPECT_TRUE(gate_fails(w, GatePolicy{FailOn::warning, false}));

  perfgate::Run noisy_base, noisy;
  noisy_base.benchmarks = {base.benchmarks[2]};
  noisy.benchmarks = {cont.benchmarks[2]};
  Comparison n = compare_runs(noisy_base, "b", noisy, "c", fast());
  EXPECT_FALSE(gate_fails(n, GatePolicy{FailOn::warning, false}));
  EXPECT_TRUE(gate_fails(n, GatePolicy{FailOn::any, false}));
}

TEST(Gate, NonGatingReportsCriticalFindingsAsWarnings) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(150, 0.005, 10, 1))};
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  ASSERT_EQ(c.verdicts[0].severity, Severity::critical);
  report_as_warnings(c);
  EXPECT_EQ(c.verdicts[0].severity, Severity::warning);
  EXPECT_EQ(c.verdicts[0].status, Status::critical) << "the status itself is kept";
}

TEST(CompareRuns, TheSameDimensionInAnotherUnitIsConverted) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100e6, 0.005, 10))};   // ns
  cont.benchmarks = {bench("a", around(100, 0.005, 10, 1))};  // ms: the same times
  cont.benchmarks[0].metrics[0].unit = "ms";
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  EXPECT_EQ(c.verdicts[0].status, Status::stable) << c.verdicts[0].reason;
  ASSERT_TRUE(c.verdicts[0].base.median);
  EXPECT_NEAR(*c.verdicts[0].base.median, 100, 1) << "base shown in the contender's unit";
}

TEST(CompareRuns, DifferentDimensionsAreNeverCompared) {
  perfgate::Run base, cont;
  base.benchmarks = {bench("a", around(100, 0.005, 10))};
  cont.benchmarks = {bench("a", around(200, 0.005, 10))};
  cont.benchmarks[0].metrics[0].unit = "MiB";
  Comparison c = compare_runs(base, "b", cont, "c", fast());
  EXPECT_EQ(c.verdicts[0].status, Status::inconclusive);
  EXPECT_NE(c.verdicts[0].reason.find("units differ"), std::string::npos) << c.verdicts[0].reason;
}

TEST(Judge, NonPositiveSamplesAreInconclusiveNotACrash) {
  Verdict v = judge_metric({1, 2, 3, -1}, {1, 2, 3, 4}, Direction::lower_is_better,
                           RelativeLimits{0.05, 0.1}, fast());
  EXPECT_EQ(v.status, Status::inconclusive);
  EXPECT_NE(v.reason.find("positive"), std::string::npos) << v.reason;
}

TEST(Judge, IdenticalConstantSamplesAreStable) {
  Verdict v = judge_metric({5, 5, 5, 5, 5}, {5, 5, 5, 5, 5}, Direction::lower_is_better,
                           RelativeLimits{0.05, 0.1}, fast());
  EXPECT_EQ(v.status, Status::stable) << v.reason;
}


TEST(Judge, MoreRunsFollowTheIntervalNotJustTheSpreadOfTheCore) {
  // Two clusters (7 runs near 100, 5 near 150, as on a machine that is busy
  // part of the time): the MAD sees almost no noise, but the median's interval
  // jumps between the clusters. The advice must be many runs, not "1 more".
  std::vector<double> base = around(100, 0.002, 12), cont = around(101, 0.002, 12, 5);
  for (int i : {1, 4, 6, 9, 11}) base[i] *= 1.5;
  for (int i : {0, 3, 5, 8, 10}) cont[i] *= 1.5;
  Verdict v = judge_metric(base, cont, Direction::lower_is_better, RelativeLimits{0.05, 0.1},
                           fast());
  ASSERT_EQ(v.status, Status::inconclusive) << v.reason;
  ASSERT_TRUE(v.change);
  ASSERT_GT(v.change->ci_high, 1.05) << "the outliers widen the interval past the limit";
  ASSERT_TRUE(v.more_runs);
  EXPECT_GE(*v.more_runs, 5) << v.reason;
}

TEST(Judge, NoisierDataAsksForMoreRuns) {
  Verdict quiet = judge_metric(around(100, 0.08, 10), around(101, 0.08, 10, 3),
                               Direction::lower_is_better, RelativeLimits{0.05, 0.1}, fast());
  Verdict noisy = judge_metric(around(100, 0.2, 10), around(101, 0.2, 10, 3),
                               Direction::lower_is_better, RelativeLimits{0.05, 0.1}, fast());
  ASSERT_EQ(quiet.status, Status::inconclusive) << quiet.reason;
  ASSERT_EQ(noisy.status, Status::inconclusive) << noisy.reason;
  ASSERT_TRUE(quiet.more_runs && noisy.more_runs);
  EXPECT_GT(*noisy.more_runs, *quiet.more_runs);
}

}  // namespace
}  // namespace perfgate
