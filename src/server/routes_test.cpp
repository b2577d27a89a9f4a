// The route table: placeholders, 404 for an unknown path, 405 with Allow for
// a known path and another method.
#include "server/routes.hpp"

#include <gtest/gtest.h>

namespace perfgate::server {
namespace {

HttpResponse text(std::string body) {
  HttpResponse r;
  r.body = std::move(body);
  return r;
}

Routes sample_routes() {
  Routes routes;
  routes.add("GET", "/api/v1/projects", [](const HttpRequest&) { return text("projects"); });
  routes.add("GET", "/api/v1/projects/{project}/runs/{run_id}", [](const HttpRequest& r) {
    return text("run " + r.path_param("project") + " " + r.path_param("run_id"));
  });
  routes.add("POST", "/api/v1/runs", [](const HttpRequest&) { return text("posted"); });
  return routes;
}

HttpRequest request(std::string method, std::string path) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(ServerRoutes, PlaceholdersMatchOneSegmentEach) {
  Routes routes = sample_routes();
  HttpRequest r = request("GET", "/api/v1/projects/web/runs/20261124T101010.123Z-abc1234");
  EXPECT_EQ(routes.dispatch(r).body, "run web 20261124T101010.123Z-abc1234");
  HttpRequest longer = request("GET", "/api/v1/projects/web/runs/a/b");
  EXPECT_THROW(routes.dispatch(longer), HttpError);
}

TEST(ServerRoutes, TrailingSlashAndHeadAreServedAsGet) {
  Routes routes = sample_routes();
  HttpRequest r = request("GET", "/api/v1/projects/");
  EXPECT_EQ(routes.dispatch(r).body, "projects");
  HttpRequest head = request("HEAD", "/api/v1/projects");
  EXPECT_EQ(routes.dispatch(head).body, "projects");
}

TEST(ServerRoutes, UnknownPathIs404) {
  Routes routes = sample_routes();
  HttpRequest r = request("GET", "/api/v2/projects");
  try {
    routes.dispatch(r);
    FAIL() << "no error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_NE(std::string(e.what()).find("/api/v2/projects"), std::string::npos) << e.what();
  }
}

TEST(ServerRoutes, KnownPathWithAnotherMethodIs405WithAllow) {
  Routes routes = sample_routes();
  HttpRequest r = request("DELETE", "/api/v1/projects");
  try {
    routes.dispatch(r);
    FAIL() << "no error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 405);
    ASSERT_EQ(e.headers().size(), 1u);
    EXPECT_EQ(e.headers()[0].first, "Allow");
    EXPECT_EQ(e.headers()[0].second, "GET, HEAD");
  }
  HttpRequest get = request("GET", "/api/v1/runs");
  try {
    routes.dispatch(get);
    FAIL() << "no error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 405);
    EXPECT_EQ(e.headers()[0].second, "POST");
  }
}

TEST(ServerRoutes, TheSameRouteTwiceIsAProgrammingError) {
  Routes routes = sample_routes();
  EXPECT_THROW(routes.add("GET", "/api/v1/projects/", [](const HttpRequest&) { return text(""); }),
               std::logic_error);
}

TEST(ServerRoutes, PathSegmentsDropEmptyOnes) {
  EXPECT_EQ(path_segments("/a//b/"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(path_segments("/").empty());
}

}  // namespace
}  // namespace perfgate::server
