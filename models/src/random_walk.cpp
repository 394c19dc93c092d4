// Random walk without drift ("rw") and with drift ("rw_drift"), for irregularly spaced times.
//
// Model on the working scale: the increment over a gap of g years is
//   y(t_i) - y(t_{i-1}) ~ N(g_i * drift, g_i * sigma^2)         (drift = 0 for "rw").
// The drift is estimated by GLS (weights 1/g_i), which reduces to (y_n - y_1) / (t_n - t_1).
// Likelihood convention (comparable with linear and ETS, see docs/methods.md): the first
// observation is fitted exactly by a free initial level, so it adds a zero residual; all n
// observations are counted and the parameters are level (+ drift) + sigma^2.
//
// With a drift prior N(m0, tau^2) (ModelInput::prior_drift_mean/sd, e.g. learned from peer
// regions: docs/methods.md, "Priors learned from Swedish panels") the drift given sigma^2 has the
// conjugate normal posterior
//   precision = span / sigma^2 + 1 / tau^2,  mean = (drift_hat span / sigma^2 + m0 / tau^2) /
//   precision
// (span = t_n - t_1; with one point span = 0 and the drift is the prior's). Each path draws
// sigma^2 first, then the drift from this posterior, then the noise. With a drift-change sd
// omega (ModelInput::prior_drift_change_sd) the drift also moves during the forecast, by
// N(0, g omega^2) over a gap of g years (a local linear trend): a region's trend of the last
// years is not its trend for the next fifteen. With an own-noise weight w < 1
// (ModelInput::own_noise_weight) the residuals enter the noise posterior with weight w:
// sigma^2 ~ (prior_df prior_sigma^2 + w SSE) / chi2(prior_df + w df) (a power prior).
#include <algorithm>
#include <cmath>
#include <limits>

#include "common.hpp"
#include "families.hpp"

namespace utsikt::models {
namespace {

class RandomWalk final : public Model {
 public:
  explicit RandomWalk(bool drift) : drift_(drift) {}

  std::string_view name() const override { return drift_ ? "rw_drift" : "rw"; }
  int min_points() const override { return drift_ ? 2 : 1; }

  FitResult fit(const ModelInput& in) override {
    check_input(in.t, in.y);
    FitResult r;
    const int n = static_cast<int>(in.y.size());
    fitted_ = false;
    const bool drift_prior = drift_ && in.has_drift_prior();
    if (n < (drift_prior ? 1 : min_points())) {
      r.message = std::string(name()) + " needs at least " + std::to_string(min_points()) +
                  " points, got " + std::to_string(n);
      return r;
    }
    prior_sigma_ = in.prior_sigma;
    prior_df_ = in.prior_df;
    drift_prior_ = drift_prior;
    prior_drift_mean_ = in.prior_drift_mean;
    prior_drift_var_ = drift_prior ? in.prior_drift_sd * in.prior_drift_sd : 0.0;
    drift_change_sd_ = drift_ ? std::max(0.0, in.prior_drift_change_sd) : 0.0;
    own_w_ = std::clamp(in.own_noise_weight, 0.0, 1.0);
    t_last_ = in.t.back();
    y_last_ = in.y.back();
    const double span = in.t.back() - in.t.front();
    drift_hat_ = (drift_ && n >= 2) ? (in.y.back() - in.y.front()) / span : 0.0;
    sum_gap_ = span;
    resid_.clear();
    sse_ = 0.0;
    double sum_log_g = 0.0;
    for (int i = 1; i < n; ++i) {
      const double g = in.t[i] - in.t[i - 1];
      const double e = (in.y[i] - in.y[i - 1]) - g * drift_hat_;
      resid_.push_back(e);
      sse_ += e * e / g;
      sum_log_g += std::log(g);
    }
    df_resid_ = std::max(0, (n - 1) - (drift_ ? 1 : 0));
    fitted_ = true;

    r.ok = true;
    r.n_obs = n;
    r.n_params = drift_ ? 3 : 2;
    const double floor = std::pow(1e-3 * prior_sigma_, 2);
    r.loglik = concentrated_loglik(sse_, sum_log_g, n, floor);
    r.aicc = aicc(r.loglik, r.n_params, r.n_obs);
    if (df_resid_ == 0) {
      r.loglik = std::numeric_limits<double>::quiet_NaN();
      r.aicc = std::numeric_limits<double>::infinity();
      r.message = "no residual degrees of freedom: sigma from the prior only";
    }
    return r;
  }

