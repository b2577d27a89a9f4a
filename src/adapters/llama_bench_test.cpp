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

const std::string kDir = PERFGATE_SOURCE_DIR "/tests/fixtures/llama-bench/";

Parsed read_llama(const Input& in) { return find("llama-bench")->read(in); }
Parsed read_fixture(const std::string& name) { return read_llama(load_input(kDir + name)); }
std::string error_of(std::string content, std::string path = "mem.json") {
  return input_error_message([&] { read_llama(Input{path, false, std::move(content)}); });
}

// One llama-bench row as -o jsonl writes it (fields in its order), with
// `extra` appended before the samples.
std::string jsonl_row(int n_prompt, int n_gen, const std::string& samples_ns,
                      const std::string& samples_ts, const std::string& extra = "") {
  return R"({"build_commit": "b5a9e43f", "build_number": 6512, "cpu_info": "cpu", "gpu_info": "", )"
         R"("backends": "CPU", "model_filename": "m.gguf", "model_type": "llama 1B Q8_0", )"
         R"("n_threads": 8, "n_prompt": )" +
         std::to_string(n_prompt) + R"(, "n_gen": )" + std::to_string(n_gen) +
         R"(, "n_depth": 0, "test_time": "2025-09-18T10:00:01Z", )" + extra +
         R"("samples_ns": [ )" + samples_ns + R"( ],"samples_ts": [ )" + samples_ts + " ]}\n";
}

TEST(LlamaBenchAdapter, NamesEachRowModelTypeSlashTestAsLlamaBenchPrintsIt) {
  EXPECT_THAT(
      names(read_fixture("new.json")),
      ElementsAre("qwen2 7B Q4_K - Medium/pp512", "qwen2 7B Q4_K - Medium/tg128",
                  "qwen2 7B Q4_K - Medium/pp512 @ d4096", "qwen2 7B Q4_K - Medium/pp512+tg128"));
}

TEST(LlamaBenchAdapter, EachRepetitionIsOneSampleOfTokensPerSecondAndTime) {
  const Parsed p = read_fixture("new.json");
  const BenchmarkResult& pp = p.benchmarks[0];
  ASSERT_EQ(pp.repetitions.size(), 5u);
  EXPECT_EQ(pp.repetitions[4].index, 4);
  EXPECT_TRUE(pp.repetitions[4].ok);
  EXPECT_DOUBLE_EQ(pp.repetitions[0].values.at("tokens_per_second"), 6863.1);
  EXPECT_DOUBLE_EQ(pp.repetitions[0].values.at("time"), 74601900);
  EXPECT_DOUBLE_EQ(pp.repetitions[4].values.at("tokens_per_second"), 7237.21);
  EXPECT_DOUBLE_EQ(pp.repetitions[4].values.at("time"), 70745500);
  EXPECT_TRUE(pp.summaries.empty());  // the averages are not used when samples exist
  ASSERT_EQ(pp.metrics.size(), 2u);
  EXPECT_EQ(pp.metrics[0].name, "tokens_per_second");
  EXPECT_EQ(pp.metrics[0].unit, "tok/s");
  EXPECT_EQ(pp.metrics[0].direction, Direction::higher_is_better);
  EXPECT_TRUE(pp.metrics[0].compared);
  EXPECT_EQ(pp.metrics[1].name, "time");
  EXPECT_EQ(pp.metrics[1].unit, "ns");
  EXPECT_EQ(pp.metrics[1].direction, Direction::lower_is_better);
  EXPECT_FALSE(pp.metrics[1].compared);
  EXPECT_EQ(p.benchmarks[3].repetitions.size(), 3u);  // pp512+tg128 ran -r 3
}

TEST(LlamaBenchAdapter, BuildAndMachineFieldsAreTheRunsContext) {
  const Parsed p = read_fixture("new.json");
  const auto ctx = nlohmann::json::parse(p.context_json);
  EXPECT_EQ(ctx.at("build_commit"), "b5a9e43f");
  EXPECT_EQ(ctx.at("build_number"), 6512);
  EXPECT_EQ(ctx.at("cpu_info"), "AMD Ryzen 9 7950X 16-Core Processor");
  EXPECT_EQ(ctx.at("gpu_info"), "NVIDIA GeForce RTX 4090");
  EXPECT_EQ(ctx.at("backends"), "CUDA");
  EXPECT_EQ(ctx.size(), 5u);
  EXPECT_EQ(p.benchmarks[0].context.count("build_commit"), 0u);
}

