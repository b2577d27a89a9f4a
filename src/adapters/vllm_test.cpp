#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
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

const std::string kDir = PERFGATE_SOURCE_DIR "/tests/fixtures/vllm/";

Parsed read_vllm(const Input& in) { return find("vllm")->read(in); }
Parsed read_fixture(const std::string& name) { return read_vllm(load_input(kDir + name)); }
std::string error_of(std::string content, std::string path = "mem.json") {
  return input_error_message([&] { read_vllm(Input{path, false, std::move(content)}); });
}
nlohmann::json fixture_json(const std::string& name) {
  return nlohmann::json::parse(load_input(kDir + name).content);
}

const MetricInfo& metric(const BenchmarkResult& b, const std::string& name) {
  const MetricInfo* m = b.find_metric(name);
  if (!m) throw std::runtime_error("no metric " + name);
  return *m;
}

TEST(VllmAdapter, NamesTheRunByBackendModelAndTraffic) {
  EXPECT_THAT(
      names(read_fixture("serve.json")),
      ElementsAre("vllm/meta-llama/Llama-3.1-8B-Instruct/request_rate=inf,max_concurrency=64"));
  // No concurrency limit is left out; a burstiness other than 1 is named.
  EXPECT_THAT(
      names(read_fixture("serve-detailed.json")),
      ElementsAre("openai-chat//models/Qwen2.5-7B-Instruct/request_rate=4.0,burstiness=0.5"));
}

TEST(VllmAdapter, ThroughputsAreOneFigurePerInvocation) {
  const BenchmarkResult b = read_fixture("serve.json").benchmarks[0];
  const SampleSummary& out = b.summaries.at("output_throughput");
  EXPECT_DOUBLE_EQ(out.mean, 1337.197340314801);
  EXPECT_EQ(out.n, 1);
  EXPECT_FALSE(out.stddev);
  EXPECT_EQ(metric(b, "output_throughput").unit, "tok/s");
  EXPECT_EQ(metric(b, "output_throughput").direction, Direction::higher_is_better);
  EXPECT_TRUE(metric(b, "output_throughput").compared);
  EXPECT_DOUBLE_EQ(b.summaries.at("request_throughput").mean, 10.446854221209383);
  EXPECT_EQ(metric(b, "request_throughput").unit, "req/s");
  EXPECT_FALSE(metric(b, "request_throughput").compared);  // the same run as output_throughput
  EXPECT_EQ(metric(b, "total_token_throughput").unit, "tok/s");
  EXPECT_FALSE(metric(b, "total_token_throughput").compared);
  EXPECT_EQ(metric(b, "request_goodput").unit, "req/s");
  EXPECT_TRUE(metric(b, "request_goodput").compared);
  EXPECT_DOUBLE_EQ(b.summaries.at("max_output_tokens_per_s").mean, 2112);
  EXPECT_FALSE(metric(b, "max_output_tokens_per_s").compared);
  EXPECT_TRUE(b.repetitions.empty());  // failed: 0
}

TEST(VllmAdapter, LatencySummariesAreInNanosecondsWithTheSampleStandardDeviation) {
  const BenchmarkResult b = read_fixture("serve.json").benchmarks[0];
  const SampleSummary& ttft = b.summaries.at("ttft");
  EXPECT_DOUBLE_EQ(ttft.mean, 245.2209e6);
  EXPECT_DOUBLE_EQ(*ttft.median, 198.71e6);
  EXPECT_EQ(ttft.n, 1000);  // one TTFT per completed request
  // numpy's std is the population one: times sqrt(n / (n - 1)).
  EXPECT_DOUBLE_EQ(*ttft.stddev, 150.125e6 * std::sqrt(1000.0 / 999.0));
  EXPECT_EQ(metric(b, "ttft").unit, "ns");
  EXPECT_EQ(metric(b, "ttft").direction, Direction::lower_is_better);
  EXPECT_TRUE(metric(b, "ttft").compared);
  // How many TPOTs and ITLs the summaries cover is not in the file: n unknown,
  // so no standard deviation is made up; vLLM's figure stays in the context.
  const SampleSummary& tpot = b.summaries.at("tpot");
  EXPECT_DOUBLE_EQ(tpot.mean, 35.1207e6);
  EXPECT_EQ(tpot.n, 0);
  EXPECT_FALSE(tpot.stddev);
  EXPECT_EQ(b.context.at("std_tpot_ms"), "4.2");
  EXPECT_EQ(b.context.at("std_itl_ms"), "20.5");
  EXPECT_EQ(b.context.count("std_ttft_ms"), 0u);
  EXPECT_EQ(b.context.count("median_tpot_ms"), 0u);
  EXPECT_TRUE(metric(b, "itl").compared);
}

