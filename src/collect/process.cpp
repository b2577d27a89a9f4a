#include "collect/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

#include "model/units.hpp"

extern char** environ;

namespace perfgate {
namespace {

constexpr std::int64_t ns_per_s = 1'000'000'000;

// Owns one file descriptor; closes it once.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) reset(o.release());
    return *this;
  }
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

std::int64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * ns_per_s + ts.tv_nsec;
}

std::int64_t timeval_ns(const timeval& tv) {
  return std::int64_t{tv.tv_sec} * ns_per_s + std::int64_t{tv.tv_usec} * 1000;
}

// Moves `fd` to a number >= 3 (close-on-exec), so that the child's dup2 onto
// 0, 1 and 2 can never clobber another of its pipe ends. Perfgate may itself
// have been started with stdin or stdout closed.
int above_stdio(int fd) {
  if (fd < 0 || fd > 2) return fd;
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}

struct Pipe {
  Fd read, write;
};

bool make_pipe(Pipe& p) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  p.read.reset(above_stdio(fds[0]));
  p.write.reset(above_stdio(fds[1]));
  return p.read.valid() && p.write.valid();
}

std::string current_dir() {
  char buf[4096];
  if (getcwd(buf, sizeof buf)) return buf;
  return ".";
}

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Why `name` could not be resolved, in the words of strerror where one fits.
std::string why_not_executable(const std::string& name, const std::string& cwd) {
  if (name.find('/') == std::string::npos) return "command not found on PATH";
  std::string path = (name.front() == '/' || cwd.empty()) ? name : cwd + "/" + name;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return std::strerror(EISDIR);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  return std::strerror(EACCES);
}

// "KEY=value" for perfgate's environment with spec.env laid on top.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    std::string_view key = entry.substr(0, entry.find('='));
    if (!extra.contains(std::string(key))) out.emplace_back(entry);
  }
  for (const auto& [k, v] : extra) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// posix_spawn's attributes and file actions, released on every path.
class SpawnSetup {
 public:
  SpawnSetup() {
    attr_ok_ = posix_spawnattr_init(&attr_) == 0;
    actions_ok_ = posix_spawn_file_actions_init(&actions_) == 0;
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  ~SpawnSetup() {
    if (attr_ok_) posix_spawnattr_destroy(&attr_);
    if (actions_ok_) posix_spawn_file_actions_destroy(&actions_);
  }

  // The child: its own process group, every signal at its default action and
  // none blocked (ignored signals and the mask would survive exec), stdin from
  // /dev/null, stdout and stderr into the pipes, then the working folder.
  bool configure(int out_fd, int err_fd, const std::string& cwd) {
    if (!attr_ok_ || !actions_ok_) return false;
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
    return posix_spawnattr_setflags(&attr_, flags) == 0 &&
           posix_spawnattr_setpgroup(&attr_, 0) == 0 &&
           posix_spawnattr_setsigdefault(&attr_, &all) == 0 &&
           posix_spawnattr_setsigmask(&attr_, &none) == 0 &&
           posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0) == 0 &&
           posix_spawn_file_actions_adddup2(&actions_, out_fd, 1) == 0 &&
           posix_spawn_file_actions_adddup2(&actions_, err_fd, 2) == 0 &&
           (cwd.empty() || posix_spawn_file_actions_addchdir_np(&actions_, cwd.c_str()) == 0);
  }
  const posix_spawnattr_t* attr() const { return &attr_; }
  const posix_spawn_file_actions_t* actions() const { return &actions_; }

 private:
  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
  bool attr_ok_ = false, actions_ok_ = false;
};

// A pollable handle that becomes readable when `pid` exits (Linux >= 5.3), or
// an invalid Fd when the kernel has none; the caller then polls with waitid.
Fd open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return Fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
#else
  (void)pid;
  return Fd();
#endif
}

// True once `pid` has exited; leaves it unreaped (a zombie still holds its
// pid, so the process group id cannot be reused before we kill the group).
bool has_exited(pid_t pid) {
  siginfo_t info{};
  int rc;
  do rc = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
  while (rc < 0 && errno == EINTR);
  return rc == 0 && info.si_pid == pid;
}

void reap(pid_t pid, int& status, rusage& usage) {
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
}

