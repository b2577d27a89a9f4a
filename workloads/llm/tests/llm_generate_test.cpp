// llm-generate as a real process: its report, its determinism across runs and
// thread counts, its receipt (checked by the real perfgate) and its answers to
// bad input.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "llm/gguf.hpp"
#include "llm/model.hpp"
#include "llm/tokenizer.hpp"
#include "llm/transformer.hpp"

namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// A small model (fast to run) with a short context, so the length checks are
// cheap to reach.
llm::ModelConfig small_config() {
  llm::ModelConfig c;
  c.n_layers = 2;
  c.dim = 64;
  c.hidden_dim = 160;
  c.n_heads = 4;
  c.n_kv_heads = 2;
  c.vocab_size = 300;
  c.context_length = 128;
  return c;
}

class LlmGenerate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "llm-generate-XXXXXX").string();
    dir_ = new fs::path(::mkdtemp(pattern.data()));
    llm::write_synthetic_model(model(), small_config(), /*seed=*/11);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string model() { return (*dir_ / "small.gguf").string(); }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }

  // Runs `program args` (args already quoted as needed) with output captured.
  static Result run_program(const std::string& program, const std::string& args) {
    const std::string out = path("out.txt"), err = path("err.txt");
    const std::string cmd = quote(program) + " " + args + " >" + quote(out) + " 2>" + quote(err);
    const int status = std::system(cmd.c_str());
    Result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }
  static Result generate(const std::string& args) {
    return run_program(LLM_BIN_DIR "/llm-generate", args);
  }
  static std::string standard_args(const std::string& seed = "42",
                                   const std::string& threads = "1") {
    return "--model " + quote(model()) + " --prompt 'Once upon a time' --tokens 16 --seed " + seed +
           " --threads " + threads;
  }

  static fs::path* dir_;
};
fs::path* LlmGenerate::dir_ = nullptr;

// The match of `pattern` on a line of `report` (whole match, then the
// captures); fails the test and returns "" for each if there is none.
std::vector<std::string> line_match(const std::string& report, const std::string& pattern) {
  const std::regex re(pattern, std::regex::multiline);
  std::smatch m;
  const bool found = std::regex_search(report, m, re);
  EXPECT_TRUE(found) << "no line matches " << pattern << " in:\n" << report;
  std::vector<std::string> groups(re.mark_count() + 1);
  if (found)
    for (std::size_t i = 0; i < groups.size(); ++i) groups[i] = m[i].str();
  return groups;
}

std::string digest_of(const std::string& report) {
  return line_match(report, "^output digest: fnv1a64 ([0-9a-f]{16}) ")[1];
}
std::string text_of(const std::string& report) { return line_match(report, "^text: \"(.*)\"$")[1]; }

// ---- The report --------------------------------------------------------------

TEST_F(LlmGenerate, ReportLinesArePresentAndParse) {
  const Result r = generate(standard_args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& o = r.out;

  EXPECT_GE(std::stod(line_match(o, R"(^load time: ([0-9.]+) ms)")[1]), 0.0);
  EXPECT_GT(std::stod(line_match(
                o, R"(^time to first token: ([0-9.]+) ms \(16 prompt tokens in batches)")[1]),
            0.0);
  EXPECT_GT(
      std::stod(line_match(
          o,
          R"(^tokens per second: ([0-9.]+) tok/s \(the 15 generated tokens after the first)")[1]),
      0.0);
  const std::vector<std::string> lat = line_match(
      o,
      R"(^token latency: p50 ([0-9.]+) ms, p95 ([0-9.]+) ms, p99 ([0-9.]+) ms, mean ([0-9.]+) ms \(nearest rank over N=15 )");
  ASSERT_EQ(lat.size(), 5u);
  EXPECT_LE(std::stod(lat[1]), std::stod(lat[2]));
  EXPECT_LE(std::stod(lat[2]), std::stod(lat[3]));

  const std::vector<std::string> mem = line_match(
      o, R"(^peak RSS: ([0-9]+) bytes .*; model file ([0-9]+) bytes; overhead (-?[0-9]+) bytes)");
  ASSERT_EQ(mem.size(), 4u);
  EXPECT_EQ(std::stoull(mem[2]), fs::file_size(model()));
  EXPECT_EQ(std::stoll(mem[1]) - std::stoll(mem[2]), std::stoll(mem[3]));
  EXPECT_GT(std::stoull(mem[1]), 0u);

  const std::vector<std::string> kernels =
      line_match(o, R"(^kernels: path (avx2_fma|generic); (.*)$)");
  ASSERT_EQ(kernels.size(), 3u);
  EXPECT_NE(kernels[2].find("gemv_" + kernels[1]), std::string::npos);
  EXPECT_NE(kernels[2].find("sample_temperature_top_k_top_p"), std::string::npos);

  // The digest and text are those of the same generation run in this process.
  llm::Transformer m = llm::Transformer::open(model());
  const std::vector<std::uint32_t> expected = llm::generate(
      m, llm::tokenize("Once upon a time"), 16, llm::SamplerConfig{0.8f, 40, 0.95f}, 42);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(llm::fnv1a64(llm::token_id_bytes(expected))));
  EXPECT_EQ(digest_of(o), hex);
  const std::string text = text_of(o);
  for (char c : text) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "unescaped byte in " << text;
  std::string unescaped;  // \xNN, \\ and \" back to bytes
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && text[i + 1] == 'x') {
      unescaped += static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16));
      i += 3;
    } else if (text[i] == '\\') {
      unescaped += text[++i];
    } else {
      unescaped += text[i];
    }
  }
  EXPECT_EQ(unescaped, llm::detokenize(expected));
}

