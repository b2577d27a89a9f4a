#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
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

const std::string kDir = PERFGATE_SOURCE_DIR "/tests/fixtures/nanobench/";

Parsed read_nanobench(const Input& in) { return find("nanobench")->read(in); }
Parsed read_fixture(const std::string& name) { return read_nanobench(load_input(kDir + name)); }
Input text(std::string content) { return Input{"mem.json", false, std::move(content)}; }
std::string error_of(std::string content) {
  return input_error_message([&] { read_nanobench(text(std::move(content))); });
}

std::vector<std::string> metric_names(const BenchmarkResult& b) {
  std::vector<std::string> out;
  for (const auto& m : b.metrics) out.push_back(m.name);
  return out;
}

TEST(NanobenchAdapter, NamesBenchmarksTitleSlashNameAndNumbersRepeats) {
  EXPECT_THAT(names(read_fixture("results.json")),
              ElementsAre("sort/std::sort 1k", "sort/naïve/µ-sort ✓", "sort/std::sort 1k #2"));
}

TEST(NanobenchAdapter, EachMeasurementIsARepetitionOfTimePerUnit) {
  const Parsed p = read_fixture("results.json");
  const BenchmarkResult& b = p.benchmarks[0];
  ASSERT_EQ(b.repetitions.size(), 3u);
  EXPECT_EQ(b.repetitions[2].index, 2);
  EXPECT_TRUE(b.repetitions[2].ok);
  // elapsed is seconds per iteration already; batch 1.
  EXPECT_DOUBLE_EQ(b.repetitions[0].values.at("time"), 8100);
  EXPECT_DOUBLE_EQ(b.repetitions[1].values.at("time"), 8200);
  EXPECT_DOUBLE_EQ(b.repetitions[2].values.at("time"), 8000);
  ASSERT_EQ(b.metrics[0].name, "time");
  EXPECT_EQ(b.metrics[0].unit, "ns");
  EXPECT_EQ(b.metrics[0].direction, Direction::lower_is_better);
  EXPECT_TRUE(b.metrics[0].compared);
  EXPECT_TRUE(b.summaries.empty());
  // batch 1000: 250 µs per iteration is 250 ns per byte.
  EXPECT_DOUBLE_EQ(p.benchmarks[1].repetitions[0].values.at("time"), 250);
  EXPECT_DOUBLE_EQ(p.benchmarks[1].repetitions[1].values.at("time"), 200);
}

TEST(NanobenchAdapter, CountersAreRecordedPerUnitButNotJudged) {
  const Parsed parsed = read_fixture("results.json");
  const BenchmarkResult& b = parsed.benchmarks[0];
  // pagefaults and contextswitches are 0 in every measurement: left out.
  ASSERT_THAT(metric_names(b), ElementsAre("time", "branchinstructions", "branchmisses",
                                           "cpucycles", "instructions", "iterations"));
  for (std::size_t i = 1; i < b.metrics.size(); ++i) {
    EXPECT_FALSE(b.metrics[i].compared) << b.metrics[i].name;
    EXPECT_EQ(b.metrics[i].direction, Direction::lower_is_better);
  }
  EXPECT_EQ(b.metrics[1].unit, "branches");
  EXPECT_EQ(b.metrics[2].unit, "misses");
  EXPECT_EQ(b.metrics[3].unit, "cycles");
  EXPECT_EQ(b.metrics[4].unit, "instructions");
  EXPECT_EQ(b.metrics[5].unit, "");
  EXPECT_DOUBLE_EQ(b.repetitions[1].values.at("instructions"), 41229);
  EXPECT_DOUBLE_EQ(b.repetitions[1].values.at("iterations"), 1100);
  EXPECT_EQ(b.repetitions[1].values.count("pagefaults"), 0u);
}

TEST(NanobenchAdapter, CountersNanobenchCouldNotReadAreLeftOut) {
  const Parsed parsed = read_fixture("results.json");
  const BenchmarkResult& b = parsed.benchmarks[1];
  EXPECT_THAT(metric_names(b), ElementsAre("time", "iterations"));
  EXPECT_EQ(b.repetitions[0].values.size(), 2u);
}

TEST(NanobenchAdapter, ResultFieldsBecomeContext) {
  const Parsed parsed = read_fixture("results.json");
  const BenchmarkResult& b = parsed.benchmarks[1];
  EXPECT_EQ(b.context.at("unit"), "\"byte\"");
  EXPECT_EQ(b.context.at("batch"), "1000");
  EXPECT_EQ(b.context.at("complexityN"), "1000");
  EXPECT_EQ(b.context.at("relative"), "1");
  EXPECT_EQ(b.context.at("median(elapsed)"), "0.00025");
  EXPECT_EQ(b.context.count("name"), 0u);
  EXPECT_EQ(b.context.count("measurements"), 0u);
}

