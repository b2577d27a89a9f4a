// Runs one child process and measures it: wall time on the monotonic clock,
// user and system CPU time and peak RSS from wait4, exit status or signal.
//
// The child runs in its own process group. A time-out kills the whole group;
// so does reaching the end of the main child (stragglers it forked and left
// behind are killed, so they cannot hold the output pipes open or load the
// machine during the next repetition). Output is captured through pipes with a
// bound: a child that prints more than max_output_bytes (stdout + stderr) is
// killed and the repetition fails — a flooding benchmark is never a sample.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace perfgate {

struct ProcessSpec {
  std::vector<std::string> argv;           // argv[0] is looked up on PATH if it has no '/'
  std::string cwd;                         // empty: perfgate's own working folder
  std::map<std::string, std::string> env;  // set on top of perfgate's environment
  std::chrono::nanoseconds timeout = std::chrono::seconds(60);  // from the start of spawn
  std::uint64_t max_output_bytes = 8u << 20;                    // stdout + stderr together
};

struct ProcessResult {
  enum class Outcome {
    exited,        // exited on its own; see exit_status
    signaled,      // killed by a signal it did not get from perfgate
    timed_out,     // perfgate killed the group at the time-out
    output_limit,  // perfgate killed the group: too much output
    spawn_failed,  // could not be started (see spawn_error)
  };
  Outcome outcome = Outcome::spawn_failed;
  int exit_status = -1;  // valid when outcome == exited
  int signal = 0;        // valid when outcome == signaled
  // One line when outcome == spawn_failed, naming the command, the reason and
  // the working folder: "could not start './bench': No such file or directory
  // (cwd /x)", "could not start 'foo': command not found on PATH (cwd /x)".
  std::string spawn_error;
  std::int64_t wall_ns = 0;  // start of spawn to reaping the main child
  std::int64_t user_ns = 0;
  std::int64_t system_ns = 0;
  // From ru_maxrss. Linux starts a child's peak at its parent's resident size
  // at spawn (with fork, vfork or posix_spawn alike), so a benchmark smaller
  // than perfgate itself reads as perfgate's size: keep perfgate small.
  std::uint64_t peak_rss_bytes = 0;
  std::string stdout_text;  // at most max_output_bytes in total with stderr
  std::string stderr_text;

  // Exited with status 0.
  bool ok() const { return outcome == Outcome::exited && exit_status == 0; }
  // One line for a failed run: "exited with status 3", "killed by signal 11
  // (Segmentation fault)" (either followed by "; stderr: <its last line>"
  // when the program printed one), "timed out after 2 s; process group killed",
  // "printed more than 8 MiB (max_output); ...", or spawn_error as it is.
  // Empty when ok().
  std::string describe_failure(const ProcessSpec& spec) const;
};

// Never throws for anything the child does; the outcome says what happened.
// Blocks the calling thread until the child is reaped. stdin is /dev/null.
// Leaves no file descriptor open and no child unreaped; stragglers the child
// leaves behind are killed and become init's to reap.
ProcessResult run_process(const ProcessSpec& spec);

// Runs in perfgate after the child is created (its pid is known, it is in its
// own process group, its output goes to the pipes) and before it execs the
// program: the place to attach something to the child that must see all of
// its life, such as a performance counter (collect/instructions.cpp). Returns
// "" to let the child exec, or one line saying why not: the child is then
// killed unstarted and the result is spawn_failed with that line.
using BeforeExec = std::function<std::string(pid_t child)>;

// As above, but the child is started with fork and a handshake instead of
// posix_spawn, and `before_exec` runs in between. fork copies perfgate's page
// tables, so wall_ns includes a little more spawn cost than run_process(spec):
// use this only where the hook is needed, never for timed repetitions.
ProcessResult run_process(const ProcessSpec& spec, const BeforeExec& before_exec);

// Installs handlers for SIGINT, SIGTERM and SIGHUP that kill the process
// group of the benchmark running at that moment (it runs in its own group, so
// a Ctrl-C on the terminal does not reach it), then let perfgate die of the
// same signal. Call once, early in main.
void install_interrupt_cleanup();

// Resolves argv[0] the way run_process will: with a '/', relative to cwd
// (returned as "cwd/name"); without, on perfgate's own PATH (spec.env does not
// change where commands are found). Returns the path, or empty when it is not
// an executable regular file.
std::string find_executable(const std::string& name, const std::string& cwd);

}  // namespace perfgate
