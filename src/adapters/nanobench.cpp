// nanobench's JSON (the ankerl::nanobench::templates::json() template,
// rendered with Bench::render), for every result and its measurements
// (docs/formats.md, "Ingested formats").
//
// Each measurement is one epoch: `elapsed` is the epoch's time divided by its
// `iterations` (seconds per iteration; nanobench's Result::add), and each
// performance counter is likewise per iteration. One iteration processes
// `batch` units, so a measurement becomes one repetition whose "time" is
// elapsed * 1e9 / batch nanoseconds per unit, as nanobench's own "ns/op"
// column shows it.
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::nanobench {
namespace {

constexpr std::string_view kWhat = "nanobench JSON (ankerl::nanobench::templates::json())";

// nanobench's performance counters in a measurement, per iteration. nanobench
// writes 0 for a counter it could not read (no perf_event access), so a
// counter that is 0 in every measurement of a result is left out.
struct Counter {
  const char* field;
  const char* unit;
};
constexpr std::array<Counter, 6> kCounters = {{
    {"instructions", "instructions"},
    {"cpucycles", "cycles"},
    {"branchinstructions", "branches"},
    {"branchmisses", "misses"},
    {"pagefaults", "faults"},
    {"contextswitches", "switches"},
}};

const Counter* find_counter(std::string_view field) {
  for (const Counter& c : kCounters)
    if (field == c.field) return &c;
  return nullptr;
}

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory || first_non_blank(input.content) != '{') return Match::no;
  // The template's fields, all in the first result.
  const std::string_view head = std::string_view(input.content).substr(0, 65536);
  if (head.find("\"results\"") == std::string_view::npos ||
      head.find("\"median(elapsed)\"") == std::string_view::npos)
    return Match::no;
  return head.find("\"measurements\"") != std::string_view::npos ? Match::yes : Match::maybe;
}

Parsed read(const Input& input) {
  if (input.is_directory) {
    throw input_error(input.path + ": is a folder; the nanobench format reads one JSON file (" +
                      std::string(kWhat) + ")");
  }
  // nanobench prints doubles with operator<<: a NaN or infinity comes out as
  // a bare nan / -nan / inf / -inf, which is not JSON.
  std::optional<std::string> q = quote_non_finite(input.content);
  const Input quoted{input.path, false, q ? std::move(*q) : input.content};
  const json doc = parse_json_input(quoted, kWhat);
  const InputReader r(input, "nanobench JSON (templates::json())");
  r.object(doc, "");
  const json& results = r.array(r.required(doc, "", "results"), "results");

  Parsed parsed;
  json ctx = json::object();
  for (const auto& [key, value] : doc.items())
    if (key != "results") ctx[key] = value;
  parsed.context_json = json_text(ctx);

  std::unordered_set<std::string> used;
  std::unordered_map<std::string, int> next_suffix;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string p = JsonReader::at_index("results", i);
    const json& res = r.object(results[i], p);
    const std::string name = r.string_member(res, p, "name", true);
    const std::string title = r.string_member(res, p, "title", false);
    // nanobench keeps every result of a Bench, so a name can repeat (run again
    // with another context); the second one is "name #2", and so on.
    std::string full = title.empty() ? name : title + "/" + name;
    if (full.empty()) {
      r.fail(JsonReader::join(p, "name"),
             "the name is empty (and there is no title); give the benchmark a name "
             "(Bench::name)");
    }
    if (!used.insert(full).second) {
      int& k = next_suffix[full];
      if (k < 2) k = 2;
      std::string unique;
      do {
        unique = full + " #" + std::to_string(k++);
      } while (!used.insert(unique).second);
      full = unique;
    }

    double batch = 1;
    if (const json* v = JsonReader::optional(res, "batch")) {
      batch = r.number(*v, JsonReader::join(p, "batch"));
      if (!(batch > 0) || !std::isfinite(batch)) {
        r.fail(JsonReader::join(p, "batch"),
               "expected a positive number of units per iteration, found " +
                   JsonReader::describe_value(*v) + "; nanobench's batch() is at least 1");
      }
    }

    parsed.benchmarks.emplace_back();
    BenchmarkResult& b = parsed.benchmarks.back();
    b.name = full;
    add_metric(b, {"time", "ns", Direction::lower_is_better, true});
    for (const auto& [key, value] : res.items())
      if (key != "name" && key != "title" && key != "measurements")
        b.context[key] = json_text(value);

    const std::string mp = JsonReader::join(p, "measurements");
    const json& measurements = r.array(r.required(res, p, "measurements"), mp);
    std::unordered_map<std::string, bool> nonzero;  // counter -> seen a value other than 0
    for (std::size_t j = 0; j < measurements.size(); ++j) {
      const std::string mj = JsonReader::at_index(mp, j);
      const json& m = r.object(measurements[j], mj);
      Repetition rep;
      rep.index = static_cast<int>(j);
      const std::string ep = JsonReader::join(mj, "elapsed");
      const json& elapsed = r.required(m, mj, "elapsed");
      const double elapsed_s = r.number(elapsed, ep);
      if (!std::isfinite(elapsed_s) || elapsed_s < 0) {
        r.fail(ep, "expected a finite time in seconds per iteration, found " +
                       JsonReader::describe_value(elapsed) +
                       "; the file is not nanobench output as it writes it");
      }
      rep.values["time"] = elapsed_s * 1e9 / batch;
      for (const auto& [key, value] : m.items()) {
        if (key == "elapsed") continue;
        const bool figure =
            value.is_number() || value == "NaN" || value == "Infinity" || value == "-Infinity";
        if (!figure || key.empty() || key == "time") {
          // Not a figure (or a name perfgate's metric has): context, as any unknown field.
          b.context.emplace(key, json_text(value));
          continue;
        }
        const double v = r.number(value, JsonReader::join(mj, key));
        if (!std::isfinite(v)) {
          r.fail(JsonReader::join(mj, key),
                 "expected a finite number, found " + JsonReader::describe_value(value) +
                     "; the file is not nanobench output as it writes it");
        }
        if (const Counter* c = find_counter(key)) {
          rep.values[key] = v / batch;
          if (v != 0) nonzero[key] = true;
          add_metric(b, {key, c->unit, Direction::lower_is_better, false});
        } else {
          // "iterations" and any field nanobench adds later: as written, not judged.
          rep.values[key] = v;
          add_metric(b, {key, "", Direction::lower_is_better, false});
        }
      }
      b.repetitions.push_back(std::move(rep));
    }
    // A counter nanobench could not read is 0 everywhere: not a measurement.
    for (const Counter& c : kCounters) {
      if (nonzero[c.field]) continue;
      std::erase_if(b.metrics, [&](const MetricInfo& mi) { return mi.name == c.field; });
      for (Repetition& rep : b.repetitions) rep.values.erase(c.field);
    }
  }
  return parsed;
}

}  // namespace perfgate::adapters::nanobench
