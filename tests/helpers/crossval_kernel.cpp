// A program under cross-validation for the `perfgate crossval` tests: the
// product of two fixed, seeded 256 x 256 float matrices, computed one of several
// ways and written to PATH in FORMAT (npy, f32, json, text).
//
//   crossval_kernel MODE FORMAT PATH
//     ref    plain i-j-k loops
//     fast   i-k-j loops, k unrolled by two: the same numbers up to float rounding
//     wrong  fast because it skips work: only the first half of each dot product
//     nan    ref, with element 7 replaced by NaN
//     short  ref, without its last 5 elements
//     slow   ref, then sleeps 150 ms (a deliberate, large slowdown)
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr int n = 256;

// A fixed input: a 64-bit LCG, so every mode sees the same matrices.
std::vector<float> seeded_matrix(std::uint64_t seed) {
  std::vector<float> m(n * n);
  for (auto& x : m) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    x = static_cast<float>(static_cast<double>(seed >> 40) / static_cast<double>(1 << 24)) - 0.5f;
  }
  return m;
}

std::vector<float> multiply_plain(const std::vector<float>& a, const std::vector<float>& b,
                                  int k_end) {
  std::vector<float> c(n * n, 0.0f);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      float sum = 0;
      for (int k = 0; k < k_end; ++k) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  return c;
}

// i-k-j order with k unrolled by two: rows of B are streamed (cache-friendly
// and vectorisable along j), and each pair of products is added before it
// reaches the sum, so results differ from multiply_plain in the last bits.
std::vector<float> multiply_fast(const std::vector<float>& a, const std::vector<float>& b,
                                 int k_end) {
  std::vector<float> c(n * n, 0.0f);
  for (int i = 0; i < n; ++i) {
    float* ci = &c[i * n];
    for (int k = 0; k + 1 < k_end; k += 2) {
      const float a0 = a[i * n + k], a1 = a[i * n + k + 1];
      const float* b0 = &b[k * n];
      const float* b1 = &b[(k + 1) * n];
      for (int j = 0; j < n; ++j) ci[j] += a0 * b0[j] + a1 * b1[j];
    }
  }
  return c;
}

void write_npy(FILE* f, const std::vector<float>& v) {
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(v.size()) + ",), }";
  // Magic (6) + version (2) + length (2) + header, padded to 64 bytes with a newline.
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  const unsigned short len = static_cast<unsigned short>(header.size());
  std::fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  const unsigned char le[2] = {static_cast<unsigned char>(len & 0xff),
                               static_cast<unsigned char>(len >> 8)};
  std::fwrite(le, 1, 2, f);
  std::fwrite(header.data(), 1, header.size(), f);
  std::fwrite(v.data(), sizeof(float), v.size(), f);  // the test host is little-endian
}

bool write_output(const std::string& format, const char* path, const std::vector<float>& v) {
  FILE* f = std::fopen(path, "wb");
  if (!f) return false;
  if (format == "npy") {
    write_npy(f, v);
  } else if (format == "f32") {
    std::fwrite(v.data(), sizeof(float), v.size(), f);
  } else if (format == "json" || format == "text") {
    const bool json = format == "json";
    std::fputs(json ? "[" : "", f);
    for (std::size_t i = 0; i < v.size(); ++i) {
      // NaN as text "nan"; JSON has no NaN, so only the text format can carry one.
      std::fprintf(f, "%s%.9g",
                   i == 0 ? ""
                   : json ? ", "
                          : (i % n == 0 ? "\n" : " "),
                   static_cast<double>(v[i]));
    }
    std::fputs(json ? "]\n" : "\n", f);
  } else {
    std::fclose(f);
    return false;
  }
  return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr,
                 "usage: crossval_kernel ref|fast|wrong|nan|short|slow npy|f32|json|text PATH\n");
    return 2;
  }
  const std::string mode = argv[1];
  const std::vector<float> a = seeded_matrix(1), b = seeded_matrix(2);
  std::vector<float> c;
  if (mode == "fast") {
    c = multiply_fast(a, b, n);
  } else if (mode == "wrong") {
    c = multiply_fast(a, b, n / 2);
  } else if (mode == "ref" || mode == "nan" || mode == "short" || mode == "slow") {
    c = multiply_plain(a, b, n);
  } else {
    std::fprintf(stderr, "crossval_kernel: unknown mode %s\n", argv[1]);
    return 2;
  }
  if (mode == "nan") c[7] = NAN;
  if (mode == "short") c.resize(c.size() - 5);
  if (mode == "slow") usleep(150000);
  if (!write_output(argv[2], argv[3], c)) {
    std::fprintf(stderr, "crossval_kernel: cannot write %s as %s\n", argv[3], argv[2]);
    return 1;
  }
  return 0;
}
