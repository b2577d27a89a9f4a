#include "support/expect_error.hpp"
#include "model/run_json.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "model/error.hpp"
#include "model/run_testing.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test_support::expect_same_run;
using test_support::make_full_run;
using test_support::make_minimal_run;

using test_support::input_error_message;

json full_document() { return json::parse(run_to_json(make_full_run())); }

std::string parse_error_of(const json& doc, const std::string& origin = "run.json") {
  return input_error_message([&] { run_from_json(doc.dump(), origin); });
}

class RunFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "perfgate-run-json-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST(RunJson, FullyPopulatedRunRoundTripsEveryField) {
  const perfgate::Run run = make_full_run();
  expect_same_run(run, run_from_json(run_to_json(run, true), "pretty"));
  expect_same_run(run, run_from_json(run_to_json(run, false), "compact"));
}

TEST(RunJson, RunWithEveryOptionalUnsetRoundTripsAsUnset) {
  const perfgate::Run run = make_minimal_run();
  const perfgate::Run back = run_from_json(run_to_json(run), "minimal");
  expect_same_run(run, back);
  EXPECT_FALSE(back.environment.cpu_mhz.has_value());
  EXPECT_FALSE(back.environment.boost.has_value());
  EXPECT_FALSE(back.environment.load_average_1m.has_value());
  EXPECT_FALSE(back.environment.git.dirty.has_value());
  EXPECT_FALSE(back.benchmarks[0].repetitions[0].exit_status.has_value());
  EXPECT_FALSE(back.benchmarks[0].repetitions[0].signal.has_value());
}

TEST(RunJson, DoublesRoundTripBitForBitIncludingNonFinite) {
  perfgate::Run run = make_minimal_run();
  auto& values = run.benchmarks[0].repetitions[0].values;
  values = {{"a", 0.1},
            {"b", std::nextafter(1.0, 2.0)},
            {"c", 1e-310},
            {"d", -0.0},
            {"e", std::numeric_limits<double>::quiet_NaN()},
            {"f", std::numeric_limits<double>::infinity()},
            {"g", -std::numeric_limits<double>::infinity()},
            {"h", 123456789012345678.0}};
  const std::string text = run_to_json(run);
  EXPECT_NE(text.find("\"Infinity\""), std::string::npos);
  EXPECT_NE(text.find("\"-Infinity\""), std::string::npos);
  EXPECT_NE(text.find("\"NaN\""), std::string::npos);
  const perfgate::Run back = run_from_json(text, "doubles");
  expect_same_run(run, back);
  EXPECT_TRUE(std::signbit(back.benchmarks[0].repetitions[0].values.at("d")));
}

