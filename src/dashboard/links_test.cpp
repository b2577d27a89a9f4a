#include "dashboard/links.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "dashboard/assets.hpp"

namespace perfgate::dashboard {
namespace {

TEST(Links, PercentEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(percent_encode("gemm_256-x.y~z"), "gemm_256-x.y~z");
  EXPECT_EQ(percent_encode("a&b/c d?e=f#g"), "a%26b%2Fc%20d%3Fe%3Df%23g");
  EXPECT_EQ(percent_encode("日"), "%E6%97%A5");
  EXPECT_EQ(percent_encode(std::string("\0%", 2)), "%00%25");
}

TEST(Links, PagesHaveTheRoutesPaths) {
  EXPECT_EQ(home_url(), "/");
  EXPECT_EQ(project_url("my proj"), "/p/my%20proj");
  EXPECT_EQ(series_url("p", "parse/json", "wall_time"),
            "/p/p/series?benchmark=parse%2Fjson&metric=wall_time");
  EXPECT_EQ(compare_url("p"), "/p/p/compare");
  EXPECT_EQ(compare_url("p", "20261123T190312.345Z-3f2a9c1", "b&c"),
            "/p/p/compare?base=20261123T190312.345Z-3f2a9c1&contender=b%26c");
  EXPECT_EQ(regressions_url("p"), "/p/p/regressions");
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Assets, EmbedTheDashboardsOwnFilesByteForByte) {
  for (const char* name : {"dashboard.js", "dashboard.css"}) {
    const Asset a = asset(name);
    const std::string source = file_text(std::string(PERFGATE_SOURCE_DIR) + "/web/src/" + name);
    ASSERT_FALSE(source.empty()) << name;
    EXPECT_EQ(a.bytes, source) << name;
  }
  EXPECT_EQ(asset("dashboard.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(asset("dashboard.css").content_type, "text/css; charset=utf-8");
}

TEST(Assets, EmbedUPlotFromTheNpmInstall) {
  const Asset js = asset("uPlot.iife.min.js");
  EXPECT_GT(js.bytes.size(), 20000u);
  EXPECT_NE(js.bytes.find("var uPlot="), std::string_view::npos);
  EXPECT_NE(asset("uPlot.min.css").bytes.find(".uplot"), std::string_view::npos);
  EXPECT_NE(asset("uPlot-LICENSE.txt").bytes.find("MIT"), std::string_view::npos);
}

TEST(Assets, AreFoundOnlyUnderTheirOwnHash) {
  const Asset js = asset("dashboard.js");
  EXPECT_EQ(js.hash.size(), 16u);
  EXPECT_EQ(asset_url("dashboard.js"), "/static/" + std::string(js.hash) + "/dashboard.js");
  ASSERT_TRUE(find_asset(js.hash, "dashboard.js"));
  EXPECT_EQ(find_asset(js.hash, "dashboard.js")->bytes, js.bytes);
  EXPECT_FALSE(find_asset("0000000000000000", "dashboard.js"));
  EXPECT_FALSE(find_asset(js.hash, "dashboard.css"));
  EXPECT_FALSE(find_asset(js.hash, "../../etc/passwd"));
  EXPECT_THROW(asset("nope.js"), std::logic_error);
  // Different files, different hashes.
  EXPECT_NE(asset("dashboard.js").hash, asset("dashboard.css").hash);
}

}  // namespace
}  // namespace perfgate::dashboard
