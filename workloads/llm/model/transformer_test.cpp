// The transformer against an independent reference forward pass written here
// in plain loops with double accumulation, plus its loading errors and the
// generation loop's determinism.
#include "llm/transformer.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "llm/gguf.hpp"
#include "llm/kernels.hpp"
#include "llm/model.hpp"
#include "llm/parallel.hpp"

namespace llm {
namespace {

namespace fs = std::filesystem;

// The tiny model of every test here. hidden_dim 172 is not a multiple of 8, so
// vectorised kernels run their tails too.
ModelConfig tiny_config() {
  ModelConfig c;
  c.n_layers = 2;
  c.dim = 64;
  c.hidden_dim = 172;
  c.n_heads = 4;
  c.n_kv_heads = 2;
  c.vocab_size = 300;
  c.context_length = 64;
  return c;
}

// ---- The reference -------------------------------------------------------

// What the reference may be told to get wrong, to show that the tolerance
// below tells a wrong forward pass from rounding.
enum class Bug { none, neox_rope_pairing, gqa_interleaved_heads };

// A llama forward pass in doubles, reading the weights straight from the file.
class Reference {
 public:
  Reference(const GgufFile& file, const ModelConfig& c, Bug bug = Bug::none)
      : file_(file), c_(c), bug_(bug), k_(c.n_layers), v_(c.n_layers) {}

  std::vector<double> forward(std::uint32_t token, std::size_t pos) {
    const std::size_t dim = c_.dim, hd = c_.head_dim();
    const std::span<const float> embd = w("token_embd.weight");
    std::vector<double> x(embd.begin() + token * dim, embd.begin() + (token + 1) * dim);
    for (std::size_t l = 0; l < c_.n_layers; ++l) {
      const std::string p = "blk." + std::to_string(l) + ".";
      std::vector<double> xb = rmsnorm(x, w(p + "attn_norm.weight"));
      std::vector<double> q = matvec(w(p + "attn_q.weight"), xb);
      std::vector<double> k = matvec(w(p + "attn_k.weight"), xb);
      std::vector<double> v = matvec(w(p + "attn_v.weight"), xb);
      rope(q, pos);
      rope(k, pos);
      k_[l].resize(pos);
      v_[l].resize(pos);
      k_[l].push_back(k);
      v_[l].push_back(v);

      std::vector<double> att(dim, 0.0);
      const std::size_t group = c_.n_heads / c_.n_kv_heads;
      for (std::size_t h = 0; h < c_.n_heads; ++h) {
        const std::size_t kvh = bug_ == Bug::gqa_interleaved_heads ? h % c_.n_kv_heads : h / group;
        std::vector<double> score(pos + 1);
        double max_score = -1e300;
        for (std::size_t t = 0; t <= pos; ++t) {
          double s = 0;
          for (std::size_t i = 0; i < hd; ++i) s += q[h * hd + i] * k_[l][t][kvh * hd + i];
          score[t] = s / std::sqrt(static_cast<double>(hd));
          max_score = std::max(max_score, score[t]);
        }
        double total = 0;
        for (double& s : score) total += (s = std::exp(s - max_score));
        for (std::size_t t = 0; t <= pos; ++t)
          for (std::size_t i = 0; i < hd; ++i)
            att[h * hd + i] += score[t] / total * v_[l][t][kvh * hd + i];
      }
      add(x, matvec(w(p + "attn_output.weight"), att));

      xb = rmsnorm(x, w(p + "ffn_norm.weight"));
      std::vector<double> gate = matvec(w(p + "ffn_gate.weight"), xb);
      const std::vector<double> up = matvec(w(p + "ffn_up.weight"), xb);
      for (std::size_t i = 0; i < gate.size(); ++i)
        gate[i] = gate[i] / (1.0 + std::exp(-gate[i])) * up[i];
      add(x, matvec(w(p + "ffn_down.weight"), gate));
    }
    x = rmsnorm(x, w("output_norm.weight"));
    const bool tied =
        std::none_of(file_.tensors().begin(), file_.tensors().end(),
                     [](const GgufTensorInfo& i) { return i.name == "output.weight"; });
    return matvec(w(tied ? "token_embd.weight" : "output.weight"), x);
  }

