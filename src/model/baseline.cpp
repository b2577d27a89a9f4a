// The baseline file (docs/formats.md, "Baseline file"): its data, conversion
// to a Run for compare, and strict reading with one-line messages that name the
// JSON path. Building one from runs (the statistics) is analyze/baseline_build.
#include "model/baseline.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "model/error.hpp"
#include "model/file_text.hpp"
#include "model/json_io.hpp"

namespace perfgate {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

constexpr const char* kFormatsRef = "docs/formats.md, \"Baseline file\"";

// ---------------------------------------------------------------- writing

ordered_json metric_to_json(const MetricBaseline& m) {
  ordered_json j = metric_info_to_json(m.info);
  j["n"] = m.n;
  j["median"] = optional_to_json(m.median);
  j["mad"] = optional_to_json(m.mad);
  j["iqr"] = optional_to_json(m.iqr);
  if (m.median_interval) {
    ordered_json ci;
    ci["low"] = number_to_json(m.median_interval->low);
    ci["high"] = number_to_json(m.median_interval->high);
    ci["confidence"] = m.median_interval->confidence;
    ci["coverage"] = m.median_interval->coverage;
    ci["method"] = "order statistics";
    j["median_interval"] = std::move(ci);
  } else {
    j["median_interval"] = nullptr;
  }
  j["relative_mad"] = optional_to_json(m.relative_mad);
  j["log_sd"] = optional_to_json(m.log_sd);
  j["suggested_threshold"] = optional_to_json(m.suggested_threshold);
  j["samples"] = array_to_json(m.samples, number_to_json);
  return j;
}

ordered_json benchmark_to_json(const BenchmarkBaseline& b) {
  ordered_json j;
  j["name"] = b.name;
  j["limits"] = limits_to_json(b.limits);
  j["budgets"] = budgets_to_json(b.budgets);
  j["runs"] = b.runs;
  j["failed_repetitions"] = b.failed_repetitions;
  j["metrics"] = array_to_json(b.metrics, metric_to_json);
  return j;
}

// ---------------------------------------------------------------- reading

// Reads one baseline document; every helper names the JSON path it reads.
// Unknown fields are ignored (within schema_version 1 fields are only added).
class BaselineReader : private JsonReader {
 public:
  explicit BaselineReader(const std::string& origin)
      : JsonReader(origin, "restore it or regenerate the file with `perfgate baseline create` (" +
                               std::string(kFormatsRef) + ", lists every field)") {}

  Baseline baseline(const json& doc) const {
    object(doc, "");
    check_kind(doc);
    check_schema_version(doc);
    Baseline b;
    b.created_at = string_member(doc, "", "created_at", true);
    const json& suite = object(required(doc, "", "suite"), "suite");
    b.suite_name = string_member(suite, "suite", "name", true);
    b.platform = string_member(doc, "", "platform", true);
    b.environment = fingerprint(required(doc, "", "environment"));
    const json& runs = array(required(doc, "", "runs"), "runs");
    for (std::size_t i = 0; i < runs.size(); ++i)
      b.runs.push_back(source(runs[i], at_index("runs", i)));
    const json& benches = array(required(doc, "", "benchmarks"), "benchmarks");
    std::set<std::string> names;
    for (std::size_t i = 0; i < benches.size(); ++i) {
      const std::string p = at_index("benchmarks", i);
      b.benchmarks.push_back(benchmark(benches[i], p));
      if (!names.insert(b.benchmarks.back().name).second)
        fail(join(p, "name"), "benchmark \"" + b.benchmarks.back().name +
                                  "\" appears twice; keep one entry per benchmark");
    }
    const json& history = array(required(doc, "", "history"), "history");
    for (std::size_t i = 0; i < history.size(); ++i)
      b.history.push_back(history_entry(history[i], at_index("history", i)));
    return b;
  }

 private:
  void check_kind(const json& doc) const {
    auto it = doc.find("kind");
    if (it == doc.end())
      fail("", "missing required field \"kind\"; a baseline file says \"kind\": \"" +
                   std::string(Baseline::kind) +
                   "\" (a result file is compared with `perfgate compare`; make a baseline with "
                   "`perfgate baseline create`)");
    if (!it->is_string() || it->get<std::string>() != Baseline::kind)
      fail("kind", "expected \"" + std::string(Baseline::kind) + "\", found " +
                       describe_value(*it) +
                       "; this is not a perfgate baseline file (make one with `perfgate baseline "
                       "create`)");
  }

