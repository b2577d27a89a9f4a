// Placeholder while this format is being written: it refuses clearly.
#include "model/error.hpp"
#include "report/reporter.hpp"
namespace perfgate {
std::unique_ptr<Reporter> make_csv_reporter() {
  throw input_error("--format csv: not available yet in this build; use text, json or markdown");
}
std::unique_ptr<Reporter> make_samples_csv_reporter() {
  throw input_error("--format csv: not available yet in this build; use text, json or markdown");
}
}  // namespace perfgate
