// Priors for short series: class defaults and the empirical Bayes prior from peers
// (utsikt/engine/priors.hpp; docs/methods.md, "Priors learned from Swedish panels", "Peers").
#include "utsikt/engine/priors.hpp"

#include <algorithm>
#include <array>
#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>
#include <cstdio>
#include <limits>

namespace utsikt {
namespace {

struct ClassRow {
  PriorClass cls;
  const char* name;
  ShortPrior prior;
};

// Class defaults. m3: the former general default (Scaled-Inv-chi^2 fitted to the 645 M3 yearly
// series, tests/reference/prior_m3.R, no drift prior). The others: bench/sweden_priors.py on
// shared/data/sweden, numbers as in bench/sweden_priors.csv (a test checks that the two agree).
// own_weight: the weight of the series' own residuals in the noise posterior (power prior),
// from how well a window's residual variance predicts the next window's in the same panel.
ShortPrior row(Scale sc, double sigma, double df, double m0, double tau, double omega,
               double own_weight, const char* source) {
  ShortPrior p;
  p.own_weight = own_weight;
  p.drift_change_sd = omega;
  p.scale = sc;
  p.sigma = sigma;
  p.df = df;
  p.drift_mean = m0;
  p.drift_sd = tau;
  p.source = source;
  return p;
}

const std::array<ClassRow, 6>& class_table() {
  static const std::array<ClassRow, 6> t = {{
      {PriorClass::m3, "m3",
       row(Scale::log, 0.0518, 1.21, 0.0, 1e308, 0.0, 1.0, "class 'm3' (645 M3 yearly series)")},
      {PriorClass::population, "population",
       row(Scale::log, 0.00686, 71.4, 0.00213, 0.00368, 0.0, 1.0,
           "class 'population' (21 Swedish counties, 1968-2015)")},
      {PriorClass::flow, "flow",
       row(Scale::log, 0.0301, 2.20, 0.00125, 0.0, 0.0, 0.51,
           "class 'flow' (births and deaths in 21 Swedish counties, 1968-2015)")},
      {PriorClass::emissions, "emissions",
       row(Scale::log, 0.0507, 3.79, -0.0153, 0.0, 0.0, 0.68,
           "class 'emissions' (greenhouse gases of 21 Swedish counties by sector, 1990-2024)")},
      {PriorClass::share, "share",
       row(Scale::logit, 0.00863, 4.66, 0.00389, 0.0106, 0.0, 0.06,
           "class 'share' (sex and age shares of 21 Swedish counties, 1968-2015)")},
      {PriorClass::rate, "rate",
       row(Scale::log, 0.0319, 2.40, -0.00069, 0.0, 0.0, 0.45,
           "class 'rate' (births and deaths per 1 000 in 21 Swedish counties, 1968-2015)")},
  }};
  return t;
}

// Log-likelihood of the peers' residual variances s2[j] (df[j] degrees of freedom) under
// sigma_j^2 ~ Scaled-Inv-chi^2(nu0, s0^2): s2 / s0^2 ~ F(df, nu0).
double marginal_loglik(const std::vector<double>& s2, const std::vector<double>& df,
                       double log_s0sq, double nu0) {
  const double s0sq = std::exp(log_s0sq);
  double ll = 0.0;
  for (std::size_t j = 0; j < s2.size(); ++j) {
    const boost::math::fisher_f_distribution<double> f(df[j], nu0);
    const double d = boost::math::pdf(f, s2[j] / s0sq);
    if (!(d > 0.0) || !std::isfinite(d)) return -std::numeric_limits<double>::infinity();
    ll += std::log(d) - log_s0sq;
  }
  return ll;
}

// Maximum over log s0^2 in [a, b] by golden-section search (the likelihood is unimodal in it).
double best_log_s0sq(const std::vector<double>& s2, const std::vector<double>& df, double nu0,
                     double a, double b, double* best_ll) {
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = marginal_loglik(s2, df, c, nu0), fd = marginal_loglik(s2, df, d, nu0);
  for (int it = 0; it < 80 && b - a > 1e-7; ++it) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = marginal_loglik(s2, df, c, nu0);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = marginal_loglik(s2, df, d, nu0);
    }
  }
  const double x = 0.5 * (a + b);
  *best_ll = marginal_loglik(s2, df, x, nu0);
  return x;
}