TEST(VllmAdapter, PercentilesAreTheirOwnMetricsNotJudged) {
  const BenchmarkResult b = read_fixture("serve.json").benchmarks[0];
  EXPECT_DOUBLE_EQ(b.summaries.at("ttft_p99").mean, 812.33e6);
  EXPECT_EQ(b.summaries.at("ttft_p99").n, 1);
  EXPECT_DOUBLE_EQ(b.summaries.at("itl_p99.9").mean, 180.2e6);
  EXPECT_EQ(metric(b, "tpot_p99").unit, "ns");
  EXPECT_EQ(metric(b, "tpot_p99").direction, Direction::lower_is_better);
  EXPECT_FALSE(metric(b, "tpot_p99").compared);
}

TEST(VllmAdapter, ConfigurationAndUnknownFieldsAreContextByName) {
  const BenchmarkResult b = read_fixture("serve.json").benchmarks[0];
  EXPECT_EQ(b.context.at("model_id"), "\"meta-llama/Llama-3.1-8B-Instruct\"");
  EXPECT_EQ(b.context.at("request_rate"), "\"inf\"");
  EXPECT_EQ(b.context.at("label"), "null");
  EXPECT_EQ(b.context.at("num_prompts"), "1000");
  EXPECT_EQ(b.context.at("completed"), "1000");
  EXPECT_EQ(b.context.at("gpu"), "\"H100 ünïcødé\"");  // --metadata gpu=...
  for (const char* read : {"mean_ttft_ms", "median_ttft_ms", "p99_ttft_ms", "output_throughput"})
    EXPECT_EQ(b.context.count(read), 0u) << read;
  EXPECT_EQ(read_fixture("serve.json").context_json, "{}");
}

TEST(VllmAdapter, PerRequestArraysAreOneRepetitionPerRequest) {
  const BenchmarkResult b = read_fixture("serve-detailed.json").benchmarks[0];
  ASSERT_EQ(b.repetitions.size(), 5u);
  const Repetition& first = b.repetitions[0];
  EXPECT_TRUE(first.ok);
  EXPECT_DOUBLE_EQ(first.values.at("ttft"), 0.051e9);
  EXPECT_DOUBLE_EQ(first.values.at("e2el"), 1.051e9);
  EXPECT_DOUBLE_EQ(first.values.at("tpot"), (1.051 - 0.051) / 100 * 1e9);  // 101 tokens
  const Repetition& failed = b.repetitions[2];
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.failure,
            "vLLM reported an error: request 2: aiohttp.client_exceptions."
            "ServerDisconnectedError: Server disconnected");
  EXPECT_TRUE(failed.values.empty());
  // One output token: no time per further token.
  EXPECT_EQ(b.repetitions[4].values.count("tpot"), 0u);
  EXPECT_EQ(b.repetitions[4].index, 4);
  for (const char* raw : {"ttft", "e2el", "tpot"}) {
    EXPECT_EQ(b.summaries.count(raw), 0u) << raw;
    EXPECT_TRUE(metric(b, raw).compared) << raw;
  }
  // ITL stays a summary; the arrays say how many gaps it covers.
  const nlohmann::json j = fixture_json("serve-detailed.json");
  const SampleSummary& itl = b.summaries.at("itl");
  EXPECT_EQ(itl.n, 330);
  EXPECT_DOUBLE_EQ(*itl.stddev, j.at("std_itl_ms").get<double>() * 1e6 * std::sqrt(330.0 / 329.0));
  EXPECT_DOUBLE_EQ(b.summaries.at("e2el_p90").mean, j.at("p90_e2el_ms").get<double>() * 1e6);
  EXPECT_EQ(b.summaries.count("request_goodput"), 0u);  // null: no --goodput given
  for (const char* arr : {"ttfts", "itls", "latencies", "generated_texts", "errors", "output_lens"})
    EXPECT_EQ(b.context.count(arr), 0u) << arr;
  EXPECT_EQ(b.context.at("label"), "\"my-branch\"");
}

