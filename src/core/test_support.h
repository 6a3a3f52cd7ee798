// Helpers for tests that read ../shared: they skip with a clear message when it is absent.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tacitus/resources.h"

// Declares `std::string var` holding the path of ../shared/<relative>, or skips the test.
#define TACITUS_REQUIRE_SHARED(var, relative)                                              \
  std::string var;                                                                        \
  do {                                                                                    \
    auto p_ = ::tacitus::shared_path(relative);                                           \
    if (!p_) GTEST_SKIP() << "../shared/" << (relative) << " is absent (set TACITUS_SHARED)"; \
    var = *p_;                                                                            \
  } while (0)

namespace tacitus::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace tacitus::testing
