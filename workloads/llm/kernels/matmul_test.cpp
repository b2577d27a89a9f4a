// gemv, gemm and gemm_bt against double-precision references on each path, at
// awkward sizes (around the register tiles and cache blocks) and the issue's
// shapes at small scale; and bitwise-identical results for any thread count.

#include <gtest/gtest.h>

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

// Element (i, j) of a product is a dot product of length k, so it may err by
// gamma_k * sum_p |a_ip b_pj| < (k + 1) u * that sum, whatever the summation
// order the kernel chose (lanes, FMA, cache blocks).
struct Reference {
  std::vector<double> value, magnitude;
};

// A[m x k] times B, where B(p, j) is b[p * b_row + j * b_col].
Reference reference_product(const std::vector<float>& a, const std::vector<float>& b, std::size_t m,
                            std::size_t n, std::size_t k, std::size_t b_row, std::size_t b_col) {
  Reference r{std::vector<double>(m * n), std::vector<double>(m * n)};
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0.0, magnitude = 0.0;
      for (std::size_t p = 0; p < k; ++p) {
        const double term = static_cast<double>(a[i * k + p]) * b[p * b_row + j * b_col];
        sum += term;
        magnitude += std::fabs(term);
      }
      r.value[i * n + j] = sum;
      r.magnitude[i * n + j] = magnitude;
    }
  return r;
}

void expect_product(const std::vector<float>& got, const Reference& ref, std::size_t m,
                    std::size_t n, std::size_t k, const char* what) {
  ASSERT_EQ(got.size(), m * n);
  std::size_t failures = 0;
  for (std::size_t e = 0; e < m * n && failures < 5; ++e) {
    const double bound = (k + 1) * kUnit * ref.magnitude[e];
    if (std::fabs(got[e] - ref.value[e]) > bound) {
      ++failures;
      ADD_FAILURE() << what << " " << m << "x" << n << "x" << k << " element (" << e / n << ", "
                    << e % n << "): got " << got[e] << ", want " << ref.value[e] << " +- " << bound;
    }
  }
}

class Gemv : public test::OnEachPath {};
LLM_ON_EACH_PATH(Gemv);

TEST_P(Gemv, MatchesTheReferenceAtAwkwardSizes) {
  for (std::size_t m : {1, 2, 3, 4, 5, 7, 17, 63, 65, 129})
    for (std::size_t k : {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 255}) {
      const auto w = random_floats(m * k, 3 * m + k), x = random_floats(k, 17 * k + 1);
      std::vector<float> y(m, -1.0f);
      gemv(w.data(), x.data(), y.data(), m, k);
      // W x is the product of W [m x k] with x as a k x 1 matrix.
      expect_product(y, reference_product(w, x, m, 1, k, 1, 1), m, 1, k, "gemv");
    }
}

TEST_P(Gemv, IssueShapesAtSmallScale) {
  // QKV projection (dim -> 3 dim) and an LM head (dim -> vocab), scaled down.
  for (auto [m, k] : {std::pair<std::size_t, std::size_t>{3 * 384, 384}, {1000, 256}}) {
    const auto w = random_floats(m * k, m), x = random_floats(k, k);
    std::vector<float> y(m);
    gemv(w.data(), x.data(), y.data(), m, k);
    expect_product(y, reference_product(w, x, m, 1, k, 1, 1), m, 1, k, "gemv");
  }
}

TEST_P(Gemv, GivesTheSameBitsWithOneOrThreeThreads) {
  const std::size_t m = 1003, k = 301;  // enough work to use the pool; m % 4 != 0
  const auto w = random_floats(m * k, 5), x = random_floats(k, 6);
  std::vector<float> single(m), three(m);
  gemv(w.data(), x.data(), single.data(), m, k);
  ThreadPool pool(3);
  gemv(w.data(), x.data(), three.data(), m, k, &pool);
  EXPECT_EQ(single, three);
}

class Gemm : public test::OnEachPath {};
LLM_ON_EACH_PATH(Gemm);

// Sizes around the register tiles (4x8 generic, 6x16 AVX2) and below/above one
// cache block of k (256).
const std::size_t kSizes[] = {1, 3, 6, 17, 63, 65, 129};

