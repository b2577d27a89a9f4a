// Demo benchmark: multiplies two N x N float matrices (N from argv[1]) four
// times.
//
// The knob: DEMO_MATMUL_SLOWDOWN=F (a factor >= 1, e.g. 1.25) does round(4 F)
// multiplications instead of 4, so the program does F times the work
// (1.25 -> 5 passes). The demo sets it on the second run to show perfgate
// flagging exactly this benchmark.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

static void matmul(const std::vector<float>& a, const std::vector<float>& b,
                   std::vector<float>& c, int n) {
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < n; ++k) {
      float aik = a[i * n + k];
      for (int j = 0; j < n; ++j) c[i * n + j] += aik * b[k * n + j];
    }
}

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 256;
  double factor = 1.0;
  if (const char* s = std::getenv("DEMO_MATMUL_SLOWDOWN")) factor = std::atof(s);
  if (factor < 1.0) factor = 1.0;
  const int passes = static_cast<int>(std::lround(4 * factor));
  std::vector<float> a(n * n), b(n * n), c(n * n, 0.0f);
  for (int i = 0; i < n * n; ++i) { a[i] = (i % 7) * 0.5f; b[i] = (i % 5) * 0.25f; }
  for (int p = 0; p < passes; ++p) matmul(a, b, c, n);
  std::printf("%d passes, c[0]=%g\n", passes, static_cast<double>(c[0]));
  return 0;
}