TEST(RunJson, DocumentHasTheDocumentedShape) {
  const json doc = full_document();
  EXPECT_EQ(doc.at("schema_version"), 1);
  EXPECT_EQ(doc.at("tool").at("name"), "perfgate");
  EXPECT_FALSE(doc.at("tool").at("version").get<std::string>().empty());
  EXPECT_EQ(doc.at("suite").at("path"), "bench/perfgate.toml");
  EXPECT_EQ(doc.at("gate").at("fail_on"), "critical");
  EXPECT_EQ(doc.at("gate").at("non_gating"), true);
  EXPECT_EQ(doc.at("gate").at("fail_on_regression"), false);  // non-gating never fails
  EXPECT_EQ(doc.at("environment").at("git").at("branch"), "feature/fast-gemm");
  EXPECT_EQ(doc.at("preflight").at(1).at("status"), "warning");
  EXPECT_EQ(doc.at("preflight").at(1).at("check"), "governor");
  const json& gemm = doc.at("benchmarks").at(0);
  EXPECT_EQ(gemm.at("threshold"), 0.025);  // the lower-is-better warning limit
  EXPECT_EQ(gemm.at("limits").at("lower").at("warning"), 0.025);
  EXPECT_EQ(gemm.at("limits").at("lower").at("critical"), 0.05);
  EXPECT_EQ(gemm.at("limits").at("higher").at("warning"), 0.08);
  const json& budget = gemm.at("budgets").at(0);
  EXPECT_EQ(budget.at("metric"), "wall_time");
  EXPECT_TRUE(budget.at("percentile").is_null());  // the median
  EXPECT_EQ(budget.at("max"), 350000.5);
  EXPECT_TRUE(budget.at("min").is_null());
  EXPECT_EQ(gemm.at("budgets").at(1).at("percentile"), 99.9);
  EXPECT_EQ(gemm.at("budgets").at(2).at("min"), 0.1 + 0.7);
  EXPECT_EQ(gemm.at("budgets").at(3).at("max"), "Infinity");
  // mvp and target only where set, so older budgets keep their shape.
  EXPECT_FALSE(budget.contains("mvp"));
  EXPECT_EQ(gemm.at("budgets").at(4).at("mvp"), 6e10);
  EXPECT_EQ(gemm.at("budgets").at(4).at("target"), 0.1 + 0.2);
  EXPECT_TRUE(gemm.at("budgets").at(4).at("max").is_null());
  EXPECT_EQ(gemm.at("metrics").at(2).at("direction"), "higher");
  EXPECT_EQ(gemm.at("metrics").at(1).at("compared"), false);
  EXPECT_EQ(gemm.at("repetitions").at(0).at("values").at("wall_time"), 301234.5);
  EXPECT_FALSE(gemm.at("repetitions").at(0).contains("failure"));
  EXPECT_FALSE(gemm.at("repetitions").at(0).contains("signal"));
  EXPECT_EQ(gemm.at("repetitions").at(1).at("signal"), 9);

  const json minimal = json::parse(run_to_json(make_minimal_run()));
  EXPECT_TRUE(minimal.at("gate").at("fail_on").is_null()) << "the suite did not say";
  EXPECT_EQ(minimal.at("benchmarks").at(0).at("budgets"), json::array());
  EXPECT_TRUE(minimal.at("environment").at("cpu_mhz").is_null());
  EXPECT_TRUE(minimal.at("environment").at("boost").is_null());
  EXPECT_TRUE(minimal.at("environment").at("load_average_1m").is_null());
  EXPECT_TRUE(minimal.at("environment").at("git").at("dirty").is_null());
}

TEST(RunJson, FailOnRegressionTellsOlderReadersWhetherTheGateCanFail) {
  auto written = [](FailOn fail_on, bool non_gating) {
    perfgate::Run run = make_minimal_run();
    run.gate = {fail_on, non_gating};
    return json::parse(run_to_json(run)).at("gate").at("fail_on_regression").get<bool>();
  };
  EXPECT_TRUE(written(FailOn::warning, false));
  EXPECT_TRUE(written(FailOn::critical, false));
  EXPECT_TRUE(written(FailOn::any, false));
  EXPECT_FALSE(written(FailOn::never, false));
  EXPECT_FALSE(written(FailOn::warning, true));
}

TEST(RunJson, EveryFailOnValueRoundTrips) {
  for (FailOn f : {FailOn::never, FailOn::critical, FailOn::warning, FailOn::any}) {
    perfgate::Run run = make_minimal_run();
    run.gate.fail_on = f;
    EXPECT_EQ(run_from_json(run_to_json(run), "gate.json").gate.fail_on, f) << to_string(f);
  }
}

// A result file as perfgate wrote it before limits per direction, budgets and
// fail_on: one threshold per benchmark and fail_on_regression.
json older_document() {
  json doc = full_document();
  doc["gate"] = {{"fail_on_regression", true}};
  for (json& b : doc["benchmarks"]) {
    b.erase("limits");
    b.erase("budgets");
  }
  doc["benchmarks"][0]["threshold"] = 0.1;
  doc["benchmarks"][1].erase("threshold");
  return doc;
}

TEST(RunJson, OlderDocumentDerivesLimitsFromThresholdAndGateFromFailOnRegression) {
  const perfgate::Run run = run_from_json(older_document().dump(), "old.json");
  EXPECT_EQ(run.gate.fail_on, FailOn::warning);
  EXPECT_FALSE(run.gate.non_gating);
  const BenchmarkResult& gemm = run.benchmarks[0];
  EXPECT_EQ(gemm.limits.lower_is_better.warning, 0.1);
  EXPECT_EQ(gemm.limits.lower_is_better.critical, 0.2);
  EXPECT_EQ(gemm.limits.higher_is_better.warning, 0.1);
  EXPECT_EQ(gemm.limits.higher_is_better.critical, 0.2);
  EXPECT_TRUE(gemm.budgets.empty());
  // No threshold at all: the built-in limits.
  const BenchmarkResult& attention = run.benchmarks[1];
  EXPECT_EQ(attention.limits.lower_is_better.warning, 0.05);
  EXPECT_EQ(attention.limits.higher_is_better.critical, 0.10);

  json never = older_document();
  never["gate"]["fail_on_regression"] = false;
  // false was the spine's default: the suite did not ask for a gate.
  EXPECT_EQ(run_from_json(never.dump(), "old.json").gate.fail_on, std::nullopt);
}

