// Flags every verb shares, and the few things verbs do alike (open the store,
// decide on colour, write to --output). Shared flags mean the same everywhere.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyze/compare.hpp"
#include "analyze/history.hpp"
#include "model/limits.hpp"
#include "report/reporter.hpp"
#include "store/store.hpp"

namespace perfgate::cli {

struct CommonOptions {
  std::string store_url = default_store_url;
  std::string color = "auto";  // auto | always | never
  bool quiet = false;
};

void add_store_flag(CLI::App* cmd, CommonOptions& o);

// --fail-on, --non-gating and the older --fail-on-regression, shared by every
// verb that gates (compare, check).
struct GateArgs {
  std::string fail_on;           // empty: the run's (suite's) policy
  bool non_gating = false;
  bool fail_on_regression = false;  // the same as --fail-on warning
};
void add_gate_flags(CLI::App* cmd, GateArgs& g);
// The policy in force: flags win over `from_suite` (carried in the contender
// run), which wins over the verb's own default.
GatePolicy resolve_gate(const GateArgs& g, const GatePolicy& from_suite, FailOn verb_default);
void add_output_flags(CLI::App* cmd, CommonOptions& o);  // --color, --quiet

// --threshold: one warning limit for every benchmark (the critical limit twice
// it), and the comparison options it gives (exit 2 when it is not a threshold).
void add_threshold_flag(CLI::App* cmd, std::string& threshold);
CompareOptions compare_options(const std::string& threshold);

// Colour on `fd`: "always", "never", or (auto) when fd is a terminal and
// NO_COLOR is unset or empty.
bool use_color(const CommonOptions& o, int fd);

// The width of the terminal on `fd` in columns: $COLUMNS when set to a
// positive number (as shells and CI runners do), else the terminal's own,
// else 0 (a pipe or a file: no limit).
int terminal_width(int fd);

// Calls `write` with stdout, or with a file when `path` is not empty (written
// whole, then renamed into place). Throws perfgate::Error (exit 2) when the
// file cannot be written.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

// --format, --output and --export, shared by the verbs that report a
// comparison (compare, check).
struct ReportArgs {
  std::string format = "text";
  std::string output;
  std::vector<std::string> exports;  // FORMAT=FILE, each written besides the main report
};
void add_report_flags(CLI::App* cmd, ReportArgs& r);

// The reporters asked for, made before any work so that a mistyped format
// costs nothing (exit 2 naming the known formats). Colour only for a
// terminal, or for the github format in a CI log, which shows ANSI colours.
struct Reports {
  ReportArgs args;
  std::unique_ptr<Reporter> main;
  std::vector<std::pair<std::unique_ptr<Reporter>, std::string>> exports;  // reporter, file
};
Reports make_reports(const ReportArgs& args, const CommonOptions& common);

// Writes the main report and every export, appends the Markdown report to
// $GITHUB_STEP_SUMMARY for the github format, prints the gate's one-line
// summary on stderr, and returns the exit code under `policy` (0, or 1 when
// the gate fails).
int report_and_gate(Comparison& comparison, const GatePolicy& policy, const Reports& reports,
                    const CommonOptions& common);

// "a, b, c": at most `max` names, then how many more (messages that offer
// what the store has).
std::string name_list(const std::vector<std::string>& names, std::size_t max = 20);

// The commit order of the working folder's repository for `rev` (history and
// detect order series by it), or nullopt with `why_not` saying why there is none.
std::optional<CommitOrder> commit_order(const std::string& rev, std::string& why_not);

// Each verb adds its subcommand; `action` is set to what runs after parsing.
using Action = std::function<int()>;
void add_run_command(CLI::App& app, Action& action);
void add_compare_command(CLI::App& app, Action& action);
void add_runs_command(CLI::App& app, Action& action);
void add_baseline_command(CLI::App& app, Action& action);
void add_check_command(CLI::App& app, Action& action);
void add_ingest_command(CLI::App& app, Action& action);
void add_report_command(CLI::App& app, Action& action);
void add_crossval_command(CLI::App& app, Action& action);
void add_receipt_command(CLI::App& app, Action& action);
void add_ab_command(CLI::App& app, Action& action);
void add_bisect_command(CLI::App& app, Action& action);
void add_detect_command(CLI::App& app, Action& action);
void add_history_command(CLI::App& app, Action& action);
void add_store_command(CLI::App& app, Action& action);
void add_serve_command(CLI::App& app, Action& action);
void add_project_command(CLI::App& app, Action& action);
void add_token_command(CLI::App& app, Action& action);
void add_push_command(CLI::App& app, Action& action);
// Whether the receipts' strict rules apply: `flag` (--strict) or PERFGATE_STRICT
// set to anything but "", "0", "false" or "no".
bool strict_receipts(bool flag);

}  // namespace perfgate::cli
