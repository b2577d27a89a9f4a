// The baseline file (docs/formats.md, "Baseline file"): pooling runs into
// per-metric statistics, the suggested threshold, conversion to a Run for
// compare, and strict reading with one-line messages that name the JSON path.
#include "model/baseline.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <set>

#include "model/error.hpp"

#ifndef PERFGATE_VERSION
#define PERFGATE_VERSION "unknown"
#endif

namespace perfgate {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

constexpr const char* kFormatsRef = "docs/formats.md, \"Baseline file\"";

// ---------------------------------------------------------------- statistics

// Hyndman & Fan type 7 (R, NumPy, SciPy default), as stats::quantile; `sorted`
// is sorted ascending and not empty.
double quantile_sorted(const std::vector<double>& sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

double median_of(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return quantile_sorted(xs, 0.5);
}

// Unscaled median absolute deviation from the median.
double mad_of(const std::vector<double>& xs, double median) {
  std::vector<double> dev;
  dev.reserve(xs.size());
  for (double x : xs) dev.push_back(std::fabs(x - median));
  return median_of(std::move(dev));
}

// P(Binomial(n, 1/2) <= k), summed in log space so that large n stays finite.
double binomial_half_cdf(int n, int k) {
  if (k < 0) return 0;
  if (k >= n) return 1;
  double total = 0;
  const double log_half_n = n * std::log(0.5);
  const double log_n_fact = std::lgamma(n + 1.0);
  for (int i = 0; i <= k; ++i)
    total += std::exp(log_n_fact - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) + log_half_n);
  return std::min(total, 1.0);
}

// ---------------------------------------------------------------- writing

// JSON has no NaN or infinity: written as strings, as in the result file.
ordered_json number_to_json(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

ordered_json optional_number(const std::optional<double>& v) {
  return v ? number_to_json(*v) : ordered_json(nullptr);
}

ordered_json limits_to_json(const RelativeLimits& l) {
  ordered_json j;
  j["warning"] = number_to_json(l.warning);
  j["critical"] = number_to_json(l.critical);
  return j;
}

ordered_json metric_to_json(const MetricBaseline& m) {
  ordered_json j;
  j["name"] = m.info.name;
  j["unit"] = m.info.unit;
  j["direction"] = std::string(to_string(m.info.direction));
  j["compared"] = m.info.compared;
  j["n"] = m.n;
  j["median"] = optional_number(m.median);
  j["mad"] = optional_number(m.mad);
  j["iqr"] = optional_number(m.iqr);
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
  j["relative_mad"] = optional_number(m.relative_mad);
  j["log_sd"] = optional_number(m.log_sd);
  j["suggested_threshold"] = optional_number(m.suggested_threshold);
  ordered_json samples = ordered_json::array();
  for (double x : m.samples) samples.push_back(number_to_json(x));
  j["samples"] = std::move(samples);
  return j;
}

ordered_json benchmark_to_json(const BenchmarkBaseline& b) {
  ordered_json j;
  j["name"] = b.name;
  j["limits"] = {{"lower", limits_to_json(b.limits.lower_is_better)},
                 {"higher", limits_to_json(b.limits.higher_is_better)}};
  ordered_json budgets = ordered_json::array();
  for (const auto& bud : b.budgets) {
    ordered_json bj;
    bj["metric"] = bud.metric;
    bj["percentile"] = optional_number(bud.percentile);
    bj["max"] = optional_number(bud.max);
    bj["min"] = optional_number(bud.min);
    budgets.push_back(std::move(bj));
  }
  j["budgets"] = std::move(budgets);
  j["runs"] = b.runs;
  j["failed_repetitions"] = b.failed_repetitions;
  ordered_json metrics = ordered_json::array();
  for (const auto& m : b.metrics) metrics.push_back(metric_to_json(m));
  j["metrics"] = std::move(metrics);
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

// Reads one baseline document; every helper names the JSON path it reads.
// Unknown fields are ignored (within schema_version 1 fields are only added).
class BaselineReader {
 public:
  explicit BaselineReader(const std::string& origin) : origin_(origin) {}

  Baseline baseline(const json& doc) const {
    object(doc, "");
    check_kind(doc);
    check_schema_version(doc);
    Baseline b;
    b.created_at = string(required(doc, "", "created_at"), "created_at");
    const json& suite = object(required(doc, "", "suite"), "suite");
    b.suite_name = string(required(suite, "suite", "name"), "suite.name");
    b.platform = string(required(doc, "", "platform"), "platform");
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
  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw input_error(origin_ + ": " + (path.empty() ? "" : path + ": ") + what);
  }

  [[noreturn]] void wrong_type(const std::string& path, const char* expected, const json& found,
                               const char* fix) const {
    fail(path,
         std::string("expected ") + expected + ", found " + describe_value(found) + "; " + fix);
  }

  const json& required(const json& obj, const std::string& path, const char* key) const {
    auto it = obj.find(key);
    if (it == obj.end())
      fail(path, std::string("missing required field \"") + key +
                     "\"; restore it or regenerate the file with `perfgate baseline create` (" +
                     kFormatsRef + ", lists every field)");
    return *it;
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

  // A required member that may be null (a statistic that does not exist).
  std::optional<double> nullable_number(const json& obj, const std::string& path,
                                        const char* key) const {
    const json& v = required(obj, path, key);
    if (v.is_null()) return std::nullopt;
    return number(v, join(path, key));
  }

  int count(const json& v, const std::string& path) const {
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      return static_cast<int>(v.get<std::uint64_t>());
    wrong_type(path, "a whole number >= 0", v, "write it without a fraction or sign, e.g. 3");
  }

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
    e.cpu_model = string(required(v, p, "cpu_model"), join(p, "cpu_model"));
    e.logical_cores = count(required(v, p, "logical_cores"), join(p, "logical_cores"));
    e.os = string(required(v, p, "os"), join(p, "os"));
    e.arch = string(required(v, p, "arch"), join(p, "arch"));
    e.compiler = string(required(v, p, "compiler"), join(p, "compiler"));
    return e;
  }

  BaselineSource source(const json& v, const std::string& p) const {
    object(v, p);
    BaselineSource s;
    s.id = string(required(v, p, "id"), join(p, "id"));
    s.started_at = string(required(v, p, "started_at"), join(p, "started_at"));
    s.commit = string(required(v, p, "commit"), join(p, "commit"));
    s.branch = string(required(v, p, "branch"), join(p, "branch"));
    return s;
  }

  RelativeLimits relative_limits(const json& v, const std::string& p) const {
    object(v, p);
    RelativeLimits l;
    l.warning = number(required(v, p, "warning"), join(p, "warning"));
    l.critical = number(required(v, p, "critical"), join(p, "critical"));
    if (!(l.warning > 0 && l.critical >= l.warning))
      fail(p, "the limits must satisfy 0 < warning <= critical (fractions: 0.05 = 5 %)");
    return l;
  }

  BenchmarkBaseline benchmark(const json& v, const std::string& p) const {
    object(v, p);
    BenchmarkBaseline b;
    b.name = string(required(v, p, "name"), join(p, "name"));
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
      bud.metric = string(required(budgets[i], ip, "metric"), join(ip, "metric"));
      bud.percentile = nullable_number(budgets[i], ip, "percentile");
      bud.max = nullable_number(budgets[i], ip, "max");
      bud.min = nullable_number(budgets[i], ip, "min");
      if (!bud.max && !bud.min) fail(ip, "a budget needs a max or a min; give one of them");
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
    m.info.name = string(required(v, p, "name"), join(p, "name"));
    if (m.info.name.empty()) fail(join(p, "name"), "the metric name is empty; name the metric");
    m.info.unit = string(required(v, p, "unit"), join(p, "unit"));
    const json& d = required(v, p, "direction");
    auto dir = parse_direction(string(d, join(p, "direction")));
    if (!dir)
      fail(join(p, "direction"),
           "expected \"lower\" or \"higher\", found " + describe_value(d) + "; use one of them");
    m.info.direction = *dir;
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
    h.at = string(required(v, p, "at"), join(p, "at"));
    h.action = string(required(v, p, "action"), join(p, "action"));
    if (h.action != "create" && h.action != "update")
      fail(join(p, "action"), "expected \"create\" or \"update\", found " +
                                  describe_value(v.at("action")) + "; use one of them");
    h.reason = string(required(v, p, "reason"), join(p, "reason"));
    if (h.action == "update" && h.reason.find_first_not_of(" \t\r\n") == std::string::npos)
      fail(join(p, "reason"),
           "an update has no reason; every update of a baseline says why it moved (write one)");
    const std::string rp = join(p, "runs");
    const json& runs = array(required(v, p, "runs"), rp);
    for (std::size_t i = 0; i < runs.size(); ++i)
      h.runs.push_back(string(runs[i], at_index(rp, i)));
    return h;
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

// ---------------------------------------------------------------- building

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// A run as messages name it.
std::string describe_run(const Run& run) { return "run " + run.id; }

// Checks the runs may be pooled: one suite, one platform. Returns the platform
// (or current_platform() when no run says).
std::string check_poolable(const std::vector<Run>& runs) {
  const Run* platform_run = nullptr;
  std::string platform;
  for (const Run& r : runs) {
    if (r.suite_name != runs.front().suite_name)
      throw input_error("cannot pool runs of different suites: " + describe_run(runs.front()) +
                        " is of suite \"" + runs.front().suite_name + "\", " + describe_run(r) +
                        " of suite \"" + r.suite_name +
                        "\"; make a baseline from runs of one suite (`perfgate runs` lists them)");
    const std::string p = platform_of(r.environment);
    if (p.empty()) continue;
    if (!platform_run) {
      platform_run = &r;
      platform = p;
    } else if (p != platform) {
      throw input_error("cannot pool runs of different platforms: " + describe_run(*platform_run) +
                        " ran on " + platform + ", " + describe_run(r) + " on " + p +
                        "; make one baseline per platform, each from runs made there");
    }
  }
  return platform.empty() ? current_platform() : platform;
}

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

std::optional<double> suggested_threshold(double log_sd, int n) {
  if (n < 1 || !std::isfinite(log_sd) || log_sd < 0) return std::nullopt;
  const double d = std::sqrt(std::numbers::pi / 2) * log_sd * std::sqrt(2.0 / n) * (kZ099 + kZ080);
  const double mde = std::expm1(d);
  // Whole percents, rounded up; the 1e-9 keeps 3.0000000001 % (float noise)
  // from becoming 4 %.
  const double percent = std::ceil(mde * 100 - 1e-9);
  return std::max(0.01, percent / 100);
}

std::optional<MedianInterval> median_interval(const std::vector<double>& sorted,
                                              double confidence) {
  const int n = static_cast<int>(sorted.size());
  if (n == 0) return std::nullopt;
  // The largest k (1-based rank) whose interval [x(k), x(n-k+1)] covers the
  // median with probability >= confidence; k = 1 when none does.
  int k = 1;
  for (int cand = 2; cand <= (n + 1) / 2; ++cand) {
    if (1 - 2 * binomial_half_cdf(n, cand - 1) >= confidence) {
      k = cand;
    } else {
      break;
    }
  }
  MedianInterval mi;
  mi.low = sorted[k - 1];
  mi.high = sorted[n - k];
  mi.confidence = confidence;
  mi.coverage = std::max(0.0, 1 - 2 * binomial_half_cdf(n, k - 1));
  return mi;
}

MetricBaseline summarize_metric(const MetricInfo& info, std::vector<double> samples,
                                int samples_per_run) {
  MetricBaseline m;
  m.info = info;
  m.n = static_cast<int>(samples.size());
  m.samples = std::move(samples);
  if (m.samples.empty()) return m;
  if (!std::all_of(m.samples.begin(), m.samples.end(), [](double x) { return std::isfinite(x); }))
    return m;
  std::vector<double> sorted = m.samples;
  std::sort(sorted.begin(), sorted.end());
  const double med = quantile_sorted(sorted, 0.5);
  m.median = med;
  m.mad = mad_of(sorted, med);
  m.iqr = quantile_sorted(sorted, 0.75) - quantile_sorted(sorted, 0.25);
  m.median_interval = median_interval(sorted);
  if (med != 0) m.relative_mad = *m.mad / std::fabs(med);
  if (sorted.front() > 0) {
    std::vector<double> logs;
    logs.reserve(sorted.size());
    for (double x : sorted) logs.push_back(std::log(x));
    const double log_med = quantile_sorted(logs, 0.5);  // logs are sorted too
    m.log_sd = 1.4826 * mad_of(logs, log_med);
    m.suggested_threshold = suggested_threshold(*m.log_sd, std::max(1, samples_per_run));
  }
  return m;
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

Baseline make_baseline(const std::vector<Run>& runs_in, const std::string& now,
                       const std::string& reason) {
  if (runs_in.empty())
    throw input_error("a baseline needs at least one run; give --from or --last");
  std::vector<Run> runs = runs_in;
  {
    std::set<std::string> ids;
    for (const Run& r : runs)
      if (!ids.insert(r.id).second)
        throw input_error(describe_run(r) +
                          " is given twice; a baseline pools each run once (check --from)");
  }
  std::stable_sort(runs.begin(), runs.end(),
                   [](const Run& a, const Run& b) { return a.started_at < b.started_at; });

  Baseline b;
  b.created_at = now;
  b.suite_name = runs.front().suite_name;
  b.platform = check_poolable(runs);
  const Run& newest = runs.back();
  b.environment = {newest.environment.cpu_model, newest.environment.logical_cores,
                   newest.environment.os, newest.environment.arch, newest.environment.compiler};
  for (const Run& r : runs)
    b.runs.push_back({r.id, r.started_at, r.environment.git.commit, r.environment.git.branch});

  // Benchmark and metric order: the newest run's, then what only older runs hold.
  struct Pool {
    const BenchmarkResult* newest = nullptr;  // the newest run's benchmark: limits, budgets
    const Run* newest_run = nullptr;
    std::vector<MetricInfo> metrics;
    std::vector<std::vector<double>> samples;  // per metric
    std::vector<int> contributing_runs;        // per metric
    int runs = 0, failed = 0;
  };
  std::vector<std::string> order;
  std::map<std::string, Pool> pools;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    for (const BenchmarkResult& br : it->benchmarks) {
      auto [pit, inserted] = pools.try_emplace(br.name);
      Pool& pool = pit->second;
      if (inserted) {
        order.push_back(br.name);
        pool.newest = &br;
        pool.newest_run = &*it;
      }
      for (const MetricInfo& mi : br.metrics) {
        auto found = std::find_if(pool.metrics.begin(), pool.metrics.end(),
                                  [&](const MetricInfo& m) { return m.name == mi.name; });
        if (found == pool.metrics.end()) {
          pool.metrics.push_back(mi);
          pool.samples.emplace_back();
          pool.contributing_runs.push_back(0);
        } else if (found->unit != mi.unit || found->direction != mi.direction) {
          throw input_error("cannot pool " + br.name + " " + mi.name + ": " +
                            describe_run(*pool.newest_run) + " has it in \"" + found->unit +
                            "\" (" + std::string(to_string(found->direction)) + " is better), " +
                            describe_run(*it) + " in \"" + mi.unit + "\" (" +
                            std::string(to_string(mi.direction)) +
                            " is better); make the baseline from runs of one version of the suite");
        }
      }
    }
  }
  // Pool in source order (oldest first), then repetition order.
  for (const Run& r : runs) {
    for (const BenchmarkResult& br : r.benchmarks) {
      Pool& pool = pools.at(br.name);
      ++pool.runs;
      pool.failed += br.failed_count();
      for (std::size_t m = 0; m < pool.metrics.size(); ++m) {
        std::vector<double> xs = br.samples(pool.metrics[m].name);
        if (!xs.empty()) ++pool.contributing_runs[m];
        pool.samples[m].insert(pool.samples[m].end(), xs.begin(), xs.end());
      }
    }
  }
  for (const std::string& name : order) {
    Pool& pool = pools.at(name);
    BenchmarkBaseline bb;
    bb.name = name;
    bb.limits = pool.newest->limits;
    bb.budgets = pool.newest->budgets;
    bb.runs = pool.runs;
    bb.failed_repetitions = pool.failed;
    for (std::size_t m = 0; m < pool.metrics.size(); ++m) {
      const int n = static_cast<int>(pool.samples[m].size());
      const int per_run = pool.contributing_runs[m] > 0 ? n / pool.contributing_runs[m] : 0;
      bb.metrics.push_back(summarize_metric(pool.metrics[m], std::move(pool.samples[m]), per_run));
    }
    b.benchmarks.push_back(std::move(bb));
  }

  BaselineHistoryEntry h;
  h.at = now;
  h.action = "create";
  h.reason = reason;
  for (const Run& r : runs) h.runs.push_back(r.id);
  b.history.push_back(std::move(h));
  return b;
}

void check_update_reason(const std::string& reason) {
  if (is_blank(reason))
    throw input_error(
        "an update needs --reason \"...\": a baseline that moves without a reason can hide a "
        "regression, and the history is how reviewers see why it moved; say why (e.g. --reason "
        "\"new CI runner\" or --reason \"accepted: 2x faster decode in #123\")");
}

void update_baseline(Baseline& baseline, const std::vector<Run>& runs, const std::string& now,
                     const std::string& reason) {
  check_update_reason(reason);
  Baseline fresh = make_baseline(runs, now, reason);
  if (fresh.suite_name != baseline.suite_name)
    throw input_error("the baseline is of suite \"" + baseline.suite_name +
                      "\", the runs of suite \"" + fresh.suite_name +
                      "\"; update it with runs of its own suite, or make a new baseline with "
                      "`perfgate baseline create --output FILE`");
  if (fresh.platform != baseline.platform)
    throw input_error("the baseline was made on " + baseline.platform + ", the runs on " +
                      fresh.platform +
                      "; make a baseline for this platform with `perfgate baseline create "
                      "--output FILE`");
  fresh.created_at = baseline.created_at;
  fresh.history = baseline.history;
  BaselineHistoryEntry h;
  h.at = now;
  h.action = "update";
  h.reason = reason;
  for (const auto& s : fresh.runs) h.runs.push_back(s.id);
  fresh.history.push_back(std::move(h));
  baseline = std::move(fresh);
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
  j["tool"] = {{"name", "perfgate"}, {"version", PERFGATE_VERSION}};
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
  ordered_json benches = ordered_json::array();
  for (const auto& bb : b.benchmarks) benches.push_back(benchmark_to_json(bb));
  j["benchmarks"] = std::move(benches);
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
  if (is_blank(text))
    throw input_error(origin +
                      ": empty; expected a perfgate baseline (JSON) written by `perfgate baseline "
                      "create`");
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw input_error(origin + ":" + line_column(text, e.byte) +
                      ": not valid JSON: " + parse_error_reason(e.what()) +
                      "; the file must be one complete JSON document (regenerate it with "
                      "`perfgate baseline create` if it was damaged)");
  }
  return BaselineReader(origin).baseline(doc);
}

Baseline read_baseline_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw input_error(path +
                      ": is a folder, not a baseline file; pass the file written by "
                      "`perfgate baseline create`");
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw input_error(path + ": cannot read the baseline file: " + std::strerror(errno) +
                      "; check --baseline (make one with `perfgate baseline create`)");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad())
    throw input_error(path + ": cannot read the baseline file: " + std::strerror(errno) +
                      "; check the file and the disk");
  return baseline_from_json(text, path);
}

void write_baseline_file(const Baseline& baseline, const std::string& path) {
  namespace fs = std::filesystem;
  const std::string text = baseline_to_json(baseline) + "\n";
  const fs::path target(path);
  if (target.filename().empty())
    throw input_error(path +
                      ": not a file name; name the baseline file, e.g. perfgate-baseline.json");
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw input_error(path + ": cannot create the folder " + target.parent_path().string() +
                        ": " + ec.message() + "; choose a writable location (--output)");
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f)
      throw input_error(path + ": cannot write: " + std::strerror(errno) +
                        "; choose a writable location (--output)");
    f << text;
    f.flush();
    if (!f)
      throw input_error(path + ": cannot write: " + std::strerror(errno) +
                        "; check the disk and the location (--output)");
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(tmp, ec);
    throw input_error(path + ": cannot write: " + why + "; choose a writable location (--output)");
  }
}

}  // namespace perfgate
