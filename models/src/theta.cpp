#include "theta.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "families.hpp"

namespace utsikt::models {

namespace {

constexpr double kAlphaLo = 1e-4, kAlphaHi = 0.9999;
constexpr double kThetaMax = 100.0;

double logit(double a) { return std::log(a / (1 - a)); }
double inv_logit(double x) { return 1 / (1 + std::exp(-x)); }

struct SesResult {
  double sse = 0, level = 0, l0 = 0;
  int n = 0;
};

// SES on the grid with initial level l0; missing years keep the level.
SesResult ses_run(const std::vector<double>& y, double alpha, double l0,
                  std::vector<double>* errors = nullptr) {
  SesResult r;
  r.l0 = l0;
  double l = l0;
  for (double v : y) {
    if (std::isnan(v)) continue;
    const double e = v - l;
    r.sse += e * e;
    ++r.n;
    if (errors) errors->push_back(e);
    l += alpha * e;
  }
  r.level = l;
  return r;
}

// Least-squares initial level for a given alpha (the SSE is quadratic in l0).
SesResult ses_best_l0(const std::vector<double>& y, double alpha) {
  double l = 0, c = 1, sce = 0, scc = 0;
  for (double v : y) {
    if (std::isnan(v)) continue;
    const double e0 = v - l;  // error with l0 = 0
    sce += c * e0;
    scc += c * c;
    l += alpha * e0;
    c *= (1 - alpha);
  }
  return ses_run(y, alpha, scc > 0 ? sce / scc : 0.0);
}

// alpha and l0 minimising the SSE: grid over logit(alpha), then golden-section refinement.
SesResult ses_fit(const std::vector<double>& y, double& alpha) {
  const double lo = logit(kAlphaLo), hi = logit(kAlphaHi);
  const int n_grid = 40;
  double best_x = lo, best_sse = std::numeric_limits<double>::infinity();
  for (int i = 0; i <= n_grid; ++i) {
    const double x = lo + (hi - lo) * i / n_grid;
    const double s = ses_best_l0(y, inv_logit(x)).sse;
    if (s < best_sse) {
      best_sse = s;
      best_x = x;
    }
  }
  double a = std::max(lo, best_x - (hi - lo) / n_grid),
         b = std::min(hi, best_x + (hi - lo) / n_grid);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = ses_best_l0(y, inv_logit(c)).sse, fd = ses_best_l0(y, inv_logit(d)).sse;
  for (int it = 0; it < 60 && b - a > 1e-7; ++it) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = ses_best_l0(y, inv_logit(c)).sse;
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = ses_best_l0(y, inv_logit(d)).sse;
    }
  }
  double x = 0.5 * (a + b);
  if (ses_best_l0(y, inv_logit(x)).sse > best_sse) x = best_x;
  alpha = inv_logit(x);
  return ses_best_l0(y, alpha);
}

// Least-squares line y = A + B k over the observed grid points.
void ols_line(const std::vector<double>& y, double& A, double& B) {
  double sk = 0, sy = 0;
  int n = 0;
  for (std::size_t k = 0; k < y.size(); ++k)
    if (!std::isnan(y[k])) {
      sk += k;
      sy += y[k];
      ++n;
    }
  const double kb = sk / n, yb = sy / n;
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < y.size(); ++k)
    if (!std::isnan(y[k])) {
      sxx += (k - kb) * (k - kb);
      sxy += (k - kb) * (y[k] - yb);
    }
  B = sxx > 0 ? sxy / sxx : 0.0;
  A = yb - B * kb;
}

// Variance of the least-squares slope when y follows the SES model with noise variance s2:
// y_k - y_0 = sum_{s<=k} (e_s - (1-alpha) e_{s-1}).
double slope_variance(const std::vector<double>& y, double alpha, double s2) {
  const int K = static_cast<int>(y.size());
  double sk = 0;
  int n = 0;
  for (int k = 0; k < K; ++k)
    if (!std::isnan(y[k])) {
      sk += k;
      ++n;
    }
  const double kb = sk / n;
  double sxx = 0;
  for (int k = 0; k < K; ++k)
    if (!std::isnan(y[k])) sxx += (k - kb) * (k - kb);
  if (!(sxx > 0)) return 0.0;
  // W[s] = sum of weights of observations at k >= s, s = 0..K.
  std::vector<double> W(K + 1, 0.0);
  for (int s = K - 1; s >= 0; --s) W[s] = W[s + 1] + (std::isnan(y[s]) ? 0.0 : (s - kb) / sxx);
  double v = 0;
  for (int s = 0; s < K; ++s) {
    const double c = W[s] - (1 - alpha) * W[s + 1];
    v += c * c;
  }
  return v * s2;
}

std::vector<double> theta_line(const std::vector<double>& y, double theta, double A, double B) {
  std::vector<double> z(y.size());
  for (std::size_t k = 0; k < y.size(); ++k)
    z[k] = std::isnan(y[k]) ? y[k] : theta * y[k] + (1 - theta) * (A + B * k);
  return z;
}

}  // namespace

