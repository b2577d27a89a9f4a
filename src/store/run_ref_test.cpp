#include "support/expect_error.hpp"
#include "store/run_ref.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "model/error.hpp"
#include "model/run_json.hpp"
#include "model/run_testing.hpp"
#include "store/sqlite_store.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;
using test_support::make_minimal_run;

using test_support::input_error_message;

perfgate::Run run_on(const std::string& id, const std::string& commit, const std::string& branch) {
  perfgate::Run run = make_minimal_run(id);
  run.environment.git.commit = commit;
  run.environment.git.branch = branch;
  return run;
}

class RunRefTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "perfgate-ref-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    store_ = std::make_unique<SqliteStore>((dir_ / "perfgate.db").string());
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Store ids 1..3, oldest first.
  void save_three() {
    store_->save(run_on("run-a", "aaaa1111aaaa1111", "main"));
    store_->save(run_on("run-b", "bbbb2222bbbb2222", "feature/x"));
    store_->save(run_on("run-c", "aaaa1111aaaa1111", "main"));
  }

  std::string resolve_error(const std::string& ref) {
    return input_error_message([&] { resolve_run(ref, *store_); });
  }

  fs::path dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(RunRefTest, LatestIsTheNewestRunAndLatestTildeNCountsBack) {
  save_three();
  EXPECT_EQ(resolve_run("latest", *store_).id, "run-c");
  EXPECT_EQ(resolve_run("latest~0", *store_).id, "run-c");
  EXPECT_EQ(resolve_run("latest~1", *store_).id, "run-b");
  EXPECT_EQ(resolve_run("latest~2", *store_).id, "run-a");
}

TEST_F(RunRefTest, LatestTildeNBeyondTheStoreSaysHowManyRunsExist) {
  save_three();
  const std::string msg = resolve_error("latest~3");
  EXPECT_EQ(msg.rfind("latest~3: the store " + store_->describe() + " holds only 3 runs", 0), 0u)
      << msg;
  EXPECT_NE(msg.find("latest~2"), std::string::npos) << msg;
  EXPECT_NE(resolve_error("latest~x").find("latest~N"), std::string::npos);
}

TEST_F(RunRefTest, EmptyStoreSaysToRunASuiteFirst) {
  EXPECT_EQ(resolve_error("latest"), "latest: the store " + store_->describe() +
                                         " holds no runs yet; run `perfgate run SUITE` first");
  EXPECT_NE(resolve_error("1").find("holds no runs yet"), std::string::npos);
}

TEST_F(RunRefTest, DigitsAreAStoreId) {
  save_three();
  EXPECT_EQ(resolve_run("2", *store_).id, "run-b");
  const std::string msg = resolve_error("99");
  EXPECT_NE(msg.find("99: no stored run has store id 99"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the newest is 3"), std::string::npos) << msg;
}

TEST_F(RunRefTest, RunIdNamesThatRun) {
  save_three();
  EXPECT_EQ(resolve_run("run-b", *store_).environment.git.branch, "feature/x");
}

TEST_F(RunRefTest, CommitPrefixGivesTheNewestRunOfThatCommit) {
  save_three();
  EXPECT_EQ(resolve_run("commit:aaaa", *store_).id, "run-c");
  EXPECT_EQ(resolve_run("commit:BBBB2222", *store_).id, "run-b");
  EXPECT_EQ(resolve_run("commit:aaaa1111aaaa1111", *store_).id, "run-c");
}

TEST_F(RunRefTest, UnknownCommitListsTheStoredCommits) {
  save_three();
  const std::string msg = resolve_error("commit:abc1");
  EXPECT_EQ(msg,
            "commit:abc1: no stored run of a commit starting with abc1 (stored commits: aaaa111, "
            "bbbb222)");
  EXPECT_NE(resolve_error("commit:ab").find("at least 4 hex digits"), std::string::npos);
  EXPECT_NE(resolve_error("commit:xyzw").find("at least 4 hex digits"), std::string::npos);
}

TEST_F(RunRefTest, CommitPrefixOfSeveralCommitsIsAmbiguous) {
  store_->save(run_on("one", "abcd1000", "main"));
  store_->save(run_on("two", "abcd2000", "main"));
  const std::string msg = resolve_error("commit:abcd");
  EXPECT_NE(msg.find("abcd starts several stored commits (abcd2000, abcd1000); give more digits"),
            std::string::npos)
      << msg;
  EXPECT_EQ(resolve_run("commit:abcd1", *store_).id, "one");
}

TEST_F(RunRefTest, BranchGivesTheNewestRunOnThatBranch) {
  save_three();
  EXPECT_EQ(resolve_run("branch:main", *store_).id, "run-c");
  EXPECT_EQ(resolve_run("branch:feature/x", *store_).id, "run-b");
  EXPECT_EQ(resolve_error("branch:nope"),
            "branch:nope: no stored run on branch nope (stored branches: main, feature/x)");
}

TEST_F(RunRefTest, AnExistingFileWinsOverAStoreReference) {
  save_three();
  write_run_file(make_minimal_run("from-file"), (dir_ / "latest").string());
  write_run_file(make_minimal_run("by-path"), (dir_ / "sub" / "r.json").string());
  EXPECT_EQ(resolve_run((dir_ / "sub" / "r.json").string(), *store_).id, "by-path");

  const fs::path old_cwd = fs::current_path();
  fs::current_path(dir_);
  std::string id;
  try {
    id = resolve_run("latest", *store_).id;
  } catch (...) {
    fs::current_path(old_cwd);
    throw;
  }
  fs::current_path(old_cwd);
  EXPECT_EQ(id, "from-file");
}

TEST_F(RunRefTest, GarbageNamesTheKindsOfReference) {
  save_three();
  EXPECT_EQ(resolve_error("foo"),
            "foo: not a file, and not a run reference (latest, latest~N, a store id such as 12, a "
            "run id, commit:SHA, branch:NAME)");
  EXPECT_EQ(resolve_error("results/x.json")
                .rfind("results/x.json: no such file, and not a run "
                       "reference",
                       0),
            0u);
  EXPECT_NE(resolve_error(dir_.string()).find("is a folder"), std::string::npos);
}

TEST_F(RunRefTest, ABrokenResultFileReportsItsOwnError) {
  const fs::path bad = dir_ / "bad.json";
  std::ofstream(bad) << "{\"schema_version\": 9}";
  EXPECT_NE(resolve_error(bad.string()).find("schema_version 9 is not supported"),
            std::string::npos);
}

}  // namespace
}  // namespace perfgate