TEST_F(LlmGenerate, SameSeedGivesSameDigestAndTextWhateverTheThreads) {
  const Result a = generate(standard_args("42", "1"));
  const Result b = generate(standard_args("42", "1"));
  const Result c = generate(standard_args("42", "2"));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(digest_of(a.out), digest_of(b.out));
  EXPECT_EQ(text_of(a.out), text_of(b.out));
  EXPECT_EQ(digest_of(a.out), digest_of(c.out));
  EXPECT_EQ(text_of(a.out), text_of(c.out));
}

TEST_F(LlmGenerate, AnotherSeedGivesAnotherDigest) {
  const Result a = generate(standard_args("42"));
  const Result b = generate(standard_args("43"));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(digest_of(a.out), digest_of(b.out));
}

TEST_F(LlmGenerate, GreedyIgnoresTheSeed) {
  const Result a = generate(standard_args("1") + " --temperature 0");
  const Result b = generate(standard_args("2") + " --temperature 0");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("kernels: path "), std::string::npos);
  EXPECT_NE(a.out.find("sample_greedy"), std::string::npos);
  EXPECT_EQ(digest_of(a.out), digest_of(b.out));
}

// ---- Receipt and JSON ----------------------------------------------------------

TEST_F(LlmGenerate, ReceiptIsStrictlyValidAndAgreesWithTheJson) {
  const std::string receipt = path("receipt.json"), json = path("figures.json");
  const Result r =
      generate(standard_args() + " --receipt " + quote(receipt) + " --json " + quote(json));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const Result v = run_program(PERFGATE_BIN, "receipt validate --strict " + quote(receipt));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_EQ(v.out.rfind("ok: ", 0), 0u) << v.out;

  const nlohmann::json rc = nlohmann::json::parse(slurp(receipt));
  const nlohmann::json js = nlohmann::json::parse(slurp(json));
  const nlohmann::json& perf = rc["performance"];
  EXPECT_EQ(rc["compute_path"], "real");
  EXPECT_EQ(rc["backend"], "cpu");
  EXPECT_EQ(rc["deterministic"], true);
  EXPECT_EQ(rc["seed"], 42);
  EXPECT_NE(std::find(rc["kernels"].begin(), rc["kernels"].end(), "gqa_attention"),
            rc["kernels"].end());

  EXPECT_EQ(perf["tokens_per_second"]["summary"]["mean"].get<double>(),
            js["tokens_per_second"].get<double>());
  EXPECT_EQ(perf["first_token_latency"]["samples"][0].get<double>(), js["ttft_ms"].get<double>());
  EXPECT_EQ(perf["load_time"]["samples"][0].get<double>(), js["load_ms"].get<double>());
  EXPECT_EQ(perf["token_latency"]["summary"]["mean"].get<double>(),
            js["mean_token_ms"].get<double>());
  EXPECT_EQ(perf["token_latency"]["summary"]["p50"].get<double>(), js["p50_ms"].get<double>());
  EXPECT_EQ(perf["token_latency"]["summary"]["p95"].get<double>(), js["p95_ms"].get<double>());
  EXPECT_EQ(perf["token_latency"]["summary"]["p99"].get<double>(), js["p99_ms"].get<double>());
  EXPECT_EQ(perf["token_latency"]["samples"].size(), 15u);
  EXPECT_EQ(js["token_latency_samples"], 15);
  EXPECT_EQ(perf["peak_memory"]["samples"][0].get<double>(), js["peak_rss_bytes"].get<double>());
  EXPECT_EQ(perf["memory_overhead"]["samples"][0].get<double>(),
            js["memory_overhead_bytes"].get<double>());
  EXPECT_EQ(js["model_bytes"], fs::file_size(model()));
  EXPECT_EQ(rc["output_digest"]["algorithm"], "fnv1a64");
  EXPECT_EQ(rc["output_digest"]["value"], js["output_digest"]);
  EXPECT_EQ(rc["output_digest"]["value"], digest_of(r.out));

  // tokens/s is the count of timed tokens over their summed latency.
  double total_ms = 0;
  for (const auto& ms : perf["token_latency"]["samples"]) total_ms += ms.get<double>();
  EXPECT_NEAR(js["tokens_per_second"].get<double>(), 15 / (total_ms / 1000),
              1e-9 * 15 / (total_ms / 1000));
}

