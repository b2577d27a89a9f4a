#include "collect/process.hpp"

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace perfgate {
namespace {

namespace fs = std::filesystem;
using Outcome = ProcessResult::Outcome;
using namespace std::chrono_literals;

constexpr std::int64_t ms = 1'000'000;  // nanoseconds

const std::string child = std::string(PERFGATE_TEST_HELPERS_DIR) + "/collect_child";

ProcessSpec spec_of(std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.timeout = 20s;  // a hang fails the test instead of blocking it
  return spec;
}

// A fresh folder under the system temp folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "perfgate-process-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

pid_t read_pid(const std::string& file) {
  std::ifstream in(file);
  int pid = 0;
  in >> pid;
  return pid;
}

// The state letter of /proc/PID/stat, or 0 when the process does not exist.
char process_state(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() ? 0 : text[close + 2];
}

// Gone, or dead and waiting to be reaped by init: a zombie holds no CPU or
// pipes. (In some containers PID 1 never reaps orphans, so a killed orphan can
// stay a zombie; it is still dead.)
bool is_dead(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) return true;
  return process_state(pid) == 'Z';
}

// Live (non-zombie) members of process group `pgid`.
int live_members(pid_t pgid) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto close = text.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (std::sscanf(text.c_str() + close + 1, " %c %ld %ld", &state, &ppid, &pgrp) == 3 &&
        pgrp == pgid && state != 'Z')
      ++count;
  }
  return count;
}

// Waits up to 2 s for `done` (SIGKILL is delivered asynchronously).
template <typename Pred>
bool eventually(Pred done) {
  for (auto until = std::chrono::steady_clock::now() + 2s; std::chrono::steady_clock::now() < until;
       std::this_thread::sleep_for(10ms))
    if (done()) return true;
  return done();
}

int open_fd_count() {
  int count = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++count;
  return count;
}

TEST(RunProcess, SuccessfulCommandIsOkWithItsOutputAndTimes) {
  ProcessResult r = run_process(spec_of({"/bin/sh", "-c", "echo out; echo err >&2"}));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.outcome, Outcome::exited);
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.stdout_text, "out\n");
  EXPECT_EQ(r.stderr_text, "err\n");
  EXPECT_GT(r.wall_ns, 0);
  EXPECT_GT(r.peak_rss_bytes, 0u);
  EXPECT_EQ(r.describe_failure(spec_of({})), "");
}

TEST(RunProcess, CommandWithoutSlashIsFoundOnPath) {
  ProcessResult r = run_process(spec_of({"sh", "-c", "exit 0"}));
  EXPECT_TRUE(r.ok()) << r.spawn_error;
}

TEST(RunProcess, StdinIsEmpty) {
  ProcessResult r = run_process(spec_of({"cat"}));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.stdout_text, "");
}

TEST(RunProcess, NonZeroExitIsReportedWithItsStatus) {
  ProcessSpec spec = spec_of({child, "exit", "3"});
  ProcessResult r = run_process(spec);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.outcome, Outcome::exited);
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.describe_failure(spec), "exited with status 3");
}

TEST(RunProcess, SegfaultIsReportedAsSignalWithItsName) {
  ProcessSpec spec = spec_of({child, "crash", "segv"});
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.outcome, Outcome::signaled);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.describe_failure(spec), "killed by signal 11 (Segmentation fault)");
}

TEST(RunProcess, AbortIsReportedAsSignalWithItsName) {
  ProcessSpec spec = spec_of({child, "crash", "abort"});
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.outcome, Outcome::signaled);
  EXPECT_EQ(r.signal, SIGABRT);
  EXPECT_NE(r.describe_failure(spec).find("Aborted"), std::string::npos)
      << r.describe_failure(spec);
}

TEST(RunProcess, TimeoutKillsTheWholeProcessGroupPromptly) {
  TempDir dir;
  std::string pid_file = dir.path() + "/pid";
  ProcessSpec spec = spec_of({child, "sleep", "30", pid_file});
  spec.timeout = 300ms;
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.outcome, Outcome::timed_out);
  EXPECT_GE(r.wall_ns, 300 * ms);
  EXPECT_LT(r.wall_ns, 3000 * ms);  // far below the 30 s sleep
  EXPECT_EQ(r.describe_failure(spec), "timed out after 300 ms; process group killed");
  pid_t pid = read_pid(pid_file);
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(eventually([&] { return live_members(pid) == 0; }))
      << live_members(pid) << " processes of group " << pid << " still alive";
}

TEST(RunProcess, StragglerLeftBehindIsKilledAndDoesNotHoldTheCallOpen) {
  TempDir dir;
  std::string pid_file = dir.path() + "/pid";
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_process(spec_of({child, "orphan", pid_file}));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.ok()) << r.describe_failure(spec_of({}));
  EXPECT_LT(elapsed, 5s);  // the grandchild sleeps 30 s holding stdout open
  EXPECT_NE(r.stdout_text.find("forked"), std::string::npos);
  pid_t grandchild = read_pid(pid_file);
  ASSERT_GT(grandchild, 0);
  EXPECT_TRUE(eventually([&] { return is_dead(grandchild); }))
      << "grandchild " << grandchild << " still alive";
}