  void check_schema_version(const json& doc) const {
    const json& v = required(doc, "", "schema_version");
    if (!v.is_number_integer())
      wrong_type("schema_version", "a whole number", v,
                 "a perfgate baseline file has \"schema_version\": 1");
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() == static_cast<std::uint64_t>(Baseline::schema_version))
      return;
    const std::string reads =
        "this perfgate reads version " + std::to_string(Baseline::schema_version);
    const bool newer =
        v.is_number_unsigned() &&
        v.get<std::uint64_t>() > static_cast<std::uint64_t>(Baseline::schema_version);
    fail("schema_version",
         v.dump() + " is not supported; " + reads +
             (newer ? " (upgrade perfgate)"
                    : " (no perfgate wrote version " + v.dump() +
                          "; regenerate the file with `perfgate baseline create`)"));
  }

  EnvironmentFingerprint fingerprint(const json& v) const {
    const std::string p = "environment";
    object(v, p);
    EnvironmentFingerprint e;
    e.cpu_model = string_member(v, p, "cpu_model", true);
    e.logical_cores = count(required(v, p, "logical_cores"), join(p, "logical_cores"));
    e.os = string_member(v, p, "os", true);
    e.arch = string_member(v, p, "arch", true);
    e.compiler = string_member(v, p, "compiler", true);
    return e;
  }

  BaselineSource source(const json& v, const std::string& p) const {
    object(v, p);
    BaselineSource s;
    s.id = string_member(v, p, "id", true);
    s.started_at = string_member(v, p, "started_at", true);
    s.commit = string_member(v, p, "commit", true);
    s.branch = string_member(v, p, "branch", true);
    return s;
  }

  RelativeLimits relative_limits(const json& v, const std::string& p) const {
    const RelativeLimits l = JsonReader::relative_limits(v, p);
    if (!(l.warning > 0 && l.critical >= l.warning))
      fail(p, "the limits must satisfy 0 < warning <= critical (fractions: 0.05 = 5 %)");
    return l;
  }

