#include "analyze/series_changes.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "model/error.hpp"

namespace perfgate {
namespace {

const MetricInfo latency{"wall_time", "ns", Direction::lower_is_better, true};
const MetricInfo throughput{"tok_s", "tok/s", Direction::higher_is_better, true};

// "c0ffee00".."c0ffee99": a fake commit hash per position, hexadecimal so --since takes it.
std::string commit(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "c0ffee%02d", i);
  return buf;
}

std::string day(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2026-01-01T00:%02d:00.000Z", i);
  return buf;
}

// levels[i] is point i's value, with a small fixed wobble (+-1.6); NaN: a gap.
std::vector<SeriesPoint> series(const std::vector<double>& levels) {
  std::vector<SeriesPoint> out;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    SeriesPoint p;
    p.store_id = static_cast<std::int64_t>(i) + 1;
    p.run_id = "run" + std::to_string(i);
    p.started_at = day(static_cast<int>(i));
    p.git_commit = commit(static_cast<int>(i));
    p.unit = "ns";
    if (levels[i] == levels[i])  // not NaN
      p.samples = {levels[i] + ((static_cast<int>(i) * 7) % 5 - 2) * 0.8};
    else
      p.failed = 3;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<double> steps(std::initializer_list<std::pair<int, double>> runs) {
  std::vector<double> out;
  for (const auto& [n, level] : runs) out.insert(out.end(), n, level);
  return out;
}

SeriesChanges analyse(const MetricInfo& metric, const std::vector<double>& levels,
                      RelativeLimits limits = {}, stats::DetectOptions o = {}) {
  SeriesQuery q;
  q.benchmark = "gemm";
  q.metric = metric.name;
  std::vector<SeriesPoint> pts = series(levels);
  for (auto& p : pts) p.unit = metric.unit;
  return find_series_changes(build_history(metric, q, pts, std::nullopt, "no repository"), o,
                             limits);
}

TEST(SeriesChanges, AStepUpInLatencyIsARegressionWithTheCommitsEitherSide) {
  const SeriesChanges s = analyse(latency, steps({{20, 100}, {10, 120}}));
  EXPECT_TRUE(s.enough_history);
  EXPECT_EQ(s.values, 30u);
  ASSERT_EQ(s.change_points.size(), 1u);
  const SeriesChangePoint& cp = s.change_points[0];
  EXPECT_EQ(cp.point.index, 20u);
  EXPECT_EQ(cp.kind, ChangeKind::regression);
  EXPECT_EQ(cp.last_good.index, 19u);
  EXPECT_EQ(cp.last_good.commit, commit(19));
  EXPECT_EQ(cp.last_good.run_id, "run19");
  EXPECT_EQ(cp.last_good.store_id, 20);
  EXPECT_EQ(cp.first_bad.commit, commit(20));
  EXPECT_EQ(cp.first_bad.store_id, 21);
  EXPECT_NEAR(cp.point.change.magnitude, 0.20, 0.02);
  EXPECT_EQ(cp.severity, Severity::critical);  // beyond the default 10 %
  EXPECT_TRUE(cp.at_head);
}

TEST(SeriesChanges, TheSameStepInAHigherIsBetterMetricIsAnImprovement) {
  const SeriesChanges up = analyse(throughput, steps({{20, 100}, {10, 120}}));
  ASSERT_EQ(up.change_points.size(), 1u);
  EXPECT_EQ(up.change_points[0].kind, ChangeKind::improvement);
  EXPECT_EQ(up.change_points[0].severity, Severity::none);
  EXPECT_FALSE(up.change_points[0].at_head);  // an improvement never is

  const SeriesChanges down = analyse(throughput, steps({{20, 120}, {10, 100}}));
  ASSERT_EQ(down.change_points.size(), 1u);
  EXPECT_EQ(down.change_points[0].kind, ChangeKind::regression);
  EXPECT_TRUE(down.change_points[0].at_head);
}

TEST(SeriesChanges, LastGoodIsTheNewestPointWithAValueBeforeTheStep) {
  std::vector<double> levels = steps({{20, 100}, {10, 120}});
  levels[19] = std::numeric_limits<double>::quiet_NaN();  // the run before the step failed
  const SeriesChanges s = analyse(latency, levels);
  EXPECT_EQ(s.values, 29u);
  ASSERT_EQ(s.change_points.size(), 1u);
  EXPECT_EQ(s.change_points[0].first_bad.index, 20u);
  EXPECT_EQ(s.change_points[0].last_good.index, 18u);
  EXPECT_EQ(s.change_points[0].last_good.commit, commit(18));
}

TEST(SeriesChanges, SeverityFollowsTheLimits) {
  const auto levels = steps({{20, 100}, {10, 120}});  // +20 %
  EXPECT_EQ(analyse(latency, levels, {0.05, 0.10}).change_points.at(0).severity,
            Severity::critical);
  EXPECT_EQ(analyse(latency, levels, {0.10, 0.30}).change_points.at(0).severity, Severity::warning);
  EXPECT_EQ(analyse(latency, levels, {0.25, 0.50}).change_points.at(0).severity, Severity::none);
}

TEST(SeriesChanges, ARegressionUndoneByALaterChangeIsNotAtTheHead) {
  const SeriesChanges s = analyse(latency, steps({{20, 100}, {20, 120}, {20, 100}}));
  ASSERT_EQ(s.change_points.size(), 2u);
  EXPECT_EQ(s.change_points[0].kind, ChangeKind::regression);
  EXPECT_EQ(s.change_points[1].kind, ChangeKind::improvement);
  EXPECT_FALSE(s.change_points[0].at_head);
  EXPECT_FALSE(s.change_points[1].at_head);

  // A second step up: only the newest regression stands at the head.
  const SeriesChanges twice = analyse(latency, steps({{20, 100}, {20, 120}, {20, 145}}));
  ASSERT_EQ(twice.change_points.size(), 2u);
  EXPECT_FALSE(twice.change_points[0].at_head);
  EXPECT_TRUE(twice.change_points[1].at_head);
}

TEST(SeriesChanges, TooShortASeriesHasNotEnoughHistoryAndNoInventedPoint) {
  const SeriesChanges s = analyse(latency, steps({{3, 100}, {2, 200}}));
  EXPECT_FALSE(s.enough_history);
  EXPECT_EQ(s.values, 5u);
  EXPECT_EQ(s.needed, 6u);  // edivisive: 2 x min_segment
  EXPECT_TRUE(s.change_points.empty());
  stats::DetectOptions pelt;
  pelt.method = stats::ChangePointMethod::pelt;
  EXPECT_EQ(points_needed(pelt), 10u);
}

TEST(SeriesChanges, SinceKeepsOnlyChangePointsAfterTheCommit) {
  const auto levels = steps({{20, 100}, {20, 120}, {20, 100}});  // steps at 20 and 40
  std::vector<SeriesChanges> all = {analyse(latency, levels)};
  ASSERT_EQ(all[0].change_points.size(), 2u);
  keep_changes_since(all, commit(19).substr(0, 8));  // the last good run of the first step
  ASSERT_EQ(all[0].change_points.size(), 2u);
  keep_changes_since(all, commit(20));  // the first bad run: its step is not after it
  ASSERT_EQ(all[0].change_points.size(), 1u);
  EXPECT_EQ(all[0].change_points[0].first_bad.index, 40u);
  EXPECT_EQ(all[0].before_since, 1u);
  keep_changes_since(all, "C0FFEE45");  // case does not matter
  EXPECT_TRUE(all[0].change_points.empty());
}

TEST(SeriesChanges, SinceRefusesUnknownAmbiguousAndShortCommits) {
  std::vector<SeriesChanges> all = {analyse(latency, steps({{20, 100}, {10, 120}}))};
  EXPECT_THROW(keep_changes_since(all, "abc"), Error);       // too short
  EXPECT_THROW(keep_changes_since(all, "xyz12345"), Error);  // not hex
  EXPECT_THROW(keep_changes_since(all, "deadbeef"), Error);  // not in the series
  EXPECT_THROW(keep_changes_since(all, "c0ffee1"), Error);   // c0ffee10..19
  try {
    keep_changes_since(all, "deadbeef");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::bad_input);
    EXPECT_NE(std::string(e.what()).find("--since deadbeef: no run"), std::string::npos)
        << e.what();
  }
}

TEST(SeriesChanges, SinceInASeriesWithoutTheCommitCutsByTime) {
  SeriesChanges other = analyse(latency, steps({{20, 100}, {10, 120}}));
  for (auto& p : other.history.points) p.run.git_commit = "";  // no git state at all
  std::vector<SeriesChanges> all = {analyse(latency, steps({{30, 100}})), other};
  keep_changes_since(all, commit(25));  // started at minute 25, after the step at 20
  EXPECT_TRUE(all[1].change_points.empty());
  EXPECT_EQ(all[1].before_since, 1u);
}

TEST(SeriesChanges, GateFailsOnlyOnARegressionAtTheHeadThePolicyCovers) {
  std::vector<SeriesChanges> regressed = {analyse(latency, steps({{20, 100}, {10, 120}}))};
  std::vector<SeriesChanges> mild = {
      analyse(latency, steps({{20, 100}, {10, 120}}), {0.10, 0.30})};  // a warning
  std::vector<SeriesChanges> fixed = {analyse(latency, steps({{20, 100}, {20, 120}, {20, 100}}))};
  const GatePolicy critical{FailOn::critical, false}, warning{FailOn::warning, false},
      any{FailOn::any, false}, never{FailOn::never, false}, smoke{FailOn::critical, true};
  EXPECT_TRUE(change_gate_fails(regressed, critical));
  EXPECT_FALSE(change_gate_fails(regressed, never));
  EXPECT_FALSE(change_gate_fails(regressed, smoke));
  EXPECT_FALSE(change_gate_fails(mild, critical));
  EXPECT_TRUE(change_gate_fails(mild, warning));
  EXPECT_FALSE(change_gate_fails(fixed, any));
  EXPECT_EQ(change_gate_summary(regressed, critical),
            "gate failed (fail_on = critical): 1 regression at the head: gemm wall_time");
  EXPECT_EQ(change_gate_summary(mild, critical),
            "gate passed (fail_on = critical): 1 regression at the head, none severe enough to "
            "fail it");

  report_changes_as_warnings(regressed);
  EXPECT_EQ(regressed[0].change_points[0].severity, Severity::warning);
}

}  // namespace
}  // namespace perfgate
