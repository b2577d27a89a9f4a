#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
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

const std::string fixtures = PERFGATE_SOURCE_DIR "/tests/fixtures/hyperfine/";

Input fixture(const std::string& name) { return load_input(fixtures + name); }

Input text(const std::string& content, const std::string& path = "bench.json") {
  return Input{path, false, content};
}

json file_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// A fresh folder for one test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("perfgate-hyperfine-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Every run's wall time equals the file's `times` entry in ns, run by run;
// failed runs carry no value.
void expect_times_match(const BenchmarkResult& b, const json& result) {
  const json& times = result.at("times");
  ASSERT_EQ(b.repetitions.size(), times.size()) << b.name;
  for (std::size_t k = 0; k < times.size(); ++k) {
    const Repetition& rep = b.repetitions[k];
    EXPECT_EQ(rep.index, static_cast<int>(k));
    if (rep.ok) {
      EXPECT_EQ(rep.values.at("wall_time"), times[k].get<double>() * 1e9) << b.name << " run " << k;
    } else {
      EXPECT_TRUE(rep.values.empty()) << b.name << " run " << k;
    }
  }
}

TEST(Hyperfine, RealExportWithParametersAndFailingCommandsIsReadRunByRun) {
  const Input in = fixture("params-and-failures.json");
  const Parsed p = hyperfine::read(in);
  const json doc = file_json(in.path);

  ASSERT_EQ(p.benchmarks.size(), 4u);
  EXPECT_EQ(p.benchmarks[0].name, "sleep 0.001");
  EXPECT_EQ(p.benchmarks[1].name, "sh -c 'exit 1'");
  EXPECT_EQ(p.benchmarks[2].name, "sleep 0.002");
  EXPECT_EQ(p.benchmarks[3].name, "sh -c 'exit 2'");
  for (std::size_t i = 0; i < 4; ++i) expect_times_match(p.benchmarks[i], doc["results"][i]);

  const BenchmarkResult& ok = p.benchmarks[0];
  EXPECT_EQ(ok.failed_count(), 0);
  EXPECT_EQ(ok.context.at("parameters"), R"({"ms":"1"})");
  const MetricInfo* wall = ok.find_metric("wall_time");
  ASSERT_NE(wall, nullptr);
  EXPECT_EQ(wall->unit, "ns");
  EXPECT_EQ(wall->direction, Direction::lower_is_better);
  EXPECT_TRUE(wall->compared);

  const BenchmarkResult& failing = p.benchmarks[3];
  EXPECT_EQ(failing.failed_count(), 4);
  EXPECT_EQ(failing.repetitions[2].failure,
            "hyperfine reported an error: command exited with status 2");
  EXPECT_EQ(failing.repetitions[2].exit_status, 2);
  EXPECT_EQ(failing.context.at("parameters"), R"({"ms":"2"})");
}

TEST(Hyperfine, UserAndSystemTimeAreUnjudgedSummariesOfTheMeans) {
  const Input in = fixture("params-and-failures.json");
  const Parsed p = hyperfine::read(in);
  const json r0 = file_json(in.path)["results"][0];
  const BenchmarkResult& b = p.benchmarks[0];

  for (const char* metric : {"user_time", "system_time"}) {
    const MetricInfo* m = b.find_metric(metric);
    ASSERT_NE(m, nullptr) << metric;
    EXPECT_EQ(m->unit, "ns");
    EXPECT_FALSE(m->compared) << metric;
    for (const Repetition& rep : b.repetitions) EXPECT_EQ(rep.values.count(metric), 0u);
  }
  const SampleSummary& user = b.summaries.at("user_time");
  EXPECT_EQ(user.mean, r0["user"].get<double>() * 1e9);
  EXPECT_EQ(user.n, 4);
  EXPECT_FALSE(user.stddev.has_value());
  EXPECT_EQ(b.summaries.at("system_time").mean, r0["system"].get<double>() * 1e9);
  // wall_time has raw samples, so it is no summary.
  EXPECT_EQ(b.summaries.count("wall_time"), 0u);
  // Statistics the samples already give are not kept twice.
  EXPECT_EQ(b.context.count("mean"), 0u);
  EXPECT_EQ(b.context.count("times"), 0u);
}

