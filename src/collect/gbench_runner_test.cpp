// Running Google Benchmark binaries (kind = "gbench"): the real in-tree
// binary (examples/gbench/gbench_kernels) for what the installed Google
// Benchmark does, and small shell scripts standing in for other versions and
// for binaries that crash, hang or print something else.
#include "collect/gbench_runner.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "collect/runner.hpp"
#include "model/error.hpp"
#include "support/expect_error.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_support::input_error_message;

const std::string kKernels = PERFGATE_GBENCH_KERNELS;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "perfgate-gbench-run-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

BenchmarkSpec kernels_spec() {
  BenchmarkSpec spec;
  spec.name = "kernels";
  spec.kind = BenchmarkKind::gbench;
  spec.argv = {kKernels};
  spec.place = {"/suites/perfgate.toml", 3, 1};
  spec.timeout = 120s;
  spec.runs = 3;
  spec.warmup = 0;
  spec.builtin_metrics.clear();
  spec.gbench.min_time = 10ms;
  spec.gbench.filter_place = {"/suites/perfgate.toml", 6, 10};
  spec.gbench.min_time_place = {"/suites/perfgate.toml", 7, 12};
  return spec;
}

// A Google Benchmark stand-in: `help` is what --help prints, `list` what
// --benchmark_list_tests prints, `run` the shell commands of a run. Every
// invocation's arguments are appended to args.log beside it.
std::string fake_binary(const TempDir& dir, const std::string& help, const std::string& list,
                        const std::string& run) {
  const std::string path = dir.file("fake_bench");
  std::ofstream(dir.file("help.txt")) << help;
  std::ofstream(dir.file("list.txt")) << list;
  std::ofstream(path) << "#!/bin/sh\n"
                      << "here=$(dirname \"$0\")\n"
                      << "echo \"$*\" >> \"$here/args.log\"\n"
                      << "for a in \"$@\"; do case \"$a\" in\n"
                      << "  --help) cat \"$here/help.txt\"; exit 0;;\n"
                      << "  --benchmark_list_tests=true) cat \"$here/list.txt\"; exit 0;;\n"
                      << "esac; done\n"
                      << run << "\n";
  chmod(path.c_str(), 0755);
  return path;
}

const std::string kHelp17 =
    "benchmark [--benchmark_list_tests={true|false}]\n"
    "          [--benchmark_filter=<regex>]\n"
    "          [--benchmark_min_time=<min_time>]\n"
    "          [--benchmark_min_warmup_time=<min_warmup_time>]\n"
    "          [--benchmark_repetitions=<num_repetitions>]\n"
    "          [--benchmark_enable_random_interleaving={true|false}]\n";
const std::string kHelp18 =
    "benchmark [--benchmark_list_tests={true|false}]\n"
    "          [--benchmark_filter=<regex>]\n"
    "          [--benchmark_min_time=`<integer>x` OR `<float>s` ]\n"
    "          [--benchmark_min_warmup_time=<min_warmup_time>]\n"
    "          [--benchmark_repetitions=<num_repetitions>]\n"
    "          [--benchmark_enable_random_interleaving={true|false}]\n";
const std::string kHelp15 =  // before random interleaving and warm-up time
    "benchmark [--benchmark_list_tests={true|false}]\n"
    "          [--benchmark_filter=<regex>]\n"
    "          [--benchmark_min_time=<min_time>]\n"
    "          [--benchmark_repetitions=<num_repetitions>]\n";

// Two benchmarks, one repetition each, as Google Benchmark prints them.
const std::string kTwoBenchmarksJson = R"({"context": {"executable": "fake"}, "benchmarks": [
  {"name": "BM_A", "run_name": "BM_A", "run_type": "iteration", "repetitions": 1,
   "repetition_index": 0, "threads": 1, "iterations": 10, "real_time": 5, "cpu_time": 4,
   "time_unit": "us"},
  {"name": "BM_B/8", "run_name": "BM_B/8", "run_type": "iteration", "repetitions": 1,
   "repetition_index": 0, "threads": 1, "iterations": 10, "real_time": 7, "cpu_time": 6,
   "time_unit": "us"}]})";

BenchmarkSpec fake_spec(const std::string& binary) {
  BenchmarkSpec spec = kernels_spec();
  spec.argv = {binary};
  spec.timeout = 20s;
  return spec;
}

