#include "analyze/history.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace perfgate {
namespace {

const MetricInfo wall{"wall_time", "ns", Direction::lower_is_better, true};

SeriesPoint point(std::int64_t id, const std::string& started_at, const std::string& commit,
                  std::vector<double> samples = {1.0}) {
  SeriesPoint p;
  p.store_id = id;
  p.run_id = "run" + std::to_string(id);
  p.started_at = started_at;
  p.git_commit = commit;
  p.unit = "ns";
  p.samples = std::move(samples);
  return p;
}

SeriesQuery query(int last = 0) {
  SeriesQuery q;
  q.benchmark = "gemm";
  q.metric = "wall_time";
  q.last = last;
  return q;
}

std::vector<std::int64_t> ids(const History& h) {
  std::vector<std::int64_t> out;
  for (const auto& p : h.points) out.push_back(p.run.store_id);
  return out;
}

// c1 <- c2 <- c3 <- c4, as rev-list prints them: newest first.
const CommitOrder main_line{"main", {"c4", "c3", "c2", "c1"}};

TEST(History, GitOrderFollowsTheCommitsNotTheTimesTheRunsStarted) {
  // c3 was measured after c4 (a re-run of an older commit).
  std::vector<SeriesPoint> pts = {point(1, "2026-01-01", "c1"), point(2, "2026-01-02", "c2"),
                                  point(3, "2026-01-03", "c4"), point(4, "2026-01-04", "c3")};
  History h = build_history(wall, query(), pts, main_line, "");
  EXPECT_EQ(h.order, HistoryOrder::git);
  EXPECT_EQ(h.order_detail, "git rev-list --topo-order main");
  EXPECT_EQ(ids(h), (std::vector<std::int64_t>{1, 2, 4, 3}));
}

TEST(History, RunsOfOneCommitStayInTimeOrder) {
  std::vector<SeriesPoint> pts = {point(5, "2026-01-05", "c1"), point(1, "2026-01-01", "c2"),
                                  point(2, "2026-01-02", "c1"), point(3, "2026-01-02", "c1")};
  History h = build_history(wall, query(), pts, main_line, "");
  EXPECT_EQ(ids(h), (std::vector<std::int64_t>{2, 3, 5, 1}));
}

TEST(History, RunsOfCommitsGitDoesNotListArePlacedByTimeAmongTheOthers) {
  std::vector<SeriesPoint> pts = {point(1, "2026-01-01", "c1"), point(2, "2026-01-02", "elsewhere"),
                                  point(3, "2026-01-03", "c3"), point(4, "2026-01-04", "c2"),
                                  point(5, "2026-01-05", "")};
  History h = build_history(wall, query(), pts, main_line, "");
  EXPECT_EQ(h.order, HistoryOrder::mixed);
  EXPECT_EQ(to_string(h.order), "git+time");
  EXPECT_NE(h.order_detail.find("2 of 5 runs"), std::string::npos) << h.order_detail;
  // Known ones in git order (1, 4, 3); the unknown 2 goes before the first
  // known run started after it, 5 at the end.
  EXPECT_EQ(ids(h), (std::vector<std::int64_t>{1, 2, 4, 3, 5}));
}

TEST(History, WithoutARepositoryOrWithNoKnownCommitTheOrderIsTime) {
  std::vector<SeriesPoint> pts = {point(2, "2026-01-02", "c1"), point(1, "2026-01-02", "c4"),
                                  point(3, "2026-01-01", "c2")};
  History none = build_history(wall, query(), pts, std::nullopt, "not in a git repository");
  EXPECT_EQ(none.order, HistoryOrder::time);
  EXPECT_EQ(none.order_detail, "started_at: not in a git repository");
  EXPECT_EQ(ids(none), (std::vector<std::int64_t>{3, 1, 2}));  // same time: by store id

  History foreign = build_history(wall, query(), pts, CommitOrder{"HEAD", {"x", "y"}}, "");
  EXPECT_EQ(foreign.order, HistoryOrder::time);
  EXPECT_NE(foreign.order_detail.find("lists none"), std::string::npos);
  EXPECT_EQ(ids(foreign), (std::vector<std::int64_t>{3, 1, 2}));
}

TEST(History, LastKeepsTheNewestPointsInCommitOrder) {
  std::vector<SeriesPoint> pts = {point(1, "2026-01-01", "c1"), point(2, "2026-01-02", "c2"),
                                  point(3, "2026-01-03", "c4"), point(4, "2026-01-04", "c3")};
  History h = build_history(wall, query(2), pts, main_line, "");
  EXPECT_EQ(ids(h), (std::vector<std::int64_t>{4, 3}));  // c3, c4: not the two started last
  EXPECT_FALSE(h.points[0].change.has_value());          // nothing shown before it
}

TEST(History, EachPointIsSummarisedLikeScipy) {
  // Oracle: numpy.median, mean, std(ddof=1), scipy.stats.median_abs_deviation.
  std::vector<SeriesPoint> pts = {point(1, "2026-01-01", "", {12.0, 10.5, 11.0, 30.0, 10.0, 11.5})};
  History h = build_history(wall, query(), pts, std::nullopt, "");
  const HistoryPoint& p = h.points.at(0);
  EXPECT_EQ(p.n, 6);
  EXPECT_DOUBLE_EQ(*p.value, 11.25);
  EXPECT_DOUBLE_EQ(*p.mean, 14.166666666666666);
  EXPECT_NEAR(*p.stddev, 7.788880963698614, 1e-12);
  EXPECT_DOUBLE_EQ(*p.mad, 0.75);
  EXPECT_EQ(*p.min, 10.0);
  EXPECT_EQ(*p.max, 30.0);
  EXPECT_FALSE(p.summary_only);
  EXPECT_TRUE(p.gap.empty());
}

TEST(History, GapsSayWhyAndTheChangeSkipsThem) {
  SeriesPoint failed = point(2, "2026-01-02", "", {});
  failed.failed = 3;
  SeriesPoint skipped = point(3, "2026-01-03", "", {});
  skipped.skipped = "fixture model: no file";
  SeriesPoint other_unit = point(4, "2026-01-04", "", {5.0});
  other_unit.unit = "ms";
  // Google Benchmark writes a counter over no time as Infinity.
  SeriesPoint infinite = point(5, "2026-01-04T12", "", {1.0, HUGE_VAL});
  std::vector<SeriesPoint> pts = {
      point(1, "2026-01-01", "", {100.0}), failed, skipped, other_unit, infinite,
      point(6, "2026-01-05", "", {110.0})};
  History h = build_history(wall, query(), pts, std::nullopt, "");
  ASSERT_EQ(h.points.size(), 6u);
  EXPECT_EQ(h.points[1].gap, "all 3 repetitions failed");
  EXPECT_EQ(h.points[2].gap, "skipped: fixture model: no file");
  EXPECT_EQ(h.points[3].gap, "unit ms, not ns");
  EXPECT_EQ(h.points[4].gap, "a sample is not a finite number");
  for (int i = 1; i <= 4; ++i) {
    EXPECT_FALSE(h.points[i].value.has_value()) << i;
    EXPECT_FALSE(h.points[i].change.has_value()) << i;
  }
  EXPECT_FALSE(h.points[0].change.has_value());
  ASSERT_TRUE(h.points[5].change.has_value());
  EXPECT_NEAR(*h.points[5].change, 0.10, 1e-12);  // against point 1, the last with a value
}

TEST(History, ASummaryOnlyPointShowsItsMedianElseItsMean) {
  SeriesPoint with_median = point(1, "2026-01-01", "", {});
  with_median.summary = SampleSummary{200, 10, 12, 190, std::nullopt, std::nullopt};
  SeriesPoint mean_only = point(2, "2026-01-02", "", {});
  mean_only.summary = SampleSummary{209, std::nullopt, 8, std::nullopt, std::nullopt, std::nullopt};
  History h = build_history(wall, query(), {with_median, mean_only}, std::nullopt, "");
  EXPECT_TRUE(h.points[0].summary_only);
  EXPECT_EQ(*h.points[0].value, 190);
  EXPECT_EQ(h.points[0].n, 12);
  EXPECT_FALSE(h.points[0].mad.has_value());
  EXPECT_EQ(*h.points[1].value, 209);
  EXPECT_NEAR(*h.points[1].change, 209.0 / 190.0 - 1, 1e-12);
}

}  // namespace
}  // namespace perfgate
