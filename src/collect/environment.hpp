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

// The branch a CI system says it is building, for a checkout git sees as
// detached (GitHub's pull requests, every GitLab job): GITHUB_HEAD_REF for a
// pull request, else GITHUB_REF_NAME when GITHUB_REF_TYPE is "branch";
// CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, else CI_COMMIT_BRANCH. Empty when
// none is set. probe_environment uses it when git names no branch, so that
// `branch:NAME` finds CI runs.
std::string ci_branch();

}  // namespace perfgate