TEST(RunJson, LimitsWinOverThresholdAndFailOnOverFailOnRegression) {
  json doc = full_document();
  doc["benchmarks"][0]["threshold"] = 0.5;
  doc["gate"]["fail_on_regression"] = true;
  doc["gate"]["fail_on"] = "any";
  const perfgate::Run run = run_from_json(doc.dump(), "both.json");
  EXPECT_EQ(run.benchmarks[0].limits.lower_is_better.warning, 0.025);
  EXPECT_EQ(run.gate.fail_on, FailOn::any);
}

TEST(RunJson, BadGateLimitsAndBudgetsAreNamedByPath) {
  json gate = full_document();
  gate["gate"]["fail_on"] = "sometimes";
  EXPECT_NE(parse_error_of(gate).find("run.json: gate.fail_on: expected \"critical\", \"warning\", "
                                      "\"any\" or \"never\", found \"sometimes\""),
            std::string::npos)
      << parse_error_of(gate);

  json non_gating = full_document();
  non_gating["gate"]["non_gating"] = 1;
  EXPECT_NE(parse_error_of(non_gating).find("gate.non_gating: expected true or false, found 1"),
            std::string::npos);

  json limits = full_document();
  limits["benchmarks"][0]["limits"]["higher"].erase("critical");
  EXPECT_NE(parse_error_of(limits).find(
                "benchmarks[0].limits.higher: missing required field \"critical\""),
            std::string::npos)
      << parse_error_of(limits);

  json percentile = full_document();
  percentile["benchmarks"][0]["budgets"][1]["percentile"] = 100;
  EXPECT_NE(parse_error_of(percentile).find(
                "benchmarks[0].budgets[1].percentile: expected a number between 0 and 100"),
            std::string::npos)
      << parse_error_of(percentile);

  json unbounded = full_document();
  unbounded["benchmarks"][0]["budgets"][0]["max"] = nullptr;
  EXPECT_NE(parse_error_of(unbounded).find(
                "benchmarks[0].budgets[0]: a budget with neither max, min nor mvp; set one of them"),
            std::string::npos)
      << parse_error_of(unbounded);

  json aimless = full_document();
  aimless["benchmarks"][0]["budgets"][4].erase("mvp");
  EXPECT_NE(parse_error_of(aimless).find(
                "benchmarks[0].budgets[4]: a budget with neither max, min nor mvp"),
            std::string::npos)
      << parse_error_of(aimless);
  aimless["benchmarks"][0]["budgets"][4]["max"] = 5;
  EXPECT_NE(parse_error_of(aimless).find(
                "benchmarks[0].budgets[4].target: a target without an mvp; set mvp too"),
            std::string::npos)
      << parse_error_of(aimless);

  json nameless = full_document();
  nameless["benchmarks"][0]["budgets"][2].erase("metric");
  EXPECT_NE(parse_error_of(nameless).find(
                "benchmarks[0].budgets[2]: missing required field \"metric\""),
            std::string::npos);
}

TEST(RunJson, KeysAreWrittenInDocumentOrder) {
  const std::string text = run_to_json(make_full_run(), false);
  EXPECT_EQ(text.rfind("{\"schema_version\":1,\"id\":", 0), 0u) << text.substr(0, 60);
  EXPECT_LT(text.find("\"environment\""), text.find("\"preflight\""));
  EXPECT_LT(text.find("\"preflight\""), text.find("\"benchmarks\""));
  EXPECT_LT(text.find("\"threshold\""), text.find("\"limits\""));
  EXPECT_LT(text.find("\"limits\""), text.find("\"budgets\""));
  EXPECT_LT(text.find("\"budgets\""), text.find("\"warmup\""));
  EXPECT_LT(text.find("\"fail_on\""), text.find("\"non_gating\""));
  EXPECT_LT(text.find("\"non_gating\""), text.find("\"fail_on_regression\""));
}

