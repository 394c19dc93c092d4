#include "common.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>

#include "utsikt/error.hpp"

namespace utsikt::models {

double draw_sigma2(Rng& rng, double prior_sigma, double prior_df, double sse, double df_resid) {
  const double df = prior_df + df_resid;
  const double scale = prior_df * prior_sigma * prior_sigma + sse;
  // chi2 with small df can underflow to 0; keep the draw finite (it is then astronomically
  // large, which the working-scale clamps in project_series handle).
  const double c = std::max(rng.chi_square(df), 1e-300);
  return scale / c;
}

double aicc(double loglik, int k, int n) {
  if (!std::isfinite(loglik) || n - k - 1 <= 0) return std::numeric_limits<double>::infinity();
  return -2.0 * loglik + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0);
}

double concentrated_loglik(double weighted_sse, double sum_log_v, int n, double sigma2_floor) {
  const double s2 = std::max(weighted_sse / n, sigma2_floor);
  return -0.5 * (n * std::log(2.0 * std::numbers::pi * s2) + sum_log_v + weighted_sse / s2);
}

void check_input(std::span<const double> t, std::span<const double> y) {
  if (t.size() != y.size()) throw InternalError("model input: t and y differ in size");
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(t[i]) || !std::isfinite(y[i]))
      throw InternalError("model input: non-finite t or y");
    if (i > 0 && !(t[i] > t[i - 1])) throw InternalError("model input: t not strictly increasing");
  }
}

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

}  // namespace utsikt::models
