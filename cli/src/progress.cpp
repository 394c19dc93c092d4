#include "progress.hpp"

#include <unistd.h>

#include <cinttypes>
#include <iostream>

#include "utsikt/outputs/format.hpp"

namespace utsikt::cli {

ProgressPrinter::ProgressPrinter(bool quiet, int tty, double delay_s)
    : quiet_(quiet),
      tty_(tty < 0 ? ::isatty(2) != 0 : tty != 0),
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
  const double t = elapsed_s();
  if (t < delay_s_ && p.done < p.total) return;
  if (t < delay_s_ && !drawn_) return;  // finished within the delay: nothing to show
  const double frac = static_cast<double>(p.done) / static_cast<double>(p.total);
  const std::string counts =
      out::format_fixed(static_cast<double>(p.done), 0, out::Lang::sv) + " / " +
      out::format_fixed(static_cast<double>(p.total), 0, out::Lang::sv) + " " + p.what;
  const double eta = p.done > 0 ? t * (1.0 / frac - 1.0) : 0.0;
  char tail[64];
  std::snprintf(tail, sizeof tail, "%.0f s, %.0f s kvar", t, eta);
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
