#include "collect/worktree.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "collect/git.hpp"
#include "collect/process.hpp"
#include "model/error.hpp"

namespace perfgate {
namespace fs = std::filesystem;
namespace {

// The last `n` lines of a build's output, for the message of a failed build.
std::string last_lines(const std::string& text, int n) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n') --end;
  std::size_t start = end;
  for (int i = 0; i < n && start > 0; ++i) {
    start = text.rfind('\n', start - 1);
    if (start == std::string::npos) {
      start = 0;
      break;
    }
  }
  return text.substr(start == 0 ? 0 : start + 1, end - (start == 0 ? 0 : start + 1));
}

// Runs git where it changes the repository (worktree add): run_git is for
// reading, with a short time-out; a checkout of a large tree takes longer.
ProcessResult git_writing(const std::string& top_level, const std::vector<std::string>& args) {
  ProcessSpec spec;
  spec.argv = {"git", "-C", top_level};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env = {{"LC_ALL", "C"}};
  spec.timeout = std::chrono::minutes(10);
  return run_process(spec);
}

// The folder of the worktrees, made with a .gitignore of "*" so that the main
// checkout's `git status` does not list it.
void make_worktrees_dir(const std::string& worktrees_dir) {
  fs::create_directories(worktrees_dir);
  const fs::path ignore = fs::path(worktrees_dir) / ".gitignore";
  if (!fs::exists(ignore)) std::ofstream(ignore) << "*\n";
}

}  // namespace

std::string repository_top_level(const std::string& dir) {
  if (find_executable("git", "").empty())
    throw input_error(
        "--base-rev/--contender-rev need git, which is not on PATH; install it "
        "(apt-get install git) or give --base-dir/--contender-dir");
  const auto top = run_git(dir, {"rev-parse", "--show-toplevel"});
  if (!top || top->empty())
    throw input_error(dir +
                      ": not inside a git repository; --base-rev/--contender-rev check "
                      "out commits of the repository that holds the suite");
  return *top;
}

std::string suite_place_in_repository(const std::string& suite_dir, const std::string& top_level,
                                      const std::string& suite_file) {
  const fs::path inside =
      fs::weakly_canonical(suite_dir).lexically_relative(fs::weakly_canonical(top_level));
  if (inside.empty() || *inside.begin() == "..")
    throw input_error(suite_file + ": the suite lies outside the repository " + top_level +
                      "; revisions are checked out from the repository that holds the suite");
  return inside.string();
}

BuiltRevision check_out_and_build(const std::string& top_level, const std::string& rev,
                                  const std::string& worktrees_dir, const std::string& build,
                                  const std::string& side, const std::string& log_prefix) {
  BuiltRevision b;
  b.rev = rev;
  const auto commit = run_git(
      top_level, {"rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"});
  if (!commit || commit->empty())
    throw input_error("the " + side + " revision " + rev + ": " + top_level +
                      " has no such commit; give a branch, a tag or a hash it knows (git log)");
  b.commit = *commit;
  make_worktrees_dir(worktrees_dir);
  b.dir =
      fs::absolute(fs::path(worktrees_dir) / b.commit.substr(0, 12)).lexically_normal().string();

  if (fs::exists(b.dir)) {
    const auto head = run_git(b.dir, {"rev-parse", "HEAD"});
    if (!head || *head != b.commit)
      throw input_error(b.dir + ": exists but is not a checkout of " + b.commit.substr(0, 12) +
                        "; remove it (then run git worktree prune) and try again");
    b.reused = true;
  } else {
    // A worktree whose folder was deleted by hand is still registered; prune
    // forgets it, or `worktree add` would refuse the path.
    git_writing(top_level, {"worktree", "prune"});
    const ProcessResult r =
        git_writing(top_level, {"worktree", "add", "--detach", b.dir, b.commit});
    if (!r.ok())
      throw run_error("cannot check out " + rev + " as a worktree in " + b.dir + ": git " +
                      r.describe_failure({}) + ": " + last_lines(r.stderr_text, 3));
  }
  if (!log_prefix.empty())
    std::cerr << log_prefix << side << ": " << rev << " = " << b.commit.substr(0, 12) << " in "
              << b.dir << (b.reused ? " (reused)" : " (new worktree)") << "\n";
  if (!build.empty())
    b.build_s = build_in(b.dir, build,
                         "the " + side + " build (" + rev + ", " + b.commit.substr(0, 12) + ")",
                         log_prefix.empty() ? "" : log_prefix + side);
  return b;
}

double build_in(const std::string& dir, const std::string& build, const std::string& what,
                const std::string& log_prefix) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", build};
  spec.cwd = dir;
  spec.timeout = std::chrono::hours(2);
  spec.max_output_bytes = 64u << 20;
  const ProcessResult r = run_process(spec);
  const double seconds = static_cast<double>(r.wall_ns) / 1e9;
  if (!r.ok())
    throw run_error(what + " failed: " + r.describe_failure(spec) + " running `" + build + "` in " +
                    dir + "; its last lines:\n" + last_lines(r.stdout_text + r.stderr_text, 15));
  if (!log_prefix.empty()) {
    char s[32];
    std::snprintf(s, sizeof s, "%.1f", seconds);
    std::cerr << log_prefix << ": built in " << s << " s: " << build << "\n";
  }
  return seconds;
}

std::string bisect_worktree(const std::string& top_level, const std::string& worktrees_dir,
                            const std::string& commit) {
  make_worktrees_dir(worktrees_dir);
  const std::string dir =
      fs::absolute(fs::path(worktrees_dir) / "bisect").lexically_normal().string();
  if (fs::exists(dir)) {
    if (!run_git(dir, {"rev-parse", "HEAD"}))
      throw input_error(dir +
                        ": exists but is not a git worktree; remove it (then run git "
                        "worktree prune) and try again");
    // A bisection left behind by an interrupted run; bisect state is per worktree.
    git_writing(dir, {"bisect", "reset"});
    const ProcessResult r = git_writing(dir, {"checkout", "--quiet", "--detach", commit});
    if (!r.ok())
      throw run_error("cannot check out " + commit + " in " + dir + ": " +
                      last_lines(r.stderr_text, 3));
    return dir;
  }
  git_writing(top_level, {"worktree", "prune"});
  const ProcessResult r = git_writing(top_level, {"worktree", "add", "--detach", dir, commit});
  if (!r.ok())
    throw run_error("cannot make the bisection worktree " + dir + ": " +
                    last_lines(r.stderr_text, 3));
  return dir;
}

}  // namespace perfgate
