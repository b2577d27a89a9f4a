// The synthetic llama model: what model.hpp documents is what the file holds,
// the weights have the documented scales, and the bytes follow from config
// and seed alone.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "llm/gguf.hpp"
#include "llm/model.hpp"
#include "llm/tokenizer.hpp"

namespace llm {
namespace {

// Small enough to write in milliseconds; every ratio still non-trivial
// (GQA group of 2, hidden != dim, vocab above the byte tokens).
ModelConfig small_config() {
  ModelConfig c;
  c.n_layers = 2;
  c.dim = 64;
  c.hidden_dim = 96;
  c.n_heads = 4;
  c.n_kv_heads = 2;
  c.vocab_size = 300;
  c.context_length = 128;
  c.rope_theta = 5000.0f;
  c.norm_eps = 1e-6f;
  return c;
}

class SyntheticModel : public ::testing::Test {
 protected:
  std::string path(const std::string& name) {
    const auto p = std::filesystem::temp_directory_path() /
                   ("llm_synthetic_" + std::to_string(::getpid()) + "_" + name);
    paths_.push_back(p);
    return p.string();
  }
  void TearDown() override {
    for (const auto& p : paths_) std::filesystem::remove(p);
  }

 private:
  std::vector<std::filesystem::path> paths_;
};

std::vector<char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(SyntheticModel, HoldsEveryDocumentedTensorWithItsShape) {
  const ModelConfig c = small_config();
  const std::string p = path("shapes.gguf");
  write_synthetic_model(p, c, 7);
  const GgufFile f = GgufFile::open(p);

  // model.hpp's shapes as [rows x cols]; GGUF dims are {cols, rows}.
  using Dims = std::vector<std::uint64_t>;
  std::map<std::string, Dims> expected = {
      {"token_embd.weight", {64, 300}},
      {"output_norm.weight", {64}},
      {"output.weight", {64, 300}},
  };
  for (int l = 0; l < 2; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    expected[b + "attn_norm.weight"] = {64};
    expected[b + "attn_q.weight"] = {64, 64};
    expected[b + "attn_k.weight"] = {64, 32};  // kv_dim = 16 * 2
    expected[b + "attn_v.weight"] = {64, 32};
    expected[b + "attn_output.weight"] = {64, 64};
    expected[b + "ffn_norm.weight"] = {64};
    expected[b + "ffn_gate.weight"] = {64, 96};
    expected[b + "ffn_up.weight"] = {64, 96};
    expected[b + "ffn_down.weight"] = {96, 64};
  }
  EXPECT_EQ(f.tensors().size(), expected.size());
  for (const auto& [name, dims] : expected) {
    const GgufTensorView v = f.tensor(name);  // throws if absent
    EXPECT_EQ(v.info->dims, dims) << name;
    EXPECT_EQ(v.info->type, GgmlType::f32) << name;
  }
}

TEST_F(SyntheticModel, MetadataMatchesTheConfig) {
  const ModelConfig c = small_config();
  const std::string p = path("meta.gguf");
  write_synthetic_model(p, c, 42);
  const GgufFile f = GgufFile::open(p);
  EXPECT_EQ(f.require("general.architecture").as_string(), "llama");
  EXPECT_EQ(f.require("general.seed").as_uint(), 42u);
  EXPECT_EQ(f.require("llama.block_count").as_uint(), 2u);
  EXPECT_EQ(f.require("llama.embedding_length").as_uint(), 64u);
  EXPECT_EQ(f.require("llama.feed_forward_length").as_uint(), 96u);
  EXPECT_EQ(f.require("llama.attention.head_count").as_uint(), 4u);
  EXPECT_EQ(f.require("llama.attention.head_count_kv").as_uint(), 2u);
  EXPECT_EQ(f.require("llama.context_length").as_uint(), 128u);
  EXPECT_EQ(f.require("llama.vocab_size").as_uint(), 300u);
  EXPECT_EQ(f.require("llama.rope.dimension_count").as_uint(), 16u);
  EXPECT_EQ(f.require("llama.rope.freq_base").as_float(), 5000.0);
  EXPECT_EQ(f.require("llama.attention.layer_norm_rms_epsilon").as_float(),
            static_cast<double>(1e-6f));
  EXPECT_EQ(f.require("tokenizer.ggml.model").as_string(), "bytes");

  const GgufArray& tokens = f.require("tokenizer.ggml.tokens").as_array();
  ASSERT_EQ(tokens.element_type, GgufType::string);
  const std::vector<std::string> vocabulary = byte_vocabulary(300);
  ASSERT_EQ(tokens.values.size(), vocabulary.size());
  for (std::size_t i = 0; i < vocabulary.size(); ++i)
    EXPECT_EQ(tokens.values[i].as_string(), vocabulary[i]) << i;
}

TEST_F(SyntheticModel, SameConfigAndSeedGiveIdenticalBytesAndAnotherSeedDiffers) {
  const ModelConfig c = small_config();
  const std::string a = path("a.gguf"), b = path("b.gguf"), other = path("other.gguf");
  write_synthetic_model(a, c, 1234);
  write_synthetic_model(b, c, 1234);
  write_synthetic_model(other, c, 1235);
  const std::vector<char> ba = file_bytes(a);
  EXPECT_EQ(ba, file_bytes(b));
  const std::vector<char> bo = file_bytes(other);
  ASSERT_EQ(ba.size(), bo.size());  // same layout (the seed is a fixed-size value)
  EXPECT_NE(ba, bo);
  // Not just the seed field: the weights differ too.
  const GgufFile fa = GgufFile::open(a), fo = GgufFile::open(other);
  const auto wa = fa.tensor("blk.1.ffn_up.weight").f32();
  const auto wo = fo.tensor("blk.1.ffn_up.weight").f32();
  EXPECT_FALSE(std::equal(wa.begin(), wa.end(), wo.begin()));
}

struct Moments {
  double mean = 0, sd = 0, max_abs = 0;
};

Moments moments(std::span<const float> v) {
  Moments m;
  for (float x : v) m.mean += x;
  m.mean /= static_cast<double>(v.size());
  for (float x : v) {
    m.sd += (x - m.mean) * (x - m.mean);
    m.max_abs = std::max(m.max_abs, static_cast<double>(std::fabs(x)));
  }
  m.sd = std::sqrt(m.sd / static_cast<double>(v.size()));
  return m;
}

TEST_F(SyntheticModel, WeightsHaveTheDocumentedScales) {
  const std::string p = path("scales.gguf");
  write_synthetic_model(p, small_config(), 9);
  const GgufFile f = GgufFile::open(p);
  // Linear: uniform(-a, a), a = 1/sqrt(fan_in): sd a/sqrt(3), nothing beyond a.
  for (const auto& [name, fan_in] : {std::pair<const char*, double>{"blk.0.attn_q.weight", 64},
                                     {"blk.1.ffn_down.weight", 96},
                                     {"output.weight", 64}}) {
    const double a = 1.0 / std::sqrt(fan_in);
    const Moments m = moments(f.tensor(name).f32());
    EXPECT_LE(m.max_abs, a) << name;
    EXPECT_GT(m.max_abs, 0.95 * a) << name;
    EXPECT_NEAR(m.sd, a / std::sqrt(3.0), 0.05 * a) << name;
    EXPECT_NEAR(m.mean, 0.0, 0.05 * a) << name;
  }
  // Norms: 1 plus small noise (not all exactly 1: the noise is there).
  const Moments norm = moments(f.tensor("blk.0.ffn_norm.weight").f32());
  EXPECT_NEAR(norm.mean, 1.0, 0.005);
  EXPECT_LE(norm.max_abs, 1.01);
  EXPECT_GT(norm.sd, 0.001);
  // Embeddings: sd 0.02.
  const Moments e = moments(f.tensor("token_embd.weight").f32());
  EXPECT_NEAR(e.sd, 0.02, 0.002);
  EXPECT_LE(e.max_abs, 0.02 * std::sqrt(3.0));
  // Different tensors get different streams.
  const auto k = f.tensor("blk.0.attn_k.weight").f32();
  const auto v = f.tensor("blk.0.attn_v.weight").f32();
  EXPECT_FALSE(std::equal(k.begin(), k.end(), v.begin()));
}

TEST(ModelConfig, DefaultsAreValid) { EXPECT_NO_THROW(ModelConfig{}.validate()); }

// validate() names the field at fault.
void expect_invalid(void (*edit)(ModelConfig&), const std::string& field) {
  ModelConfig c = small_config();
  edit(c);
  try {
    c.validate();
    FAIL() << "validate() accepted a bad " << field;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("ModelConfig." + field + " ", 0), 0u) << e.what();
  }
}

TEST(ModelConfig, ValidateNamesTheFieldAtFault) {
  expect_invalid([](ModelConfig& c) { c.n_layers = 0; }, "n_layers");
  expect_invalid([](ModelConfig& c) { c.dim = 0; }, "dim");
  expect_invalid([](ModelConfig& c) { c.hidden_dim = 0; }, "hidden_dim");
  expect_invalid([](ModelConfig& c) { c.n_heads = 0; }, "n_heads");
  expect_invalid([](ModelConfig& c) { c.n_kv_heads = 0; }, "n_kv_heads");
  expect_invalid([](ModelConfig& c) { c.vocab_size = 0; }, "vocab_size");
  expect_invalid([](ModelConfig& c) { c.context_length = 0; }, "context_length");
  expect_invalid(
      [](ModelConfig& c) {
        c.dim = 60;
        c.n_heads = 8;
      },
      "dim");  // 60 % 8 != 0
  expect_invalid(
      [](ModelConfig& c) {
        c.dim = 60;
        c.n_heads = 4;
      },
      "dim / n_heads");                                                    // 15: odd
  expect_invalid([](ModelConfig& c) { c.n_kv_heads = 3; }, "n_kv_heads");  // 4 % 3 != 0
  expect_invalid([](ModelConfig& c) { c.n_kv_heads = 8; }, "n_kv_heads");  // more kv than q heads
  expect_invalid([](ModelConfig& c) { c.vocab_size = 255; }, "vocab_size");
  expect_invalid([](ModelConfig& c) { c.rope_theta = 0; }, "rope_theta");
  expect_invalid([](ModelConfig& c) { c.rope_theta = INFINITY; }, "rope_theta");
  expect_invalid([](ModelConfig& c) { c.norm_eps = -1e-5f; }, "norm_eps");
  expect_invalid([](ModelConfig& c) { c.norm_eps = NAN; }, "norm_eps");
  expect_invalid([](ModelConfig& c) { c.context_length = std::size_t{1} << 33; }, "context_length");
}

TEST_F(SyntheticModel, InvalidConfigWritesNothing) {
  ModelConfig c = small_config();
  c.n_kv_heads = 3;
  const std::string p = path("invalid.gguf");
  EXPECT_THROW(write_synthetic_model(p, c, 1), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(p));
}

}  // namespace
}  // namespace llm
