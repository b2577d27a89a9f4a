// vLLM's serving benchmark result (`vllm bench serve --save-result`, formerly
// benchmarks/benchmark_serving.py): one JSON object per invocation, with
// --append-result one object per line. Throughputs are one figure per
// invocation; latencies (TTFT, TPOT, ITL, E2EL) come as mean / median / std /
// pNN over the requests, and per request when the file has the per-request
// arrays (--save-detailed, and always in older versions). Fields are read by
// name; every field this file does not know is kept as context
// (docs/formats.md, "Ingested formats").
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "adapters/common.hpp"
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::vllm {
namespace {

constexpr const char* kTool = "vLLM bench serve result JSON (--save-result)";
constexpr const char* kMissingFieldFix =
    "the file is not complete vLLM bench serve output (docs/formats.md, \"Ingested formats\", lists the fields "
    "perfgate reads)";

constexpr double kNsPerMs = 1e6;
constexpr double kNsPerS = 1e9;

// Per-request arrays: samples (or their counts), never context; some are huge.
constexpr auto kPerRequestFields =
    std::to_array<std::string_view>({"input_lens", "output_lens", "ttfts", "itls", "latencies",
                                     "start_times", "queue_times", "generated_texts", "errors"});

// Throughputs: one figure per invocation.
struct Throughput {
  const char* field;
  const char* unit;
  bool compared;
};
constexpr Throughput kThroughputs[] = {
    {"output_throughput", "tok/s", true},
    {"request_throughput", "req/s", true},  // judged only without output_throughput
    {"total_token_throughput", "tok/s", false},
    {"request_goodput", "req/s", true},
    {"max_output_tokens_per_s", "tok/s", false},
    {"input_sequence_throughput", "items/s", false},
};

// The latency metrics a user gates on; other <m> of mean_<m>_ms (client queue
// times, future ones) are recorded but not judged.
bool judged_latency(std::string_view m) {
  return m == "ttft" || m == "tpot" || m == "itl" || m == "e2el";
}

// "p99_ttft_ms" -> {"99", "ttft"}; "p99.9_itl_ms" -> {"99.9", "itl"}.
std::optional<std::pair<std::string, std::string>> percentile_key(std::string_view key) {
  if (key.size() < 6 || !key.starts_with('p') || !key.ends_with("_ms")) return std::nullopt;
  std::size_t i = 1;
  while (i < key.size() && (std::isdigit(static_cast<unsigned char>(key[i])) || key[i] == '.')) ++i;
  if (i == 1 || i >= key.size() || key[i] != '_' || key.size() - 3 <= i + 1) return std::nullopt;
  return std::pair{std::string(key.substr(1, i - 1)),
                   std::string(key.substr(i + 1, key.size() - 3 - i - 1))};
}

// "mean_ttft_ms" -> "ttft".
std::optional<std::string> mean_key(std::string_view key) {
  if (key.size() <= 8 || !key.starts_with("mean_") || !key.ends_with("_ms")) return std::nullopt;
  return std::string(key.substr(5, key.size() - 8));
}

struct Result {
  json value;
  std::string origin;  // "<path>" or "<path>:<line>"
};

std::vector<Result> results_of(const Input& input) {
  std::vector<Result> out;
  if (first_non_blank(input.content) != '{') {
    throw input_error(input.path +
                      ": expected a JSON object {...} as vLLM bench serve "
                      "--save-result writes; check that this is its result file");
  }
  const std::string_view text = input.content;
  if (std::optional<json> doc = try_parse_json(text)) {
    out.push_back({std::move(*doc), input.path});
    return out;
  }
  // --append-result: one object per line.
  std::size_t start = 0;
  int line = 0;
  while (start < text.size()) {
    ++line;
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view content = text.substr(start, end - start);
    if (content.find_first_not_of(" \t\r") != std::string_view::npos) {
      out.push_back({parse_json_at(input, start, content,
                                   "vLLM writes one JSON object per result, one per line with "
                                   "--append-result"),
                     input.path + ":" + std::to_string(line)});
    }
    start = end + 1;
  }
  return out;
}

// "<backend>/<model_id>/request_rate=inf[,max_concurrency=64][,burstiness=0.5]
// [,ramp_up_strategy=linear,ramp_up_start_rps=1,ramp_up_end_rps=10]": what was
// served and how hard. --label is left out on purpose: runs labelled
// differently ("main", "my-branch") must pair up in a comparison.
std::string benchmark_name(const JsonReader& reader, const json& r) {
  const json* backend = JsonReader::optional(r, "backend");
  if (!backend) backend = JsonReader::optional(r, "endpoint_type");
  if (!backend) reader.required(r, "", "backend");
  std::string name = reader.string(*backend, "backend") + "/" +
                     reader.string(reader.required(r, "", "model_id"), "model_id");
  std::string params;
  auto add = [&](const char* key, const json& v) {
    params += (params.empty() ? "/" : ",") + std::string(key) + "=" +
              (v.is_string() ? v.get<std::string>() : json_text(v));
  };
  if (const json* v = JsonReader::optional(r, "request_rate")) add("request_rate", *v);
  if (const json* v = JsonReader::optional(r, "max_concurrency")) add("max_concurrency", *v);
  if (const json* v = JsonReader::optional(r, "burstiness"); v && !(v->is_number() && *v == 1.0))
    add("burstiness", *v);
  for (const char* key : {"ramp_up_strategy", "ramp_up_start_rps", "ramp_up_end_rps"})
    if (const json* v = JsonReader::optional(r, key)) add(key, *v);
  return name + params;
}

// The last non-blank line of a request's error (a Python traceback ends
// with the exception), so that a failure stays one line.
std::string last_line(std::string_view error) {
  std::size_t end = error.size();
  while (end > 0) {
    const std::size_t start = error.rfind('\n', end - 1);
    const std::size_t from = start == std::string_view::npos ? 0 : start + 1;
    std::string_view line = error.substr(from, end - from);
    const std::size_t b = line.find_first_not_of(" \t\r");
    if (b != std::string_view::npos)
      return std::string(line.substr(b, line.find_last_not_of(" \t\r") - b + 1));
    if (from == 0) break;
    end = from - 1;
  }
  return "(no message)";
}

// The per-request arrays that exist, checked to be of one length.
struct PerRequest {
  std::size_t count = 0;
  const json* ttfts = nullptr;
  const json* latencies = nullptr;
  const json* output_lens = nullptr;
  const json* errors = nullptr;
  const json* itls = nullptr;
  bool failures_known = false;  // whether the file says which requests failed
  bool failed(std::size_t i) const {
    return errors && (*errors)[i].is_string() &&
           !(*errors)[i].get_ref<const std::string&>().empty();
  }
};

PerRequest per_request(const JsonReader& reader, const json& r) {
  PerRequest p;
  const char* first = nullptr;
  auto take = [&](const char* key, const json*& slot) {
    const json* v = JsonReader::optional(r, key);
    if (!v) return;
    reader.array(*v, key);
    if (!first) {
      first = key;
      p.count = v->size();
    } else if (v->size() != p.count) {
      reader.fail(key, "has " + std::to_string(v->size()) + " entries but " + first + " has " +
                           std::to_string(p.count) +
                           "; both have one per request; the file is damaged");
    }
    slot = v;
  };
  take("ttfts", p.ttfts);
  take("latencies", p.latencies);
  take("output_lens", p.output_lens);
  take("errors", p.errors);
  take("itls", p.itls);
  const json* failed = JsonReader::optional(r, "failed");
  const json* completed = JsonReader::optional(r, "completed");
  p.failures_known = p.errors || (failed && failed->is_number() && *failed == 0) ||
                     (!failed && completed && completed->is_number_unsigned() &&
                      completed->get<std::uint64_t>() == p.count);
  return p;
}

std::optional<double> number_member(const JsonReader& reader, const json& r,
                                    const std::string& key) {
  const json* v = JsonReader::optional(r, key.c_str());
  if (!v) return std::nullopt;
  return reader.number(*v, key);
}

// Throughputs: one figure each (n = 1: one measurement of this invocation).
void read_throughputs(const JsonReader& reader, const json& r, BenchmarkResult& b) {
  reader.number(reader.required(r, "", "request_throughput"), "request_throughput");
  const bool has_output_throughput = JsonReader::optional(r, "output_throughput") != nullptr;
  for (const Throughput& t : kThroughputs) {
    const std::string_view field = t.field;
    std::optional<double> v = number_member(reader, r, t.field);
    if (!v && field == "request_goodput")
      v = number_member(reader, r, "request_goodput:");  // its key in 2025's benchmark_serving.py
    if (!v) continue;
    const bool compared = field == "request_throughput" ? !has_output_throughput : t.compared;
    add_metric(b, {t.field, t.unit, Direction::higher_is_better, compared});
    SampleSummary s;
    s.mean = *v;
    s.n = 1;
    b.summaries[t.field] = s;
  }
}

// How many values the TPOT and ITL summaries cover, when the arrays say.
struct RequestCounts {
  std::optional<int> tpots;  // successful requests with more than one output token
  std::optional<int> itls;   // inter-token gaps of successful requests
};

// One repetition per request when the file has per-request arrays and says
// which requests failed; otherwise one failed repetition when requests failed.
RequestCounts read_requests(const JsonReader& reader, const json& r, BenchmarkResult& b) {
  RequestCounts counts;
  const PerRequest req = per_request(reader, r);
  if (!req.failures_known || !(req.ttfts || req.latencies)) {
    if (const json* failed = JsonReader::optional(r, "failed")) {
      const int n_failed = reader.count(*failed, "failed");
      if (n_failed > 0) {
        Repetition rep;
        rep.ok = false;
        rep.failure = "vLLM reported an error: " + std::to_string(n_failed) +
                      " requests failed (save the result with --save-detailed to see why)";
        b.repetitions.push_back(std::move(rep));
      }
    }
    return counts;
  }
  int multi_token = 0, gaps = 0;
  bool has_tpot = false;
  for (std::size_t i = 0; i < req.count; ++i) {
    Repetition rep;
    rep.index = static_cast<int>(i);
    if (req.failed(i)) {
      rep.ok = false;
      rep.failure = "vLLM reported an error: request " + std::to_string(i) + ": " +
                    last_line((*req.errors)[i].get_ref<const std::string&>());
      b.repetitions.push_back(std::move(rep));
      continue;
    }
    const std::string at = "[" + std::to_string(i) + "]";
    std::optional<double> ttft, latency;  // seconds
    if (req.ttfts) ttft = reader.number((*req.ttfts)[i], "ttfts" + at);
    if (req.latencies) latency = reader.number((*req.latencies)[i], "latencies" + at);
    if (ttft) rep.values["ttft"] = *ttft * kNsPerS;
    if (latency) rep.values["e2el"] = *latency * kNsPerS;
    if (req.output_lens) {
      const int out = reader.count((*req.output_lens)[i], "output_lens" + at);
      if (out > 1) {
        ++multi_token;
        // vLLM's TPOT of one request: the time after the first token per further token.
        if (ttft && latency) {
          rep.values["tpot"] = (*latency - *ttft) / (out - 1) * kNsPerS;
          has_tpot = true;
        }
      }
    }
    if (req.itls && (*req.itls)[i].is_array()) gaps += static_cast<int>((*req.itls)[i].size());
    b.repetitions.push_back(std::move(rep));
  }
  if (req.ttfts) add_metric(b, {"ttft", "ns", Direction::lower_is_better, true});
  if (req.latencies) add_metric(b, {"e2el", "ns", Direction::lower_is_better, true});
  if (has_tpot) add_metric(b, {"tpot", "ns", Direction::lower_is_better, true});
  if (req.output_lens) counts.tpots = multi_token;
  if (req.itls) counts.itls = gaps;
  return counts;
}

// mean_<m>_ms with its median_ and std_, for the metrics without
// per-request samples; p<q>_<m>_ms as the metric <m>_p<q>. vLLM's std is
// numpy's population standard deviation; perfgate keeps the sample one
// (n - 1), so it is converted where the number of values n is known, and
// omitted otherwise.
void read_latencies(const JsonReader& reader, const json& r, const RequestCounts& counts,
                    BenchmarkResult& b) {
  std::optional<int> completed;
  if (const json* c = JsonReader::optional(r, "completed"))
    completed = reader.count(*c, "completed");
  auto count_of = [&](const std::string& m) -> int {
    if (m == "ttft" || m == "e2el" || m == "client_queue_time" ||
        m == "e2el_including_client_queue")
      return completed.value_or(0);  // one value per successful request
    if (m == "tpot") return counts.tpots.value_or(0);
    if (m == "itl") return counts.itls.value_or(0);
    return 0;
  };
  for (const auto& [key, value] : r.items()) {
    if (const auto m = mean_key(key)) {
      if (b.find_metric(*m)) continue;  // per-request samples
      SampleSummary s;
      s.mean = reader.number(value, key) * kNsPerMs;
      s.n = count_of(*m);
      if (auto median = number_member(reader, r, "median_" + *m + "_ms"))
        s.median = *median * kNsPerMs;
      if (auto sd = number_member(reader, r, "std_" + *m + "_ms"); sd && s.n > 1)
        s.stddev = *sd * kNsPerMs * std::sqrt(static_cast<double>(s.n) / (s.n - 1));
      add_metric(b, {*m, "ns", Direction::lower_is_better, judged_latency(*m)});
      b.summaries[*m] = s;
    } else if (const auto p = percentile_key(key)) {
      const std::string metric = p->second + "_p" + p->first;
      add_metric(b, {metric, "ns", Direction::lower_is_better, false});
      SampleSummary s;
      s.mean = reader.number(value, key) * kNsPerMs;
      s.n = 1;
      b.summaries[metric] = s;
    }
  }
}

// Whether `key` was read as a metric (or is a per-request array).
bool read_as_metric(const std::string& key, const BenchmarkResult& b) {
  if (std::find(kPerRequestFields.begin(), kPerRequestFields.end(), key) !=
          kPerRequestFields.end() ||
      mean_key(key) || percentile_key(key) || b.summaries.count(key))
    return true;
  if (key == "request_goodput:") return b.summaries.count("request_goodput") > 0;
  for (const std::string prefix : {"median_", "std_"}) {
    if (!key.starts_with(prefix) || key.size() <= prefix.size() + 3 || !key.ends_with("_ms"))
      continue;
    const std::string m = key.substr(prefix.size(), key.size() - prefix.size() - 3);
    if (!b.find_metric(m)) return false;
    const auto it = b.summaries.find(m);
    if (it == b.summaries.end()) return true;  // per-request samples supersede it
    return prefix == "median_" || it->second.stddev.has_value();  // a std of unknown n stays
  }
  return false;
}

BenchmarkResult read_result(const Result& result) {
  const JsonReader reader(result.origin, kMissingFieldFix);
  const json& r = result.value;
  reader.object(r, "");
  BenchmarkResult b;
  b.name = benchmark_name(reader, r);
  read_throughputs(reader, r, b);
  const RequestCounts counts = read_requests(reader, r, b);
  read_latencies(reader, r, counts, b);
  for (const auto& [key, value] : r.items())
    if (!read_as_metric(key, b)) b.context[key] = json_text(value);
  return b;
}

}  // namespace

Match detect(const Input& input) {
  if (input.is_directory || first_non_blank(input.content) != '{') return Match::no;
  // vLLM writes the throughputs before the per-request arrays and the latency
  // figures after them; the arrays can be megabytes, and a file rewritten by
  // another JSON tool may have its keys in any order: search the whole file
  // (a linear scan, cheap next to reading it).
  const std::string& text = input.content;
  if (text.find("\"request_throughput\"") == std::string::npos) return Match::no;
  const bool latencies = text.find("\"mean_ttft_ms\"") != std::string::npos ||
                         text.find("\"mean_e2el_ms\"") != std::string::npos;
  return latencies && text.find("\"model_id\"") != std::string::npos ? Match::yes : Match::maybe;
}

Parsed read(const Input& input) {
  if (input.is_directory) throw input_error(input.path + ": is a folder; expected a " + kTool);
  const std::vector<Result> results = results_of(input);
  Parsed parsed;
  std::unordered_map<std::string, std::size_t> index_of;
  for (const Result& result : results) {
    BenchmarkResult b = read_result(result);
    auto [it, fresh] = index_of.emplace(b.name, parsed.benchmarks.size());
    if (fresh) {
      parsed.benchmarks.push_back(std::move(b));
    } else {
      fold_invocation(parsed.benchmarks[it->second], std::move(b));
    }
  }
  return parsed;
}

}  // namespace perfgate::adapters::vllm
