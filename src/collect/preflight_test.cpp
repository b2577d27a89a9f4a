#include "collect/preflight.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "collect/environment.hpp"

namespace perfgate {
namespace {

using Status = PreflightCheck::Status;

// These tests cannot know whether this machine is quiet, so they check the
// shape of the answer rather than its verdicts.
TEST(Preflight, RunsTheFiveChecksInOrderEachWithAMessage) {
  auto checks = run_preflight(probe_environment(""));
  ASSERT_EQ(checks.size(), 5u);
  const char* names[] = {"load", "busy_process", "battery", "governor", "swap"};
  for (std::size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(checks[i].name, names[i]);
    EXPECT_FALSE(checks[i].message.empty()) << checks[i].name;
    if (checks[i].status == Status::warning) {
      EXPECT_NE(checks[i].message.find(';'), std::string::npos)
          << "a warning says what to do: " << checks[i].message;
    }
  }
}

TEST(Preflight, AnotherProcessBurningCpuIsAWarning) {
  // An orphan (not perfgate's descendant, which the check ignores) that burns
  // a core for a second and then exits on its own.
  const std::string child = std::string(PERFGATE_TEST_HELPERS_DIR) + "/collect_child";
  pid_t middle = fork();
  ASSERT_GE(middle, 0);
  if (middle == 0) {
    if (fork() == 0) {
      freopen("/dev/null", "w", stdout);
      execl(child.c_str(), "collect_child", "burn", "1000", nullptr);
    }
    _exit(0);
  }
  waitpid(middle, nullptr, 0);
  usleep(50'000);  // let it start burning
  auto busy = run_preflight(Environment{})[1];
  ASSERT_EQ(busy.name, "busy_process");
  EXPECT_EQ(busy.status, Status::warning) << busy.message;
  EXPECT_NE(busy.message.find("% of a core"), std::string::npos) << busy.message;
}

TEST(Preflight, HighLoadWarnsWithTheNumbersAndWhatToDo) {
  Environment env;
  env.logical_cores = 2;
  env.load_average_1m = 3.2;
  auto checks = run_preflight(env);
  EXPECT_EQ(checks[0].status, Status::warning);
  EXPECT_EQ(checks[0].message,
            "load average 3.2 on 2 cores: other work is running; wait for it to finish or use a "
            "quiet machine");
}

TEST(Preflight, LowLoadIsOk) {
  Environment env;
  env.logical_cores = 8;
  env.load_average_1m = 0.5;
  EXPECT_EQ(run_preflight(env)[0].status, Status::ok);
}

TEST(Preflight, UnknownFactsAreSkippedNotWarned) {
  Environment env;  // no load average, no governor
  auto checks = run_preflight(env);
  EXPECT_EQ(checks[0].status, Status::skipped);
  EXPECT_EQ(checks[3].status, Status::skipped);
  EXPECT_FALSE(checks[3].message.empty());
}

TEST(Preflight, GovernorOtherThanPerformanceWarns) {
  Environment env;
  env.governor = "powersave";
  auto governor = run_preflight(env)[3];
  EXPECT_EQ(governor.status, Status::warning);
  EXPECT_NE(governor.message.find("'powersave'"), std::string::npos) << governor.message;
  env.governor = "performance";
  EXPECT_EQ(run_preflight(env)[3].status, Status::ok);
}

}  // namespace
}  // namespace perfgate
