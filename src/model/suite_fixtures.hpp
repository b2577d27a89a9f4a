// The suite reader's part for fixtures (docs/formats.md, "Fixtures"):
// [fixture.NAME] tables, and which fixtures each [[benchmark]] needs. Internal
// to the suite reader (model/suite_toml.cpp).
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "model/suite.hpp"
#include "model/toml_reader.hpp"

namespace perfgate {

// The [fixture] table of a suite: one [fixture.NAME] per fixture. Relative
// paths are taken from `suite_dir`.
std::vector<FixtureSpec> read_fixture_tables(const TomlReader& reader, const toml::table& t,
                                             const std::filesystem::path& suite_dir);

// The fixtures benchmark `t` needs: its `fixtures = [...]` and the
// "{fixture.NAME}" placeholders in its command, shell and env values, each
// name once, in order of first mention. An undeclared name is an error at the
// value that mentions it.
std::vector<std::string> benchmark_fixtures(const TomlReader& reader, const toml::table& t,
                                            const std::vector<FixtureSpec>& declared);

}  // namespace perfgate
