// The report of `perfgate crossval` (docs/crossval.md): outputs and speed of
// two implementations in one place, as aligned text or as JSON (schema
// "perfgate-crossval/1", documented in docs/crossval.md).
#pragma once

#include <ostream>

#include "analyze/crossval.hpp"

namespace perfgate {

void write_crossval_text(std::ostream& out, const CrossvalResult& result);
void write_crossval_json(std::ostream& out, const CrossvalResult& result);

// One line for the speed change: "candidate is 2.31x faster (95 % CI 2.10x to
// 2.50x)", or "... slower ..." when the candidate's median is higher.
std::string describe_speedup(const Change& change, double confidence);

}  // namespace perfgate
