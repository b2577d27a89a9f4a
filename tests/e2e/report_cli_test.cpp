// Reports where people look, from real runs: GitHub Actions annotations and
// the job summary, several exports from one comparison, a terminal table that
// fits its width, and smoke runs that inform without failing the build.
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

const char* kSuite = R"(
[suite]
name = "reports"
[defaults]
warmup = 0
runs = 6
threshold = "10%"
[[benchmark]]
name = "decode/q4_k_m/a-rather-long-benchmark-name-for-a-narrow-terminal"
shell = "sleep ${SLOW:-0.01}"
[[benchmark]]
name = "steady"
shell = "sleep 0.01"
)";

class Reports : public Cli {
 protected:
  // Two stored runs; the second's first benchmark is three times slower.
  void two_runs() {
    write("perfgate.toml", kSuite);
    ASSERT_EQ(perfgate("run perfgate.toml -q").exit_code, 0);
    ASSERT_EQ(perfgate("run perfgate.toml -q", "SLOW=0.03").exit_code, 0);
  }
};

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

TEST_F(Reports, GithubFormatAnnotatesTheRegressionAndWritesTheJobSummary) {
  two_runs();
  write("summary.md", "earlier step's summary\n");
  Result r = perfgate("compare latest~1 latest --format github --fail-on critical",
                      "GITHUB_STEP_SUMMARY=summary.md");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // (Only the slow benchmark is asserted: on a loaded machine the steady one
  // may drift too, and that would be a true report of the machine.)
  auto errors = lines_starting(r.out, "::error title=perfgate%3A decode/q4_k_m/a-rather-long");
  ASSERT_EQ(errors.size(), 1u) << r.out;
  EXPECT_NE(errors[0].find("(n=6) -> "), std::string::npos) << errors[0];
  EXPECT_EQ(lines_starting(r.out, "::group::").size(), 1u);
  EXPECT_EQ(lines_starting(r.out, "::endgroup::").size(), 1u);
  // Appended, not overwritten: earlier steps' summaries stay.
  std::string summary = slurp(dir_ / "summary.md");
  EXPECT_EQ(summary.rfind("earlier step's summary\n<!-- perfgate-report -->", 0), 0u) << summary;
  EXPECT_NE(summary.find("🔴 critical"), std::string::npos);
}

TEST_F(Reports, NonGatingGithubReportWarnsAndPasses) {
  two_runs();
  Result r = perfgate("compare latest~1 latest --format github --fail-on critical --non-gating");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(lines_starting(r.out, "::error ").empty()) << r.out;
  EXPECT_EQ(lines_starting(r.out, "::warning title=perfgate%3A decode/").size(), 1u) << r.out;
}

TEST_F(Reports, ExportsWriteEveryFormatFromOneComparison) {
  two_runs();
  Result r = perfgate(
      "compare latest~1 latest --export markdown=out/comment.md --export json=out/v.json "
      "--export github=out/gh.txt");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("benchmark"), std::string::npos) << "the terminal report still prints";
  auto doc = nlohmann::json::parse(slurp(dir_ / "out/v.json"));
  ASSERT_EQ(doc["verdicts"].size(), 2u);
  EXPECT_EQ(doc["verdicts"][0]["status"], "regression");
  std::string md = slurp(dir_ / "out/comment.md");
  EXPECT_NE(md.find("<!-- perfgate-report -->"), std::string::npos);
  EXPECT_NE(md.find("| decode/q4\\_k\\_m/"), std::string::npos) << md;
  // One table row per verdict (headers and the |---| rule aside), across the
  // changed table and the folded stable one.
  std::size_t rows = 0;
  for (const auto& line : lines_starting(md, "| "))
    rows += line.rfind("| benchmark |", 0) != 0 ? 1 : 0;
  EXPECT_EQ(rows, doc["verdicts"].size()) << md;
  EXPECT_EQ(lines_starting(slurp(dir_ / "out/gh.txt"), "::error title=perfgate%3A decode/").size(),
            1u);
}

