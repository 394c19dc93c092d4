// ETS(A,Ad,N): additive errors, additive damped trend, no season (Hyndman et al. 2008), fitted
// by maximum likelihood like R forecast's ets(y, model = "AAN", damped = TRUE).
//
//   forecast   f_t = l_{t-1} + phi b_{t-1}
//   error      e_t = y_t - f_t                       ~ N(0, sigma^2)
//   level      l_t = f_t + alpha e_t
//   trend      b_t = phi b_{t-1} + beta e_t
// Parameters alpha, beta, phi and the initial states l_0, b_0 are estimated; sigma^2 is
// concentrated out (sigma2_hat = SSE / n). Bounds as R's "usual" ones: 1e-4 <= alpha <= 0.9999,
// 1e-4 <= beta <= alpha, 0.8 <= phi <= 0.98.
//
// Gaps (missing years): the recursion runs on the yearly grid from the first to the last
// observation; in a missing year the state propagates (l = f, b = phi b) without update and
// without a likelihood term. The error of the next observed year is then an h-step error whose
// variance is sigma^2 * v_h, v_h = 1 + sum_{j=1}^{h-1} c_j^2, c_j = alpha + beta (phi + ... +
// phi^j) (Hyndman et al. 2008, ch. 6), and it enters the likelihood with that variance. Without
// gaps all v = 1 and the likelihood is exactly R's. (For alpha = 1, beta = 0 this reduces to the
// random walk's g * sigma^2 for a gap of g years.)
//
// Parameter uncertainty (sample_path): a Gaussian approximation N(theta_hat, H^-1) to the
// sampling distribution of theta = (alpha, beta, phi, l_0, b_0), H the numeric Hessian of the
// negative profile log-likelihood at the optimum, in the natural (bounded) coordinates; draws
// outside the bounds are set to the bound (for an optimum on a bound this is the usual
// asymptotic law of a boundary MLE: half the mass on the bound, half a half-normal inside,
// Self & Liang 1987; it keeps the median of each parameter at its estimate). Then sigma^2 from its
// scaled inverse chi-square posterior on n - 5 residual degrees of freedom, the states re-filtered
// through the data with the drawn parameters, and the future simulated with fresh errors.
#include "ets_damped.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlopt.hpp>

#include "common.hpp"
#include "families.hpp"
#include "utsikt/error.hpp"

namespace utsikt::models {
namespace {

constexpr double kAlphaLo = 1e-4, kAlphaHi = 0.9999;
constexpr double kPhiLo = 0.8, kPhiHi = 0.98;
constexpr int kMinPoints = 8;  // 6 parameters; AICc needs n - 7 >= 1

using Params = std::array<double, 5>;  // alpha, beta, phi, l0, b0

// The box of the optimised coordinates x = (alpha, u, phi, l0, b0) with beta = lo + u * (alpha -
// lo), which keeps lo <= beta <= alpha as a box constraint; and the start values of the states.
struct Box {
  std::vector<double> lo, hi;
  double l_start = 0.0, b_start = 0.0;
  double range = 0.0;  // of the data (at least a tiny multiple of its largest value)
};

Params to_params(const std::vector<double>& x) {
  return Params{x[0], kAlphaLo + x[1] * (x[0] - kAlphaLo), x[2], x[3], x[4]};
}

// The best point found by the optimiser, and whether any of its runs converged.
struct Optimum {
  std::vector<double> x;
  double f = std::numeric_limits<double>::infinity();
  bool any_converged = false;
  std::string last_problem;
};

struct FilterOut {
  double sse_w = 0.0;               // sum e^2 / v
  double sum_log_v = 0.0;           // sum log v
  double level = 0.0, trend = 0.0;  // state after the last grid year
  int n_obs = 0;
};

class EtsDamped final : public Model {
 public:
  std::string_view name() const override { return "ets_damped"; }
  int min_points() const override { return kMinPoints; }

