// Quantiles of simulated paths per projected year, computed once per series (one sort per year
// instead of one per requested quantile).
#pragma once

#include <vector>

#include "utsikt/engine/forecast.hpp"

namespace utsikt::out {

// The quantile levels used by every output: 2.5, 10, 25, 50, 75, 90, 97.5 %.
inline constexpr double kReportQuantiles[7] = {0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975};

struct QuantileTable {
  std::vector<int> years;              // = forecast.years
  std::vector<double> levels;          // requested quantile levels
  std::vector<std::vector<double>> q;  // q[h][k]: level k at years[h]

  // Level k at year, or nullptr when the year is not projected.
  const std::vector<double>* at_year(int year) const;
};

// Empirical type-7 quantiles (R's default, as SeriesForecast::quantile) of the paths per year.
// An empty forecast (no paths) gives an empty table.
QuantileTable quantile_table(const SeriesForecast& f, const std::vector<double>& levels);
inline QuantileTable quantile_table(const SeriesForecast& f) {
  return quantile_table(
      f, std::vector<double>(std::begin(kReportQuantiles), std::end(kReportQuantiles)));
}

}  // namespace utsikt::out
