// perfgate bisect: which commit made a benchmark slower. Drives `git bisect`
// in a worktree of its own with A/B verdicts: each candidate commit is built
// and run in interleaved pairs against the known-good build (cli/ab_measure,
// analyze/ab); a regression marks it bad, stable or faster good; inconclusive
// means measure again with twice the budget, never a guess (docs/ab.md, "Bisect").
// Exit 0 when it names the first bad commit, 1 when it cannot (the bad
// revision is not slower, or a step stayed inconclusive), 2 for bad input, 3
// when the good or bad build fails.
#include <iostream>

#include "cli/ab_measure.hpp"
#include "cli/common.hpp"
#include "collect/git.hpp"
#include "collect/worktree.hpp"
#include "model/error.hpp"
#include "model/suite_toml.hpp"
#include "report/bisect.hpp"

namespace perfgate::cli {
namespace {

struct BisectArgs {
  CommonOptions common;
  AbDesignArgs design;
  std::string suite = "perfgate.toml", benchmark, good, bad, build, worktrees, timeout;
  std::string format = "text", output;
  int remeasure = 2;
};

bool is_regression(const Verdict& v) {
  return v.status == Status::critical || v.status == Status::warning;
}

std::string subject(const std::string& dir, const std::string& commit) {
  return run_git(dir, {"log", "-1", "--format=%h %s", commit}).value_or(commit.substr(0, 12));
}

// `git bisect ARGS` in the bisection worktree; its output.
std::string git_bisect(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> full = {"bisect"};
  full.insert(full.end(), args.begin(), args.end());
  ProcessSpec spec;
  spec.argv = {"git", "-C", dir};
  spec.argv.insert(spec.argv.end(), full.begin(), full.end());
  spec.env = {{"LC_ALL", "C"}};
  spec.timeout = std::chrono::minutes(5);
  const ProcessResult r = run_process(spec);
  if (!r.ok())
    throw run_error("git bisect " + args.front() + " in " + dir +
                    " failed: " + r.describe_failure(spec) + ": " + r.stderr_text);
  return r.stdout_text;
}

int bisect_verb(const BisectArgs& a) {
  if (a.good.empty() || a.bad.empty() || a.benchmark.empty())
    throw input_error("give --good REV, --bad REV and --benchmark NAME (one benchmark of --suite)");
  if (a.format != "text" && a.format != "json")
    throw input_error("--format " + a.format + ": unknown format; use text or json");
  if (a.remeasure < 0) throw input_error("--remeasure must be 0 or more");
  SequentialOptions so = sequential_options(a.design);
  const AbRunOptions run = ab_run_options(a.design);
  const Suite suite = load_suite(a.suite);
  const std::string suite_benchmark = a.benchmark.substr(0, a.benchmark.find('/'));
  bool known = false;
  std::string names;
  for (const auto& b : suite.benchmarks) {
    known = known || b.name == suite_benchmark;
    names += (names.empty() ? "" : ", ") + b.name;
  }
  if (!known)  // said before anything is checked out or built
    throw input_error("--benchmark " + a.benchmark + ": " + a.suite +
                      " has no such benchmark; it has " + names);
  const std::string top = repository_top_level(suite.dir);
  const std::string inside = suite_place_in_repository(suite.dir, top, a.suite);
  const std::string worktrees = a.worktrees.empty() ? top + "/.perfgate/worktrees" : a.worktrees;
  const bool quiet = a.common.quiet;
  auto in_tree = [&](const std::string& dir) {
    return (std::filesystem::path(dir) / inside).string();
  };

  // The one A/B job of the benchmark between the good build and `dir`.
  auto job_against = [&](const std::string& good_dir, const std::string& dir) {
    AbSuiteJobs sj = ab_jobs_from_suite(suite, in_tree(good_dir), in_tree(dir), {suite_benchmark});
    if (!sj.failures.empty()) throw run_error(sj.failures.front());
    std::vector<AbJob> matching;
    for (auto& j : sj.jobs)
      if (j.name == a.benchmark || sj.jobs.size() == 1) matching.push_back(std::move(j));
    if (matching.size() != 1) {
      std::string names;
      for (const auto& j : sj.jobs) names += (names.empty() ? "" : ", ") + j.name;
      throw input_error("--benchmark " + a.benchmark + ": bisect follows one benchmark; " +
                        suite_benchmark + " has " + names + ": name one of them");
    }
    if (a.timeout.empty()) return matching.front();
    const auto t = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(duration_flag_s("--timeout", a.timeout)));
    matching.front().base.process.timeout = matching.front().contender.process.timeout = t;
    return matching.front();
  };
  stats::Rng rng(a.design.seed);
  const RelativeLimits limits{so.design.threshold, 2 * so.design.threshold};
  // Measures until decided, doubling the budget up to --remeasure times.
  auto measure = [&](const AbJob& job, const std::string& label) {
    SequentialOptions o = so;
    bool never_ran = false;
    Verdict v;
    for (int attempt = 0; attempt <= a.remeasure; ++attempt, o.budget_s *= 2) {
      v = measure_ab_job(job, run, o, a.design.warmup, limits, rng, quiet,
                         "bisect: " + label + ": ", never_ran);
      if (v.status != Status::inconclusive) break;
      if (attempt < a.remeasure && !quiet)
        std::cerr << "bisect: " << label << ": inconclusive; measuring again with a budget of "
                  << o.budget_s * 2 << " s\n";
    }
    return v;
  };

