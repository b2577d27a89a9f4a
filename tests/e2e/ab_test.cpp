// perfgate ab with real children: interleaved pairs, sequential stopping,
// failures and the verdict contract (docs/ab.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

using Ab = Cli;
using nlohmann::json;

// The one verdict of a JSON report; a report without it throws (at(), never
// operator[] on a const json, which is undefined for a missing key), so the
// test fails showing what perfgate printed.
json only_verdict(const Result& r) {
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc.at("verdicts").size(), 1u) << r.out << r.err;
  if (doc.at("verdicts").empty())
    throw std::runtime_error("no verdict; stdout: " + r.out + "; stderr: " + r.err);
  return doc.at("verdicts").at(0);
}

TEST_F(Ab, ATwiceAsLongSleepIsACriticalRegressionFoundInFewPairs) {
  Result r = perfgate("ab --base 'sleep 0.01' --contender 'sleep 0.02' --format json");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const json v = only_verdict(r);
  EXPECT_EQ(v["status"], "regression");
  EXPECT_EQ(v["level"], "critical");
  EXPECT_EQ(v["method"], "pairs");
  EXPECT_GT(v["change"]["ratio"].get<double>(), 1.5);
  EXPECT_GT(v["change"]["ci_low"].get<double>(), 1.02);
  EXPECT_EQ(v["base"]["n"], v["contender"]["n"]);
  // Stopped by a look, long before the budget: at most a few of the looks at
  // 6, 9, 14, 21, 31, ... pairs (a loaded machine may need one or two more).
  EXPECT_NE(v["reason"].get<std::string>().find("stopped at look"), std::string::npos);
  EXPECT_LE(v["base"]["n"].get<int>(), 46);
  EXPECT_NE(r.err.find("pairs in"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the interval lay entirely beyond +2.0 %"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("seed"), std::string::npos) << r.err;
  // The document's method is the paired design, not the two-sample one.
  const json method = json::parse(r.out)["method"];
  EXPECT_EQ(method["alpha_spending"], "alpha_k = alpha / (k (k + 1))") << method;
  EXPECT_EQ(method["threshold"], 0.02) << method;
  EXPECT_FALSE(method.contains("resamples")) << method;
}

TEST_F(Ab, ATenTimesSlowerContenderIsDecidedInFewerThanTwentyPairs) {
  Result r = perfgate("ab --base 'sleep 0.01' --contender 'sleep 0.1' --format json");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const json v = only_verdict(r);
  EXPECT_EQ(v["level"], "critical");
  EXPECT_LT(v["base"]["n"].get<int>(), 20);
  EXPECT_GT(v["change"]["ci_low"].get<double>(), 2);
}

TEST_F(Ab, TheSameCommandOnBothSidesIsStable) {
  Result r = perfgate(
      "ab --base 'sleep 0.005' --contender 'sleep 0.005' --threshold 50% "
      "--format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json v = only_verdict(r);
  EXPECT_EQ(v["status"], "stable");
  EXPECT_GE(v["change"]["ci_low"].get<double>(), 0.5);
  EXPECT_LE(v["change"]["ci_high"].get<double>(), 1.5);
}

TEST_F(Ab, AContenderThatFailsFromTheStartExitsThreeWithTheReason) {
  Result r = perfgate("ab --base true --contender 'exit 3' --format json");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const json v = only_verdict(r);
  EXPECT_EQ(v["status"], "failed");
  EXPECT_EQ(v["severity"], "critical");
  EXPECT_NE(v["reason"].get<std::string>().find("contender: exited with status 3"),
            std::string::npos)
      << v["reason"];
  EXPECT_NE(r.err.find("perfgate: exit 3: a side could not be run before any pair was measured"),
            std::string::npos)
      << r.err;
}

TEST_F(Ab, AContenderThatFailsAfterSomePairsFailsTheGateWithExitOne) {
  // The contender counts its runs in a file and fails on the fifth.
  write("flaky.sh",
        "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; "
        "[ $n -lt 5 ] || exit 7\n");
  Result r = perfgate("ab --base true --contender 'sh flaky.sh' --format json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json v = only_verdict(r);
  EXPECT_EQ(v["status"], "failed");
  EXPECT_EQ(v["base"]["n"], 3);  // warm-up was run 1, pairs 1-3 ran 2-4
  EXPECT_NE(v["reason"].get<std::string>().find("exited with status 7"), std::string::npos);
}

TEST_F(Ab, AHangingContenderIsStoppedByTheTimeout) {
  Result r = perfgate("ab --base true --contender 'sleep 30' --timeout 1s --format json");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const json v = only_verdict(r);
  EXPECT_EQ(v["status"], "failed");
  EXPECT_NE(v["reason"].get<std::string>().find("timed out"), std::string::npos) << v["reason"];
}

TEST_F(Ab, DifferentOutputsAreAWarningNotAFailure) {
  Result r = perfgate("ab --base 'echo one' --contender 'echo two' --threshold 50% --budget 3s");
  EXPECT_NE(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("base and contender print different output: they may not do the same work"),
            std::string::npos)
      << r.err;
  Result same = perfgate("ab --base 'echo one' --contender 'echo one' --threshold 50% --budget 3s");
  EXPECT_EQ(same.err.find("print different output"), std::string::npos) << same.err;
}

TEST_F(Ab, ABudgetTooShortForATinyThresholdIsInconclusiveWithAnEstimate) {
  Result r = perfgate(
      "ab --base 'sleep 0.01' --contender 'sleep 0.01' --threshold 0.1% "
      "--budget 2s --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json v = only_verdict(r);
  EXPECT_EQ(v["status"], "inconclusive");
  EXPECT_NE(v["reason"].get<std::string>().find("the budget ran out"), std::string::npos);
  // The estimate, unless this machine is so noisy that more than 100,000 pairs
  // would be needed: then the reason says more pairs are unlikely to decide it.
  if (v["more_runs"].is_number()) {
    EXPECT_GT(v["more_runs"].get<int>(), 0);
    EXPECT_NE(v["reason"].get<std::string>().find("more pairs would most likely decide it"),
              std::string::npos);
  } else {
    EXPECT_NE(v["reason"].get<std::string>().find("more pairs are unlikely to decide it"),
              std::string::npos)
        << v;
  }
}

TEST_F(Ab, TheMarkdownReportNamesThePairsMethod) {
  Result r = perfgate("ab --base 'sleep 0.01' --contender 'sleep 0.02' --format markdown");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("interleaved pairs in randomised order"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("alpha\\_k = 0.01/(k(k+1))"), std::string::npos) << r.out;
}

TEST_F(Ab, NonGatingReportsTheRegressionButExitsZero) {
  Result r = perfgate("ab --base 'sleep 0.01' --contender 'sleep 0.02' --non-gating");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("critical"), std::string::npos) << r.out;
}

TEST_F(Ab, PinningAndTheSeedAreReported) {
  Result r = perfgate("ab --base true --contender true --threshold 50% --pin --seed 7 --budget 3s");
  EXPECT_NE(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("pinned to CPU "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("seed 0x7,"), std::string::npos) << r.err;
}

TEST_F(Ab, BadFlagsExitTwoNamingTheFlag) {
  const std::pair<const char*, const char*> cases[] = {
      {"ab --base true", "--contender"},
      {"ab --base true --contender true --threshold much", "--threshold"},
      {"ab --base true --contender true --budget 5", "--budget"},
      {"ab --base true --contender true --metric cycles", "--metric"},
      {"ab --base true --contender true --format yaml", "--format"},
      {"ab --base true --contender true --suite s.toml", "--suite"},
      {"ab --base true --contender true --counter perf", "--counter"},
      {"ab --suite s.toml --base-dir . --contender-dir . --cwd /tmp", "--cwd"},
      {"ab --base true --contender true --alpha 2", "--alpha"},
  };
  for (const auto& [args, flag] : cases) {
    Result r = perfgate(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(flag), std::string::npos) << args << "\n" << r.err;
  }
}

TEST_F(Ab, InstructionCountsUnderCallgrindJudgeTheSameWorkStable) {
  if (std::system("command -v valgrind >/dev/null 2>&1") != 0) GTEST_SKIP() << "no valgrind";
  Result r = perfgate(
      "ab --base 'sh -c true' --contender 'sh -c true' --metric instructions "
      "--counter callgrind --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json v = only_verdict(r);
  EXPECT_EQ(v["metric"], "instructions");
  EXPECT_EQ(v["unit"], "instructions");
  EXPECT_EQ(v["status"], "stable");
  EXPECT_GT(v["base"]["median"].get<double>(), 1000);
}

TEST_F(Ab, AMissingValgrindExitsTwoNamingThePackage) {
  Result r = perfgate("ab --base true --contender true --metric instructions --counter callgrind",
                      "PATH=/nonexistent");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("apt-get install valgrind"), std::string::npos) << r.err;
}

TEST_F(Ab, TwoBuildFoldersRunTheSuiteReRootedIntoEach) {
  // The suite's benchmark runs ./work.sh from the suite's folder; each build
  // folder has its own work.sh, the contender's sleep 2.5 times as long (the
  // ratio of whole runs is less: two shell starts each, slower under load).
  write("suite/perfgate.toml",
        "[suite]\nname = \"two\"\n[[benchmark]]\nname = \"work\"\nshell = \"sh ./work.sh\"\n");
  write("a/work.sh", "sleep 0.02\n");
  write("b/work.sh", "sleep 0.05\n");
  Result r =
      perfgate("ab --suite suite/perfgate.toml --base-dir a --contender-dir b --format json");
  ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
  const json v = only_verdict(r);
  EXPECT_EQ(v["benchmark"], "work");
  EXPECT_EQ(v["status"], "regression");
  EXPECT_GT(v["change"]["ratio"].get<double>(), 1.3);
}

TEST_F(Ab, TwoCommitsAreCheckedOutBuiltAndCompared) {
  git_init();
  write("perfgate.toml",
        "[suite]\nname = \"revs\"\n[[benchmark]]\nname = \"work\"\nshell = \"sh "
        "./build/work.sh\"\n");
  write("build.sh", "mkdir -p build && echo \"sleep $(cat delay)\" > build/work.sh\n");
  write("delay", "0.02\n");
  sh("git add perfgate.toml build.sh delay && git commit -qm base");
  write("delay", "0.05\n");
  sh("git commit -qam slower");
  const std::string base = sh("git rev-parse HEAD~1").substr(0, 12);
  const std::string args =
      "ab --suite perfgate.toml --base-rev HEAD~1 --contender-rev main --build 'sh build.sh' "
      "--format json";
  Result r = perfgate(args);
  ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
  const json v = only_verdict(r);
  EXPECT_EQ(v["benchmark"], "work");
  EXPECT_EQ(v["status"], "regression");
  EXPECT_GT(v["change"]["ratio"].get<double>(), 1.3);
  EXPECT_NE(r.err.find("ab: base: HEAD~1 = " + base + " in "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(new worktree)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ab: contender: built in "), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / ".perfgate/worktrees" / base / "build/work.sh"));
  // The worktrees are not untracked files of the main checkout.
  EXPECT_EQ(sh("git status --porcelain").find(".perfgate"), std::string::npos);
  // A second run reuses the checkouts (and builds again, incrementally).
  Result again = perfgate(args);
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_NE(again.err.find("(reused)"), std::string::npos) << again.err;
  EXPECT_EQ(again.err.find("(new worktree)"), std::string::npos) << again.err;
}

TEST_F(Ab, AFailingBuildExitsThreeWithItsLastLines) {
  git_init();
  write("perfgate.toml", "[suite]\nname = \"revs\"\n[[benchmark]]\nname = \"w\"\nshell = \"true\"\n");
  sh("git add perfgate.toml && git commit -qm one");
  Result r = perfgate(
      "ab --suite perfgate.toml --base-rev main --contender-rev main --build 'echo "
      "compiler says no >&2; exit 4'");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("the base build (main, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("exited with status 4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("compiler says no"), std::string::npos) << r.err;
}

TEST_F(Ab, RevisionsThatCannotWorkAreExitTwoNamingWhatToDo) {
  write("perfgate.toml", "[suite]\nname = \"revs\"\n[[benchmark]]\nname = \"w\"\nshell = \"true\"\n");
  Result outside = perfgate("ab --suite perfgate.toml --base-rev main --contender-rev main");
  EXPECT_EQ(outside.exit_code, 2) << outside.err;
  EXPECT_NE(outside.err.find("not inside a git repository"), std::string::npos) << outside.err;
  git_init();
  sh("git add perfgate.toml && git commit -qm one");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--base-rev nosuch --contender-rev main", "the base revision nosuch: "},
      {"--base-rev main --base-dir . --contender-rev main", "not both"},
      {"--base-rev main", "the contender side as either --contender-dir"},
      {"--base-dir . --contender-dir . --build make", "--build runs in the worktrees"}};
  for (const auto& [flags, message] : cases) {
    Result r = perfgate("ab --suite perfgate.toml " + flags);
    EXPECT_EQ(r.exit_code, 2) << flags << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << flags << "\n" << r.err;
  }
}

TEST_F(Ab, GoogleBenchmarkBinariesAreComparedBenchmarkByBenchmark) {
  const std::string bin = std::string(PERFGATE_BUILD_DIR) + "/examples/gbench/gbench_kernels";
  write("suite/perfgate.toml",
        "[suite]\nname = \"g\"\n[[benchmark]]\nname = \"k\"\nkind = "
        "\"gbench\"\ncommand = [\"" +
            bin + "\"]\nfilter = \"BM_Dot/1024$\"\nmin_time = \"0.01s\"\n");
  Result r = perfgate(
      "ab --suite suite/perfgate.toml --base-dir suite --contender-dir suite "
      "--threshold 50% --budget 20s --format json");
  ASSERT_NE(r.exit_code, 2) << r.err;
  const json doc = json::parse(r.out);
  ASSERT_GE(doc["verdicts"].size(), 1u) << r.out;
  EXPECT_EQ(doc["verdicts"][0]["metric"], "real_time");
  EXPECT_EQ(doc["verdicts"][0]["benchmark"].get<std::string>().rfind("k/", 0), 0u);
}

}  // namespace
}  // namespace perfgate::e2e