TEST(LlamaBenchAdapter, ParametersAndUnknownFieldsAreKeptAsContextByName) {
  const Parsed p = read_fixture("new.json");
  const auto& ctx = p.benchmarks[2].context;
  EXPECT_EQ(ctx.at("model_filename"), "\"models/qwen2.5-7b/Qwen2.5-7B-Instruct-Q4_K_M.gguf\"");
  EXPECT_EQ(ctx.at("n_depth"), "4096");
  EXPECT_EQ(ctx.at("n_ubatch"), "512");
  EXPECT_EQ(ctx.at("cpu_strict"), "false");
  EXPECT_EQ(ctx.at("test_time"), "\"2025-09-18T09:12:15Z\"");
  EXPECT_EQ(ctx.at("n_gen_warmup"), "1");  // a field this adapter does not know
  for (const char* measured :
       {"avg_ns", "stddev_ns", "avg_ts", "stddev_ts", "samples_ns", "samples_ts"})
    EXPECT_EQ(ctx.count(measured), 0u) << measured;
}

TEST(LlamaBenchAdapter, RowsThatDifferOnlyInAParameterAreNamedByIt) {
  const Parsed p = read_fixture("cpu-threads.jsonl");
  EXPECT_THAT(names(p),
              ElementsAre("llama 1B Q8_0/pp512/n_threads=8", "llama 1B Q8_0/tg128/n_threads=8",
                          "llama 1B Q8_0/pp512/n_threads=4", "llama 1B Q8_0/tg128/n_threads=4"));
  // The model path keeps its bytes: unicode and slashes.
  EXPECT_EQ(p.benchmarks[0].context.at("model_filename"),
            "\"/srv/models/Llama-3.2-1B/ünïcødé 模型 Q8_0.gguf\"");
  EXPECT_DOUBLE_EQ(p.benchmarks[3].repetitions[2].values.at("time"), 4399120000);
}

TEST(LlamaBenchAdapter, TheModelFileNamesRowsOfTwoModelsOfTheSameType) {
  std::string other = jsonl_row(512, 0, "200", "2560");
  other.replace(other.find("m.gguf"), 6, "other/m.gguf");
  const std::string rows = jsonl_row(512, 0, "100", "5120") + other;
  EXPECT_THAT(names(read_llama(Input{"mem.jsonl", false, rows})),
              ElementsAre("llama 1B Q8_0/pp512/model_filename=m.gguf",
                          "llama 1B Q8_0/pp512/model_filename=other/m.gguf"));
}

TEST(LlamaBenchAdapter, OldFilesWithoutSamplesGiveSummariesOfUnknownCount) {
  const Parsed p = read_fixture("old-no-samples.json");
  ASSERT_THAT(names(p), ElementsAre("llama 7B mostly Q4_0/pp512", "llama 7B mostly Q4_0/tg128"));
  const BenchmarkResult& pp = p.benchmarks[0];
  EXPECT_TRUE(pp.repetitions.empty());
  const SampleSummary& ts = pp.summaries.at("tokens_per_second");
  EXPECT_DOUBLE_EQ(ts.mean, 3677.497913);
  EXPECT_DOUBLE_EQ(*ts.stddev, 12.946479);
  EXPECT_EQ(ts.n, 0);  // the file does not say how many repetitions it averaged
  const SampleSummary& t = pp.summaries.at("time");
  EXPECT_DOUBLE_EQ(t.mean, 139226480);
  EXPECT_DOUBLE_EQ(*t.stddev, 491416);
  ASSERT_EQ(pp.metrics.size(), 2u);
  EXPECT_EQ(pp.metrics[0].unit, "tok/s");
  // The old per-backend flags are build facts; mul_mat_q is a parameter.
  const auto ctx = nlohmann::json::parse(p.context_json);
  EXPECT_EQ(ctx.at("cuda"), true);
  EXPECT_EQ(ctx.at("metal"), false);
  EXPECT_EQ(pp.context.at("mul_mat_q"), "true");
}

TEST(LlamaBenchAdapter, FiveInvocationsWithoutSamplesGiveFiveSamplesWhenIngested) {
  const Input in = load_input(kDir + "old-no-samples.json");
  const perfgate::Run run = ingest({in, in, in, in, in}, "llama-bench");
  ASSERT_EQ(run.benchmarks.size(), 2u);
  EXPECT_EQ(run.benchmarks[0].samples("tokens_per_second").size(), 5u);
  EXPECT_DOUBLE_EQ(run.benchmarks[0].samples("tokens_per_second")[4], 3677.497913);
  EXPECT_TRUE(run.benchmarks[0].summaries.empty());
  EXPECT_EQ(run.sources[0].format, "llama-bench");
}

TEST(LlamaBenchAdapter, AppendedInvocationsOfOneTestAreMoreRepetitions) {
  const Parsed p = read_fixture("appended.jsonl");
  ASSERT_THAT(names(p), ElementsAre("llama 1B Q8_0/tg16"));
  const BenchmarkResult& b = p.benchmarks[0];
  ASSERT_EQ(b.repetitions.size(), 4u);
  EXPECT_EQ(b.repetitions[3].index, 3);
  EXPECT_DOUBLE_EQ(b.repetitions[0].values.at("time"), 401230000);
  EXPECT_DOUBLE_EQ(b.repetitions[3].values.at("time"), 402210000);
  // The first row's context wins.
  EXPECT_EQ(b.context.at("test_time"), "\"2025-09-19T08:00:00Z\"");
}

