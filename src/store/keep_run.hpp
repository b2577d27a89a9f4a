// Keeping a run so that nothing is lost: the result file first (written
// atomically), then the store in one transaction. If the store fails, the
// error says where the result file is, so the run can still be used.
#pragma once

#include <cstdint>
#include <string>

#include "model/run.hpp"
#include "store/store.hpp"

namespace perfgate {

// Where a run's result file goes when the user names none.
std::string default_result_path(const Run& run);

// Writes the result file to `path` (empty: default_result_path) and saves the
// run in `store`. Returns the store id. Throws perfgate::Error as
// write_run_file and Store::save do, the latter naming the result file.
std::int64_t keep_run(const Run& run, Store& store, std::string& path);

}  // namespace perfgate
