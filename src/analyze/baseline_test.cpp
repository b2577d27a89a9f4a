#include "analyze/baseline_build.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numbers>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/run_testing.hpp"

namespace perfgate {
namespace {

using test_support::expect_same_double;

// A run of suite "s" on linux-x86_64 with one benchmark "b" whose wall_time
// samples are `wall` (and tokens/s = 1e9 / wall).
Run make_run(const std::string& id, const std::string& started_at, std::vector<double> wall,
             const std::string& suite = "s", const std::string& arch = "x86_64") {
  perfgate::Run run;
  run.id = id;
  run.started_at = started_at;
  run.suite_name = suite;
  run.environment.cpu_model = "AMD EPYC";
  run.environment.logical_cores = 2;
  run.environment.os = "Debian GNU/Linux 12 (bookworm)";
  run.environment.kernel = "6.1.0";
  run.environment.arch = arch;
  run.environment.compiler = "GNU 12.2.0";
  run.environment.git.commit = "c0ffee" + id;
  run.environment.git.branch = "main";
  BenchmarkResult b;
  b.name = "b";
  b.metrics = {{"wall_time", "ns", Direction::lower_is_better, true},
               {"tokens_per_second", "tokens/s", Direction::higher_is_better, true}};
  b.limits.lower_is_better = {0.15, 0.25};
  b.limits.higher_is_better = {0.08, 0.15};
  b.budgets = {Budget{"wall_time", 99.0, 300e3, std::nullopt}};
  for (std::size_t i = 0; i < wall.size(); ++i) {
    Repetition r;
    r.index = static_cast<int>(i);
    r.exit_status = 0;
    r.values = {{"wall_time", wall[i]}, {"tokens_per_second", 1e9 / wall[i]}};
    b.repetitions.push_back(r);
  }
  run.benchmarks = {b};
  return run;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 2);
    return e.what();
  }
  ADD_FAILURE() << "no perfgate::Error thrown";
  return "";
}

// ---------------------------------------------------------------- statistics

TEST(BaselineStatistics, MedianMadIqrAndIntervalMatchHandComputedValues) {
  // sorted 1..9, 100: median (5 + 6) / 2; |x - 5.5| sorted .5 .5 1.5 1.5 2.5 | 2.5 ...
  // -> MAD 2.5; type-7 quartiles at h = 2.25 and 6.75: 3.25 and 7.75 -> IQR 4.5.
  MetricBaseline m = summarize_metric({"wall_time", "ns", Direction::lower_is_better, true},
                                      {9, 3, 100, 1, 5, 7, 2, 8, 4, 6}, 10);
  EXPECT_EQ(m.n, 10);
  EXPECT_DOUBLE_EQ(*m.median, 5.5);
  EXPECT_DOUBLE_EQ(*m.mad, 2.5);
  EXPECT_DOUBLE_EQ(*m.iqr, 4.5);
  EXPECT_DOUBLE_EQ(*m.relative_mad, 2.5 / 5.5);
  // n = 10: P(B <= 1) = 11/1024 keeps coverage >= 95 %, P(B <= 2) = 56/1024 does not,
  // so the interval is [x(2), x(9)] = [2, 9] with coverage 1 - 22/1024.
  ASSERT_TRUE(m.median_interval);
  EXPECT_DOUBLE_EQ(m.median_interval->low, 2);
  EXPECT_DOUBLE_EQ(m.median_interval->high, 9);
  EXPECT_NEAR(m.median_interval->coverage, 1 - 22.0 / 1024, 1e-12);
  // Samples are kept in the order given (source order), not sorted.
  EXPECT_EQ(m.samples, (std::vector<double>{9, 3, 100, 1, 5, 7, 2, 8, 4, 6}));
}

TEST(BaselineStatistics, MedianIntervalOfTwentyUsesTheSixthOrderStatistics) {
  std::vector<double> sorted;
  for (int i = 1; i <= 20; ++i) sorted.push_back(i);
  auto mi = median_interval(sorted);
  ASSERT_TRUE(mi);
  // sum_{i<=5} C(20, i) = 21700: coverage 1 - 2 * 21700 / 2^20 = 0.9586 >= 0.95;
  // with k = 7 it would be 1 - 2 * 60460 / 2^20 = 0.885.
  EXPECT_DOUBLE_EQ(mi->low, 6);
  EXPECT_DOUBLE_EQ(mi->high, 15);
  EXPECT_NEAR(mi->coverage, 1 - 2 * 21700.0 / 1048576, 1e-12);
}

