// Test support for the adapters' tests (GoogleTest only, never linked into
// perfgate).
#pragma once

#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace perfgate::adapters {

// The benchmarks' names, in the order the adapter gave them.
inline std::vector<std::string> names(const Parsed& p) {
  std::vector<std::string> out;
  for (const auto& b : p.benchmarks) out.push_back(b.name);
  return out;
}

}  // namespace perfgate::adapters