const std::vector<std::string> kKernelNames = {"BM_Matmul/16",   "BM_Matmul/32",
                                               "BM_Dot/1024",    "BM_Dot/4096",
                                               "BM_Softmax/256", "BM_AttentionScores/seq:64/dim:32",
                                               "BM_Quantize"};

// ------------------------------------------------------ probing

TEST(GbenchProbe, ReadsTheRealBinarysFlagsAndBenchmarks) {
  const GbenchProbe probe = probe_gbench(kernels_spec());
  EXPECT_EQ(probe.failure, "");
  EXPECT_EQ(probe.names, kKernelNames);
  EXPECT_TRUE(probe.random_interleaving) << "Google Benchmark 1.6+ is installed";
  TempDir dir;
  std::system(("'" + kKernels + "' --help > '" + dir.file("help") + "' 2>&1").c_str());
  EXPECT_EQ(probe.min_time_suffixes, slurp(dir.file("help")).find("<float>s") != std::string::npos);
}

TEST(GbenchProbe, ListsOnlyWhatTheFilterSelects) {
  BenchmarkSpec spec = kernels_spec();
  spec.gbench.filter = "Dot|Attention";
  EXPECT_EQ(
      probe_gbench(spec).names,
      (std::vector<std::string>{"BM_Dot/1024", "BM_Dot/4096", "BM_AttentionScores/seq:64/dim:32"}));
}

TEST(GbenchProbe, AFilterThatSelectsNothingIsTheUsersMistakeAtTheFilter) {
  BenchmarkSpec spec = kernels_spec();
  spec.gbench.filter = "BM_Conv";
  const std::string m = input_error_message([&] { probe_gbench(spec); });
  EXPECT_TRUE(m.starts_with("/suites/perfgate.toml:6:10: filter \"BM_Conv\" selects no benchmark"))
      << m;
  EXPECT_NE(m.find("the benchmarks are BM_Matmul/16, BM_Matmul/32, BM_Dot/1024"), std::string::npos)
      << m;
}

TEST(GbenchProbe, AFilterThatDoesNotCompileIsTheUsersMistake) {
  BenchmarkSpec spec = kernels_spec();
  spec.gbench.filter = "BM_(Dot";
  const std::string m = input_error_message([&] { probe_gbench(spec); });
  EXPECT_TRUE(
      m.starts_with("/suites/perfgate.toml:6:10: filter \"BM_(Dot\" is not a regular "
                    "expression Google Benchmark can compile"))
      << m;
}

TEST(GbenchProbe, AProgramThatIsNotAGoogleBenchmarkBinaryIsRefused) {
  BenchmarkSpec spec = kernels_spec();
  spec.argv = {"/bin/echo"};
  const std::string m = input_error_message([&] { probe_gbench(spec); });
  EXPECT_EQ(m,
            "/suites/perfgate.toml:3:1: benchmark 'kernels': '/bin/echo' is not a Google "
            "Benchmark binary (its --help lists no --benchmark_filter flag); remove kind = "
            "\"gbench\" to time it as a command, or point command at the benchmark binary");
}

TEST(GbenchProbe, IterationsAsMinTimeNeedVersion18) {
  TempDir dir;
  BenchmarkSpec spec = fake_spec(fake_binary(dir, kHelp17, "BM_A\n", "exit 0"));
  spec.gbench.min_time.reset();
  spec.gbench.min_iterations = 100;
  const std::string m = input_error_message([&] { probe_gbench(spec); });
  EXPECT_TRUE(
      m.starts_with("/suites/perfgate.toml:7:12: min_time = \"100x\" (a number of "
                    "iterations) needs Google Benchmark 1.8 or later"))
      << m;

  TempDir dir18;
  spec.argv = {fake_binary(dir18, kHelp18, "BM_A\n", "exit 0")};
  const GbenchProbe probe = probe_gbench(spec);
  EXPECT_TRUE(probe.min_time_suffixes);
  EXPECT_EQ(probe.names, std::vector<std::string>{"BM_A"});
}

TEST(GbenchProbe, ABinaryThatCrashesOnHelpIsAFailureNotAnError) {
  TempDir dir;
  const std::string path = dir.file("crashing");
  std::ofstream(path) << "#!/bin/sh\necho 'segfault here' >&2\nkill -SEGV $$\n";
  chmod(path.c_str(), 0755);
  const GbenchProbe probe = probe_gbench(fake_spec(path));
  EXPECT_NE(probe.failure.find("--help killed by signal 11"), std::string::npos) << probe.failure;
  EXPECT_NE(probe.failure.find("stderr: segfault here"), std::string::npos) << probe.failure;
}

