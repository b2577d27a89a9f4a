#include "model/suite.hpp"

namespace perfgate {

std::string SourcePlace::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::vector<std::string> BenchmarkSpec::command() const {
  if (!shell.empty()) return {"/bin/sh", "-c", shell};
  return argv;
}

}  // namespace perfgate
