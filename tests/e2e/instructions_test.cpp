// `perfgate run` with the built-in metric `instructions`: counted in runs of
// their own after the timed repetitions, only when the suite asks for it.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

using json = nlohmann::json;

const std::string kWork = std::string(PERFGATE_BUILD_DIR) + "/tests/fixed_work";

bool valgrind_on_path() { return std::system("command -v valgrind >/dev/null 2>&1") == 0; }

class Instructions : public Cli {
 protected:
  void suite(const std::string& builtin_metrics, int runs = 3) {
    write("perfgate.toml", "[[benchmark]]\nname = \"work\"\ncommand = [\"" + kWork +
                               "\", \"100000\"]\nruns = " + std::to_string(runs) +
                               "\nbuiltin_metrics = " + builtin_metrics + "\n");
  }
  json benchmark() { return json::parse(slurp(dir_ / "result.json"))["benchmarks"][0]; }
  static bool has_metric(const json& b, const std::string& name) {
    for (const auto& m : b["metrics"])
      if (m["name"] == name) return true;
    return false;
  }
  static std::vector<double> samples(const json& b, const std::string& name) {
    std::vector<double> out;
    for (const auto& r : b["repetitions"])
      if (r["ok"].get<bool>() && r["values"].contains(name)) out.push_back(r["values"][name]);
    return out;
  }
};

TEST_F(Instructions, AskedForTheyAreRecordedOrANoteSaysWhyNot) {
  suite(R"(["wall_time", "instructions"])");
  Result r = perfgate("run perfgate.toml -o result.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json b = benchmark();
  EXPECT_EQ(samples(b, "wall_time").size(), 3u);  // the timed repetitions are all there
  if (b["context"].contains("instruction_counter")) {
    ASSERT_TRUE(has_metric(b, "instructions"));
    std::vector<double> counts = samples(b, "instructions");
    ASSERT_FALSE(counts.empty());
    for (double c : counts) EXPECT_GT(c, 100000.0);  // at least one per loop iteration
    for (const auto& m : b["metrics"])
      if (m["name"] == "instructions") {
        EXPECT_EQ(m["unit"], "instructions");
        EXPECT_EQ(m["direction"], "lower");
      }
  } else {
    EXPECT_NE(r.err.find("note: work: instructions not counted: "), std::string::npos) << r.err;
    EXPECT_FALSE(has_metric(b, "instructions"));
  }
}

TEST_F(Instructions, CallgrindCountsOnceExactlyAndLeavesTheTimedRunsAlone) {
  if (!valgrind_on_path()) GTEST_SKIP() << "valgrind is not installed (apt-get install valgrind)";
  suite(R"(["instructions"])");
  Result r = perfgate("run perfgate.toml -o result.json --counter callgrind");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json b = benchmark();
  EXPECT_EQ(b["context"]["instruction_counter"], "callgrind");
  // One exact count, recorded in the first repetition; never copied into the others.
  ASSERT_EQ(samples(b, "instructions").size(), 1u);
  EXPECT_TRUE(b["repetitions"][0]["values"].contains("instructions"));
  EXPECT_EQ(samples(b, "wall_time").size(), 3u);
  const double first = samples(b, "instructions")[0];

  // Exact: a second run counts the same.
  r = perfgate("run perfgate.toml -o result.json --counter callgrind");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(samples(benchmark(), "instructions").at(0), first);
}

TEST_F(Instructions, NotAskedForTheyAreNotCounted) {
  suite(R"(["wall_time"])");
  Result r = perfgate("run perfgate.toml -o result.json --counter callgrind");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json b = benchmark();
  EXPECT_FALSE(has_metric(b, "instructions"));
  EXPECT_TRUE(samples(b, "instructions").empty());
  EXPECT_FALSE(b["context"].contains("instruction_counter"));
}

TEST_F(Instructions, AnUnusableCounterIsANoteNotAFailure) {
  // perf on a machine without hardware counters (most VMs), or callgrind with
  // valgrind off PATH: either way the run goes on without the metric.
  std::string how = "perf", env;
  {
    suite(R"(["instructions"])", 2);
    Result probe = perfgate("run perfgate.toml -o result.json --counter perf");
    ASSERT_EQ(probe.exit_code, 0) << probe.err;
    if (has_metric(benchmark(), "instructions")) {
      how = "callgrind";
      env = "PATH=/nonexistent";
    }
  }
  Result r = perfgate("run perfgate.toml -o result.json --counter " + how, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json b = benchmark();
  EXPECT_FALSE(has_metric(b, "instructions"));
  EXPECT_EQ(samples(b, "wall_time").size(), 2u);
  const std::string expected = how == "perf"
                                   ? "note: work: instructions not counted: perf_event_open"
                                   : "note: work: instructions not counted: valgrind is not "
                                     "installed; install it with: apt-get install valgrind";
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
}

TEST_F(Instructions, AnUnknownCounterIsAUsageError) {
  suite(R"(["instructions"])");
  Result r = perfgate("run perfgate.toml -o result.json --counter papi");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--counter"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace perfgate::e2e
