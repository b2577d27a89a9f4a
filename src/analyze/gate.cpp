// The gate: which verdicts fail a CI job under a policy.
#include "analyze/compare.hpp"

namespace perfgate {
namespace {

bool fails(const Verdict& v, FailOn fail_on) {
  switch (fail_on) {
    case FailOn::never: return false;
    case FailOn::critical: return v.severity == Severity::critical;
    case FailOn::warning: return v.severity != Severity::none;
    case FailOn::any:
      return v.severity != Severity::none || v.status == Status::inconclusive;
  }
  return false;
}

}  // namespace

bool gate_fails(const Comparison& comparison, const GatePolicy& policy) {
  if (policy.non_gating) return false;
  for (const auto& v : comparison.verdicts)
    if (fails(v, policy.fail_on.value_or(FailOn::never))) return true;
  return false;
}

void report_as_warnings(Comparison& comparison) {
  for (auto& v : comparison.verdicts)
    if (v.severity == Severity::critical) v.severity = Severity::warning;
}

std::string gate_summary(const Comparison& comparison, const GatePolicy& policy) {
  const FailOn fail_on = policy.fail_on.value_or(FailOn::never);
  const std::string rule = "fail_on = " + std::string(to_string(fail_on));
  if (policy.non_gating) return "non-gating: findings are reported as warnings, exit 0";
  if (fail_on == FailOn::never) return "no gate (fail_on = never)";
  int failing = 0;
  std::string names;
  for (const auto& v : comparison.verdicts)
    if (fails(v, fail_on)) {
      if (failing++ < 3) names += (names.empty() ? "" : ", ") + v.benchmark + " " + v.metric;
    }
  if (failing == 0) return "gate passed (" + rule + ")";
  if (failing > 3) names += ", ...";
  return "gate failed (" + rule + "): " + std::to_string(failing) +
         (failing == 1 ? " verdict: " : " verdicts: ") + names;
}

}  // namespace perfgate
