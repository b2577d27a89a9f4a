// A file cut short at any length is refused with GgufError: never a crash,
// never another exception, never a successful parse.
#include <gtest/gtest.h>

#include <cstddef>
#include <exception>
#include <span>
#include <string>

#include "gguf_testing.hpp"
#include "llm/gguf.hpp"

namespace llm {
namespace {

void expect_every_prefix_refused(const testing::Bytes& full) {
  ASSERT_NO_THROW(GgufFile::parse(full, "full.gguf"));
  for (std::size_t length = 0; length < full.size(); ++length) {
    // An exact-size copy, so that a read past the end is a read past the buffer.
    const testing::Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(length));
    try {
      GgufFile::parse(prefix, "cut.gguf");
      ADD_FAILURE() << "a file cut to " << length << " of " << full.size()
                    << " bytes parsed without error";
    } catch (const GgufError& e) {
      EXPECT_LE(e.offset(), length) << e.what();
      EXPECT_EQ(std::string(e.what()).rfind("cut.gguf: offset ", 0), 0u) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "a file cut to " << length << " bytes threw a non-GgufError: " << e.what();
    }
  }
}

TEST(GgufTruncation, EveryPrefixOfTheAllTypesFileIsRefused) {
  expect_every_prefix_refused(testing::all_types_writer().bytes());
}

TEST(GgufTruncation, EveryPrefixOfAnAligned64FileIsRefused) {
  expect_every_prefix_refused(testing::all_types_writer(64).bytes());
}

}  // namespace
}  // namespace llm
