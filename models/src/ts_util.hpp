// Helpers shared by the time-series model families (arima.cpp, theta.cpp). Internal header.
//
//  * YearGrid: maps (possibly irregular) observation times to a regular one-year grid, with
//    NaN at the years that were not observed, so state-space filters can skip their update.
//  * Laplace approximation of the parameter distribution: a numeric Hessian of the negative
//    log-likelihood on an unconstrained scale, turned into a covariance (eigenvalues floored so
//    that it is always positive definite) and a Cholesky factor for drawing.
//  * sigma^2 draws from the scaled inverse chi-square distribution.
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "utsikt/rng.hpp"

namespace utsikt::models {

struct YearGrid {
  double t0 = 0.0;        // time of grid point 0 (the first observation)
  std::vector<double> y;  // one value per year, NaN where not observed
  int n_obs = 0;          // observed (finite) values
  // Builds the grid; returns "" or why the times cannot be put on a yearly grid (two times
  // in the same year, or a span over max_span years).
  std::string build(std::span<const double> t, std::span<const double> values, int max_span = 5000);
  // Grid index of time t (rounded to the nearest year).
  double index_of(double t) const { return t - t0; }
};

// Central-difference Hessian of f at x with relative step h.
Eigen::MatrixXd numeric_hessian(const std::function<double(const Eigen::VectorXd&)>& f,
                                const Eigen::VectorXd& x, double h = 1e-4);

// Covariance = inverse of the Hessian of the negative log-likelihood, made positive definite:
// eigenvalues of the Hessian below min_curv are raised to min_curv (a flat direction gets
// variance 1/min_curv), returned as a lower Cholesky factor L (cov = L L^T). ok=false when the
// Hessian was not positive definite and had to be repaired.
struct LaplaceDraw {
  Eigen::VectorXd mean;
  Eigen::MatrixXd chol;  // lower triangular
  bool repaired = false;
  void init(const Eigen::VectorXd& mode, const Eigen::MatrixXd& hessian, double min_curv,
            double max_sd);
  Eigen::VectorXd draw(Rng& rng) const;
};

// sigma^2 ~ df * s2 / chi2(df) (scaled inverse chi-square); df > 0.
double draw_sigma2(double s2, double df, Rng& rng);

// Maps unconstrained r in R^k to the coefficients of a stationary AR polynomial
// 1 - phi_1 B - ... - phi_k B^k via partial autocorrelations tanh(r) (Durbin-Levinson),
// as R's arima transform.pars; the same map with a sign change gives invertible MA.
void pacf_to_ar(std::span<const double> raw, std::span<double> phi);

// Smallest modulus of the roots of 1 - c_1 z - ... - c_k z^k (2.0 if all c are ~0).
double min_root_modulus(std::span<const double> c);

}  // namespace utsikt::models
