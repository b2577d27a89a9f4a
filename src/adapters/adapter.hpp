// Adapters read what other benchmark tools write (Google Benchmark JSON,
// hyperfine exports, llama-bench results, ...) into perfgate's model, so that
// `perfgate ingest` can store them as runs and compare judges them like any
// other (docs/formats.md, "Ingested formats"). One file per format; each
// registers itself in registry.cpp.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/run.hpp"

namespace perfgate::adapters {

// One input as given on the command line: a file (its bytes read whole) or a
// folder (Criterion.rs's target/criterion, which the adapter walks itself).
struct Input {
  std::string path;  // as given; every message starts with it
  bool is_directory = false;
  std::string content;  // the file's bytes; empty for a folder
  // How the caller lets a user choose the format, as messages name it:
  // "--format" on the command line, "format=" for the API's query parameter.
  std::string format_flag = "--format";
};

// `flag` with `value`: "--format csv", "format=csv".
inline std::string flag_with(const std::string& flag, const std::string& value) {
  return flag + (!flag.empty() && flag.back() == '=' ? "" : " ") + value;
}

// What one input holds, before several inputs are merged into one run.
//
// Each benchmark carries its metrics (unit and direction), its repetitions
// (raw samples, indexed from 0 in the source's order; a failed row is a failed
// repetition with no values), the metrics the source gave only as summaries,
// and its context (fields that are not metrics, by field name, as compact
// JSON text; unknown fields are kept here, never dropped).
struct Parsed {
  std::vector<BenchmarkResult> benchmarks;  // in the source's order, names unique
  std::string context_json = "{}";          // the tool's facts about machine and build
};

// How sure detect() is that an input is in an adapter's format.
enum class Match { no = 0, maybe = 1, yes = 2 };

struct Adapter {
  std::string_view name;         // as --format takes it: "gbench"
  std::string_view description;  // "Google Benchmark JSON (--benchmark_format=json)"
  // From the content alone (and the path's extension at most as a tie-break):
  // `yes` when a field or line only this format has is present. Never throws.
  Match (*detect)(const Input& input);
  // Throws perfgate::input_error (exit 2) with one line that starts with the
  // input's path and names the place ("<path>:<line>:<col>: ..." for text
  // formats, "<path>: benchmarks[3].real_time: ..." for JSON) and what to do.
  // Never crashes on any bytes (each adapter has a fuzz target).
  Parsed (*read)(const Input& input);
};

// Every adapter, in the order `--format` lists them.
std::span<const Adapter> all();
// The adapter named `name`, or nullptr.
const Adapter* find(std::string_view name);
// The adapter whose format `input` is in: the single `yes`, else the single
// `maybe`. Throws input_error naming the candidates (or saying none matched,
// and listing --format values) when the content does not decide.
const Adapter& detect(const Input& input);
// "gbench, criterion, ..." for messages and --help.
std::string names();

}  // namespace perfgate::adapters
