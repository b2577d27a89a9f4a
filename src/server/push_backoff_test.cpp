// The back-off between push attempts, the outbox's files, and --server URLs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "model/error.hpp"
#include "server/http_client.hpp"
#include "server/outbox.hpp"
#include "server/push.hpp"

namespace perfgate::server {
namespace {

using std::chrono::milliseconds;

TEST(PushBackoff, DoublesFromTheFirstDelayUpToTheCap) {
  RetryPolicy p;
  p.first_delay = milliseconds(500);
  p.max_delay = milliseconds(30000);
  // jitter 1 (just below): the full delay; jitter 0: half of it.
  EXPECT_EQ(backoff_delay(1, p, 1.0), milliseconds(500));
  EXPECT_EQ(backoff_delay(2, p, 1.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(3, p, 1.0), milliseconds(2000));
  EXPECT_EQ(backoff_delay(7, p, 1.0), milliseconds(30000));  // 32 s capped
  EXPECT_EQ(backoff_delay(60, p, 1.0), milliseconds(30000));
  EXPECT_EQ(backoff_delay(3, p, 0.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(3, p, 0.5), milliseconds(1500));
}

TEST(PushBackoff, JitterOutsideTheUnitIntervalIsClamped) {
  RetryPolicy p;
  EXPECT_EQ(backoff_delay(1, p, -3.0), milliseconds(250));
  EXPECT_EQ(backoff_delay(1, p, 7.0), milliseconds(500));
}

class PushOutbox : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/perfgate-outbox-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(PushOutbox, KeepsOneEntryPerRunUntilRemoved) {
  Outbox box((dir_ / "outbox").string());
  std::vector<std::string> problems;
  EXPECT_TRUE(box.entries(problems).empty());  // no folder yet: empty, not an error
  box.put({"20261124T100000.000Z-aaaaaaa", "/runs/a.json", "web", "2026-11-24T10:00:01.000Z",
           "cannot connect"});
  box.put({"20261124T090000.000Z-bbbbbbb", "/runs/b.json", "", "2026-11-24T09:00:01.000Z",
           "HTTP 503: busy"});
  // Replacing an entry keeps when it was first queued.
  box.put({"20261124T100000.000Z-aaaaaaa", "/runs/a.json", "web", "2026-11-24T11:00:00.000Z",
           "HTTP 502: bad gateway"});
  std::vector<OutboxEntry> all = box.entries(problems);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].run_id, "20261124T090000.000Z-bbbbbbb");  // oldest queued first
  EXPECT_EQ(all[1].queued_at, "2026-11-24T10:00:01.000Z");
  EXPECT_EQ(all[1].last_error, "HTTP 502: bad gateway");
  EXPECT_EQ(all[1].project, "web");
  box.remove("20261124T090000.000Z-bbbbbbb");
  all = box.entries(problems);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].result_file, "/runs/a.json");
  EXPECT_TRUE(problems.empty());
}

TEST_F(PushOutbox, RunIdsBecomeSafeFileNamesAndForeignFilesAreLeftAlone) {
  Outbox box((dir_ / "outbox").string());
  box.put({"../../etc/x y", "/runs/odd.json", "", "2026-11-24T10:00:00.000Z", ""});
  EXPECT_TRUE(std::filesystem::exists(dir_ / "outbox" / ".._.._etc_x_y.json") ||
              std::filesystem::exists(dir_ / "outbox" / "_.._.._etc_x_y.json"));
  std::ofstream(dir_ / "outbox" / "notes.json") << "{\"hello\": 1}";
  std::vector<std::string> problems;
  const std::vector<OutboxEntry> all = box.entries(problems);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].run_id, "../../etc/x y");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("notes.json"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "outbox" / "notes.json"));
}

TEST(PushServerUrl, OriginAndTheProxysPath) {
  ServerAddress a = parse_server_url("http://127.0.0.1:8080");
  EXPECT_EQ(a.origin, "http://127.0.0.1:8080");
  EXPECT_EQ(a.base_path, "");
  a = parse_server_url("https://perf.example.com/perfgate/");
  EXPECT_EQ(a.origin, "https://perf.example.com");
  EXPECT_EQ(a.base_path, "/perfgate");
  for (const char* bad :
       {"127.0.0.1:8080", "ftp://x", "http://", "http:///x", "http://u:p@h/", "http://h/x?y=1"})
    EXPECT_THROW(parse_server_url(bad), Error) << bad;
}

TEST(PushServerUrl, QueryValuesArePercentEncoded) {
  EXPECT_EQ(url_encode("feature/x y&z"), "feature%2Fx%20y%26z");
  EXPECT_EQ(url_encode("a-b_c.d~e"), "a-b_c.d~e");
}

}  // namespace
}  // namespace perfgate::server
