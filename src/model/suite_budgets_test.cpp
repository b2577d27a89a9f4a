// Budgets in a suite file: their forms, units, directions and mistakes.
#include "model/suite_budgets.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model/suite_testing.hpp"

namespace perfgate {
namespace {

using test_support::at;
using test_support::expect_contains;
using test_support::expect_message;
using test_support::parse_test_suite;
using test_support::suite_error_of;

// A benchmark with a metric of each kind; its [benchmark.budget] starts on
// line 24, so the first budget line is 25.
const std::string kLlm = R"toml([[benchmark]]
name = "llm"
command = ["./llm"]
[[benchmark.metric]]
name = "ttft"
unit = "ms"
direction = "lower"
regex = 'ttft: (.*)'
[[benchmark.metric]]
name = "tokens_per_second"
unit = "tokens/s"
direction = "higher"
regex = 'tps: (.*)'
[[benchmark.metric]]
name = "throughput"
unit = "MiB/s"
direction = "higher"
regex = 'tp: (.*)'
[[benchmark.metric]]
name = "frames"
unit = "frames"
direction = "higher"
regex = 'frames: (.*)'
[benchmark.budget]
)toml";

std::vector<Budget> budgets_of(const std::string& budget_lines) {
  Suite suite = parse_test_suite(kLlm + budget_lines);
  return suite.benchmarks.at(0).budgets;
}

std::string budget_error_of(const std::string& budget_lines) {
  return suite_error_of(kLlm + budget_lines);
}

// The one budget of `budgets` on `metric` at `percentile` (nullopt: the median).
const Budget& find(const std::vector<Budget>& budgets, const std::string& metric,
                   std::optional<double> percentile = std::nullopt) {
  for (const Budget& b : budgets)
    if (b.metric == metric && b.percentile == percentile) return b;
  ADD_FAILURE() << "no budget on " << metric << " at " << percentile.value_or(50);
  static const Budget none;
  return none;
}

TEST(SuiteBudgets, ABareDurationIsAMaximumOfTheMedianInTheMetricsUnit) {
  std::vector<Budget> budgets = budgets_of("wall_time = \"300us\"\nttft = \"1.5s\"\n");
  ASSERT_EQ(budgets.size(), 2u);
  const Budget& wall = find(budgets, "wall_time");
  EXPECT_EQ(wall.max, 300'000.0);  // ns
  EXPECT_FALSE(wall.min);
  EXPECT_EQ(find(budgets, "ttft").max, 1500.0);  // ms
}

TEST(SuiteBudgets, BudgetsKeepTheOrderOfTheFile) {
  std::vector<Budget> budgets = budgets_of(
      "wall_time = \"1s\"\ntokens_per_second = 5\nttft = { p99 = \"2s\", max = \"1s\" }\n");
  ASSERT_EQ(budgets.size(), 4u);
  EXPECT_EQ(budgets[0].metric, "wall_time");
  EXPECT_EQ(budgets[1].metric, "tokens_per_second");
  EXPECT_EQ(budgets[2].percentile, 99.0);  // p99 is written before max
  EXPECT_FALSE(budgets[3].percentile);
}

TEST(SuiteBudgets, PercentileKeysBoundThatPercentile) {
  std::vector<Budget> budgets =
      budgets_of("ttft = { p99 = \"2s\", \"p99.9\" = \"2.5s\", p50 = \"800ms\" }\n");
  ASSERT_EQ(budgets.size(), 3u);
  EXPECT_EQ(find(budgets, "ttft", 99.0).max, 2000.0);
  EXPECT_EQ(find(budgets, "ttft", 99.9).max, 2500.0);
  EXPECT_EQ(find(budgets, "ttft", 50.0).max, 800.0);
}

TEST(SuiteBudgets, MaxBoundsTheMedianBesidePercentiles) {
  std::vector<Budget> budgets = budgets_of("ttft = { max = \"500ms\", p95 = \"900ms\" }\n");
  ASSERT_EQ(budgets.size(), 2u);
  EXPECT_EQ(find(budgets, "ttft").max, 500.0);
  EXPECT_EQ(find(budgets, "ttft", 95.0).max, 900.0);
}

TEST(SuiteBudgets, OnAHigherIsBetterMetricBareValuesAndPercentilesAreMinimums) {
  const Budget bare = budgets_of("tokens_per_second = 100\n").at(0);
  EXPECT_EQ(bare.min, 100.0);
  EXPECT_FALSE(bare.max);
  std::vector<Budget> budgets =
      budgets_of("tokens_per_second = { min = \"4500 tok/s\", p5 = 3000 }\n");
  EXPECT_EQ(find(budgets, "tokens_per_second").min, 4500.0);  // tok/s is tokens/s
  EXPECT_EQ(find(budgets, "tokens_per_second", 5.0).min, 3000.0);
  EXPECT_FALSE(find(budgets, "tokens_per_second", 5.0).max);
}

TEST(SuiteBudgets, SizesConvertToTheMetricsUnit) {
  EXPECT_EQ(budgets_of("peak_rss = \"512MiB\"\n").at(0).max, 512.0 * 1024 * 1024);
  EXPECT_EQ(budgets_of("peak_rss = \"1.5GB\"\n").at(0).max, 1.5e9);
}

TEST(SuiteBudgets, ByteRatesTakeAPlainNumberOrAnyByteRate) {
  EXPECT_EQ(budgets_of("throughput = 800\n").at(0).min, 800.0);
  EXPECT_EQ(budgets_of("throughput = \"1GiB/s\"\n").at(0).min, 1024.0);
  EXPECT_DOUBLE_EQ(budgets_of("throughput = \"1 GB/s\"\n").at(0).min.value_or(0),
                   1e9 / (1024.0 * 1024));
}

TEST(SuiteBudgets, AnUnknownUnitTakesAPlainNumberOrItsOwnName) {
  EXPECT_EQ(budgets_of("frames = 60\n").at(0).min, 60.0);
  EXPECT_EQ(budgets_of("frames = \"60 frames\"\n").at(0).min, 60.0);
}

TEST(SuiteBudgets, ABudgetOnAMetricTheBenchmarkLacksIsAnErrorWithASuggestion) {
  EXPECT_EQ(budget_error_of("ttfb = \"1s\"\n"),
            at(25, 1) +
                "budget on \"ttfb\": benchmark \"llm\" has no metric \"ttfb\"; did you mean "
                "\"ttft\"? budget one of its metrics: wall_time, user_time, system_time, "
                "peak_rss, instructions, ttft, tokens_per_second, throughput, frames");
}

TEST(SuiteBudgets, AValueOfAnotherDimensionIsAnErrorNamingBoth) {
  EXPECT_EQ(budget_error_of("ttft = \"100MiB\"\n"),
            at(25, 8) +
                "the budget on ttft is \"100MiB\", a size, but ttft is a duration (in ms); write "
                "a duration with its unit, such as \"300us\" or \"2s\"");
  expect_message(budget_error_of("peak_rss = \"2s\"\n"), at(25, 12),
                 {"is \"2s\", a duration, but peak_rss is a size (in bytes)", "\"512MiB\""});
  expect_message(budget_error_of("throughput = \"5MiB\"\n"), at(25, 14),
                 {"a size, but throughput is a byte rate (in MiB/s)"});
}

TEST(SuiteBudgets, RatesOfDifferentThingsDoNotMix) {
  expect_message(budget_error_of("tokens_per_second = \"5 items/s\"\n"), at(25, 21),
                 {"is \"5 items/s\", a rate in items/s, but tokens_per_second is a rate in "
                  "tokens/s",
                  "write a number of tokens/s such as 100"});
}

TEST(SuiteBudgets, TimeAndSizeBudgetsNeedAUnit) {
  expect_message(budget_error_of("wall_time = 300\n"), at(25, 13),
                 {"the budget on wall_time is the plain number 300, but wall_time is a duration "
                  "(in ns)",
                  "\"300us\""});
  expect_message(budget_error_of("peak_rss = { max = \"100\" }\n"), at(25, 20),
                 {"max in the budget on peak_rss is \"100\" without a unit"});
}

TEST(SuiteBudgets, AnUnknownUnitInAValueIsAMismatch) {
  expect_message(budget_error_of("frames = \"60 fps\"\n"), at(25, 10),
                 {"in the unknown unit \"fps\", but frames is a value in frames"});
}

TEST(SuiteBudgets, MaxOnHigherIsBetterAndMinOnLowerIsBetterSayWhichToUse) {
  EXPECT_EQ(budget_error_of("tokens_per_second = { max = 5 }\n"),
            at(25, 23) +
                "max in the budget on tokens_per_second, but higher is better for "
                "tokens_per_second; write min = ... (the least acceptable value); max is for "
                "lower-is-better metrics");
  expect_message(budget_error_of("ttft = { min = \"1ms\" }\n"), at(25, 10),
                 {"min in the budget on ttft, but lower is better for ttft", "write max = ..."});
}

TEST(SuiteBudgets, MaxAndMinTogetherBoundTheMedianTwice) {
  expect_message(budget_error_of("ttft = { max = \"1s\", min = \"1ms\" }\n"), at(25, 22),
                 {"max and min in the budget on ttft bound the same median"});
  expect_message(budget_error_of("ttft = { p99 = \"1s\", \"p99.0\" = \"2s\" }\n"), at(25, 22),
                 {"bound the same percentile"});
}

TEST(SuiteBudgets, MvpAndTargetMakeOneBudgetOnTheMedianInTheMetricsUnit) {
  std::vector<Budget> budgets =
      budgets_of("ttft = { mvp = \"60s\", target = \"5s\", p99 = \"90s\" }\n"
                 "tokens_per_second = { target = 40, mvp = 10 }\n");
  ASSERT_EQ(budgets.size(), 3u);
  const Budget& ttft = find(budgets, "ttft");
  EXPECT_EQ(ttft.mvp, 60'000.0);  // ms
  EXPECT_EQ(ttft.target, 5'000.0);
  EXPECT_FALSE(ttft.max);  // the MVP is not a budget max: it has no warning zone
  EXPECT_EQ(find(budgets, "ttft", 99.0).max, 90'000.0);
  // The direction makes them minimums; the side is not written.
  const Budget& tps = find(budgets, "tokens_per_second");
  EXPECT_EQ(tps.mvp, 10.0);
  EXPECT_EQ(tps.target, 40.0);
  EXPECT_FALSE(tps.min);
  EXPECT_EQ(find(budgets_of("wall_time = { mvp = \"1s\" }\n"), "wall_time").mvp, 1e9);
}

TEST(SuiteBudgets, ATargetWorseThanItsMvpIsAnErrorAtTheTarget) {
  expect_message(budget_error_of("ttft = { mvp = \"1s\", target = \"2s\" }\n"), at(25, 31),
                 {"the target in the budget on ttft (\"2s\") is worse than its mvp (\"1s\"): "
                  "lower is better for ttft",
                  "make it at most the mvp"});
  expect_message(budget_error_of("tokens_per_second = { mvp = 40, target = 10 }\n"), at(25, 42),
                 {"is worse than its mvp (40): higher is better", "at least the mvp"});
  // Equal is allowed: the MVP is the target.
  EXPECT_EQ(budgets_of("ttft = { mvp = \"1s\", target = \"1s\" }\n").at(0).target, 1000.0);
}

TEST(SuiteBudgets, MvpMistakesArePlacedAndSayWhatToDo) {
  expect_message(budget_error_of("ttft = { target = \"1s\" }\n"), at(25, 10),
                 {"a target in the budget on ttft without an mvp", "add mvp = ..."});
  expect_message(budget_error_of("ttft = { max = \"1s\", mvp = \"2s\" }\n"), at(25, 22),
                 {"max and mvp in the budget on ttft bound the same median", "keep max"});
  expect_message(budget_error_of("ttft = { mvp = \"100MiB\" }\n"), at(25, 16),
                 {"mvp in the budget on ttft is \"100MiB\", a size, but ttft is a duration"});
  expect_message(budget_error_of("peak_rss = { mvp = \"1GiB\", target = 5 }\n"), at(25, 37),
                 {"target in the budget on peak_rss is the plain number 5"});
  expect_message(budget_error_of("ttft = { mvp = \"1s\", goal = \"2s\" }\n"), at(25, 22),
                 {"unknown key \"goal\" in the budget on ttft", "mvp, target"});
}

TEST(SuiteBudgets, PercentileKeysOutsideZeroToHundredAreUnknownKeys) {
  for (const char* key : {"p100", "p0", "p00", "p999", "q99", "\"p99.999\"", "median"}) {
    std::string message = budget_error_of(std::string("ttft = { ") + key + " = \"1s\" }\n");
    expect_message(message, at(25, 10), {"in the budget on ttft", "valid keys: max, min, mvp, target, or pNN"});
  }
}

TEST(SuiteBudgets, AnUnquotedDottedPercentileSaysToQuoteIt) {
  // TOML reads p99.9 = ... as p99 = { 9 = ... }.
  std::string message = budget_error_of("ttft = { p99.9 = \"2s\" }\n");
  expect_message(message, at(25, 10),
                 {"p99 in the budget on ttft is a table", "{ \"p99.9\" = \"2s\" }"});
}

TEST(SuiteBudgets, ValuesMustBeMoreThanZeroAndReadable) {
  EXPECT_EQ(budget_error_of("ttft = \"0ms\"\n"),
            at(25, 8) + "the budget on ttft is \"0ms\"; expected a value more than 0");
  expect_message(budget_error_of("frames = -1\n"), at(25, 10), {"expected a value more than 0"});
  expect_message(budget_error_of("ttft = \"fast\"\n"), at(25, 8),
                 {"the budget on ttft is \"fast\", not a number with a unit"});
  expect_message(budget_error_of("wall_time = true\n"), at(25, 13),
                 {"the budget on wall_time is a boolean"});
  expect_message(budget_error_of("ttft = {}\n"), at(25, 8), {"the budget on ttft is empty"});
}

TEST(SuiteBudgets, BudgetMustBeATable) {
  expect_message(suite_error_of("[defaults]\nbudget = 5\n" + kLlm), at(2, 10),
                 {"budget is an integer; expected a table of metric budgets"});
}

TEST(SuiteBudgets, AHigherTablesBudgetOnAMetricReplacesAllOfTheLowerOnes) {
  std::vector<Budget> budgets =
      parse_test_suite("[defaults]\nbudget = { wall_time = \"1s\", peak_rss = \"1GiB\" }\n" + kLlm +
                       "wall_time = { p99 = \"2s\" }\n")
          .benchmarks.at(0)
          .budgets;
  ASSERT_EQ(budgets.size(), 2u);
  EXPECT_EQ(find(budgets, "wall_time", 99.0).max, 2e9);
  EXPECT_EQ(find(budgets, "peak_rss").max, 1024.0 * 1024 * 1024);
}

TEST(SuiteBudgets, ADefaultsBudgetMustFitEveryBenchmark) {
  std::string message = suite_error_of("[defaults]\nbudget = { ttft = \"1s\" }\n" + kLlm +
                                       "[[benchmark]]\nname = \"sort\"\nshell = \"true\"\n");
  expect_message(message, at(2, 12),
                 {"budget on \"ttft\" in [defaults] applies to benchmark \"sort\", which has no "
                  "metric \"ttft\"",
                  "[[override]] whose match selects only them"});
}

TEST(PercentileKey, ReadsPnnAndPnnDotN) {
  EXPECT_EQ(parse_percentile_key("p99"), 99.0);
  EXPECT_EQ(parse_percentile_key("p1"), 1.0);
  EXPECT_EQ(parse_percentile_key("p50"), 50.0);
  EXPECT_DOUBLE_EQ(parse_percentile_key("p99.9").value_or(0), 99.9);
  EXPECT_DOUBLE_EQ(parse_percentile_key("p99.99").value_or(0), 99.99);
  EXPECT_DOUBLE_EQ(parse_percentile_key("p0.1").value_or(0), 0.1);
}

TEST(PercentileKey, RefusesAnythingElse) {
  for (std::string_view bad : {"p", "p0", "p00", "p0.0", "p100", "p999", "p99.", "p.5", "p99.999",
                               "P99", "p-1", "p 99", "99", "pp99", "p9a"})
    EXPECT_FALSE(parse_percentile_key(bad).has_value()) << bad;
}

}  // namespace
}  // namespace perfgate
