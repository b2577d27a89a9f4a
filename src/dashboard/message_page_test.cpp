#include "dashboard/message_page.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace perfgate::dashboard {
namespace {

TEST(LoginPage, PostsTheTokenToTheProjectsLoginWithThePageToReturnTo) {
  std::ostringstream out;
  write_login_page("team a", "/p/team%20a/series?benchmark=x&metric=y", "needs a token", out);
  const std::string html = out.str();
  EXPECT_NE(html.find("<form method=\"post\" action=\"/p/team%20a/login\""), std::string::npos);
  EXPECT_NE(html.find("name=\"next\" value=\"/p/team%20a/series?benchmark=x&amp;metric=y\""),
            std::string::npos);
  EXPECT_NE(html.find("type=\"password\" name=\"token\""), std::string::npos);
  EXPECT_NE(html.find("<p>needs a token</p>"), std::string::npos);
}

TEST(ErrorPage, EscapesTheMessage) {
  std::ostringstream out;
  write_error_page("Not found", "no benchmark \"<b>\" in project demo", out);
  EXPECT_NE(out.str().find("no benchmark &quot;&lt;b&gt;&quot; in project demo"),
            std::string::npos);
  EXPECT_EQ(out.str().find("<b>"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::dashboard
