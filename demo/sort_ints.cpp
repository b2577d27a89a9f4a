// Demo benchmark: sorts N pseudo-random 32-bit integers (N from argv[1]).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000;
  std::vector<std::uint32_t> v(n);
  std::uint64_t x = 88172645463325252ull;
  for (auto& e : v) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    e = static_cast<std::uint32_t>(x);
  }
  std::sort(v.begin(), v.end());
  std::printf("sorted %zu ints, median %u\n", n, v[n / 2]);
  return std::is_sorted(v.begin(), v.end()) ? 0 : 1;
}
