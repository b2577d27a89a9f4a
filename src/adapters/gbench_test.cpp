// The Google Benchmark adapter, on output of the real tool (the in-tree
// gbench_kernels binary, examples/gbench) and on hand-written files for what
// that binary cannot produce: other versions (1.8's skipped rows, pre-1.5 rows
// without run_type), aggregates only, unicode names, bare NaN and Infinity.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/adapter.hpp"
#include "adapters/ingest.hpp"
#include "support/expect_error.hpp"

namespace perfgate::adapters {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using test_support::input_error_message;

const std::string kFixtures = PERFGATE_SOURCE_DIR "/tests/fixtures/gbench/";
const std::string kKernels = PERFGATE_GBENCH_KERNELS;

Parsed read_gbench(const Input& in) { return find("gbench")->read(in); }

Input input_of(const std::string& text, const std::string& path = "bench.json") {
  return Input{path, false, text};
}

Parsed read_fixture(const std::string& name) { return read_gbench(load_input(kFixtures + name)); }

const BenchmarkResult& named(const Parsed& p, const std::string& name) {
  for (const auto& b : p.benchmarks)
    if (b.name == name) return b;
  ADD_FAILURE() << "no benchmark " << name;
  static const BenchmarkResult none;
  return none;
}

std::vector<std::string> names_of(const Parsed& p) {
  std::vector<std::string> names;
  for (const auto& b : p.benchmarks) names.push_back(b.name);
  return names;
}

void expect_metric(const BenchmarkResult& b, const std::string& name, const std::string& unit,
                   Direction direction, bool compared) {
  const MetricInfo* m = b.find_metric(name);
  ASSERT_NE(m, nullptr) << b.name << " has no metric " << name;
  EXPECT_EQ(m->unit, unit) << name;
  EXPECT_EQ(m->direction, direction) << name;
  EXPECT_EQ(m->compared, compared) << name;
}

// A fresh folder under the system temp folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "perfgate-gbench-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The --benchmark_min_time value the installed Google Benchmark takes for 10 ms
// (1.8 and later want a unit, 1.7 a bare number of seconds).
std::string min_time_10ms() {
  TempDir dir;
  const std::string help = dir.file("help.txt");
  std::system(("'" + kKernels + "' --help > '" + help + "' 2>&1").c_str());
  std::ifstream in(help);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return text.find("<float>s") != std::string::npos ? "0.01s" : "0.01";
}

// Runs the real gbench_kernels binary with `flags` (and environment `env`,
// "A=1 B=2"), writing its JSON to a file as --benchmark_out does; the file's
// content.
std::string run_kernels(const TempDir& dir, const std::string& flags, const std::string& env = "") {
  const std::string out = dir.file("kernels.json");
  const std::string cmd = "env " + env + " '" + kKernels +
                          "' --benchmark_min_time=" + min_time_10ms() + " --benchmark_out='" + out +
                          "' --benchmark_out_format=json " + flags + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(out);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

const std::vector<std::string> kKernelNames = {"BM_Matmul/16",   "BM_Matmul/32",
                                               "BM_Dot/1024",    "BM_Dot/4096",
                                               "BM_Softmax/256", "BM_AttentionScores/seq:64/dim:32",
                                               "BM_Quantize"};

// ------------------------------------------------------ the real tool's output

TEST(GbenchAdapter, RealOutputEachRepetitionIsOneSampleAndAggregatesAreNot) {
  TempDir dir;
  const std::string text = run_kernels(dir, "--benchmark_repetitions=3");
  const Input in = input_of(text, dir.file("kernels.json"));
  EXPECT_EQ(detect(in).name, "gbench");
  const Parsed p = read_gbench(in);
  EXPECT_EQ(names_of(p), kKernelNames);

  // The iteration rows, read independently, in ns.
  const json doc = json::parse(text);
  std::map<std::string, std::vector<double>> real_ns;
  int aggregate_rows = 0;
  for (const json& row : doc["benchmarks"]) {
    if (row["run_type"] == "aggregate") {
      ++aggregate_rows;
      continue;
    }
    const std::string unit = row["time_unit"];
    const double f = unit == "ns" ? 1 : unit == "us" ? 1e3 : unit == "ms" ? 1e6 : 1e9;
    real_ns[row["run_name"]].push_back(row["real_time"].get<double>() * f);
  }
  EXPECT_EQ(aggregate_rows, 7 * 4) << "mean, median, stddev and cv per benchmark";

  for (const auto& b : p.benchmarks) {
    SCOPED_TRACE(b.name);
    ASSERT_EQ(b.repetitions.size(), 3u) << "aggregates are not samples";
    EXPECT_EQ(b.failed_count(), 0);
    EXPECT_EQ(b.samples("real_time"), real_ns[b.name]);
    EXPECT_EQ(b.samples("cpu_time").size(), 3u);
    EXPECT_TRUE(b.summaries.empty());
    for (int i = 0; i < 3; ++i) EXPECT_EQ(b.repetitions[i].index, i);
    expect_metric(b, "real_time", "ns", Direction::lower_is_better, true);
    expect_metric(b, "cpu_time", "ns", Direction::lower_is_better, true);
    EXPECT_EQ(b.context.at("run_type"), "\"iteration\"");
    EXPECT_EQ(b.context.at("repetitions"), "3");
    EXPECT_EQ(b.context.at("threads"), "1");
    EXPECT_EQ(b.context.at("time_unit"), "\"ns\"");
    EXPECT_EQ(b.context.count("repetition_index"), 0u) << "varies per row";
    ASSERT_EQ(b.context.count("aggregates"), 1u);
    const json aggregates = json::parse(b.context.at("aggregates"));
    EXPECT_TRUE(aggregates.contains("mean") && aggregates.contains("median") &&
                aggregates.contains("stddev") && aggregates.contains("cv"))
        << aggregates;
  }
  EXPECT_EQ(named(p, "BM_Matmul/32").context.at("per_family_instance_index"), "1");
  expect_metric(named(p, "BM_Matmul/16"), "items_per_second", "items/s",
                Direction::higher_is_better, true);
  const BenchmarkResult& dot = named(p, "BM_Dot/4096");
  expect_metric(dot, "items_per_second", "items/s", Direction::higher_is_better, true);
  expect_metric(dot, "bytes_per_second", "B/s", Direction::higher_is_better, true);
  // bytes/s of the dot product is 8 bytes per item (two floats).
  EXPECT_NEAR(dot.samples("bytes_per_second")[0] / dot.samples("items_per_second")[0], 8.0, 1e-9);
  const BenchmarkResult& softmax = named(p, "BM_Softmax/256");
  expect_metric(softmax, "rows_per_second", "rows/s", Direction::higher_is_better, true);
  expect_metric(softmax, "max_abs_error", "", Direction::lower_is_better, false);

  const json context = json::parse(p.context_json);
  EXPECT_EQ(context["executable"], kKernels);
  EXPECT_TRUE(context["num_cpus"].is_number()) << context;
  EXPECT_TRUE(context.contains("library_build_type")) << context;
}

TEST(GbenchAdapter, RealOutputErrorRowsAreFailedRepetitions) {
  TempDir dir;
  const std::string text =
      run_kernels(dir, "--benchmark_repetitions=3 --benchmark_filter='Quantize|Dot/1024'",
                  "GBENCH_FAIL_QUANTIZE=1");
  const Parsed p = read_gbench(input_of(text));
  ASSERT_EQ(names_of(p), (std::vector<std::string>{"BM_Dot/1024", "BM_Quantize"}));
  const BenchmarkResult& q = named(p, "BM_Quantize");
  ASSERT_EQ(q.repetitions.size(), 3u);
  EXPECT_EQ(q.failed_count(), 3);
  for (const Repetition& r : q.repetitions) {
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.failure,
              "Google Benchmark reported an error: scale is zero (GBENCH_FAIL_QUANTIZE is set)");
    EXPECT_TRUE(r.values.empty()) << "a failing benchmark is never a sample";
  }
  // Still carries the metrics every benchmark reports, so compare sees it failed.
  expect_metric(q, "real_time", "ns", Direction::lower_is_better, true);
  EXPECT_EQ(named(p, "BM_Dot/1024").failed_count(), 0);
}

TEST(GbenchAdapter, RealOutputWithAggregatesOnlyGivesSummariesNotSamples) {
  TempDir dir;
  const std::string text =
      run_kernels(dir,
                  "--benchmark_repetitions=3 --benchmark_report_aggregates_only=true "
                  "--benchmark_filter=BM_Dot/1024");
  const Parsed p = read_gbench(input_of(text));
  ASSERT_EQ(names_of(p), std::vector<std::string>{"BM_Dot/1024"});
  const BenchmarkResult& b = p.benchmarks[0];
  EXPECT_TRUE(b.repetitions.empty()) << "no raw samples are invented";
  const json doc = json::parse(text);
  const json* mean = nullptr;
  const json* stddev = nullptr;
  for (const json& row : doc["benchmarks"]) {
    if (row["aggregate_name"] == "mean") mean = &row;
    if (row["aggregate_name"] == "stddev") stddev = &row;
  }
  ASSERT_TRUE(mean && stddev);
  ASSERT_EQ((*mean)["time_unit"], "ns");
  const SampleSummary& real = b.summaries.at("real_time");
  EXPECT_DOUBLE_EQ(real.mean, (*mean)["real_time"].get<double>());
  EXPECT_DOUBLE_EQ(*real.stddev, (*stddev)["real_time"].get<double>());
  EXPECT_EQ(real.n, 3);
  EXPECT_TRUE(real.median.has_value());
  EXPECT_DOUBLE_EQ(b.summaries.at("items_per_second").mean,
                   (*mean)["items_per_second"].get<double>());
  expect_metric(b, "bytes_per_second", "B/s", Direction::higher_is_better, true);
}

TEST(GbenchAdapter, RealOutputIngestsAsARunWithItsSource) {
  TempDir dir;
  run_kernels(dir, "--benchmark_repetitions=2 --benchmark_filter=Softmax");
  const perfgate::Run run = ingest({load_input(dir.file("kernels.json"))}, "auto");
  ASSERT_EQ(run.sources.size(), 1u);
  EXPECT_EQ(run.sources[0].format, "gbench");
  EXPECT_EQ(run.source, "perfgate ingest (gbench)");
  ASSERT_EQ(run.benchmarks.size(), 1u);
  EXPECT_EQ(run.benchmarks[0].samples("rows_per_second").size(), 2u);
}

// ------------------------------------------------------ hand-written files

TEST(GbenchAdapter, ConvertsEachTimeUnitToNanoseconds) {
  const Parsed p = read_fixture("full_1_8.json");
  EXPECT_EQ(named(p, "BM_Matmul/32").samples("real_time"),
            (std::vector<double>{25000, 26000, 24000}));  // us
  EXPECT_EQ(named(p, "BM_Matmul/32").samples("cpu_time"),
            (std::vector<double>{24500, 25500, 23500}));
  EXPECT_EQ(named(p, "BM_Decode/tokens:128").samples("real_time"),
            (std::vector<double>{80e6, 82e6}));                                          // ms
  EXPECT_EQ(named(p, "BM_Sparse/64").samples("real_time"), std::vector<double>{1.5e9});  // s
  EXPECT_EQ(named(p, "BM_Complexity/8").samples("real_time"), std::vector<double>{1.9});
}

TEST(GbenchAdapter, ReadsCountersMemoryAndLabelsOfVersion18) {
  const Parsed p = read_fixture("full_1_8.json");
  EXPECT_EQ(names_of(p),
            (std::vector<std::string>{"BM_Matmul/32", "BM_Decode/tokens:128", "BM_Sparse/64",
                                      "BM_Complexity/8", "BM_Complexity/64"}));
  const BenchmarkResult& matmul = named(p, "BM_Matmul/32");
  EXPECT_EQ(matmul.repetitions.size(), 3u) << "mean, median, stddev and cv are not samples";
  EXPECT_DOUBLE_EQ(matmul.samples("items_per_second")[1], 1.2850196078431373e+09);
  EXPECT_EQ(matmul.context.at("label"), "\"fp32\"");
  EXPECT_EQ(matmul.context.at("iterations"), "28000");
  EXPECT_EQ(matmul.context.at("family_index"), "0");
  const json aggregates = json::parse(matmul.context.at("aggregates"));
  EXPECT_DOUBLE_EQ(aggregates["stddev"]["real_time"].get<double>(), 1.0) << "as the tool wrote it";
  EXPECT_EQ(aggregates["cv"]["aggregate_unit"], "percentage");

  const BenchmarkResult& decode = named(p, "BM_Decode/tokens:128");
  expect_metric(decode, "tokens_per_second", "tok/s", Direction::higher_is_better, true);
  expect_metric(decode, "kv_cache_hit_rate", "", Direction::lower_is_better, false);
  expect_metric(decode, "allocs_per_iter", "", Direction::lower_is_better, true);
  expect_metric(decode, "max_bytes_used", "bytes", Direction::lower_is_better, true);
  expect_metric(decode, "total_allocated_bytes", "bytes", Direction::lower_is_better, true);
  expect_metric(decode, "net_heap_growth", "bytes", Direction::lower_is_better, false);
  EXPECT_EQ(decode.samples("tokens_per_second"),
            (std::vector<double>{1600, 1.5609756097560976e+03}));
  EXPECT_EQ(decode.samples("max_bytes_used"), (std::vector<double>{1048576, 1048576}));
  // The metric order: times first, then by name.
  ASSERT_GE(decode.metrics.size(), 3u);
  EXPECT_EQ(decode.metrics[0].name, "real_time");
  EXPECT_EQ(decode.metrics[1].name, "cpu_time");
  EXPECT_EQ(decode.metrics[2].name, "allocs_per_iter");

  const json context = json::parse(p.context_json);
  EXPECT_EQ(context["library_version"], "v1.9.1");
  EXPECT_EQ(context["json_schema_version"], 1);
  EXPECT_EQ(context["model"], "llama-7b-q4") << "a custom --benchmark_context entry";
  EXPECT_EQ(context["caches"].size(), 2u);
}

TEST(GbenchAdapter, ReadsBareNaNAndInfinityAsTheToolWritesThem) {
  const Parsed p = read_fixture("full_1_8.json");
  const Repetition& r = named(p, "BM_Sparse/64").repetitions.at(0);
  EXPECT_TRUE(std::isinf(r.values.at("zero_fraction")) && r.values.at("zero_fraction") < 0);
  EXPECT_TRUE(std::isinf(r.values.at("density")) && r.values.at("density") > 0);
  // written -NaN: the counter has no value in this repetition, but is declared
  EXPECT_EQ(r.values.count("ratio"), 0u);
  EXPECT_NE(named(p, "BM_Sparse/64").find_metric("ratio"), nullptr);
  // ... and inside the cv aggregate, which stays context.
  const json aggregates = json::parse(named(p, "BM_Decode/tokens:128").context.at("aggregates"));
  EXPECT_EQ(aggregates["cv"]["kv_cache_hit_rate"], "NaN");
}

TEST(GbenchAdapter, NaNInsideAStringIsLeftAlone) {
  const Parsed p = read_gbench(input_of(R"({"context": {"note": "NaN -Infinity"},
    "benchmarks": [{"name": "BM_NaN", "run_type": "iteration", "real_time": 1, "cpu_time": 2,
                    "time_unit": "ns", "label": "Infinity \"NaN\""}]})"));
  EXPECT_EQ(json::parse(p.context_json)["note"], "NaN -Infinity");
  EXPECT_EQ(p.benchmarks.at(0).context.at("label"), R"("Infinity \"NaN\"")");
}

TEST(GbenchAdapter, ComplexityRowsAreContextNotBenchmarks) {
  const Parsed p = read_fixture("full_1_8.json");
  for (const auto& b : p.benchmarks) EXPECT_NE(b.name, "BM_Complexity");
  const json context = json::parse(p.context_json);
  const json& c = context["perfgate_complexity"]["BM_Complexity"];
  EXPECT_EQ(c["BigO"]["big_o"], "N");
  EXPECT_DOUBLE_EQ(c["BigO"]["cpu_coefficient"].get<double>(), 0.24);
  EXPECT_DOUBLE_EQ(c["RMS"]["rms"].get<double>(), 0.0063);
}

TEST(GbenchAdapter, ErrorRowsAreFailedRepetitionsBesideTheGoodOnes) {
  const Parsed p = read_fixture("errors_and_skips.json");
  const BenchmarkResult& flaky = named(p, "BM_Flaky");
  ASSERT_EQ(flaky.repetitions.size(), 3u);
  EXPECT_TRUE(flaky.repetitions[0].ok);
  EXPECT_FALSE(flaky.repetitions[1].ok);
  EXPECT_EQ(flaky.repetitions[1].failure,
            "Google Benchmark reported an error: checksum mismatch: got 7, want 8");
  EXPECT_TRUE(flaky.repetitions[1].values.empty());
  EXPECT_TRUE(flaky.repetitions[2].ok);
  EXPECT_EQ(flaky.repetitions[2].index, 2);
  EXPECT_EQ(flaky.samples("real_time"), (std::vector<double>{100, 102}));

  const BenchmarkResult& broken = named(p, "BM_Broken/1024");
  EXPECT_EQ(broken.failed_count(), 2);
  EXPECT_EQ(broken.repetitions[0].failure,
            "Google Benchmark reported an error: could not allocate 1024 MiB");
  expect_metric(broken, "real_time", "ns", Direction::lower_is_better, true);
  expect_metric(broken, "cpu_time", "ns", Direction::lower_is_better, true);

  EXPECT_EQ(named(p, "BM_NoMessage").repetitions.at(0).failure,
            "Google Benchmark reported an error: (no message)");
}

TEST(GbenchAdapter, SkippedBenchmarksAreNeitherSamplesNorFailures) {
  const Parsed p = read_fixture("errors_and_skips.json");
  EXPECT_EQ(names_of(p), (std::vector<std::string>{"BM_Flaky", "BM_Broken/1024", "BM_NoMessage"}));
  const json context = json::parse(p.context_json);
  EXPECT_EQ(
      context["perfgate_skipped"],
      json::parse(R"([{"name": "BM_Avx512Only", "skip_message": "this CPU has no AVX-512"}])"));
}

TEST(GbenchAdapter, AggregatesOnlyBecomeSummaries) {
  const Parsed p = read_fixture("aggregates_only.json");
  ASSERT_EQ(names_of(p), std::vector<std::string>{"BM_Gemm/256"});
  const BenchmarkResult& b = p.benchmarks[0];
  EXPECT_TRUE(b.repetitions.empty());
  const SampleSummary& real = b.summaries.at("real_time");
  EXPECT_DOUBLE_EQ(real.mean, 1.25e6);
  EXPECT_DOUBLE_EQ(*real.stddev, 5e4);
  EXPECT_DOUBLE_EQ(*real.median, 1.24e6);
  EXPECT_DOUBLE_EQ(*real.min, 1.2e6);
  EXPECT_DOUBLE_EQ(*real.max, 1.4e6);
  EXPECT_EQ(real.n, 10);
  EXPECT_DOUBLE_EQ(b.summaries.at("cpu_time").mean, 1.24e6);
  EXPECT_DOUBLE_EQ(*b.summaries.at("items_per_second").stddev, 5e8);
  expect_metric(b, "items_per_second", "items/s", Direction::higher_is_better, true);
  EXPECT_EQ(b.summaries.size(), 3u) << "cv is a percentage, not a summary";
  const json aggregates = json::parse(b.context.at("aggregates"));
  EXPECT_DOUBLE_EQ(aggregates["p90"]["real_time"].get<double>(), 1.35) << "a user statistic";
  EXPECT_EQ(b.context.at("run_type"), "\"aggregate\"");
  EXPECT_EQ(b.context.count("name"), 0u);
}

TEST(GbenchAdapter, KeepsUnicodeSlashesColonsAndQuotesInNames) {
  const Parsed p = read_fixture("unicode_names.json");
  EXPECT_EQ(names_of(p), (std::vector<std::string>{"BM_Tokenize/日本語/threads:2",
                                                   "BM_Ünïcödé<float, 4>/seq:64/dim:32",
                                                   "BM_Quote\"d\\back/slash:1"}));
  EXPECT_EQ(named(p, "BM_Tokenize/日本語/threads:2").context.at("threads"), "2");
  EXPECT_EQ(named(p, "BM_Quote\"d\\back/slash:1").context.at("label"), "\"ラベル 🚀\"");
  EXPECT_EQ(json::parse(p.context_json)["host_name"], "ホスト");
}

TEST(GbenchAdapter, ReadsFilesOfVersionsBeforeRunType) {
  const Parsed p = read_fixture("old_1_4.json");
  EXPECT_EQ(names_of(p), (std::vector<std::string>{"BM_Copy/8", "BM_Hash"}));
  const BenchmarkResult& copy = named(p, "BM_Copy/8");
  EXPECT_EQ(copy.samples("real_time"), (std::vector<double>{12, 13}))
      << "_mean, _median and _stddev rows are aggregates";
  EXPECT_EQ(copy.samples("bytes_per_second"), (std::vector<double>{727272727, 666666666}));
  EXPECT_TRUE(json::parse(copy.context.at("aggregates")).contains("median"));
  EXPECT_EQ(named(p, "BM_Hash").samples("real_time"), std::vector<double>{210})
      << "no time_unit: nanoseconds";
  EXPECT_EQ(json::parse(p.context_json)["perfgate_complexity"]["BM_Sort"]["BigO"]["big_o"], "NlgN");
}

TEST(GbenchAdapter, ReadsALargeFile) {
  // About 50 MB: 2500 benchmarks x 50 repetitions, the tool's layout.
  TempDir dir;
  const std::string path = dir.file("large.json");
  {
    std::ofstream out(path);
    out << "{\n  \"context\": {\"date\": \"2026-11-20\", \"num_cpus\": 64},\n  \"benchmarks\": [\n";
    for (int b = 0; b < 2500; ++b)
      for (int r = 0; r < 50; ++r) {
        out << (b || r ? ",\n" : "") << "    {\n      \"name\": \"BM_Large/" << b
            << "\",\n      \"family_index\": 0,\n      \"per_family_instance_index\": " << b
            << ",\n      \"run_name\": \"BM_Large/" << b
            << "\",\n      \"run_type\": \"iteration\",\n      \"repetitions\": 50,\n"
            << "      \"repetition_index\": " << r
            << ",\n      \"threads\": 1,\n      \"iterations\": 1000000,\n"
            << "      \"real_time\": " << (b + r * 0.5) << ",\n      \"cpu_time\": " << b + 1
            << ",\n      \"time_unit\": \"us\",\n      \"items_per_second\": 1.0e+06,\n"
            << "      \"padding_counter\": 0.0000000000000000e+00\n    }";
      }
    out << "\n  ]\n}\n";
  }
  const Input in = load_input(path);
  ASSERT_GT(in.content.size(), 45u << 20);
  EXPECT_EQ(detect(in).name, "gbench");
  const Parsed p = read_gbench(in);
  ASSERT_EQ(p.benchmarks.size(), 2500u);
  const BenchmarkResult& b = p.benchmarks[1234];
  EXPECT_EQ(b.name, "BM_Large/1234");
  ASSERT_EQ(b.repetitions.size(), 50u);
  EXPECT_DOUBLE_EQ(b.samples("real_time")[7], (1234 + 3.5) * 1e3);
}

// ------------------------------------------------------ malformed input

TEST(GbenchAdapter, TruncatedJsonIsAnErrorAtItsPlace) {
  const std::string text = "{\n  \"context\": {},\n  \"benchmarks\": [\n    {\"name\": \"BM_x\",";
  const std::string m = input_error_message([&] { read_gbench(input_of(text, "cut.json")); });
  EXPECT_TRUE(m.starts_with("cut.json:4:")) << m;
  EXPECT_NE(m.find("not valid JSON"), std::string::npos) << m;
}

TEST(GbenchAdapter, WrongTypesNameTheJsonPath) {
  const std::string m = input_error_message([&] {
    read_gbench(input_of(R"({"context": {}, "benchmarks": [
      {"name": "BM_a", "run_type": "iteration", "real_time": 1, "cpu_time": 1, "time_unit": "ns"},
      {"name": "BM_a", "run_type": "iteration", "real_time": "abc", "cpu_time": 1}]})"));
  });
  EXPECT_TRUE(
      m.starts_with("bench.json: benchmarks[1].real_time: expected a number, found \"abc\""))
      << m;
  const std::string e = input_error_message([&] {
    read_gbench(input_of(R"({"context": {}, "benchmarks": [{"name": "BM_a", "real_time": 1,
      "cpu_time": 1, "error_occurred": "yes"}]})"));
  });
  EXPECT_TRUE(e.starts_with("bench.json: benchmarks[0].error_occurred: expected true or false"))
      << e;
  const std::string n = input_error_message(
      [&] { read_gbench(input_of(R"({"context": {}, "benchmarks": [{"name": 7}]})")); });
  EXPECT_TRUE(n.starts_with("bench.json: benchmarks[0].name: expected a string, found 7")) << n;
}

