// What the Markdown report says about a comparison, as plain data rather than
// Markdown: the order of its rows, each run's facts, the sample counts. The
// dashboard's comparison page (src/dashboard/compare_page.cpp) shows the same
// content as HTML; one definition keeps a pull-request comment and the page
// from disagreeing.
#pragma once

#include <string>
#include <vector>

#include "analyze/compare.hpp"

namespace perfgate {

struct ReportOrder {
  // Every verdict that is not stable, worst first: what blocks the merge
  // (critical, over budget, failed), then what needs a look (warnings, and
  // regressions already in the history), inconclusive, then improvements;
  // the comparison's order within each rank.
  std::vector<const Verdict*> changed;
  std::vector<const Verdict*> stable;  // in the comparison's order
};

// Pointers into `comparison.verdicts`, valid while it lives unchanged.
ReportOrder report_order(const Comparison& comparison);

// A run as a report's footnote names it.
struct SideFacts {
  std::string run;     // the run id, else the label the user gave
  std::string commit;  // 7 digits; empty without git state
  std::string branch;
  bool quick = false;
  // "CPU (8 logical cores), OS, compiler, ingested from FORMAT": what is
  // known of these, comma-separated; empty when nothing is.
  std::string environment;
};
SideFacts side_facts(const RunSide& side);

// "Samples per row: base n=10, contender n=8–10. " ("" without verdicts).
std::string sample_counts(const Comparison& comparison);

}  // namespace perfgate
