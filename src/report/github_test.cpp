// The GitHub Actions report is read back as the runner reads it: every line
// that starts with "::" must be a well-formed workflow command, and no
// benchmark name may start one of its own.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "report/report_testing.hpp"
#include "report/reporter.hpp"

namespace perfgate {
namespace {

using testing_support::many_verdicts;
using testing_support::render;

struct Commands {
  std::vector<std::string> error, warning, notice;
  int groups = 0, endgroups = 0;
  std::vector<std::string> malformed;
};

Commands parse(const std::string& log) {
  static const std::regex annotation(R"(^::(error|warning|notice) title=([^:,\r\n]*)::([^\r\n]*)$)");
  Commands c;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("::", 0) != 0) continue;
    std::smatch m;
    if (line.rfind("::group::", 0) == 0) ++c.groups;
    else if (line == "::endgroup::") ++c.endgroups;
    else if (std::regex_match(line, m, annotation))
      (m[1] == "error" ? c.error : m[1] == "warning" ? c.warning : c.notice).push_back(line);
    else c.malformed.push_back(line);
  }
  return c;
}

TEST(GithubReport, FindingsBecomeAnnotationsTheTableAFoldedGroup) {
  Comparison c = testing_support::sample_comparison();
  std::string log = render("github", c);
  Commands cmds = parse(log);
  EXPECT_TRUE(cmds.malformed.empty()) << cmds.malformed.front();
  EXPECT_EQ(cmds.groups, 1);
  EXPECT_EQ(cmds.endgroups, 1);
  ASSERT_EQ(cmds.error.size(), 1u) << log;
  EXPECT_TRUE(cmds.warning.empty());
  EXPECT_TRUE(cmds.notice.empty()) << "a stable row is not annotated";
  // The numbers travel with the mark: both medians with n, change, interval, p.
  const std::string& e = cmds.error[0];
  for (const char* part : {"40.0 ms (n=10) -> 50.0 ms (n=10)", "+25.0 %25 [+21.0 %25, +29.0 %25]",
                           "p (adj.) 0.0004", "critical limit"})
    EXPECT_NE(e.find(part), std::string::npos) << part << " in " << e;
  // The table is inside the group.
  auto table = log.find("benchmark");
  EXPECT_GT(table, log.find("::group::"));
  EXPECT_LT(table, log.find("::endgroup::"));
}

TEST(GithubReport, NamesCannotBreakOrForgeCommands) {
  Comparison c = many_verdicts(3);
  c.verdicts[0].benchmark = "evil\n::error::forged, title:x 100%";
  std::string log = render("github", c);
  Commands cmds = parse(log);
  EXPECT_TRUE(cmds.malformed.empty()) << cmds.malformed.front();
  ASSERT_EQ(cmds.error.size(), 1u) << log;
  EXPECT_NE(cmds.error[0].find("title=perfgate%3A evil%0A%3A%3Aerror%3A%3Aforged%2C title%3Ax 100%25"),
            std::string::npos) << cmds.error[0];
}

TEST(GithubReport, AtMostTenAnnotationsPerKindThenOneThatCountsTheRest) {
  Comparison c = many_verdicts(500);  // 50 critical, 10 improvements
  Commands cmds = parse(render("github", c));
  ASSERT_EQ(cmds.error.size(), 11u);
  EXPECT_NE(cmds.error.back().find("40 more findings"), std::string::npos) << cmds.error.back();
  EXPECT_EQ(cmds.notice.size(), 10u) << "ten improvements: no counting annotation";
}

TEST(GithubReport, NonGatingTurnsErrorsIntoWarnings) {
  Comparison c = many_verdicts(30);  // 3 critical
  report_as_warnings(c);
  Commands cmds = parse(render("github", c));
  EXPECT_TRUE(cmds.error.empty());
  EXPECT_EQ(cmds.warning.size(), 3u);
}

TEST(GithubReport, NoBenchmarksStillWellFormed) {
  Commands cmds = parse(render("github", many_verdicts(0)));
  EXPECT_TRUE(cmds.malformed.empty());
  EXPECT_EQ(cmds.groups, 1);
  EXPECT_TRUE(cmds.error.empty() && cmds.warning.empty() && cmds.notice.empty());
}

}  // namespace
}  // namespace perfgate
