// llm-generate: runs a prompt through a GGUF model and samples tokens, then
// prints the figures of the run (load time, time to first token, tokens per
// second, per-token latency percentiles, peak memory, kernels, output digest)
// and, on request, a perfgate receipt and a plain JSON file of the same
// figures. docs/workload.md, "llm-generate", shows real output.
//
// Exit status: 0 done, 2 bad usage or input (one line on stderr saying what
// and what to do).
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <perfgate/receipt.hpp>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "llm/gguf.hpp"
#include "llm/kernels.hpp"
#include "llm/parallel.hpp"
#include "llm/tokenizer.hpp"
#include "llm/transformer.hpp"

namespace {

constexpr const char* kUsage =
    "usage: llm-generate --model FILE --prompt TEXT --tokens N --seed S [--threads T]\n"
    "                    [--temperature F] [--top-k K] [--top-p F] [--generic]\n"
    "                    [--receipt FILE] [--json FILE]\n"
    "\n"
    "Runs TEXT (byte tokens) through the GGUF model FILE and samples N tokens.\n"
    "  --model FILE       a llama-style f32 GGUF v3 model (llm-make-model writes one)\n"
    "  --prompt TEXT      the prompt, one token per byte (not empty)\n"
    "  --tokens N         tokens to generate, at least 1; prompt + N <= the context\n"
    "  --seed S           sampling seed, 0 .. 2^64-1 (same seed, same tokens)\n"
    "  --threads T        threads for the kernels, 1 .. 256 (default 1)\n"
    "  --temperature F    0 is greedy (default 0.8)\n"
    "  --top-k K          keep the K most likely tokens, 0 = all (default 40)\n"
    "  --top-p F          keep the smallest set with probability >= F, (0, 1] (default 0.95)\n"
    "  --generic          use the generic kernels even where AVX2/FMA ones exist\n"
    "  --receipt FILE     write a perfgate receipt (docs/receipts.md)\n"
    "  --json FILE        write the figures as plain JSON\n";

// A mistake on the command line or in the input: the message says what and
// what to do; main prints it after "llm-generate: " and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- Options ---------------------------------------------------------------

struct Options {
  std::string model;
  std::string prompt;
  std::size_t tokens = 0;
  std::uint64_t seed = 0;
  unsigned threads = 1;
  llm::SamplerConfig sampler{0.8f, 40, 0.95f};
  bool generic = false;
  std::string receipt_path;
  std::string json_path;
  bool help = false;
};

// A whole number in [min, max]; `flag` names it in errors.
std::uint64_t parse_whole(const std::string& flag, const std::string& text, std::uint64_t min,
                          std::uint64_t max) {
  // Limits past any sensible count are not worth printing.
  const bool bounded = max < std::numeric_limits<std::uint32_t>::max();
  const std::string range = bounded ? "from " + std::to_string(min) + " to " + std::to_string(max)
                                    : "at least " + std::to_string(min);
  if (!text.empty() && text[0] == '-') {
    std::int64_t negative = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), negative);
    if (ec == std::errc() && end == text.data() + text.size())
      throw UsageError(flag + " " + text + ": must be " + range);
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && value > max))
    throw UsageError(flag + " " + text + ": too large; must be at most " + std::to_string(max));
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    throw UsageError(flag + " \"" + text + "\": not a whole number; " + flag +
                     " takes a whole number, " + range);
  if (value < min) throw UsageError(flag + " " + text + ": must be " + range);
  return value;
}

float parse_real(const std::string& flag, const std::string& text) {
  float value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() ||
      !std::isfinite(value))
    throw UsageError(flag + " \"" + text + "\": not a finite number; give e.g. " + flag + " 0.8");
  return value;
}

