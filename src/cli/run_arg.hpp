// Runs as verbs take them on the command line: a result file when the path
// exists, else a store reference (src/store/run_ref.hpp). Shared by the verbs
// that read runs (compare, check, baseline).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "model/run.hpp"
#include "store/store.hpp"

namespace perfgate::cli {

// Reads one run. The store is opened (never created) only when `ref` is not
// an existing file, and kept in `store` for the next call, so reading result
// files never creates a database as a side effect. Throws perfgate::Error
// (exit 2) as read_run_file / resolve_run do.
Run load_run_arg(const std::string& ref, const CommonOptions& common,
                 std::unique_ptr<Store>& store);

// The `count` newest stored runs of suite `suite` (of the newest stored run's
// suite when `suite` is empty), newest first. Throws perfgate::Error (exit 2)
// when the store holds fewer, saying how many it has.
std::vector<Run> load_newest_runs(int count, const std::string& suite, Store& store);

}  // namespace perfgate::cli
