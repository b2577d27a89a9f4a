// Placeholder until the gbench adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::gbench {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the gbench format is not supported yet");
}

}  // namespace perfgate::adapters::gbench
