// Building a baseline from runs: pooling their samples and the statistics of
// each metric (median, MAD, IQR, the median's interval, the suggested
// threshold). The file format itself is model/baseline.{hpp,cpp}; the
// statistics live here because they use src/stats.
#include "analyze/baseline_build.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>

#include "model/error.hpp"
#include "stats/outliers.hpp"
#include "stats/power.hpp"
#include "stats/summary.hpp"

namespace perfgate {
namespace {

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

std::optional<double> suggested_threshold(double log_sd, int n) {
  if (n < 1 || !std::isfinite(log_sd) || log_sd < 0) return std::nullopt;
  const double d = std::sqrt(std::numbers::pi / 2) * log_sd * std::sqrt(2.0 / n) * (stats::normal_quantile(0.99) + stats::normal_quantile(0.80));
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
  const double med = stats::median(sorted);
  m.median = med;
  m.mad = stats::mad(sorted);
  m.iqr = stats::iqr(sorted);
  m.median_interval = median_interval(sorted);
  if (med != 0) m.relative_mad = *m.mad / std::fabs(med);
  if (sorted.front() > 0) {
    std::vector<double> logs;
    logs.reserve(sorted.size());
    for (double x : sorted) logs.push_back(std::log(x));
    m.log_sd = 1.4826 * stats::mad(logs);
    m.suggested_threshold = suggested_threshold(*m.log_sd, std::max(1, samples_per_run));
  }
  return m;
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

}  // namespace perfgate
