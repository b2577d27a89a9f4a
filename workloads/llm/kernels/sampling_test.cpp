// The seeded generator and the sampler: greedy, temperature, top-k, top-p.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "llm/kernels.hpp"

namespace llm {
namespace {

TEST(Rng, ProducesTheXoshiro256StarStarSequenceSeededBySplitmix64) {
  // From an independent implementation of the published algorithms.
  Rng zero(0);
  EXPECT_EQ(zero.next(), 0x99ec5f36cb75f2b4ULL);
  EXPECT_EQ(zero.next(), 0xbf6e1f784956452aULL);
  EXPECT_EQ(zero.next(), 0x1a5f849d4933e6e0ULL);
  Rng answer(42);
  EXPECT_EQ(answer.next(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(answer.next(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(answer.next(), 0xae17533239e499a1ULL);
}

TEST(Rng, UniformStaysInTheHalfOpenUnitInterval) {
  Rng rng(7);
  double sum = 0.0;
  for (int i = 0; i < 100000; ++i) {
    const float u = rng.uniform();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    sum += u;
  }
  // Mean of 1e5 uniforms: standard error 0.29 / sqrt(1e5) = 9e-4; 5 of them.
  EXPECT_NEAR(sum / 100000, 0.5, 0.0046);
}

std::vector<double> softmax_double(const std::vector<float>& logits, double temperature) {
  double max = logits[0];
  for (float l : logits) max = std::fmax(max, l);
  std::vector<double> p;
  double sum = 0.0;
  for (float l : logits) {
    p.push_back(std::exp((l - max) / temperature));
    sum += p.back();
  }
  for (double& v : p) v /= sum;
  return p;
}

std::vector<double> frequencies(const std::vector<float>& logits, const SamplerConfig& config,
                                std::uint64_t seed, int draws) {
  Rng rng(seed);
  SamplerScratch scratch;
  std::vector<double> f(logits.size(), 0.0);
  for (int i = 0; i < draws; ++i)
    f[sample(logits.data(), logits.size(), config, rng, scratch)] += 1;
  for (double& v : f) v /= draws;
  return f;
}

// With N draws, a frequency has standard deviation sqrt(p (1 - p) / N); the
// seed is fixed, so 5 standard deviations is a wide margin that a wrong
// distribution (off by a token, temperature ignored) does not fit in.
void expect_frequencies(const std::vector<double>& f, const std::vector<double>& p, int draws,
                        const char* what) {
  for (std::size_t i = 0; i < p.size(); ++i)
    EXPECT_NEAR(f[i], p[i], 5 * std::sqrt(p[i] * (1 - p[i]) / draws) + 1e-12)
        << what << ": token " << i;
}

const std::vector<float> kLogits = {0.0f, 0.5f, 1.0f, 1.5f, 2.0f, -1.0f, 0.2f, 1.2f};

TEST(Sample, ZeroOrNegativeTemperatureIsArgmaxWithTheLowestIndexOnTies) {
  Rng rng(1);
  SamplerScratch scratch;
  const std::vector<float> logits = {0.1f, 3.0f, -2.0f, 3.0f};
  for (float t : {0.0f, -1.0f})
    EXPECT_EQ(sample(logits.data(), logits.size(), SamplerConfig{t, 0, 1.0f}, rng, scratch), 1u);
  EXPECT_EQ(sample(kLogits.data(), kLogits.size(), SamplerConfig{}, rng, scratch), 4u);
}

TEST(Sample, TopKOfOneIsGreedyAtAnyTemperature) {
  Rng rng(5);
  SamplerScratch scratch;
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(sample(kLogits.data(), kLogits.size(), SamplerConfig{1.5f, 1, 1.0f}, rng, scratch),
              4u);
}

TEST(Sample, TheSameSeedGivesTheSameSequenceAndAnotherSeedDoesNot) {
  const SamplerConfig config{0.8f, 5, 0.95f};
  auto draw = [&](std::uint64_t seed) {
    Rng rng(seed);
    SamplerScratch scratch;
    std::vector<std::uint32_t> tokens;
    for (int i = 0; i < 200; ++i)
      tokens.push_back(sample(kLogits.data(), kLogits.size(), config, rng, scratch));
    return tokens;
  };
  EXPECT_EQ(draw(123), draw(123));
  EXPECT_NE(draw(123), draw(124));
}

TEST(Sample, FrequenciesAtTemperatureOneMatchTheSoftmax) {
  const int draws = 20000;
  expect_frequencies(frequencies(kLogits, SamplerConfig{1.0f, 0, 1.0f}, 11, draws),
                     softmax_double(kLogits, 1.0), draws, "temperature 1");
}

TEST(Sample, FrequenciesAtTemperatureHalfMatchTheSharperSoftmax) {
  const int draws = 20000;
  expect_frequencies(frequencies(kLogits, SamplerConfig{0.5f, 0, 1.0f}, 12, draws),
                     softmax_double(kLogits, 0.5), draws, "temperature 0.5");
}

TEST(Sample, TopKDrawsOnlyTheKBestRenormalised) {
  const int draws = 20000;
  // The three best of kLogits are tokens 4 (2.0), 3 (1.5) and 7 (1.2).
  const std::vector<float> best = {2.0f, 1.5f, 1.2f};
  const std::vector<double> p3 = softmax_double(best, 1.0);
  std::vector<double> want(kLogits.size(), 0.0);
  want[4] = p3[0];
  want[3] = p3[1];
  want[7] = p3[2];
  const std::vector<double> f = frequencies(kLogits, SamplerConfig{1.0f, 3, 1.0f}, 13, draws);
  for (std::size_t i = 0; i < f.size(); ++i)
    if (want[i] == 0.0) {
      EXPECT_EQ(f[i], 0.0) << "token " << i << " is outside the top 3";
    }
  expect_frequencies(f, want, draws, "top-k 3");
}

TEST(Sample, TopPNeverDrawsATokenOutsideTheNucleus) {
  // Probabilities 0.05, 0.5, 0.15, 0.3 (shuffled so the sort matters).
  const std::vector<float> logits = {std::log(0.05f), std::log(0.5f), std::log(0.15f),
                                     std::log(0.3f)};
  const int draws = 20000;
  // top_p 0.75: 0.5 + 0.3 = 0.8 >= 0.75 is the smallest such set: {1, 3}.
  std::vector<double> f = frequencies(logits, SamplerConfig{1.0f, 0, 0.75f}, 14, draws);
  EXPECT_EQ(f[0], 0.0);
  EXPECT_EQ(f[2], 0.0);
  expect_frequencies(f, {0.0, 0.5 / 0.8, 0.0, 0.3 / 0.8}, draws, "top-p 0.75");
  // top_p 0.85: 0.8 falls short, so 0.15 joins: {1, 3, 2}; 0.05 stays out.
  f = frequencies(logits, SamplerConfig{1.0f, 0, 0.85f}, 15, draws);
  EXPECT_EQ(f[0], 0.0);
  expect_frequencies(f, {0.0, 0.5 / 0.95, 0.15 / 0.95, 0.3 / 0.95}, draws, "top-p 0.85");
  // Combined with top-k 2 (applied first): the nucleus of {1, 3} renormalised.
  f = frequencies(logits, SamplerConfig{1.0f, 2, 0.6f}, 16, draws);
  // Renormalised 0.625, 0.375: 0.625 >= 0.6 alone, so only token 1.
  EXPECT_EQ(f[1], 1.0);
}

// The nucleus by the definition: sort by probability (then index), take the
// shortest prefix whose mass reaches top_p.
std::vector<bool> nucleus_by_sorting(const std::vector<float>& logits, double temperature,
                                     double top_p) {
  const std::vector<double> p = softmax_double(logits, temperature);
  std::vector<std::size_t> order(p.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  std::vector<bool> in(p.size(), false);
  double cumulative = 0.0;
  for (std::size_t r = 0; r < order.size() && cumulative < top_p; ++r) {
    cumulative += p[order[r]];
    in[order[r]] = true;
  }
  return in;
}

TEST(Sample, TopPDrawsExactlyTheNucleusAmongNearlyEqualProbabilities) {
  // 40 tokens whose probabilities differ by 1% steps (in shuffled index
  // order): the boundary falls among tokens of nearly the same probability.
  std::vector<float> logits(40);
  for (std::size_t i = 0; i < logits.size(); ++i)
    logits[i] = 0.01f * static_cast<float>((i * 17) % 40);
  for (double top_p : {0.3, 0.5, 0.77}) {
    const std::vector<bool> want = nucleus_by_sorting(logits, 1.0, top_p);
    const std::vector<double> f =
        frequencies(logits, SamplerConfig{1.0f, 0, static_cast<float>(top_p)}, 21, 20000);
    for (std::size_t i = 0; i < logits.size(); ++i)
      EXPECT_EQ(f[i] > 0.0, want[i]) << "top_p " << top_p << ": token " << i
                                     << (want[i] ? " is in the nucleus" : " is outside it");
  }
}

TEST(Sample, TopPOnALargeVocabularyMatchesTheNucleusOfTheSortedProbabilities) {
  // 32,000 tokens, most of the mass on a few: the nucleus is found without
  // sorting the whole vocabulary, and must be the same set.
  std::vector<float> logits(32000);
  Rng gen(99);
  for (float& l : logits) l = 4.0f * gen.uniform();
  for (int i = 0; i < 20; ++i) logits[static_cast<std::size_t>(i) * 1597] = 14.0f - 0.3f * i;
  const std::vector<bool> in_nucleus = nucleus_by_sorting(logits, 1.0, 0.9);
  Rng rng(3);
  SamplerScratch scratch;
  for (int i = 0; i < 5000; ++i) {
    const std::uint32_t token =
        sample(logits.data(), logits.size(), SamplerConfig{1.0f, 0, 0.9f}, rng, scratch);
    ASSERT_TRUE(in_nucleus[token]) << "token " << token << " is outside the 0.9 nucleus";
  }
}

}  // namespace
}  // namespace llm
