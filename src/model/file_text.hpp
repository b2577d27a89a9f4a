// Reading a whole input file (a suite, a result file, a baseline, another
// tool's output) with the one-line message perfgate gives when it cannot.
#pragma once

#include <string>

namespace perfgate {

// The bytes of the file at `path`. When it cannot be opened, throws
// input_error "<path>: cannot read[ <what>]: <reason>[; <fix>]"; when reading
// fails half-way, the same with "; check the file and the disk".
std::string read_file_text(const std::string& path, const std::string& what = "",
                           const std::string& fix = "");

}  // namespace perfgate
