// Reading a git repository: the one place perfgate runs git. Reading only;
// never takes the index lock a concurrent git command needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace perfgate {

// Runs `git -C dir args...` (git found on PATH, LC_ALL=C, a 10 s time-out);
// the trimmed stdout, or nullopt when git is missing, `dir` is empty or git
// fails (not a repository, an unknown revision) or prints more than
// `max_output_bytes`.
std::optional<std::string> run_git(const std::string& dir, const std::vector<std::string>& args,
                                   std::uint64_t max_output_bytes = 1u << 20);

// The commits reachable from `rev` (a branch, "HEAD"), full hashes, as
// `git rev-list --topo-order` lists them: newest first, a commit always
// before its parents. nullopt when `dir` is not in a repository or the
// repository does not know `rev`.
std::optional<std::vector<std::string>> topo_order_commits(const std::string& dir,
                                                           const std::string& rev);

}  // namespace perfgate