TEST(GbenchAdapter, MissingRequiredFieldsAreNamed) {
  const std::string m =
      input_error_message([&] { read_gbench(input_of(R"({"context": {"num_cpus": 2}})")); });
  EXPECT_TRUE(m.starts_with("bench.json: missing required field \"benchmarks\"")) << m;
  const std::string c =
      input_error_message([&] { read_gbench(input_of(R"({"benchmarks": []})")); });
  EXPECT_TRUE(c.starts_with("bench.json: missing required field \"context\"")) << c;
  const std::string r = input_error_message([&] {
    read_gbench(input_of(R"({"context": {}, "benchmarks": [{"name": "BM_a", "cpu_time": 3}]})"));
  });
  EXPECT_TRUE(r.starts_with("bench.json: benchmarks[0]: missing required field \"real_time\""))
      << r;
  const std::string b = input_error_message(
      [&] { read_gbench(input_of(R"({"context": {}, "benchmarks": {"BM_a": 1}})")); });
  EXPECT_TRUE(b.starts_with("bench.json: benchmarks: expected an array")) << b;
}

TEST(GbenchAdapter, UnknownTimeUnitsAndRunTypesAreErrors) {
  const std::string u = input_error_message([&] {
    read_gbench(input_of(R"({"context": {}, "benchmarks": [{"name": "BM_a", "real_time": 1,
      "cpu_time": 1, "time_unit": "fortnights"}]})"));
  });
  EXPECT_TRUE(
      u.starts_with("bench.json: benchmarks[0].time_unit: expected \"ns\", \"us\", \"ms\" "
                    "or \"s\", found \"fortnights\""))
      << u;
  const std::string t = input_error_message([&] {
    read_gbench(input_of(R"({"context": {}, "benchmarks": [{"name": "BM_a", "run_type": "warmup",
      "real_time": 1, "cpu_time": 1}]})"));
  });
  EXPECT_TRUE(
      t.starts_with("bench.json: benchmarks[0].run_type: expected \"iteration\" or "
                    "\"aggregate\", found \"warmup\""))
      << t;
}

