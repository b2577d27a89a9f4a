// A GGUF file assembled byte by byte from the spec, independent of the
// writer: the reader must see exactly what was put there, F16 included.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "gguf_testing.hpp"
#include "llm/gguf.hpp"

namespace llm {
namespace {

TEST(GgufHandmade, ReadsExactlyWhatTheSpecLayoutHolds) {
  const testing::Bytes bytes = testing::handmade_file();
  const GgufFile f = GgufFile::parse(bytes, "hand.gguf");
  EXPECT_EQ(f.version(), 3u);
  EXPECT_EQ(f.alignment(), 16u);
  ASSERT_EQ(f.metadata().size(), 3u);
  EXPECT_EQ(f.require("general.name").as_string(), "hand made");
  const GgufArray& scores = f.require("scores").as_array();
  EXPECT_EQ(scores.element_type, GgufType::int16);
  ASSERT_EQ(scores.values.size(), 2u);
  EXPECT_EQ(scores.values[0].as_int(), 7);
  EXPECT_EQ(scores.values[1].as_int(), -1);

  ASSERT_EQ(f.tensors().size(), 2u);
  const GgufTensorView w = f.tensor("w");
  EXPECT_EQ(w.info->dims, (std::vector<std::uint64_t>{3, 2}));
  const auto wf = w.f32();
  EXPECT_EQ(std::vector<float>(wf.begin(), wf.end()), (std::vector<float>{1, 2, 3, 4, 5, 6}));

  const GgufTensorView h = f.tensor("h");
  EXPECT_EQ(h.info->type, GgmlType::f16);
  EXPECT_EQ(h.info->byte_size(), 8u);
  EXPECT_EQ(h.info->offset, 32u);
  // The header is 206 bytes, so the data section starts at 208.
  EXPECT_EQ(w.data, bytes.data() + 208);
  EXPECT_EQ(h.data, bytes.data() + 208 + 32);
  EXPECT_EQ(h.data + 8, bytes.data() + bytes.size());
  std::uint16_t third = 0;
  std::memcpy(&third, h.data + 4, 2);
  EXPECT_EQ(third, 0xc000);
  EXPECT_THROW(h.f32(), std::runtime_error);  // F16 has no fp32 view
}

}  // namespace
}  // namespace llm
