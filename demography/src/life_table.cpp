// Period life table, survival ratios and the one-year projection step.
#include <algorithm>
#include <cmath>

#include "cohort_internal.hpp"
#include "utsikt/demography/cohort.hpp"

namespace utsikt::demography {
namespace internal {

double infant_a0(double m0, int sex) {
  // Andreev, E.M. & Kingkade, W.W. (2015), "Average age at death in infancy and infant mortality
  // level: Reconsidering the Coale-Demeny formulas at current levels of low mortality",
  // Demographic Research 33(13), table 3 (the HMD's a0 since protocol version 6).
  auto female = [](double m) {
    if (m < 0.01724) return 0.14903 - 2.05527 * m;
    if (m < 0.06891) return 0.04667 + 3.88089 * m;
    return 0.31411;
  };
  auto male = [](double m) {
    if (m < 0.02300) return 0.14929 - 1.99545 * m;
    if (m < 0.08307) return 0.02832 + 3.26201 * m;
    return 0.29915;
  };
  if (sex == 0) return female(m0);
  if (sex == 1) return male(m0);
  return 0.5 * (female(m0) + male(m0));
}

LifeTable life_table(const Ages& m, int sex) {
  LifeTable t;
  t.l[0] = 1.0;
  const double m0 = std::max(m[0], 0.0);
  const double a0 = infant_a0(m0, sex);
  const double q0 = m0 / (1.0 + (1.0 - a0) * m0);
  t.l[1] = 1.0 - q0;
  t.L[0] = t.l[1] + a0 * q0;
  for (int x = 1; x < kMaxAge; ++x) {
    const double mx = std::max(m[ix(x)], 0.0);
    const double d = -std::expm1(-mx);  // share dying within the year of age
    t.L[ix(x)] = mx > 0.0 ? t.l[ix(x)] * d / mx : t.l[ix(x)];
    t.l[ix(x + 1)] = t.l[ix(x)] * (1.0 - d);
  }
  // Open interval with constant hazard: T(100) = l(100) / m(100). A rate of (nearly) zero there
  // (no deaths at 100+ in a small region) would make it infinite; 1e-3 bounds it.
  const double m_open = std::max(m[kMaxAge], 1e-3);
  t.L[kMaxAge] = t.l[kMaxAge] / m_open;
  t.e0 = 0.0;
  for (int x = 0; x <= kMaxAge; ++x) t.e0 += t.L[ix(x)];
  return t;
}

}  // namespace internal

using internal::Ages;
using internal::ix;

void survival_from_rates(const Ages& m, Sex sex, Ages& q, double& q_birth) {
  const internal::LifeTable t = internal::life_table(m, static_cast<int>(sex));
  for (int x = 0; x + 1 < kMaxAge; ++x) {
    q[ix(x)] = t.L[ix(x)] > 0.0 ? 1.0 - t.L[ix(x + 1)] / t.L[ix(x)] : 1.0;
  }
  // The group 99 and 100+ at the start survives into 100+ with T(100) / T(99).
  const double t99 = t.L[kMaxAge - 1] + t.L[kMaxAge];
  const double q_open = t99 > 0.0 ? 1.0 - t.L[kMaxAge] / t99 : 1.0;
  q[kMaxAge - 1] = q_open;
  q[kMaxAge] = q_open;
  q_birth = 1.0 - t.L[0];  // births spread evenly over the year: L(0) / l(0) alive on 31 Dec
}

double life_expectancy(const Ages& death_rates) { return internal::life_table(death_rates, -1).e0; }

double life_expectancy(const Ages& death_rates, Sex sex) {
  return internal::life_table(death_rates, static_cast<int>(sex)).e0;
}

double total_fertility(const AgeSex& births, const AgeSex& women_start, const AgeSex& women_end) {
  double tfr = 0.0;
  for (int x = 15; x <= 49; ++x) {
    const double w = 0.5 * (women_start.v[0][ix(x)] + women_end.v[0][ix(x)]);
    const double b = births.v[0][ix(x)] + births.v[1][ix(x)];
    if (w > 0.0) tfr += b / w;
  }
  return tfr;
}

StepTotals project_step(const AgeSex& start_in, const StepRates& r, const AgeSex& migration,
                        AgeSex& end, CohortPaths::Detail* detail) {
  AgeSex copy;
  const AgeSex* sp = &start_in;
  if (sp == &end) {
    copy = start_in;
    sp = &copy;
  }
  const AgeSex& start = *sp;
  StepTotals tot;
  if (detail) detail->deaths = AgeSex{};
  // Survivors age one year (deaths by age on 31 Dec: the cohort's age at the end).
  for (int s = 0; s < kSexes; ++s) {
    const auto& n = start.v[ix(s)];
    const auto& q = r.q[ix(s)];
    auto& e = end.v[ix(s)];
    for (int x = 1; x < kMaxAge; ++x) {
      const double d = n[ix(x - 1)] * q[ix(x - 1)];
      e[ix(x)] = n[ix(x - 1)] - d;
      tot.deaths += d;
      if (detail) detail->deaths.v[ix(s)][ix(x)] = d;
    }
    const double d99 = n[kMaxAge - 1] * q[kMaxAge - 1];
    const double d100 = n[kMaxAge] * q[kMaxAge];
    e[kMaxAge] = (n[kMaxAge - 1] - d99) + (n[kMaxAge] - d100);
    tot.deaths += d99 + d100;
    if (detail) detail->deaths.v[ix(s)][kMaxAge] = d99 + d100;
  }
  // Net migrants on 31 Dec at ages 1..100+ (age 0 after the births); a loss larger than the
  // cell empties it (the capped value counts).
  auto migrate = [&](int s, int x) {
    double& e = end.v[ix(s)][ix(x)];
    double mx = migration.v[ix(s)][ix(x)];
    if (e + mx < 0.0) mx = -e;
    e += mx;
    tot.net_migration += mx;
    if (detail) detail->net_migration.v[ix(s)][ix(x)] = mx;
  };
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 1; x <= kMaxAge; ++x) migrate(s, x);
  }
  // Births: women's exposure by age x of the mother = (start + end of year) / 2, the end with
  // the year's migrants, as in the rates (docs/methods.md).
  double births = 0.0;
  for (int x = 15; x <= 49; ++x) {
    births += r.fertility[ix(x)] * 0.5 * (start.v[0][ix(x)] + end.v[0][ix(x)]);
  }
  const std::array<double, kSexes> by_sex{births * (1.0 - r.boys_share), births * r.boys_share};
  for (int s = 0; s < kSexes; ++s) {
    const double d0 = by_sex[ix(s)] * r.q_birth[ix(s)];
    end.v[ix(s)][0] = by_sex[ix(s)] - d0;
    tot.deaths += d0;
    if (detail) {
      detail->deaths.v[ix(s)][0] = d0;
      detail->births.v[ix(s)] = {};
      detail->births.v[ix(s)][0] = by_sex[ix(s)];
    }
    migrate(s, 0);
  }
  tot.births = births;
  if (detail) detail->population = end;
  return tot;
}

}  // namespace utsikt::demography
