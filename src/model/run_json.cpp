// The result file (docs/formats.md, "Result file"): writing with a fixed key
// order, strict reading with one-line messages that name the JSON path.
#include "model/run_json.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "model/error.hpp"

#ifndef PERFGATE_VERSION
#define PERFGATE_VERSION "unknown"
#endif

namespace perfgate {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// ---------------------------------------------------------------- writing

// JSON has no NaN or infinity; they are written as these strings so that a
// value round-trips exactly (a metric read from output may be "inf").
ordered_json number_to_json(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

template <class T>
ordered_json optional_to_json(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_same_v<T, double>) {
    return number_to_json(*v);
  } else {
    return *v;
  }
}

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

ordered_json limits_to_json(const RelativeLimits& l) {
  ordered_json j;
  j["warning"] = number_to_json(l.warning);
  j["critical"] = number_to_json(l.critical);
  return j;
}

ordered_json benchmark_to_json(const BenchmarkResult& b) {
  ordered_json j;
  j["name"] = b.name;
  j["command"] = b.command;
  // For readers older than "limits", which knew one threshold per benchmark.
  j["threshold"] = number_to_json(b.limits.lower_is_better.warning);
  j["limits"] = {{"lower", limits_to_json(b.limits.lower_is_better)},
                 {"higher", limits_to_json(b.limits.higher_is_better)}};
  ordered_json budgets = ordered_json::array();
  for (const Budget& budget : b.budgets) {
    ordered_json bj;
    bj["metric"] = budget.metric;
    bj["percentile"] = optional_to_json(budget.percentile);
    bj["max"] = optional_to_json(budget.max);
    bj["min"] = optional_to_json(budget.min);
    budgets.push_back(std::move(bj));
  }
  j["budgets"] = std::move(budgets);
  j["warmup"] = b.warmup;
  ordered_json metrics = ordered_json::array();
  for (const auto& m : b.metrics) {
    ordered_json mj;
    mj["name"] = m.name;
    mj["unit"] = m.unit;
    mj["direction"] = std::string(to_string(m.direction));
    mj["compared"] = m.compared;
    metrics.push_back(std::move(mj));
  }
  j["metrics"] = std::move(metrics);
  ordered_json reps = ordered_json::array();
  for (const auto& r : b.repetitions) reps.push_back(repetition_to_json(r));
  j["repetitions"] = std::move(reps);
  return j;
}

// ---------------------------------------------------------------- reading

std::string describe_value(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case json::value_t::string: {
      std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
      if (s.size() > 42) s = s.substr(0, 40) + "...\"";
      return s;
    }
    default:
      return v.dump();
  }
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string at_index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// Reads one document; every helper names the JSON path of what it reads.
class DocumentReader {
 public:
  explicit DocumentReader(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw input_error(origin_ + ": " + (path.empty() ? "" : path + ": ") + what);
  }

  [[noreturn]] void wrong_type(const std::string& path, const char* expected, const json& found,
                               const char* fix) const {
    fail(path,
         std::string("expected ") + expected + ", found " + describe_value(found) + "; " + fix);
  }

  // The member `key` of `obj`; a missing member is an error.
  const json& required(const json& obj, const std::string& path, const char* key) const {
    auto it = obj.find(key);
    if (it == obj.end()) {
      fail(path, std::string("missing required field \"") + key +
                     "\"; add it (docs/formats.md, \"Result file\", lists every field)");
    }
    return *it;
  }

  // The member `key` of `obj`, or nullptr when it is absent or null.
  static const json* optional(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
  }

  const json& object(const json& v, const std::string& path) const {
    if (!v.is_object()) wrong_type(path, "an object", v, "write it as a JSON object {...}");
    return v;
  }

  const json& array(const json& v, const std::string& path) const {
    if (!v.is_array()) wrong_type(path, "an array", v, "write it as a JSON array [...]");
    return v;
  }

  std::string string(const json& v, const std::string& path) const {
    if (!v.is_string()) wrong_type(path, "a string", v, "write it in double quotes");
    return v.get<std::string>();
  }

  bool boolean(const json& v, const std::string& path) const {
    if (!v.is_boolean()) wrong_type(path, "true or false", v, "write true or false");
    return v.get<bool>();
  }

  double number(const json& v, const std::string& path) const {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
      if (s == "Infinity") return std::numeric_limits<double>::infinity();
      if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    }
    wrong_type(path, "a number", v,
               "write it as a JSON number such as 12.5 (or \"NaN\", \"Infinity\", \"-Infinity\")");
  }

  int integer(const json& v, const std::string& path) const {
    if (v.is_number_integer()) {
      if (v.is_number_unsigned()) {
        auto u = v.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
          return static_cast<int>(u);
      } else {
        auto i = v.get<std::int64_t>();
        if (i >= std::numeric_limits<int>::min() && i <= std::numeric_limits<int>::max())
          return static_cast<int>(i);
      }
      fail(path, "the whole number " + v.dump() + " is out of range; use a value that fits in " +
                     "32 bits");
    }
    wrong_type(path, "a whole number", v, "write it without a fraction, e.g. 3");
  }

  std::uint64_t unsigned_integer(const json& v, const std::string& path) const {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    wrong_type(path, "a whole number >= 0", v, "write it without a fraction or sign, e.g. 1024");
  }