TEST(BaselineStatistics, MedianIntervalOfFewSamplesIsTheRangeAndSaysItsTrueCoverage) {
  auto mi = median_interval({1, 2, 3, 4, 5});
  ASSERT_TRUE(mi);
  EXPECT_DOUBLE_EQ(mi->low, 1);
  EXPECT_DOUBLE_EQ(mi->high, 5);
  EXPECT_NEAR(mi->coverage, 1 - 2.0 / 32, 1e-12);  // below the 95 % asked for
  EXPECT_FALSE(median_interval({}));
}

// The formula of docs/formats.md, written out again independently.
double expected_threshold(double log_sd, int n) {
  const double d = std::sqrt(std::numbers::pi / 2) * log_sd * std::sqrt(2.0 / n) *
                   (2.3263478740408408 + 0.8416212335729143);
  const double mde = std::exp(d) - 1;
  return std::max(0.01, std::ceil(mde * 100 - 1e-9) / 100);
}

TEST(BaselineStatistics, SuggestedThresholdFollowsTheDocumentedFormula) {
  // log_sd 0.02, n 10: d = 1.2533 * 0.02 * 0.4472 * 3.1680 = 0.03551, exp(d) - 1 = 3.6 % -> 4 %.
  EXPECT_DOUBLE_EQ(*suggested_threshold(0.02, 10), 0.04);
  EXPECT_DOUBLE_EQ(*suggested_threshold(0.02, 10), expected_threshold(0.02, 10));
  EXPECT_DOUBLE_EQ(*suggested_threshold(0.1, 5), expected_threshold(0.1, 5));
  // No noise: the 1 % floor.
  EXPECT_DOUBLE_EQ(*suggested_threshold(0.0, 10), 0.01);
  // More samples per side detect smaller changes.
  EXPECT_LT(*suggested_threshold(0.05, 40), *suggested_threshold(0.05, 10));
  EXPECT_FALSE(suggested_threshold(0.05, 0));
  EXPECT_FALSE(suggested_threshold(std::nan(""), 10));
}

TEST(BaselineStatistics, SuggestedThresholdOfKnownLogNoise) {
  // log values mu + c * {-2, -1, 0, 1, 2}: |deviations| 2 1 0 1 2, MAD = c, so
  // the robust sd of the logs is 1.4826 * c.
  const double c = 0.05, mu = std::log(1e6);
  std::vector<double> xs;
  for (int k = -2; k <= 2; ++k) xs.push_back(std::exp(mu + c * k));
  MetricBaseline m = summarize_metric({"wall_time", "ns", Direction::lower_is_better, true}, xs, 5);
  ASSERT_TRUE(m.log_sd);
  EXPECT_NEAR(*m.log_sd, 1.4826 * c, 1e-12);
  ASSERT_TRUE(m.suggested_threshold);
  EXPECT_DOUBLE_EQ(*m.suggested_threshold, expected_threshold(1.4826 * c, 5));
  EXPECT_DOUBLE_EQ(*m.suggested_threshold, 0.21);  // d = 0.1862: +20.5 %, rounded up
}

TEST(BaselineStatistics, NonPositiveOrNonFiniteSamplesHaveNoNoiseEstimate) {
  MetricBaseline zero =
      summarize_metric({"errors", "", Direction::lower_is_better, true}, {0, 1, 2}, 3);
  EXPECT_DOUBLE_EQ(*zero.median, 1);
  EXPECT_FALSE(zero.log_sd);
  EXPECT_FALSE(zero.suggested_threshold);
  MetricBaseline nan =
      summarize_metric({"x", "", Direction::lower_is_better, true}, {1, std::nan(""), 2}, 3);
  EXPECT_EQ(nan.n, 3);
  EXPECT_FALSE(nan.median);
  EXPECT_FALSE(nan.median_interval);
  MetricBaseline none = summarize_metric({"x", "", Direction::lower_is_better, true}, {}, 0);
  EXPECT_EQ(none.n, 0);
  EXPECT_FALSE(none.median);
}

// ---------------------------------------------------------------- building

