// The comparison page (/p/NAME/compare?base=RUN&contender=RUN): the same
// content as the Markdown report of `perfgate compare` (report/markdown.cpp),
// as HTML: the summary, the benchmarks either side skipped, what changed
// (worst first, report/report_order.hpp), the reasons and MVP stands, the
// stable rows folded, and both runs with the method and sample counts. The
// verdicts are compare_runs'; this page only lays them out.
#pragma once

#include <ostream>
#include <string>

#include "analyze/compare.hpp"

namespace perfgate::dashboard {

struct ComparePage {
  std::string project;
  Comparison comparison;
};

// Each verdict is a <tr class="verdict" data-benchmark data-metric
// data-status>; its benchmark links to the series page.
void write_compare_page(const ComparePage& page, std::ostream& out);

}  // namespace perfgate::dashboard
