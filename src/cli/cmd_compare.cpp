// perfgate compare BASE CONTENDER: a verdict per benchmark x metric, in the
// chosen format; exit 1 when the gate policy asks for it and the gate fails.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "analyze/compare.hpp"
#include "cli/common.hpp"
#include "cli/compare_history.hpp"
#include "cli/run_arg.hpp"
#include "model/error.hpp"
#include "report/reporter.hpp"
#include "store/run_ref.hpp"

namespace perfgate::cli {
namespace {

struct CompareArgs {
  CommonOptions common;
  GateArgs gate;
  std::string base, contender;
  ReportArgs report;
  std::string threshold;
  HistoryArgs history;
};

int compare_verb(const CompareArgs& a) {
  Reports reports = make_reports(a.report, a.common);
  CompareOptions options = compare_options(a.history.enabled ? "" : a.threshold);

  std::unique_ptr<Store> store;
  Run base = load_run_arg(a.base, a.common, store);
  Run contender = load_run_arg(a.contender, a.common, store);
  SeriesStates states;
  if (a.history.enabled) {
    if (!store) store = open_store(a.common.store_url, /*create_if_missing=*/false);
    states = read_series_states(*store, base, contender, a.history, a.threshold, options);
  }
  Comparison cmp = compare_runs(base, a.base, contender, a.contender, options);
  judge_with_history(cmp, states);
  GatePolicy policy = resolve_gate(a.gate, contender.gate, FailOn::never);
  return report_and_gate(cmp, policy, reports, a.common);
}

}  // namespace

void add_compare_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare two runs: a verdict per benchmark and metric.\nEach side is a result file or a "
      "stored run: latest, latest~N, a store id, commit:SHA, branch:NAME");
  cmd->add_option("base", args->base, "The run compared against")->required();
  cmd->add_option("contender", args->contender, "The run being judged")->required();
  add_report_flags(cmd, args->report);
  add_threshold_flag(cmd, args->threshold);
  add_history_flags(cmd, args->history);
  add_gate_flags(cmd, args->gate);
  add_store_flag(cmd, args->common);
  add_output_flags(cmd, args->common);
  cmd->callback([args, &action] { action = [args] { return compare_verb(*args); }; });
}

}  // namespace perfgate::cli
