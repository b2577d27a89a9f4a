// The project page (/p/NAME): every benchmark x metric of a project with its
// newest value, the change against the run before, the state of its newest
// change point, and a sparkline of its recent values.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "dashboard/series_row.hpp"

namespace perfgate::dashboard {

struct ProjectPage {
  std::string project;
  std::vector<SeriesRow> rows;  // shown in this order
  std::string newest_run;       // the id of the project's newest run ("" without runs)
  std::string newest_started;   // when it started (UTC)
  // For the footer: how change points were found (report/changepoints.hpp
  // detect_method_line), and over which runs of each series, e.g. "each
  // series' newest 200 runs in time order (the server has no repository)".
  std::string detect_method;
  std::string runs_analysed;
};

// One <tr> per row with data-benchmark, data-metric and data-state
// ("regression", "improvement", "steady", "short": too little history); the
// benchmark links to its series page.
void write_project_page(const ProjectPage& page, std::ostream& out);

}  // namespace perfgate::dashboard
