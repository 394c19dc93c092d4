#include "utsikt/transform.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace utsikt {

double Transform::forward(double y) const {
  switch (scale) {
    case Scale::identity:
      return y;
    case Scale::log:
      return std::log(y - lower);
    case Scale::logit:
      return std::log((y - lower) / (upper - y));
  }
  return y;
}

double Transform::inverse(double w) const {
  switch (scale) {
    case Scale::identity:
      return w;
    case Scale::log: {
      // exp overflows to inf beyond ~709; clamp so paths stay finite.
      const double e = std::exp(std::min(w, 700.0));
      return lower + e;
    }
    case Scale::logit: {
      // Numerically stable logistic; the result stays strictly inside (lower, upper) as long
      // as it is representable.
      double p;
      if (w >= 0) {
        const double e = std::exp(-w);
        p = 1.0 / (1.0 + e);
      } else {
        const double e = std::exp(w);
        p = e / (1.0 + e);
      }
      return lower + (upper - lower) * p;
    }
  }
  return w;
}

double Transform::log_jacobian(double y) const {
  switch (scale) {
    case Scale::identity:
      return 0.0;
    case Scale::log:
      return -std::log(y - lower);
    case Scale::logit:
      return std::log(upper - lower) - std::log(y - lower) - std::log(upper - y);
  }
  return 0.0;
}

}  // namespace utsikt
