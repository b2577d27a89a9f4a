#include "store/keep_run.hpp"

#include "model/error.hpp"
#include "model/run_json.hpp"

namespace perfgate {

std::string default_result_path(const Run& run) { return ".perfgate/runs/" + run.id + ".json"; }

std::int64_t keep_run(const Run& run, Store& store, std::string& path) {
  if (path.empty()) path = default_result_path(run);
  write_run_file(run, path);
  try {
    return store.save(run);
  } catch (const Error& e) {
    throw Error(e.code(), std::string(e.what()) + " (the run is kept in " + path + ")");
  }
}

}  // namespace perfgate
