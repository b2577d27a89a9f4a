// Reads a declared metric's value after a repetition: from the benchmark's
// stdout by regular expression, or from a JSON file it wrote by JSON pointer.
#pragma once

#include <optional>
#include <string>

#include "model/suite.hpp"

namespace perfgate {

struct MetricReading {
  std::optional<double> value;
  std::string why_not;  // when value is empty: one line, e.g.
                        // "pattern 'tok/s: ([0-9.]+)' matched nothing in 1.2 KiB of stdout"
};

// `cwd` is the benchmark's working folder (json_file is relative to it).
MetricReading read_metric(const DeclaredMetric& metric, const std::string& stdout_text,
                          const std::string& cwd);

// Removes the metric's JSON file before a repetition, so a stale file from an
// earlier repetition can never be read as this one's value. No-op for regexes.
void clear_metric_output(const DeclaredMetric& metric, const std::string& cwd);

}  // namespace perfgate
