// The text table within a width: shorter names first, then columns dropped
// in order, then names shortened as a last resort; and word wrapping.
#include "report/table.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace perfgate {
namespace {

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TextTable sample() {
  TextTable t({"benchmark", "change", "p", "status"});
  t.add_row({{"decode/q4_k_m/a-very-long-benchmark-name", ""}, {"+25.0 %", ""}, {"0.0001", ""},
             {"critical", ""}});
  t.add_row({{"ютф-8/short", ""}, {"+0.1 %", ""}, {"0.92", ""}, {"stable", ""}});
  t.shrinkable(0, 20, 10);
  t.droppable(2);
  return t;
}

TEST(TextTable, UnlimitedKeepsEverything) {
  std::ostringstream out;
  EXPECT_TRUE(sample().write(out, false, 0).empty());
  EXPECT_EQ(lines(out.str())[1],
            "decode/q4_k_m/a-very-long-benchmark-name  +25.0 %  0.0001  critical");
}

TEST(TextTable, ShortensNamesBeforeDroppingAColumn) {
  std::ostringstream out;
  EXPECT_TRUE(sample().write(out, false, 50).empty());
  auto l = lines(out.str());
  EXPECT_EQ(l[1], "decode/q4_k…chmark-name  +25.0 %  0.0001  critical");
  for (const auto& line : l) EXPECT_LE(display_width(line), 50u) << line;
}

TEST(TextTable, DropsColumnsInOrderThenShortensAsALastResort) {
  std::ostringstream out;
  auto dropped = sample().write(out, false, 40);
  ASSERT_EQ(dropped, std::vector<std::string>{"p"});
  auto l = lines(out.str());
  EXPECT_EQ(l[1], "decode/q4_…hmark-name  +25.0 %  critical");
  std::ostringstream tight;
  sample().write(tight, false, 30);
  EXPECT_EQ(lines(tight.str())[1], "decod…-name  +25.0 %  critical") << "under 20: the last resort";
}

TEST(ShortenMiddle, CountsCodePointsNotBytes) {
  EXPECT_EQ(shorten_middle("ютф-8/abcdefgh", 7), "ютф…fgh");
  EXPECT_EQ(display_width(shorten_middle("ютф-8/abcdefgh", 7)), 7u);
  EXPECT_EQ(shorten_middle("short", 7), "short");
}

TEST(Wrap, BreaksAtSpacesAndIndentsContinuations) {
  EXPECT_EQ(wrap("  alpha beta gamma delta", 14, 4), "  alpha beta\n    gamma\n    delta\n");
  EXPECT_EQ(wrap("one line", 0, 4), "one line\n");
  EXPECT_EQ(wrap("averyveryverylongword x", 8, 2), "averyveryverylongword\n  x\n");
}

}  // namespace
}  // namespace perfgate
