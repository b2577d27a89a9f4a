// llama-bench's results (llama.cpp, tools/llama-bench): `-o json` writes one
// JSON array of objects, `-o jsonl` one object per line. Each object is one
// test (pp512, tg128, pp512+tg128, "pp512 @ d512") of one combination of the
// parameters; samples_ns / samples_ts hold its repetitions (-r). Fields are
// read by name: llama-bench adds fields release by release, and every field
// this file does not know is kept as context (docs/formats.md, "Ingested formats").
#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::llama_bench {
namespace {

constexpr const char* kTool = "llama-bench JSON (-o json or -o jsonl)";
constexpr const char* kMissingFieldFix =
    "the file is not complete llama-bench output (docs/formats.md, \"Ingested formats\", lists the fields "
    "perfgate reads)";

const MetricInfo kTokensPerSecond{"tokens_per_second", "tok/s", Direction::higher_is_better, true};
// The same measurement as tokens_per_second (tokens / time), so not judged twice.
const MetricInfo kTime{"time", "ns", Direction::lower_is_better, false};

// Facts about the machine and build: the same in every row of one run
// (static members of llama-bench's test struct), kept in Parsed::context_json.
// The booleans are the backend flags older versions wrote before "backends".
constexpr auto kBuildFields = std::to_array<std::string_view>(
    {"build_commit", "build_number", "cpu_info", "gpu_info", "backends", "cuda", "opencl", "metal",
     "gpu_blas", "blas", "vulkan", "kompute", "sycl", "rpc"});

// Parameters that may tell two rows of one file apart, in the order their
// names are added to a benchmark's name; llama-bench's own order, the model
// file first. Unknown fields follow, alphabetically.
constexpr auto kParameterFields =
    std::to_array<std::string_view>({"model_filename", "n_batch",       "n_ubatch",
                                     "n_threads",      "cpu_mask",      "cpu_strict",
                                     "poll",           "type_k",        "type_v",
                                     "n_gpu_layers",   "n_cpu_moe",     "split_mode",
                                     "main_gpu",       "no_kv_offload", "flash_attn",
                                     "devices",        "tensor_split",  "tensor_buft_overrides",
                                     "load_mode",      "use_mmap",      "use_direct_io",
                                     "embeddings",     "no_op_offload", "no_host",
                                     "repack",         "fit_target",    "fit_min_ctx",
                                     "mul_mat_q",      "f16_kv",        "model_size",
                                     "model_n_params"});

// The measurements: metrics, never context.
constexpr auto kMeasurementFields = std::to_array<std::string_view>(
    {"avg_ns", "stddev_ns", "avg_ts", "stddev_ts", "samples_ns", "samples_ts"});

// Fields that never name a benchmark beyond its model and test: those two
// (in the name already) and the time it ran.
constexpr auto kNeverParameters =
    std::to_array<std::string_view>({"model_type", "n_prompt", "n_gen", "n_depth", "test_time"});

template <std::size_t N>
bool among(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A measurement a future llama-bench may add (avg_watts, samples_power...):
// never part of a name, so that names stay stable from run to run.
bool looks_like_measurement(std::string_view name) {
  for (std::string_view prefix : {"avg_", "stddev_", "samples_", "min_", "max_", "median_"})
    if (name.starts_with(prefix)) return true;
  return false;
}

// One result object and where it came from, for messages: a JSON array's
// element i is "<path>: [i].field", a JSON Lines row is "<path>:<line>: field".
struct Row {
  json value;
  std::string origin;
  std::string path;  // "[3]" in an array, "" on its own line
};

std::vector<Row> rows_of(const Input& input) {
  constexpr const char* kFix =
      "llama-bench -o json writes one array of objects, -o jsonl one object per line";
  std::vector<Row> rows;
  const std::string_view text = input.content;
  if (first_non_blank(text) == '[') {
    json doc = parse_json_at(input, 0, text, kFix);
    for (std::size_t i = 0; i < doc.size(); ++i)
      rows.push_back({std::move(doc[i]), input.path, JsonReader::at_index("", i)});
    return rows;
  }
  // One object: a JSON Lines file of one line, or an object printed over
  // several lines. Otherwise one object per line.
  if (std::optional<json> doc = try_parse_json(text)) {
    rows.push_back({std::move(*doc), input.path, ""});
    return rows;
  }
  std::size_t start = 0;
  int line = 0;
  while (start < text.size()) {
    ++line;
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view content = text.substr(start, end - start);
    if (content.find_first_not_of(" \t\r") != std::string_view::npos) {
      rows.push_back({parse_json_at(input, start, content, kFix),
                      input.path + ":" + std::to_string(line), ""});
    }
    start = end + 1;
  }
  if (rows.empty()) throw input_error(input.path + ": empty; expected " + kTool);
  return rows;
}

// "pp512", "tg128", "pp512+tg128", "pp512 @ d4096": llama-bench's own test
// name, as its Markdown table prints it.
std::string test_name(int n_prompt, int n_gen, int n_depth) {
  std::string name;
  if (n_prompt > 0 && n_gen == 0) {
    name = "pp" + std::to_string(n_prompt);
  } else if (n_gen > 0 && n_prompt == 0) {
    name = "tg" + std::to_string(n_gen);
  } else {
    name = "pp" + std::to_string(n_prompt) + "+tg" + std::to_string(n_gen);
  }
  if (n_depth > 0) name += " @ d" + std::to_string(n_depth);
  return name;
}

// A value as it appears in a benchmark name: strings as they are, anything
// else as JSON ("8", "true", "null" when a row lacks the field).
std::string name_text(const json* v) {
  if (!v) return "null";
  if (v->is_string()) return v->get<std::string>();
  return json_text(*v);
}

std::vector<double> number_array(const JsonReader& reader, const json& row, const std::string& path,
                                 const char* key) {
  std::vector<double> out;
  const json* v = JsonReader::optional(row, key);
  if (!v) return out;
  const std::string p = JsonReader::join(path, key);
  reader.array(*v, p);
  if (v->empty()) {
    reader.fail(p, "empty; llama-bench ran no repetition of this test; rerun it with -r 1 or more");
  }
  out.reserve(v->size());
  for (std::size_t i = 0; i < v->size(); ++i) {
    const double x = reader.number((*v)[i], JsonReader::at_index(p, i));
    if (x < 0) {
      reader.fail(JsonReader::at_index(p, i),
                  "negative; llama-bench never writes a negative time or rate; check the file");
    }
    out.push_back(x);
  }
  return out;
}

// The metrics of one row: repetitions from samples_ns / samples_ts, or the
// summaries avg_* / stddev_* when the samples are absent (files trimmed or
// converted from -o csv / -o sql, which have no samples).
void read_measurements(const JsonReader& reader, const Row& row, BenchmarkResult& b) {
  const std::vector<double> ns = number_array(reader, row.value, row.path, "samples_ns");
  const std::vector<double> ts = number_array(reader, row.value, row.path, "samples_ts");
  if (!ns.empty() && !ts.empty() && ns.size() != ts.size()) {
    reader.fail(JsonReader::join(row.path, "samples_ts"),
                "has " + std::to_string(ts.size()) + " values but samples_ns has " +
                    std::to_string(ns.size()) +
                    "; each repetition has one of each; the file is damaged");
  }
  const std::size_t n = std::max(ns.size(), ts.size());
  for (std::size_t i = 0; i < n; ++i) {
    Repetition r;
    r.index = static_cast<int>(i);
    if (!ts.empty()) r.values[kTokensPerSecond.name] = ts[i];
    if (!ns.empty()) r.values[kTime.name] = ns[i];
    b.repetitions.push_back(std::move(r));
  }

  auto summary = [&](const MetricInfo& metric, bool have_samples, const char* avg,
                     const char* stddev) {
    if (have_samples) {
      add_metric(b, metric);
      return;
    }
    const json* mean = JsonReader::optional(row.value, avg);
    if (!mean) return;
    SampleSummary s;
    s.mean = reader.number(*mean, JsonReader::join(row.path, avg));
    if (const json* sd = JsonReader::optional(row.value, stddev))
      s.stddev = reader.number(*sd, JsonReader::join(row.path, stddev));
    // n stays 0: the file does not say how many repetitions (-r) it averages.
    b.summaries[metric.name] = s;
    add_metric(b, metric);
  };
  summary(kTokensPerSecond, !ts.empty(), "avg_ts", "stddev_ts");
  summary(kTime, !ns.empty(), "avg_ns", "stddev_ns");
  if (b.metrics.empty()) {
    reader.fail(row.path,
                "has neither samples_ts nor avg_ts nor samples_ns nor avg_ns; "
                "the file is not complete llama-bench output");
  }
}

// The parameters that tell rows with the same model and test apart: each
// candidate field in turn joins the name when its values differ within a
// group of rows whose names would otherwise be equal.
std::vector<std::string> distinguishing_fields(const std::vector<Row>& rows,
                                               const std::vector<std::string>& base_names) {
  std::map<std::string, bool> seen;  // field -> a scalar in every row that has it
  for (const Row& row : rows)
    for (const auto& [key, value] : row.value.items()) {
      auto [it, fresh] = seen.emplace(key, !value.is_structured());
      if (!fresh && value.is_structured()) it->second = false;
    }
  std::vector<std::string> candidates;
  for (std::string_view f : kParameterFields)
    if (seen.count(std::string(f))) candidates.emplace_back(f);
  for (const auto& [key, scalar] : seen) {
    if (scalar && !among(kParameterFields, key) && !among(kNeverParameters, key) &&
        !among(kBuildFields, key) && !among(kMeasurementFields, key) &&
        !looks_like_measurement(key))
      candidates.push_back(key);
  }

  // Rows whose names are equal so far share a group.
  std::vector<std::size_t> group(rows.size());
  std::size_t groups = 0;
  {
    std::unordered_map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < rows.size(); ++i)
      group[i] = ids.emplace(base_names[i], ids.size()).first->second;
    groups = ids.size();
  }
  std::vector<std::string> chosen;
  std::vector<std::string> values(rows.size());
  for (const std::string& field : candidates) {
    std::vector<std::size_t> first(groups, rows.size());  // a row of each group
    bool differs = false;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      values[i] = name_text(JsonReader::optional(rows[i].value, field.c_str()));
      std::size_t& f = first[group[i]];
      if (f == rows.size()) {
        f = i;
      } else if (values[f] != values[i]) {
        differs = true;
      }
    }
    if (!differs) continue;
    chosen.push_back(field);
    std::map<std::pair<std::size_t, std::string>, std::size_t> ids;
    for (std::size_t i = 0; i < rows.size(); ++i)
      group[i] = ids.emplace(std::pair{group[i], values[i]}, ids.size()).first->second;
    groups = ids.size();
  }
  return chosen;
}

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory) return Match::no;
  const char first = first_non_blank(input.content);
  if (first != '[' && first != '{') return Match::no;
  const std::string_view head = std::string_view(input.content).substr(0, 1 << 16);
  const bool shape = head.find("\"n_prompt\"") != std::string_view::npos &&
                     head.find("\"n_gen\"") != std::string_view::npos;
  const bool timing = head.find("\"avg_ts\"") != std::string_view::npos ||
                      head.find("\"samples_ts\"") != std::string_view::npos ||
                      head.find("\"avg_ns\"") != std::string_view::npos;
  if (shape && timing) return Match::yes;
  return shape && head.find("\"model_type\"") != std::string_view::npos ? Match::maybe : Match::no;
}

