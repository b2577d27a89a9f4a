#include "model/suite_toml.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "model/error.hpp"
#include "model/suite_testing.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using test_support::at;
using test_support::expect_contains;
using test_support::expect_message;

const std::string& kPath = test_support::kSuitePath;

std::string error_of(const std::string& text) { return test_support::suite_error_of(text); }

const std::string kOneBenchmark = R"toml([[benchmark]]
name = "sort"
command = ["./sort_ints", "2000000"]
)toml";

TEST(SuiteToml, AppliesBuiltInDefaultsWhenTheSuiteSetsNone) {
  Suite suite = parse_suite(kOneBenchmark, kPath);
  EXPECT_EQ(suite.path, kPath);
  EXPECT_EQ(suite.dir, "/suites/demo");
  EXPECT_EQ(suite.name, "perfgate");  // the file's stem
  EXPECT_EQ(suite.quick_runs, 5);
  EXPECT_EQ(suite.gate.fail_on, std::nullopt);  // each verb applies its own default
  ASSERT_EQ(suite.benchmarks.size(), 1u);
  const BenchmarkSpec& b = suite.benchmarks[0];
  EXPECT_EQ(b.name, "sort");
  EXPECT_EQ(b.argv, (std::vector<std::string>{"./sort_ints", "2000000"}));
  EXPECT_EQ(b.shell, "");
  EXPECT_EQ(b.cwd, "/suites/demo");
  EXPECT_TRUE(b.env.empty());
  EXPECT_EQ(b.warmup, 1);
  EXPECT_EQ(b.runs, 10);
  EXPECT_EQ(b.timeout, 60s);
  EXPECT_EQ(b.cooldown, 0s);
  EXPECT_DOUBLE_EQ(b.limits.lower_is_better.warning, 0.05);
  EXPECT_EQ(b.max_output_bytes, 8u << 20);
  EXPECT_EQ(b.builtin_metrics, std::vector<std::string>{"wall_time"});
  EXPECT_TRUE(b.metrics.empty());
  EXPECT_EQ(b.place.str(), kPath + ":1:1");
}

TEST(SuiteToml, ReadsSuiteGateAndDefaultsTables) {
  Suite suite = parse_suite(R"toml([suite]
name = "nightly"
quick_runs = 2

[defaults]
warmup = 0
runs = 25
timeout = "2m"
cooldown = 1.5
threshold = "3%"
max_output = "512KiB"
builtin_metrics = ["wall_time", "peak_rss"]

[gate]
fail_on_regression = true

[[benchmark]]
name = "a"
shell = "true"

[[benchmark]]
name = "b"
shell = "false"
)toml",
                            kPath);
  EXPECT_EQ(suite.name, "nightly");
  EXPECT_EQ(suite.quick_runs, 2);
  EXPECT_EQ(suite.gate.fail_on, FailOn::warning);
  ASSERT_EQ(suite.benchmarks.size(), 2u);
  for (const BenchmarkSpec& b : suite.benchmarks) {
    EXPECT_EQ(b.warmup, 0);
    EXPECT_EQ(b.runs, 25);
    EXPECT_EQ(b.timeout, 120s);
    EXPECT_EQ(b.cooldown, 1500ms);
    EXPECT_DOUBLE_EQ(b.limits.lower_is_better.warning, 0.03);
    EXPECT_EQ(b.max_output_bytes, 512u * 1024);
    EXPECT_EQ(b.builtin_metrics, (std::vector<std::string>{"wall_time", "peak_rss"}));
  }
  EXPECT_EQ(suite.benchmarks[1].place.str(), kPath + ":21:1");
}