// Starts the child with fork so that `before_exec` can run in perfgate while
// the child waits, then lets it exec. Sets the same things up in the child as
// SpawnSetup does for posix_spawn. Returns 0 with `pid` set, or the errno of
// what failed (`pid` already reaped); `hook_error` is set when the hook
// refused. Everything the child uses is prepared before fork: between fork and
// exec it calls only async-signal-safe functions.
int fork_then_exec(const char* path, char* const* argv, char* const* envp, int out_fd, int err_fd,
                   const std::string& cwd, const BeforeExec& before_exec, pid_t& pid,
                   std::string& hook_error) {
  Pipe go, exec_errno;  // parent -> child: "exec now"; child -> parent: errno of a failed start
  if (!make_pipe(go) || !make_pipe(exec_errno)) return errno ? errno : EMFILE;
  const char* dir = cwd.empty() ? nullptr : cwd.c_str();
  const int go_read = go.read.get(), report = exec_errno.write.get();
  pid = ::fork();
  if (pid < 0) return errno;
  if (pid == 0) {
    auto die = [report](int err) {
      ssize_t ignored = ::write(report, &err, sizeof err);
      (void)ignored;
      ::_exit(127);
    };
    if (::setpgid(0, 0) != 0) die(errno);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd < 0) die(errno);
    if (null_fd != 0 && (::dup2(null_fd, 0) < 0 || ::close(null_fd) != 0)) die(errno);
    if (::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) die(errno);
    if (dir && ::chdir(dir) != 0) die(errno);
    char byte = 0;
    ssize_t n;
    do n = ::read(go_read, &byte, 1);
    while (n < 0 && errno == EINTR);
    if (n != 1) ::_exit(127);  // perfgate refused (or died): never run the program
    ::execve(path, argv, envp);
    die(errno);
  }
  // Both sides set the group, so it exists before anyone signals it.
  ::setpgid(pid, pid);
  go.read.reset();
  exec_errno.write.reset();
  auto reap_unstarted = [&] {
    ::kill(-pid, SIGKILL);
    int status = 0;
    rusage usage{};
    reap(pid, status, usage);
  };
  hook_error = before_exec(pid);
  if (!hook_error.empty()) {
    go.write.reset();
    reap_unstarted();
    return ECANCELED;
  }
  char byte = 1;
  ssize_t written;
  do written = ::write(go.write.get(), &byte, 1);
  while (written < 0 && errno == EINTR);
  go.write.reset();
  int child_errno = 0;
  ssize_t n;
  do n = ::read(exec_errno.read.get(), &child_errno, sizeof child_errno);
  while (n < 0 && errno == EINTR);
  if (n == sizeof child_errno) {  // closed without a word: exec succeeded
    reap_unstarted();
    return child_errno ? child_errno : ENOEXEC;
  }
  if (written != 1) {
    reap_unstarted();
    return EPIPE;
  }
  return 0;
}

enum class ReadResult { data, would_block, end };

// Reads what a pipe has into `into`, keeping the sum of both streams within
// `cap`; sets `over_cap` when the child printed more than fits (the excess is
// read and dropped, never kept). A read error counts as the end of the stream.
ReadResult read_some(int fd, std::string& into, std::uint64_t& total, std::uint64_t cap,
                     bool& over_cap) {
  char buf[65536];
  ssize_t n;
  do n = ::read(fd, buf, sizeof buf);
  while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ReadResult::would_block;
  if (n <= 0) return ReadResult::end;
  std::uint64_t keep = std::min<std::uint64_t>(cap - total, static_cast<std::uint64_t>(n));
  // Grow geometrically, but never past what this stream may still hold, so a
  // flooding child costs at most `cap` bytes of memory, not twice that.
  std::uint64_t need = into.size() + keep;
  if (need > into.capacity()) {
    std::uint64_t ceiling = cap - (total - into.size());
    into.reserve(
        std::min<std::uint64_t>(ceiling, std::max<std::uint64_t>(2 * into.capacity(), need)));
  }
  into.append(buf, keep);
  total += keep;
  if (keep < static_cast<std::uint64_t>(n)) over_cap = true;
  return ReadResult::data;
}

// "2 s", "1.5 s", "250 ms": a configured limit, printed as the user wrote it.
std::string exact_duration(std::chrono::nanoseconds d) {
  auto ns = d.count();
  auto plain = [](double v, const char* unit) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g %s", v, unit);
    return std::string(buf);
  };
  if (ns >= ns_per_s) return plain(static_cast<double>(ns) / 1e9, "s");
  if (ns >= 1'000'000) return plain(static_cast<double>(ns) / 1e6, "ms");
  return format_duration_ns(static_cast<double>(ns));
}

// "8 MiB", "512 KiB", "1.50 MiB": exact when the limit is a round number.
std::string exact_size(std::uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  if (bytes < (1u << 10)) return std::to_string(bytes) + " B";
  return format_bytes(static_cast<double>(bytes));
}

// The process group of the child being run, for the interrupt handler; 0
// when none. Lock-free so that a signal handler may read it.
std::atomic<pid_t> running_group{0};
static_assert(std::atomic<pid_t>::is_always_lock_free);

