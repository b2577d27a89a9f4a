// The pieces every adapter shares (adapters/common.hpp).
#include "adapters/common.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/expect_error.hpp"

namespace perfgate::adapters {
namespace {

using test_support::input_error_message;

TEST(QuoteNonFinite, QuotesBareTokensOfBothSpellingsOutsideStrings) {
  EXPECT_EQ(quote_non_finite(R"({"a": NaN, "b": -Infinity, "c": [inf, -nan, -inf], "d": "NaN inf"})"),
            R"({"a": "NaN", "b": "-Infinity", "c": ["Infinity", "NaN", "-Infinity"], "d": "NaN inf"})");
  EXPECT_EQ(quote_non_finite(R"({"x": "say \"NaN\"", "y": -1.5e-3, "z": null})"), std::nullopt);
}

TEST(JsonNesting, TooDeepIsAnInputErrorNotAStackOverflow) {
  // 200,000 levels crashed `perfgate ingest` (a recursive print of the
  // context) before the depth was checked where every JSON file is parsed.
  const std::string deep = "{\"machine_info\": {\"x\": " + std::string(200000, '[') +
                           std::string(200000, ']') + "}, \"benchmarks\": []}";
  const std::string msg =
      input_error_message([&] { find("pytest-benchmark")->read(Input{"deep.json", false, deep}); });
  EXPECT_EQ(msg.rfind("deep.json:1:278: values nested more than 256 levels deep; ", 0), 0u) << msg;
  // JSON Lines go through the same check, line by line.
  const std::string lines = "{\"n_prompt\": 512}\n{\"x\": " + std::string(300, '[') + "}\n";
  const std::string line_msg = input_error_message(
      [&] { find("llama-bench")->read(Input{"r.jsonl", false, lines}); });
  EXPECT_EQ(line_msg.rfind("r.jsonl:2:262: values nested more than 256 levels deep", 0), 0u)
      << line_msg;
  // 256 levels are fine as far as nesting goes.
  EXPECT_EQ(json_nesting_too_deep(std::string(256, '[') + std::string(256, ']')),
            std::string_view::npos);
  EXPECT_EQ(json_nesting_too_deep("[\"[[[[\", " + std::string(257, '[')), 264u);
}

TEST(HasMember, FindsKeysNotStringValues) {
  EXPECT_TRUE(has_member(R"({"results" : [1]})", "results", '['));
  EXPECT_FALSE(has_member(R"({"command": "results", "x": []})", "results", '['));
  EXPECT_FALSE(has_member(R"({"results": {}})", "results", '['));
}

}  // namespace
}  // namespace perfgate::adapters
