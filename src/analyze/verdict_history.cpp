#include "analyze/verdict_history.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <span>
#include <vector>

#include "analyze/percent.hpp"
#include "analyze/verdict.hpp"
#include "stats/summary.hpp"
#include "stats/trend.hpp"
#include "stats/welch.hpp"

namespace perfgate {
namespace {

std::string short_commit(const std::string& commit) { return commit.substr(0, 7); }

std::string runs_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " run" : " runs"); }

// " on main", " on main on machine 3f2a", "" for every branch and machine.
std::string branch_text(const SeriesState& s) {
  return (s.branch.empty() ? std::string() : " on " + s.branch) +
         (s.machine.empty() ? std::string() : " on machine " + s.machine);
}

// "14 runs on main since 1a2b3c4": the regime the noise came from.
std::string regime_text(const SeriesState& s) {
  std::string t = runs_text(s.runs) + branch_text(s);
  if (!s.since_commit.empty()) t += " since " + short_commit(s.since_commit);
  return t;
}

std::optional<std::size_t> base_index(const History& h, const BaseRef& base) {
  if (!base.run_id.empty())
    for (std::size_t i = 0; i < h.points.size(); ++i)
      if (h.points[i].run.run_id == base.run_id) return i;
  if (!base.commit.empty())
    for (std::size_t i = h.points.size(); i-- > 0;)
      if (h.points[i].run.git_commit == base.commit) return i;
  return std::nullopt;
}

// Worse for the metric: a rise of a lower-is-better metric.
bool worse(double change, Direction d) {
  return d == Direction::lower_is_better ? change > 0 : change < 0;
}

std::string limits_text(const SeriesState& s) {
  if (!s.limits) return "the suite's limits (" + s.note + ")";
  char sigma[32];
  std::snprintf(sigma, sizeof sigma, "%.2g %%", s.noise * 100);
  return "limits " + pct(s.limits->warning) + " / " + pct(s.limits->critical) +
         " from this series' noise (σ " + sigma + " over " + regime_text(s) + ")";
}

std::string drift_text(const Drift& d) {
  char p[32];
  std::snprintf(p, sizeof p, "%.2g", d.p_value);
  return "the series has been drifting " + signed_pct(d.total) + " over its last " +
         runs_text(d.runs) + " (Theil-Sen " + signed_pct(d.per_run) +
         " per run, Mann-Kendall p = " + p + ")";
}

}  // namespace

History history_before(History history, const std::string& run_id) {
  auto& pts = history.points;
  auto it = std::find_if(pts.begin(), pts.end(),
                         [&](const HistoryPoint& p) { return p.run.run_id == run_id; });
  pts.erase(it, pts.end());
  return history;
}

