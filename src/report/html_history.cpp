// The HTML history page: for each series (benchmark x judged metric) of a
// run sequence, the median of every run as a marked point on a line, a gap
// where a run has no value, the newest run's point highlighted; a table of
// the runs at the end says which number is which run.
#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "model/units.hpp"
#include "report/html.hpp"
#include "report/html_page.hpp"
#include "report/quantity.hpp"
#include "stats/summary.hpp"

namespace perfgate {
namespace {

using html::coord;
using html::escape;

constexpr double kWidth = 640, kHeight = 172;
// The plot ends well before the right edge: the latest run's label sits
// right of its point, clear of the line.
constexpr double kPlotLeft = 76, kPlotRight = 540, kPlotTop = 22, kPlotBottom = 142;

struct Point {
  std::size_t run;  // index into the page's runs, oldest first
  double value;     // in the series' unit
  int n;            // samples behind it (for a summary: the count it summarised)
  bool summary;     // a mean or median the source gave, not one perfgate computed
};

struct Series {
  std::string benchmark, metric, unit;
  Direction direction = Direction::lower_is_better;
  std::vector<Point> points;  // by run, oldest first; runs without a value are absent
};

// A run's benchmarks by name: a page of thousands of benchmarks must not
// search every run linearly for every series.
using BenchmarkIndex = std::unordered_map<std::string, const BenchmarkResult*>;

BenchmarkIndex index_of(const Run& run) {
  BenchmarkIndex index;
  for (const auto& b : run.benchmarks) index.emplace(b.name, &b);
  return index;
}

// A run's value for one series, in `unit`: the median of its successful
// samples, else the summary's median or mean; nullopt when it has none or
// recorded the metric in a unit that does not convert.
std::optional<Point> point_of(const BenchmarkIndex& run, std::size_t index, const Series& s) {
  auto found = run.find(s.benchmark);
  if (found == run.end()) return std::nullopt;
  const BenchmarkResult& b = *found->second;
  const MetricInfo* info = b.find_metric(s.metric);
  if (!info) return std::nullopt;
  double factor = 1;
  if (info->unit != s.unit) {
    std::optional<double> f = conversion_factor(info->unit, s.unit);
    if (!f) return std::nullopt;
    factor = *f;
  }
  std::vector<double> xs;
  for (double x : b.samples(s.metric))
    if (std::isfinite(x)) xs.push_back(x);
  if (!xs.empty())
    return Point{index, stats::median(xs) * factor, static_cast<int>(xs.size()), false};
  auto it = b.summaries.find(s.metric);
  if (it == b.summaries.end()) return std::nullopt;
  double v = it->second.median.value_or(it->second.mean);
  if (!std::isfinite(v)) return std::nullopt;
  return Point{index, v * factor, it->second.n, true};
}

// The series of `runs`, in the newest run's benchmark and metric order (then
// those only older runs have), each in the unit its newest run used. Only
// judged metrics: the recorded-but-not-judged built-ins would triple the page
// with noise nobody gates on.
std::vector<Series> collect_series(const std::vector<Run>& runs) {
  std::vector<Series> series;
  std::set<std::pair<std::string, std::string>> known;
  for (auto run = runs.rbegin(); run != runs.rend(); ++run)
    for (const auto& b : run->benchmarks)
      for (const auto& m : b.metrics)
        if (m.compared && known.emplace(b.name, m.name).second)
          series.push_back(Series{b.name, m.name, m.unit, m.direction, {}});
  for (std::size_t i = 0; i < runs.size(); ++i) {
    BenchmarkIndex index = index_of(runs[i]);
    for (auto& s : series)
      if (std::optional<Point> p = point_of(index, i, s)) s.points.push_back(*p);
  }
  return series;
}

std::string short_commit(const Run& r) { return r.environment.git.commit.substr(0, 7); }

double run_x(std::size_t index, std::size_t runs) {
  if (runs < 2) return (kPlotLeft + kPlotRight) / 2;
  return kPlotLeft +
         static_cast<double>(index) * (kPlotRight - kPlotLeft) / static_cast<double>(runs - 1);
}

void write_axes(std::ostream& out, const html::Scale& y, const std::string& unit,
                std::size_t runs) {
  std::vector<double> ticks = html::nice_ticks(y.lo, y.hi, 4);
  out << "<path class=\"axis\" d=\"M" << coord(kPlotLeft - 6) << ' ' << coord(kPlotBottom + 6)
      << 'H' << coord(kPlotRight + 6);
  for (double t : ticks) out << 'M' << coord(kPlotLeft - 6) << ' ' << coord(y(t)) << "h-3";
  out << "\"/>";
  std::string previous;
  for (double t : ticks) {
    std::string label = format_quantity(t, unit);
    if (label == previous) continue;
    previous = label;
    out << "<text x=\"" << coord(kPlotLeft - 12) << "\" y=\"" << coord(y(t) + 3)
        << "\" text-anchor=\"end\">" << escape(label) << "</text>";
  }
  // Run numbers (as in the table of runs) under the axis, at most about ten.
  const std::size_t every = std::max<std::size_t>(1, (runs + 9) / 10);
  for (std::size_t i = 0; i < runs; ++i)
    if (i % every == 0 || i + 1 == runs)
      out << "<text x=\"" << coord(run_x(i, runs)) << "\" y=\"" << coord(kPlotBottom + 20)
          << "\" text-anchor=\"middle\">#" << i + 1 << "</text>";
}

std::string point_title(const Run& run, const Point& p, const Series& s) {
  std::string t = "#" + std::to_string(p.run + 1) + " " + run.id;
  if (!run.environment.git.commit.empty()) t += ", commit " + short_commit(run);
  if (!run.environment.git.branch.empty()) t += " on " + run.environment.git.branch;
  t += ", " + run.started_at + ": " + (p.summary ? "" : "median ") +
       format_quantity(p.value, s.unit) + " (n = " + std::to_string(p.n) + ")";
  return t;
}

void write_chart(std::ostream& out, const Series& s, const std::vector<Run>& runs) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& p : s.points) {
    lo = std::min(lo, p.value);
    hi = std::max(hi, p.value);
  }
  if (s.points.empty()) lo = hi = 0;
  html::pad_range(lo, hi);
  html::Scale y{lo, hi, kPlotBottom, kPlotTop};  // larger values higher up
  const bool has_latest = !s.points.empty() && s.points.back().run + 1 == runs.size();