  FitResult fit(const ModelInput& in) override;
  // Puts the data on the yearly grid; false (with message) if the steps are not whole years.
  bool set_grid(const ModelInput& in, std::string& message);
  // Sets fixed parameters and filters (used by ets_damped_evaluate).
  FilterOut set_params(const Params& p) {
    p_ = p;
    resid_.clear();
    const FilterOut fo = filter(p_, &resid_);
    sse_w_ = fo.sse_w;
    n_obs_ = fo.n_obs;
    level_ = fo.level;
    trend_ = fo.trend;
    return fo;
  }
  std::vector<double> point_forecast(std::span<const double> t_future) const override;
  void sample_path(std::span<const double> t_future, Rng& rng,
                   std::span<double> out) const override;
  std::vector<double> residuals() const override { return resid_; }
  std::string describe() const override {
    return "alpha=" + fmt(p_[0]) + " beta=" + fmt(p_[1]) + " phi=" + fmt(p_[2]) +
           " l0=" + fmt(p_[3]) + " b0=" + fmt(p_[4]) + " sigma=" + fmt(std::sqrt(sse_w_ / n_obs_));
  }

  // Negative concentrated log-likelihood without constants: n log(SSE_w) + sum log v, with
  // SSE_w floored like the reported likelihood (an exactly fitting series stays finite).
  double objective(const Params& p) const {
    const FilterOut f = filter(p, nullptr);
    const double v = f.n_obs * std::log(std::max(f.sse_w, f.n_obs * sigma2_floor_)) + f.sum_log_v;
    return std::isfinite(v) ? v : std::numeric_limits<double>::infinity();
  }

 private:
  // The stages of fit: the box and start values, the optimisation from several starts (y0: the
  // first observation), and the parameter uncertainty around the optimum (true when it had to
  // be regularised).
  Box start_box(const ModelInput& in) const;
  Optimum optimise(const Box& box, double y0) const;
  bool set_uncertainty(const std::vector<double>& best_x, const Box& box);
  // Numeric Hessian of 0.5 * objective at p_ over the free coordinates, in scaled coordinates.
  Eigen::MatrixXd scaled_hessian(const std::vector<int>& free_idx,
                                 const std::array<double, 5>& scale) const;
  FilterOut filter(const Params& p, std::vector<double>* resid) const;
  // Simulates from state (l, b) forward to t_future with parameters p and error sd s.
  void simulate(const Params& p, double l, double b, double s, std::span<const double> t_future,
                Rng* rng, std::span<double> out) const;