TEST(Hyperfine, ExportWrittenByTheRealToolInThisTestIsReadExactly) {
  ASSERT_EQ(std::system("command -v hyperfine >/dev/null 2>&1"), 0)
      << "hyperfine is not installed; scripts/install-deps.sh installs it";
  TempDir dir;
  const fs::path out = dir.path / "export.json";
  // Two parameter values; the failing command does not use the parameter, so
  // hyperfine writes the same command twice. -N (no shell): with a shell,
  // hyperfine subtracts the shell's start-up time and a fast run can read 0.
  const std::string cmd = "hyperfine -N --style none --runs 5 --ignore-failure --export-json '" +
                          out.string() +
                          "' --parameter-list n 1,2 'sleep 0.00{n}' \"sh -c 'exit 3'\" "
                          ">/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  const Input in = load_input(out.string());
  EXPECT_EQ(detect(in).name, "hyperfine");
  const Parsed p = hyperfine::read(in);
  const json doc = file_json(out.string());
  ASSERT_EQ(p.benchmarks.size(), 4u);
  EXPECT_EQ(p.benchmarks[0].name, "sleep 0.001");
  EXPECT_EQ(p.benchmarks[1].name, "sh -c 'exit 3' (n = 1)");
  EXPECT_EQ(p.benchmarks[2].name, "sleep 0.002");
  EXPECT_EQ(p.benchmarks[3].name, "sh -c 'exit 3' (n = 2)");
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_EQ(p.benchmarks[i].repetitions.size(), 5u);
    expect_times_match(p.benchmarks[i], doc["results"][i]);
  }
  EXPECT_EQ(p.benchmarks[0].failed_count(), 0);
  EXPECT_EQ(p.benchmarks[0].samples("wall_time").size(), 5u);
  EXPECT_EQ(p.benchmarks[1].failed_count(), 5);
  EXPECT_EQ(p.benchmarks[1].repetitions[4].failure,
            "hyperfine reported an error: command exited with status 3");
  EXPECT_EQ(p.benchmarks[3].failed_count(), 5);
  // A sleep of 1 ms cannot take less than 1 ms: the seconds became nanoseconds.
  for (double ns : p.benchmarks[0].samples("wall_time")) EXPECT_GE(ns, 1e6);
}

TEST(Hyperfine, CommandNamesAreKeptByteForByte) {
  const Parsed p = hyperfine::read(fixture("unicode-names.json"));
  ASSERT_EQ(p.benchmarks.size(), 2u);
  EXPECT_EQ(p.benchmarks[0].name, "na\xC3\xAFve/\xC3\xBCtf-8 \xE2\x9C\x93");
  EXPECT_EQ(p.benchmarks[1].name, "sort | uniq \xE2\x98\x83");
  EXPECT_EQ(p.benchmarks[1].repetitions.size(), 3u);
}

TEST(Hyperfine, RepeatedCommandsGetTheirParametersThenANumber) {
  // hyperfine 1.15: `--parameter-list unused a,b true true` writes "true" four times.
  const Parsed p = hyperfine::read(fixture("duplicates.json"));
  ASSERT_EQ(p.benchmarks.size(), 4u);
  EXPECT_EQ(p.benchmarks[0].name, "true (unused = a)");
  EXPECT_EQ(p.benchmarks[1].name, "true (unused = a) #2");
  EXPECT_EQ(p.benchmarks[2].name, "true (unused = b)");
  EXPECT_EQ(p.benchmarks[3].name, "true (unused = b) #2");
}

TEST(Hyperfine, OlderFileWithoutExitCodesCountsEveryRunAsSuccessful) {
  const Parsed p = hyperfine::read(fixture("handmade-old-no-exit-codes.json"));
  ASSERT_EQ(p.benchmarks.size(), 1u);
  const BenchmarkResult& b = p.benchmarks[0];
  EXPECT_EQ(b.name, "grep -r TODO src/");
  EXPECT_EQ(b.failed_count(), 0);
  EXPECT_EQ(b.samples("wall_time"),
            (std::vector<double>{0.0203 * 1e9, 0.0211 * 1e9, 0.0215 * 1e9, 0.0231 * 1e9}));
  EXPECT_TRUE(b.context.empty());
  EXPECT_EQ(b.summaries.at("user_time").n, 4);
}

