// Flags every verb shares, and the few things verbs do alike (open the store,
// decide on colour, write to --output). Shared flags mean the same everywhere.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "store/store.hpp"

namespace perfgate::cli {

struct CommonOptions {
  std::string store_url = default_store_url;
  std::string color = "auto";  // auto | always | never
  bool quiet = false;
};

void add_store_flag(CLI::App* cmd, CommonOptions& o);
void add_output_flags(CLI::App* cmd, CommonOptions& o);  // --color, --quiet

// Colour on `fd`: "always", "never", or (auto) when fd is a terminal and
// NO_COLOR is unset or empty.
bool use_color(const CommonOptions& o, int fd);

// Calls `write` with stdout, or with a file when `path` is not empty (written
// whole, then renamed into place). Throws perfgate::Error (exit 2) when the
// file cannot be written.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

// Each verb adds its subcommand; `action` is set to what runs after parsing.
using Action = std::function<int()>;
void add_run_command(CLI::App& app, Action& action);
void add_compare_command(CLI::App& app, Action& action);
void add_runs_command(CLI::App& app, Action& action);

}  // namespace perfgate::cli
