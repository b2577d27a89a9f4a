#include "collect/command_line.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace perfgate {
namespace {

bool plain_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || std::string_view("_./,:+@%-=").find(c) != std::string_view::npos;
}

// Builtins and keywords that are no program on PATH, or that mean something
// else in a shell than as a program.
bool shell_word(std::string_view w) {
  static constexpr std::array<std::string_view, 28> words = {
      ".",      ":",     "alias",  "break",  "case",  "cd",    "command", "continue", "do",
      "done",   "eval",  "exec",   "exit",   "export", "for",  "function", "if",      "local",
      "read",   "readonly", "return", "set",  "shift", "source", "trap",   "ulimit",  "umask",
      "unset"};
  return std::find(words.begin(), words.end(), w) != words.end() || w == "while" ||
         w == "until" || w == "wait" || w == "times";
}

std::vector<std::string> words_of(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  for (char c : command) {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace

bool runs_without_shell(const std::string& command) {
  for (char c : command)
    if (c != ' ' && c != '\t' && !plain_char(c)) return false;
  const std::vector<std::string> words = words_of(command);
  return !words.empty() && words[0].find('=') == std::string::npos && !shell_word(words[0]);
}

std::vector<std::string> command_argv(const std::string& command) {
  if (runs_without_shell(command)) return words_of(command);
  return {"/bin/sh", "-c", command};
}

}  // namespace perfgate