  BisectReport report;
  report.benchmark = a.benchmark;
  report.metric = ab_metric_name(run.metric);
  report.threshold = so.design.threshold;
  report.measurements = a.remeasure + 1;
  // Writes the report as asked; `exit` is the verb's exit code.
  auto finish = [&](BisectOutcome outcome, int exit) {
    report.outcome = outcome;
    write_output(a.output, [&](std::ostream& out) {
      if (a.format == "json") {
        write_bisect_json(report, out);
      } else {
        write_bisect_text(report, out);
      }
    });
    return exit;
  };
  const int not_named = static_cast<int>(ExitCode::gate_failed);

  const std::string log = quiet ? "" : "bisect: ";
  const BuiltRevision good = check_out_and_build(top, a.good, worktrees, a.build, "good", log);
  const BuiltRevision bad = check_out_and_build(top, a.bad, worktrees, a.build, "bad", log);
  report.good = {a.good, good.commit, subject(top, good.commit)};
  report.bad = {a.bad, bad.commit, subject(top, bad.commit)};
  report.confirm = measure(job_against(good.dir, bad.dir), "bad vs good");
  if (!is_regression(report.confirm)) return finish(BisectOutcome::not_slower, not_named);

  const std::string dir = bisect_worktree(top, worktrees, bad.commit);
  std::string out = git_bisect(dir, {"start", bad.commit, good.commit});
  for (int guard = 0; guard < 64; ++guard) {
    const std::string done_marker = " is the first bad commit";
    if (const auto at = out.find(done_marker); at != std::string::npos) {
      report.first_bad = out.substr(out.rfind('\n', at) + 1, at - out.rfind('\n', at) - 1);
      report.first_bad_subject = subject(top, report.first_bad);
      git_bisect(dir, {"reset"});
      return finish(BisectOutcome::found, 0);
    }
    if (out.find("only 'skip'ped commits left") != std::string::npos) {
      git_bisect(dir, {"reset"});
      report.candidates = out;
      return finish(BisectOutcome::hidden_by_skipped, not_named);
    }
    const std::string commit = run_git(dir, {"rev-parse", "HEAD"}).value_or("");
    const std::string label = commit.substr(0, 12);
    std::string mark;
    Verdict v;
    try {
      if (!a.build.empty())
        build_in(dir, a.build, "the build of " + label, quiet ? "" : "bisect: " + label);
      v = measure(job_against(good.dir, dir), label);
      mark = is_regression(v)                                                ? "bad"
             : v.status == Status::stable || v.status == Status::improvement ? "good"
             : v.status == Status::failed                                    ? "skip"
                                                                             : "";
    } catch (const Error& e) {
      if (e.code() != ExitCode::run_failed) throw;
      if (!quiet) std::cerr << "bisect: " << label << ": " << e.what() << "; skipping it\n";
      mark = "skip";
      v.status = Status::failed;
      v.reason = e.what();
    }
    report.steps.push_back({commit, subject(top, commit), mark, v});
    if (mark.empty()) {
      git_bisect(dir, {"reset"});
      return finish(BisectOutcome::inconclusive, not_named);
    }
    if (!quiet) std::cerr << "bisect: " << label << " is " << mark << "\n";
    out = git_bisect(dir, {mark});
  }
  git_bisect(dir, {"reset"});
  throw run_error("git bisect did not finish within 64 steps");
}

}  // namespace

void add_bisect_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<BisectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "bisect",
      "Find the commit that made a benchmark slower: git bisect driven by A/B verdicts against "
      "the good build (docs/ab.md, \"Bisect\")");
  cmd->add_option("--good", a->good, "A revision where the benchmark was fast")->required();
  cmd->add_option("--bad", a->bad, "A later revision where it is slower")->required();
  cmd->add_option("--benchmark", a->benchmark, "The suite benchmark to follow")->required();
  cmd->add_option("--suite", a->suite, "The suite file (default perfgate.toml)");
  cmd->add_option("--build", a->build,
                  "Shell command that builds a checkout, run at its top level");
  cmd->add_option("--worktrees", a->worktrees,
                  "Where the worktrees go (default .perfgate/worktrees in the repository)");
  cmd->add_option("--remeasure", a->remeasure,
                  "Times an inconclusive step is measured again, each with twice the budget (2)");
  cmd->add_option("--timeout", a->timeout, "Time-out of each run, e.g. 10s (default 60s)");
  cmd->add_option("-f,--format", a->format,
                  "text, or json: every step's verdict as the comparison JSON writes it");
  cmd->add_option("-o,--output", a->output, "Write the report to this file instead of stdout");
  add_ab_design_flags(cmd, a->design);
  add_output_flags(cmd, a->common);
  cmd->callback([a, &action] { action = [a] { return bisect_verb(*a); }; });
}

}  // namespace perfgate::cli