TEST(BaselineBuild, PoolsSamplesOfEveryRunOldestFirstAndRecordsTheSources) {
  perfgate::Run r2 = make_run("r2", "2026-11-23T10:02:00Z", {30, 31});
  perfgate::Run r1 = make_run("r1", "2026-11-23T10:01:00Z", {20, 21, 22});
  r1.benchmarks[0].repetitions.push_back({3, false, "exited with status 1", 1, {}, {}});
  Baseline b = make_baseline({r2, r1}, "2026-11-23T11:00:00Z", "first");
  EXPECT_EQ(b.suite_name, "s");
  EXPECT_EQ(b.platform, "linux-x86_64");
  EXPECT_EQ(b.environment.cpu_model, "AMD EPYC");
  ASSERT_EQ(b.runs.size(), 2u);
  EXPECT_EQ(b.runs[0].id, "r1");
  EXPECT_EQ(b.runs[1].id, "r2");
  EXPECT_EQ(b.runs[1].commit, "c0ffeer2");
  ASSERT_EQ(b.benchmarks.size(), 1u);
  const BenchmarkBaseline& bb = b.benchmarks[0];
  EXPECT_EQ(bb.runs, 2);
  EXPECT_EQ(bb.failed_repetitions, 1);
  const MetricBaseline* wall = bb.find_metric("wall_time");
  ASSERT_TRUE(wall);
  EXPECT_EQ(wall->samples, (std::vector<double>{20, 21, 22, 30, 31}));
  EXPECT_DOUBLE_EQ(*wall->median, 22);
  EXPECT_DOUBLE_EQ(bb.limits.lower_is_better.warning, 0.15);
  ASSERT_EQ(bb.budgets.size(), 1u);
  ASSERT_EQ(b.history.size(), 1u);
  EXPECT_EQ(b.history[0].action, "create");
  EXPECT_EQ(b.history[0].reason, "first");
  EXPECT_EQ(b.history[0].runs, (std::vector<std::string>{"r1", "r2"}));
}

TEST(BaselineBuild, RefusesRunsOfDifferentSuitesOrPlatforms) {
  perfgate::Run a = make_run("a", "2026-11-23T10:01:00Z", {1, 2, 3});
  perfgate::Run other_suite = make_run("x", "2026-11-23T10:02:00Z", {1, 2, 3}, "t");
  std::string m = message_of([&] { make_baseline({a, other_suite}, "now"); });
  EXPECT_NE(m.find("different suites"), std::string::npos) << m;
  EXPECT_NE(m.find("run a"), std::string::npos) << m;
  EXPECT_NE(m.find("run x"), std::string::npos) << m;

  perfgate::Run arm = make_run("arm", "2026-11-23T10:02:00Z", {1, 2, 3}, "s", "aarch64");
  m = message_of([&] { make_baseline({a, arm}, "now"); });
  EXPECT_NE(m.find("different platforms"), std::string::npos) << m;
  EXPECT_NE(m.find("linux-x86_64"), std::string::npos) << m;
  EXPECT_NE(m.find("linux-aarch64"), std::string::npos) << m;

  perfgate::Run other_unit = make_run("u", "2026-11-23T10:02:00Z", {1, 2, 3});
  other_unit.benchmarks[0].metrics[0].unit = "ms";
  m = message_of([&] { make_baseline({a, other_unit}, "now"); });
  EXPECT_NE(m.find("wall_time"), std::string::npos) << m;

  m = message_of([&] { make_baseline({a, a}, "now"); });
  EXPECT_NE(m.find("twice"), std::string::npos) << m;
}

TEST(BaselineBuild, UpdateNeedsAReasonAndAppendsToHistory) {
  Baseline b =
      make_baseline({make_run("r1", "2026-11-23T10:01:00Z", {20, 21, 22})}, "2026-11-23T11:00:00Z");
  perfgate::Run r2 = make_run("r2", "2026-11-24T10:01:00Z", {40, 41, 42});
  std::string m = message_of([&] { update_baseline(b, {r2}, "2026-11-24T11:00:00Z", "  "); });
  EXPECT_NE(m.find("--reason"), std::string::npos) << m;
  EXPECT_EQ(b.history.size(), 1u);  // unchanged

  update_baseline(b, {r2}, "2026-11-24T11:00:00Z", "new runner");
  EXPECT_EQ(b.created_at, "2026-11-23T11:00:00Z");
  ASSERT_EQ(b.history.size(), 2u);
  EXPECT_EQ(b.history[1].action, "update");
  EXPECT_EQ(b.history[1].reason, "new runner");
  EXPECT_EQ(b.history[1].runs, std::vector<std::string>{"r2"});
  EXPECT_DOUBLE_EQ(*b.benchmarks[0].find_metric("wall_time")->median, 41);

  perfgate::Run other = make_run("o", "2026-11-25T10:01:00Z", {1, 2, 3}, "t");
  m = message_of([&] { update_baseline(b, {other}, "later", "why not"); });
  EXPECT_NE(m.find("suite \"s\""), std::string::npos) << m;
}

