// How `perfgate run` shows its progress: a bar redrawn in place on a terminal,
// one plain line per benchmark otherwise (CI logs), nothing under --quiet.
// Pre-flight warnings are printed in both modes (not under --quiet).
#pragma once

#include <ostream>

#include "collect/runner.hpp"

namespace perfgate::cli {

class ProgressPrinter : public RunObserver {
 public:
  // `columns`: the terminal's width (0: unknown). The bar line is kept
  // within it, or a redraw would wrap and leave a trail of half lines.
  ProgressPrinter(std::ostream& out, bool terminal, bool quiet, bool color, int columns = 0)
      : out_(out), terminal_(terminal), quiet_(quiet), color_(color), columns_(columns) {}

  void on_preflight(const PreflightCheck& check) override;
  void on_benchmark_start(const BenchmarkSpec& spec, int index, int count,
                          int repetitions) override;
  void on_repetition(const BenchmarkSpec& spec, const Repetition& rep, bool warmup) override;
  void on_benchmark_end(const BenchmarkSpec& spec, const BenchmarkResult& result) override;
  void on_benchmark_skipped(const BenchmarkSpec& spec, int index, int count) override;
  void on_gbench_results(const BenchmarkSpec& spec,
                         const std::vector<BenchmarkResult>& results) override;
  void on_note(const BenchmarkSpec& spec, const std::string& note) override;

 private:
  void draw(const BenchmarkSpec& spec);

  std::ostream& out_;
  bool terminal_, quiet_, color_;
  int columns_;
  int index_ = 0, count_ = 0, total_ = 0, done_ = 0, warm_done_ = 0, failed_ = 0;
  // A gbench binary's results: how many benchmarks, and samples in all.
  int gbench_benchmarks_ = 0, gbench_samples_ = 0, gbench_failed_ = 0;
};

}  // namespace perfgate::cli
