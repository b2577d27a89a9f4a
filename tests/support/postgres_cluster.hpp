// Test support: a throw-away PostgreSQL server for the tests of the
// PostgreSQL store (src/store) and of `perfgate store` (tests/e2e). The real
// server binaries (Debian's `postgresql` package) make a cluster in a
// temporary folder (initdb), serve it on a free loopback port with its unix
// socket in that folder too (pg_ctl start), and stop and delete it when the
// test binary ends. Started on first use, once per test binary (a gtest
// Environment stops it), so a binary whose tests do not need it pays nothing.
//
// initdb and postgres refuse to run as root: as root, the server runs as the
// `postgres` user the package creates (runuser). A watchdog process stops the
// server and deletes the folder if the test binary dies without cleaning up.
//
// When no server binaries are found, tests skip with the reason, unless
// PERFGATE_REQUIRE_POSTGRES=1 (set by .ci/run), when they fail instead.
// Standard library and POSIX only, so any test binary can use it.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "free_port.hpp"

namespace perfgate::test_support {

namespace pg_fs = std::filesystem;

// Whether a missing PostgreSQL must fail the tests rather than skip them.
inline bool postgres_required() {
  const char* v = std::getenv("PERFGATE_REQUIRE_POSTGRES");
  return v && std::string(v) == "1";
}

// The folder of initdb, pg_ctl and postgres: $PERFGATE_POSTGRES_BIN when set
// (a folder without initdb counts as none), else the newest
// /usr/lib/postgresql/VERSION/bin (Debian), else "" (not installed).
inline std::string find_postgres_bin_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("PERFGATE_POSTGRES_BIN"); env && *env)
    return pg_fs::exists(pg_fs::path(env) / "initdb", ec) ? env : "";
  int best = -1;
  std::string found;
  for (const auto& e : pg_fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    const pg_fs::path bin = e.path() / "bin";
    if (!pg_fs::exists(bin / "initdb") || !pg_fs::exists(bin / "pg_ctl")) continue;
    if (std::stoi(name) > best) {
      best = std::stoi(name);
      found = bin.string();
    }
  }
  return found;
}

