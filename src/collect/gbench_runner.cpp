#include "collect/gbench_runner.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "adapters/adapter.hpp"
#include "collect/benchmark_process.hpp"
#include "collect/process.hpp"
#include "model/error.hpp"

namespace perfgate {
namespace {

// The metrics Google Benchmark reports for every benchmark, which a benchmark
// that failed before reporting anything still carries, so that compare sees
// the failure (as the gbench adapter names them).
const MetricInfo kAlwaysReported[] = {
    {"real_time", "ns", Direction::lower_is_better, true},
    {"cpu_time", "ns", Direction::lower_is_better, true},
};

std::vector<std::string> with(const BenchmarkSpec& spec, std::initializer_list<std::string> more) {
  std::vector<std::string> argv = spec.argv;
  argv.insert(argv.end(), more);
  return argv;
}

// A number of seconds as Google Benchmark's flags take it: "0.05", "2", "1e-05".
std::string seconds_text(std::chrono::nanoseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(d.count()) / 1e9);
  return buf;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::string names_text(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < 10; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > 10) s += ", ... (" + std::to_string(names.size()) + " in all)";
  return s;
}

std::string program(const BenchmarkSpec& spec) { return "'" + spec.argv.at(0) + "'"; }

// The process as a repetition: what run_once records for a command benchmark.
Repetition process_repetition(const ProcessSpec& ps, const ProcessResult& pr) {
  Repetition rep;
  if (pr.outcome == ProcessResult::Outcome::exited) rep.exit_status = pr.exit_status;
  if (pr.outcome == ProcessResult::Outcome::signaled) rep.signal = pr.signal;
  if (!pr.ok()) {
    rep.ok = false;
    rep.failure = pr.describe_failure(ps);
    return rep;
  }
  rep.values[std::string(builtin::wall_time)] = static_cast<double>(pr.wall_ns);
  rep.values[std::string(builtin::user_time)] = static_cast<double>(pr.user_ns);
  rep.values[std::string(builtin::system_time)] = static_cast<double>(pr.system_ns);
  rep.values[std::string(builtin::peak_rss)] = static_cast<double>(pr.peak_rss_bytes);
  return rep;
}

// The suite's limits, budgets and judged metrics, on one benchmark of the binary.
void apply_spec(const BenchmarkSpec& spec, const std::vector<std::string>& argv,
                BenchmarkResult& r) {
  r.command = argv;
  r.limits = spec.limits;
  r.warmup = 0;
  r.budgets.clear();
  for (const Budget& b : spec.budgets)
    if (r.find_metric(b.metric)) r.budgets.push_back(b);
  const auto& judged = spec.gbench.judged_metrics;
  if (!judged.empty())
    for (MetricInfo& m : r.metrics)
      m.compared = std::find(judged.begin(), judged.end(), m.name) != judged.end();
}

}  // namespace

GbenchProbe probe_gbench(const BenchmarkSpec& spec) {
  GbenchProbe probe;
  const GbenchOptions& g = spec.gbench;

  ProcessSpec help = benchmark_process(spec, with(spec, {"--help"}));
  ProcessResult hr = run_process(help);
  const std::string& text = hr.stdout_text.empty() ? hr.stderr_text : hr.stdout_text;
  if (text.find("--benchmark_filter") == std::string::npos) {
    if (!hr.ok()) {
      probe.failure = program(spec) + " --help " + hr.describe_failure(help);
      return probe;
    }
    throw input_error(spec.place.str() + ": benchmark '" + spec.name + "': " + program(spec) +
                      " is not a Google Benchmark binary (its --help lists no "
                      "--benchmark_filter flag); remove kind = \"gbench\" to time it as a "
                      "command, or point command at the benchmark binary");
  }
  // 1.8 documents "--benchmark_min_time=`<integer>x` OR `<float>s`".
  probe.min_time_suffixes =
      text.find("<integer>x") != std::string::npos || text.find("<float>s") != std::string::npos;
  probe.random_interleaving =
      text.find("--benchmark_enable_random_interleaving") != std::string::npos;
  probe.min_warmup_time = text.find("--benchmark_min_warmup_time") != std::string::npos;

  if (g.min_iterations && !probe.min_time_suffixes)
    throw input_error(
        g.min_time_place.str() + ": min_time = \"" + std::to_string(*g.min_iterations) +
        "x\" (a number of iterations) needs Google Benchmark 1.8 or later, and " + program(spec) +
        " takes only seconds (its --help); write a duration such as \"0.05s\"");

  std::vector<std::string> list_argv = with(spec, {"--benchmark_list_tests=true"});
  if (!g.filter.empty()) list_argv.push_back("--benchmark_filter=" + g.filter);
  ProcessSpec list = benchmark_process(spec, list_argv);
  ProcessResult lr = run_process(list);
  probe.names = lines_of(lr.stdout_text);
  if (lr.stderr_text.find("Could not compile") != std::string::npos) {
    std::vector<std::string> why = lines_of(lr.stderr_text);
    throw input_error(g.filter_place.str() + ": filter \"" + g.filter +
                      "\" is not a regular expression Google Benchmark can compile (" +
                      (why.empty() ? std::string() : why.front()) + "); fix the filter");
  }
  if (!lr.ok()) {
    probe.failure = program(spec) + " --benchmark_list_tests=true " + lr.describe_failure(list);
    return probe;
  }
  if (probe.names.empty()) {
    if (g.filter.empty())
      throw input_error(spec.place.str() + ": benchmark '" + spec.name + "': " + program(spec) +
                        " lists no benchmarks (--benchmark_list_tests=true printed nothing); "
                        "check that it registers some with BENCHMARK(...)");
    ProcessResult all =
        run_process(benchmark_process(spec, with(spec, {"--benchmark_list_tests=true"})));
    throw input_error(g.filter_place.str() + ": filter \"" + g.filter +
                      "\" selects no benchmark of " + program(spec) +
                      "; fix the regular "
                      "expression (it is searched for in each name); the benchmarks are " +
                      names_text(lines_of(all.stdout_text)));
  }
  return probe;
}

