// How `perfgate ab` turns a command string into a process: directly when it
// is plain words, through /bin/sh -c otherwise.
//
// A shell start costs a fork, an exec and the shell's own start-up (about a
// millisecond) on every run of both sides; for a 20-ms benchmark that is 5 %
// of each sample that the change being measured does not scale, and its own
// noise. hyperfine offers `-N` for the same reason. Here it is automatic and
// safe: only a string made of plain words (letters, digits and _ . / , : + @
// % - =, separated by blanks, no '=' in the first word, which would be a
// variable assignment) whose first word is not a shell builtin runs directly;
// anything else (quotes, $, globs, pipes, redirections, ;, &, ~, ...) keeps
// the shell and means what it means there.
#pragma once

#include <string>
#include <vector>

namespace perfgate {

// The argv that runs `command`: its words when it is plain (see above),
// else {"/bin/sh", "-c", command}.
std::vector<std::string> command_argv(const std::string& command);

// Whether command_argv runs `command` without a shell.
bool runs_without_shell(const std::string& command);

}  // namespace perfgate
