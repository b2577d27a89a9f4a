// Verdicts on sources that give only summary statistics (a mean, a standard
// deviation and a count): checked against SciPy's ttest_ind_from_stats and
// t.ppf.
#include <gtest/gtest.h>

#include <cmath>

#include "analyze/compare.hpp"
#include "analyze/verdict.hpp"
#include "stats/testing/scipy_oracle.hpp"

namespace perfgate {
namespace {

using stats::testing::ask_oracle;

BenchmarkResult summary_bench(const std::string& name, double mean, std::optional<double> sd,
                              int n, Direction dir = Direction::higher_is_better) {
  BenchmarkResult b;
  b.name = name;
  b.metrics = {{"tokens_per_second", "tok/s", dir, true}};
  b.summaries["tokens_per_second"] = {mean, sd, n, std::nullopt, std::nullopt, std::nullopt};
  return b;
}

BenchmarkResult sample_bench(const std::string& name, const std::vector<double>& xs,
                             Direction dir = Direction::higher_is_better) {
  BenchmarkResult b;
  b.name = name;
  b.metrics = {{"tokens_per_second", "tok/s", dir, true}};
  for (std::size_t i = 0; i < xs.size(); ++i) {
    Repetition r;
    r.index = static_cast<int>(i);
    r.values["tokens_per_second"] = xs[i];
    b.repetitions.push_back(r);
  }
  return b;
}

Run run_of(std::vector<BenchmarkResult> benches) {
  Run r;
  r.id = "r";
  r.benchmarks = std::move(benches);
  return r;
}

const Verdict& only(const Comparison& c) {
  EXPECT_EQ(c.verdicts.size(), 1u);
  return c.verdicts.at(0);
}

TEST(SummaryCompare, TwentyPercentFewerTokensIsCriticalWithWelchFromSummaries) {
  // llama-bench averages: 5 repetitions each, tg128 falls from 100 to 80 tok/s.
  const Comparison c =
      compare_runs(run_of({summary_bench("tg128", 100, 2.0, 5)}), "base",
                   run_of({summary_bench("tg128", 80, 3.0, 5)}), "contender", CompareOptions{});
  const Verdict& v = only(c);
  EXPECT_EQ(v.method, Method::summaries);
  EXPECT_EQ(v.status, Status::critical) << v.reason;
  EXPECT_TRUE(v.base.summary_only);
  EXPECT_TRUE(v.contender.summary_only);
  EXPECT_EQ(v.base.n, 5);
  ASSERT_TRUE(v.base.mean);
  EXPECT_DOUBLE_EQ(*v.base.mean, 100);
  ASSERT_TRUE(v.change);
  EXPECT_DOUBLE_EQ(v.change->ratio, 0.8);
  // p: SciPy's Welch test from the same statistics.
  const auto scipy = ask_oracle(
      R"({"op":"ttest_welch_from_stats","mean1":80,"std1":3,"n1":5,"mean2":100,"std2":2,"n2":5})");
  EXPECT_NEAR(v.change->p_value, scipy.num("p"), 1e-9);
  // The interval: log ratio ± t(0.975, df) * se by the delta method.
  const double a = 4.0 / (5 * 100 * 100), b = 9.0 / (5 * 80 * 80);
  const double df = (a + b) * (a + b) / (a * a / 4 + b * b / 4);
  const auto t = ask_oracle(R"({"op":"t_ppf","q":[0.975],"df":[)" + std::to_string(df) + "]}");
  const double half = t["values"].numbers()[0] * std::sqrt(a + b);
  EXPECT_NEAR(v.change->ci_low, 0.8 * std::exp(-half), 1e-6);
  EXPECT_NEAR(v.change->ci_high, 0.8 * std::exp(half), 1e-6);
  EXPECT_TRUE(std::isnan(v.change->p_mann_whitney));
  EXPECT_NE(v.reason.find("summary statistics only for both sides (raw samples not available)"),
            std::string::npos)
      << v.reason;
}

TEST(SummaryCompare, TightEqualMeansAreStable) {
  const Comparison c =
      compare_runs(run_of({summary_bench("pp512", 1000, 5, 10)}), "base",
                   run_of({summary_bench("pp512", 1002, 5, 10)}), "contender", CompareOptions{});
  EXPECT_EQ(only(c).status, Status::stable) << only(c).reason;
}

TEST(SummaryCompare, WithoutAStandardDeviationNothingCanBeTestedAndItSaysSo) {
  const Comparison c =
      compare_runs(run_of({summary_bench("pp512", 1000, std::nullopt, 10)}), "base",
                   run_of({summary_bench("pp512", 500, 5, 10)}), "contender", CompareOptions{});
  const Verdict& v = only(c);
  EXPECT_EQ(v.status, Status::inconclusive);
  EXPECT_FALSE(v.change);
  EXPECT_NE(v.reason.find("base summary lacks a standard deviation"), std::string::npos) << v.reason;
}

TEST(SummaryCompare, AnUnknownCountIsInconclusiveNotFailed) {
  const Comparison c =
      compare_runs(run_of({summary_bench("pp512", 1000, 5, 0)}), "base",
                   run_of({summary_bench("pp512", 1000, 5, 0)}), "contender", CompareOptions{});
  const Verdict& v = only(c);
  EXPECT_EQ(v.status, Status::inconclusive);
  EXPECT_EQ(v.severity, Severity::none);
  EXPECT_NE(v.reason.find("how many samples it summarises"), std::string::npos) << v.reason;
}

TEST(SummaryCompare, SamplesAgainstASummaryUseTheSamplesMeanAndSpread) {
  // Base has raw samples (mean 100, sd 1.58), contender only a summary.
  const Comparison c =
      compare_runs(run_of({sample_bench("tg128", {98, 99, 100, 101, 102})}), "base",
                   run_of({summary_bench("tg128", 70, 1.0, 5)}), "contender", CompareOptions{});
  const Verdict& v = only(c);
  EXPECT_EQ(v.method, Method::summaries);
  EXPECT_FALSE(v.base.summary_only);
  EXPECT_TRUE(v.contender.summary_only);
  ASSERT_TRUE(v.base.stddev);
  EXPECT_NEAR(*v.base.stddev, std::sqrt(2.5), 1e-12);
  EXPECT_EQ(v.status, Status::critical) << v.reason;
  EXPECT_NE(v.reason.find("for the contender"), std::string::npos) << v.reason;
}

TEST(SummaryCompare, SummariesInAnotherTimeUnitAreConverted) {
  BenchmarkResult base = summary_bench("op", 2.0, 0.01, 10, Direction::lower_is_better);
  base.metrics[0] = {"time", "ms", Direction::lower_is_better, true};
  base.summaries = {{"time", {2.0, 0.01, 10, std::nullopt, std::nullopt, std::nullopt}}};
  BenchmarkResult cont = base;
  cont.metrics[0].unit = "ns";
  cont.summaries = {{"time", {2.0e6, 1e4, 10, std::nullopt, std::nullopt, std::nullopt}}};
  const Comparison c =
      compare_runs(run_of({base}), "base", run_of({cont}), "contender", CompareOptions{});
  ASSERT_TRUE(only(c).change);
  EXPECT_DOUBLE_EQ(only(c).change->ratio, 1.0);
  EXPECT_EQ(only(c).status, Status::stable);
}

}  // namespace
}  // namespace perfgate
