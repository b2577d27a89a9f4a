// The API over real HTTP on loopback, on both store backends: pushes and
// reads, who may do what, and every kind of bad input or fault the issue
// names (docs/api.md). Each test has its own new store and server.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "server/api_error.hpp"
#include "server/push.hpp"
#include "server/testing/live_server.hpp"

namespace perfgate {
namespace {

using test_support::LiveServer;
using test_support::Reply;
using test_support::sample_run;
using test_support::StoreBackend;

class ServerApi : public test_support::TwoProjectsServer {
 protected:
  Reply push(const perfgate::Run& run, const std::string& token,
             const std::string& query = "?project=web") {
    return server_->post("/api/v1/runs" + query, run_to_json(run), token);
  }
  std::int64_t runs_in_store() { return backend_->query_int("SELECT count(*) FROM runs"); }
  std::int64_t samples_in_store() { return backend_->query_int("SELECT count(*) FROM samples"); }
};

INSTANTIATE_TEST_SUITE_P(Backends, ServerApi, ::testing::ValuesIn(test_support::all_backends),
                         [](const auto& info) { return std::string(info.param); });

const std::vector<double> base_ns = {100, 101, 99, 100, 102, 98, 100, 101, 99, 100};
const std::vector<double> slow_ns = {120, 121, 119, 120, 122, 118, 120, 121, 119, 120};

TEST_P(ServerApi, APushedRunComesBackAsItWasAndInTheProjectsLists) {
  const perfgate::Run run = sample_run("20261124T100000.000Z-aaaaaaa", "2026-11-24T10:00:00.000Z",
                                       base_ns, "aaaaaaa1111", "main", /*with_failure=*/true);
  const Reply r = push(run, web_token_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["run_id"], run.id);
  EXPECT_EQ(r.json()["project"], "web");
  EXPECT_EQ(r.json()["duplicate"], false);
  EXPECT_EQ(r.header("Location"), "/api/v1/projects/web/runs/" + run.id);

  const Reply back = server_->get("/api/v1/projects/web/runs/" + run.id);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.body, run_to_json(run) + "\n");

  const Reply list = server_->get("/api/v1/projects/web/runs");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["runs"].size(), 1u);
  EXPECT_EQ(list.json()["runs"][0]["run_id"], run.id);
  EXPECT_EQ(list.json()["runs"][0]["failed_repetitions"], 1);
  // Another project does not see it.
  const Reply other = server_->get("/api/v1/projects/secret/runs", secret_token_);
  ASSERT_EQ(other.status, 200);
  EXPECT_TRUE(other.json()["runs"].empty());
}

TEST_P(ServerApi, AnotherToolsFileIsStoredAsANewRunWithTheGivenCommitAndBranch) {
  const std::string gbench = R"({
    "context": {"date": "2026-11-24T10:00:00+00:00", "num_cpus": 4},
    "benchmarks": [
      {"name": "BM_Sort/1024", "run_name": "BM_Sort/1024", "run_type": "iteration",
       "repetitions": 1, "repetition_index": 0, "threads": 1, "iterations": 1000,
       "real_time": 1500.5, "cpu_time": 1490.0, "time_unit": "ns"}
    ]})";
  const Reply r = server_->post("/api/v1/runs?project=web&commit=abcdef0123&branch=main&label=sort",
                                gbench, web_token_);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string run_id = r.json()["run_id"];
  EXPECT_NE(run_id.find("-abcdef0-"), std::string::npos) << run_id;
  const Reply back = server_->get("/api/v1/projects/web/runs/" + run_id);
  ASSERT_EQ(back.status, 200);
  const perfgate::Run stored = run_from_json(back.body, "reply");
  EXPECT_EQ(stored.environment.git.commit, "abcdef0123");
  EXPECT_EQ(stored.environment.git.branch, "main");
  EXPECT_EQ(stored.suite_name, "sort");
  ASSERT_EQ(stored.benchmarks.size(), 1u);
  EXPECT_EQ(stored.benchmarks[0].name, "BM_Sort/1024");
  // With run_id= the same upload is idempotent.
  const Reply once = server_->post("/api/v1/runs?project=web&run_id=upload-1", gbench, web_token_);
  const Reply twice = server_->post("/api/v1/runs?project=web&run_id=upload-1", gbench, web_token_);
  EXPECT_EQ(once.status, 201) << once.body;
  EXPECT_EQ(twice.status, 200) << twice.body;
  EXPECT_EQ(twice.json()["duplicate"], true);
}

