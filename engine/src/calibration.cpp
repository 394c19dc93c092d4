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

namespace {
// The median of v (the mean of the middle two for an even size); v not empty.
double median_of(std::vector<double>& v) {
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  const double hi = v[m];
  if (v.size() % 2 == 1) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m));
  return 0.5 * (lo + hi);
}
}  // namespace

double origin_score(std::vector<double> abs_z) {
  if (abs_z.empty()) return 1.0;
  const double r_max = kMaxAbsZ / kMedianAbsNormal;
  return std::clamp(median_of(abs_z) / kMedianAbsNormal, 1.0 / r_max, r_max);
}

double pooled_correction(std::vector<double> scores, double prior_origins) {
  if (scores.empty()) return 1.0;
  const double k = static_cast<double>(scores.size());
  for (double& r : scores) r = std::log(r);
  const double d = std::exp(k / (k + prior_origins) * median_of(scores));
  return std::clamp(d, kMinCorrection, kMaxCorrection);
}

void BacktestErrors::add(int years_ahead, double abs_z) {
  const auto i = static_cast<std::size_t>(years_ahead - 1);
  if (count.size() <= i) count.resize(i + 1, 0);
  ++count[i];
  if (by_origin.empty()) begin_origin();
  by_origin.back().push_back(abs_z);
}

SpreadCalibration calibration_from(const BacktestErrors& e, int H, double prior_origins) {
  SpreadCalibration c;
  std::vector<double> scores;
  for (const auto& o : e.by_origin)
    if (!o.empty()) scores.push_back(origin_score(o));
  const double d = pooled_correction(scores, prior_origins);
  for (int h = 1; h <= H; ++h) {
    const auto i = static_cast<std::size_t>(h - 1);
    const double p = prior_spread_factor(h);
    c.errors.push_back(i < e.count.size() ? e.count[i] : 0);
    c.prior.push_back(p);
    c.correction.push_back(d);
    c.factor.push_back(std::max(kMinSpreadFactor, p * d));
  }
  return c;
}

}  // namespace utsikt
