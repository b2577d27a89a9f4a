#include "stats/changepoint_detect.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace perfgate::stats {

std::optional<ChangePointMethod> parse_change_point_method(std::string_view name) {
  if (name == "edivisive") return ChangePointMethod::edivisive;
  if (name == "pelt") return ChangePointMethod::pelt;
  return std::nullopt;
}

std::string_view method_name(ChangePointMethod method) {
  return method == ChangePointMethod::pelt ? "pelt" : "edivisive";
}

std::unique_ptr<ChangePointDetector> make_detector(const DetectOptions& options) {
  if (options.method == ChangePointMethod::pelt) return std::make_unique<Pelt>(options.pelt);
  return std::make_unique<EDivisive>(options.edivisive);
}

ChangePointResult detect_change_points(std::span<const double> values,
                                       const DetectOptions& options) {
  std::vector<double> present;
  std::vector<std::size_t> position;  // position[i]: where present[i] is in `values`
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    if (std::isinf(values[i]))
      throw std::invalid_argument("point " + std::to_string(i) + " is infinite");
    present.push_back(values[i]);
    position.push_back(i);
  }
  auto detector = make_detector(options);
  ChangePointResult result = detector->analyse(present);
  for (ChangePoint& cp : result.change_points) cp.index = position[cp.index];
  const std::size_t missing = values.size() - present.size();
  if (missing > 0)
    result.notes.push_back(std::to_string(missing) + " missing point" + (missing == 1 ? "" : "s") +
                           " skipped; indices count them");
  return result;
}

}  // namespace perfgate::stats
