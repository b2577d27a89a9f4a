#include "collect/preflight.hpp"

#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "collect/system_files.hpp"

namespace perfgate {
namespace {

namespace sf = system_files;
using Status = PreflightCheck::Status;

// printf into a std::string; messages here are short.
template <typename... Args>
std::string format(const char* fmt, Args... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

PreflightCheck check_load(const Environment& env) {
  PreflightCheck check{"load", Status::ok, {}};
  if (!env.load_average_1m || env.logical_cores <= 0) {
    check.status = Status::skipped;
    check.message = "load average or core count unknown (no /proc/loadavg)";
    return check;
  }
  double load = *env.load_average_1m;
  int cores = env.logical_cores;
  check.message = format("load average %.1f on %d cores", load, cores);
  if (load > cores / 2.0) {
    check.status = Status::warning;
    check.message += ": other work is running; wait for it to finish or use a quiet machine";
  }
  return check;
}

struct ProcessTimes {
  std::string comm;
  pid_t parent = 0;
  std::uint64_t cpu_ticks = 0;  // utime + stime, in clock ticks
};

// Every process in /proc with its cumulative CPU time. Processes that vanish
// while being read are simply missing.
std::map<pid_t, ProcessTimes> read_process_times() {
  std::map<pid_t, ProcessTimes> out;
  DIR* dir = opendir("/proc");
  if (!dir) return out;
  while (dirent* entry = readdir(dir)) {
    pid_t pid = 0;
    std::string_view name(entry->d_name);
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (ec != std::errc() || end != name.data() + name.size()) continue;
    auto stat = sf::read("/proc/" + std::string(name) + "/stat");
    if (!stat) continue;
    // "pid (comm) state ppid ... utime stime ...": comm may hold spaces and
    // parentheses, so fields are counted from the last ')'.
    auto open = stat->find('(');
    auto close = stat->rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) continue;
    ProcessTimes times;
    times.comm = stat->substr(open + 1, close - open - 1);
    std::string_view rest = std::string_view(*stat).substr(close + 1);
    std::uint64_t fields[13] = {};  // fields 3..15 of stat(5)
    for (int i = 0; i < 13; ++i) {
      rest = sf::trim(rest);
      auto space = rest.find(' ');
      std::string_view field = rest.substr(0, space);
      if (i > 0) std::from_chars(field.data(), field.data() + field.size(), fields[i]);
      rest.remove_prefix(space == std::string_view::npos ? rest.size() : space);
    }
    times.parent = static_cast<pid_t>(fields[1]);
    times.cpu_ticks = fields[11] + fields[12];
    out.emplace(pid, std::move(times));
  }
  closedir(dir);
  return out;
}

double monotonic_s() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

PreflightCheck check_busy_process() {
  PreflightCheck check{"busy_process", Status::ok, {}};
  long ticks_per_s = sysconf(_SC_CLK_TCK);
  double t0 = monotonic_s();
  auto before = read_process_times();
  if (before.empty() || ticks_per_s <= 0) {
    check.status = Status::skipped;
    check.message = "cannot read process times from /proc";
    return check;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto after = read_process_times();
  double seconds = monotonic_s() - t0;

  // perfgate and anything it started are not "other" work.
  std::set<pid_t> ours = {getpid()};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [pid, p] : after)
      if (ours.contains(p.parent) && ours.insert(pid).second) grew = true;
  }
  pid_t top_pid = 0;
  double top_share = 0;  // of one core
  for (const auto& [pid, p] : after) {
    auto it = before.find(pid);
    if (it == before.end() || ours.contains(pid) || p.cpu_ticks < it->second.cpu_ticks) continue;
    double share = static_cast<double>(p.cpu_ticks - it->second.cpu_ticks) /
                   static_cast<double>(ticks_per_s) / seconds;
    if (share > top_share) {
      top_share = share;
      top_pid = pid;
    }
  }
  if (top_pid == 0) {
    check.message = format("no other process used CPU during %.0f ms", seconds * 1e3);
    return check;
  }
  const std::string& comm = after.at(top_pid).comm;
  check.message = format("busiest other process '%s' (pid %d) used %.0f %% of a core", comm.c_str(),
                         static_cast<int>(top_pid), top_share * 100);
  if (top_share > 0.25) {
    check.status = Status::warning;
    check.message = format(
        "process '%s' (pid %d) used %.0f %% of a core over %.0f ms: it competes with the "
        "benchmarks; stop it or use a quiet machine",
        comm.c_str(), static_cast<int>(top_pid), top_share * 100, seconds * 1e3);
  }
  return check;
}

PreflightCheck check_battery() {
  PreflightCheck check{"battery", Status::ok, {}};
  const std::string root = "/sys/class/power_supply";
  std::error_code ec;
  bool any = false, battery = false, discharging = false, mains = false, mains_online = false;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    std::string dir = entry.path().string();
    std::string type = sf::first_line(dir + "/type").value_or("");
    any = true;
    if (type == "Battery") {
      battery = true;
      if (sf::first_line(dir + "/status").value_or("") == "Discharging") discharging = true;
    } else if (type == "Mains" || type == "USB") {
      mains = true;
      if (sf::first_line(dir + "/online").value_or("") == "1") mains_online = true;
    }
  }
  if (!any) {
    check.status = Status::skipped;
    check.message = "no power supply listed in " + root + " (desktop, server or container)";
    return check;
  }
  if (!battery) {
    check.message = "no battery";
    return check;
  }
  // A laptop on its charger often lists an unused USB-C supply as offline,
  // so "offline" only counts when no mains supply is online at all.
  if (discharging || (mains && !mains_online)) {
    check.status = Status::warning;
    check.message =
        "running on battery: the CPU may be throttled to save power; plug in the charger";
    return check;
  }
  check.message = "on mains power";
  return check;
}

PreflightCheck check_governor(const Environment& env) {
  PreflightCheck check{"governor", Status::ok, {}};
  if (env.governor.empty()) {
    check.status = Status::skipped;
    check.message = "no cpufreq scaling governor exposed (virtual machine or container)";
    return check;
  }
  check.message = "cpu frequency governor is '" + env.governor + "'";
  if (env.governor != "performance") {
    check.status = Status::warning;
    check.message +=
        ", not 'performance': the clock speed changes with load and adds noise; "
        "run 'sudo cpupower frequency-set -g performance' before measuring";
  }
  return check;
}

PreflightCheck check_swap() {
  PreflightCheck check{"swap", Status::ok, {}};
  constexpr std::uint64_t limit_bytes = 64u << 20;
  auto total = sf::meminfo_bytes("SwapTotal");
  auto free = sf::meminfo_bytes("SwapFree");
  if (!total || !free) {
    check.status = Status::skipped;
    check.message = "cannot read SwapTotal and SwapFree from /proc/meminfo";
    return check;
  }
  if (*total == 0) {
    check.message = "no swap configured";
    return check;
  }
  std::uint64_t used = *total > *free ? *total - *free : 0;
  double used_mib = static_cast<double>(used) / (1u << 20);
  check.message = format("%.0f MiB of swap in use", used_mib);
  if (used > limit_bytes) {
    check.status = Status::warning;
    check.message +=
        ": memory is short and pages move to disk, which makes timings slow and "
        "erratic; close memory-hungry programs before measuring";
  }
  return check;
}

}  // namespace

std::vector<PreflightCheck> run_preflight(const Environment& env) {
  return {check_load(env), check_busy_process(), check_battery(), check_governor(env),
          check_swap()};
}

}  // namespace perfgate
