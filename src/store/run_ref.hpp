// References to runs, as users write them on the command line.
#pragma once

#include <optional>
#include <string>

#include "model/run.hpp"
#include "store/store.hpp"

namespace perfgate {

// Resolves one side of a comparison:
//   an existing file path        -> that result file
//   "latest", "latest~N"         -> the newest stored run, or the Nth before it
//   "N" (digits)                 -> the stored run with store id N
//   "commit:SHA" (prefix, >= 4)  -> the newest stored run of that commit
//   "branch:NAME"                -> the newest stored run on that branch
//   a Run::id ("20261123T...")   -> the stored run with that run id
// A commit prefix that starts several stored commits is refused as ambiguous.
// Throws perfgate::Error (exit 2) naming the reference and what exists when it
// matches nothing ("latest~3: the store holds only 2 runs").
Run resolve_run(const std::string& ref, Store& store);

// The same for stored runs only, never reading a file: what a server
// resolves for a client, who must not reach the server's disk. With
// `project`, only that project's runs are seen, and messages offer only its
// commits and branches.
Run resolve_stored_run(const std::string& ref, Store& store,
                       const std::optional<std::string>& project = std::nullopt);

}  // namespace perfgate