TEST(SuiteToml, BenchmarkKeysOverrideDefaultsForThatBenchmarkOnly) {
  Suite suite = parse_suite(R"toml([defaults]
runs = 5
threshold = 0.1

[[benchmark]]
name = "tuned"
shell = "true"
runs = 20
warmup = 3
timeout = 10
cooldown = "250ms"
threshold = 0.02
max_output = 1000
builtin_metrics = []

[[benchmark]]
name = "plain"
shell = "true"
)toml",
                            kPath);
  const BenchmarkSpec& tuned = suite.benchmarks[0];
  EXPECT_EQ(tuned.runs, 20);
  EXPECT_EQ(tuned.warmup, 3);
  EXPECT_EQ(tuned.timeout, 10s);
  EXPECT_EQ(tuned.cooldown, 250ms);
  EXPECT_DOUBLE_EQ(tuned.limits.lower_is_better.warning, 0.02);
  EXPECT_EQ(tuned.max_output_bytes, 1000u);
  EXPECT_TRUE(tuned.builtin_metrics.empty());
  const BenchmarkSpec& plain = suite.benchmarks[1];
  EXPECT_EQ(plain.runs, 5);
  EXPECT_DOUBLE_EQ(plain.limits.lower_is_better.warning, 0.1);
  EXPECT_EQ(plain.warmup, 1);
}

TEST(SuiteToml, ShellStringBecomesBinShDashC) {
  Suite suite = parse_suite(R"toml([[benchmark]]
name = "pipe"
shell = "seq 1000 | sort -n > /dev/null"
)toml",
                            kPath);
  const BenchmarkSpec& b = suite.benchmarks[0];
  EXPECT_TRUE(b.argv.empty());
  EXPECT_EQ(b.shell, "seq 1000 | sort -n > /dev/null");
  EXPECT_EQ(b.command(),
            (std::vector<std::string>{"/bin/sh", "-c", "seq 1000 | sort -n > /dev/null"}));
}

TEST(SuiteToml, CommandAndShellTogetherIsAnError) {
  std::string message = error_of(R"toml([[benchmark]]
name = "both"
command = ["true"]
shell = "true"
)toml");
  expect_message(message, at(4, 9));
  expect_contains(message, "both command and shell");
}

TEST(SuiteToml, NeitherCommandNorShellIsAnErrorAtTheBenchmarkTable) {
  std::string message = error_of(R"toml([suite]
name = "x"

[[benchmark]]
name = "nothing"
)toml");
  expect_message(message, at(4, 1));
  expect_contains(message, "neither command nor shell");
}

TEST(SuiteToml, EmptyCommandAndNonStringArgumentsAreErrors) {
  expect_message(error_of("[[benchmark]]\nname = \"a\"\ncommand = []\n"), at(3, 11),
                 {"command is empty"});
  expect_message(error_of("[[benchmark]]\nname = \"a\"\ncommand = [\"./sort\", 2000000]\n"),
                 at(3, 22), {"command[1] is an integer", "\"2000000\" in quotes"});
  expect_message(error_of("[[benchmark]]\nname = \"a\"\ncommand = \"./sort 10\"\n"), at(3, 11),
                 {"command is a string", "shell = "});
}

TEST(SuiteToml, CwdResolvesFromTheSuiteFolderToANormalAbsolutePath) {
  Suite suite = parse_suite(R"toml([[benchmark]]
name = "rel"
shell = "true"
cwd = "build/../data/"

[[benchmark]]
name = "up"
shell = "true"
cwd = ".."

[[benchmark]]
name = "abs"
shell = "true"
cwd = "/tmp/./work"
)toml",
                            kPath);
  EXPECT_EQ(suite.benchmarks[0].cwd, "/suites/demo/data");
  EXPECT_EQ(suite.benchmarks[1].cwd, "/suites");
  EXPECT_EQ(suite.benchmarks[2].cwd, "/tmp/work");
}

TEST(SuiteToml, RelativeSuitePathMakesAnAbsoluteFolder) {
  Suite suite = parse_suite(kOneBenchmark, "examples/../perfgate.toml");
  fs::path expected = fs::current_path().lexically_normal();
  EXPECT_EQ(suite.dir, expected.string());
  EXPECT_EQ(suite.benchmarks[0].cwd, expected.string());
  EXPECT_TRUE(fs::path(suite.dir).is_absolute());
}

TEST(SuiteToml, EnvTakesStringValuesOnly) {
  Suite suite = parse_suite(R"toml([[benchmark]]
name = "omp"
shell = "true"
env = { OMP_NUM_THREADS = "1", LANG = "C" }
)toml",
                            kPath);
  EXPECT_EQ(suite.benchmarks[0].env,
            (std::map<std::string, std::string>{{"LANG", "C"}, {"OMP_NUM_THREADS", "1"}}));

  std::string message = error_of(R"toml([[benchmark]]
name = "omp"
shell = "true"
env = { OMP_NUM_THREADS = 1 }
)toml");
  expect_message(message, at(4, 27));
  expect_contains(message, "OMP_NUM_THREADS = \"1\"");
}

