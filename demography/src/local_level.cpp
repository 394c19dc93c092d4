// The local level + AR(1) model of the net migration rate and of log TFR, with hyperparameters
// pooled across the regions of the files (docs/methods.md, "Pooled hyperparameters").
#include <algorithm>
#include <cmath>
#include <set>

#include "cohort_internal.hpp"

namespace utsikt::demography::internal {
namespace {

// Kalman filter of y_t = L_t + u_t, L_t = L_{t-1} + q e1, u_t = phi u_{t-1} + e2 with unit
// noise (e1, e2 ~ N(0, 1)); the noise scale sigma is concentrated out. The level is diffuse: the
// first value fixes L + u, with u from its stationary distribution.
struct UnitFilter {
  double q = 0.0, phi = 0.0;
  double aL = 0.0, aU = 0.0, pLL = 0.0, pLU = 0.0, pUU = 0.0;
  bool started = false;
  int year = 0;     // year of the state
  int n = 0;        // one-step errors so far
  double ss = 0.0;  // sum of v^2 / F
  double log_f = 0.0;

  void predict() {
    aU *= phi;
    pLL += q * q;
    pLU *= phi;
    pUU = phi * phi * pUU + 1.0;
    ++year;
  }
  // Updates with y (the state must be at y's year); returns v / sqrt(F), or NaN for the first.
  double update(double y) {
    if (!started) {
      const double v = 1.0 / (1.0 - phi * phi);
      aL = y;
      aU = 0.0;
      pLL = v;
      pLU = -v;
      pUU = v;
      started = true;
      return std::nan("");
    }
    const double v = y - aL - aU;
    const double f = std::max(pLL + 2.0 * pLU + pUU, 1e-12);
    const double kL = (pLL + pLU) / f, kU = (pLU + pUU) / f;
    aL += kL * v;
    aU += kU * v;
    const double nLL = pLL - kL * kL * f, nLU = pLU - kL * kU * f, nUU = pUU - kU * kU * f;
    pLL = nLL;
    pLU = nLU;
    pUU = nUU;
    ++n;
    ss += v * v / f;
    log_f += std::log(f);
    return v / std::sqrt(f);
  }
  // Runs through the values up to `to` (missing years predicted only) and predicts on to `to`;
  // the standardised one-step errors (unit noise) per year go to `errors`.
  void run(const YearSeries& y, int to, std::vector<std::pair<int, double>>* errors) {
    if (y.empty() || y.begin()->first > to) return;
    const int first = y.begin()->first;
    year = first;
    for (int t = first; t <= to; ++t) {
      if (t > first) predict();
      const auto it = y.find(t);
      if (it == y.end()) continue;
      const double z = update(it->second);
      if (errors && !std::isnan(z)) errors->push_back({t, z});
    }
  }
  double sigma2() const { return n > 0 ? ss / n : 0.0; }
  // Concentrated log-likelihood (without constants).
  double loglik() const {
    if (n == 0) return 0.0;
    return -0.5 * log_f - 0.5 * n * std::log(std::max(sigma2(), 1e-300));
  }
};

double pooled_loglik(const std::map<std::string, YearSeries>& panel, double q, double phi, int to) {
  double ll = 0.0;
  for (const auto& [name, y] : panel) {
    UnitFilter f{q, phi};
    f.run(y, to, nullptr);
    ll += f.loglik();
  }
  return ll;
}

// phi in [0, kMaxPhi] maximising the pooled likelihood for q: a grid, then golden section.
constexpr double kMaxPhi = 0.95;
double best_phi(const std::map<std::string, YearSeries>& panel, double q, int to, double& ll) {
  double best = 0.0;
  ll = -HUGE_VAL;
  for (int i = 0; i <= 19; ++i) {
    const double phi = kMaxPhi * i / 19.0;
    const double v = pooled_loglik(panel, q, phi, to);
    if (v > ll) {
      ll = v;
      best = phi;
    }
  }
  double lo = std::max(0.0, best - kMaxPhi / 19.0), hi = std::min(kMaxPhi, best + kMaxPhi / 19.0);
  for (int it = 0; it < 30; ++it) {
    const double m1 = lo + 0.381966 * (hi - lo), m2 = lo + 0.618034 * (hi - lo);
    if (pooled_loglik(panel, q, m1, to) >= pooled_loglik(panel, q, m2, to))
      hi = m2;
    else
      lo = m1;
  }
  const double phi = 0.5 * (lo + hi);
  const double v = pooled_loglik(panel, q, phi, to);
  if (v > ll) {
    ll = v;
    best = phi;
  }
  return best;
}

// Mean correlation of the standardised one-step errors between pairs of regions with 10 or
// more common years.
double mean_correlation(const std::map<std::string, YearSeries>& panel, double q, double phi,
                        int to) {
  std::vector<std::map<int, double>> errs;
  for (const auto& [name, y] : panel) {
    UnitFilter f{q, phi};
    std::vector<std::pair<int, double>> e;
    f.run(y, to, &e);
    errs.emplace_back(e.begin(), e.end());
  }
  double sum = 0.0;
  int pairs = 0;
  for (std::size_t i = 0; i < errs.size(); ++i) {
    for (std::size_t j = i + 1; j < errs.size(); ++j) {
      std::vector<std::pair<double, double>> xy;
      for (const auto& [t, a] : errs[i]) {
        const auto it = errs[j].find(t);
        if (it != errs[j].end()) xy.push_back({a, it->second});
      }
      if (xy.size() < 10) continue;
      double ma = 0.0, mb = 0.0;
      for (const auto& [a, b] : xy) {
        ma += a;
        mb += b;
      }
      ma /= static_cast<double>(xy.size());
      mb /= static_cast<double>(xy.size());
      double sab = 0.0, saa = 0.0, sbb = 0.0;
      for (const auto& [a, b] : xy) {
        sab += (a - ma) * (b - mb);
        saa += (a - ma) * (a - ma);
        sbb += (b - mb) * (b - mb);
      }
      if (saa > 0.0 && sbb > 0.0) {
        sum += sab / std::sqrt(saa * sbb);
        ++pairs;
      }
    }
  }
  return pairs ? sum / pairs : 0.0;
}

constexpr double kOutlier = 8.0;
// Region-years whose standardised one-step error exceeds kOutlier robust sd at (q, phi), found
// one at a time per region (the largest, then the filter again without it), so that the year
// after a jump (e.g. a border change) is not flagged because the filter followed the jump.
std::set<std::pair<std::string, int>> outliers(const std::map<std::string, YearSeries>& panel,
                                               double q, double phi, int to) {
  std::set<std::pair<std::string, int>> out;
  for (const auto& [name, series] : panel) {
    YearSeries y = series;
    for (int round = 0; round < 5; ++round) {
      UnitFilter f{q, phi};
      std::vector<std::pair<int, double>> e;
      f.run(y, to, &e);
      // Robust scale: 1.4826 times the median absolute error (an outlier inflates the sd).
      std::vector<double> a;
      for (const auto& [t, z] : e) a.push_back(std::abs(z));
      if (a.size() < 5) break;
      std::nth_element(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(a.size() / 2), a.end());
      const double s = 1.4826 * a[a.size() / 2];
      const auto worst = std::max_element(e.begin(), e.end(), [](const auto& l, const auto& r) {
        return std::abs(l.second) < std::abs(r.second);
      });
      if (!(s > 0.0) || std::abs(worst->second) / s <= kOutlier) break;
      out.insert({name, worst->first});
      y.erase(worst->first);
    }
  }
  return out;
}

}  // namespace

PooledLevel fit_pooled_level(std::map<std::string, YearSeries> panel, int to) {
  PooledLevel p;
  for (auto it = panel.begin(); it != panel.end();) {
    if (it->second.size() < 3)
      it = panel.erase(it);
    else
      ++it;
  }
  p.regions = static_cast<int>(panel.size());
  auto grid_fit = [&](std::vector<double>& ll) {
    p.grid.clear();
    ll.clear();
    for (int i = 0; i < kLevelGrid; ++i) {
      const double q = kMaxLevelRatio * i / (kLevelGrid - 1);
      double v = 0.0;
      const double phi = best_phi(panel, q, to, v);
      p.grid.push_back({q, phi, 0.0});
      ll.push_back(v);
    }
    return static_cast<std::size_t>(std::max_element(ll.begin(), ll.end()) - ll.begin());
  };
  std::vector<double> ll;
  if (panel.empty()) {
    p.grid.push_back({0.0, 0.0, 1.0});
    return p;
  }
  std::size_t best = grid_fit(ll);
  p.outliers = outliers(panel, p.grid[best].q, p.grid[best].phi, to);
  if (!p.outliers.empty()) {
    for (const auto& [name, t] : p.outliers) panel[name].erase(t);
    best = grid_fit(ll);
  }
  for (const auto& [name, y] : panel) {
    for (const auto& [t, v] : y) p.values += t <= to;
  }
  p.rho = p.regions > 1 ? mean_correlation(panel, p.grid[best].q, p.grid[best].phi, to) : 0.0;
  p.n_eff = p.regions / (1.0 + (p.regions - 1) * std::max(p.rho, 0.0));
  const double temper = p.n_eff / std::max(p.regions, 1);
  double sum = 0.0;
  for (std::size_t i = 0; i < ll.size(); ++i) {
    p.grid[i].weight = std::exp(temper * (ll[i] - ll[best]));
    sum += p.grid[i].weight;
  }
  for (auto& g : p.grid) g.weight /= sum;
  return p;
}

LevelModel condition_level(const PooledLevel& pooled, const std::string& region,
                           const YearSeries& own, int to) {
  LevelModel m;
  YearSeries y;
  for (const auto& [t, v] : own) {
    if (t <= to && !pooled.outliers.count({region, t})) y[t] = v;
  }
  for (const auto& g : pooled.grid) {
    UnitFilter f{g.q, g.phi};
    f.run(y, to, nullptr);
    LevelComponent c;
    c.weight = g.weight;
    c.q = g.q;
    c.phi = g.phi;
    c.n = f.n;
    const double s2 = f.sigma2();
    c.sigma = std::sqrt(s2);
    c.level = f.aL;
    c.ar = f.aU;
    // Cholesky of the state covariance (scaled by sigma^2); a nearly singular one (the level
    // and the AR part known only through their sum) is kept positive.
    const double vLL = std::max(f.pLL * s2, 0.0), vUU = std::max(f.pUU * s2, 0.0);
    c.c_ll = std::sqrt(vLL);
    c.c_ul = c.c_ll > 0.0 ? f.pLU * s2 / c.c_ll : 0.0;
    c.c_uu = std::sqrt(std::max(vUU - c.c_ul * c.c_ul, 0.0));
    m.mix.push_back(c);
  }
  m.pooled = pooled;
  m.last_year = y.empty() ? to : y.rbegin()->first;
  return m;
}

double LevelModel::central(int h) const {
  double v = 0.0;
  for (const auto& c : mix) v += c.weight * (c.level + std::pow(c.phi, h) * c.ar);
  return v;
}

double LevelModel::mean_q() const {
  double v = 0.0;
  for (const auto& c : mix) v += c.weight * c.q;
  return v;
}

}  // namespace utsikt::demography::internal
