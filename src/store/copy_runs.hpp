// Copying the history of one store into another (`perfgate store copy`),
// e.g. from a machine's SQLite file into a team's PostgreSQL database.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "store/store.hpp"

namespace perfgate {

struct CopyCount {
  std::int64_t runs = 0;     // in the source
  std::int64_t copied = 0;   // saved into the destination now
  std::int64_t present = 0;  // left out: the destination held a run with the run id already
};

// Saves every run of `from`, oldest first (by store id), into `to`, unless
// `to` holds a run with its run id already, each in its own project. The
// projects and API tokens (store/project.hpp) come first: those `to` lacks
// are added (a project by name, a token by its hash), so that a server moved
// to another store keeps serving the same clients. One transaction per run
// (Store::save): a copy cut short leaves whole runs only, and copying again
// copies the rest, so a copy never needs undoing. (A transaction per batch
// would save a few round trips per run, but one bad run would cost the whole
// batch.) `on_run` (optional) is called after each run, copied or not.
// With `local_into` set, runs saved without a project (a machine's own
// `perfgate run`) go into that project of `to`, which must exist there once
// the projects are copied: how a laptop's history joins a team's server.
// Throws what Store throws; perfgate::Error (exit 2), before any run is
// copied, when `local_into` is not a project of `to`.
CopyCount copy_runs(Store& from, Store& to,
                    const std::function<void(const CopyCount&)>& on_run = {},
                    const std::string& local_into = "");

}  // namespace perfgate
