// Runs a suite: pre-flight checks, then for each benchmark its warm-up runs
// and measured repetitions, producing a Run with every raw sample.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "collect/instructions.hpp"
#include "model/environment.hpp"
#include "model/run.hpp"
#include "model/suite.hpp"

namespace perfgate {

struct RunOptions {
  bool quick = false;                // use the suite's quick_runs
  bool strict_env = false;           // pre-flight warnings become errors (exit 3)
  std::optional<int> runs_override;  // --runs N (wins over --quick and the suite)
  // A receipt that breaks a strict rule fails its repetition ("suspicious: ...");
  // otherwise it is a note (once per benchmark and finding) and kept in the
  // benchmark's context "receipt_findings".
  bool strict_receipts = false;
  // The counter for the built-in metric `instructions` (--counter); unset:
  // perf when it works here, else callgrind.
  std::optional<InstructionCounter> counter;
};

// What the runner tells its caller while it works (progress bar, plain lines).
// Every method has an empty default so observers override only what they show.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_preflight(const PreflightCheck&) {}
  virtual void on_benchmark_start(const BenchmarkSpec&, int /*benchmark_index*/,
                                  int /*benchmark_count*/, int /*repetitions*/) {}
  // warmup: the repetition is a warm-up run (not recorded).
  virtual void on_repetition(const BenchmarkSpec&, const Repetition&, bool /*warmup*/) {}
  virtual void on_benchmark_end(const BenchmarkSpec&, const BenchmarkResult&) {}
  // A benchmark not run because a fixture it needs is absent (spec.skip_reason).
  virtual void on_benchmark_skipped(const BenchmarkSpec&, int /*benchmark_index*/,
                                    int /*benchmark_count*/) {}

  // A kind = "gbench" benchmark is one process that yields many results. The
  // runner calls on_benchmark_start (repetitions 1), on_repetition with the
  // binary's process, on_gbench_results with the binary's benchmarks, then
  // on_benchmark_end with a result named like the spec whose one repetition is
  // the binary's process (its wall time; failed when the binary failed).
  virtual void on_gbench_results(const BenchmarkSpec&, const std::vector<BenchmarkResult>&) {}
  // Something the user should know about how a benchmark ran (a flag its
  // binary does not support), once per note.
  virtual void on_note(const BenchmarkSpec&, const std::string& /*note*/) {}
};

// Checks every benchmark's command can be started before anything runs:
// a missing executable is the user's mistake (exit 2, naming the suite place);
// so is a required fixture that is absent. A benchmark to be skipped (a
// fixture it needs is absent) is not checked.
void check_commands(const Suite& suite);

// Runs the suite, its fixtures looked up first (collect/fixtures.hpp): a
// benchmark needing an absent fixture is recorded as skipped, not run. Throws perfgate::Error: exit 2 for a command that cannot be
// found or a Google Benchmark binary the suite describes wrongly (not one, a
// filter that selects nothing: every gbench binary is probed before anything
// is measured), exit 3 when --strict-env and a pre-flight check warns.
// Benchmarks that fail are recorded as failed repetitions, not thrown. Each
// gbench binary adds its benchmarks ("<name>/<its name>") and a source
// ("gbench", its path, the JSON's context) to the run.
Run run_suite(const Suite& suite, const RunOptions& options, RunObserver& observer);

// A new run id: "<UTC yyyymmddThhmmss.mmmZ>-<short commit or 'nogit'>".
std::string make_run_id(const std::string& started_at_iso, const GitState& git);

}  // namespace perfgate
