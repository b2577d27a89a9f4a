#include "analyze/series_changes.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <utility>

#include "model/error.hpp"

namespace perfgate {
namespace {

ChangeRun run_at(const History& h, std::size_t index) {
  const SeriesPoint& r = h.points.at(index).run;
  return {index, r.git_commit, r.run_id, r.store_id, r.started_at};
}

// The newest point with a value before `index` (the detector's change
// points always have one: each segment holds at least min_segment values).
std::size_t last_value_before(const History& h, std::size_t index) {
  for (std::size_t i = index; i-- > 0;)
    if (h.points[i].value) return i;
  return index;
}

Severity severity_of(const stats::SegmentChange& c, ChangeKind kind, const RelativeLimits& limits) {
  if (kind == ChangeKind::improvement) return Severity::none;
  if (!std::isfinite(c.magnitude)) return Severity::critical;
  const double size = std::abs(c.magnitude);
  if (size > limits.critical) return Severity::critical;
  if (size > limits.warning) return Severity::warning;
  return Severity::none;
}

bool fails(const SeriesChangePoint& cp, FailOn fail_on) {
  if (!cp.at_head) return false;
  switch (fail_on) {
    case FailOn::never:
      return false;
    case FailOn::critical:
      return cp.severity == Severity::critical;
    case FailOn::warning:
      return cp.severity != Severity::none;
    case FailOn::any:
      return true;
  }
  return false;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

template <class Names>
std::string short_list(const Names& names) {
  std::string out;
  std::size_t i = 0;
  for (const std::string& n : names) {
    if (i++ == 5) return out + ", ...";
    out += (out.empty() ? "" : ", ") + n.substr(0, 12);
  }
  return out;
}

}  // namespace

std::string_view to_string(ChangeKind k) {
  return k == ChangeKind::regression ? "regression" : "improvement";
}

std::size_t points_needed(const stats::DetectOptions& o) {
  return 2 * (o.method == stats::ChangePointMethod::pelt ? o.pelt.min_segment
                                                         : o.edivisive.min_segment);
}

SeriesChanges find_series_changes(History history, const stats::DetectOptions& options,
                                  const RelativeLimits& limits) {
  SeriesChanges s;
  s.history = std::move(history);
  s.limits = limits;
  s.needed = points_needed(options);
  const History& h = s.history;
  std::vector<double> values;
  values.reserve(h.points.size());
  for (const HistoryPoint& p : h.points)
    values.push_back(p.value ? *p.value : std::numeric_limits<double>::quiet_NaN());
  s.values = static_cast<std::size_t>(std::count_if(
      h.points.begin(), h.points.end(), [](const HistoryPoint& p) { return p.value.has_value(); }));
  if (s.values < s.needed) {
    s.enough_history = false;
    return s;
  }
  stats::ChangePointResult r = stats::detect_change_points(values, options);
  s.enough_history = r.enough_points;
  s.notes = std::move(r.notes);
  const bool lower_better = h.metric.direction == Direction::lower_is_better;
  for (const stats::ChangePoint& cp : r.change_points) {
    SeriesChangePoint c;
    c.point = cp;
    const bool rose = cp.change.median_after > cp.change.median_before;
    c.kind = rose == lower_better ? ChangeKind::regression : ChangeKind::improvement;
    c.severity = severity_of(cp.change, c.kind, limits);
    c.first_bad = run_at(h, cp.index);
    c.last_good = run_at(h, last_value_before(h, cp.index));
    s.change_points.push_back(std::move(c));
  }
  // The newest strong point says where the head stands: a later point, had
  // there been one, would have moved the head again (a fix, or another step).
  for (auto it = s.change_points.rbegin(); it != s.change_points.rend(); ++it) {
    if (!it->point.strong) continue;
    it->at_head = it->kind == ChangeKind::regression;
    break;
  }
  return s;
}

void keep_changes_since(std::vector<SeriesChanges>& all, const std::string& commit_prefix) {
  const std::string prefix = lower(commit_prefix);
  if (prefix.size() < 4 || prefix.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw input_error("--since " + commit_prefix +
                      ": not a commit; give at least 4 hexadecimal digits of a commit's hash, "
                      "e.g. --since $(git rev-parse --short HEAD~10)");
  std::set<std::string> matches;
  std::vector<std::string> recent;  // the newest commits of each series, for the message
  std::string newest_start;         // of a run at the commit, in any series
  for (const SeriesChanges& s : all)
    for (const HistoryPoint& p : s.history.points) {
      if (p.run.git_commit.empty()) continue;
      if (lower(p.run.git_commit).rfind(prefix, 0) == 0) matches.insert(p.run.git_commit);
    }
  if (matches.empty()) {
    for (const SeriesChanges& s : all)
      for (auto it = s.history.points.rbegin(); it != s.history.points.rend() && recent.size() < 5;
           ++it)
        if (!it->run.git_commit.empty() &&
            std::find(recent.begin(), recent.end(), it->run.git_commit) == recent.end())
          recent.push_back(it->run.git_commit);
    throw input_error("--since " + commit_prefix +
                      ": no run of the series analysed is at a commit starting with it" +
                      (recent.empty() ? std::string("; their runs have no git commits")
                                      : "; the newest commits in them: " + short_list(recent)));
  }
  if (matches.size() > 1)
    throw input_error("--since " + commit_prefix + ": names " + std::to_string(matches.size()) +
                      " commits (" + short_list(matches) + "); give more digits");
  const std::string& commit = *matches.begin();
  for (const SeriesChanges& s : all)
    for (const HistoryPoint& p : s.history.points)
      if (p.run.git_commit == commit) newest_start = std::max(newest_start, p.run.started_at);

  for (SeriesChanges& s : all) {
    std::optional<std::size_t> cut;  // the last point at the commit
    for (std::size_t i = 0; i < s.history.points.size(); ++i)
      if (s.history.points[i].run.git_commit == commit) cut = i;
    auto before = [&](const SeriesChangePoint& cp) {
      return cut ? cp.first_bad.index <= *cut : cp.first_bad.started_at <= newest_start;
    };
    const auto kept = std::remove_if(s.change_points.begin(), s.change_points.end(), before);
    s.before_since += static_cast<std::size_t>(s.change_points.end() - kept);
    s.change_points.erase(kept, s.change_points.end());
  }
}

bool change_gate_fails(const std::vector<SeriesChanges>& all, const GatePolicy& policy) {
  if (policy.non_gating) return false;
  const FailOn fail_on = policy.fail_on.value_or(FailOn::never);
  for (const SeriesChanges& s : all)
    for (const SeriesChangePoint& cp : s.change_points)
      if (fails(cp, fail_on)) return true;
  return false;
}

void report_changes_as_warnings(std::vector<SeriesChanges>& all) {
  for (SeriesChanges& s : all)
    for (SeriesChangePoint& cp : s.change_points)
      if (cp.severity == Severity::critical) cp.severity = Severity::warning;
}

std::string change_gate_summary(const std::vector<SeriesChanges>& all, const GatePolicy& policy) {
  const FailOn fail_on = policy.fail_on.value_or(FailOn::never);
  const std::string rule = "fail_on = " + std::string(to_string(fail_on));
  int at_head = 0, failing = 0;
  std::string names;
  for (const SeriesChanges& s : all)
    for (const SeriesChangePoint& cp : s.change_points) {
      at_head += cp.at_head;
      if (!fails(cp, fail_on)) continue;
      if (failing++ < 3)
        names += (names.empty() ? "" : ", ") + s.history.benchmark + " " + s.history.metric.name;
    }
  const std::string heads =
      std::to_string(at_head) + (at_head == 1 ? " regression" : " regressions") + " at the head";
  if (policy.non_gating) return "non-gating: " + heads + ", reported as warnings, exit 0";
  if (fail_on == FailOn::never) return "no gate (fail_on = never): " + heads;
  if (failing == 0)
    return "gate passed (" + rule + "): " +
           (at_head == 0 ? "no regression at the head" : heads + ", none severe enough to fail it");
  if (failing > 3) names += ", ...";
  return "gate failed (" + rule + "): " + std::to_string(failing) +
         (failing == 1 ? " regression" : " regressions") + " at the head: " + names;
}

}  // namespace perfgate
