// A plain series in a file, for `perfgate detect --series FILE`: the values of
// one benchmark x metric (or anything else) in order, without runs around
// them.
//
// Two formats, told apart by content (the first character that is not
// white space is '{' for JSON):
// - text: one value per line, or `index,value` lines; a header line is
//   allowed before the first value, blank lines and lines starting with '#'
//   are skipped. The index only orders: it must be an integer and increase
//   strictly. An empty value, `nan`, `NA` or `null` is a missing point.
// - TCPD JSON (the Turing Change Point Dataset's format): `series[0].raw`,
//   where null is a missing point; a file with more dimensions is read for
//   its first, with a note.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace perfgate {

struct SeriesFile {
  std::vector<double> values;      // in file order; NaN marks a missing point
  std::string format;              // "text" or "tcpd-json"
  std::vector<std::string> notes;  // what the reader chose, e.g. which dimension
};

// Reads `path`. Throws input_error (exit 2) naming the file and the line
// (text) or line:column / JSON field (JSON) and what was expected.
SeriesFile read_series_file(const std::string& path);

// The same on bytes in memory; `name` stands for the file in messages.
SeriesFile parse_series(std::string_view bytes, const std::string& name);

}  // namespace perfgate
