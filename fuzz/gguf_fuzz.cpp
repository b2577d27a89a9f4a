// libFuzzer entry for the GGUF reader of workloads/llm (llm::GgufFile::parse),
// which maps model files a user gives it: no input may crash it.
//
// Each input is parsed as a GGUF file; on success every metadata value and
// every tensor's bytes are read. These are findings (the process aborts,
// libFuzzer saves the input and exits non-zero):
//   - a crash, a hang, running out of memory, or a sanitizer report (a read
//     outside the input, UB such as a misaligned load or an overflow);
//   - parse throwing anything but llm::GgufError (only that is caught, so the
//     C++ runtime terminates at the throw and the stack trace shows where);
//   - a GgufError whose message is not one line "fuzz-input: offset <N>: ..."
//     with N inside the input, as GgufError promises;
//   - a parse that succeeds although a tensor view lies outside the input or
//     at an offset that is not a multiple of the alignment.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "llm/gguf.hpp"

namespace {

constexpr char kName[] = "fuzz-input";
volatile std::uint64_t sink = 0;  // keeps the reads below from being optimised away

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "\n==perfgate fuzz_gguf== FINDING: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void touch(const llm::GgufValue& v) {
  std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) {
          for (char c : x) sink = sink + static_cast<unsigned char>(c);
        } else if constexpr (std::is_same_v<T, llm::GgufArray>) {
          for (const llm::GgufValue& e : x.values) {
            if (e.type != x.element_type) finding("an array element's type is not the array's");
            touch(e);
          }
        } else if constexpr (std::is_same_v<T, double>) {
          std::uint64_t bits;
          std::memcpy(&bits, &x, sizeof bits);
          sink = sink + bits;
        } else {
          sink = sink + static_cast<std::uint64_t>(x);
        }
      },
      v.value);
}

void touch(const llm::GgufFile& f, std::span<const std::byte> input) {
  for (const llm::GgufKeyValue& kv : f.metadata()) {
    if (f.find(kv.key) != &kv.value) finding("find() does not return the key's own value");
    touch(kv.value);
  }
  const std::byte* begin = input.data();
  const std::byte* end = begin + input.size();
  for (const llm::GgufTensorInfo& t : f.tensors()) {
    const llm::GgufTensorView view = f.tensor(t.name);
    if (view.info != &t) finding("tensor() does not return the tensor's own info");
    if (t.offset % f.alignment() != 0) finding("tensor '" + t.name + "' has an unaligned offset");
    // Compare addresses as integers: an out-of-range pointer must be reported,
    // not formed by arithmetic.
    const auto lo = reinterpret_cast<std::uintptr_t>(begin);
    const auto hi = reinterpret_cast<std::uintptr_t>(end);
    const auto at = reinterpret_cast<std::uintptr_t>(view.data);
    if (at < lo || at > hi || t.byte_size() > hi - at)
      finding("tensor '" + t.name + "' lies outside the input");
    for (std::uint64_t i = 0; i < t.byte_size(); ++i)
      sink = sink + static_cast<std::uint64_t>(view.data[i]);
    if (t.type == llm::GgmlType::f32 && at % alignof(float) == 0)
      for (float x : view.f32()) sink = sink + static_cast<std::uint64_t>(x != x);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  try {
    const llm::GgufFile f = llm::GgufFile::parse(input, kName);
    touch(f, input);
  } catch (const llm::GgufError& e) {
    const std::string_view what = e.what();
    const std::string prefix = std::string(kName) + ": offset " + std::to_string(e.offset()) + ": ";
    if (!what.starts_with(prefix))
      finding("the error message does not start with \"" + prefix + "\": " + std::string(what));
    if (what.find('\n') != std::string_view::npos)
      finding("the error message is more than one line: " + std::string(what));
    if (e.offset() > size) finding("the error's offset is past the end of the input");
  }
  return 0;
}
