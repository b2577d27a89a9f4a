// The end-to-end tests of `perfgate serve` and `perfgate push`: a real
// server process, started and stopped by the test, whose port the test
// reads from the line it prints when listening.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "../support/free_port.hpp"
#include "cli_fixture.hpp"

namespace perfgate::e2e {

using test_support::free_loopback_port;

// `perfgate serve` as a child of the test, in `dir`, its stderr in
// dir/serve.log. Stopped (SIGTERM) and waited for by stop() or the
// destructor.
class ServeProcess {
 public:
  ServeProcess(const fs::path& dir, const std::vector<std::string>& args) : dir_(dir) {
    const std::string log = (dir / "serve.log").string();
    // Everything the child needs is made before fork: it only calls
    // async-signal-safe functions until exec.
    std::vector<std::string> all = {PERFGATE_BIN, "serve"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::chdir(dir.c_str()) != 0) ::_exit(127);
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execv(PERFGATE_BIN, argv.data());
      ::_exit(127);
    }
  }
  ~ServeProcess() { stop(); }

  // The port from "listening on http://HOST:PORT", waiting for the line (at
  // most a minute: a server that never starts fails the test, a slow one
  // does not). 0 when the process ended or never said it.
  int wait_until_listening() {
    const std::regex listening(R"(listening on http://[^ ]*:([0-9]+))");
    for (int i = 0; i < 600; ++i) {
      std::smatch m;
      const std::string text = log();
      if (std::regex_search(text, m, listening)) return std::stoi(m[1]);
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
  }

  // Sends SIGTERM and returns the exit status (-1 for a signal).
  int stop() {
    if (pid_ <= 0) return exit_status_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_status_;
  }

  std::string log() const { return slurp(dir_ / "serve.log"); }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int exit_status_ = -1;
};

}  // namespace perfgate::e2e
