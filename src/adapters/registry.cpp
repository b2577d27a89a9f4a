#include <array>

#include "adapters/adapter.hpp"
#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters {
namespace {

const std::array<Adapter, 11> registry = {{
    {"gbench", "Google Benchmark JSON (--benchmark_format=json or --benchmark_out)", gbench::detect,
     gbench::read},
    {"criterion", "Criterion.rs results folder (target/criterion)", criterion::detect,
     criterion::read},
    {"hyperfine", "hyperfine --export-json", hyperfine::detect, hyperfine::read},
    {"pytest-benchmark", "pytest-benchmark JSON (--benchmark-json or saved runs)",
     pytest_benchmark::detect, pytest_benchmark::read},
    {"catch2", "Catch2 XML reporter output with benchmark results (-r xml)", catch2::detect,
     catch2::read},
    {"nanobench", "nanobench JSON (ankerl::nanobench::templates::json())", nanobench::detect,
     nanobench::read},
    {"llama-bench", "llama-bench JSON or JSONL (-o json, -o jsonl)", llama_bench::detect,
     llama_bench::read},
    {"ggml-ops", "ggml test-backend-ops perf output (console, CSV or SQL)", ggml_ops::detect,
     ggml_ops::read},
    {"vllm", "vLLM bench serve result JSON (--save-result)", vllm::detect, vllm::read},
    {"csv", "generic CSV: benchmark,metric,value,unit[,direction]", csv::detect, csv::read},
    {"perfgate", "a perfgate result file", perfgate_result::detect, perfgate_result::read},
}};

// Every non-blank line is a JSON value.
bool is_json_lines(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos && !try_parse_json(line))
      return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::span<const Adapter> all() { return registry; }

const Adapter* find(std::string_view name) {
  for (const Adapter& a : registry)
    if (a.name == name) return &a;
  return nullptr;
}

std::string names() {
  std::string s;
  for (const Adapter& a : registry) s += (s.empty() ? "" : ", ") + std::string(a.name);
  return s;
}

const Adapter& detect(const Input& input) {
  std::vector<const Adapter*> yes, maybe;
  for (const Adapter& a : registry) {
    const Match m = a.detect(input);
    if (m == Match::yes) yes.push_back(&a);
    if (m == Match::maybe) maybe.push_back(&a);
  }
  const std::vector<const Adapter*>& pick = yes.empty() ? maybe : yes;
  if (pick.size() == 1) return *pick.front();
  if (pick.empty()) {
    // Most formats are JSON: a file that is JSON but broken (cut off by a
    // full disk or a killed job) is better told where it breaks.
    const char first = first_non_blank(input.content);
    if ((first == '{' || first == '[') && !try_parse_json(input.content) &&
        !is_json_lines(input.content))
      parse_json_document(input.content, input.path, "a benchmark tool's JSON output",
                          "no format recognised it; fix the file, or pass " +
                              flag_with(input.format_flag, "NAME") + " to read it as one");
    throw input_error(input.path +
                      ": cannot tell which tool wrote this (no format recognised its content); "
                      "pass " +
                      flag_with(input.format_flag, "NAME") + " with NAME one of: " + names());
  }
  std::string which;
  for (const Adapter* a : pick) which += (which.empty() ? "" : " or ") + std::string(a->name);
  throw input_error(input.path + ": could be " + which +
                    " (its content fits more than one format); pass " +
                    flag_with(input.format_flag, "NAME") + " to say which");
}

}  // namespace perfgate::adapters
