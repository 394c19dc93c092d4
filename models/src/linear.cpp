// Linear trend by OLS: y_i = a + b * t_i + e_i, e_i ~ N(0, sigma^2) independent.
// Irregular times need nothing special. Time is centred at its mean so that the intercept and
// slope estimates are uncorrelated: (X'X)^-1 = diag(1/n, 1/S_tt).
// Parameter uncertainty (conjugate, as in Gelman et al., BDA ch. 14, with an informative
// scaled inverse chi-square prior on sigma^2):
//   sigma^2 ~ (nu0 s0^2 + SSE) / chi2(nu0 + n - 2),  (a, b) | sigma^2 ~ N(hat, sigma^2 (X'X)^-1).
#include <cmath>

#include "common.hpp"
#include "families.hpp"

namespace utsikt::models {
namespace {

class LinearTrend final : public Model {
 public:
  std::string_view name() const override { return "linear"; }
  int min_points() const override { return 3; }

  FitResult fit(const ModelInput& in) override {
    check_input(in.t, in.y);
    FitResult r;
    const int n = static_cast<int>(in.y.size());
    if (n < min_points()) {
      r.message = "linear needs at least 3 points, got " + std::to_string(n);
      return r;
    }
    prior_sigma_ = in.prior_sigma;
    prior_df_ = in.prior_df;
    t_mean_ = 0.0;
    double y_mean = 0.0;
    for (int i = 0; i < n; ++i) {
      t_mean_ += in.t[i];
      y_mean += in.y[i];
    }
    t_mean_ /= n;
    y_mean /= n;
    double stt = 0.0, sty = 0.0;
    for (int i = 0; i < n; ++i) {
      stt += (in.t[i] - t_mean_) * (in.t[i] - t_mean_);
      sty += (in.t[i] - t_mean_) * (in.y[i] - y_mean);
    }
    n_ = n;
    stt_ = stt;
    slope_ = sty / stt;
    level_ = y_mean;  // value of the trend at t_mean_
    resid_.assign(n, 0.0);
    sse_ = 0.0;
    for (int i = 0; i < n; ++i) {
      resid_[i] = in.y[i] - (level_ + slope_ * (in.t[i] - t_mean_));
      sse_ += resid_[i] * resid_[i];
    }
    df_resid_ = n - 2;
    r.ok = true;
    r.n_obs = n;
    r.n_params = 3;
    r.loglik = concentrated_loglik(sse_, 0.0, n, std::pow(1e-3 * prior_sigma_, 2));
    r.aicc = aicc(r.loglik, r.n_params, r.n_obs);
    return r;
  }

  std::vector<double> point_forecast(std::span<const double> t_future) const override {
    std::vector<double> out;
    out.reserve(t_future.size());
    for (double tf : t_future) out.push_back(level_ + slope_ * (tf - t_mean_));
    return out;
  }

  void sample_path(std::span<const double> t_future, Rng& rng,
                   std::span<double> out) const override {
    const double s2 = draw_sigma2(rng, prior_sigma_, prior_df_, sse_, df_resid_);
    const double s = std::sqrt(s2);
    const double a = level_ + s / std::sqrt(static_cast<double>(n_)) * rng.normal();
    const double b = slope_ + s / std::sqrt(stt_) * rng.normal();
    for (std::size_t h = 0; h < t_future.size(); ++h)
      out[h] = a + b * (t_future[h] - t_mean_) + s * rng.normal();
  }

  // For a regression the in-sample residuals are the natural "one-step" residuals.
  std::vector<double> residuals() const override { return resid_; }

  std::string describe() const override {
    // Intercept reported at t = 0 as lm(y ~ t) does, plus the slope and residual sd.
    return "intercept=" + fmt(level_ - slope_ * t_mean_) + " slope=" + fmt(slope_) +
           " sigma=" + fmt(std::sqrt(sse_ / df_resid_));
  }

 private:
  double prior_sigma_ = 0.05, prior_df_ = 2.0;
  int n_ = 0, df_resid_ = 0;
  double t_mean_ = 0.0, stt_ = 1.0, level_ = 0.0, slope_ = 0.0, sse_ = 0.0;
  std::vector<double> resid_;
};

}  // namespace

std::unique_ptr<Model> make_linear() { return std::make_unique<LinearTrend>(); }

}  // namespace utsikt::models