TEST(SuiteToml, ReadsMetricsFromRegexAndJson) {
  Suite suite = parse_suite(R"toml([[benchmark]]
name = "llm/decode"
command = ["./token_gen"]

[[benchmark.metric]]
name = "throughput"
unit = "MiB/s"
direction = "higher"
regex = 'throughput: ([0-9.eE+-]+)'

[[benchmark.metric]]
name = "tokens_per_second"
unit = "tokens/s"
direction = "higher"
json = { file = "out.json", pointer = "/tokens_per_second" }

[[benchmark.metric]]
name = "first_token"
unit = "ms"
direction = "lower"
json = { file = "out.json", pointer = "" }
)toml",
                            kPath);
  const auto& metrics = suite.benchmarks[0].metrics;
  ASSERT_EQ(metrics.size(), 3u);
  EXPECT_EQ(metrics[0].info.name, "throughput");
  EXPECT_EQ(metrics[0].info.unit, "MiB/s");
  EXPECT_EQ(metrics[0].info.direction, Direction::higher_is_better);
  EXPECT_TRUE(metrics[0].info.compared);
  EXPECT_EQ(metrics[0].source.kind, MetricSource::Kind::stdout_regex);
  EXPECT_EQ(metrics[0].source.regex, "throughput: ([0-9.eE+-]+)");
  EXPECT_EQ(metrics[0].place.str(), kPath + ":5:1");

  EXPECT_EQ(metrics[1].source.kind, MetricSource::Kind::json_file);
  EXPECT_EQ(metrics[1].source.json_file, "out.json");
  EXPECT_EQ(metrics[1].source.json_pointer, "/tokens_per_second");
  EXPECT_EQ(metrics[1].place.str(), kPath + ":11:1");

  EXPECT_EQ(metrics[2].info.direction, Direction::lower_is_better);
  EXPECT_EQ(metrics[2].source.json_pointer, "");
}

// --- errors: each names the exact place and says what to do ---

TEST(SuiteToml, UnknownKeySuggestsTheClosestAndListsTheValidOnes) {
  std::string message = error_of(R"toml([defaults]
warmups = 3

[[benchmark]]
name = "a"
shell = "true"
)toml");
  expect_message(message, at(2, 1));
  expect_contains(message, "unknown key \"warmups\" in [defaults]");
  expect_contains(message, "did you mean \"warmup\"?");
  expect_contains(message,
                  "valid keys: warmup, runs, timeout, cooldown, threshold, "
                  "max_output, builtin_metrics, warning, critical, budget");
}

TEST(SuiteToml, UnknownKeysAreCaughtInEveryTable) {
  expect_message(error_of("nmae = 1\n" + kOneBenchmark), at(1, 1),
                 {"at the top level", "suite, defaults, platform, override, gate, fixture, benchmark"});
  expect_message(error_of("[gate]\nfail_on_regresion = true\n" + kOneBenchmark), at(2, 1),
                 {"did you mean \"fail_on_regression\"?"});
  expect_message(error_of(kOneBenchmark + "  thresh = 0.1\n"), at(4, 3),
                 {"did you mean \"threshold\"?"});
  expect_message(
      error_of(kOneBenchmark +
               "[[benchmark.metric]]\nname = \"m\"\nunit = \"x\"\ndirection = \"lower\"\n"
               "json = { file = \"o.json\", pointr = \"/x\" }\n"),
      at(8, 27), {"unknown key \"pointr\" in json", "did you mean \"pointer\"?"});
}

TEST(SuiteToml, UnknownKeyFarFromEveryValidOneListsThemWithoutAGuess) {
  std::string message = error_of(kOneBenchmark + "colour = \"red\"\n");
  expect_message(message, at(4, 1));
  EXPECT_EQ(message.find("did you mean"), std::string::npos) << message;
  expect_contains(message, "valid keys: name, command, shell, cwd, env");
}

