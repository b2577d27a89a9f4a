// The receipt reader, the strict rules, and the header-only writer
// (include/perfgate/receipt.hpp) read back through the reader and nlohmann.
#include "model/receipt.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <perfgate/receipt.hpp>
#include <stdexcept>

#include "model/error.hpp"

namespace perfgate {
namespace {

using json = nlohmann::json;

Receipt sample_receipt() {
  Receipt r;
  r.timestamp = "2026-11-24T02:15:25Z";
  r.tool_name = "infer";
  r.benchmark = "decode";
  r.kernels = {"gemm_f32"};
  r.seed = 7;
  r.add_sample("tokens_per_second", 40, "tok/s");
  r.add_sample("tokens_per_second", 42, "tok/s");
  r.set_summary("token_latency", "p95", 30, "ms");
  r.set_summary("token_latency", "mean", 25, "ms");
  r.set_accuracy("max_abs_error", 1e-6, 0, 1e-4);
  r.set_output_digest("hello");
  return r;
}

// The message parse_receipt throws for `text`, or "" when it does not throw.
std::string error_of(const std::string& text) {
  try {
    parse_receipt(text, "r.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::bad_input);
    return e.what();
  }
  return "";
}

std::string edited(void (*edit)(json&)) {
  json j = json::parse(sample_receipt().to_json());
  edit(j);
  return j.dump();
}

TEST(ReceiptWriter, WritesWhatTheReaderReadsBack) {
  const ReceiptData r = parse_receipt(sample_receipt().to_json(), "r.json");
  EXPECT_EQ(r.benchmark, "decode");
  EXPECT_EQ(r.compute_path, "real");
  EXPECT_EQ(r.backend, "cpu");
  ASSERT_EQ(r.kernels.size(), 1u);
  EXPECT_EQ(r.kernels[0], "gemm_f32");
  EXPECT_EQ(r.seed, 7u);
  const auto& tps = r.performance.at("tokens_per_second");
  EXPECT_EQ(tps.unit, "tok/s");
  EXPECT_EQ(tps.samples, (std::vector<double>{40, 42}));
  EXPECT_EQ(r.performance.at("token_latency").summary.at("p95"), 30);
  ASSERT_TRUE(r.accuracy);
  EXPECT_EQ(r.accuracy->tolerance, 1e-4);
  EXPECT_EQ(r.digest_algorithm, "fnv1a64");
  EXPECT_EQ(r.digest_value, "a430d84680aabd0b");  // FNV-1a 64 of "hello", published vectors
}

TEST(ReceiptWriter, NumbersRoundTripExactly) {
  Receipt w = sample_receipt();
  const double awkward = 0.1 + 0.2;
  w.add_sample("load_time", awkward, "ms");
  w.add_sample("load_time", 1e-300, "ms");
  const json j = json::parse(w.to_json());
  EXPECT_EQ(j["performance"]["load_time"]["samples"][0].get<double>(), awkward);
  EXPECT_EQ(j["performance"]["load_time"]["samples"][1].get<double>(), 1e-300);
}

TEST(ReceiptWriter, EscapesHostileStrings) {
  Receipt w = sample_receipt();
  const std::string hostile = std::string("q\"uo\\te\n\t\x01 end\x7f ") + "caf\xc3\xa9";
  w.benchmark = hostile;
  w.environment["k\"ey"] = hostile;
  w.kernels.push_back("bad \xff byte");
  w.kernels.push_back("overlong \xe0\x80\xaf surrogate \xed\xa0\x80");
  const json j = json::parse(w.to_json());  // throws if the escaping broke the JSON
  EXPECT_EQ(j["benchmark"], hostile);
  EXPECT_EQ(j["environment"]["k\"ey"], hostile);
  EXPECT_EQ(j["kernels"][1], "bad \xef\xbf\xbd byte");  // not UTF-8: U+FFFD
  EXPECT_EQ(parse_receipt(w.to_json(), "r").kernels.at(2).find("overlong \xef\xbf\xbd"), 0u);
}

TEST(ReceiptWriter, RefusesNonFiniteNumbers) {
  Receipt w;
  EXPECT_THROW(w.add_sample("tokens_per_second", std::nan(""), "tok/s"), std::invalid_argument);
  EXPECT_THROW(w.set_summary("x", "p99", std::numeric_limits<double>::infinity(), "ms"),
               std::invalid_argument);
  EXPECT_THROW(w.set_accuracy("e", 0, 0, std::nan("")), std::invalid_argument);
  EXPECT_THROW(w.add_sample("x", 1, "ms"); w.add_sample("x", 1, "s"), std::invalid_argument);
}

TEST(ReceiptWriter, WritesTheFileWholeAndLeavesNoTemporary) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("receipt-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "r.json").string();
  sample_receipt().write_file(path);
  EXPECT_EQ(load_receipt(path).benchmark, "decode");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
  std::filesystem::remove_all(dir);
  EXPECT_THROW(sample_receipt().write_file((dir / "missing" / "r.json").string()),
               std::runtime_error);
}

TEST(ReceiptReader, NamesAMissingFieldByPointer) {
  EXPECT_EQ(error_of(edited([](json& j) { j.erase("compute_path"); })),
            "r.json: field /compute_path: missing (a required field); see docs/receipts.md for "
            "the fields");
  EXPECT_NE(
      error_of(edited([](json& j) { j["tool"].erase("version"); })).find("field /tool/version"),
      std::string::npos);
}

TEST(ReceiptReader, NamesAMistypedFieldAndWhatWasFound) {
  const std::string e = error_of(
      edited([](json& j) { j["performance"]["tokens_per_second"]["samples"][1] = "fast"; }));
  EXPECT_NE(e.find("r.json: field /performance/tokens_per_second/samples/1: expected a finite "
                   "number, found \"fast\""),
            std::string::npos)
      << e;
  EXPECT_NE(error_of(edited([](json& j) {
              j["deterministic"] = "yes";
            })).find("field /deterministic: expected true or false"),
            std::string::npos);
  EXPECT_NE(error_of(edited([](json& j) { j["seed"] = -1; })).find("field /seed"),
            std::string::npos);
}

TEST(ReceiptReader, RejectsAnUnknownSchemaVersion) {
  EXPECT_NE(error_of(edited([](json& j) { j["schema_version"] = 2; }))
                .find("field /schema_version: unknown schema version 2; this perfgate reads "
                      "version 1"),
            std::string::npos);
}

TEST(ReceiptReader, GivesLineAndColumnOfATruncatedFile) {
  const std::string text = sample_receipt().to_json();
  const std::string e = error_of(text.substr(0, text.find("\"kernels\"") + 12));
  EXPECT_EQ(e.rfind("r.json:8:", 0), 0u) << e;
  EXPECT_NE(e.find("not valid JSON"), std::string::npos);
}

TEST(ReceiptReader, RejectsNaNWrittenAsALiteralOrAString) {
  std::string text = sample_receipt().to_json();
  text.replace(text.find("[40,"), 4, "[NaN,");
  EXPECT_NE(error_of(text).find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of(edited([](json& j) {
              j["accuracy"]["value"] = "NaN";
            })).find("field /accuracy/value: expected a finite number, found \"NaN\""),
            std::string::npos);
}

TEST(ReceiptReader, RejectsUnknownFieldsAndEmptyFigures) {
  EXPECT_NE(error_of(edited([](json& j) {
              j["compute_pth"] = "real";
            })).find("field /compute_pth: unknown field"),
            std::string::npos);
  EXPECT_NE(error_of(edited([](json& j) {
              j["performance"]["x"] = json{{"unit", "ms"}};
            })).find("field /performance/x: has neither samples nor a summary"),
            std::string::npos);
  EXPECT_NE(error_of(edited([](json& j) {
              j["output_digest"]["value"] = "XYZ";
            })).find("field /output_digest/value: expected 16"),
            std::string::npos);
  EXPECT_NE(error_of(edited([](json& j) { j["timestamp"] = "yesterday"; })).find("/timestamp"),
            std::string::npos);
}

TEST(ReceiptRules, AGoodReceiptPasses) {
  ReceiptRules rules;
  rules.bounds.push_back({"tokens_per_second", std::nullopt, 150.0, "cpu"});
  EXPECT_TRUE(strict_findings(parse_receipt(sample_receipt().to_json(), "r"), rules).empty());
}

TEST(ReceiptRules, FlagsAMockPathAndAMockKernel) {
  Receipt w = sample_receipt();
  w.compute_path = "mock";
  w.kernels = {"gemm_f32", "FakeAttention"};
  const auto findings = strict_findings(parse_receipt(w.to_json(), "r"), ReceiptRules{});
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_NE(findings[0].find("compute_path is \"mock\""), std::string::npos);
  EXPECT_NE(findings[1].find("kernel \"FakeAttention\" matches the mock pattern \"fake\""),
            std::string::npos);
  ReceiptRules custom;
  custom.mock_patterns = {"^sim_"};
  w.compute_path = "real";
  EXPECT_TRUE(strict_findings(parse_receipt(w.to_json(), "r"), custom).empty());
}

TEST(ReceiptRules, FlagsAFigureOutsideItsBoundsOnlyOnItsBackend) {
  Receipt w = sample_receipt();
  w.add_sample("tokens_per_second", 5000, "tok/s");
  const ReceiptData r = parse_receipt(w.to_json(), "r");
  ReceiptRules rules;
  rules.bounds.push_back({"tokens_per_second", std::nullopt, 150.0, "cpu"});
  const auto findings = strict_findings(r, rules);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].find("tokens_per_second 5000 tok/s (/performance/tokens_per_second/"
                             "samples/2) is above the plausible max 150 on backend cpu; likely "
                             "a mock path"),
            std::string::npos)
      << findings[0];
  rules.bounds[0].backend = "cuda";
  EXPECT_TRUE(strict_findings(r, rules).empty());
  rules.bounds[0] = {"tokens_per_second", 41.0, std::nullopt, ""};
  ASSERT_EQ(strict_findings(r, rules).size(), 1u);
  EXPECT_NE(strict_findings(r, rules)[0].find("below the plausible min 41"), std::string::npos);
}

TEST(ReceiptRules, FlagsAccuracyBeyondTolerance) {
  Receipt w = sample_receipt();
  w.set_accuracy("top1", 0.90, 0.95, 0.01);
  const auto findings = strict_findings(parse_receipt(w.to_json(), "r"), ReceiptRules{});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].find("accuracy top1 is 0.9"), std::string::npos);
  w.set_accuracy("top1", 0.945, 0.95, 0.01);
  EXPECT_TRUE(strict_findings(parse_receipt(w.to_json(), "r"), ReceiptRules{}).empty());
}

TEST(ReceiptMetrics, MeanOfSamplesAndSummariesInCanonicalUnits) {
  const auto metrics = receipt_metrics(parse_receipt(sample_receipt().to_json(), "r"));
  std::map<std::string, ReceiptMetric> by_name;
  for (const auto& m : metrics) by_name[m.info.name] = m;
  ASSERT_EQ(by_name.size(), 3u);
  EXPECT_EQ(by_name["tokens_per_second"].value, 41);
  EXPECT_EQ(by_name["tokens_per_second"].info.unit, "tok/s");
  EXPECT_EQ(by_name["tokens_per_second"].info.direction, Direction::higher_is_better);
  EXPECT_EQ(by_name["token_latency"].value, 25e6);  // ms -> ns
  EXPECT_EQ(by_name["token_latency"].info.unit, "ns");
  EXPECT_EQ(by_name["token_latency"].info.direction, Direction::lower_is_better);
  EXPECT_EQ(by_name["token_latency.p95"].value, 30e6);
}

}  // namespace
}  // namespace perfgate
