#include "collect/ab_runner.hpp"

#include <sched.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

namespace perfgate {

const char* ab_metric_name(AbMetric m) {
  switch (m) {
    case AbMetric::wall_time:
      return "wall_time";
    case AbMetric::cpu_time:
      return "cpu_time";
    case AbMetric::instructions:
      return "instructions";
    case AbMetric::gbench_real:
      return "real_time";
    case AbMetric::gbench_cpu:
      return "cpu_time";
  }
  return "wall_time";
}

const char* ab_metric_unit(AbMetric m) {
  return m == AbMetric::instructions ? "instructions" : "ns";
}

AbSample run_ab_side(const AbSideSpec& side, const AbRunOptions& options) {
  AbSample s;
  ProcessResult pr;
  if (options.metric == AbMetric::instructions) {
    InstructionCount count = count_instructions(side.process, options.counter);
    if (!count.ok) {
      s.failure = count.failure;
      return s;
    }
    pr = std::move(count.process);
    s.value = static_cast<double>(count.instructions);
  } else {
    pr = run_process(side.process);
    if (!pr.ok()) {
      s.failure = pr.describe_failure(side.process);
      return s;
    }
    switch (options.metric) {
      case AbMetric::wall_time:
        s.value = static_cast<double>(pr.wall_ns);
        break;
      case AbMetric::cpu_time:
        s.value = static_cast<double>(pr.user_ns + pr.system_ns);
        break;
      case AbMetric::gbench_real:
      case AbMetric::gbench_cpu: {
        std::string why;
        auto ns = gbench_time_ns(pr.stdout_text, options.metric == AbMetric::gbench_cpu, why);
        if (!ns) {
          s.failure = why;
          return s;
        }
        s.value = *ns;
        break;
      }
      case AbMetric::instructions:
        break;
    }
  }
  if (!(s.value > 0)) {
    s.failure = std::string(ab_metric_name(options.metric)) +
                " was 0: the run is too short to measure this way; use a longer run or "
                "another --metric";
    return s;
  }
  s.ok = true;
  s.stdout_text = std::move(pr.stdout_text);
  return s;
}

AbPair run_ab_pair(const AbSideSpec& base, const AbSideSpec& contender, bool base_first,
                   const AbRunOptions& options) {
  AbPair p;
  AbSample b, c;
  if (base_first) {
    b = run_ab_side(base, options);
    if (b.ok) c = run_ab_side(contender, options);
  } else {
    c = run_ab_side(contender, options);
    if (c.ok) b = run_ab_side(base, options);
  }
  // Whichever ran first and failed is the one to blame; the other never ran.
  if (!b.ok && (base_first || c.ok)) {
    p.failure = "base: " + b.failure;
    return p;
  }
  if (!c.ok) {
    p.failure = "contender: " + c.failure;
    return p;
  }
  p.ok = true;
  p.base = b.value;
  p.contender = c.value;
  p.base_stdout = std::move(b.stdout_text);
  p.contender_stdout = std::move(c.stdout_text);
  return p;
}

std::optional<int> pin_to_last_cpu(std::string& why_not) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) {
    why_not = std::string("sched_getaffinity: ") + std::strerror(errno);
    return std::nullopt;
  }
  int last = -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) last = cpu;
  if (last < 0) {
    why_not = "no CPU in perfgate's affinity mask";
    return std::nullopt;
  }
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(last, &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) {
    why_not = std::string("sched_setaffinity: ") + std::strerror(errno);
    return std::nullopt;
  }
  return last;
}

std::vector<std::string> gbench_single_argv(const BenchmarkSpec& spec, const GbenchProbe& probe,
                                            const std::string& name) {
  std::string escaped;
  for (char ch : name) {
    if (std::strchr("\\^$.|?*+()[]{}", ch)) escaped += '\\';
    escaped += ch;
  }
  BenchmarkSpec one = spec;
  one.gbench.filter = "^" + escaped + "$";
  one.gbench.random_interleaving = false;  // one benchmark, one repetition: nothing to interleave
  return gbench_argv(one, probe, 1);
}

std::optional<double> gbench_time_ns(const std::string& json_text, bool cpu, std::string& why) {
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.contains("benchmarks") || !j["benchmarks"].is_array()) {
    why = "the binary did not print Google Benchmark JSON";
    return std::nullopt;
  }
  for (const auto& row : j["benchmarks"]) {
    if (row.value("run_type", "iteration") != "iteration") continue;
    if (row.value("error_occurred", false)) {
      why = "the benchmark reported an error: " + row.value("error_message", std::string());
      return std::nullopt;
    }
    const char* key = cpu ? "cpu_time" : "real_time";
    if (!row.contains(key) || !row[key].is_number()) break;
    const std::string unit = row.value("time_unit", "ns");
    const double scale = unit == "s" ? 1e9 : unit == "ms" ? 1e6 : unit == "us" ? 1e3 : 1;
    return row[key].get<double>() * scale;
  }
  why = "the binary's JSON has no measured row for this benchmark";
  return std::nullopt;
}

}  // namespace perfgate