TEST(SuiteToml, WrongTypeSaysWhatWasExpectedAndWhatWasFound) {
  std::string message = error_of(R"toml([defaults]
runs = "ten"
[[benchmark]]
name = "a"
shell = "true"
)toml");
  EXPECT_EQ(message, at(2, 8) + "runs is a string; expected an integer >= 1");

  expect_message(error_of("[gate]\nfail_on_regression = \"yes\"\n" + kOneBenchmark), at(2, 22),
                 {"is a string; expected true or false"});
  expect_message(error_of("suite = 3\n" + kOneBenchmark), at(1, 9),
                 {"suite is an integer; expected a table"});
  expect_message(error_of("[defaults]\nwarmup = 1.5\n" + kOneBenchmark), at(2, 10),
                 {"is a floating-point number"});
}

TEST(SuiteToml, IntegersOutOfRangeAreErrors) {
  expect_message(error_of(kOneBenchmark + "runs = 0\n"), at(4, 8),
                 {"runs is 0; expected an integer >= 1"});
  expect_message(error_of(kOneBenchmark + "warmup = -1\n"), at(4, 10),
                 {"expected an integer >= 0"});
  expect_message(error_of("[suite]\nquick_runs = 0\n" + kOneBenchmark), at(2, 14),
                 {"quick_runs is 0"});
}

TEST(SuiteToml, BadDurationNamesTheValueAndTheAcceptedForms) {
  std::string message = error_of(kOneBenchmark + "timeout = \"10 parsecs\"\n");
  expect_message(message, at(4, 11));
  expect_contains(message, "timeout is \"10 parsecs\", not a duration");
  expect_contains(message, "\"250ms\"");
}

TEST(SuiteToml, ZeroTimeoutAndNegativeCooldownAreErrors) {
  expect_message(error_of(kOneBenchmark + "timeout = \"0s\"\n"), at(4, 11), {"timeout is 0"});
  expect_message(error_of(kOneBenchmark + "cooldown = -1\n"), at(4, 12),
                 {"cooldown is -1 seconds"});
}

TEST(SuiteToml, ThresholdAboveOneSaysToWriteAFraction) {
  std::string message = error_of("[defaults]\nthreshold = 5\n" + kOneBenchmark);
  EXPECT_EQ(message, at(2, 13) +
                         "threshold is 5, more than 1 (it is a fraction); "
                         "for 5 % write 0.05 or \"5%\"");
}

TEST(SuiteToml, ThresholdStringThatIsNotAPercentageIsAnError) {
  expect_message(error_of(kOneBenchmark + "threshold = \"five\"\n"), at(4, 13), {"\"5%\""});
  expect_message(error_of(kOneBenchmark + "threshold = 0\n"), at(4, 13), {"threshold is 0"});
}

TEST(SuiteToml, BadSizeIsAnError) {
  expect_message(error_of(kOneBenchmark + "max_output = \"8 megs\"\n"), at(4, 14),
                 {"not a size", "\"8MiB\""});
}

TEST(SuiteToml, UnknownBuiltinMetricIsAnError) {
  std::string message = error_of(kOneBenchmark + "builtin_metrics = [\"wall_time\", \"rss\"]\n");
  expect_message(message, at(4, 33));
  expect_contains(message, "\"rss\" is not a built-in metric");
  expect_contains(message, "wall_time, user_time, system_time, peak_rss");
}

const std::string kMetricHead = kOneBenchmark + R"toml(
[[benchmark.metric]]
name = "throughput"
unit = "MiB/s"
)toml";  // lines 5-7; the next line is 8

TEST(SuiteToml, RegexThatDoesNotCompileIsReportedAtItsPlace) {
  std::string message = error_of(kMetricHead + "direction = \"higher\"\nregex = '([0-9]'\n");
  expect_message(message, at(9, 9));
  expect_contains(message, "regex \"([0-9]\" does not compile");
  expect_contains(message, "ECMAScript");
}

TEST(SuiteToml, JsonPointerMustStartWithASlash) {
  std::string message = error_of(kMetricHead +
                                 "direction = \"higher\"\njson = { file = \"o.json\", pointer = "
                                 "\"tokens\" }\n");
  expect_message(message, at(9, 37));
  expect_contains(message, "does not start with '/'");
  expect_contains(message, "write \"/tokens\"");
}