TEST(NanobenchAdapter, ReadsAnOlderTemplateAndBareNan) {
  const Parsed p = read_fixture("older_template.json");
  ASSERT_THAT(names(p), ElementsAre("benchmark/push_back"));
  const BenchmarkResult& b = p.benchmarks[0];
  EXPECT_DOUBLE_EQ(b.repetitions[0].values.at("time"), 2.4);
  EXPECT_DOUBLE_EQ(b.repetitions[1].values.at("pagefaults"), 0.00014);
  EXPECT_EQ(b.repetitions[1].values.count("contextswitches"), 0u);
  EXPECT_EQ(b.context.at("medianAbsolutePercentError(instructions)"), "\"NaN\"");
  EXPECT_EQ(b.context.count("clockResolution"), 0u);
}

TEST(NanobenchAdapter, OnlyNameAndElapsedAreRequired) {
  const Parsed p = read_nanobench(
      text("{\"results\":[{\"name\":\"x\",\"measurements\":[{\"elapsed\":1e-6,\"note\":[1]}]}],"
           "\"machine\":\"ci-7\"}"));
  ASSERT_THAT(names(p), ElementsAre("x"));
  EXPECT_THAT(metric_names(p.benchmarks[0]), ElementsAre("time"));
  EXPECT_DOUBLE_EQ(p.benchmarks[0].repetitions[0].values.at("time"), 1000);
  EXPECT_EQ(p.benchmarks[0].context.at("note"), "[1]");
  EXPECT_EQ(p.context_json, "{\"machine\":\"ci-7\"}");
}

TEST(NanobenchAdapter, IsDetectedByResultsWithMedianElapsedAndMeasurements) {
  for (const char* f : {"results.json", "older_template.json"}) {
    const Input in = load_input(kDir + f);
    EXPECT_EQ(find("nanobench")->detect(in), Match::yes) << f;
    EXPECT_EQ(detect(in).name, "nanobench") << f;
  }
  EXPECT_EQ(find("nanobench")->detect(text("{\"results\":[{\"median(elapsed)\": 1}]}")),
            Match::maybe);
}

TEST(NanobenchAdapter, IsNotDetectedForOtherContent) {
  const Adapter& a = *find("nanobench");
  EXPECT_EQ(a.detect(text("{\"context\":{},\"benchmarks\":[{\"name\":\"x\"}]}")), Match::no);
  EXPECT_EQ(a.detect(text("{\"results\":[{\"command\":\"sleep 1\",\"times\":[1]}]}")), Match::no);
  EXPECT_EQ(a.detect(text("[{\"median(elapsed)\": 1, \"results\": 2}]")), Match::no);
  EXPECT_EQ(a.detect(text("benchmark,metric,value,unit\n")), Match::no);
  EXPECT_EQ(a.detect(Input{"dir", true, ""}), Match::no);
}

TEST(NanobenchAdapter, WrongTypesAndMissingFieldsNameTheJsonPath) {
  EXPECT_THAT(error_of("{\"results\":[{\"name\":\"x\",\"measurements\":[{\"elapsed\":1},"
                       "{\"elapsed\":\"abc\"}]}]}"),
              StartsWith("mem.json: results[0].measurements[1].elapsed: expected a number, "
                         "found \"abc\"; "));
  EXPECT_THAT(error_of("{\"results\":[{\"name\":\"x\"}]}"),
              StartsWith("mem.json: results[0]: missing required field \"measurements\"; "));
  EXPECT_THAT(error_of("{\"results\":[{\"measurements\":[]}]}"),
              StartsWith("mem.json: results[0]: missing required field \"name\"; "));
  EXPECT_THAT(error_of("{\"results\":{}}"),
              StartsWith("mem.json: results: expected an array, found an object"));
  EXPECT_THAT(error_of("[]"), StartsWith("mem.json: expected an object"));
  EXPECT_THAT(error_of("{\"results\":[{\"name\":\"\",\"title\":\"\",\"measurements\":[]}]}"),
              StartsWith("mem.json: results[0].name: the name is empty (and there is no title)"));
  EXPECT_THAT(error_of("{\"results\":[{\"name\":\"x\",\"batch\":0,\"measurements\":[]}]}"),
              StartsWith("mem.json: results[0].batch: expected a positive number of units"));
  EXPECT_THAT(error_of("{\"results\":[{\"name\":\"x\",\"measurements\":[{\"elapsed\":-nan}]}]}"),
              StartsWith("mem.json: results[0].measurements[0].elapsed: expected a finite time"));
  EXPECT_THAT(error_of("{\"results\":[{\"name\":\"x\",\"measurements\":[{\"elapsed\":1,"
                       "\"cpucycles\":inf}]}]}"),
              StartsWith("mem.json: results[0].measurements[0].cpucycles: expected a finite "
                         "number"));
}

