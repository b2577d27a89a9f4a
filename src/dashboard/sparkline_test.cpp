#include "dashboard/sparkline.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "dashboard/dashboard_testing.hpp"

namespace perfgate::dashboard {
namespace {

using testing::count_of;

std::string spark(const std::vector<std::optional<double>>& values) {
  std::ostringstream out;
  write_sparkline(out, values, "t <x>");
  return out.str();
}

TEST(Sparkline, OneLineSegmentPerRunOfValuesBrokenAtGaps) {
  const std::string svg = spark({1, 2, std::nullopt, 3, 4, 5});
  EXPECT_NE(svg.find("data-points=\"5\""), std::string::npos);
  // Two pieces (M), four joins (L): 1-2 and 3-4-5.
  EXPECT_EQ(count_of(svg, "M"), 2u);
  EXPECT_EQ(count_of(svg, "L"), 3u);
  EXPECT_NE(svg.find("<title>t &lt;x&gt;</title>"), std::string::npos);
}

TEST(Sparkline, MapsTheSmallestValueToTheBottomAndTheLargestToTheTop) {
  const std::string svg = spark({10, 20});
  // 24 px tall with 3 px padding: 10 at y = 21, 20 at y = 3; x from 3 to 117.
  EXPECT_NE(svg.find("d=\"M3 21l0 0L117 3\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("cx=\"117\" cy=\"3\""), std::string::npos);
}

TEST(Sparkline, EqualValuesDrawAFlatLineAndNoValuesNothing) {
  EXPECT_NE(spark({5, 5, 5}).find("M3 12l0 0L60 12L117 12"), std::string::npos);
  const std::string empty = spark({std::nullopt, std::nullopt});
  EXPECT_NE(empty.find("data-points=\"0\""), std::string::npos);
  EXPECT_EQ(empty.find("<path"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::dashboard