TEST(BaselineBuild, PlatformOfAnEnvironment) {
  Environment e;
  EXPECT_EQ(platform_of(e), "");
  e.os = "Debian GNU/Linux 12 (bookworm)";
  e.arch = "x86_64";
  EXPECT_EQ(platform_of(e), "linux-x86_64");
  e.arch = "arm64";
  EXPECT_EQ(platform_of(e), "linux-aarch64");
  e.os = "macOS 14.5";
  EXPECT_EQ(platform_of(e), "macos-arm64");
}

TEST(BaselineBuild, ConversionToARunCarriesSamplesLimitsAndBudgets) {
  Baseline b = make_baseline({make_run("r1", "2026-11-23T10:01:00Z", {20, 21, 22}),
                              make_run("r2", "2026-11-23T10:02:00Z", {23, 24})},
                             "2026-11-23T11:00:00Z");
  perfgate::Run run = baseline_to_run(b);
  EXPECT_EQ(run.id, "baseline@2026-11-23T11:00:00Z");
  EXPECT_EQ(run.suite_name, "s");
  EXPECT_EQ(run.environment.cpu_model, "AMD EPYC");
  EXPECT_EQ(run.environment.git.commit, "c0ffeer2");
  EXPECT_EQ(platform_of(run.environment), b.platform);
  ASSERT_EQ(run.benchmarks.size(), 1u);
  const BenchmarkResult& br = run.benchmarks[0];
  EXPECT_EQ(br.samples("wall_time"), (std::vector<double>{20, 21, 22, 23, 24}));
  EXPECT_EQ(br.samples("tokens_per_second").size(), 5u);
  EXPECT_EQ(br.failed_count(), 0);
  ASSERT_EQ(br.metrics.size(), 2u);
  EXPECT_EQ(br.metrics[1].direction, Direction::higher_is_better);
  EXPECT_DOUBLE_EQ(br.limits.lower_is_better.critical, 0.25);
  EXPECT_DOUBLE_EQ(br.limits.higher_is_better.warning, 0.08);
  ASSERT_EQ(br.budgets.size(), 1u);
  EXPECT_EQ(br.budgets[0].metric, "wall_time");
  EXPECT_EQ(br.budgets[0].percentile, 99.0);
  EXPECT_EQ(br.budgets[0].max, 300e3);
}

// ---------------------------------------------------------------- the file

Baseline full_baseline() {
  Baseline b = make_baseline({make_run("r1", "2026-11-23T10:01:00Z", {20, 21.5, 22}),
                              make_run("r2", "2026-11-23T10:02:00Z", {1.0 / 3, 24})},
                             "2026-11-23T11:00:00Z", "initial \"quoted\" reason");
  update_baseline(b, {make_run("r3", "2026-11-24T10:00:00Z", {20, 21, 22, 23, 24, 25})},
                  "2026-11-24T11:00:00Z", "new runner");
  BenchmarkBaseline& bb = b.benchmarks[0];
  bb.budgets.push_back(Budget{"tokens_per_second", std::nullopt, std::nullopt, 4500.0});
  bb.budgets.push_back(
      Budget{"tokens_per_second", std::nullopt, std::nullopt, std::nullopt, 10.0, 40.0});
  bb.failed_repetitions = 2;
  // A metric without statistics, with non-finite samples.
  bb.metrics.push_back(
      summarize_metric({"odd", "", Direction::lower_is_better, false},
                       {std::nan(""), std::numeric_limits<double>::infinity(), -0.0}, 3));
  return b;
}

