// Receipts end to end: a real program (tests/helpers/receipt_writer.cpp)
// writes receipts through include/perfgate/receipt.hpp; `perfgate receipt
// validate` and `perfgate run` must catch each kind of bad receipt.
#include <map>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

using json = nlohmann::json;

const std::string kWriter = std::string(PERFGATE_BUILD_DIR) + "/tests/receipt_writer";

class Receipts : public Cli {
 protected:
  // Runs the writer in the test folder: `mode` into `file`.
  void write_receipt(const std::string& mode, const std::string& file) {
    const std::string cmd =
        "cd '" + dir_.string() + "' && '" + kWriter + "' " + mode + " " + file + " >/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << mode;
  }
};

TEST_F(Receipts, ValidateAcceptsTheRealProgramsReceipt) {
  write_receipt("real", "real.json");
  Result r = perfgate("receipt validate --strict --max tokens_per_second=150 real.json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("ok: real.json: decode: real on cpu, ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("output fnv1a64:"), std::string::npos);
}

TEST_F(Receipts, StrictValidateFlagsTheMockPathAndItsKernel) {
  write_receipt("mock", "mock.json");
  Result r = perfgate("receipt validate --strict mock.json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("suspicious: mock.json: compute_path is \"mock\", not \"real\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("suspicious: mock.json: kernel \"mock_gemm\" matches the mock pattern "
                       "\"mock\""),
            std::string::npos);
  EXPECT_EQ(r.out.find("ok:"), std::string::npos);
}

TEST_F(Receipts, WithoutStrictTheFindingsAreWarningsAndTheExitIsZero) {
  write_receipt("mock", "mock.json");
  Result r = perfgate("receipt validate mock.json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("warning: mock.json: compute_path is \"mock\""), std::string::npos);
  // PERFGATE_STRICT=1 is --strict, for CI.
  EXPECT_EQ(perfgate("receipt validate mock.json", "PERFGATE_STRICT=1").exit_code, 1);
  EXPECT_EQ(perfgate("receipt validate mock.json", "PERFGATE_STRICT=0").exit_code, 0);
}

TEST_F(Receipts, MockPatternsAreConfigurable) {
  write_receipt("mock", "mock.json");
  Result r = perfgate("receipt validate --strict --mock-pattern '^sim_' mock.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.find("mock_gemm"), std::string::npos) << r.out;  // only compute_path is left
  EXPECT_EQ(perfgate("receipt validate --mock-pattern '(' mock.json").exit_code, 2);
}

TEST_F(Receipts, StrictValidateFlagsAnImplausiblyFastCpuFromTheSuitesBounds) {
  write_receipt("fast", "fast.json");
  write("perfgate.toml", R"(
[[benchmark]]
name = "decode"
command = ["true"]
receipt = "fast.json"
[benchmark.plausible]
tokens_per_second = { max = 150, backend = "cpu" }
)");
  Result r =
      perfgate("receipt validate --strict --suite perfgate.toml --benchmark decode fast.json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("suspicious: fast.json: tokens_per_second 5000 tok/s "
                       "(/performance/tokens_per_second/samples/0) is above the plausible max "
                       "150 on backend cpu; likely a mock path"),
            std::string::npos)
      << r.out;
  // Without bounds nothing says 5000 tok/s is too fast.
  EXPECT_EQ(perfgate("receipt validate --strict fast.json").exit_code, 0);
  EXPECT_EQ(perfgate("receipt validate --strict --suite perfgate.toml --benchmark nope fast.json")
                .exit_code,
            2);
}