TEST(NanobenchAdapter, MalformedJsonNamesLineAndColumn) {
  std::string truncated = load_input(kDir + "results.json").content.substr(0, 300);
  EXPECT_THAT(error_of(truncated), StartsWith("mem.json:12:16: not valid JSON: "));
  // nanobench does not escape names: a quote in a name breaks the JSON.
  EXPECT_THAT(error_of("{\n  \"results\": [\n    {\"name\": \"say \"hi\"\", \"measurements\": []}"
                       "\n  ]\n}"),
              StartsWith("mem.json:3:20: not valid JSON: "));
  EXPECT_THAT(error_of(""), StartsWith("mem.json: empty; expected nanobench JSON"));
  // A number beyond a double is not a parse error for nlohmann: still a message.
  EXPECT_EQ(error_of("{\"results\":[{\"name\":\"x\",\n\"measurements\":[{\"elapsed\":1.8e608}]}]}"),
            "mem.json:2:28: the number 1.8e608 is too large for a double; write numbers within "
            "±1.8e308");
}

TEST(NanobenchAdapter, BinaryGarbageIsAnInputErrorNotACrash) {
  std::mt19937 rng(11);
  for (int round = 0; round < 50; ++round) {
    std::string bytes = "{\"results\":[{\"name\":\"x\",\"measurements\":[";
    for (int i = 0; i < 200; ++i) bytes += static_cast<char>(rng() % 256);
    const std::string msg = error_of(bytes);
    EXPECT_THAT(msg, StartsWith("mem.json:"));
  }
}

// A ~50 MB file: 2,000 results of 100 measurements each.
TEST(NanobenchAdapter, ReadsAFiftyMegabyteFile) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("perfgate-nanobench-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "large.json").string();
  constexpr int kResults = 2000, kEpochs = 100;
  {
    std::ofstream out(path, std::ios::binary);
    out << "{\n    \"results\": [\n";
    for (int r = 0; r < kResults; ++r) {
      out << (r ? ",\n" : "") << "        {\n            \"title\": \"big\",\n"
          << "            \"name\": \"case " << r << "\",\n            \"unit\": \"op\",\n"
          << "            \"batch\": 2,\n            \"median(elapsed)\": 1e-06,\n"
          << "            \"measurements\": [\n";
      for (int e = 0; e < kEpochs; ++e) {
        out << (e ? ",\n" : "") << "                {\n"
            << "                    \"iterations\": " << 1000 + e << ",\n"
            << "                    \"elapsed\": " << (r + 1) << "e-06,\n"
            << "                    \"pagefaults\": 0,\n"
            << "                    \"cpucycles\": 3120.5,\n"
            << "                    \"contextswitches\": 0,\n"
            << "                    \"instructions\": 4410.25,\n"
            << "                    \"branchinstructions\": 801,\n"
            << "                    \"branchmisses\": 2.5\n"
            << "                }";
      }
      out << "\n            ]\n        }";
    }
    out << "\n    ]\n}\n";
  }
  EXPECT_GT(std::filesystem::file_size(path), 45u << 20);
  const Input in = load_input(path);
  EXPECT_EQ(detect(in).name, "nanobench");
  const Parsed p = read_nanobench(in);
  std::filesystem::remove_all(dir);

  ASSERT_EQ(p.benchmarks.size(), static_cast<std::size_t>(kResults));
  const BenchmarkResult& last = p.benchmarks.back();
  EXPECT_EQ(last.name, "big/case 1999");
  ASSERT_EQ(last.repetitions.size(), static_cast<std::size_t>(kEpochs));
  EXPECT_DOUBLE_EQ(last.repetitions[99].values.at("time"), 1e6);  // 2 ms per iteration / batch 2
  EXPECT_DOUBLE_EQ(last.repetitions[99].values.at("instructions"), 2205.125);
}

}  // namespace
}  // namespace perfgate::adapters