TEST(GbenchAdapter, EmptyGarbageAndDeepNestingAreErrorsNotCrashes) {
  EXPECT_TRUE(
      input_error_message([&] { read_gbench(input_of("  \n")); }).starts_with("bench.json: empty"));
  std::string garbage = "{\"context\": {}, \"benchmarks\": [\x01\xff\xfe NaN Infinity -";
  garbage += std::string("\0\x80\xc3", 3);
  EXPECT_TRUE(
      input_error_message([&] { read_gbench(input_of(garbage)); }).starts_with("bench.json:1:"));
  const std::string deep = "{\"context\": " + std::string(100000, '[');
  const std::string m = input_error_message([&] { read_gbench(input_of(deep)); });
  EXPECT_TRUE(m.starts_with("bench.json:1:268: values nested more than 256 levels deep")) << m;
  const std::string huge = input_error_message([&] {
    read_gbench(input_of("{\"context\": {},\n \"benchmarks\": [{\"real_time\": 3.0e+0512}]}"));
  });
  EXPECT_EQ(huge,
            "bench.json:2:31: the number 3.0e+0512 is too large for a double; write numbers "
            "within ±1.8e308");
  EXPECT_TRUE(input_error_message([&] {
                read_gbench(input_of("[1, 2]"));
              }).starts_with("bench.json: expected an object"));
  EXPECT_TRUE(input_error_message([&] {
                read_gbench(input_of(R"({"context": {}, "benchmarks": [-Infinity]})"));
              }).starts_with("bench.json: benchmarks[0]: expected an object, found \"-Infinity\""));
}

