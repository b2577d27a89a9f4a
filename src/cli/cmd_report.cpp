// Placeholder: perfgate report (HTML pages) is being written.
#include "cli/common.hpp"
namespace perfgate::cli {
void add_report_command(CLI::App&, Action&) {}
}  // namespace perfgate::cli
