#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/adapter.hpp"
#include "adapters/adapter_testing.hpp"
#include "adapters/ingest.hpp"
#include "support/expect_error.hpp"

namespace perfgate::adapters {
namespace {

using test_support::input_error_message;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kDir = PERFGATE_SOURCE_DIR "/tests/fixtures/ggml-ops/";
const std::string kMulMat =
    "MUL_MAT(type_a=%s,type_b=f32,m=4096,n=1,k=14336,bs=[1,1],nr=[1,1],per=[0,1,2,3],v=0,o=1)";
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

std::string mul_mat(const std::string& type) {
  std::string s = kMulMat;
  return s.replace(s.find("%s"), 2, type);
}

Parsed read_ops(const Input& in) { return find("ggml-ops")->read(in); }
Parsed read_fixture(const std::string& name) { return read_ops(load_input(kDir + name)); }
std::string error_of(std::string content, std::string path = "mem.txt") {
  return input_error_message([&] { read_ops(Input{path, false, std::move(content)}); });
}

TEST(GgmlOpsAdapter, ConsoleNamesEachOpBackendSlashOpWithItsParameters) {
  EXPECT_THAT(names(read_fixture("console.txt")),
              ElementsAre("CUDA0/" + mul_mat("f16"), "CUDA0/" + mul_mat("q4_0"),
                          "CUDA0/ADD(type=f32,ne=[4096,512,1,1],nr=[1,1,1,1],nf=1)",
                          "CUDA0/SOFT_MAX(type=f32,ne=[4096,4096,5,1],mask=0,sinks=0,m_prec=f32,"
                          "nr23=[1,1],scale=1.000000,max_bias=0.000000,inplace=0)",
                          "CUDA0/CPY(type_src=f32,type_dst=f16,ne=[512,3072,1,1],permute_src=[0,0,"
                          "0,0],permute_dst=[0,0,0,0],_src_transpose=0)"));
}

TEST(GgmlOpsAdapter, ConsoleFiguresAreOneInvocationsSummaries) {
  const Parsed p = read_fixture("console.txt");
  const BenchmarkResult& f16 = p.benchmarks[0];
  EXPECT_TRUE(f16.repetitions.empty());
  const SampleSummary& time = f16.summaries.at("time");
  EXPECT_DOUBLE_EQ(time.mean, 241440);  // 241.44 us/run
  EXPECT_EQ(time.n, 4260);
  EXPECT_FALSE(time.stddev);
  EXPECT_DOUBLE_EQ(f16.summaries.at("flops").mean, 486.42);
  EXPECT_EQ(f16.summaries.count("bandwidth"), 0u);
  EXPECT_DOUBLE_EQ(p.benchmarks[1].summaries.at("flops").mean, 2600);  // 2.60 TFLOPS
  const BenchmarkResult& add = p.benchmarks[2];
  EXPECT_DOUBLE_EQ(add.summaries.at("time").mean, 12410);
  EXPECT_DOUBLE_EQ(add.summaries.at("bandwidth").mean, 1888.39 * kGiB);  // "GB/s" is 1024^3 B/s
  EXPECT_EQ(add.summaries.count("flops"), 0u);

  ASSERT_EQ(f16.metrics.size(), 2u);
  EXPECT_EQ(f16.metrics[0].name, "time");
  EXPECT_EQ(f16.metrics[0].unit, "ns");
  EXPECT_EQ(f16.metrics[0].direction, Direction::lower_is_better);
  EXPECT_TRUE(f16.metrics[0].compared);
  EXPECT_EQ(f16.metrics[1].name, "flops");
  EXPECT_EQ(f16.metrics[1].unit, "GFLOP/s");
  EXPECT_EQ(f16.metrics[1].direction, Direction::higher_is_better);
  EXPECT_FALSE(f16.metrics[1].compared);
  EXPECT_EQ(add.metrics[1].name, "bandwidth");
  EXPECT_EQ(add.metrics[1].unit, "B/s");
  EXPECT_EQ(add.metrics[1].direction, Direction::higher_is_better);
  EXPECT_FALSE(add.metrics[1].compared);
}

TEST(GgmlOpsAdapter, ConsoleKeepsTheOpItsBackendAndItsSizeAsContext) {
  const Parsed p = read_fixture("console.txt");
  const auto& ctx = p.benchmarks[0].context;
  EXPECT_EQ(ctx.at("backend_name"), "\"CUDA0\"");
  EXPECT_EQ(ctx.at("op_name"), "\"MUL_MAT\"");
  EXPECT_EQ(ctx.at("op_params"),
            "\"type_a=f16,type_b=f32,m=4096,n=1,k=14336,bs=[1,1],nr=[1,1],per=[0,1,2,3],v=0,o=1\"");
  EXPECT_EQ(ctx.at("device_description"), "\"NVIDIA GeForce RTX 4090\"");
  EXPECT_EQ(ctx.at("n_runs"), "4260");
  EXPECT_EQ(ctx.at("flop_per_run"), "117440000");
  EXPECT_EQ(p.benchmarks[2].context.at("memory_kb"), "24576");
  // The bf16 case was not supported on CUDA0: counted, not a benchmark.
  EXPECT_EQ(nlohmann::json::parse(p.context_json).at("not_supported"), 1);
}

TEST(GgmlOpsAdapter, OlderConsoleOutputWithFailuresRepeatsAndWindowsLineEnds) {
  const Parsed p = read_fixture("console-2024.txt");
  ASSERT_THAT(names(p), ElementsAre("CPU/MUL(type=f32,ne=[16,10,10,10],nr=[2,1,1,1])",
                                    "CPU/MUL(type=f32,ne=[16,10,10,10],nr=[2,1,1,1]) #2",
                                    "CPU/GET_ROWS(type=q4_0,n=256,m=5,r=4,b=1,v=0)",
                                    "CPU/CUSTOM(name=ünïcødé/op,ne=[8,8,1,1])"));
  EXPECT_DOUBLE_EQ(p.benchmarks[0].summaries.at("time").mean, 8040);
  EXPECT_DOUBLE_EQ(p.benchmarks[1].summaries.at("time").mean, 8310);
  const BenchmarkResult& failed = p.benchmarks[2];
  ASSERT_EQ(failed.repetitions.size(), 1u);
  EXPECT_FALSE(failed.repetitions[0].ok);
  EXPECT_EQ(failed.repetitions[0].failure,
            "test-backend-ops reported an error: failed to allocate tensors");
  EXPECT_TRUE(failed.repetitions[0].values.empty());
  EXPECT_TRUE(failed.summaries.empty());
  EXPECT_DOUBLE_EQ(p.benchmarks[3].summaries.at("flops").mean, 1.2);  // 1.20 GFLOPS
  EXPECT_EQ(p.benchmarks[3].context.at("flop_per_run"), "1800");      // 1.80 kFLOP/run
}

TEST(GgmlOpsAdapter, InvocationsAppendedToOneFileAreOneSampleEach) {
  const Parsed p = read_fixture("console-three-runs.txt");
  ASSERT_THAT(names(p), ElementsAre("Vulkan0/" + mul_mat("f16")));
  const BenchmarkResult& b = p.benchmarks[0];
  EXPECT_TRUE(b.summaries.empty());
  EXPECT_THAT(b.samples("time"), ElementsAre(241440, 239100, 244020));
  EXPECT_THAT(b.samples("flops"), ElementsAre(486.42, 491.18, 481.28));
  EXPECT_EQ(b.repetitions[2].index, 2);
}

TEST(GgmlOpsAdapter, FiveConsoleFilesGiveFiveSamplesWhenIngested) {
  const Input in = load_input(kDir + "console.txt");
  const perfgate::Run run = ingest({in, in, in, in, in}, "auto");
  ASSERT_EQ(run.benchmarks.size(), 5u);
  EXPECT_EQ(run.benchmarks[0].samples("time").size(), 5u);
  EXPECT_EQ(run.source, "perfgate ingest (ggml-ops)");
}

TEST(GgmlOpsAdapter, SqlOutputIsReadByColumnName) {
  const Parsed p = read_fixture("perf.sql");
  ASSERT_THAT(names(p), ElementsAre("CUDA0/" + mul_mat("f16"),
                                    "CUDA0/ADD(type=f32,ne=[4096,512,1,1],nr=[1,1,1,1],nf=1)"));
  const BenchmarkResult& mm = p.benchmarks[0];
  EXPECT_DOUBLE_EQ(mm.summaries.at("time").mean, 241440);
  EXPECT_EQ(mm.summaries.at("time").n, 4260);
  EXPECT_DOUBLE_EQ(mm.summaries.at("flops").mean, 486.42);  // flops is FLOP/s
  EXPECT_DOUBLE_EQ(p.benchmarks[1].summaries.at("bandwidth").mean, 1888.39 * kGiB);
  EXPECT_EQ(p.benchmarks[1].context.at("memory_kb"), "24576");
  EXPECT_EQ(mm.context.at("test_time"), "\"2025-10-02T08:14:11Z\"");
  EXPECT_EQ(mm.context.count("time_us"), 0u);
  const auto ctx = nlohmann::json::parse(p.context_json);
  EXPECT_EQ(ctx.at("build_commit"), "a1b2c3d4");
  EXPECT_EQ(ctx.at("not_supported"), 1);
}

TEST(GgmlOpsAdapter, CsvWithTheSqlColumnsIsReadByColumnName) {
  const Parsed p = read_fixture("perf.csv");
  ASSERT_EQ(p.benchmarks.size(), 3u);
  const BenchmarkResult& cpy = p.benchmarks[2];
  EXPECT_EQ(cpy.name, "CUDA0/CPY(type_src=f32,type_dst=f16,ne=[512,3072,1,1],note=\"quoted\")");
  EXPECT_DOUBLE_EQ(cpy.summaries.at("time").mean, 2370);
  EXPECT_EQ(cpy.summaries.at("time").n, 28672);
  EXPECT_DOUBLE_EQ(cpy.summaries.at("bandwidth").mean, 3709.15 * kGiB);
  EXPECT_EQ(cpy.context.at("device_description"), "\"NVIDIA GeForce RTX 4090\"");
  EXPECT_EQ(cpy.context.at("backend_reg_name"), "\"CUDA\"");
}

TEST(GgmlOpsAdapter, SupportCsvHasNoTimingsAndIsRefusedWithAdvice) {
  const std::string e = input_error_message([] { read_fixture("support.csv"); });
  EXPECT_THAT(e, StartsWith(kDir + "support.csv:1:1: has no time_us column"));
  EXPECT_THAT(e, HasSubstr("use its console output (test-backend-ops perf) or --output sql"));
}

TEST(GgmlOpsAdapter, AFailedSqlRowIsAFailedRepetition) {
  const std::string sql =
      "INSERT INTO test_backend_ops (backend_name, op_name, op_params, test_mode, supported, "
      "passed, error_message, time_us) VALUES ('CPU', 'ADD', 'x=1', 'perf', '1', '0', "
      "'it''s broken', '0');\n"
      "INSERT INTO test_backend_ops (backend_name, op_name, op_params, test_mode, time_us) "
      "VALUES ('CPU', 'ADD', 'x=2', 'test', '0');\n";
  const Parsed p = read_ops(Input{"mem.sql", false, sql});
  ASSERT_THAT(names(p), ElementsAre("CPU/ADD(x=1)"));  // the test-mode row is no timing
  ASSERT_EQ(p.benchmarks[0].repetitions.size(), 1u);
  EXPECT_EQ(p.benchmarks[0].repetitions[0].failure,
            "test-backend-ops reported an error: it's broken");
}

TEST(GgmlOpsAdapter, DetectsItsThreeOutputsAndNothingElse) {
  for (const char* f : {"console.txt", "console-2024.txt", "console-three-runs.txt", "perf.sql",
                        "perf.csv", "support.csv"}) {
    const Input in = load_input(kDir + f);
    EXPECT_EQ(find("ggml-ops")->detect(in), Match::yes) << f;
    EXPECT_EQ(detect(in).name, "ggml-ops") << f;
  }
  for (const char* other :
       {"llama-bench/new.json", "llama-bench/cpu-threads.jsonl", "vllm/serve.json", "csv/basic.csv",
        "nanobench/results.json", "catch2/v3_benchmarks.xml"}) {
    const std::string path = PERFGATE_SOURCE_DIR "/tests/fixtures/" + std::string(other);
    if (!std::filesystem::exists(path)) continue;  // another adapter's fixture, not yet there
    EXPECT_EQ(find("ggml-ops")->detect(load_input(path)), Match::no) << other;
  }
}

TEST(GgmlOpsAdapter, ConsoleErrorsNameLineAndColumnInTheRawLine) {
  EXPECT_EQ(
      error_of("Testing 1 devices\n  ADD(x): 12x runs - 1.00 us/run - 1 kB/run - 1.00 GB/s\n"),
      "mem.txt:2:11: expected the number of runs (\"744 runs\"), found \"12x runs\"; a "
      "test-backend-ops perf line reads \"OP(params): N runs - T us/run - S kB/run - B "
      "GB/s\" (or \"... F MFLOP/run - R GFLOPS\")");
  // The column counts the colour codes before the bad value.
  const std::string coloured =
      "  ADD(x):   5 runs - 1.00 us/run -    1 kB/run - \x1b[1;34mfast GB/s\x1b[0m";
  EXPECT_THAT(
      error_of(coloured),
      StartsWith("mem.txt:1:" + std::to_string(coloured.find("fast") + 1) + ": expected the rate"));
  EXPECT_THAT(error_of("  ADD(x):   5 runs - 1.00 ms/run - 1 kB/run - 1.00 GB/s"),
              StartsWith("mem.txt:1:22: expected the time per run in us/run"));
  EXPECT_THAT(error_of("  ADD(x):   5 runs - 1.00 us/run"),
              StartsWith("mem.txt:1:33: the line ends before the work per run"));
  EXPECT_THAT(error_of("  ADD(x):   5 runs - 1.00 us/run - 1 kB/run - 1.00 FLOPS"),
              StartsWith("mem.txt:1:47: expected the rate in GB/s after kB/run"));
  EXPECT_THAT(error_of("  ADD(x):   5 runs - 1.00 us/run - 1 MB/run - 1.00 GB/s"),
              StartsWith("mem.txt:1:36: expected the work per run in kB/run or FLOP/run"));
}

TEST(GgmlOpsAdapter, OutputWithoutPerfResultsIsRefused) {
  EXPECT_THAT(
      error_of("Testing 1 devices\n  ADD(x): \x1b[1;32mOK\x1b[0m\n  MUL(y): not supported\n"),
      StartsWith("mem.txt: holds no perf results"));
  EXPECT_THAT(error_of(std::string("\x7f"
                                   "ELF\x02\x01\x01\0\0\0",
                                   10)),
              StartsWith("mem.txt:"));
  EXPECT_THAT(error_of(""), StartsWith("mem.txt: holds no perf results"));
}

TEST(GgmlOpsAdapter, MalformedSqlAndCsvNameLineAndColumn) {
  const std::string head =
      "INSERT INTO test_backend_ops (backend_name, op_name, op_params, time_us) ";
  EXPECT_THAT(error_of(head + "('CPU', 'ADD', 'x', '1');", "m.sql"),
              StartsWith("m.sql:1:" + std::to_string(head.size() + 1) + ": expected VALUES"));
  EXPECT_THAT(
      error_of(head + "VALUES ('CPU', 'ADD', 'x');", "m.sql"),
      StartsWith("m.sql:1:" + std::to_string(head.size() + 27) + ": 3 values for the 4 columns"));
  EXPECT_THAT(error_of(head + "VALUES ('CPU', 'ADD', 'x', 'slow');", "m.sql"),
              StartsWith("m.sql:1:" + std::to_string(head.size() + 28) +
                         ": time_us: expected a number of microseconds, found \"slow\""));
  EXPECT_THAT(error_of(head + "VALUES ('CPU', 'ADD", "m.sql"),
              StartsWith("m.sql:1:" + std::to_string(head.size() + 20) +
                         ": the quoted value does not end on this line"));
  const std::string csv = "backend_name,op_name,op_params,time_us\nCPU,ADD,x,1\nCPU,ADD\n";
  EXPECT_THAT(error_of(csv, "m.csv"), StartsWith("m.csv:3:1: has 2 fields but the header has 4"));
  EXPECT_THAT(error_of("backend_name,op_name,op_params,time_us\nCPU,ADD,\"x,1\n", "m.csv"),
              StartsWith("m.csv:2:9: the quoted field does not end on this line"));
  EXPECT_THAT(error_of("backend_name,op_name,op_params,time_us\nCPU,ADD,x,fast\n", "m.csv"),
              StartsWith("m.csv:2:11: time_us: expected a number of microseconds"));
  EXPECT_THAT(error_of("op_name,op_params,backend_name,flops\nADD,x,CPU,1\n", "m.csv"),
              StartsWith("m.csv:1:1: has no time_us column"));
}

TEST(GgmlOpsAdapter, ReadsAFiftyMegabyteConsoleFile) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("perfgate-ggml-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "perf.txt";
  std::size_t ops = 0;
  {
    std::ofstream out(file, std::ios::binary);
    out << "Testing 1 devices\n\nBackend 1/1: CPU\n  Device description: a CPU\n\n";
    std::size_t bytes = 0;
    while (bytes < 50u * 1000 * 1000) {
      const std::string line =
          "  MUL_MAT(type_a=f16,type_b=f32,m=4096,n=" + std::to_string(ops) +
          ",k=14336,bs=[1,1],nr=[1,1],per=[0,1,2,3],v=0,o=1):        4260 runs -   241.44 "
          "us/run - 117.44 MFLOP/run - \x1b[1;34m486.42 GFLOPS\x1b[0m\n";
      out << line;
      bytes += line.size();
      ++ops;
    }
    out << "  Backend CPU: \x1b[1;32mOK\x1b[0m\n";
  }
  const Parsed p = read_ops(load_input(file.string()));
  std::filesystem::remove_all(dir);
  ASSERT_EQ(p.benchmarks.size(), ops);
  EXPECT_EQ(p.benchmarks[ops - 1].name,
            "CPU/MUL_MAT(type_a=f16,type_b=f32,m=4096,n=" + std::to_string(ops - 1) +
                ",k=14336,bs=[1,1],nr=[1,1],per=[0,1,2,3],v=0,o=1)");
  EXPECT_DOUBLE_EQ(p.benchmarks[ops - 1].summaries.at("flops").mean, 486.42);
}

}  // namespace
}  // namespace perfgate::adapters
