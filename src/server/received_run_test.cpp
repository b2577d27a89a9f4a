// Reading a POSTed body into a run: a result file kept as it is, another
// tool's file made a new run, and every mistake a perfgate::Error (the 400).
#include "server/received_run.hpp"

#include <gtest/gtest.h>

#include "model/clock.hpp"
#include "model/error.hpp"
#include "model/run_json.hpp"
#include "server/testing/live_server.hpp"
#include "support/expect_error.hpp"

namespace perfgate::server {
namespace {

using test_support::input_error_message;

const char* const gbench = R"({
  "context": {"date": "2026-11-24T10:00:00+00:00", "num_cpus": 4},
  "benchmarks": [
    {"name": "BM_Sort/1024", "run_name": "BM_Sort/1024", "run_type": "iteration",
     "repetitions": 1, "repetition_index": 0, "threads": 1, "iterations": 1000,
     "real_time": 1500.5, "cpu_time": 1490.0, "time_unit": "ns"}
  ]})";

std::string result_file(const std::string& commit = "abc1234", const std::string& branch = "main") {
  return run_to_json(
      test_support::sample_run("r-1", "2026-11-24T09:00:00.000Z", {1.0, 2.0, 3.0}, commit, branch));
}

TEST(ServerUpload, AResultFileKeepsItsIdTimesAndEnvironment) {
  Upload u;
  u.body = result_file();
  const perfgate::Run run = run_from_upload(u, "2026-11-24T10:00:00.000Z");
  EXPECT_EQ(run.id, "r-1");
  EXPECT_EQ(run.started_at, "2026-11-24T09:00:00.000Z");
  EXPECT_EQ(run.environment.host_id, "a1b2c3d4e5f60718");
  EXPECT_EQ(run.environment.git.commit, "abc1234");
  EXPECT_TRUE(run.sources.empty());
}

TEST(ServerUpload, BranchAndCommitFillInWhatTheFileLacksAndMayNotContradictIt) {
  Upload u;
  u.body = result_file("", "");
  u.branch = "main";
  u.commit = "abcdef1";
  const perfgate::Run run = run_from_upload(u, "t");
  EXPECT_EQ(run.environment.git.branch, "main");
  EXPECT_EQ(run.environment.git.commit, "abcdef1");

  Upload same;
  same.body = result_file();
  same.commit = "abc1234";  // what the file says: fine
  EXPECT_EQ(run_from_upload(same, "t").environment.git.commit, "abc1234");
  Upload other = same;
  other.commit = "fff0000";
  const std::string msg = input_error_message([&] { run_from_upload(other, "t"); });
  EXPECT_NE(msg.find("the result file says commit abc1234, the request commit=fff0000"),
            std::string::npos)
      << msg;
  Upload id = same;
  id.commit.clear();
  id.run_id = "another";
  input_error_message([&] { run_from_upload(id, "t"); });
}

TEST(ServerUpload, AnotherToolsFileBecomesANewRunWithTheServersTimeAndAUniqueId) {
  Upload u;
  u.body = gbench;
  u.commit = "0123456789abcdef";
  u.branch = "main";
  const perfgate::Run a = run_from_upload(u, "2026-11-24T10:00:00.123Z");
  EXPECT_EQ(a.started_at, "2026-11-24T10:00:00.123Z");
  EXPECT_EQ(a.suite_name, "gbench");
  EXPECT_EQ(a.source, "perfgate serve (gbench)");
  EXPECT_EQ(a.environment.git.commit, "0123456789abcdef");
  EXPECT_TRUE(a.id.starts_with("20261124T100000.123Z-0123456-")) << a.id;
  // Another body at the same moment and commit gets another id.
  u.body = std::string(gbench) + "\n";
  EXPECT_NE(run_from_upload(u, "2026-11-24T10:00:00.123Z").id, a.id);
  u.run_id = "ci-1";
  u.label = "nightly";
  const perfgate::Run named = run_from_upload(u, "2026-11-24T10:00:00.123Z");
  EXPECT_EQ(named.id, "ci-1");
  EXPECT_EQ(named.suite_name, "nightly");
}

TEST(ServerUpload, MistakesAreInputErrorsThatSayWhatToSend) {
  Upload empty;
  EXPECT_NE(input_error_message([&] { run_from_upload(empty, "t"); }).find("empty"),
            std::string::npos);
  Upload garbage;
  garbage.body = "hello";
  EXPECT_TRUE(
      input_error_message([&] { run_from_upload(garbage, "t"); }).starts_with("request body"));
  Upload format;
  format.body = gbench;
  format.format = "nosuch";
  EXPECT_NE(input_error_message([&] { run_from_upload(format, "t"); }).find("nosuch"),
            std::string::npos);
  Upload commit;
  commit.body = gbench;
  commit.commit = "main";
  EXPECT_NE(input_error_message([&] { run_from_upload(commit, "t"); }).find("hexadecimal"),
            std::string::npos);
  Upload slash;
  slash.body = gbench;
  slash.run_id = "a/b";
  input_error_message([&] { run_from_upload(slash, "t"); });
}

TEST(ServerUpload, CompactTimeIsHowRunIdsBegin) {
  EXPECT_EQ(compact_time("2026-11-24T10:00:00.123Z"), "20261124T100000.123Z");
  EXPECT_EQ(utc_now_iso().size(), std::string("2026-11-24T10:00:00.123Z").size());
}

}  // namespace
}  // namespace perfgate::server
