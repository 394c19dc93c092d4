#include "utsikt/outputs/quantiles.hpp"

#include <algorithm>
#include <cmath>

namespace utsikt::out {

const std::vector<double>* QuantileTable::at_year(int year) const {
  for (std::size_t h = 0; h < years.size(); ++h)
    if (years[h] == year) return &q[h];
  return nullptr;
}

QuantileTable quantile_table(const SeriesForecast& f, const std::vector<double>& levels) {
  QuantileTable t;
  t.levels = levels;
  const std::size_t nh = f.years.size();
  if (nh == 0 || f.n_paths <= 0 || f.paths.size() < nh * static_cast<std::size_t>(f.n_paths))
    return t;
  t.years = f.years;
  std::vector<double> col(static_cast<std::size_t>(f.n_paths));
  for (std::size_t h = 0; h < nh; ++h) {
    for (int p = 0; p < f.n_paths; ++p)
      col[static_cast<std::size_t>(p)] = f.at(p, static_cast<int>(h));
    std::sort(col.begin(), col.end());
    std::vector<double> row;
    for (double lv : levels) {
      const double pos = std::clamp(lv, 0.0, 1.0) * (static_cast<double>(col.size()) - 1.0);
      const auto lo = static_cast<std::size_t>(std::floor(pos));
      const std::size_t hi = std::min(lo + 1, col.size() - 1);
      row.push_back(col[lo] + (pos - static_cast<double>(lo)) * (col[hi] - col[lo]));
    }
    t.q.push_back(std::move(row));
  }
  return t;
}

}  // namespace utsikt::out