  std::vector<double> point_forecast(std::span<const double> t_future) const override {
    std::vector<double> out;
    out.reserve(t_future.size());
    // At the posterior mean of sigma^2 (its prior mean when the data have no residual df).
    const double df = prior_df_ + own_w_ * df_resid_;
    const double s2 =
        (prior_df_ * prior_sigma_ * prior_sigma_ + own_w_ * sse_) / std::max(df, 1e-9);
    const double drift = posterior_drift(s2, 0.0);
    for (double tf : t_future) out.push_back(y_last_ + (tf - t_last_) * drift);
    return out;
  }

  // Drift on a path with noise variance s2: the estimate, or with a drift prior the conjugate
  // posterior; z is the standard normal draw (0 for the posterior mean).
  double posterior_drift(double s2, double z) const {
    if (!drift_) return 0.0;
    if (!drift_prior_) return drift_hat_ + std::sqrt(s2 / sum_gap_) * z;
    if (!(prior_drift_var_ > 0.0)) return prior_drift_mean_;  // tau = 0: the prior's drift
    const double prec = sum_gap_ / s2 + 1.0 / prior_drift_var_;
    const double mean = (drift_hat_ * sum_gap_ / s2 + prior_drift_mean_ / prior_drift_var_) / prec;
    return mean + z / std::sqrt(prec);
  }

  void sample_path(std::span<const double> t_future, Rng& rng,
                   std::span<double> out) const override {
    const double s2 = draw_sigma2(rng, prior_sigma_, prior_df_, own_w_ * sse_, own_w_ * df_resid_);
    double drift = 0.0;
    if (drift_) drift = posterior_drift(s2, rng.normal());
    double level = y_last_;
    double t_prev = t_last_;
    for (std::size_t h = 0; h < t_future.size(); ++h) {
      const double g = t_future[h] - t_prev;
      if (drift_change_sd_ > 0.0) {
        // The drift moves during the gap; the level takes its average over the gap.
        const double step = drift_change_sd_ * std::sqrt(g) * rng.normal();
        level += g * (drift + 0.5 * step) + std::sqrt(g * s2) * rng.normal();
        drift += step;
      } else {
        level += g * drift + std::sqrt(g * s2) * rng.normal();
      }
      out[h] = level;
      t_prev = t_future[h];
    }
  }

  std::vector<double> residuals() const override { return resid_; }

  std::string describe() const override {
    std::string s;
    if (drift_) s += "drift=" + fmt(drift_hat_) + " ";
    if (drift_prior_)
      s += "drift_prior=N(" + fmt(prior_drift_mean_) + "," + fmt(std::sqrt(prior_drift_var_)) +
           "^2) ";
    if (drift_change_sd_ > 0.0) s += "drift_change_sd=" + fmt(drift_change_sd_) + " ";
    if (own_w_ < 1.0) s += "own_noise_weight=" + fmt(own_w_) + " ";
    if (df_resid_ > 0)
      s += "sigma=" + fmt(std::sqrt(sse_ / df_resid_));
    else
      s += "sigma=prior(" + fmt(prior_sigma_) + ")";
    return s;
  }

 private:
  bool drift_;
  bool fitted_ = false;
  double prior_sigma_ = 0.05, prior_df_ = 2.0;
  double t_last_ = 0.0, y_last_ = 0.0;
  double drift_hat_ = 0.0, sum_gap_ = 1.0, sse_ = 0.0;
  bool drift_prior_ = false;
  double drift_change_sd_ = 0.0;
  double own_w_ = 1.0;
  double prior_drift_mean_ = 0.0, prior_drift_var_ = 0.0;
  int df_resid_ = 0;
  std::vector<double> resid_;
};

}  // namespace

std::unique_ptr<Model> make_rw() { return std::make_unique<RandomWalk>(false); }
std::unique_ptr<Model> make_rw_drift() { return std::make_unique<RandomWalk>(true); }

}  // namespace utsikt::models
