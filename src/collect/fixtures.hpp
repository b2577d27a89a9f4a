// Finding the fixtures a suite declares ([fixture.NAME]: a model, a dataset)
// on this machine, and the suite as it then runs (docs/formats.md, "Fixtures").
#pragma once

#include <string>

#include "model/suite.hpp"

namespace perfgate {

struct FixtureLookup {
  std::string path;     // where it was found (absolute, or as the variable says); empty: absent
  std::string missing;  // why it is absent, for a message ("LLM_MODEL is not set and ...")
  bool from_env = false;  // the variable was set and decided
};

// The variable `fixture.env`, when set and not empty, decides alone: a path it
// names that does not exist is absent (looking further would measure another
// file than the one the user asked for). Otherwise the first of
// `fixture.paths` that exists ("~/" expands to $HOME).
FixtureLookup find_fixture(const FixtureSpec& fixture);

// The suite as it runs: in each benchmark that needs fixtures,
// "{fixture.NAME}" replaced by the path found and PERFGATE_FIXTURE_<NAME>
// (upper case, '-' as '_') set in its env; a benchmark needing an absent one
// gets skip_reason ("fixture \"model\" not found: ...; to get it: <hint>").
// Throws input_error (exit 2) when a fixture the suite marks required is
// absent, before anything runs. Fixtures no benchmark needs are not looked up.
Suite resolve_fixtures(const Suite& suite);

}  // namespace perfgate
