// perfgate detect: change points in a series (docs/changepoints.md). Two
// modes: a plain series file (--series FILE, reports only), or the store's
// series of the benchmarks named, of a suite or of every benchmark, in the
// order `history` uses, gated on regressions at the head of a series. The
// analysis is analyze/series_changes (stats::detect_change_points per
// series); the output is report/changepoints.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "analyze/history.hpp"
#include "analyze/series_changes.hpp"
#include "cli/common.hpp"
#include "collect/git.hpp"
#include "model/error.hpp"
#include "model/series_file.hpp"
#include "model/suite_toml.hpp"
#include "report/changepoints.hpp"
#include "stats/changepoint_detect.hpp"
#include "store/run_limits.hpp"

namespace perfgate::cli {
namespace {

struct DetectArgs {
  CommonOptions common;
  GateArgs gate;
  std::string series;
  std::vector<std::string> benchmarks;
  std::string suite;
  std::string metric;
  std::string branch;
  std::string machine;  // a host id prefix
  std::string since;
  std::string method = "edivisive";
  std::string format = "text";
  std::string output;
  bool weak = false;
  std::optional<std::size_t> window;
  std::optional<double> max_p;
  std::optional<double> penalty;
};

stats::DetectOptions detect_options(const DetectArgs& a) {
  const auto method = stats::parse_change_point_method(a.method);
  if (!method)
    throw input_error("--method " + a.method + ": unknown method; use edivisive or pelt");
  stats::DetectOptions o;
  o.method = *method;
  o.edivisive.include_weak = a.weak;
  if (a.window) o.edivisive.window = *a.window;
  if (a.max_p) {
    if (!(*a.max_p > 0 && *a.max_p < 0.1))
      throw input_error("--max-p " + std::to_string(*a.max_p) + ": use a p-value in (0, 0.1)");
    o.edivisive.max_p_value = *a.max_p;
    o.edivisive.weak_p_value = 10 * *a.max_p;
  }
  if (a.penalty) o.pelt.penalty_factor = *a.penalty;
  if (o.edivisive.window < 2 * o.edivisive.min_segment)
    throw input_error("--window " + std::to_string(o.edivisive.window) + ": use at least " +
                      std::to_string(2 * o.edivisive.min_segment) + " points");
  if (!(o.pelt.penalty_factor > 0)) throw input_error("--penalty: use a positive factor");
  return o;
}

int detect_file(const DetectArgs& a, const stats::DetectOptions& o) {
  const SeriesFile file = read_series_file(a.series);
  stats::ChangePointResult result = stats::detect_change_points(file.values, o);
  result.notes.insert(result.notes.begin(), file.notes.begin(), file.notes.end());
  write_output(a.output, [&](std::ostream& out) {
    if (a.format == "json")
      write_series_detection_json(result, o, a.series, out);
    else
      write_series_detection_text(result, o, a.series, out,
                                  a.output.empty() && use_color(a.common, STDOUT_FILENO));
  });
  return 0;
}

// The benchmarks to analyse: those named (each must be stored), those of the
// suite that are stored (a gbench benchmark's as "<name>/<its benchmark>"),
// or every stored one.
std::vector<std::string> pick_benchmarks(Store& store, const DetectArgs& a,
                                         const std::optional<Suite>& suite) {
  const std::vector<std::string> stored = store.benchmark_names();
  if (stored.empty())
    throw input_error(store.describe() +
                      " has no runs yet: run `perfgate run SUITE` or `perfgate ingest FILE` first");
  if (!a.benchmarks.empty()) {
    for (const std::string& b : a.benchmarks)
      if (std::find(stored.begin(), stored.end(), b) == stored.end())
        throw input_error("no benchmark \"" + b + "\" in " + store.describe() +
                          "; it has: " + name_list(stored));
    return a.benchmarks;
  }
  if (!suite) return stored;
  std::vector<std::string> out;
  std::vector<std::string> absent;
  for (const BenchmarkSpec& spec : suite->benchmarks) {
    const std::size_t before = out.size();
    for (const std::string& s : stored)
      if (s == spec.name ||
          (spec.kind == BenchmarkKind::gbench && s.rfind(spec.name + "/", 0) == 0))
        out.push_back(s);
    if (out.size() == before) absent.push_back(spec.name);
  }
  if (out.empty())
    throw input_error(a.suite + ": none of its benchmarks has runs in " + store.describe() +
                      " (it has: " + name_list(stored) + "); run `perfgate run " + a.suite +
                      "` first");
  if (!absent.empty() && !a.common.quiet)
    std::cerr << "perfgate: not in " << store.describe()
              << " yet, not analysed: " << name_list(absent) << "\n";
  return out;
}

// The metrics of `benchmark` to analyse: --metric, else every compared one
// (the first metric when none is compared). Empty when --metric names one the
// benchmark does not have and the benchmark was not named explicitly.
std::vector<MetricInfo> pick_metrics(Store& store, const DetectArgs& a,
                                     const std::string& benchmark) {
  const std::vector<MetricInfo> metrics = store.benchmark_metrics(benchmark);
  if (a.metric.empty()) {
    std::vector<MetricInfo> compared;
    for (const MetricInfo& m : metrics)
      if (m.compared) compared.push_back(m);
    if (compared.empty() && !metrics.empty()) compared.push_back(metrics.front());
    return compared;
  }
  for (const MetricInfo& m : metrics)
    if (m.name == a.metric) return {m};
  if (a.benchmarks.empty()) return {};
  std::vector<std::string> names;
  for (const MetricInfo& m : metrics) names.push_back(m.name);
  throw input_error("no metric \"" + a.metric + "\" for benchmark \"" + benchmark + "\" in " +
                    store.describe() + "; it has: " + name_list(names));
}

// No series had a single run under the filters: which filter left nothing,
// and what the store has instead (exit 2).
[[noreturn]] void no_points(Store& store, const DetectArgs& a,
                            const std::vector<std::pair<std::string, MetricInfo>>& series) {
  std::set<std::string> branches, machines;
  for (const auto& [benchmark, metric] : series) {
    SeriesQuery all;
    all.benchmark = benchmark;
    all.metric = metric.name;
    for (const SeriesPoint& p : store.series(all)) {
      if (!p.git_branch.empty()) branches.insert(p.git_branch);
      machines.insert(p.host_id.empty() ? "(none)" : p.host_id);
    }
  }
  std::string msg =
      "no runs of the " + std::to_string(series.size()) + " series in " + store.describe();
  if (!a.branch.empty()) msg += " on branch \"" + a.branch + "\"";
  if (!a.machine.empty())
    msg += (a.branch.empty() ? " on" : " and") + std::string(" machine \"") + a.machine + "\"";
  if (!a.branch.empty())
    msg += "; branches with these benchmarks: " +
           (branches.empty() ? std::string("none named")
                             : name_list({branches.begin(), branches.end()}));
  if (!a.machine.empty())
    msg += "; machines with these benchmarks: " + name_list({machines.begin(), machines.end()});
  throw input_error(msg);
}

// --since as a commit hash prefix for keep_changes_since: 4+ hexadecimal
// digits are taken as they are (the store may hold commits this clone does
// not); anything else (a tag, a branch, HEAD~10) is resolved by the working
// folder's repository, as git users write revisions.
std::string since_commit(const std::string& since) {
  if (since.size() >= 4 && since.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos)
    return since;
  const std::optional<std::string> full =
      run_git(".", {"rev-parse", "--verify", "--quiet", "--end-of-options", since + "^{commit}"});
  if (!full || full->empty())
    throw input_error("--since " + since +
                      ": not a commit this repository knows; give a commit hash (4+ hexadecimal "
                      "digits), a tag, a branch or a revision such as HEAD~10, from inside the "
                      "repository");
  return *full;
}

int detect_store(const DetectArgs& a, const stats::DetectOptions& o) {
  std::optional<Suite> suite;
  if (!a.suite.empty()) {
    if (!a.benchmarks.empty())
      throw input_error("--suite " + a.suite + ": give benchmarks by name or a suite, not both");
    suite = load_suite(a.suite);
  }
  std::unique_ptr<Store> store = open_store(a.common.store_url, /*create_if_missing=*/false);

  std::vector<std::pair<std::string, MetricInfo>> wanted;
  for (const std::string& b : pick_benchmarks(*store, a, suite))
    for (MetricInfo& m : pick_metrics(*store, a, b)) wanted.emplace_back(b, std::move(m));
  if (wanted.empty())
    throw input_error("no benchmark analysed here has a metric \"" + a.metric + "\" in " +
                      store->describe() +
                      "; `perfgate history BENCHMARK --metric M` lists a "
                      "benchmark's metrics in its error");

  std::string why_not;
  const std::optional<CommitOrder> git =
      commit_order(a.branch.empty() ? "HEAD" : a.branch, why_not);
  RunLimits limits(*store);
  std::vector<SeriesChanges> all;
  bool any_points = false;
  for (const auto& [benchmark, metric] : wanted) {
    SeriesQuery query;
    query.benchmark = benchmark;
    query.metric = metric.name;
    query.branch = a.branch;
    query.host_prefix = a.machine;
    std::vector<SeriesPoint> points = store->series(query);
    const RelativeLimits rel = limits.of_newest(points, benchmark, metric.direction);
    any_points = any_points || !points.empty();
    all.push_back(
        find_series_changes(build_history(metric, query, std::move(points), git, why_not), o, rel));
  }
  if (!any_points) no_points(*store, a, wanted);
  if (!a.since.empty()) keep_changes_since(all, since_commit(a.since));

  const GatePolicy policy =
      resolve_gate(a.gate, suite ? suite->gate : GatePolicy{}, FailOn::critical);
  if (policy.non_gating) report_changes_as_warnings(all);
  write_output(a.output, [&](std::ostream& out) {
    if (a.format == "json")
      write_store_detection_json(all, o, a.since, policy, out);
    else
      write_store_detection_text(all, o, a.since, out,
                                 a.output.empty() && use_color(a.common, STDOUT_FILENO));
  });
  if (!a.common.quiet) {
    if (!a.output.empty() || a.format != "text")
      std::cerr << "perfgate: " << detection_summary_line(all) << "\n";
    std::cerr << "perfgate: " << change_gate_summary(all, policy) << "\n";
  }
  return change_gate_fails(all, policy) ? static_cast<int>(ExitCode::gate_failed) : 0;
}

int detect_verb(const DetectArgs& a) {
  if (a.format != "text" && a.format != "json")
    throw input_error("--format " + a.format + ": unknown format; use text or json");
  const stats::DetectOptions o = detect_options(a);
  if (a.series.empty()) return detect_store(a, o);
  std::string store_flags;
  for (const auto& [flag, given] :
       {std::pair<const char*, bool>{"BENCHMARK", !a.benchmarks.empty()},
        {"--suite", !a.suite.empty()},
        {"--metric", !a.metric.empty()},
        {"--branch", !a.branch.empty()},
        {"--machine", !a.machine.empty()},
        {"--since", !a.since.empty()},
        {"--fail-on", !a.gate.fail_on.empty() || a.gate.fail_on_regression}})
    if (given) store_flags += (store_flags.empty() ? "" : ", ") + std::string(flag);
  if (!store_flags.empty())
    throw input_error("--series " + a.series + " analyses that file alone, and " + store_flags +
                      " choose series in the store; give one or the other");
  return detect_file(a, o);
}

}  // namespace

void add_detect_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<DetectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "detect",
      "Find change points (lasting shifts) in the store's series, or in a series file "
      "(docs/changepoints.md)");
  cmd->add_option("benchmarks", a->benchmarks,
                  "Benchmarks to analyse (default: those of --suite, else every stored one)");
  cmd->add_option("--suite", a->suite, "Analyse the stored benchmarks of this suite file");
  cmd->add_option("-m,--metric", a->metric,
                  "Only this metric (default: every compared metric of each benchmark)");
  cmd->add_option("-b,--branch", a->branch,
                  "Only runs on this git branch (and order by its commits)");
  cmd->add_option("--machine", a->machine,
                  "Only runs on the machine whose fingerprint (host_id) starts with this");
  cmd->add_option("--since", a->since,
                  "Only change points whose first bad run comes after this commit: a hash (4+ hex "
                  "digits), a tag, a branch or a revision such as HEAD~10");
  cmd->add_option("--series", a->series,
                  "Analyse a series file instead: one value per line, index,value lines, or "
                  "TCPD JSON (reports only, exit 0)");
  cmd->add_option("--method", a->method, "edivisive (default) or pelt");
  cmd->add_option("--format", a->format, "text (default) or json");
  cmd->add_option("--output", a->output, "Write the report to this file instead of stdout");
  cmd->add_flag("--weak", a->weak, "edivisive: also report weak change points (never gated)");
  cmd->add_option("--window", a->window, "edivisive: points per window (50)");
  cmd->add_option("--max-p", a->max_p,
                  "edivisive: strong p-value threshold (0.0001); weak points use 10x it");
  cmd->add_option("--penalty", a->penalty, "pelt: penalty factor (8: x sigma^2 x ln n)");
  add_gate_flags(cmd, a->gate);
  add_store_flag(cmd, a->common);
  add_output_flags(cmd, a->common);
  cmd->callback([a, &action] { action = [a] { return detect_verb(*a); }; });
}

}  // namespace perfgate::cli