  std::vector<double> yg_;  // values on the yearly grid (NaN = missing)
  double t0_ = 0.0;         // year of grid position 0
  Params p_{};
  double sse_w_ = 0.0;
  int n_obs_ = 0;
  double level_ = 0.0, trend_ = 0.0;
  double prior_sigma_ = 0.05, prior_df_ = 2.0;
  double sigma2_floor_ = 0.0;
  Eigen::Matrix<double, 5, 5> chol_cov_ = Eigen::Matrix<double, 5, 5>::Zero();
  std::array<double, 5> lo_{}, hi_{};
  std::vector<double> resid_;
};

FilterOut EtsDamped::filter(const Params& p, std::vector<double>* resid) const {
  const double alpha = p[0], beta = p[1], phi = p[2];
  FilterOut o;
  double l = p[3], b = p[4];
  int since = 0;  // grid steps since the last observation (or the initial state)
  for (double y : yg_) {
    ++since;
    const double f = l + phi * b;
    if (std::isnan(y)) {
      l = f;
      b = phi * b;
      continue;
    }
    double v = 1.0, phisum = 0.0, phipow = 1.0;
    for (int j = 1; j < since; ++j) {
      phipow *= phi;
      phisum += phipow;
      const double c = alpha + beta * phisum;
      v += c * c;
    }
    const double e = y - f;
    o.sse_w += e * e / v;
    o.sum_log_v += std::log(v);
    ++o.n_obs;
    if (resid) resid->push_back(e);
    l = f + alpha * e;
    b = phi * b + beta * e;
    since = 0;
  }
  o.level = l;
  o.trend = b;
  return o;
}

bool EtsDamped::set_grid(const ModelInput& in, std::string& message) {
  t0_ = in.t.front();
  const double span = in.t.back() - in.t.front();
  for (double t : in.t)
    if (std::abs((t - t0_) - std::round(t - t0_)) > 1e-9) {
      message = "ets_damped needs whole-year time steps";
      return false;
    }
  yg_.assign(static_cast<std::size_t>(std::llround(span)) + 1,
             std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < in.y.size(); ++i)
    yg_[static_cast<std::size_t>(std::llround(in.t[i] - t0_))] = in.y[i];
  return true;
}

FitResult EtsDamped::fit(const ModelInput& in) {
  check_input(in.t, in.y);
  FitResult r;
  const int n = static_cast<int>(in.y.size());
  if (n < kMinPoints) {
    r.message = "ets_damped needs at least " + std::to_string(kMinPoints) + " points, got " +
                std::to_string(n);
    return r;
  }
  if (!set_grid(in, r.message)) return r;
  prior_sigma_ = in.prior_sigma;
  prior_df_ = in.prior_df;
  sigma2_floor_ = std::pow(1e-3 * prior_sigma_, 2);

  const Box box = start_box(in);
  const Optimum opt = optimise(box, in.y[0]);
  if (!std::isfinite(opt.f) || opt.f >= 1e299) {
    r.message = "ets_damped: the likelihood is not finite at any start value; model not used";
    return r;
  }
  if (!opt.any_converged) {
    r.converged = false;
    r.message = "ets_damped: the optimiser did not converge (" + opt.last_problem +
                "); the best parameters found are used";
  }
  const FilterOut fo = set_params(to_params(opt.x));
  r.ok = true;
  r.n_obs = n_obs_;
  r.n_params = 6;
  r.loglik = concentrated_loglik(sse_w_, fo.sum_log_v, n_obs_, sigma2_floor_);
  r.aicc = aicc(r.loglik, r.n_params, r.n_obs);

  if (set_uncertainty(opt.x, box))
    r.diagnostics.push_back(Diagnostic{
        Severity::info,
        "ets_hessian_regularised",
        "ets_damped: the likelihood is nearly flat (or not concave) in some parameter "
        "direction; the parameter uncertainty there is capped at a quarter of the parameter's "
        "range",
        {}});
  return r;
}

Box EtsDamped::start_box(const ModelInput& in) const {
  // Start values of the states as R's ets: least-squares line through the first (up to 10)
  // grid years' observations.
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int m = 0;
  for (std::size_t k = 0; k < yg_.size() && k < 10; ++k) {
    if (std::isnan(yg_[k])) continue;
    const double x = static_cast<double>(k) + 1.0;
    sx += x;
    sy += yg_[k];
    sxx += x * x;
    sxy += x * yg_[k];
    ++m;
  }
  Box box;
  box.b_start = (m * sxy - sx * sy) / (m * sxx - sx * sx);
  box.l_start = (sy - box.b_start * sx) / m;
  double ymin = in.y[0], ymax = in.y[0];
  for (double y : in.y) {
    ymin = std::min(ymin, y);
    ymax = std::max(ymax, y);
  }
  const double range = box.range = std::max(ymax - ymin, 1e-8 * (1.0 + std::abs(ymax)));
  box.lo = {kAlphaLo, 0.0, kPhiLo, ymin - 5 * range, -5 * range};
  box.hi = {kAlphaHi, 1.0, kPhiHi, ymax + 5 * range, 5 * range};
  return box;
}

Optimum EtsDamped::optimise(const Box& box, double y0) const {
  const std::vector<double>& xlo = box.lo;
  const std::vector<double>& xhi = box.hi;
  const double range = box.range, l_start = box.l_start, b_start = box.b_start;
  struct Ctx {
    const EtsDamped* self;
    int evals;
  };
  Ctx ctx{this, 0};
  auto fobj = [](const std::vector<double>& x, std::vector<double>&, void* data) -> double {
    auto* c = static_cast<Ctx*>(data);
    ++c->evals;
    const double v = c->self->objective(to_params(x));
    return std::isfinite(v) ? v : 1e300;
  };
  const std::vector<std::vector<double>> starts = {
      {0.2, 0.1, 0.978, l_start, b_start},  // R's defaults (beta = 0.1 * alpha)
      {0.5, 0.2, 0.9, l_start, b_start},
      {0.9, 0.5, 0.85, y0, b_start},
      {0.05, 0.0, 0.95, l_start, b_start},
  };
  Optimum best;
  best.x = starts[0];
  auto run = [&](std::vector<double> x, int maxeval) {
    nlopt::opt opt(nlopt::LN_BOBYQA, 5);
    opt.set_lower_bounds(xlo);
    opt.set_upper_bounds(xhi);
    opt.set_min_objective(fobj, &ctx);
    opt.set_xtol_rel(1e-10);
    opt.set_ftol_abs(1e-12);
    opt.set_maxeval(maxeval);
    opt.set_initial_step(std::vector<double>{0.05, 0.05, 0.02, 0.1 * range, 0.02 * range});
    for (int i = 0; i < 5; ++i) x[i] = std::clamp(x[i], xlo[i], xhi[i]);
    double f = std::numeric_limits<double>::infinity();
    try {
      const nlopt::result res = opt.optimize(x, f);
      if (res == nlopt::MAXEVAL_REACHED || res == nlopt::MAXTIME_REACHED)
        best.last_problem = "evaluation limit reached";
      else
        best.any_converged = true;
    } catch (const std::exception& e) {
      best.last_problem = e.what();
    }
    if (f < best.f) {
      best.f = f;
      best.x = x;
    }
  };
  for (const auto& s : starts) run(s, 3000);
  run(best.x, 3000);  // polish from the best start
  return best;
}

Eigen::MatrixXd EtsDamped::scaled_hessian(const std::vector<int>& free_idx,
                                          const std::array<double, 5>& scale) const {
  auto nll = [&](const Params& p) { return 0.5 * objective(p); };
  const double f0 = nll(p_);
  const int k = static_cast<int>(free_idx.size());
  Eigen::MatrixXd H(k, k);
  for (int a = 0; a < k; ++a) {
    for (int b = a; b < k; ++b) {
      const int i = free_idx[a], j = free_idx[b];
      const double hi = 1e-4 * scale[i], hj = 1e-4 * scale[j];
      double v;
      if (i == j) {
        Params pp = p_, pm = p_;
        pp[i] += hi;
        pm[i] -= hi;
        v = (nll(pp) - 2 * f0 + nll(pm)) / (hi * hi);
      } else {
        Params pp = p_, pm = p_, mp = p_, mm = p_;
        pp[i] += hi;
        pp[j] += hj;
        pm[i] += hi;
        pm[j] -= hj;
        mp[i] -= hi;
        mp[j] += hj;
        mm[i] -= hi;
        mm[j] -= hj;
        v = (nll(pp) - nll(pm) - nll(mp) + nll(mm)) / (4 * hi * hj);
      }
      H(a, b) = H(b, a) = v * scale[i] * scale[j];  // curvature in scaled coordinates
    }
  }
  return H;
}

bool EtsDamped::set_uncertainty(const std::vector<double>& best_x, const Box& box) {
  // Gaussian approximation of the parameters' sampling distribution: numeric Hessian of the
  // negative log-likelihood 0.5 * objective in the natural coordinates (central differences),
  // over the parameters that are not on a bound. A parameter on its bound is held there (its
  // uncertainty is not represented; see docs/methods.md).
  const std::vector<double>& xlo = box.lo;
  const std::vector<double>& xhi = box.hi;
  const double range = box.range;
  lo_ = {kAlphaLo, kAlphaLo, kPhiLo, xlo[3], xlo[4]};
  hi_ = {kAlphaHi, kAlphaHi, kPhiHi, xhi[3], xhi[4]};
  std::vector<int> free_idx;
  for (int i = 0; i < 5; ++i) {
    const double w = xhi[i] - xlo[i];
    if (best_x[i] - xlo[i] > 1e-6 * w && xhi[i] - best_x[i] > 1e-6 * w) free_idx.push_back(i);
  }
  // Scale of each coordinate: the width of its range for the smoothing parameters, the data
  // range for the initial states.
  std::array<double, 5> scale{kAlphaHi - kAlphaLo, kAlphaHi - kAlphaLo, kPhiHi - kPhiLo, range,
                              range};
  const int k = static_cast<int>(free_idx.size());
  Eigen::MatrixXd H = scaled_hessian(free_idx, scale);
  bool regularised = !H.allFinite();
  if (regularised) H.setIdentity(k, k);
  chol_cov_.setZero();
  if (k > 0) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(H);
    Eigen::VectorXd lam = es.eigenvalues();
    // A direction whose scaled curvature is below 16 would have a standard deviation above a
    // quarter of the parameter's range (or of the data range for the states): the data say
    // little about it; cap the uncertainty there and say so.
    for (int i = 0; i < k; ++i)
      if (!(lam(i) >= 16.0)) {
        lam(i) = 16.0;
        regularised = true;
      }
    const Eigen::MatrixXd cov_s =
        es.eigenvectors() * lam.cwiseInverse().asDiagonal() * es.eigenvectors().transpose();
    const Eigen::MatrixXd L = cov_s.llt().matrixL();
    for (int a = 0; a < k; ++a)
      for (int b = 0; b <= a; ++b)
        chol_cov_(free_idx[a], free_idx[b]) = L(a, b) * scale[free_idx[a]];
  }
  return regularised;
}

void EtsDamped::simulate(const Params& p, double l, double b, double s,
                         std::span<const double> t_future, Rng* rng, std::span<double> out) const {
  double t = t0_ + static_cast<double>(yg_.size()) - 1.0;
  for (std::size_t k = 0; k < t_future.size(); ++k) {
    const long steps = std::max(1L, std::lround(t_future[k] - t));
    double y = 0.0;
    for (long j = 0; j < steps; ++j) {
      const double f = l + p[2] * b;
      const double e = rng ? s * rng->normal() : 0.0;
      y = f + e;
      l = f + p[0] * e;
      b = p[2] * b + p[1] * e;
    }
    out[k] = y;
    t += static_cast<double>(steps);
  }
}

std::vector<double> EtsDamped::point_forecast(std::span<const double> t_future) const {
  std::vector<double> out(t_future.size());
  simulate(p_, level_, trend_, 0.0, t_future, nullptr, out);
  return out;
}

void EtsDamped::sample_path(std::span<const double> t_future, Rng& rng,
                            std::span<double> out) const {
  Eigen::Matrix<double, 5, 1> z;
  for (int i = 0; i < 5; ++i) z(i) = rng.normal();
  const Eigen::Matrix<double, 5, 1> dev = chol_cov_ * z;
  Params p;
  for (int i = 0; i < 5; ++i) p[i] = std::clamp(p_[i] + dev(i), lo_[i], hi_[i]);
  p[1] = std::min(p[1], p[0]);
  const FilterOut f = filter(p, nullptr);
  const double s2 = draw_sigma2(rng, prior_sigma_, prior_df_, sse_w_, n_obs_ - 5);
  simulate(p, f.level, f.trend, std::sqrt(s2), t_future, &rng, out);
}

}  // namespace

std::unique_ptr<Model> make_ets_damped() { return std::make_unique<EtsDamped>(); }

EtsEvaluation ets_damped_evaluate(const ModelInput& in, const std::array<double, 5>& params,
                                  int h) {
  check_input(in.t, in.y);
  EtsDamped m;
  std::string message;
  if (!m.set_grid(in, message)) throw InternalError(message);
  const FilterOut fo = m.set_params(params);
  EtsEvaluation e;
  e.loglik = concentrated_loglik(fo.sse_w, fo.sum_log_v, fo.n_obs, 0.0);
  std::vector<double> tf;
  for (int k = 1; k <= h; ++k) tf.push_back(in.t.back() + k);
  e.mean = m.point_forecast(tf);
  return e;
}

}  // namespace utsikt::models
