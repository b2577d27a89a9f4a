// The dispatcher: LLM_KERNELS parsing and the force_generic_kernels override.

#include "dispatch.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "llm/kernels.hpp"

namespace llm {
namespace {

TEST(KernelChoice, UnsetAutoAndEmptyKeepTheAutomaticChoiceSilently) {
  for (const char* value : {static_cast<const char*>(nullptr), "auto", ""}) {
    const detail::KernelChoice choice = detail::parse_kernel_choice(value);
    EXPECT_FALSE(choice.force_generic) << (value ? value : "(unset)");
    EXPECT_TRUE(choice.warning.empty()) << (value ? value : "(unset)");
  }
}

TEST(KernelChoice, GenericForcesTheGenericPath) {
  const detail::KernelChoice choice = detail::parse_kernel_choice("generic");
  EXPECT_TRUE(choice.force_generic);
  EXPECT_TRUE(choice.warning.empty());
}

TEST(KernelChoice, AnyOtherValueWarnsNamingTheVariableAndAllowedValuesAndUsesAuto) {
  const detail::KernelChoice choice = detail::parse_kernel_choice("avx512");
  EXPECT_FALSE(choice.force_generic);
  EXPECT_NE(choice.warning.find("LLM_KERNELS"), std::string::npos) << choice.warning;
  EXPECT_NE(choice.warning.find("avx512"), std::string::npos) << choice.warning;
  EXPECT_NE(choice.warning.find("generic, auto"), std::string::npos) << choice.warning;
  EXPECT_NE(choice.warning.find("using auto"), std::string::npos) << choice.warning;
  EXPECT_EQ(choice.warning.find('\n'), std::string::npos) << "one line";
}

TEST(KernelPath, ForceGenericSwitchesToGenericAndBackToTheProcessDefault) {
  const bool env_forces_generic =
      detail::parse_kernel_choice(std::getenv("LLM_KERNELS")).force_generic;
  const std::string automatic =
      detail::cpu_has_avx2_fma() && !env_forces_generic ? "avx2_fma" : "generic";
  force_generic_kernels(false);
  EXPECT_EQ(kernel_path(), automatic);
  force_generic_kernels(true);
  EXPECT_STREQ(kernel_path(), "generic");
  force_generic_kernels(false);
  EXPECT_EQ(kernel_path(), automatic);
}

}  // namespace
}  // namespace llm
