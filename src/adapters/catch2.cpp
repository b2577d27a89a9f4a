// Placeholder until the catch2 adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::catch2 {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the catch2 format is not supported yet");
}

}  // namespace perfgate::adapters::catch2