// ------------------------------------------------------ the command line

TEST(GbenchArgv, PassesMinTimeInTheFormTheVersionTakes) {
  BenchmarkSpec spec = kernels_spec();
  spec.argv = {"./b", "--benchmark_counters_tabular=true"};
  spec.gbench.filter = "BM_.*";
  spec.gbench.min_time = 50ms;
  spec.gbench.min_warmup_time = 250ms;
  spec.gbench.random_interleaving = true;
  GbenchProbe old_probe;  // a version before 1.6
  EXPECT_EQ(gbench_argv(spec, old_probe, 10),
            (std::vector<std::string>{"./b", "--benchmark_counters_tabular=true",
                                      "--benchmark_format=json", "--benchmark_repetitions=10",
                                      "--benchmark_filter=BM_.*", "--benchmark_min_time=0.05"}));
  GbenchProbe new_probe;
  new_probe.min_time_suffixes = new_probe.random_interleaving = new_probe.min_warmup_time = true;
  EXPECT_EQ(
      gbench_argv(spec, new_probe, 3),
      (std::vector<std::string>{
          "./b", "--benchmark_counters_tabular=true", "--benchmark_format=json",
          "--benchmark_repetitions=3", "--benchmark_filter=BM_.*", "--benchmark_min_time=0.05s",
          "--benchmark_min_warmup_time=0.25", "--benchmark_enable_random_interleaving=true"}));
  spec.gbench.min_time.reset();
  spec.gbench.min_iterations = 100;
  const auto argv = gbench_argv(spec, new_probe, 1);
  EXPECT_NE(std::find(argv.begin(), argv.end(), "--benchmark_min_time=100x"), argv.end());
}

// ------------------------------------------------------ running

TEST(GbenchRun, EachBenchmarkOfTheRealBinaryBecomesAResultWithEveryRepetition) {
  BenchmarkSpec spec = kernels_spec();
  spec.gbench.filter = "Dot|Softmax";
  spec.gbench.random_interleaving = true;
  spec.gbench.judged_metrics = {"cpu_time", "rows_per_second"};
  spec.limits.lower_is_better = {0.07, 0.3};
  spec.budgets = {{"cpu_time", std::nullopt, 5e6, std::nullopt},
                  {"bytes_per_second", std::nullopt, std::nullopt, 1.0}};
  const GbenchProbe probe = probe_gbench(spec);
  const GbenchRun run = run_gbench(spec, probe, 4);

  EXPECT_TRUE(run.process.ok) << run.process.failure;
  EXPECT_GT(run.process.values.at("wall_time"), 0);
  EXPECT_TRUE(run.notes.empty());
  std::vector<std::string> names;
  for (const auto& b : run.benchmarks) names.push_back(b.name);
  EXPECT_EQ(names, (std::vector<std::string>{"kernels/BM_Dot/1024", "kernels/BM_Dot/4096",
                                             "kernels/BM_Softmax/256"}))
      << "in the binary's order, whatever the interleaving";
  for (const auto& b : run.benchmarks) {
    SCOPED_TRACE(b.name);
    EXPECT_EQ(b.repetitions.size(), 4u);
    EXPECT_EQ(b.failed_count(), 0);
    EXPECT_EQ(b.samples("cpu_time").size(), 4u);
    EXPECT_DOUBLE_EQ(b.limits.lower_is_better.warning, 0.07);
    EXPECT_EQ(b.warmup, 0);
    EXPECT_EQ(b.context.at("random_interleaving"), "true");
    EXPECT_EQ(b.command, gbench_argv(spec, probe, 4));
    EXPECT_FALSE(b.find_metric("real_time")->compared) << "not in judged_metrics";
    EXPECT_TRUE(b.find_metric("cpu_time")->compared);
  }
  // A budget is carried only by the benchmarks that have its metric.
  EXPECT_EQ(run.benchmarks[0].budgets.size(), 2u);
  EXPECT_EQ(run.benchmarks[2].budgets.size(), 1u);
  EXPECT_TRUE(run.benchmarks[2].find_metric("rows_per_second")->compared);
  EXPECT_FALSE(run.benchmarks[0].find_metric("items_per_second")->compared);
  EXPECT_NE(run.context_json.find("\"executable\""), std::string::npos) << run.context_json;
}

