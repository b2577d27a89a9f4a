// Fixtures end to end: a benchmark needing a file (a model) runs with the
// path found; when the file is absent it is skipped with the reason, and every
// report says so; a required fixture stops the run before anything is measured.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

using json = nlohmann::json;

class Fixtures : public Cli {
 protected:
  // "gen" reads the model through its placeholder and the exported variable;
  // "plain" needs nothing.
  void write_suite(bool required = false, const std::string& fail_on = "critical") {
    write("perfgate.toml",
          "[fixture.model]\nenv = \"PG_E2E_MODEL\"\npaths = [\"models/tiny.gguf\"]\n"
          "hint = \"llm-make-model --output models/tiny.gguf\"\n" +
              std::string(required ? "required = true\n" : "") +
              "[gate]\nfail_on = \"" + fail_on + "\"\n"
              "[defaults]\nwarmup = 0\nruns = 5\n"
              // Timings of tiny processes are noise; the verdicts here need none.
              "builtin_metrics = []\n"
              "[[benchmark]]\nname = \"gen\"\n"
              "shell = \"test \\\"$PERFGATE_FIXTURE_MODEL\\\" = {fixture.model} && wc -c < {fixture.model}\"\n"
              "[[benchmark.metric]]\nname = \"model_bytes\"\nunit = \"B\"\ndirection = \"lower\"\nregex = '([0-9]+)'\n"
              "[[benchmark]]\nname = \"plain\"\ncommand = [\"true\"]\n");
  }
  json run_file(const std::string& name) { return json::parse(slurp(dir_ / name)); }
};

TEST_F(Fixtures, AFoundFixtureIsPassedToTheBenchmark) {
  write_suite();
  write("models/tiny.gguf", "12345678");
  Result r = perfgate("run perfgate.toml -o a.json --store sqlite:s.db");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json gen = run_file("a.json")["benchmarks"][0];
  ASSERT_EQ(gen["repetitions"].size(), 5u);
  // The program saw the file's path in both forms and read its 8 bytes.
  for (const json& rep : gen["repetitions"]) {
    EXPECT_TRUE(rep["ok"].get<bool>()) << rep;
    EXPECT_EQ(rep["values"]["model_bytes"], 8) << rep;
  }
  EXPECT_FALSE(gen.contains("skipped"));
  // The variable names another file: that one is used, not the listed path.
  write("elsewhere.bin", "1234");
  r = perfgate("run perfgate.toml -o b.json --store sqlite:s.db",
               "PG_E2E_MODEL=" + (dir_ / "elsewhere.bin").string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(run_file("b.json")["benchmarks"][0]["repetitions"][0]["values"]["model_bytes"], 4);
}

TEST_F(Fixtures, AnAbsentFixtureSkipsItsBenchmarkWithTheReasonAndTheRestRun) {
  write_suite();
  Result r = perfgate("run perfgate.toml -o a.json --store sqlite:s.db");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string reason =
      "fixture \"model\" not found: PG_E2E_MODEL is not set and there is no models/tiny.gguf; "
      "to get it: llm-make-model --output models/tiny.gguf";
  EXPECT_NE(r.err.find("[1/2] gen: skipped: " + reason), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("gen: skipped, not run: " + reason), std::string::npos) << r.out;
  const json run = run_file("a.json");
  EXPECT_EQ(run["benchmarks"][0]["skipped"], reason);
  EXPECT_TRUE(run["benchmarks"][0]["repetitions"].empty());
  EXPECT_EQ(run["benchmarks"][1]["repetitions"].size(), 5u);
  // The store keeps the reason too.
  r = perfgate("compare latest latest --format json --store sqlite:s.db");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(json::parse(r.out)["skipped"][0],
            json({{"benchmark", "gen"}, {"side", "both"}, {"reason", reason}}));
}

TEST_F(Fixtures, ACheckThatDidNotRunIsReportedAsSkippedNeverAsPassed) {
  write_suite();
  write("models/tiny.gguf", "12345678");
  ASSERT_EQ(perfgate("run perfgate.toml -o base.json --store sqlite:s.db").exit_code, 0);
  std::filesystem::remove(dir_ / "models/tiny.gguf");
  ASSERT_EQ(perfgate("run perfgate.toml -o contender.json --store sqlite:s.db").exit_code, 0);

  Result r = perfgate("compare base.json contender.json --export markdown=c.md "
                      "--export junit=j.xml --format text --fail-on critical");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;  // skipped is not a regression...
  EXPECT_NE(r.out.find("gen: skipped by the contender, not compared: fixture \"model\" not found"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("gate passed (fail_on = critical); 1 benchmark skipped, not verified: gen"),
            std::string::npos)
      << r.err;
  const std::string md = slurp(dir_ / "c.md");
  EXPECT_NE(md.find("⏭️ **1 benchmark skipped, not verified:**\n- gen: skipped by the contender"),
            std::string::npos)
      << md;
  const std::string xml = slurp(dir_ / "j.xml");
  EXPECT_NE(xml.find("skipped=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"perfgate.gen\" name=\"(all metrics)\" time=\"0\">\n"
                     "      <skipped message=\"gen: skipped by the contender"),
            std::string::npos)
      << xml;
  // ... but fail_on = any wants everything verified.
  r = perfgate("compare base.json contender.json --fail-on any");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  r = perfgate("compare base.json contender.json --format github --fail-on critical");
  EXPECT_NE(r.out.find("::warning title=perfgate%3A 1 benchmark skipped%2C not verified::gen: "
                       "skipped by the contender"),
            std::string::npos)
      << r.out;
}

TEST_F(Fixtures, ARequiredFixtureThatIsAbsentStopsTheRunBeforeAnythingRuns) {
  write_suite(/*required=*/true);
  Result r = perfgate("run perfgate.toml -o a.json --store sqlite:s.db");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("perfgate.toml:1:1: fixture \"model\" not found: PG_E2E_MODEL is not set"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("required = true, so nothing was run"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a.json"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "s.db"));
}

}  // namespace
}  // namespace perfgate::e2e
