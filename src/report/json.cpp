// The JSON report: the machine-readable verdict contract (docs/formats.md,
// "Comparison JSON"). Fields are only ever added within a schema version.
#include <nlohmann/json.hpp>

#include "report/reporter.hpp"

namespace perfgate {
namespace {

using nlohmann::json;

json side_json(const RunSide& s) {
  return {{"label", s.label},           {"id", s.id},
          {"started_at", s.started_at}, {"git_commit", s.git_commit},
          {"git_branch", s.git_branch}, {"cpu_model", s.cpu_model},
          {"logical_cores", s.logical_cores}, {"host_id", s.host_id},
          {"quick", s.quick}};
}

json summary_json(const SideSummary& s) {
  json j = {{"n", s.n}, {"failed", s.failed}};
  j["median"] = s.median ? json(*s.median) : json(nullptr);
  return j;
}

class JsonReporter : public Reporter {
 public:
  void write(const Comparison& c, std::ostream& out) const override {
    json verdicts = json::array();
    for (const auto& v : c.verdicts) {
      json change = nullptr;
      if (v.change)
        change = {{"ratio", v.change->ratio},
                  {"ci_low", v.change->ci_low},
                  {"ci_high", v.change->ci_high},
                  {"p_value", v.change->p_value},
                  {"p_exact", v.change->exact_p}};
      verdicts.push_back({{"benchmark", v.benchmark},
                          {"metric", v.metric},
                          {"unit", v.unit},
                          {"direction", std::string(to_string(v.direction))},
                          {"threshold", v.threshold},
                          {"base", summary_json(v.base)},
                          {"contender", summary_json(v.contender)},
                          {"change", change},
                          {"status", std::string(to_string(v.status))},
                          {"reason", v.reason}});
    }
    const auto& o = c.options;
    json doc = {
        {"schema_version", 1},
        {"base", side_json(c.base)},
        {"contender", side_json(c.contender)},
        {"method",
         {{"estimate", "ratio of medians"},
          {"interval", "percentile bootstrap"},
          {"confidence", o.confidence},
          {"resamples", o.resamples},
          {"seed", o.seed},
          {"test", "Mann-Whitney U, two-sided"},
          {"alpha", o.alpha},
          {"min_samples", o.min_samples}}},
        {"verdicts", verdicts},
        {"summary",
         {{"regressions", c.summary.regressions},
          {"improvements", c.summary.improvements},
          {"stable", c.summary.stable},
          {"inconclusive", c.summary.inconclusive},
          {"failed", c.summary.failed}}},
        {"only_in_base", c.only_in_base},
        {"only_in_contender", c.only_in_contender},
        {"gate", {{"failed", gate_fails(c)}}}};
    out << doc.dump(2) << "\n";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter() { return std::make_unique<JsonReporter>(); }

}  // namespace perfgate
