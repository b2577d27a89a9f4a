// perfgate baseline create | update | show: the baseline file that
// `perfgate check` judges runs against (docs/formats.md, "Baseline file").
// The statistics live in src/model/baseline.cpp; this file gathers the runs,
// writes the file and prints it.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "analyze/baseline_build.hpp"
#include "cli/common.hpp"
#include "cli/progress.hpp"
#include "cli/run_arg.hpp"
#include "collect/process.hpp"
#include "collect/runner.hpp"
#include "model/clock.hpp"
#include "model/error.hpp"
#include "model/suite_toml.hpp"
#include "model/units.hpp"
#include "report/table.hpp"
#include "store/keep_run.hpp"

namespace perfgate::cli {
namespace {

constexpr const char* kDefaultBaselineFile = "perfgate-baseline.json";

// Which runs to pool: exactly one of the three ways.
struct SourceArgs {
  std::vector<std::string> from;  // run references or result files
  int last = 0;                   // the N newest stored runs of the suite
  std::string suite;              // run this suite `repeat` times, keeping each run
  int repeat = 3;
};

struct BaselineArgs {
  CommonOptions common;
  SourceArgs source;
  std::string output = kDefaultBaselineFile;     // create
  std::string baseline = kDefaultBaselineFile;   // update
  std::string show_file = kDefaultBaselineFile;  // show
  std::string reason;
  bool force = false;
};

std::string percent(double fraction) {
  char buf[32];
  const double p = fraction * 100;
  std::snprintf(buf, sizeof buf, p < 10 ? "%.1f %%" : "%.0f %%", p);
  return buf;
}

// Suggested thresholds are whole percents: "3 %", not "3.0 %".
std::string whole_percent(double fraction) {
  return std::to_string(static_cast<long long>(std::llround(fraction * 100))) + " %";
}

// Runs the suite `repeat` times; each run is kept like `perfgate run` keeps it
// (result file under .perfgate/runs/, then the store), so a baseline's source
// runs can always be found again.
std::vector<Run> run_suite_repeatedly(const SourceArgs& s, const CommonOptions& common) {
  Suite suite = load_suite(s.suite);
  check_commands(suite);
  std::unique_ptr<Store> store = open_store(common.store_url);
  ProgressPrinter progress(std::cerr, isatty(STDERR_FILENO) != 0, common.quiet,
                           use_color(common, STDERR_FILENO), terminal_width(STDERR_FILENO));
  install_interrupt_cleanup();
  std::vector<Run> runs;
  for (int i = 0; i < s.repeat; ++i) {
    if (!common.quiet)
      std::cerr << "baseline: run " << i + 1 << " of " << s.repeat << " of " << s.suite << "\n";
    Run run = run_suite(suite, RunOptions{}, progress);
    std::string path;
    const std::int64_t id = keep_run(run, *store, path);
    if (!common.quiet)
      std::cerr << "run " << run.id << " stored as #" << id << " in " << store->describe() << "\n";
    runs.push_back(std::move(run));
  }
  return runs;
}

// The runs named by the source flags. `suite_for_last` picks the suite for
// --last (the baseline's own on update; empty: the newest stored run's).
std::vector<Run> gather_runs(const SourceArgs& s, const CommonOptions& common,
                             const std::string& suite_for_last) {
  const int ways = (s.from.empty() ? 0 : 1) + (s.last > 0 ? 1 : 0) + (s.suite.empty() ? 0 : 1);
  if (ways != 1)
    throw input_error(std::string(ways == 0 ? "no runs given" : "runs given in more than one way") +
                      "; say which runs to pool with exactly one of --from REF (repeatable: "
                      "--from latest~2 --from latest~1 --from latest), --last N, or --suite "
                      "FILE --repeat N");
  if (!s.suite.empty()) return run_suite_repeatedly(s, common);
  std::unique_ptr<Store> store;
  if (s.last > 0) {
    store = open_store(common.store_url, /*create_if_missing=*/false);
    return load_newest_runs(s.last, suite_for_last, *store);
  }
  std::vector<Run> runs;
  for (const auto& ref : s.from) runs.push_back(load_run_arg(ref, common, store));
  return runs;
}

// benchmark, metric, n, median, noise, suggested threshold and the limit in
// force, for the metrics compare judges; then notes on limits the noise
// cannot support and on failed repetitions.
void write_baseline_table(const Baseline& b, std::ostream& out, bool color) {
  TextTable table({"benchmark", "metric", "n", "median", "noise", "suggested", "limit"});
  for (std::size_t c = 2; c <= 6; ++c) table.align_right(c);
  std::vector<std::string> notes;
  int not_judged = 0;
  for (const auto& bb : b.benchmarks) {
    bool first = true;
    for (const auto& m : bb.metrics) {
      if (!m.info.compared) {
        ++not_judged;
        continue;
      }
      const double limit = bb.limits.for_direction(m.info.direction).warning;
      const bool too_tight = m.suggested_threshold && *m.suggested_threshold > limit + 1e-12;
      table.add_row({{first ? bb.name : "", ""},
                     {m.info.name, ""},
                     {std::to_string(m.n), ""},
                     {m.median ? format_value(*m.median, m.info.unit) : "-", ""},
                     {m.relative_mad ? percent(*m.relative_mad) : "-", ""},
                     {m.suggested_threshold ? whole_percent(*m.suggested_threshold) : "-",
                      too_tight ? "33" : ""},
                     {percent(limit), ""}});
      first = false;
      if (too_tight)
        notes.push_back(bb.name + " " + m.info.name + ": with this noise a run can only detect " +
                        "changes of " + whole_percent(*m.suggested_threshold) +
                        " or more, but its " + "warning limit is " + percent(limit) +
                        "; raise the limit in the suite, or give the benchmark more runs");
    }
    if (bb.failed_repetitions > 0)
      notes.push_back(bb.name + ": " + std::to_string(bb.failed_repetitions) +
                      " failed repetitions in the source runs were not pooled; a baseline should "
                      "come from clean runs");
  }
  table.write(out, color);
  out << "n = samples pooled from " << b.runs.size() << (b.runs.size() == 1 ? " run" : " runs")
      << "; noise = MAD / median; suggested = the smallest change one run can detect "
         "against this noise (alpha 0.02, 80 % power; docs/formats.md, \"Baseline file\"); "
         "limit = the warning limit in force";
  if (not_judged > 0) out << "; " << not_judged << " recorded metrics not judged are not shown";
  out << "\n";
  for (const auto& n : notes) out << "note: " << n << "\n";
}

void write_baseline_header(const Baseline& b, const std::string& path, std::ostream& out) {
  const auto& e = b.environment;
  out << "baseline:  " << path << "\n";
  out << "suite:     " << b.suite_name << "\n";
  out << "platform:  " << b.platform << " (" << (e.cpu_model.empty() ? "unknown CPU" : e.cpu_model)
      << ", " << e.logical_cores << " logical cores, " << (e.os.empty() ? "unknown OS" : e.os)
      << ", " << (e.compiler.empty() ? "unknown compiler" : e.compiler) << ")\n";
  out << "created:   " << b.created_at << "\n";
  out << "runs:      " << b.runs.size() << "\n";
  for (const auto& r : b.runs)
    out << "  " << r.id << "  " << r.started_at
        << (r.commit.empty() ? "" : "  commit " + r.commit.substr(0, 7))
        << (r.branch.empty() ? "" : " on " + r.branch) << "\n";
  out << "\n";
}

void write_history(const Baseline& b, std::ostream& out) {
  out << "\nhistory:\n";
  for (const auto& h : b.history)
    out << "  " << h.at << "  " << h.action << " from " << h.runs.size() << " runs"
        << (h.reason.empty() ? "" : ": " + h.reason) << "\n";
}

int create_verb(const BaselineArgs& a) {
  if (!a.force && std::filesystem::exists(a.output))
    throw input_error(a.output +
                      ": exists; to move an existing baseline use `perfgate baseline "
                      "update --reason \"...\"` (it keeps the history), or pass "
                      "--force to replace it");
  std::vector<Run> runs = gather_runs(a.source, a.common, "");
  Baseline b = make_baseline(runs, utc_now_iso(), a.reason);
  write_baseline_file(b, a.output);
  write_baseline_table(b, std::cout, use_color(a.common, STDOUT_FILENO));
  if (!a.common.quiet)
    std::cerr << "baseline " << a.output << " written from " << runs.size()
              << (runs.size() == 1 ? " run" : " runs") << " of suite \"" << b.suite_name << "\" on "
              << b.platform << "; commit it, and gate CI with `perfgate check --baseline "
              << a.output << "`\n";
  return 0;
}

int update_verb(const BaselineArgs& a) {
  check_update_reason(a.reason);  // before anything runs
  Baseline b = read_baseline_file(a.baseline);
  std::vector<Run> runs = gather_runs(a.source, a.common, b.suite_name);
  update_baseline(b, runs, utc_now_iso(), a.reason);
  write_baseline_file(b, a.baseline);
  write_baseline_table(b, std::cout, use_color(a.common, STDOUT_FILENO));
  if (!a.common.quiet)
    std::cerr << "baseline " << a.baseline << " updated from " << runs.size() << " runs ("
              << b.history.size() << " entries in its history)\n";
  return 0;
}

int show_verb(const BaselineArgs& a) {
  Baseline b = read_baseline_file(a.show_file);
  write_baseline_header(b, a.show_file, std::cout);
  write_baseline_table(b, std::cout, use_color(a.common, STDOUT_FILENO));
  write_history(b, std::cout);
  return 0;
}

void add_source_flags(CLI::App* cmd, SourceArgs& s) {
  cmd->add_option("--from", s.from,
                  "A run to pool: a result file or a stored run (latest, latest~N, a store id, "
                  "commit:SHA, branch:NAME); repeat the flag for each run");
  cmd->add_option("--last", s.last, "Pool the N newest stored runs of the suite")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--suite", s.suite,
                  "Run this suite --repeat times (each run is stored) and pool them");
  cmd->add_option("--repeat", s.repeat, "With --suite: how many runs (default 3)")
      ->check(CLI::PositiveNumber);
}

}  // namespace

