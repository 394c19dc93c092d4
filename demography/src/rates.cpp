// Rates and residual net migration from the age data.
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

}  // namespace utsikt::demography::internal
