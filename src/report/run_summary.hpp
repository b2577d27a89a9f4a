// What `perfgate run` prints at the end: one row per benchmark with its sample
// count, median and range of each compared metric, and why repetitions failed.
#pragma once

#include <ostream>

#include "model/run.hpp"

namespace perfgate {

// `width`: the terminal's columns (0: no limit); long names are shortened to fit.
void write_run_summary(const Run& run, std::ostream& out, bool color, std::size_t width = 0);

}  // namespace perfgate