// Noise prior (s0^2, nu0) of the peers' residual variances s2 (df degrees of freedom each):
// profile likelihood over a log grid of nu0 (0.5 .. 2000), golden section in log s0^2.
void fit_noise_prior(std::vector<double> s2, const std::vector<double>& df, double* s0sq,
                     double* nu0) {
  std::vector<double> sorted = s2;
  std::sort(sorted.begin(), sorted.end());
  const double med = sorted[sorted.size() / 2];
  const double floor = std::max(med, 1e-300) * 1e-8;
  for (double& v : s2) v = std::max(v, floor);
  const double lo = std::log(*std::min_element(s2.begin(), s2.end())) - 3.0;
  const double hi = std::log(*std::max_element(s2.begin(), s2.end())) + 3.0;
  double best_ll = -std::numeric_limits<double>::infinity(), best_nu = 1.0, best_ls = std::log(med);
  for (int i = 0; i <= 48; ++i) {
    const double nu = 0.5 * std::pow(2000.0 / 0.5, i / 48.0);  // 0.5 .. 2000, log-spaced
    double ll = 0.0;
    const double ls = best_log_s0sq(s2, df, nu, lo, hi, &ll);
    if (ll > best_ll) {
      best_ll = ll;
      best_nu = nu;
      best_ls = ls;
    }
  }
  *s0sq = std::exp(best_ls);
  *nu0 = best_nu;
}

std::string fmt(double x, const char* f) {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

}  // namespace

std::string_view to_string(PriorClass c) {
  for (const auto& r : class_table())
    if (r.cls == c) return r.name;
  return "m3";
}

std::optional<PriorClass> prior_class_from_string(std::string_view name) {
  for (const auto& r : class_table())
    if (name == r.name) return r.cls;
  return std::nullopt;
}

std::vector<std::string> prior_class_names() {
  std::vector<std::string> v;
  for (const auto& r : class_table()) v.emplace_back(r.name);
  return v;
}

PriorClass default_prior_class(IndicatorKind kind) {
  switch (kind) {
    case IndicatorKind::stock:
      return PriorClass::population;
    case IndicatorKind::flow:
      return PriorClass::flow;
    case IndicatorKind::share:
      return PriorClass::share;
    case IndicatorKind::rate:
      return PriorClass::rate;
    case IndicatorKind::index:
      break;
  }
  return PriorClass::m3;
}

ShortPrior class_prior(PriorClass c) {
  for (const auto& r : class_table())
    if (r.cls == c) return r.prior;
  return class_table()[0].prior;
}