void expect_same_baseline(const Baseline& a, const Baseline& b) {
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.suite_name, b.suite_name);
  EXPECT_EQ(a.platform, b.platform);
  EXPECT_EQ(a.environment.cpu_model, b.environment.cpu_model);
  EXPECT_EQ(a.environment.logical_cores, b.environment.logical_cores);
  EXPECT_EQ(a.environment.os, b.environment.os);
  EXPECT_EQ(a.environment.arch, b.environment.arch);
  EXPECT_EQ(a.environment.compiler, b.environment.compiler);
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_EQ(a.runs[i].id, b.runs[i].id);
    EXPECT_EQ(a.runs[i].started_at, b.runs[i].started_at);
    EXPECT_EQ(a.runs[i].commit, b.runs[i].commit);
    EXPECT_EQ(a.runs[i].branch, b.runs[i].branch);
  }
  ASSERT_EQ(a.benchmarks.size(), b.benchmarks.size());
  for (std::size_t i = 0; i < a.benchmarks.size(); ++i) {
    const auto& x = a.benchmarks[i];
    const auto& y = b.benchmarks[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.limits.lower_is_better.warning, y.limits.lower_is_better.warning);
    EXPECT_EQ(x.limits.lower_is_better.critical, y.limits.lower_is_better.critical);
    EXPECT_EQ(x.limits.higher_is_better.warning, y.limits.higher_is_better.warning);
    EXPECT_EQ(x.limits.higher_is_better.critical, y.limits.higher_is_better.critical);
    ASSERT_EQ(x.budgets.size(), y.budgets.size());
    for (std::size_t k = 0; k < x.budgets.size(); ++k) {
      EXPECT_EQ(x.budgets[k].metric, y.budgets[k].metric);
      EXPECT_EQ(x.budgets[k].percentile, y.budgets[k].percentile);
      EXPECT_EQ(x.budgets[k].max, y.budgets[k].max);
      EXPECT_EQ(x.budgets[k].min, y.budgets[k].min);
      EXPECT_EQ(x.budgets[k].mvp, y.budgets[k].mvp);
      EXPECT_EQ(x.budgets[k].target, y.budgets[k].target);
    }
    EXPECT_EQ(x.runs, y.runs);
    EXPECT_EQ(x.failed_repetitions, y.failed_repetitions);
    ASSERT_EQ(x.metrics.size(), y.metrics.size());
    for (std::size_t k = 0; k < x.metrics.size(); ++k) {
      const auto& m = x.metrics[k];
      const auto& n = y.metrics[k];
      SCOPED_TRACE(m.info.name);
      EXPECT_EQ(m.info.name, n.info.name);
      EXPECT_EQ(m.info.unit, n.info.unit);
      EXPECT_EQ(m.info.direction, n.info.direction);
      EXPECT_EQ(m.info.compared, n.info.compared);
      EXPECT_EQ(m.n, n.n);
      expect_same_double(m.median, n.median, "median");
      expect_same_double(m.mad, n.mad, "mad");
      expect_same_double(m.iqr, n.iqr, "iqr");
      ASSERT_EQ(m.median_interval.has_value(), n.median_interval.has_value());
      if (m.median_interval) {
        EXPECT_EQ(m.median_interval->low, n.median_interval->low);
        EXPECT_EQ(m.median_interval->high, n.median_interval->high);
        EXPECT_EQ(m.median_interval->confidence, n.median_interval->confidence);
        EXPECT_EQ(m.median_interval->coverage, n.median_interval->coverage);
      }
      expect_same_double(m.relative_mad, n.relative_mad, "relative_mad");
      expect_same_double(m.log_sd, n.log_sd, "log_sd");
      expect_same_double(m.suggested_threshold, n.suggested_threshold, "suggested_threshold");
      ASSERT_EQ(m.samples.size(), n.samples.size());
      for (std::size_t s = 0; s < m.samples.size(); ++s)
        expect_same_double(m.samples[s], n.samples[s], "sample " + std::to_string(s));
    }
  }
  ASSERT_EQ(a.history.size(), b.history.size());
  for (std::size_t i = 0; i < a.history.size(); ++i) {
    EXPECT_EQ(a.history[i].at, b.history[i].at);
    EXPECT_EQ(a.history[i].action, b.history[i].action);
    EXPECT_EQ(a.history[i].reason, b.history[i].reason);
    EXPECT_EQ(a.history[i].runs, b.history[i].runs);
  }
}

