// Rates and residual net migration from the age data; the AR(1) fit.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "cohort_internal.hpp"

namespace utsikt::demography::internal {

bool death_rates(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& deaths, int year,
                 AgeSex& m) {
  const auto p0 = pop.find(year - 1), p1 = pop.find(year);
  const auto d = deaths.find(year);
  if (p0 == pop.end() || p1 == pop.end() || d == deaths.end()) return false;
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) {
      const double e = 0.5 * (p0->second.v[ix(s)][ix(x)] + p1->second.v[ix(s)][ix(x)]);
      m.v[ix(s)][ix(x)] = e > 0.0 ? d->second.v[ix(s)][ix(x)] / e : 0.0;
    }
  }
  return true;
}

bool fertility_rates(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& births,
                     int year, Ages& f) {
  const auto p0 = pop.find(year - 1), p1 = pop.find(year);
  const auto b = births.find(year);
  if (p0 == pop.end() || p1 == pop.end() || b == births.end()) return false;
  f.fill(0.0);
  for (int x = 15; x <= 49; ++x) {
    const double e = 0.5 * (p0->second.v[0][ix(x)] + p1->second.v[0][ix(x)]);
    const double n = b->second.v[0][ix(x)] + b->second.v[1][ix(x)];
    f[ix(x)] = e > 0.0 ? n / e : 0.0;
  }
  return true;
}

bool residual_migration(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& deaths,
                        const std::map<int, AgeSex>& births, int year, AgeSex& mig) {
  AgeSex m;
  if (!death_rates(pop, deaths, year, m) || !births.count(year)) return false;
  const AgeSex& n0 = pop.at(year - 1);
  const AgeSex& n1 = pop.at(year);
  const AgeSex& d = deaths.at(year);
  const AgeSex& b = births.at(year);
  for (int s = 0; s < kSexes; ++s) {
    const auto& D = d.v[ix(s)];
    const double a0 = infant_a0(m.v[ix(s)][0], s);
    double born = 0.0;
    for (int x = 0; x <= kMaxAge; ++x) born += b.v[ix(s)][ix(x)];
    auto& out = mig.v[ix(s)];
    out[0] = n1.v[ix(s)][0] - born + (1.0 - a0) * D[0];
    out[1] = n1.v[ix(s)][1] - n0.v[ix(s)][0] + a0 * D[0] + 0.5 * D[1];
    for (int x = 2; x < kMaxAge; ++x) {
      out[ix(x)] = n1.v[ix(s)][ix(x)] - n0.v[ix(s)][ix(x - 1)] + 0.5 * (D[ix(x - 1)] + D[ix(x)]);
    }
    out[kMaxAge] = n1.v[ix(s)][kMaxAge] - n0.v[ix(s)][kMaxAge - 1] - n0.v[ix(s)][kMaxAge] +
                   0.5 * D[kMaxAge - 1] + D[kMaxAge];
  }
  return true;
}

std::vector<int> rate_years(const CohortData& d, int from, int to) {
  std::vector<int> out;
  for (const auto& [year, unused] : d.population) {
    if (year < from || year > to) continue;
    if (d.population.count(year - 1) && d.deaths.count(year) && d.births.count(year)) {
      out.push_back(year);
    }
  }
  return out;
}

Ar1 fit_ar1(const std::vector<double>& y, bool* short_series) {
  Ar1 a;
  a.n = static_cast<int>(y.size());
  const double mean = y.empty() ? 0.0 : std::accumulate(y.begin(), y.end(), 0.0) / a.n;
  a.mu = mean;
  if (a.n < 4) {
    if (short_series) *short_series = true;
    double ss = 0.0;
    for (double v : y) ss += (v - mean) * (v - mean);
    a.sigma = a.n >= 2 ? std::sqrt(ss / (a.n - 1)) : 0.0;
    a.df = std::max(a.n - 1, 1);
    a.mu_se = a.n >= 1 ? a.sigma / std::sqrt(static_cast<double>(a.n)) : 0.0;
    return a;
  }
  const int m = a.n - 1;
  double mx = 0.0, mz = 0.0;
  for (int i = 0; i < m; ++i) {
    mx += y[ix(i)];
    mz += y[ix(i + 1)];
  }
  mx /= m;
  mz /= m;
  double sxx = 0.0, sxz = 0.0;
  for (int i = 0; i < m; ++i) {
    sxx += (y[ix(i)] - mx) * (y[ix(i)] - mx);
    sxz += (y[ix(i)] - mx) * (y[ix(i + 1)] - mz);
  }
  a.phi = sxx > 0.0 ? sxz / sxx : 0.0;
  const double c = mz - a.phi * mx;
  double ss = 0.0;
  for (int i = 0; i < m; ++i) {
    const double r = y[ix(i + 1)] - c - a.phi * y[ix(i)];
    ss += r * r;
  }
  a.df = m - 2 > 0 ? m - 2 : 1;
  a.sigma = std::sqrt(ss / a.df);
  a.phi_se = sxx > 0.0 ? a.sigma / std::sqrt(sxx) : 0.0;
  // The level: the mean the fitted recursion returns to; near a unit root the sample mean.
  a.mu = a.phi < 0.98 ? c / (1.0 - a.phi) : mean;
  a.mu_se = a.sigma / (std::max(1.0 - a.phi, 0.02) * std::sqrt(static_cast<double>(a.n)));
  return a;
}

}  // namespace utsikt::demography::internal