double ThetaModel::fit_theta_line() {
  // theta on a grid of log(theta), then golden-section refinement.
  auto sse_y = [&](double lt, double& a, SesResult& r) {
    const double th = std::exp(lt);
    r = ses_fit(theta_line(grid_y_, th, intercept_, slope_), a);
    return r.sse / (th * th);
  };
  const double lo = 0.0, hi = std::log(kThetaMax);
  const int n_grid = 24;
  double best_lt = 0, best = std::numeric_limits<double>::infinity(), a;
  SesResult r;
  for (int i = 0; i <= n_grid; ++i) {
    const double lt = lo + (hi - lo) * i / n_grid;
    const double s = sse_y(lt, a, r);
    if (s < best) {
      best = s;
      best_lt = lt;
    }
  }
  double A = std::max(lo, best_lt - (hi - lo) / n_grid),
         B = std::min(hi, best_lt + (hi - lo) / n_grid);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = B - g * (B - A), d = A + g * (B - A);
  double fc = sse_y(c, a, r), fd = sse_y(d, a, r);
  for (int it = 0; it < 40 && B - A > 1e-6; ++it) {
    if (fc < fd) {
      B = d;
      d = c;
      fd = fc;
      c = B - g * (B - A);
      fc = sse_y(c, a, r);
    } else {
      A = c;
      c = d;
      fc = fd;
      d = A + g * (B - A);
      fd = sse_y(d, a, r);
    }
  }
  double lt = 0.5 * (A + B);
  if (sse_y(lt, a, r) > best) lt = best_lt;
  const double sse = sse_y(lt, alpha_, r);
  theta_ = std::exp(lt);
  l0_ = r.l0;
  level_ = r.level;
  return sse;
}

void ThetaModel::set_residuals() {
  // Residuals of y (one-step errors): SES errors of Z divided by theta (theta = 1 for the
  // standard method, where Z is y itself).
  std::vector<double> e;
  const std::vector<double> z =
      optimised_ ? theta_line(grid_y_, theta_, intercept_, slope_) : grid_y_;
  ses_run(z, alpha_, l0_, &e);
  resid_.clear();
  for (double v : e) resid_.push_back(optimised_ ? v / theta_ : v);
}

void ThetaModel::set_laplace(int n, FitResult& fr) {
  // Laplace approximation of (logit alpha, l0[, log theta]) under the profile likelihood
  // n/2 log(SSE_y / n); l0 is scaled by the data scale for a well-conditioned Hessian.
  const double scale = std::sqrt(std::max(s2_, 1e-300));
  auto negll = [this, n, scale](const Eigen::VectorXd& u) {
    const double a = inv_logit(u[0]);
    double th = 1.0;
    std::vector<double> z;
    if (optimised_) {
      th = std::exp(std::max(0.0, u[2]));
      z = theta_line(grid_y_, th, intercept_, slope_);
    }
    const SesResult r = ses_run(optimised_ ? z : grid_y_, a, u[1] * scale);
    return 0.5 * n * std::log(std::max(r.sse / (th * th), 1e-300) / n);
  };
  Eigen::VectorXd mode(optimised_ ? 3 : 2);
  mode[0] = logit(std::clamp(alpha_, kAlphaLo, kAlphaHi));
  mode[1] = l0_ / scale;
  if (optimised_) mode[2] = std::log(theta_);
  const Eigen::MatrixXd H = numeric_hessian(negll, mode, 1e-4);
  lap_.init(mode, H, 1e-8, 2.0);
  if (lap_.repaired)
    fr.diagnostics.push_back({Severity::info,
                              "hessian_repaired",
                              std::string(name()) + ": the Hessian was not positive definite; "
                                                    "flat directions got a bounded variance.",
                              {std::string(name())}});
}

