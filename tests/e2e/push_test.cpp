// `perfgate push` (and --server on ingest) against a real server process:
// pushing, retrying while the server is down, the outbox, and a bad token
// that is not retried.
#include <string>

#include "server_process.hpp"

namespace perfgate::e2e {
namespace {

class PushCli : public Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    EXPECT_EQ(perfgate("project create web --store sqlite:server.db").exit_code, 0);
    Result t = perfgate("token create --project web --store sqlite:server.db -q");
    EXPECT_EQ(t.exit_code, 0) << t.err;
    token_ = t.out.substr(0, t.out.find('\n'));
  }
  std::string local_result(const std::string& name, const std::string& commit = "1111111111") {
    Result r = perfgate("ingest " PERFGATE_SOURCE_DIR
                        "/tests/fixtures/gbench/old_1_4.json "
                        "--store sqlite:local.db -q --branch main --commit " +
                        commit + " -o " + name);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return name;
  }
  std::string server_runs() {
    return sh("sqlite3 server.db \"SELECT run_id || ' ' || project FROM runs ORDER BY id\"");
  }
  std::string run_id_of(const std::string& file) {
    return sh("sed -n 's/^  \"id\": \"\\(.*\\)\",$/\\1/p' " + file);
  }
  std::size_t outbox_size() { return std::stoul(sh("ls .perfgate/outbox 2>/dev/null | wc -l")); }

  std::string token_;
};

TEST_F(PushCli, PushesResultFilesAndASecondPushIsADuplicate) {
  local_result("a.json");
  ServeProcess serve(dir_, {"--store", "sqlite:server.db", "--listen", "127.0.0.1:0"});
  const int port = serve.wait_until_listening();
  ASSERT_GT(port, 0) << serve.log();
  const std::string server = "--server http://127.0.0.1:" + std::to_string(port);
  Result r = perfgate("push a.json " + server, "PERFGATE_TOKEN=" + token_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("pushed to http://127.0.0.1:"), std::string::npos) << r.err;
  EXPECT_EQ(server_runs(), run_id_of("a.json") + " web");
  Result again = perfgate("push a.json " + server + " --token " + token_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("was already on"), std::string::npos) << again.err;
  EXPECT_EQ(server_runs(), run_id_of("a.json") + " web");
  EXPECT_EQ(r.err.find(token_), std::string::npos) << "the token was printed";
}

