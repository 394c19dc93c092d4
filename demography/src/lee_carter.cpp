// Lee-Carter mortality, log m(x,t) = a(x) + b(x) k(t), per sex (Lee & Carter 1992): a and b by
// SVD of the centred log rates, k refitted so that each year's deaths are met, k a random walk
// with drift.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "cohort_internal.hpp"
#include "utsikt/number.hpp"

namespace utsikt::demography::internal {
namespace {

// k with sum_x E(x) exp(a(x) + b(x) k) = sum_x D(x) (Lee & Carter's second stage), by Newton
// from k0; k0 itself if the iteration does not settle.
double refit_k(const Ages& a, const Ages& b, const Ages& e, const Ages& d, double k0) {
  double target = 0.0;
  for (int x = 0; x <= kMaxAge; ++x) target += d[ix(x)];
  if (target <= 0.0) return k0;
  double k = k0;
  for (int it = 0; it < 60; ++it) {
    double f = -target, df = 0.0;
    for (int x = 0; x <= kMaxAge; ++x) {
      const double v = e[ix(x)] * std::exp(a[ix(x)] + b[ix(x)] * k);
      f += v;
      df += b[ix(x)] * v;
    }
    if (!(df > 0.0)) return k0;
    const double step = f / df;
    k -= step;
    if (!std::isfinite(k)) return k0;
    if (std::abs(step) < 1e-12 * (1.0 + std::abs(k))) return k;
  }
  return k0;
}

void fit_one_sex(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& deaths,
                 const std::vector<int>& years, int s, LeeCarter& lc) {
  const int n = static_cast<int>(years.size());
  Eigen::MatrixXd z(kAges, n);
  std::vector<Ages> expo(ix(n)), dead(ix(n));
  for (int j = 0; j < n; ++j) {
    const int t = years[ix(j)];
    for (int x = 0; x <= kMaxAge; ++x) {
      const double e =
          std::max(1.0, 0.5 * (pop.at(t - 1).v[ix(s)][ix(x)] + pop.at(t).v[ix(s)][ix(x)]));
      const double d = deaths.at(t).v[ix(s)][ix(x)];
      expo[ix(j)][ix(x)] = e;
      dead[ix(j)][ix(x)] = d;
      z(x, j) = std::log((d > 0.0 ? d : 0.5) / e);  // no deaths: half a death (documented)
    }
  }
  Ages& a = lc.a[ix(s)];
  Ages& b = lc.b[ix(s)];
  for (int x = 0; x <= kMaxAge; ++x) {
    a[ix(x)] = z.row(x).mean();
    z.row(x).array() -= a[ix(x)];
  }
  std::vector<double> k(ix(n), 0.0);
  b.fill(0.0);
  if (n >= 3) {
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(z, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd u = svd.matrixU().col(0);
    const double sum = u.sum();
    if (std::abs(sum) > 1e-12) {
      for (int x = 0; x <= kMaxAge; ++x) b[ix(x)] = u(x) / sum;
      for (int j = 0; j < n; ++j) k[ix(j)] = svd.singularValues()(0) * svd.matrixV()(j, 0) * sum;
    }
  }
  for (int j = 0; j < n; ++j) {
    if (n >= 3) k[ix(j)] = refit_k(a, b, expo[ix(j)], dead[ix(j)], k[ix(j)]);
    lc.k[ix(s)][years[ix(j)]] = k[ix(j)];
  }
}

}  // namespace

LeeCarter fit_lee_carter(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& deaths,
                         const std::vector<int>& years, std::vector<Diagnostic>& diags) {
  LeeCarter lc;
  if (years.empty()) return lc;
  lc.first = years.front();
  lc.last = years.back();
  for (int s = 0; s < kSexes; ++s) fit_one_sex(pop, deaths, years, s, lc);
  // Random walk with drift: yearly changes over consecutive years.
  std::array<std::vector<double>, kSexes> dk;
  for (std::size_t j = 1; j < years.size(); ++j) {
    if (years[j] != years[j - 1] + 1) continue;
    for (int s = 0; s < kSexes; ++s) {
      dk[ix(s)].push_back(lc.k[ix(s)][years[j]] - lc.k[ix(s)][years[j - 1]]);
    }
  }
  const int m = static_cast<int>(dk[0].size());
  if (years.size() < 3 || m < 2) {
    diags.push_back({Severity::warning,
                     "mortality_short_history",
                     "Lee-Carter needs 3+ years of rates (" + std::to_string(years.size()) +
                         " given): mortality held at its last level, no trend",
                     {std::to_string(years.size())},
                     "no_trend"});
    return lc;
  }
  double cov = 0.0;
  std::array<double, kSexes> var{};
  for (int s = 0; s < kSexes; ++s) {
    double sum = 0.0;
    for (double v : dk[ix(s)]) sum += v;
    lc.drift[ix(s)] = sum / m;
  }
  for (int i = 0; i < m; ++i) {
    const double e0 = dk[0][ix(i)] - lc.drift[0], e1 = dk[1][ix(i)] - lc.drift[1];
    var[0] += e0 * e0;
    var[1] += e1 * e1;
    cov += e0 * e1;
  }
  lc.df = m - 1;
  for (int s = 0; s < kSexes; ++s) {
    lc.sigma[ix(s)] = std::sqrt(var[ix(s)] / lc.df);
    lc.drift_se[ix(s)] = lc.sigma[ix(s)] / std::sqrt(static_cast<double>(m));
  }
  lc.rho = var[0] > 0.0 && var[1] > 0.0 ? cov / std::sqrt(var[0] * var[1]) : 0.0;
  if (m < 10) {
    diags.push_back({Severity::warning,
                     "mortality_short_history",
                     "Lee-Carter drift from " + std::to_string(m) +
                         " yearly changes only: its uncertainty is large",
                     {std::to_string(m)},
                     "drift"});
  }
  return lc;
}

}  // namespace utsikt::demography::internal
