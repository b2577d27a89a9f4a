// Placeholder until the llama_bench adapter lands.
#include "adapters/formats.hpp"
#include "model/error.hpp"

namespace perfgate::adapters::llama_bench {

Match detect(const Input&) { return Match::no; }

Parsed read(const Input& input) {
  throw input_error(input.path + ": the llama_bench format is not supported yet");
}

}  // namespace perfgate::adapters::llama_bench
