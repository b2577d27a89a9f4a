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

// Checks `rev` out as a worktree of the repository at `top_level` under
// `worktrees_dir` and runs `build` (a shell string; none when empty) in it.
// `log` receives one line per step for stderr ("" to stay quiet).
// Throws input_error (exit 2) for a revision the repository does not know or
// a worktree folder that holds something else; run_error (exit 3) when git
// cannot make the worktree or the build fails, with the build's last lines.
BuiltRevision check_out_and_build(const std::string& top_level, const std::string& rev,
                                  const std::string& worktrees_dir, const std::string& build,
                                  const std::string& side, bool quiet);

}  // namespace perfgate
