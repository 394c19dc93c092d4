#include "utsikt/series.hpp"

#include <algorithm>

namespace utsikt {

int Series::index_of(int year) const {
  auto it = std::lower_bound(years.begin(), years.end(), year);
  if (it == years.end() || *it != year) return -1;
  return static_cast<int>(it - years.begin());
}

const double* Series::at_year(int year) const {
  const int i = index_of(year);
  return i < 0 ? nullptr : &values[static_cast<std::size_t>(i)];
}

}  // namespace utsikt
