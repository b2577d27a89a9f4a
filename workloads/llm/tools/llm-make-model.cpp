// llm-make-model: writes the deterministic synthetic llama model (model.hpp)
// that the inference benchmarks load.
//
//   llm-make-model --output FILE [--layers N] [--dim N] [--hidden N] [--heads N]
//                  [--kv-heads N] [--vocab N] [--context N] [--seed S]
//
// Prints one line: the path, its size, the parameter count and the seed.
// Exit status: 0 written, 1 the file could not be written, 2 bad arguments.
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "llm/gguf.hpp"
#include "llm/model.hpp"

namespace {

constexpr char kUsage[] =
    "usage: llm-make-model --output FILE [--layers N] [--dim N] [--hidden N] [--heads N]\n"
    "                      [--kv-heads N] [--vocab N] [--context N] [--seed S]\n"
    "Writes a deterministic synthetic llama-style model (GGUF v3, f32 weights).\n"
    "Defaults: 6 layers, dim 384, hidden 1024, 6 heads, 2 KV heads, vocab 512,\n"
    "context 1024, seed 1. The same flags give the same bytes.\n";

// The plain options the rest of main reads.
struct Options {
  std::string output;
  llm::ModelConfig config;
  std::uint64_t seed = 1;
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::uint64_t parse_number(std::string_view flag, std::string_view text, bool positive) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || (positive && v == 0))
    throw UsageError(std::string(flag) + ": expected " +
                     (positive ? "a positive integer" : "a non-negative integer") + ", got '" +
                     std::string(text) + "'");
  return v;
}

Options parse_args(int argc, char** argv) {
  Options o;
  bool have_output = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    std::string_view flag = arg;
    std::optional<std::string_view> value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    auto take = [&]() -> std::string_view {
      if (value) return *value;
      if (i + 1 >= argc) throw UsageError(std::string(flag) + ": expected a value, got nothing");
      return argv[++i];
    };
    auto size = [&]() { return static_cast<std::size_t>(parse_number(flag, take(), true)); };
    if (flag == "--output") {
      o.output = std::string(take());
      if (o.output.empty()) throw UsageError("--output: expected a file name, got ''");
      have_output = true;
    } else if (flag == "--layers") {
      o.config.n_layers = size();
    } else if (flag == "--dim") {
      o.config.dim = size();
    } else if (flag == "--hidden") {
      o.config.hidden_dim = size();
    } else if (flag == "--heads") {
      o.config.n_heads = size();
    } else if (flag == "--kv-heads") {
      o.config.n_kv_heads = size();
    } else if (flag == "--vocab") {
      o.config.vocab_size = size();
    } else if (flag == "--context") {
      o.config.context_length = size();
    } else if (flag == "--seed") {
      o.seed = parse_number(flag, take(), false);
    } else {
      throw UsageError("unknown argument '" + std::string(arg) +
                       "'; flags: --output --layers --dim --hidden --heads --kv-heads --vocab "
                       "--context --seed (--help for more)");
    }
  }
  if (!have_output) throw UsageError("--output: required (the model file to write)");
  return o;
}

// validate()'s message in this tool's words: its field names ("ModelConfig.dim",
// "n_heads") become the flags that set them ("--dim", "--heads").
std::string in_flag_words(std::string_view message) {
  static constexpr std::pair<std::string_view, std::string_view> kFlags[] = {
      {"n_layers", "--layers"},       {"dim", "--dim"},
      {"hidden_dim", "--hidden"},     {"n_heads", "--heads"},
      {"n_kv_heads", "--kv-heads"},   {"vocab_size", "--vocab"},
      {"context_length", "--context"}};
  if (message.starts_with("ModelConfig.")) message.remove_prefix(12);
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string out;
  for (std::size_t i = 0; i < message.size();) {
    if (!is_word(message[i])) {
      out += message[i++];
      continue;
    }
    std::size_t j = i;
    while (j < message.size() && is_word(message[j])) ++j;
    const std::string_view word = message.substr(i, j - i);
    std::string_view replaced = word;
    for (const auto& [field, flag] : kFlags)
      if (word == field) replaced = flag;
    out += replaced;
    i = j;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    o = parse_args(argc, argv);
    o.config.validate();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "llm-make-model: %s\n", e.what());
    return 2;
  } catch (const std::invalid_argument& e) {  // from validate()
    std::fprintf(stderr, "llm-make-model: %s\n", in_flag_words(e.what()).c_str());
    return 2;
  }
  try {
    llm::write_synthetic_model(o.output, o.config, o.seed);
    // Read the file back: the line printed describes what is on disk.
    const llm::GgufFile model = llm::GgufFile::open(o.output);
    std::uint64_t parameters = 0;
    for (const llm::GgufTensorInfo& t : model.tensors()) parameters += t.element_count();
    std::printf("%s: %.1f MB (%llu bytes), %llu parameters, seed %llu\n", o.output.c_str(),
                static_cast<double>(model.file_size()) / 1e6,
                static_cast<unsigned long long>(model.file_size()),
                static_cast<unsigned long long>(parameters),
                static_cast<unsigned long long>(o.seed));
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr,
                 "llm-make-model: not enough memory to build this model; make it smaller\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "llm-make-model: %s\n", e.what());
    return 1;
  }
  return 0;
}
