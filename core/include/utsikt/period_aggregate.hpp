// Period aggregates: a value that covers a span of years ("6 523 homes completed 2017-2022",
// "on average 1 087 a year 2017-2022") turned into yearly values that add up to it.
//
// The rule (docs/methods.md, "Period totals"; docs/project-format.md for the file formats):
//  1. Years of the span that are observed individually keep their values; the rest of the
//     total, R = total - (sum of those years), goes to the other years of the span.
//  2. Start values for those years: linear interpolation between the nearest individual
//     observations before and after the year (anywhere in the series, not only in the span);
//     flat (the one neighbour's value) where there is a neighbour on one side only; the span's
//     mean where the series has no individual observation at all.
//  3. If every start value is >= 0 and their sum is > 0, they are scaled by one factor so that
//     they add up to R (proportional distribution: keeps their shape and never makes a
//     non-negative value negative); otherwise the difference to R is shared equally.
//  4. The derived values must lie within the indicator's bounds; otherwise InputError.
// The result is deterministic, so the sum over the span equals the total on every simulated
// path. Derived years are marked in Series::derived_from; they are not observations.
//
// Impossible data is an InputError naming the aggregate's file, line and field: spans of one
// series that overlap; a span whose every year is observed individually with a different sum;
// individually observed years that leave a remainder the other years cannot take within the
// bounds (e.g. observed years summing to more than the total of a non-negative kind).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "utsikt/error.hpp"
#include "utsikt/indicator.hpp"
#include "utsikt/series.hpp"

namespace utsikt {

struct YearSpan {
  int first = 0;
  int last = 0;
  bool is_span() const { return last != first; }
};

// "2017", "2017-2022" or "2017–2022" (hyphen or en dash U+2013, blanks around it allowed).
// Years from 1000 to 3000. A span must run from an earlier to a later year. nullopt otherwise.
std::optional<YearSpan> parse_year_span(std::string_view text);

// "sum" or "mean" (case-insensitive, blanks around allowed); nullopt otherwise.
std::optional<PeriodAggregate::Kind> parse_aggregate_kind(std::string_view text);
std::string_view to_string(PeriodAggregate::Kind k);

// Applies the rule above to s (which must not have been completed before): adds the derived
// years to years/values/sources, fills derived_from, and sorts s.aggregates by span. A series
// without aggregates is left unchanged. kind and bounds are the indicator's (a share defaults
// to 0..100 and a stock, flow or index to a lower bound 0, as everywhere else).
void apply_period_aggregates(Series& s, IndicatorKind kind, const Bounds& bounds);

// One info diagnostic `derived_from_period_total` per aggregate that derived years, naming the
// span, the total and the derived years, for the outputs. Empty when nothing was derived.
std::vector<Diagnostic> period_aggregate_diagnostics(const Series& s);

}  // namespace utsikt