std::vector<std::string> gbench_argv(const BenchmarkSpec& spec, const GbenchProbe& probe,
                                     int repetitions) {
  const GbenchOptions& g = spec.gbench;
  std::vector<std::string> argv =
      with(spec, {"--benchmark_format=json",
                  "--benchmark_repetitions=" + std::to_string(std::max(repetitions, 1))});
  if (!g.filter.empty()) argv.push_back("--benchmark_filter=" + g.filter);
  if (g.min_time)
    argv.push_back("--benchmark_min_time=" + seconds_text(*g.min_time) +
                   (probe.min_time_suffixes ? "s" : ""));
  if (g.min_iterations && probe.min_time_suffixes)
    argv.push_back("--benchmark_min_time=" + std::to_string(*g.min_iterations) + "x");
  if (g.min_warmup_time && probe.min_warmup_time)
    argv.push_back("--benchmark_min_warmup_time=" + seconds_text(*g.min_warmup_time));
  if (g.random_interleaving && probe.random_interleaving)
    argv.push_back("--benchmark_enable_random_interleaving=true");
  return argv;
}

GbenchRun run_gbench(const BenchmarkSpec& spec, const GbenchProbe& probe, int repetitions) {
  GbenchRun out;
  const GbenchOptions& g = spec.gbench;

  if (!probe.failure.empty()) {
    // Without the list there are no names: the suite's benchmark fails as one.
    out.process.ok = false;
    out.process.failure = probe.failure;
    BenchmarkResult r;
    r.name = spec.name;
    r.metrics.assign(std::begin(kAlwaysReported), std::end(kAlwaysReported));
    apply_spec(spec, spec.argv, r);
    Repetition rep = out.process;
    rep.failure = "could not list the benchmarks of the Google Benchmark binary: " + probe.failure;
    r.repetitions.push_back(rep);
    out.benchmarks.push_back(std::move(r));
    return out;
  }
  if (g.random_interleaving && !probe.random_interleaving)
    out.notes.push_back("random_interleaving is not supported by the Google Benchmark of " +
                        program(spec) + " (before 1.6); ran without it");
  if (g.min_warmup_time && !probe.min_warmup_time)
    out.notes.push_back("min_warmup_time is not supported by the Google Benchmark of " +
                        program(spec) + " (before 1.7); ran without a warm-up time");

  const ProcessSpec ps = benchmark_process(spec, gbench_argv(spec, probe, repetitions));
  const ProcessResult pr = run_process(ps);
  out.process = process_repetition(ps, pr);

  // Every listed benchmark fails with the same reason: the binary's output
  // cannot say which of them completed.
  auto fail_all = [&](const std::string& why) {
    for (const std::string& name : probe.names) {
      BenchmarkResult r;
      r.name = spec.name + "/" + name;
      r.metrics.assign(std::begin(kAlwaysReported), std::end(kAlwaysReported));
      apply_spec(spec, ps.argv, r);
      Repetition rep;
      rep.ok = false;
      rep.failure = why;
      rep.exit_status = out.process.exit_status;
      rep.signal = out.process.signal;
      r.repetitions.push_back(std::move(rep));
      out.benchmarks.push_back(std::move(r));
    }
  };
  if (!pr.ok()) {
    fail_all("the Google Benchmark binary " + out.process.failure);
    return out;
  }

  adapters::Parsed parsed;
  try {
    const adapters::Input input{"stdout of " + program(spec), false, pr.stdout_text};
    parsed = adapters::find("gbench")->read(input);
  } catch (const Error& e) {
    out.process.ok = false;
    out.process.failure = std::string("its output is not Google Benchmark JSON: ") + e.what();
    out.process.values.clear();
    fail_all("the Google Benchmark binary exited 0, but " + out.process.failure +
             " (print other output to stderr)");
    return out;
  }
  out.context_json = parsed.context_json;

  // In the binary's own order (the JSON's is shuffled by random interleaving);
  // a benchmark the list did not name comes last. A listed one missing from a
  // complete output was skipped by the binary itself (SkipWithMessage): not a
  // result, not a failure.
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < probe.names.size(); ++i) order.emplace(probe.names[i], i);
  std::stable_sort(parsed.benchmarks.begin(), parsed.benchmarks.end(),
                   [&](const BenchmarkResult& a, const BenchmarkResult& b) {
                     auto rank = [&](const BenchmarkResult& r) {
                       auto it = order.find(r.name);
                       return it == order.end() ? order.size() : it->second;
                     };
                     return rank(a) < rank(b);
                   });
  for (BenchmarkResult& b : parsed.benchmarks) {
    b.name = spec.name + "/" + b.name;
    apply_spec(spec, ps.argv, b);
    b.context["random_interleaving"] =
        g.random_interleaving && probe.random_interleaving ? "true" : "false";
    out.benchmarks.push_back(std::move(b));
  }
  for (const std::string& m : g.judged_metrics) {
    bool reported = false;
    for (const BenchmarkResult& b : out.benchmarks) reported = reported || b.find_metric(m);
    if (!reported)
      out.notes.push_back("judged_metrics names \"" + m + "\", which no benchmark of " +
                          program(spec) + " reported");
  }
  return out;
}

}  // namespace perfgate
