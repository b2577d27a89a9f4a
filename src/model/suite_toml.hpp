// Reads a suite file (perfgate.toml) with toml++ into a Suite.
#pragma once

#include <string>

#include "model/suite.hpp"

namespace perfgate {

// Parses and validates the suite at `path`. Relative `cwd` values resolve from
// the suite's folder. Throws perfgate::Error (exit 2) with a one-line message
// "path:line:column: what is wrong; what was expected" on any mistake:
// malformed TOML, unknown keys, wrong types, bad durations or limits, budgets
// that do not fit their metric, an [[override]] that selects no benchmark, a
// regex that does not compile, an empty suite, duplicate benchmark names.
// Applies the [platform.NAME] section of current_platform().
Suite load_suite(const std::string& path);

// Same, from text already in memory; `path` is used in messages and to resolve
// relative folders.
Suite parse_suite(const std::string& text, const std::string& path);

// Same, applying the [platform.NAME] section named `platform` (e.g.
// "linux-aarch64") instead of current_platform()'s: for tests, and for
// checking a suite meant for another machine.
Suite parse_suite(const std::string& text, const std::string& path, const std::string& platform);

}  // namespace perfgate
