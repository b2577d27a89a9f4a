#include "cli/common.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "model/error.hpp"

namespace perfgate::cli {

void add_store_flag(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--store", o.store_url,
                  "Where runs are kept: sqlite:PATH (default " + std::string(default_store_url) +
                      ")");
}

void add_output_flags(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--color", o.color, "Colour: auto (a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("-q,--quiet", o.quiet, "Print only results and errors: no progress, no warnings");
}

void add_gate_flags(CLI::App* cmd, GateArgs& g) {
  cmd->add_option("--fail-on", g.fail_on,
                  "Exit 1 on: critical (critical regressions, budgets exceeded, failed "
                  "benchmarks), warning (also warnings), any (also inconclusive), never. "
                  "Default: the suite's [gate] fail_on")
      ->check(CLI::IsMember({"critical", "warning", "any", "never"}));
  cmd->add_flag("--fail-on-regression", g.fail_on_regression, "The same as --fail-on warning");
  cmd->add_flag("--non-gating", g.non_gating,
                "Smoke mode: report every finding as a warning and always exit 0");
}

GatePolicy resolve_gate(const GateArgs& g, const GatePolicy& from_suite, FailOn verb_default) {
  GatePolicy p = from_suite;
  if (!p.fail_on) p.fail_on = verb_default;
  if (g.fail_on_regression) p.fail_on = FailOn::warning;
  if (!g.fail_on.empty()) p.fail_on = *parse_fail_on(g.fail_on);
  if (g.non_gating) p.non_gating = true;
  return p;
}

std::unique_ptr<Reporter> reporter_for(const std::string& format, const std::string& output,
                                       const CommonOptions& common) {
  ReportOptions ro;
  ro.color = output.empty() && use_color(common, STDOUT_FILENO);
  std::unique_ptr<Reporter> reporter = make_reporter(format, ro);
  if (!reporter) {
    std::string names;
    for (const auto& f : report_formats()) names += (names.empty() ? "" : ", ") + f;
    throw input_error("--format " + format + ": unknown format; use one of " + names);
  }
  return reporter;
}

int report_and_gate(Comparison& comparison, const GatePolicy& policy, const Reporter& reporter,
                    const std::string& output, const std::string& format,
                    const CommonOptions& common) {
  if (policy.non_gating) report_as_warnings(comparison);
  write_output(output, [&](std::ostream& out) { reporter.write(comparison, out); });
  const bool failed = gate_fails(comparison, policy);
  if (!common.quiet) {
    if (!output.empty() || format != "text")
      std::cerr << "perfgate: " << summary_line(comparison.summary) << "\n";
    std::cerr << "perfgate: " << gate_summary(comparison, policy) << "\n";
  }
  return failed ? static_cast<int>(ExitCode::gate_failed) : 0;
}

bool use_color(const CommonOptions& o, int fd) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fd) != 0;
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
    if (!f) throw input_error(path + ": cannot write: " + std::strerror(errno) + "; check --output");
    write(f);
    f.flush();
    if (!f) throw input_error(path + ": cannot write: " + std::strerror(errno) + "; check --output");
  }
  fs::rename(tmp, path, ec);
  if (ec) throw input_error(path + ": cannot write: " + ec.message() + "; check --output");
}

}  // namespace perfgate::cli
