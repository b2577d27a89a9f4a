#include "cli/progress.hpp"

#include <algorithm>

#include "report/quantity.hpp"
#include "report/table.hpp"
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
  std::string prefix = "[" + std::to_string(index_ + 1) + "/" + std::to_string(count_) + "] ";
  std::string suffix = " " + std::to_string(done_) + "/" + std::to_string(total_);
  if (done_ == 0 && spec.warmup > 0)
    suffix += " (warm-up " + std::to_string(warm_done_) + "/" + std::to_string(spec.warmup) + ")";
  if (failed_ > 0) suffix += " " + std::to_string(failed_) + " failed";
  std::string name = spec.name;
  int bar = 20;
  if (columns_ > 0) {
    // One column spare: a line that fills the last column wraps on some terminals.
    const int fixed = static_cast<int>(display_width(prefix) + display_width(suffix)) + 4;
    bar = std::clamp(columns_ - 1 - fixed - static_cast<int>(display_width(name)), 10, 40);
    const int room = columns_ - 1 - fixed - bar;
    if (room < static_cast<int>(display_width(name))) name = shorten_middle(name, std::max(room, 5));
  }
  const int filled = total_ > 0 ? done_ * bar / total_ : bar;
  out_ << "\r\033[K" << prefix << name << " [" << std::string(filled, '#')
       << std::string(bar - filled, ' ') << "]" << suffix;
  out_.flush();
}

void ProgressPrinter::on_benchmark_end(const BenchmarkSpec& spec, const BenchmarkResult& result) {
  if (quiet_) return;
  if (terminal_) out_ << "\r\033[K";
  std::vector<double> wall = result.samples("wall_time");
  if (spec.kind == BenchmarkKind::gbench) {
    // One process, many benchmarks: say what the binary gave.
    out_ << "[" << index_ + 1 << "/" << count_ << "] " << spec.name << ": Google Benchmark binary, "
         << gbench_benchmarks_ << (gbench_benchmarks_ == 1 ? " benchmark, " : " benchmarks, ")
         << gbench_samples_ << (gbench_samples_ == 1 ? " sample" : " samples");
    if (gbench_failed_ > 0) out_ << ", " << gbench_failed_ << " failed repetitions";
    if (!wall.empty()) out_ << ", in " << format_quantity(wall.front(), "ns");
    else if (!result.repetitions.empty()) out_ << "; the binary failed: " << result.repetitions[0].failure;
    out_ << "\n";
    out_.flush();
    return;
  }
  out_ << "[" << index_ + 1 << "/" << count_ << "] " << spec.name << ": " << wall.size()
       << (wall.size() == 1 ? " run" : " runs");
  if (!wall.empty()) out_ << ", median wall time " << format_quantity(stats::median(wall), "ns");
  if (int f = result.failed_count()) out_ << ", " << f << " failed";
  out_ << "\n";
  out_.flush();
}

void ProgressPrinter::on_benchmark_skipped(const BenchmarkSpec& spec, int index, int count) {
  if (quiet_) return;
  if (terminal_) out_ << "\r\033[K";
  out_ << "[" << index + 1 << "/" << count << "] " << spec.name << ": "
       << (color_ ? "\033[33mskipped\033[0m" : "skipped") << ": " << spec.skip_reason << "\n";
  out_.flush();
}

void ProgressPrinter::on_gbench_results(const BenchmarkSpec&,
                                        const std::vector<BenchmarkResult>& results) {
  gbench_benchmarks_ = static_cast<int>(results.size());
  gbench_samples_ = gbench_failed_ = 0;
  for (const auto& b : results) {
    gbench_failed_ += b.failed_count();
    gbench_samples_ += static_cast<int>(b.repetitions.size()) - b.failed_count();
  }
}

void ProgressPrinter::on_note(const BenchmarkSpec& spec, const std::string& note) {
  if (quiet_) return;
  if (terminal_) out_ << "\r\033[K";
  out_ << (color_ ? "\033[36mnote\033[0m" : "note") << ": " << spec.name << ": " << note << "\n";
}

}  // namespace perfgate::cli