TEST(LlamaBenchAdapter, RepeatedRowsWithoutSamplesAreOneSampleEach) {
  const std::string row1 =
      R"({"model_type": "m", "n_prompt": 0, "n_gen": 16, "avg_ts": 40.5, "stddev_ts": 0.5})";
  const std::string row2 =
      R"({"model_type": "m", "n_prompt": 0, "n_gen": 16, "avg_ts": 41.5, "stddev_ts": 0.25})";
  const Parsed p = read_llama(Input{"mem.jsonl", false, row1 + "\n" + row2 + "\n"});
  ASSERT_EQ(p.benchmarks.size(), 1u);
  EXPECT_TRUE(p.benchmarks[0].summaries.empty());
  EXPECT_THAT(p.benchmarks[0].samples("tokens_per_second"), ElementsAre(40.5, 41.5));
}

TEST(LlamaBenchAdapter, PromptAndGenerationTogetherAndZeroTestsAreNamedAsLlamaBenchDoes) {
  const std::string rows = jsonl_row(0, 0, "1", "0") + jsonl_row(64, 32, "1000", "96000");
  EXPECT_THAT(names(read_llama(Input{"mem.jsonl", false, rows})),
              ElementsAre("llama 1B Q8_0/pp0+tg0", "llama 1B Q8_0/pp64+tg32"));
}

TEST(LlamaBenchAdapter, AFutureMeasurementFieldNeverNamesABenchmark) {
  // avg_watts differs between the rows, but is a measurement, not a parameter:
  // the two rows are one test run twice.
  const std::string rows = jsonl_row(0, 16, "100", "160", R"("avg_watts": 310.5, )") +
                           jsonl_row(0, 16, "110", "145", R"("avg_watts": 298.0, )");
  const Parsed p = read_llama(Input{"mem.jsonl", false, rows});
  EXPECT_THAT(names(p), ElementsAre("llama 1B Q8_0/tg16"));
  EXPECT_EQ(p.benchmarks[0].repetitions.size(), 2u);
  EXPECT_EQ(p.benchmarks[0].context.at("avg_watts"), "310.5");
}

TEST(LlamaBenchAdapter, AnObjectPrintedOverSeveralLinesIsOneRow) {
  const Parsed p =
      read_llama(Input{"mem.json", false,
                       "{\n  \"model_type\": \"m\",\n  \"n_prompt\": 8,\n  \"n_gen\": 0,\n"
                       "  \"samples_ts\": [1, 2]\n}\n"});
  EXPECT_THAT(names(p), ElementsAre("m/pp8"));
}

TEST(LlamaBenchAdapter, BuildFieldsThatDifferBetweenRowsStayWithTheirRow) {
  std::string second = jsonl_row(0, 16, "1", "16");
  second.replace(second.find("b5a9e43f"), 8, "c0ffee00");
  const Parsed p = read_llama(Input{"mem.jsonl", false, jsonl_row(512, 0, "1", "512") + second});
  EXPECT_EQ(nlohmann::json::parse(p.context_json).at("build_commit"), "b5a9e43f");
  EXPECT_EQ(p.benchmarks[0].context.count("build_commit"), 0u);
  EXPECT_EQ(p.benchmarks[1].context.at("build_commit"), "\"c0ffee00\"");
}

TEST(LlamaBenchAdapter, DetectsItsJsonAndJsonLinesAndNothingElse) {
  for (const char* f : {"new.json", "cpu-threads.jsonl", "old-no-samples.json", "appended.jsonl"}) {
    const Input in = load_input(kDir + f);
    EXPECT_EQ(find("llama-bench")->detect(in), Match::yes) << f;
    EXPECT_EQ(detect(in).name, "llama-bench") << f;
  }
  for (const char* other : {"vllm/serve.json", "vllm/appended.jsonl", "ggml-ops/console.txt",
                            "ggml-ops/perf.sql", "nanobench/results.json", "csv/basic.csv"}) {
    const std::string path = PERFGATE_SOURCE_DIR "/tests/fixtures/" + std::string(other);
    if (!std::filesystem::exists(path)) continue;  // another adapter's fixture, not yet there
    EXPECT_EQ(find("llama-bench")->detect(load_input(path)), Match::no) << other;
  }
}

