// The result file (docs/formats.md, "Result file"): writing with a fixed key
// order, strict reading with one-line messages that name the JSON path.
#include "model/run_json.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "model/error.hpp"
#include "model/file_text.hpp"
#include "model/json_io.hpp"

namespace perfgate {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// ---------------------------------------------------------------- writing

ordered_json environment_to_json(const Environment& e) {
  ordered_json j;
  j["cpu_model"] = e.cpu_model;
  j["logical_cores"] = e.logical_cores;
  j["physical_cores"] = e.physical_cores;
  j["cpu_mhz"] = optional_to_json(e.cpu_mhz);
  j["governor"] = e.governor;
  j["boost"] = optional_to_json(e.boost);
  j["memory_bytes"] = e.memory_bytes;
  j["os"] = e.os;
  j["kernel"] = e.kernel;
  j["arch"] = e.arch;
  j["compiler"] = e.compiler;
  j["host_id"] = e.host_id;
  j["load_average_1m"] = optional_to_json(e.load_average_1m);
  ordered_json git;
  git["commit"] = e.git.commit;
  git["branch"] = e.git.branch;
  git["dirty"] = optional_to_json(e.git.dirty);
  j["git"] = std::move(git);
  return j;
}

// A context value is kept as JSON text; anything that does not parse (it
// should always parse) is written as a string rather than lost.
ordered_json context_value(const std::string& text) {
  ordered_json v = ordered_json::parse(text, nullptr, false);
  return v.is_discarded() ? ordered_json(text) : v;
}

ordered_json repetition_to_json(const Repetition& r) {
  ordered_json j;
  j["index"] = r.index;
  j["ok"] = r.ok;
  if (!r.failure.empty()) j["failure"] = r.failure;
  if (r.exit_status) j["exit_status"] = *r.exit_status;
  if (r.signal) j["signal"] = *r.signal;
  ordered_json values = ordered_json::object();
  for (const auto& [name, v] : r.values) values[name] = number_to_json(v);
  j["values"] = std::move(values);
  return j;
}

ordered_json benchmark_to_json(const BenchmarkResult& b) {
  ordered_json j;
  j["name"] = b.name;
  j["command"] = b.command;
  // For readers older than "limits", which knew one threshold per benchmark.
  j["threshold"] = number_to_json(b.limits.lower_is_better.warning);
  j["limits"] = limits_to_json(b.limits);
  j["budgets"] = budgets_to_json(b.budgets);
  j["warmup"] = b.warmup;
  j["metrics"] = array_to_json(b.metrics, metric_info_to_json);
  j["repetitions"] = array_to_json(b.repetitions, repetition_to_json);
  if (!b.skipped.empty()) j["skipped"] = b.skipped;
  // Written only when present, so that files of `perfgate run` stay as they were.
  if (!b.summaries.empty()) {
    ordered_json sums = ordered_json::object();
    for (const auto& [metric, s] : b.summaries) {
      ordered_json sj;
      sj["mean"] = number_to_json(s.mean);
      sj["stddev"] = optional_to_json(s.stddev);
      sj["n"] = s.n;
      sj["median"] = optional_to_json(s.median);
      sj["min"] = optional_to_json(s.min);
      sj["max"] = optional_to_json(s.max);
      sums[metric] = std::move(sj);
    }
    j["summaries"] = std::move(sums);
  }
  if (!b.context.empty()) {
    ordered_json ctx = ordered_json::object();
    for (const auto& [key, text] : b.context) ctx[key] = context_value(text);
    j["context"] = std::move(ctx);
  }
  return j;
}

// ---------------------------------------------------------------- reading

// Reads one document; every helper names the JSON path of what it reads.
class DocumentReader : private JsonReader {
 public:
  explicit DocumentReader(const std::string& origin)
      : JsonReader(origin, "add it (docs/formats.md, \"Result file\", lists every field)") {}

