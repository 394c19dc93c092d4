// The Theta method (Assimakopoulos & Nikolopoulos 2000) in two variants. Internal header.
//
// theta (as R's forecast::thetaf, Hyndman & Billah 2003): simple exponential smoothing (SES,
// ETS(A,N,N): alpha in [1e-4, 0.9999] and the initial level l0 estimated by least squares, as
// forecast::ses) plus a drift of half the least-squares slope b of the series on time:
//     yhat(T+h) = l_T + b/2 * ((h-1) + (1 - (1-alpha)^n) / alpha)
//     var(T+h)  = sigma^2 (1 + (h-1) alpha^2),  sigma^2 = SSE / (n-2)
//
// theta_opt (the static Optimised Theta Method, OTM, of Fiorucci, Pellegrini, Louzada,
// Petropoulos & Koehler 2016, IJF 32:1151-1161): with the least-squares line L_t = A + B t,
// the theta line Z_t(theta) = theta y_t + (1-theta) L_t is extrapolated by SES and combined:
//     yhat(T+h) = (1 - 1/theta) L_{T+h} + (1/theta) lZ_T
// theta >= 1, alpha and l0 minimise the in-sample one-step mean squared error of y, which is
// SSE_Z / theta^2 (theta = 1 is SES, theta -> infinity the linear trend, theta = 2 the classic
// method). The one-step error of y is the SES error of Z divided by theta, so
//     var(T+h) = sigma^2 (1 + (h-1) alpha^2),  sigma^2 = SSE_y / (n-3).
//
// Missing years inside the series: SES skips the update (the level carries over), the line is
// fitted to the observed points.
//
// Parameter uncertainty in sample_path: (logit alpha, l0[, log theta]) from the Laplace
// approximation of the profile likelihood (numeric Hessian), the level re-filtered with the
// drawn parameters; the slope from N(b, v) where v is the variance of the least-squares slope
// under the fitted SES model (y a random walk with MA(1) increments e_t - (1-alpha) e_{t-1}),
// not the i.i.d. least-squares formula, which understates it badly for trending series;
// sigma^2 from the scaled inverse chi-square with the residual degrees of freedom.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ts_util.hpp"
#include "utsikt/model.hpp"

namespace utsikt::models {

class ThetaModel final : public Model {
 public:
  explicit ThetaModel(bool optimised) : optimised_(optimised) {}

  std::string_view name() const override { return optimised_ ? "theta_opt" : "theta"; }
  int min_points() const override { return optimised_ ? 4 : 3; }
  FitResult fit(const ModelInput& in) override;
  std::vector<double> point_forecast(std::span<const double> t_future) const override;
  void sample_path(std::span<const double> t_future, Rng& rng,
                   std::span<double> out) const override;
  std::vector<double> residuals() const override { return resid_; }
  std::string describe() const override;

  double alpha() const { return alpha_; }
  double theta() const { return theta_; }
  double sigma2() const { return s2_; }
  double level() const { return level_; }
  double drift() const { return slope_ / 2; }  // theta: the drift added to SES per year

 private:
  struct Draw {
    double alpha, level, theta, slope, intercept;
  };
  Draw draw_params(Rng& rng) const;
  // Stages of fit: SES on the theta line with theta optimised (returns the SSE of y), the
  // one-step residuals of y, and the Laplace approximation of the parameters (n observations).
  double fit_theta_line();
  void set_residuals();
  void set_laplace(int n, FitResult& fr);
  double mean_at(const Draw& p, int h, double grid_index) const;

  bool optimised_;
  std::vector<double> grid_y_;  // data on the yearly grid (NaN = missing)
  double t0_ = 0;
  int n_obs_ = 0;
  double alpha_ = 0.5, l0_ = 0, level_ = 0, theta_ = 2;
  double slope_ = 0, intercept_ = 0, slope_sd_ = 0;  // least-squares line on the grid index
  double s2_ = 0, df_ = 1;
  LaplaceDraw lap_;
  std::vector<double> resid_;
};

std::unique_ptr<Model> make_theta();
std::unique_ptr<Model> make_theta_opt();

}  // namespace utsikt::models
