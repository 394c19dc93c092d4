// Invariants every table a reader returns must satisfy, checked by the fuzz targets; a
// violation aborts (libFuzzer reports it as a crash).
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "utsikt/encoding.hpp"
#include "utsikt/io/import.hpp"

namespace utsikt::fuzz {

#define UTSIKT_FUZZ_CHECK(cond) ::utsikt::fuzz::check((cond), #cond, __LINE__)

inline void check(bool ok, const char* what, int line) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_check.hpp:%d: invariant violated: %s\n", line, what);
    std::abort();
  }
}

inline void check_table(const Table& t) {
  std::size_t n = 1;
  int time_dims = 0;
  for (const Dimension& d : t.dims) {
    UTSIKT_FUZZ_CHECK(d.size() > 0 && d.value_texts.size() == d.size());
    UTSIKT_FUZZ_CHECK(utf8_is_valid(d.code) && utf8_is_valid(d.text));
    for (const std::string& s : d.value_texts) UTSIKT_FUZZ_CHECK(utf8_is_valid(s));
    if (d.is_time) ++time_dims;
    UTSIKT_FUZZ_CHECK(d.years.empty() || d.years.size() == d.size());
    n *= d.size();
  }
  UTSIKT_FUZZ_CHECK(time_dims <= 1);
  UTSIKT_FUZZ_CHECK(t.values.size() == n && t.status.size() == n);
  for (std::size_t i = 0; i < n; ++i) {
    UTSIKT_FUZZ_CHECK(t.status[i] <= t.missing_symbols.size() || t.missing_symbols.size() >= 254);
    UTSIKT_FUZZ_CHECK(t.status[i] != 0 || std::isfinite(t.values[i]));
  }
  for (const std::string& note : t.provenance.notes) UTSIKT_FUZZ_CHECK(utf8_is_valid(note));
}

// Runs the selection paths a user would run: all series, then a selection by the first value of
// the first dimension, then one series.
inline void exercise_selections(const Table& t) {
  try {
    const auto periods = select_periods(t, Selection{});
    for (const auto& p : periods) UTSIKT_FUZZ_CHECK(p.periods.size() == p.values.size());
  } catch (const InputError&) {
  }
  try {
    const auto series = select_series(t, Selection{}, "x");
    for (const auto& s : series) {
      UTSIKT_FUZZ_CHECK(s.years.size() == s.values.size());
      for (std::size_t i = 1; i < s.years.size(); ++i)
        UTSIKT_FUZZ_CHECK(s.years[i - 1] < s.years[i]);
    }
  } catch (const InputError&) {
  }
  if (!t.dims.empty()) {
    Selection sel;
    sel.criteria.emplace_back(t.dims[0].text, t.dims[0].value_texts[0]);
    try {
      select_one_series(t, sel, "x");
    } catch (const InputError&) {
    }
  }
}

}  // namespace utsikt::fuzz
