// Which exception becomes which status: a client's mistake is a 4xx, the
// store's failure a 503 with Retry-After, and only perfgate's own bugs a 500.
#include "server/api_error.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "model/error.hpp"

namespace perfgate::server {
namespace {

HttpResponse respond_to(const std::exception_ptr& e, std::string& internal) {
  return response_for(e, internal);
}

nlohmann::json body_of(const HttpResponse& r) { return nlohmann::json::parse(r.body); }

TEST(ServerErrorMapping, HttpErrorKeepsItsStatusAndHeaders) {
  std::string internal;
  const HttpResponse r =
      respond_to(std::make_exception_ptr(HttpError(405, "use GET", {{"Allow", "GET"}})), internal);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(body_of(r)["error"]["status"], 405);
  EXPECT_EQ(body_of(r)["error"]["message"], "use GET");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_TRUE(internal.empty());
}

TEST(ServerErrorMapping, PerfgateErrorIsTheClientsMistake400) {
  std::string internal;
  const HttpResponse r = respond_to(
      std::make_exception_ptr(input_error("request body:3:7: expected ',' or '}'")), internal);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"]["message"], "request body:3:7: expected ',' or '}'");
}

TEST(ServerErrorMapping, StoreUnavailableIs503WithRetryAfterAndSaysNothingWasWritten) {
  std::string internal;
  const HttpResponse r = respond_to(
      std::make_exception_ptr(StoreUnavailable("postgresql://ci@db:5432/perf: connection lost")),
      internal);
  EXPECT_EQ(r.status, 503);
  const std::string message = body_of(r)["error"]["message"];
  EXPECT_NE(message.find("connection lost"), std::string::npos);
  EXPECT_NE(message.find("nothing was written"), std::string::npos);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Retry-After");
  EXPECT_EQ(r.headers[0].second, std::to_string(retry_after_seconds));
}

TEST(ServerErrorMapping, AnythingElseIs500AndItsTextGoesOnlyToTheLog) {
  std::string internal;
  const HttpResponse r =
      respond_to(std::make_exception_ptr(std::out_of_range("vector::at secret detail")), internal);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(internal, "vector::at secret detail");
  EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
}

TEST(ServerErrorMapping, MessagesAreOneLineAndInvalidUtf8DoesNotThrow) {
  const std::string body = error_json(400, "line one\nline two \xff");
  const nlohmann::json j = nlohmann::json::parse(body);
  const std::string message = j["error"]["message"];
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_NE(message.find("line two"), std::string::npos);
}

}  // namespace
}  // namespace perfgate::server
