// The relative limits a stored run judged a benchmark with: what `detect`,
// the API's change points and the dashboard grade a series' change points by
// (the limits of its newest run, so that a suite's new limits apply at once).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/limits.hpp"
#include "model/run.hpp"
#include "model/series.hpp"
#include "store/store.hpp"

namespace perfgate {

// Reads each run once and keeps it, for the many series of one request.
class RunLimits {
 public:
  explicit RunLimits(Store& store) : store_(store) {}
  // The limits for `direction` that the run with this store id gave
  // `benchmark`; perfgate's defaults when the run is gone or lacks it.
  RelativeLimits of(std::int64_t store_id, const std::string& benchmark, Direction direction);
  // Those of the newest point of a series (defaults for an empty one).
  RelativeLimits of_newest(const std::vector<SeriesPoint>& points, const std::string& benchmark,
                           Direction direction);

 private:
  Store& store_;
  std::map<std::int64_t, std::optional<Run>> runs_;
};

}  // namespace perfgate