  out << "<svg class=\"chart history\" data-benchmark=\"" << escape(s.benchmark)
      << "\" data-metric=\"" << escape(s.metric) << "\" data-series=\"1\" data-runs=\""
      << runs.size() << "\" data-latest=\"" << (has_latest ? 1 : 0) << "\" width=\"" << kWidth
      << "\" height=\"" << kHeight << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight
      << "\" role=\"img\">";
  write_axes(out, y, s.unit, runs.size());

  // The line breaks (a new "M") wherever a run in between has no value.
  out << "<path class=\"line\" d=\"";
  for (std::size_t k = 0; k < s.points.size(); ++k) {
    const Point& p = s.points[k];
    bool joined = k > 0 && s.points[k - 1].run + 1 == p.run;
    out << (joined ? 'L' : 'M') << coord(run_x(p.run, runs.size())) << ' ' << coord(y(p.value));
  }
  out << "\"/>";
  // Every run's marker: a zero-length segment drawn with a round cap is a dot.
  out << "<path class=\"series runs\" data-points=\"" << s.points.size() << "\" d=\"";
  for (const auto& p : s.points)
    out << 'M' << coord(run_x(p.run, runs.size())) << ' ' << coord(y(p.value)) << "h0";
  out << "\"/>";
  if (has_latest) {
    const Point& p = s.points.back();
    double px = run_x(p.run, runs.size()), py = y(p.value);
    out << "<path class=\"latest\" data-run=\"" << escape(runs[p.run].id) << "\" d=\"M" << coord(px)
        << ' ' << coord(py) << "h0\"/><text class=\"latest-label\" x=\"" << coord(px + 12)
        << "\" y=\"" << coord(py + 4) << "\">latest " << escape(format_quantity(p.value, s.unit))
        << "</text>";
  }
  // Hover targets with the run behind each point (a browser shows <title>).
  out << "<g class=\"tips\">";
  for (const auto& p : s.points)
    out << "<circle cx=\"" << coord(run_x(p.run, runs.size())) << "\" cy=\"" << coord(y(p.value))
        << "\" r=\"7\"><title>" << escape(point_title(runs[p.run], p, s)) << "</title></circle>";
  out << "</g></svg>\n";
}

