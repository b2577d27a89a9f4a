#include "dashboard/home_page.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace perfgate::dashboard {
namespace {

TEST(HomePage, ListsEachProjectWithItsNewestRunAndLink) {
  std::ostringstream out;
  write_home_page({{"web", "r2", "2026-11-24T10:00:00.000Z", false}, {"secret", "", "", true}}, "",
                  out);
  const std::string html = out.str();
  EXPECT_NE(html.find("<tr data-project=\"web\"><td class=\"name\"><a href=\"/p/web\">web</a>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("no runs yet"), std::string::npos);
  EXPECT_EQ(html.find("No project yet"), std::string::npos);
  EXPECT_EQ(html.find("without a project"), std::string::npos);
}

// A store of runs saved locally (no project) is not shown as if it were
// empty: the page says the runs are there and how to show them.
TEST(HomePage, SaysWhenTheStoreHoldsRunsWithoutAProject) {
  std::ostringstream out;
  write_home_page({}, "20261124T085213.659Z-b3e2cd8", out);
  const std::string html = out.str();
  EXPECT_NE(html.find("No project yet"), std::string::npos);
  EXPECT_NE(html.find("runs saved without a project"), std::string::npos) << html;
  EXPECT_NE(html.find("<code>20261124T085213.659Z-b3e2cd8</code>"), std::string::npos);
  EXPECT_NE(html.find("perfgate store copy --from THIS_STORE --to sqlite:team.db --project NAME"),
            std::string::npos);
}

}  // namespace
}  // namespace perfgate::dashboard
