// The result file: one schema-versioned JSON document per run
// (docs/formats.md, "Result file"). nlohmann/json stays inside the model
// layer's .cpp files and json_io.hpp.
#pragma once

#include <string>
#include <string_view>

#include "model/run.hpp"

namespace perfgate {

// The run as a JSON document (pretty-printed with 2 spaces when `pretty`).
std::string run_to_json(const Run& run, bool pretty = true);

// Parses a result document. `origin` names the source in messages (a path, or
// "store run 12"). Throws perfgate::Error (exit 2) naming origin, the JSON
// path of the bad field and what was expected; an unknown schema_version is
// refused with the versions this perfgate reads.
Run run_from_json(std::string_view text, const std::string& origin);

// Reads a result file from disk (errors as above; a missing file names it).
Run read_run_file(const std::string& path);

// Writes the result file atomically: a temporary file in the same folder,
// fsync, then rename, so a reader never sees half a file. Creates missing
// parent folders. Throws perfgate::Error (exit 2) when the path is not writable.
void write_run_file(const Run& run, const std::string& path);

}  // namespace perfgate
