#include "adapters/ingest.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "adapters/common.hpp"
#include "model/error.hpp"
#include "model/file_text.hpp"

namespace perfgate::adapters {
namespace {

void merge_metrics(BenchmarkResult& into, const BenchmarkResult& from,
                   std::map<std::string, std::string>& metric_origin, const std::string& path) {
  for (const MetricInfo& m : from.metrics) {
    const MetricInfo* have = into.find_metric(m.name);
    if (!have) {
      into.metrics.push_back(m);
      metric_origin[m.name] = path;
      continue;
    }
    if (have->unit != m.unit || have->direction != m.direction) {
      throw input_error(path + ": benchmark \"" + from.name + "\" metric \"" + m.name +
                        "\" is in " + m.unit + " (" + std::string(to_string(m.direction)) +
                        " is better), but " + metric_origin[m.name] + " has it in " + have->unit +
                        " (" + std::string(to_string(have->direction)) +
                        " is better); ingest files of the same benchmarks together");
    }
  }
}

}  // namespace

Input load_input(const std::string& path) {
  Input in;
  in.path = path;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw input_error(path + ": no such file or folder; check the path");
  }
  if (std::filesystem::is_directory(status)) {
    in.is_directory = true;
    return in;
  }
  in.content = read_file_text(path, "", "check the file's permissions");
  return in;
}

Run ingest(const std::vector<Input>& inputs, const std::string& format) {
  if (inputs.empty()) throw input_error("perfgate ingest: no input files; name at least one");
  const Adapter* fixed = nullptr;
  if (format != "auto") {
    fixed = find(format);
    if (!fixed) {
      throw input_error(flag_with(inputs.front().format_flag, format) +
                        ": unknown format; use auto or one of: " + names());
    }
  }

  // Read every input first: a bad file stops the ingest before anything is built.
  std::vector<Parsed> parsed;
  std::vector<const Adapter*> used;
  for (const Input& in : inputs) {
    const Adapter& a = fixed ? *fixed : detect(in);
    parsed.push_back(a.read(in));
    used.push_back(&a);
    if (parsed.back().benchmarks.empty()) {
      throw input_error(in.path + ": holds no benchmark results (read as " + std::string(a.name) +
                        "); check that the tool ran its benchmarks and wrote them here");
    }
  }

  Run run;
  std::set<std::string> formats;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    run.sources.push_back({inputs[i].path, std::string(used[i]->name), parsed[i].context_json});
    formats.insert(std::string(used[i]->name));
  }
  std::string fmts;
  for (const auto& f : formats) fmts += (fmts.empty() ? "" : ", ") + f;
  run.source = "perfgate ingest (" + fmts + ")";

  const bool several = inputs.size() > 1;
  std::map<std::string, std::map<std::string, std::string>>
      metric_origin;  // bench -> metric -> path
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (BenchmarkResult& b : parsed[i].benchmarks) {
      BenchmarkResult* into = nullptr;
      for (auto& have : run.benchmarks)
        if (have.name == b.name) into = &have;
      if (!into) {
        run.benchmarks.emplace_back();
        into = &run.benchmarks.back();
        into->name = b.name;
        into->command = b.command;
        into->limits = b.limits;
        into->budgets = b.budgets;
        into->warmup = b.warmup;
      }
      merge_metrics(*into, b, metric_origin[b.name], inputs[i].path);
      for (const auto& [key, value] : b.context) into->context.emplace(key, value);

      // One figure per input: with several inputs, each input's summaries
      // become one sample of it.
      if (several) summaries_to_samples(b, 0);
      for (Repetition& r : b.repetitions) {
        r.index = static_cast<int>(into->repetitions.size());
        into->repetitions.push_back(std::move(r));
      }
      for (const auto& [metric, summary] : b.summaries) into->summaries[metric] = summary;
    }
  }
  return run;
}

}  // namespace perfgate::adapters
