// The suite keys about receipts: receipt, [benchmark.plausible], mock_patterns.
#include <gtest/gtest.h>

#include "model/suite_testing.hpp"

namespace perfgate {
namespace {

using test_support::parse_test_suite;
using test_support::suite_error_of;

constexpr const char* kHead = "[[benchmark]]\nname = \"decode\"\ncommand = [\"./infer\"]\n";

TEST(SuiteReceipt, ReadsThePathFromCwdTheBoundsAndThePatterns) {
  const Suite s = parse_test_suite(std::string(kHead) +
                                   "cwd = \"run\"\nreceipt = \"out/r.json\"\n"
                                   "mock_patterns = [\"^sim_\"]\n"
                                   "[benchmark.plausible]\n"
                                   "tokens_per_second = { max = 150, backend = \"cpu\" }\n"
                                   "load_time = { min = 0.5 }\n");
  const BenchmarkSpec& b = s.benchmarks.at(0);
  EXPECT_EQ(b.receipt, "/suites/demo/run/out/r.json");
  EXPECT_EQ(b.receipt_rules.mock_patterns, std::vector<std::string>{"^sim_"});
  ASSERT_EQ(b.receipt_rules.bounds.size(), 2u);
  // toml++ keeps a table's keys sorted.
  EXPECT_EQ(b.receipt_rules.bounds[0].figure, "load_time");
  EXPECT_EQ(b.receipt_rules.bounds[0].min, 0.5);
  EXPECT_FALSE(b.receipt_rules.bounds[0].max);
  EXPECT_EQ(b.receipt_rules.bounds[1].max, 150);
  EXPECT_EQ(b.receipt_rules.bounds[1].backend, "cpu");
}

TEST(SuiteReceipt, WithoutAReceiptTheDefaultsApplyAndNothingIsRead) {
  const BenchmarkSpec b = parse_test_suite(kHead).benchmarks.at(0);
  EXPECT_TRUE(b.receipt.empty());
  EXPECT_EQ(b.receipt_rules.mock_patterns, ReceiptRules::default_mock_patterns());
}

TEST(SuiteReceipt, MistakesNameThePlaceAndTheFix) {
  EXPECT_NE(suite_error_of(std::string(kHead) + "mock_patterns = [\"mock\"]\n")
                .find("perfgate.toml:4:17: benchmark \"decode\" sets mock_patterns but has no "
                      "receipt"),
            std::string::npos);
  const std::string with = std::string(kHead) + "receipt = \"r.json\"\n";
  EXPECT_NE(suite_error_of(with + "mock_patterns = [\"(\"]\n").find("perfgate.toml:5:"),
            std::string::npos);
  EXPECT_NE(suite_error_of(with + "mock_patterns = [\"(\"]\n")
                .find("mock pattern \"(\" does not compile"),
            std::string::npos);
  EXPECT_NE(suite_error_of(with + "[benchmark.plausible]\nx = { max = \"fast\" }\n").find(":6:"),
            std::string::npos);
  EXPECT_NE(suite_error_of(with + "[benchmark.plausible]\nx = { backend = \"cpu\" }\n")
                .find("has neither min nor max"),
            std::string::npos);
  EXPECT_NE(suite_error_of(with + "[benchmark.plausible]\nx = { min = 2, max = 1 }\n")
                .find("min 2 above max 1"),
            std::string::npos);
  EXPECT_NE(suite_error_of("[[benchmark]]\nname = \"g\"\nkind = \"gbench\"\ncommand = [\"./b\"]\n"
                           "receipt = \"r.json\"\n")
                .find("is of kind \"gbench\" and sets receipt"),
            std::string::npos);
}

}  // namespace
}  // namespace perfgate
