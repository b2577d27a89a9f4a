#include "support/expect_error.hpp"
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "model/error.hpp"
#include "model/run_testing.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_schema.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;
using test_support::expect_same_run;
using test_support::make_full_run;
using test_support::make_minimal_run;

const char* const all_tables[] = {"runs", "benchmarks", "metrics", "samples", "failures"};

using test_support::input_error_message;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "perfgate-store-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    path_ = (dir_ / "store" / "perfgate.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A second, raw connection to the store file, as another process would see it.
  sqlite::Connection raw() const { return sqlite::Connection(path_, SQLITE_OPEN_READWRITE); }

  std::map<std::string, std::int64_t> row_counts() const {
    sqlite::Connection db = raw();
    std::map<std::string, std::int64_t> counts;
    for (const char* t : all_tables)
      counts[t] = db.query_int(std::string("SELECT count(*) FROM ") + t);
    return counts;
  }

  fs::path dir_;
  std::string path_;
};

perfgate::Run run_on(const std::string& id, const std::string& commit, const std::string& branch) {
  perfgate::Run run = make_minimal_run(id);
  run.environment.git.commit = commit;
  run.environment.git.branch = branch;
  return run;
}

TEST_F(SqliteStoreTest, NewStoreIsInWalModeAtTheLatestSchemaVersion) {
  SqliteStore store(path_);
  sqlite::Connection db = raw();
  EXPECT_EQ(db.query_text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.query_int("PRAGMA user_version"), sqlite::migrations().back().version);
  EXPECT_EQ(SqliteStore::schema_version(), sqlite::migrations().back().version);
  EXPECT_EQ(db.query_int("PRAGMA application_id"), sqlite::perfgate_application_id);
  for (const char* t : all_tables) {
    auto s = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
    s.bind(1, t);
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.int64(0), 1) << t;
  }
  EXPECT_TRUE(fs::is_regular_file(path_));  // the folder "store" was created
}

TEST_F(SqliteStoreTest, MigrationVersionsAreConsecutiveFromOne) {
  int expected = 1;
  for (const auto& m : sqlite::migrations()) EXPECT_EQ(m.version, expected++);
}

TEST_F(SqliteStoreTest, ReopeningIsIdempotent) {
  {
    SqliteStore store(path_);
    store.save(make_full_run("a"));
  }
  const auto before = row_counts();
  for (int i = 0; i < 2; ++i) {
    SqliteStore store(path_);
    EXPECT_EQ(store.count(), 1);
    expect_same_run(make_full_run("a"), store.load(1).value());
  }
  EXPECT_EQ(row_counts(), before);
  EXPECT_EQ(raw().query_int("PRAGMA user_version"), SqliteStore::schema_version());
}

TEST_F(SqliteStoreTest, FullAndMinimalRunsReadBackWhole) {
  SqliteStore store(path_);
  const std::int64_t full = store.save(make_full_run("full"));
  const std::int64_t minimal = store.save(make_minimal_run("minimal"));
  EXPECT_LT(full, minimal);
  expect_same_run(make_full_run("full"), store.load(full).value());
  expect_same_run(make_minimal_run("minimal"), store.load(minimal).value());
  EXPECT_FALSE(store.load(minimal + 1).has_value());
}