 private:
  std::span<const float> w(const std::string& name) const { return file_.tensor(name).f32(); }

  std::vector<double> rmsnorm(const std::vector<double>& x, std::span<const float> weight) const {
    double ss = 0;
    for (double v : x) ss += v * v;
    const double scale = 1.0 / std::sqrt(ss / static_cast<double>(x.size()) + c_.norm_eps);
    std::vector<double> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = x[i] * scale * weight[i];
    return out;
  }

  // W is [rows x cols] row-major with cols = x.size().
  static std::vector<double> matvec(std::span<const float> w, const std::vector<double>& x) {
    const std::size_t cols = x.size(), rows = w.size() / cols;
    std::vector<double> y(rows, 0.0);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t i = 0; i < cols; ++i) y[r] += static_cast<double>(w[r * cols + i]) * x[i];
    return y;
  }

  // Llama pairing: (2i, 2i+1) of each head rotate by pos * theta^(-2i/head_dim).
  void rope(std::vector<double>& x, std::size_t pos) const {
    const std::size_t hd = c_.head_dim();
    for (std::size_t base = 0; base < x.size(); base += hd)
      for (std::size_t i = 0; i < hd / 2; ++i) {
        const double angle = static_cast<double>(pos) *
                             std::pow(static_cast<double>(c_.rope_theta),
                                      -2.0 * static_cast<double>(i) / static_cast<double>(hd));
        const std::size_t a = bug_ == Bug::neox_rope_pairing ? base + i : base + 2 * i;
        const std::size_t b = bug_ == Bug::neox_rope_pairing ? base + i + hd / 2 : base + 2 * i + 1;
        const double x0 = x[a], x1 = x[b];
        x[a] = x0 * std::cos(angle) - x1 * std::sin(angle);
        x[b] = x0 * std::sin(angle) + x1 * std::cos(angle);
      }
  }

  static void add(std::vector<double>& x, const std::vector<double>& y) {
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += y[i];
  }

  const GgufFile& file_;
  ModelConfig c_;
  Bug bug_;
  std::vector<std::vector<std::vector<double>>> k_, v_;  // [layer][pos][kv_dim]
};

// ---- Fixture ---------------------------------------------------------------

class TransformerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "llm-transformer-XXXXXX").string();
    dir_ = new fs::path(::mkdtemp(pattern.data()));
    write_synthetic_model(model_path(), tiny_config(), /*seed=*/7);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string model_path() { return (*dir_ / "tiny.gguf").string(); }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }

  // Copies the tiny model to `name`, letting `edit_key` and `edit_tensor`
  // change each metadata entry and tensor (return false to drop it).
  static std::string rewrite(const std::string& name,
                             const std::function<bool(GgufKeyValue&)>& edit_key,
                             const std::function<bool(std::string&, std::vector<std::uint64_t>&,
                                                      std::vector<float>&)>& edit_tensor) {
    const GgufFile src = GgufFile::open(model_path());
    GgufWriter out(src.alignment());
    for (GgufKeyValue kv : src.metadata())
      if (edit_key(kv)) out.add(kv.key, kv.value);
    for (const GgufTensorInfo& info : src.tensors()) {
      std::string tensor = info.name;
      std::vector<std::uint64_t> dims = info.dims;
      const std::span<const float> data = src.tensor(info.name).f32();
      std::vector<float> values(data.begin(), data.end());
      if (edit_tensor(tensor, dims, values)) out.add_tensor(tensor, dims, values);
    }
    out.write(path(name));
    return path(name);
  }
  static bool keep_key(GgufKeyValue&) { return true; }
  static bool keep_tensor(std::string&, std::vector<std::uint64_t>&, std::vector<float>&) {
    return true;
  }

  // The error message of loading `file`, "" if it loads.
  static std::string load_error(const std::string& file) {
    try {
      Transformer::open(file);
    } catch (const ModelError& e) {
      return e.what();
    }
    return "";
  }

  static fs::path* dir_;
};
fs::path* TransformerTest::dir_ = nullptr;