TEST(VllmAdapter, OlderBenchmarkServingFilesAreReadToo) {
  const Parsed p = read_fixture("benchmark_serving-2025.json");
  ASSERT_THAT(names(p), ElementsAre("vllm/facebook/opt-125m/request_rate=inf"));
  const BenchmarkResult& b = p.benchmarks[0];
  // ttfts and errors but no latencies: TTFT per request, TPOT as a summary of 3.
  ASSERT_EQ(b.repetitions.size(), 3u);
  EXPECT_DOUBLE_EQ(b.repetitions[1].values.at("ttft"), 0.025e9);
  EXPECT_EQ(b.repetitions[1].values.count("e2el"), 0u);
  EXPECT_EQ(b.summaries.at("tpot").n, 3);
  EXPECT_EQ(b.summaries.at("itl").n, 57);
  EXPECT_EQ(b.find_metric("request_goodput"), nullptr);  // "request_goodput:": null
  EXPECT_EQ(b.context.at("request_goodput:"), "null");
}

TEST(VllmAdapter, AppendedResultsOfOneConfigurationAreOneSampleEach) {
  const Parsed p = read_fixture("appended.jsonl");
  ASSERT_THAT(names(p), ElementsAre("vllm/meta-llama/Llama-3.1-8B-Instruct/request_rate=1.0",
                                    "vllm/meta-llama/Llama-3.1-8B-Instruct/request_rate=8.0"));
  const BenchmarkResult& twice = p.benchmarks[0];
  EXPECT_TRUE(twice.summaries.empty());
  EXPECT_THAT(twice.samples("output_throughput"), ElementsAre(120.5, 119.8));
  EXPECT_THAT(twice.samples("ttft"), ElementsAre(80.2e6, 81.0e6));
  EXPECT_DOUBLE_EQ(p.benchmarks[1].summaries.at("output_throughput").mean, 890.1);
}

TEST(VllmAdapter, FailedRequestsWithoutDetailAreOneFailedRepetition) {
  nlohmann::json j = fixture_json("serve.json");
  j["completed"] = 998;
  j["failed"] = 2;
  const Parsed p = read_vllm(Input{"mem.json", false, j.dump()});
  const BenchmarkResult& b = p.benchmarks[0];
  ASSERT_EQ(b.repetitions.size(), 1u);
  EXPECT_FALSE(b.repetitions[0].ok);
  EXPECT_EQ(b.repetitions[0].failure,
            "vLLM reported an error: 2 requests failed (save the result with --save-detailed to "
            "see why)");
  EXPECT_EQ(b.summaries.at("ttft").n, 998);
}

TEST(VllmAdapter, LatenciesAreNotSamplesWhenTheFileHidesWhichRequestsFailed) {
  // Newer vLLM keeps "latencies" without --save-detailed but drops "errors".
  nlohmann::json j = fixture_json("serve.json");
  j["latencies"] = {1.0, 0.0, 1.2};
  j["completed"] = 2;
  j["failed"] = 1;
  const BenchmarkResult b = read_vllm(Input{"mem.json", false, j.dump()}).benchmarks[0];
  EXPECT_EQ(b.find_metric("e2el"), nullptr);
  ASSERT_EQ(b.repetitions.size(), 1u);
  EXPECT_FALSE(b.repetitions[0].ok);
  // With none failed, every latency is a request's.
  j["completed"] = 3;
  j["failed"] = 0;
  const BenchmarkResult ok = read_vllm(Input{"mem.json", false, j.dump()}).benchmarks[0];
  EXPECT_THAT(ok.samples("e2el"), ElementsAre(1.0e9, 0.0, 1.2e9));
}