Parsed read(const Input& input) {
  if (input.is_directory)
    throw input_error(input.path + ": is a folder; expected a file of " + kTool);
  std::vector<Row> rows = rows_of(input);

  // Pass 1: check each row and give it its test name.
  std::vector<std::string> base_names;
  base_names.reserve(rows.size());
  for (const Row& row : rows) {
    const JsonReader checked(row.origin, kMissingFieldFix);
    checked.object(row.value, row.path);
    const std::string model = checked.string(checked.required(row.value, row.path, "model_type"),
                                             JsonReader::join(row.path, "model_type"));
    const int n_prompt = checked.count(checked.required(row.value, row.path, "n_prompt"),
                                       JsonReader::join(row.path, "n_prompt"));
    const int n_gen = checked.count(checked.required(row.value, row.path, "n_gen"),
                                    JsonReader::join(row.path, "n_gen"));
    int n_depth = 0;
    if (const json* d = JsonReader::optional(row.value, "n_depth"))
      n_depth = checked.count(*d, JsonReader::join(row.path, "n_depth"));
    base_names.push_back(model + "/" + test_name(n_prompt, n_gen, n_depth));
  }
  const std::vector<std::string> qualifiers = distinguishing_fields(rows, base_names);

  // Pass 2: one benchmark per row; rows with the same name fold together.
  Parsed parsed;
  json build = json::object();
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const JsonReader reader(row.origin, kMissingFieldFix);
    BenchmarkResult b;
    b.name = base_names[i];
    for (std::size_t q = 0; q < qualifiers.size(); ++q) {
      b.name += (q == 0 ? "/" : ",") + qualifiers[q] + "=" +
                name_text(JsonReader::optional(row.value, qualifiers[q].c_str()));
    }
    read_measurements(reader, row, b);
    for (const auto& [key, value] : row.value.items()) {
      if (among(kBuildFields, key)) {
        auto [it, fresh] = build.emplace(key, value);
        if (!fresh && it.value() != value) b.context[key] = json_text(value);  // differs here
        continue;
      }
      if (!among(kMeasurementFields, key)) b.context[key] = json_text(value);
    }
    auto [it, fresh] = index_of.emplace(b.name, parsed.benchmarks.size());
    if (fresh) {
      parsed.benchmarks.push_back(std::move(b));
    } else {
      fold_invocation(parsed.benchmarks[it->second], std::move(b));
    }
  }
  parsed.context_json = json_text(build);
  return parsed;
}

}  // namespace perfgate::adapters::llama_bench