TEST(RunProcess, OutputOverTheLimitStopsTheChildAndKeepsAtMostTheLimit) {
  ProcessSpec spec = spec_of({child, "print", "10000000"});
  spec.max_output_bytes = 8u << 20;
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.outcome, Outcome::output_limit);
  EXPECT_LE(r.stdout_text.size() + r.stderr_text.size(), spec.max_output_bytes);
  EXPECT_LE(r.stdout_text.capacity(), spec.max_output_bytes);  // memory stays bounded
  EXPECT_EQ(r.describe_failure(spec).rfind("printed more than 8 MiB (max_output)", 0), 0u)
      << r.describe_failure(spec);
}

TEST(RunProcess, OutputUnderTheLimitIsCapturedWhole) {
  ProcessSpec spec = spec_of({child, "print", "10000000"});
  spec.max_output_bytes = 16u << 20;
  ProcessResult r = run_process(spec);
  EXPECT_TRUE(r.ok()) << r.describe_failure(spec);
  EXPECT_EQ(r.stdout_text.size(), 10000000u);
}

TEST(RunProcess, PeakRssCountsTouchedMemory) {
  ProcessResult r = run_process(spec_of({child, "alloc", "128"}));
  ASSERT_TRUE(r.ok());
  EXPECT_GE(r.peak_rss_bytes, 100u << 20);
  EXPECT_LT(r.peak_rss_bytes, 1024u << 20);
}

TEST(RunProcess, CpuBoundChildHasUserTime) {
  ProcessResult r = run_process(spec_of({child, "burn", "200"}));
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r.user_ns, 100 * ms);
  EXPECT_GE(r.wall_ns, r.user_ns / 2);  // single-threaded: wall is not far below CPU
}

TEST(RunProcess, MissingCommandFailsToSpawnNamingIt) {
  ProcessSpec spec = spec_of({"perfgate-no-such-command", "x"});
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.outcome, Outcome::spawn_failed);
  EXPECT_NE(r.spawn_error.find("'perfgate-no-such-command'"), std::string::npos) << r.spawn_error;
  EXPECT_EQ(r.describe_failure(spec), r.spawn_error);
}

TEST(RunProcess, MissingPathFailsToSpawnWithTheReasonAndFolder) {
  TempDir dir;
  ProcessSpec spec = spec_of({"./bench"});
  spec.cwd = dir.path();
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.outcome, Outcome::spawn_failed);
  EXPECT_EQ(r.spawn_error,
            "could not start './bench': No such file or directory (cwd " + dir.path() + ")");
}

TEST(RunProcess, ExecFailureInTheChildIsReportedAsSpawnFailure) {
  TempDir dir;
  std::string junk = dir.path() + "/junk";
  std::ofstream(junk) << "\x01\x02 not a program\n";
  fs::permissions(junk, fs::perms::owner_all);
  ProcessResult r = run_process(spec_of({junk}));
  EXPECT_EQ(r.outcome, Outcome::spawn_failed);
  EXPECT_NE(r.spawn_error.find("Exec format error"), std::string::npos) << r.spawn_error;
}

TEST(RunProcess, BadWorkingFolderFailsToSpawn) {
  ProcessSpec spec = spec_of({child, "exit", "0"});
  spec.cwd = "/nonexistent/perfgate-folder";
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.outcome, Outcome::spawn_failed);
  EXPECT_NE(r.spawn_error.find("working folder"), std::string::npos) << r.spawn_error;
  EXPECT_NE(r.spawn_error.find(spec.cwd), std::string::npos) << r.spawn_error;
}

TEST(RunProcess, WorkingFolderAndEnvironmentAreHonoured) {
  TempDir dir;
  ProcessSpec spec = spec_of({child, "env", "PERFGATE_TEST_VALUE"});
  spec.cwd = dir.path();
  spec.env["PERFGATE_TEST_VALUE"] = "forty two";
  ProcessResult r = run_process(spec);
  ASSERT_TRUE(r.ok()) << r.describe_failure(spec);
  EXPECT_EQ(r.stdout_text, fs::canonical(dir.path()).string() + "\nforty two\n");
}

TEST(RunProcess, EnvironmentIsAddedOnTopOfPerfgates) {
  ASSERT_NE(std::getenv("PATH"), nullptr);
  ProcessSpec spec = spec_of({child, "env", "PATH"});
  spec.env["PERFGATE_TEST_VALUE"] = "1";
  ProcessResult r = run_process(spec);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r.stdout_text.find(std::getenv("PATH")), std::string::npos);
}