TEST(VllmAdapter, PoolingResultsHaveEndToEndLatencyOnly) {
  const std::string pooling =
      R"({"date": "20250915-100000", "endpoint_type": "openai-embeddings", "backend": "openai-embeddings",)"
      R"( "label": null, "model_id": "BAAI/bge-m3", "tokenizer_id": "BAAI/bge-m3", "num_prompts": 100,)"
      R"( "request_rate": "inf", "burstiness": 1.0, "max_concurrency": null, "duration": 2.0,)"
      R"( "completed": 100, "total_input_tokens": 12800, "total_input_sequences": 100,)"
      R"( "request_throughput": 50.0, "input_sequence_throughput": 50.0, "total_token_throughput": 6400.0,)"
      R"( "latencies": [0.1, 0.2], "queue_times": [0, 0], "mean_e2el_ms": 150.0, "std_e2el_ms": 50.0,)"
      R"( "median_e2el_ms": 150.0, "p99_e2el_ms": 199.0})";
  const Input in{"pool.json", false, pooling};
  EXPECT_EQ(find("vllm")->detect(in), Match::yes);
  const BenchmarkResult b = read_vllm(in).benchmarks[0];
  EXPECT_TRUE(metric(b, "request_throughput").compared);  // no output_throughput here
  EXPECT_EQ(metric(b, "input_sequence_throughput").unit, "items/s");
  EXPECT_DOUBLE_EQ(b.summaries.at("e2el").mean, 150e6);
  EXPECT_EQ(b.summaries.at("e2el").n, 100);
  EXPECT_DOUBLE_EQ(b.summaries.at("e2el_p99").mean, 199e6);
}

TEST(VllmAdapter, DetectsItsResultFilesAndNothingElse) {
  for (const char* f :
       {"serve.json", "serve-detailed.json", "benchmark_serving-2025.json", "appended.jsonl"}) {
    const Input in = load_input(kDir + f);
    EXPECT_EQ(find("vllm")->detect(in), Match::yes) << f;
    EXPECT_EQ(detect(in).name, "vllm") << f;
  }
  for (const char* other :
       {"llama-bench/new.json", "llama-bench/cpu-threads.jsonl", "ggml-ops/console.txt",
        "ggml-ops/perf.csv", "nanobench/results.json", "csv/basic.csv"}) {
    const std::string path = PERFGATE_SOURCE_DIR "/tests/fixtures/" + std::string(other);
    if (!std::filesystem::exists(path)) continue;  // another adapter's fixture, not yet there
    EXPECT_EQ(find("vllm")->detect(load_input(path)), Match::no) << other;
  }
}

TEST(VllmAdapter, MissingAndMistypedFieldsNameTheField) {
  nlohmann::json j = fixture_json("serve.json");
  j.erase("request_throughput");
  EXPECT_EQ(error_of(j.dump()),
            "mem.json: missing required field \"request_throughput\"; the file is not complete "
            "vLLM bench serve output (docs/formats.md, \"Ingested formats\", lists the fields perfgate reads)");
  j = fixture_json("serve.json");
  j["mean_ttft_ms"] = "fast";
  EXPECT_THAT(error_of(j.dump()),
              StartsWith("mem.json: mean_ttft_ms: expected a number, found \"fast\""));
  j = fixture_json("serve.json");
  j.erase("model_id");
  EXPECT_THAT(error_of(j.dump()), StartsWith("mem.json: missing required field \"model_id\""));
  j = fixture_json("serve.json");
  j["ttfts"] = {0.1, 0.2, 0.3};
  j["latencies"] = {1.0, 2.0};
  EXPECT_THAT(error_of(j.dump()),
              StartsWith("mem.json: latencies: has 2 entries but ttfts has 3; both have one per "
                         "request"));
  j = fixture_json("serve-detailed.json");
  j["ttfts"][1] = "x";
  EXPECT_THAT(error_of(j.dump()), StartsWith("mem.json: ttfts[1]: expected a number, found \"x\""));
}

