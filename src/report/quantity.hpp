// Numbers as people read them: durations, sizes and changes with units.
#pragma once

#include <optional>
#include <string>

#include "analyze/compare.hpp"

namespace perfgate {

// A side's centre as a report shows it: the median for a verdict on samples,
// "mean 98.0 tok/s" for one judged from summary statistics.
std::string format_center(const SideSummary& side, Method method, const std::string& unit);

// A value in its metric's unit: "23.4 ms" for ns, "12.3 MiB" for bytes,
// "812 MiB/s" otherwise (3 significant digits); "-" when absent.
std::string format_quantity(std::optional<double> value, const std::string& unit);

// Where a metric stands against its MVP and target, as every report says it:
// "17.0 s: within MVP 60.0 s; target 5.00 s not yet met (12.0 s to go)".
std::string format_stand(const MvpCheck& check, const std::string& unit);

// A relative change as a signed percentage: 0.034 -> "+3.4 %".
std::string format_change(double fraction);

// A p-value to two significant digits: "0.0012", "0.016", "0.62", "<0.0001".
std::string format_p(double p);

}  // namespace perfgate
