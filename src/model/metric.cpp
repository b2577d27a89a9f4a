#include "model/metric.hpp"

#include <array>

namespace perfgate {

std::string_view to_string(Direction d) {
  return d == Direction::lower_is_better ? "lower" : "higher";
}

std::optional<Direction> parse_direction(std::string_view s) {
  if (s == "lower") return Direction::lower_is_better;
  if (s == "higher") return Direction::higher_is_better;
  return std::nullopt;
}

namespace builtin {
std::optional<MetricInfo> find(std::string_view name) {
  static const std::array<MetricInfo, 5> all = {{
      {std::string(wall_time), "ns", Direction::lower_is_better, true},
      {std::string(user_time), "ns", Direction::lower_is_better, true},
      {std::string(system_time), "ns", Direction::lower_is_better, true},
      {std::string(peak_rss), "bytes", Direction::lower_is_better, true},
      {std::string(instructions), "instructions", Direction::lower_is_better, true},
  }};
  for (const auto& m : all)
    if (m.name == name) return m;
  return std::nullopt;
}
}  // namespace builtin

}  // namespace perfgate
