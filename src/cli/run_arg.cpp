#include "cli/run_arg.hpp"

#include <filesystem>

#include "model/error.hpp"
#include "model/run_json.hpp"
#include "store/run_ref.hpp"

namespace perfgate::cli {

Run load_run_arg(const std::string& ref, const CommonOptions& common,
                 std::unique_ptr<Store>& store) {
  if (std::filesystem::is_regular_file(ref)) return read_run_file(ref);
  if (!store) store = open_store(common.store_url, /*create_if_missing=*/false);
  return resolve_run(ref, *store);
}

std::vector<Run> load_newest_runs(int count, const std::string& suite, Store& store) {
  std::vector<StoredRunSummary> all = store.list(0);
  if (all.empty())
    throw input_error("--last " + std::to_string(count) + ": the store " + store.describe() +
                      " holds no runs yet; run `perfgate run SUITE` first");
  const std::string wanted = suite.empty() ? all.front().suite_name : suite;
  std::vector<Run> runs;
  for (const auto& s : all) {
    if (s.suite_name != wanted) continue;
    std::optional<Run> run = store.load(s.id);
    if (run) runs.push_back(std::move(*run));
    if (static_cast<int>(runs.size()) == count) return runs;
  }
  throw input_error("--last " + std::to_string(count) + ": the store " + store.describe() +
                    " holds only " + std::to_string(runs.size()) + " runs of suite \"" + wanted +
                    "\"; run it more often (`perfgate run`), or pass a smaller --last");
}

}  // namespace perfgate::cli
