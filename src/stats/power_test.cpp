#include "stats/power.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/testing/scipy_oracle.hpp"

namespace perfgate::stats {
namespace {

using testing::ask_oracle;

std::optional<int> as_runs(const testing::Json& v) {
  if (v.kind == testing::Json::Kind::null) return std::nullopt;
  return static_cast<int>(v.number);
}

TEST(Power, RunCountsMatchTheFormulaComputedWithScipy) {
  struct Case {
    double sd, effect, alpha, power, margin, confidence;
  };
  const std::vector<Case> cases = {
      {0.05, 0.02, 0.05, 0.8, 0.03, 0.95},   // noisy: some hundreds of runs
      {0.01, 0.05, 0.05, 0.8, 0.10, 0.95},   // quiet and a large change
      {0.02, -0.01, 0.01, 0.9, 0.02, 0.99},  // a speed-up, strict levels
      {0.3, 0.004, 0.05, 0.8, 0.005, 0.9},   // very noisy: beyond 100000 runs
      {0.001, 0.2, 0.05, 0.8, 0.5, 0.95},    // clamped to 2 runs
  };
  std::string request = "[";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  R"(%s{"op":"power","sd":%.17g,"effect":%.17g,"alpha":%.17g,"power":%.17g,)"
                  R"("margin":%.17g,"confidence":%.17g})",
                  i ? "," : "", c.sd, c.effect, c.alpha, c.power, c.margin, c.confidence);
    request += buf;
  }
  const auto answers = ask_oracle(request + "]");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const Case& c = cases[i];
    EXPECT_EQ(runs_to_detect(c.sd, c.effect, c.alpha, c.power), as_runs(answers[i]["detect"]));
    EXPECT_EQ(runs_for_equivalence(c.sd, c.effect, c.margin, c.confidence),
              as_runs(answers[i]["equivalence"]));
  }
}

TEST(Power, OneCaseWorkedByHand) {
  // z_0.975 = 1.959964, z_0.8 = 0.841621: (pi/2) 2 (0.05^2) (2.801585^2) / 0.02^2
  // = 154.1 -> 155 runs per side.
  EXPECT_EQ(runs_to_detect(0.05, 0.02, 0.05, 0.8), 155);
}

TEST(Power, MoreNoiseNeedsMoreRuns) {
  EXPECT_LT(*runs_to_detect(0.01, 0.02, 0.05), *runs_to_detect(0.02, 0.02, 0.05));
  EXPECT_LT(*runs_for_equivalence(0.01, 0.0, 0.02), *runs_for_equivalence(0.02, 0.0, 0.02));
}

TEST(Power, LargerEffectNeedsFewerRuns) {
  EXPECT_GT(*runs_to_detect(0.02, 0.01, 0.05), *runs_to_detect(0.02, 0.03, 0.05));
  // A speed-up of the same size needs as many runs as a slow-down.
  EXPECT_EQ(runs_to_detect(0.02, -0.01, 0.05), runs_to_detect(0.02, 0.01, 0.05));
  // For equivalence, an effect nearer the margin leaves less room: more runs.
  EXPECT_LT(*runs_for_equivalence(0.02, 0.0, 0.03), *runs_for_equivalence(0.02, 0.02, 0.03));
}

TEST(Power, StricterLevelsNeedMoreRuns) {
  EXPECT_LT(*runs_to_detect(0.02, 0.01, 0.05, 0.8), *runs_to_detect(0.02, 0.01, 0.01, 0.8));
  EXPECT_LT(*runs_to_detect(0.02, 0.01, 0.05, 0.8), *runs_to_detect(0.02, 0.01, 0.05, 0.95));
  EXPECT_LT(*runs_for_equivalence(0.02, 0, 0.01, 0.9), *runs_for_equivalence(0.02, 0, 0.01, 0.99));
}

TEST(Power, NoEffectOrAnEffectAtTheMarginCannotBeDecided) {
  EXPECT_EQ(runs_to_detect(0.02, 0.0, 0.05), std::nullopt);
  EXPECT_EQ(runs_for_equivalence(0.02, 0.03, 0.03), std::nullopt);
  EXPECT_EQ(runs_for_equivalence(0.02, -0.05, 0.03), std::nullopt);
}

TEST(Power, AnswersBeyondOneHundredThousandRunsAreNullopt) {
  // n = (pi/2) 2 sd^2 z^2 / effect^2 grows as 1/effect^2.
  EXPECT_EQ(runs_to_detect(0.05, 1e-4, 0.05), std::nullopt);
  EXPECT_EQ(runs_for_equivalence(0.05, 0.0099, 0.01), std::nullopt);
}

TEST(Power, NoNoiseNeedsTheMinimumOfTwoRuns) {
  EXPECT_EQ(runs_to_detect(0.0, 0.01, 0.05), 2);
  EXPECT_EQ(runs_for_equivalence(0.0, 0.0, 0.01), 2);
}

TEST(Power, InvalidArgumentsAreRejected) {
  EXPECT_THROW(runs_to_detect(-0.1, 0.01, 0.05), std::invalid_argument);
  EXPECT_THROW(runs_to_detect(std::nan(""), 0.01, 0.05), std::invalid_argument);
  EXPECT_THROW(runs_to_detect(0.02, std::nan(""), 0.05), std::invalid_argument);
  EXPECT_THROW(runs_to_detect(0.02, 0.01, 0.0), std::invalid_argument);
  EXPECT_THROW(runs_to_detect(0.02, 0.01, 0.05, 1.0), std::invalid_argument);
  EXPECT_THROW(runs_for_equivalence(0.02, 0.0, 0.01, 1.5), std::invalid_argument);
  EXPECT_THROW(runs_for_equivalence(0.02, 0.0, std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace perfgate::stats
