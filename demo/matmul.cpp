// Demo benchmark: multiplies two N x N float matrices (N from argv[1]).
//
// The knob: DEMO_MATMUL_SLOWDOWN=F (a factor >= 1, e.g. 1.3) repeats the
// multiplication so the program does F times the work. The demo sets it on the
// second run to show perfgate flagging exactly this benchmark.
#include <cstdio>
#include <cstdlib>
#include <vector>

static void matmul(const std::vector<float>& a, const std::vector<float>& b,
                   std::vector<float>& c, int n, int rows) {
  for (int i = 0; i < rows; ++i)
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
  std::vector<float> a(n * n), b(n * n), c(n * n, 0.0f);
  for (int i = 0; i < n * n; ++i) { a[i] = (i % 7) * 0.5f; b[i] = (i % 5) * 0.25f; }
  // Whole passes, then a fraction of the rows of one more pass.
  int whole = static_cast<int>(factor);
  int extra_rows = static_cast<int>((factor - whole) * n);
  for (int p = 0; p < whole; ++p) matmul(a, b, c, n, n);
  matmul(a, b, c, n, extra_rows);
  std::printf("c[0]=%g\n", static_cast<double>(c[0]));
  return 0;
}