TEST_P(ServerApi, SeriesAndCompareAreTheCliJsonOverThePushedRuns) {
  ASSERT_EQ(
      push(sample_run("r1", "2026-11-24T10:00:00.000Z", base_ns, "1111111"), web_token_).status,
      201);
  ASSERT_EQ(
      push(sample_run("r2", "2026-11-24T11:00:00.000Z", slow_ns, "2222222"), web_token_).status,
      201);

  const Reply series = server_->get("/api/v1/projects/web/series?benchmark=gemm_128");
  ASSERT_EQ(series.status, 200) << series.body;
  const nlohmann::json s = series.json();
  EXPECT_EQ(s["benchmark"], "gemm_128");
  EXPECT_EQ(s["order"], "time");
  ASSERT_EQ(s["points"].size(), 2u);
  EXPECT_EQ(s["points"][0]["run_id"], "r1");
  EXPECT_EQ(s["points"][1]["run_id"], "r2");
  EXPECT_DOUBLE_EQ(s["points"][1]["value"].get<double>(), 120.0);

  const Reply cmp = server_->get("/api/v1/projects/web/compare?base=latest~1&contender=latest");
  ASSERT_EQ(cmp.status, 200) << cmp.body;
  const nlohmann::json c = cmp.json();
  ASSERT_EQ(c["verdicts"].size(), 1u);
  EXPECT_EQ(c["verdicts"][0]["benchmark"], "gemm_128");
  EXPECT_EQ(c["verdicts"][0]["status"], "regression");
  EXPECT_EQ(c["base"]["id"], "r1");
  EXPECT_EQ(c["contender"]["id"], "r2");

  const Reply by_branch =
      server_->get("/api/v1/projects/web/compare?base=r1&contender=branch:main");
  EXPECT_EQ(by_branch.status, 200) << by_branch.body;
  const Reply none = server_->get("/api/v1/projects/web/compare?base=latest~5&contender=latest");
  EXPECT_EQ(none.status, 404);
  EXPECT_NE(none.error_message().find("latest~5"), std::string::npos) << none.body;
  const Reply store_id = server_->get("/api/v1/projects/web/compare?base=1&contender=latest");
  EXPECT_EQ(store_id.status, 400);
  // A path on the server's disk is never read as a run.
  const Reply file = server_->get("/api/v1/projects/web/compare?base=/etc/passwd&contender=latest");
  EXPECT_EQ(file.status, 404);

  const Reply cps = server_->get("/api/v1/projects/web/change-points?benchmark=gemm_128");
  ASSERT_EQ(cps.status, 200) << cps.body;
  EXPECT_TRUE(cps.json().contains("series")) << cps.body;
  const Reply benchmarks = server_->get("/api/v1/projects/web/benchmarks");
  ASSERT_EQ(benchmarks.status, 200);
  EXPECT_EQ(benchmarks.json()["benchmarks"][0]["name"], "gemm_128");
  EXPECT_EQ(benchmarks.json()["benchmarks"][0]["metrics"][0]["name"], "wall_time");
}

TEST_P(ServerApi, ADuplicatePushIs200AndWritesNothing) {
  const perfgate::Run run = sample_run("dup", "2026-11-24T10:00:00.000Z", base_ns);
  ASSERT_EQ(push(run, web_token_).status, 201);
  const std::int64_t runs = runs_in_store(), samples = samples_in_store();
  const Reply again = push(run, web_token_);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["duplicate"], true);
  EXPECT_EQ(runs_in_store(), runs);
  EXPECT_EQ(samples_in_store(), samples);
  // The same run id in another project is a conflict, not a second copy.
  const Reply elsewhere = push(run, secret_token_, "?project=secret");
  EXPECT_EQ(elsewhere.status, 409) << elsewhere.body;
  EXPECT_EQ(runs_in_store(), runs);
}

