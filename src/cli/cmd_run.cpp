// perfgate run SUITE: run a suite, keep the run (result file + store), print
// what was measured. Exit 3 when a benchmark produced no sample at all.
//
// --smoke is the non-gating check teams run on every push ("does a 4-token
// decode still work, and at roughly what speed?"): few runs, figures printed
// and annotated, never a failed build because of what was measured. Its run
// is written as a result file but not stored: three samples should not
// become `latest`, the base of the next real comparison.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/common.hpp"
#include "cli/progress.hpp"
#include "cli/push_flags.hpp"
#include "collect/process.hpp"
#include "collect/runner.hpp"
#include "model/error.hpp"
#include "model/suite_toml.hpp"
#include "model/run_json.hpp"
#include "report/github.hpp"
#include "report/quantity.hpp"
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
  bool strict = false;  // receipts' strict rules (also PERFGATE_STRICT=1)
  bool smoke = false;
  int runs = 0;
  std::string counter;  // "perf", "callgrind" or "" (perf when it works here)
  PushFlags push;       // --server: push the kept run there
};

// Runs per benchmark under --smoke: enough for a median and a range, few
// enough for every push.
constexpr int smoke_runs = 3;

int unrunnable_count(const Run& run) {
  int n = 0;
  // A benchmark with no successful repetition at all (a gbench benchmark has
  // no wall_time of its own, so count repetitions, not a metric's samples).
  for (const auto& b : run.benchmarks)
    n += b.skipped.empty() && std::none_of(b.repetitions.begin(), b.repetitions.end(),
                      [](const Repetition& r) { return r.ok; })
             ? 1
             : 0;
  return n;
}

// A smoke run's figures as GitHub annotations when running in GitHub Actions:
// a notice per benchmark with its median, a warning per failing one.
void annotate_smoke(const Run& run, std::ostream& out) {
  const char* actions = std::getenv("GITHUB_ACTIONS");
  if (!actions || std::string(actions) != "true") return;
  std::vector<std::string> lines;
  for (const auto& b : run.benchmarks) {
    auto failed = std::find_if(b.repetitions.begin(), b.repetitions.end(),
                               [](const Repetition& r) { return !r.ok; });
    if (failed != b.repetitions.end()) {
      out << github_annotation("warning", "perfgate smoke: " + b.name + " failed",
                               std::to_string(b.failed_count()) + " of " +
                                   std::to_string(b.repetitions.size()) +
                                   " runs failed; first: " + failed->failure)
          << "\n";
      continue;
    }
    std::string figures;
    for (const auto& m : b.metrics) {
      std::vector<double> xs = b.samples(m.name);
      if (!m.compared || xs.empty()) continue;
      std::sort(xs.begin(), xs.end());
      figures += (figures.empty() ? "" : "; ") + m.name + " median " +
                 format_quantity(xs[xs.size() / 2], m.unit) + " (" +
                 format_quantity(xs.front(), m.unit) + " to " + format_quantity(xs.back(), m.unit) +
                 ", n=" + std::to_string(xs.size()) + ")";
    }
    if (!figures.empty())
      out << github_annotation("notice", "perfgate smoke: " + b.name,
                               figures + ". A smoke run: a sanity check, not a verdict")
          << "\n";
  }
}

int run_verb(RunArgs& a) {
  if (!a.push.server.empty()) {
    if (a.smoke)
      throw input_error("--server: a smoke run is not stored, so it is not pushed either");
    check_push_flags(a.push);  // before measuring: a bad URL should cost a second
  }
  Suite suite = load_suite(a.suite_path);
  check_commands(suite);
  // Open the store before measuring: a store that cannot be written should
  // cost the user a second, not the whole suite's run time.
  std::unique_ptr<Store> store = a.smoke ? nullptr : open_store(a.common.store_url);

  RunOptions options;
  options.quick = a.quick || a.smoke;
  options.strict_env = a.strict_env;
  options.strict_receipts = strict_receipts(a.strict);
  if (a.runs > 0) options.runs_override = a.runs;
  else if (a.smoke) options.runs_override = smoke_runs;
  if (a.counter == "perf") options.counter = InstructionCounter::perf;
  if (a.counter == "callgrind") options.counter = InstructionCounter::callgrind;
  bool color = use_color(a.common, STDERR_FILENO);
  ProgressPrinter progress(std::cerr, isatty(STDERR_FILENO) != 0, a.common.quiet, color,
                           terminal_width(STDERR_FILENO));
  install_interrupt_cleanup();
  Run run = run_suite(suite, options, progress);

  std::string path = a.output;
  std::string kept;
  if (a.smoke) {
    if (path.empty()) path = ".perfgate/smoke/" + run.id + ".json";
    write_run_file(run, path);
    kept = "smoke run " + run.id + " not stored (so that `latest` stays the last full run); "
           "result file " + path;
  } else {
    const std::int64_t store_id = keep_run(run, *store, path);
    kept = "run " + run.id + " stored as #" + std::to_string(store_id) + " in " +
           store->describe() + "; result file " + path;
  }

  write_run_summary(run, std::cout, use_color(a.common, STDOUT_FILENO),
                    terminal_width(STDOUT_FILENO));
  if (a.smoke) annotate_smoke(run, std::cout);
  if (!a.common.quiet) std::cerr << kept << "\n";
  // Kept locally first: a server that is down costs the push, never the run.
  const int pushed = a.push.server.empty() ? 0 : push_result_file(path, a.push, a.common.quiet);

  if (int unrunnable = unrunnable_count(run)) {
    std::cerr << "perfgate: " << unrunnable << " of " << run.benchmarks.size()
              << " benchmarks produced no sample (see the failures above)"
              << (a.smoke ? "; not failing the build: --smoke never does" : "") << "\n";
    return a.smoke ? 0 : static_cast<int>(ExitCode::run_failed);
  }
  return pushed;
}

}  // namespace

void add_run_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a suite, keep the run in the store and a result file");
  cmd->add_option("suite", args->suite_path, "Suite file (perfgate.toml)")->required();
  cmd->add_option("-o,--output", args->output,
                  "Result file to write (default .perfgate/runs/<run id>.json)");
  cmd->add_flag("--quick", args->quick, "Fewer runs per benchmark (the suite's quick_runs)");
  cmd->add_flag("--smoke", args->smoke,
                "A non-gating smoke check: " + std::to_string(smoke_runs) +
                    " runs per benchmark (or --runs), figures printed (and annotated in GitHub "
                    "Actions), exit 0 whatever was measured; the run is not stored")
;
  cmd->add_flag("--strict-env", args->strict_env,
                "Pre-flight warnings become errors (exit 3): for official runs");
  cmd->add_flag("--strict", args->strict,
                "A receipt that breaks a strict rule fails its repetition (also "
                "PERFGATE_STRICT=1; docs/receipts.md)");
  cmd->add_option("--runs", args->runs, "Runs per benchmark, overriding the suite")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--counter", args->counter,
                  "How the built-in metric `instructions` is counted, for benchmarks that list it "
                  "in builtin_metrics: perf (hardware counter) or callgrind (exact, 20-50x "
                  "slower); default perf when it works here, else callgrind")
      ->check(CLI::IsMember({"perf", "callgrind"}));
  add_store_flag(cmd, args->common);
  add_output_flags(cmd, args->common);
  add_push_flags(cmd, args->push, /*required_server=*/false);
  cmd->callback([args, &action] { action = [args] { return run_verb(*args); }; });
}

}  // namespace perfgate::cli