  BenchmarkBaseline benchmark(const json& v, const std::string& p) const {
    object(v, p);
    BenchmarkBaseline b;
    b.name = string_member(v, p, "name", true);
    if (b.name.empty()) fail(join(p, "name"), "the benchmark name is empty; name the benchmark");
    const std::string lp = join(p, "limits");
    const json& limits = object(required(v, p, "limits"), lp);
    b.limits.lower_is_better = relative_limits(required(limits, lp, "lower"), join(lp, "lower"));
    b.limits.higher_is_better = relative_limits(required(limits, lp, "higher"), join(lp, "higher"));
    const std::string bp = join(p, "budgets");
    const json& budgets = array(required(v, p, "budgets"), bp);
    for (std::size_t i = 0; i < budgets.size(); ++i) {
      const std::string ip = at_index(bp, i);
      object(budgets[i], ip);
      Budget bud;
      bud.metric = string_member(budgets[i], ip, "metric", true);
      bud.percentile = nullable_number(budgets[i], ip, "percentile");
      bud.max = nullable_number(budgets[i], ip, "max");
      bud.min = nullable_number(budgets[i], ip, "min");
      // Absent in baselines written before MVPs, and wherever not set.
      if (const json* x = optional(budgets[i], "mvp"))
        bud.mvp = number(*x, join(ip, "mvp"));
      if (const json* x = optional(budgets[i], "target"))
        bud.target = number(*x, join(ip, "target"));
      if (!bud.max && !bud.min && !bud.mvp)
        fail(ip, "a budget needs a max, a min or an mvp; give one of them");
      if (bud.target && !bud.mvp) fail(join(ip, "target"), "a target without an mvp; set mvp too");
      b.budgets.push_back(std::move(bud));
    }
    b.runs = count(required(v, p, "runs"), join(p, "runs"));
    b.failed_repetitions =
        count(required(v, p, "failed_repetitions"), join(p, "failed_repetitions"));
    const std::string mp = join(p, "metrics");
    const json& metrics = array(required(v, p, "metrics"), mp);
    std::set<std::string> names;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      b.metrics.push_back(metric(metrics[i], at_index(mp, i)));
      if (!names.insert(b.metrics.back().info.name).second)
        fail(join(at_index(mp, i), "name"), "metric \"" + b.metrics.back().info.name +
                                                "\" appears twice; keep one entry per metric");
    }
    return b;
  }

  MetricBaseline metric(const json& v, const std::string& p) const {
    object(v, p);
    MetricBaseline m;
    m.info.name = string_member(v, p, "name", true);
    if (m.info.name.empty()) fail(join(p, "name"), "the metric name is empty; name the metric");
    m.info.unit = string_member(v, p, "unit", true);
    m.info.direction = direction(v, p);
    m.info.compared = boolean(required(v, p, "compared"), join(p, "compared"));
    m.n = count(required(v, p, "n"), join(p, "n"));
    m.median = nullable_number(v, p, "median");
    m.mad = nullable_number(v, p, "mad");
    m.iqr = nullable_number(v, p, "iqr");
    const json& ci = required(v, p, "median_interval");
    if (!ci.is_null()) {
      const std::string cp = join(p, "median_interval");
      object(ci, cp);
      MedianInterval mi;
      mi.low = number(required(ci, cp, "low"), join(cp, "low"));
      mi.high = number(required(ci, cp, "high"), join(cp, "high"));
      mi.confidence = number(required(ci, cp, "confidence"), join(cp, "confidence"));
      mi.coverage = number(required(ci, cp, "coverage"), join(cp, "coverage"));
      m.median_interval = mi;
    }
    m.relative_mad = nullable_number(v, p, "relative_mad");
    m.log_sd = nullable_number(v, p, "log_sd");
    m.suggested_threshold = nullable_number(v, p, "suggested_threshold");
    const std::string sp = join(p, "samples");
    const json& samples = array(required(v, p, "samples"), sp);
    for (std::size_t i = 0; i < samples.size(); ++i)
      m.samples.push_back(number(samples[i], at_index(sp, i)));
    if (static_cast<std::size_t>(m.n) != m.samples.size())
      fail(join(p, "n"), "n is " + std::to_string(m.n) + " but samples holds " +
                             std::to_string(m.samples.size()) +
                             " values; the file was edited by hand: regenerate it with `perfgate "
                             "baseline update`");
    return m;
  }

  BaselineHistoryEntry history_entry(const json& v, const std::string& p) const {
    object(v, p);
    BaselineHistoryEntry h;
    h.at = string_member(v, p, "at", true);
    h.action = string_member(v, p, "action", true);
    if (h.action != "create" && h.action != "update")
      fail(join(p, "action"), "expected \"create\" or \"update\", found " +
                                  describe_value(v.at("action")) + "; use one of them");
    h.reason = string_member(v, p, "reason", true);
    if (h.action == "update" && h.reason.find_first_not_of(" \t\r\n") == std::string::npos)
      fail(join(p, "reason"),
           "an update has no reason; every update of a baseline says why it moved (write one)");
    const std::string rp = join(p, "runs");
    const json& runs = array(required(v, p, "runs"), rp);
    for (std::size_t i = 0; i < runs.size(); ++i)
      h.runs.push_back(string(runs[i], at_index(rp, i)));
    return h;
  }
};

// ---------------------------------------------------------------- building

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

// ---------------------------------------------------------------- public

const MetricBaseline* BenchmarkBaseline::find_metric(std::string_view name) const {
  for (const auto& m : metrics)
    if (m.info.name == name) return &m;
  return nullptr;
}

const BenchmarkBaseline* Baseline::find_benchmark(std::string_view name) const {
  for (const auto& b : benchmarks)
    if (b.name == name) return &b;
  return nullptr;
}

std::string platform_of(const Environment& e) {
  const std::string os_text = lower(e.os);
  std::string os;
  if (os_text.find("darwin") != std::string::npos || os_text.find("macos") != std::string::npos ||
      os_text.find("mac os") != std::string::npos) {
    os = "macos";
  } else if (os_text.find("windows") != std::string::npos) {
    os = "windows";
  } else if (os_text.find("freebsd") != std::string::npos) {
    os = "freebsd";
  } else if (!e.os.empty() || !e.kernel.empty()) {
    os = "linux";  // the environment probe reads /etc/os-release and uname: Linux
  }
  std::string arch = e.arch;
  if (arch == "amd64") arch = "x86_64";
  if (arch == "arm64" || arch == "aarch64") arch = os == "macos" ? "arm64" : "aarch64";
  if (os.empty() && arch.empty()) return "";
  return (os.empty() ? "unknown" : os) + "-" + (arch.empty() ? "unknown" : arch);
}