Options parse_options(int argc, char** argv) {
  Options o;
  bool have_model = false, have_prompt = false, have_tokens = false, have_seed = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    std::optional<std::string> inline_value;
    if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = flag.substr(eq + 1);
      flag.resize(eq);
    }
    auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= argc) throw UsageError(flag + " needs a value; see llm-generate --help");
      return argv[++i];
    };
    if (flag == "--help" || flag == "-h") {
      o.help = true;
    } else if (flag == "--generic") {
      o.generic = true;
    } else if (flag == "--model") {
      o.model = value();
      have_model = true;
    } else if (flag == "--prompt") {
      o.prompt = value();
      have_prompt = true;
    } else if (flag == "--tokens") {
      o.tokens = parse_whole(flag, value(), 1, std::numeric_limits<std::uint32_t>::max());
      have_tokens = true;
    } else if (flag == "--seed") {
      o.seed = parse_whole(flag, value(), 0, std::numeric_limits<std::uint64_t>::max());
      have_seed = true;
    } else if (flag == "--threads") {
      o.threads = static_cast<unsigned>(parse_whole(flag, value(), 1, 256));
    } else if (flag == "--temperature") {
      const std::string text = value();
      o.sampler.temperature = parse_real(flag, text);
      if (o.sampler.temperature < 0)
        throw UsageError("--temperature " + text + ": must be 0 (greedy) or more");
    } else if (flag == "--top-k") {
      o.sampler.top_k = parse_whole(flag, value(), 0, std::numeric_limits<std::uint32_t>::max());
    } else if (flag == "--top-p") {
      const std::string text = value();
      o.sampler.top_p = parse_real(flag, text);
      if (!(o.sampler.top_p > 0 && o.sampler.top_p <= 1))
        throw UsageError("--top-p " + text +
                         ": must be above 0 and at most 1 (1 keeps every token)");
    } else if (flag == "--receipt") {
      o.receipt_path = value();
    } else if (flag == "--json") {
      o.json_path = value();
    } else {
      throw UsageError("unknown flag " + flag + "; see llm-generate --help");
    }
  }
  if (o.help) return o;
  if (!have_model) throw UsageError("--model FILE is required; see llm-generate --help");
  if (!have_prompt) throw UsageError("--prompt TEXT is required; see llm-generate --help");
  if (!have_tokens) throw UsageError("--tokens N is required; see llm-generate --help");
  if (!have_seed) throw UsageError("--seed S is required; see llm-generate --help");
  if (o.prompt.empty()) throw UsageError("--prompt is empty; give at least one byte of text");
  return o;
}

// ---- Loading ---------------------------------------------------------------

// Opens the model with a KV cache for exactly the positions this run needs,
// after checking that they fit its context. Throws UsageError.
llm::Transformer load_model(const Options& o, std::size_t prompt_tokens) {
  std::error_code ec;
  if (!std::filesystem::exists(o.model, ec))
    throw UsageError("model file " + o.model +
                     " does not exist; pass a GGUF model to --model (llm-make-model writes one)");
  llm::GgufFile file = [&] {
    try {
      return llm::GgufFile::open(o.model);
    } catch (const llm::GgufError& e) {
      // what() names the file, the offset and the fault.
      throw UsageError(std::string(e.what()) + "; --model needs a complete GGUF v3 file");
    } catch (const std::system_error& e) {
      throw UsageError("cannot read model file " + o.model + ": " + e.what());
    }
  }();
  try {
    const llm::ModelConfig config = llm::read_model_config(file, o.model);
    if (const llm::GgufValue* kind = file.find("tokenizer.ggml.model");
        kind != nullptr && (kind->type != llm::GgufType::string || kind->as_string() != "bytes"))
      throw UsageError(o.model + ": tokenizer.ggml.model is not \"bytes\"; llm-generate " +
                       "tokenizes bytes only (use a model made by llm-make-model)");
    const std::size_t context = config.context_length;
    // The context holds the prompt and the generated tokens together.
    if (prompt_tokens >= context)
      throw UsageError("the prompt is " + std::to_string(prompt_tokens) +
                       " tokens (one per byte), but the model's context is " +
                       std::to_string(context) + " tokens (" + o.model +
                       ") for the prompt and the generated tokens; shorten --prompt to at most " +
                       std::to_string(context - 1) + " bytes");
    if (prompt_tokens + o.tokens > context)
      throw UsageError(
          "the prompt's " + std::to_string(prompt_tokens) + " tokens plus --tokens " +
          std::to_string(o.tokens) + " need " + std::to_string(prompt_tokens + o.tokens) +
          " positions, more than the model's context of " + std::to_string(context) + " (" +
          o.model + "); lower --tokens to at most " + std::to_string(context - prompt_tokens));
    return llm::Transformer(std::move(file), o.model, prompt_tokens + o.tokens);
  } catch (const llm::ModelError& e) {
    throw UsageError(e.what());
  } catch (const llm::GgufError& e) {
    throw UsageError(e.what());
  }
}

