#include "collect/git.hpp"

#include <chrono>

#include "collect/process.hpp"
#include "collect/system_files.hpp"

namespace perfgate {

std::optional<std::string> run_git(const std::string& dir, const std::vector<std::string>& args,
                                   std::uint64_t max_output_bytes) {
  const std::string git_path = find_executable("git", "");
  if (git_path.empty() || dir.empty()) return std::nullopt;
  ProcessSpec spec;
  spec.argv = {git_path, "-C", dir};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  // Reading state must not take the index lock a concurrent git command needs.
  spec.env = {{"GIT_OPTIONAL_LOCKS", "0"}, {"LC_ALL", "C"}};
  spec.timeout = std::chrono::seconds(10);
  spec.max_output_bytes = max_output_bytes;
  ProcessResult result = run_process(spec);
  if (!result.ok()) return std::nullopt;
  return std::string(system_files::trim(result.stdout_text));
}

std::optional<std::vector<std::string>> topo_order_commits(const std::string& dir,
                                                           const std::string& rev) {
  // "--end-of-options" keeps a branch named like a flag from being read as
  // one; "^{commit}" refuses a revision that is not a commit. 41 bytes per
  // commit: 256 MiB is some six million commits.
  auto text =
      run_git(dir, {"rev-list", "--topo-order", "--end-of-options", rev + "^{commit}"}, 256u << 20);
  if (!text) return std::nullopt;
  std::vector<std::string> commits;
  std::size_t start = 0;
  while (start < text->size()) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    if (end > start) commits.push_back(text->substr(start, end - start));
    start = end + 1;
  }
  return commits;
}

}  // namespace perfgate
