#include "collect/environment.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstdio>
#include <set>
#include <utility>

#include "collect/git.hpp"
#include "collect/system_files.hpp"

namespace perfgate {
namespace {

namespace sf = system_files;

// The compiler that built this file, hence perfgate.
constexpr const char* compiler_name() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "g++ " __VERSION__;
#else
  return "";
#endif
}

std::optional<double> parse_double(std::string_view text) {
  text = sf::trim(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc()) return std::nullopt;
  return value;
}

struct CpuInfo {
  std::string model;
  int physical_cores = 0;
  std::optional<double> mhz;  // "cpu MHz" of the first processor listed
};

// /proc/cpuinfo: one block per logical processor. Physical cores are the
// distinct (physical id, core id) pairs; some kernels and architectures list
// neither, and the caller then falls back to the logical count.
CpuInfo read_cpuinfo() {
  CpuInfo info;
  auto text = sf::read("/proc/cpuinfo");
  if (!text) return info;
  std::set<std::pair<std::string, std::string>> cores;
  std::string physical_id, core_id, fallback_model;
  auto end_block = [&] {
    if (!core_id.empty()) cores.emplace(physical_id, core_id);
    physical_id.clear();
    core_id.clear();
  };
  std::string_view rest(*text);
  while (!rest.empty()) {
    std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(rest.size(), line.size() + 1));
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (sf::trim(line).empty()) end_block();
      continue;
    }
    std::string_view key = sf::trim(line.substr(0, colon));
    std::string value(sf::trim(line.substr(colon + 1)));
    if (key == "model name" && info.model.empty())
      info.model = value;
    else if ((key == "Hardware" || key == "Processor") && fallback_model.empty())
      fallback_model = value;  // older ARM kernels
    else if (key == "physical id")
      physical_id = value;
    else if (key == "core id")
      core_id = value;
    else if (key == "cpu MHz" && !info.mhz)
      info.mhz = parse_double(value);
  }
  end_block();
  if (info.model.empty()) info.model = fallback_model;
  info.physical_cores = static_cast<int>(cores.size());
  return info;
}

std::optional<bool> read_boost() {
  if (auto boost = sf::first_line("/sys/devices/system/cpu/cpufreq/boost"))
    if (*boost == "0" || *boost == "1") return *boost == "1";
  if (auto no_turbo = sf::first_line("/sys/devices/system/cpu/intel_pstate/no_turbo"))
    if (*no_turbo == "0" || *no_turbo == "1") return *no_turbo == "0";
  return std::nullopt;
}

std::string read_os_name() {
  auto text = sf::read("/etc/os-release");
  if (!text) return {};
  std::string_view rest(*text);
  constexpr std::string_view key = "PRETTY_NAME=";
  while (!rest.empty()) {
    std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(std::min(rest.size(), line.size() + 1));
    if (!line.starts_with(key)) continue;
    std::string_view value = sf::trim(line.substr(key.size()));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return {};
}

// 64-bit FNV-1a: stable across builds and machines, so a host keeps its id.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

// Identifies the machine in stored series without revealing its name.
std::string host_id() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return {};
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(fnv1a(std::string("perfgate:") + name)));
  return hex;
}

std::optional<double> load_average_1m() {
  auto line = sf::first_line("/proc/loadavg");
  if (!line) return std::nullopt;
  return parse_double(std::string_view(*line).substr(0, line->find(' ')));
}

}  // namespace

GitState probe_git(const std::string& dir) {
  GitState state;
  auto commit = run_git(dir, {"rev-parse", "--verify", "HEAD"});
  if (!commit || commit->empty()) return state;  // not a repository, or no commit yet
  state.commit = *commit;
  if (auto branch = run_git(dir, {"rev-parse", "--abbrev-ref", "HEAD"}))
    if (*branch != "HEAD") state.branch = *branch;  // "HEAD" means detached
  if (auto status = run_git(dir, {"status", "--porcelain", "--untracked-files=no"}))
    state.dirty = !status->empty();
  return state;
}

std::string ci_branch() {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  if (!env("GITHUB_HEAD_REF").empty()) return env("GITHUB_HEAD_REF");
  if (env("GITHUB_REF_TYPE") == "branch" && !env("GITHUB_REF_NAME").empty())
    return env("GITHUB_REF_NAME");
  if (!env("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME").empty())
    return env("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME");
  return env("CI_COMMIT_BRANCH");
}

Environment probe_environment(const std::string& repo_dir) {
  Environment env;
  CpuInfo cpu = read_cpuinfo();
  env.cpu_model = cpu.model;
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  env.logical_cores = online > 0 ? static_cast<int>(online) : 0;
  env.physical_cores = cpu.physical_cores > 0 ? cpu.physical_cores : env.logical_cores;

  const std::string cpufreq = "/sys/devices/system/cpu/cpu0/cpufreq/";
  env.governor = sf::first_line(cpufreq + "scaling_governor").value_or("");
  if (auto khz = sf::first_line(cpufreq + "scaling_cur_freq")) {
    if (auto value = parse_double(*khz)) env.cpu_mhz = *value / 1000.0;
  }
  if (!env.cpu_mhz) env.cpu_mhz = cpu.mhz;  // VMs often have no cpufreq
  env.boost = read_boost();

  env.memory_bytes = sf::meminfo_bytes("MemTotal").value_or(0);
  env.os = read_os_name();
  struct utsname uts {};
  if (uname(&uts) == 0) {
    env.kernel = uts.release;
    env.arch = uts.machine;
  }
  env.compiler = compiler_name();
  env.host_id = host_id();
  env.load_average_1m = load_average_1m();
  env.git = probe_git(repo_dir);
  if (!env.git.commit.empty() && env.git.branch.empty()) env.git.branch = ci_branch();
  return env;
}

}  // namespace perfgate
