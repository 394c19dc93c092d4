// Internal access to the ETS(A,Ad,N) recursion at fixed parameters, for reference tests against
// R (tests/reference/models_reference.R evaluates R's own recursion at the same parameters).
#pragma once

#include <array>
#include <vector>

#include "utsikt/model.hpp"

namespace utsikt::models {

struct EtsEvaluation {
  double loglik = 0.0;       // full Gaussian log-likelihood at sigma2_hat = SSE / n
  std::vector<double> mean;  // 1..h step mean forecasts
};

// Filters (in.t, in.y) with fixed (alpha, beta, phi, l0, b0), no optimisation.
EtsEvaluation ets_damped_evaluate(const ModelInput& in, const std::array<double, 5>& params, int h);

}  // namespace utsikt::models
