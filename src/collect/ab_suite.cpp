#include "collect/ab_suite.hpp"

#include <algorithm>
#include <filesystem>

#include "collect/benchmark_process.hpp"
#include "collect/gbench_runner.hpp"
#include "model/error.hpp"

namespace perfgate {
namespace {

namespace fs = std::filesystem;

// The benchmark as the side in `dir` runs it (see the header).
BenchmarkSpec rerooted(const BenchmarkSpec& spec, const std::string& suite_dir,
                       const std::string& dir) {
  BenchmarkSpec s = spec;
  s.cwd = reroot(spec.cwd.empty() ? suite_dir : spec.cwd, suite_dir, dir);
  if (!s.argv.empty() && !s.argv[0].empty() && s.argv[0][0] == '/')
    s.argv[0] = reroot(s.argv[0], suite_dir, dir);
  return s;
}

}  // namespace

std::string reroot(const std::string& path, const std::string& from, const std::string& to) {
  const fs::path p = fs::path(path).lexically_normal();
  fs::path f = fs::path(from).lexically_normal();
  if (!f.has_filename() && f.has_parent_path() && f != f.root_path()) f = f.parent_path();
  const fs::path rel = p.lexically_relative(f);
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel == "." ? to : (fs::path(to) / rel).lexically_normal().string();
}

AbSuiteJobs ab_jobs_from_suite(const Suite& suite, const std::string& base_dir_arg,
                               const std::string& contender_dir_arg,
                               const std::vector<std::string>& names) {
  std::string dirs[2];
  const std::string* args[2] = {&base_dir_arg, &contender_dir_arg};
  const char* flags[2] = {"--base-dir", "--contender-dir"};
  for (int i = 0; i < 2; ++i) {
    std::error_code ec;
    if (!fs::is_directory(*args[i], ec))
      throw input_error(std::string(flags[i]) + " " + *args[i] +
                        ": not a folder; give the folder of that build (a checkout or worktree)");
    dirs[i] = fs::absolute(*args[i]).lexically_normal().string();
    if (dirs[i].size() > 1 && dirs[i].back() == '/') dirs[i].pop_back();
  }
  for (const auto& n : names) {
    const bool known = std::any_of(suite.benchmarks.begin(), suite.benchmarks.end(),
                                   [&](const BenchmarkSpec& b) { return b.name == n; });
    if (!known) {
      std::string have;
      for (const auto& b : suite.benchmarks) have += (have.empty() ? "" : ", ") + b.name;
      throw input_error("--benchmark " + n + ": " + suite.path + " has no such benchmark; it has " +
                        have);
    }
  }

  AbSuiteJobs out;
  for (const auto& spec : suite.benchmarks) {
    if (!names.empty() && std::find(names.begin(), names.end(), spec.name) == names.end()) continue;
    if (!spec.fixtures.empty())
      out.notes.push_back(spec.name +
                          ": fixtures are not resolved by ab; placeholders run as written");
    const BenchmarkSpec b = rerooted(spec, suite.dir, dirs[0]);
    const BenchmarkSpec c = rerooted(spec, suite.dir, dirs[1]);
    const double critical = spec.limits.lower_is_better.critical;
    if (spec.kind != BenchmarkKind::gbench) {
      AbJob job{spec.name,
                {dirs[0], benchmark_process(b)},
                {dirs[1], benchmark_process(c)},
                false,
                critical};
      out.jobs.push_back(std::move(job));
      continue;
    }
    const GbenchProbe pb = probe_gbench(b), pc = probe_gbench(c);
    if (!pb.failure.empty() || !pc.failure.empty()) {
      out.failures.push_back(
          spec.name + ": " +
          (pb.failure.empty() ? "contender: " + pc.failure : "base: " + pb.failure));
      continue;
    }
    for (const auto& n : pb.names) {
      if (std::find(pc.names.begin(), pc.names.end(), n) == pc.names.end()) {
        out.only_in_base.push_back(spec.name + "/" + n);
        continue;
      }
      AbJob job{spec.name + "/" + n,
                {dirs[0], benchmark_process(b, gbench_single_argv(b, pb, n))},
                {dirs[1], benchmark_process(c, gbench_single_argv(c, pc, n))},
                true,
                critical};
      out.jobs.push_back(std::move(job));
    }
    for (const auto& n : pc.names)
      if (std::find(pb.names.begin(), pb.names.end(), n) == pb.names.end())
        out.only_in_contender.push_back(spec.name + "/" + n);
  }
  return out;
}

}  // namespace perfgate
