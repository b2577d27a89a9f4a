// Reading a whole input file (a suite, a result file, a baseline, another
// tool's output) with the one-line message perfgate gives when it cannot.
#pragma once

#include <string>
#include <string_view>

namespace perfgate {

// The bytes of the file at `path`. When it cannot be opened, throws
// input_error "<path>: cannot read[ <what>]: <reason>[; <fix>]"; when reading
// fails half-way, the same with "; check the file and the disk".
std::string read_file_text(const std::string& path, const std::string& what = "",
                           const std::string& fix = "");

// "line:column" (both 1-based) of the 0-based byte `offset` of `text`, for a
// message that points into a file; an offset past the end is the end.
std::string line_column(std::string_view text, std::size_t offset);

}  // namespace perfgate
