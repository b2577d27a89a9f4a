#include "collect/instructions.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace perfgate {
namespace {

const std::string fixed_work = std::string(PERFGATE_TEST_HELPERS_DIR) + "/fixed_work";

ProcessSpec work(std::uint64_t iterations) {
  ProcessSpec spec;
  spec.argv = {fixed_work, std::to_string(iterations)};
  spec.timeout = std::chrono::seconds(120);  // callgrind runs the program 20-50x slower
  return spec;
}

std::uint64_t count(const ProcessSpec& spec, InstructionCounter how) {
  InstructionCount c = count_instructions(spec, how);
  EXPECT_TRUE(c.ok) << c.failure;
  EXPECT_TRUE(c.process.ok()) << c.process.stderr_text;
  return c.instructions;
}

// The messages are one line each, say what is wrong and what to do.
void expect_one_actionable_line(const std::string& why) {
  EXPECT_FALSE(why.empty());
  EXPECT_EQ(why.find('\n'), std::string::npos) << why;
  EXPECT_TRUE(why.find("install") != std::string::npos ||
              why.find("use --counter") != std::string::npos ||
              why.find("sysctl") != std::string::npos)
      << why;
}

#define SKIP_UNLESS_USABLE(how)                                                             \
  do {                                                                                      \
    std::string why_not = instruction_counter_unavailable(how);                             \
    if (!why_not.empty()) GTEST_SKIP() << instruction_counter_name(how) << ": " << why_not; \
  } while (0)

TEST(InstructionCounter, NamesItsCounters) {
  EXPECT_STREQ(instruction_counter_name(InstructionCounter::perf), "perf");
  EXPECT_STREQ(instruction_counter_name(InstructionCounter::callgrind), "callgrind");
}

TEST(InstructionCounter, UnavailableCounterSaysWhyInOneLineWithWhatToDo) {
  bool any_unavailable = false;
  for (auto how : {InstructionCounter::perf, InstructionCounter::callgrind}) {
    std::string why = instruction_counter_unavailable(how);
    if (why.empty()) continue;
    any_unavailable = true;
    expect_one_actionable_line(why);
  }
  if (!any_unavailable) GTEST_SKIP() << "both counters are usable here";
}

TEST(InstructionCounter, CallgrindIsMissingWhenValgrindIsNotOnPath) {
  const char* old = std::getenv("PATH");
  std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent", 1);
  std::string why = instruction_counter_unavailable(InstructionCounter::callgrind);
  InstructionCount c = count_instructions(work(10), InstructionCounter::callgrind);
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(why, "valgrind is not installed; install it with: apt-get install valgrind");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.failure.find("valgrind is not installed"), std::string::npos) << c.failure;
}

TEST(InstructionCounter, DefaultIsPerfOnlyWhenPerfIsUsable) {
  bool perf_usable = instruction_counter_unavailable(InstructionCounter::perf).empty();
  EXPECT_EQ(default_instruction_counter(),
            perf_usable ? InstructionCounter::perf : InstructionCounter::callgrind);
}

// ---- callgrind: exact ---------------------------------------------------------

TEST(CallgrindCount, SameProgramAndInputCountsExactlyTheSameTwice) {
  SKIP_UNLESS_USABLE(InstructionCounter::callgrind);
  std::uint64_t first = count(work(200000), InstructionCounter::callgrind);
  std::uint64_t second = count(work(200000), InstructionCounter::callgrind);
  EXPECT_GT(first, 200000u);
  EXPECT_EQ(first, second);
}

TEST(CallgrindCount, GrowsInProportionToTheWork) {
  SKIP_UNLESS_USABLE(InstructionCounter::callgrind);
  const std::uint64_t n = 200000;
  double c1 = static_cast<double>(count(work(n), InstructionCounter::callgrind));
  double c2 = static_cast<double>(count(work(2 * n), InstructionCounter::callgrind));
  double c3 = static_cast<double>(count(work(3 * n), InstructionCounter::callgrind));
  ASSERT_LT(c1, c2);
  // Each iteration costs the same: N more iterations, the same more instructions.
  EXPECT_NEAR(c3 - c2, c2 - c1, 0.01 * (c2 - c1));
  // And the loop is a few instructions per iteration (an LCG step, a volatile
  // load and store, the loop test), not zero and not hundreds.
  double per_iteration = (c2 - c1) / static_cast<double>(n);
  EXPECT_GT(per_iteration, 3.0);
  EXPECT_LT(per_iteration, 30.0);
}