  Run run(const json& doc) const {
    object(doc, "");
    check_schema_version(doc);

    Run run;
    run.id = string_member(doc, "", "id", true);
    if (run.id.empty()) fail("id", "the run id is empty; give the run a unique id");
    run.started_at = string_member(doc, "", "started_at", true);
    run.finished_at = string_member(doc, "", "finished_at", false);
    if (const json* suite = optional(doc, "suite")) {
      object(*suite, "suite");
      run.suite_name = string_member(*suite, "suite", "name", false);
      run.suite_path = string_member(*suite, "suite", "path", false);
    }
    run.source = string_member(doc, "", "source", false);
    if (const json* quick = optional(doc, "quick")) run.quick = boolean(*quick, "quick");
    if (const json* gate = optional(doc, "gate")) run.gate = gate_policy(*gate);
    if (const json* env = optional(doc, "environment")) run.environment = environment(*env);
    if (const json* pre = optional(doc, "preflight")) {
      array(*pre, "preflight");
      for (std::size_t i = 0; i < pre->size(); ++i)
        run.preflight.push_back(preflight((*pre)[i], at_index("preflight", i)));
    }
    if (const json* src = optional(doc, "sources")) {
      array(*src, "sources");
      for (std::size_t i = 0; i < src->size(); ++i)
        run.sources.push_back(source((*src)[i], at_index("sources", i)));
    }
    const json& benches = array(required(doc, "", "benchmarks"), "benchmarks");
    for (std::size_t i = 0; i < benches.size(); ++i)
      run.benchmarks.push_back(benchmark(benches[i], at_index("benchmarks", i)));
    return run;
  }

 private:
  // "fail_on" wins over "fail_on_regression", which files written before
  // "fail_on" carry alone (true meant fail_on = "warning").
  GatePolicy gate_policy(const json& v) const {
    const std::string p = "gate";
    object(v, p);
    GatePolicy gate;
    if (const json* f = optional(v, "fail_on")) {
      const std::string text = string(*f, join(p, "fail_on"));
      auto parsed = parse_fail_on(text);
      if (!parsed) {
        fail(join(p, "fail_on"), "expected \"critical\", \"warning\", \"any\" or \"never\", found " +
                                     describe_value(*f) + "; use one of them");
      }
      gate.fail_on = *parsed;
    } else if (const json* f = optional(v, "fail_on_regression")) {
      if (boolean(*f, join(p, "fail_on_regression"))) gate.fail_on = FailOn::warning;
    }
    if (const json* x = optional(v, "non_gating")) gate.non_gating = boolean(*x, join(p, "non_gating"));
    return gate;
  }

  Budget budget(const json& v, const std::string& p) const {
    object(v, p);
    Budget b;
    b.metric = string_member(v, p, "metric", true);
    if (b.metric.empty()) fail(join(p, "metric"), "the metric name is empty; name the metric");
    if (const json* x = optional(v, "percentile")) {
      b.percentile = number(*x, join(p, "percentile"));
      if (!(*b.percentile > 0 && *b.percentile < 100))
        fail(join(p, "percentile"), "expected a number between 0 and 100 (99 for p99), found " +
                                        describe_value(*x) + "; or null for the median");
    }
    if (const json* x = optional(v, "max")) b.max = number(*x, join(p, "max"));
    if (const json* x = optional(v, "min")) b.min = number(*x, join(p, "min"));
    if (const json* x = optional(v, "mvp")) b.mvp = number(*x, join(p, "mvp"));
    if (const json* x = optional(v, "target")) b.target = number(*x, join(p, "target"));
    if (!b.max && !b.min && !b.mvp) fail(p, "a budget with neither max, min nor mvp; set one of them");
    if (b.target && !b.mvp) fail(join(p, "target"), "a target without an mvp; set mvp too");
    return b;
  }