TEST_P(Gemm, MatchesTheReferenceForEveryCombinationOfAwkwardSizes) {
  for (std::size_t m : kSizes)
    for (std::size_t n : kSizes)
      for (std::size_t k : kSizes) {
        const auto a = random_floats(m * k, m * 1000 + k), b = random_floats(k * n, n * 1000 + k);
        std::vector<float> c(m * n, 7.0f);  // stale contents must be overwritten
        gemm(a.data(), b.data(), c.data(), m, n, k);
        expect_product(c, reference_product(a, b, m, n, k, n, 1), m, n, k, "gemm");
        if (HasFailure()) return;
      }
}

TEST_P(Gemm, TransposedMatchesTheReferenceForEveryCombinationOfAwkwardSizes) {
  for (std::size_t m : kSizes)
    for (std::size_t n : kSizes)
      for (std::size_t k : kSizes) {
        const auto a = random_floats(m * k, m * 1000 + k), b = random_floats(n * k, n * 999 + k);
        std::vector<float> c(m * n, 7.0f);
        gemm_bt(a.data(), b.data(), c.data(), m, n, k);
        expect_product(c, reference_product(a, b, m, n, k, 1, k), m, n, k, "gemm_bt");
        if (HasFailure()) return;
      }
}

TEST_P(Gemm, CrossesEveryCacheBlockBoundary) {
  // m > mc (144), k > 2 kc (256) with a ragged last slice, n > nc (1024, and
  // 3072 would still be crossed).
  struct Shape {
    std::size_t m, n, k;
  };
  for (Shape s : {Shape{150, 40, 600}, Shape{7, 3100, 5}, Shape{300, 33, 257}}) {
    const auto a = random_floats(s.m * s.k, s.m), b = random_floats(s.k * s.n, s.n);
    std::vector<float> c(s.m * s.n), c_bt(s.m * s.n);
    gemm(a.data(), b.data(), c.data(), s.m, s.n, s.k);
    expect_product(c, reference_product(a, b, s.m, s.n, s.k, s.n, 1), s.m, s.n, s.k, "gemm");
    // The same B stored transposed.
    std::vector<float> bt(s.n * s.k);
    for (std::size_t p = 0; p < s.k; ++p)
      for (std::size_t j = 0; j < s.n; ++j) bt[j * s.k + p] = b[p * s.n + j];
    gemm_bt(a.data(), bt.data(), c_bt.data(), s.m, s.n, s.k);
    expect_product(c_bt, reference_product(a, b, s.m, s.n, s.k, s.n, 1), s.m, s.n, s.k, "gemm_bt");
  }
}

TEST_P(Gemm, IssueShapesAtSmallScale) {
  // A prompt batch through a QKV projection (m tokens x dim -> 3 dim) and the
  // one-token transposed matmul (m = 1: a GEMV over B's rows).
  struct Shape {
    std::size_t m, n, k;
  };
  for (Shape s : {Shape{32, 3 * 256, 256}, Shape{1, 512, 256}, Shape{2, 300, 64}}) {
    const auto a = random_floats(s.m * s.k, s.k), b = random_floats(s.n * s.k, s.n);
    std::vector<float> c(s.m * s.n);
    gemm_bt(a.data(), b.data(), c.data(), s.m, s.n, s.k);
    expect_product(c, reference_product(a, b, s.m, s.n, s.k, 1, s.k), s.m, s.n, s.k, "gemm_bt");
  }
}

TEST_P(Gemm, GivesTheSameBitsWithOneOrThreeThreads) {
  ThreadPool pool(3);
  struct Shape {
    std::size_t m, n, k;
  };
  // Tall (split over rows) and wide (split over columns), ragged in both.
  for (Shape s : {Shape{101, 70, 300}, Shape{20, 203, 300}}) {
    const auto a = random_floats(s.m * s.k, 1), b = random_floats(s.k * s.n, 2);
    std::vector<float> single(s.m * s.n), three(s.m * s.n);
    gemm(a.data(), b.data(), single.data(), s.m, s.n, s.k);
    gemm(a.data(), b.data(), three.data(), s.m, s.n, s.k, &pool);
    EXPECT_EQ(single, three) << "gemm " << s.m << "x" << s.n << "x" << s.k;
    gemm_bt(a.data(), b.data(), single.data(), s.m, s.n, s.k);
    gemm_bt(a.data(), b.data(), three.data(), s.m, s.n, s.k, &pool);
    EXPECT_EQ(single, three) << "gemm_bt " << s.m << "x" << s.n << "x" << s.k;
  }
}

}  // namespace
}  // namespace llm
