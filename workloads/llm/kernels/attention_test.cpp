// attention against a double-precision reference, and gqa_attention against a
// loop of single-head attention calls (same kernel, so the same bits).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "llm/kernels.hpp"
#include "llm/parallel.hpp"
#include "testing.hpp"

namespace llm {
namespace {

using test::kUnit;
using test::random_floats;

// The exact attention of one head, and for each output element a bound on the
// float kernel's error. The scores s_t = q.k_t / sqrt(d) err by at most
// sigma = (d + 3) u sum_i |q_i k_ti| / sqrt(d) (the dot product, the scale and
// its rounding). Softmax is shift-invariant, so score errors move p_t by at
// most 2 max sigma relative; softmax's own float error is at most
// (max |s_t - s_max| + 10 + seq) u relative (see the softmax test). The output
// sums seq terms p_t v_t in float: seq u sum_t p_t |v_t| more.
struct AttentionReference {
  std::vector<double> out, bound;
};

AttentionReference reference_attention(const float* q, const float* k, const float* v,
                                       std::size_t seq, std::size_t d, std::size_t stride) {
  std::vector<double> s(seq);
  double sigma = 0.0;
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  for (std::size_t t = 0; t < seq; ++t) {
    double dot = 0.0, magnitude = 0.0;
    for (std::size_t i = 0; i < d; ++i) {
      dot += static_cast<double>(q[i]) * k[t * stride + i];
      magnitude += std::fabs(static_cast<double>(q[i]) * k[t * stride + i]);
    }
    s[t] = dot * scale;
    sigma = std::max(sigma, (d + 3) * kUnit * magnitude * scale);
  }
  const double max = *std::max_element(s.begin(), s.end());
  double sum = 0.0, spread = 0.0;
  for (std::size_t t = 0; t < seq; ++t) {
    spread = std::max(spread, max - s[t]);
    s[t] = std::exp(s[t] - max);
    sum += s[t];
  }
  const double relative = 2 * sigma + (spread + 10 + 2.0 * seq) * kUnit;
  AttentionReference r{std::vector<double>(d, 0.0), std::vector<double>(d, 0.0)};
  for (std::size_t t = 0; t < seq; ++t)
    for (std::size_t i = 0; i < d; ++i) {
      r.out[i] += s[t] / sum * v[t * stride + i];
      r.bound[i] += relative * s[t] / sum * std::fabs(v[t * stride + i]);
    }
  for (double& b : r.bound) b += 1e-30;
  return r;
}

class Attention : public test::OnEachPath {};
LLM_ON_EACH_PATH(Attention);

TEST_P(Attention, MatchesTheReferenceOverShortAndLongSequences) {
  for (std::size_t seq : {1, 2, 17, 129, 4096})
    for (std::size_t d : {3, 64, 128}) {
      const std::size_t stride = 2 * d + 5;  // a cache row holds other heads too
      const auto q = random_floats(d, seq + d, -2.0f, 2.0f);
      const auto k = random_floats(seq * stride, 2 * seq + d, -2.0f, 2.0f);
      const auto v = random_floats(seq * stride, 3 * seq + d);
      std::vector<float> out(d), scratch(seq);
      attention(q.data(), k.data(), v.data(), seq, d, stride, out.data(), scratch.data());
      const AttentionReference ref =
          reference_attention(q.data(), k.data(), v.data(), seq, d, stride);
      for (std::size_t i = 0; i < d; ++i)
        EXPECT_NEAR(out[i], ref.out[i], ref.bound[i]) << "seq=" << seq << " d=" << d << " i=" << i;
    }
}

TEST_P(Attention, OverOnePositionReturnsThatValueExactly) {
  const std::size_t d = 64;
  const auto q = random_floats(d, 1), k = random_floats(d, 2), v = random_floats(d, 3);
  std::vector<float> out(d), scratch(1);
  attention(q.data(), k.data(), v.data(), 1, d, d, out.data(), scratch.data());
  EXPECT_EQ(out, v);
}

TEST_P(Attention, ReachesTheFirstAndLastOfFourThousandPositions) {
  // One key matches the query strongly; its value should dominate the output.
  const std::size_t seq = 4096, d = 64;
  for (std::size_t hot : {std::size_t{0}, seq - 1}) {
    std::vector<float> q(d, 1.0f), k(seq * d, 0.0f), v(seq * d, 0.0f), out(d), scratch(seq);
    for (std::size_t i = 0; i < d; ++i) {
      k[hot * d + i] = 4.0f;  // score 4 * d / sqrt(d) = 32 vs 0 elsewhere
      v[hot * d + i] = 1.0f;
    }
    attention(q.data(), k.data(), v.data(), seq, d, d, out.data(), scratch.data());
    // Weight of the hot position: 1 / (1 + 4095 e^-32) = 1 - 5e-11.
    for (std::size_t i = 0; i < d; ++i) EXPECT_NEAR(out[i], 1.0f, 1e-6) << "hot=" << hot;
  }
}

class GqaAttention : public test::OnEachPath {};
LLM_ON_EACH_PATH(GqaAttention);

TEST_P(GqaAttention, EqualsOneHeadAtATimeFor32QueryHeadsOver1_4And8KvHeads) {
  const std::size_t n_q = 32, d = 16, seq = 65;  // enough work to use the pool
  ThreadPool pool(3);
  for (std::size_t n_kv : {1, 4, 8}) {
    const std::size_t kv_dim = n_kv * d;
    const auto q = random_floats(n_q * d, n_kv);
    const auto k = random_floats(seq * kv_dim, 10 + n_kv),
               v = random_floats(seq * kv_dim, 20 + n_kv);
    // Reference: query head h reads KV head h / (n_q / n_kv).
    std::vector<float> want(n_q * d), scratch(seq);
    for (std::size_t h = 0; h < n_q; ++h) {
      const std::size_t kv = h / (n_q / n_kv);
      attention(q.data() + h * d, k.data() + kv * d, v.data() + kv * d, seq, d, kv_dim,
                want.data() + h * d, scratch.data());
    }
    std::vector<float> got(n_q * d), got_pool(n_q * d), big_scratch(n_q * seq);
    gqa_attention(q.data(), k.data(), v.data(), seq, n_q, n_kv, d, got.data(), big_scratch.data());
    EXPECT_EQ(got, want) << "n_kv=" << n_kv;
    gqa_attention(q.data(), k.data(), v.data(), seq, n_q, n_kv, d, got_pool.data(),
                  big_scratch.data(), &pool);
    EXPECT_EQ(got_pool, want) << "n_kv=" << n_kv << " with 3 threads";
  }
}

TEST_P(GqaAttention, MatchesTheDoubleReferenceForTheIssueShape) {
  // 32 query heads sharing 1 KV head of 128 over 256 positions (BM_GqaAttention).
  const std::size_t n_q = 32, n_kv = 1, d = 128, seq = 256;
  const auto q = random_floats(n_q * d, 1), k = random_floats(seq * d, 2),
             v = random_floats(seq * d, 3);
  std::vector<float> out(n_q * d), scratch(n_q * seq);
  gqa_attention(q.data(), k.data(), v.data(), seq, n_q, n_kv, d, out.data(), scratch.data());
  for (std::size_t h = 0; h < n_q; ++h) {
    const AttentionReference ref =
        reference_attention(q.data() + h * d, k.data(), v.data(), seq, d, d);
    for (std::size_t i = 0; i < d; ++i)
      EXPECT_NEAR(out[h * d + i], ref.out[i], ref.bound[i]) << "head " << h << " i=" << i;
  }
}

TEST(GqaAttentionShape, RejectsQueryHeadsNotAMultipleOfKvHeads) {
  std::vector<float> buffer(64);
  EXPECT_THROW(gqa_attention(buffer.data(), buffer.data(), buffer.data(), 1, 6, 4, 2, buffer.data(),
                             buffer.data()),
               std::invalid_argument);
}

}  // namespace
}  // namespace llm