// A server serving someone's local store: a run saved there without a
// project cannot be pushed into one, and the 409 says why and what to do.
TEST_P(ServerApi, ARunSavedLocallyInTheServersStoreIsAConflictThatSaysToServeAStoreOfItsOwn) {
  const perfgate::Run run = sample_run("local", "2026-11-24T10:00:00.000Z", base_ns);
  open_store(backend_->url())->save(run, "");
  const std::int64_t runs = runs_in_store();
  const Reply r = push(run, web_token_);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.error_message().find("saved there without a project"), std::string::npos) << r.body;
  EXPECT_NE(r.error_message().find("serve a store of its own"), std::string::npos) << r.body;
  EXPECT_EQ(runs_in_store(), runs);
}

TEST_P(ServerApi, ConcurrentPushesOfOneRunStoreItOnce) {
  const perfgate::Run run = sample_run("race", "2026-11-24T10:00:00.000Z", base_ns);
  std::vector<int> statuses(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] { statuses[i] = push(run, web_token_).status; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 7);
  EXPECT_EQ(runs_in_store(), 1);
}

TEST_P(ServerApi, ManyClientsPushingAtOnceStoreEveryRunExactlyOnce) {
  constexpr int clients = 32, runs_each = 3;
  std::atomic<int> created{0}, other{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      for (int i = 0; i < runs_each; ++i) {
        const perfgate::Run run = sample_run("c" + std::to_string(c) + "-" + std::to_string(i),
                                             "2026-11-24T10:00:00.000Z", base_ns);
        const Reply r = push(run, web_token_);
        (r.status == 201 ? created : other)++;
        if (r.status != 201) ADD_FAILURE() << r.status << " " << r.body;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, clients * runs_each);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(runs_in_store(), clients * runs_each);
}

TEST_P(ServerApi, TokensDecideWhoWritesAndWhoReads) {
  const perfgate::Run run = sample_run("t1", "2026-11-24T10:00:00.000Z", base_ns);
  const Reply missing = push(run, "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_NE(missing.header("WWW-Authenticate").find("Bearer"), std::string::npos);
  const Reply wrong = push(run, server::make_token());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.error_message().find("unknown or revoked"), std::string::npos) << wrong.body;
  const Reply malformed = push(run, "not-a-token");
  EXPECT_EQ(malformed.status, 401);
  const Reply basic = server_->send("POST", "/api/v1/runs?project=web", run_to_json(run),
                                    {{"Authorization", "Basic dXNlcjpwdw=="}});
  EXPECT_EQ(basic.status, 401);
  const Reply foreign = push(run, secret_token_);  // secret's token, web's project
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(runs_in_store(), 0);
  // Without project=, the token's project.
  const Reply implied = push(run, secret_token_, "");
  EXPECT_EQ(implied.status, 201) << implied.body;
  EXPECT_EQ(implied.json()["project"], "secret");

  // secret's reads need its token; web's are open.
  EXPECT_EQ(server_->get("/api/v1/projects/secret/runs").status, 401);
  EXPECT_EQ(server_->get("/api/v1/projects/secret/runs", web_token_).status, 403);
  EXPECT_EQ(server_->get("/api/v1/projects/secret/runs", secret_token_).status, 200);
  EXPECT_EQ(server_->get("/api/v1/projects/secret/runs/t1").status, 401);
  EXPECT_EQ(server_->get("/api/v1/projects/secret/series?benchmark=gemm_128").status, 401);
  EXPECT_EQ(server_->get("/api/v1/projects/web/runs").status, 200);
}

TEST_P(ServerApi, ARevokedTokenIsRefused) {
  {
    auto store = open_store(backend_->url());
    const std::vector<ApiToken> tokens =
        store->tokens_with_prefix(server::token_prefix(web_token_));
    ASSERT_EQ(tokens.size(), 1u);
    store->revoke_token(tokens[0].id, "2026-11-24T12:00:00.000Z");
  }
  const Reply r = push(sample_run("x", "2026-11-24T10:00:00.000Z", base_ns), web_token_);
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST_P(ServerApi, MalformedOrUnreadableBodiesAre400NamingTheProblem) {
  const Reply truncated =
      server_->post("/api/v1/runs?project=web",
                    "{\"schema_version\": 1, \"id\": \"x\", \"repetitions\"", web_token_);
  EXPECT_EQ(truncated.status, 400) << truncated.body;
  EXPECT_TRUE(truncated.error_message().starts_with("request body")) << truncated.body;
  // The API's words, not the command line's: the format is a query parameter.
  const Reply cut = server_->post("/api/v1/runs?project=web", "{\"benchmarks\": [", web_token_);
  EXPECT_EQ(cut.status, 400) << cut.body;
  EXPECT_NE(cut.error_message().find("pass format=NAME to read it as one"), std::string::npos)
      << cut.body;
  const Reply garbage = server_->post("/api/v1/runs?project=web", "hello, world", web_token_);
  EXPECT_EQ(garbage.status, 400) << garbage.body;
  EXPECT_EQ(garbage.error_message().find("--format"), std::string::npos) << garbage.body;
  const Reply empty = server_->post("/api/v1/runs?project=web", "", web_token_);
  EXPECT_EQ(empty.status, 400) << empty.body;
  const Reply format = server_->post("/api/v1/runs?project=web&format=nosuch", "{}", web_token_);
  EXPECT_EQ(format.status, 400) << format.body;
  EXPECT_NE(format.error_message().find("format=nosuch: unknown format"), std::string::npos)
      << format.body;
  const Reply commit =
      server_->post("/api/v1/runs?project=web&commit=xyz",
                    run_to_json(sample_run("c", "2026-11-24T10:00:00.000Z", base_ns)), web_token_);
  EXPECT_EQ(commit.status, 400) << commit.body;
  EXPECT_EQ(runs_in_store(), 0);
  // Every error is the API's JSON with its status.
  EXPECT_EQ(garbage.json()["error"]["status"], 400);
}

TEST_P(ServerApi, UnknownProjectRouteOrMethodAre404And405) {
  const Reply project = server_->get("/api/v1/projects/nosuch/runs");
  EXPECT_EQ(project.status, 404);
  EXPECT_NE(project.error_message().find("web"), std::string::npos)
      << project.body;  // names what exists
  const Reply push_unknown =
      push(sample_run("u", "2026-11-24T10:00:00.000Z", base_ns), web_token_, "?project=nosuch");
  EXPECT_EQ(push_unknown.status, 404);
  EXPECT_EQ(server_->get("/api/v1/nothing").status, 404);
  EXPECT_EQ(server_->get("/").status, 404);
  const Reply method = server_->send("DELETE", "/api/v1/projects", "", {});
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.header("Allow"), "GET, HEAD");
  const Reply run = server_->get("/api/v1/projects/web/runs/nosuch");
  EXPECT_EQ(run.status, 404);
  const Reply bench = server_->get("/api/v1/projects/web/series?benchmark=nosuch");
  EXPECT_EQ(bench.status, 404);
  const Reply no_bench = server_->get("/api/v1/projects/web/series");
  EXPECT_EQ(no_bench.status, 400);
  const Reply limit = server_->get("/api/v1/projects/web/runs?limit=zero");
  EXPECT_EQ(limit.status, 400);
}

TEST_P(ServerApi, ListsArePagedNewestFirst) {
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(push(sample_run("p" + std::to_string(i),
                              "2026-11-24T10:00:0" + std::to_string(i) + ".000Z", base_ns),
                   web_token_)
                  .status,
              201);
  const Reply page = server_->get("/api/v1/projects/web/runs?limit=2&offset=1");
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(page.json()["runs"].size(), 2u);
  EXPECT_EQ(page.json()["runs"][0]["run_id"], "p3");
  EXPECT_EQ(page.json()["runs"][1]["run_id"], "p2");
  EXPECT_EQ(page.json()["links"]["next"], "/api/v1/projects/web/runs?limit=2&offset=3");
  const Reply last = server_->get("/api/v1/projects/web/runs?limit=2&offset=4");
  EXPECT_TRUE(last.json()["links"]["next"].is_null());
}

class ServerApiSmallBody : public ServerApi {
 protected:
  void SetUp() override {
    max_body_ = 1000;
    ServerApi::SetUp();
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, ServerApiSmallBody,
                         ::testing::ValuesIn(test_support::all_backends),
                         [](const auto& info) { return std::string(info.param); });

TEST_P(ServerApiSmallBody, ABodyOverTheLimitIs413WhetherItsLengthIsSaidOrNot) {
  const std::string big(5000, ' ');
  const Reply sized = server_->post("/api/v1/runs?project=web", big, web_token_);
  EXPECT_EQ(sized.status, 413);
  EXPECT_NE(sized.error_message().find("--max-body"), std::string::npos) << sized.body;
  // Chunked: no Content-Length, the limit is counted as the body arrives.
  httplib::Client c("127.0.0.1", server_->port());
  c.set_bearer_token_auth(web_token_);
  auto chunked = c.Post(
      "/api/v1/runs?project=web",
      [](std::size_t offset, httplib::DataSink& sink) {
        const std::string chunk(600, ' ');
        sink.write(chunk.data(), chunk.size());
        if (offset >= 3000) sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 413);
  EXPECT_EQ(runs_in_store(), 0);
  // The server goes on serving.
  EXPECT_EQ(server_->get("/api/v1/projects").status, 200);
}

TEST_P(ServerApi, TheStoreFailingMidSaveIs503WithNothingWrittenAndARetrySucceeds) {
  const perfgate::Run run =
      sample_run("fault", "2026-11-24T10:00:00.000Z", base_ns, "", "main",
                 /*with_failure=*/true);  // a failures row: where the fault strikes
  backend_->inject_failure();
  const Reply r = push(run, web_token_);
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.header("Retry-After"), std::to_string(server::retry_after_seconds));
  EXPECT_NE(r.error_message().find("nothing was written"), std::string::npos) << r.body;
  EXPECT_EQ(runs_in_store(), 0);
  EXPECT_EQ(samples_in_store(), 0);

  // The client retries; the fault is gone by the second attempt.
  server::PushTarget target{server::parse_server_url(server_->url()), web_token_, "web"};
  server::RetryPolicy policy;
  policy.retries = 3;
  int waits = 0;
  server::PushHooks hooks;
  hooks.sleep = [&](std::chrono::milliseconds wait) {
    EXPECT_EQ(wait, std::chrono::seconds(server::retry_after_seconds));  // Retry-After honoured
    if (waits++ == 0) backend_->remove_injected_failure();
  };
  const server::PushResult pushed =
      server::push_run(run_to_json(run), "fault.json", target, policy, hooks);
  EXPECT_EQ(pushed.status, server::PushStatus::stored) << pushed.message;
  EXPECT_EQ(pushed.attempts, 2);
  EXPECT_EQ(runs_in_store(), 1);
}

TEST_P(ServerApi, APushIsNotRetriedOnABadToken) {
  server::PushTarget target{server::parse_server_url(server_->url()), server::make_token(), "web"};
  server::RetryPolicy policy;
  policy.retries = 3;
  server::PushHooks hooks;
  hooks.sleep = [](std::chrono::milliseconds) { ADD_FAILURE() << "retried after a 401"; };
  const server::PushResult r =
      server::push_run(run_to_json(sample_run("bad", "2026-11-24T10:00:00.000Z", base_ns)),
                       "bad.json", target, policy, hooks);
  EXPECT_EQ(r.status, server::PushStatus::refused);
  EXPECT_EQ(r.http_status, 401);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_NE(r.message.find("PERFGATE_TOKEN"), std::string::npos) << r.message;
}

// PostgreSQL only: the server ends the saving session in the middle of the
// save (the database going away mid-request), and drops every connection
// between requests (a restart).
class ServerApiPostgres : public ServerApi {};
INSTANTIATE_TEST_SUITE_P(Backends, ServerApiPostgres, ::testing::Values("postgresql"),
                         [](const auto& info) { return std::string(info.param); });

TEST_P(ServerApiPostgres, TheConnectionLostMidSaveIs503AndTheNextRequestReconnects) {
  auto* pg = dynamic_cast<test_support::PostgresBackend*>(backend_.get());
  ASSERT_NE(pg, nullptr);
  pg->inject_lost_connection();
  const perfgate::Run run =
      sample_run("lost", "2026-11-24T10:00:00.000Z", base_ns, "", "main", true);
  const Reply r = push(run, web_token_);
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_FALSE(r.header("Retry-After").empty());
  EXPECT_EQ(runs_in_store(), 0);
  EXPECT_EQ(samples_in_store(), 0);
  pg->remove_injected_failure();
  EXPECT_EQ(push(run, web_token_).status, 201);

  // Every session of the database ended, as when the server restarts.
  pg->exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
           pg->database() + "' AND pid <> pg_backend_pid()");
  const Reply after = server_->get("/api/v1/projects/web/runs");
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json()["runs"].size(), 1u);
}

}  // namespace
}  // namespace perfgate
