// dp_workload: a fixed, deterministic amount of CPU work whose size is set
// exactly, for the detection-power experiment (docs/detection-power.md).
//
//   dp_workload [--work ROUNDS] [--slowdown PCT]
//
// Does ROUNDS x (1 + PCT/100) rounds (rounded to the nearest round) of a
// dependent multiply-xorshift chain on one 64-bit value, then prints
// "checksum: <hex> rounds: <n>". Same rounds, same checksum, on every machine.
//
// Why this loop: each round depends on the one before (no vectorising, no
// overlap between rounds), touches no memory and has no data-dependent
// branch, so time and retired instructions both grow linearly with the round
// count: --slowdown 2 does 2 % more rounds, hence ~2 % more time and ~2 % more
// instructions. The process's fixed cost (exec, dynamic loader, ~1 ms and a
// few hundred thousand instructions) is not scaled, so the measured change of
// a whole run is slightly below PCT; docs/detection-power.md gives the figure.
//
// The default ROUNDS takes ~20 ms on the 2-core AMD EPYC VM the experiment
// ran on (measured: see docs/detection-power.md, "The workload").
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr std::uint64_t default_rounds = 12'000'000;

struct Options {
  std::uint64_t rounds = default_rounds;
  double slowdown_pct = 0;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr,
               "dp_workload: %s\nusage: dp_workload [--work ROUNDS] [--slowdown PCT]\n"
               "  ROUNDS: integer >= 1 (default %llu, ~20 ms); PCT: number >= 0 (extra work, "
               "percent)\n",
               message.c_str(), static_cast<unsigned long long>(default_rounds));
  std::exit(2);
}

double parse_number(const char* flag, const char* text) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !std::isfinite(value) || value < 0)
    usage_error(std::string(flag) + " wants a number >= 0, got '" + text + "'");
  return value;
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage_error("missing value after " + flag);
    const double value = parse_number(argv[i], argv[i + 1]);
    ++i;
    if (flag == "--work") {
      if (value < 1 || value != std::floor(value) || value > 1e15)
        usage_error("--work wants a whole number of rounds between 1 and 1e15");
      options.rounds = static_cast<std::uint64_t>(value);
    } else if (flag == "--slowdown") {
      options.slowdown_pct = value;
    } else {
      usage_error("unknown flag " + flag);
    }
  }
  return options;
}

// The work: `rounds` dependent rounds of a 64-bit mixing function.
std::uint64_t chain(std::uint64_t rounds) {
  std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (std::uint64_t i = 0; i < rounds; ++i) {
    x = x * 0xd1342543de82ef95ull + i;
    x ^= x >> 29;
  }
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const auto rounds = static_cast<std::uint64_t>(
      std::llround(static_cast<long double>(options.rounds) * (1 + options.slowdown_pct / 100.0L)));
  std::printf("checksum: %016llx rounds: %llu\n", static_cast<unsigned long long>(chain(rounds)),
              static_cast<unsigned long long>(rounds));
  return 0;
}
