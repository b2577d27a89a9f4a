// A small, fully specified pseudo-random generator, so that resampling gives
// the same numbers on every platform and standard library (std::uniform_*
// distributions are implementation-defined). xoshiro256** seeded by SplitMix64.
#pragma once

#include <cstdint>

namespace perfgate::stats {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  // Uniform integer in [0, n), n > 0, without modulo bias (Lemire's
  // multiply-and-reject; the number of next() calls consumed is part of the
  // specification). n = 0 throws std::invalid_argument.
  std::uint64_t below(std::uint64_t n);
  // Uniform double in [0, 1).
  double uniform();

 private:
  std::uint64_t s_[4];
};

}  // namespace perfgate::stats
