#include "report/run_summary.hpp"

#include <algorithm>

#include "report/quantity.hpp"
#include "report/table.hpp"
#include "stats/summary.hpp"

namespace perfgate {

void write_run_summary(const Run& run, std::ostream& out, bool color) {
  TextTable table({"benchmark", "metric", "n", "median", "min", "max", "failed"});
  for (std::size_t col : {2u, 3u, 4u, 5u, 6u}) table.align_right(col);
  for (const auto& b : run.benchmarks) {
    int failed = b.failed_count();
    bool first = true;
    for (const auto& m : b.metrics) {
      if (!m.compared) continue;
      std::vector<double> xs = b.samples(m.name);
      std::optional<double> med, lo, hi;
      if (!xs.empty()) {
        med = stats::median(xs);
        lo = *std::min_element(xs.begin(), xs.end());
        hi = *std::max_element(xs.begin(), xs.end());
      }
      std::string fail_code = failed > 0 ? "1;35" : "";
      table.add_row({{first ? b.name : "", ""},
                     {m.name, ""},
                     {std::to_string(xs.size()), ""},
                     {format_quantity(med, m.unit), ""},
                     {format_quantity(lo, m.unit), ""},
                     {format_quantity(hi, m.unit), ""},
                     {first ? std::to_string(failed) : "", first ? fail_code : ""}});
      first = false;
    }
  }
  table.write(out, color);
  for (const auto& b : run.benchmarks)
    for (const auto& r : b.repetitions)
      if (!r.ok) {
        out << "  " << b.name << ": " << b.failed_count() << " of " << b.repetitions.size()
            << " repetitions failed; first: " << r.failure << "\n";
        break;
      }
}

}  // namespace perfgate
