// Placeholder until the nanobench adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::nanobench {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the nanobench format is not supported yet");
}

}  // namespace perfgate::adapters::nanobench