TEST(SuiteToml, JsonPointerWithABadTildeEscapeIsAnError) {
  expect_message(
      error_of(kMetricHead +
               "direction = \"higher\"\njson = { file = \"o.json\", pointer = \"/a~2\" }\n"),
      at(9, 37), {"'~' not followed by 0 or 1"});
}

TEST(SuiteToml, MetricNeedsExactlyOneOfRegexAndJson) {
  expect_message(error_of(kMetricHead + "direction = \"higher\"\n"), at(5, 1),
                 {"neither regex nor json"});
  expect_message(error_of(kMetricHead +
                          "direction = \"higher\"\nregex = 'x'\njson = { file = \"a\", pointer = "
                          "\"\" }\n"),
                 at(10, 8), {"both regex and json"});
}

TEST(SuiteToml, MissingRequiredMetricKeyIsReportedAtItsTable) {
  std::string message = error_of(kOneBenchmark + R"toml(
[[benchmark.metric]]
name = "throughput"
direction = "higher"
regex = 'x'
)toml");
  EXPECT_EQ(message, at(5, 1) + "[[benchmark.metric]] has no unit; add unit = \"MiB/s\"");
}

TEST(SuiteToml, MissingBenchmarkNameIsReportedAtItsTable) {
  std::string message = error_of("[[benchmark]]\nshell = \"true\"\n");
  EXPECT_EQ(message, at(1, 1) + "[[benchmark]] has no name; add name = \"...\"");
}

TEST(SuiteToml, DirectionMustBeLowerOrHigher) {
  std::string message = error_of(kMetricHead + "direction = \"down\"\nregex = 'x'\n");
  expect_message(message, at(8, 13));
  expect_contains(message, "direction is \"down\"");
  expect_contains(message, "\"lower\"");
  expect_contains(message, "\"higher\"");
}

TEST(SuiteToml, MetricMayNotTakeABuiltInName) {
  std::string message = error_of(kOneBenchmark + R"toml(
[[benchmark.metric]]
name = "wall_time"
unit = "ns"
direction = "lower"
regex = 'x'
)toml");
  expect_message(message, at(6, 8));
  expect_contains(message, "\"wall_time\" is a built-in metric");
  expect_contains(message, "builtin_metrics");
}

TEST(SuiteToml, DuplicateMetricNameNamesBothPlaces) {
  std::string metric = R"toml(
[[benchmark.metric]]
name = "tps"
unit = "tokens/s"
direction = "higher"
regex = 'x'
)toml";  // 6 lines: the first metric's name is on line 6, the second's on line 12
  std::string message = error_of(kOneBenchmark + metric + metric);
  expect_message(message, at(12, 8));
  expect_contains(message, "metric \"tps\" is defined twice in benchmark \"sort\"");
  expect_contains(message, "first at " + kPath + ":6:8");
}

TEST(SuiteToml, DuplicateBenchmarkNameNamesBothPlaces) {
  std::string message = error_of(kOneBenchmark + "\n" + kOneBenchmark);
  EXPECT_EQ(message, at(6, 8) + "benchmark \"sort\" is defined twice (first at " + kPath +
                         ":2:8); give each [[benchmark]] a unique name");
}

TEST(SuiteToml, BenchmarkNameMayUseOnlySafeCharacters) {
  Suite ok =
      parse_suite("[[benchmark]]\nname = \"llm/q4_0:decode-1.x\"\nshell = \"true\"\n", kPath);
  EXPECT_EQ(ok.benchmarks[0].name, "llm/q4_0:decode-1.x");
  expect_message(error_of("[[benchmark]]\nname = \"my bench\"\nshell = \"true\"\n"), at(2, 8),
                 {"contains \" \"", "letters, digits and . _ - / : only"});
  expect_message(error_of("[[benchmark]]\nname = \"\"\nshell = \"true\"\n"), at(2, 8),
                 {"name is empty"});
}

TEST(SuiteToml, SingleBracketBenchmarkTableSaysToUseTwo) {
  std::string message = error_of("[benchmark]\nname = \"a\"\nshell = \"true\"\n");
  expect_message(message, at(1, 1));
  expect_contains(message, "write [[benchmark]] with two brackets");
}