TEST(VllmAdapter, MalformedJsonNamesLineAndColumn) {
  const std::string text = load_input(kDir + "serve.json").content;
  EXPECT_THAT(error_of(text.substr(0, 100)), StartsWith("mem.json:1:101: not valid JSON"));
  EXPECT_THAT(error_of("[1, 2]"), StartsWith("mem.json: expected a JSON object"));
  EXPECT_THAT(error_of("{\"request_throughput\": 7.9e11343}"),
              StartsWith("mem.json:1:24: not valid JSON: the number 7.9e11343 is too large"));
  EXPECT_THAT(error_of(std::string("\x7f"
                                   "ELF\x02\x01\x01\0\0\0",
                                   10)),
              StartsWith("mem.json:"));
  const std::string lines = load_input(kDir + "appended.jsonl").content;
  const std::string first = lines.substr(0, lines.find('\n') + 1);
  EXPECT_THAT(error_of(first + "{\"backend\": \n" + first, "mem.jsonl"),
              StartsWith("mem.jsonl:2:13: not valid JSON"));
  nlohmann::json bad = nlohmann::json::parse(first);
  bad["output_throughput"] = nullptr;
  bad["request_throughput"] = true;
  EXPECT_THAT(error_of(first + first + bad.dump() + "\n", "mem.jsonl"),
              StartsWith("mem.jsonl:3: request_throughput: expected a number, found true"));
}

TEST(VllmAdapter, ReadsAFiftyMegabyteDetailedResult) {
  nlohmann::json j = fixture_json("serve.json");
  const std::size_t requests = 100000;
  nlohmann::json ttfts = nlohmann::json::array(), latencies = nlohmann::json::array(),
                 lens = nlohmann::json::array(), errors = nlohmann::json::array(),
                 texts = nlohmann::json::array(), itls = nlohmann::json::array();
  const std::string text(420, 'x');
  for (std::size_t i = 0; i < requests; ++i) {
    ttfts.push_back(0.05 + i * 1e-7);
    latencies.push_back(1.05 + i * 1e-7);
    lens.push_back(101);
    errors.push_back(i == 7 ? "timeout" : "");
    texts.push_back(text);
    itls.push_back({0.01, 0.01});
  }
  j["ttfts"] = ttfts;
  j["latencies"] = latencies;
  j["output_lens"] = lens;
  j["errors"] = errors;
  j["generated_texts"] = texts;
  j["itls"] = itls;
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("perfgate-vllm-" + std::to_string(getpid()) + ".json");
  { std::ofstream(file, std::ios::binary) << j.dump(); }
  ASSERT_GT(std::filesystem::file_size(file), 45u * 1000 * 1000);
  const Input in = load_input(file.string());
  std::filesystem::remove(file);
  EXPECT_EQ(detect(in).name, "vllm");
  const BenchmarkResult b = read_vllm(in).benchmarks[0];
  ASSERT_EQ(b.repetitions.size(), requests);
  EXPECT_EQ(b.failed_count(), 1);
  EXPECT_EQ(b.samples("ttft").size(), requests - 1);
  EXPECT_DOUBLE_EQ(b.repetitions[requests - 1].values.at("e2el"),
                   (1.05 + (requests - 1) * 1e-7) * 1e9);
  EXPECT_EQ(b.summaries.at("itl").n, static_cast<int>(2 * (requests - 1)));
}

}  // namespace
}  // namespace perfgate::adapters
