// `perfgate serve`, `project` and `token` as a user runs them: a real server
// process over a SQLite store, talked to with curl, stopped with SIGTERM.
#include <string>

#include "server_process.hpp"

namespace perfgate::e2e {
namespace {

class ServerCli : public Cli {
 protected:
  // Ingests a Google Benchmark file into a local store; returns the result file.
  std::string local_result(const std::string& name, const std::string& commit) {
    Result r = perfgate("ingest " PERFGATE_SOURCE_DIR
                        "/tests/fixtures/gbench/old_1_4.json "
                        "--store sqlite:local.db -q --branch main --commit " +
                        commit + " -o " + name);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return name;
  }
  std::string make_token(const std::string& project) {
    Result r = perfgate("token create --project " + project + " --store sqlite:server.db");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string t = r.out;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    return t;
  }
  // curl's body and status: "BODY\nSTATUS".
  std::string curl(const std::string& args) { return sh("curl -s -w '\\n%{http_code}' " + args); }
};

TEST_F(ServerCli, APushedRunComesBackInSeriesAndCompareAndTheLogHasALinePerRequest) {
  ASSERT_EQ(perfgate("project create web --store sqlite:server.db").exit_code, 0);
  const std::string token = make_token("web");
  ASSERT_TRUE(token.starts_with("pgt_")) << token;
  ServeProcess serve(dir_, {"--store", "sqlite:server.db", "--listen", "127.0.0.1:0"});
  const int port = serve.wait_until_listening();
  ASSERT_GT(port, 0) << serve.log();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);

  local_result("a.json", "1111111111");
  local_result("b.json", "2222222222");
  for (const char* f : {"a.json", "b.json"}) {
    const std::string out = curl("-H 'Authorization: Bearer " + token + "' --data-binary @" + f +
                                 " '" + url + "/api/v1/runs?project=web'");
    EXPECT_TRUE(out.ends_with("\n201")) << out;
  }
  const std::string series = curl("'" + url + "/api/v1/projects/web/series?benchmark=BM_Hash'");
  EXPECT_TRUE(series.ends_with("\n200")) << series;
  EXPECT_NE(series.find("\"order\": \"time\""), std::string::npos) << series;
  EXPECT_NE(series.find("1111111111"), std::string::npos);
  EXPECT_NE(series.find("2222222222"), std::string::npos);
  const std::string cmp =
      curl("'" + url + "/api/v1/projects/web/compare?base=latest~1&contender=latest'");
  EXPECT_TRUE(cmp.ends_with("\n200")) << cmp;
  EXPECT_NE(cmp.find("\"verdicts\""), std::string::npos);

  EXPECT_EQ(serve.stop(), 0);
  const std::string log = serve.log();
  EXPECT_NE(log.find(" POST /api/v1/runs 201 "), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /api/v1/projects/web/series 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("stopped (SIGTERM)"), std::string::npos) << log;
  EXPECT_EQ(log.find(token), std::string::npos) << "the token was logged";
}

TEST_F(ServerCli, TokensAreShownOnceStoredAsHashesListedByPrefixAndRevocable) {
  ASSERT_EQ(perfgate("project create web --reads token --store sqlite:server.db").exit_code, 0);
  const std::string token = make_token("web");
  ASSERT_EQ(token.size(), 47u) << token;
  // The store holds the SHA-256, never the token.
  const std::string hash = sh("printf '%s' '" + token + "' | sha256sum | cut -d' ' -f1");
  EXPECT_EQ(sh("sqlite3 server.db \"SELECT count(*) FROM tokens WHERE sha256 = '" + hash + "'\""),
            "1");
  EXPECT_EQ(sh("sqlite3 server.db .dump | grep -c '" + token + "' || true"), "0");
  Result list = perfgate("token list --store sqlite:server.db");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(token.substr(0, 12) + "..."), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(token), std::string::npos) << list.out;

  ServeProcess serve(dir_, {"--store", "sqlite:server.db", "--listen", "127.0.0.1:0", "-q"});
  const int port = serve.wait_until_listening();
  ASSERT_GT(port, 0) << serve.log();
  const std::string runs =
      "'http://127.0.0.1:" + std::to_string(port) + "/api/v1/projects/web/runs'";
  EXPECT_TRUE(curl(runs).ends_with("\n401"));
  EXPECT_TRUE(curl("-H 'Authorization: Bearer " + token + "' " + runs).ends_with("\n200"));
  Result revoke = perfgate("token revoke " + token.substr(0, 12) + "... --store sqlite:server.db");
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_TRUE(curl("-H 'Authorization: Bearer " + token + "' " + runs).ends_with("\n401"));
}

TEST_F(ServerCli, MistakesAreExit2WithOneLine) {
  Result no_store = perfgate("token create --project web --store sqlite:server.db");
  EXPECT_EQ(no_store.exit_code, 2);
  Result bad_name = perfgate("project create 'a b' --store sqlite:server.db");
  EXPECT_EQ(bad_name.exit_code, 2);
  EXPECT_NE(bad_name.err.find("letters, digits"), std::string::npos) << bad_name.err;
  ASSERT_EQ(perfgate("project create web --store sqlite:server.db").exit_code, 0);
  Result unknown = perfgate("token create --project nosuch --store sqlite:server.db");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("perfgate project create nosuch"), std::string::npos) << unknown.err;
  Result twice = perfgate("project create web --store sqlite:server.db");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("web"), std::string::npos) << twice.err;
  Result listen = perfgate("serve --store sqlite:server.db --listen nonsense");
  EXPECT_EQ(listen.exit_code, 2);
  EXPECT_NE(listen.err.find("--listen nonsense"), std::string::npos) << listen.err;
  Result body = perfgate("serve --store sqlite:server.db --max-body lots");
  EXPECT_EQ(body.exit_code, 2);
  // A port in use.
  ServeProcess first(dir_, {"--store", "sqlite:server.db", "--listen", "127.0.0.1:0", "-q"});
  const int port = first.wait_until_listening();
  ASSERT_GT(port, 0);
  Result busy =
      perfgate("serve --store sqlite:server.db --listen 127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(busy.exit_code, 2);
  EXPECT_NE(busy.err.find("cannot listen"), std::string::npos) << busy.err;
}

}  // namespace
}  // namespace perfgate::e2e
