// Two commits as two build folders, for `perfgate ab --base-rev A
// --contender-rev B --build CMD` (docs/ab.md, "Two commits"): each revision
// gets a git worktree (a second checkout that shares the repository's
// objects, `git worktree add --detach`), the build command runs in it, and
// the suite is then re-rooted into it like a --base-dir / --contender-dir.
//
// Worktrees live under one folder (default .perfgate/worktrees under the
// repository's top level), named by the commit, and are kept: the next run of
// the same commit reuses the checkout and its build folder, so an
// incremental build takes seconds. That folder holds a .gitignore of "*", so
// `git status` of the main checkout does not list it.
#pragma once

#include <string>

namespace perfgate {

struct BuiltRevision {
  std::string rev;      // as the user gave it: "main", "HEAD~1", a hash
  std::string commit;   // the full hash it names
  std::string dir;      // the worktree's top level (absolute)
  bool reused = false;  // the worktree existed already
  double build_s = 0;   // the build command's wall time (0 without one)
};

// The top level of the git repository that holds `dir` (absolute), or
// input_error (exit 2) naming `dir` when there is none or git is missing.
std::string repository_top_level(const std::string& dir);

// Where a suite's folder lies inside the repository at `top_level`, as a
// relative path ("." for the top level itself), so that the same place can be
// found in a worktree. input_error naming `suite_file` when it lies outside.
std::string suite_place_in_repository(const std::string& suite_dir, const std::string& top_level,
                                      const std::string& suite_file);

// Checks `rev` out as a worktree of the repository at `top_level` under
// `worktrees_dir` and runs `build` (a shell string; none when empty) in it.
// Logs one line per step to stderr, each starting with `log_prefix` and the
// side ("ab: base: main = 0123456789ab in ..."); nothing when log_prefix is "".
// Throws input_error (exit 2) for a revision the repository does not know or
// a worktree folder that holds something else; run_error (exit 3) when git
// cannot make the worktree or the build fails, with the build's last lines.
BuiltRevision check_out_and_build(const std::string& top_level, const std::string& rev,
                                  const std::string& worktrees_dir, const std::string& build,
                                  const std::string& side, const std::string& log_prefix);

// Runs `build` (a shell string) in `dir`; its wall time in seconds. Throws
// run_error "<what> failed: <status> running `build` in dir; its last
// lines: ..." when it fails. Logs "<log_prefix>: built in 1.2 s: build" unless
// log_prefix is empty.
double build_in(const std::string& dir, const std::string& build, const std::string& what,
                const std::string& log_prefix);

// The worktree `perfgate bisect` moves from commit to commit:
// worktrees_dir/bisect, made (or, when it exists, cleared of an interrupted
// bisection and moved) at `commit`. Its absolute path.
std::string bisect_worktree(const std::string& top_level, const std::string& worktrees_dir,
                            const std::string& commit);

}  // namespace perfgate