TEST(GbenchRun, AnErrorInOneBenchmarkFailsItsRepetitionsOnly) {
  BenchmarkSpec spec = kernels_spec();
  spec.gbench.filter = "Quantize|Softmax";
  spec.env = {{"GBENCH_FAIL_QUANTIZE", "1"}};
  const GbenchRun run = run_gbench(spec, probe_gbench(spec), 2);
  ASSERT_EQ(run.benchmarks.size(), 2u);
  EXPECT_EQ(run.benchmarks[0].name, "kernels/BM_Softmax/256");
  EXPECT_EQ(run.benchmarks[0].failed_count(), 0);
  const BenchmarkResult& q = run.benchmarks[1];
  EXPECT_EQ(q.name, "kernels/BM_Quantize");
  ASSERT_EQ(q.repetitions.size(), 2u);
  EXPECT_EQ(q.failed_count(), 2);
  EXPECT_EQ(q.repetitions[0].failure,
            "Google Benchmark reported an error: scale is zero (GBENCH_FAIL_QUANTIZE is set)");
  EXPECT_TRUE(run.process.ok) << "the binary itself exits 0";
}

TEST(GbenchRun, ABinaryThatFailsFailsEveryListedBenchmark) {
  TempDir dir;
  const std::string binary =
      fake_binary(dir, kHelp17, "BM_A\nBM_B/8\n", "echo 'out of memory' >&2\nexit 3");
  const BenchmarkSpec spec = fake_spec(binary);
  const GbenchRun run = run_gbench(spec, probe_gbench(spec), 5);
  EXPECT_FALSE(run.process.ok);
  ASSERT_EQ(run.benchmarks.size(), 2u);
  EXPECT_EQ(run.benchmarks[1].name, "kernels/BM_B/8");
  for (const auto& b : run.benchmarks) {
    ASSERT_EQ(b.repetitions.size(), 1u);
    EXPECT_FALSE(b.repetitions[0].ok);
    EXPECT_EQ(b.repetitions[0].failure,
              "the Google Benchmark binary exited with status 3; stderr: out of memory");
    EXPECT_EQ(b.repetitions[0].exit_status, 3);
    EXPECT_NE(b.find_metric("real_time"), nullptr) << "so that compare sees it failed";
    EXPECT_TRUE(b.samples("real_time").empty());
  }
}

TEST(GbenchRun, ABinaryThatHangsIsKilledAtTheTimeOut) {
  TempDir dir;
  BenchmarkSpec spec = fake_spec(fake_binary(dir, kHelp17, "BM_A\n", "sleep 30"));
  const GbenchProbe probe = probe_gbench(spec);
  spec.timeout = 300ms;
  const GbenchRun run = run_gbench(spec, probe, 5);
  ASSERT_EQ(run.benchmarks.size(), 1u);
  EXPECT_EQ(run.benchmarks[0].repetitions.at(0).failure,
            "the Google Benchmark binary timed out after 300 ms; process group killed");
}

TEST(GbenchRun, OutputThatIsNotItsJsonFailsEveryBenchmark) {
  TempDir dir;
  const BenchmarkSpec spec =
      fake_spec(fake_binary(dir, kHelp17, "BM_A\n", "echo 'warming up...'\nexit 0"));
  const GbenchRun run = run_gbench(spec, probe_gbench(spec), 5);
  ASSERT_EQ(run.benchmarks.size(), 1u);
  const std::string& why = run.benchmarks[0].repetitions.at(0).failure;
  EXPECT_TRUE(
      why.starts_with("the Google Benchmark binary exited 0, but its output is not Google "
                      "Benchmark JSON: stdout of '"))
      << why;
  EXPECT_NE(why.find("print other output to stderr"), std::string::npos) << why;
  EXPECT_FALSE(run.process.ok);
}

