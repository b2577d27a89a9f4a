#include "analyze/ab.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <string>
#include <vector>

#include "stats/rng.hpp"
#include "stats/testing/scipy_oracle.hpp"
#include "stats/welch.hpp"

namespace perfgate {
namespace {

using stats::testing::Json;
using stats::testing::json_array;
using stats::testing::JsonReader;

// SciPy's one-sample t-test and t interval of the mean of each set at each
// two-sided level (one answer per set and level, sets outer): an
// implementation independent of perfgate's.
Json scipy_one_sample(const std::vector<std::vector<double>>& sets,
                      const std::vector<double>& levels) {
  const std::string script = "/tmp/perfgate_ab_oracle_" + std::to_string(::getpid()) + ".py";
  std::ofstream f(script);
  f << std::setprecision(17);
  f << "import json, numpy as np\nfrom scipy import stats\nout = []\n";
  for (const auto& d : sets)
    for (double level : levels)
      f << "d = np.array(" << json_array(d) << ")\n"
        << "lo, hi = stats.t.interval(1 - " << level
        << ", len(d) - 1, loc=d.mean(), scale=stats.sem(d))\n"
        << "out.append({'lo': float(lo), 'hi': float(hi), 'p': float(stats.ttest_1samp(d, "
           "0).pvalue)})\n";
  f << "print(json.dumps(out))\n";
  f.close();
  FILE* pipe = popen((std::string(stats::testing::oracle_python) + " " + script).c_str(), "r");
  std::string answer;
  char buf[512];
  std::size_t n;
  while (pipe && (n = std::fread(buf, 1, sizeof buf, pipe)) > 0) answer.append(buf, n);
  const int status = pipe ? pclose(pipe) : -1;
  std::remove(script.c_str());
  if (status != 0 || answer.empty())
    throw std::runtime_error("scipy failed: apt-get install python3-scipy");
  return JsonReader(answer).value();
}

// A standard normal deviate (Box-Muller) from the project's specified generator.
double normal(stats::Rng& rng) {
  const double u1 = 1 - rng.uniform(), u2 = rng.uniform();
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

TEST(AbStatistics, IntervalAndPValueMatchScipy) {
  const std::vector<std::vector<double>> sets = {
      {0.01, 0.03, -0.02, 0.05, 0.00, 0.02},
      {0.70, 0.69, 0.71, 0.68, 0.70, 0.72, 0.69, 0.70, 0.71},
      {-0.1, 0.2, 0.05, -0.03, 0.11, 0.0, 0.07, -0.08, 0.02, 0.04, 0.09, -0.01, 0.03, 0.06}};
  const std::vector<double> levels = {0.005, 0.01 / 6, 0.05};
  const Json answers = scipy_one_sample(sets, levels);
  std::size_t i = 0;
  for (const auto& d : sets)
    for (double level : levels) {
      const PairsEstimate e = estimate_pairs(d, level);
      const Json& s = answers[i++];
      const double tol = 1e-9 * (s.num("hi") - s.num("lo"));
      EXPECT_NEAR(std::log(e.ci_low), s.num("lo"), tol);
      EXPECT_NEAR(std::log(e.ci_high), s.num("hi"), tol);
      EXPECT_NEAR(e.p_value, s.num("p"), 1e-9 + 1e-7 * s.num("p"));
      EXPECT_EQ(e.n, static_cast<int>(d.size()));
      EXPECT_DOUBLE_EQ(e.level, level);
    }
}

TEST(AbStatistics, RatioIsExpOfMeanLogAndMedianIsOfPairRatios) {
  const std::vector<double> d = {std::log(1.0), std::log(2.0), std::log(4.0)};
  const PairsEstimate e = estimate_pairs(d, 0.01);
  EXPECT_NEAR(e.ratio, 2.0, 1e-12);  // geometric mean of 1, 2, 4
  EXPECT_NEAR(e.median_ratio, 2.0, 1e-12);
}

TEST(AbStatistics, NoNoiseGivesAPointIntervalAndADefiniteP) {
  const PairsEstimate same = estimate_pairs(std::vector<double>{0, 0, 0}, 0.01);
  EXPECT_EQ(same.p_value, 1);
  EXPECT_EQ(same.ci_low, 1);
  const PairsEstimate shifted = estimate_pairs(std::vector<double>{0.5, 0.5, 0.5}, 0.01);
  EXPECT_EQ(shifted.p_value, 0);
  EXPECT_EQ(decide_pairs(shifted, 0.02), PairsDecision::different);
}

TEST(AbStatistics, LooksAreAtSixNineFourteenPairsWithAlphaSpentByKKPlusOne) {
  const PairsDesign d;
  const std::vector<int> want = {6, 9, 14, 21, 31, 46, 69, 103};
  for (int k = 1; k <= 8; ++k) EXPECT_EQ(look_pairs(k, d), want[k - 1]) << "look " << k;
  EXPECT_DOUBLE_EQ(look_alpha(1, 0.01), 0.005);
  EXPECT_DOUBLE_EQ(look_alpha(2, 0.01), 0.01 / 6);
  double spent = 0;
  for (int k = 1; k <= 100000; ++k) spent += look_alpha(k, 0.01);
  EXPECT_LT(spent, 0.01);
  EXPECT_GT(spent, 0.0099);
}

TEST(AbStatistics, DecidesBeyondWithinOrContinues) {
  PairsEstimate e;
  e.ci_low = 1.05, e.ci_high = 1.09;
  EXPECT_EQ(decide_pairs(e, 0.02), PairsDecision::different);
  e.ci_low = 0.90, e.ci_high = 0.97;
  EXPECT_EQ(decide_pairs(e, 0.02), PairsDecision::different);
  e.ci_low = 0.99, e.ci_high = 1.015;
  EXPECT_EQ(decide_pairs(e, 0.02), PairsDecision::same);
  e.ci_low = 0.995, e.ci_high = 1.03;  // straddles +2 %
  EXPECT_EQ(decide_pairs(e, 0.02), PairsDecision::undecided);
  e.ci_low = 0.97, e.ci_high = 1.03;  // wider than the whole margin
  EXPECT_EQ(decide_pairs(e, 0.02), PairsDecision::undecided);
}

TEST(AbStatistics, MorePairsEstimateNamesANumberThatDecides) {
  // Ten pairs around +6 % with noise: undecided at look 2's level; the same
  // noise over twice the pairs is decided at the next level.
  const std::vector<double> d = {0.02, 0.11, 0.04, 0.09, -0.01, 0.10, 0.05, 0.08, 0.03, 0.07};
  const PairsEstimate e = estimate_pairs(d, look_alpha(2, 0.01));
  ASSERT_EQ(decide_pairs(e, 0.02), PairsDecision::undecided);
  const std::optional<int> more = more_pairs_needed(e, 0.02, look_alpha(3, 0.01));
  ASSERT_TRUE(more);
  EXPECT_GE(*more, 1);
  EXPECT_LE(*more, 10);  // doubling is enough
  std::vector<double> doubled = d;
  doubled.insert(doubled.end(), d.begin(), d.end());
  EXPECT_EQ(decide_pairs(estimate_pairs(doubled, look_alpha(3, 0.01)), 0.02),
            PairsDecision::different);
  // Fewer pairs than advised would not be enough at that noise.
  PairsEstimate fewer = e;
  fewer.n = e.n + *more - 1;
  const double h = stats::students_t_quantile(1 - look_alpha(3, 0.01) / 2, fewer.n - 1) * e.sd_log /
                   std::sqrt(fewer.n);
  EXPECT_GE(h, e.mean_log - std::log(1.02));
}

TEST(AbStatistics, NoMorePairsEstimateWhenTheMeanSitsOnTheBoundary) {
  const double b = std::log(1.02);
  const PairsEstimate e = estimate_pairs(std::vector<double>{b - 0.01, b + 0.01, b}, 0.005);
  EXPECT_FALSE(more_pairs_needed(e, 0.02, 0.001));
}

struct Simulated {
  int different = 0, same = 0, undecided = 0;
};

// `sequences` A/B sequences of lognormal noise (sd `sd` on each run), the
// contender `effect` times the base, with the full look schedule to 500 pairs.
Simulated simulate(int sequences, double effect, double sd, std::uint64_t seed) {
  stats::Rng rng(seed);
  SequentialOptions o;
  o.max_pairs = 500;
  Simulated s;
  for (int i = 0; i < sequences; ++i) {
    auto draw = [&] {
      PairDraw p;
      p.base = std::exp(sd * normal(rng));
      p.contender = effect * std::exp(sd * normal(rng));
      return p;
    };
    const SequentialResult r = run_sequential(o, draw, [] { return 0.0; });
    (r.decision == PairsDecision::different ? s.different
     : r.decision == PairsDecision::same    ? s.same
                                            : s.undecided)++;
  }
  return s;
}

TEST(AbSequential, EqualSidesRarelyLookDifferentDespiteTheLooks) {
  const int n = 2000;
  const Simulated s = simulate(n, 1.0, 0.05, 42);
  const double slack = 3 * std::sqrt(0.01 * 0.99 / n);
  EXPECT_LE(static_cast<double>(s.different) / n, 0.01 + slack) << s.different << " of " << n;
  EXPECT_GT(s.same, n / 2);  // and equivalence is earned most of the time
}

TEST(AbSequential, ATenPercentEffectIsFoundAlmostAlways) {
  const int n = 2000;
  const Simulated s = simulate(n, 1.10, 0.05, 7);
  EXPECT_GE(static_cast<double>(s.different) / n, 0.99) << s.different << " of " << n;
}

TEST(AbSequential, AHundredTimesSlowerContenderIsDecidedAtTheFirstLook) {
  stats::Rng rng(1);
  SequentialOptions o;
  auto draw = [&] {
    PairDraw p;
    p.base = 0.01 * std::exp(0.05 * normal(rng));
    p.contender = 1.0 * std::exp(0.05 * normal(rng));
    return p;
  };
  const SequentialResult r = run_sequential(o, draw, [] { return 0.0; });
  EXPECT_EQ(r.decision, PairsDecision::different);
  EXPECT_EQ(r.looks, 1);
  EXPECT_EQ(r.base.size(), 6u);
  EXPECT_GT(r.estimate->ci_low, 50);
}

TEST(AbSequential, BudgetStopsWithAFinalLookAndAnEstimate) {
  stats::Rng rng(3);
  SequentialOptions o;
  o.budget_s = 10;
  double now_s = 0;
  int drawn = 0;
  auto draw = [&] {
    now_s += 1;  // each pair takes a second
    ++drawn;
    PairDraw p;
    p.base = std::exp(0.05 * normal(rng));
    p.contender = 1.02 * std::exp(0.05 * normal(rng));  // right on the boundary: hard to decide
    return p;
  };
  const SequentialResult r = run_sequential(o, draw, [&] { return now_s; });
  EXPECT_EQ(r.stop, StopReason::budget);
  EXPECT_LE(now_s, 10);
  EXPECT_EQ(r.base.size(), static_cast<std::size_t>(drawn));
  EXPECT_EQ(r.estimate->n, drawn);  // the final look saw every pair
  EXPECT_EQ(r.decision, PairsDecision::undecided);
}

TEST(AbSequential, AFailedDrawStopsWithItsReason) {
  int drawn = 0;
  auto draw = [&] {
    PairDraw p{1, 1, true, ""};
    if (++drawn == 4) p = PairDraw{0, 0, false, "contender: exited with status 3"};
    return p;
  };
  const SequentialResult r = run_sequential(SequentialOptions{}, draw, [] { return 0.0; });
  EXPECT_EQ(r.stop, StopReason::failed);
  EXPECT_EQ(r.failure, "contender: exited with status 3");
  EXPECT_EQ(r.base.size(), 3u);
  PairsContext c{"ab", "wall_time", "ns", {0.02, 0.04}, 1.0, 60};
  const Verdict v = pairs_verdict(r, c, SequentialOptions{});
  EXPECT_EQ(v.status, Status::failed);
  EXPECT_EQ(v.severity, Severity::critical);
  EXPECT_EQ(v.contender.failed, 1);
  EXPECT_NE(v.reason.find("exited with status 3"), std::string::npos);
}

TEST(AbVerdict, ADecidedSlowdownBeyondTwiceTheThresholdIsCritical) {
  SequentialResult r;
  r.base = {1, 1, 1, 1, 1, 1};
  r.contender = {2, 2.1, 1.9, 2, 2.05, 1.95};
  std::vector<double> d;
  for (std::size_t i = 0; i < 6; ++i) d.push_back(std::log(r.contender[i] / r.base[i]));
  r.estimate = estimate_pairs(d, look_alpha(1, 0.01));
  r.decision = decide_pairs(*r.estimate, 0.02);
  r.looks = 1;
  PairsContext c{"ab", "wall_time", "ns", {0.02, 0.04}, 3.5, 60};
  const Verdict v = pairs_verdict(r, c, SequentialOptions{});
  EXPECT_EQ(v.method, Method::pairs);
  EXPECT_EQ(v.status, Status::critical);
  EXPECT_EQ(v.outcome, Outcome::different);
  EXPECT_EQ(v.base.n, 6);
  EXPECT_DOUBLE_EQ(*v.contender.median, 2.0);
  EXPECT_GT(v.change->ci_low, 1.5);
  EXPECT_EQ(v.contender_samples.size(), 6u);
  EXPECT_EQ(v.reason.rfind("6 pairs in 3.5 s (budget 60 s), stopped at look 1: the interval lay "
                           "entirely beyond +2.0 %",
                           0),
            0u)
      << v.reason;
}

}  // namespace
}  // namespace perfgate