TEST_F(Reports, AMistypedExportIsRefusedBeforeAnyWork) {
  Result r = perfgate("compare a.json b.json --export xml=out.xml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--export xml=out.xml: unknown format \"xml\"; use one of text, json"),
            std::string::npos) << r.err;
  Result r2 = perfgate("compare a.json b.json --export junit");
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_NE(r2.err.find("write FORMAT=FILE"), std::string::npos) << r2.err;
}

TEST_F(Reports, TheTerminalTableFitsItsWidthAndSaysWhatItLeftOut) {
  two_runs();
  Result wide = perfgate("compare latest~1 latest", "COLUMNS=400");
  Result narrow = perfgate("compare latest~1 latest", "COLUMNS=72");
  ASSERT_EQ(narrow.exit_code, 0) << narrow.err;
  std::istringstream in(narrow.out);
  for (std::string line; std::getline(in, line);) {
    std::size_t cps = 0;
    for (unsigned char ch : line) cps += (ch & 0xC0) != 0x80;
    EXPECT_LE(cps, 72u) << line;
  }
  EXPECT_NE(narrow.out.find("decode/q4_k"), std::string::npos) << "names shortened, not dropped";
  EXPECT_NE(narrow.out.find("…"), std::string::npos);
  EXPECT_NE(narrow.out.find("the terminal is too narrow"), std::string::npos) << narrow.out;
  EXPECT_EQ(wide.out.find("the terminal is too narrow"), std::string::npos) << wide.out;
  EXPECT_NE(wide.out.find("95 % CI"), std::string::npos);
  // The legend names the test and the interval.
  EXPECT_NE(wide.out.find("p = two-sided Mann-Whitney U"), std::string::npos);
  EXPECT_NE(wide.out.find("95 % CI = percentile bootstrap"), std::string::npos);
  EXPECT_NE(wide.out.find("a change counts at p < 0.02 beyond"), std::string::npos) << wide.out;
}

TEST_F(Reports, ColourFollowsNoColorAndTheColorFlag) {
  two_runs();
  Result forced = perfgate("compare latest~1 latest --color always");
  EXPECT_NE(forced.out.find("\033[1;31m"), std::string::npos) << "critical in bold red";
  Result plain = perfgate("compare latest~1 latest");  // NO_COLOR=1, and a pipe
  EXPECT_EQ(plain.out.find("\033["), std::string::npos);
}

TEST_F(Reports, SmokeRunsFewTimesAnnotatesNeverFailsAndIsNotStored) {
  write("perfgate.toml", std::string(kSuite) + R"(
[[benchmark]]
name = "broken"
shell = "exit 4"
)");
  Result r = perfgate("run perfgate.toml --smoke", "GITHUB_ACTIONS=true");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("not failing the build: --smoke never does"), std::string::npos) << r.err;
  auto notices = lines_starting(r.out, "::notice title=perfgate smoke%3A ");
  EXPECT_EQ(notices.size(), 2u) << r.out;
  EXPECT_NE(notices[1].find("wall_time median"), std::string::npos) << notices[1];
  EXPECT_NE(notices[1].find("n=3)"), std::string::npos) << "three runs: " << notices[1];
  auto warnings = lines_starting(r.out, "::warning title=perfgate smoke%3A broken failed");
  ASSERT_EQ(warnings.size(), 1u) << r.out;
  EXPECT_NE(warnings[0].find("exited with status 4"), std::string::npos);
  // Kept as a result file, not in the store: `latest` is not a smoke run.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir_ / ".perfgate/smoke"))
    files += e.path().extension() == ".json";
  EXPECT_EQ(files, 1);
  EXPECT_FALSE(fs::exists(dir_ / ".perfgate/perfgate.db"));
  // Without GitHub Actions there is nothing to annotate.
  Result plain = perfgate("run perfgate.toml --smoke -q");
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_EQ(plain.out.find("::notice"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::e2e
