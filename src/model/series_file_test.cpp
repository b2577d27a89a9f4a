// The series reader of `perfgate detect --series`: plain values, index,value
// lines with a header, TCPD JSON with missing points, and every malformed
// file refused naming the file and the line.
#include "model/series_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "support/expect_error.hpp"

namespace perfgate {
namespace {

using test_support::input_error_message;

TEST(SeriesFile, OneValuePerLineWithAHeaderAndComments) {
  const SeriesFile s = parse_series("value\n# a comment\n1.5\n\n2\n+3e1\n", "s.csv");
  EXPECT_EQ(s.format, "text");
  ASSERT_EQ(s.values.size(), 3u);
  EXPECT_DOUBLE_EQ(s.values[0], 1.5);
  EXPECT_DOUBLE_EQ(s.values[2], 30);
}

TEST(SeriesFile, IndexValueLinesAndMissingValues) {
  const SeriesFile s = parse_series("index,value\n0,10\n1,\n2,NA\n5,11\r\n", "s.csv");
  ASSERT_EQ(s.values.size(), 4u);
  EXPECT_DOUBLE_EQ(s.values[0], 10);
  EXPECT_TRUE(std::isnan(s.values[1]));
  EXPECT_TRUE(std::isnan(s.values[2]));
  EXPECT_DOUBLE_EQ(s.values[3], 11);
}

TEST(SeriesFile, TcpdJsonWithNullsAndSeveralDimensions) {
  const SeriesFile s = parse_series(
      R"({"n_obs": 3, "n_dim": 2, "series": [{"raw": [1, null, 3]}, {"raw": [4, 5, 6]}]})",
      "t.json");
  EXPECT_EQ(s.format, "tcpd-json");
  ASSERT_EQ(s.values.size(), 3u);
  EXPECT_TRUE(std::isnan(s.values[1]));
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_NE(s.notes[0].find("only the first"), std::string::npos);
}

TEST(SeriesFile, BadTextNamesTheFileAndLine) {
  EXPECT_EQ(input_error_message([] { parse_series("value\n1\n2\nabc\n", "s.csv"); }),
            "s.csv:4: 'abc' is not a finite number; write a number, or leave the value empty "
            "(or NA) for a missing point");
  EXPECT_NE(input_error_message([] {
              parse_series("0,1\n1,2\n1,3\n", "s.csv");
            }).find("s.csv:3: index 1 does not follow 1"),
            std::string::npos);
  EXPECT_NE(input_error_message([] { parse_series("1\n2,3\n", "s.csv"); }).find("s.csv:2: "),
            std::string::npos);
  EXPECT_NE(input_error_message([] { parse_series("1,2,3\n", "s.csv"); }).find("s.csv:1: "),
            std::string::npos);
  EXPECT_NE(input_error_message([] { parse_series("1\ninf\n", "s.csv"); }).find("s.csv:2: "),
            std::string::npos);
}

TEST(SeriesFile, BadJsonNamesTheFileAndPlace) {
  EXPECT_NE(
      input_error_message([] { parse_series("{\n\"series\": [\n", "t.json"); }).find("t.json:3:"),
      std::string::npos);
  EXPECT_NE(input_error_message([] {
              parse_series(R"({"series": [{"raw": [1, "x"]}]})", "t.json");
            }).find("t.json: /series/0/raw/1 is \"x\""),
            std::string::npos);
  EXPECT_NE(input_error_message([] {
              parse_series(R"({"data": []})", "t.json");
            }).find("no non-empty \"series\""),
            std::string::npos);
}

TEST(SeriesFile, AMissingFileIsAnInputError) {
  EXPECT_NE(input_error_message([] {
              read_series_file("/nonexistent/series.csv");
            }).find("/nonexistent/series.csv"),
            std::string::npos);
}

}  // namespace
}  // namespace perfgate
