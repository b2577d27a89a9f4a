// perfgate ab: interleaved A/B pairs of two commands (or of a suite's
// benchmarks in two build folders) with sequential looks and alpha spending,
// judged as a Comparison so that every reporter and the gate work unchanged
// (docs/ab.md). Exit 0, 1 when the gate fails, 2 for bad input, 3 when a side
// failed before a single pair was measured.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tuple>

#include "analyze/ab.hpp"
#include "cli/ab_measure.hpp"
#include "cli/common.hpp"
#include "collect/ab_runner.hpp"
#include "collect/ab_suite.hpp"
#include "collect/command_line.hpp"
#include "collect/process.hpp"
#include "collect/worktree.hpp"
#include "model/error.hpp"
#include "model/suite_toml.hpp"
#include "model/units.hpp"
#include "stats/rng.hpp"

namespace perfgate::cli {
namespace {

struct AbArgs {
  CommonOptions common;
  GateArgs gate;
  ReportArgs report;
  std::string base, contender, name = "ab";
  std::string suite, base_dir, contender_dir;
  std::string base_rev, contender_rev, build, worktrees;
  std::vector<std::string> benchmarks;
  AbDesignArgs design;
  std::string timeout, cwd;
  bool pin = false;
};

struct Outcomes {
  bool never_ran = false;  // a side failed before any pair was measured
};

struct SideFolders {
  std::string base, contender;              // the folders the suite is re-rooted into
  std::string base_label, contender_label;  // "build-a", "main (0123456789ab)"
};

// Each side's folder: a --X-dir as given, or the suite's folder inside the
// worktree of --X-rev after --build ran there (collect/worktree.hpp).
SideFolders side_folders(const AbArgs& a, const Suite& suite) {
  SideFolders f{a.base_dir, a.contender_dir, a.base_dir, a.contender_dir};
  if (a.base_rev.empty() && a.contender_rev.empty()) return f;
  const std::string top = repository_top_level(suite.dir);
  const std::string inside = suite_place_in_repository(suite.dir, top, a.suite);
  const std::string worktrees = a.worktrees.empty() ? top + "/.perfgate/worktrees" : a.worktrees;
  auto side = [&](const std::string& rev, const char* name, std::string& dir, std::string& label) {
    if (rev.empty()) return;
    const BuiltRevision b =
        check_out_and_build(top, rev, worktrees, a.build, name, a.common.quiet ? "" : "ab: ");
    dir = (std::filesystem::path(b.dir) / inside).lexically_normal().string();
    label = rev + " (" + b.commit.substr(0, 12) + ")";
  };
  side(a.base_rev, "base", f.base, f.base_label);
  side(a.contender_rev, "contender", f.contender, f.contender_label);
  return f;
}

int ab_verb(const AbArgs& a) {
  Reports reports = make_reports(a.report, a.common);
  const bool two_commands = !a.base.empty() || !a.contender.empty();
  const bool two_dirs = !a.suite.empty() || !a.base_dir.empty() || !a.contender_dir.empty() ||
                        !a.base_rev.empty() || !a.contender_rev.empty();
  if (two_commands == two_dirs)
    throw input_error(
        "give either --base CMD --contender CMD, or --suite FILE --base-dir DIR --contender-dir "
        "DIR");
  if (two_commands && (a.base.empty() || a.contender.empty()))
    throw input_error(std::string(a.base.empty() ? "--base" : "--contender") +
                      " is missing: give both --base CMD and --contender CMD");
  if (two_dirs) {
    if (a.suite.empty())
      throw input_error(
          "--base-dir/--base-rev and --contender-dir/--contender-rev measure a "
          "suite: give --suite FILE too");
    for (const auto& [side, dir, rev] : {std::tuple{"base", &a.base_dir, &a.base_rev},
                                         {"contender", &a.contender_dir, &a.contender_rev}}) {
      const std::string s = side;
      if (dir->empty() == rev->empty())
        throw input_error("give the " + s + " side as either --" + s +
                          "-dir DIR (a build folder) or --" + s +
                          "-rev REV (a commit to check out and build), not " +
                          (dir->empty() ? "neither" : "both"));
    }
  }
  if (!a.build.empty() && a.base_rev.empty() && a.contender_rev.empty())
    throw input_error(
        "--build runs in the worktrees of --base-rev/--contender-rev; a --base-dir or "
        "--contender-dir is used as it is, already built");
  if (!a.worktrees.empty() && a.base_rev.empty() && a.contender_rev.empty())
    throw input_error("--worktrees goes with --base-rev/--contender-rev");
  if (!a.cwd.empty() && two_dirs)
    throw input_error(
        "--cwd goes with --base/--contender; in suite mode each side runs in its "
        "re-rooted cwd (docs/ab.md)");
  if (!a.benchmarks.empty() && !two_dirs)
    throw input_error("--benchmark selects benchmarks of --suite; give --suite too");
  const SequentialOptions so = sequential_options(a.design);
  const double t = so.design.threshold;
  std::optional<std::chrono::nanoseconds> timeout;
  if (!a.timeout.empty())
    timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(duration_flag_s("--timeout", a.timeout)));
  const AbRunOptions run = ab_run_options(a.design);

