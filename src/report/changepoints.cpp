#include "report/changepoints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "report/table.hpp"

namespace perfgate {
namespace {

template <class Json>
Json number_or_null(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

double confidence_of(const stats::DetectOptions& o) {
  return o.method == stats::ChangePointMethod::pelt ? o.pelt.confidence : o.edivisive.confidence;
}

std::string test_of(const stats::DetectOptions& o) {
  return o.method == stats::ChangePointMethod::pelt ? "Mann-Whitney U (descriptive)"
                                                    : "Student's t-test";
}

constexpr const char* kIntervalMethod = "sign-test intervals of both medians";

std::string percent(double v) {
  return std::isfinite(v) ? fmt::format("{:+.1f}%", 100 * v) : "n/a";
}

std::string interval(const stats::SegmentChange& c) {
  return std::isfinite(c.magnitude_low)
             ? "[" + percent(c.magnitude_low) + ", " + percent(c.magnitude_high) + "]"
             : "n/a";
}

std::string series_name(const SeriesChanges& s) {
  return s.history.benchmark + " " + s.history.metric.name;
}

// The run as the commits column names it: 7 digits of its commit, or its
// store id when the run had no git state.
std::string short_run(const ChangeRun& r) {
  return r.commit.empty() ? "#" + std::to_string(r.store_id) : r.commit.substr(0, 7);
}

std::string not_enough(const SeriesChanges& s) {
  return "not enough history (" + std::to_string(s.values) + " points, needs " +
         std::to_string(s.needed) + ")";
}

std::string severity_word(const SeriesChangePoint& cp) {
  if (cp.kind == ChangeKind::improvement) return "";
  return cp.severity == Severity::none ? "below limit" : std::string(to_string(cp.severity));
}

struct Listed {
  const SeriesChanges* series;
  const SeriesChangePoint* cp;
};

// Regressions first, then improvements; each newest first.
std::vector<Listed> listing(const std::vector<SeriesChanges>& all) {
  std::vector<Listed> out;
  for (const SeriesChanges& s : all)
    for (const SeriesChangePoint& cp : s.change_points) out.push_back({&s, &cp});
  std::stable_sort(out.begin(), out.end(), [](const Listed& a, const Listed& b) {
    if (a.cp->kind != b.cp->kind) return a.cp->kind == ChangeKind::regression;
    if (a.cp->first_bad.started_at != b.cp->first_bad.started_at)
      return a.cp->first_bad.started_at > b.cp->first_bad.started_at;
    return a.cp->first_bad.index > b.cp->first_bad.index;
  });
  return out;
}

std::string color_of(const SeriesChangePoint& cp) {
  if (cp.kind == ChangeKind::improvement) return "32";
  if (cp.severity == Severity::critical) return "31";
  return cp.severity == Severity::warning ? "33" : "";
}

using ordered = nlohmann::ordered_json;

ordered run_json(const ChangeRun& r) {
  return {{"commit", r.commit.empty() ? ordered(nullptr) : ordered(r.commit)},
          {"run_id", r.run_id},
          {"store_id", r.store_id},
          {"index", r.index},
          {"started_at", r.started_at}};
}

std::string join(const std::vector<std::string>& notes) {
  std::string out;
  for (const std::string& n : notes) out += (out.empty() ? "" : "; ") + n;
  return out;
}

}  // namespace

std::string detect_method_line(const stats::DetectOptions& o) {
  if (o.method == stats::ChangePointMethod::pelt)
    return fmt::format("pelt (normal scores of ranks, penalty {} x sigma^2 x ln n, min segment {})",
                       o.pelt.penalty_factor, o.pelt.min_segment);
  return fmt::format(
      "edivisive (window {}, Student's t-test, strong p <= {}, weak p <= {}, min segment {})",
      o.edivisive.window, o.edivisive.max_p_value, o.edivisive.weak_p_value,
      o.edivisive.min_segment);
}

void write_series_detection_json(const stats::ChangePointResult& r, const stats::DetectOptions& o,
                                 const std::string& series, std::ostream& out) {
  using json = nlohmann::json;
  json cps = json::array();
  for (const stats::ChangePoint& cp : r.change_points)
    cps.push_back({{"index", cp.index},
                   {"magnitude", number_or_null<json>(cp.change.magnitude)},
                   {"interval",
                    {number_or_null<json>(cp.change.magnitude_low),
                     number_or_null<json>(cp.change.magnitude_high)}},
                   {"confidence", confidence_of(o)},
                   {"p_value", number_or_null<json>(cp.p_value)},
                   {"strong", cp.strong},
                   {"median_before", cp.change.median_before},
                   {"median_after", cp.change.median_after},
                   {"n_before", cp.change.n_before},
                   {"n_after", cp.change.n_after}});
  const json doc = {{"series", series},
                    {"method", r.method},
                    {"settings", detect_method_line(o)},
                    {"test", test_of(o)},
                    {"interval_method", kIntervalMethod},
                    {"n", r.n},
                    {"enough_points", r.enough_points},
                    {"change_points", cps},
                    {"notes", r.notes}};
  out << doc.dump(2) << "\n";
}

void write_series_detection_text(const stats::ChangePointResult& r, const stats::DetectOptions& o,
                                 const std::string& series, std::ostream& out, bool color) {
  out << series << ": " << r.n << " points, method " << detect_method_line(o) << "\n";
  for (const std::string& note : r.notes) out << "note: " << note << "\n";
  if (!r.enough_points) return;
  if (r.change_points.empty()) {
    out << "no change points\n";
    return;
  }
  TextTable table({"index", "kind", "p-value", "median before", "median after", "change",
                   "95% interval", "points before/after"});
  for (std::size_t c : {0, 2, 3, 4, 5, 7}) table.align_right(c);
  for (const stats::ChangePoint& cp : r.change_points)
    table.add_row({{std::to_string(cp.index), ""},
                   {cp.strong ? "strong" : "weak", ""},
                   {fmt::format("{:.2g}", cp.p_value), ""},
                   {fmt::format("{:.6g}", cp.change.median_before), ""},
                   {fmt::format("{:.6g}", cp.change.median_after), ""},
                   {percent(cp.change.magnitude), ""},
                   {interval(cp.change), ""},
                   {fmt::format("{}/{}", cp.change.n_before, cp.change.n_after), ""}});
  table.write(out, color);
  out << r.change_points.size() << " change point" << (r.change_points.size() == 1 ? "" : "s")
      << "; change: relative change of the median between the segments either side; interval: "
         "sign-test intervals of both medians (at least "
      << confidence_of(o) * 100 << "% together)\n";
}

std::string detection_summary_line(const std::vector<SeriesChanges>& all) {
  std::size_t points = 0, regressions = 0;
  std::vector<std::string> short_ones;
  for (const SeriesChanges& s : all) {
    points += s.change_points.size();
    for (const SeriesChangePoint& cp : s.change_points)
      regressions += cp.kind == ChangeKind::regression;
    if (!s.enough_history) short_ones.push_back(series_name(s));
  }
  const std::size_t improvements = points - regressions;
  std::string line =
      fmt::format("{} series, {} change point{}: {} regression{}, {} improvement{}", all.size(),
                  points, points == 1 ? "" : "s", regressions, regressions == 1 ? "" : "s",
                  improvements, improvements == 1 ? "" : "s");
  if (!short_ones.empty()) {
    line += fmt::format("; {} series with too little history: ", short_ones.size());
    for (std::size_t i = 0; i < short_ones.size(); ++i) line += (i ? ", " : "") + short_ones[i];
  }
  return line;
}

void write_store_detection_text(const std::vector<SeriesChanges>& all,
                                const stats::DetectOptions& o, const std::string& since,
                                std::ostream& out, bool color) {
  out << "method " << detect_method_line(o) << "; the value of a run is the median of its "
      << "successful repetitions\n";
  if (!all.empty()) {
    const std::string& order = all.front().history.order_detail;
    const bool same = std::all_of(all.begin(), all.end(), [&](const SeriesChanges& s) {
      return s.history.order_detail == order;
    });
    out << "order: " << (same ? order : "differs between series (--format json names each)")
        << "\n";
  }
  if (!since.empty()) {
    std::size_t left_out = 0;
    for (const SeriesChanges& s : all) left_out += s.before_since;
    out << "since " << since << ": " << left_out << " earlier change point"
        << (left_out == 1 ? "" : "s") << " left out\n";
  }
  const std::vector<Listed> listed = listing(all);
  if (!listed.empty()) {
    TextTable table({"", "benchmark", "metric", "change", "95% interval", "last good..first bad",
                     "p", "points", "severity", "note"});
    for (std::size_t c : {3, 6, 7}) table.align_right(c);
    for (const Listed& l : listed) {
      const SeriesChangePoint& cp = *l.cp;
      const std::string c = color_of(cp);
      std::string note = cp.at_head ? "at head" : "";
      if (!cp.point.strong) note += (note.empty() ? "" : ", ") + std::string("weak");
      table.add_row({{std::string(to_string(cp.kind)), c},
                     {l.series->history.benchmark, ""},
                     {l.series->history.metric.name, ""},
                     {percent(cp.point.change.magnitude), c},
                     {interval(cp.point.change), ""},
                     {short_run(cp.last_good) + ".." + short_run(cp.first_bad), ""},
                     {fmt::format("{:.2g}", cp.point.p_value), ""},
                     {std::to_string(l.series->values), ""},
                     {severity_word(cp), c},
                     {note, ""}});
    }
    table.write(out, color);
  }
  for (const SeriesChanges& s : all)
    if (!s.enough_history) out << series_name(s) << ": " << not_enough(s) << "\n";
  out << detection_summary_line(all) << "\n";
  out << "change: relative change of the median between the segments either side; interval: "
         "sign-test intervals of both medians (at least "
      << confidence_of(o) * 100 << "% together); p: " << test_of(o) << "\n";
}

void write_store_detection_json(const std::vector<SeriesChanges>& all,
                                const stats::DetectOptions& o, const std::string& since,
                                const GatePolicy& policy, std::ostream& out) {
  ordered series = ordered::array();
  std::size_t points = 0, regressions = 0, at_head = 0;
  ordered short_ones = ordered::array();
  for (const SeriesChanges& s : all) {
    ordered cps = ordered::array();
    for (const SeriesChangePoint& cp : s.change_points) {
      const stats::SegmentChange& c = cp.point.change;
      cps.push_back(
          {{"index", cp.point.index},
           {"kind", cp.point.strong ? "strong" : "weak"},
           {"p_value", number_or_null<ordered>(cp.point.p_value)},
           {"magnitude", number_or_null<ordered>(c.magnitude)},
           {"interval",
            {number_or_null<ordered>(c.magnitude_low), number_or_null<ordered>(c.magnitude_high)}},
           {"median_before", c.median_before},
           {"median_after", c.median_after},
           {"n_before", c.n_before},
           {"n_after", c.n_after},
           {"last_good", run_json(cp.last_good)},
           {"first_bad", run_json(cp.first_bad)},
           {"direction", to_string(cp.kind)},
           {"severity", to_string(cp.severity)},
           {"at_head", cp.at_head}});
      ++points;
      regressions += cp.kind == ChangeKind::regression;
      at_head += cp.at_head;
    }
    if (!s.enough_history) short_ones.push_back(series_name(s));
    const std::string note = s.enough_history ? join(s.notes) : not_enough(s);
    series.push_back({{"benchmark", s.history.benchmark},
                      {"metric", s.history.metric.name},
                      {"unit", s.history.metric.unit},
                      {"direction", to_string(s.history.metric.direction)},
                      {"points", s.history.points.size()},
                      {"values", s.values},
                      {"order", to_string(s.history.order)},
                      {"order_detail", s.history.order_detail},
                      {"limits", {{"warning", s.limits.warning}, {"critical", s.limits.critical}}},
                      {"enough_history", s.enough_history},
                      {"needed", s.needed},
                      {"change_points", cps},
                      {"before_since", s.before_since},
                      {"note", note.empty() ? ordered(nullptr) : ordered(note)}});
  }
  const ordered doc = {{"method", stats::method_name(o.method)},
                       {"settings", detect_method_line(o)},
                       {"test", test_of(o)},
                       {"interval_method", kIntervalMethod},
                       {"confidence", confidence_of(o)},
                       {"value", "median of each run's successful repetitions"},
                       {"since", since.empty() ? ordered(nullptr) : ordered(since)},
                       {"series", series},
                       {"summary",
                        {{"series", all.size()},
                         {"change_points", points},
                         {"regressions", regressions},
                         {"improvements", points - regressions},
                         {"at_head", at_head},
                         {"too_little_history", short_ones},
                         {"gate",
                          {{"fail_on", to_string(policy.fail_on.value_or(FailOn::never))},
                           {"non_gating", policy.non_gating},
                           {"failed", change_gate_fails(all, policy)}}}}}};
  out << doc.dump(2) << "\n";
}

}  // namespace perfgate