TEST(BaselineFile, RoundTripKeepsEveryField) {
  Baseline b = full_baseline();
  ASSERT_EQ(b.history.size(), 2u);
  ASSERT_EQ(b.benchmarks[0].budgets.size(), 3u);
  const std::string text = baseline_to_json(b);
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["kind"], "perfgate-baseline");
  EXPECT_EQ(doc["benchmarks"][0]["metrics"][0]["median_interval"]["method"], "order statistics");
  expect_same_baseline(b, baseline_from_json(text, "b.json"));
}

TEST(BaselineFile, WrittenAndReadFromDisk) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("perfgate-baseline-test-" + std::to_string(::getpid()));
  const std::string path = (dir / "sub" / "perfgate-baseline.json").string();
  Baseline b = full_baseline();
  write_baseline_file(b, path);
  expect_same_baseline(b, read_baseline_file(path));
  std::filesystem::remove_all(dir);
  std::string m = message_of([&] { read_baseline_file(path); });
  EXPECT_EQ(m.rfind(path + ": cannot read the baseline file", 0), 0u) << m;
}

// The JSON of full_baseline() with `edit` applied.
std::string edited(const std::function<void(nlohmann::json&)>& edit) {
  auto doc = nlohmann::json::parse(baseline_to_json(full_baseline()));
  edit(doc);
  return doc.dump(2);
}

TEST(BaselineFile, ErrorsNameTheFileThePathAndWhatToDo) {
  std::string m = message_of([] { baseline_from_json("{\n  \"kind\": \n}", "base.json"); });
  EXPECT_EQ(m.rfind("base.json:3:1: not valid JSON", 0), 0u) << m;

  m = message_of(
      [] { baseline_from_json(edited([](auto& d) { d["schema_version"] = 2; }), "base.json"); });
  EXPECT_EQ(m.rfind("base.json: schema_version: 2 is not supported", 0), 0u) << m;
  EXPECT_NE(m.find("upgrade perfgate"), std::string::npos) << m;

  m = message_of(
      [] { baseline_from_json(edited([](auto& d) { d["kind"] = "perfgate-run"; }), "base.json"); });
  EXPECT_EQ(m.rfind("base.json: kind: expected \"perfgate-baseline\", found \"perfgate-run\"", 0),
            0u)
      << m;

  m = message_of([] { baseline_from_json(edited([](auto& d) { d.erase("kind"); }), "base.json"); });
  EXPECT_EQ(m.rfind("base.json: missing required field \"kind\"", 0), 0u) << m;

  m = message_of([] {
    baseline_from_json(edited([](auto& d) { d["benchmarks"][0]["metrics"][1].erase("n"); }),
                       "base.json");
  });
  EXPECT_EQ(m.rfind("base.json: benchmarks[0].metrics[1]: missing required field \"n\"", 0), 0u)
      << m;
  EXPECT_NE(m.find("perfgate baseline create"), std::string::npos) << m;

  m = message_of([] {
    baseline_from_json(
        edited([](auto& d) { d["benchmarks"][0]["metrics"][0]["samples"][1] = "fast"; }),
        "base.json");
  });
  EXPECT_EQ(
      m.rfind("base.json: benchmarks[0].metrics[0].samples[1]: expected a number, found \"fast\"",
              0),
      0u)
      << m;

  m = message_of([] {
    baseline_from_json(edited([](auto& d) { d["benchmarks"][0]["metrics"][0]["n"] = 99; }),
                       "base.json");
  });
  EXPECT_EQ(m.rfind("base.json: benchmarks[0].metrics[0].n: n is 99 but samples holds", 0), 0u)
      << m;

  m = message_of([] {
    baseline_from_json(edited([](auto& d) { d["history"][1]["reason"] = ""; }), "base.json");
  });
  EXPECT_EQ(m.rfind("base.json: history[1].reason: an update has no reason", 0), 0u) << m;

  m = message_of([] { baseline_from_json("  ", "base.json"); });
  EXPECT_EQ(m.rfind("base.json: empty", 0), 0u) << m;
}

TEST(BaselineFile, AResultFileIsNotABaseline) {
  std::string m = message_of([] {
    baseline_from_json(R"({"schema_version": 1, "id": "x", "benchmarks": []})", "run.json");
  });
  EXPECT_EQ(m.rfind("run.json: missing required field \"kind\"", 0), 0u) << m;
  EXPECT_NE(m.find("perfgate compare"), std::string::npos) << m;
}

}  // namespace
}  // namespace perfgate
