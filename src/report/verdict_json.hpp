// One verdict as the comparison JSON writes it (docs/formats.md, "Comparison
// JSON", `verdicts[]`), for other reports that carry verdicts (bisect's).
#pragma once

#include <nlohmann/json.hpp>

#include "analyze/compare.hpp"

namespace perfgate {

nlohmann::json verdict_json(const Verdict& v);

}  // namespace perfgate
