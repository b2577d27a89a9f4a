// The regressions page (/p/NAME/regressions): the open change points of a
// project, that is every series whose newest change point made it worse
// (a regression at the head), newest first, each linking to its series and
// to the comparison of the runs either side of the change.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "dashboard/series_row.hpp"

namespace perfgate::dashboard {

struct RegressionsPage {
  std::string project;
  // Every series of the project (as for the project page): the page keeps
  // those with an open regression.
  std::vector<SeriesRow> rows;
  std::string detect_method;  // as ProjectPage
  std::string runs_analysed;
};

// The open regressions of `rows`, newest first: by the time their first bad
// run started, then by benchmark and metric.
std::vector<const SeriesRow*> open_regressions(const std::vector<SeriesRow>& rows);

// One <tr class="regression" data-benchmark data-metric data-run-id> per
// open regression (data-run-id: the first bad run).
void write_regressions_page(const RegressionsPage& page, std::ostream& out);

}  // namespace perfgate::dashboard
