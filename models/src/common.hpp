// Helpers shared by the model families (internal to models/).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "utsikt/rng.hpp"

namespace utsikt::models {

// Draws sigma^2 from its scaled inverse chi-square posterior
//   sigma^2 | data ~ (prior_df * prior_sigma^2 + sse) / chi2(prior_df + df_resid),
// i.e. a Scaled-Inv-chi^2(prior_df, prior_sigma^2) prior updated with the residual sum of squares
// sse on df_resid degrees of freedom (df_resid may be 0: prior only).
double draw_sigma2(Rng& rng, double prior_sigma, double prior_df, double sse, double df_resid);

// AICc = -2 loglik + 2k + 2k(k+1)/(n-k-1); +inf when n-k-1 <= 0 or loglik is not finite.
double aicc(double loglik, int k, int n);

// Gaussian log-likelihood at the MLE of the variance for residuals r_i with known relative
// variances v_i (sigma^2 * v_i), i.e. -0.5 * (n log(2 pi sigma2_hat) + sum log v_i + n) with
// sigma2_hat = max(sum r_i^2 / v_i / n, floor). sum_log_v and weighted_sse are given.
double concentrated_loglik(double weighted_sse, double sum_log_v, int n, double sigma2_floor);

// Checks t strictly increasing, same size as y; throws InternalError otherwise.
void check_input(std::span<const double> t, std::span<const double> y);

// Short fixed-format number for describe(): up to 6 significant digits.
std::string fmt(double x);

}  // namespace utsikt::models