void add_baseline_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<BaselineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "baseline",
      "Make, update or show a baseline file: statistics of a few runs, committed to the "
      "repository and checked with `perfgate check`");
  cmd->require_subcommand(1);

  CLI::App* create = cmd->add_subcommand("create", "Make a baseline file from a few runs");
  add_source_flags(create, args->source);
  create->add_option(
      "-o,--output", args->output,
      std::string("The baseline file to write (default ") + kDefaultBaselineFile + ")");
  create->add_option("--reason", args->reason, "Why, recorded in the history (optional)");
  create->add_flag("--force", args->force,
                   "Replace an existing baseline file (its history is lost)");
  add_store_flag(create, args->common);
  add_output_flags(create, args->common);
  create->callback([args, &action] { action = [args] { return create_verb(*args); }; });

  CLI::App* update = cmd->add_subcommand(
      "update", "Replace a baseline's statistics with new runs; the reason goes into its history");
  add_source_flags(update, args->source);
  update->add_option("--baseline", args->baseline,
                     std::string("The baseline file (default ") + kDefaultBaselineFile + ")");
  update->add_option("--reason", args->reason, "Why the baseline moves (required)");
  add_store_flag(update, args->common);
  add_output_flags(update, args->common);
  update->callback([args, &action] { action = [args] { return update_verb(*args); }; });

  CLI::App* show = cmd->add_subcommand("show", "Print a baseline file readably");
  show->add_option("file", args->show_file,
                   std::string("The baseline file (default ") + kDefaultBaselineFile + ")");
  add_output_flags(show, args->common);
  show->callback([args, &action] { action = [args] { return show_verb(*args); }; });
}

}  // namespace perfgate::cli
