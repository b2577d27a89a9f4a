// Test support for the suite reader tests (GoogleTest only, never linked into
// perfgate): the one-line error a suite text produces, and checks on its place
// and wording.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "model/error.hpp"
#include "model/suite_toml.hpp"

namespace perfgate::test_support {

// Messages name this path; it need not exist for parse_suite.
inline const std::string kSuitePath = "/suites/demo/perfgate.toml";

// The platform the suite tests read for unless they say otherwise.
inline const std::string kTestPlatform = "linux-x86_64";

inline Suite parse_test_suite(const std::string& text,
                              const std::string& platform = kTestPlatform) {
  return parse_suite(text, kSuitePath, platform);
}

// The message of the perfgate::Error that parse_suite throws on `text`; fails
// the test when nothing is thrown, the exit code is not 2 or the message is
// not one line.
inline std::string suite_error_of(const std::string& text,
                                  const std::string& platform = kTestPlatform) {
  try {
    parse_suite(text, kSuitePath, platform);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 2) << e.what();
    std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
    return message;
  }
  ADD_FAILURE() << "no perfgate::Error for:\n" << text;
  return "";
}

// Fails the test unless `message` contains `phrase`.
inline void expect_contains(const std::string& message, std::string_view phrase) {
  EXPECT_NE(message.find(phrase), std::string::npos)
      << "message: " << message << "\nlacks: " << phrase;
}

// Fails the test unless `message` starts with `place` (see at()) and contains
// every phrase.
inline void expect_message(const std::string& message, const std::string& place,
                           std::initializer_list<std::string_view> phrases = {}) {
  EXPECT_TRUE(message.starts_with(place)) << "message: " << message << "\nexpected at: " << place;
  for (auto phrase : phrases) expect_contains(message, phrase);
}

// "/suites/demo/perfgate.toml:3:9: " — the prefix of a message placed at line:column.
inline std::string at(int line, int column) {
  return kSuitePath + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

}  // namespace perfgate::test_support