// 8 prompt positions: bytes of a short text.
const std::vector<std::uint32_t> kTokens = {'H', 'e', 'l', 'l', 'o', ',', ' ', 'w'};

// Largest |logit - reference| over the vocabulary, and the largest |reference|.
struct Deviation {
  double max_abs_error = 0, max_abs_logit = 0;
};
Deviation deviation(std::span<const float> logits, const std::vector<double>& ref) {
  Deviation d;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    d.max_abs_error = std::max(d.max_abs_error, std::abs(static_cast<double>(logits[i]) - ref[i]));
    d.max_abs_logit = std::max(d.max_abs_logit, std::abs(ref[i]));
  }
  return d;
}

// The tolerance, relative to the largest |logit|. fp32 rounds at u = 6e-8; a
// dot product of length k is off by at most k*u of sum |a_i b_i| (172 * 6e-8 =
// 1e-5 for the longest here; about sqrt(k)*u = 8e-7 in practice), and the
// kernels may use approximate exp/rsqrt (a few 1e-7 relative). Two layers
// chain about a dozen such steps. Measured: at most 2.3e-7 (AVX2/FMA and
// generic alike), while the bugs the reference can imitate (NeoX rope
// pairing, interleaved KV heads) move the logits by 0.19 and 1.5 of it. 1e-4
// leaves a factor of 400 above rounding and over 1000 below the smaller bug.
constexpr double kRelativeTolerance = 1e-4;

// ---- Forward pass ----------------------------------------------------------

TEST_F(TransformerTest, LogitsMatchTheDoubleReferenceForTheFirstEightPositions) {
  Transformer model = Transformer::open(model_path());
  const GgufFile ref_file = GgufFile::open(model_path());
  Reference ref(ref_file, model.config());
  for (std::size_t pos = 0; pos < kTokens.size(); ++pos) {
    const std::span<const float> logits = model.forward(kTokens[pos], pos);
    ASSERT_EQ(logits.size(), 300u);
    const Deviation d = deviation(logits, ref.forward(kTokens[pos], pos));
    ASSERT_GT(d.max_abs_logit, 0.1) << "degenerate logits at position " << pos;
    EXPECT_LE(d.max_abs_error, kRelativeTolerance * d.max_abs_logit)
        << "position " << pos << " (largest logit " << d.max_abs_logit << ")";
  }
}

TEST_F(TransformerTest, BatchedPromptMatchesTheReferenceAndFillsTheCache) {
  Transformer model = Transformer::open(model_path());
  const GgufFile ref_file = GgufFile::open(model_path());
  Reference ref(ref_file, model.config());
  std::vector<double> ref_logits;
  for (std::size_t pos = 0; pos < kTokens.size(); ++pos)
    ref_logits = ref.forward(kTokens[pos], pos);
  Deviation d = deviation(model.forward_batch(kTokens, 0), ref_logits);
  EXPECT_LE(d.max_abs_error, kRelativeTolerance * d.max_abs_logit);
  // The next token attends to the keys and values the batch cached.
  d = deviation(model.forward('o', kTokens.size()), ref.forward('o', kTokens.size()));
  EXPECT_LE(d.max_abs_error, kRelativeTolerance * d.max_abs_logit);
}

TEST_F(TransformerTest, PromptLongerThanOneBatchRunsInBatches) {
  // 150 tokens: batches of 64, 64 and 22 (the model's context raised to 160;
  // no weight depends on it).
  const std::string file = rewrite(
      "context-160.gguf",
      [](GgufKeyValue& kv) {
        if (kv.key == "llama.context_length") kv.value = GgufValue::u32(160);
        return true;
      },
      keep_tensor);
  std::vector<std::uint32_t> prompt;
  for (std::uint32_t i = 0; i < 150; ++i) prompt.push_back((i * 37 + 11) % 300);
  Transformer model = Transformer::open(file);
  const GgufFile ref_file = GgufFile::open(file);
  Reference ref(ref_file, model.config());
  std::vector<double> ref_logits;
  for (std::size_t pos = 0; pos < prompt.size(); ++pos) ref_logits = ref.forward(prompt[pos], pos);
  const Deviation d = deviation(model.forward_batch(prompt, 0), ref_logits);
  EXPECT_LE(d.max_abs_error, kRelativeTolerance * d.max_abs_logit);
}