TEST(LlamaBenchAdapter, MalformedJsonNamesLineAndColumn) {
  const std::string text = "[\n  {\n    \"model_type\": \"m\",\n    \"n_prompt\": 512,\n";
  EXPECT_THAT(error_of(text), StartsWith("mem.json:5:1: not valid JSON"));
  EXPECT_THAT(error_of("\x7f"
                       "ELF\x02\x01\x01",
                       "a.out"),
              StartsWith("a.out:"));
  EXPECT_THAT(error_of("   \n"), StartsWith("mem.json: empty"));
  // nlohmann reports a number beyond double's range without its place; it is found.
  EXPECT_EQ(
      error_of(
          "[{\"model_type\": \"m\", \"n_prompt\": 1, \"n_gen\": 0,\n  \"samples_ts\": [1e999]}]"),
      "mem.json:2:18: not valid JSON: the number 1e999 is too large for a double; llama-bench "
      "-o json writes one array of objects, -o jsonl one object per line");
}

TEST(LlamaBenchAdapter, WrongTypesAndMissingFieldsNameTheJsonPath) {
  EXPECT_EQ(error_of(R"([{"model_type": "m", "n_prompt": "512", "n_gen": 0}])"),
            "mem.json: [0].n_prompt: expected a whole number >= 0, found \"512\"; write it "
            "without a fraction or sign, e.g. 3");
  EXPECT_THAT(error_of(R"([{"model_type": "m", "n_prompt": 1, "n_gen": 0, "samples_ts": [1]},
                         {"model_type": "m", "n_prompt": 512}])"),
              StartsWith("mem.json: [1]: missing required field \"n_gen\"; the file is not "
                         "complete llama-bench output"));
  EXPECT_THAT(
      error_of(R"([{"model_type": "m", "n_prompt": 1, "n_gen": 0, "samples_ts": [1, "x"]}])"),
      StartsWith("mem.json: [0].samples_ts[1]: expected a number, found \"x\""));
  EXPECT_THAT(error_of(R"([{"model_type": "m", "n_prompt": 1, "n_gen": 0}])"),
              StartsWith("mem.json: [0]: has neither samples_ts nor avg_ts"));
  EXPECT_THAT(error_of(R"([{"model_type": "m", "n_prompt": 1, "n_gen": 0, "samples_ts": []}])"),
              StartsWith("mem.json: [0].samples_ts: empty; llama-bench ran no repetition"));
  EXPECT_THAT(error_of(R"([{"model_type": "m", "n_prompt": 1, "n_gen": 0, "samples_ts": [1, 2],
                          "samples_ns": [3]}])"),
              StartsWith("mem.json: [0].samples_ts: has 2 values but samples_ns has 1"));
  EXPECT_THAT(error_of(R"([17])"), StartsWith("mem.json: [0]: expected an object"));
}

TEST(LlamaBenchAdapter, JsonLinesErrorsNameTheLine) {
  const std::string good = jsonl_row(512, 0, "1", "512");
  EXPECT_THAT(error_of(good + "{\"model_type\": \n" + good, "mem.jsonl"),
              StartsWith("mem.jsonl:2:16: not valid JSON"));
  std::string bad = jsonl_row(0, 16, "1", "16");
  bad.replace(bad.find("\"n_gen\": 16"), 11, "\"n_gen\": -16");
  EXPECT_THAT(error_of(good + good + bad, "mem.jsonl"),
              StartsWith("mem.jsonl:3: n_gen: expected a whole number >= 0, found -16"));
}

TEST(LlamaBenchAdapter, ReadsAFiftyMegabyteJsonLinesFile) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("perfgate-llama-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "big.jsonl";
  std::size_t rows = 0;
  {
    std::ofstream out(file, std::ios::binary);
    std::size_t bytes = 0;
    while (bytes < 50u * 1000 * 1000) {
      // Two thread counts per prompt length: rows differ by n_prompt and n_threads.
      std::string row = jsonl_row(1 + static_cast<int>(rows / 2), 0, "1000, 1001, 1002, 1003, 1004",
                                  "512000, 511489, 510978, 510469, 509960");
      if (rows % 2) row.replace(row.find("\"n_threads\": 8"), 14, "\"n_threads\": 4");
      bytes += row.size();
      out << row;
      ++rows;
    }
  }
  const Parsed p = read_llama(load_input(file.string()));
  std::filesystem::remove_all(dir);
  ASSERT_EQ(p.benchmarks.size(), rows);
  EXPECT_EQ(p.benchmarks[0].name, "llama 1B Q8_0/pp1/n_threads=8");
  const std::size_t last = rows - 1;
  EXPECT_EQ(p.benchmarks[last].name, "llama 1B Q8_0/pp" + std::to_string(1 + last / 2) +
                                         "/n_threads=" + (last % 2 ? "4" : "8"));
  EXPECT_EQ(p.benchmarks[last].repetitions.size(), 5u);
  EXPECT_DOUBLE_EQ(p.benchmarks[last].repetitions[4].values.at("time"), 1004);
}

}  // namespace
}  // namespace perfgate::adapters
