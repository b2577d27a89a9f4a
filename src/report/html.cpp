// Placeholder while this format is being written: it refuses clearly.
#include "model/error.hpp"
#include "report/reporter.hpp"
namespace perfgate {
std::unique_ptr<Reporter> make_html_reporter() {
  throw input_error("--format html: not available yet in this build; use text, json or markdown");
}
}  // namespace perfgate