TEST_F(TransformerTest, BatchedLogitsAreBitwiseIdenticalForOneAndThreeThreads) {
  Transformer a = Transformer::open(model_path());
  Transformer b = Transformer::open(model_path());
  ThreadPool pool(3);
  b.set_thread_pool(&pool);
  const auto la = a.forward_batch(kTokens, 0);
  const auto lb = b.forward_batch(kTokens, 0);
  EXPECT_EQ(std::vector<float>(la.begin(), la.end()), std::vector<float>(lb.begin(), lb.end()));
}

TEST_F(TransformerTest, ToleranceRejectsAWrongRopePairingAndAWrongKvHead) {
  for (const Bug bug : {Bug::neox_rope_pairing, Bug::gqa_interleaved_heads}) {
    Transformer model = Transformer::open(model_path());
    const GgufFile ref_file = GgufFile::open(model_path());
    Reference wrong(ref_file, model.config(), bug);
    double worst = 0;
    for (std::size_t pos = 0; pos < kTokens.size(); ++pos) {
      const Deviation d =
          deviation(model.forward(kTokens[pos], pos), wrong.forward(kTokens[pos], pos));
      worst = std::max(worst, d.max_abs_error / d.max_abs_logit);
    }
    EXPECT_GT(worst, 100 * kRelativeTolerance) << "bug " << static_cast<int>(bug);
  }
}

TEST_F(TransformerTest, GenericKernelsGiveTheSameLogitsWithinTolerance) {
  Transformer model = Transformer::open(model_path());
  std::vector<std::vector<float>> fast;
  for (std::size_t pos = 0; pos < kTokens.size(); ++pos) {
    const auto l = model.forward(kTokens[pos], pos);
    fast.emplace_back(l.begin(), l.end());
  }
  force_generic_kernels(true);
  Transformer generic = Transformer::open(model_path());
  for (std::size_t pos = 0; pos < kTokens.size(); ++pos) {
    const auto l = generic.forward(kTokens[pos], pos);
    const Deviation d = deviation(l, std::vector<double>(fast[pos].begin(), fast[pos].end()));
    EXPECT_LE(d.max_abs_error, kRelativeTolerance * d.max_abs_logit) << "position " << pos;
  }
  force_generic_kernels(false);
}

TEST_F(TransformerTest, TiedEmbeddingsAreUsedWhenOutputWeightIsAbsent) {
  const std::string tied = rewrite("tied.gguf", keep_key, [](std::string& name, auto&, auto&) {
    return name != "output.weight";
  });
  Transformer model = Transformer::open(tied);
  const GgufFile ref_file = GgufFile::open(tied);
  Reference ref(ref_file, model.config());
  for (std::size_t pos = 0; pos < 3; ++pos) {
    const Deviation d = deviation(model.forward(kTokens[pos], pos), ref.forward(kTokens[pos], pos));
    EXPECT_LE(d.max_abs_error, kRelativeTolerance * d.max_abs_logit);
  }
}

TEST_F(TransformerTest, RerunningAPositionReplacesIt) {
  Transformer model = Transformer::open(model_path());
  model.forward('a', 0);
  model.forward('b', 1);
  const auto first = model.forward('c', 2);
  const std::vector<float> c_after_ab(first.begin(), first.end());
  model.forward('x', 1);  // forgets position 1 ('b') and 2
  model.forward('b', 1);
  const auto again = model.forward('c', 2);
  EXPECT_EQ(std::vector<float>(again.begin(), again.end()), c_after_ab);
}

