#include "model/limits.hpp"

namespace perfgate {

std::string_view to_string(FailOn f) {
  switch (f) {
    case FailOn::never: return "never";
    case FailOn::critical: return "critical";
    case FailOn::warning: return "warning";
    case FailOn::any: return "any";
  }
  return "never";
}

std::optional<FailOn> parse_fail_on(std::string_view s) {
  if (s == "never") return FailOn::never;
  if (s == "critical") return FailOn::critical;
  if (s == "warning") return FailOn::warning;
  if (s == "any") return FailOn::any;
  return std::nullopt;
}

std::string current_platform() {
#if defined(__APPLE__)
  std::string os = "macos";
#elif defined(_WIN32)
  std::string os = "windows";
#elif defined(__linux__)
  std::string os = "linux";
#else
  std::string os = "unknown";
#endif
#if defined(__x86_64__) || defined(_M_X64)
  std::string arch = "x86_64";
#elif defined(__aarch64__) && defined(__APPLE__)
  std::string arch = "arm64";
#elif defined(__aarch64__)
  std::string arch = "aarch64";
#else
  std::string arch = "unknown";
#endif
  return os + "-" + arch;
}

}  // namespace perfgate
