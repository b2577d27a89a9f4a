// API tokens: their form, their hash (against OpenSSL's command-line tool as
// an independent oracle) and the comparison of hashes.
#include "server/api_token.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>

namespace perfgate::server {
namespace {

// `printf %s TEXT | openssl dgst -sha256 -r`: the hex digest, or "" when the
// tool is missing.
std::string openssl_sha256(const std::string& text) {
  const std::string cmd = "printf '%s' '" + text + "' | openssl dgst -sha256 -r 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return "";
  char buf[256] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
  ::pclose(p);
  std::string out(buf, n);
  return out.substr(0, out.find(' '));
}

TEST(TokenFormat, NewTokensArePgtAnd43Base64UrlCharactersAndAllDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string t = make_token();
    EXPECT_EQ(t.size(), 4u + 43u) << t;
    EXPECT_TRUE(t.starts_with("pgt_")) << t;
    EXPECT_TRUE(is_token_format(t)) << t;
    EXPECT_TRUE(seen.insert(t).second) << "a token came twice: " << t;
  }
}

TEST(TokenFormat, RefusesWhatIsNotAToken) {
  const std::string good = "pgt_" + std::string(43, 'A');
  EXPECT_TRUE(is_token_format(good));
  EXPECT_FALSE(is_token_format(""));
  EXPECT_FALSE(is_token_format("pgt_"));
  EXPECT_FALSE(is_token_format("pgx_" + std::string(43, 'A')));
  EXPECT_FALSE(is_token_format("pgt_" + std::string(42, 'A')));
  EXPECT_FALSE(is_token_format("pgt_" + std::string(44, 'A')));
  EXPECT_FALSE(is_token_format("pgt_" + std::string(42, 'A') + "="));
  EXPECT_FALSE(is_token_format("pgt_" + std::string(42, 'A') + "+"));
  EXPECT_FALSE(is_token_format("pgt_" + std::string(42, 'A') + "/"));
  EXPECT_TRUE(is_token_format("pgt_" + std::string(41, 'A') + "-_"));
}

TEST(TokenFormat, PrefixIsTheSchemeAndEightCharacters) {
  EXPECT_EQ(token_prefix("pgt_Xb3kQ9aZ" + std::string(35, 'q')), "pgt_Xb3kQ9aZ");
}

TEST(TokenHash, IsTheSha256OfTheTokenTextAsOpenSslComputesIt) {
  const std::string token = make_token();
  const std::string expected = openssl_sha256(token);
  if (expected.empty()) GTEST_SKIP() << "the openssl command is not installed";
  EXPECT_EQ(token_hash(token), expected);
  // The empty string's well-known digest.
  EXPECT_EQ(token_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(TokenHash, EqualOnlyForTheSameHash) {
  const std::string a = token_hash("pgt_a"), b = token_hash("pgt_b");
  EXPECT_TRUE(hashes_equal(a, token_hash("pgt_a")));
  EXPECT_FALSE(hashes_equal(a, b));
  EXPECT_FALSE(hashes_equal(a, a.substr(0, 63)));
  std::string last_differs = a;
  last_differs.back() = last_differs.back() == '0' ? '1' : '0';
  EXPECT_FALSE(hashes_equal(a, last_differs));
}

TEST(TokenBase64Url, MatchesRfc4648TestVectorsWithoutPadding) {
  // RFC 4648, section 10, in the URL-safe alphabet and without '='.
  EXPECT_EQ(base64url(""), "");
  EXPECT_EQ(base64url("f"), "Zg");
  EXPECT_EQ(base64url("fo"), "Zm8");
  EXPECT_EQ(base64url("foo"), "Zm9v");
  EXPECT_EQ(base64url("foob"), "Zm9vYg");
  EXPECT_EQ(base64url("fooba"), "Zm9vYmE");
  EXPECT_EQ(base64url("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64url("\xfb\xff"), "-_8");  // '+' and '/' in standard base64
}

}  // namespace
}  // namespace perfgate::server
