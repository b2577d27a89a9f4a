// Run references (run_ref.hpp): each kind is resolved through the Store
// interface, and a reference that matches nothing says what does exist.
#include "store/run_ref.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "model/error.hpp"
#include "model/run_json.hpp"

namespace perfgate {
namespace {

constexpr const char* kinds =
    "latest, latest~N, a store id such as 12, a run id, commit:SHA, branch:NAME";
constexpr int shown_alternatives = 5;

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

// "a, b, c, ..." of at most shown_alternatives values (asked for one more to
// know whether there are more).
std::string join_some(const std::vector<std::string>& values, std::size_t width = 0) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i == static_cast<std::size_t>(shown_alternatives)) {
      out += ", ...";
      break;
    }
    out += (i ? ", " : "") + (width ? values[i].substr(0, width) : values[i]);
  }
  return out;
}

// Where references look: the store, or one project of it.
struct Scope {
  Store& store;
  std::optional<std::string> project;

  RunFilter filter() const {
    RunFilter f;
    f.project = project;
    return f;
  }
  std::string where() const {
    return project ? "project " + *project : "the store " + store.describe();
  }
  std::int64_t count() const {
    return project ? static_cast<std::int64_t>(store.find(filter()).size()) : store.count();
  }
  // The distinct non-empty commits or branches of the newest runs in scope.
  std::vector<std::string> recent(bool commits, int limit) const {
    if (!project) return commits ? store.recent_commits(limit) : store.recent_branches(limit);
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const StoredRunSummary& s : store.find(filter(), 200)) {
      const std::string& v = commits ? s.git_commit : s.git_branch;
      if (!v.empty() && seen.insert(v).second) out.push_back(v);
      if (static_cast<int>(out.size()) == limit) break;
    }
    return out;
  }
};

std::string holds_no_runs(const std::string& ref, const Scope& scope) {
  return ref + ": " + scope.where() + " holds no runs yet; run `perfgate run SUITE` first";
}

Run load_found(const std::string& ref, const Scope& scope, std::int64_t id) {
  std::optional<Run> run = scope.store.load(id);
  if (!run) {
    throw input_error(ref + ": stored run " + std::to_string(id) + " disappeared from " +
                      scope.store.describe() + " while it was read; try again");
  }
  return std::move(*run);
}

// "latest" or "latest~N": N (>= 0) runs before the newest.
Run resolve_latest(const std::string& ref, const Scope& scope) {
  std::int64_t back = 0;
  if (ref.size() > 6) {
    const std::string n = ref.substr(7);
    if (ref[6] != '~' || !all_digits(n) || n.size() > 9) {
      throw input_error(ref +
                        ": expected latest~N with N a whole number of runs back, e.g. "
                        "latest~1 for the run before the newest");
    }
    back = std::stoll(n);
  }
  auto found = scope.store.find(scope.filter(), 1, static_cast<int>(back));
  if (!found.empty()) return load_found(ref, scope, found.front().id);
  const std::int64_t count = scope.count();
  if (count == 0) throw input_error(holds_no_runs(ref, scope));
  throw input_error(ref + ": " + scope.where() + " holds only " + std::to_string(count) +
                    (count == 1 ? " run" : " runs") + "; the oldest is latest~" +
                    std::to_string(count - 1));
}

Run resolve_store_id(const std::string& ref, const Scope& scope) {
  Store& store = scope.store;
  if (ref.size() <= 18) {
    if (std::optional<Run> run = store.load(std::stoll(ref))) return std::move(*run);
  }
  auto newest = store.list(1);
  if (newest.empty()) throw input_error(holds_no_runs(ref, scope));
  throw input_error(ref + ": no stored run has store id " + ref + " in " + store.describe() +
                    " (the newest is " + std::to_string(newest.front().id) +
                    "); `perfgate runs` lists them");
}

Run resolve_commit(const std::string& ref, const Scope& scope) {
  std::string prefix = ref.substr(7);
  if (prefix.size() < 4 || !all_hex(prefix)) {
    throw input_error(ref +
                      ": expected commit:SHA with at least 4 hex digits of a commit, e.g. "
                      "commit:3f2a9c1");
  }
  std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  RunFilter filter = scope.filter();
  filter.commit_prefix = prefix;
  const auto found = scope.store.find(filter);
  if (found.empty()) {
    const auto commits = scope.recent(/*commits=*/true, shown_alternatives + 1);
    throw input_error(ref + ": no stored run of a commit starting with " + prefix + " (" +
                      (commits.empty() ? "no stored run has a git commit"
                                       : "stored commits: " + join_some(commits, 7)) +
                      ")");
  }
  std::set<std::string> distinct;
  std::vector<std::string> ordered;
  for (const auto& r : found)
    if (distinct.insert(r.git_commit).second) ordered.push_back(r.git_commit);
  if (ordered.size() > 1) {
    throw input_error(ref + ": " + prefix + " starts several stored commits (" +
                      join_some(ordered, 12) + "); give more digits");
  }
  return load_found(ref, scope, found.front().id);
}

Run resolve_branch(const std::string& ref, const Scope& scope) {
  const std::string branch = ref.substr(7);
  if (branch.empty()) {
    throw input_error(ref + ": expected branch:NAME, e.g. branch:main");
  }
  RunFilter filter = scope.filter();
  filter.branch = branch;
  const auto found = scope.store.find(filter, 1);
  if (found.empty()) {
    const auto branches = scope.recent(/*commits=*/false, shown_alternatives + 1);
    throw input_error(ref + ": no stored run on branch " + branch + " (" +
                      (branches.empty() ? "no stored run has a git branch"
                                        : "stored branches: " + join_some(branches)) +
                      ")");
  }
  return load_found(ref, scope, found.front().id);
}

}  // namespace

Run resolve_run(const std::string& ref, Store& store) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(ref, ec);
  if (fs::exists(st)) {
    if (fs::is_directory(st)) {
      throw input_error(ref +
                        ": is a folder, not a result file; pass a result file or a run "
                        "reference (" +
                        std::string(kinds) + ")");
    }
    return read_run_file(ref);
  }
  return resolve_stored_run(ref, store);
}

Run resolve_stored_run(const std::string& ref, Store& store,
                       const std::optional<std::string>& project) {
  const Scope scope{store, project};
  if (ref.empty()) {
    throw input_error("an empty run reference; pass a result file or one of " + std::string(kinds));
  }
  if (ref == "latest" || ref.starts_with("latest~")) return resolve_latest(ref, scope);
  if (all_digits(ref) && !project) return resolve_store_id(ref, scope);
  if (ref.starts_with("commit:")) return resolve_commit(ref, scope);
  if (ref.starts_with("branch:")) return resolve_branch(ref, scope);
  RunFilter by_run_id = scope.filter();
  by_run_id.run_id = ref;
  const auto by_id = store.find(by_run_id, 1);
  if (!by_id.empty()) return load_found(ref, scope, by_id.front().id);
  if (project)
    throw input_error(ref + ": no run " + ref + " in " + scope.where() + " (a run id, latest, " +
                      "latest~N, commit:SHA or branch:NAME)");
  const bool looks_like_path = ref.find('/') != std::string::npos || ref.ends_with(".json");
  throw input_error(ref + (looks_like_path ? ": no such file" : ": not a file") +
                    ", and not a run reference (" + kinds + ")");
}

}  // namespace perfgate