TEST_F(PushCli, RetriesWhileTheServerIsDownAndSucceedsOnceItIsUp) {
  local_result("a.json");
  const int port = free_loopback_port();
  const std::string server = "--server http://127.0.0.1:" + std::to_string(port);
  // The push runs in the background; the server starts once the push has
  // said that it is retrying.
  sh("env NO_COLOR=1 PERFGATE_TOKEN=" + token_ + " '" PERFGATE_BIN "' push a.json " + server +
     " --retries 10 >push.out 2>push.err & echo $! > push.pid");
  for (int i = 0; i < 600 && slurp(dir_ / "push.err").find("retry 1 of 10") == std::string::npos;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_NE(slurp(dir_ / "push.err").find("cannot connect"), std::string::npos)
      << slurp(dir_ / "push.err");
  ServeProcess serve(
      dir_, {"--store", "sqlite:server.db", "--listen", "127.0.0.1:" + std::to_string(port)});
  ASSERT_EQ(serve.wait_until_listening(), port) << serve.log();
  // `wait` cannot wait for another shell's child: poll until it is gone.
  sh("while kill -0 $(cat push.pid) 2>/dev/null; do sleep 0.1; done");
  const std::string err = slurp(dir_ / "push.err");
  EXPECT_NE(err.find("pushed to"), std::string::npos) << err;
  EXPECT_EQ(server_runs(), run_id_of("a.json") + " web");
  EXPECT_EQ(outbox_size(), 0u);
}

TEST_F(PushCli, AnUnreachableServerLeavesTheRunInTheOutboxUntilPushPending) {
  local_result("a.json");
  local_result("b.json", "2222222222");
  const int port = free_loopback_port();
  const std::string server = "--server http://127.0.0.1:" + std::to_string(port);
  Result r = perfgate("push a.json b.json " + server + " --retries 0", "PERFGATE_TOKEN=" + token_);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("did not confirm"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("push --pending"), std::string::npos) << r.err;
  EXPECT_EQ(outbox_size(), 2u);
  EXPECT_TRUE(fs::exists(dir_ / "a.json"));  // the result file is untouched
  const std::string entry = slurp(dir_ / ".perfgate/outbox" / (run_id_of("a.json") + ".json"));
  EXPECT_NE(entry.find((dir_ / "a.json").string()), std::string::npos) << entry;

  ServeProcess serve(
      dir_, {"--store", "sqlite:server.db", "--listen", "127.0.0.1:" + std::to_string(port)});
  ASSERT_EQ(serve.wait_until_listening(), port) << serve.log();
  Result pending = perfgate("push --pending " + server, "PERFGATE_TOKEN=" + token_);
  ASSERT_EQ(pending.exit_code, 0) << pending.err;
  EXPECT_EQ(outbox_size(), 0u);
  EXPECT_EQ(server_runs(), run_id_of("a.json") + " web\n" + run_id_of("b.json") + " web");
  Result empty = perfgate("push --pending " + server, "PERFGATE_TOKEN=" + token_);
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_NE(empty.err.find("is empty"), std::string::npos) << empty.err;
}

TEST_F(PushCli, ABadTokenIsNotRetriedAndSaysSo) {
  local_result("a.json");
  ServeProcess serve(dir_, {"--store", "sqlite:server.db", "--listen", "127.0.0.1:0"});
  const int port = serve.wait_until_listening();
  ASSERT_GT(port, 0) << serve.log();
  const std::string wrong = "pgt_" + std::string(43, 'x');
  Result r = perfgate("push a.json --retries 5 --server http://127.0.0.1:" + std::to_string(port),
                      "PERFGATE_TOKEN=" + wrong);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("401"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("PERFGATE_TOKEN"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("retry"), std::string::npos) << r.err;
  serve.stop();
  const std::string log = serve.log();
  std::size_t posts = 0;
  for (std::size_t at = log.find("POST /api/v1/runs 401"); at != std::string::npos;
       at = log.find("POST /api/v1/runs 401", at + 1))
    ++posts;
  EXPECT_EQ(posts, 1u) << log;
  EXPECT_EQ(r.err.find(wrong), std::string::npos) << "the token was printed";
}

TEST_F(PushCli, IngestWithServerKeepsTheRunLocallyAndPushesIt) {
  ServeProcess serve(dir_, {"--store", "sqlite:server.db", "--listen", "127.0.0.1:0"});
  const int port = serve.wait_until_listening();
  ASSERT_GT(port, 0) << serve.log();
  Result r = perfgate("ingest " PERFGATE_SOURCE_DIR
                      "/tests/fixtures/gbench/old_1_4.json "
                      "--store sqlite:local.db -o c.json --server http://127.0.0.1:" +
                          std::to_string(port) + " --project web",
                      "PERFGATE_TOKEN=" + token_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(server_runs(), run_id_of("c.json") + " web");
  EXPECT_EQ(sh("sqlite3 local.db 'SELECT run_id FROM runs'"), run_id_of("c.json"));
}

TEST_F(PushCli, PushWithoutATokenOrWithABadUrlIsExit2BeforeAnything) {
  local_result("a.json");
  Result no_token = perfgate("push a.json --server http://127.0.0.1:1", "PERFGATE_TOKEN=");
  EXPECT_EQ(no_token.exit_code, 2);
  EXPECT_NE(no_token.err.find("PERFGATE_TOKEN"), std::string::npos) << no_token.err;
  Result url = perfgate("push a.json --server 127.0.0.1:1 --token " + token_);
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_NE(url.err.find("http://"), std::string::npos) << url.err;
  Result foreign = perfgate("push " PERFGATE_SOURCE_DIR
                            "/tests/fixtures/gbench/old_1_4.json --server http://127.0.0.1:1 "
                            "--token " +
                            token_);
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_NE(foreign.err.find("perfgate ingest"), std::string::npos) << foreign.err;
  EXPECT_EQ(outbox_size(), 0u);
}

}  // namespace
}  // namespace perfgate::e2e
