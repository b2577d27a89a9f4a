// Google Benchmark JSON: what `--benchmark_format=json` prints, or what
// `--benchmark_out=F --benchmark_out_format=json` writes:
//   {"context": {date, host_name, executable, num_cpus, caches, ...},
//    "benchmarks": [one row per repetition, then the aggregates]}
// docs/formats.md, "Ingested formats" has the field-by-field mapping. In short: a row with
// run_type "iteration" is one sample of the benchmark named by its run_name;
// aggregate rows (mean, median, stddev, cv, user statistics) are never
// samples; they are kept as context, and become summaries only for a
// benchmark that has no iteration rows at all
// (--benchmark_report_aggregates_only).
#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::gbench {
namespace {

constexpr std::string_view kWhat = "Google Benchmark JSON (--benchmark_format=json)";

// Members of a row that describe the benchmark rather than measure it: kept as
// context (from the benchmark's first row). Numbers, so they must never be
// mistaken for user counters.
constexpr std::string_view kContextNumbers[] = {"family_index", "per_family_instance_index",
                                                "repetitions", "threads", "iterations"};
// Members read for what they say about the row itself (name, kind, failure).
constexpr std::string_view kRowKeys[] = {
    "name",           "run_name",      "run_type", "repetition_index", "aggregate_name",
    "error_occurred", "error_message", "skipped",  "skip_message"};
// Members of the complexity rows (aggregate_name "BigO" and "RMS").
constexpr std::string_view kComplexityKeys[] = {"big_o", "cpu_coefficient", "real_coefficient",
                                                "rms"};
// Aggregate suffixes of rows written before run_type existed (Google Benchmark
// before 1.5): "BM_x_mean" is the mean of "BM_x".
constexpr std::string_view kOldAggregateSuffixes[] = {"_mean", "_median", "_stddev", "_cv"};

bool one_of(std::string_view key, std::span<const std::string_view> keys) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// A JSON number, or one of the strings quote_non_finite() turned a bare NaN or
// Infinity into.
bool is_numeric(const json& v) {
  if (v.is_number()) return true;
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s == "NaN" || s == "Infinity" || s == "-Infinity";
}

// One way of reading a row.
enum class RowKind { iteration, aggregate, complexity, skipped };

struct Row {
  RowKind kind = RowKind::iteration;
  std::string name;            // the benchmark it belongs to (run_name)
  std::string aggregate_name;  // "mean", "median", "BigO", ... for aggregates
  bool error = false;
  std::string error_message;
  std::string skip_message;
};

// A user counter's metric. Google Benchmark's JSON does not carry a counter's
// flags (kIsRate, kInvert, ...), so its meaning is read from its name: one
// ending in "_per_second" or "/s" is a rate (higher is better, judged), with
// the unit "<thing>/s" from the word before the suffix; any other counter is
// informative only (unit "", lower, not judged) because its direction is
// unknown.
MetricInfo counter_metric(const std::string& name) {
  std::string_view thing;
  const std::string_view n = name;
  if (n.ends_with("_per_second"))
    thing = n.substr(0, n.size() - 11);
  else if (n.ends_with("/s"))
    thing = n.substr(0, n.size() - 2);
  else
    return MetricInfo{name, "", Direction::lower_is_better, false};
  const std::size_t cut = thing.find_last_of("_ ");
  if (cut != std::string_view::npos) thing = thing.substr(cut + 1);
  std::string unit;
  if (thing == "tokens" || thing == "tok" || thing == "token")
    unit = "tok/s";
  else if (thing == "bytes" || thing == "B")
    unit = "B/s";
  else if (thing == "requests" || thing == "req")
    unit = "req/s";
  else if (thing == "ops" || thing == "operations")
    unit = "ops/s";
  else if (thing == "items")
    unit = "items/s";
  else
    unit = std::string(thing) + "/s";
  return MetricInfo{name, unit, Direction::higher_is_better, true};
}

// The metric a member of a row measures, or nullopt when it is not one.
std::optional<MetricInfo> metric_of(const std::string& key, const json& value) {
  if (key == "real_time" || key == "cpu_time")
    return MetricInfo{key, "ns", Direction::lower_is_better, true};
  if (key == "items_per_second")
    return MetricInfo{key, "items/s", Direction::higher_is_better, true};
  if (key == "bytes_per_second") return MetricInfo{key, "B/s", Direction::higher_is_better, true};
  // The memory manager's figures (benchmark::RegisterMemoryManager).
  if (key == "allocs_per_iter") return MetricInfo{key, "", Direction::lower_is_better, true};
  if (key == "max_bytes_used" || key == "total_allocated_bytes")
    return MetricInfo{key, "bytes", Direction::lower_is_better, true};
  if (key == "net_heap_growth")  // may be 0 or negative: recorded, not judged
    return MetricInfo{key, "bytes", Direction::lower_is_better, false};
  if (one_of(key, kContextNumbers) || one_of(key, kRowKeys) || one_of(key, kComplexityKeys))
    return std::nullopt;
  if (is_numeric(value)) return counter_metric(key);
  return std::nullopt;
}

class Reader : public InputReader {
 public:
  explicit Reader(const Input& input) : InputReader(input, "Google Benchmark") {}

