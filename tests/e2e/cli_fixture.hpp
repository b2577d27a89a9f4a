// The fixture of the end-to-end tests: each test works in its own temporary
// folder and runs the real perfgate binary there (PERFGATE_BIN), with
// NO_COLOR set so output is plain.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace perfgate::e2e {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/perfgate-e2e-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }

  // Runs `perfgate ARGS` in the test folder, with extra environment `env`
  // ("A=1 B=2"), NO_COLOR set so output is plain.
  Result perfgate(const std::string& args, const std::string& env = "") {
    std::string cmd = "cd '" + dir_.string() + "' && env NO_COLOR=1 " + env + " '" + PERFGATE_BIN +
                      "' " + args + " >out.txt 2>err.txt";
    int status = std::system(cmd.c_str());
    Result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(dir_ / "out.txt");
    r.err = slurp(dir_ / "err.txt");
    return r;
  }

  // Runs a shell command in the test folder; its stdout without the final
  // newline. A failure fails the test, with the command's stderr.
  std::string sh(const std::string& cmd) {
    const std::string full = "cd '" + dir_.string() + "' && (" + cmd + ") >sh.txt 2>sh-err.txt";
    const int status = std::system(full.c_str());
    EXPECT_EQ(status, 0) << cmd << ": " << slurp(dir_ / "sh-err.txt");
    std::string out = slurp(dir_ / "sh.txt");
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  // Makes the test folder a git repository on branch main with a local
  // identity, so that tests can commit.
  void git_init() {
    sh("git init -q -b main . && git config user.name perfgate-test && "
       "git config user.email test@perfgate.invalid && git config commit.gpgsign false");
  }

  fs::path dir_;
};

}  // namespace perfgate::e2e