SeriesState series_state(const SeriesChanges& changes, const BaseRef& base,
                         const HistoryOptions& o) {
  SeriesState s;
  const History& h = changes.history;
  s.branch = h.query.branch;
  s.machine = h.query.host_prefix;
  s.needed = o.min_runs;

  // The regime: from the newest strong change point on.
  std::size_t start = 0;
  for (auto it = changes.change_points.rbegin(); it != changes.change_points.rend(); ++it)
    if (it->point.strong) {
      start = it->first_bad.index;
      s.since_commit = it->first_bad.commit;
      break;
    }
  std::vector<double> logs;
  std::vector<std::size_t> at;  // the history index of each log value
  bool positive = true;
  for (std::size_t i = 0; i < h.points.size(); ++i) {
    const auto& v = h.points[i].value;
    if (!v) continue;
    ++s.values;
    if (i < start) continue;
    if (!(*v > 0) || !std::isfinite(*v)) positive = false;
    logs.push_back(positive ? std::log(*v) : 0);
    at.push_back(i);
  }
  s.runs = logs.size();

  if (auto b = base_index(h, base)) {
    for (auto it = changes.change_points.rbegin(); it != changes.change_points.rend(); ++it)
      if (it->point.strong && it->kind == ChangeKind::regression && it->first_bad.index > *b) {
        s.step = StepSinceBase{it->last_good.commit, it->first_bad.commit, it->first_bad.run_id,
                               it->point.change.magnitude};
        break;
      }
  }
  if (!positive) {
    s.note = "its values are not all positive, so relative noise is undefined";
    return s;
  }
  if (s.runs == 0) {
    s.note = "no history: no earlier run" + branch_text(s) + " has a value";
    return s;
  }

  // A trend in the newest runs, and the level and noise around it.
  const std::size_t k = std::min(s.runs, o.drift_window);
  const std::span<const double> window(logs.end() - static_cast<std::ptrdiff_t>(k), k);
  std::optional<stats::TheilSen> line;
  if (k >= 5) {
    const stats::MannKendall mk = stats::mann_kendall(window);
    if (mk.p_value < o.drift_alpha) {
      line = stats::theil_sen(window);
      s.drift =
          Drift{k, std::expm1(line->slope), std::expm1(line->slope * static_cast<double>(k - 1)),
                mk.p_value, h.points[at[at.size() - k]].run.git_commit};
    }
  }
  double sum_squares = 0;
  std::size_t dof = 0;
  if (line) {
    const stats::TheilSen& ts = *line;
    for (std::size_t i = 0; i < k; ++i) {
      const double r = window[i] - (ts.intercept + ts.slope * static_cast<double>(i));
      sum_squares += r * r;
    }
    dof = k >= 2 ? k - 2 : 0;
    s.level = std::exp(ts.intercept + ts.slope * static_cast<double>(k - 1));
  } else {
    const double m = stats::mean(logs);
    for (double l : logs) sum_squares += (l - m) * (l - m);
    dof = s.runs - 1;
    s.level = std::exp(stats::median(logs));
  }

  if (s.runs < o.min_runs || dof < 2) {
    s.note =
        "not enough history: " + regime_text(s) + ", " + std::to_string(o.min_runs) + " needed";
    return s;
  }
  s.noise = std::sqrt(sum_squares / static_cast<double>(dof));
  const double t = stats::students_t_quantile(1 - o.tail, static_cast<double>(dof));
  const double warning = std::max(o.floor, std::expm1(t * std::numbers::sqrt2 * s.noise));
  s.limits = RelativeLimits{warning, 2 * warning};
  return s;
}

void judge_with_history(Verdict& v, const SeriesState& state) {
  VerdictHistory h;
  h.series = state;
  if (state.level && *state.level > 0 && v.contender.median)
    h.from_level = *v.contender.median / *state.level - 1;

  std::string detail = limits_text(state);
  const bool regression = v.status == Status::critical || v.status == Status::warning;
  // A level read off fewer runs says too little to blame or clear this run.
  constexpr std::size_t min_level_runs = 3;
  const bool level_known = h.from_level && state.runs >= min_level_runs;
  if (regression && level_known) {
    const bool beyond =
        worse(*h.from_level, v.direction) && std::abs(*h.from_level) > v.limits.warning;
    h.origin = beyond ? Origin::this_run : Origin::history;
    const std::size_t level_runs = state.drift ? state.drift->runs : state.runs;
    const std::string from_level = signed_pct(*h.from_level) +
                                   " from where the series stood (its level over its last " +
                                   runs_text(level_runs) + branch_text(state) + ")";
    if (beyond) {
      detail += "; made by this run: " + from_level;
      if (state.drift && worse(state.drift->total, v.direction))
        detail += "; besides, " + drift_text(*state.drift);
    } else {
      detail += "; not this run's doing: it is " + from_level + ", within ±" +
                pct(v.limits.warning) + ", and ";
      const bool drifting = state.drift && worse(state.drift->total, v.direction);
      if (state.step)
        detail += "the series changed " + signed_pct(state.step->magnitude) + " at " +
                  short_commit(state.step->first_bad_commit) + " (after " +
                  short_commit(state.step->last_good_commit) + "), after the base" +
                  (drifting ? ", and since then " + drift_text(*state.drift) : "");
      else if (drifting)
        detail += drift_text(*state.drift);
      else
        detail += "the series already stood there before this run";
      if (v.severity == Severity::critical) v.severity = Severity::warning;
    }
  } else if (regression) {
    detail += "; too little history to say whether this run made it";
  } else if (state.drift) {
    detail += "; " + drift_text(*state.drift);
  }
  h.detail = detail;
  v.reason += (v.reason.empty() ? "" : "; ") + detail;
  v.history = std::move(h);
}

}  // namespace perfgate
