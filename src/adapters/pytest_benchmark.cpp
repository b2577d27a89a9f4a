// pytest-benchmark's JSON (docs/formats.md, "Ingested formats"), written by
// --benchmark-json=FILE (always with each round's time) or saved by
// --benchmark-save / --benchmark-autosave (with them only when
// --benchmark-save-data is given):
//
//   {"machine_info": {...}, "commit_info": {...},
//    "benchmarks": [{"group": null, "name": "test_x[a]",
//                    "fullname": "tests/test_x.py::test_x[a]", "params": {...},
//                    "param": "a", "extra_info": {}, "options": {...},
//                    "stats": {"min": ..., "mean": ..., "stddev": ..., "rounds": 20,
//                              "median": ..., "ops": ..., "data": [...], ...}}],
//    "datetime": "...", "version": "3.2.2"}
//
// Times are seconds per iteration (each entry of stats.data is one round's
// time divided by its iterations). With data, each entry is a repetition of
// `time` (ns); without, the file's mean, stddev, rounds, median, min and max
// become a summary: never invented samples.
#include <map>
#include <optional>
#include <string>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::pytest_benchmark {
namespace {

constexpr double ns_per_s = 1e9;

const MetricInfo time_metric{"time", "ns", Direction::lower_is_better, true};

BenchmarkResult read_benchmark(const InputReader& r, const json& bench, const std::string& path) {
  r.object(bench, path);
  BenchmarkResult b;
  // "fullname" (pytest's node id) is unique in a session; files from
  // pytest-benchmark before 3.0 have only "name".
  b.name = r.string_member(bench, path, "fullname", false);
  if (b.name.empty()) b.name = r.string_member(bench, path, "name", true);
  if (b.name.empty())
    r.fail(InputReader::join(path, "name"), "is empty; every benchmark needs a name");

  const std::string stats_path = InputReader::join(path, "stats");
  const json& stats = r.object(r.required(bench, path, "stats"), stats_path);
  add_metric(b, time_metric);

  const json* data = InputReader::optional(stats, "data");
  if (data && !r.array(*data, InputReader::join(stats_path, "data")).empty()) {
    const std::string data_path = InputReader::join(stats_path, "data");
    b.repetitions.reserve(data->size());
    for (std::size_t k = 0; k < data->size(); ++k) {
      Repetition rep;
      rep.index = static_cast<int>(k);
      rep.values[time_metric.name] =
          r.number((*data)[k], InputReader::at_index(data_path, k)) * ns_per_s;
      b.repetitions.push_back(std::move(rep));
    }
  } else {
    // Saved without --benchmark-save-data: the statistics are all there is.
    const auto seconds = [&](const char* key) -> std::optional<double> {
      const json* v = InputReader::optional(stats, key);
      if (!v) return std::nullopt;
      return r.number(*v, InputReader::join(stats_path, key)) * ns_per_s;
    };
    SampleSummary s;
    s.mean =
        r.number(r.required(stats, stats_path, "mean"), InputReader::join(stats_path, "mean")) *
        ns_per_s;
    if (const json* rounds = InputReader::optional(stats, "rounds"))
      s.n = r.count(*rounds, InputReader::join(stats_path, "rounds"));
    // pytest-benchmark writes 0 for the spread of a single round: no spread known.
    if (s.n != 1) s.stddev = seconds("stddev");
    s.median = seconds("median");
    s.min = seconds("min");
    s.max = seconds("max");
    b.summaries[time_metric.name] = s;
  }

  // Everything but the name and the samples is context: group, params,
  // extra_info, options, and the statistics as the tool wrote them (seconds;
  // "ops" is 1 / mean, "iterations" the calls timed together in one round).
  for (const auto& [key, value] : bench.items()) {
    if (key == "fullname" || key == "stats") continue;
    if (key == "name" && value.is_string() && value.get_ref<const std::string&>() == b.name)
      continue;
    b.context[key] = json_text(value);
  }
  json stats_context = json::object();
  for (const auto& [key, value] : stats.items())
    if (key != "data") stats_context[key] = value;
  b.context["stats"] = json_text(stats_context);
  return b;
}

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory || first_non_blank(input.content) != '{') return Match::no;
  return has_member(input.content, "machine_info", '{') &&
                 has_member(input.content, "benchmarks", '[')
             ? Match::yes
             : Match::no;
}

Parsed read(const Input& input) {
  const json doc = parse_json_input(input, "pytest-benchmark JSON");
  const InputReader r(input, "pytest-benchmark JSON");
  r.object(doc, "");
  const json& benchmarks = r.array(r.required(doc, "", "benchmarks"), "benchmarks");

  Parsed parsed;
  std::map<std::string, std::size_t> first_index;  // name -> index in "benchmarks"
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const std::string path = InputReader::at_index("benchmarks", i);
    BenchmarkResult b = read_benchmark(r, benchmarks[i], path);
    const auto [it, fresh] = first_index.emplace(b.name, i);
    if (!fresh) {
      r.fail(path, "benchmark " + json_text(b.name) + " appears twice (also benchmarks[" +
                       std::to_string(it->second) +
                       "]); pytest-benchmark names each test once per file, so ingest "
                       "the files separately");
    }
    parsed.benchmarks.push_back(std::move(b));
  }
  // machine_info, commit_info, datetime, version and anything a hook added.
  json file_context = json::object();
  for (const auto& [key, value] : doc.items())
    if (key != "benchmarks") file_context[key] = value;
  parsed.context_json = json_text(file_context);
  return parsed;
}

}  // namespace perfgate::adapters::pytest_benchmark
