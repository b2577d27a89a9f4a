// Placeholder until the criterion adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::criterion {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the criterion format is not supported yet");
}

}  // namespace perfgate::adapters::criterion
