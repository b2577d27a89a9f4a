// `perfgate ab --suite S --base-dir A --contender-dir B` (docs/ab.md, "Two
// builds"): the suite's benchmarks as A/B jobs, each side re-rooted into its
// folder.
//
// Re-rooting: a benchmark's cwd (absolute; the suite's folder by default) that
// lies under the suite's folder is moved to the same relative place under A
// (base) and B (contender); so is an absolute command[0] under the suite's
// folder. A relative command[0] ("./build/bench") is found from the cwd, so
// it follows the cwd. Anything else (a program on PATH, an absolute path
// elsewhere, the words of a shell string) is left as it is: both sides run it
// the same.
#pragma once

#include <string>
#include <vector>

#include "collect/ab_runner.hpp"
#include "model/suite.hpp"

namespace perfgate {

// One A/B measurement: a benchmark (or one benchmark of a gbench binary).
struct AbJob {
  std::string name;  // the suite benchmark's name, "<name>/<gbench name>" for gbench
  AbSideSpec base, contender;
  bool gbench = false;  // the sample is the row's real_time (cpu_time), not the process's
  double critical = 0;  // the benchmark's critical limit for lower-is-better metrics
};

// `path` moved from under `from` to the same place under `to`; unchanged when
// it does not lie under `from`. All three absolute.
std::string reroot(const std::string& path, const std::string& from, const std::string& to);

struct AbSuiteJobs {
  std::vector<AbJob> jobs;
  std::vector<std::string> only_in_base, only_in_contender;  // gbench names one side lacks
  std::vector<std::string> notes;     // what the user should know ("fixtures are not resolved")
  std::vector<std::string> failures;  // "name: the base binary failed to list its benchmarks: ..."
};

// The jobs for the benchmarks named (all when `names` is empty), in suite
// order. gbench binaries are probed on both sides (--benchmark_list_tests);
// the benchmarks both list become jobs. Throws input_error (exit 2) for a
// name the suite does not have, a folder that does not exist, or a binary
// that is not a Google Benchmark binary.
AbSuiteJobs ab_jobs_from_suite(const Suite& suite, const std::string& base_dir,
                               const std::string& contender_dir,
                               const std::vector<std::string>& names);

}  // namespace perfgate
