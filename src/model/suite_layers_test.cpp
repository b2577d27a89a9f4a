// [platform.NAME] sections, [[override]]s and the precedence of the tables
// that set how a benchmark is measured and judged:
// built-in < [defaults] < [platform.NAME] < matching [[override]]s < [[benchmark]].
#include <gtest/gtest.h>

#include <map>

#include "model/suite_testing.hpp"

namespace perfgate {
namespace {

using namespace std::chrono_literals;
using test_support::at;
using test_support::expect_contains;
using test_support::expect_message;
using test_support::kSuitePath;
using test_support::parse_test_suite;
using test_support::suite_error_of;

const BenchmarkSpec& benchmark(const Suite& suite, const std::string& name) {
  for (const BenchmarkSpec& b : suite.benchmarks)
    if (b.name == name) return b;
  ADD_FAILURE() << "no benchmark " << name;
  return suite.benchmarks.at(0);
}

// Every layer sets `runs`; each lower layer sets one more key that no higher
// layer sets, so each key shows which layer won.
const std::string kLayers = R"toml([defaults]
runs = 11
warmup = 2
timeout = "11s"
cooldown = "1s"
max_output = "1MiB"

[platform.linux-aarch64]
runs = 22
warmup = 3
timeout = "22s"
cooldown = "2s"

[[override]]
match = "gemm_*"
runs = 33
warmup = 4
timeout = "33s"

[[benchmark]]
name = "gemm_big"
shell = "true"
runs = 44
warmup = 5

[[benchmark]]
name = "sort"
shell = "true"
)toml";

TEST(SuiteLayers, EachLayerWinsOverTheOnesBelowIt) {
  Suite suite = parse_test_suite(kLayers, "linux-aarch64");
  const BenchmarkSpec& gemm = benchmark(suite, "gemm_big");
  EXPECT_EQ(gemm.runs, 44);                    // [[benchmark]]
  EXPECT_EQ(gemm.warmup, 5);                   // [[benchmark]]
  EXPECT_EQ(gemm.timeout, 33s);                // [[override]]
  EXPECT_EQ(gemm.cooldown, 2s);                // [platform.linux-aarch64]
  EXPECT_EQ(gemm.max_output_bytes, 1u << 20);  // [defaults]
  EXPECT_EQ(gemm.builtin_metrics, std::vector<std::string>{"wall_time"});  // built in

  const BenchmarkSpec& sort = benchmark(suite, "sort");  // not matched by the override
  EXPECT_EQ(sort.runs, 22);
  EXPECT_EQ(sort.warmup, 3);
  EXPECT_EQ(sort.timeout, 22s);
}

TEST(SuiteLayers, OnlyThePlatformSectionOfTheChosenPlatformApplies) {
  Suite aarch64 = parse_test_suite(kLayers, "linux-aarch64");
  EXPECT_EQ(aarch64.platform, "linux-aarch64");
  Suite x86 = parse_test_suite(kLayers, "linux-x86_64");
  EXPECT_EQ(x86.platform, "");  // no [platform.linux-x86_64] section
  EXPECT_EQ(benchmark(x86, "sort").runs, 11);
  EXPECT_EQ(benchmark(x86, "sort").cooldown, 1s);
  EXPECT_EQ(benchmark(x86, "gemm_big").timeout, 33s);
}

TEST(SuiteLayers, TheTwoArgumentParseAppliesTheCurrentPlatform) {
  const std::string text = "[platform." + current_platform() +
                           "]\nruns = 7\n[platform.plan9-mips]\nruns = 8\n"
                           "[[benchmark]]\nname = \"a\"\nshell = \"true\"\n";
  Suite suite = parse_suite(text, kSuitePath);
  EXPECT_EQ(suite.platform, current_platform());
  EXPECT_EQ(suite.benchmarks.at(0).runs, 7);
}

TEST(SuiteLayers, LimitsAndBudgetsFollowTheSamePrecedence) {
  Suite suite = parse_test_suite(R"toml([defaults]
warning = "2%"
critical = "40%"
budget = { wall_time = "1s", peak_rss = "1GiB" }

[platform.macos-arm64]
warning = { higher = "3%" }
budget = { wall_time = "2s" }

[[override]]
match = "gemm_*"
critical = { lower = "30%" }
budget = { user_time = "5s" }

[[benchmark]]
name = "gemm_big"
shell = "true"
warning = { lower = "4%" }
budget = { user_time = "6s" }
)toml",
                                 "macos-arm64");
  const BenchmarkSpec& b = suite.benchmarks.at(0);
  EXPECT_DOUBLE_EQ(b.limits.lower_is_better.warning, 0.04);    // [[benchmark]]
  EXPECT_DOUBLE_EQ(b.limits.lower_is_better.critical, 0.30);   // [[override]]
  EXPECT_DOUBLE_EQ(b.limits.higher_is_better.warning, 0.03);   // [platform.macos-arm64]
  EXPECT_DOUBLE_EQ(b.limits.higher_is_better.critical, 0.40);  // [defaults]
  std::map<std::string, double> max_by_metric;
  for (const Budget& budget : b.budgets) max_by_metric[budget.metric] = budget.max.value_or(-1);
  EXPECT_EQ(max_by_metric, (std::map<std::string, double>{
                               {"wall_time", 2e9},                  // platform over defaults
                               {"peak_rss", 1024.0 * 1024 * 1024},  // defaults
                               {"user_time", 6e9},                  // benchmark over override
                           }));
}

