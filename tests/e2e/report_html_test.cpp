// End-to-end tests of `perfgate report --html`: which pages are written from
// which runs, the links between them, what is said on stderr, and the
// mistakes that stop it. What a browser draws is tested in tests/browser.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "cli_fixture.hpp"

namespace {

using perfgate::e2e::Cli;
using perfgate::e2e::Result;
using perfgate::e2e::slurp;
namespace fs = std::filesystem;

const char* kSuite = R"(
[suite]
name = "tiny"
[defaults]
warmup = 0
runs = 3
[[benchmark]]
name = "noop"
command = ["true"]
)";

class ReportHtml : public Cli {
 protected:
  void runs(int n) {
    write("perfgate.toml", kSuite);
    for (int i = 0; i < n; ++i) ASSERT_EQ(perfgate("run perfgate.toml --quiet").exit_code, 0);
  }
  std::vector<fs::path> result_files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir_ / ".perfgate" / "runs"))
      out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(ReportHtml, WritesALinkedComparisonAndHistoryOfTheStoredRuns) {
  runs(3);
  Result r = perfgate("report --html out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "perfgate: wrote out/index.html (comparison, 1 chart) and out/history.html (1 series "
            "over 3 runs)\n");
  std::string index = slurp(dir_ / "out" / "index.html");
  std::string history = slurp(dir_ / "out" / "history.html");
  EXPECT_NE(index.find("<a href=\"history.html\">"), std::string::npos);
  EXPECT_NE(history.find("<a href=\"index.html\">"), std::string::npos);
  EXPECT_NE(index.find("data-benchmark=\"noop\""), std::string::npos);
  EXPECT_NE(index.find(">latest~1<"), std::string::npos);
  EXPECT_NE(history.find("data-points=\"3\""), std::string::npos);
}

TEST_F(ReportHtml, LastLimitsTheHistoryToTheNewestRuns) {
  runs(3);
  Result r = perfgate("report --html out --last 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("(1 series over 2 runs)"), std::string::npos) << r.err;
  std::vector<fs::path> files = result_files();
  std::string history = slurp(dir_ / "out" / "history.html");
  EXPECT_EQ(history.find(files[0].stem().string()), std::string::npos);  // the oldest is left out
  EXPECT_NE(history.find(files[2].stem().string()), std::string::npos);
}

TEST_F(ReportHtml, WithOneStoredRunWritesOnlyTheHistoryAndSaysWhy) {
  runs(1);
  Result r = perfgate("report --html out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("wrote out/history.html (1 series over 1 run)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no comparison: suite \"tiny\" has only one stored run"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "out" / "index.html"));
  EXPECT_EQ(slurp(dir_ / "out" / "history.html").find("index.html"), std::string::npos);
}

TEST_F(ReportHtml, ComparesResultFilesWithoutAStoreAndSaysThereIsNoHistory) {
  runs(2);
  std::vector<fs::path> files = result_files();
  Result r = perfgate("report --html out --store sqlite:nowhere/none.db '" + files[0].string() +
                      "' '" + files[1].string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("wrote out/index.html (comparison, 1 chart)\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no history: "), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out" / "history.html"));
  EXPECT_EQ(slurp(dir_ / "out" / "index.html").find("history.html"), std::string::npos);
}

TEST_F(ReportHtml, RefusesAnEmptyPlaceAOneSidedComparisonAndAFolderThatIsAFile) {
  Result none = perfgate("report --html out");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("perfgate run"), std::string::npos) << none.err;

  runs(2);
  Result one_side = perfgate("report --html out latest");
  EXPECT_EQ(one_side.exit_code, 2);
  EXPECT_NE(one_side.err.find("give both BASE and CONTENDER, or neither"), std::string::npos);

  write("taken", "a file");
  Result file = perfgate("report --html taken");
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_NE(file.err.find("--html taken: cannot create the folder"), std::string::npos) << file.err;

  EXPECT_EQ(perfgate("report latest~1 latest").exit_code, 2);  // --html is required
}

}  // namespace
