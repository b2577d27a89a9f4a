// Demo benchmark: FNV-1a over a buffer of MiB (argv[1]); prints its own
// throughput, which the demo suite reads as a metric by regular expression.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  std::size_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 64;
  std::vector<unsigned char> buf(mib << 20);
  for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<unsigned char>(i * 31);
  auto t0 = std::chrono::steady_clock::now();
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : buf) { h ^= c; h *= 1099511628211ull; }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("hash %016llx\nthroughput: %.1f MiB/s\n", static_cast<unsigned long long>(h),
              static_cast<double>(mib) / s);
  return 0;
}
