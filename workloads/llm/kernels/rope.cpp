// Rotary position embedding (llama pairing: adjacent elements rotate together).

#include <cmath>
#include <cstddef>

#include "llm/kernels.hpp"

namespace llm {

void rope(float* x, std::size_t n_heads, std::size_t head_dim, std::size_t pos, float theta) {
  // The angle pos * theta^(-2i/d) reaches thousands of radians at long
  // positions; computing it and its sine and cosine in double keeps the
  // rotation accurate to float rounding (a float angle would be off by ~1e-4
  // rad at pos 4096). One sin/cos per pair, shared by all heads.
  const double log_theta = std::log(static_cast<double>(theta));
  for (std::size_t i = 0; 2 * i + 1 < head_dim; ++i) {
    const double exponent = -2.0 * static_cast<double>(i) / static_cast<double>(head_dim);
    const double angle = static_cast<double>(pos) * std::exp(exponent * log_theta);
    const float cos_a = static_cast<float>(std::cos(angle));
    const float sin_a = static_cast<float>(std::sin(angle));
    for (std::size_t h = 0; h < n_heads; ++h) {
      float* pair = x + h * head_dim + 2 * i;
      const float x0 = pair[0], x1 = pair[1];
      pair[0] = x0 * cos_a - x1 * sin_a;
      pair[1] = x0 * sin_a + x1 * cos_a;
    }
  }
}

}  // namespace llm
