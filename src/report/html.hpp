// The HTML pages of `perfgate report --html`: a comparison (a distribution
// plot per benchmark x metric) and a history (a line chart per series). Each
// page is one self-contained file: inline CSS and SVG that perfgate writes
// itself, no script, no font, no network request, so it opens offline, from
// a CI artifact or from disk, and the same input gives the same bytes.
//
// Every chart is an <svg class="chart"> carrying data-benchmark and
// data-metric; each series is ONE <path class="series ..."> whose data has
// one "M" per point (data-points says how many), so a page with 5,000
// benchmarks has a constant number of elements per chart.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "analyze/compare.hpp"
#include "model/run.hpp"

namespace perfgate {

// A link in a page's navigation bar, e.g. {"history.html", "history"}; the
// href is written as given (escaped), relative to the page.
struct HtmlLink {
  std::string href;
  std::string text;
};

// The comparison page; what make_html_reporter() writes (with no links).
void write_comparison_html(const Comparison& comparison, std::ostream& out,
                           const std::vector<HtmlLink>& nav = {});

// The history page of `runs`, oldest first (e.g. the last N stored runs of a
// suite): a line chart per series (benchmark x judged metric) with the median
// of each run as a marked point, the newest run's point highlighted, and a
// gap where a run lacks the benchmark or has no successful sample of it.
// Returns the number of series drawn.
std::size_t write_history_html(const std::vector<Run>& runs, std::ostream& out,
                               const std::vector<HtmlLink>& nav = {});

}  // namespace perfgate
