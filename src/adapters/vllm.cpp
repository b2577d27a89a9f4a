// Placeholder until the vllm adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::vllm {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the vllm format is not supported yet");
}

}  // namespace perfgate::adapters::vllm
