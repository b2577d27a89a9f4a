// Demo benchmark: a toy "decoder" that generates T tokens (argv[1]), each a
// small matrix-vector product and a softmax over a vocabulary. It writes its
// figures to a JSON file (argv[2]), which the demo suite reads by JSON pointer.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  int tokens = argc > 1 ? std::atoi(argv[1]) : 64;
  const char* out = argc > 2 ? argv[2] : "token_gen.json";
  const int dim = 256, vocab = 2048;
  std::vector<float> w(static_cast<std::size_t>(vocab) * dim), h(dim, 0.01f), logits(vocab);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>((i * 2654435761u) % 1000) * 1e-4f;
  auto t0 = std::chrono::steady_clock::now();
  int tok = 0;
  for (int t = 0; t < tokens; ++t) {
    for (int v = 0; v < vocab; ++v) {
      float s = 0;
      for (int d = 0; d < dim; ++d) s += w[static_cast<std::size_t>(v) * dim + d] * h[d];
      logits[v] = s;
    }
    float mx = logits[0];
    for (float l : logits) mx = l > mx ? l : mx;
    double z = 0;
    for (float& l : logits) { l = std::exp(l - mx); z += l; }
    int best = 0;
    for (int v = 1; v < vocab; ++v) if (logits[v] > logits[best]) best = v;
    tok = best;
    h[tok % dim] += 0.001f;
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  FILE* f = std::fopen(out, "w");
  if (!f) { std::perror(out); return 1; }
  std::fprintf(f, "{\"tokens\": %d, \"last_token\": %d, \"tokens_per_second\": %.3f}\n",
               tokens, tok, tokens / s);
  std::fclose(f);
  return 0;
}
