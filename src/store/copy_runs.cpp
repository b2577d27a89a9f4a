#include "store/copy_runs.hpp"

namespace perfgate {

CopyCount copy_runs(Store& from, Store& to, const std::function<void(const CopyCount&)>& on_run) {
  const std::vector<StoredRunSummary> runs = from.list();  // newest first
  CopyCount count;
  count.runs = static_cast<std::int64_t>(runs.size());
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    RunFilter same;
    same.run_id = it->run_id;
    if (!to.find(same, 1).empty()) {
      ++count.present;
    } else if (const std::optional<Run> run = from.load(it->id)) {  // else deleted meanwhile
      to.save(*run);
      ++count.copied;
    }
    if (on_run) on_run(count);
  }
  return count;
}

}  // namespace perfgate