  Parsed read(const json& doc) {
    object(doc, "");
    const json& context = object(required(doc, "", "context"), "context");
    const json& rows = array(required(doc, "", "benchmarks"), "benchmarks");
    json ctx = context;
    json complexity = json::object();
    json skipped = json::array();
    std::unordered_set<std::string> skipped_names;

    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::string path = at_index("benchmarks", i);
      const json& r = object(rows[i], path);
      const Row row = classify(r, path);
      switch (row.kind) {
        case RowKind::iteration:
          add_sample(r, row, path);
          break;
        case RowKind::aggregate:
          entry(row.name).aggregates.push_back({&r, path, row.aggregate_name});
          break;
        case RowKind::complexity:
          complexity[row.name][row.aggregate_name] = members_except(r, kRowKeys);
          break;
        case RowKind::skipped:  // once per benchmark, not per repetition
          if (skipped_names.insert(row.name).second)
            skipped.push_back({{"name", row.name}, {"skip_message", row.skip_message}});
          break;
      }
    }
    for (Entry& e : entries_) finish(e);

    // What perfgate adds to the tool's context, under names the tool never writes.
    if (!complexity.empty()) ctx["perfgate_complexity"] = std::move(complexity);
    if (!skipped.empty()) ctx["perfgate_skipped"] = std::move(skipped);
    parsed_.context_json = json_text(ctx);
    return std::move(parsed_);
  }

 private:
  struct Aggregate {
    const json* row;
    std::string path;
    std::string name;
  };
  // A benchmark being built: its place in parsed_ and its aggregate rows.
  struct Entry {
    std::size_t index = 0;
    bool has_context = false;
    std::vector<Aggregate> aggregates;
  };

  Entry& entry(const std::string& name) {
    auto [it, added] = index_.try_emplace(name, entries_.size());
    if (added) {
      entries_.push_back({parsed_.benchmarks.size(), false, {}});
      parsed_.benchmarks.emplace_back();
      parsed_.benchmarks.back().name = name;
    }
    return entries_[it->second];
  }

  Row classify(const json& r, const std::string& path) const {
    Row row;
    const std::string name = string(required(r, path, "name"), join(path, "name"));
    const json* run_name = optional(r, "run_name");
    row.name = run_name ? string(*run_name, join(path, "run_name")) : name;
    if (row.name.empty())
      fail(join(path, run_name ? "run_name" : "name"),
           "the benchmark name is empty; Google Benchmark always names its benchmarks, so the "
           "file was changed after it was written");
    if (const json* a = optional(r, "aggregate_name"))
      row.aggregate_name = string(*a, join(path, "aggregate_name"));

    if (const json* t = optional(r, "run_type")) {
      const std::string type = string(*t, join(path, "run_type"));
      if (type == "aggregate")
        row.kind = RowKind::aggregate;
      else if (type != "iteration")
        fail(join(path, "run_type"), "expected \"iteration\" or \"aggregate\", found " +
                                         describe_value(*t) +
                                         "; this Google Benchmark version is newer than perfgate "
                                         "knows, please report it");
    } else if (!row.aggregate_name.empty()) {
      row.kind = RowKind::aggregate;
    } else if (!run_name) {
      // Before run_type (Google Benchmark < 1.5): aggregates are told by suffix.
      for (std::string_view suffix : kOldAggregateSuffixes) {
        if (name.size() > suffix.size() && name.ends_with(suffix)) {
          row.kind = RowKind::aggregate;
          row.name = name.substr(0, name.size() - suffix.size());
          row.aggregate_name = std::string(suffix.substr(1));
          break;
        }
      }
    }
    if (r.contains("big_o") || r.contains("rms") || row.aggregate_name == "BigO" ||
        row.aggregate_name == "RMS") {
      row.kind = RowKind::complexity;
      if (row.aggregate_name.empty()) row.aggregate_name = r.contains("rms") ? "RMS" : "BigO";
      if (!run_name) {  // old files: "BM_x_BigO" belongs to "BM_x"
        const std::string suffix = "_" + row.aggregate_name;
        if (row.name.ends_with(suffix)) row.name.resize(row.name.size() - suffix.size());
      }
    }

    if (const json* e = optional(r, "error_occurred"))
      row.error = boolean(*e, join(path, "error_occurred"));
    if (row.error) row.error_message = string_member(r, path, "error_message", false);
    if (const json* s = optional(r, "skipped")) {
      if (boolean(*s, join(path, "skipped")) && !row.error && row.kind == RowKind::iteration) {
        row.kind = RowKind::skipped;
        row.skip_message = string_member(r, path, "skip_message", false);
      }
    }
    return row;
  }

