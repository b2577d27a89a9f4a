// `--history` on compare and check: each benchmark x metric judged with its
// own stored series (analyze/verdict_history.hpp): limits from its noise, and
// for a regression whether the run judged made it. This file reads the
// store and the repository; the judging is the analyze layer's.
#pragma once

#include <map>
#include <string>

#include "analyze/compare.hpp"
#include "cli/common.hpp"
#include "store/store.hpp"

namespace perfgate::cli {

struct HistoryArgs {
  bool enabled = false;
  std::string branch;   // empty: the base run's branch
  std::string machine;  // a host id prefix; empty: every machine
};

void add_history_flags(CLI::App* cmd, HistoryArgs& h);

// The state of each series, by benchmark then metric.
using SeriesStates = std::map<std::string, std::map<std::string, SeriesState>>;

// Reads the series of every metric the comparison of `base` and `contender`
// will judge (the contender's run and any later one left out), and puts the
// limits that their noise sets into `options.metric_limits`. `threshold`:
// what --threshold said; giving both is an error (exit 2), as is a store
// without runs.
SeriesStates read_series_states(Store& store, const Run& base, const Run& contender,
                                const HistoryArgs& args, const std::string& threshold,
                                CompareOptions& options);

// judge_with_history for every verdict whose series was read.
void judge_with_history(Comparison& cmp, const SeriesStates& states);

}  // namespace perfgate::cli