TEST(Hyperfine, FileWithoutTimesGivesSummariesAndFailuresNeverInventedSamples) {
  const Parsed p = hyperfine::read(fixture("handmade-summary-only.json"));
  ASSERT_EQ(p.benchmarks.size(), 2u);
  const BenchmarkResult& one = p.benchmarks[0];
  EXPECT_TRUE(one.repetitions.empty());
  ASSERT_NE(one.find_metric("wall_time"), nullptr);
  const SampleSummary& s1 = one.summaries.at("wall_time");
  EXPECT_EQ(s1.mean, 12.5e9);
  EXPECT_FALSE(s1.stddev.has_value());  // null for a single run
  EXPECT_EQ(s1.n, 1);

  const BenchmarkResult& three = p.benchmarks[1];
  const SampleSummary& s3 = three.summaries.at("wall_time");
  EXPECT_EQ(s3.mean, 20.0e9);
  EXPECT_EQ(s3.stddev, 0.5e9);
  EXPECT_EQ(s3.n, 3);
  EXPECT_EQ(s3.median, 19.875e9);
  EXPECT_EQ(s3.min, 19.5e9);
  EXPECT_EQ(s3.max, 20.75e9);
  EXPECT_EQ(three.summaries.at("user_time").mean, 70.0e9);
  // Its second run exited with 2: a failure, with no invented value.
  ASSERT_EQ(three.repetitions.size(), 1u);
  EXPECT_FALSE(three.repetitions[0].ok);
  EXPECT_EQ(three.repetitions[0].exit_status, 2);
  EXPECT_TRUE(three.repetitions[0].values.empty());
}

TEST(Hyperfine, SeveralSummaryOnlyFilesGiveOneSamplePerFileWhenIngested) {
  const Input a = fixture("handmade-summary-only.json");
  const perfgate::Run run = ingest({a, a, a}, "auto");
  ASSERT_EQ(run.benchmarks.size(), 2u);
  EXPECT_EQ(run.benchmarks[0].samples("wall_time"), (std::vector<double>{12.5e9, 12.5e9, 12.5e9}));
  EXPECT_TRUE(run.benchmarks[0].summaries.empty());
  // The run that failed in each file stays a failure beside the file's mean.
  EXPECT_EQ(run.benchmarks[1].failed_count(), 3);
  EXPECT_EQ(run.benchmarks[1].samples("wall_time"), (std::vector<double>{20e9, 20e9, 20e9}));
  EXPECT_EQ(run.sources[2].format, "hyperfine");
}

TEST(Hyperfine, MemoryUsageSignalsAndUnknownFieldsAreKept) {
  const Parsed p = hyperfine::read(fixture("handmade-memory-and-signal.json"));
  ASSERT_EQ(p.benchmarks.size(), 1u);
  const BenchmarkResult& b = p.benchmarks[0];
  const MetricInfo* rss = b.find_metric("peak_rss");
  ASSERT_NE(rss, nullptr);
  EXPECT_EQ(rss->unit, "bytes");
  EXPECT_FALSE(rss->compared);
  EXPECT_EQ(b.samples("peak_rss"), (std::vector<double>{10485760, 10485760}));
  EXPECT_EQ(b.samples("wall_time"), (std::vector<double>{0.2 * 1e9, 0.25 * 1e9}));

  const Repetition& killed = b.repetitions[1];
  EXPECT_FALSE(killed.ok);
  EXPECT_FALSE(killed.exit_status.has_value());
  EXPECT_EQ(killed.failure,
            "hyperfine reported an error: command ended without an exit code (killed by a signal)");

  EXPECT_EQ(b.context.at("parameters"), R"({"mode":"fast","threads":"4"})");
  EXPECT_EQ(b.context.at("future_field"), R"({"added":"later"})");
  EXPECT_EQ(json::parse(p.context_json)["metadata"]["platform"]["os"], "Linux");
}

