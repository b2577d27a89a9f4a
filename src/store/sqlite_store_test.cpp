// What only the SQLite store does: the file, WAL, PRAGMA user_version and
// application_id, stores made by earlier perfgates. The Store contract both
// backends keep is store_contract_test.cpp's.
#include "store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "model/error.hpp"
#include "model/file_text.hpp"
#include "model/run_testing.hpp"
#include "store/schema.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_schema.hpp"
#include "support/expect_error.hpp"

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

  fs::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, NewStoreIsInWalModeAtTheLatestSchemaVersion) {
  SqliteStore store(path_);
  sqlite::Connection db = raw();
  EXPECT_EQ(db.query_text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.query_int("PRAGMA user_version"), schema::latest_version());
  EXPECT_EQ(SqliteStore::schema_version(), schema::latest_version());
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
  for (const auto& m : schema::migrations()) EXPECT_EQ(m.version, expected++);
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
  EXPECT_NE(input_error_message([] { open_store("sqlite:"); }).find("no store path"),
            std::string::npos);
  const std::string other = input_error_message([] { open_store("mysql://u:secret@h/db"); });
  EXPECT_NE(other.find("unknown kind of store"), std::string::npos) << other;
  EXPECT_EQ(other.find("secret"), std::string::npos) << other;
}

TEST_F(SqliteStoreTest, TheSharedSchemaRendersForSqliteAsPerfgate01WroteIt) {
  // Stores made before the schema was shared with PostgreSQL hold this text
  // in sqlite_master; version 1 must keep meaning exactly it.
  const std::string v1 =
      read_file_text(PERFGATE_SOURCE_DIR "/src/store/testing/schema_v1_sqlite.sql");
  EXPECT_EQ(schema::render(schema::migrations()[0], schema::sqlite_dialect), v1);
}

TEST_F(SqliteStoreTest, AStoreMadeByPerfgate01KeepsOpeningAndTakingRuns) {
  fs::create_directories(fs::path(path_).parent_path());
  {
    sqlite::Connection db(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec(read_file_text(PERFGATE_SOURCE_DIR "/src/store/testing/schema_v1_sqlite.sql"));
    db.exec("PRAGMA application_id = " + std::to_string(sqlite::perfgate_application_id) +
            "; PRAGMA user_version = 1;");
  }
  SqliteStore store(path_);
  EXPECT_EQ(store.schema_version_at_open(), 1);
  const std::int64_t id = store.save(make_full_run("old-store"));
  expect_same_run(make_full_run("old-store"), store.load(id).value());
}

}  // namespace
}  // namespace perfgate
