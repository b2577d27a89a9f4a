#include "model/run.hpp"

namespace perfgate {

std::string_view to_string(PreflightCheck::Status s) {
  switch (s) {
    case PreflightCheck::Status::ok: return "ok";
    case PreflightCheck::Status::warning: return "warning";
    case PreflightCheck::Status::skipped: return "skipped";
  }
  return "ok";
}

std::vector<double> BenchmarkResult::samples(const std::string& metric) const {
  std::vector<double> out;
  for (const auto& r : repetitions) {
    if (!r.ok) continue;
    auto it = r.values.find(metric);
    if (it != r.values.end()) out.push_back(it->second);
  }
  return out;
}

const MetricInfo* BenchmarkResult::find_metric(const std::string& metric) const {
  for (const auto& m : metrics)
    if (m.name == metric) return &m;
  return nullptr;
}

int BenchmarkResult::failed_count() const {
  int n = 0;
  for (const auto& r : repetitions) n += r.ok ? 0 : 1;
  return n;
}

const BenchmarkResult* Run::find_benchmark(const std::string& name) const {
  for (const auto& b : benchmarks)
    if (b.name == name) return &b;
  return nullptr;
}

}  // namespace perfgate