TEST_F(SqliteStoreTest, SamplesRowsAreExactlyTheSuccessfulRepetitionsValues) {
  const perfgate::Run run = make_full_run("r");
  SqliteStore store(path_);
  const std::int64_t pk = store.save(run);

  using Row = std::tuple<std::string, std::string, std::int64_t, double>;
  std::multiset<Row> expected;
  std::set<std::tuple<std::string, std::int64_t, std::string>> expected_failures;
  for (const auto& b : run.benchmarks) {
    for (const auto& r : b.repetitions) {
      if (!r.ok) {
        expected_failures.insert({b.name, r.index, r.failure});
        continue;
      }
      for (const auto& [metric, value] : r.values)
        expected.insert({b.name, metric, r.index, value});
    }
  }
  ASSERT_EQ(expected_failures.size(), 2u);  // the fixture has failed repetitions

  sqlite::Connection db = raw();
  std::multiset<Row> actual;
  auto s = db.prepare("SELECT benchmark, metric, repetition, value FROM samples WHERE run_pk = ?1");
  s.bind(1, pk);
  while (s.step()) actual.insert({s.text(0), s.text(1), s.int64(2), s.real(3)});
  EXPECT_EQ(actual, expected);

  std::set<std::tuple<std::string, std::int64_t, std::string>> failures;
  auto f = db.prepare("SELECT benchmark, repetition, reason FROM failures WHERE run_pk = ?1");
  f.bind(1, pk);
  while (f.step()) failures.insert({f.text(0), f.int64(1), f.text(2)});
  EXPECT_EQ(failures, expected_failures);

  auto m = db.prepare(
      "SELECT unit, direction, compared FROM metrics WHERE benchmark = ?1 AND name = ?2");
  m.bind(1, "gemm_128x128x128").bind(2, "tokens_per_second");
  ASSERT_TRUE(m.step());
  EXPECT_EQ(m.text(0), "tokens/s");
  EXPECT_EQ(m.text(1), "higher");
  EXPECT_EQ(m.int64(2), 1);

  auto r = db.prepare("SELECT git_commit, git_branch, git_dirty, host_id FROM runs WHERE id = ?1");
  r.bind(1, pk);
  ASSERT_TRUE(r.step());
  EXPECT_EQ(r.text(0), run.environment.git.commit);
  EXPECT_EQ(r.text(1), "feature/fast-gemm");
  EXPECT_EQ(r.int64(2), 1);
  EXPECT_EQ(r.text(3), run.environment.host_id);
}

TEST_F(SqliteStoreTest, DuplicateRunIdIsRefusedAndTheStoreKeepsTheEarlierRuns) {
  SqliteStore store(path_);
  store.save(make_full_run("first"));
  store.save(make_minimal_run("second"));
  const auto before = row_counts();

  perfgate::Run again = make_minimal_run("first");
  again.suite_name = "a different run with the same id";
  const std::string msg = input_error_message([&] { store.save(again); });
  EXPECT_NE(msg.find("sqlite:" + path_), std::string::npos) << msg;
  EXPECT_NE(msg.find("run first is already stored (store id 1)"), std::string::npos) << msg;

  EXPECT_EQ(row_counts(), before);
  ASSERT_EQ(store.count(), 2);
  expect_same_run(make_full_run("first"), store.load(1).value());
  EXPECT_EQ(store.save(make_minimal_run("third")), 3);  // the store still takes runs
}

