// Placeholder until the hyperfine adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::hyperfine {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the hyperfine format is not supported yet");
}

}  // namespace perfgate::adapters::hyperfine
