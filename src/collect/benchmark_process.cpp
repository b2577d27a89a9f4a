#include "collect/benchmark_process.hpp"

namespace perfgate {

ProcessSpec benchmark_process(const BenchmarkSpec& spec, std::vector<std::string> argv) {
  ProcessSpec p;
  p.argv = std::move(argv);
  p.cwd = spec.cwd;
  p.env = spec.env;
  p.timeout = spec.timeout;
  p.max_output_bytes = spec.max_output_bytes;
  return p;
}

}  // namespace perfgate
