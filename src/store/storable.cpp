#include "store/storable.hpp"

#include <set>
#include <string>

#include "model/error.hpp"

namespace perfgate {

void check_storable(const Run& run) {
  if (run.id.empty()) throw input_error("a run without an id cannot be stored; give the run an id");
  const std::string where = "run " + run.id + ": ";
  std::set<std::string> benchmarks;
  for (std::size_t b = 0; b < run.benchmarks.size(); ++b) {
    const BenchmarkResult& bench = run.benchmarks[b];
    if (!benchmarks.insert(bench.name).second) {
      throw input_error(where + "benchmark \"" + bench.name +
                        "\" appears twice; benchmark names must be unique within a run");
    }
    std::set<std::string> metrics;
    for (const auto& m : bench.metrics) {
      if (!metrics.insert(m.name).second) {
        throw input_error(where + "benchmark \"" + bench.name + "\" declares metric \"" + m.name +
                          "\" twice; declare each metric once");
      }
    }
    std::set<int> indexes;
    for (const auto& r : bench.repetitions) {
      if (!indexes.insert(r.index).second) {
        throw input_error(where + "benchmark \"" + bench.name + "\" has repetition " +
                          std::to_string(r.index) + " twice; repetition indexes must be unique");
      }
      if (!r.ok) continue;
      for (const auto& [metric, value] : r.values) {
        if (value != value) {
          throw input_error(where + "benchmarks[" + std::to_string(b) + "].repetitions[" +
                            std::to_string(r.index) + "].values." + metric +
                            " is NaN; the store keeps only numbers (a repetition without a value "
                            "should be marked failed)");
        }
      }
    }
  }
}

}  // namespace perfgate