void write_caption(std::ostream& out, const Series& s, std::size_t runs) {
  out << "<figcaption><b class=\"name\">" << escape(s.benchmark) << "</b> " << escape(s.metric)
      << " <span class=\"muted\">(" << escape(s.unit) << ", "
      << (s.direction == Direction::lower_is_better ? "lower" : "higher") << " is better; "
      << s.points.size() << " of " << runs << " runs";
  if (s.points.empty() || s.points.back().run + 1 != runs) out << "; no value in the latest run";
  out << ")</span></figcaption>";
}

void write_runs_table(std::ostream& out, const std::vector<Run>& runs) {
  out << "<h2>Runs</h2>\n<table class=\"runs\"><tr><th>#</th><th>run</th><th>started</th>"
         "<th>commit</th><th>branch</th><th>benchmarks</th><th>failed repetitions</th></tr>\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Run& r = runs[i];
    int failed = 0;
    for (const auto& b : r.benchmarks) failed += b.failed_count();
    out << "<tr><td class=\"num\">" << i + 1 << (i + 1 == runs.size() ? " (latest)" : "")
        << "</td><td class=\"name\">" << escape(r.id) << "</td><td>" << escape(r.started_at)
        << "</td><td>" << escape(short_commit(r)) << "</td><td class=\"name\">"
        << escape(r.environment.git.branch) << "</td><td class=\"num\">" << r.benchmarks.size()
        << "</td><td class=\"num\">" << failed << "</td></tr>\n";
  }
  out << "</table>\n";
}

}  // namespace

std::size_t write_history_html(const std::vector<Run>& runs, std::ostream& out,
                               const std::vector<HtmlLink>& nav) {
  const std::string suite = runs.empty() ? "" : runs.back().suite_name;
  html::begin_page(out, "perfgate history" + (suite.empty() ? "" : ": " + suite), nav);
  out << "<header><h1>perfgate history" << (suite.empty() ? "" : ": " + escape(suite))
      << "</h1>\n<p class=\"summary\">";
  if (runs.empty())
    out << "No runs.";
  else
    out << runs.size() << (runs.size() == 1 ? " run" : " runs") << ", from "
        << escape(runs.front().started_at) << " to " << escape(runs.back().started_at);
  out << "</p>\n<p class=\"muted\">Each point is the median of one run's successful samples "
         "(the mean or median a summary-only source gave, where it had no samples); the "
         "highlighted point is the latest run.</p>\n</header>\n<main>\n";

  std::vector<Series> series = collect_series(runs);
  if (!runs.empty() && series.empty())
    out << "<p class=\"empty\">No benchmarks in these runs.</p>\n";
  for (const auto& s : series) {
    out << "<figure>";
    write_caption(out, s, runs.size());
    write_chart(out, s, runs);
    out << "</figure>\n";
  }
  if (!runs.empty()) write_runs_table(out, runs);
  out << "</main>\n";
  html::end_page(out);
  return series.size();
}

}  // namespace perfgate
