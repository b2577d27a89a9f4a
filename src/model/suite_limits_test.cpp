// Relative limits (warning, critical, threshold) and the gate policy in a
// suite file.
#include <gtest/gtest.h>

#include "model/suite_testing.hpp"

namespace perfgate {
namespace {

using test_support::at;
using test_support::expect_contains;
using test_support::expect_message;
using test_support::kSuitePath;
using test_support::parse_test_suite;
using test_support::suite_error_of;

// Three lines; keys appended to it start on line 4.
const std::string kSort = "[[benchmark]]\nname = \"sort\"\ncommand = [\"./sort\"]\n";

Limits limits_of(const std::string& text) {
  Suite suite = parse_test_suite(text);
  EXPECT_EQ(suite.benchmarks.size(), 1u);
  return suite.benchmarks.at(0).limits;
}

void expect_limits(const RelativeLimits& l, double warning, double critical) {
  EXPECT_DOUBLE_EQ(l.warning, warning);
  EXPECT_DOUBLE_EQ(l.critical, critical);
}

TEST(SuiteLimits, DefaultsAreFivePercentWarningAndTenPercentCriticalInBothDirections) {
  Limits l = limits_of(kSort);
  expect_limits(l.lower_is_better, 0.05, 0.10);
  expect_limits(l.higher_is_better, 0.05, 0.10);
}

TEST(SuiteLimits, OneWarningValueSetsBothDirectionsAndLeavesCriticalAlone) {
  Limits l = limits_of(kSort + "warning = \"8%\"\n");
  expect_limits(l.lower_is_better, 0.08, 0.10);
  expect_limits(l.higher_is_better, 0.08, 0.10);
  l = limits_of(kSort + "warning = 0.02\ncritical = 0.5\n");
  expect_limits(l.lower_is_better, 0.02, 0.5);
  expect_limits(l.higher_is_better, 0.02, 0.5);
}

TEST(SuiteLimits, ATablePerDirectionSetsLowerAndHigherIsBetterApart) {
  Limits l = limits_of(kSort +
                       "warning = { lower = \"15%\", higher = \"8%\" }\n"
                       "critical = { lower = \"25%\", higher = \"15%\" }\n");
  expect_limits(l.lower_is_better, 0.15, 0.25);
  expect_limits(l.higher_is_better, 0.08, 0.15);
}

TEST(SuiteLimits, ADirectionATableLeavesOutIsInheritedFromTheTableBelow) {
  Limits l = limits_of("[defaults]\nwarning = \"3%\"\ncritical = \"6%\"\n" + kSort +
                       "warning = { higher = \"4%\" }\n");
  expect_limits(l.lower_is_better, 0.03, 0.06);
  expect_limits(l.higher_is_better, 0.04, 0.06);
}

TEST(SuiteLimits, ThresholdSetsWarningAndTwiceItAsCritical) {
  Limits l = limits_of(kSort + "threshold = \"4%\"\n");
  expect_limits(l.lower_is_better, 0.04, 0.08);
  expect_limits(l.higher_is_better, 0.04, 0.08);
}

TEST(SuiteLimits, ACriticalBesideThresholdWinsForTheDirectionsItNames) {
  Limits l = limits_of(kSort + "threshold = \"4%\"\ncritical = { lower = \"30%\" }\n");
  expect_limits(l.lower_is_better, 0.04, 0.30);
  expect_limits(l.higher_is_better, 0.04, 0.08);
}

TEST(SuiteLimits, ThresholdInABenchmarkAlsoReplacesACriticalFromDefaults) {
  // threshold = t means warning = t and critical = 2t in its own table, so it
  // overrides both of what a lower table set.
  Limits l = limits_of("[defaults]\ncritical = \"30%\"\n" + kSort + "threshold = \"5%\"\n");
  expect_limits(l.lower_is_better, 0.05, 0.10);
}

TEST(SuiteLimits, CriticalBelowWarningInOneTableIsAnErrorAtCriticalNamingBoth) {
  std::string message = suite_error_of(kSort + "warning = \"8%\"\ncritical = \"6%\"\n");
  EXPECT_EQ(message, at(5, 12) + "critical limit 6 % is below the warning limit 8 % (set at " +
                         kSuitePath +
                         ":4:11) for lower-is-better metrics of benchmark \"sort\"; make critical "
                         "at least the warning limit");
}

TEST(SuiteLimits, WarningAboveTheBuiltInCriticalSaysToSetCriticalToo) {
  std::string message = suite_error_of(kSort + "warning = \"12%\"\n");
  expect_message(message, at(4, 11),
                 {"warning limit 12 % is above the critical limit 10 % (the built-in default)",
                  "critical = \"24%\""});
}

TEST(SuiteLimits, CriticalBelowWarningIsCheckedPerDirection) {
  std::string message = suite_error_of(kSort + "critical = { lower = \"20%\", higher = \"4%\" }\n");
  expect_message(message, at(4, 38),
                 {"critical limit 4 % is below the warning limit 5 % (the built-in default)",
                  "for higher-is-better metrics"});
}

TEST(SuiteLimits, TheLaterTableIsBlamedWhenLimitsFromTwoTablesCross) {
  std::string message = suite_error_of("[defaults]\nwarning = \"20%\"\ncritical = \"30%\"\n" +
                                       kSort + "critical = \"15%\"\n");
  expect_message(
      message, at(7, 12),
      {"critical limit 15 % is below the warning limit 20 % (set at " + kSuitePath + ":2:11)"});
}

TEST(SuiteLimits, ThresholdAndWarningTogetherIsAnError) {
  std::string message = suite_error_of(kSort + "threshold = \"5%\"\nwarning = \"5%\"\n");
  expect_message(message, at(5, 11), {"threshold and warning are both set", "critical = 2 × t"});
}

TEST(SuiteLimits, MistakesInsideALimitTableArePlaced) {
  expect_message(suite_error_of(kSort + "warning = { lowr = \"5%\" }\n"), at(4, 13),
                 {"unknown key \"lowr\" in warning", "did you mean \"lower\"?"});
  expect_message(suite_error_of(kSort + "warning = {}\n"), at(4, 11),
                 {"warning is an empty table", "lower, higher or both"});
  expect_message(
      suite_error_of(kSort + "critical = { higher = 15 }\n"), at(4, 23),
      {"critical.higher is 15, more than 1 (it is a fraction)", "write 0.15 or \"15%\""});
  expect_message(suite_error_of(kSort + "warning = true\n"), at(4, 11),
                 {"warning is a boolean", "{ lower = \"15%\", higher = \"8%\" }"});
  expect_message(suite_error_of(kSort + "critical = \"lots\"\n"), at(4, 12),
                 {"critical is \"lots\", not a fraction or percentage"});
}

TEST(SuiteLimits, DefaultsAcceptTheNewKeysAndListThemAsValid) {
  std::string message = suite_error_of("[defaults]\nwarnings = \"5%\"\n" + kSort);
  expect_message(message, at(2, 1),
                 {"did you mean \"warning\"?",
                  "threshold, max_output, builtin_metrics, warning, "
                  "critical, budget"});
}

// --- [gate] ---

GatePolicy gate_of(const std::string& gate_table) {
  return parse_test_suite("[gate]\n" + gate_table + kSort).gate;
}

TEST(SuiteGate, LeavesFailOnUnsetAndGatingWhenTheSuiteSaysNothing) {
  GatePolicy gate = parse_test_suite(kSort).gate;
  EXPECT_EQ(gate.fail_on, std::nullopt);
  EXPECT_FALSE(gate.non_gating);
}

TEST(SuiteGate, ReadsEveryFailOnValueAndNonGating) {
  EXPECT_EQ(gate_of("fail_on = \"critical\"\n").fail_on, FailOn::critical);
  EXPECT_EQ(gate_of("fail_on = \"warning\"\n").fail_on, FailOn::warning);
  EXPECT_EQ(gate_of("fail_on = \"any\"\n").fail_on, FailOn::any);
  EXPECT_EQ(gate_of("fail_on = \"never\"\n").fail_on, FailOn::never);
  GatePolicy smoke = gate_of("fail_on = \"critical\"\nnon_gating = true\n");
  EXPECT_EQ(smoke.fail_on, FailOn::critical);
  EXPECT_TRUE(smoke.non_gating);
}

TEST(SuiteGate, FailOnRegressionIsTheOlderSpellingOfFailOnWarning) {
  EXPECT_EQ(gate_of("fail_on_regression = true\n").fail_on, FailOn::warning);
  EXPECT_EQ(gate_of("fail_on_regression = false\n").fail_on, std::nullopt);
  EXPECT_EQ(gate_of("fail_on = \"never\"\n").fail_on, FailOn::never) << "an explicit never is kept";
}

TEST(SuiteGate, FailOnAndFailOnRegressionTogetherIsAnError) {
  std::string message =
      suite_error_of("[gate]\nfail_on = \"critical\"\nfail_on_regression = true\n" + kSort);
  EXPECT_EQ(message, at(3, 22) +
                         "fail_on and fail_on_regression are both set; keep fail_on "
                         "(fail_on_regression = true is the older spelling of fail_on = "
                         "\"warning\")");
}

TEST(SuiteGate, UnknownFailOnValueListsTheValidOnes) {
  expect_message(suite_error_of("[gate]\nfail_on = \"regressions\"\n" + kSort), at(2, 11),
                 {"fail_on is \"regressions\"", "\"critical\", \"warning\", \"any\" or \"never\""});
  expect_message(suite_error_of("[gate]\nfail_on = true\n" + kSort), at(2, 11),
                 {"fail_on is a boolean"});
  expect_message(suite_error_of("[gate]\nnon_gating = \"yes\"\n" + kSort), at(2, 14),
                 {"non_gating is a string; expected true or false"});
  expect_message(
      suite_error_of("[gate]\nfail_onn = \"any\"\n" + kSort), at(2, 1),
      {"did you mean \"fail_on\"?", "valid keys: fail_on, non_gating, fail_on_regression"});
}

}  // namespace
}  // namespace perfgate
