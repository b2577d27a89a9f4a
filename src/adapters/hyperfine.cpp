// hyperfine's --export-json file (docs/formats.md, "Ingested formats"):
//
//   {"results": [{"command": "sleep 0.1", "mean": 0.102, "stddev": 0.001,
//                 "median": 0.102, "user": 0.0008, "system": 0.0003,
//                 "min": 0.101, "max": 0.104, "times": [0.101, ...],
//                 "exit_codes": [0, ...], "memory_usage_byte": [...],
//                 "parameters": {"n": "1"}}, ...]}
//
// Times are in seconds. Each entry of `times` is one run of the command: a
// repetition of `wall_time` (ns), failed when its exit code is not 0 (hyperfine
// records failing runs only with --ignore-failure). `user` and `system` are
// means over the runs, so they become summaries. Without `times` (a file
// trimmed by hand) `wall_time` is a summary too.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::hyperfine {
namespace {

constexpr double ns_per_s = 1e9;

// "n = 1, size = 64", as hyperfine itself shows parameters next to a command.
std::string parameter_list(const json& parameters) {
  std::string s;
  for (const auto& [name, value] : parameters.items()) {
    if (!s.empty()) s += ", ";
    s += name + " = " + (value.is_string() ? value.get<std::string>() : json_text(value));
  }
  return s;
}

// One name per result, unique within the file. A command hyperfine ran more
// than once (the same command for several parameter values it does not use, or
// simply listed twice) gets its parameters appended, "cmd (n = 1)"; a name
// still taken then gets " #2", " #3", ... in file order.
std::vector<std::string> unique_names(const std::vector<std::string>& commands,
                                      const std::vector<const json*>& parameters) {
  std::map<std::string, int> count;
  for (const auto& c : commands) ++count[c];
  std::vector<std::string> names = commands;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (count[commands[i]] > 1 && parameters[i] && parameters[i]->is_object() &&
        !parameters[i]->empty())
      names[i] += " (" + parameter_list(*parameters[i]) + ")";
  }
  std::set<std::string> taken;
  for (auto& name : names) {
    if (taken.count(name)) {
      int k = 2;
      while (taken.count(name + " #" + std::to_string(k))) ++k;
      name += " #" + std::to_string(k);
    }
    taken.insert(name);
  }
  return names;
}

// The per-run arrays of one result, checked to have one entry per run.
struct Runs {
  std::vector<double> wall_ns;                 // empty when the file has no "times"
  std::vector<std::optional<int>> exit_codes;  // empty when absent (hyperfine < 1.11)
  std::vector<double> rss_bytes;               // empty when absent (hyperfine < 1.17)
};

Runs read_runs(const InputReader& r, const json& result, const std::string& path) {
  Runs runs;
  if (const json* times = InputReader::optional(result, "times")) {
    const std::string at = InputReader::join(path, "times");
    r.array(*times, at);
    for (std::size_t k = 0; k < times->size(); ++k)
      runs.wall_ns.push_back(r.number((*times)[k], InputReader::at_index(at, k)) * ns_per_s);
  }
  if (const json* codes = InputReader::optional(result, "exit_codes")) {
    const std::string at = InputReader::join(path, "exit_codes");
    r.array(*codes, at);
    for (std::size_t k = 0; k < codes->size(); ++k) {
      const json& c = (*codes)[k];
      // null: the command ended without an exit code (killed by a signal).
      runs.exit_codes.push_back(
          c.is_null() ? std::nullopt
                      : std::optional<int>(r.integer(c, InputReader::at_index(at, k))));
    }
  }
  if (const json* rss = InputReader::optional(result, "memory_usage_byte")) {
    const std::string at = InputReader::join(path, "memory_usage_byte");
    r.array(*rss, at);
    for (std::size_t k = 0; k < rss->size(); ++k)
      runs.rss_bytes.push_back(
          static_cast<double>(r.unsigned_integer((*rss)[k], InputReader::at_index(at, k))));
  }
  const auto same_count = [&](std::size_t n, const char* field) {
    if (!runs.wall_ns.empty() && n != 0 && n != runs.wall_ns.size()) {
      r.fail(InputReader::join(path, field),
             "has " + std::to_string(n) + " entries but \"times\" has " +
                 std::to_string(runs.wall_ns.size()) +
                 "; each run needs one entry in both (was the file edited?)");
    }
  };
  same_count(runs.exit_codes.size(), "exit_codes");
  same_count(runs.rss_bytes.size(), "memory_usage_byte");
  return runs;
}

const MetricInfo wall_time{"wall_time", "ns", Direction::lower_is_better, true};
// Means over the runs only (no per-run values): informative, not judged.
const MetricInfo user_time{"user_time", "ns", Direction::lower_is_better, false};
const MetricInfo system_time{"system_time", "ns", Direction::lower_is_better, false};
// Recorded like perfgate's own peak_rss, and like it not judged by default.
const MetricInfo peak_rss{"peak_rss", "bytes", Direction::lower_is_better, false};