TEST(SuiteLayers, MatchingOverridesApplyInFileOrder) {
  Suite suite = parse_test_suite(R"toml([[override]]
match = "*"
runs = 3
warmup = 0

[[override]]
match = "llm/*"
runs = 7

[[benchmark]]
name = "llm/decode"
shell = "true"

[[benchmark]]
name = "sort"
shell = "true"
)toml");
  EXPECT_EQ(benchmark(suite, "llm/decode").runs, 7);
  EXPECT_EQ(benchmark(suite, "llm/decode").warmup, 0);
  EXPECT_EQ(benchmark(suite, "sort").runs, 3);
}

TEST(SuiteLayers, OverrideMatchesWithGlobSetsAndQuestionMarks) {
  Suite suite = parse_test_suite(R"toml([[override]]
match = "attn_[qk]?"
runs = 3

[[benchmark]]
name = "attn_q1"
shell = "true"

[[benchmark]]
name = "attn_v1"
shell = "true"
)toml");
  EXPECT_EQ(benchmark(suite, "attn_q1").runs, 3);
  EXPECT_EQ(benchmark(suite, "attn_v1").runs, 10);
}

TEST(SuiteLayers, AnOverrideThatSelectsNoBenchmarkIsAnErrorAtItsMatch) {
  EXPECT_EQ(suite_error_of("[[override]]\nmatch = \"gem_*\"\nruns = 3\n"
                           "[[benchmark]]\nname = \"gemm_big\"\nshell = \"true\"\n"),
            at(2, 9) +
                "[[override]] match \"gem_*\" selects no benchmark; fix the pattern (* any "
                "characters, ? one, [abc] one of a set) or remove the override; the benchmarks "
                "are gemm_big");
}

TEST(SuiteLayers, OverrideMistakesArePlaced) {
  const std::string bench = "[[benchmark]]\nname = \"a\"\nshell = \"true\"\n";
  expect_message(suite_error_of("[[override]]\nruns = 3\n" + bench), at(1, 1),
                 {"[[override]] has no match", "match = \"gemm_*\""});
  expect_message(suite_error_of("[[override]]\nmatch = \"a[0-\"\n" + bench), at(2, 9),
                 {"match \"a[0-\" is not a valid pattern: the '[' at position 2 is never closed"});
  expect_message(suite_error_of("[[override]]\nmatch = \"\"\n" + bench), at(2, 9),
                 {"match is empty"});
  expect_message(suite_error_of("[[override]]\nmatch = \"a\"\nrun = 3\n" + bench), at(3, 1),
                 {"unknown key \"run\" in [[override]]", "did you mean \"runs\"?",
                  "valid keys: match, warmup"});
  expect_message(suite_error_of("[[override]]\nmatch = \"a\"\ncwd = \"x\"\n" + bench), at(3, 1),
                 {"unknown key \"cwd\" in [[override]]"});
  expect_message(suite_error_of("[override]\nmatch = \"a\"\n" + bench), at(1, 1),
                 {"write [[override]] with two brackets"});
}

TEST(SuiteLayers, ABudgetInAnOverrideNamesTheOverrideWhenABenchmarkLacksTheMetric) {
  std::string message = suite_error_of(R"toml([[override]]
match = "*"
budget = { ttft = "1s" }

[[benchmark]]
name = "a"
shell = "true"
)toml");
  expect_message(message, at(3, 12),
                 {"budget on \"ttft\" in [[override]] \"*\" applies to benchmark \"a\", which has "
                  "no metric \"ttft\""});
}

TEST(SuiteLayers, PlatformNamesMustBeOsDashArch) {
  const std::string bench = "[[benchmark]]\nname = \"a\"\nshell = \"true\"\n";
  EXPECT_EQ(suite_error_of("[platform.linux_x86_64]\nruns = 3\n" + bench),
            at(1, 11) +
                "platform name \"linux_x86_64\" is not of the form os-arch; write e.g. "
                "[platform.linux-x86_64], [platform.linux-aarch64] or [platform.macos-arm64] "
                "(this machine is linux-x86_64)");
  for (const char* bad : {"Linux-x86_64", "linux", "-x86", "linux-", "linux-x86-64", "linux-X86"})
    expect_message(suite_error_of(std::string("[platform.") + bad + "]\nruns = 3\n" + bench),
                   at(1, 11), {"is not of the form os-arch"});
}

TEST(SuiteLayers, EveryPlatformSectionIsCheckedEvenWhenAnotherApplies) {
  const std::string bench = "[[benchmark]]\nname = \"a\"\nshell = \"true\"\n";
  expect_message(suite_error_of("[platform.macos-arm64]\nrunz = 3\n" + bench, "linux-x86_64"),
                 at(2, 1),
                 {"unknown key \"runz\" in [platform.macos-arm64]", "did you mean \"runs\"?"});
  expect_message(suite_error_of("[platform.macos-arm64]\nruns = 0\n" + bench, "linux-x86_64"),
                 at(2, 8), {"runs is 0"});
  expect_message(suite_error_of("[platform]\nlinux-x86_64 = 3\n" + bench), at(2, 16),
                 {"[platform.linux-x86_64] is an integer; expected a table of settings"});
  expect_message(suite_error_of("platform = 3\n" + bench), at(1, 12),
                 {"platform is an integer; expected a table [platform.NAME]"});
}

TEST(SuiteLayers, LimitsCrossingAcrossLayersAreBlamedOnTheHigherLayer) {
  std::string message = suite_error_of(R"toml([defaults]
warning = "8%"

[platform.linux-x86_64]
critical = "20%"

[[override]]
match = "a"
critical = "6%"

[[benchmark]]
name = "a"
shell = "true"
)toml");
  expect_message(
      message, at(9, 12),
      {"critical limit 6 % is below the warning limit 8 % (set at " + kSuitePath + ":2:11)"});
}

}  // namespace
}  // namespace perfgate
