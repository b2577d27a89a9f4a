#include "cli/compare_history.hpp"

#include "analyze/history.hpp"
#include "analyze/series_changes.hpp"
#include "analyze/verdict_history.hpp"
#include "model/error.hpp"

namespace perfgate::cli {

void add_history_flags(CLI::App* cmd, HistoryArgs& h) {
  cmd->add_flag("--history", h.enabled,
                "Judge each benchmark with its stored series: limits from its own run-to-run "
                "noise since its last change point (instead of one percentage), and say whether "
                "a regression came with this run or was already in the history (a drift, an "
                "earlier change)");
  cmd->add_option("--history-branch", h.branch,
                  "The branch whose runs are the history (default: the base run's branch)");
  cmd->add_option("--history-machine", h.machine,
                  "Only history runs on the machine whose fingerprint (host_id) starts with this");
}

SeriesStates read_series_states(Store& store, const Run& base, const Run& contender,
                                const HistoryArgs& args, const std::string& threshold,
                                CompareOptions& options) {
  if (!threshold.empty())
    throw input_error("--threshold " + threshold +
                      " and --history: --history sets each benchmark's limits from its own noise; "
                      "give one of them");
  if (store.count() == 0)
    throw input_error(store.describe() +
                      " has no runs yet, so there is no history: store runs with `perfgate run` "
                      "or `perfgate ingest` first, or compare without --history");
  const std::string branch = args.branch.empty() ? base.environment.git.branch : args.branch;
  std::string why_not;
  const std::optional<CommitOrder> git = commit_order(branch.empty() ? "HEAD" : branch, why_not);
  const BaseRef base_ref{base.id, base.environment.git.commit};

  SeriesStates states;
  for (const BenchmarkResult& cb : contender.benchmarks) {
    const BenchmarkResult* bb = base.find_benchmark(cb.name);
    if (!bb) continue;
    for (const MetricInfo& m : cb.metrics) {
      if (!m.compared || !bb->find_metric(m.name)) continue;
      SeriesQuery query;
      query.benchmark = cb.name;
      query.metric = m.name;
      query.branch = branch;
      query.host_prefix = args.machine;
      History h =
          history_before(build_history(m, query, store.series(query), git, why_not), contender.id);
      const SeriesChanges changes = find_series_changes(std::move(h), stats::DetectOptions{},
                                                        cb.limits.for_direction(m.direction));
      SeriesState state = series_state(changes, base_ref, HistoryOptions{});
      if (state.limits) options.metric_limits[cb.name][m.name] = *state.limits;
      states[cb.name].emplace(m.name, std::move(state));
    }
  }
  return states;
}

void judge_with_history(Comparison& cmp, const SeriesStates& states) {
  for (Verdict& v : cmp.verdicts) {
    auto b = states.find(v.benchmark);
    if (b == states.end()) continue;
    auto m = b->second.find(v.metric);
    if (m != b->second.end()) perfgate::judge_with_history(v, m->second);
  }
}

}  // namespace perfgate::cli
