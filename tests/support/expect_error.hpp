// Test support: the message of the perfgate::Error a call throws.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "model/error.hpp"

namespace perfgate::test_support {

// The message of the perfgate::Error that `f` throws; fails the test when it
// throws nothing or exits with another code than `exit_code` (2: bad input).
template <class F>
std::string input_error_message(F&& f, int exit_code = 2) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), exit_code) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no perfgate::Error was thrown";
  return "";
}

}  // namespace perfgate::test_support
