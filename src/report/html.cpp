// The HTML comparison page: both sides, the summary, a row per verdict with
// its numbers and a distribution plot (every sample of both sides as a tick,
// each side's median as a tall tick), changed rows first, the method last.
#include "report/html.hpp"

#include <algorithm>
#include <cmath>

#include "report/html_page.hpp"
#include "report/quantity.hpp"
#include "report/reporter.hpp"
#include "stats/summary.hpp"

namespace perfgate {
namespace {

using html::coord;
using html::escape;

// The plot's geometry, in SVG pixels: side labels on the left, one band per
// side, a value axis at the bottom.
constexpr double kWidth = 360, kHeight = 62;
constexpr double kPlotLeft = 64, kPlotRight = 352;
constexpr double kAxisY = 48;
struct Band {
  const char* side;  // "base" or "contender": the CSS class
  double top;        // of a sample's tick, which is kTick tall
};
constexpr double kTick = 14;
constexpr Band kBase{"base", 4}, kContender{"contender", 26};

// Above this many stable rows the stable table starts folded: a closed
// <details> is not laid out or painted until opened, which keeps a page of
// thousands of benchmarks quick to open, while a small page shows everything.
constexpr std::size_t kOpenStableRows = 20;

// Lower is more urgent: the order of the changed rows.
int urgency(Status s) {
  switch (s) {
    case Status::critical:
    case Status::over_budget:
    case Status::failed:
      return 0;
    case Status::warning:
      return 1;
    case Status::inconclusive:
      return 2;
    case Status::improvement:
      return 3;
    case Status::stable:
      return 4;
  }
  return 4;
}

// A CSS class and attribute value ("over_budget").
std::string status_name(Status s) { return std::string(to_string(s)); }

// As people read it ("over budget").
std::string status_text(Status s) {
  std::string text(to_string(s));
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

std::vector<double> finite(const std::vector<double>& xs) {
  std::vector<double> out;
  for (double x : xs)
    if (std::isfinite(x)) out.push_back(x);
  return out;
}

// What one side contributes to a plot: its samples, or (for a side that gave
// only a summary) its mean and standard deviation.
struct SideData {
  std::vector<double> samples;  // finite values only
  std::optional<double> mean, stddev;
  bool summary() const { return samples.empty() && mean.has_value(); }
};

SideData side_data(const std::vector<double>& samples, const SideSummary& s) {
  SideData d;
  d.samples = finite(samples);
  if (d.samples.empty() && s.mean && std::isfinite(*s.mean)) {
    d.mean = s.mean;
    if (s.stddev && std::isfinite(*s.stddev)) d.stddev = s.stddev;
  }
  return d;
}

void extend(const SideData& d, double& lo, double& hi) {
  auto take = [&](double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  };
  for (double x : d.samples) take(x);
  if (d.mean) {
    take(*d.mean - d.stddev.value_or(0));
    take(*d.mean + d.stddev.value_or(0));
  }
}

// One side's band: a series path with one "M" per sample, its median as a
// taller tick; or a summary's mean ± sd; or a note that there is nothing.
void write_band(std::ostream& out, const Band& band, const SideData& d, const html::Scale& x) {
  out << "<text x=\"0\" y=\"" << coord(band.top + 11) << "\">" << band.side << "</text>";
  out << "<path class=\"series " << band.side << "\" data-points=\"" << d.samples.size()
      << "\" d=\"";
  for (double v : d.samples) out << 'M' << coord(x(v)) << ' ' << coord(band.top) << 'v' << kTick;
  out << "\"/>";
  if (!d.samples.empty()) {
    out << "<path class=\"median " << band.side << "\" d=\"M" << coord(x(stats::median(d.samples)))
        << ' ' << coord(band.top - 3) << 'v' << kTick + 6 << "\"/>";
  } else if (d.mean) {
    double mid = band.top + kTick / 2;
    out << "<path class=\"summary " << band.side << "\" d=\"";
    if (d.stddev)
      out << 'M' << coord(x(*d.mean - *d.stddev)) << ' ' << coord(mid) << 'H'
          << coord(x(*d.mean + *d.stddev));
    out << 'M' << coord(x(*d.mean)) << ' ' << coord(band.top - 3) << 'v' << kTick + 6 << "\"/>";
  } else {
    out << "<text x=\"" << coord(kPlotLeft) << "\" y=\"" << coord(band.top + 11)
        << "\">no successful samples</text>";
  }
}

void write_axis(std::ostream& out, const html::Scale& x, const std::string& unit) {
  out << "<path class=\"axis\" d=\"M" << coord(kPlotLeft) << ' ' << coord(kAxisY) << 'H'
      << coord(kPlotRight);
  std::vector<double> ticks = html::nice_ticks(x.lo, x.hi, 4);
  for (double t : ticks) out << 'M' << coord(x(t)) << ' ' << coord(kAxisY) << "v3";
  out << "\"/>";
  std::string previous;
  for (double t : ticks) {
    std::string label = format_quantity(t, unit);
    if (label == previous) continue;  // 3 significant digits can repeat on a narrow range
    previous = label;
    out << "<text x=\"" << coord(x(t)) << "\" y=\"" << coord(kHeight - 2)
        << "\" text-anchor=\"middle\">" << escape(label) << "</text>";
  }
}

std::string side_title(const char* name, const SideData& d, const std::string& unit) {
  std::string t = name;
  if (!d.samples.empty())
    t += ": median " + format_quantity(stats::median(d.samples), unit) +
         ", n = " + std::to_string(d.samples.size());
  else if (d.mean)
    t += ": mean " + format_quantity(d.mean, unit) +
         (d.stddev ? " ± " + format_quantity(d.stddev, unit) : "") + " (summary)";
  else
    t += ": no successful samples";
  return t;
}

void write_distribution(std::ostream& out, const Verdict& v) {
  SideData base = side_data(v.base_samples, v.base);
  SideData contender = side_data(v.contender_samples, v.contender);
  double lo = INFINITY, hi = -INFINITY;
  extend(base, lo, hi);
  extend(contender, lo, hi);
  const bool empty = !(lo <= hi);
  if (empty) lo = hi = 0;
  html::pad_range(lo, hi);
  html::Scale x{lo, hi, kPlotLeft, kPlotRight};

  out << "<svg class=\"chart\" data-benchmark=\"" << escape(v.benchmark) << "\" data-metric=\""
      << escape(v.metric) << "\" data-status=\"" << status_name(v.status) << "\" data-method=\""
      << to_string(v.method) << "\" data-series=\"2\" width=\"" << kWidth << "\" height=\""
      << kHeight << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight << "\" role=\"img\">";
  out << "<title>"
      << escape(v.benchmark + " " + v.metric + ". " + side_title("base", base, v.unit) + "; " +
                side_title("contender", contender, v.unit))
      << "</title>";
  if (empty)
    out << "<path class=\"axis\" d=\"M" << coord(kPlotLeft) << ' ' << coord(kAxisY) << 'H'
        << coord(kPlotRight) << "\"/>";
  else
    write_axis(out, x, v.unit);
  write_band(out, kBase, base, x);
  write_band(out, kContender, contender, x);
  out << "</svg>";
  if (base.summary() || contender.summary())
    out << "<div class=\"muted\">summary statistics only: mean ± standard deviation</div>";
}

void write_side_row(std::ostream& out, const char* name, const RunSide& s) {
  std::string commit = s.git_commit.substr(0, 12);
  std::string cpu = s.cpu_model;
  if (s.logical_cores > 0) cpu += " (" + std::to_string(s.logical_cores) + " logical cores)";
  std::string os = s.os;
  if (!s.kernel.empty()) os += (os.empty() ? "" : ", ") + s.kernel;
  out << "<tr><th>" << name << "</th><td class=\"name\">" << escape(s.label)
      << "</td><td class=\"id\">" << escape(s.id) << (s.quick ? " (quick)" : "") << "</td><td>"
      << escape(commit) << "</td><td class=\"name\">" << escape(s.git_branch)
      << "</td><td class=\"id\">" << escape(s.started_at) << "</td><td>" << escape(cpu)
      << "</td><td>" << escape(os) << "</td><td>" << escape(s.source) << "</td></tr>\n";
}

void write_sides(std::ostream& out, const Comparison& c) {
  out << "<table class=\"sides\"><tr><th></th><th>as given</th><th>run</th><th>commit</th>"
         "<th>branch</th><th>started</th><th>CPU</th><th>OS</th><th>source</th></tr>\n";
  write_side_row(out, "base", c.base);
  write_side_row(out, "contender", c.contender);
  out << "</table>\n";
}

std::string center(const SideSummary& s, Method method, const std::string& unit) {
  std::string text = format_center(s, method, unit);
  if (method == Method::summaries && s.mean && s.stddev)
    text += " ± " + format_quantity(s.stddev, unit);
  return text;
}

void write_row(std::ostream& out, const Verdict& v) {
  const std::string status = status_name(v.status);
  out << "<tr class=\"" << status << "\"><td class=\"name\">" << escape(v.benchmark);
  if (v.status != Status::stable && !v.reason.empty())
    out << "<div class=\"reason\">" << escape(v.reason) << "</div>";
  // Where the run stands against its MVP and target, stable rows too.
  if (v.mvp) out << "<div class=\"reason\">" << escape(format_stand(*v.mvp, v.unit)) << "</div>";
  out << "</td><td>" << escape(v.metric) << "</td><td class=\"num\">"
      << escape(center(v.base, v.method, v.unit)) << "</td><td class=\"num\">"
      << escape(center(v.contender, v.method, v.unit)) << "</td><td class=\"num\">" << v.base.n
      << '/' << v.contender.n << "</td><td class=\"num\">";
  if (v.change)
    out << format_change(v.change->ratio - 1) << "<br><span class=\"muted\">"
        << format_change(v.change->ci_low - 1) << " … " << format_change(v.change->ci_high - 1)
        << "</span></td><td class=\"num\">" << format_p(v.change->p_adjusted);
  else
    out << "-</td><td class=\"num\">-";
  out << "</td><td class=\"status " << status << "\">" << status_text(v.status) << "</td><td>";
  write_distribution(out, v);
  out << "</td></tr>\n";
}

void write_table(std::ostream& out, const std::vector<const Verdict*>& rows, int confidence_pct) {
  out << "<table class=\"verdicts\"><tr><th>benchmark</th><th>metric</th><th>base</th>"
         "<th>contender</th><th>n</th><th>change<br>"
      << confidence_pct << " % CI</th><th>p (adj.)</th><th>status</th><th>distribution</th></tr>\n";
  for (const Verdict* v : rows) write_row(out, *v);
  out << "</table>\n";
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void write_verdicts(std::ostream& out, const Comparison& c) {
  std::vector<const Verdict*> changed, stable;
  for (const auto& v : c.verdicts) (v.status == Status::stable ? stable : changed).push_back(&v);
  std::stable_sort(changed.begin(), changed.end(), [](const Verdict* a, const Verdict* b) {
    return urgency(a->status) < urgency(b->status);
  });
  const int confidence_pct = static_cast<int>(std::lround(c.options.confidence * 100));
  if (c.verdicts.empty())
    out << "<p class=\"empty\">No benchmarks: the two runs have no benchmark in common that "
           "was compared.</p>\n";
  if (!changed.empty()) {
    out << "<h2>" << changed.size() << " not stable</h2>\n";
    write_table(out, changed, confidence_pct);
  }
  if (!stable.empty()) {
    out << "<details class=\"stable\"" << (stable.size() <= kOpenStableRows ? " open" : "")
        << "><summary>" << stable.size() << " stable</summary>\n";
    write_table(out, stable, confidence_pct);
    out << "</details>\n";
  }
  if (!c.only_in_base.empty())
    out << "<p class=\"muted\">Only in base, not compared: " << escape(joined(c.only_in_base))
        << "</p>\n";
  if (!c.only_in_contender.empty())
    out << "<p class=\"muted\">Only in contender, not compared: "
        << escape(joined(c.only_in_contender)) << "</p>\n";
  for (const auto& s : c.skipped)
    out << "<p class=\"skipped\">Skipped: " << escape(skipped_line(s)) << "</p>\n";
}

void write_footer(std::ostream& out, const Comparison& c) {
  long base_n = 0, contender_n = 0;
  for (const auto& v : c.verdicts) {
    base_n += v.base.n;
    contender_n += v.contender.n;
  }
  out << "<footer><p>n = successful samples, base/contender (" << base_n << " and " << contender_n
      << " in all). Each plot shows every sample of a side as a thin tick and its median as a "
         "thick one; rows judged from summary statistics show the mean ± standard deviation "
         "instead.</p><p>"
      << escape(method_note(c)) << ".</p></footer>\n";
}

class HtmlReporter : public Reporter {
 public:
  void write(const Comparison& c, std::ostream& out) const override {
    write_comparison_html(c, out);
  }
};

}  // namespace

void write_comparison_html(const Comparison& c, std::ostream& out,
                           const std::vector<HtmlLink>& nav) {
  const std::string summary = summary_line(c.summary);
  html::begin_page(out, "perfgate: " + summary, nav);
  out << "<header><h1>perfgate comparison</h1>\n<p class=\"summary\">" << escape(summary)
      << "</p>\n";
  write_sides(out, c);
  out << "</header>\n<main>\n";
  write_verdicts(out, c);
  out << "</main>\n";
  write_footer(out, c);
  html::end_page(out);
}

std::unique_ptr<Reporter> make_html_reporter() { return std::make_unique<HtmlReporter>(); }

}  // namespace perfgate