extern "C" void on_interrupt(int sig) {
  // Only async-signal-safe calls here.
  pid_t group = running_group.load();
  if (group > 0) ::kill(-group, SIGKILL);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

}  // namespace

void install_interrupt_cleanup() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

std::string find_executable(const std::string& name, const std::string& cwd) {
  if (name.empty()) return {};
  if (name.find('/') != std::string::npos) {
    std::string path = (name.front() == '/' || cwd.empty()) ? name : cwd + "/" + name;
    return is_executable_file(path) ? path : std::string();
  }
  const char* env_path = std::getenv("PATH");
  std::string_view dirs = env_path ? env_path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    auto colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    if (dir.empty()) dir = ".";  // an empty PATH entry means the working folder
    if (dir.front() != '/' && !cwd.empty()) dir = cwd + "/" + dir;
    std::string candidate = dir + "/" + name;
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) return {};
    dirs.remove_prefix(colon + 1);
  }
}

ProcessResult run_process(const ProcessSpec& spec) { return run_process(spec, BeforeExec()); }

ProcessResult run_process(const ProcessSpec& spec, const BeforeExec& before_exec) {
  ProcessResult result;
  const std::string shown_cwd = spec.cwd.empty() ? current_dir() : spec.cwd;
  if (spec.argv.empty() || spec.argv.front().empty()) {
    result.spawn_error = "could not start: no command given (cwd " + shown_cwd + ")";
    return result;
  }
  const std::string& name = spec.argv.front();
  auto spawn_failed = [&](const std::string& why) {
    result.outcome = ProcessResult::Outcome::spawn_failed;
    result.spawn_error = "could not start '" + name + "': " + why + " (cwd " + shown_cwd + ")";
    return result;
  };

  std::string path = find_executable(name, spec.cwd);
  if (path.empty()) return spawn_failed(why_not_executable(name, spec.cwd));
  // The child resolves a relative path after entering spec.cwd.
  if (path.front() != '/') path = current_dir() + "/" + path;
  if (!spec.cwd.empty()) {
    struct stat st {};
    if (::stat(spec.cwd.c_str(), &st) != 0)
      return spawn_failed("cannot enter working folder: " + std::string(std::strerror(errno)));
    if (!S_ISDIR(st.st_mode) || ::access(spec.cwd.c_str(), X_OK) != 0)
      return spawn_failed("cannot enter working folder: " +
                          std::string(std::strerror(S_ISDIR(st.st_mode) ? EACCES : ENOTDIR)));
  }
  std::vector<std::string> argv_strings = spec.argv;
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<std::string> env_strings = child_environment(spec.env);
  std::vector<char*> envp = c_strings(env_strings);

  Pipe out, err;
  if (!make_pipe(out) || !make_pipe(err))
    return spawn_failed(std::string("cannot create pipes: ") + std::strerror(errno));
  SpawnSetup setup;
  if (!setup.configure(out.write.get(), err.write.get(), spec.cwd))
    return spawn_failed("cannot prepare the child process");

  // posix_spawn rather than fork: glibc starts the child with vfork semantics
  // (no copy of perfgate's page tables, so the spawn cost in wall_ns does not
  // grow with perfgate's size) and returns once the child has exec'd, with the
  // errno of an exec that failed and the failed child already reaped.
  const std::int64_t start_ns = monotonic_ns();
  pid_t pid = 0;
  std::string hook_error;
  int spawn_errno = before_exec
                        ? fork_then_exec(path.c_str(), argv.data(), envp.data(), out.write.get(),
                                         err.write.get(), spec.cwd, before_exec, pid, hook_error)
                        : posix_spawn(&pid, path.c_str(), setup.actions(), setup.attr(),
                                      argv.data(), envp.data());
  out.write.reset();
  err.write.reset();
  if (!hook_error.empty()) return spawn_failed(hook_error);
  if (spawn_errno != 0) return spawn_failed(std::strerror(spawn_errno));
  running_group.store(pid);

  const std::int64_t deadline_ns =
      start_ns + std::min<std::int64_t>(spec.timeout.count(), INT64_MAX - start_ns);
  const std::uint64_t cap = spec.max_output_bytes;
  std::uint64_t total = 0;
  bool over_cap = false;
  Fd pidfd = open_pidfd(pid);
  enum class Stop { exited, timed_out, output_limit } stop = Stop::exited;

  while (true) {
    if (over_cap) {
      stop = Stop::output_limit;
      break;
    }
    if (!pidfd.valid() && has_exited(pid)) break;
    std::int64_t left_ns = deadline_ns - monotonic_ns();
    if (left_ns <= 0) {
      stop = Stop::timed_out;
      break;
    }
    pollfd fds[3];
    nfds_t n = 0;
    int out_i = -1, err_i = -1, pid_i = -1;
    if (out.read.valid()) fds[out_i = n++] = {out.read.get(), POLLIN, 0};
    if (err.read.valid()) fds[err_i = n++] = {err.read.get(), POLLIN, 0};
    if (pidfd.valid()) fds[pid_i = n++] = {pidfd.get(), POLLIN, 0};
    // Without a pidfd nothing wakes us when the child exits with its pipes
    // held open by a straggler, so look again every millisecond.
    std::int64_t wait_ms = (left_ns + 999'999) / 1'000'000;
    if (!pidfd.valid()) wait_ms = std::min<std::int64_t>(wait_ms, 1);
    int ready = ::poll(fds, n, static_cast<int>(std::min<std::int64_t>(wait_ms, 60'000)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      stop = Stop::timed_out;  // cannot watch the child any more: stop it
      break;
    }
    if (out_i >= 0 && fds[out_i].revents &&
        read_some(out.read.get(), result.stdout_text, total, cap, over_cap) == ReadResult::end)
      out.read.reset();
    if (err_i >= 0 && fds[err_i].revents &&
        read_some(err.read.get(), result.stderr_text, total, cap, over_cap) == ReadResult::end)
      err.read.reset();
    if (pid_i >= 0 && fds[pid_i].revents && !over_cap) break;
  }

  // The main child has exited (still a zombie), or perfgate stops it. Either
  // way nothing of its process group may outlive this call.
  if (stop != Stop::exited) ::kill(pid, SIGKILL);
  ::kill(-pid, SIGKILL);
  int wait_status = 0;
  rusage usage{};
  reap(pid, wait_status, usage);
  running_group.store(0);
  result.wall_ns = monotonic_ns() - start_ns;
  result.user_ns = timeval_ns(usage.ru_utime);
  result.system_ns = timeval_ns(usage.ru_stime);
  result.peak_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // KiB

  // Drain what is already in the pipes without waiting for end of file: a
  // killed straggler may not have closed its copy yet.
  for (Fd* fd : {&out.read, &err.read}) {
    if (!fd->valid()) continue;
    fcntl(fd->get(), F_SETFL, fcntl(fd->get(), F_GETFL) | O_NONBLOCK);
    std::string& into = fd == &out.read ? result.stdout_text : result.stderr_text;
    while (!over_cap && read_some(fd->get(), into, total, cap, over_cap) == ReadResult::data) {
    }
    fd->reset();
  }
  if (over_cap && stop == Stop::exited) stop = Stop::output_limit;

  switch (stop) {
    case Stop::timed_out:
      result.outcome = ProcessResult::Outcome::timed_out;
      break;
    case Stop::output_limit:
      result.outcome = ProcessResult::Outcome::output_limit;
      break;
    case Stop::exited:
      if (WIFSIGNALED(wait_status)) {
        result.outcome = ProcessResult::Outcome::signaled;
        result.signal = WTERMSIG(wait_status);
      } else {
        result.outcome = ProcessResult::Outcome::exited;
        result.exit_status = WEXITSTATUS(wait_status);
      }
      break;
  }
  return result;
}

namespace {

// "; stderr: <its last non-empty line>" (cut to 200 bytes), or "" when it
// printed nothing: usually the program's own word on why it failed.
std::string stderr_tail(const std::string& err) {
  std::size_t end = err.size();
  while (end > 0 && (err[end - 1] == '\n' || err[end - 1] == '\r' || err[end - 1] == ' ')) --end;
  if (end == 0) return "";
  const std::size_t start =
      err.rfind('\n', end - 1) == std::string::npos ? 0 : err.rfind('\n', end - 1) + 1;
  std::string last = err.substr(start, end - start);
  if (last.size() > 200) last = last.substr(0, 200) + "...";
  return "; stderr: " + last;
}

}  // namespace

std::string ProcessResult::describe_failure(const ProcessSpec& spec) const {
  switch (outcome) {
    case Outcome::exited:
      return exit_status == 0
                 ? std::string()
                 : "exited with status " + std::to_string(exit_status) + stderr_tail(stderr_text);
    case Outcome::signaled: {
      const char* name = strsignal(signal);
      return "killed by signal " + std::to_string(signal) + " (" +
             (name ? name : "unknown signal") + ")" + stderr_tail(stderr_text);
    }
    case Outcome::timed_out:
      return "timed out after " + exact_duration(spec.timeout) + "; process group killed";
    case Outcome::output_limit:
      return "printed more than " + exact_size(spec.max_output_bytes) +
             " (max_output) to stdout and stderr; process group killed; print less or raise "
             "max_output";
    case Outcome::spawn_failed:
      return spawn_error.empty() ? std::string("could not start") : spawn_error;
  }
  return {};
}

}  // namespace perfgate
