// perfgate history: one benchmark x metric over the stored runs, in commit
// order, as text (a sparkline and a table), JSON or CSV.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "analyze/history.hpp"
#include "cli/common.hpp"
#include "model/error.hpp"
#include "report/history.hpp"

namespace perfgate::cli {
namespace {

struct HistoryArgs {
  CommonOptions common;
  std::string benchmark;
  std::string metric;  // empty: the benchmark's first compared metric
  std::string branch;
  std::string machine;  // a host id prefix
  int last = 0;
  std::string format = "text";
};

MetricInfo pick_metric(Store& store, const HistoryArgs& a) {
  const std::vector<std::string> benchmarks = store.benchmark_names();
  if (std::find(benchmarks.begin(), benchmarks.end(), a.benchmark) == benchmarks.end()) {
    if (benchmarks.empty())
      throw input_error("no benchmark \"" + a.benchmark + "\" in " + store.describe() +
                        "; it has no runs yet: run `perfgate run SUITE` first");
    throw input_error("no benchmark \"" + a.benchmark + "\" in " + store.describe() +
                      "; it has: " + name_list(benchmarks));
  }
  const std::vector<MetricInfo> metrics = store.benchmark_metrics(a.benchmark);
  if (a.metric.empty()) {
    auto compared = std::find_if(metrics.begin(), metrics.end(),
                                 [](const MetricInfo& m) { return m.compared; });
    return compared != metrics.end() ? *compared : metrics.front();
  }
  for (const MetricInfo& m : metrics)
    if (m.name == a.metric) return m;
  std::vector<std::string> names;
  for (const MetricInfo& m : metrics) names.push_back(m.name);
  throw input_error("no metric \"" + a.metric + "\" for benchmark \"" + a.benchmark + "\" in " +
                    store.describe() + "; it has: " + name_list(names));
}

// Says which filter left nothing, and what the store has instead (exit 2).
[[noreturn]] void no_points(Store& store, const HistoryArgs& a, const MetricInfo& metric) {
  SeriesQuery all;
  all.benchmark = a.benchmark;
  all.metric = metric.name;
  std::set<std::string> branches, machines;
  for (const SeriesPoint& p : store.series(all)) {
    if (!p.git_branch.empty()) branches.insert(p.git_branch);
    machines.insert(p.host_id.empty() ? "(none)" : p.host_id);
  }
  std::string msg =
      "no runs of \"" + a.benchmark + "\" (" + metric.name + ") in " + store.describe();
  if (!a.branch.empty()) msg += " on branch \"" + a.branch + "\"";
  if (!a.machine.empty())
    msg += (a.branch.empty() ? " on" : " and") + std::string(" machine \"") + a.machine + "\"";
  if (!a.branch.empty())
    msg += "; branches with this benchmark: " +
           (branches.empty() ? std::string("none named")
                             : name_list({branches.begin(), branches.end()}));
  if (!a.machine.empty())
    msg += "; machines with this benchmark: " + name_list({machines.begin(), machines.end()});
  throw input_error(msg);
}

int history_verb(const HistoryArgs& a) {
  if (a.format != "text" && a.format != "json" && a.format != "csv")
    throw input_error("--format " + a.format + ": unknown format; use text, json or csv");
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/false);
  const MetricInfo metric = pick_metric(*store, a);

  SeriesQuery query;
  query.benchmark = a.benchmark;
  query.metric = metric.name;
  query.branch = a.branch;
  query.host_prefix = a.machine;
  query.last = a.last;
  std::string why_not;
  const std::optional<CommitOrder> git =
      commit_order(a.branch.empty() ? "HEAD" : a.branch, why_not);
  // In commit order the newest N are known only once all are ordered; in
  // time order the store picks them.
  SeriesQuery fetch = query;
  if (git) fetch.last = 0;
  std::vector<SeriesPoint> points = store->series(fetch);
  if (points.empty()) no_points(*store, a, metric);

  const History h = build_history(metric, query, std::move(points), git, why_not);
  if (a.format == "json") {
    write_history_json(h, std::cout);
  } else if (a.format == "csv") {
    write_history_csv(h, std::cout);
  } else {
    write_history_text(h, std::cout, use_color(a.common, STDOUT_FILENO),
                       static_cast<std::size_t>(terminal_width(STDOUT_FILENO)));
  }
  return 0;
}

}  // namespace

void add_history_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "history", "One benchmark's series over the stored runs, in commit order, with a sparkline");
  cmd->add_option("benchmark", args->benchmark, "The benchmark, as the suite names it")->required();
  cmd->add_option("-m,--metric", args->metric,
                  "The metric (default: the benchmark's first compared one, e.g. wall_time)");
  cmd->add_option("-b,--branch", args->branch,
                  "Only runs on this git branch (and order by its commits)");
  cmd->add_option("--machine", args->machine,
                  "Only runs on the machine whose fingerprint (host_id) starts with this");
  cmd->add_option("-n,--last", args->last, "Only the newest N runs in that order (0: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-f,--format", args->format, "text, json or csv");
  add_store_flag(cmd, args->common);
  add_output_flags(cmd, args->common);
  cmd->callback([args, &action] { action = [args] { return history_verb(*args); }; });
}

}  // namespace perfgate::cli