  void check_schema_version(const json& doc) const {
    const json& v = required(doc, "", "schema_version");
    if (!v.is_number_integer()) {
      wrong_type("schema_version", "a whole number", v,
                 "a perfgate result file starts with \"schema_version\": 1");
    }
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() == static_cast<std::uint64_t>(Run::schema_version))
      return;
    const std::string reads = "this perfgate reads version " + std::to_string(Run::schema_version);
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() > static_cast<std::uint64_t>(Run::schema_version)) {
      throw input_error(origin() + ": schema_version " + v.dump() + " is not supported; " + reads +
                        " (upgrade perfgate)");
    }
    throw input_error(origin() + ": schema_version " + v.dump() + " is not supported; " + reads +
                      " (no perfgate wrote version " + v.dump() + "; regenerate the file)");
  }

  Environment environment(const json& v) const {
    const std::string p = "environment";
    object(v, p);
    Environment e;
    e.cpu_model = string_member(v, p, "cpu_model", false);
    if (const json* x = optional(v, "logical_cores"))
      e.logical_cores = integer(*x, join(p, "logical_cores"));
    if (const json* x = optional(v, "physical_cores"))
      e.physical_cores = integer(*x, join(p, "physical_cores"));
    if (const json* x = optional(v, "cpu_mhz")) e.cpu_mhz = number(*x, join(p, "cpu_mhz"));
    e.governor = string_member(v, p, "governor", false);
    if (const json* x = optional(v, "boost")) e.boost = boolean(*x, join(p, "boost"));
    if (const json* x = optional(v, "memory_bytes"))
      e.memory_bytes = unsigned_integer(*x, join(p, "memory_bytes"));
    e.os = string_member(v, p, "os", false);
    e.kernel = string_member(v, p, "kernel", false);
    e.arch = string_member(v, p, "arch", false);
    e.compiler = string_member(v, p, "compiler", false);
    e.host_id = string_member(v, p, "host_id", false);
    if (const json* x = optional(v, "load_average_1m"))
      e.load_average_1m = number(*x, join(p, "load_average_1m"));
    if (const json* git = optional(v, "git")) {
      const std::string gp = join(p, "git");
      object(*git, gp);
      e.git.commit = string_member(*git, gp, "commit", false);
      e.git.branch = string_member(*git, gp, "branch", false);
      if (const json* x = optional(*git, "dirty")) e.git.dirty = boolean(*x, join(gp, "dirty"));
    }
    return e;
  }

  SourceFile source(const json& v, const std::string& p) const {
    object(v, p);
    SourceFile f;
    f.path = string_member(v, p, "path", true);
    f.format = string_member(v, p, "format", true);
    const json* ctx = optional(v, "context");
    f.context_json = ctx ? object(*ctx, join(p, "context")).dump() : "{}";
    return f;
  }

  SampleSummary summary(const json& v, const std::string& p) const {
    object(v, p);
    SampleSummary s;
    s.mean = number(required(v, p, "mean"), join(p, "mean"));
    if (const json* x = optional(v, "stddev")) s.stddev = number(*x, join(p, "stddev"));
    if (const json* x = optional(v, "n")) s.n = count(*x, join(p, "n"));
    if (const json* x = optional(v, "median")) s.median = number(*x, join(p, "median"));
    if (const json* x = optional(v, "min")) s.min = number(*x, join(p, "min"));
    if (const json* x = optional(v, "max")) s.max = number(*x, join(p, "max"));
    return s;
  }

  PreflightCheck preflight(const json& v, const std::string& p) const {
    object(v, p);
    PreflightCheck c;
    c.name = string_member(v, p, "check", true);
    const std::string status = string_member(v, p, "status", true);
    if (status == "ok") {
      c.status = PreflightCheck::Status::ok;
    } else if (status == "warning") {
      c.status = PreflightCheck::Status::warning;
    } else if (status == "skipped") {
      c.status = PreflightCheck::Status::skipped;
    } else {
      fail(join(p, "status"), "expected \"ok\", \"warning\" or \"skipped\", found " +
                                  describe_value(v.at("status")) + "; use one of them");
    }
    c.message = string_member(v, p, "message", false);
    return c;
  }

  BenchmarkResult benchmark(const json& v, const std::string& p) const {
    object(v, p);
    BenchmarkResult b;
    b.name = string_member(v, p, "name", true);
    if (b.name.empty()) fail(join(p, "name"), "the benchmark name is empty; name the benchmark");
    if (const json* cmd = optional(v, "command")) {
      const std::string cp = join(p, "command");
      array(*cmd, cp);
      for (std::size_t i = 0; i < cmd->size(); ++i)
        b.command.push_back(string((*cmd)[i], at_index(cp, i)));
    }
    if (const json* x = optional(v, "limits")) {
      const std::string lp = join(p, "limits");
      object(*x, lp);
      b.limits.lower_is_better = relative_limits(required(*x, lp, "lower"), join(lp, "lower"));
      b.limits.higher_is_better = relative_limits(required(*x, lp, "higher"), join(lp, "higher"));
    } else if (const json* t = optional(v, "threshold")) {
      // Written before "limits": one threshold for both directions, and the
      // critical limit perfgate derives from a suite's threshold.
      const double threshold = number(*t, join(p, "threshold"));
      b.limits.lower_is_better = b.limits.higher_is_better =
          RelativeLimits{threshold, 2 * threshold};
    }
    if (const json* x = optional(v, "budgets")) {
      const std::string bp = join(p, "budgets");
      array(*x, bp);
      for (std::size_t i = 0; i < x->size(); ++i) b.budgets.push_back(budget((*x)[i], at_index(bp, i)));
    }
    if (const json* x = optional(v, "warmup")) b.warmup = integer(*x, join(p, "warmup"));
    const std::string mp = join(p, "metrics");
    const json& metrics = array(required(v, p, "metrics"), mp);
    for (std::size_t i = 0; i < metrics.size(); ++i)
      b.metrics.push_back(metric(metrics[i], at_index(mp, i)));
    const std::string rp = join(p, "repetitions");
    const json& reps = array(required(v, p, "repetitions"), rp);
    for (std::size_t i = 0; i < reps.size(); ++i)
      b.repetitions.push_back(repetition(reps[i], at_index(rp, i)));
    if (const json* x = optional(v, "skipped")) b.skipped = string(*x, join(p, "skipped"));
    if (const json* x = optional(v, "summaries")) {
      const std::string sp = join(p, "summaries");
      object(*x, sp);
      for (const auto& [metric, value] : x->items()) b.summaries[metric] = summary(value, join(sp, metric));
    }
    if (const json* x = optional(v, "context")) {
      object(*x, join(p, "context"));
      for (const auto& [key, value] : x->items()) b.context[key] = value.dump();
    }
    return b;
  }

  MetricInfo metric(const json& v, const std::string& p) const {
    object(v, p);
    MetricInfo m;
    m.name = string_member(v, p, "name", true);
    if (m.name.empty()) fail(join(p, "name"), "the metric name is empty; name the metric");
    m.unit = string_member(v, p, "unit", true);
    m.direction = direction(v, p);
    if (const json* x = optional(v, "compared")) m.compared = boolean(*x, join(p, "compared"));
    return m;
  }

  Repetition repetition(const json& v, const std::string& p) const {
    object(v, p);
    Repetition r;
    r.index = integer(required(v, p, "index"), join(p, "index"));
    r.ok = boolean(required(v, p, "ok"), join(p, "ok"));
    r.failure = string_member(v, p, "failure", false);
    if (const json* x = optional(v, "exit_status"))
      r.exit_status = integer(*x, join(p, "exit_status"));
    if (const json* x = optional(v, "signal")) r.signal = integer(*x, join(p, "signal"));
    const std::string vp = join(p, "values");
    const json& values = object(required(v, p, "values"), vp);
    for (const auto& [name, value] : values.items()) r.values[name] = number(value, join(vp, name));
    return r;
  }
};

}  // namespace