TEST(RunJson, UnknownKeysAreIgnored) {
  json doc = full_document();
  doc["future_field"] = {{"x", 1}};
  doc["benchmarks"][0]["repetitions"][0]["energy_source"] = "rapl";
  doc["environment"]["gpu"] = "none";
  expect_same_run(make_full_run(), run_from_json(doc.dump(), "future.json"));
}

TEST(RunJson, NumberOfWrongTypeNamesOriginAndJsonPath) {
  json doc = full_document();
  doc["benchmarks"][1]["repetitions"][0]["values"]["wall_time"] = "abc";
  const std::string msg = parse_error_of(doc, "results/run.json");
  EXPECT_EQ(msg.rfind("results/run.json: benchmarks[1].repetitions[0].values.wall_time: "
                      "expected a number, found \"abc\"; ",
                      0),
            0u)
      << msg;
}

TEST(RunJson, MissingRequiredFieldIsNamed) {
  json doc = full_document();
  doc["benchmarks"][0].erase("name");
  const std::string msg = parse_error_of(doc);
  EXPECT_NE(msg.find("run.json: benchmarks[0]: missing required field \"name\""), std::string::npos)
      << msg;

  json no_reps = full_document();
  no_reps["benchmarks"][1].erase("repetitions");
  EXPECT_NE(parse_error_of(no_reps).find("benchmarks[1]: missing required field \"repetitions\""),
            std::string::npos);

  json no_id = full_document();
  no_id.erase("id");
  EXPECT_NE(parse_error_of(no_id).find("run.json: missing required field \"id\""),
            std::string::npos);
}

TEST(RunJson, MessagesAreOneLine) {
  json doc = full_document();
  doc["benchmarks"][0]["metrics"][0]["unit"] = "multi\nline";
  doc["benchmarks"][0]["metrics"][0]["direction"] = "down\nwards";
  const std::string msg = parse_error_of(doc);
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  EXPECT_NE(msg.find("benchmarks[0].metrics[0].direction: expected \"lower\" or \"higher\""),
            std::string::npos)
      << msg;
}

TEST(RunJson, FractionWhereAWholeNumberBelongsIsRefused) {
  json doc = full_document();
  doc["benchmarks"][0]["repetitions"][2]["index"] = 1.5;
  const std::string msg = parse_error_of(doc);
  EXPECT_NE(msg.find("benchmarks[0].repetitions[2].index: expected a whole number, found 1.5"),
            std::string::npos)
      << msg;
}

TEST(RunJson, WrongTypesInEnvironmentAndPreflightAreNamed) {
  json doc = full_document();
  doc["environment"]["git"]["dirty"] = "yes";
  EXPECT_NE(
      parse_error_of(doc).find("environment.git.dirty: expected true or false, found \"yes\""),
      std::string::npos);

  json mem = full_document();
  mem["environment"]["memory_bytes"] = -1;
  EXPECT_NE(parse_error_of(mem).find("environment.memory_bytes: expected a whole number >= 0"),
            std::string::npos);

  json pre = full_document();
  pre["preflight"][2]["status"] = "maybe";
  EXPECT_NE(parse_error_of(pre).find(
                "preflight[2].status: expected \"ok\", \"warning\" or \"skipped\", found "
                "\"maybe\""),
            std::string::npos);

  json cmd = full_document();
  cmd["benchmarks"][0]["command"][1] = 7;
  EXPECT_NE(parse_error_of(cmd).find("benchmarks[0].command[1]: expected a string, found 7"),
            std::string::npos);
}

