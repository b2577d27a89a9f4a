#include "store/run_limits.hpp"

namespace perfgate {

RelativeLimits RunLimits::of(std::int64_t store_id, const std::string& benchmark,
                             Direction direction) {
  auto it = runs_.find(store_id);
  if (it == runs_.end()) it = runs_.emplace(store_id, store_.load(store_id)).first;
  if (it->second)
    if (const BenchmarkResult* b = it->second->find_benchmark(benchmark))
      return b->limits.for_direction(direction);
  return Limits{}.for_direction(direction);
}

RelativeLimits RunLimits::of_newest(const std::vector<SeriesPoint>& points,
                                    const std::string& benchmark, Direction direction) {
  if (points.empty()) return Limits{}.for_direction(direction);
  return of(points.back().store_id, benchmark, direction);
}

}  // namespace perfgate
