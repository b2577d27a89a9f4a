// The gate: which verdicts fail a CI job under a policy.
#include "analyze/compare.hpp"

namespace perfgate {
namespace {

bool fails(const Verdict& v, FailOn fail_on) {
  switch (fail_on) {
    case FailOn::never:
      return false;
    case FailOn::critical:
      return v.severity == Severity::critical;
    case FailOn::warning:
      return v.severity != Severity::none;
    case FailOn::any:
      return v.severity != Severity::none || v.status == Status::inconclusive;
  }
  return false;
}

int skipped_by_contender(const Comparison& c) {
  int n = 0;
  for (const auto& s : c.skipped) n += s.side != "base";
  return n;
}

// "; 1 benchmark skipped, not verified: generate" (empty when none).
std::string skipped_note(const Comparison& c) {
  if (c.skipped.empty()) return "";
  std::string names;
  for (std::size_t i = 0; i < c.skipped.size() && i < 3; ++i)
    names += (i ? ", " : "") + c.skipped[i].benchmark;
  if (c.skipped.size() > 3) names += ", ...";
  return "; " + std::to_string(c.skipped.size()) +
         (c.skipped.size() == 1 ? " benchmark skipped, not verified: "
                                : " benchmarks skipped, not verified: ") +
         names;
}

// "; 1 regression already in the history, not this run's: creep wall_time"
// (empty when none): regressions `--history` found the run judged did not
// make, which is why they do not fail the gate.
std::string history_note(const Comparison& c) {
  int n = 0;
  std::string names;
  for (const auto& v : c.verdicts)
    if (v.history && v.history->origin == Origin::history && n++ < 3)
      names += (names.empty() ? "" : ", ") + v.benchmark + " " + v.metric;
  if (n == 0) return "";
  if (n > 3) names += ", ...";
  return "; " + std::to_string(n) +
         (n == 1 ? " regression already in the history, not this run's: "
                 : " regressions already in the history, not this run's: ") +
         names + " (`perfgate detect` shows when each came in)";
}

}  // namespace

bool gate_fails(const Comparison& comparison, const GatePolicy& policy) {
  if (policy.non_gating) return false;
  const FailOn fail_on = policy.fail_on.value_or(FailOn::never);
  for (const auto& v : comparison.verdicts)
    if (fails(v, fail_on)) return true;
  return fail_on == FailOn::any && skipped_by_contender(comparison) > 0;
}

void report_as_warnings(Comparison& comparison) {
  for (auto& v : comparison.verdicts)
    if (v.severity == Severity::critical) v.severity = Severity::warning;
}

std::string gate_summary(const Comparison& comparison, const GatePolicy& policy) {
  const FailOn fail_on = policy.fail_on.value_or(FailOn::never);
  const std::string rule = "fail_on = " + std::string(to_string(fail_on));
  const std::string skipped = skipped_note(comparison) + history_note(comparison);
  if (policy.non_gating) return "non-gating: findings are reported as warnings, exit 0" + skipped;
  if (fail_on == FailOn::never) return "no gate (fail_on = never)" + skipped;
  int failing = 0;
  std::string names;
  for (const auto& v : comparison.verdicts)
    if (fails(v, fail_on)) {
      if (failing++ < 3) names += (names.empty() ? "" : ", ") + v.benchmark + " " + v.metric;
    }
  const int skipped_fails = fail_on == FailOn::any ? skipped_by_contender(comparison) : 0;
  if (failing == 0 && skipped_fails == 0) return "gate passed (" + rule + ")" + skipped;
  if (failing == 0) return "gate failed (" + rule + ")" + skipped;
  if (failing > 3) names += ", ...";
  return "gate failed (" + rule + "): " + std::to_string(failing) +
         (failing == 1 ? " verdict: " : " verdicts: ") + names + skipped;
}

}  // namespace perfgate
