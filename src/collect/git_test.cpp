#include "collect/git.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace perfgate {
namespace {

namespace fs = std::filesystem;

class GitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "perfgate-git-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }

  void sh(const std::string& cmd) {
    const std::string full = "cd '" + dir_ + "' && (" + cmd + ") >/dev/null 2>&1";
    ASSERT_EQ(std::system(full.c_str()), 0) << cmd;
  }
  std::string head() { return run_git(dir_, {"rev-parse", "HEAD"}).value_or(""); }

  std::string dir_;
};

TEST_F(GitTest, TopoOrderListsABranchNewestFirstWithAMergeAfterBothParents) {
  sh("git init -q -b main . && git config user.name t && git config user.email t@t.invalid");
  sh("git commit -q --allow-empty -m base");
  const std::string base = head();
  sh("git checkout -q -b side && git commit -q --allow-empty -m side");
  const std::string side = head();
  sh("git checkout -q main && git commit -q --allow-empty -m main");
  const std::string main_tip = head();
  sh("git merge -q --no-ff --no-edit side");
  const std::string merge = head();

  auto commits = topo_order_commits(dir_, "main");
  ASSERT_TRUE(commits.has_value());
  ASSERT_EQ(commits->size(), 4u);
  EXPECT_EQ(commits->front(), merge);
  EXPECT_EQ(commits->back(), base);
  EXPECT_NE(std::find(commits->begin(), commits->end(), side), commits->end());
  EXPECT_NE(std::find(commits->begin(), commits->end(), main_tip), commits->end());

  auto side_only = topo_order_commits(dir_, "side");
  ASSERT_TRUE(side_only.has_value());
  EXPECT_EQ(*side_only, (std::vector<std::string>{side, base}));
  EXPECT_EQ(topo_order_commits(dir_, "HEAD"), commits);
}

TEST_F(GitTest, TopoOrderIsAbsentOutsideARepositoryOrForAnUnknownRevision) {
  // The temporary folder lies in no repository.
  EXPECT_FALSE(topo_order_commits(dir_, "HEAD").has_value());
  sh("git init -q -b main . && git config user.name t && git config user.email t@t.invalid");
  EXPECT_FALSE(topo_order_commits(dir_, "HEAD").has_value());  // no commit yet
  sh("git commit -q --allow-empty -m one");
  EXPECT_FALSE(topo_order_commits(dir_, "no-such-branch").has_value());
  EXPECT_FALSE(topo_order_commits(dir_, "--all").has_value());  // never read as a flag
  EXPECT_EQ(topo_order_commits(dir_, "main")->size(), 1u);
}

}  // namespace
}  // namespace perfgate
