#include "report/run_summary.hpp"

#include <algorithm>

#include "report/quantity.hpp"
#include "report/table.hpp"
#include "stats/summary.hpp"

namespace perfgate {

void write_run_summary(const Run& run, std::ostream& out, bool color, std::size_t width) {
  TextTable table({"benchmark", "metric", "n", "median", "min", "max", "failed"});
  for (std::size_t col : {2u, 3u, 4u, 5u, 6u}) table.align_right(col);
  table.shrinkable(0, 20, 10);
  int summarised = 0;
  for (const auto& b : run.benchmarks) {
    if (!b.skipped.empty()) {
      table.add_row({{b.name, ""}, {"skipped", "33"}, {"0", ""}, {"", ""}, {"", ""}, {"", ""},
                     {"", ""}});
      continue;
    }
    int failed = b.failed_count();
    bool first = true;
    for (const auto& m : b.metrics) {
      if (!m.compared) continue;
      std::vector<double> xs = b.samples(m.name);
      std::optional<double> med, lo, hi;
      std::string n = std::to_string(xs.size()), centre;
      auto summary = b.summaries.find(m.name);
      if (summary != b.summaries.end() && xs.empty()) {
        // Only what the tool summarised: say so rather than show a median.
        const SampleSummary& s = summary->second;
        n = s.n > 0 ? std::to_string(s.n) + " (summary)" : "? (summary)";
        centre = "mean " + format_quantity(s.mean, m.unit);
        lo = s.min;
        hi = s.max;
        ++summarised;
      } else if (!xs.empty()) {
        med = stats::median(xs);
        lo = *std::min_element(xs.begin(), xs.end());
        hi = *std::max_element(xs.begin(), xs.end());
      }
      if (centre.empty()) centre = format_quantity(med, m.unit);
      std::string fail_code = failed > 0 ? "1;35" : "";
      table.add_row({{first ? b.name : "", ""},
                     {m.name, ""},
                     {n, ""},
                     {centre, ""},
                     {format_quantity(lo, m.unit), ""},
                     {format_quantity(hi, m.unit), ""},
                     {first ? std::to_string(failed) : "", first ? fail_code : ""}});
      first = false;
    }
  }
  table.write(out, color, width);
  if (summarised > 0)
    out << "  (summary): the source gave only a mean, spread and count for " << summarised
        << (summarised == 1 ? " metric" : " metrics")
        << ", no raw samples; compare judges these by Welch's t-test on means\n";
  // Where each metric with an MVP stands, judged as compare judges the
  // contender: its median against the MVP and the target.
  for (const auto& b : run.benchmarks)
    for (const auto& budget : b.budgets) {
      if (!budget.mvp) continue;
      auto m = std::find_if(b.metrics.begin(), b.metrics.end(),
                            [&](const MetricInfo& i) { return i.name == budget.metric; });
      std::vector<double> xs = b.samples(budget.metric);
      if (m == b.metrics.end() || xs.empty()) continue;
      MvpCheck check;
      check.value = stats::median(xs);
      check.mvp = *budget.mvp;
      check.target = budget.target;
      check.stand = stand_of(check.value, check.mvp, check.target, m->direction);
      out << "  " << b.name << " " << budget.metric << " " << format_stand(check, m->unit) << "\n";
    }
  for (const auto& b : run.benchmarks)
    if (!b.skipped.empty()) out << "  " << b.name << ": skipped, not run: " << b.skipped << "\n";
  for (const auto& b : run.benchmarks)
    for (const auto& r : b.repetitions)
      if (!r.ok) {
        out << "  " << b.name << ": " << b.failed_count() << " of " << b.repetitions.size()
            << " repetitions failed; first: " << r.failure << "\n";
        break;
      }
}

}  // namespace perfgate
