// perfgate detect: change points in a series (docs/changepoints.md). Reads a
// plain series file (--series); the analysis is stats::detect_change_points
// on values, so the store mode can call the same code per series. Reports
// only: exit 0 whatever was found, 2 for bad input.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/common.hpp"
#include "model/error.hpp"
#include "model/series_file.hpp"
#include "report/table.hpp"
#include "stats/changepoint_detect.hpp"

namespace perfgate::cli {
namespace {

struct DetectArgs {
  CommonOptions common;
  std::string series;
  std::string method = "edivisive";
  std::string format = "text";
  std::string output;
  bool weak = false;
  std::optional<std::size_t> window;
  std::optional<double> max_p;
  std::optional<double> penalty;
};

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

// How the method judged, in one line: the settings that decide what is found.
std::string method_line(const stats::DetectOptions& o) {
  if (o.method == stats::ChangePointMethod::pelt)
    return fmt::format("pelt (normal scores of ranks, penalty {} x sigma^2 x ln n, min segment {})",
                       o.pelt.penalty_factor, o.pelt.min_segment);
  return fmt::format(
      "edivisive (window {}, Student's t-test, strong p <= {}, weak p <= {}, min segment {})",
      o.edivisive.window, o.edivisive.max_p_value, o.edivisive.weak_p_value,
      o.edivisive.min_segment);
}

nlohmann::json to_json(const stats::ChangePointResult& r, const stats::DetectOptions& o,
                       const std::string& series) {
  nlohmann::json cps = nlohmann::json::array();
  for (const stats::ChangePoint& cp : r.change_points)
    cps.push_back(
        {{"index", cp.index},
         {"magnitude", number_or_null(cp.change.magnitude)},
         {"interval",
          {number_or_null(cp.change.magnitude_low), number_or_null(cp.change.magnitude_high)}},
         {"confidence",
          o.method == stats::ChangePointMethod::pelt ? o.pelt.confidence : o.edivisive.confidence},
         {"p_value", number_or_null(cp.p_value)},
         {"strong", cp.strong},
         {"median_before", cp.change.median_before},
         {"median_after", cp.change.median_after},
         {"n_before", cp.change.n_before},
         {"n_after", cp.change.n_after}});
  nlohmann::json doc = {
      {"series", series},
      {"method", r.method},
      {"settings", method_line(o)},
      {"test", o.method == stats::ChangePointMethod::pelt ? "Mann-Whitney U (descriptive)"
                                                          : "Student's t-test"},
      {"interval_method", "sign-test intervals of both medians"},
      {"n", r.n},
      {"enough_points", r.enough_points},
      {"change_points", cps},
      {"notes", r.notes}};
  return doc;
}

std::string percent(double v) {
  return std::isfinite(v) ? fmt::format("{:+.1f}%", 100 * v) : "n/a";
}

void write_text(std::ostream& out, const stats::ChangePointResult& r, const stats::DetectOptions& o,
                const std::string& series, bool color) {
  out << series << ": " << r.n << " points, method " << method_line(o) << "\n";
  for (const std::string& note : r.notes) out << "note: " << note << "\n";
  if (!r.enough_points) return;
  if (r.change_points.empty()) {
    out << "no change points\n";
    return;
  }
  TextTable table({"index", "kind", "p-value", "median before", "median after", "change",
                   "95% interval", "points before/after"});
  for (std::size_t c : {0, 2, 3, 4, 5, 7}) table.align_right(c);
  for (const stats::ChangePoint& cp : r.change_points) {
    const std::string interval = std::isfinite(cp.change.magnitude_low)
                                     ? "[" + percent(cp.change.magnitude_low) + ", " +
                                           percent(cp.change.magnitude_high) + "]"
                                     : "n/a";
    table.add_row({{std::to_string(cp.index), ""},
                   {cp.strong ? "strong" : "weak", ""},
                   {fmt::format("{:.2g}", cp.p_value), ""},
                   {fmt::format("{:.6g}", cp.change.median_before), ""},
                   {fmt::format("{:.6g}", cp.change.median_after), ""},
                   {percent(cp.change.magnitude), ""},
                   {interval, ""},
                   {fmt::format("{}/{}", cp.change.n_before, cp.change.n_after), ""}});
  }
  table.write(out, color);
  out << r.change_points.size() << " change point" << (r.change_points.size() == 1 ? "" : "s")
      << "; change: relative change of the median between the segments either side; interval: "
         "sign-test intervals of both medians (at least "
      << (o.method == stats::ChangePointMethod::pelt ? o.pelt.confidence : o.edivisive.confidence) *
             100
      << "% together)\n";
}

int detect_verb(const DetectArgs& a) {
  if (a.format != "text" && a.format != "json")
    throw input_error("--format " + a.format + ": unknown format; use text or json");
  const auto method = stats::parse_change_point_method(a.method);
  if (!method)
    throw input_error("--method " + a.method + ": unknown method; use edivisive or pelt");
  if (a.series.empty())
    throw input_error("perfgate detect: give the series to analyse with --series FILE");

  stats::DetectOptions o;
  o.method = *method;
  o.edivisive.include_weak = a.weak;
  if (a.window) o.edivisive.window = *a.window;
  if (a.max_p) {
    if (!(*a.max_p > 0 && *a.max_p < 0.1))
      throw input_error("--max-p " + std::to_string(*a.max_p) + ": use a p-value in (0, 0.1)");
    o.edivisive.max_p_value = *a.max_p;
    o.edivisive.weak_p_value = 10 * *a.max_p;
  }
  if (a.penalty) o.pelt.penalty_factor = *a.penalty;
  if (o.edivisive.window < 2 * o.edivisive.min_segment)
    throw input_error("--window " + std::to_string(o.edivisive.window) + ": use at least " +
                      std::to_string(2 * o.edivisive.min_segment) + " points");
  if (!(o.pelt.penalty_factor > 0)) throw input_error("--penalty: use a positive factor");

  const SeriesFile file = read_series_file(a.series);
  stats::ChangePointResult result = stats::detect_change_points(file.values, o);
  result.notes.insert(result.notes.begin(), file.notes.begin(), file.notes.end());

  write_output(a.output, [&](std::ostream& out) {
    if (a.format == "json")
      out << to_json(result, o, a.series).dump(2) << "\n";
    else
      write_text(out, result, o, a.series, a.output.empty() && use_color(a.common, 1));
  });
  return 0;
}

}  // namespace

void add_detect_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<DetectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "detect", "Find change points (lasting shifts) in a series (docs/changepoints.md)");
  cmd->add_option("--series", a->series,
                  "A series file: one value per line, index,value lines, or TCPD JSON");
  cmd->add_option("--method", a->method, "edivisive (default) or pelt");
  cmd->add_option("--format", a->format, "text (default) or json");
  cmd->add_option("--output", a->output, "Write the report to this file instead of stdout");
  cmd->add_flag("--weak", a->weak, "edivisive: also report weak change points");
  cmd->add_option("--window", a->window, "edivisive: points per window (50)");
  cmd->add_option("--max-p", a->max_p,
                  "edivisive: strong p-value threshold (0.0001); weak points use 10x it");
  cmd->add_option("--penalty", a->penalty, "pelt: penalty factor (8: x sigma^2 x ln n)");
  add_output_flags(cmd, a->common);
  cmd->callback([a, &action] { action = [a] { return detect_verb(*a); }; });
}

}  // namespace perfgate::cli