TEST(RunJson, NewerSchemaVersionIsRefusedWithUpgradeAdvice) {
  json doc = full_document();
  doc["schema_version"] = 7;
  EXPECT_EQ(parse_error_of(doc, "old.json"),
            "old.json: schema_version 7 is not supported; this perfgate reads version 1 "
            "(upgrade perfgate)");
  doc["schema_version"] = 0;
  const std::string msg = parse_error_of(doc, "old.json");
  EXPECT_NE(msg.find("schema_version 0 is not supported"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("upgrade perfgate"), std::string::npos) << msg;
}

TEST(RunJson, MissingSchemaVersionIsRefused) {
  json doc = full_document();
  doc.erase("schema_version");
  EXPECT_NE(parse_error_of(doc).find("missing required field \"schema_version\""),
            std::string::npos);
}

TEST(RunJson, MalformedJsonGivesLineAndColumn) {
  const std::string msg = input_error_message(
      [] { run_from_json("{\n  \"schema_version\": 1,\n  \"id\": x\n}", "r.json"); });
  EXPECT_EQ(msg.rfind("r.json:3:9: not valid JSON: ", 0), 0u) << msg;
  EXPECT_EQ(msg.find("json.exception"), std::string::npos) << msg;

  const std::string truncated =
      input_error_message([] { run_from_json("{\"a\": [1, 2", "t.json"); });
  EXPECT_EQ(truncated.rfind("t.json:1:", 0), 0u) << truncated;
}

TEST(RunJson, ANumberBeyondADoubleIsAnInputErrorWithItsPlace) {
  const std::string msg = input_error_message(
      [] { run_from_json("{\n  \"schema_version\": 1,\n  \"id\": 1e999\n}", "big.json"); });
  EXPECT_EQ(msg, "big.json:3:9: the number 1e999 is too large for a double; write numbers "
                 "within ±1.8e308");
}

TEST(RunJson, EmptyInputAndNonObjectAreRefused) {
  EXPECT_NE(input_error_message([] { run_from_json("  \n", "e.json"); }).find("e.json: empty"),
            std::string::npos);
  const std::string msg = input_error_message([] { run_from_json("[1, 2]", "a.json"); });
  EXPECT_EQ(msg.rfind("a.json: expected an object, found an array", 0), 0u) << msg;
}

TEST_F(RunFile, WriteCreatesFoldersAndReadsBackTheSameRun) {
  const fs::path path = dir_ / "a" / "b" / "run.json";
  write_run_file(make_full_run(), path.string());
  expect_same_run(make_full_run(), read_run_file(path.string()));
}

TEST_F(RunFile, AtomicWriteLeavesNoTemporaryFileAndReplacesTheOldFile) {
  const fs::path path = dir_ / "run.json";
  write_run_file(make_minimal_run("first"), path.string());
  write_run_file(make_minimal_run("second"), path.string());
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"run.json"});
  EXPECT_EQ(read_run_file(path.string()).id, "second");
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.back(), '\n');
}

TEST(RunJson, WriteIntoAPathUnderARegularFileFailsWithExit2NamingThePath) {
  // Tests run as root, so a read-only folder would not stop the write; a
  // regular file where a folder should be always does.
  const std::string msg =
      input_error_message([] { write_run_file(make_minimal_run(), "/etc/passwd/x/run.json"); });
  EXPECT_NE(msg.find("/etc/passwd/x/run.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cannot create the folder"), std::string::npos) << msg;
}

TEST_F(RunFile, FailedWriteLeavesNoFileBehind) {
  // A folder at the destination: rename() fails after the temporary file was
  // written, and the temporary file must be removed.
  const fs::path path = dir_ / "run.json";
  fs::create_directory(path);
  fs::create_directory(path / "keep");  // non-empty, so rename() cannot replace it
  const std::string msg =
      input_error_message([&] { write_run_file(make_minimal_run(), path.string()); });
  EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"run.json"});
}

TEST_F(RunFile, ReadingAMissingFileOrAFolderNamesIt) {
  const std::string missing = (dir_ / "nope.json").string();
  const std::string msg = input_error_message([&] { read_run_file(missing); });
  EXPECT_NE(msg.find(missing), std::string::npos) << msg;
  EXPECT_NE(msg.find("No such file or directory"), std::string::npos) << msg;

  const std::string folder = input_error_message([&] { read_run_file(dir_.string()); });
  EXPECT_NE(folder.find("is a folder"), std::string::npos) << folder;
}

TEST_F(RunFile, ReadErrorsNameTheFile) {
  const fs::path path = dir_ / "bad.json";
  json doc = full_document();
  doc["quick"] = "yes";
  std::ofstream(path) << doc.dump(2);
  const std::string msg = input_error_message([&] { read_run_file(path.string()); });
  EXPECT_EQ(msg.rfind(path.string() + ": quick: expected true or false, found \"yes\"", 0), 0u)
      << msg;
}

}  // namespace
}  // namespace perfgate
