#include "report/html_page.hpp"

#include <cmath>
#include <cstdio>

namespace perfgate::html {
namespace {

// One style sheet for both pages. Colours are variables so that the dark
// scheme is one block; charts take their colours from classes and from the
// chart's data-status, so each SVG carries no style of its own.
constexpr const char* kStyle = R"css(
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0;
--base:#6e7781;--contender:#0969da;--critical:#cf222e;--warning:#bc4c00;--improvement:#1a7f37;
--stable:#0969da;--inconclusive:#9a6700;--failed:#8250df;--latest:#e16f24}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;
--line:#3d444d;--base:#9198a1;--contender:#4493f8;--critical:#f85149;--warning:#db6d28;
--improvement:#3fb950;--stable:#4493f8;--inconclusive:#d29922;--failed:#ab7df8;--latest:#f0883e}}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);
background:var(--bg);margin:1.5rem;max-width:90rem}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
nav{margin-bottom:.8rem}nav a{margin-right:1rem}a{color:var(--contender)}
.summary{font-size:1.05rem;font-weight:600}
.muted,.reason,footer{color:var(--muted)}.reason{font-size:.9em}.skipped{color:var(--warning);font-weight:600}
table{border-collapse:collapse}
th,td{padding:.3rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
th{font-weight:600;white-space:nowrap}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.name{max-width:26rem;overflow-wrap:anywhere}.id{white-space:nowrap}
.sides td,.sides th{vertical-align:top}
.status{font-weight:600;white-space:nowrap}
.status.critical,.status.over_budget{color:var(--critical)}.status.warning{color:var(--warning)}
.status.improvement{color:var(--improvement)}.status.inconclusive{color:var(--inconclusive)}
.status.failed{color:var(--failed)}.status.stable{color:var(--muted)}
details>summary{cursor:pointer;font-weight:600;margin:1rem 0 .5rem}
footer{margin-top:2rem;font-size:.85em;max-width:70rem}
figure{margin:0 0 1.2rem}figcaption{margin-bottom:.2rem}
svg.chart{display:block;overflow:visible}
svg.chart text{font-size:10px;fill:var(--muted)}
svg.chart .axis{stroke:var(--line);fill:none}
svg.chart .series,svg.chart .median,svg.chart .summary{fill:none}
svg.chart .series{stroke-width:1.5;stroke-opacity:.75}
svg.chart .median{stroke-width:3}svg.chart .summary{stroke-width:2}
svg.chart .base{stroke:var(--base)}svg.chart .contender{stroke:var(--contender)}
svg.chart[data-status=critical] .contender,svg.chart[data-status=over_budget] .contender{stroke:var(--critical)}
svg.chart[data-status=warning] .contender{stroke:var(--warning)}
svg.chart[data-status=improvement] .contender{stroke:var(--improvement)}
svg.chart[data-status=inconclusive] .contender{stroke:var(--inconclusive)}
svg.chart[data-status=failed] .contender{stroke:var(--failed)}
svg.history .line{fill:none;stroke:var(--contender);stroke-width:1.5}
svg.history .series{stroke:var(--contender);stroke-width:7;stroke-linecap:round;stroke-opacity:1}
svg.history .latest{fill:none;stroke:var(--latest);stroke-width:13;stroke-linecap:round}
svg.history text.latest-label{fill:var(--latest);font-weight:600}
svg.history .tips circle{fill:transparent}
)css";

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
          out += ' ';
        else
          out += ch;
    }
  }
  return out;
}

std::string coord(double v) {
  double r = std::round(v * 10) / 10;
  if (r == 0) r = 0;  // no "-0"
  char buf[32];
  if (r == std::floor(r))
    std::snprintf(buf, sizeof buf, "%.0f", r);
  else
    std::snprintf(buf, sizeof buf, "%.1f", r);
  return buf;
}

void pad_range(double& lo, double& hi) {
  double span = hi - lo;
  if (!(span > 0)) {
    // One value: a ±2 % window around it (or ±1 around zero), so it sits mid-axis.
    span = lo != 0 ? std::abs(lo) * 0.04 : 2;
    lo -= span / 2;
    hi += span / 2;
    return;
  }
  lo -= span * 0.05;
  hi += span * 0.05;
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  std::vector<double> ticks;
  if (!(hi > lo) || max_ticks < 1) return ticks;
  double raw = (hi - lo) / max_ticks;
  double power = std::pow(10, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  // Integer multiples of the step, so the values print without float drift.
  for (double k = std::ceil(lo / step); k * step <= hi; ++k) ticks.push_back(k * step);
  return ticks;
}

void begin_page(std::ostream& out, const std::string& title, const std::vector<HtmlLink>& nav) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>"
      << escape(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
  if (!nav.empty()) {
    out << "<nav>";
    for (const auto& link : nav)
      out << "<a href=\"" << escape(link.href) << "\">" << escape(link.text) << "</a>";
    out << "</nav>\n";
  }
}

void end_page(std::ostream& out) { out << "</body>\n</html>\n"; }

}  // namespace perfgate::html
