// ARIMA(p,d,q) with a constant (mean for d=0, drift for d=1), fitted by exact Gaussian maximum
// likelihood, and the automatic order search of Hyndman & Khandakar (2008) for non-seasonal
// data as in R's forecast::auto.arima(stepwise=TRUE). Internal header (tests use it).
//
// State space (as R's stats::arima, makeARIMA): the ARMA part in Harvey's form with
// r = max(p, q+1) states, augmented by the d previous levels; the level states start diffuse
// (variance kappa = 1e6, in units of sigma^2) and observations with an innovation variance
// above 1e4 do not enter the likelihood, so the likelihood is the exact likelihood of the
// differenced series. sigma^2 is concentrated out. Years without an observation inside the
// series are grid points whose Kalman update is skipped (exact treatment of missing values).
//
// Regression part: y_t = mu + x_t (d=0, mean) or y_t = delta * t + x_t (d=1, drift), x_t ARIMA.
// Parameters are estimated on an unconstrained scale: AR and MA coefficients through partial
// autocorrelations tanh(r) (so the fit is always stationary and invertible), mu/delta as is.
//
// Order search: as forecast 8.20 auto.arima(stepwise=TRUE) for yearly data: d from repeated
// KPSS tests, max p = max q = min(5, n/3), starts (2,d,2) [(1,d,1) if n < 10], (0,d,0),
// (1,d,0), (0,d,1), (0,d,0) without constant, then the eight +-1 moves of p and q and the
// constant toggle until no candidate improves the AICc (AIC if n <= 3). One deliberate
// difference: candidates with an AR or MA root of modulus below 1.05 (R: 1.01) are rejected;
// our optimiser reliably reaches such near-non-invertible optima that R's CSS-ML start often
// misses, and they forecast badly (M3 yearly sMAPE 17.46 with 1.01, 17.20 with 1.05).
//
// Parameter uncertainty: the Laplace approximation N(u_hat, H^-1) with H the numeric Hessian of
// the negative profile log-likelihood at u_hat, represented by K = 64 deterministic design
// points (a Halton sequence mapped through the normal quantile). For each design point the
// Kalman filter is re-run, so the final state (and its covariance) is consistent with the drawn
// parameters. A sample path picks a design point with the Rng, draws sigma^2 from the scaled
// inverse chi-square (df = n_used - p - q - constant), the final state from its filtered
// distribution, and the future innovations.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "utsikt/model.hpp"

namespace utsikt::models {

struct ArimaOrder {
  int p = 0, d = 0, q = 0;
  bool constant = false;  // mean (d=0) or drift (d=1); ignored for d=2
  std::string to_string() const;
};

// KPSS level-stationarity statistic with Bartlett lag trunc(3 sqrt(n)/13) (as forecast::ndiffs).
double kpss_statistic(std::span<const double> x);
// Number of differences (0..max_d) by repeated KPSS tests at the 5 % level (statistic > 0.463),
// as forecast::ndiffs(x, test="kpss").
int kpss_ndiffs(std::span<const double> x, int max_d = 2);

class ArimaModel final : public Model {
 public:
  ArimaModel();                                  // automatic order selection
  explicit ArimaModel(const ArimaOrder& fixed);  // fixed order

  std::string_view name() const override { return "arima"; }
  int min_points() const override { return 2; }
  FitResult fit(const ModelInput& in) override;
  std::vector<double> point_forecast(std::span<const double> t_future) const override;
  void sample_path(std::span<const double> t_future, Rng& rng,
                   std::span<double> out) const override;
  std::vector<double> residuals() const override;
  std::string describe() const override;

  // After fit: the chosen order and the estimates on the working scale.
  const ArimaOrder& order() const { return order_; }
  const std::vector<double>& ar() const { return phi_; }
  const std::vector<double>& ma() const { return theta_; }
  double constant_value() const { return beta_; }  // mean or drift per year
  double sigma2() const { return s2_; }            // as R: ssq / (n_used - npar + 1)
  int models_tried() const { return models_tried_; }

  struct Design;  // one parameter design point with its filtered final state

 private:
  std::optional<ArimaOrder> fixed_;
  ArimaOrder order_;
  double t0_ = 0, center_ = 0, scale_ = 1;
  int n_grid_ = 0;
  std::vector<double> phi_, theta_;
  double beta_ = 0;         // working scale
  double s2_ = 0, df_ = 1;  // sigma^2 estimate (working scale) and its degrees of freedom
  std::vector<double> resid_;
  std::vector<std::shared_ptr<const Design>> designs_;  // [0] = the estimate itself
  int models_tried_ = 0;
};

std::unique_ptr<Model> make_arima();

}  // namespace utsikt::models
