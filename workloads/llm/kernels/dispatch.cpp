// Chooses the kernel table once per process: the CPU is asked for AVX2 and FMA,
// and LLM_KERNELS=generic forces the generic path (for comparisons and for
// machines where the AVX2 path misbehaves).

#include "dispatch.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "variants.hpp"

namespace llm::detail {

namespace {

// Block sizes for the caches of a current x86-64 core (>= 32 KiB L1d, >= 256
// KiB L2): a kc x nr panel of B (16 KiB for AVX2) stays in L1 while the mc x kc
// block of A (144 KiB) streams from L2; the kc x nc block of B (1 MiB) lives in
// L2/L3. On a Zen 5 core kc 256..512, mc 72..144 and nc 512..3072 all measured
// within noise of each other (105-120 GFLOP/s at 512^3..2048^3).
constexpr KernelTable kGeneric{
    .name = "generic",
    .dot = dot_generic,
    .axpy = axpy_generic,
    .rmsnorm = rmsnorm_generic,
    .softmax = softmax_generic,
    .gemv_rows = gemv_rows_generic,
    .gemm = {.mr = kGemmGenericMr,
             .nr = kGemmGenericNr,
             .mc = 128,
             .kc = 256,
             .nc = 1024,
             .run = gemm_micro_generic},
    .ternary_rows = ternary_rows_generic,
};

constexpr KernelTable kAvx2{
    .name = "avx2_fma",
    .dot = dot_avx2,
    .axpy = axpy_avx2,
    .rmsnorm = rmsnorm_avx2,
    .softmax = softmax_avx2,
    .gemv_rows = gemv_rows_avx2,
    .gemm = {.mr = kGemmAvx2Mr,
             .nr = kGemmAvx2Nr,
             .mc = 144,
             .kc = 256,
             .nc = 1024,
             .run = gemm_micro_avx2},
    .ternary_rows = ternary_rows_avx2,
};

std::atomic<bool> g_force_generic{false};

// The process default, decided (and any warning printed) on first use.
bool default_is_avx2() {
  static const bool avx2 = [] {
    const KernelChoice choice = parse_kernel_choice(std::getenv("LLM_KERNELS"));
    if (!choice.warning.empty()) std::fprintf(stderr, "%s\n", choice.warning.c_str());
    return !choice.force_generic && cpu_has_avx2_fma();
  }();
  return avx2;
}

}  // namespace

bool cpu_has_avx2_fma() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return has;
}

KernelChoice parse_kernel_choice(const char* env_value) {
  KernelChoice choice;
  if (env_value == nullptr) return choice;
  const std::string value = env_value;
  if (value.empty() || value == "auto") return choice;
  if (value == "generic") {
    choice.force_generic = true;
    return choice;
  }
  choice.warning =
      "llm: LLM_KERNELS=\"" + value + "\" is not understood (allowed: generic, auto); using auto";
  return choice;
}

const KernelTable& active_kernels() {
  if (g_force_generic.load(std::memory_order_relaxed)) return kGeneric;
  return default_is_avx2() ? kAvx2 : kGeneric;
}

}  // namespace llm::detail

namespace llm {

const char* kernel_path() { return detail::active_kernels().name; }

void force_generic_kernels(bool on) {
  detail::g_force_generic.store(on, std::memory_order_relaxed);
}

}  // namespace llm
