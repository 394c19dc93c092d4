// Working-scale transforms between observed values and model scale.
//   identity: w = y
//   log:      w = log(y - L)                      (L = lower bound, default 0; needs y > L)
//   logit:    w = log((y - L) / (U - y))          (needs L < y < U)
// Values exactly at a bound (a share of 0 % or 100 %) are moved inside by eps * (U - L) with
// eps = 1e-4 before the transform, and a diagnostic says so. Inverse transforms map every real
// w back strictly inside the bounds, so no path can leave them.
#pragma once

#include <vector>

#include "utsikt/indicator.hpp"

namespace utsikt {

struct Transform {
  Scale scale = Scale::identity;
  double lower = 0.0;    // used by log and logit
  double upper = 100.0;  // used by logit

  double forward(double y) const;
  double inverse(double w) const;
  // log |dw/dy| at y, for putting likelihoods of different scales on the original scale.
  double log_jacobian(double y) const;
};

}  // namespace utsikt