// ---- Figures -----------------------------------------------------------------

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Nearest-rank percentile (the smallest value with at least p% of the
// samples at or below it) of a sorted, non-empty vector.
double percentile(const std::vector<double>& sorted, double p) {
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

struct Figures {
  double load_ms = 0;
  double ttft_ms = 0;            // start of the prompt to the first sampled token
  std::vector<double> token_ms;  // one per generated token after the first
  // Summaries of token_ms; absent with fewer than two generated tokens.
  std::optional<double> tokens_per_second, mean_ms, p50_ms, p95_ms, p99_ms, min_ms, max_ms;
  std::uint64_t peak_rss_bytes = 0;
  std::uint64_t model_bytes = 0;
  std::int64_t overhead_bytes = 0;  // peak RSS - model file size
  double rss_ratio = 0;             // peak RSS / model file size
};

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux: KiB
}

void summarise(Figures& f) {
  if (!f.token_ms.empty()) {
    std::vector<double> sorted = f.token_ms;
    std::sort(sorted.begin(), sorted.end());
    double total = 0;
    for (double ms : sorted) total += ms;
    f.tokens_per_second = static_cast<double>(sorted.size()) / (total / 1000.0);
    f.mean_ms = total / static_cast<double>(sorted.size());
    f.p50_ms = percentile(sorted, 50);
    f.p95_ms = percentile(sorted, 95);
    f.p99_ms = percentile(sorted, 99);
    f.min_ms = sorted.front();
    f.max_ms = sorted.back();
  }
  f.peak_rss_bytes = peak_rss_bytes();
  f.overhead_bytes =
      static_cast<std::int64_t>(f.peak_rss_bytes) - static_cast<std::int64_t>(f.model_bytes);
  f.rss_ratio = f.model_bytes
                    ? static_cast<double>(f.peak_rss_bytes) / static_cast<double>(f.model_bytes)
                    : 0.0;
}

// ---- Presentation --------------------------------------------------------------

std::string mib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Printable ASCII as is (backslash and quote escaped); every other byte \xNN.
std::string escape_text(const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : bytes) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string sampler_kernel(const llm::SamplerConfig& s) {
  if (s.temperature <= 0) return "sample_greedy";
  std::string name = "sample_temperature";
  if (s.top_k > 0) name += "_top_k";
  if (s.top_p < 1) name += "_top_p";
  return name;
}

std::string sampling_text(const Options& o) {
  if (o.sampler.temperature <= 0) return "greedy (temperature 0)";
  return "temperature " + fixed(o.sampler.temperature, 2) + ", top_k " +
         std::to_string(o.sampler.top_k) + ", top_p " + fixed(o.sampler.top_p, 2) + ", seed " +
         std::to_string(o.seed);
}

void print_report(const Options& o, const llm::Transformer& model, std::size_t prompt_tokens,
                  const std::vector<std::uint32_t>& generated, const Figures& f,
                  const std::vector<std::string>& kernels) {
  const llm::ModelConfig& c = model.config();
  std::printf(
      "model: %s (%zu layers, dim %zu, %zu heads, %zu kv heads, hidden %zu, vocab %zu, "
      "context %zu; %s)\n",
      o.model.c_str(), c.n_layers, c.dim, c.n_heads, c.n_kv_heads, c.hidden_dim, c.vocab_size,
      c.context_length, mib(static_cast<double>(f.model_bytes)).c_str());
  std::printf("run: %zu prompt tokens, %zu generated, %u thread%s, sampling %s\n", prompt_tokens,
              generated.size(), o.threads, o.threads == 1 ? "" : "s", sampling_text(o).c_str());
  std::printf(
      "load time: %s ms (map the file, parse it, check every tensor; weights are paged "
      "in on first use)\n",
      fixed(f.load_ms, 3).c_str());
  std::printf(
      "time to first token: %s ms (%zu prompt tokens in batches of up to 64, then the "
      "first sample)\n",
      fixed(f.ttft_ms, 3).c_str(), prompt_tokens);
  if (f.tokens_per_second) {
    std::printf(
        "tokens per second: %s tok/s (the %zu generated tokens after the first over "
        "their %s ms)\n",
        fixed(*f.tokens_per_second, 2).c_str(), f.token_ms.size(),
        fixed(*f.mean_ms * static_cast<double>(f.token_ms.size()), 3).c_str());
    std::printf(
        "token latency: p50 %s ms, p95 %s ms, p99 %s ms, mean %s ms (nearest rank over "
        "N=%zu tokens after the first, one forward pass and sample each)\n",
        fixed(*f.p50_ms, 3).c_str(), fixed(*f.p95_ms, 3).c_str(), fixed(*f.p99_ms, 3).c_str(),
        fixed(*f.mean_ms, 3).c_str(), f.token_ms.size());
  } else {
    std::printf("tokens per second: n/a (needs --tokens 2 or more)\n");
    std::printf("token latency: n/a (needs --tokens 2 or more)\n");
  }
  std::printf(
      "peak RSS: %llu bytes (%s); model file %llu bytes; overhead %lld bytes (%s, peak "
      "RSS - file size), ratio %s (peak RSS / file size)\n",
      static_cast<unsigned long long>(f.peak_rss_bytes),
      mib(static_cast<double>(f.peak_rss_bytes)).c_str(),
      static_cast<unsigned long long>(f.model_bytes), static_cast<long long>(f.overhead_bytes),
      mib(static_cast<double>(f.overhead_bytes)).c_str(), fixed(f.rss_ratio, 3).c_str());
  std::string kernel_list;
  for (const std::string& k : kernels) kernel_list += (kernel_list.empty() ? "" : ", ") + k;
  std::printf("kernels: path %s; %s\n", llm::kernel_path(), kernel_list.c_str());
  std::printf(
      "output digest: fnv1a64 %s (FNV-1a 64 of the generated token ids, 4 bytes "
      "little-endian each)\n",
      hex16(llm::fnv1a64(llm::token_id_bytes(generated))).c_str());
  std::printf("text: \"%s\"\n", escape_text(llm::detokenize(generated)).c_str());
}

// The receipt (docs/receipts.md): the same figures as the report.
void write_receipt(const Options& o, std::size_t prompt_tokens,
                   const std::vector<std::uint32_t>& generated, const Figures& f,
                   const std::vector<std::string>& kernels) {
  perfgate::Receipt r;
  r.tool_name = "llm-generate";
  r.tool_version = "1";
  r.benchmark = "llm_generate";
  r.compute_path = "real";
  r.backend = "cpu";
  r.kernels = kernels;
  r.deterministic = true;
  r.seed = o.seed;
  r.environment["model"] = o.model;
  r.environment["model_bytes"] = std::to_string(f.model_bytes);
  r.environment["threads"] = std::to_string(o.threads);
  r.environment["prompt_tokens"] = std::to_string(prompt_tokens);
  r.environment["generated_tokens"] = std::to_string(generated.size());
  r.environment["sampling"] = sampling_text(o);
  r.environment["kernel_path"] = llm::kernel_path();
  r.add_sample("load_time", f.load_ms, "ms");
  r.add_sample("first_token_latency", f.ttft_ms, "ms");
  if (f.tokens_per_second) {
    for (double ms : f.token_ms) r.add_sample("token_latency", ms, "ms");
    r.set_summary("token_latency", "mean", *f.mean_ms, "ms");
    r.set_summary("token_latency", "p50", *f.p50_ms, "ms");
    r.set_summary("token_latency", "p95", *f.p95_ms, "ms");
    r.set_summary("token_latency", "p99", *f.p99_ms, "ms");
    r.set_summary("token_latency", "min", *f.min_ms, "ms");
    r.set_summary("token_latency", "max", *f.max_ms, "ms");
    r.set_summary("tokens_per_second", "mean", *f.tokens_per_second, "tok/s");
  }
  r.add_sample("peak_memory", static_cast<double>(f.peak_rss_bytes), "bytes");
  r.add_sample("memory_overhead", static_cast<double>(f.overhead_bytes), "bytes");
  r.set_output_digest(llm::token_id_bytes(generated));
  try {
    r.write_file(o.receipt_path);
  } catch (const std::runtime_error& e) {
    throw UsageError(std::string(e.what()) + "; check the --receipt path");
  }
}

// The figures as one plain JSON object (for perfgate's JSON metric
// extraction); numbers print exactly as in the receipt.
void write_json(const Options& o, std::size_t prompt_tokens,
                const std::vector<std::uint32_t>& generated, const Figures& f) {
  using perfgate::receipt_detail::json_string;
  using perfgate::receipt_detail::number;
  auto opt = [](const std::optional<double>& v) { return v ? number(*v) : std::string("null"); };
  std::string j = "{\n";
  j += "  \"tokens_per_second\": " + opt(f.tokens_per_second) + ",\n";
  j += "  \"ttft_ms\": " + number(f.ttft_ms) + ",\n";
  j += "  \"load_ms\": " + number(f.load_ms) + ",\n";
  j += "  \"mean_token_ms\": " + opt(f.mean_ms) + ",\n";
  j += "  \"p50_ms\": " + opt(f.p50_ms) + ",\n";
  j += "  \"p95_ms\": " + opt(f.p95_ms) + ",\n";
  j += "  \"p99_ms\": " + opt(f.p99_ms) + ",\n";
  j += "  \"min_token_ms\": " + opt(f.min_ms) + ",\n";
  j += "  \"max_token_ms\": " + opt(f.max_ms) + ",\n";
  j += "  \"token_latency_samples\": " + std::to_string(f.token_ms.size()) + ",\n";
  j += "  \"peak_rss_bytes\": " + std::to_string(f.peak_rss_bytes) + ",\n";
  j += "  \"model_bytes\": " + std::to_string(f.model_bytes) + ",\n";
  j += "  \"memory_overhead_bytes\": " + std::to_string(f.overhead_bytes) + ",\n";
  j += "  \"prompt_tokens\": " + std::to_string(prompt_tokens) + ",\n";
  j += "  \"generated_tokens\": " + std::to_string(generated.size()) + ",\n";
  j += "  \"threads\": " + std::to_string(o.threads) + ",\n";
  j += "  \"seed\": " + std::to_string(o.seed) + ",\n";
  j += "  \"kernel_path\": " + json_string(llm::kernel_path()) + ",\n";
  j += "  \"output_digest\": " + json_string(hex16(llm::fnv1a64(llm::token_id_bytes(generated)))) +
       "\n}\n";
  const std::string tmp = o.json_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << j;
    if (!out.flush()) throw UsageError("cannot write " + tmp + "; check the --json path");
  }
  if (std::rename(tmp.c_str(), o.json_path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw UsageError("cannot write " + o.json_path + "; check the --json path");
  }
}

int run(const Options& o) {
  if (o.generic) llm::force_generic_kernels(true);
  const std::vector<std::uint32_t> prompt = llm::tokenize(o.prompt);

  Figures f;
  const Clock::time_point load_start = Clock::now();
  llm::Transformer model = load_model(o, prompt.size());
  f.load_ms = ms_between(load_start, Clock::now());
  f.model_bytes = model.file().file_size();

  llm::ThreadPool pool(o.threads);
  model.set_thread_pool(&pool);
  const Clock::time_point start = Clock::now();
  Clock::time_point previous = start;
  const std::vector<std::uint32_t> generated = llm::generate(
      model, prompt, o.tokens, o.sampler, o.seed, [&](std::size_t index, std::uint32_t) {
        const Clock::time_point now = Clock::now();
        if (index == 0)
          f.ttft_ms = ms_between(start, now);
        else
          f.token_ms.push_back(ms_between(previous, now));
        previous = now;
      });
  summarise(f);

  std::vector<std::string> kernels = model.kernels();
  kernels.push_back(sampler_kernel(o.sampler));
  print_report(o, model, prompt.size(), generated, f, kernels);
  if (!o.receipt_path.empty()) write_receipt(o, prompt.size(), generated, f, kernels);
  if (!o.json_path.empty()) write_json(o, prompt.size(), generated, f);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse_options(argc, argv);
    if (options.help) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    return run(options);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "llm-generate: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "llm-generate: out of memory; try a smaller model or fewer tokens\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "llm-generate: %s\n", e.what());
    return 2;
  }
}
