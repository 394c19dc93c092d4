// Progress on standard error for long commands: a bar on a terminal, plain lines otherwise,
// nothing with --quiet; only once a run has taken about a second.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "utsikt/progress.hpp"

namespace utsikt::cli {

// UTSIKT_PROGRESS_AFTER (seconds, default 1): when progress starts to show (tests use 0).
double progress_delay_s();

class ProgressPrinter {
 public:
  // `tty` < 0: ask isatty(stderr). `english`: units and words in English (--lang en), else
  // Swedish.
  explicit ProgressPrinter(bool quiet, int tty = -1, double delay_s = progress_delay_s(),
                           bool english = false);
  ~ProgressPrinter() { finish(); }
  ProgressPrinter(const ProgressPrinter&) = delete;
  ProgressPrinter& operator=(const ProgressPrinter&) = delete;
  // The callback for the library (serialised by the caller).
  ProgressCallback callback();
  void update(const Progress& p);
  // Ends the bar's line (if one was drawn).
  void finish();
  double elapsed_s() const;

 private:
  bool quiet_;
  bool tty_;
  bool english_;
  std::string what_;  // the phase last shown ("series", "targets" ...)
  double delay_s_;
  std::chrono::steady_clock::time_point start_;
  double last_print_s_ = -1;
  double phase_start_s_ = 0;
  int last_decile_ = -1;
  bool drawn_ = false;
};

}  // namespace utsikt::cli
