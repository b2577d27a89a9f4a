// The dashboard's routes over real HTTP on loopback, on both store backends:
// pages are HTML with their security headers, files are served under their
// hash only, a project whose reads need a token asks for it and keeps it in
// a cookie, mistakes are HTML pages with the API's statuses, and the project
// page follows new runs. What the pages hold is tested in src/dashboard/ and
// in a browser (tests/browser/dashboard_test.py).
#include "server/dashboard_routes.hpp"

#include <gtest/gtest.h>

#include "dashboard/assets.hpp"
#include "dashboard/links.hpp"
#include "model/run_json.hpp"
#include "server/testing/live_server.hpp"

namespace perfgate {
namespace {

using test_support::LiveServer;
using test_support::Reply;
using test_support::sample_run;
using test_support::StoreBackend;

class DashboardRoutes : public test_support::TwoProjectsServer {
 protected:
  void SetUp() override {
    add_routes_ = [](server::Server& s) { server::add_dashboard_routes(s.routes(), s.stores()); };
    TwoProjectsServer::SetUp();
  }

  void push(const std::string& project, const std::string& id, const std::string& started_at,
            double ns) {
    const perfgate::Run run =
        sample_run(id, started_at, {ns, ns + 1, ns - 1, ns, ns + 2}, "abc" + id);
    const Reply r = server_->post("/api/v1/runs?project=" + project, run_to_json(run),
                                  project == "web" ? web_token_ : secret_token_);
    ASSERT_EQ(r.status, 201) << r.body;
  }

