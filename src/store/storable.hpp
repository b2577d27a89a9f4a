// What the normalised tables (store/schema.hpp) require of a run, checked
// before a backend writes anything, so that a run the store cannot hold is
// refused with a message rather than a constraint failure half-way.
#pragma once

#include "model/run.hpp"

namespace perfgate {

// Throws perfgate::Error (exit 2) naming the run and what is wrong: no id,
// two benchmarks with one name, a metric declared twice in a benchmark, a
// repetition index used twice, or a NaN value in a successful repetition.
void check_storable(const Run& run);

}  // namespace perfgate
