// Placeholder until the pytest_benchmark adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::pytest_benchmark {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the pytest_benchmark format is not supported yet");
}

}  // namespace perfgate::adapters::pytest_benchmark
