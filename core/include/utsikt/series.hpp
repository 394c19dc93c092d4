// Observed yearly series.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "utsikt/error.hpp"

namespace utsikt {

// Where data came from (filled by the readers; shown in outputs and report caveats).
struct Provenance {
  std::string source;              // "SCB", "Kolada", "document p. 3", file name ...
  std::string table_id;            // e.g. "BE0101N1"
  std::string updated;             // last-updated date as written in the source
  std::vector<std::string> notes;  // footnotes and remarks
};

// One value that covers a span of years: "6 523 homes completed 2017-2022" (a sum) or "on
// average 1 087 a year 2017-2022" (a mean). Read from the long CSV (year "2017-2022" and an
// `aggregate` column) or from an inline observation; turned into yearly values by
// apply_period_aggregates (utsikt/period_aggregate.hpp, docs/methods.md "Period totals").
struct PeriodAggregate {
  enum class Kind { sum, mean };
  int first_year = 0;  // inclusive, first_year < last_year
  int last_year = 0;   // inclusive
  Kind kind = Kind::sum;
  double value = 0.0;   // as written: the sum, or the mean per year
  std::string source;   // the row's source note
  Location where;       // file, line, column and field of the value (for messages)
  Location where_year;  // the same for the span (the year cell or key)

  int years() const { return last_year - first_year + 1; }
  // The sum over the span (a mean times the number of years).
  double total() const { return kind == Kind::sum ? value : value * years(); }
  // "2017-2022".
  std::string span() const;
};

// One yearly series of one indicator for one group (women, men, total, ...).
// Invariant (checked by validate_series): years strictly increasing, values finite,
// years.size() == values.size(), sources empty or the same size, derived_from empty or the
// same size.
struct Series {
  std::string indicator;
  std::string group;  // "total" when the indicator has no breakdown
  std::vector<int> years;
  std::vector<double> values;
  std::vector<std::string> sources;  // optional per-observation note (e.g. "RUS follow-up p. 3")
  Provenance provenance;
  // Period aggregates of this series. Before apply_period_aggregates they are only read; after
  // it, the years of their spans that are not observed individually are in years/values too,
  // marked in derived_from.
  std::vector<PeriodAggregate> aggregates;
  // Empty (no derived years), or one entry per year: -1 for an individual observation, else
  // the index into aggregates of the period total the value was derived from.
  std::vector<int> derived_from;
  // Sources written by the library (year -> code, English text as the message, args for the
  // outputs' catalogue), e.g. the cohort model's estimate; sources holds the same English text.
  std::map<int, Diagnostic> engine_sources;

  bool empty() const { return years.empty(); }
  std::size_t size() const { return years.size(); }
  // Index of year or -1.
  int index_of(int year) const;
  // Value observed in year, or nullptr.
  const double* at_year(int year) const;
  // Whether the value at index i (or in year) was derived from a period total, i.e. is not an
  // individual observation.
  bool derived(std::size_t i) const { return i < derived_from.size() && derived_from[i] >= 0; }
  bool derived_year(int year) const;
  // The number of data points behind the series: individual observations plus one per period
  // aggregate that derived at least one year. This, not size(), chooses the short-series rule
  // and sets few_data_points (docs/methods.md).
  int effective_points() const;
};

}  // namespace utsikt
