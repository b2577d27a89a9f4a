// A benchmark that does an exact amount of work, for the instruction-count
// tests (src/collect/instructions_test.cpp, tests/e2e/instructions_test.cpp):
//
//   fixed_work N     runs N iterations of the same loop body, prints the result
//
// Same N, same instructions; each iteration adds the same few instructions, so
// the count grows by the same amount from N to 2N as from 2N to 3N.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fixed_work ITERATIONS\n");
    return 2;
  }
  const std::uint64_t n = std::strtoull(argv[1], nullptr, 10);
  // An LCG step per iteration: each depends on the last, so the compiler
  // cannot fold the loop away or vectorise it.
  volatile std::uint64_t state = 1;
  for (std::uint64_t i = 0; i < n; ++i)
    state = state * 6364136223846793005ull + 1442695040888963407ull;
  std::printf("%llu\n", static_cast<unsigned long long>(state));
  return 0;
}
