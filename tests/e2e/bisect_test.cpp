// End-to-end tests of `perfgate bisect`: a real git repository whose fifth
// commit makes the benchmark slower, built and measured at each step.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace perfgate::e2e {
namespace {

class Bisect : public Cli {
 protected:
  // Eight commits; from "change 5" on the built benchmark sleeps 50 ms, not
  // 20. Returns the hash of "change 5".
  std::string make_history();
};

std::string Bisect::make_history() {
  Bisect& t = *this;
  t.write("perfgate.toml",
          "[suite]\nname = \"revs\"\n[[benchmark]]\nname = \"work\"\nshell = \"sh "
          "./build/work.sh\"\n");
  t.write("build.sh", "mkdir -p build && echo \"sleep $(cat delay)\" > build/work.sh\n");
  t.write("delay", "0.02\n");
  t.sh("git add perfgate.toml build.sh delay && git commit -qm first");
  std::string slower;
  for (int i = 2; i <= 8; ++i) {
    if (i == 5) t.write("delay", "0.05\n");
    t.write("n", std::to_string(i) + "\n");
    t.sh("git add n delay && git commit -qm 'change " + std::to_string(i) + "'");
    if (i == 5) slower = t.sh("git rev-parse HEAD");
  }
  return slower;
}

TEST_F(Bisect, NamesTheCommitThatMadeTheBenchmarkSlowerWithItsEvidence) {
  git_init();
  const std::string slower = make_history();
  Result r = perfgate(
      "bisect --good HEAD~7 --bad main --benchmark work --build 'sh build.sh' --threshold 10%");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("first bad commit: " + slower.substr(0, 7) + " change 5"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("its evidence: "), std::string::npos) << r.out;
  // Every step's verdict is shown: at least one good and one bad.
  EXPECT_NE(r.out.find("  good  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  bad   "), std::string::npos) << r.out;
  // The user's checkout is untouched and no bisection is left running.
  EXPECT_EQ(sh("git rev-parse --abbrev-ref HEAD"), "main");
  EXPECT_EQ(sh("git status --porcelain --untracked-files=no"), "");
  EXPECT_NE(std::system(("git -C '" + (dir_ / ".perfgate/worktrees/bisect").string() +
                         "' bisect log >/dev/null 2>&1")
                            .c_str()),
            0);
}

TEST_F(Bisect, JsonNamesTheFirstBadCommitWithEveryStepsVerdict) {
  git_init();
  const std::string slower = make_history();
  Result r = perfgate(
      "bisect --good HEAD~7 --bad main --benchmark work --build 'sh build.sh' --threshold 10% "
      "--format json -o bisect.json");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(r.out.empty()) << r.out;
  const nlohmann::json j = nlohmann::json::parse(slurp(dir_ / "bisect.json"));
  EXPECT_EQ(j["outcome"], "found");
  EXPECT_EQ(j["first_bad"]["commit"], slower);
  EXPECT_EQ(j["first_bad"]["subject"], slower.substr(0, 7) + " change 5");
  EXPECT_EQ(j["good"]["revision"], "HEAD~7");
  EXPECT_EQ(j["bad"]["revision"], "main");
  EXPECT_EQ(j["benchmark"], "work");
  EXPECT_EQ(j["threshold"], 0.1);
  EXPECT_TRUE(j["message"].is_null());
  // The confirmation and each step carry a comparison verdict.
  EXPECT_EQ(j["confirm"]["status"], "regression");
  ASSERT_GE(j["steps"].size(), 2u);
  bool good = false, bad = false;
  for (const auto& s : j["steps"]) {
    good = good || s["mark"] == "good";
    bad = bad || s["mark"] == "bad";
    EXPECT_EQ(s["verdict"]["benchmark"], "work");
    EXPECT_GT(s["verdict"]["base"]["n"].get<int>(), 0);
  }
  EXPECT_TRUE(good && bad);
}

TEST_F(Bisect, NothingToBisectWhenTheBadRevisionIsNotSlowerExitsOne) {
  git_init();
  make_history();
  Result r = perfgate(
      "bisect --good HEAD~3 --bad main --benchmark work --build 'sh build.sh' --threshold 10%");
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  EXPECT_NE(r.out.find("nothing to bisect"), std::string::npos) << r.out;
  Result j = perfgate(
      "bisect --good HEAD~3 --bad main --benchmark work --build 'sh build.sh' --threshold 10% "
      "--format json");
  EXPECT_EQ(j.exit_code, 1) << j.err;
  const nlohmann::json doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["outcome"], "not_slower");
  EXPECT_TRUE(doc["first_bad"].is_null());
  EXPECT_NE(doc["message"].get<std::string>().find("nothing to bisect"), std::string::npos);
}

TEST_F(Bisect, BadInputIsExitTwo) {
  git_init();
  make_history();
  Result unknown = perfgate("bisect --good nosuch --bad main --benchmark work");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("nosuch"), std::string::npos) << unknown.err;
  Result no_bench = perfgate("bisect --good HEAD~1 --bad main --benchmark nope");
  EXPECT_EQ(no_bench.exit_code, 2) << no_bench.err;
  EXPECT_NE(no_bench.err.find("nope"), std::string::npos) << no_bench.err;
  Result missing = perfgate("bisect --good HEAD~1 --bad main");
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  Result format = perfgate("bisect --good HEAD~1 --bad main --benchmark work --format xml");
  EXPECT_EQ(format.exit_code, 2) << format.err;
  EXPECT_NE(format.err.find("--format xml: unknown format; use text or json"), std::string::npos)
      << format.err;
}

}  // namespace
}  // namespace perfgate::e2e
