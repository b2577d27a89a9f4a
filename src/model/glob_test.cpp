#include "model/glob.hpp"

#include <gtest/gtest.h>

#include <string>

namespace perfgate {
namespace {

TEST(Glob, StarMatchesAnyRunOfCharactersIncludingNoneAndSlashes) {
  EXPECT_TRUE(glob_match("gemm_*", "gemm_128x128"));
  EXPECT_TRUE(glob_match("gemm_*", "gemm_"));
  EXPECT_TRUE(glob_match("llm/*", "llm/q4_0/decode"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("*decode", "llm/decode"));
  EXPECT_TRUE(glob_match("a**b", "ab"));
  EXPECT_FALSE(glob_match("gemm_*", "gemv_128"));
  EXPECT_FALSE(glob_match("gemm_*", "my_gemm_128"));
}

TEST(Glob, QuestionMarkMatchesExactlyOneCharacter) {
  EXPECT_TRUE(glob_match("sort_?k", "sort_1k"));
  EXPECT_FALSE(glob_match("sort_?k", "sort_10k"));
  EXPECT_FALSE(glob_match("sort_?k", "sort_k"));
  EXPECT_FALSE(glob_match("?", ""));
}

TEST(Glob, MatchIsOfTheWholeNameAndCaseSensitive) {
  EXPECT_TRUE(glob_match("sort", "sort"));
  EXPECT_FALSE(glob_match("sort", "sort_ints"));
  EXPECT_FALSE(glob_match("sort", "quicksort"));
  EXPECT_FALSE(glob_match("Sort*", "sort_ints"));
  EXPECT_FALSE(glob_match("", "a"));
  EXPECT_TRUE(glob_match("", ""));
}

TEST(Glob, BracketsMatchOneCharacterOfASetOrRange) {
  EXPECT_TRUE(glob_match("gemm_[0-9]*", "gemm_128"));
  EXPECT_FALSE(glob_match("gemm_[0-9]*", "gemm_big"));
  EXPECT_TRUE(glob_match("attn_[qkv]", "attn_k"));
  EXPECT_FALSE(glob_match("attn_[qkv]", "attn_o"));
  EXPECT_TRUE(glob_match("[a-cx-z]1", "y1"));
  EXPECT_FALSE(glob_match("[a-cx-z]1", "d1"));
}

TEST(Glob, ExclamationOrCaretNegatesASet) {
  EXPECT_TRUE(glob_match("attn_[!qkv]", "attn_o"));
  EXPECT_FALSE(glob_match("attn_[!qkv]", "attn_q"));
  EXPECT_TRUE(glob_match("attn_[^qkv]", "attn_o"));
  EXPECT_FALSE(glob_match("attn_[^qkv]", "attn_v"));
}

TEST(Glob, ClosingBracketFirstAndDashAtAnEndAreLiteral) {
  EXPECT_TRUE(glob_match("[]a]", "]"));
  EXPECT_TRUE(glob_match("[!]a]", "b"));
  EXPECT_FALSE(glob_match("[!]a]", "]"));
  EXPECT_TRUE(glob_match("x[-_]y", "x-y"));
  EXPECT_TRUE(glob_match("x[_-]y", "x-y"));
  EXPECT_FALSE(glob_match("x[_-]y", "x.y"));
}

TEST(Glob, BacktracksToTheLastStar) {
  EXPECT_TRUE(glob_match("a*b*c", "aXbYbZc"));
  EXPECT_TRUE(glob_match("*/decode", "llm/a/decode"));
  EXPECT_FALSE(glob_match("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(glob_match("*_?", "a_b_c"));
}

TEST(Glob, ManyStarsOnALongNameFinishQuickly) {
  // A naive recursive matcher takes exponential time here.
  const std::string name(2000, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", name));
  EXPECT_TRUE(glob_match("*a*a*a*a*a*a*a*a*", name));
}

TEST(Glob, MalformedPatternsAreExplainedAndMatchNothing) {
  EXPECT_EQ(glob_syntax_error("gemm_[0-9"),
            "the '[' at position 6 is never closed (write ']' after the characters it allows)");
  EXPECT_EQ(glob_syntax_error("[]"),
            "the '[' at position 1 is never closed (write ']' after the characters it allows)");
  EXPECT_EQ(glob_syntax_error("x[z-a]"),
            "the range 'z-a' at position 3 is backwards (write the smaller character first)");
  EXPECT_FALSE(glob_match("gemm_[0-9", "gemm_[0-9"));
  EXPECT_FALSE(glob_match("x[z-a]", "xb"));
}

TEST(Glob, WellFormedPatternsHaveNoSyntaxError) {
  for (const char* p : {"", "*", "gemm_*", "a?c", "[abc]", "[!a-z]", "[]]", "[a-]", "x]y"})
    EXPECT_EQ(glob_syntax_error(p), "") << p;
}

}  // namespace
}  // namespace perfgate
