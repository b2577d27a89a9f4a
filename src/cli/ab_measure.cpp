#include "cli/ab_measure.hpp"

#include <chrono>
#include <iostream>

#include "model/error.hpp"
#include "model/units.hpp"

namespace perfgate::cli {

void add_ab_design_flags(CLI::App* cmd, AbDesignArgs& a) {
  cmd->add_option("--threshold", a.threshold,
                  "Smallest change that counts and equivalence margin, e.g. 2% (default); the "
                  "critical limit is twice it (or the suite's)");
  cmd->add_option("--alpha", a.alpha, "Two-sided false-alarm rate spent over all looks (0.01)");
  cmd->add_option("--budget", a.budget, "Wall time for warm-up and pairs, per benchmark (60s)");
  cmd->add_option("--max-pairs", a.max_pairs, "Hard stop after this many pairs (10000)");
  cmd->add_option("--warmup", a.warmup, "Unrecorded runs of each side first (1)");
  cmd->add_option("--metric", a.metric, "wall_time (default), cpu_time or instructions")
      ->check(CLI::IsMember({"wall_time", "cpu_time", "instructions"}));
  cmd->add_option("--counter", a.counter,
                  "For --metric instructions: perf or callgrind (default perf when usable)")
      ->check(CLI::IsMember({"perf", "callgrind"}));
  cmd->add_option("--seed", a.seed, "Seed of the order within pairs (reported)");
}

double duration_flag_s(const std::string& flag, const std::string& text) {
  const auto d = parse_duration(text);
  if (!d || d->count() <= 0)
    throw input_error(flag + " " + text + ": not a duration; write e.g. 60s, 500ms or 2m");
  return std::chrono::duration<double>(*d).count();
}

SequentialOptions sequential_options(const AbDesignArgs& a) {
  const std::optional<double> t = parse_threshold(a.threshold);
  if (!t)
    throw input_error(
        "--threshold " + a.threshold +
        ": not a threshold; write a percentage such as 2% or a fraction such as 0.02");
  if (!(a.alpha > 0 && a.alpha < 0.5))
    throw input_error("--alpha " + std::to_string(a.alpha) + ": must lie in (0, 0.5), e.g. 0.01");
  if (a.max_pairs < 2) throw input_error("--max-pairs must be at least 2");
  if (a.warmup < 0) throw input_error("--warmup must be 0 or more");
  SequentialOptions so;
  so.design.alpha = a.alpha;
  so.design.threshold = *t;
  so.max_pairs = a.max_pairs;
  so.budget_s = duration_flag_s("--budget", a.budget);
  return so;
}

AbRunOptions ab_run_options(const AbDesignArgs& a) {
  AbRunOptions run;
  run.metric = a.metric == "cpu_time"       ? AbMetric::cpu_time
               : a.metric == "instructions" ? AbMetric::instructions
                                            : AbMetric::wall_time;
  if (!a.counter.empty() && run.metric != AbMetric::instructions)
    throw input_error("--counter " + a.counter + " goes with --metric instructions");
  if (run.metric == AbMetric::instructions) {
    run.counter = a.counter == "callgrind" ? InstructionCounter::callgrind
                  : a.counter == "perf"    ? InstructionCounter::perf
                                           : default_instruction_counter();
    const std::string why = instruction_counter_unavailable(run.counter);
    if (!why.empty()) throw input_error("--metric instructions: " + why);
  }
  return run;
}

Verdict measure_ab_job(const AbJob& job, const AbRunOptions& run, const SequentialOptions& so,
                       int warmup, RelativeLimits limits, stats::Rng& rng, bool quiet,
                       const std::string& log_prefix, bool& never_ran) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  auto elapsed_s = [&] { return std::chrono::duration<double>(clock::now() - start).count(); };
  std::string warmup_failure;
  for (int i = 0; i < warmup && warmup_failure.empty(); ++i) {
    AbPair p = run_ab_pair(job.base, job.contender, true, run);
    if (!p.ok) warmup_failure = p.failure + " (in warm-up)";
  }
  bool first = true;
  auto draw = [&]() -> PairDraw {
    if (!warmup_failure.empty()) return PairDraw{0, 0, false, warmup_failure};
    AbPair p = run_ab_pair(job.base, job.contender, rng.below(2) == 0, run);
    if (!p.ok) return PairDraw{0, 0, false, p.failure};
    if (first && p.base_stdout != p.contender_stdout && !quiet)
      std::cerr << "warning: " << job.name
                << ": base and contender print different output: they may not do the same "
                   "work\n";
    first = false;
    return PairDraw{p.base, p.contender, true, ""};
  };
  SequentialResult r = run_sequential(so, draw, elapsed_s);
  if (r.stop == StopReason::failed && r.base.empty()) never_ran = true;
  PairsContext ctx{
      job.name,   ab_metric_name(run.metric), ab_metric_unit(run.metric), limits, elapsed_s(),
      so.budget_s};
  if (!quiet) std::cerr << log_prefix << pairs_summary_line(r, ctx, so) << "\n";
  return pairs_verdict(r, ctx, so);
}

}  // namespace perfgate::cli