TEST(SuiteToml, EmptySuiteSaysToAddABenchmark) {
  EXPECT_EQ(error_of("[suite]\nname = \"empty\"\n"),
            kPath + ": the suite has no [[benchmark]]; add one (see docs/formats.md)");
  EXPECT_EQ(error_of(""),
            kPath + ": the suite has no [[benchmark]]; add one (see docs/formats.md)");
}

TEST(SuiteToml, MalformedTomlIsReportedWithTheParsersPlace) {
  std::string message = error_of("[suite]\nname = \"x\"\nquick_runs = = 3\n");
  expect_message(message, at(3, 14));
  expect_contains(message, "not valid TOML");
}

// --- kind = "gbench": a Google Benchmark binary ---

const std::string kGbench = R"toml([[benchmark]]
name = "kernels"
kind = "gbench"
command = ["./gbench_kernels", "--benchmark_counters_tabular=true"]
)toml";  // 4 lines: what a test appends starts on line 5

TEST(SuiteToml, ReadsAGoogleBenchmarkBinary) {
  Suite suite = parse_suite(R"toml([defaults]
warmup = 3
cooldown = "1s"
builtin_metrics = ["wall_time", "peak_rss"]
)toml" + kGbench + R"toml(filter = "BM_Matmul.*"
min_time = "50ms"
min_warmup_time = 0.1
random_interleaving = true
judged_metrics = ["cpu_time", "rows_per_second"]
runs = 7
timeout = "2m"
budget = { real_time = "2ms", items_per_second = { min = "1000000 items/s" } }
)toml",
                            kPath);
  ASSERT_EQ(suite.benchmarks.size(), 1u);
  const BenchmarkSpec& b = suite.benchmarks[0];
  EXPECT_EQ(b.kind, BenchmarkKind::gbench);
  EXPECT_EQ(b.argv,
            (std::vector<std::string>{"./gbench_kernels", "--benchmark_counters_tabular=true"}));
  EXPECT_EQ(b.gbench.filter, "BM_Matmul.*");
  EXPECT_EQ(b.gbench.filter_place.str(), kPath + ":9:10");
  EXPECT_EQ(b.gbench.min_time, 50ms);
  EXPECT_EQ(b.gbench.min_iterations, std::nullopt);
  EXPECT_EQ(b.gbench.min_time_place.str(), kPath + ":10:12");
  EXPECT_EQ(b.gbench.min_warmup_time, 100ms);
  EXPECT_TRUE(b.gbench.random_interleaving);
  EXPECT_EQ(b.gbench.judged_metrics, (std::vector<std::string>{"cpu_time", "rows_per_second"}));
  EXPECT_EQ(b.runs, 7);
  EXPECT_EQ(b.timeout, 120s);
  // From [defaults], what does not apply to a Google Benchmark binary is not applied.
  EXPECT_EQ(b.warmup, 0);
  EXPECT_EQ(b.cooldown, 0s);
  EXPECT_TRUE(b.builtin_metrics.empty());
  ASSERT_EQ(b.budgets.size(), 2u);
}

TEST(SuiteToml, ACommandIsTheDefaultKind) {
  Suite suite = parse_suite(kOneBenchmark + "kind = \"command\"\n", kPath);
  EXPECT_EQ(suite.benchmarks[0].kind, BenchmarkKind::command);
  EXPECT_EQ(parse_suite(kOneBenchmark, kPath).benchmarks[0].kind, BenchmarkKind::command);
}

TEST(SuiteToml, GbenchMinTimeTakesADurationSecondsOrIterations) {
  auto min_time = [](const std::string& value) {
    return parse_suite(kGbench + "min_time = " + value + "\n", kPath).benchmarks[0].gbench;
  };
  EXPECT_EQ(min_time("\"0.05s\"").min_time, 50ms);
  EXPECT_EQ(min_time("0.25").min_time, 250ms);
  EXPECT_EQ(min_time("2").min_time, 2s);
  const GbenchOptions iterations = min_time("\"100x\"");
  EXPECT_EQ(iterations.min_iterations, 100);
  EXPECT_EQ(iterations.min_time, std::nullopt);
  EXPECT_EQ(parse_suite(kGbench, kPath).benchmarks[0].gbench.min_time, std::nullopt);
}

