// Invariant checks shared by the robustness fuzz targets (csv, number, project). A violated
// invariant aborts, which libFuzzer reports as a crash with the input that caused it.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "utsikt/encoding.hpp"
#include "utsikt/error.hpp"

namespace utsikt::fuzz {

inline void require(bool ok, const char* what, const char* file, int line) {
  if (!ok) {
    std::fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, what);
    std::abort();
  }
}
#define UTSIKT_REQUIRE(cond) ::utsikt::fuzz::require((cond), #cond, __FILE__, __LINE__)

// An InputError is the only acceptable way to refuse an input: its message must be non-empty,
// valid UTF-8 (it goes to a terminal) and start with the file name.
inline void check_input_error(const InputError& e, std::string_view file) {
  const std::string_view what = e.what();
  UTSIKT_REQUIRE(!what.empty());
  UTSIKT_REQUIRE(utf8_is_valid(what));
  UTSIKT_REQUIRE(what.substr(0, file.size()) == file);
  UTSIKT_REQUIRE(!e.expected().empty());
}

}  // namespace utsikt::fuzz
