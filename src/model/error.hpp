// Errors a person can act on.
//
// perfgate reports every failure a user can cause as one line that names the
// file, the place, what was wrong and what to do. Layers throw perfgate::Error;
// the CLI catches it, prints what() and exits with exit_code(). Exceptions
// (rather than status values) because a failure deep in a parser must unwind
// through several layers that have nothing to add (docs/ARCHITECTURE.md).
#pragma once

#include <stdexcept>
#include <string>

namespace perfgate {

// Exit codes shared by every verb (docs/formats.md, "Exit codes").
enum class ExitCode : int {
  ok = 0,
  gate_failed = 1,   // a regression or budget the gate policy treats as fatal
  bad_input = 2,     // the user's input or usage is wrong
  run_failed = 3,    // a benchmark could not be run at all
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }
  int exit_code() const { return static_cast<int>(code_); }

 private:
  ExitCode code_;
};

// The user's input is wrong (exit 2). The message names file:line:column where
// there is one, and says what was expected.
inline Error input_error(const std::string& message) {
  return Error(ExitCode::bad_input, message);
}

// A benchmark, the environment or the machine stopped perfgate (exit 3).
inline Error run_error(const std::string& message) {
  return Error(ExitCode::run_failed, message);
}

}  // namespace perfgate
