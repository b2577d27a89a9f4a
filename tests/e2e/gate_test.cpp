// End-to-end tests of the gate: --fail-on, --non-gating, the suite's [gate],
// and budgets declared in a suite, through the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace {

using perfgate::e2e::Cli;
using perfgate::e2e::Result;

// `a` sleeps SLOW_A seconds (default 0.03). `b` sleeps 38 ms against a 44 ms
// budget: sleep never returns early, so b is always above 80 % of it (35.2 ms),
// and 6 ms of headroom for process start keeps it under 100 % on a busy machine.
const char* kSuite = R"(
[defaults]
warmup = 0
runs = 8
warning = "10%"
critical = "40%"
[gate]
fail_on = "critical"
[[benchmark]]
name = "a"
shell = "sleep ${SLOW_A:-0.03}"
[[benchmark]]
name = "b"
shell = "sleep 0.038"
[benchmark.budget]
wall_time = "44ms"
)";

class Gate : public Cli {
 protected:
  // Two stored runs: the second with `a` taking `slow_a` seconds.
  void two_runs(const std::string& slow_a) {
    write("perfgate.toml", kSuite);
    ASSERT_EQ(perfgate("run perfgate.toml --quiet").exit_code, 0);
    ASSERT_EQ(perfgate("run perfgate.toml --quiet", "SLOW_A=" + slow_a).exit_code, 0);
  }
};

TEST_F(Gate, ACriticalRegressionFailsTheSuitesCriticalGate) {
  two_runs("0.06");  // +100 %: beyond the 40 % critical limit
  Result r = perfgate("compare latest~1 latest --format json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["verdicts"][0]["level"], "critical");
  EXPECT_EQ(doc["verdicts"][0]["severity"], "critical");
  EXPECT_EQ(doc["verdicts"][0]["status"], "regression");
  EXPECT_NE(r.err.find("gate failed (fail_on = critical)"), std::string::npos) << r.err;
}

TEST_F(Gate, AWarningPassesTheCriticalGateAndFailsUnderFailOnWarning) {
  two_runs("0.037");  // about +23 %: a warning, well under the 40 % critical limit
  Result r = perfgate("compare latest~1 latest --format json");
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["verdicts"][0]["level"], "warning") << doc["verdicts"][0]["reason"];
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(perfgate("compare latest~1 latest --fail-on warning").exit_code, 1);
  EXPECT_EQ(perfgate("compare latest~1 latest --fail-on never").exit_code, 0);
}

TEST_F(Gate, NonGatingReportsButAlwaysExitsZero) {
  two_runs("0.06");
  Result r = perfgate("compare latest~1 latest --non-gating --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["verdicts"][0]["level"], "critical") << "the finding is still reported";
  EXPECT_EQ(doc["verdicts"][0]["severity"], "warning") << "as a warning";
  EXPECT_NE(r.err.find("non-gating"), std::string::npos) << r.err;
}

TEST_F(Gate, ABudgetNearItsLimitIsReportedWithItsZone) {
  two_runs("0.03");
  Result r = perfgate("compare latest~1 latest --format json");
  auto doc = nlohmann::json::parse(r.out);
  const auto& b = doc["verdicts"][1];
  ASSERT_EQ(b["benchmark"], "b");
  ASSERT_TRUE(b["budget"].is_object()) << b;
  EXPECT_EQ(b["budget"]["statistic"], "median");
  EXPECT_DOUBLE_EQ(b["budget"]["max"].get<double>(), 44e6);  // converted to the metric's ns
  EXPECT_EQ(b["budget"]["zone"], "warning") << b;
  EXPECT_EQ(b["level"], "warning");
}

TEST_F(Gate, AnUnknownFailOnValueIsBadUsage) {
  Result r = perfgate("compare a b --fail-on sometimes");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("sometimes"), std::string::npos) << r.err;
}

}  // namespace
