// Progress of a long computation, reported through a callback (the library never prints; the
// CLI renders it on standard error, cli/src/progress.cpp).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace utsikt {

struct Progress {
  std::string what;       // "series", "indicators", "scenarios" ...
  std::size_t done = 0;   // items finished
  std::size_t total = 0;  // items in all
};

// Called from the computing threads (one call at a time: callers serialise), after each item;
// must be cheap and must not throw.
using ProgressCallback = std::function<void(const Progress&)>;

}  // namespace utsikt