  // Convenience for members: required or optional (absent/null = default).
  std::string string_member(const json& obj, const std::string& path, const char* key,
                            bool is_required) const {
    if (is_required) return string(required(obj, path, key), join(path, key));
    const json* v = optional(obj, key);
    return v ? string(*v, join(path, key)) : std::string();
  }

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
      gate.fail_on = boolean(*f, join(p, "fail_on_regression")) ? FailOn::warning : FailOn::never;
    }
    if (const json* x = optional(v, "non_gating")) gate.non_gating = boolean(*x, join(p, "non_gating"));
    return gate;
  }

  RelativeLimits relative_limits(const json& v, const std::string& p) const {
    object(v, p);
    RelativeLimits l;
    l.warning = number(required(v, p, "warning"), join(p, "warning"));
    l.critical = number(required(v, p, "critical"), join(p, "critical"));
    return l;
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
    if (!b.max && !b.min) fail(p, "a budget with neither max nor min; set one of them");
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
      throw input_error(origin_ + ": schema_version " + v.dump() + " is not supported; " + reads +
                        " (upgrade perfgate)");
    }
    throw input_error(origin_ + ": schema_version " + v.dump() + " is not supported; " + reads +
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
    return b;
  }

  MetricInfo metric(const json& v, const std::string& p) const {
    object(v, p);
    MetricInfo m;
    m.name = string_member(v, p, "name", true);
    if (m.name.empty()) fail(join(p, "name"), "the metric name is empty; name the metric");
    m.unit = string_member(v, p, "unit", true);
    const json& d = required(v, p, "direction");
    const std::string dir = string(d, join(p, "direction"));
    auto parsed = parse_direction(dir);
    if (!parsed) {
      fail(join(p, "direction"),
           "expected \"lower\" or \"higher\", found " + describe_value(d) + "; use one of them");
    }
    m.direction = *parsed;
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

  const std::string& origin_;
};

// "line:column" of the byte nlohmann stopped at (its `byte` is 1-based).
std::string line_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// nlohmann's message without its "[json.exception...] parse error at line L,
// column C: " preamble (perfgate prints the place itself).
std::string parse_error_reason(const std::string& what) {
  auto col = what.find("column ");
  if (col != std::string::npos) {
    auto colon = what.find(": ", col);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  auto bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

[[noreturn]] void throw_errno(const std::string& what, const std::string& path, int err,
                              const std::string& fix) {
  throw input_error(path + ": " + what + ": " + std::strerror(err) + "; " + fix);
}

}  // namespace

std::string run_to_json(const Run& run, bool pretty) {
  ordered_json j;
  j["schema_version"] = Run::schema_version;
  j["id"] = run.id;
  j["started_at"] = run.started_at;
  j["finished_at"] = run.finished_at;
  j["tool"] = {{"name", "perfgate"}, {"version", PERFGATE_VERSION}};
  j["suite"] = {{"name", run.suite_name}, {"path", run.suite_path}};
  j["source"] = run.source;
  j["quick"] = run.quick;
  // fail_on_regression for readers older than fail_on: whether the gate can fail.
  j["gate"] = {{"fail_on", std::string(to_string(run.gate.fail_on))},
               {"non_gating", run.gate.non_gating},
               {"fail_on_regression", run.gate.fail_on != FailOn::never && !run.gate.non_gating}};
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
  ordered_json benches = ordered_json::array();
  for (const auto& b : run.benchmarks) benches.push_back(benchmark_to_json(b));
  j["benchmarks"] = std::move(benches);
  // Bytes that are not UTF-8 (a command's output quoted in a failure, say)
  // become U+FFFD rather than making the whole run unwritable.
  return j.dump(pretty ? 2 : -1, ' ', false, ordered_json::error_handler_t::replace);
}

Run run_from_json(std::string_view text, const std::string& origin) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw input_error(origin +
                      ": empty; expected a perfgate result document (JSON) written by "
                      "`perfgate run` or `perfgate ingest`");
  }
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw input_error(origin + ":" + line_column(text, e.byte) +
                      ": not valid JSON: " + parse_error_reason(e.what()) +
                      "; the file must be one complete JSON document");
  }
  return DocumentReader(origin).run(doc);
}

Run read_run_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw input_error(path +
                      ": is a folder, not a result file; pass the path of a result "
                      "file written by `perfgate run --output`");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    throw_errno("cannot read the result file", path, errno,
                "check the path (result files are written by `perfgate run --output`)");
  }
  std::string text;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f);
  const int err = errno;
  std::fclose(f);
  if (failed) throw_errno("cannot read the result file", path, err, "check the file and the disk");
  return run_from_json(text, path);
}

void write_run_file(const Run& run, const std::string& path) {
  namespace fs = std::filesystem;
  const std::string text = run_to_json(run, true) + "\n";
  const fs::path target(path);
  if (target.filename().empty()) {
    throw input_error(path + ": not a file name; give the result file a name such as run.json");
  }
  const fs::path dir = target.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      throw input_error(path + ": cannot create the folder " + dir.string() + ": " + ec.message() +
                        "; choose a writable location for the result file");
    }
  }

  // A unique temporary name in the same folder, so that rename() is atomic.
  static std::atomic<unsigned> counter{0};
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmp = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter++)))
              .string();
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0)
    throw_errno("cannot write", path, errno, "choose a writable location for the result file");

  auto give_up = [&](const char* what) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw_errno(what, path, err, "choose a writable location with free space");
  };
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      give_up("cannot write");
    }
    p += w;
    left -= static_cast<std::size_t>(w);
  }
  if (::fsync(fd) != 0) give_up("cannot flush to disk");
  if (::close(fd) != 0) {
    fd = -1;
    give_up("cannot write");
  }
  fd = -1;
  if (::rename(tmp.c_str(), path.c_str()) != 0) give_up("cannot replace");
  // Make the rename itself durable.
  const std::string dir_name = dir.empty() ? "." : dir.string();
  int dfd = ::open(dir_name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace perfgate