TEST(SuiteToml, BadGbenchMinTimesAreErrorsSayingBothForms) {
  for (const char* bad : {"\"abc\"", "\"0x\"", "\"1.5x\"", "\"x\"", "\"-1s\"", "0", "\"0ms\""}) {
    SCOPED_TRACE(bad);
    const std::string message = error_of(kGbench + "min_time = " + bad + "\n");
    expect_message(message, at(5, 12), {"min_time is"});
    if (std::string(bad) != "0" && std::string(bad) != "\"0ms\"")
      expect_contains(message, "\"100x\"");
  }
  expect_message(error_of(kGbench + "min_time = true\n"), at(5, 12),
                 {"min_time is a boolean", "\"0.05s\""});
}

TEST(SuiteToml, GbenchKeysOnACommandBenchmarkAreErrors) {
  expect_message(error_of(kOneBenchmark + "filter = \"BM_.*\"\n"), at(4, 10),
                 {"filter applies only to kind = \"gbench\"", "add kind = \"gbench\" to benchmark "
                                                              "\"sort\" if it is one"});
  expect_message(error_of(kOneBenchmark + "random_interleaving = true\n"), at(4, 23),
                 {"random_interleaving applies only to kind = \"gbench\""});
  expect_message(error_of(kOneBenchmark + "judged_metrics = [\"cpu_time\"]\n"), at(4, 18),
                 {"judged_metrics applies only"});
}

TEST(SuiteToml, KindMustBeCommandOrGbench) {
  const std::string message = error_of(kOneBenchmark + "kind = \"pytest\"\n");
  EXPECT_EQ(message, at(4, 8) + "kind is \"pytest\"; expected \"command\" or \"gbench\" (a Google "
                                "Benchmark binary)");
  expect_message(error_of(kOneBenchmark + "kind = 1\n"), at(4, 8), {"kind is an integer"});
}

TEST(SuiteToml, GbenchBenchmarkRefusesWhatItCannotUse) {
  const std::string head = "[[benchmark]]\nname = \"k\"\nkind = \"gbench\"\n";
  EXPECT_EQ(error_of(head + "shell = \"./k\"\n"),
            at(4, 9) + "benchmark \"k\" is of kind \"gbench\" and has shell; write command = "
                       "[\"./build/my_benchmarks\"]: perfgate appends the --benchmark_ flags to it");
  expect_message(error_of(head), at(1, 1), {"has no command", "add command = "});
  expect_message(error_of(kGbench + "warmup = 2\n"), at(5, 10),
                 {"sets warmup", "min_warmup_time"});
  expect_message(error_of(kGbench + "cooldown = \"1s\"\n"), at(5, 12), {"sets cooldown"});
  expect_message(error_of(kGbench + "builtin_metrics = [\"wall_time\"]\n"), at(5, 19),
                 {"sets builtin_metrics", "judged_metrics"});
  expect_message(error_of(kGbench + R"toml(
[[benchmark.metric]]
name = "tps"
unit = "tok/s"
direction = "higher"
regex = 'x'
)toml"),
                 kPath + ":", {"declares [[benchmark.metric]]", "come from the binary's JSON"});
}

TEST(SuiteToml, GbenchCommandMayNotPassTheFlagsPerfgateSets) {
  const std::string head = "[[benchmark]]\nname = \"k\"\nkind = \"gbench\"\n";
  expect_message(error_of(head + "command = [\"./k\", \"--benchmark_repetitions=3\"]\n"),
                 at(4, 19),
                 {"command passes --benchmark_repetitions, which perfgate sets",
                  "write runs = N"});
  expect_message(error_of(head + "command = [\"./k\", \"--benchmark_format=console\"]\n"),
                 at(4, 19), {"--benchmark_format"});
  expect_message(error_of(head + "command = [\"./k\", \"--benchmark_filter\", \"x\"]\n"),
                 at(4, 19), {"write filter = \"regex\""});
  // A flag that merely starts alike is the binary's own.
  Suite ok = parse_suite(head + "command = [\"./k\", \"--benchmark_filterx=1\"]\n", kPath);
  EXPECT_EQ(ok.benchmarks[0].argv.size(), 2u);
}

