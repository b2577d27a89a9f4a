// Probes the machine perfgate runs on. All system reading lives here (like
// Google Benchmark's sysinfo.cc).
#pragma once

#include <string>

#include "model/environment.hpp"

namespace perfgate {

// Everything in Environment that this machine exposes; unreadable facts stay
// empty. `repo_dir` is where git state is read (the suite's folder).
Environment probe_environment(const std::string& repo_dir);

// Git state of the repository containing `dir` (empty when none or no git).
GitState probe_git(const std::string& dir);

}  // namespace perfgate
