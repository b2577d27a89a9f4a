#include "cli/progress.hpp"

#include <algorithm>

#include "report/quantity.hpp"
#include "stats/summary.hpp"

namespace perfgate::cli {

void ProgressPrinter::on_preflight(const PreflightCheck& check) {
  if (quiet_ || check.status != PreflightCheck::Status::warning) return;
  out_ << (color_ ? "\033[33mwarning\033[0m" : "warning") << ": pre-flight " << check.name << ": "
       << check.message << "\n";
}

void ProgressPrinter::on_benchmark_start(const BenchmarkSpec& spec, int index, int count,
                                         int repetitions) {
  index_ = index;
  count_ = count;
  total_ = repetitions;
  done_ = warm_done_ = failed_ = 0;
  if (terminal_ && !quiet_) draw(spec);
}

void ProgressPrinter::on_repetition(const BenchmarkSpec& spec, const Repetition& rep,
                                    bool warmup) {
  if (warmup) ++warm_done_;
  else ++done_;
  if (!rep.ok) ++failed_;
  if (terminal_ && !quiet_) draw(spec);
}

void ProgressPrinter::draw(const BenchmarkSpec& spec) {
  const int width = 20;
  int filled = total_ > 0 ? done_ * width / total_ : width;
  out_ << "\r\033[K[" << index_ + 1 << "/" << count_ << "] " << spec.name << " ["
       << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done_ << "/"
       << total_;
  if (done_ == 0 && spec.warmup > 0) out_ << " (warm-up " << warm_done_ << "/" << spec.warmup << ")";
  if (failed_ > 0) out_ << " " << failed_ << " failed";
  out_.flush();
}

void ProgressPrinter::on_benchmark_end(const BenchmarkSpec& spec, const BenchmarkResult& result) {
  if (quiet_) return;
  if (terminal_) out_ << "\r\033[K";
  std::vector<double> wall = result.samples("wall_time");
  out_ << "[" << index_ + 1 << "/" << count_ << "] " << spec.name << ": " << wall.size()
       << " runs";
  if (!wall.empty()) out_ << ", median wall time " << format_quantity(stats::median(wall), "ns");
  if (int f = result.failed_count()) out_ << ", " << f << " failed";
  out_ << "\n";
  out_.flush();
}

}  // namespace perfgate::cli
