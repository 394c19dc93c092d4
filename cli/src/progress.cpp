#include "progress.hpp"

#include <unistd.h>

#include <cinttypes>
#include <cstdlib>
#include <iostream>

#include "utsikt/outputs/format.hpp"

namespace utsikt::cli {

double progress_delay_s() {
  const char* after = std::getenv("UTSIKT_PROGRESS_AFTER");
  if (!after) return 1.0;
  char* end = nullptr;
  const double d = std::strtod(after, &end);
  return end != after && d >= 0 && d < 1e9 ? d : 1.0;
}

namespace {
// The unit of a phase in the language (the library names them in English).
std::string unit(const std::string& what, bool english) {
  if (english) return what;
  if (what == "series") return "serier";
  if (what == "targets") return "mål";
  if (what == "scenarios") return "scenarier";
  if (what == "MB read") return "MB inläst";
  if (what == "levers") return "hävstänger";
  return what;
}
}  // namespace

ProgressPrinter::ProgressPrinter(bool quiet, int tty, double delay_s, bool english)
    : quiet_(quiet),
      tty_(tty < 0 ? ::isatty(2) != 0 : tty != 0),
      english_(english),
      delay_s_(delay_s),
      start_(std::chrono::steady_clock::now()) {}

double ProgressPrinter::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

ProgressCallback ProgressPrinter::callback() {
  if (quiet_) return {};
  return [this](const Progress& p) { update(p); };
}

void ProgressPrinter::update(const Progress& p) {
  if (quiet_ || p.total == 0) return;
  if (p.what != what_) {  // a new phase: its own line and counts
    if (tty_ && drawn_) std::cerr << "\n";
    what_ = p.what;
    last_decile_ = -1;
    last_print_s_ = -1;
    phase_start_s_ = elapsed_s();
  }
  const double t = elapsed_s();
  if (t < delay_s_ && p.done < p.total) return;
  if (t < delay_s_ && !drawn_) return;  // finished within the delay: nothing to show
  const double frac = static_cast<double>(p.done) / static_cast<double>(p.total);
  const out::Lang lang = english_ ? out::Lang::en : out::Lang::sv;
  const std::string counts = out::format_fixed(static_cast<double>(p.done), 0, lang) + " / " +
                             out::format_fixed(static_cast<double>(p.total), 0, lang) + " " +
                             unit(p.what, english_);
  const double eta = p.done > 0 ? (t - phase_start_s_) * (1.0 / frac - 1.0) : 0.0;
  char tail[64];
  std::snprintf(tail, sizeof tail, english_ ? "%.0f s, %.0f s left" : "%.0f s, %.0f s kvar", t,
                eta);
  if (tty_) {
    if (p.done < p.total && t - last_print_s_ < 0.1) return;
    last_print_s_ = t;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    std::cerr << "\r[" << bar << "] " << static_cast<int>(frac * 100) << " % " << counts << ", "
              << tail << "   " << std::flush;
    drawn_ = true;
    return;
  }
  // Plain lines: every 10 % or every 10 s.
  const int decile = static_cast<int>(frac * 10);
  if (decile == last_decile_ && t - last_print_s_ < 10 && p.done < p.total) return;
  if (decile == last_decile_ && p.done == p.total && drawn_) return;
  last_decile_ = decile;
  last_print_s_ = t;
  std::cerr << "utsikt: " << static_cast<int>(frac * 100) << " % (" << counts << ", " << tail
            << ")\n";
  drawn_ = true;
}

void ProgressPrinter::finish() {
  if (tty_ && drawn_) std::cerr << "\n";
  drawn_ = false;
}

}  // namespace utsikt::cli