TEST(CallgrindCount, ShellCommandCountsTheProgramItStarts) {
  SKIP_UNLESS_USABLE(InstructionCounter::callgrind);
  ProcessSpec shell = work(0);
  shell.argv = {"/bin/sh", "-c", fixed_work + " 400000; " + fixed_work + " 400000"};
  std::uint64_t direct = count(work(400000), InstructionCounter::callgrind);
  std::uint64_t twice = count(shell, InstructionCounter::callgrind);
  // Both children are counted: at least twice the program's own count.
  EXPECT_GE(twice, 2 * direct);
  EXPECT_LT(twice, 2 * direct + direct / 2);
}

TEST(CallgrindCount, FailingProgramIsNotACount) {
  SKIP_UNLESS_USABLE(InstructionCounter::callgrind);
  ProcessSpec spec = work(0);
  spec.argv = {fixed_work};  // no argument: exits 2
  InstructionCount c = count_instructions(spec, InstructionCounter::callgrind);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.failure,
            "the process failed: exited with status 2; stderr: usage: fixed_work ITERATIONS");
  EXPECT_EQ(c.process.exit_status, 2);
}

TEST(CallgrindCount, KeepsTheProgramsOutputFreeOfValgrindMessages) {
  SKIP_UNLESS_USABLE(InstructionCounter::callgrind);
  InstructionCount c = count_instructions(work(5), InstructionCounter::callgrind);
  ASSERT_TRUE(c.ok) << c.failure;
  EXPECT_FALSE(c.process.stdout_text.empty());
  EXPECT_EQ(c.process.stderr_text, "");
}

TEST(CallgrindCount, ProgramThatCannotBeFoundFailsToStart) {
  SKIP_UNLESS_USABLE(InstructionCounter::callgrind);
  ProcessSpec spec = work(0);
  spec.argv = {"perfgate-no-such-program"};
  InstructionCount c = count_instructions(spec, InstructionCounter::callgrind);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.process.outcome, ProcessResult::Outcome::spawn_failed);
  EXPECT_NE(c.failure.find("command not found on PATH"), std::string::npos) << c.failure;
}

// ---- perf: hardware counter -----------------------------------------------------

TEST(PerfCount, TwiceTheWorkCountsRoughlyTwiceTheLoop) {
  SKIP_UNLESS_USABLE(InstructionCounter::perf);
  const std::uint64_t n = 5'000'000;
  double c0 = static_cast<double>(count(work(0), InstructionCounter::perf));
  double c1 = static_cast<double>(count(work(n), InstructionCounter::perf));
  double c2 = static_cast<double>(count(work(2 * n), InstructionCounter::perf));
  // The loop dominates: its instructions double, start-up stays the same.
  EXPECT_NEAR(c2 - c0, 2 * (c1 - c0), 0.03 * (c1 - c0));
}

TEST(PerfCount, ShellCommandCountsItsChildren) {
  SKIP_UNLESS_USABLE(InstructionCounter::perf);
  const std::uint64_t n = 5'000'000;
  std::uint64_t direct = count(work(n), InstructionCounter::perf);
  ProcessSpec shell = work(0);
  shell.argv = {"/bin/sh", "-c",
                fixed_work + " " + std::to_string(n) + "; " + fixed_work + " " + std::to_string(n)};
  std::uint64_t both = count(shell, InstructionCounter::perf);
  EXPECT_GT(both, direct + direct / 2);  // inherit: both children are counted
}

TEST(PerfCount, FailingProgramIsNotACount) {
  SKIP_UNLESS_USABLE(InstructionCounter::perf);
  ProcessSpec spec = work(0);
  spec.argv = {fixed_work};
  InstructionCount c = count_instructions(spec, InstructionCounter::perf);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.failure,
            "the process failed: exited with status 2; stderr: usage: fixed_work ITERATIONS");
}

TEST(PerfCount, WhenUnsupportedTheCountFailsWithTheReasonAndTheProgramNeverRuns) {
  std::string why = instruction_counter_unavailable(InstructionCounter::perf);
  if (why.empty()) GTEST_SKIP() << "perf counters work here";
  EXPECT_TRUE(why.rfind("perf_event_open", 0) == 0 || why.rfind("the instruction counter", 0) == 0)
      << why;
  InstructionCount c = count_instructions(work(10), InstructionCounter::perf);
  EXPECT_FALSE(c.ok);
  if (why.rfind("perf_event_open", 0) == 0) {
    // Refused at open: the child was killed before it exec'd the program.
    EXPECT_EQ(c.failure, "the instruction counter could not be attached: " + why);
    EXPECT_EQ(c.process.outcome, ProcessResult::Outcome::spawn_failed);
    EXPECT_EQ(c.process.stdout_text, "");
  }
}

}  // namespace
}  // namespace perfgate
