#include "cli/common.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "collect/git.hpp"
#include "model/error.hpp"
#include "model/units.hpp"

namespace perfgate::cli {

void add_store_flag(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--store", o.store_url,
                  "Where runs are kept: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default " +
                      std::string(default_store_url) + ")");
}

void add_output_flags(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--color", o.color, "Colour: auto (a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("-q,--quiet", o.quiet, "Print only results and errors: no progress, no warnings");
}

void add_threshold_flag(CLI::App* cmd, std::string& threshold) {
  cmd->add_option("--threshold", threshold,
                  "Warning limit for every benchmark and direction, e.g. 5% or 0.05; the "
                  "critical limit becomes twice it (default: the suite's limits)");
}

CompareOptions compare_options(const std::string& threshold) {
  CompareOptions options;
  if (threshold.empty()) return options;
  std::optional<double> t = parse_threshold(threshold);
  if (!t)
    throw input_error(
        "--threshold " + threshold +
        ": not a threshold; write a percentage such as 5% or a fraction such as 0.05");
  options.limits = RelativeLimits{*t, 2 * *t};
  return options;
}

void add_gate_flags(CLI::App* cmd, GateArgs& g) {
  cmd->add_option("--fail-on", g.fail_on,
                  "Exit 1 on: critical (critical regressions, budgets exceeded, failed "
                  "benchmarks), warning (also warnings), any (also inconclusive), never. "
                  "Default: the suite's [gate] fail_on")
      ->check(CLI::IsMember({"critical", "warning", "any", "never"}));
  cmd->add_flag("--fail-on-regression", g.fail_on_regression, "The same as --fail-on warning");
  cmd->add_flag(
      "--non-gating", g.non_gating,
      "Report every finding as a warning and always exit 0 (a job that informs, never blocks)");
}

GatePolicy resolve_gate(const GateArgs& g, const GatePolicy& from_suite, FailOn verb_default) {
  GatePolicy p = from_suite;
  if (!p.fail_on) p.fail_on = verb_default;
  if (g.fail_on_regression) p.fail_on = FailOn::warning;
  if (!g.fail_on.empty()) p.fail_on = *parse_fail_on(g.fail_on);
  if (g.non_gating) p.non_gating = true;
  return p;
}

namespace {

std::unique_ptr<Reporter> reporter_named(const std::string& format, const std::string& flag,
                                         const ReportOptions& options) {
  std::unique_ptr<Reporter> reporter = make_reporter(format, options);
  if (reporter) return reporter;
  std::string names;
  for (const auto& f : report_formats()) names += (names.empty() ? "" : ", ") + f;
  throw input_error(flag + ": unknown format \"" + format + "\"; use one of " + names);
}

std::string format_list() {
  std::string names;
  for (const auto& f : report_formats()) names += (names.empty() ? "" : ", ") + f;
  return names;
}

// Appends the Markdown report to the GitHub job summary: the page of the
// workflow run shows it. A summary that cannot be written costs a warning,
// never the verdict.
void append_step_summary(const Comparison& comparison, bool quiet) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (!path || !*path) return;
  std::ofstream f(path, std::ios::app | std::ios::binary);
  if (f) make_markdown_reporter(ReportOptions{})->write(comparison, f);
  f.flush();
  if (!f && !quiet)
    std::cerr << "warning: cannot append the job summary to " << path
              << " ($GITHUB_STEP_SUMMARY): " << std::strerror(errno) << "\n";
}

}  // namespace

void add_report_flags(CLI::App* cmd, ReportArgs& r) {
  cmd->add_option("-f,--format", r.format, "Report format: " + format_list() + " (default text)");
  cmd->add_option("-o,--output", r.output, "Write the report to this file instead of stdout");
  cmd->add_option("-e,--export", r.exports,
                  "Also write FORMAT to FILE, e.g. --export markdown=comment.md --export "
                  "junit=perfgate.xml (repeatable)")
      ->type_name("FORMAT=FILE");
}

Reports make_reports(const ReportArgs& args, const CommonOptions& common) {
  Reports r;
  r.args = args;
  ReportOptions ro;
  ro.color = args.output.empty() && use_color(common, STDOUT_FILENO);
  if (args.format == "github" && common.color == "auto") {
    const char* no_color = std::getenv("NO_COLOR");
    ro.color = !(no_color && *no_color);
  }
  ro.width = args.output.empty() ? terminal_width(STDOUT_FILENO) : 0;
  r.main = reporter_named(args.format, "--format " + args.format, ro);
  for (const auto& e : args.exports) {
    const auto eq = e.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == e.size())
      throw input_error("--export " + e + ": write FORMAT=FILE, e.g. --export junit=perfgate.xml");
    r.exports.emplace_back(reporter_named(e.substr(0, eq), "--export " + e, ReportOptions{}),
                           e.substr(eq + 1));
  }
  return r;
}

int report_and_gate(Comparison& comparison, const GatePolicy& policy, const Reports& reports,
                    const CommonOptions& common) {
  if (policy.non_gating) report_as_warnings(comparison);
  write_output(reports.args.output,
               [&](std::ostream& out) { reports.main->write(comparison, out); });
  for (const auto& [reporter, file] : reports.exports)
    write_output(file, [&](std::ostream& out) { reporter->write(comparison, out); });
  if (reports.args.format == "github") append_step_summary(comparison, common.quiet);
  const bool failed = gate_fails(comparison, policy);
  if (!common.quiet) {
    if (!reports.args.output.empty() || reports.args.format != "text")
      std::cerr << "perfgate: " << summary_line(comparison.summary) << "\n";
    std::cerr << "perfgate: " << gate_summary(comparison, policy) << "\n";
  }
  return failed ? static_cast<int>(ExitCode::gate_failed) : 0;
}

std::string name_list(const std::vector<std::string>& names, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < max; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > max) out += ", ... (" + std::to_string(names.size() - max) + " more)";
  return out;
}

std::optional<CommitOrder> commit_order(const std::string& rev, std::string& why_not) {
  if (auto commits = topo_order_commits(".", rev)) return CommitOrder{rev, std::move(*commits)};
  if (!run_git(".", {"rev-parse", "--git-dir"})) {
    why_not = "the working folder is not in a git repository";
  } else {
    why_not = "the repository here has no commit \"" + rev + "\"";
  }
  return std::nullopt;
}

bool use_color(const CommonOptions& o, int fd) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fd) != 0;
}

int terminal_width(int fd) {
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long n = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && n > 0 && n < 100000) return static_cast<int>(n);
  }
  winsize ws{};
  if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 0;
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(std::cout);
    std::cout.flush();
    return;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f)
      throw input_error(path + ": cannot write: " + std::strerror(errno) + "; check --output");
    write(f);
    f.flush();
    if (!f)
      throw input_error(path + ": cannot write: " + std::strerror(errno) + "; check --output");
  }
  fs::rename(tmp, path, ec);
  if (ec) throw input_error(path + ": cannot write: " + ec.message() + "; check --output");
}

}  // namespace perfgate::cli
