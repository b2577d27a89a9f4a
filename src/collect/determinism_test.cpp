// Where two outputs first differ, as the determinism failure shows it.
#include "collect/determinism.hpp"

#include <gtest/gtest.h>

namespace perfgate {
namespace {

TEST(DeterminismDifference, EqualOutputsHaveNone) {
  EXPECT_EQ(describe_difference("stdout", "a\nb\n", "a\nb\n", 0, 1), "");
}

TEST(DeterminismDifference, AShorterFileEndsWhereTheOtherGoesOn) {
  EXPECT_EQ(describe_difference("o.bin", std::string("\x01\x02", 2), std::string("\x01\x02\x03", 3),
                                0, 4),
            "o.bin differs between repetition 0 and 4 at byte 2: end of file vs 0x03 (bytes "
            "0..15: 01 02 vs 01 02 03; sizes 2 and 3 bytes in repetitions 0 and 4)");
}

TEST(DeterminismDifference, StdoutNamesTheLineAnExtraLineAndALineEnding) {
  EXPECT_EQ(describe_difference("stdout", "a\nb\n", "a\nb\nc\n", 0, 1),
            "stdout differs between repetition 0 and 1 at line 3: end of output vs \"c\"");
  EXPECT_EQ(describe_difference("stdout", "a\n", "a\r\n", 0, 1),
            "stdout differs between repetition 0 and 1 at line 1: \"a\" vs \"a\\x0d\"");
  EXPECT_EQ(describe_difference("stdout", "a", "a\n", 0, 1),
            "stdout differs between repetition 0 and 1 at line 1 (only its line ending "
            "differs): \"a\" vs \"a\"");
}

TEST(DeterminismDifference, ALongLineIsCutAroundTheDifference) {
  const std::string a = std::string(200, 'x') + "1" + std::string(200, 'y');
  const std::string b = std::string(200, 'x') + "2" + std::string(200, 'y');
  const std::string d = describe_difference("stdout", a, b, 0, 1);
  EXPECT_EQ(d.rfind("stdout differs between repetition 0 and 1 at line 1, column 201: ...\"", 0),
            0u)
      << d;
  EXPECT_NE(d.find(std::string(40, 'x') + "1" + std::string(39, 'y') + "\"... vs"),
            std::string::npos)
      << d;
  EXPECT_LT(d.size(), 300u);
}

}  // namespace
}  // namespace perfgate
