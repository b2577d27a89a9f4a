#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/adapter.hpp"
#include "adapters/formats.hpp"
#include "adapters/ingest.hpp"
#include "support/expect_error.hpp"

namespace perfgate::adapters {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test_support::input_error_message;

const std::string fixtures = PERFGATE_SOURCE_DIR "/tests/fixtures/pytest-benchmark/";

Input fixture(const std::string& name) { return load_input(fixtures + name); }

Input text(const std::string& content, const std::string& path = "bench.json") {
  return Input{path, false, content};
}

json file_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// A minimal valid file around one benchmark object's text.
std::string with_benchmark(const std::string& bench) {
  return R"({"machine_info": {}, "benchmarks": [)" + bench + "]}";
}

TEST(PytestBenchmark, BenchmarkJsonWithDataGivesOneSamplePerRound) {
  const Input in = fixture("benchmark-json-with-data.json");
  const Parsed p = pytest_benchmark::read(in);
  const json doc = file_json(in.path);

  ASSERT_EQ(p.benchmarks.size(), 4u);
  EXPECT_EQ(p.benchmarks[0].name, "test_fix.py::test_sum");
  EXPECT_EQ(p.benchmarks[1].name, "test_fix.py::test_encode[ascii]");
  EXPECT_EQ(p.benchmarks[3].name, "test_fix.py::test_pedantic");
  for (std::size_t i = 0; i < p.benchmarks.size(); ++i) {
    const BenchmarkResult& b = p.benchmarks[i];
    const json& stats = doc["benchmarks"][i]["stats"];
    const json& data = stats["data"];
    ASSERT_EQ(b.repetitions.size(), stats["rounds"].get<std::size_t>()) << b.name;
    ASSERT_EQ(b.repetitions.size(), data.size()) << b.name;
    for (std::size_t k = 0; k < data.size(); ++k) {
      EXPECT_EQ(b.repetitions[k].index, static_cast<int>(k));
      EXPECT_TRUE(b.repetitions[k].ok);
      EXPECT_EQ(b.repetitions[k].values.at("time"), data[k].get<double>() * 1e9) << b.name;
    }
    EXPECT_TRUE(b.summaries.empty()) << b.name;
    ASSERT_EQ(b.metrics.size(), 1u);
    EXPECT_EQ(b.metrics[0].name, "time");
    EXPECT_EQ(b.metrics[0].unit, "ns");
    EXPECT_EQ(b.metrics[0].direction, Direction::lower_is_better);
    EXPECT_TRUE(b.metrics[0].compared);
  }
  // pedantic(rounds=7, iterations=3): seven samples, each a round's time / 3.
  EXPECT_EQ(p.benchmarks[3].repetitions.size(), 7u);
}

TEST(PytestBenchmark, ContextKeepsGroupParamsExtraInfoAndStatisticsWithoutData) {
  const Parsed p = pytest_benchmark::read(fixture("benchmark-json-with-data.json"));
  const BenchmarkResult& encode = p.benchmarks[1];
  EXPECT_EQ(encode.context.at("group"), R"("codec/encode")");
  EXPECT_EQ(encode.context.at("params"), R"({"text":"ascii"})");
  EXPECT_EQ(encode.context.at("param"), R"("ascii")");
  EXPECT_EQ(encode.context.at("extra_info"), R"({"length":5})");
  EXPECT_EQ(encode.context.at("name"), R"("test_encode[ascii]")");
  EXPECT_NE(encode.context.at("options").find(R"("timer":"perf_counter")"), std::string::npos);
  const json stats = json::parse(encode.context.at("stats"));
  EXPECT_FALSE(stats.contains("data"));
  EXPECT_TRUE(stats.contains("ops"));
  EXPECT_TRUE(stats.contains("iterations"));
  EXPECT_EQ(encode.context.count("fullname"), 0u);

  const json file = json::parse(p.context_json);
  EXPECT_EQ(file["version"], "3.2.2");
  EXPECT_EQ(file["machine_info"]["machine"], "x86_64");
  EXPECT_EQ(file["commit_info"]["project"], "pyb");
  EXPECT_TRUE(file.contains("datetime"));
  EXPECT_FALSE(file.contains("benchmarks"));
}

TEST(PytestBenchmark, NamesWithEscapesSlashesAndUnicodeParamsAreKeptByteForByte) {
  const Parsed p = pytest_benchmark::read(fixture("benchmark-json-with-data.json"));
  // pytest itself escapes non-ASCII in test ids; the id is kept as pytest wrote it.
  EXPECT_EQ(p.benchmarks[2].name, R"(test_fix.py::test_encode[na\xefve/\xfctf-8 \u2713])");
  // The parameter's value is real UTF-8 (\u escapes in the file).
  EXPECT_EQ(p.benchmarks[2].context.at("params"),
            "{\"text\":\"na\xC3\xAFve/\xC3\xBCtf-8 \xE2\x9C\x93\"}");
}

TEST(PytestBenchmark, SavedWithoutDataGivesSummariesNeverInventedSamples) {
  const Input in = fixture("saved-without-data.json");
  const Parsed p = pytest_benchmark::read(in);
  const json doc = file_json(in.path);
  ASSERT_EQ(p.benchmarks.size(), 4u);
  for (std::size_t i = 0; i < p.benchmarks.size(); ++i) {
    const BenchmarkResult& b = p.benchmarks[i];
    const json& stats = doc["benchmarks"][i]["stats"];
    EXPECT_TRUE(b.repetitions.empty()) << b.name;
    ASSERT_NE(b.find_metric("time"), nullptr);
    const SampleSummary& s = b.summaries.at("time");
    EXPECT_EQ(s.mean, stats["mean"].get<double>() * 1e9);
    EXPECT_EQ(s.stddev, stats["stddev"].get<double>() * 1e9);
    EXPECT_EQ(s.n, stats["rounds"].get<int>());
    EXPECT_EQ(s.median, stats["median"].get<double>() * 1e9);
    EXPECT_EQ(s.min, stats["min"].get<double>() * 1e9);
    EXPECT_EQ(s.max, stats["max"].get<double>() * 1e9);
  }
  EXPECT_EQ(p.benchmarks[0].name, "test_fix.py::test_sum");
}

TEST(PytestBenchmark, FilesBefore3_0HaveOnlyANameAndOneRoundHasNoSpread) {
  const Parsed p = pytest_benchmark::read(fixture("handmade-pre-3.0-no-fullname.json"));
  ASSERT_EQ(p.benchmarks.size(), 1u);
  const BenchmarkResult& b = p.benchmarks[0];
  EXPECT_EQ(b.name, "test_parse");
  EXPECT_EQ(b.context.count("name"), 0u);  // it is the name
  const SampleSummary& s = b.summaries.at("time");
  EXPECT_EQ(s.mean, 0.0002 * 1e9);
  EXPECT_EQ(s.n, 1);
  EXPECT_FALSE(s.stddev.has_value());  // the file's 0.00005 describes no spread of one round
}

TEST(PytestBenchmark, FiftyMegabyteFileParsesCompletely) {
  // 2,000 benchmarks of 100 rounds each, with a 24 KiB extra_info apiece: as
  // large as a long CI session's --benchmark-json, without 2 million samples.
  const fs::path path =
      fs::temp_directory_path() / ("perfgate-pytest-large-" + std::to_string(::getpid()) + ".json");
  const std::string blob(24 * 1024, 'x');
  {
    std::ofstream out(path, std::ios::binary);
    out << std::setprecision(17);
    out << R"({"machine_info": {"node": "big"}, "commit_info": {}, "benchmarks": [)";
    for (int i = 0; i < 2000; ++i) {
      out << (i ? "," : "") << R"({"group": "g/)" << i % 7 << R"(", "name": "test_big[)" << i
          << R"(]", "fullname": "tests/test_big.py::test_big[)" << i << R"(]", "params": {"i": )"
          << i << R"(}, "extra_info": {"blob": ")" << blob
          << R"("}, "stats": {"mean": 0.001, "rounds": 100, "data": [)";
      for (int k = 0; k < 100; ++k) out << (k ? "," : "") << (i + 1) * 1e-6 + k * 1e-9;
      out << "]}}";
    }
    out << R"(], "datetime": "2026-11-23T00:00:00", "version": "4.0.0"})";
  }
  const Input in = load_input(path.string());
  fs::remove(path);
  ASSERT_GT(in.content.size(), 50u * 1000 * 1000);
  EXPECT_EQ(detect(in).name, "pytest-benchmark");

