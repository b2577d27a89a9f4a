// perfgate runs: the stored runs, newest first.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/common.hpp"
#include "model/error.hpp"
#include "report/table.hpp"

namespace perfgate::cli {
namespace {

struct RunsArgs {
  CommonOptions common;
  int limit = 20;
  std::string format = "text";
};

int runs_verb(const RunsArgs& a) {
  if (a.format != "text" && a.format != "json")
    throw input_error("--format " + a.format + ": unknown format; use text or json");
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/false);
  std::vector<StoredRunSummary> runs = store->list(a.limit);
  if (a.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : runs)
      arr.push_back({{"store_id", r.id},
                     {"id", r.run_id},
                     {"started_at", r.started_at},
                     {"project", r.project},
                     {"suite", r.suite_name},
                     {"git_commit", r.git_commit},
                     {"git_branch", r.git_branch},
                     {"benchmarks", r.benchmarks},
                     {"failed_repetitions", r.failed_repetitions}});
    std::cout << arr.dump(2) << "\n";
    return 0;
  }
  if (runs.empty()) {
    std::cout << "no runs in " << store->describe() << " yet; run `perfgate run SUITE` first\n";
    return 0;
  }
  // A store with projects (a server's) says whose each run is; a machine's
  // own store has none, and no column for them.
  const bool projects = std::any_of(runs.begin(), runs.end(),
                                    [](const StoredRunSummary& r) { return !r.project.empty(); });
  std::vector<std::string> head = {"#",      "run id", "started (UTC)", "suite",
                                   "commit", "branch", "benchmarks",    "failed"};
  if (projects) head.insert(head.begin() + 2, "project");
  TextTable table(head);
  table.align_right(0);
  table.align_right(head.size() - 2);
  table.align_right(head.size() - 1);
  for (const auto& r : runs) {
    std::vector<TextTable::Cell> row = {
        {std::to_string(r.id), ""},
        {r.run_id, ""},
        {r.started_at, ""},
        {r.suite_name, ""},
        {r.git_commit.substr(0, 7), ""},
        {r.git_branch, ""},
        {std::to_string(r.benchmarks), ""},
        {std::to_string(r.failed_repetitions), r.failed_repetitions ? "1;35" : ""}};
    if (projects) row.insert(row.begin() + 2, {r.project.empty() ? "-" : r.project, ""});
    table.add_row(row);
  }
  table.write(std::cout, use_color(a.common, STDOUT_FILENO));
  std::cout << runs.size() << " runs shown from " << store->describe()
            << "; refer to them as latest, latest~N, #, commit:SHA or branch:NAME\n";
  return 0;
}

}  // namespace

void add_runs_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RunsArgs>();
  CLI::App* cmd = app.add_subcommand("runs", "List the stored runs, newest first");
  cmd->add_option("-n,--limit", args->limit, "How many runs to show (0: all; default 20)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-f,--format", args->format, "text or json");
  add_store_flag(cmd, args->common);
  add_output_flags(cmd, args->common);
  cmd->callback([args, &action] { action = [args] { return runs_verb(*args); }; });
}

}  // namespace perfgate::cli
