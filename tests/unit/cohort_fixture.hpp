// A made-up data set for the cohort-component model's tests (not statistics): region "A"
// (about 55 000 people) and a larger region "B", 1984-2015 by age and sex, generated with the
// model's own step from smooth rates with some year-to-year wobble, and A's totals 2016-2020
// with published-style components for 2019 and 2020.
#pragma once

#include <cmath>

#include "utsikt/demography/cohort.hpp"

namespace utsikt::test {

struct SyntheticRegion {
  demography::AgeSex population;
  std::map<int, demography::AgeSex> pop, deaths, births;
  std::map<int, demography::CohortData::Components> comp;
};

// One region run forward from 1984 to `to`; scale sets its size, excess its mortality level,
// sex_wobble a slowly changing difference between the net migration of young women and men.
inline SyntheticRegion synthetic_region(double scale, double excess, int to,
                                        double sex_wobble = 0.0) {
  using namespace demography;
  SyntheticRegion r;
  AgeSex n;
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) {
      n.v[s][x] = scale * 400.0 * (x < 60 ? 1.0 : std::exp(-(x - 60) * 0.07));
    }
  }
  r.pop[1984] = n;
  for (int t = 1985; t <= to; ++t) {
    StepRates rates;
    std::array<std::array<double, kAges>, kSexes> m{};
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) {
        const double base = x == 0 ? 0.004 : 0.0003 + 0.00008 * std::exp(0.088 * x) * (1 + 0.3 * s);
        m[s][x] = std::min(
            2.0, base * excess * std::exp(-0.015 * (t - 1985)) * (1.0 + 0.04 * std::sin(1.7 * t)));
      }
      survival_from_rates(m[s], static_cast<Sex>(s), rates.q[s], rates.q_birth[s]);
    }
    const double tfr = 1.75 + 0.15 * std::sin(0.4 * t) + 0.05 * std::cos(2.1 * t);
    double shape_sum = 0.0;
    for (int x = 15; x <= 49; ++x) shape_sum += std::exp(-0.5 * std::pow((x - 30.0) / 5.0, 2));
    for (int x = 15; x <= 49; ++x) {
      rates.fertility[x] = tfr * std::exp(-0.5 * std::pow((x - 30.0) / 5.0, 2)) / shape_sum;
    }
    rates.boys_share = 0.512;
    // Net migration: young adults leave, families and older workers come; the level wobbles.
    const double level = scale * (40.0 + 150.0 * std::sin(0.7 * t) + 60.0 * std::cos(1.3 * t));
    AgeSex mig;
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) {
        const double leave = (x >= 19 && x <= 24) ? -3.0 : 0.0;
        const double come = (x >= 28 && x <= 45) ? 1.2 : (x <= 10 ? 0.6 : 0.0);
        const double young = std::exp(-0.5 * std::pow((x - 26.0) / 6.0, 2));
        mig.v[s][x] = scale * (leave + come) + level * young / 30.0;
        if (x >= 15 && x <= 30)
          mig.v[s][x] += (s == 0 ? 1.0 : -1.0) * scale * sex_wobble * std::sin(0.35 * t + 0.1 * x);
      }
    }
    AgeSex end;
    CohortPaths::Detail det;
    const StepTotals tot = project_step(n, rates, mig, end, &det);
    AgeSex d, b;
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) {
        d.v[s][x] = m[s][x] * 0.5 * (n.v[s][x] + end.v[s][x]);  // deaths by age at death
      }
      for (int x = 15; x <= 49; ++x) {
        const double share = s == 1 ? rates.boys_share : 1.0 - rates.boys_share;
        b.v[s][x] = share * rates.fertility[x] * 0.5 * (n.v[0][x] + end.v[0][x]);
      }
    }
    r.pop[t] = end;
    r.deaths[t] = d;
    r.births[t] = b;
    r.comp[t] = CohortData::Components{tot.births, d.total(), 0.0};
    r.comp[t].net_migration = end.total() - n.total() - r.comp[t].births + r.comp[t].deaths;
    n = end;
  }
  r.population = n;
  return r;
}

// Age data 1984-2015 for A (with B in the reference), A's totals 2016-2020 and its components
// 2019 and 2020.
inline demography::CohortData synthetic_cohort_data(double sex_wobble = 0.0) {
  using namespace demography;
  const SyntheticRegion a = synthetic_region(1.0, 1.1, 2020, sex_wobble);
  const SyntheticRegion b = synthetic_region(3.0, 1.0, 2015);
  CohortData d;
  d.region = "A";
  for (int t = 1984; t <= 2015; ++t) {
    d.population[t] = a.pop.at(t);
    AgeSex rp = a.pop.at(t);
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) rp.v[s][x] += b.pop.at(t).v[s][x];
    }
    d.reference_population[t] = rp;
    if (t == 1984) continue;
    d.deaths[t] = a.deaths.at(t);
    d.births[t] = a.births.at(t);
    AgeSex rd = a.deaths.at(t);
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) rd.v[s][x] += b.deaths.at(t).v[s][x];
    }
    d.reference_deaths[t] = rd;
  }
  for (int t = 1984; t <= 2020; ++t) d.totals[t] = a.pop.at(t).total();
  d.components[2019] = a.comp.at(2019);
  d.components[2020] = a.comp.at(2020);
  return d;
}

}  // namespace utsikt::test
