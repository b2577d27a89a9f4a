// Reads a suite file (perfgate.toml) with toml++ into a Suite.
#pragma once

#include <string>

#include "model/suite.hpp"

namespace perfgate {

// Parses and validates the suite at `path`. Relative `cwd` values resolve from
// the suite's folder. Throws perfgate::Error (exit 2) with a one-line message
// "path:line:column: what is wrong; what was expected" on any mistake:
// malformed TOML, unknown keys, wrong types, bad durations or thresholds, a
// regex that does not compile, an empty suite, duplicate benchmark names.
Suite load_suite(const std::string& path);

// Same, from text already in memory; `path` is used in messages and to resolve
// relative folders.
Suite parse_suite(const std::string& text, const std::string& path);

}  // namespace perfgate