TEST(GbenchRun, FlagsTheBinaryLacksAreLeftOutWithANote) {
  TempDir dir;
  std::ofstream(dir.file("out.json")) << kTwoBenchmarksJson;
  BenchmarkSpec spec =
      fake_spec(fake_binary(dir, kHelp15, "BM_A\nBM_B/8\n", "cat \"$here/out.json\""));
  spec.gbench.random_interleaving = true;
  spec.gbench.min_warmup_time = 100ms;
  spec.gbench.judged_metrics = {"cpu_time", "tokens_per_second"};
  const GbenchRun run = run_gbench(spec, probe_gbench(spec), 1);
  ASSERT_EQ(run.notes.size(), 3u);
  EXPECT_NE(run.notes[0].find("random_interleaving is not supported"), std::string::npos);
  EXPECT_NE(run.notes[1].find("min_warmup_time is not supported"), std::string::npos);
  EXPECT_NE(run.notes[2].find("judged_metrics names \"tokens_per_second\", which no benchmark"),
            std::string::npos);
  const std::string args = slurp(dir.file("args.log"));
  EXPECT_EQ(args.find("random_interleaving=true"), std::string::npos) << args;
  EXPECT_EQ(args.find("min_warmup_time"), std::string::npos) << args;
  EXPECT_NE(args.find("--benchmark_format=json --benchmark_repetitions=1 "
                      "--benchmark_min_time=0.01\n"),
            std::string::npos)
      << args;
  ASSERT_EQ(run.benchmarks.size(), 2u);
  EXPECT_EQ(run.benchmarks[0].samples("real_time"), std::vector<double>{5000});
  EXPECT_EQ(run.benchmarks[0].context.at("random_interleaving"), "false");
}

TEST(GbenchRun, AProbeFailureFailsTheSuitesBenchmarkAsOne) {
  GbenchProbe probe;
  probe.failure = "'./b' --help killed by signal 11 (Segmentation fault)";
  const GbenchRun run = run_gbench(kernels_spec(), probe, 3);
  ASSERT_EQ(run.benchmarks.size(), 1u);
  EXPECT_EQ(run.benchmarks[0].name, "kernels");
  EXPECT_EQ(run.benchmarks[0].repetitions.at(0).failure,
            "could not list the benchmarks of the Google Benchmark binary: './b' --help killed by "
            "signal 11 (Segmentation fault)");
  EXPECT_FALSE(run.process.ok);
}

// ------------------------------------------------------ in a suite

class Recorder : public RunObserver {
 public:
  void on_benchmark_start(const BenchmarkSpec& s, int i, int n, int reps) override {
    events.push_back("start " + s.name + " " + std::to_string(i) + "/" + std::to_string(n) + " x" +
                     std::to_string(reps));
  }
  void on_repetition(const BenchmarkSpec& s, const Repetition& r, bool) override {
    events.push_back("repetition " + s.name + (r.ok ? " ok" : " failed"));
  }
  void on_gbench_results(const BenchmarkSpec& s, const std::vector<BenchmarkResult>& r) override {
    events.push_back("results " + s.name + " " + std::to_string(r.size()));
  }
  void on_benchmark_end(const BenchmarkSpec& s, const BenchmarkResult& r) override {
    events.push_back("end " + s.name + " " + r.name + " " +
                     std::to_string(r.samples("wall_time").size()));
  }
  std::vector<std::string> events;
};

TEST(GbenchRun, ASuiteRunsTheBinaryOnceAndKeepsItsContextAsASource) {
  TempDir dir;
  Suite suite;
  suite.path = dir.file("perfgate.toml");
  suite.dir = dir.path();
  suite.name = "s";
  BenchmarkSpec spec = kernels_spec();
  spec.gbench.filter = "Matmul/16|Softmax";
  suite.benchmarks.push_back(spec);
  Recorder recorder;
  const perfgate::Run run = run_suite(suite, RunOptions{}, recorder);
  EXPECT_EQ(recorder.events,
            (std::vector<std::string>{"start kernels 0/1 x1", "repetition kernels ok",
                                      "results kernels 2", "end kernels kernels 1"}));
  ASSERT_EQ(run.benchmarks.size(), 2u);
  EXPECT_EQ(run.benchmarks[0].name, "kernels/BM_Matmul/16");
  EXPECT_EQ(run.benchmarks[0].repetitions.size(), 3u);
  ASSERT_EQ(run.sources.size(), 1u);
  EXPECT_EQ(run.sources[0].format, "gbench");
  EXPECT_EQ(run.sources[0].path, kKernels);

  RunOptions quick;
  quick.runs_override = 2;
  EXPECT_EQ(run_suite(suite, quick, recorder).benchmarks[1].repetitions.size(), 2u);

  suite.benchmarks[0].gbench.filter = "nothing";
  EXPECT_EQ(input_error_message([&] {
              run_suite(suite, RunOptions{}, recorder);
            }).find("/suites/perfgate.toml:6:10: filter \"nothing\""),
            0u)
      << "found before anything is measured";
}

}  // namespace
}  // namespace perfgate
