#include "utsikt/series.hpp"

#include <algorithm>
#include <set>

namespace utsikt {

std::string PeriodAggregate::span() const {
  return std::to_string(first_year) + "-" + std::to_string(last_year);
}

int Series::index_of(int year) const {
  auto it = std::lower_bound(years.begin(), years.end(), year);
  if (it == years.end() || *it != year) return -1;
  return static_cast<int>(it - years.begin());
}

const double* Series::at_year(int year) const {
  const int i = index_of(year);
  return i < 0 ? nullptr : &values[static_cast<std::size_t>(i)];
}

bool Series::derived_year(int year) const {
  const int i = index_of(year);
  return i >= 0 && derived(static_cast<std::size_t>(i));
}

int Series::effective_points() const {
  if (derived_from.empty()) return static_cast<int>(size());
  int individual = 0;
  std::set<int> spans;
  for (std::size_t i = 0; i < size() && i < derived_from.size(); ++i) {
    if (derived_from[i] < 0)
      ++individual;
    else
      spans.insert(derived_from[i]);
  }
  return individual + static_cast<int>(spans.size());
}

}  // namespace utsikt