TEST_F(SqliteStoreTest, SaveThatFailsHalfWayLeavesNothingBehind) {
  SqliteStore store(path_);
  store.save(make_minimal_run("kept"));
  const auto before = row_counts();
  // A failure after the run, its benchmarks, metrics and some samples were
  // written: the first failed repetition aborts the insert.
  raw().exec(
      "CREATE TRIGGER injected_failure BEFORE INSERT ON failures "
      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");

  const std::string msg = input_error_message([&] { store.save(make_full_run("broken")); });
  EXPECT_NE(msg.find("cannot save run broken: injected failure; nothing was saved"),
            std::string::npos)
      << msg;
  EXPECT_EQ(row_counts(), before);
  EXPECT_EQ(store.count(), 1);
  EXPECT_TRUE(store
                  .find([] {
                    RunFilter f;
                    f.run_id = "broken";
                    return f;
                  }())
                  .empty());

  // The transaction was rolled back, not left open: the store takes the run
  // once the cause is gone.
  raw().exec("DROP TRIGGER injected_failure");
  const std::int64_t id = store.save(make_full_run("broken"));
  expect_same_run(make_full_run("broken"), store.load(id).value());
}

TEST_F(SqliteStoreTest, RunsTheNormalisedTablesCannotHoldAreRefusedBeforeWriting) {
  SqliteStore store(path_);
  perfgate::Run nan_run = make_minimal_run("nan");
  nan_run.benchmarks[0].repetitions[0].values["wall_time"] = std::nan("");
  EXPECT_NE(input_error_message([&] { store.save(nan_run); }).find("values.wall_time is NaN"),
            std::string::npos);

  perfgate::Run twice = make_minimal_run("twice");
  twice.benchmarks.push_back(twice.benchmarks[0]);
  EXPECT_NE(
      input_error_message([&] { store.save(twice); }).find("benchmark \"only\" appears twice"),
      std::string::npos);

  perfgate::Run reps = make_minimal_run("reps");
  reps.benchmarks[0].repetitions.push_back(reps.benchmarks[0].repetitions[0]);
  EXPECT_NE(input_error_message([&] { store.save(reps); }).find("has repetition 0 twice"),
            std::string::npos);

  for (const auto& [table, n] : row_counts()) EXPECT_EQ(n, 0) << table;
}

TEST_F(SqliteStoreTest, ListIsNewestFirstAndHonoursTheLimit) {
  SqliteStore store(path_);
  EXPECT_TRUE(store.list().empty());
  store.save(make_minimal_run("one"));
  store.save(make_full_run("two"));
  store.save(make_minimal_run("three"));

  const auto all = store.list();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].run_id, "three");
  EXPECT_EQ(all[1].run_id, "two");
  EXPECT_EQ(all[2].run_id, "one");
  EXPECT_GT(all[0].id, all[1].id);
  EXPECT_GT(all[1].id, all[2].id);

  const StoredRunSummary& two = all[1];
  EXPECT_EQ(two.benchmarks, 2);
  EXPECT_EQ(two.failed_repetitions, 2);
  EXPECT_EQ(two.suite_name, "inference \"core\"");
  EXPECT_EQ(two.started_at, "2026-11-23T19:03:12Z");
  EXPECT_EQ(two.git_commit, "3f2a9c1e5b7d4a0c9e8f7a6b5c4d3e2f1a0b9c8d");
  EXPECT_EQ(two.git_branch, "feature/fast-gemm");
  EXPECT_EQ(all[0].failed_repetitions, 0);

  const auto newest_two = store.list(2);
  ASSERT_EQ(newest_two.size(), 2u);
  EXPECT_EQ(newest_two[0].run_id, "three");
  EXPECT_EQ(newest_two[1].run_id, "two");
  EXPECT_EQ(store.list(10).size(), 3u);
}

TEST_F(SqliteStoreTest, FindFiltersByCommitPrefixBranchAndRunIdNewestFirst) {
  SqliteStore store(path_);
  store.save(run_on("r1", "aaaa1111", "main"));
  store.save(run_on("r2", "bbbb2222", "dev"));
  store.save(run_on("r3", "aaaa1111", "main"));
  store.save(run_on("r4", "aaab3333", "main"));

  RunFilter commit;
  commit.commit_prefix = "aaaa";
  auto found = store.find(commit);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].run_id, "r3");
  EXPECT_EQ(found[1].run_id, "r1");

  commit.commit_prefix = "aa*";  // GLOB characters match literally
  EXPECT_TRUE(store.find(commit).empty());

  RunFilter branch;
  branch.branch = "main";
  EXPECT_EQ(store.find(branch, 1).at(0).run_id, "r4");
  EXPECT_EQ(store.find(branch, 1, 1).at(0).run_id, "r3");
  EXPECT_EQ(store.find(branch, 0, 1).size(), 2u);

  RunFilter id;
  id.run_id = "r2";
  EXPECT_EQ(store.find(id).at(0).git_branch, "dev");

  EXPECT_EQ(store.count(), 4);
  EXPECT_EQ(store.recent_commits(10),
            (std::vector<std::string>{"aaab3333", "aaaa1111", "bbbb2222"}));
  EXPECT_EQ(store.recent_commits(1), (std::vector<std::string>{"aaab3333"}));
  EXPECT_EQ(store.recent_branches(10), (std::vector<std::string>{"main", "dev"}));
}

