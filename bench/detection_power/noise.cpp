// dp_noise: background noise for the detection-power experiment
// (docs/detection-power.md): one hog thread that is busy for ON seconds and
// idle for OFF seconds, over and over, until it is killed (SIGTERM/SIGINT) or
// --duration has passed.
//
//   dp_noise [--schedule ON:OFF] [--kind cpu|memory|mixed] [--buffer MIB]
//            [--duration SECONDS] [--phase SECONDS]
//
// Kinds of hog:
//   cpu     a busy loop of integer arithmetic: takes one core, touches no memory.
//   memory  streams over a buffer (default 64 MiB, twice the 32 MiB L3 of the
//           machine the experiment ran on): reads and writes every cache line,
//           so it takes one core *and* competes for L3 and memory bandwidth.
//   mixed   (default) alternates: the 1st, 3rd, ... busy periods are cpu, the
//           2nd, 4th, ... are memory.
// Intensity: exactly one thread, so at most one core of the machine's two,
// busy ON / (ON + OFF) of the time (2:1, the default: two thirds). On exit it
// prints to stderr what it did: busy seconds, and GB streamed for memory.
//
// --phase S starts S seconds into the schedule (the driver draws it per trial).
//
// The benchmark is never starved completely (one core stays free of the hog),
// but a run that overlaps a busy period shares the machine with it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

enum class Kind { cpu, memory, mixed };

struct Options {
  double on_s = 2;
  double off_s = 1;
  Kind kind = Kind::mixed;
  std::size_t buffer_mib = 64;
  double duration_s = 0;  // 0: until killed
  double phase_s = 0;     // start this far into the schedule
};

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested.store(true); }

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr,
               "dp_noise: %s\nusage: dp_noise [--schedule ON:OFF] [--kind cpu|memory|mixed] "
               "[--buffer MIB] [--duration SECONDS] [--phase SECONDS]\n",
               message.c_str());
  std::exit(2);
}

double parse_seconds(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value) || value < 0)
    usage_error(flag + " wants seconds >= 0, got '" + text + "'");
  return value;
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage_error("missing value after " + flag);
    const std::string value = argv[++i];
    if (flag == "--schedule") {
      const auto colon = value.find(':');
      if (colon == std::string::npos) usage_error("--schedule wants ON:OFF, e.g. 2:1");
      options.on_s = parse_seconds(flag, value.substr(0, colon));
      options.off_s = parse_seconds(flag, value.substr(colon + 1));
      if (options.on_s + options.off_s <= 0) usage_error("--schedule 0:0 does nothing");
    } else if (flag == "--kind") {
      if (value == "cpu")
        options.kind = Kind::cpu;
      else if (value == "memory")
        options.kind = Kind::memory;
      else if (value == "mixed")
        options.kind = Kind::mixed;
      else
        usage_error("--kind wants cpu, memory or mixed, got '" + value + "'");
    } else if (flag == "--buffer") {
      const double mib = parse_seconds(flag, value);
      if (mib < 1 || mib > 4096) usage_error("--buffer wants 1 to 4096 MiB");
      options.buffer_mib = static_cast<std::size_t>(mib);
    } else if (flag == "--phase") {
      options.phase_s = parse_seconds(flag, value);
    } else if (flag == "--duration") {
      options.duration_s = parse_seconds(flag, value);
    } else {
      usage_error("unknown flag " + flag);
    }
  }
  return options;
}

Clock::duration to_clock(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(Seconds(seconds));
}

bool should_stop(Clock::time_point start, double duration_s) {
  return stop_requested.load(std::memory_order_relaxed) ||
         (duration_s > 0 && Seconds(Clock::now() - start).count() >= duration_s);
}

// Busy integer arithmetic until `until`; returns a value so it is not optimised away.
std::uint64_t burn_cpu(Clock::time_point until) {
  std::uint64_t x = 1;
  while (Clock::now() < until && !stop_requested.load(std::memory_order_relaxed))
    for (int i = 0; i < 100000; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
  return x;
}

// Streams over `buffer` (read-modify-write of one word per 64-byte line)
// until `until`; returns the bytes streamed.
std::uint64_t stream_memory(std::vector<std::uint64_t>& buffer, Clock::time_point until) {
  std::uint64_t bytes = 0;
  while (Clock::now() < until && !stop_requested.load(std::memory_order_relaxed)) {
    for (std::size_t i = 0; i < buffer.size(); i += 8) buffer[i] += i;
    bytes += buffer.size() * sizeof(std::uint64_t);
  }
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);

  std::vector<std::uint64_t> buffer;
  if (options.kind != Kind::cpu)
    buffer.assign(options.buffer_mib * 1024 * 1024 / sizeof(std::uint64_t), 1);

  // The schedule is a fixed timeline that began `phase_s` seconds ago: the
  // driver gives each trial a different phase so that trials do not all start
  // at the beginning of a busy period.
  const auto start = Clock::now();
  const auto timeline_start = start - to_clock(options.phase_s);
  const double period_s = options.on_s + options.off_s;
  double busy_s = 0;
  std::uint64_t streamed_bytes = 0;
  volatile std::uint64_t sink = 0;  // keeps the cpu hog's arithmetic
  while (!should_stop(start, options.duration_s)) {
    const double t_s = Seconds(Clock::now() - timeline_start).count();
    const auto period = static_cast<long>(std::floor(t_s / period_s));
    const auto period_start = timeline_start + to_clock(period * period_s);
    if (t_s - period * period_s < options.on_s) {
      auto busy_until = period_start + to_clock(options.on_s);
      if (options.duration_s > 0)
        busy_until = std::min(busy_until, start + to_clock(options.duration_s));
      const bool memory =
          options.kind == Kind::memory || (options.kind == Kind::mixed && period % 2 == 1);
      const auto busy_start = Clock::now();
      if (memory)
        streamed_bytes += stream_memory(buffer, busy_until);
      else
        sink = sink + burn_cpu(busy_until);
      busy_s += Seconds(Clock::now() - busy_start).count();
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  const double total_s = Seconds(Clock::now() - start).count();
  std::fprintf(stderr, "dp_noise: %.1f s, busy %.1f s (%.0f %%), streamed %.1f GB\n", total_s,
               busy_s, total_s > 0 ? 100 * busy_s / total_s : 0.0, streamed_bytes / 1e9);
  return 0;
}