void check_update_reason(const std::string& reason) {
  if (is_blank(reason))
    throw input_error(
        "an update needs --reason \"...\": a baseline that moves without a reason can hide a "
        "regression, and the history is how reviewers see why it moved; say why (e.g. --reason "
        "\"new CI runner\" or --reason \"accepted: 2x faster decode in #123\")");
}

Run baseline_to_run(const Baseline& baseline) {
  const std::string at =
      baseline.history.empty() ? baseline.created_at : baseline.history.back().at;
  Run run;
  run.id = "baseline@" + at;
  run.started_at = at;
  run.finished_at = at;
  run.suite_name = baseline.suite_name;
  run.source = "perfgate baseline";
  Environment& e = run.environment;
  e.cpu_model = baseline.environment.cpu_model;
  e.logical_cores = baseline.environment.logical_cores;
  e.os = baseline.environment.os;
  e.arch = baseline.environment.arch;
  e.compiler = baseline.environment.compiler;
  if (!baseline.runs.empty()) {
    e.git.commit = baseline.runs.back().commit;
    e.git.branch = baseline.runs.back().branch;
  }
  for (const BenchmarkBaseline& bb : baseline.benchmarks) {
    BenchmarkResult br;
    br.name = bb.name;
    br.limits = bb.limits;
    br.budgets = bb.budgets;
    std::size_t reps = 0;
    for (const MetricBaseline& m : bb.metrics) {
      br.metrics.push_back(m.info);
      reps = std::max(reps, m.samples.size());
    }
    for (std::size_t i = 0; i < reps; ++i) {
      Repetition r;
      r.index = static_cast<int>(i);
      for (const MetricBaseline& m : bb.metrics)
        if (i < m.samples.size()) r.values[m.info.name] = m.samples[i];
      br.repetitions.push_back(std::move(r));
    }
    run.benchmarks.push_back(std::move(br));
  }
  return run;
}

std::string baseline_to_json(const Baseline& b) {
  ordered_json j;
  j["schema_version"] = Baseline::schema_version;
  j["kind"] = std::string(Baseline::kind);
  j["created_at"] = b.created_at;
  j["tool"] = tool_to_json();
  j["suite"] = {{"name", b.suite_name}};
  j["platform"] = b.platform;
  ordered_json env;
  env["cpu_model"] = b.environment.cpu_model;
  env["logical_cores"] = b.environment.logical_cores;
  env["os"] = b.environment.os;
  env["arch"] = b.environment.arch;
  env["compiler"] = b.environment.compiler;
  j["environment"] = std::move(env);
  ordered_json runs = ordered_json::array();
  for (const auto& s : b.runs) {
    ordered_json sj;
    sj["id"] = s.id;
    sj["started_at"] = s.started_at;
    sj["commit"] = s.commit;
    sj["branch"] = s.branch;
    runs.push_back(std::move(sj));
  }
  j["runs"] = std::move(runs);
  j["benchmarks"] = array_to_json(b.benchmarks, benchmark_to_json);
  ordered_json history = ordered_json::array();
  for (const auto& h : b.history) {
    ordered_json hj;
    hj["at"] = h.at;
    hj["action"] = h.action;
    hj["reason"] = h.reason;
    hj["runs"] = h.runs;
    history.push_back(std::move(hj));
  }
  j["history"] = std::move(history);
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

Baseline baseline_from_json(std::string_view text, const std::string& origin) {
  const json doc = parse_json_document(
      text, origin, "a perfgate baseline (JSON) written by `perfgate baseline create`",
      "the file must be one complete JSON document (regenerate it with `perfgate baseline "
      "create` if it was damaged)");
  return BaselineReader(origin).baseline(doc);
}

Baseline read_baseline_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw input_error(path +
                      ": is a folder, not a baseline file; pass the file written by "
                      "`perfgate baseline create`");
  return baseline_from_json(
      read_file_text(path, "the baseline file",
                     "check --baseline (make one with `perfgate baseline create`)"),
      path);
}

void write_baseline_file(const Baseline& baseline, const std::string& path) {
  write_file_atomically(path, baseline_to_json(baseline) + "\n", "baseline file",
                        "perfgate-baseline.json");
}

}  // namespace perfgate
