// Criterion.rs's results folder (docs/formats.md, "Ingested formats"). `cargo bench`
// leaves one folder per benchmark under target/criterion (a benchmark id with
// "/" is nested: "parse/utf8/64" -> parse_utf8/64 or parse/utf8/64), each with
//
//   new/benchmark.json  {"group_id", "function_id", "value_str", "throughput",
//                        "full_id", "directory_name", "title"}
//   new/sample.json     {"sampling_mode": "Linear"|"Flat", "iters": [...], "times": [...]}
//   new/estimates.json  {"mean": {"point_estimate", "standard_error",
//                        "confidence_interval"}, "median", "std_dev", "slope", ...}
//
// beside the previous run (base/), named baselines (--save-baseline main ->
// main/), the comparison (change/) and the HTML report (report/). Only new/ is
// the latest run, so only new/ is read.
//
// times[i] is the total in ns of iters[i] iterations (the default wall-clock
// measurement), so one sample is times[i] / iters[i] ns per iteration.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"
#include "model/file_text.hpp"

namespace perfgate::adapters::criterion {
namespace {

namespace fs = std::filesystem;

const std::string tool = "Criterion.rs";
const MetricInfo time_metric{"time", "ns", Direction::lower_is_better, true};
// Throughputs are the declared amount per iteration over the same samples as
// `time`: the same information, so recorded (for display and budgets) but not
// judged a second time.
const MetricInfo bytes_metric{"bytes_per_second", "B/s", Direction::higher_is_better, false};
const MetricInfo items_metric{"items_per_second", "items/s", Direction::higher_is_better, false};

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool is_folder(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// A folder holding one run of one benchmark: sample.json or benchmark.json.
bool is_run_folder(const fs::path& p) {
  return is_file(p / "sample.json") || is_file(p / "benchmark.json");
}

// Where to start looking: the folder given, or the target/criterion inside it
// when given target/ or the crate's folder. (In target/criterion itself, a
// folder "criterion" is a benchmark group of that name.)
fs::path criterion_root(const fs::path& given) {
  if (is_run_folder(given) || is_run_folder(given / "new")) return given;
  const fs::path name = (given.has_filename() ? given : given.parent_path()).filename();
  if (name != "criterion" && is_folder(given / "criterion")) return given / "criterion";
  if (is_folder(given / "target" / "criterion")) return given / "target" / "criterion";
  return given;
}

// Every new/ folder below `root` (or `root` itself when it is one), sorted by
// path so the order does not depend on the file system. Skips Criterion's
// report/ folders; baselines (base/, change/, named ones) hold no new/ folder.
// `limit` bounds the entries visited (for detect()); 0: no bound.
std::vector<fs::path> find_runs(const fs::path& root, std::size_t limit) {
  if (is_run_folder(root / "new")) return {root / "new"};
  if (is_run_folder(root)) return {root};
  std::vector<fs::path> runs;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, ec), end;
  if (ec)
    throw input_error(root.string() + ": cannot read the folder: " + ec.message() +
                      "; check the path and its permissions");
  std::size_t visited = 0;
  for (; it != end; it.increment(ec)) {
    if (ec)
      throw input_error(root.string() + ": cannot read the folder: " + ec.message() +
                        "; check the path and its permissions");
    if (limit && ++visited > limit) break;
    std::error_code type_ec;
    if (!it->is_directory(type_ec)) continue;
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    // A benchmark may itself be called "report" or "new": a folder counts as
    // one run only when it holds the run's files, and report/ is skipped
    // unless it holds a benchmark's new/.
    if (name == "report" && !is_run_folder(p / "new")) {
      it.disable_recursion_pending();
    } else if (name == "new" && is_run_folder(p)) {
      runs.push_back(p);
      it.disable_recursion_pending();
    }
  }
  std::sort(runs.begin(), runs.end());
  return runs;
}

// The whole file, or nullopt when it does not exist. Throws when it cannot be read.
std::optional<std::string> read_file(const fs::path& p) {
  if (!is_file(p)) return std::nullopt;
  return read_file_text(p.string(), "", "check its permissions");
}

// One JSON file of a run, parsed, with a reader whose messages name it.
struct RunFile {
  Input input;  // path and content; outlives the reader that refers to its path
  json doc;
};

RunFile parse_run_file(const fs::path& p, std::string_view what, bool required) {
  RunFile f;
  f.input.path = p.string();
  std::optional<std::string> content = read_file(p);
  if (!content) {
    if (!required) return f;
    throw input_error(f.input.path + ": missing; Criterion.rs writes " + std::string(what) +
                      " beside " +
                      (p.filename() == "sample.json" ? "benchmark.json" : "sample.json") +
                      " in each run: re-run cargo bench, or remove the incomplete folder");
  }
  f.input.content = std::move(*content);
  f.doc = parse_json_input(f.input, "Criterion.rs " + std::string(what));
  return f;
}

// One throughput metric of a benchmark: its amount per iteration.
struct Throughput {
  const MetricInfo* metric;
  double per_iteration;  // bytes or items
};

// benchmark.json's "throughput": null, or Criterion's enum as serde writes it:
// {"Bytes": n}, {"BytesDecimal": n}, {"Bits": n} (n / 8 bytes), {"Elements": n},
// {"ElementsAndBytes": {"elements": e, "bytes": b}}. A variant this reader does
// not know stays in the context only.
std::vector<Throughput> read_throughput(const InputReader& r, const json& t,
                                        const std::string& path) {
  if (t.is_null()) return {};
  if (!t.is_object() || t.size() != 1) {
    r.wrong_type(path, "null or one variant such as {\"Bytes\": 1024}", t,
                 "write what Criterion.rs wrote (Throughput::Bytes(1024) is {\"Bytes\": 1024})");
  }
  const std::string variant = t.begin().key();
  const json& value = t.begin().value();
  const std::string at = InputReader::join(path, variant);
  const auto amount = [&](const json& v, const std::string& p) {
    return static_cast<double>(r.unsigned_integer(v, p));
  };
  if (variant == "Bytes" || variant == "BytesDecimal") return {{&bytes_metric, amount(value, at)}};
  if (variant == "Bits") return {{&bytes_metric, amount(value, at) / 8}};
  if (variant == "Elements") return {{&items_metric, amount(value, at)}};
  if (variant == "ElementsAndBytes") {
    r.object(value, at);
    return {
        {&items_metric,
         amount(r.required(value, at, "elements"), InputReader::join(at, "elements"))},
        {&bytes_metric, amount(r.required(value, at, "bytes"), InputReader::join(at, "bytes"))}};
  }
  return {};
}

// sample.json's iteration counts and totals (ns). Older Criterion.rs versions
// wrote the pair as [[iters...], [times...]], without "sampling_mode".
struct Sample {
  std::vector<double> iters, times_ns;
};

std::vector<double> numbers(const InputReader& r, const json& v, const std::string& path) {
  r.array(v, path);
  std::vector<double> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    out.push_back(r.number(v[i], InputReader::at_index(path, i)));
  return out;
}

Sample read_sample(const InputReader& r, const json& doc) {
  Sample s;
  std::string iters_path, times_path;
  if (doc.is_array() && doc.size() == 2) {
    iters_path = "[0]";
    times_path = "[1]";
    s.iters = numbers(r, doc[0], iters_path);
    s.times_ns = numbers(r, doc[1], times_path);
  } else {
    r.object(doc, "");
    iters_path = "iters";
    times_path = "times";
    s.iters = numbers(r, r.required(doc, "", "iters"), iters_path);
    s.times_ns = numbers(r, r.required(doc, "", "times"), times_path);
  }
  if (s.iters.size() != s.times_ns.size()) {
    r.fail(times_path, "has " + std::to_string(s.times_ns.size()) + " entries but " + iters_path +
                           " has " + std::to_string(s.iters.size()) +
                           "; each sample needs both (was the file cut short?)");
  }
  if (s.iters.empty()) r.fail(iters_path, "no samples; re-run cargo bench");
  for (std::size_t i = 0; i < s.iters.size(); ++i) {
    if (!(s.iters[i] > 0) || !std::isfinite(s.iters[i])) {
      r.fail(InputReader::at_index(iters_path, i), "expected a positive iteration count, found " +
                                                       json(s.iters[i]).dump() +
                                                       "; a sample times at least one iteration");
    }
  }
  return s;
}

// Reads one run folder (".../<benchmark>/new") into a benchmark.
BenchmarkResult read_run(const fs::path& run) {
  const RunFile id = parse_run_file(run / "benchmark.json", "benchmark.json", true);
  const RunFile sample = parse_run_file(run / "sample.json", "sample.json", true);
  const RunFile estimates = parse_run_file(run / "estimates.json", "estimates.json", false);

  BenchmarkResult b;
  const InputReader idr(id.input, tool + " benchmark.json");
  idr.object(id.doc, "");
  b.name = idr.string_member(id.doc, "", "full_id", true);
  if (b.name.empty()) idr.fail("full_id", "is empty; every benchmark needs its id");
  const json* throughput_json = InputReader::optional(id.doc, "throughput");
  const std::vector<Throughput> throughput =
      throughput_json ? read_throughput(idr, *throughput_json, "throughput")
                      : std::vector<Throughput>{};
  for (const auto& [key, value] : id.doc.items())
    if (key != "full_id") b.context[key] = json_text(value);

  const InputReader sr(sample.input, tool + " sample.json");
  const Sample s = read_sample(sr, sample.doc);
  if (sample.doc.is_object())
    for (const auto& [key, value] : sample.doc.items())
      if (key != "iters" && key != "times") b.context[key] = json_text(value);

  if (!estimates.input.content.empty()) {
    InputReader(estimates.input, tool + " estimates.json").object(estimates.doc, "");
    b.context["estimates"] = json_text(estimates.doc);
  }

  add_metric(b, time_metric);
  for (const Throughput& t : throughput) add_metric(b, *t.metric);
  b.repetitions.reserve(s.iters.size());
  for (std::size_t i = 0; i < s.iters.size(); ++i) {
    Repetition rep;
    rep.index = static_cast<int>(i);
    const double per_iteration_ns = s.times_ns[i] / s.iters[i];
    rep.values[time_metric.name] = per_iteration_ns;
    for (const Throughput& t : throughput)
      rep.values[t.metric->name] = t.per_iteration * 1e9 / per_iteration_ns;
    b.repetitions.push_back(std::move(rep));
  }
  return b;
}

}  // namespace

Match detect(const Input& input) {
  if (!input.is_directory) return Match::no;
  try {
    // A bounded look: a folder with Criterion's results near the top is
    // enough; any other folder is at most Criterion's (the only folder format).
    if (!find_runs(criterion_root(input.path), 20000).empty()) return Match::yes;
  } catch (...) {
  }
  return Match::maybe;
}

Parsed read(const Input& input) {
  const fs::path root = criterion_root(input.path);
  const std::vector<fs::path> runs = find_runs(root, 0);
  if (runs.empty()) {
    throw input_error(input.path +
                      ": no Criterion.rs results in this folder (no <benchmark>/new/sample.json "
                      "below it); run cargo bench first and pass target/criterion");
  }
  Parsed parsed;
  std::map<std::string, std::string> seen;  // full_id -> run folder
  for (const fs::path& run : runs) {
    BenchmarkResult b = read_run(run);
    const auto [it, fresh] = seen.emplace(b.name, run.string());
    if (!fresh) {
      throw input_error((run / "benchmark.json").string() + ": full_id " + json_text(b.name) +
                        " is also the id of " + it->second +
                        "; pass one target/criterion folder at a time");
    }
    parsed.benchmarks.push_back(std::move(b));
  }
  return parsed;
}

}  // namespace perfgate::adapters::criterion
