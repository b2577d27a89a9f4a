// Judging with a series' history (analyze/verdict_history): the regime since
// the newest change point, the limits its noise sets (against SciPy's t
// quantile and standard deviation), how rarely they false-alarm and how often
// they catch a step in simulated series, drift, the step after the base, and
// where a regression is said to come from.
#include "analyze/verdict_history.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include "analyze/percent.hpp"
#include "analyze/verdict.hpp"
#include "stats/rng.hpp"
#include "stats/testing/samples.hpp"
#include "stats/testing/scipy_oracle.hpp"

namespace perfgate {
namespace {

const MetricInfo latency{"wall_time", "ns", Direction::lower_is_better, true};
const MetricInfo throughput{"tok_s", "tok/s", Direction::higher_is_better, true};

std::string commit(std::size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "a%06zuf", i);
  return buf;
}

// One point per value, each with its value as its only sample; NaN: a gap.
History history_of(const std::vector<double>& values, const MetricInfo& metric = latency) {
  std::vector<SeriesPoint> pts;
  for (std::size_t i = 0; i < values.size(); ++i) {
    SeriesPoint p;
    p.store_id = static_cast<std::int64_t>(i) + 1;
    p.run_id = "run" + std::to_string(i);
    char at[64];
    std::snprintf(at, sizeof at, "2026-01-01T%02zu:%02zu:00.000Z", i / 60, i % 60);
    p.started_at = at;
    p.git_commit = commit(i);
    p.git_branch = "main";
    p.unit = metric.unit;
    p.direction = metric.direction;
    if (values[i] == values[i])
      p.samples = {values[i]};
    else
      p.failed = 3;
    pts.push_back(std::move(p));
  }
  SeriesQuery q;
  q.benchmark = "gemm";
  q.metric = metric.name;
  q.branch = "main";
  return build_history(metric, q, std::move(pts), std::nullopt, "no repository");
}

SeriesState state_of(const std::vector<double>& values, BaseRef base = {},
                     const MetricInfo& metric = latency, HistoryOptions o = {}) {
  const SeriesChanges changes =
      find_series_changes(history_of(values, metric), stats::DetectOptions{}, RelativeLimits{});
  return series_state(changes, base, o);
}

// level * exp(sd * z) for n standard normal z: log-normal run-to-run noise.
std::vector<double> noisy_runs(std::uint64_t seed, std::size_t n, double level, double sd) {
  std::vector<double> out;
  for (double z : stats::testing::normal_sample(seed, static_cast<int>(n), 0, 1))
    out.push_back(level * std::exp(sd * z));
  return out;
}

TEST(SeriesState, TheWarningLimitIsAThreeSigmaPredictionBoundOnTwoRunsAgainstScipy) {
  const std::vector<double> runs = noisy_runs(7, 15, 100, 0.01);
  std::vector<double> logs;
  for (double r : runs) logs.push_back(std::log(r));
  const auto answers =
      stats::testing::ask_oracle(R"([{"op":"summary","x":)" + stats::testing::json_array(logs) +
                                 R"(},{"op":"t_ppf","q":[0.99865],"df":[14]}])");
  const double sd = answers[0]["stddev"].number;
  const double t = answers[1]["values"][0].number;

  const SeriesState s = state_of(runs);
  EXPECT_EQ(s.runs, 15u);
  EXPECT_EQ(s.values, 15u);
  EXPECT_TRUE(s.since_commit.empty());
  EXPECT_FALSE(s.drift);
  ASSERT_TRUE(s.limits) << s.note;
  EXPECT_NEAR(s.noise, sd, 1e-12);
  EXPECT_NEAR(s.limits->warning, std::expm1(t * std::numbers::sqrt2 * sd), 1e-9);
  EXPECT_DOUBLE_EQ(s.limits->critical, 2 * s.limits->warning);
  ASSERT_TRUE(s.level);
  EXPECT_NEAR(*s.level, std::exp(answers[0]["median"].number), 1e-9);
  EXPECT_EQ(s.branch, "main");
}

TEST(SeriesState, ASteadySeriesGetsTheFloorAndANoisyOneWideLimits) {
  std::vector<double> exact(20, 1000);
  const SeriesState flat = state_of(exact);
  ASSERT_TRUE(flat.limits);
  EXPECT_DOUBLE_EQ(flat.limits->warning, 0.005);
  EXPECT_DOUBLE_EQ(flat.limits->critical, 0.01);

  const SeriesState noisy = state_of(noisy_runs(3, 20, 100, 0.05));
  ASSERT_TRUE(noisy.limits);
  EXPECT_GT(noisy.limits->warning, 0.15);  // about 3.2 * sqrt(2) * 5 %
}

TEST(SeriesState, OnlyTheRunsSinceTheNewestChangePointCount) {
  // Noisy at 100, then a step to 130 at index 20 with quiet runs after it.
  std::vector<double> runs = noisy_runs(11, 20, 100, 0.04);
  for (double r : noisy_runs(12, 12, 130, 0.003)) runs.push_back(r);
  const SeriesState s = state_of(runs);
  EXPECT_EQ(s.values, 32u);
  EXPECT_EQ(s.runs, 12u);
  EXPECT_EQ(s.since_commit, commit(20));
  ASSERT_TRUE(s.limits);
  EXPECT_LT(s.limits->warning, 0.02);  // the quiet regime's noise, not the noisy one's
  ASSERT_TRUE(s.level);
  EXPECT_NEAR(*s.level, 130, 1.5);
}

TEST(SeriesState, TooFewRunsSinceTheChangeKeepTheSuitesLimitsAndSaySo) {
  const SeriesState s = state_of(noisy_runs(5, 5, 100, 0.01));
  EXPECT_FALSE(s.limits);
  EXPECT_EQ(s.runs, 5u);
  EXPECT_EQ(s.note, "not enough history: 5 runs on main, 8 needed");
  ASSERT_TRUE(s.level);  // a level is still known

  const SeriesState none = state_of({});
  EXPECT_FALSE(none.limits);
  EXPECT_FALSE(none.level);
  EXPECT_EQ(none.note, "no history: no earlier run on main has a value");
}

TEST(SeriesState, GapsAreSkippedAndNonPositiveValuesSetNoLimits) {
  std::vector<double> runs = noisy_runs(9, 12, 100, 0.01);
  runs[4] = std::nan("");
  const SeriesState gaps = state_of(runs);
  EXPECT_EQ(gaps.runs, 11u);
  EXPECT_TRUE(gaps.limits);

  std::vector<double> zero(10, 0.0);
  const SeriesState z = state_of(zero);
  EXPECT_FALSE(z.limits);
  EXPECT_EQ(z.note, "its values are not all positive, so relative noise is undefined");
}

TEST(SeriesState, ADriftInTheNewestRunsIsFoundWithItsSizeAndStart) {
  // 15 flat runs, then 10 runs each 1 % slower than the one before, with a
  // little noise: the detector may cut the ramp, the trend test still sees it.
  std::vector<double> runs = noisy_runs(21, 15, 100, 0.002);
  const std::vector<double> wobble = noisy_runs(22, 10, 1, 0.002);
  for (int i = 1; i <= 10; ++i) runs.push_back(100 * std::pow(1.01, i) * wobble[i - 1]);
  const SeriesState s = state_of(runs);
  ASSERT_TRUE(s.drift) << "regime of " << s.runs << " runs since " << s.since_commit;
  EXPECT_LT(s.drift->p_value, 0.01);
  EXPECT_NEAR(s.drift->per_run, 0.01, 0.003);
  EXPECT_NEAR(s.drift->total, std::expm1((s.drift->runs - 1) * std::log1p(s.drift->per_run)),
              1e-12);
  ASSERT_TRUE(s.level);
  EXPECT_NEAR(*s.level, 100 * std::pow(1.01, 10), 1.5);  // the line at the newest run

  const SeriesState flat = state_of(noisy_runs(23, 25, 100, 0.01));
  EXPECT_FALSE(flat.drift);
}

TEST(SeriesState, TheNewestRegressionAfterTheBaseIsNamedWithItsCommits) {
  std::vector<double> runs = noisy_runs(31, 15, 100, 0.003);
  for (double r : noisy_runs(32, 10, 120, 0.003)) runs.push_back(r);
  const SeriesState after = state_of(runs, BaseRef{"run5", ""});
  ASSERT_TRUE(after.step);
  EXPECT_EQ(after.step->first_bad_commit, commit(15));
  EXPECT_EQ(after.step->last_good_commit, commit(14));
  EXPECT_EQ(after.step->first_bad_run_id, "run15");
  EXPECT_NEAR(after.step->magnitude, 0.2, 0.01);

  // The base found by its commit (a baseline file is no stored run).
  EXPECT_TRUE(state_of(runs, BaseRef{"baseline@x", commit(3)}).step);
  // A base after the step, or one the history does not hold: no step to name.
  EXPECT_FALSE(state_of(runs, BaseRef{"run20", ""}).step);
  EXPECT_FALSE(state_of(runs, BaseRef{"elsewhere", "0000"}).step);
}

// The point of per-series limits: over many simulated short histories (8 to
// 15 runs) of an unchanged benchmark, a new run seldom lands beyond the
// warning limit in the worse direction (the bound's design tail is 0.135 %;
// a plain 3 sigma without Student's t would give about 0.45 % here), while a
// step of 8 noise standard deviations nearly always does (about 90 %: short
// histories pay for their uncertainty with wider limits).
TEST(SeriesState, LimitsSeldomFalseAlarmAndCatchARealStepInSimulatedSeries) {
  stats::Rng rng(2026);
  auto normal = [&rng] {
    const double u1 = 1 - rng.uniform(), u2 = rng.uniform();
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
  };
  const int trials = 4000;
  int false_alarms = 0, caught = 0, no_limits = 0;
  const double sd = 0.01;
  for (int t = 0; t < trials; ++t) {
    const std::size_t n = 8 + static_cast<std::size_t>(t % 8);  // short histories: the hard case
    std::vector<double> runs;
    for (std::size_t i = 0; i < n; ++i) runs.push_back(100 * std::exp(sd * normal()));
    HistoryOptions o;
    o.floor = 0;
    const SeriesChanges changes =
        find_series_changes(history_of(runs), stats::DetectOptions{}, RelativeLimits{});
    const SeriesState s = series_state(changes, {}, o);
    if (!s.limits) {  // a (false) change point left too few runs: the suite's limits apply
      ++no_limits;
      continue;
    }
    const double base = runs.back();
    const double unchanged = 100 * std::exp(sd * normal());
    const double stepped = 100 * std::exp(sd * (normal() + 8));
    false_alarms += unchanged / base - 1 > s.limits->warning;
    caught += stepped / base - 1 > s.limits->warning;
  }
  EXPECT_LE(false_alarms, trials * 0.002) << false_alarms << " of " << trials;
  EXPECT_GE(caught, trials * 0.85) << caught << " of " << trials;
  EXPECT_LE(no_limits, trials * 0.02) << no_limits << " of " << trials;
}

TEST(HistoryBefore, DropsTheJudgedRunAndEveryLaterOne) {
  const History h = history_before(history_of({1, 2, 3, 4, 5}), "run3");
  ASSERT_EQ(h.points.size(), 3u);
  EXPECT_EQ(h.points.back().run.run_id, "run2");
  EXPECT_EQ(history_before(history_of({1, 2}), "not there").points.size(), 2u);
}

Verdict regression(double base_median, double contender_median, Status status) {
  Verdict v;
  v.benchmark = "gemm";
  v.metric = "wall_time";
  v.direction = Direction::lower_is_better;
  v.limits = {0.02, 0.04};
  v.base.median = base_median;
  v.contender.median = contender_median;
  v.status = status;
  v.severity = severity_of(v);
  v.reason = "+20.0 % is beyond the 4.0 % critical limit";
  return v;
}

TEST(JudgeWithHistory, ARegressionAlreadyWhereTheSeriesStandsIsNotThisRunsAndAtMostAWarning) {
  std::vector<double> runs = noisy_runs(41, 15, 100, 0.003);
  for (double r : noisy_runs(42, 10, 120, 0.003)) runs.push_back(r);
  const SeriesState s = state_of(runs, BaseRef{"run2", ""});
  Verdict v = regression(100, 120.5, Status::critical);
  ASSERT_EQ(v.severity, Severity::critical);
  judge_with_history(v, s);
  ASSERT_TRUE(v.history);
  EXPECT_EQ(v.history->origin, Origin::history);
  EXPECT_EQ(v.status, Status::critical);  // the change against the base is real
  EXPECT_EQ(v.severity, Severity::warning);
  ASSERT_TRUE(v.history->from_level);
  EXPECT_NEAR(*v.history->from_level, 120.5 / *s.level - 1, 1e-12);
  EXPECT_NE(v.reason.find("not this run's doing"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("the series changed +"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find(" % at a000015 (after a000014), after the base"), std::string::npos)
      << v.reason;
  EXPECT_EQ(v.reason.find(v.history->detail), v.reason.size() - v.history->detail.size());
}

TEST(JudgeWithHistory, ARegressionBeyondWhereTheSeriesStoodIsThisRunsAndKeepsItsSeverity) {
  const SeriesState s = state_of(noisy_runs(51, 20, 100, 0.003));
  Verdict v = regression(100, 110, Status::critical);
  judge_with_history(v, s);
  ASSERT_TRUE(v.history);
  EXPECT_EQ(v.history->origin, Origin::this_run);
  EXPECT_EQ(v.severity, Severity::critical);
  EXPECT_NE(v.reason.find("made by this run: " + signed_pct(*v.history->from_level) +
                          " from where the series stood (its level over its last 20 runs on main)"),
            std::string::npos)
      << v.reason;
  EXPECT_NEAR(*v.history->from_level, 0.10, 0.01);
  EXPECT_NE(v.reason.find("from this series' noise"), std::string::npos) << v.reason;
}

TEST(JudgeWithHistory, AThroughputDropIsWorseAndARiseIsNot) {
  const SeriesState s = state_of(noisy_runs(61, 20, 1000, 0.003), {}, throughput);
  Verdict v = regression(1000, 900, Status::warning);
  v.direction = Direction::higher_is_better;
  judge_with_history(v, s);
  EXPECT_EQ(v.history->origin, Origin::this_run);
}

TEST(JudgeWithHistory, StableVerdictsGetNoOriginAndTooLittleHistorySaysSo) {
  const SeriesState s = state_of(noisy_runs(71, 20, 100, 0.003));
  Verdict stable = regression(100, 100.2, Status::stable);
  judge_with_history(stable, s);
  EXPECT_FALSE(stable.history->origin);

  const SeriesState two = state_of({100, 101});
  Verdict v = regression(100, 120, Status::critical);
  judge_with_history(v, two);
  EXPECT_FALSE(v.history->origin);
  EXPECT_EQ(v.severity, Severity::critical);
  EXPECT_NE(v.reason.find("the suite's limits (not enough history: 2 runs on main, 8 needed)"),
            std::string::npos)
      << v.reason;
  EXPECT_NE(v.reason.find("too little history to say whether this run made it"), std::string::npos);
}

}  // namespace
}  // namespace perfgate
