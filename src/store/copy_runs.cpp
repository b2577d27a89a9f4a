#include "store/copy_runs.hpp"

#include <set>

#include "model/error.hpp"

namespace perfgate {

namespace {

void copy_projects_and_tokens(Store& from, Store& to) {
  for (const Project& p : from.projects())
    if (!to.find_project(p.name)) to.create_project(p);
  std::set<std::string> hashes;
  for (const ApiToken& t : to.tokens("")) hashes.insert(t.sha256);
  for (const ApiToken& t : from.tokens("")) {
    if (hashes.count(t.sha256)) continue;
    const std::int64_t id = to.add_token(t);
    if (!t.revoked_at.empty()) to.revoke_token(id, t.revoked_at);
  }
}

}  // namespace

CopyCount copy_runs(Store& from, Store& to, const std::function<void(const CopyCount&)>& on_run,
                    const std::string& local_into) {
  if (!local_into.empty()) require_project_name(local_into);
  copy_projects_and_tokens(from, to);
  if (!local_into.empty() && !to.find_project(local_into))
    throw input_error(to.describe() + ": no project " + local_into +
                      " to copy the runs saved without a project into; `perfgate project create " +
                      local_into + " --store " + to.describe() + "` makes it");
  const std::vector<StoredRunSummary> runs = from.list();  // newest first
  CopyCount count;
  count.runs = static_cast<std::int64_t>(runs.size());
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    RunFilter same;
    same.run_id = it->run_id;
    if (!to.find(same, 1).empty()) {
      ++count.present;
    } else if (const std::optional<Run> run = from.load(it->id)) {  // else deleted meanwhile
      to.save(*run, it->project.empty() ? local_into : it->project);
      ++count.copied;
    }
    if (on_run) on_run(count);
  }
  return count;
}

}  // namespace perfgate
