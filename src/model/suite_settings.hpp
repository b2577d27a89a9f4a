// The settings a table of a suite file gives for how benchmarks are measured
// and judged, and how such tables stack (docs/formats.md, "Precedence"):
// built-in defaults < [defaults] < [platform.NAME] < each matching
// [[override]] in file order < the benchmark's own keys. Internal to the suite
// reader (model/suite_toml.cpp).
#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/suite.hpp"
#include "model/suite_budgets.hpp"
#include "model/toml_reader.hpp"

namespace perfgate {

// The keys [defaults], [platform.NAME] and [[override]] accept, and
// [[benchmark]] too, in the order messages list them.
inline constexpr std::string_view kSettingKeys[] = {
    "warmup",          "runs",    "timeout",  "cooldown", "threshold", "max_output",
    "builtin_metrics", "warning", "critical", "budget"};

// One relative limit as a table set it.
struct LimitSetting {
  double fraction = 0;
  toml::source_region at;  // the key's value (for a derived critical: threshold's)
};

// What one table sets; every key optional.
struct Settings {
  std::string label;  // names the table in messages: "[defaults]", "[[override]] \"gemm_*\""
  std::optional<int> warmup;
  std::optional<int> runs;
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<std::chrono::nanoseconds> cooldown;
  std::optional<std::uint64_t> max_output_bytes;
  std::optional<std::vector<std::string>> builtin_metrics;
  // Relative limits per direction; `threshold` is already expanded into these.
  std::optional<LimitSetting> lower_warning, lower_critical, higher_warning, higher_critical;
  std::vector<BudgetSetting> budgets;
};

// Reads the setting keys of `t` (other keys are the caller's to check).
Settings read_settings(const TomlReader& reader, const toml::table& t, std::string label);

// Applies `layers`, lowest precedence first, onto `spec` (which holds the
// built-in defaults and the benchmark's name and declared metrics): later
// layers win key by key; a budget replaces every budget of a lower layer on
// the same metric. Then checks, for the effective values, that critical is at
// least warning in each direction and that every budget names a metric of the
// benchmark and fits its unit and direction. Throws input_error placed at the
// key that made the mistake.
void apply_settings(const TomlReader& reader, std::span<const Settings* const> layers,
                    BenchmarkSpec& spec);

}  // namespace perfgate