TEST(SuiteToml, JudgedMetricsCatchesTyposOfTheStandardNames) {
  expect_message(error_of(kGbench + "judged_metrics = [\"cpu_tme\"]\n"), at(5, 19),
                 {"judged_metrics has \"cpu_tme\"", "did you mean \"cpu_time\"?"});
  expect_message(error_of(kGbench + "judged_metrics = [\"cpu_time\", \"cpu_time\"]\n"), at(5, 31),
                 {"\"cpu_time\" is listed twice"});
  expect_message(error_of(kGbench + "judged_metrics = []\n"), at(5, 18), {"judged_metrics is empty"});
  expect_message(error_of(kGbench + "judged_metrics = \"cpu_time\"\n"), at(5, 18),
                 {"judged_metrics is a string"});
  // User counters are the binary's own names.
  Suite ok = parse_suite(kGbench + "judged_metrics = [\"tokens_per_second\"]\n", kPath);
  EXPECT_EQ(ok.benchmarks[0].gbench.judged_metrics, std::vector<std::string>{"tokens_per_second"});
}

TEST(SuiteToml, GbenchBudgetsNameTheBinarysMetrics) {
  Suite suite = parse_suite(kGbench + "budget = { cpu_time = \"1.5ms\" }\n", kPath);
  ASSERT_EQ(suite.benchmarks[0].budgets.size(), 1u);
  EXPECT_EQ(suite.benchmarks[0].budgets[0].metric, "cpu_time");
  EXPECT_DOUBLE_EQ(*suite.benchmarks[0].budgets[0].max, 1.5e6);  // ns
  const std::string message = error_of(kGbench + "budget = { wall_time = \"1s\" }\n");
  expect_message(message, at(5, 12),
                 {"benchmark \"kernels\" has no metric \"wall_time\"",
                  "real_time, cpu_time, items_per_second, bytes_per_second"});
}

TEST(SuiteToml, UnknownKeyOfAGbenchBenchmarkSuggestsTheKey) {
  expect_message(error_of(kGbench + "filtr = \"x\"\n"), at(5, 1),
                 {"unknown key \"filtr\"", "\"filter\""});
}

TEST(SuiteToml, TheGbenchExampleSuiteLoads) {
  Suite suite = load_suite(PERFGATE_SOURCE_DIR "/examples/gbench/perfgate.toml");
  ASSERT_EQ(suite.benchmarks.size(), 1u);
  EXPECT_EQ(suite.benchmarks[0].kind, BenchmarkKind::gbench);
  EXPECT_TRUE(suite.benchmarks[0].gbench.random_interleaving);
}

// --- files ---

TEST(SuiteToml, LoadSuiteReadsARealFileAndResolvesFromItsFolder) {
  fs::path folder =
      fs::temp_directory_path() / ("perfgate_suite_test_" + std::to_string(::getpid()));
  fs::create_directories(folder / "data");
  fs::path file = folder / "bench.toml";
  {
    std::ofstream out(file);
    out << kOneBenchmark << "cwd = \"data\"\n";
  }
  Suite suite = load_suite(file.string());
  fs::remove_all(folder);
  EXPECT_EQ(suite.name, "bench");
  EXPECT_EQ(suite.dir, folder.lexically_normal().string());
  ASSERT_EQ(suite.benchmarks.size(), 1u);
  EXPECT_EQ(suite.benchmarks[0].cwd, (folder / "data").lexically_normal().string());
  EXPECT_EQ(suite.benchmarks[0].place.file, file.string());
}

TEST(SuiteToml, LoadSuiteOfAMissingFileSaysWhy) {
  try {
    load_suite("/nonexistent/perfgate.toml");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/perfgate.toml: cannot read: No such file or directory");
  }
}

TEST(SuiteToml, TheDemoSuiteLoads) {
  Suite suite = load_suite(PERFGATE_SOURCE_DIR "/demo/perfgate.toml");
  EXPECT_EQ(suite.name, "demo");
  EXPECT_FALSE(suite.benchmarks.empty());
  for (const BenchmarkSpec& b : suite.benchmarks)
    EXPECT_TRUE(fs::path(b.cwd).is_absolute()) << b.name << ": " << b.cwd;
}

}  // namespace
}  // namespace perfgate
