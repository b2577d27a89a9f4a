#include "cli/common.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "model/error.hpp"

namespace perfgate::cli {

void add_store_flag(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--store", o.store_url,
                  "Where runs are kept: sqlite:PATH (default " + std::string(default_store_url) +
                      ")");
}

void add_output_flags(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--color", o.color, "Colour: auto (a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("-q,--quiet", o.quiet, "Print only results and errors: no progress, no warnings");
}

bool use_color(const CommonOptions& o, int fd) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(fd) != 0;
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    write(std::cout);
    std::cout.flush();
    return;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw input_error(path + ": cannot write: " + std::strerror(errno) + "; check --output");
    write(f);
    f.flush();
    if (!f) throw input_error(path + ": cannot write: " + std::strerror(errno) + "; check --output");
  }
  fs::rename(tmp, path, ec);
  if (ec) throw input_error(path + ": cannot write: " + ec.message() + "; check --output");
}

}  // namespace perfgate::cli
