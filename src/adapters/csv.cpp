// Placeholder until the csv adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::csv {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the csv format is not supported yet");
}

}  // namespace perfgate::adapters::csv
