#include "report/comparison_content.hpp"

#include <algorithm>

#include "report/reporter.hpp"

namespace perfgate {
namespace {

// Worst first: what blocks the merge, then what needs a look, then good news.
int rank(const Verdict& v) {
  if (before_this_run(v)) return 3;  // with the warnings: it does not block the merge
  switch (v.status) {
    case Status::critical:
      return 0;
    case Status::over_budget:
      return 1;
    case Status::failed:
      return 2;
    case Status::warning:
      return 3;
    case Status::inconclusive:
      return 4;
    case Status::improvement:
      return 5;
    case Status::stable:
      return 6;
  }
  return 7;
}

}  // namespace

ReportOrder report_order(const Comparison& c) {
  ReportOrder order;
  for (const auto& v : c.verdicts)
    (v.status == Status::stable ? order.stable : order.changed).push_back(&v);
  std::stable_sort(order.changed.begin(), order.changed.end(),
                   [](const Verdict* a, const Verdict* b) { return rank(*a) < rank(*b); });
  return order;
}

SideFacts side_facts(const RunSide& s) {
  SideFacts f;
  f.run = s.id.empty() ? s.label : s.id;
  f.commit = s.git_commit.substr(0, 7);
  f.branch = s.git_branch;
  f.quick = s.quick;
  if (!s.cpu_model.empty())
    f.environment = s.cpu_model + " (" + std::to_string(s.logical_cores) + " logical cores)";
  for (const std::string* fact : {&s.os, &s.compiler})
    if (!fact->empty()) f.environment += (f.environment.empty() ? "" : ", ") + *fact;
  if (!s.source.empty() && s.source != "perfgate run" && s.source != "perfgate ab")
    f.environment += (f.environment.empty() ? "" : ", ") + std::string("ingested from ") + s.source;
  return f;
}

std::string sample_counts(const Comparison& c) {
  if (c.verdicts.empty()) return "";
  auto range = [&](auto side_of) {
    int lo = side_of(c.verdicts.front()).n, hi = lo;
    for (const auto& v : c.verdicts) {
      lo = std::min(lo, side_of(v).n);
      hi = std::max(hi, side_of(v).n);
    }
    return lo == hi ? std::to_string(lo) : std::to_string(lo) + "–" + std::to_string(hi);
  };
  return "Samples per row: base n=" + range([](const Verdict& v) { return v.base; }) +
         ", contender n=" + range([](const Verdict& v) { return v.contender; }) + ". ";
}

}  // namespace perfgate