  // Nanoseconds in one unit of the row's time_unit ("ns" when absent: Google
  // Benchmark's default, and what versions without the field wrote).
  double ns_per_unit(const json& r, const std::string& path) const {
    const json* u = optional(r, "time_unit");
    if (!u) return 1.0;
    const std::string unit = string(*u, join(path, "time_unit"));
    if (auto f = ns_per(unit)) return *f;
    fail(join(path, "time_unit"), "expected \"ns\", \"us\", \"ms\" or \"s\", found " +
                                      describe_value(*u) +
                                      "; fix the unit (Google Benchmark writes one of these)");
  }

  // The metrics a row measures (times in ns): real_time and cpu_time first,
  // then the others by name (the parsed row's order).
  std::vector<std::pair<MetricInfo, double>> values_of(const json& r,
                                                       const std::string& path) const {
    std::vector<std::pair<MetricInfo, double>> values;
    const double ns = ns_per_unit(r, path);
    for (const std::string key : {"real_time", "cpu_time"}) {
      const json& v = required(r, path, key.c_str());
      const double x = number(v, join(path, key));
      values.emplace_back(*metric_of(key, v), x * ns);
    }
    for (auto it = r.begin(); it != r.end(); ++it) {
      if (it.key() == "real_time" || it.key() == "cpu_time") continue;
      if (auto m = metric_of(it.key(), it.value()))
        values.emplace_back(*m, number(it.value(), join(path, it.key())));
    }
    return values;
  }

  // The row's members except `skip` and the metrics, as the benchmark's context.
  static json members_except(const json& r, std::span<const std::string_view> skip) {
    json out = json::object();
    for (auto it = r.begin(); it != r.end(); ++it)
      if (!one_of(it.key(), skip)) out[it.key()] = it.value();
    return out;
  }

  void take_context(Entry& e, const json& r, const std::string& name_written) {
    if (e.has_context) return;
    e.has_context = true;
    BenchmarkResult& b = parsed_.benchmarks[e.index];
    for (auto it = r.begin(); it != r.end(); ++it) {
      const std::string& key = it.key();
      if (key == "run_type" || one_of(key, kContextNumbers) ||
          (!one_of(key, kRowKeys) && !metric_of(key, it.value())))
        b.context[key] = json_text(it.value());
    }
    if (name_written != b.name) b.context["name"] = json_text(name_written);
  }

  void add_sample(const json& r, const Row& row, const std::string& path) {
    Entry& e = entry(row.name);
    BenchmarkResult& b = parsed_.benchmarks[e.index];
    take_context(e, r, r.at("name").get<std::string>());
    // Every benchmark reports both times, so a benchmark whose every row is an
    // error still has metrics for compare to find failed.
    for (const char* time : {"real_time", "cpu_time"})
      add_metric(b, MetricInfo{time, "ns", Direction::lower_is_better, true});
    Repetition rep;
    rep.index = static_cast<int>(b.repetitions.size());
    if (row.error) {
      rep.ok = false;
      rep.failure = "Google Benchmark reported an error: " +
                    (row.error_message.empty() ? std::string("(no message)") : row.error_message);
    } else {
      for (auto& [info, value] : values_of(r, path)) {
        add_metric(b, info);
        // A counter written NaN (a rate over no time, a ratio of zeros) has
        // no value in this repetition: a gap in its series, not a number.
        if (value != value && info.name != "real_time" && info.name != "cpu_time") continue;
        rep.values[info.name] = value;
      }
    }
    b.repetitions.push_back(std::move(rep));
  }

