// The model interface (the registry of model names is in utsikt/models/registry.hpp).
//
// A model works on the *working scale* (identity, log or logit: see transform.hpp); the caller
// transforms the data before fit() and transforms paths back afterwards. Time is in years as a
// double and may be irregular (2005, 2016, 2021): every model must handle gaps, e.g. a random
// walk's increment over a gap of g years has g times the variance of a one-year increment.
//
// Contract:
//  * fit() never throws on numerical trouble. It returns FitResult with ok=false (model not
//    applicable, e.g. too few points) or converged=false plus a message (a fallback estimate was
//    used). It may throw InternalError on a violated precondition (unsorted t) only.
//  * sample_path() draws ONE future path including parameter uncertainty (parameters are drawn
//    from their approximate posterior/sampling distribution first, then the noise), using only
//    the given Rng, so paths are reproducible and thread-independent.
//  * point_forecast() is the mean path without noise at the estimated parameters; the median of
//    many sample paths must agree with it (up to Monte-Carlo error and parameter skew).
#pragma once

#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/error.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {

// Data on the working scale. t strictly increasing; y finite; same size.
struct ModelInput {
  std::vector<double> t;
  std::vector<double> y;
  // Prior scale for the one-year innovation standard deviation on the working scale, used by
  // models that need a prior when the data cannot estimate the noise (1-3 points). > 0.
  double prior_sigma = 0.05;
  // Pseudo-degrees of freedom of that prior (inverse chi-square prior on sigma^2).
  double prior_df = 2.0;
  // Optional normal prior N(prior_drift_mean, prior_drift_sd^2) for the drift (change per year
  // on the working scale) of models with a drift (rw_drift). An infinite sd (the default) is a
  // flat prior: the drift is estimated from the data alone. With a finite sd, rw_drift also
  // fits a single point (drift from the prior only).
  double prior_drift_mean = 0.0;
  double prior_drift_sd = std::numeric_limits<double>::infinity();
  // Sd per year of random changes of the drift over the forecast (a local linear trend: the
  // drift itself moves by N(0, g * prior_drift_change_sd^2) over g years). 0: a fixed drift.
  double prior_drift_change_sd = 0.0;
  // Weight of one of the series' own residual degrees of freedom in the noise posterior,
  // relative to one of the prior's (0..1; a power prior): sigma^2 | data ~ (prior_df
  // prior_sigma^2 + w SSE) / chi2(prior_df + w df). 1: the usual posterior; below 1 when the
  // panel shows that a series' past variability says less about its future variability than a
  // residual of the future would (docs/methods.md, "Short series").
  double own_noise_weight = 1.0;
  // sd 0: the drift is the prior mean (the data do not move it).
  bool has_drift_prior() const { return prior_drift_sd >= 0.0 && prior_drift_sd < 1e300; }
};

struct FitResult {
  bool ok = false;        // false: not applicable; message says why; do not use the model
  bool converged = true;  // false: the optimiser did not converge; a fallback was used
  std::string message;    // why not ok / what fallback was taken (English)
  double loglik = 0.0;    // maximised log-likelihood on the working scale (ok only)
  int n_params = 0;       // number of estimated parameters including the noise variance
  int n_obs = 0;          // observations used in the likelihood
  double aicc = 0.0;      // AICc; +inf when n_obs - n_params - 1 <= 0
  std::vector<Diagnostic> diagnostics;
};

class Model {
 public:
  virtual ~Model() = default;

  // Registry name, e.g. "rw_drift", "linear", "ets_damped".
  virtual std::string_view name() const = 0;
  // Smallest number of points for which fit() can return ok.
  virtual int min_points() const = 0;

  virtual FitResult fit(const ModelInput& in) = 0;

  // Mean forecast at future times t_future (each > last fitted t), working scale.
  virtual std::vector<double> point_forecast(std::span<const double> t_future) const = 0;

  // One simulated future path at t_future (working scale), written to out (same size).
  virtual void sample_path(std::span<const double> t_future, Rng& rng,
                           std::span<double> out) const = 0;

  // One-step-ahead in-sample residuals on the working scale (for diagnostics/validation).
  virtual std::vector<double> residuals() const = 0;

  // Fitted parameters as "name=value" text, e.g. "drift=0.0123 sigma=0.045".
  virtual std::string describe() const = 0;
};

}  // namespace utsikt
