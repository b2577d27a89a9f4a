#include "collect/command_line.hpp"

#include <gtest/gtest.h>

namespace perfgate {
namespace {

using Argv = std::vector<std::string>;

TEST(CommandLine, PlainWordsRunDirectlySplitAtBlanks) {
  EXPECT_EQ(command_argv("build/dp_workload --work 100 --slowdown 2"),
            (Argv{"build/dp_workload", "--work", "100", "--slowdown", "2"}));
  EXPECT_EQ(command_argv("  sleep\t0.1 "), (Argv{"sleep", "0.1"}));
  EXPECT_EQ(command_argv("./bench --threshold=1% --out a,b:c@d+e"),
            (Argv{"./bench", "--threshold=1%", "--out", "a,b:c@d+e"}));
}

TEST(CommandLine, AnythingAShellWouldReadDifferentlyKeepsTheShell) {
  for (const std::string cmd :
       {"echo 'a b'", "echo \"$HOME\"", "ls *.txt", "a | b", "a > out", "a; b", "a && b", "a &",
        "cd build", "LLM_KERNELS=generic ./gen", "exit 3", "echo ~", "a $(b)", "a `b`",
        "echo a\\ b", "x\ny", "[ -f x ]", "f() { :; }", ". ./env", "", "   "}) {
    EXPECT_FALSE(runs_without_shell(cmd)) << cmd;
    EXPECT_EQ(command_argv(cmd), (Argv{"/bin/sh", "-c", cmd})) << cmd;
  }
}

}  // namespace
}  // namespace perfgate
