// Change points of one series with any method, over values as they come from
// a file or the store: missing points (NaN) are skipped, and the indices of
// the result point into the series as given. The entry point `perfgate
// detect` uses for a series file, and the store mode for each series.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "stats/changepoint.hpp"
#include "stats/edivisive.hpp"
#include "stats/pelt.hpp"

namespace perfgate::stats {

enum class ChangePointMethod { edivisive, pelt };

// "edivisive" / "pelt", or nullopt for another word.
std::optional<ChangePointMethod> parse_change_point_method(std::string_view name);
std::string_view method_name(ChangePointMethod method);

struct DetectOptions {
  ChangePointMethod method = ChangePointMethod::edivisive;
  EDivisiveOptions edivisive;
  PeltOptions pelt;
};

std::unique_ptr<ChangePointDetector> make_detector(const DetectOptions& options);

// Analyses `values`, where NaN marks a missing point. Missing points are
// dropped before the analysis (a note counts them), and every index in the
// result is mapped back to the position in `values`: a change point is the
// first present point of its regime. result.n counts the present points.
// Infinite values: std::invalid_argument (the caller decides what to say).
ChangePointResult detect_change_points(std::span<const double> values,
                                       const DetectOptions& options = {});

}  // namespace perfgate::stats
