#include "collect/metric_source.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace perfgate {
namespace {

namespace fs = std::filesystem;

DeclaredMetric regex_metric(std::string pattern) {
  DeclaredMetric m;
  m.info.name = "tokens_per_second";
  m.source.kind = MetricSource::Kind::stdout_regex;
  m.source.regex = std::move(pattern);
  return m;
}

DeclaredMetric json_metric(std::string file, std::string pointer) {
  DeclaredMetric m;
  m.info.name = "tokens_per_second";
  m.source.kind = MetricSource::Kind::json_file;
  m.source.json_file = std::move(file);
  m.source.json_pointer = std::move(pointer);
  return m;
}

class JsonMetric : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "perfgate-metric-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
  }
  std::string dir_;
};

TEST(RegexMetric, CaptureGroupIsTheValue) {
  auto r = read_metric(regex_metric("tok/s: ([0-9.]+)"), "warmup\ntok/s: 41.5\n", "");
  ASSERT_TRUE(r.value) << r.why_not;
  EXPECT_DOUBLE_EQ(*r.value, 41.5);
}

TEST(RegexMetric, WholeMatchIsTheValueWithoutGroups) {
  auto r = read_metric(regex_metric("[0-9]+e[0-9]+"), "took 12e3 cycles", "");
  ASSERT_TRUE(r.value) << r.why_not;
  EXPECT_DOUBLE_EQ(*r.value, 12000);
}

TEST(RegexMetric, NoMatchSaysSoWithThePatternAndOutputSize) {
  auto r = read_metric(regex_metric("tok/s: ([0-9.]+)"), "nothing here\n", "");
  EXPECT_FALSE(r.value);
  EXPECT_EQ(r.why_not,
            "metric 'tokens_per_second': pattern 'tok/s: ([0-9.]+)' matched nothing in 13 B "
            "of stdout");
}

TEST(RegexMetric, NonNumericCaptureIsRejectedShowingWhatWasCaptured) {
  auto r = read_metric(regex_metric("tok/s: (\\S+)"), "tok/s: 41.5x\n", "");
  EXPECT_FALSE(r.value);
  EXPECT_NE(r.why_not.find("captured '41.5x', which is not a number"), std::string::npos)
      << r.why_not;
}

TEST(RegexMetric, InvalidPatternIsReported) {
  auto r = read_metric(regex_metric("tok/s: ([0-9.]+"), "tok/s: 1", "");
  EXPECT_FALSE(r.value);
  EXPECT_NE(r.why_not.find("not a valid regular expression"), std::string::npos) << r.why_not;
}

TEST_F(JsonMetric, PointerToANumberIsTheValue) {
  write("out.json", R"({"perf": {"tps": 123.25, "tokens": 64}})");
  auto r = read_metric(json_metric("out.json", "/perf/tps"), "", dir_);
  ASSERT_TRUE(r.value) << r.why_not;
  EXPECT_DOUBLE_EQ(*r.value, 123.25);
}

TEST_F(JsonMetric, MissingPointerListsTheKeysThatExist) {
  write("out.json", R"({"perf": {"tokens": 64, "latency": 3.5}})");
  auto r = read_metric(json_metric("out.json", "/perf/tps"), "", dir_);
  EXPECT_FALSE(r.value);
  EXPECT_EQ(r.why_not,
            "metric 'tokens_per_second': /perf/tps not found in out.json (keys: latency, tokens)");
}

TEST_F(JsonMetric, NonNumberIsRejectedShowingTheValue) {
  write("out.json", R"({"perf": {"tps": "fast"}})");
  auto r = read_metric(json_metric("out.json", "/perf/tps"), "", dir_);
  EXPECT_FALSE(r.value);
  EXPECT_EQ(r.why_not,
            "metric 'tokens_per_second': /perf/tps in out.json is a string ('\"fast\"'), not a "
            "number");
}

TEST_F(JsonMetric, MissingFileWasNotWritten) {
  auto r = read_metric(json_metric("out.json", "/perf/tps"), "", dir_);
  EXPECT_FALSE(r.value);
  EXPECT_EQ(r.why_not.rfind("metric 'tokens_per_second': file out.json was not written", 0), 0u)
      << r.why_not;
}

TEST_F(JsonMetric, InvalidJsonIsReported) {
  write("out.json", "{\"perf\": ");
  auto r = read_metric(json_metric("out.json", "/perf"), "", dir_);
  EXPECT_FALSE(r.value);
  EXPECT_NE(r.why_not.find("out.json is not valid JSON"), std::string::npos) << r.why_not;
}

TEST_F(JsonMetric, ClearRemovesAStaleFile) {
  write("out.json", R"({"perf": {"tps": 1}})");
  auto metric = json_metric("out.json", "/perf/tps");
  clear_metric_output(metric, dir_);
  EXPECT_FALSE(fs::exists(dir_ + "/out.json"));
  EXPECT_FALSE(read_metric(metric, "", dir_).value);
  clear_metric_output(metric, dir_);  // nothing to remove is fine
}

}  // namespace
}  // namespace perfgate
