// A tiny benchmark program for the determinism check (tests/e2e/determinism_test.cpp).
// It counts its own invocations in the file "count" in its working folder, so
// that a chosen invocation can produce different output:
//
//   nondeterministic same            every run: the same stdout and out/result.bin
//   nondeterministic file-differs    the 3rd run writes 0x99 at byte 37 of out/result.bin
//                                    (0x25 otherwise: byte i is i)
//   nondeterministic stdout-differs  the 2nd run prints "tokens: 43" on line 2, not "tokens: 42"
//   nondeterministic no-file         prints, but writes no out/result.bin
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  int count = 0;
  std::ifstream("count") >> count;
  ++count;
  std::ofstream("count") << count;

  std::string bytes(64, '\0');
  for (int i = 0; i < 64; ++i) bytes[i] = static_cast<char>(i);
  if (mode == "file-differs" && count == 3) bytes[37] = static_cast<char>(0x99);
  const bool tokens_differ = mode == "stdout-differs" && count == 2;
  std::printf("model: tiny\ntokens: %d\ndone\n", tokens_differ ? 43 : 42);

  if (mode == "no-file") return 0;
  if (mode != "same" && mode != "file-differs" && mode != "stdout-differs") {
    std::fprintf(stderr, "usage: nondeterministic same|file-differs|stdout-differs|no-file\n");
    return 2;
  }
  std::filesystem::create_directories("out");
  std::ofstream("out/result.bin", std::ios::binary) << bytes;
  return 0;
}