// The fields read into metrics; every other field of a result is context.
const std::set<std::string> metric_fields = {
    "command", "mean",  "stddev",     "median",           "user", "system", "min",
    "max",     "times", "exit_codes", "memory_usage_byte"};

BenchmarkResult read_result(const InputReader& r, const json& result, const std::string& path,
                            const std::string& name) {
  BenchmarkResult b;
  b.name = name;
  const Runs runs = read_runs(r, result, path);
  const auto optional_seconds = [&](const char* key) -> std::optional<double> {
    const json* v = InputReader::optional(result, key);
    if (!v) return std::nullopt;
    return r.number(*v, InputReader::join(path, key)) * ns_per_s;
  };
  // How many runs the summaries describe.
  const std::size_t run_count =
      !runs.wall_ns.empty() ? runs.wall_ns.size() : runs.exit_codes.size();

  // A run whose exit code is not 0 (or null: no exit code) is a failed
  // repetition; without exit codes (older hyperfine) every run is ok.
  const auto failed = [&](std::size_t k, Repetition& rep) {
    if (k >= runs.exit_codes.size() || runs.exit_codes[k] == 0) return false;
    rep.ok = false;
    rep.exit_status = runs.exit_codes[k];
    rep.failure = runs.exit_codes[k] ? "hyperfine reported an error: command exited with status " +
                                           std::to_string(*runs.exit_codes[k])
                                     : std::string(
                                           "hyperfine reported an error: command ended without an "
                                           "exit code (killed by a signal)");
    return true;
  };

  add_metric(b, wall_time);
  if (!runs.wall_ns.empty()) {
    if (!runs.rss_bytes.empty()) add_metric(b, peak_rss);
    for (std::size_t k = 0; k < runs.wall_ns.size(); ++k) {
      Repetition rep;
      rep.index = static_cast<int>(k);
      if (!failed(k, rep)) {
        rep.values[wall_time.name] = runs.wall_ns[k];
        if (!runs.rss_bytes.empty()) rep.values[peak_rss.name] = runs.rss_bytes[k];
      }
      b.repetitions.push_back(std::move(rep));
    }
  } else {
    // No per-run times: the file's own statistics, honestly as a summary, and
    // the runs that failed (which the statistics include) as failures.
    SampleSummary s;
    s.mean = r.number(r.required(result, path, "mean"), InputReader::join(path, "mean")) * ns_per_s;
    s.stddev = optional_seconds("stddev");
    s.n = static_cast<int>(run_count);
    s.median = optional_seconds("median");
    s.min = optional_seconds("min");
    s.max = optional_seconds("max");
    b.summaries[wall_time.name] = s;
    for (std::size_t k = 0; k < runs.exit_codes.size(); ++k) {
      Repetition rep;
      rep.index = static_cast<int>(b.repetitions.size());
      if (failed(k, rep)) b.repetitions.push_back(std::move(rep));
    }
  }
  // Means over all runs; hyperfine keeps no per-run CPU times and no spread.
  for (const auto& [key, metric] :
       {std::pair{"user", user_time}, std::pair{"system", system_time}}) {
    if (const std::optional<double> mean_ns = optional_seconds(key)) {
      add_metric(b, metric);
      SampleSummary s;
      s.mean = *mean_ns;
      s.n = static_cast<int>(run_count);
      b.summaries[metric.name] = s;
    }
  }
  for (const auto& [key, value] : result.items())
    if (!metric_fields.count(key)) b.context[key] = json_text(value);
  return b;
}

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory || first_non_blank(input.content) != '{') return Match::no;
  // hyperfine writes "results" first and "command" first in each result.
  return has_member(input.content, "results", '[') && has_member(input.content, "command", '"')
             ? Match::yes
             : Match::no;
}

Parsed read(const Input& input) {
  const json doc = parse_json_input(input, "hyperfine --export-json output");
  const InputReader r(input, "hyperfine --export-json");
  r.object(doc, "");
  const json& results = r.array(r.required(doc, "", "results"), "results");

  std::vector<std::string> commands;
  std::vector<const json*> parameters;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string path = InputReader::at_index("results", i);
    r.object(results[i], path);
    commands.push_back(r.string_member(results[i], path, "command", true));
    parameters.push_back(InputReader::optional(results[i], "parameters"));
  }
  const std::vector<std::string> names = unique_names(commands, parameters);

  Parsed parsed;
  for (std::size_t i = 0; i < results.size(); ++i) {
    parsed.benchmarks.push_back(
        read_result(r, results[i], InputReader::at_index("results", i), names[i]));
  }
  json file_context = json::object();
  for (const auto& [key, value] : doc.items())
    if (key != "results") file_context[key] = value;
  parsed.context_json = json_text(file_context);
  return parsed;
}

}  // namespace perfgate::adapters::hyperfine