class PostgresCluster {
 public:
  // Makes and starts the cluster; throws std::runtime_error saying which step
  // failed, with the end of its output.
  explicit PostgresCluster(std::string bin_dir) : bin_(std::move(bin_dir)) {
    std::string templ = (pg_fs::temp_directory_path() / "perfgate-pg-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = templ;
    as_root_ = ::geteuid() == 0;
    if (as_root_) run_or_throw("chown postgres: '" + dir_.string() + "'", "chown");
    run_or_throw(server_cmd("initdb") + " -D '" + data() +
                     "' -U perfgate -A trust -E UTF8 --locale=C.UTF-8 --no-sync",
                 "initdb");
    std::string last_error;
    for (int attempt = 0; attempt < 5 && port_ == 0; ++attempt) {
      const int port = free_loopback_port();
      // fsync off and no full-page writes: a test cluster needs no durability.
      const std::string cmd = server_cmd("pg_ctl") + " -D '" + data() + "' -l '" +
                              (dir_ / "server.log").string() + "' -w -t 60 -o \"-p " +
                              std::to_string(port) + " -k '" + dir_.string() +
                              "' -c listen_addresses=127.0.0.1 -F -c full_page_writes=off\" start";
      if (run(cmd) == 0) {
        port_ = port;
      } else {
        last_error = tail(dir_ / "cmd.log") + tail(dir_ / "server.log");
      }
    }
    if (port_ == 0) {
      cleanup();
      throw std::runtime_error("pg_ctl start failed 5 times: " + last_error);
    }
    start_watchdog();
  }

  ~PostgresCluster() {
    if (port_ != 0) run(server_cmd("pg_ctl") + " -D '" + data() + "' -m fast -w stop");
    cleanup();
  }
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  int port() const { return port_; }

  // The store URL of `database`, with `password` in it when not empty (the
  // cluster trusts every loopback connection, so any password is accepted).
  std::string url(const std::string& database, const std::string& password = "") const {
    return "postgresql://perfgate" + (password.empty() ? "" : ":" + password) +
           "@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }

  // A new, empty database with a name no other call gives; returns the name.
  std::string create_database() {
    const std::string name =
        "perfgate_test_" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
    run_or_throw(
        "'" + bin_ + "/createdb' -h 127.0.0.1 -p " + std::to_string(port_) + " -U perfgate " + name,
        "createdb");
    return name;
  }

  // Runs SQL through psql on `database` (for tests that need the server
  // itself to do something, such as dropping a database). Returns psql's
  // output without the final newline; throws when psql fails.
  std::string psql(const std::string& database, const std::string& sql) {
    std::ofstream(dir_ / "query.sql") << sql;
    run_or_throw("'" + bin_ + "/psql' -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " +
                     std::to_string(port_) + " -U perfgate -d " + database + " -f '" +
                     (dir_ / "query.sql").string() + "'",
                 "psql");
    std::string out = slurp(dir_ / "cmd.log");
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

 private:
  std::string data() const { return (dir_ / "data").string(); }

  // A server binary, run as the postgres user when this process is root.
  std::string server_cmd(const std::string& name) const {
    const std::string bin = "'" + bin_ + "/" + name + "'";
    return as_root_ ? "runuser -u postgres -- " + bin : bin;
  }

  static std::string slurp(const pg_fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  static std::string tail(const pg_fs::path& p) {
    const std::string text = slurp(p);
    return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
  }

  // Runs `cmd` with its output in cmd.log (readable by the postgres user).
  int run(const std::string& cmd) const {
    const std::string log = (dir_ / "cmd.log").string();
    const std::string full = "(" + cmd + ") </dev/null >'" + log + "' 2>&1";
    const int status = std::system(full.c_str());
    return status == 0 ? 0 : (status == -1 ? -1 : WEXITSTATUS(status) | 0x100);
  }

  void run_or_throw(const std::string& cmd, const std::string& what) const {
    if (run(cmd) != 0) throw std::runtime_error(what + " failed: " + tail(dir_ / "cmd.log"));
  }

  // Stops the server and deletes the folder once this process is gone,
  // should it end without the destructor running (a crash, a time-out).
  void start_watchdog() const {
    const std::string script = "while kill -0 " + std::to_string(::getpid()) +
                               " 2>/dev/null; do sleep 1; done; " + server_cmd("pg_ctl") + " -D '" +
                               data() + "' -m immediate stop; rm -rf '" + dir_.string() + "'";
    const std::string cmd = "setsid sh -c \"" + script + "\" </dev/null >/dev/null 2>&1 &";
    std::system(cmd.c_str());
  }

  void cleanup() {
    std::error_code ec;
    pg_fs::remove_all(dir_, ec);
  }

  std::string bin_;
  pg_fs::path dir_;
  bool as_root_ = false;
  int port_ = 0;
  int databases_ = 0;
};

// The cluster of this test binary, started on first use. `why_not` says why
// there is none (no binaries, or the server would not start).
inline std::unique_ptr<PostgresCluster>& postgres_cluster_slot() {
  static std::unique_ptr<PostgresCluster> cluster;
  return cluster;
}

inline PostgresCluster* shared_postgres(std::string& why_not, bool& binaries_missing) {
  static std::string failure;
  binaries_missing = false;
  auto& cluster = postgres_cluster_slot();
  if (cluster) return cluster.get();
  const std::string bin = find_postgres_bin_dir();
  if (bin.empty()) {
    binaries_missing = true;
    why_not =
        "no PostgreSQL server binaries (/usr/lib/postgresql/VERSION/bin/initdb); install "
        "Debian's postgresql package (scripts/install-deps.sh) to run the PostgreSQL store tests";
    return nullptr;
  }
  if (!failure.empty()) {  // tried once already in this binary
    why_not = failure;
    return nullptr;
  }
  try {
    cluster = std::make_unique<PostgresCluster>(bin);
  } catch (const std::exception& e) {
    failure = std::string("the throw-away PostgreSQL server did not start: ") + e.what();
    why_not = failure;
    return nullptr;
  }
  return cluster.get();
}

// Stops the shared cluster when the test binary's tests are done.
class PostgresEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { postgres_cluster_slot().reset(); }
};
inline ::testing::Environment* const postgres_environment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

}  // namespace perfgate::test_support

// In a test (or its SetUp): sets `var` (PostgresCluster*) to the shared
// cluster, or skips the test saying why (fails it when the binaries are
// missing and PERFGATE_REQUIRE_POSTGRES=1, or when they are there but the
// server would not start).
#define PERFGATE_POSTGRES_OR_SKIP(var)                                                         \
  do {                                                                                         \
    std::string pg_why_not_;                                                                   \
    bool pg_missing_ = false;                                                                  \
    var = ::perfgate::test_support::shared_postgres(pg_why_not_, pg_missing_);                 \
    if (!var) {                                                                                \
      if (pg_missing_ && !::perfgate::test_support::postgres_required())                       \
        GTEST_SKIP() << pg_why_not_;                                                           \
      FAIL() << pg_why_not_                                                                    \
             << (pg_missing_ ? " (PERFGATE_REQUIRE_POSTGRES=1: a missing server fails)" : ""); \
    }                                                                                          \
  } while (0)
