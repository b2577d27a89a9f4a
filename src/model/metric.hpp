// Metrics: named quantities with a unit and a direction.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace perfgate {

enum class Direction { lower_is_better, higher_is_better };

// "lower" / "higher", as written in suites and result files.
std::string_view to_string(Direction d);
std::optional<Direction> parse_direction(std::string_view s);

struct MetricInfo {
  std::string name;   // e.g. "wall_time", "tokens_per_second"
  std::string unit;   // e.g. "ns", "bytes", "tokens/s"
  Direction direction = Direction::lower_is_better;
  // Whether compare judges this metric. Built-in metrics the suite did not ask
  // to compare are still recorded (raw samples are kept) but not judged.
  bool compared = true;
};

// Built-in metrics every command benchmark records in every repetition
// (instructions: only when asked for).
namespace builtin {
inline constexpr std::string_view wall_time = "wall_time";      // ns, monotonic clock
inline constexpr std::string_view user_time = "user_time";      // ns, from wait4
inline constexpr std::string_view system_time = "system_time";  // ns, from wait4
inline constexpr std::string_view peak_rss = "peak_rss";        // bytes, from wait4
// Instructions retired in user space, counted in runs of their own after the
// timed repetitions (collect/instructions.hpp). Recorded only when the suite
// lists it in builtin_metrics: counting costs extra runs.
inline constexpr std::string_view instructions = "instructions";  // unit "instructions"
// The built-in metric, or nullopt when `name` is not one.
std::optional<MetricInfo> find(std::string_view name);
}  // namespace builtin

}  // namespace perfgate