  // Aggregates become context; for a benchmark without iteration rows, its
  // mean (with median, stddev, min and max when given) become summaries.
  void finish(Entry& e) {
    if (e.aggregates.empty()) return;
    BenchmarkResult& b = parsed_.benchmarks[e.index];
    json aggregates = json::object();
    for (const Aggregate& a : e.aggregates) {
      static constexpr std::string_view skip[] = {"name",         "run_name",
                                                  "run_type",     "aggregate_name",
                                                  "family_index", "per_family_instance_index",
                                                  "repetitions",  "threads"};
      aggregates[a.name] = members_except(*a.row, skip);
    }
    b.context["aggregates"] = json_text(aggregates);
    if (!b.repetitions.empty()) return;

    take_context(e, *e.aggregates.front().row, b.name);  // its name is "<benchmark>_mean"
    b.context.erase("aggregate_unit");
    auto find = [&](std::string_view name) -> const Aggregate* {
      for (const Aggregate& a : e.aggregates)
        if (a.name == name) return &a;
      return nullptr;
    };
    const Aggregate* mean = find("mean");
    if (!mean) return;  // nothing to summarise from: the other rows stay context
    int n = 0;
    if (const json* reps = optional(*mean->row, "repetitions"))
      n = count(*reps, join(mean->path, "repetitions"));
    for (auto& [info, value] : values_of(*mean->row, mean->path)) {
      add_metric(b, info);
      SampleSummary& s = b.summaries[info.name];
      s.mean = value;
      s.n = n;
    }
    auto fill = [&](std::string_view name, auto member) {
      const Aggregate* a = find(name);
      if (!a) return;
      for (auto& [info, value] : values_of(*a->row, a->path)) {
        auto it = b.summaries.find(info.name);
        if (it != b.summaries.end()) it->second.*member = value;
      }
    };
    fill("median", &SampleSummary::median);
    fill("stddev", &SampleSummary::stddev);
    fill("min", &SampleSummary::min);
    fill("max", &SampleSummary::max);
  }

  Parsed parsed_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;  // benchmark name -> entries_
};

// After '{' and white space: does the text start with the member `key`?
bool first_member_is(std::string_view content, std::string_view key) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  std::size_t i = content.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || content[i] != '{') return false;
  i = content.find_first_not_of(" \t\r\n", i + 1);
  return i != std::string_view::npos && content.substr(i).starts_with(key);
}

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory || first_non_blank(input.content) != '{') return Match::no;
  const std::string_view head = std::string_view(input.content).substr(0, 1 << 20);
  auto has = [&](std::string_view s) { return head.find(s) != std::string_view::npos; };
  const bool row_fields = has("\"run_name\"") || has("\"real_time\"") || has("\"time_unit\"") ||
                          has("\"cpu_coefficient\"");
  // Google Benchmark writes "context" first, then "benchmarks".
  if (first_member_is(input.content, "\"context\"") && has("\"benchmarks\""))
    return row_fields ? Match::yes : Match::maybe;
  // The same document re-saved with sorted keys ("benchmarks" first).
  if (first_member_is(input.content, "\"benchmarks\"") && has("\"context\"") &&
      has("\"run_name\"") && has("\"real_time\""))
    return Match::maybe;
  return Match::no;
}

Parsed read(const Input& input) {
  if (input.is_directory)
    throw input_error(input.path + ": is a folder; expected a file of " + std::string(kWhat));
  // Google Benchmark writes a non-finite double (the cv of a counter that is
  // always 0) as a bare NaN or Infinity, which is not JSON.
  std::optional<std::string> quoted = quote_non_finite(input.content);
  const Input copy = quoted ? Input{input.path, false, std::move(*quoted)} : Input{};
  const Input& text = quoted ? copy : input;
  const json doc = parse_json_input(text, kWhat);
  return Reader(input).read(doc);
}

}  // namespace perfgate::adapters::gbench
