// libFuzzer target: arbitrary bytes as a long-format CSV data file, through the same path as
// read_long_csv (decode_text, then parse_long_csv). Only InputError may escape; every series
// returned must satisfy the Series invariant (strictly increasing years, finite values), and so
// must the series after its period aggregates are applied (for every indicator kind).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "robust_fuzz_check.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/period_aggregate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace utsikt;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.csv";
  try {
    std::vector<Diagnostic> notes;
    const std::string text = decode_text(bytes, file, &notes);
    UTSIKT_REQUIRE(utf8_is_valid(text));
    UTSIKT_REQUIRE(!has_utf8_bom(text));
    for (const auto& n : notes) UTSIKT_REQUIRE(utf8_is_valid(n.message));
    const std::vector<Series> series = parse_long_csv(text, file);
    auto check = [](const Series& s) {
      // A series may consist of period rows only (years derived when they are applied).
      UTSIKT_REQUIRE(!s.years.empty() || !s.aggregates.empty());
      UTSIKT_REQUIRE(s.years.size() == s.values.size());
      UTSIKT_REQUIRE(s.sources.empty() || s.sources.size() == s.years.size());
      UTSIKT_REQUIRE(s.derived_from.empty() || s.derived_from.size() == s.years.size());
      UTSIKT_REQUIRE(!s.indicator.empty() && !s.group.empty());
      UTSIKT_REQUIRE(utf8_is_valid(s.indicator) && utf8_is_valid(s.group));
      for (std::size_t i = 0; i < s.size(); ++i) {
        UTSIKT_REQUIRE(std::isfinite(s.values[i]));
        UTSIKT_REQUIRE(s.years[i] >= 1000 && s.years[i] <= 3000);
        if (i > 0) UTSIKT_REQUIRE(s.years[i - 1] < s.years[i]);
      }
      for (const auto& a : s.aggregates) {
        UTSIKT_REQUIRE(a.first_year >= 1000 && a.first_year < a.last_year && a.last_year <= 3000);
        UTSIKT_REQUIRE(std::isfinite(a.value));
      }
      UTSIKT_REQUIRE(s.effective_points() <= static_cast<int>(s.size()) || s.years.empty());
    };
    for (const Series& s : series) check(s);
    for (const IndicatorKind kind :
         {IndicatorKind::flow, IndicatorKind::share, IndicatorKind::rate}) {
      for (Series s : series) {
        try {
          apply_period_aggregates(s, kind, {});
        } catch (const InputError& e) {
          fuzz::check_input_error(e, file);
          continue;
        }
        check(s);
        UTSIKT_REQUIRE(s.size() == 0 || s.effective_points() >= 1);
        // Every span with a derived year adds up to its total.
        for (std::size_t k = 0; k < s.aggregates.size(); ++k) {
          const auto& a = s.aggregates[k];
          bool derived = false;
          double sum = 0.0, scale = 1.0;
          for (int y = a.first_year; y <= a.last_year; ++y) {
            const int i = s.index_of(y);
            UTSIKT_REQUIRE(i >= 0);
            sum += s.values[static_cast<std::size_t>(i)];
            scale = std::max(scale, std::fabs(s.values[static_cast<std::size_t>(i)]));
            derived = derived || s.derived(static_cast<std::size_t>(i));
          }
          const double t = a.total();
          // Up to rounding (relative to the largest value: cancellation), unless it overflows.
          if (derived && std::isfinite(sum) && scale < 1e300)
            UTSIKT_REQUIRE(std::fabs(sum - t) <= 1e-6 * std::max(scale, std::fabs(t)));
        }
      }
    }
  } catch (const InputError& e) {
    fuzz::check_input_error(e, file);
  }
  return 0;
}