TEST_F(TransformerTest, ForwardRefusesSkippedPositionsAndTokensOutsideTheVocabulary) {
  Transformer model = Transformer::open(model_path(), 4);
  EXPECT_THROW(model.forward('a', 1), std::out_of_range);  // position 0 not run yet
  EXPECT_THROW(model.forward(300, 0), std::out_of_range);
  for (std::size_t pos = 0; pos < 4; ++pos) model.forward('a', pos);
  EXPECT_THROW(model.forward('a', 4), std::out_of_range);                    // past max_positions
  EXPECT_THROW(Transformer::open(model_path(), 65), std::invalid_argument);  // context is 64
  Transformer batch = Transformer::open(model_path(), 4);
  EXPECT_THROW(batch.forward_batch(kTokens, 0), std::out_of_range);  // 8 tokens, 4 positions
  EXPECT_THROW(batch.forward_batch({}, 0), std::out_of_range);
}

TEST_F(TransformerTest, KernelNamesCarryTheDispatchPathAndListGemmOnlyAfterABatch) {
  Transformer model = Transformer::open(model_path());
  model.forward('a', 0);
  std::vector<std::string> k = model.kernels();
  const std::string gemm = std::string("gemm_bt_") + kernel_path();
  ASSERT_FALSE(k.empty());
  EXPECT_EQ(k[0], std::string("gemv_") + kernel_path());
  EXPECT_NE(std::find(k.begin(), k.end(), "gqa_attention"), k.end());
  EXPECT_EQ(std::find(k.begin(), k.end(), gemm), k.end());
  model.forward_batch(kTokens, 1);
  k = model.kernels();
  EXPECT_NE(std::find(k.begin(), k.end(), gemm), k.end());
}

// ---- Loading errors --------------------------------------------------------

TEST_F(TransformerTest, MissingMetadataKeyIsNamedWithTheFile) {
  const std::string file = rewrite(
      "no-context.gguf", [](GgufKeyValue& kv) { return kv.key != "llama.context_length"; },
      keep_tensor);
  const std::string error = load_error(file);
  EXPECT_NE(error.find(file), std::string::npos) << error;
  EXPECT_NE(error.find("llama.context_length"), std::string::npos) << error;
  EXPECT_NE(error.find("missing"), std::string::npos) << error;
}

TEST_F(TransformerTest, WrongTypedMetadataKeyIsNamedWithBothTypes) {
  const std::string file = rewrite(
      "string-layers.gguf",
      [](GgufKeyValue& kv) {
        if (kv.key == "llama.block_count") kv.value = GgufValue::str("two");
        return true;
      },
      keep_tensor);
  const std::string error = load_error(file);
  EXPECT_NE(error.find(file), std::string::npos) << error;
  EXPECT_NE(error.find("llama.block_count"), std::string::npos) << error;
  EXPECT_NE(error.find("string"), std::string::npos) << error;
  EXPECT_NE(error.find("integer"), std::string::npos) << error;
}

TEST_F(TransformerTest, InconsistentHeadCountsAreRefused) {
  const std::string file = rewrite(
      "three-kv-heads.gguf",
      [](GgufKeyValue& kv) {
        if (kv.key == "llama.attention.head_count_kv") kv.value = GgufValue::u32(3);
        return true;
      },
      keep_tensor);
  const std::string error = load_error(file);
  EXPECT_NE(error.find(file), std::string::npos) << error;
  EXPECT_NE(error.find("llama.attention.head_count_kv 3"), std::string::npos) << error;
}

TEST_F(TransformerTest, WrongTensorShapeNamesTensorExpectedAndFoundDims) {
  const std::string file =
      rewrite("short-k.gguf", keep_key, [](std::string& name, auto& dims, auto& values) {
        if (name == "blk.1.attn_k.weight") {
          dims = {64, 16};
          values.resize(64 * 16);
        }
        return true;
      });
  const std::string error = load_error(file);
  EXPECT_NE(error.find(file), std::string::npos) << error;
  EXPECT_NE(error.find("blk.1.attn_k.weight"), std::string::npos) << error;
  EXPECT_NE(error.find("expected dims {64, 32}"), std::string::npos) << error;
  EXPECT_NE(error.find("found {64, 16}"), std::string::npos) << error;
}

