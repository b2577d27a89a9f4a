// The JSON report: the machine-readable verdict contract (docs/formats.md,
// "Comparison JSON"). Within schema_version 1 fields are only ever added:
// `status` keeps the spine's words (critical and warning regressions are both
// "regression"); `severity`, `level` and `budget` say more.
#include <cmath>
#include <nlohmann/json.hpp>

#include "report/reporter.hpp"
#include "report/verdict_json.hpp"

namespace perfgate {
namespace {

using nlohmann::json;

json number_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json side_json(const RunSide& s) {
  return {{"label", s.label},
          {"id", s.id},
          {"started_at", s.started_at},
          {"git_commit", s.git_commit},
          {"git_branch", s.git_branch},
          {"cpu_model", s.cpu_model},
          {"logical_cores", s.logical_cores},
          {"host_id", s.host_id},
          {"quick", s.quick}};
}

json summary_json(const SideSummary& s) {
  auto opt = [](const std::optional<double>& x) { return x ? json(*x) : json(nullptr); };
  return {{"n", s.n},
          {"failed", s.failed},
          {"median", opt(s.median)},
          {"mad", opt(s.mad)},
          {"iqr", opt(s.iqr)},
          {"outliers", s.outliers},
          {"mean", opt(s.mean)},
          {"stddev", opt(s.stddev)},
          {"summary_only", s.summary_only}};
}

// The spine's status words (schema 1 as first published).
std::string contract_status(Status s) {
  switch (s) {
    case Status::critical:
    case Status::warning:
      return "regression";
    default:
      return std::string(to_string(s));
  }
}

// The budget check, and the MVP and target beside it. A metric with only an
// MVP gets an object too: its statistic is the median, and used and zone say
// how it stands against the MVP (no warning zone: over or ok).
json budget_json(const Verdict& v) {
  const std::optional<BudgetCheck>& b = v.budget;
  const std::optional<MvpCheck>& m = v.mvp;
  if (!b && !m) return nullptr;
  json j;
  if (b) {
    j = {{"metric", b->budget.metric},
         {"statistic", b->statistic},
         {"value", b->value},
         {"used", number_or_null(b->used)},
         {"zone", std::string(to_string(b->zone))}};
  } else {
    const bool lower = v.direction == Direction::lower_is_better;
    const double used = lower ? m->value / m->mvp : m->mvp / m->value;
    j = {{"metric", v.metric},
         {"statistic", "median"},
         {"value", m->value},
         {"used", number_or_null(used)},
         {"zone", m->stand == Stand::beyond_mvp ? "over" : "ok"}};
  }
  j["max"] = b && b->budget.max ? json(*b->budget.max) : json(nullptr);
  j["min"] = b && b->budget.min ? json(*b->budget.min) : json(nullptr);
  j["mvp"] = m ? json(m->mvp) : json(nullptr);
  j["target"] = m && m->target ? json(*m->target) : json(nullptr);
  j["stand"] = m ? json(std::string(to_string(m->stand))) : json(nullptr);
  return j;
}

// What the series' history said (`--history`), or null.
json history_json(const Verdict& v) {
  if (!v.history) return nullptr;
  const VerdictHistory& h = *v.history;
  const SeriesState& s = h.series;
  auto text_or_null = [](const std::string& t) { return t.empty() ? json(nullptr) : json(t); };
  json drift = nullptr;
  if (s.drift)
    drift = {{"runs", s.drift->runs},
             {"per_run", s.drift->per_run},
             {"total", s.drift->total},
             {"p_value", s.drift->p_value},
             {"first_commit", text_or_null(s.drift->first_commit)}};
  json step = nullptr;
  if (s.step)
    step = {{"last_good_commit", text_or_null(s.step->last_good_commit)},
            {"first_bad_commit", text_or_null(s.step->first_bad_commit)},
            {"first_bad_run_id", s.step->first_bad_run_id},
            {"magnitude", number_or_null(s.step->magnitude)}};
  return {{"branch", text_or_null(s.branch)},
          {"machine", text_or_null(s.machine)},
          {"values", s.values},
          {"runs", s.runs},
          {"needed", s.needed},
          {"since_commit", text_or_null(s.since_commit)},
          {"noise", s.limits ? json(s.noise) : json(nullptr)},
          {"limits_from_history", s.limits.has_value()},
          {"drift", drift},
          {"level", s.level ? json(*s.level) : json(nullptr)},
          {"from_level", h.from_level ? json(*h.from_level) : json(nullptr)},
          {"step_since_base", step},
          {"origin", h.origin ? json(std::string(to_string(*h.origin))) : json(nullptr)},
          {"note", text_or_null(s.note)},
          {"detail", h.detail}};
}

}  // namespace

json verdict_json(const Verdict& v) {
  json change = nullptr;
  if (v.change)
    change = {{"ratio", v.change->ratio},
              {"ci_low", v.change->ci_low},
              {"ci_high", v.change->ci_high},
              {"p_value", v.change->p_value},
              {"p_adjusted", v.change->p_adjusted},
              {"p_mann_whitney", number_or_null(v.change->p_mann_whitney)},
              {"p_exact", v.change->exact_p},
              {"p_welch_log", number_or_null(v.change->p_welch_log)},
              {"p_ks", number_or_null(v.change->p_ks)},
              {"hodges_lehmann_ratio", number_or_null(v.change->hodges_lehmann)},
              {"cliffs_delta", number_or_null(v.change->cliffs_delta)}};
  return {{"benchmark", v.benchmark},
          {"metric", v.metric},
          {"unit", v.unit},
          {"direction", std::string(to_string(v.direction))},
          {"method", std::string(to_string(v.method))},
          {"threshold", v.limits.warning},
          {"limits", {{"warning", v.limits.warning}, {"critical", v.limits.critical}}},
          {"base", summary_json(v.base)},
          {"contender", summary_json(v.contender)},
          {"change", change},
          {"outcome", std::string(to_string(v.outcome))},
          {"status", contract_status(v.status)},
          {"level", std::string(to_string(v.status))},
          {"severity", std::string(to_string(v.severity))},
          {"budget", budget_json(v)},
          {"more_runs", v.more_runs ? json(*v.more_runs) : json(nullptr)},
          {"history", history_json(v)},
          {"reason", v.reason}};
}

namespace {

class JsonReporter : public Reporter {
 public:
  void write(const Comparison& c, std::ostream& out) const override {
    json verdicts = json::array();
    for (const auto& v : c.verdicts) verdicts.push_back(verdict_json(v));
    json skipped = json::array();
    for (const auto& k : c.skipped)
      skipped.push_back({{"benchmark", k.benchmark}, {"side", k.side}, {"reason", k.reason}});
    const auto& o = c.options;
    const Summary& s = c.summary;
    // `perfgate ab` (docs/ab.md) measures interleaved pairs with sequential looks.
    const json method =
        c.pairs ? json{{"estimate", "median of the per-pair ratios"},
                       {"interval", "sign test (binomial order statistics), at the level spent"},
                       {"test", "sign test of the per-pair log ratios, two-sided"},
                       {"design", "interleaved pairs, randomised order, sequential looks"},
                       {"alpha", c.pairs->alpha},
                       {"alpha_spending", "alpha_k = alpha / (k (k + 1))"},
                       {"first_look", c.pairs->first_look},
                       {"growth", c.pairs->growth},
                       {"threshold", c.pairs->threshold}}
                : json{{"estimate", "ratio of medians"},
                       {"interval", "percentile bootstrap"},
                       {"confidence", o.confidence},
                       {"resamples", o.resamples},
                       {"seed", o.seed},
                       {"test", "Mann-Whitney U, two-sided"},
                       {"correction", "Benjamini-Hochberg"},
                       {"family_size", c.family_size},
                       {"alpha", o.alpha},
                       {"min_samples", o.min_samples}};
    json doc = {{"schema_version", 1},
                {"base", side_json(c.base)},
                {"contender", side_json(c.contender)},
                {"method", method},
                {"verdicts", verdicts},
                {"summary",
                 {{"regressions", s.regressions()},
                  {"critical", s.critical},
                  {"warnings", s.warnings},
                  {"over_budget", s.over_budget},
                  {"improvements", s.improvements},
                  {"stable", s.stable},
                  {"inconclusive", s.inconclusive},
                  {"failed", s.failed}}},
                {"only_in_base", c.only_in_base},
                {"only_in_contender", c.only_in_contender},
                {"skipped", skipped}};
    out << doc.dump(2) << "\n";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter() { return std::make_unique<JsonReporter>(); }

}  // namespace perfgate