  const Parsed p = pytest_benchmark::read(in);
  ASSERT_EQ(p.benchmarks.size(), 2000u);
  EXPECT_EQ(p.benchmarks[1999].name, "tests/test_big.py::test_big[1999]");
  ASSERT_EQ(p.benchmarks[1999].repetitions.size(), 100u);
  EXPECT_EQ(p.benchmarks[1999].repetitions[99].values.at("time"), (2000 * 1e-6 + 99 * 1e-9) * 1e9);
  EXPECT_EQ(p.benchmarks[1234].context.at("extra_info").size(), blob.size() + 11);
}

TEST(PytestBenchmark, DetectsEveryFixtureAndNothingElse) {
  for (const char* name : {"benchmark-json-with-data.json", "saved-without-data.json",
                           "handmade-pre-3.0-no-fullname.json"}) {
    EXPECT_EQ(pytest_benchmark::detect(fixture(name)), Match::yes) << name;
    EXPECT_EQ(detect(fixture(name)).name, "pytest-benchmark") << name;
  }
  // Google Benchmark JSON with a benchmark that happens to be called machine_info.
  EXPECT_EQ(pytest_benchmark::detect(text(
                R"({"context": {}, "benchmarks": [{"name": "machine_info", "real_time": 1}]})")),
            Match::no);
  EXPECT_EQ(pytest_benchmark::detect(text(R"({"results": [{"command": "x"}]})")), Match::no);
  EXPECT_EQ(pytest_benchmark::detect(Input{fixtures, true, ""}), Match::no);
  EXPECT_EQ(pytest_benchmark::detect(text("\xEF\xBB\xBF  ")), Match::no);
}