TEST_F(TransformerTest, MissingTensorIsNamed) {
  const std::string file = rewrite("no-up.gguf", keep_key, [](std::string& name, auto&, auto&) {
    return name != "blk.1.ffn_up.weight";
  });
  const std::string error = load_error(file);
  EXPECT_NE(error.find("blk.1.ffn_up.weight"), std::string::npos) << error;
  EXPECT_NE(error.find("missing"), std::string::npos) << error;
}

// ---- Generation ------------------------------------------------------------

std::vector<std::uint32_t> run(const std::string& model_file, unsigned threads,
                               const SamplerConfig& sampler, std::uint64_t seed,
                               std::size_t n_tokens = 24) {
  Transformer model = Transformer::open(model_file);
  ThreadPool pool(threads);
  model.set_thread_pool(&pool);
  return generate(model, kTokens, n_tokens, sampler, seed);
}

const SamplerConfig kDefaultSampling{0.8f, 40, 0.95f};

TEST_F(TransformerTest, GreedyGenerationIsIdenticalForOneAndThreeThreads) {
  const std::vector<std::uint32_t> one = run(model_path(), 1, SamplerConfig{}, 1);
  const std::vector<std::uint32_t> three = run(model_path(), 3, SamplerConfig{}, 1);
  ASSERT_EQ(one.size(), 24u);
  EXPECT_EQ(one, three);
}

TEST_F(TransformerTest, LogitsAreBitwiseIdenticalForOneAndThreeThreads) {
  Transformer a = Transformer::open(model_path());
  Transformer b = Transformer::open(model_path());
  ThreadPool pool(3);
  b.set_thread_pool(&pool);
  for (std::size_t pos = 0; pos < kTokens.size(); ++pos) {
    const auto la = a.forward(kTokens[pos], pos);
    const auto lb = b.forward(kTokens[pos], pos);
    ASSERT_EQ(std::vector<float>(la.begin(), la.end()), std::vector<float>(lb.begin(), lb.end()))
        << "position " << pos;
  }
}

TEST_F(TransformerTest, SameSeedGivesSameTokensAndAnotherSeedDiffers) {
  const std::vector<std::uint32_t> a = run(model_path(), 1, kDefaultSampling, 42);
  const std::vector<std::uint32_t> b = run(model_path(), 2, kDefaultSampling, 42);
  const std::vector<std::uint32_t> c = run(model_path(), 1, kDefaultSampling, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // Sampling at temperature 0.8 is not greedy decoding in disguise.
  EXPECT_NE(a, run(model_path(), 1, SamplerConfig{}, 42));
}

TEST_F(TransformerTest, GenerateCallsBackOncePerTokenInOrder) {
  Transformer model = Transformer::open(model_path());
  std::vector<std::uint32_t> seen;
  const auto out =
      generate(model, kTokens, 5, SamplerConfig{}, 0, [&](std::size_t i, std::uint32_t t) {
        EXPECT_EQ(i, seen.size());
        seen.push_back(t);
      });
  EXPECT_EQ(seen, out);
}

TEST_F(TransformerTest, GenerateRefusesAnEmptyPromptAndOverlongRuns) {
  Transformer model = Transformer::open(model_path());  // 64 positions
  EXPECT_THROW(generate(model, {}, 4, SamplerConfig{}, 0), std::invalid_argument);
  EXPECT_THROW(generate(model, kTokens, 57, SamplerConfig{}, 0), std::invalid_argument);
  EXPECT_EQ(generate(model, kTokens, 56, SamplerConfig{}, 0).size(), 56u);
}

TEST(OutputDigest, IsFnv1a64OfLittleEndianTokenIds) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);  // the published test vector
  const std::vector<std::uint32_t> tokens = {0x04030201u, 0x000000ffu};
  EXPECT_EQ(token_id_bytes(tokens), std::string("\x01\x02\x03\x04\xff\x00\x00\x00", 8));
}

}  // namespace
}  // namespace llm
