// The GGUF fuzz seeds committed in fuzz/seeds/gguf/ are exactly what the test
// builders make (so they are valid files and stay in step with the writer).
// To write them again after a deliberate change to the writer, run from the
// repository root
//   LLM_WRITE_FUZZ_SEEDS=fuzz/seeds/gguf <build>/workloads/llm/llm_gguf_test
//   --gtest_filter='GgufFuzzSeeds.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "gguf_testing.hpp"
#include "llm/gguf.hpp"

namespace llm {
namespace {

std::vector<std::pair<std::string, testing::Bytes>> seeds() {
  return {{"all_types.gguf", testing::all_types_writer().bytes()},
          {"aligned64.gguf", testing::aligned64_writer().bytes()},
          {"handmade_f16.gguf", testing::handmade_file()}};
}

TEST(GgufFuzzSeeds, CommittedSeedsAreTheBuildersOutput) {
  const std::filesystem::path dir = std::filesystem::path(LLM_SOURCE_DIR) / "../../fuzz/seeds/gguf";
  if (const char* out = std::getenv("LLM_WRITE_FUZZ_SEEDS")) {
    for (const auto& [name, bytes] : seeds()) {
      std::ofstream f(std::filesystem::path(out) / name, std::ios::binary);
      f.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    }
  }
  std::size_t total_bytes = 0;
  for (const auto& [name, bytes] : seeds()) {
    std::ifstream f(dir / name, std::ios::binary);
    ASSERT_TRUE(f) << (dir / name) << " is missing; see this file's comment to write it";
    const std::vector<char> chars((std::istreambuf_iterator<char>(f)),
                                  std::istreambuf_iterator<char>());
    ASSERT_EQ(chars.size(), bytes.size()) << name;
    EXPECT_EQ(std::memcmp(chars.data(), bytes.data(), bytes.size()), 0) << name;
    EXPECT_NO_THROW(GgufFile::parse(bytes, name));
    total_bytes += bytes.size();
  }
  EXPECT_LT(total_bytes, 4096u);  // small seeds mutate into many inputs quickly
}

}  // namespace
}  // namespace llm
