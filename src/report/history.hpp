// `perfgate history` output: a text view (a header, a sparkline, a table), JSON
// and CSV of one benchmark x metric's history (docs/formats.md, "History").
// Not a Reporter: those present a comparison of two runs, this a series.
#pragma once

#include <ostream>
#include <string>

#include "analyze/history.hpp"

namespace perfgate {

// One character per point, oldest first: ▁▂▃▄▅▆▇█ from the smallest value
// shown to the largest (all ▄ when they are equal), a space for a gap.
std::string sparkline(const History& h);

// `width`: the terminal's columns (0: no limit), which the table fits.
void write_history_text(const History& h, std::ostream& out, bool color, std::size_t width = 0);
void write_history_json(const History& h, std::ostream& out);
void write_history_csv(const History& h, std::ostream& out);

}  // namespace perfgate