  Reply form(const std::string& target, const std::string& body, const std::string& cookie = "") {
    httplib::Headers h{{"Content-Type", "application/x-www-form-urlencoded"}};
    if (!cookie.empty()) h.emplace("Cookie", cookie);
    return server_->send("POST", target, body, h);
  }
  Reply get_with_cookie(const std::string& target, const std::string& cookie) {
    return server_->send("GET", target, "", {{"Cookie", cookie}});
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, DashboardRoutes, ::testing::ValuesIn(test_support::all_backends),
                         [](const auto& info) { return std::string(info.param); });

TEST_P(DashboardRoutes, PagesAreHtmlThatMayLoadFromThisServerOnly) {
  push("web", "r1", "2026-11-24T10:00:00.000Z", 100);
  push("web", "r2", "2026-11-24T10:01:00.000Z", 101);
  for (const std::string target :
       {"/", "/p/web", "/p/web/regressions", "/p/web/series?benchmark=gemm_128&metric=wall_time",
        "/p/web/compare?base=r1&contender=r2"}) {
    const Reply r = server_->get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8") << target;
    EXPECT_NE(r.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos)
        << target;
    EXPECT_EQ(r.header("Cache-Control"), "no-store") << target;
    EXPECT_EQ(r.body.rfind("<!DOCTYPE html>", 0), 0u) << target;
  }
  const Reply project = server_->get("/p/web");
  EXPECT_NE(project.body.find("<tr data-benchmark=\"gemm_128\" data-metric=\"wall_time\""),
            std::string::npos);
  const Reply series = server_->get("/p/web/series?benchmark=gemm_128");
  EXPECT_NE(series.body.find("data-points=\"2\""), std::string::npos) << "metric defaults";
  const Reply compare = server_->get("/p/web/compare?base=r1&contender=r2");
  EXPECT_NE(compare.body.find("<tr class=\"verdict\" data-benchmark=\"gemm_128\""),
            std::string::npos);
  EXPECT_NE(server_->get("/").body.find("<tr data-project=\"web\">"), std::string::npos);
}

TEST_P(DashboardRoutes, FilesAreServedUnderTheirHashOnlyAndCachedForever) {
  const dashboard::Asset js = dashboard::asset("dashboard.js");
  const Reply r = server_->get(dashboard::asset_url("dashboard.js"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, js.bytes);
  EXPECT_EQ(r.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(server_->get(dashboard::asset_url("uPlot.iife.min.js")).body,
            dashboard::asset("uPlot.iife.min.js").bytes);
  EXPECT_EQ(server_->get("/static/0000000000000000/dashboard.js").status, 404);
  EXPECT_EQ(server_->get("/static/" + std::string(js.hash) + "/passwd").status, 404);
}

TEST_P(DashboardRoutes, ATokenProjectAsksForItsTokenAndKeepsItInACookieForItsPagesOnly) {
  push("secret", "s1", "2026-11-24T10:00:00.000Z", 100);
  const Reply asked = server_->get("/p/secret");
  EXPECT_EQ(asked.status, 401);
  EXPECT_NE(asked.body.find("<form method=\"post\" action=\"/p/secret/login\""), std::string::npos);
  EXPECT_EQ(asked.body.find("gemm_128"), std::string::npos) << "nothing of the project shown";

  // A wrong token, and another project's, are refused with the form again.
  EXPECT_EQ(form("/p/secret/login", "token=pgt_wrong&next=%2Fp%2Fsecret").status, 401);
  const Reply other = form("/p/secret/login", "token=" + web_token_);
  EXPECT_EQ(other.status, 401);
  EXPECT_TRUE(other.header("Set-Cookie").empty());

  const Reply in =
      form("/p/secret/login", "token=" + secret_token_ + "&next=%2Fp%2Fsecret%2Fregressions");
  ASSERT_EQ(in.status, 303) << in.body;
  EXPECT_EQ(in.header("Location"), "/p/secret/regressions");
  const std::string cookie = in.header("Set-Cookie");
  EXPECT_EQ(cookie, "perfgate_token=" + secret_token_ +
                        "; Path=/p/secret; HttpOnly; SameSite=Strict; Max-Age=2592000");
  const std::string sent = "perfgate_token=" + secret_token_;
  EXPECT_EQ(get_with_cookie("/p/secret", sent).status, 200);
  EXPECT_EQ(get_with_cookie("/p/secret/series?benchmark=gemm_128", "a=b; " + sent).status, 200);
  EXPECT_EQ(server_->get("/p/secret", secret_token_).status, 200) << "the API's bearer token";
  EXPECT_EQ(server_->get("/p/secret", web_token_).status, 403);

  // Never a redirect away from the project's pages.
  for (const std::string next :
       {"http%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example", "%2Fp%2Fweb"})
    EXPECT_EQ(
        form("/p/secret/login", "token=" + secret_token_ + "&next=" + next).header("Location"),
        "/p/secret")
        << next;
}

TEST_P(DashboardRoutes, ARevokedTokensCookieAsksForTheTokenAgain) {
  push("secret", "s1", "2026-11-24T10:00:00.000Z", 100);
  const std::string sent = "perfgate_token=" + secret_token_;
  ASSERT_EQ(get_with_cookie("/p/secret", sent).status, 200);
  {
    auto store = open_store(backend_->url());
    for (const ApiToken& t : store->tokens("secret"))
      store->revoke_token(t.id, "2026-11-24T11:00:00.000Z");
  }
  const Reply r = get_with_cookie("/p/secret", sent);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("not valid any more"), std::string::npos);
}

TEST_P(DashboardRoutes, MistakesArePagesWithTheApisStatusesAndMessages) {
  push("web", "r1", "2026-11-24T10:00:00.000Z", 100);
  struct Case {
    std::string target;
    int status;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"/p/nope", 404, "nope"},
           {"/p/web/series", 400, "benchmark="},
           {"/p/web/series?benchmark=%3Cb%3E", 404, "no benchmark &quot;&lt;b&gt;&quot;"},
           {"/p/web/series?benchmark=gemm_128&metric=rss", 404, "no metric &quot;rss&quot;"},
           {"/p/web/compare?base=r1", 400, "contender="},
           {"/p/web/compare?base=nope&contender=r1", 404, "base="},
           {"/p/web/compare?base=1&contender=r1", 400, "store ids are not used here"},
       }) {
    const Reply r = server_->get(c.target);
    EXPECT_EQ(r.status, c.status) << c.target << ": " << r.body;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8") << c.target;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.target << ": " << r.body;
  }
}

TEST_P(DashboardRoutes, TheProjectPageFollowsEveryNewRun) {
  push("web", "r1", "2026-11-24T10:00:00.000Z", 100);
  EXPECT_NE(server_->get("/p/web").body.find("Newest run: <span class=\"id\">r1</span>"),
            std::string::npos);
  EXPECT_NE(server_->get("/p/web").body.find("Newest run: <span class=\"id\">r1</span>"),
            std::string::npos)
      << "made again from the cache";
  push("web", "r2", "2026-11-24T10:01:00.000Z", 200);
  const std::string page = server_->get("/p/web").body;
  EXPECT_NE(page.find("Newest run: <span class=\"id\">r2</span>"), std::string::npos);
  EXPECT_NE(page.find("+100.0 % <span class=\"muted\">vs the run before"), std::string::npos);
}

}  // namespace
}  // namespace perfgate
