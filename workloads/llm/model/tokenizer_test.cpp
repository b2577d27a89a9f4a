// The byte-level tokenizer and the token list written into model files.
#include "llm/tokenizer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace llm {
namespace {

TEST(Tokenizer, EachByteIsOneTokenWithTheBytesValue) {
  const std::string text = std::string("A\0\xff", 3) + "é";  // é is 0xC3 0xA9
  EXPECT_EQ(tokenize(text), (std::vector<std::uint32_t>{65, 0, 255, 0xc3, 0xa9}));
  EXPECT_TRUE(tokenize("").empty());
}

TEST(Tokenizer, EveryByteStringRoundTrips) {
  std::string all;
  for (int b = 255; b >= 0; --b) all.push_back(static_cast<char>(b));
  EXPECT_EQ(detokenize(tokenize(all)), all);
}

TEST(Tokenizer, ExtraTokensDecodeToNothing) {
  EXPECT_EQ(detokenize({72, 256, 105, 511, 100000}), "Hi");
}

TEST(ByteVocabulary, PrintableBytesAreThemselvesOthersAreHexAndExtrasAreNumbered) {
  const std::vector<std::string> v = byte_vocabulary(300);
  ASSERT_EQ(v.size(), 300u);
  EXPECT_EQ(v['A'], "A");
  EXPECT_EQ(v[' '], " ");
  EXPECT_EQ(v['~'], "~");
  EXPECT_EQ(v[0], "<0x00>");
  EXPECT_EQ(v['\n'], "<0x0A>");
  EXPECT_EQ(v[0x7f], "<0x7F>");
  EXPECT_EQ(v[255], "<0xFF>");
  EXPECT_EQ(v[256], "<extra_0>");
  EXPECT_EQ(v[299], "<extra_43>");
  // Every token is distinct and ASCII (hence valid UTF-8, as GGUF strings must be).
  EXPECT_EQ(std::set<std::string>(v.begin(), v.end()).size(), v.size());
  for (const std::string& t : v)
    for (char c : t) EXPECT_LT(static_cast<unsigned char>(c), 0x80u) << t;
}

TEST(ByteVocabulary, ExactlyTheByteTokensAtSize256AndRefusedBelow) {
  EXPECT_EQ(byte_vocabulary(256).size(), 256u);
  EXPECT_THROW(byte_vocabulary(255), std::invalid_argument);
}

}  // namespace
}  // namespace llm