// ------------------------------------------------------ detection

TEST(GbenchAdapter, DetectsEveryFixture) {
  for (const std::string name : {"full_1_8.json", "errors_and_skips.json", "aggregates_only.json",
                                 "unicode_names.json", "old_1_4.json"}) {
    const Input in = load_input(kFixtures + name);
    EXPECT_EQ(find("gbench")->detect(in), Match::yes) << name;
    EXPECT_EQ(detect(in).name, "gbench") << name;
  }
}

TEST(GbenchAdapter, DetectionNeedsTheToolsLayout) {
  auto match = [](const std::string& text) { return find("gbench")->detect(input_of(text)); };
  // An empty run still is Google Benchmark's layout, but proves less.
  EXPECT_EQ(match(R"({"context": {"num_cpus": 2}, "benchmarks": []})"), Match::maybe);
  // Re-saved with sorted keys.
  EXPECT_EQ(match(R"({"benchmarks": [{"name": "a", "run_name": "a", "real_time": 1}],
                      "context": {}})"),
            Match::maybe);
  // pytest-benchmark: "benchmarks" but no "context".
  EXPECT_EQ(match(R"({"machine_info": {}, "commit_info": {}, "benchmarks": [{"name": "t",
                      "stats": {"mean": 1}}], "datetime": "x", "version": "4.0.0"})"),
            Match::no);
  // A perfgate result file whose benchmarks came from Google Benchmark.
  EXPECT_EQ(match(R"({"schema_version": 1, "benchmarks": [{"name": "BM_a", "context":
                      {"run_type": "\"iteration\"", "time_unit": "\"ns\""}, "repetitions": []}]})"),
            Match::no);
  EXPECT_EQ(match("benchmark,metric,value\nBM_a,real_time,1\n"), Match::no);
  EXPECT_EQ(find("gbench")->detect(Input{"target/criterion", true, ""}), Match::no);
}

TEST(GbenchAdapter, AnEmptyBenchmarkNameIsAnErrorAtItsPlace) {
  // Found by fuzz_gbench: a duplicated "run_name" whose last value is empty.
  const std::string msg = input_error_message([] {
    read_gbench(input_of(R"({"context": {}, "benchmarks": [{"name": "BM_a", "run_name": "BM_a",
      "run_name": "", "run_type": "iteration", "real_time": 1, "cpu_time": 1, "time_unit": "ns"}]})"));
  });
  EXPECT_EQ(msg.rfind("bench.json: benchmarks[0].run_name: the benchmark name is empty; ", 0), 0u)
      << msg;
}

}  // namespace
}  // namespace perfgate::adapters