FitResult ThetaModel::fit(const ModelInput& in) {
  FitResult fr;
  if (in.t.size() != in.y.size()) throw InternalError("theta: t and y differ in size");
  for (std::size_t i = 1; i < in.t.size(); ++i)
    if (!(in.t[i] > in.t[i - 1])) throw InternalError("theta: times not increasing");
  if (static_cast<int>(in.y.size()) < min_points()) {
    fr.message =
        std::string(name()) + " needs at least " + std::to_string(min_points()) + " observations";
    return fr;
  }
  YearGrid grid;
  if (const std::string why = grid.build(in.t, in.y); !why.empty()) {
    fr.message = std::string(name()) + ": " + why;
    return fr;
  }
  grid_y_ = grid.y;
  t0_ = grid.t0;
  n_obs_ = grid.n_obs;
  const int n = n_obs_;
  ols_line(grid_y_, intercept_, slope_);
  double sse = 0;
  int n_par = 2;
  if (!optimised_) {
    theta_ = 2;
    const SesResult r = ses_fit(grid_y_, alpha_);
    l0_ = r.l0;
    level_ = r.level;
    sse = r.sse;
  } else {
    n_par = 3;
    sse = fit_theta_line();
  }
  set_residuals();
  df_ = n - n_par;
  s2_ = df_ > 0 ? sse / df_ : 0.0;
  {
    // An exact fit leaves round-off as the residual variance: treat it as zero (prior below).
    double m = 0, v = 0;
    for (double x : in.y) m += x;
    m /= n;
    for (double x : in.y) v += (x - m) * (x - m);
    v /= n;
    if (s2_ <= 1e-12 * std::max(v, m * m)) s2_ = 0.0;
  }
  if (df_ < 2 || !(s2_ > 0)) {
    const double d0 = std::max(df_, 0.0);
    s2_ = (d0 * s2_ + in.prior_df * in.prior_sigma * in.prior_sigma) / (d0 + in.prior_df);
    df_ = d0 + in.prior_df;
    fr.diagnostics.push_back({Severity::info,
                              "few_data_points",
                              std::string(name()) + ": noise variance combined with the prior "
                                                    "(too few residual degrees of freedom).",
                              {std::string(name())},
                              "model"});
  }
  slope_sd_ = std::sqrt(slope_variance(grid_y_, alpha_, s2_));
  set_laplace(n, fr);
  fr.ok = true;
  fr.n_obs = n;
  fr.n_params = n_par + 1;
  fr.loglik = -0.5 * n * (std::log(2 * M_PI * sse / n) + 1);
  const double denom = n - fr.n_params - 1;
  fr.aicc = denom > 0
                ? -2 * fr.loglik + 2 * fr.n_params + 2.0 * fr.n_params * (fr.n_params + 1) / denom
                : std::numeric_limits<double>::infinity();
  return fr;
}

double ThetaModel::mean_at(const Draw& p, int h, double grid_index) const {
  if (!optimised_)
    return p.level + p.slope / 2 * ((h - 1) + (1 - std::pow(1 - p.alpha, n_obs_)) / p.alpha);
  return (1 - 1 / p.theta) * (p.intercept + p.slope * grid_index) + p.level / p.theta;
}

ThetaModel::Draw ThetaModel::draw_params(Rng& rng) const {
  Draw d;
  const Eigen::VectorXd u = lap_.draw(rng);
  const double scale = std::sqrt(std::max(s2_, 1e-300));
  d.alpha = std::clamp(inv_logit(u[0]), kAlphaLo, kAlphaHi);
  d.slope = slope_ + slope_sd_ * rng.normal();
  // The line keeps passing through the centre of the observed data.
  double sk = 0, sy = 0;
  int n = 0;
  for (std::size_t k = 0; k < grid_y_.size(); ++k)
    if (!std::isnan(grid_y_[k])) {
      sk += k;
      sy += grid_y_[k];
      ++n;
    }
  d.intercept = sy / n - d.slope * (sk / n);
  d.theta = optimised_ ? std::exp(std::max(0.0, u[2])) : 2.0;
  const std::vector<double> z =
      optimised_ ? theta_line(grid_y_, d.theta, d.intercept, d.slope) : grid_y_;
  d.level = ses_run(z, d.alpha, u[1] * scale).level;
  return d;
}

std::vector<double> ThetaModel::point_forecast(std::span<const double> t_future) const {
  const Draw p{alpha_, level_, theta_, slope_, intercept_};
  const int last = static_cast<int>(grid_y_.size()) - 1;
  std::vector<double> out(t_future.size());
  for (std::size_t i = 0; i < t_future.size(); ++i) {
    const long g = std::lround(t_future[i] - t0_);
    if (g <= last) throw InternalError("theta: forecast time not after the last observation");
    out[i] = mean_at(p, static_cast<int>(g - last), static_cast<double>(g));
  }
  return out;
}

void ThetaModel::sample_path(std::span<const double> t_future, Rng& rng,
                             std::span<double> out) const {
  const Draw p = draw_params(rng);
  const double sigma = std::sqrt(draw_sigma2(s2_, df_, rng));
  const int last = static_cast<int>(grid_y_.size()) - 1;
  int g = last;
  double cum = 0, e = 0;  // SES forecast error: e_{T+h} + alpha * sum_{j<h} e_{T+j}
  for (std::size_t i = 0; i < t_future.size(); ++i) {
    const long target = std::lround(t_future[i] - t0_);
    if (target <= last) throw InternalError("theta: forecast time not after the last observation");
    while (g < target) {
      cum += p.alpha * e;
      e = sigma * rng.normal();
      ++g;
    }
    out[i] = mean_at(p, static_cast<int>(g - last), static_cast<double>(g)) + cum + e;
  }
}

std::string ThetaModel::describe() const {
  std::ostringstream s;
  s << name() << ": alpha=" << alpha_ << " level=" << level_;
  if (optimised_)
    s << " theta=" << theta_ << " line=" << intercept_ << "+" << slope_ << "*t";
  else
    s << " drift=" << slope_ / 2;
  s << " sigma=" << std::sqrt(s2_);
  return s.str();
}

std::unique_ptr<Model> make_theta() { return std::make_unique<ThetaModel>(false); }
std::unique_ptr<Model> make_theta_opt() { return std::make_unique<ThetaModel>(true); }

}  // namespace utsikt::models
