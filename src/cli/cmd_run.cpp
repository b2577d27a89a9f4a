// perfgate run SUITE: run a suite, keep the run (result file + store), print
// what was measured. Exit 3 when a benchmark produced no sample at all.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/common.hpp"
#include "cli/progress.hpp"
#include "collect/process.hpp"
#include "collect/runner.hpp"
#include "model/error.hpp"
#include "model/suite_toml.hpp"
#include "report/run_summary.hpp"
#include "store/keep_run.hpp"

namespace perfgate::cli {
namespace {

struct RunArgs {
  CommonOptions common;
  std::string suite_path;
  std::string output;
  bool quick = false;
  bool strict_env = false;
  int runs = 0;
};

int run_verb(const RunArgs& a) {
  Suite suite = load_suite(a.suite_path);
  check_commands(suite);
  // Open the store before measuring: a store that cannot be written should
  // cost the user a second, not the whole suite's run time.
  std::unique_ptr<Store> store = open_store(a.common.store_url);

  RunOptions options;
  options.quick = a.quick;
  options.strict_env = a.strict_env;
  if (a.runs > 0) options.runs_override = a.runs;
  bool color = use_color(a.common, STDERR_FILENO);
  ProgressPrinter progress(std::cerr, isatty(STDERR_FILENO) != 0, a.common.quiet, color,
                           terminal_width(STDERR_FILENO));
  install_interrupt_cleanup();
  Run run = run_suite(suite, options, progress);

  std::string path = a.output;
  const std::int64_t store_id = keep_run(run, *store, path);

  write_run_summary(run, std::cout, use_color(a.common, STDOUT_FILENO));
  if (!a.common.quiet)
    std::cerr << "run " << run.id << " stored as #" << store_id << " in " << store->describe()
              << "; result file " << path << "\n";

  int unrunnable = 0;
  // A benchmark with no successful repetition at all (a gbench benchmark has
  // no wall_time of its own, so count repetitions, not a metric's samples).
  for (const auto& b : run.benchmarks)
    unrunnable += std::none_of(b.repetitions.begin(), b.repetitions.end(),
                               [](const Repetition& r) { return r.ok; })
                      ? 1
                      : 0;
  if (unrunnable > 0) {
    std::cerr << "perfgate: " << unrunnable << " of " << run.benchmarks.size()
              << " benchmarks produced no sample (see the failures above)\n";
    return static_cast<int>(ExitCode::run_failed);
  }
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a suite, keep the run in the store and a result file");
  cmd->add_option("suite", args->suite_path, "Suite file (perfgate.toml)")->required();
  cmd->add_option("-o,--output", args->output,
                  "Result file to write (default .perfgate/runs/<run id>.json)");
  cmd->add_flag("--quick", args->quick, "Fewer runs per benchmark (the suite's quick_runs)");
  cmd->add_flag("--strict-env", args->strict_env,
                "Pre-flight warnings become errors (exit 3): for official runs");
  cmd->add_option("--runs", args->runs, "Runs per benchmark, overriding the suite")
      ->check(CLI::PositiveNumber);
  add_store_flag(cmd, args->common);
  add_output_flags(cmd, args->common);
  cmd->callback([args, &action] { action = [args] { return run_verb(*args); }; });
}

}  // namespace perfgate::cli
