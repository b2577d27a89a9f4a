#include "collect/runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "collect/benchmark_process.hpp"
#include "model/clock.hpp"
#include "collect/determinism.hpp"
#include "collect/environment.hpp"
#include "collect/fixtures.hpp"
#include "collect/gbench_runner.hpp"
#include "collect/instructions.hpp"
#include "collect/metric_source.hpp"
#include "collect/preflight.hpp"
#include "collect/process.hpp"
#include "collect/receipt_reading.hpp"
#include "model/error.hpp"

namespace perfgate {
namespace {

bool wants_instructions(const BenchmarkSpec& spec) {
  for (const auto& b : spec.builtin_metrics)
    if (b == builtin::instructions) return true;
  return false;
}

std::vector<MetricInfo> metrics_of(const BenchmarkSpec& spec) {
  std::vector<MetricInfo> out;
  for (auto name :
       {builtin::wall_time, builtin::user_time, builtin::system_time, builtin::peak_rss}) {
    MetricInfo m = *builtin::find(name);
    m.compared = false;
    for (const auto& b : spec.builtin_metrics) m.compared = m.compared || b == m.name;
    out.push_back(m);
  }
  // Costs runs of its own, so it is recorded only when asked for.
  if (wants_instructions(spec)) out.push_back(*builtin::find(builtin::instructions));
  for (const auto& d : spec.metrics) out.push_back(d.info);
  return out;
}

void fail(Repetition& rep, std::string why) {
  rep.ok = false;
  rep.failure = std::move(why);
  rep.values.clear();
}

// One execution: the process, then its declared metrics, then its receipt
// (filled into `receipt` when the spec has one). A repetition is ok only when
// the process exited 0, every declared metric was read and the receipt is
// valid (and, under strict_receipts, breaks no strict rule). When `outputs` is
// given, the spec's declared determinism outputs are read into it; one that
// cannot be read fails the repetition.
Repetition run_once(const BenchmarkSpec& spec, int index, const RunOptions& options,
                    ReceiptReading& receipt, CapturedOutputs* outputs = nullptr) {
  const ProcessSpec ps = benchmark_process(spec);
  for (const auto& m : spec.metrics) clear_metric_output(m, spec.cwd);
  clear_receipt(spec);
  clear_determinism_outputs(spec);

  ProcessResult pr = run_process(ps);
  Repetition rep;
  rep.index = index;
  if (pr.outcome == ProcessResult::Outcome::exited) rep.exit_status = pr.exit_status;
  if (pr.outcome == ProcessResult::Outcome::signaled) rep.signal = pr.signal;
  if (!pr.ok()) {
    rep.ok = false;
    rep.failure = pr.describe_failure(ps);
    return rep;
  }
  rep.values[std::string(builtin::wall_time)] = static_cast<double>(pr.wall_ns);
  rep.values[std::string(builtin::user_time)] = static_cast<double>(pr.user_ns);
  rep.values[std::string(builtin::system_time)] = static_cast<double>(pr.system_ns);
  rep.values[std::string(builtin::peak_rss)] = static_cast<double>(pr.peak_rss_bytes);
  for (const auto& m : spec.metrics) {
    MetricReading r = read_metric(m, pr.stdout_text, spec.cwd);
    if (!r.value) {
      rep.ok = false;
      rep.failure = r.why_not;
      rep.values.clear();
      return rep;
    }
    rep.values[m.info.name] = *r.value;
  }
  if (outputs) {
    *outputs = capture_outputs(spec, pr.stdout_text);
    if (!outputs->ok) {
      fail(rep, outputs->why_not);
      return rep;
    }
  }
  if (spec.receipt.empty()) return rep;
  receipt = read_receipt(spec);
  if (!receipt.ok) {
    fail(rep, receipt.why_not);
  } else if (options.strict_receipts && !receipt.findings.empty()) {
    std::string why = "suspicious: ";
    for (std::size_t i = 0; i < receipt.findings.size(); ++i)
      why += (i ? "; also " : "") + receipt.findings[i];
    fail(rep, why);
  } else {
    for (const ReceiptMetric& m : receipt.metrics) rep.values[m.info.name] = m.value;
  }
  return rep;
}

// What a receipt adds to its benchmark: the metrics it brings (a figure in
// another dimension than before fails the repetition), and, without strict
// mode, each finding once as a note and in the context "receipt_findings".
void take_receipt(const BenchmarkSpec& spec, const ReceiptReading& receipt, Repetition& rep,
                  BenchmarkResult& result, std::set<std::string>& noted, RunObserver& observer) {
  if (!rep.ok) return;
  for (const ReceiptMetric& m : receipt.metrics) {
    const MetricInfo* known = result.find_metric(m.info.name);
    if (!known) {
      result.metrics.push_back(m.info);
    } else if (known->unit != m.info.unit) {
      fail(rep, "receipt: " + spec.receipt + ": figure '" + m.info.name + "' is in " + m.info.unit +
                    " now and was in " + known->unit + " before; write each figure in one unit");
      return;
    }
  }
  for (const std::string& f : receipt.findings) {
    if (!noted.insert(f).second) continue;
    observer.on_note(spec, "suspicious receipt (strict mode off, so the samples are kept): " + f);
    nlohmann::json all = nlohmann::json::array();
    for (const std::string& n : noted) all.push_back(n);
    result.context["receipt_findings"] = all.dump();
  }
}

// The counter the run uses for `instructions`, chosen once, when a benchmark
// first asks; `unavailable` says why it cannot count ("" when it can).
struct InstructionCounterChoice {
  InstructionCounter how = InstructionCounter::callgrind;
  std::string unavailable;
};

// callgrind simulates the CPU: the program runs 20-50x slower than in the
// timed repetitions, so its time-out is stretched by this much.
constexpr int kCallgrindSlowdown = 50;

// The benchmark's instructions, counted after its timed repetitions in runs
// of their own: a counter never slows a timed run (callgrind by 20-50x).
//   perf       one counted run per successful repetition; repetition i gets
//              the count of counted run i (the counts vary a little, like any
//              measurement, so each is a sample).
//   callgrind  one counted run in all, recorded in the first successful
//              repetition: the count is exact (the same program and input
//              give the same count every time), so more runs would only
//              repeat it at 20-50x the cost, and copying it into every
//              repetition would fake samples nobody measured.
// A counted run that fails, or a counter that cannot count here, is a note
// and an absent sample, never a failed repetition: the timed samples stand.
void count_benchmark_instructions(const BenchmarkSpec& spec,
                                  const InstructionCounterChoice& counter, BenchmarkResult& result,
                                  RunObserver& observer) {
  if (!counter.unavailable.empty()) {
    observer.on_note(spec, "instructions not counted: " + counter.unavailable);
    std::erase_if(result.metrics,
                  [](const MetricInfo& m) { return m.name == builtin::instructions; });
    return;
  }
  ProcessSpec ps = benchmark_process(spec);
  if (counter.how == InstructionCounter::callgrind)
    ps.timeout = spec.timeout.count() > INT64_MAX / kCallgrindSlowdown
                     ? std::chrono::nanoseconds(INT64_MAX)
                     : spec.timeout * kCallgrindSlowdown;
  result.context["instruction_counter"] =
      nlohmann::json(instruction_counter_name(counter.how)).dump();
  for (Repetition& rep : result.repetitions) {
    if (!rep.ok) continue;
    for (const auto& m : spec.metrics) clear_metric_output(m, spec.cwd);
    InstructionCount c = count_instructions(ps, counter.how);
    if (c.ok) {
      rep.values[std::string(builtin::instructions)] = static_cast<double>(c.instructions);
    } else {
      observer.on_note(spec,
                       fmt::format("instructions not counted for repetition {} ({}): {}", rep.index,
                                   instruction_counter_name(counter.how), c.failure));
    }
    if (counter.how == InstructionCounter::callgrind) break;
  }
}

void cool_down(const BenchmarkSpec& spec) {
  if (spec.cooldown.count() > 0) std::this_thread::sleep_for(spec.cooldown);
}

// A kind = "gbench" benchmark: one process, many results (collect/gbench_runner).
void run_gbench_spec(const BenchmarkSpec& spec, const GbenchProbe& probe, int runs, int index,
                     int count, Run& run, RunObserver& observer) {
  observer.on_benchmark_start(spec, index, count, 1);
  GbenchRun g = run_gbench(spec, probe, runs);
  for (const std::string& note : g.notes) observer.on_note(spec, note);
  observer.on_repetition(spec, g.process, false);
  observer.on_gbench_results(spec, g.benchmarks);

  BenchmarkResult binary;  // what progress shows: the binary's own process
  binary.name = spec.name;
  binary.command = spec.argv;
  binary.metrics = metrics_of(spec);
  binary.repetitions.push_back(g.process);
  observer.on_benchmark_end(spec, binary);

  run.sources.push_back({spec.argv.at(0), "gbench", g.context_json});
  for (BenchmarkResult& b : g.benchmarks) run.benchmarks.push_back(std::move(b));
}

}  // namespace

std::string make_run_id(const std::string& started_at_iso, const GitState& git) {
  // "2026-11-23T19:03:12.345Z" -> "20261123T190312.345Z"
  std::string compact;
  for (char c : started_at_iso)
    if (c != '-' && c != ':') compact += c;
  std::string tail = git.commit.empty() ? "nogit" : git.commit.substr(0, 7);
  return compact + "-" + tail;
}

void check_commands(const Suite& suite) {
  for (const auto& b : resolve_fixtures(suite).benchmarks) {
    if (!b.shell.empty() || !b.skip_reason.empty())
      continue;  // the shell reports its own errors, as exit 127
    if (find_executable(b.argv.at(0), b.cwd).empty())
      throw input_error(b.place.str() + ": benchmark '" + b.name + "': command '" + b.argv[0] +
                        "' is not an executable file (looked " +
                        (b.argv[0].find('/') == std::string::npos ? std::string("on PATH")
                                                                  : "relative to cwd " + b.cwd) +
                        "); build it first or fix `command`");
  }
}

Run run_suite(const Suite& declared, const RunOptions& options, RunObserver& observer) {
  if (declared.benchmarks.empty())
    throw input_error(declared.path + ": the suite has no [[benchmark]]; add one");
  check_commands(declared);
  const Suite suite = resolve_fixtures(declared);
  // The user's mistakes about a Google Benchmark binary surface before
  // anything is measured.
  std::vector<GbenchProbe> probes(suite.benchmarks.size());
  for (std::size_t i = 0; i < suite.benchmarks.size(); ++i)
    if (suite.benchmarks[i].kind == BenchmarkKind::gbench &&
        suite.benchmarks[i].skip_reason.empty())
      probes[i] = probe_gbench(suite.benchmarks[i]);

  Run run;
  run.environment = probe_environment(suite.dir);
  run.preflight = run_preflight(run.environment);
  std::string refusals;
  for (const auto& c : run.preflight) {
    observer.on_preflight(c);
    if (c.status == PreflightCheck::Status::warning)
      refusals += (refusals.empty() ? "" : "; ") + c.message;
  }
  if (options.strict_env && !refusals.empty())
    throw run_error("pre-flight checks failed (--strict-env): " + refusals);

  run.started_at = utc_now_iso();
  run.id = make_run_id(run.started_at, run.environment.git);
  run.suite_name = suite.name;
  run.suite_path = suite.path;
  run.source = "perfgate run";
  run.quick = options.quick;
  run.gate = suite.gate;

  std::optional<InstructionCounterChoice> counter;  // chosen when first needed
  int index = 0;
  const int count = static_cast<int>(suite.benchmarks.size());
  for (std::size_t s = 0; s < suite.benchmarks.size(); ++s) {
    const BenchmarkSpec& spec = suite.benchmarks[s];
    int runs = options.runs_override.value_or(options.quick ? std::min(spec.runs, suite.quick_runs)
                                                            : spec.runs);
    if (spec.kind == BenchmarkKind::gbench && spec.skip_reason.empty()) {
      run_gbench_spec(spec, probes[s], runs, index++, count, run, observer);
      continue;
    }
    BenchmarkResult result;
    result.name = spec.name;
    result.command = spec.command();
    if (spec.kind == BenchmarkKind::command) result.metrics = metrics_of(spec);
    result.limits = spec.limits;
    result.budgets = spec.budgets;
    if (!spec.skip_reason.empty()) {
      // Recorded with the reason, never run (collect/fixtures.hpp).
      result.skipped = spec.skip_reason;
      observer.on_benchmark_skipped(spec, index++, count);
      run.benchmarks.push_back(std::move(result));
      continue;
    }
    result.warmup = spec.warmup;
    observer.on_benchmark_start(spec, index++, count, runs);

    bool warmup_failed = false;
    std::set<std::string> noted;  // receipt findings already told
    for (int w = 0; w < spec.warmup && !warmup_failed; ++w) {
      ReceiptReading receipt;
      Repetition rep = run_once(spec, w, options, receipt);
      take_receipt(spec, receipt, rep, result, noted, observer);
      observer.on_repetition(spec, rep, true);
      cool_down(spec);
      if (!rep.ok) {
        // A benchmark that cannot get through its warm-up would fail (or time
        // out) every measured run too: record why once instead of N times.
        rep.index = 0;
        rep.failure = "warm-up run failed: " + rep.failure;
        result.repetitions.push_back(rep);
        warmup_failed = true;
      }
    }
    std::optional<DeterminismCheck> determinism;
    if (spec.determinism) determinism.emplace(*spec.determinism);
    std::string not_deterministic;
    // A receipt that declares deterministic output with a seed makes a claim
    // every repetition can check: the first one's digest is the reference.
    std::optional<ReceiptData> first_receipt;
    for (int i = 0; i < runs && !warmup_failed && not_deterministic.empty(); ++i) {
      ReceiptReading receipt;
      CapturedOutputs outputs;
      const bool check = determinism && determinism->wants_more();
      Repetition rep = run_once(spec, i, options, receipt, check ? &outputs : nullptr);
      take_receipt(spec, receipt, rep, result, noted, observer);
      if (check && rep.ok) {
        if (auto why = determinism->take(i, std::move(outputs))) {
          fail(rep, *why);
          not_deterministic = *why;
        }
      }
      if (rep.ok && receipt.ok) {
        if (!first_receipt) {
          first_receipt = receipt.data;
          first_receipt->path = "repetition " + std::to_string(i) + "'s receipt";
        } else if (auto why = determinism_contradiction(*first_receipt, receipt.data)) {
          fail(rep, "receipt of repetition " + std::to_string(i) + ": " + *why);
          not_deterministic = rep.failure;
        }
      }
      observer.on_repetition(spec, rep, false);
      result.repetitions.push_back(std::move(rep));
      cool_down(spec);
    }
    if (!not_deterministic.empty()) {
      // The figures of a benchmark whose outputs change from run to run prove
      // nothing (it may not have done the same work twice): every repetition
      // fails, the ones before the difference too, and the rest are not run.
      for (Repetition& r : result.repetitions)
        if (r.ok) fail(r, not_deterministic);
    } else if (determinism && determinism->checked() >= 2) {
      result.context["determinism"] = determinism->context_json();
    } else if (determinism && !warmup_failed) {
      observer.on_note(spec, fmt::format("determinism not checked: {} successful repetition(s), "
                                         "at least 2 are needed",
                                         determinism->checked()));
    }
    if (wants_instructions(spec) && result.samples(std::string(builtin::wall_time)).size() > 0) {
      if (!counter) {
        counter.emplace();
        counter->how = options.counter.value_or(default_instruction_counter());
        counter->unavailable = instruction_counter_unavailable(counter->how);
      }
      count_benchmark_instructions(spec, *counter, result, observer);
    }
    observer.on_benchmark_end(spec, result);
    run.benchmarks.push_back(std::move(result));
  }
  run.finished_at = utc_now_iso();
  return run;
}

}  // namespace perfgate
