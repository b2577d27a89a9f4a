// Query parameters, bearer tokens and links: a client's malformed request is
// a 4xx that names the parameter, never a 500.
#include <gtest/gtest.h>

#include "server/access.hpp"
#include "server/api_json.hpp"
#include "server/api_token.hpp"

namespace perfgate::server {
namespace {

HttpRequest with_query(std::multimap<std::string, std::string> query) {
  HttpRequest r;
  r.method = "GET";
  r.path = "/";
  r.query = std::move(query);
  return r;
}

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const HttpError& e) {
    return e.status();
  }
  return 0;
}

TEST(ServerRequestParams, WholeNumbersInRangeOrA400NamingTheParameter) {
  EXPECT_EQ(int_param(with_query({}), "limit", 50, 1, 1000), 50);
  EXPECT_EQ(int_param(with_query({{"limit", "7"}}), "limit", 50, 1, 1000), 7);
  for (const char* bad : {"", "0", "1001", "-3", "7x", "1e3", "99999999999999999999", " 7"})
    EXPECT_EQ(status_of([&] {
                int_param(with_query({{"limit", bad}}), "limit", 50, 1, 1000);
              }),
              400)
        << bad;
  try {
    int_param(with_query({{"limit", "x"}}), "limit", 50, 1, 1000);
  } catch (const HttpError& e) {
    EXPECT_NE(std::string(e.what()).find("limit=x"), std::string::npos) << e.what();
  }
}

TEST(ServerRequestParams, RepeatedParametersKeepTheirOrderAndTheLastWins) {
  const HttpRequest r = with_query({{"benchmark", "a"}, {"benchmark", "b"}});
  EXPECT_EQ(r.params("benchmark"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.param("benchmark"), "b");
  EXPECT_FALSE(r.param("metric"));
}

TEST(ServerRequestParams, BooleansAndRequiredParameters) {
  EXPECT_TRUE(bool_param(with_query({{"weak", "true"}}), "weak", false));
  EXPECT_FALSE(bool_param(with_query({{"weak", "0"}}), "weak", true));
  EXPECT_EQ(status_of([&] { bool_param(with_query({{"weak", "yes"}}), "weak", false); }), 400);
  EXPECT_EQ(required_param(with_query({{"base", "latest"}}), "base", "latest~1"), "latest");
  EXPECT_EQ(status_of([&] { required_param(with_query({}), "base", "latest~1"); }), 400);
  EXPECT_EQ(status_of([&] { required_param(with_query({{"base", ""}}), "base", "x"); }), 400);
}

TEST(ServerRequestParams, BearerTokensAreReadOnlyInTheirOwnForm) {
  HttpRequest r;
  EXPECT_FALSE(bearer_token(r));
  const std::string token = make_token();
  r.headers["authorization"] = "Bearer " + token;
  EXPECT_EQ(bearer_token(r), token);
  r.headers["authorization"] = "bearer   " + token + " ";
  EXPECT_EQ(bearer_token(r), token);
  for (const std::string& bad :
       std::vector<std::string>{"Basic dXNlcjpwdw==", "Bearer", "Bearer pgt_short", token})
    EXPECT_EQ(status_of([&] {
                r.headers["authorization"] = bad;
                bearer_token(r);
              }),
              401)
        << bad;
}

TEST(ServerRequestParams, LinksEncodeEachSegment) {
  EXPECT_EQ(link({"projects", "web", "runs", "a b/c"}), "/api/v1/projects/web/runs/a%20b%2Fc");
}

}  // namespace
}  // namespace perfgate::server