TEST_F(LlmGenerate, OneTokenHasNoRateButStillAValidReceipt) {
  const std::string receipt = path("one.json");
  const Result r = generate("--model " + quote(model()) +
                            " --prompt hi --tokens 1 --seed 1 --receipt " + quote(receipt));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("tokens per second: n/a"), std::string::npos) << r.out;
  const Result v = run_program(PERFGATE_BIN, "receipt validate --strict " + quote(receipt));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

// ---- Bad input -------------------------------------------------------------------

// Exit 2, nothing on stdout, one line on stderr containing every `needle`.
void expect_refused(const Result& r, const std::vector<std::string>& needles) {
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind("llm-generate: ", 0), 0u) << r.err;
  for (const std::string& n : needles)
    EXPECT_NE(r.err.find(n), std::string::npos) << "no \"" << n << "\" in " << r.err;
}

std::string model_args(const std::string& file,
                       const std::string& rest = "--prompt hi --tokens 4 --seed 1") {
  return "--model " + quote(file) + " " + rest;
}

TEST_F(LlmGenerate, MissingModelFileIsNamed) {
  const std::string missing = path("nowhere.gguf");
  expect_refused(generate(model_args(missing)), {missing, "does not exist"});
}

TEST_F(LlmGenerate, TextFileIsRefusedAsNotGguf) {
  const std::string text = path("notes.gguf");
  std::ofstream(text) << "these are notes, not a model\n";
  expect_refused(generate(model_args(text)), {text});
}

TEST_F(LlmGenerate, FileCutInTheHeaderIsRefusedWithTheOffset) {
  const std::string bytes = slurp(model());
  const std::string cut = path("cut-header.gguf");
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, 100);
  expect_refused(generate(model_args(cut)), {cut, "offset"});
}

TEST_F(LlmGenerate, FirstHalfOfAModelIsRefused) {
  // The header is whole; the tensor data runs past the end of the file.
  const std::string bytes = slurp(model());
  const std::string half = path("half.gguf");
  std::ofstream(half, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  expect_refused(generate(model_args(half)), {half});
}

TEST_F(LlmGenerate, ModelWithAWrongTypedKeyNamesTheKey) {
  const llm::GgufFile src = llm::GgufFile::open(model());
  llm::GgufWriter out(src.alignment());
  for (const llm::GgufKeyValue& kv : src.metadata())
    out.add(kv.key, kv.key == "llama.block_count" ? llm::GgufValue::str("two") : kv.value);
  for (const llm::GgufTensorInfo& info : src.tensors())
    out.add_tensor(info.name, info.dims, src.tensor(info.name).f32());
  const std::string file = path("string-layers.gguf");
  out.write(file);
  expect_refused(generate(model_args(file)), {file, "llama.block_count"});
}

TEST_F(LlmGenerate, PromptLongerThanTheContextNamesBothLengths) {
  expect_refused(
      generate(model_args(model(), "--prompt " + std::string(200, 'a') + " --tokens 4 --seed 1")),
      {"200", "128", "--prompt"});
}

TEST_F(LlmGenerate, PromptPlusTokensBeyondTheContextSaysHowManyFit) {
  expect_refused(
      generate(model_args(model(), "--prompt " + std::string(100, 'a') + " --tokens 50 --seed 1")),
      {"150", "128", "at most 28"});
}

TEST_F(LlmGenerate, ZeroOrNegativeTokensAreRefused) {
  expect_refused(generate(model_args(model(), "--prompt hi --tokens 0 --seed 1")), {"--tokens"});
  expect_refused(generate(model_args(model(), "--prompt hi --tokens -3 --seed 1")), {"--tokens"});
}

TEST_F(LlmGenerate, EmptyPromptIsRefused) {
  expect_refused(generate(model_args(model(), "--prompt '' --tokens 4 --seed 1")), {"--prompt"});
}

TEST_F(LlmGenerate, UnknownFlagIsNamed) {
  expect_refused(generate(model_args(model()) + " --frobnicate 3"), {"--frobnicate"});
}

TEST_F(LlmGenerate, BadNumbersAreNamedWithTheirFlag) {
  expect_refused(generate(model_args(model(), "--prompt hi --tokens 4 --seed abc")),
                 {"--seed", "abc"});
  expect_refused(generate(model_args(model(), "--prompt hi --tokens 4x --seed 1")),
                 {"--tokens", "4x"});
  expect_refused(generate(model_args(model()) + " --temperature warm"), {"--temperature", "warm"});
  expect_refused(generate(model_args(model()) + " --top-p 1.5"), {"--top-p"});
}

TEST_F(LlmGenerate, ZeroThreadsAreRefused) {
  expect_refused(generate(model_args(model()) + " --threads 0"), {"--threads"});
}

TEST_F(LlmGenerate, MissingRequiredFlagIsNamed) {
  expect_refused(generate("--model " + quote(model()) + " --prompt hi --tokens 4"), {"--seed"});
}

}  // namespace