  Comparison cmp;
  cmp.options.alpha = a.design.alpha;
  cmp.options.seed = a.design.seed;
  cmp.pairs = so.design;
  std::vector<AbJob> jobs;
  GatePolicy from_suite;
  if (two_commands) {
    auto side = [&](const std::string& cmd) {
      AbSideSpec s{cmd, {}};
      s.process.argv = command_argv(cmd);
      s.process.cwd = a.cwd;
      if (timeout) s.process.timeout = *timeout;
      return s;
    };
    jobs.push_back(AbJob{a.name, side(a.base), side(a.contender), false, 2 * t});
    cmp.base.label = a.base;
    cmp.contender.label = a.contender;
  } else {
    const Suite suite = load_suite(a.suite);
    from_suite = suite.gate;
    const SideFolders sides = side_folders(a, suite);
    AbSuiteJobs sj = ab_jobs_from_suite(suite, sides.base, sides.contender, a.benchmarks);
    for (const auto& note : sj.notes)
      if (!a.common.quiet) std::cerr << "note: " << note << "\n";
    for (auto& job : sj.jobs) {
      if (timeout) job.base.process.timeout = job.contender.process.timeout = *timeout;
      jobs.push_back(std::move(job));
    }
    for (const auto& f : sj.failures) {
      Verdict v;
      v.benchmark = f.substr(0, f.find(':'));
      v.metric = a.design.metric;
      v.method = Method::pairs;
      v.status = Status::failed;
      v.severity = Severity::critical;
      v.reason = f.substr(f.find(':') + 2);
      cmp.verdicts.push_back(std::move(v));
    }
    cmp.only_in_base = sj.only_in_base;
    cmp.only_in_contender = sj.only_in_contender;
    cmp.base.label = sides.base_label;
    cmp.contender.label = sides.contender_label;
    cmp.base.suite_name = cmp.contender.suite_name = suite.name;
  }
  cmp.base.source = cmp.contender.source = "perfgate ab";

  if (a.pin) {
    std::string why;
    const std::optional<int> cpu = pin_to_last_cpu(why);
    if (!cpu) throw run_error("--pin: cannot pin to one CPU: " + why);
    if (!a.common.quiet)
      std::cerr << "ab: pinned to CPU " << *cpu
                << " (perfgate and, inheriting its affinity, both sides)\n";
  }
  if (!a.common.quiet) {
    char seed[32];
    std::snprintf(seed, sizeof seed, "%#llx", static_cast<unsigned long long>(a.design.seed));
    std::cerr << "ab: metric " << a.design.metric << ", order of each pair drawn with seed " << seed
              << ", warm-up " << a.design.warmup << " run(s) per side\n";
    if (two_commands)
      for (const auto& [side, cmd] : {std::pair{"base", &a.base}, {"contender", &a.contender}})
        std::cerr << "ab: " << side << " runs "
                  << (runs_without_shell(*cmd) ? "directly (plain words, no shell)"
                                               : "through /bin/sh -c")
                  << "\n";
  }

