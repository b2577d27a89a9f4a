// Pre-flight checks before benchmarks run: is this machine quiet enough to
// measure on? Each check that fails is a warning saying what to do.
#pragma once

#include <vector>

#include "model/environment.hpp"

namespace perfgate {

// Checks: "load" (1-minute load average above half the logical cores),
// "busy_process" (another process using more than 25 % of a core, sampled over
// 200 ms), "battery" (running on battery), "governor" (cpu frequency governor
// is not "performance"), "swap" (more than 64 MiB of swap in use). A check
// that cannot read its facts is "skipped", never a warning.
std::vector<PreflightCheck> run_preflight(const Environment& env);

}  // namespace perfgate
