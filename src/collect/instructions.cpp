#include "collect/instructions.hpp"

#include <linux/perf_event.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <utility>

namespace perfgate {
namespace {

namespace fs = std::filesystem;

// ---- perf ------------------------------------------------------------------

// What read() gives for a counter opened with the read_format below.
struct CounterValue {
  std::uint64_t value = 0;
  std::uint64_t time_enabled_ns = 0;
  std::uint64_t time_running_ns = 0;
};

// A hardware instruction counter on `pid` (0: perfgate itself): user space
// only, inherited by every process `pid` starts afterwards (a child's count is
// added when it exits), disabled until `pid` execs when enable_on_exec.
// Returns the fd, or -1 with errno set.
int open_instruction_counter(pid_t pid, bool enable_on_exec) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_INSTRUCTIONS;
  attr.disabled = 1;
  attr.enable_on_exec = enable_on_exec ? 1 : 0;
  attr.inherit = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return static_cast<int>(::syscall(SYS_perf_event_open, &attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

bool read_counter(int fd, CounterValue& out) {
  std::uint64_t buf[3] = {0, 0, 0};
  ssize_t n;
  do n = ::read(fd, buf, sizeof buf);
  while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(sizeof buf)) return false;
  out = {buf[0], buf[1], buf[2]};
  return true;
}

std::string read_first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Why perf_event_open failed with `err`, in words a user can act on.
std::string perf_open_failure(int err) {
  std::string head = "perf_event_open(PERF_COUNT_HW_INSTRUCTIONS) is not supported here (";
  const std::string use_callgrind = "; use --counter callgrind";
  switch (err) {
    case ENOENT:
    case ENODEV:
    case EOPNOTSUPP:
      return head +
             (err == ENOENT   ? "ENOENT"
              : err == ENODEV ? "ENODEV"
                              : "EOPNOTSUPP") +
             ": no hardware counters here, as in most VMs)" + use_callgrind;
    case EACCES:
    case EPERM: {
      std::string paranoid = read_first_line("/proc/sys/kernel/perf_event_paranoid");
      return std::string("perf_event_open(PERF_COUNT_HW_INSTRUCTIONS) is not permitted (") +
             (err == EACCES ? "EACCES" : "EPERM") +
             ", kernel.perf_event_paranoid = " + (paranoid.empty() ? "unknown" : paranoid) +
             "); allow it with: sysctl kernel.perf_event_paranoid=2, or use --counter callgrind";
    }
    case ENOSYS:
      return head + "ENOSYS: the kernel has no perf events)" + use_callgrind;
    default:
      return head + std::strerror(err) + ")" + use_callgrind;
  }
}

// Opens a counter on perfgate itself and checks that it really counts: a VM
// may accept the counter and never schedule it (time_running stays 0).
std::string perf_unavailable() {
  int fd = open_instruction_counter(0, false);
  if (fd < 0) return perf_open_failure(errno);
  ::ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
  volatile std::uint64_t sink = 0;
  for (int i = 0; i < 100000; ++i) sink = sink + static_cast<std::uint64_t>(i);
  ::ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
  CounterValue v;
  bool read_ok = read_counter(fd, v);
  ::close(fd);
  if (!read_ok)
    return "the instruction counter opened but could not be read; use --counter callgrind";
  if (v.time_running_ns == 0 || v.value == 0)
    return "the instruction counter opened but never counted (no free hardware counter, or a "
           "VM that does not pass them through); use --counter callgrind";
  return {};
}

InstructionCount count_with_perf(const ProcessSpec& spec) {
  InstructionCount out;
  int fd = -1;
  std::string open_error;
  out.process = run_process(spec, [&](pid_t child) -> std::string {
    fd = open_instruction_counter(child, true);
    if (fd >= 0) return {};
    open_error = perf_open_failure(errno);
    return "the instruction counter could not be attached: " + open_error;
  });
  if (!open_error.empty()) {
    out.failure = "the instruction counter could not be attached: " + open_error;
    return out;
  }
  if (fd < 0) {  // never got as far as the hook: the program could not start
    out.failure = "the process failed: " + out.process.describe_failure(spec);
    return out;
  }
  // The main child is reaped and its group killed; every descendant that
  // exited has added its count (stragglers killed at the end may not have).
  CounterValue v;
  bool read_ok = read_counter(fd, v);
  int read_errno = errno;
  ::close(fd);
  if (!out.process.ok()) {
    out.failure = "the process failed: " + out.process.describe_failure(spec);
    return out;
  }
  if (!read_ok) {
    out.failure =
        std::string("the instruction counter could not be read: ") + std::strerror(read_errno);
    return out;
  }
  if (v.time_running_ns == 0) {
    out.failure =
        "the instruction counter could not be read: it never counted (no free hardware "
        "counter)";
    return out;
  }
  // Shared with other events, the kernel counts only part of the time; scale
  // to the whole, as perf stat does. With one counter this is rare.
  double scaled = static_cast<double>(v.value);
  if (v.time_running_ns < v.time_enabled_ns)
    scaled *= static_cast<double>(v.time_enabled_ns) / static_cast<double>(v.time_running_ns);
  out.instructions = static_cast<std::uint64_t>(scaled + 0.5);
  out.ok = true;
  return out;
}

// ---- callgrind ---------------------------------------------------------------

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it.
class TempFolder {
 public:
  TempFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/perfgate-callgrind-XXXXXX";
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The value of the "totals:" line of one callgrind output file (its only
// event is Ir, instructions executed), else of "summary:"; nullopt when it
// has neither.
std::optional<std::uint64_t> callgrind_total(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::optional<std::uint64_t> summary, totals;
  while (std::getline(in, line)) {
    for (auto [prefix, into] : {std::pair{"totals:", &totals}, std::pair{"summary:", &summary}}) {
      std::string_view p(prefix);
      if (line.compare(0, p.size(), p) != 0) continue;
      try {
        *into = std::stoull(line.substr(p.size()));
      } catch (const std::exception&) {
      }
    }
  }
  return totals ? totals : summary;
}

// The last line valgrind logged that is not its banner ("==123== ..."), to
// say why valgrind failed.
std::string last_valgrind_message(const std::string& folder) {
  std::string last;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".log") continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      auto end = line.find("== ");
      std::string text =
          line.rfind("==", 0) == 0 && end != std::string::npos ? line.substr(end + 3) : line;
      if (!text.empty()) last = text;
    }
  }
  return last;
}

InstructionCount count_with_callgrind(const ProcessSpec& spec) {
  InstructionCount out;
  const std::string valgrind = find_executable("valgrind", "");
  if (valgrind.empty()) {
    out.failure =
        "valgrind failed: " + instruction_counter_unavailable(InstructionCounter::callgrind);
    return out;
  }
  if (spec.argv.empty() || find_executable(spec.argv.front(), spec.cwd).empty()) {
    out.process = run_process(spec);  // fails to start; says why in perfgate's words
    out.failure = "the process failed: " + out.process.describe_failure(spec);
    return out;
  }
  std::string program = find_executable(spec.argv.front(), spec.cwd);
  if (program.front() != '/') program = fs::absolute(program).string();

  TempFolder folder;
  if (folder.path().empty()) {
    out.failure =
        std::string("valgrind failed: cannot make a temporary folder: ") + std::strerror(errno);
    return out;
  }
  // One profile per process (%p): with --trace-children every process the
  // benchmark starts is simulated and writes its own file at exit, and the
  // count is their sum. valgrind's own messages go to log files, not into the
  // benchmark's stderr.
  ProcessSpec under = spec;
  under.argv = {valgrind,
                "--tool=callgrind",
                "--trace-children=yes",
                "--callgrind-out-file=" + folder.path() + "/callgrind.out.%p",
                "--log-file=" + folder.path() + "/valgrind.%p.log",
                program};
  under.argv.insert(under.argv.end(), spec.argv.begin() + 1, spec.argv.end());
  out.process = run_process(under);

  std::uint64_t sum = 0;
  int profiles = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder.path(), ec)) {
    if (entry.path().filename().string().rfind("callgrind.out.", 0) != 0) continue;
    if (auto total = callgrind_total(entry.path())) {
      sum += *total;
      ++profiles;
    }
  }
  if (!out.process.ok()) {
    // The benchmark failed, or valgrind did before it ran anything.
    std::string why = profiles > 0 ? "" : last_valgrind_message(folder.path());
    out.failure = why.empty() ? "the process failed: " + out.process.describe_failure(under)
                              : "valgrind failed: " + why;
    return out;
  }
  if (profiles == 0) {
    std::string why = last_valgrind_message(folder.path());
    out.failure =
        "valgrind failed: it wrote no callgrind profile" + (why.empty() ? "" : ": " + why);
    return out;
  }
  out.instructions = sum;
  out.ok = true;
  return out;
}

}  // namespace

const char* instruction_counter_name(InstructionCounter how) {
  return how == InstructionCounter::perf ? "perf" : "callgrind";
}

std::string instruction_counter_unavailable(InstructionCounter how) {
  if (how == InstructionCounter::perf) return perf_unavailable();
  if (find_executable("valgrind", "").empty())
    return "valgrind is not installed; install it with: apt-get install valgrind";
  return {};
}

InstructionCounter default_instruction_counter() {
  return perf_unavailable().empty() ? InstructionCounter::perf : InstructionCounter::callgrind;
}

InstructionCount count_instructions(const ProcessSpec& spec, InstructionCounter how) {
  return how == InstructionCounter::perf ? count_with_perf(spec) : count_with_callgrind(spec);
}

}  // namespace perfgate