std::string run_to_json(const Run& run, bool pretty) {
  ordered_json j;
  j["schema_version"] = Run::schema_version;
  j["id"] = run.id;
  j["started_at"] = run.started_at;
  j["finished_at"] = run.finished_at;
  j["tool"] = tool_to_json();
  j["suite"] = {{"name", run.suite_name}, {"path", run.suite_path}};
  j["source"] = run.source;
  j["quick"] = run.quick;
  // fail_on is null when the suite did not say (each verb has its default);
  // fail_on_regression for readers older than fail_on: whether the gate can fail.
  const bool can_fail = run.gate.fail_on && *run.gate.fail_on != FailOn::never;
  j["gate"] = {{"fail_on", run.gate.fail_on ? ordered_json(std::string(to_string(*run.gate.fail_on)))
                                            : ordered_json(nullptr)},
               {"non_gating", run.gate.non_gating},
               {"fail_on_regression", can_fail && !run.gate.non_gating}};
  j["environment"] = environment_to_json(run.environment);
  ordered_json pre = ordered_json::array();
  for (const auto& c : run.preflight) {
    ordered_json cj;
    cj["check"] = c.name;
    cj["status"] = std::string(to_string(c.status));
    cj["message"] = c.message;
    pre.push_back(std::move(cj));
  }
  j["preflight"] = std::move(pre);
  ordered_json sources = ordered_json::array();
  for (const SourceFile& f : run.sources) {
    ordered_json ctx = ordered_json::parse(f.context_json, nullptr, false);
    if (!ctx.is_object()) ctx = ordered_json::object();
    sources.push_back({{"path", f.path}, {"format", f.format}, {"context", std::move(ctx)}});
  }
  j["sources"] = std::move(sources);
  j["benchmarks"] = array_to_json(run.benchmarks, benchmark_to_json);
  // Bytes that are not UTF-8 (a command's output quoted in a failure, say)
  // become U+FFFD rather than making the whole run unwritable.
  return j.dump(pretty ? 2 : -1, ' ', false, ordered_json::error_handler_t::replace);
}

Run run_from_json(std::string_view text, const std::string& origin) {
  const json doc = parse_json_document(
      text, origin,
      "a perfgate result document (JSON) written by `perfgate run` or `perfgate ingest`",
      "the file must be one complete JSON document");
  return DocumentReader(origin).run(doc);
}

Run read_run_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw input_error(path +
                      ": is a folder, not a result file; pass the path of a result "
                      "file written by `perfgate run --output`");
  }
  return run_from_json(
      read_file_text(path, "the result file",
                     "check the path (result files are written by `perfgate run --output`)"),
      path);
}

void write_run_file(const Run& run, const std::string& path) {
  write_file_atomically(path, run_to_json(run, true) + "\n", "result file", "run.json");
}

}  // namespace perfgate
