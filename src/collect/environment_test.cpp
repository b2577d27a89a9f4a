#include "collect/environment.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "collect/process.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;

TEST(ProbeEnvironment, CountsOnlineLogicalCores) {
  Environment env = probe_environment("");
  EXPECT_EQ(env.logical_cores, sysconf(_SC_NPROCESSORS_ONLN));
  EXPECT_GE(env.physical_cores, 1);
  EXPECT_LE(env.physical_cores, env.logical_cores);
}

TEST(ProbeEnvironment, ReadsMachineFacts) {
  Environment env = probe_environment("");
  EXPECT_GT(env.memory_bytes, 0u);
  EXPECT_FALSE(env.kernel.empty());
  EXPECT_FALSE(env.arch.empty());
  EXPECT_FALSE(env.compiler.empty());
  ASSERT_TRUE(env.load_average_1m);
  EXPECT_GE(*env.load_average_1m, 0.0);
}

TEST(ProbeEnvironment, HostIdIsAHashNotTheName) {
  Environment env = probe_environment("");
  ASSERT_EQ(env.host_id.size(), 16u);
  EXPECT_EQ(env.host_id.find_first_not_of("0123456789abcdef"), std::string::npos);
  char name[256] = {};
  ASSERT_EQ(gethostname(name, sizeof name - 1), 0);
  EXPECT_EQ(env.host_id.find(name), std::string::npos);
  EXPECT_EQ(probe_environment("").host_id, env.host_id);  // stable
}

// A throw-away git repository with one committed file.
class GitRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    if (find_executable("git", "").empty()) GTEST_SKIP() << "git is not installed";
    std::string pattern = (fs::temp_directory_path() / "perfgate-git-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    git({"init", "-q", "-b", "main"});
    std::ofstream(dir_ + "/file.txt") << "one\n";
    git({"add", "file.txt"});
    git({"-c", "user.name=perfgate", "-c", "user.email=perfgate@example.invalid", "commit", "-q",
         "-m", "first"});
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string git(std::vector<std::string> args) {
    ProcessSpec spec;
    spec.argv = {"git", "-C", dir_};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    // Keep the user's and the system's git configuration out of the test.
    spec.env = {{"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_CONFIG_NOSYSTEM", "1"}};
    ProcessResult r = run_process(spec);
    EXPECT_TRUE(r.ok()) << "git failed: " << r.describe_failure(spec) << r.stderr_text;
    return r.stdout_text.substr(0, r.stdout_text.find('\n'));
  }
  std::string dir_;
};

TEST_F(GitRepo, CommitAndBranchOfACleanRepository) {
  GitState state = probe_git(dir_);
  EXPECT_EQ(state.commit, git({"rev-parse", "HEAD"}));
  EXPECT_EQ(state.commit.size(), 40u);
  EXPECT_EQ(state.branch, "main");
  EXPECT_EQ(state.dirty, std::optional<bool>(false));
}

TEST_F(GitRepo, ModifiedTrackedFileMakesItDirty) {
  std::ofstream(dir_ + "/file.txt") << "two\n";
  EXPECT_EQ(probe_git(dir_).dirty, std::optional<bool>(true));
}

TEST_F(GitRepo, UntrackedFileDoesNotMakeItDirty) {
  std::ofstream(dir_ + "/new.txt") << "new\n";
  EXPECT_EQ(probe_git(dir_).dirty, std::optional<bool>(false));
}

TEST_F(GitRepo, DetachedHeadHasNoBranch) {
  git({"checkout", "-q", "--detach"});
  GitState state = probe_git(dir_);
  EXPECT_FALSE(state.commit.empty());
  EXPECT_EQ(state.branch, "");
}

// The CI variables a test sets, cleared again whatever happens.
class CiEnv : public ::testing::Test {
 protected:
  static constexpr const char* names[] = {"GITHUB_HEAD_REF", "GITHUB_REF_TYPE", "GITHUB_REF_NAME",
                                          "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
                                          "CI_COMMIT_BRANCH"};
  void SetUp() override {
    for (const char* n : names) {
      const char* v = std::getenv(n);
      if (v) saved_.emplace_back(n, v);
      unsetenv(n);
    }
  }
  void TearDown() override {
    for (const char* n : names) unsetenv(n);
    for (const auto& [n, v] : saved_) setenv(n.c_str(), v.c_str(), 1);
  }
  std::vector<std::pair<std::string, std::string>> saved_;
};

TEST_F(CiEnv, BranchFromGithubPullRequestThenPushThenGitlab) {
  EXPECT_EQ(ci_branch(), "");
  setenv("CI_COMMIT_BRANCH", "main", 1);
  EXPECT_EQ(ci_branch(), "main");
  setenv("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/mr", 1);
  EXPECT_EQ(ci_branch(), "feature/mr");
  setenv("GITHUB_REF_NAME", "v1.2", 1);
  setenv("GITHUB_REF_TYPE", "tag", 1);
  EXPECT_EQ(ci_branch(), "feature/mr") << "a tag is not a branch";
  setenv("GITHUB_REF_TYPE", "branch", 1);
  setenv("GITHUB_REF_NAME", "main", 1);
  EXPECT_EQ(ci_branch(), "main");
  setenv("GITHUB_HEAD_REF", "fix/decode", 1);
  EXPECT_EQ(ci_branch(), "fix/decode") << "a pull request names its own branch";
}

TEST_F(GitRepo, ProbeEnvironmentIncludesGitState) {
  EXPECT_EQ(probe_environment(dir_).git.commit, git({"rev-parse", "HEAD"}));
}

TEST(ProbeGit, FolderOutsideAnyRepositoryHasEmptyState) {
  std::string pattern = (fs::temp_directory_path() / "perfgate-nogit-XXXXXX").string();
  std::string dir = mkdtemp(pattern.data());
  GitState state = probe_git(dir);
  fs::remove_all(dir);
  EXPECT_EQ(state.commit, "");
  EXPECT_EQ(state.branch, "");
  EXPECT_FALSE(state.dirty);
}

TEST(ProbeGit, MissingFolderHasEmptyState) {
  EXPECT_EQ(probe_git("/nonexistent/perfgate").commit, "");
}

}  // namespace
}  // namespace perfgate
