// Progress on standard error for long commands: a bar on a terminal, plain lines otherwise,
// nothing with --quiet; only once a run has taken about a second.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "utsikt/progress.hpp"

namespace utsikt::cli {

class ProgressPrinter {
 public:
  // `tty` < 0: ask isatty(stderr).
  explicit ProgressPrinter(bool quiet, int tty = -1, double delay_s = 1.0);
  // The callback for the library (serialised by the caller).
  ProgressCallback callback();
  void update(const Progress& p);
  // Ends the bar's line (if one was drawn).
  void finish();
  double elapsed_s() const;

 private:
  bool quiet_;
  bool tty_;
  double delay_s_;
  std::chrono::steady_clock::time_point start_;
  double last_print_s_ = -1;
  int last_decile_ = -1;
  bool drawn_ = false;
};

}  // namespace utsikt::cli
