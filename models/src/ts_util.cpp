#include "ts_util.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace utsikt::models {

std::string YearGrid::build(std::span<const double> t, std::span<const double> values,
                            int max_span) {
  y.clear();
  n_obs = 0;
  if (t.empty()) return "no observations";
  t0 = t[0];
  const double span = std::round(t.back() - t0);
  if (!(span >= 0) || span > max_span)
    return "the observations span " + std::to_string(span) + " years, more than " +
           std::to_string(max_span);
  y.assign(static_cast<std::size_t>(span) + 1, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto k = static_cast<std::size_t>(std::llround(t[i] - t0));
    if (!std::isnan(y[k])) return "two observations fall in the same year";
    y[k] = values[i];
    ++n_obs;
  }
  return "";
}

Eigen::MatrixXd numeric_hessian(const std::function<double(const Eigen::VectorXd&)>& f,
                                const Eigen::VectorXd& x, double h) {
  const int k = static_cast<int>(x.size());
  Eigen::MatrixXd H(k, k);
  Eigen::VectorXd step(k);
  for (int i = 0; i < k; ++i) step[i] = h * std::max(1.0, std::abs(x[i]));
  const double f0 = f(x);
  for (int i = 0; i < k; ++i) {
    Eigen::VectorXd xp = x, xm = x;
    xp[i] += step[i];
    xm[i] -= step[i];
    H(i, i) = (f(xp) - 2 * f0 + f(xm)) / (step[i] * step[i]);
    for (int j = 0; j < i; ++j) {
      Eigen::VectorXd a = x, b = x, c = x, d = x;
      a[i] += step[i];
      a[j] += step[j];
      b[i] += step[i];
      b[j] -= step[j];
      c[i] -= step[i];
      c[j] += step[j];
      d[i] -= step[i];
      d[j] -= step[j];
      H(i, j) = H(j, i) = (f(a) - f(b) - f(c) + f(d)) / (4 * step[i] * step[j]);
    }
  }
  return H;
}

void LaplaceDraw::init(const Eigen::VectorXd& mode, const Eigen::MatrixXd& hessian, double min_curv,
                       double max_sd) {
  mean = mode;
  const int k = static_cast<int>(mode.size());
  repaired = false;
  if (k == 0) {
    chol.resize(0, 0);
    return;
  }
  Eigen::MatrixXd H = hessian;
  bool finite = H.allFinite();
  if (!finite) H = Eigen::MatrixXd::Identity(k, k) * min_curv;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(0.5 * (H + H.transpose()));
  Eigen::VectorXd ev = es.eigenvalues();
  const double floor_curv = std::max(min_curv, 1.0 / (max_sd * max_sd));
  for (int i = 0; i < k; ++i) {
    if (!(ev[i] >= floor_curv)) {
      if (!(ev[i] > 0)) repaired = true;
      ev[i] = floor_curv;
    }
  }
  if (!finite) repaired = true;
  const Eigen::MatrixXd cov =
      es.eigenvectors() * ev.cwiseInverse().asDiagonal() * es.eigenvectors().transpose();
  Eigen::LLT<Eigen::MatrixXd> llt(0.5 * (cov + cov.transpose()));
  chol = llt.matrixL();
}

Eigen::VectorXd LaplaceDraw::draw(Rng& rng) const {
  const int k = static_cast<int>(mean.size());
  Eigen::VectorXd z(k);
  for (int i = 0; i < k; ++i) z[i] = rng.normal();
  return mean + chol * z;
}

double draw_sigma2(double s2, double df, Rng& rng) { return df * s2 / rng.chi_square(df); }

void pacf_to_ar(std::span<const double> raw, std::span<double> phi) {
  const std::size_t k = raw.size();
  std::vector<double> work(k);
  for (std::size_t i = 0; i < k; ++i) phi[i] = work[i] = std::tanh(raw[i]);
  for (std::size_t j = 1; j < k; ++j) {
    const double a = phi[j];
    for (std::size_t i = 0; i < j; ++i) work[i] -= a * phi[j - i - 1];
    for (std::size_t i = 0; i < j; ++i) phi[i] = work[i];
  }
}

double min_root_modulus(std::span<const double> c) {
  int last = -1;
  for (int i = 0; i < static_cast<int>(c.size()); ++i)
    if (std::abs(c[i]) > 1e-8) last = i;
  if (last < 0) return 2.0;
  const int k = last + 1;
  // Roots of 1 - c1 z - ... - ck z^k = eigenvalues inverse of the companion matrix of
  // z^k - c1 z^{k-1} - ... - ck: roots of the original are 1 / eigenvalues.
  Eigen::MatrixXd C = Eigen::MatrixXd::Zero(k, k);
  for (int i = 0; i < k; ++i) C(0, i) = c[i];
  for (int i = 1; i < k; ++i) C(i, i - 1) = 1.0;
  Eigen::EigenSolver<Eigen::MatrixXd> es(C, false);
  double m = 2.0;
  for (int i = 0; i < k; ++i) {
    const double a = std::abs(es.eigenvalues()[i]);
    m = std::min(m, a > 0 ? 1.0 / a : 2.0);
  }
  return m;
}

}  // namespace utsikt::models