TEST(Hyperfine, DetectsEveryFixtureAndNothingElse) {
  for (const char* name : {"params-and-failures.json", "unicode-names.json", "duplicates.json",
                           "handmade-old-no-exit-codes.json", "handmade-summary-only.json",
                           "handmade-memory-and-signal.json"}) {
    EXPECT_EQ(hyperfine::detect(fixture(name)), Match::yes) << name;
    EXPECT_EQ(detect(fixture(name)).name, "hyperfine") << name;
  }
  // nanobench also writes {"results": [...]}, without "command".
  EXPECT_EQ(hyperfine::detect(text(R"j({"results": [{"name": "x", "median(elapsed)": 1e-9}]})j")),
            Match::no);
  // The word as a string value is no member.
  EXPECT_EQ(hyperfine::detect(text(R"({"name": "results", "x": ["command"]})")), Match::no);
  EXPECT_EQ(hyperfine::detect(text(R"([{"results": [], "command": "x"}])")), Match::no);
  EXPECT_EQ(hyperfine::detect(Input{fixtures, true, ""}), Match::no);
  EXPECT_EQ(hyperfine::detect(text("")), Match::no);
}

TEST(Hyperfine, TruncatedFileNamesTheLineAndColumn) {
  const std::string msg = input_error_message(
      [] { hyperfine::read(text("{\n  \"results\": [\n    {\"command\": \"x\",", "cut.json")); });
  EXPECT_EQ(msg.rfind("cut.json:3:", 0), 0u) << msg;
  EXPECT_NE(msg.find("not valid JSON"), std::string::npos) << msg;
}

TEST(Hyperfine, WrongTypesNameTheJsonPath) {
  EXPECT_EQ(input_error_message([] {
              hyperfine::read(text(R"({"results": [{"command": "a", "times": [0.1, "fast"]}]})"));
            }).rfind("bench.json: results[0].times[1]: expected a number, found \"fast\"", 0),
            0u);
  EXPECT_EQ(input_error_message([] {
              hyperfine::read(text(R"({"results": [{"command": 7, "times": [0.1]}]})"));
            }).rfind("bench.json: results[0].command: expected a string, found 7", 0),
            0u);
  EXPECT_EQ(input_error_message([] {
              hyperfine::read(
                  text(R"({"results": [{"command": "a", "times": [0.1], "exit_codes": [0.5]}]})"));
            }).rfind("bench.json: results[0].exit_codes[0]: expected a whole number", 0),
            0u);
  EXPECT_EQ(input_error_message([] {
              hyperfine::read(text(R"({"results": {}})"));
            }).rfind("bench.json: results: expected an array", 0),
            0u);
}

TEST(Hyperfine, MissingFieldsAndMismatchedRunsAreErrors) {
  std::string msg = input_error_message([] { hyperfine::read(text(R"({"runs": []})")); });
  EXPECT_EQ(msg.rfind("bench.json: missing required field \"results\"", 0), 0u) << msg;
  msg = input_error_message([] { hyperfine::read(text(R"({"results": [{"times": [1]}]})")); });
  EXPECT_EQ(msg.rfind("bench.json: results[0]: missing required field \"command\"", 0), 0u) << msg;
  // Neither times nor mean: nothing to read.
  msg = input_error_message([] { hyperfine::read(text(R"({"results": [{"command": "a"}]})")); });
  EXPECT_EQ(msg.rfind("bench.json: results[0]: missing required field \"mean\"", 0), 0u) << msg;
  msg = input_error_message([] {
    hyperfine::read(text(R"({"results": [{"command": "a", "times": [1, 2], "exit_codes": [0]}]})"));
  });
  EXPECT_EQ(msg.rfind("bench.json: results[0].exit_codes: has 1 entries but \"times\" has 2", 0),
            0u)
      << msg;
}

TEST(Hyperfine, BinaryGarbageIsAnInputError) {
  const std::string garbage("\x00\xff{\x01\"results\"\x80", 10);
  const std::string msg = input_error_message([&] { hyperfine::read(text(garbage)); });
  EXPECT_EQ(msg.rfind("bench.json:", 0), 0u) << msg;
  EXPECT_EQ(hyperfine::detect(text(garbage)), Match::no);
}

}  // namespace
}  // namespace perfgate::adapters
