// Arithmetic of the data-adaptive spread calibration (utsikt/engine/calibration.hpp,
// docs/methods.md "Calibration that adapts to the data").
#include "utsikt/engine/calibration.hpp"

#include <algorithm>
#include <cmath>

namespace utsikt {

double prior_spread_factor(int years_ahead) {
  const auto k = static_cast<std::size_t>(std::max(1, years_ahead));
  return kPriorSpreadFactors[std::min(k, kPriorSpreadFactors.size()) - 1];
}

double normalised_error(double y, double m, double lo, double hi) {
  const double dev = y - m;
  const double side = dev >= 0.0 ? hi - m : m - lo;
  if (dev == 0.0) return 0.0;
  if (!(side > 0.0)) return kMaxAbsZ;
  return std::min(kMaxAbsZ, kZ90 * std::abs(dev) / side);
}

double shrunk_correction(double sum_abs_z, int k, double prior_errors) {
  if (k <= 0) return 1.0;
  const double d = (prior_errors + sum_abs_z / kMeanAbsNormal) / (prior_errors + k);
  return std::clamp(d, kMinCorrection, kMaxCorrection);
}

void BacktestErrors::add(int years_ahead, double abs_z) {
  const auto i = static_cast<std::size_t>(years_ahead - 1);
  if (sum_abs_z.size() <= i) {
    sum_abs_z.resize(i + 1, 0.0);
    count.resize(i + 1, 0);
  }
  sum_abs_z[i] += abs_z;
  ++count[i];
}

SpreadCalibration calibration_from(const BacktestErrors& e, int H, double prior_errors) {
  SpreadCalibration c;
  int last = -1;  // largest horizon index with errors
  for (std::size_t i = 0; i < e.count.size(); ++i)
    if (e.count[i] > 0) last = static_cast<int>(i);
  for (int h = 1; h <= H; ++h) {
    const int i = std::min(h - 1, last);
    const int k = i >= 0 && e.count[i] > 0 ? e.count[i] : 0;
    const double d = k > 0 ? shrunk_correction(e.sum_abs_z[i], k, prior_errors) : 1.0;
    const double p = prior_spread_factor(h);
    c.errors.push_back(k);
    c.prior.push_back(p);
    c.correction.push_back(d);
    c.factor.push_back(std::max(kMinSpreadFactor, p * d));
  }
  return c;
}

}  // namespace utsikt