std::optional<ShortPrior> pooled_prior(const std::vector<PeerSeries>& peers, int origin,
                                       Scale scale, const ShortPrior& fallback) {
  std::vector<double> mu, span;      // every peer with >= 2 values
  std::vector<double> s2, df;        // peers with >= kMinPeerValuesForNoise values
  std::vector<double> dd, s_a, s_b;  // peers with >= 6 values: drift change between halves
  for (const PeerSeries& p : peers) {
    std::vector<double> t, w;
    for (std::size_t i = 0; i < p.t.size() && i < p.w.size(); ++i) {
      if (p.t[i] > origin || p.t[i] < origin - kPeerWindowYears) continue;
      if (!std::isfinite(p.w[i])) continue;
      if (!t.empty() && p.t[i] <= t.back()) continue;
      t.push_back(p.t[i]);
      w.push_back(p.w[i]);
    }
    const std::size_t m = t.size();
    // Only peers with a history (kMinPeerValuesForNoise values in the window): the values of
    // peers printed for the same few years as the series show how regions differed in that
    // period, not how much a region varies or how its drift changes (docs/methods.md, "Peers").
    if (m < static_cast<std::size_t>(kMinPeerValuesForNoise)) continue;
    const double sp = t.back() - t.front();
    const double drift = (w.back() - w.front()) / sp;
    mu.push_back(drift);
    span.push_back(sp);
    if (m >= kMinPeerValuesForNoise) {
      double sse = 0.0;
      for (std::size_t i = 1; i < m; ++i) {
        const double g = t[i] - t[i - 1];
        const double e = (w[i] - w[i - 1]) - g * drift;
        sse += e * e / g;
      }
      s2.push_back(sse / static_cast<double>(m - 2));
      df.push_back(static_cast<double>(m - 2));
    }
    if (m >= 6) {
      const std::size_t h = (m - 1) / 2;  // the halves share the middle value
      const double a = t[h] - t[0], b = t[m - 1] - t[h];
      dd.push_back((w[m - 1] - w[h]) / b - (w[h] - w[0]) / a);
      s_a.push_back(a);
      s_b.push_back(b);
    }
  }
  const int k = static_cast<int>(mu.size());
  if (k < kMinPeers) return std::nullopt;

  // Convert the fallback's noise scale if it is on another scale (only the m3/log defaults
  // differ; the caller passes the class default of the series' own scale otherwise).
  ShortPrior p = fallback;
  p.scale = scale;
  const int k_var = static_cast<int>(s2.size());
  if (k_var >= kMinPeers) {
    double s0sq_hat = 0.0, nu_hat = 0.0;
    fit_noise_prior(s2, df, &s0sq_hat, &nu_hat);
    p.sigma = std::sqrt(s0sq_hat);
    p.df = nu_hat;
  }
  const double s0sq = p.sigma * p.sigma;

  // Drift prior (m0, tau^2): random effects with sampling variances s0^2 / span_j.
  double sw = 0.0, sw2 = 0.0, swm = 0.0;
  for (int j = 0; j < k; ++j) {
    const double wj = span[j] / s0sq;
    sw += wj;
    sw2 += wj * wj;
    swm += wj * mu[j];
  }
  const double m_fixed = swm / sw;
  double q = 0.0;
  for (int j = 0; j < k; ++j) q += span[j] / s0sq * (mu[j] - m_fixed) * (mu[j] - m_fixed);
  const double tau2 = std::max(0.0, (q - (k - 1)) / (sw - sw2 / sw));
  double sw_re = 0.0, swm_re = 0.0;
  for (int j = 0; j < k; ++j) {
    const double wj = 1.0 / (s0sq / span[j] + tau2);
    sw_re += wj;
    swm_re += wj * mu[j];
  }
  p.drift_mean = swm_re / sw_re;
  // A drift prior never narrower than the uncertainty of its own mean.
  p.drift_sd = std::sqrt(tau2 + 1.0 / sw_re);

  // Drift change omega^2: Var(d_b - d_a) = s0^2 (1/a + 1/b) + omega^2 (a + b) / 3 for adjacent
  // spans a, b of a local linear trend (the mean of the differences is kept: a change common to
  // all peers is a change the series can have too).
  const int k_change = static_cast<int>(dd.size());
  if (k_change >= kMinPeers) {
    double num = 0.0, den = 0.0;
    for (int j = 0; j < k_change; ++j) {
      num += dd[j] * dd[j] - s0sq * (1.0 / s_a[j] + 1.0 / s_b[j]);
      den += (s_a[j] + s_b[j]) / 3.0;
    }
    p.drift_change_sd = std::sqrt(std::max(0.0, num / den));
  }
  p.n_peers = k;
  p.source = std::to_string(k) + " peers (values " + std::to_string(origin - kPeerWindowYears) +
             "-" + std::to_string(origin) + "; noise sd " + fmt(p.sigma, "%.3g") +
             (k_var >= kMinPeers ? ", df " + fmt(p.df, "%.3g") : " and df from the class default") +
             ", drift " + fmt(p.drift_mean, "%.3g") + " +- " + fmt(p.drift_sd, "%.3g") +
             ", drift change " + fmt(p.drift_change_sd, "%.3g") +
             (k_change >= kMinPeers ? "" : " from the class default") + " a year on the " +
             std::string(to_string(scale)) + " scale)";
  return p;
}

}  // namespace utsikt
