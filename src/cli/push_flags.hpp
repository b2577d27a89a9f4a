// Pushing runs to a perfgate server from the command line: `perfgate push`,
// and `run` / `ingest` with --server, which push the run they just kept.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "model/run.hpp"

namespace perfgate::cli {

// The exit code when a run is kept locally (result file, store, outbox) but
// the server did not confirm it after every retry: distinct from a gate
// failure (1), bad input (2) and a benchmark that could not run (3), so that
// CI can tell "the server is down" apart (docs/api.md, "Exit codes").
inline constexpr int exit_not_pushed = 4;

struct PushFlags {
  std::string server;
  std::string token;  // --token, else $PERFGATE_TOKEN; never printed
  std::string project;
  int retries = 5;
};

// --server, --token, --project, --retries. `required_server`: push needs it,
// run and ingest only push when it is given.
void add_push_flags(CLI::App* cmd, PushFlags& flags, bool required_server);

// Checks the flags before any work (a bad URL or no token costs nothing):
// throws perfgate::Error (exit 2). Reads PERFGATE_TOKEN when --token is absent.
void check_push_flags(PushFlags& flags);

// Pushes the run whose result file is `result_file` (written already) and
// says what happened on stderr. Returns 0 when the server stored it (or had
// it), 2 when it refused it, exit_not_pushed when it did not confirm it (the
// run is then in the outbox).
int push_result_file(const std::string& result_file, const PushFlags& flags, bool quiet);

}  // namespace perfgate::cli
