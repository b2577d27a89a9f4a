#include "report/bisect.hpp"

#include <cstdio>
#include <sstream>

#include "report/quantity.hpp"
#include "report/verdict_json.hpp"

namespace perfgate {
namespace {

const char* outcome_word(BisectOutcome o) {
  switch (o) {
    case BisectOutcome::found:
      return "found";
    case BisectOutcome::not_slower:
      return "not_slower";
    case BisectOutcome::hidden_by_skipped:
      return "hidden_by_skipped";
    case BisectOutcome::inconclusive:
      return "inconclusive";
  }
  return "";
}

// Why no commit is named, on one line ("" when one is).
std::string message(const BisectReport& r) {
  switch (r.outcome) {
    case BisectOutcome::found:
      return "";
    case BisectOutcome::not_slower:
      return "the bad revision is not slower than the good one beyond ±" +
             format_change(r.threshold).substr(1) + " on " + r.benchmark + " (" + r.metric +
             "): nothing to bisect";
    case BisectOutcome::hidden_by_skipped:
      return "commits that could not be built or run hide the first bad one; it is one of "
             "those git listed";
    case BisectOutcome::inconclusive: {
      const BisectStep& s = r.steps.back();
      return s.subject + " stayed inconclusive after " + std::to_string(r.measurements) +
             " measurements (" + bisect_evidence(s.verdict) +
             "); the first bad commit is not named rather than guessed. Raise --budget or "
             "--threshold, or use a quieter machine or --metric cpu_time";
    }
  }
  return "";
}

nlohmann::json revision_json(const BisectRevision& r) {
  return {{"revision", r.revision}, {"commit", r.commit}, {"subject", r.subject}};
}

}  // namespace

std::string bisect_evidence(const Verdict& v) {
  std::ostringstream o;
  if (v.change) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%+.1f %% [%+.1f %%, %+.1f %%], ", (v.change->ratio - 1) * 100,
                  (v.change->ci_low - 1) * 100, (v.change->ci_high - 1) * 100);
    o << buf;
  }
  o << v.base.n << " pairs, " << to_string(v.status);
  return o.str();
}

void write_bisect_text(const BisectReport& r, std::ostream& out) {
  out << "bad " << r.bad.subject << " against good " << r.good.subject << ": "
      << bisect_evidence(r.confirm) << "\n";
  if (r.outcome == BisectOutcome::not_slower || r.outcome == BisectOutcome::inconclusive) {
    out << "perfgate bisect: " << message(r) << "\n";
    return;
  }
  if (r.outcome == BisectOutcome::hidden_by_skipped) {
    out << r.candidates
        << "perfgate bisect: commits that could not be built or run hide the first bad one; it "
           "is one of those listed above\n";
    return;
  }
  out << "\n";
  for (const auto& s : r.steps)
    out << "  " << (s.mark + "    ").substr(0, 4) << "  " << s.subject << ": "
        << bisect_evidence(s.verdict) << "\n";
  out << "first bad commit: " << r.first_bad_subject << "\n";
  for (const auto& s : r.steps)
    if (s.commit == r.first_bad) out << "  its evidence: " << s.verdict.reason << "\n";
}

void write_bisect_json(const BisectReport& r, std::ostream& out) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : r.steps)
    steps.push_back({{"commit", s.commit},
                     {"subject", s.subject},
                     {"mark", s.mark.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.mark)},
                     {"verdict", verdict_json(s.verdict)}});
  nlohmann::json first_bad = nullptr;
  if (r.outcome == BisectOutcome::found)
    first_bad = {{"commit", r.first_bad}, {"subject", r.first_bad_subject}};
  const std::string why = message(r);
  const nlohmann::json doc = {
      {"benchmark", r.benchmark},
      {"metric", r.metric},
      {"threshold", r.threshold},
      {"method",
       "git bisect; each commit built and measured in interleaved A/B pairs against the good "
       "build (median pair ratio, sign-test interval, sequential looks): a regression marks it "
       "bad, stable or faster good, a failed build or run skip; inconclusive is measured again "
       "with twice the budget, up to " +
           std::to_string(r.measurements) + " times"},
      {"good", revision_json(r.good)},
      {"bad", revision_json(r.bad)},
      {"confirm", verdict_json(r.confirm)},
      {"steps", steps},
      {"outcome", outcome_word(r.outcome)},
      {"first_bad", first_bad},
      {"candidates", r.candidates.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.candidates)},
      {"message", why.empty() ? nlohmann::json(nullptr) : nlohmann::json(why)}};
  out << doc.dump(2) << "\n";
}

}  // namespace perfgate
