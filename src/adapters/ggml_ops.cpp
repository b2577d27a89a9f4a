// Placeholder until the ggml_ops adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::ggml_ops {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the ggml_ops format is not supported yet");
}

}  // namespace perfgate::adapters::ggml_ops