TEST(PytestBenchmark, TruncatedFileNamesTheLineAndColumn) {
  const std::string msg = input_error_message([] {
    pytest_benchmark::read(
        text("{\n    \"machine_info\": {},\n    \"benchmarks\": [\n        {", "cut.json"));
  });
  EXPECT_EQ(msg.rfind("cut.json:4:", 0), 0u) << msg;
  EXPECT_NE(msg.find("not valid JSON"), std::string::npos) << msg;
}

TEST(PytestBenchmark, WrongTypesAndMissingFieldsNameTheJsonPath) {
  std::string msg = input_error_message([] {
    pytest_benchmark::read(text(with_benchmark(
        R"({"fullname": "t::a", "stats": {"mean": 1, "data": [0.1, 0.2, "slow"]}})")));
  });
  EXPECT_EQ(
      msg.rfind("bench.json: benchmarks[0].stats.data[2]: expected a number, found \"slow\"", 0),
      0u)
      << msg;
  msg = input_error_message(
      [] { pytest_benchmark::read(text(with_benchmark(R"({"fullname": "t::a"})"))); });
  EXPECT_EQ(msg.rfind("bench.json: benchmarks[0]: missing required field \"stats\"", 0), 0u) << msg;
  msg = input_error_message([] {
    pytest_benchmark::read(text(with_benchmark(R"({"fullname": "t::a", "stats": {"rounds": 3}})")));
  });
  EXPECT_EQ(msg.rfind("bench.json: benchmarks[0].stats: missing required field \"mean\"", 0), 0u)
      << msg;
  msg = input_error_message(
      [] { pytest_benchmark::read(text(with_benchmark(R"({"stats": {"mean": 1}})"))); });
  EXPECT_EQ(msg.rfind("bench.json: benchmarks[0]: missing required field \"name\"", 0), 0u) << msg;
  msg = input_error_message([] {
    pytest_benchmark::read(
        text(with_benchmark(R"({"fullname": "t::a", "stats": {"mean": 1, "rounds": -2}})")));
  });
  EXPECT_EQ(msg.rfind("bench.json: benchmarks[0].stats.rounds: expected a whole number >= 0", 0),
            0u)
      << msg;
  msg = input_error_message(
      [] { pytest_benchmark::read(text(R"({"machine_info": {}, "benchmarks": {}})")); });
  EXPECT_EQ(msg.rfind("bench.json: benchmarks: expected an array", 0), 0u) << msg;
}

TEST(PytestBenchmark, ABenchmarkNamedTwiceIsAnError) {
  const std::string msg = input_error_message([] {
    pytest_benchmark::read(text(R"({"machine_info": {}, "benchmarks": [
        {"fullname": "t::a", "stats": {"mean": 1}},
        {"fullname": "t::a", "stats": {"mean": 2}}]})"));
  });
  EXPECT_EQ(msg.rfind("bench.json: benchmarks[1]: benchmark \"t::a\" appears twice (also "
                      "benchmarks[0])",
                      0),
            0u)
      << msg;
}

TEST(PytestBenchmark, BinaryGarbageIsAnInputError) {
  const std::string garbage("{\"machine_info\": {\x00\x9f\xff", 20);
  const std::string msg = input_error_message([&] { pytest_benchmark::read(text(garbage)); });
  EXPECT_EQ(msg.rfind("bench.json:", 0), 0u) << msg;
}

}  // namespace
}  // namespace perfgate::adapters
