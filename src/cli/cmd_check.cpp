// perfgate check [RUN] --baseline FILE: the CI performance gate. Judges a run
// against a committed baseline file with the same comparison, reports and
// gate as `perfgate compare` (the baseline is the base side).
#include <iostream>

#include "analyze/compare.hpp"
#include "cli/common.hpp"
#include "cli/compare_history.hpp"
#include "cli/run_arg.hpp"
#include "model/baseline.hpp"
#include "model/error.hpp"

namespace perfgate::cli {
namespace {

struct CheckArgs {
  CommonOptions common;
  GateArgs gate;
  std::string run = "latest";
  std::string baseline = "perfgate-baseline.json";
  ReportArgs report;
  HistoryArgs history;
};

// Refuses a run from another platform than the baseline's (timings of
// x86_64 and aarch64 are not comparable); warns on another CPU model, which
// is often just a different CI runner of the same kind.
void check_same_machine_class(const Baseline& baseline, const std::string& baseline_path,
                              const Run& run, const std::string& run_label, bool quiet) {
  const std::string platform = platform_of(run.environment);
  if (platform.empty()) {
    if (!quiet)
      std::cerr << "warning: " << run_label
                << ": the run does not say where it ran (no environment); cannot check it is of "
                   "the baseline's platform "
                << baseline.platform << "\n";
  } else if (!baseline.platform.empty() && platform != baseline.platform) {
    throw input_error(baseline_path + ": the baseline was made on " + baseline.platform +
                      ", the run " + run_label + " (" + run.id + ") on " + platform +
                      "; timings of different platforms are not comparable: check against a "
                      "baseline made on " +
                      platform + " (`perfgate baseline create --output FILE` there)");
  }
  const std::string& want = baseline.environment.cpu_model;
  const std::string& got = run.environment.cpu_model;
  if (!quiet && !want.empty() && !got.empty() && want != got)
    std::cerr << "warning: the baseline was measured on \"" << want << "\", the run on \"" << got
              << "\"; differences may come from the machine, not the code (pin the CI runner "
                 "type, or update the baseline on this one)\n";
  if (!quiet && !baseline.suite_name.empty() && baseline.suite_name != run.suite_name)
    std::cerr << "warning: the baseline is of suite \"" << baseline.suite_name
              << "\", the run of suite \"" << run.suite_name
              << "\"; only benchmarks of the same name are compared\n";
}

int check_verb(const CheckArgs& a) {
  Reports reports = make_reports(a.report, a.common);
  Baseline baseline = read_baseline_file(a.baseline);
  std::unique_ptr<Store> store;
  Run run = load_run_arg(a.run, a.common, store);
  check_same_machine_class(baseline, a.baseline, run, a.run, a.common.quiet);

  const Run base = baseline_to_run(baseline);
  CompareOptions options;
  SeriesStates states;
  if (a.history.enabled) {
    if (!store) store = open_store(a.common.store_url, /*create_if_missing=*/false);
    states = read_series_states(*store, base, run, a.history, "", options);
  }
  Comparison cmp = compare_runs(base, a.baseline, run, a.run, options);
  judge_with_history(cmp, states);
  // check is a gate: when neither a flag nor the suite asks for a policy, it
  // fails on critical findings (compare's default is to report only).
  GatePolicy policy = resolve_gate(a.gate, run.gate, FailOn::critical);
  return report_and_gate(cmp, policy, reports, a.common);
}

}  // namespace

void add_check_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "The CI gate: judge a run against a baseline file; exit 1 when the gate fails.\nRUN is a "
      "result file or a stored run: latest (default), latest~N, a store id, commit:SHA, "
      "branch:NAME");
  cmd->add_option("run", args->run, "The run being judged (default latest)");
  cmd->add_option("-b,--baseline", args->baseline,
                  "The baseline file (default perfgate-baseline.json; make it with `perfgate "
                  "baseline create`)");
  add_report_flags(cmd, args->report);
  add_history_flags(cmd, args->history);
  add_gate_flags(cmd, args->gate);
  add_store_flag(cmd, args->common);
  add_output_flags(cmd, args->common);
  cmd->footer(
      "Gate: --fail-on, else the suite's [gate], else critical (critical regressions, budgets "
      "exceeded, failed benchmarks).");
  cmd->callback([args, &action] { action = [args] { return check_verb(*args); }; });
}

}  // namespace perfgate::cli