TEST(RunProcess, RelativeCommandIsResolvedAgainstTheWorkingFolder) {
  ProcessSpec spec = spec_of({"./collect_child", "exit", "5"});
  spec.cwd = PERFGATE_TEST_HELPERS_DIR;
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.outcome, Outcome::exited) << r.spawn_error;
  EXPECT_EQ(r.exit_status, 5);
}

TEST(RunProcess, LeavesNoOpenFilesOrUnreapedChildren) {
  int before = open_fd_count();
  run_process(spec_of({child, "exit", "0"}));
  run_process(spec_of({"perfgate-no-such-command"}));
  ProcessSpec bad_cwd = spec_of({child, "exit", "0"});
  bad_cwd.cwd = "/nonexistent";
  run_process(bad_cwd);
  ProcessSpec timeout = spec_of({child, "sleep", "30"});
  timeout.timeout = 50ms;
  run_process(timeout);
  EXPECT_EQ(open_fd_count(), before);
  errno = 0;
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(FindExecutable, FindsCommandsOnPathAndRejectsOthers) {
  EXPECT_EQ(find_executable("sh", "").empty(), false);
  EXPECT_EQ(find_executable("perfgate-no-such-command", ""), "");
  EXPECT_EQ(find_executable("/etc/passwd", ""), "");  // not executable
  EXPECT_EQ(find_executable("/", ""), "");            // a folder
  EXPECT_EQ(find_executable("./collect_child", PERFGATE_TEST_HELPERS_DIR),
            std::string(PERFGATE_TEST_HELPERS_DIR) + "/./collect_child");
}

TEST(DescribeFailure, NamesLimitsAsConfigured) {
  ProcessSpec spec;
  spec.timeout = 2s;
  spec.max_output_bytes = 512u << 10;
  ProcessResult r;
  r.outcome = Outcome::timed_out;
  EXPECT_EQ(r.describe_failure(spec), "timed out after 2 s; process group killed");
  spec.timeout = 1500ms;
  EXPECT_EQ(r.describe_failure(spec), "timed out after 1.5 s; process group killed");
  r.outcome = Outcome::output_limit;
  EXPECT_EQ(r.describe_failure(spec).rfind("printed more than 512 KiB", 0), 0u);
}

// run_process with a hook between fork and exec (used to attach counters).
TEST(RunProcessBeforeExec, HookSeesTheUnstartedChildInItsOwnGroupThenItRuns) {
  TempDir dir;
  ProcessSpec spec = spec_of({child, "env", "PERFGATE_HOOK_TEST"});
  spec.cwd = dir.path();
  spec.env["PERFGATE_HOOK_TEST"] = "from spec";
  pid_t seen = 0, group = 0;
  ProcessResult r = run_process(spec, [&](pid_t pid) {
    seen = pid;
    group = getpgid(pid);
    return std::string();
  });
  ASSERT_TRUE(r.ok()) << r.describe_failure(spec);
  EXPECT_GT(seen, 0);
  EXPECT_EQ(group, seen);  // its own process group, before exec
  EXPECT_EQ(r.stdout_text, fs::canonical(dir.path()).string() + "\nfrom spec\n");
}

TEST(RunProcessBeforeExec, HookThatRefusesKillsTheChildBeforeTheProgramRuns) {
  TempDir dir;
  std::string pidfile = dir.path() + "/pid";
  ProcessSpec spec = spec_of({child, "sleep", "5", pidfile});
  ProcessResult r = run_process(spec, [](pid_t) { return std::string("no counter here"); });
  EXPECT_EQ(r.outcome, Outcome::spawn_failed);
  EXPECT_NE(r.spawn_error.find("no counter here"), std::string::npos) << r.spawn_error;
  EXPECT_FALSE(fs::exists(pidfile));  // the program never started
  EXPECT_LT(r.wall_ns, 4000 * ms);
}

TEST(RunProcessBeforeExec, KeepsTimeOutAndExitStatusAsWithoutAHook) {
  ProcessSpec spec = spec_of({child, "exit", "3"});
  ProcessResult r = run_process(spec, [](pid_t) { return std::string(); });
  EXPECT_EQ(r.outcome, Outcome::exited);
  EXPECT_EQ(r.exit_status, 3);
  spec = spec_of({child, "sleep", "30"});
  spec.timeout = 200ms;
  r = run_process(spec, [](pid_t) { return std::string(); });
  EXPECT_EQ(r.outcome, Outcome::timed_out);
}

TEST(RunProcessBeforeExec, ExecFailureComesBackAsSpawnFailed) {
  TempDir dir;
  std::string script = dir.path() + "/not-a-program";
  std::ofstream(script) << "\x01\x02 not an executable format";
  fs::permissions(script, fs::perms::owner_all);
  ProcessSpec spec = spec_of({script});
  ProcessResult r = run_process(spec, [](pid_t) { return std::string(); });
  EXPECT_EQ(r.outcome, Outcome::spawn_failed);
  EXPECT_NE(r.spawn_error.find(std::strerror(ENOEXEC)), std::string::npos) << r.spawn_error;
}

}  // namespace
}  // namespace perfgate
