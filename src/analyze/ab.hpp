// The statistics of `perfgate ab` (docs/ab.md): interleaved pairs of runs of
// a base and a contender, judged by the per-pair log ratio
// d_i = ln(contender_i / base_i) with sequential looks and alpha spending.
//
// Why pairs: the two runs of a pair happen milliseconds apart, so a slow drift
// of the machine (thermal state, a neighbour's load) moves both and cancels in
// the ratio. Why the median and the sign test rather than the mean and a t
// interval: on a shared machine most pairs agree within a percent, but a few
// land one run in a burst of someone else's work and are off by 10-50 %; those
// dominate a standard deviation (measured: 5.6 % against 0.84 % from the MAD
// over 1,601 pairs under load, docs/detection-power.md) and widen a t interval
// five-fold, while they move an order statistic by one place. And because the
// order inside each pair is drawn at random, when both sides do the same work
// each d_i is as likely positive as negative whatever the noise does: the sign
// test's false-alarm rate is exact, not an approximation that needs normal,
// independent noise. Why alpha spending: looking at the data after 10, 15,
// 23, ... pairs and stopping as soon as it is clear would inflate false alarms
// if each look used the full alpha; look k uses alpha_k = alpha / (k (k + 1)),
// and these sum to alpha over any number of looks (a union bound), so the
// chance that any look falsely declares a difference stays at most alpha.
//
// Everything here is pure: the pairs come from a callback, time from another,
// so that the same driver runs real children (cli/cmd_ab.cpp) and simulated
// noise (ab_test.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analyze/compare.hpp"

namespace perfgate {

// Pairs at look k (k >= 1): ceil(n0 * growth^(k-1)) (10, 15, 23, 34, 51, ...),
// or more when the sign test needs more pairs to reach look k's level at all
// (stats::sign_test_min_n: 9 for 0.005), so that every look can decide.
int look_pairs(int k, const PairsDesign& design);
// The two-sided level of look k (k >= 1): alpha / (k (k + 1)).
double look_alpha(int k, double alpha);

// One look at the pairs so far.
struct PairsEstimate {
  int n = 0;              // pairs
  double median_log = 0;  // median of d
  double level = 0;       // the two-sided alpha the interval was asked for
  double coverage = 0;    // the interval's exact coverage, >= 1 - level
  double ratio = 1;       // exp(median d): the median pair ratio contender_i / base_i
  double ci_low = 1;      // exp of the sign-test interval of median d at `level`
  double ci_high = 1;
  int slower = 0, faster = 0;  // pairs with d > 0 / d < 0 (ties in neither)
  double p_value = 1;          // two-sided sign test of median d = 0
  // The spread of d the interval implies: half its width times sqrt(n) over
  // the normal quantile of `level` (for normal noise about 1.25 sd). What
  // more_pairs_needed scales.
  double spread_log = 0;
};

// The estimate from per-pair log ratios at two-sided level `level` in (0, 1).
// std::invalid_argument when a value is not finite or there are fewer than
// stats::sign_test_min_n(level) of them (no interval reaches that level).
PairsEstimate estimate_pairs(std::span<const double> log_ratios, double level);

enum class PairsDecision { different, same, undecided };
std::string_view to_string(PairsDecision d);

// different: the interval lies entirely beyond 1 ± threshold (hi < 1 - t or
// lo > 1 + t); same: entirely within (lo >= 1 - t and hi <= 1 + t); else undecided.
PairsDecision decide_pairs(const PairsEstimate& e, double threshold);

// How many more pairs would most likely decide an undecided look: the
// smallest n at which the interval's half-width at `next_level`, with the
// observed spread_log, is below |median d - the nearest boundary ln(1 ± t)|,
// minus the pairs at hand (at least 1). Absent when median d sits on a
// boundary or more than `cap` pairs in all would be needed.
std::optional<int> more_pairs_needed(const PairsEstimate& e, double threshold, double next_level,
                                     int cap = 100000);

// One pair as the sampler gives it: both values positive and finite (in the
// metric's unit), or a failure (the sequence then stops).
struct PairDraw {
  double base = 0, contender = 0;
  bool ok = true;
  std::string failure;  // "contender: exited with status 3"
};

struct SequentialOptions {
  PairsDesign design;
  int max_pairs = 10000;  // hard stop; a final look is taken there
  double budget_s = 60;   // stop before a look that would end after this
};

enum class StopReason { decided, budget, max_pairs, failed };

struct SequentialResult {
  std::vector<double> base, contender;    // the measured pairs, in order
  std::optional<PairsEstimate> estimate;  // at the last look (absent: failed before 2 pairs)
  PairsDecision decision = PairsDecision::undecided;
  StopReason stop = StopReason::decided;
  int looks = 0;                  // looks taken (the last one's index)
  std::optional<int> more_pairs;  // undecided at the end: see more_pairs_needed
  std::string failure;            // stop == failed: the sampler's reason
};

// Draws pairs until a look decides, the budget would be exceeded before the
// next scheduled look (the final look is then taken at the pairs at hand,
// with the next alpha_k), max_pairs is reached, or a draw fails. `elapsed_s`
// is the time spent so far, warm-up included; the time a pair takes is
// estimated as the mean so far.
SequentialResult run_sequential(const SequentialOptions& options,
                                const std::function<PairDraw()>& draw,
                                const std::function<double()>& elapsed_s);

// What the CLI knows about one A/B measurement besides its pairs.
struct PairsContext {
  std::string benchmark;  // "ab" or the suite benchmark's name
  std::string metric;     // "wall_time", "cpu_time", "instructions", "real_time"
  std::string unit;       // "ns" or "instructions"
  RelativeLimits limits;  // warning = threshold; critical = the suite's or 2 x threshold
  double seconds = 0;     // wall time spent, warm-up included
  double budget_s = 60;
};

// The verdict of a finished sequence, in the contract every reporter reads
// (Method::pairs): base/contender summaries (n = pairs, medians), the change
// (ratio exp(median d), its sign-test interval at the last look's level,
// p = p_adjusted = the sign test's), outcome, status, severity and a reason such as
// "42 pairs in 18.3 s (budget 60 s), stopped at look 5: the interval lay
// entirely beyond +2.0 %; ...". A failed sequence is Status::failed, critical.
Verdict pairs_verdict(const SequentialResult& r, const PairsContext& context,
                      const SequentialOptions& options);

// "ab: 42 pairs in 18.3 s (budget 60 s), stopped at look 5: ..." for stderr.
std::string pairs_summary_line(const SequentialResult& r, const PairsContext& context,
                               const SequentialOptions& options);

}  // namespace perfgate
