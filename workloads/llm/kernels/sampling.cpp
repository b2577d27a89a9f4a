// Token sampling from logits: greedy, or temperature then top-k then top-p
// (nucleus) then one draw from a seeded generator.
//
// The sampler does its own exponentials with libm (not the dispatched
// softmax), so the token drawn for given logits and seed does not depend on the
// kernel path. Nothing here sorts the whole vocabulary: top-k is a partial
// sort, top-p alone a histogram plus a sort of one bucket (see
// nucleus_boundary); 32,000 logits take ~0.2 ms, mostly the exponentials.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "llm/kernels.hpp"

namespace llm {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::uint32_t argmax(const float* logits, std::size_t n) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < n; ++i)
    if (logits[i] > logits[best]) best = i;
  return static_cast<std::uint32_t>(best);
}

}  // namespace

Rng::Rng(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& word : s_) word = splitmix64(state);
}

// xoshiro256**, as perfgate's src/stats/rng.cpp: written again on purpose, because the
// workload is a program perfgate measures and links nothing of perfgate's.
std::uint64_t Rng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

float Rng::uniform() {
  // The top 24 bits: every value is exactly representable and below 1.
  return static_cast<float>(next() >> 40) * 0x1.0p-24f;
}

namespace {

// The draw: walks candidates r = 0, 1, ... until their mass passes u * total.
// Candidate r is token order[r] (token r when order is null) with unnormalised
// probability probs[r]; `member(r)` says whether it takes part.
template <typename Member>
std::uint32_t draw(const float* probs, const std::uint32_t* order, std::size_t count, double total,
                   Member member, Rng& rng) {
  const double threshold = static_cast<double>(rng.uniform()) * total;
  double cumulative = 0.0;
  std::size_t last = 0;
  for (std::size_t r = 0; r < count; ++r) {
    if (!member(r)) continue;
    cumulative += probs[r];
    last = r;
    if (threshold < cumulative) break;
  }
  // (Without a break, rounding left the threshold at the very end: the last member.)
  return order != nullptr ? order[last] : static_cast<std::uint32_t>(last);
}

// The last member of the nucleus over probs[0, n): the token t such that the
// tokens ranking up to t (by probability, then index) are the fewest whose
// mass reaches `target`. Without sorting the vocabulary: the mass is first
// histogrammed by the top bits of each probability's float encoding (monotone
// in the value: exponent and two mantissa bits), which finds the bucket the
// boundary lies in; only that bucket's tokens are then sorted. `order` is
// scratch of n entries.
template <typename Before>
std::uint32_t nucleus_boundary(const float* probs, std::uint32_t* order, std::size_t n,
                               double target, Before before) {
  constexpr int kShift = 20;
  constexpr std::size_t kBuckets = std::size_t{1} << (31 - kShift);  // sign bit is 0
  auto bucket_of = [&](std::size_t i) {
    return std::min<std::size_t>(std::bit_cast<std::uint32_t>(probs[i]) >> kShift, kBuckets - 1);
  };
  double mass[kBuckets] = {};
  for (std::size_t i = 0; i < n; ++i) mass[bucket_of(i)] += probs[i];
  // From the top bucket down until the mass reaches the target; rounding may
  // leave it short, and then every token is in (the boundary is the lowest).
  std::size_t boundary_bucket = 0;
  double above = 0.0;  // mass of the buckets above boundary_bucket
  for (std::size_t b = kBuckets; b-- > 0;) {
    if (mass[b] == 0.0) continue;
    boundary_bucket = b;
    if (above + mass[b] >= target) break;
    above += mass[b];
  }
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (bucket_of(i) == boundary_bucket) order[count++] = static_cast<std::uint32_t>(i);
  std::sort(order, order + count, before);
  double cumulative = above;
  std::size_t r = 0;
  while (r + 1 < count && cumulative + probs[order[r]] < target) cumulative += probs[order[r++]];
  return order[r];
}

}  // namespace

std::uint32_t sample(const float* logits, std::size_t n, const SamplerConfig& config, Rng& rng,
                     SamplerScratch& scratch) {
  if (n == 0) throw std::invalid_argument("sample: no logits to sample from (n = 0)");
  if (!(config.temperature > 0.0f)) return argmax(logits, n);

  std::vector<std::uint32_t>& order = scratch.order;
  std::vector<float>& probs = scratch.probs;
  order.resize(n);
  probs.resize(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  auto everyone = [](std::size_t) { return true; };
  const float inv_temperature = 1.0f / config.temperature;
  const bool top_p_on = config.top_p < 1.0f;
  const double top_p = config.top_p;

  if (config.top_k > 0 && config.top_k < n) {
    // The k best in order (ties: lower index first); probs[r] is order[r]'s
    // unnormalised probability, so the nucleus is a prefix.
    const std::size_t k = config.top_k;
    auto before = [logits](std::uint32_t a, std::uint32_t b) {
      return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      before);
    const float max_logit = logits[order[0]];
    double total = 0.0;
    for (std::size_t r = 0; r < k; ++r) {
      probs[r] = std::exp((logits[order[r]] - max_logit) * inv_temperature);
      total += probs[r];
    }
    std::size_t kept = k;
    if (top_p_on) {
      const double target = top_p * total;
      double cumulative = 0.0;
      std::size_t r = 0;
      while (r < k && (r == 0 || cumulative < target)) cumulative += probs[r++];
      kept = r;
      total = cumulative;
    }
    return draw(probs.data(), order.data(), kept, total, everyone, rng);
  }

  // The whole vocabulary: probs[i] is token i's unnormalised probability.
  float max_logit = logits[0];
  for (std::size_t i = 1; i < n; ++i) max_logit = std::max(max_logit, logits[i]);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    probs[i] = std::exp((logits[i] - max_logit) * inv_temperature);
    total += probs[i];
  }
  if (!top_p_on) return draw(probs.data(), nullptr, n, total, everyone, rng);

  // Rank by probability, then index; the nucleus is every token ranking up to
  // the boundary, drawn from in index order (no sort needed).
  const float* p = probs.data();
  auto before = [p](std::uint32_t a, std::uint32_t b) {
    return p[a] > p[b] || (p[a] == p[b] && a < b);
  };
  const std::uint32_t last = nucleus_boundary(p, order.data(), n, top_p * total, before);
  auto member = [&](std::size_t i) { return !before(last, static_cast<std::uint32_t>(i)); };
  double kept_total = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    if (member(i)) kept_total += probs[i];
  return draw(probs.data(), nullptr, n, kept_total, member, rng);
}

}  // namespace llm
