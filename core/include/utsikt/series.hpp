// Observed yearly series.
#pragma once

#include <string>
#include <vector>

namespace utsikt {

// Where data came from (filled by the readers; shown in outputs and report caveats).
struct Provenance {
  std::string source;              // "SCB", "Kolada", "document p. 3", file name ...
  std::string table_id;            // e.g. "BE0101N1"
  std::string updated;             // last-updated date as written in the source
  std::vector<std::string> notes;  // footnotes and remarks
};

// One yearly series of one indicator for one group (women, men, total, ...).
// Invariant (checked by validate_series): years strictly increasing, values finite,
// years.size() == values.size(), sources empty or the same size.
struct Series {
  std::string indicator;
  std::string group;  // "total" when the indicator has no breakdown
  std::vector<int> years;
  std::vector<double> values;
  std::vector<std::string> sources;  // optional per-observation note (e.g. "RUS follow-up p. 3")
  Provenance provenance;

  bool empty() const { return years.empty(); }
  std::size_t size() const { return years.size(); }
  // Index of year or -1.
  int index_of(int year) const;
  // Value observed in year, or nullptr.
  const double* at_year(int year) const;
};

}  // namespace utsikt