TEST_F(SqliteStoreTest, TwoOpenStoresOnOneFileSeeEachOthersRuns) {
  SqliteStore a(path_);
  SqliteStore b(path_);
  a.save(make_minimal_run("from-a"));
  b.save(make_minimal_run("from-b"));
  EXPECT_EQ(a.count(), 2);
  EXPECT_EQ(b.list().at(0).run_id, "from-b");
  EXPECT_EQ(a.list().at(0).run_id, "from-b");
}

TEST_F(SqliteStoreTest, NewerSchemaVersionIsRefused) {
  { SqliteStore store(path_); }
  raw().exec("PRAGMA user_version = " + std::to_string(SqliteStore::schema_version() + 1));
  const std::string msg = input_error_message([&] { SqliteStore store(path_); });
  EXPECT_NE(msg.find("sqlite:" + path_), std::string::npos) << msg;
  EXPECT_NE(msg.find("schema version " + std::to_string(SqliteStore::schema_version() + 1) +
                     ", newer than this perfgate knows"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("upgrade perfgate"), std::string::npos) << msg;
}

TEST_F(SqliteStoreTest, FileThatIsNotSqliteIsRefusedAndLeftAlone) {
  fs::create_directories(fs::path(path_).parent_path());
  const std::string text(4096, 'x');
  std::ofstream(path_) << text;
  const std::string msg = input_error_message([&] { SqliteStore store(path_); });
  EXPECT_EQ(msg.rfind("sqlite:" + path_ + ": not an SQLite database", 0), 0u) << msg;
  std::ifstream in(path_);
  std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(after, text);
}

TEST_F(SqliteStoreTest, SqliteDatabaseOfAnotherApplicationIsRefusedAndLeftAlone) {
  fs::create_directories(fs::path(path_).parent_path());
  {
    sqlite::Connection db(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("CREATE TABLE users (name TEXT)");
  }
  const std::string msg = input_error_message([&] { SqliteStore store(path_); });
  EXPECT_NE(msg.find("not a perfgate store (tables: users)"), std::string::npos) << msg;
  sqlite::Connection db = raw();
  EXPECT_EQ(db.query_text("PRAGMA journal_mode"), "delete");
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_master"), 1);
}

TEST_F(SqliteStoreTest, FolderInsteadOfAFileIsRefused) {
  fs::create_directories(path_);
  const std::string msg = input_error_message([&] { SqliteStore store(path_); });
  EXPECT_NE(msg.find("sqlite:" + path_ + ": is a folder, not a store file"), std::string::npos)
      << msg;
}

TEST_F(SqliteStoreTest, FolderThatCannotBeCreatedIsRefused) {
  // Tests run as root, so a read-only folder would not stop SQLite; a regular
  // file where a folder should be always does.
  const std::string msg =
      input_error_message([] { open_store("sqlite:/etc/passwd/x/perfgate.db"); });
  EXPECT_NE(msg.find("sqlite:/etc/passwd/x/perfgate.db: cannot create the folder /etc/passwd/x"),
            std::string::npos)
      << msg;
}

TEST_F(SqliteStoreTest, OpenStoreTakesSqliteUrlsAndPlainPaths) {
  auto by_url = open_store("sqlite:" + path_);
  EXPECT_EQ(by_url->describe(), "sqlite:" + path_);
  by_url->save(make_minimal_run("x"));
  auto by_path = open_store(path_);
  EXPECT_EQ(by_path->describe(), "sqlite:" + path_);
  EXPECT_EQ(by_path->count(), 1);

  const std::string pg = input_error_message([] { open_store("postgres://u:secret@h/db"); });
  EXPECT_NE(pg.find("PostgreSQL"), std::string::npos) << pg;
  EXPECT_EQ(pg.find("secret"), std::string::npos) << pg;
  EXPECT_NE(input_error_message([] { open_store("sqlite:"); }).find("no store path"),
            std::string::npos);
}

}  // namespace
}  // namespace perfgate
