// Arithmetic of the data-adaptive spread calibration (utsikt/engine/calibration.hpp,
// docs/methods.md "Calibration that adapts to the data").
#include "utsikt/engine/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <set>

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
  if (by_horizon.size() <= i) {
    by_horizon.resize(i + 1);
    years_at.resize(i + 1);
  }
  by_horizon[i].push_back(abs_z);
  years_at[i].push_back(origin_year.back());
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

double median_log_score(const BacktestErrors& e) {
  std::vector<double> logs;
  for (const auto& o : e.by_origin)
    if (!o.empty()) logs.push_back(std::log(origin_score(o)));
  return logs.empty() ? 0.0 : median_of(logs);
}

PooledCalibration pool_backtests(const std::vector<const BacktestErrors*>& series,
                                 double prior_windows) {
  PooledCalibration p;
  std::vector<std::vector<double>> at;  // every |z| at horizon h
  std::vector<std::set<int>> windows;   // their origin years
  std::vector<double> levels;
  for (const BacktestErrors* e : series) {
    int k = 0;
    for (const auto& o : e->by_origin) k += o.empty() ? 0 : 1;
    if (k == 0) continue;
    ++p.n_series;
    p.n_origins += k;
    levels.push_back(median_log_score(*e));
    if (at.size() < e->by_horizon.size()) {
      at.resize(e->by_horizon.size());
      windows.resize(e->by_horizon.size());
      p.series_at.resize(e->by_horizon.size(), 0);
    }
    for (std::size_t i = 0; i < e->by_horizon.size(); ++i) {
      if (e->by_horizon[i].empty()) continue;
      ++p.series_at[i];
      at[i].insert(at[i].end(), e->by_horizon[i].begin(), e->by_horizon[i].end());
      windows[i].insert(e->years_at[i].begin(), e->years_at[i].end());
    }
  }
  if (levels.empty()) return PooledCalibration{};
  p.level = median_of(levels);
  for (const auto& w : windows) p.windows_at.push_back(static_cast<int>(w.size()));
  for (std::size_t i = 0; i < at.size(); ++i) {
    if (at[i].empty()) {  // a gap (no series with errors at h): the previous horizon's
      p.log_correction.push_back(p.log_correction.empty() ? 0.0 : p.log_correction.back());
      continue;
    }
    const double w_h = static_cast<double>(p.windows_at[i]);
    const double r = std::max(median_of(at[i]), kMedianAbsNormal / kMaxAbsZ) / kMedianAbsNormal;
    p.log_correction.push_back(w_h / (w_h + prior_windows) * std::log(r));
  }
  return p;
}

SpreadCalibration calibration_from(const BacktestErrors& e, int H, const PooledCalibration& pool,
                                   double prior_origins) {
  if (pool.log_correction.empty()) return calibration_from(e, H, prior_origins);
  SpreadCalibration c;
  int k = 0;
  for (const auto& o : e.by_origin) k += o.empty() ? 0 : 1;
  const double w = k / (k + prior_origins);
  const double own = k > 0 ? w * median_log_score(e) : 0.0;
  for (int h = 1; h <= H; ++h) {
    const auto i = static_cast<std::size_t>(h - 1);
    const double p = prior_spread_factor(h);
    const double lambda = pool.log_correction[std::min(i, pool.log_correction.size() - 1)];
    const double d = std::clamp(std::exp(own + (1.0 - w) * lambda), kMinCorrection, kMaxCorrection);
    c.errors.push_back(i < e.count.size() ? e.count[i] : 0);
    c.prior.push_back(p);
    c.correction.push_back(d);
    c.factor.push_back(std::max(kMinSpreadFactor, p * d));
  }
  c.pooled_series = pool.n_series;
  return c;
}

}  // namespace utsikt