TEST_F(Receipts, StrictValidateFlagsAccuracyOutsideTolerance) {
  write_receipt("wrong", "wrong.json");
  Result r = perfgate("receipt validate --strict wrong.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("suspicious: wrong.json: accuracy max_abs_error is 0.5"), std::string::npos)
      << r.out;
}

TEST_F(Receipts, BadInputIsExitTwoWithThePlace) {
  write_receipt("nan", "nan.json");
  write_receipt("truncated", "cut.json");
  write_receipt("real", "real.json");
  json j = json::parse(slurp(dir_ / "real.json"));
  j["performance"]["token_latency"]["samples"][2] = "12ms";
  write("typed.json", j.dump(2));
  j = json::parse(slurp(dir_ / "real.json"));
  j["schema_version"] = 9;
  write("v9.json", j.dump(2));

  Result r =
      perfgate("receipt validate real.json nan.json cut.json typed.json v9.json missing.json");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("ok: real.json"), std::string::npos);
  EXPECT_NE(r.out.find("invalid: nan.json:13:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("invalid: cut.json:"), std::string::npos);
  EXPECT_NE(r.out.find("unexpected end of input"), std::string::npos);
  EXPECT_NE(r.out.find("invalid: typed.json: field /performance/token_latency/samples/2: expected "
                       "a finite number, found \"12ms\""),
            std::string::npos);
  EXPECT_NE(r.out.find("invalid: v9.json: field /schema_version: unknown schema version 9"),
            std::string::npos);
  EXPECT_NE(r.out.find("invalid: missing.json: cannot read receipt"), std::string::npos) << r.out;
}

// A suite of one benchmark whose program is the writer in `mode`.
std::string suite_for(const std::string& mode, int warmup = 0) {
  return "[[benchmark]]\nname = \"" + mode + "\"\ncommand = [\"" + kWriter + "\", \"" + mode +
         "\", \"out/receipt.json\"]\nreceipt = \"out/receipt.json\"\nruns = 3\nwarmup = " +
         std::to_string(warmup) +
         "\n[benchmark.plausible]\ntokens_per_second = { max = 150, backend = \"cpu\" }\n";
}

double mean(const json& samples) {
  double sum = 0;
  for (const json& v : samples) sum += v.get<double>();
  return sum / static_cast<double>(samples.size());
}

TEST_F(Receipts, RunRecordsTheRealReceiptsFiguresAsMetrics) {
  write("perfgate.toml", suite_for("real"));
  fs::create_directories(dir_ / "out");
  Result r = perfgate("run perfgate.toml -o result.json", "PERFGATE_STRICT=1");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json run = json::parse(slurp(dir_ / "result.json"));
  const json& b = run["benchmarks"][0];
  ASSERT_EQ(b["repetitions"].size(), 3u);
  for (const json& rep : b["repetitions"]) EXPECT_TRUE(rep["ok"].get<bool>());

  std::map<std::string, json> metrics;
  for (const json& m : b["metrics"]) metrics[m["name"]] = m;
  EXPECT_EQ(metrics["tokens_per_second"]["unit"], "tok/s");
  EXPECT_EQ(metrics["tokens_per_second"]["direction"], "higher");
  EXPECT_EQ(metrics["token_latency"]["unit"], "ns");
  EXPECT_EQ(metrics["token_latency"]["direction"], "lower");
  EXPECT_EQ(metrics["peak_memory"]["unit"], "bytes");

  // The receipt on disk is the last repetition's: its values, in canonical units.
  const json receipt = json::parse(slurp(dir_ / "out/receipt.json"));
  const json& perf = receipt["performance"];
  const json& last = b["repetitions"][2]["values"];
  EXPECT_DOUBLE_EQ(last["tokens_per_second"].get<double>(),
                   mean(perf["tokens_per_second"]["samples"]));
  EXPECT_DOUBLE_EQ(last["token_latency"].get<double>(),
                   mean(perf["token_latency"]["samples"]) * 1e6);
  EXPECT_DOUBLE_EQ(last["peak_memory"].get<double>(),
                   perf["peak_memory"]["samples"][0].get<double>() * 1024);
  EXPECT_FALSE(last.contains("tokens_per_second.mean"));  // the mean is the metric itself
}

TEST_F(Receipts, StrictRunFailsTheMockAndTheImplausiblyFastRepetitions) {
  for (const std::string mode : {"mock", "fast", "wrong"}) {
    write("perfgate.toml", suite_for(mode));
    fs::create_directories(dir_ / "out");
    Result r = perfgate("run perfgate.toml -o result.json", "PERFGATE_STRICT=1");
    EXPECT_EQ(r.exit_code, 3) << mode << r.out << r.err;
    const json b = json::parse(slurp(dir_ / "result.json"))["benchmarks"][0];
    ASSERT_EQ(b["repetitions"].size(), 3u) << mode;
    for (const json& rep : b["repetitions"]) {
      EXPECT_FALSE(rep["ok"].get<bool>());
      EXPECT_EQ(rep["failure"].get<std::string>().rfind("suspicious: ", 0), 0u) << rep;
      EXPECT_TRUE(rep["values"].empty());
    }
  }
  const json b = json::parse(slurp(dir_ / "result.json"))["benchmarks"][0];
  EXPECT_NE(b["repetitions"][0]["failure"].get<std::string>().find("accuracy max_abs_error"),
            std::string::npos);
}

TEST_F(Receipts, StrictFlagOnRunIsTheSameAsTheEnvironmentVariable) {
  write("perfgate.toml", suite_for("mock", 1));
  fs::create_directories(dir_ / "out");
  Result r = perfgate("run --strict perfgate.toml -o result.json");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const json b = json::parse(slurp(dir_ / "result.json"))["benchmarks"][0];
  ASSERT_EQ(b["repetitions"].size(), 1u);  // a warm-up that fails stops the benchmark
  EXPECT_EQ(b["repetitions"][0]["failure"].get<std::string>().rfind(
                "warm-up run failed: suspicious: compute_path is \"mock\"", 0),
            0u);
}

TEST_F(Receipts, WithoutStrictRunWarnsOnceAndKeepsTheSamples) {
  write("perfgate.toml", suite_for("fast"));
  fs::create_directories(dir_ / "out");
  Result r = perfgate("run perfgate.toml -o result.json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string note =
      "note: fast: suspicious receipt (strict mode off, so the samples are "
      "kept): tokens_per_second 5000 tok/s";
  const std::size_t at = r.err.find(note);
  ASSERT_NE(at, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(note, at + 1), std::string::npos);  // once, not per repetition
  const json b = json::parse(slurp(dir_ / "result.json"))["benchmarks"][0];
  for (const json& rep : b["repetitions"]) {
    EXPECT_TRUE(rep["ok"].get<bool>());
    EXPECT_DOUBLE_EQ(rep["values"]["tokens_per_second"].get<double>(), 5001.5);
  }
  ASSERT_EQ(b["context"]["receipt_findings"].size(), 1u);
}

TEST_F(Receipts, AStaleMissingOrInvalidReceiptFailsTheRepetition) {
  // The program writes nothing; a receipt left from before must not be read.
  write_receipt("real", "stale.json");
  write("perfgate.toml",
        "[[benchmark]]\nname = \"silent\"\ncommand = [\"true\"]\n"
        "receipt = \"stale.json\"\nruns = 2\nwarmup = 0\n");
  Result r = perfgate("run perfgate.toml -o result.json");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  json b = json::parse(slurp(dir_ / "result.json"))["benchmarks"][0];
  EXPECT_FALSE(fs::exists(dir_ / "stale.json"));
  EXPECT_NE(b["repetitions"][0]["failure"].get<std::string>().find(
                "receipt: " + dir_.string() + "/stale.json: cannot read receipt"),
            std::string::npos)
      << b;

  write("perfgate.toml", suite_for("nan"));
  fs::create_directories(dir_ / "out");
  r = perfgate("run perfgate.toml -o result.json");
  EXPECT_EQ(r.exit_code, 3);
  b = json::parse(slurp(dir_ / "result.json"))["benchmarks"][0];
  EXPECT_NE(b["repetitions"][0]["failure"].get<std::string>().find("out/receipt.json:13:"),
            std::string::npos)
      << b;
}

TEST_F(Receipts, SuiteMistakesAboutReceiptsNameThePlace) {
  write("perfgate.toml",
        "[[benchmark]]\nname = \"a\"\ncommand = [\"true\"]\n"
        "[benchmark.plausible]\ntokens_per_second = { max = 150 }\n");
  Result r = perfgate("run perfgate.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate.toml:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sets [benchmark.plausible] but has no receipt"), std::string::npos);

  write("perfgate.toml",
        "[[benchmark]]\nname = \"a\"\ncommand = [\"true\"]\n"
        "receipt = \"r.json\"\n[benchmark.plausible]\n"
        "tokens_per_second = { maximum = 150 }\n");
  r = perfgate("run perfgate.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("perfgate.toml:6:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("maximum"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::e2e

namespace perfgate::e2e {
namespace {

// The unstable writer declares deterministic output with seed 42, yet each run
// writes another output: its receipts contradict each other.
TEST_F(Receipts, ValidateCatchesReceiptsThatContradictTheirDeterminismClaim) {
  write_receipt("unstable", "a.json");
  write_receipt("unstable", "b.json");
  write_receipt("real", "real1.json");
  write_receipt("real", "real2.json");
  Result r = perfgate("receipt validate --strict a.json b.json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("ok: a.json: decode: real on cpu"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("suspicious: b.json: not deterministic: deterministic with seed 42 like "
                       "a.json, but the output differs: fnv1a64:"),
            std::string::npos)
      << r.out;
  // The real program gives the same output for the same seed: both are ok.
  r = perfgate("receipt validate --strict real1.json real2.json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ok: real2.json:"), std::string::npos) << r.out;
  // One receipt alone makes no claim that can be contradicted.
  EXPECT_EQ(perfgate("receipt validate --strict b.json").exit_code, 0);
}

TEST_F(Receipts, RunFailsABenchmarkWhoseReceiptsContradictTheirDeterminismClaim) {
  write("perfgate.toml", suite_for("unstable"));
  fs::create_directories(dir_ / "out");
  // Strict mode or not: the program's own claim is false.
  Result r = perfgate("run perfgate.toml -o result.json");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const json b = json::parse(slurp(dir_ / "result.json"))["benchmarks"][0];
  // The second repetition contradicts the first; the rest is not run.
  ASSERT_EQ(b["repetitions"].size(), 2u) << b;
  for (const json& rep : b["repetitions"]) {
    EXPECT_FALSE(rep["ok"].get<bool>());
    EXPECT_EQ(rep["failure"].get<std::string>().rfind(
                  "receipt of repetition 1: not deterministic: deterministic with seed 42 like "
                  "repetition 0's receipt, but the output differs: fnv1a64:",
                  0),
              0u)
        << rep;
  }
  // The real program's receipts agree with each other: every repetition counts.
  write("perfgate.toml", suite_for("real"));
  r = perfgate("run perfgate.toml -o real.json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace perfgate::e2e
