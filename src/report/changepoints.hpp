// `perfgate detect` output (docs/changepoints.md; the JSON of the store mode
// in docs/formats.md, "Change points (detect)"): one series file's change
// points, or the change points of the store's series with their runs and
// commits. Not a Reporter: those present a comparison of two runs.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyze/series_changes.hpp"
#include "stats/changepoint.hpp"
#include "stats/changepoint_detect.hpp"

namespace perfgate {

// How the method judged, in one line: the settings that decide what is found,
// "edivisive (window 50, Student's t-test, strong p <= 0.0001, ...)".
std::string detect_method_line(const stats::DetectOptions& options);

// --series FILE: the change points of one series as given (`series` names it).
void write_series_detection_text(const stats::ChangePointResult& result,
                                 const stats::DetectOptions& options, const std::string& series,
                                 std::ostream& out, bool color);
void write_series_detection_json(const stats::ChangePointResult& result,
                                 const stats::DetectOptions& options, const std::string& series,
                                 std::ostream& out);

// The store mode: every series analysed, regressions first, then
// improvements, each newest first (by the time the first bad run started),
// one line each; the series with too little history; a summary line.
// `since`: --since as given, empty when not.
void write_store_detection_text(const std::vector<SeriesChanges>& all,
                                const stats::DetectOptions& options, const std::string& since,
                                std::ostream& out, bool color);
void write_store_detection_json(const std::vector<SeriesChanges>& all,
                                const stats::DetectOptions& options, const std::string& since,
                                const GatePolicy& policy, std::ostream& out);

// "3 series, 2 change points: 1 regression, 1 improvement; 1 series with too
// little history: newbie wall_time".
std::string detection_summary_line(const std::vector<SeriesChanges>& all);

}  // namespace perfgate