  install_interrupt_cleanup();  // Ctrl-C kills the running side's process group too
  stats::Rng rng(a.design.seed);
  Outcomes outcomes;
  for (const auto& job : jobs) {
    AbRunOptions r = run;
    if (job.gbench)
      r.metric = a.design.metric == "cpu_time" ? AbMetric::gbench_cpu : AbMetric::gbench_real;
    const RelativeLimits limits{t, std::max(job.critical, t)};
    cmp.verdicts.push_back(measure_ab_job(job, r, so, a.design.warmup, limits, rng, a.common.quiet,
                                          a.suite.empty() ? "ab: " : "ab: " + job.name + ": ",
                                          outcomes.never_ran));
  }
  for (const auto& v : cmp.verdicts) cmp.summary.add(v.status);
  cmp.family_size = static_cast<int>(cmp.verdicts.size());

  const GatePolicy policy = resolve_gate(a.gate, from_suite, FailOn::critical);
  const int code = report_and_gate(cmp, policy, reports, a.common);
  if (!outcomes.never_ran) return code;
  // The gate's line speaks of verdicts; the exit code says more: nothing ran.
  if (!a.common.quiet)
    std::cerr << "perfgate: exit 3: a side could not be run before any pair was measured, so "
                 "nothing was compared (the reason is above)\n";
  return static_cast<int>(ExitCode::run_failed);
}

}  // namespace

void add_ab_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<AbArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ab",
      "A/B test two commands (or a suite in two build folders) in interleaved pairs, stopping "
      "as soon as the difference is clear (docs/ab.md)");
  cmd->add_option("--base", a->base, "The command compared against (a shell string)");
  cmd->add_option("--contender", a->contender, "The command being judged (a shell string)");
  cmd->add_option("--name", a->name, "The benchmark's name in reports (default ab)");
  cmd->add_option("--suite", a->suite, "With --base-dir and --contender-dir: the suite to run");
  cmd->add_option("--base-dir", a->base_dir, "The base build's folder (suite mode)");
  cmd->add_option("--contender-dir", a->contender_dir, "The contender build's folder (suite mode)");
  cmd->add_option("--base-rev", a->base_rev,
                  "The base as a commit of the suite's repository: checked out as a worktree and "
                  "built with --build (suite mode)");
  cmd->add_option("--contender-rev", a->contender_rev,
                  "The contender as a commit, like --base-rev (suite mode)");
  cmd->add_option("--build", a->build,
                  "Shell command that builds a --base-rev/--contender-rev worktree, run at its "
                  "top level");
  cmd->add_option("--worktrees", a->worktrees,
                  "Where the worktrees go (default .perfgate/worktrees in the repository; kept "
                  "and reused)");
  cmd->add_option("--benchmark", a->benchmarks, "Only this suite benchmark (repeatable)");
  add_ab_design_flags(cmd, a->design);
  cmd->add_flag("--pin", a->pin, "Run both sides on one CPU (the last one perfgate may use)");
  cmd->add_option("--timeout", a->timeout, "Time-out of each run, e.g. 10s (default 60s)");
  cmd->add_option("--cwd", a->cwd, "Working folder of both commands (two-command mode)");
  add_report_flags(cmd, a->report);
  add_gate_flags(cmd, a->gate);
  add_output_flags(cmd, a->common);
  cmd->callback([a, &action] { action = [a] { return ab_verb(*a); }; });
}

}  // namespace perfgate::cli
