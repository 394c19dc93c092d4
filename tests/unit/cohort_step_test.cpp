// The projection step and the life table of the cohort-component model against numbers worked
// out independently (tests/fixtures/cohort/hand_projection.py prints all of them).
#include <gtest/gtest.h>

#include <cmath>

#include "utsikt/demography/cohort.hpp"

using namespace utsikt::demography;

namespace {

constexpr int F = 0, M = 1;

// Start (31 Dec of year 0): women 20: 1000, 30: 600, 99: 10, 100+: 4; men 0: 500, 20: 900,
// 100+: 6 (total 3020). Every year: q = 0.01 below 99, 0.3 for 99 and 100+; newborns 0.004;
// fertility 0.08 at 20 and 21, 0.1 at 30 and 31; half the births boys.
AgeSex start_population() {
  AgeSex p;
  p.v[F][20] = 1000;
  p.v[F][30] = 600;
  p.v[F][99] = 10;
  p.v[F][100] = 4;
  p.v[M][0] = 500;
  p.v[M][20] = 900;
  p.v[M][100] = 6;
  return p;
}

StepRates constant_rates() {
  StepRates r;
  for (auto& row : r.q) {
    row.fill(0.01);
    row[99] = row[100] = 0.3;
  }
  r.q_birth = {0.004, 0.004};
  r.fertility[20] = r.fertility[21] = 0.08;
  r.fertility[30] = r.fertility[31] = 0.1;
  r.boys_share = 0.5;
  return r;
}

}  // namespace

// Year 1 by hand:
//   survivors: women 21 = 1000 * 0.99 = 990, 31 = 600 * 0.99 = 594, 100+ = (10 + 4) * 0.7 = 9.8;
//              men 1 = 495, 21 = 891, 100+ = 6 * 0.7 = 4.2; deaths 10 + 6 + 4.2 + 5 + 9 + 1.8 = 36
//   births: exposure (start + survivors) / 2 by age of the mother:
//           20: (1000 + 0) / 2 * 0.08 = 40, 21: (0 + 990) / 2 * 0.08 = 39.6,
//           30: 300 * 0.1 = 30, 31: 297 * 0.1 = 29.7; total 139.3, 69.65 girls and 69.65 boys
//   infants: 69.65 * 0.004 = 0.2786 die, 69.3714 of each sex are 0 on 31 Dec
//   deaths 36 + 0.5572 = 36.5572; total 3020 + 139.3 - 36.5572 = 3122.7428
// Years 2 and 3: hand_projection.py.
TEST(CohortStep, HandComputedProjectionWithConstantRatesAndNoMigration) {
  const StepRates r = constant_rates();
  const AgeSex none{};
  AgeSex p = start_population(), next;
  StepTotals t = project_step(p, r, none, next);
  EXPECT_NEAR(t.births, 139.3, 1e-10);
  EXPECT_NEAR(t.deaths, 36.5572, 1e-10);
  EXPECT_EQ(t.net_migration, 0.0);
  EXPECT_NEAR(next.total(), 3122.7428, 1e-9);
  EXPECT_NEAR(next.v[F][0], 69.3714, 1e-10);
  EXPECT_NEAR(next.v[F][21], 990.0, 1e-10);
  EXPECT_NEAR(next.v[F][31], 594.0, 1e-10);
  EXPECT_NEAR(next.v[F][100], 9.8, 1e-10);
  EXPECT_NEAR(next.v[M][0], 69.3714, 1e-10);
  EXPECT_NEAR(next.v[M][1], 495.0, 1e-10);
  EXPECT_NEAR(next.v[M][21], 891.0, 1e-10);
  EXPECT_NEAR(next.v[M][100], 4.2, 1e-10);
  EXPECT_NEAR(next.sum(-1, 2, 20) + next.sum(-1, 22, 30) + next.sum(-1, 32, 99), 0.0, 1e-12);

  p = next;
  t = project_step(p, r, none, next);
  EXPECT_NEAR(t.births, 69.3, 1e-10);
  EXPECT_NEAR(t.deaths, 35.564628, 1e-10);
  EXPECT_NEAR(next.total(), 3156.478172, 1e-9);
  EXPECT_NEAR(next.v[F][0], 34.5114, 1e-10);
  EXPECT_NEAR(next.v[F][1], 68.677686, 1e-10);
  EXPECT_NEAR(next.v[F][22], 980.1, 1e-10);
  EXPECT_NEAR(next.v[F][32], 588.06, 1e-10);
  EXPECT_NEAR(next.v[F][100], 6.86, 1e-10);
  EXPECT_NEAR(next.v[M][2], 490.05, 1e-10);
  EXPECT_NEAR(next.v[M][100], 2.94, 1e-10);

  p = next;
  t = project_step(p, r, none, next);
  EXPECT_NEAR(t.births, 0.0, 1e-12);  // nobody at the fertile ages 20, 21, 30, 31 any more
  EXPECT_NEAR(t.deaths, 34.40678172, 1e-10);
  EXPECT_NEAR(next.total(), 3122.07139028, 1e-9);
  EXPECT_NEAR(next.v[F][1], 34.166286, 1e-10);
  EXPECT_NEAR(next.v[F][2], 67.99090914, 1e-10);
  EXPECT_NEAR(next.v[F][23], 970.299, 1e-10);
  EXPECT_NEAR(next.v[M][3], 485.1495, 1e-10);
  EXPECT_NEAR(next.v[M][100], 2.058, 1e-10);
}

// A net loss of 1000 women aged 21 where 990 survive is capped at 990; the identity holds with
// the capped value: net = -990 + 25 = -965. The births see the migrants (exposure with the end
// of the year): at 21 (0 + 0) / 2, so 139.3 - 39.6 = 99.7, infants dying 0.3988; deaths
// 36.3988, total 3020 + 99.7 - 36.3988 - 965 = 2118.3012.
TEST(CohortStep, LossLargerThanTheCellIsCappedAndTheIdentityKeepsTheCappedValue) {
  AgeSex mig;
  mig.v[F][21] = -1000.0;
  mig.v[M][40] = 25.0;
  AgeSex next;
  CohortPaths::Detail d;
  const AgeSex start = start_population();
  const StepTotals t = project_step(start, constant_rates(), mig, next, &d);
  EXPECT_EQ(next.v[F][21], 0.0);
  EXPECT_NEAR(t.net_migration, -965.0, 1e-12);
  EXPECT_NEAR(d.net_migration.v[F][21], -990.0, 1e-12);
  EXPECT_NEAR(next.total(), 2118.3012, 1e-9);
  EXPECT_NEAR(next.total() - start.total(), t.births - t.deaths + t.net_migration, 1e-9);
  EXPECT_NEAR(t.births, 99.7, 1e-10);
  EXPECT_NEAR(t.deaths, 36.3988, 1e-10);
  // By age and sex: N(x) = N(x-1, start) - D(x) + M(x); N(0) = B - D(0) + M(0).
  for (int s = 0; s < kSexes; ++s) {
    EXPECT_EQ(next.v[s][0], d.births.v[s][0] - d.deaths.v[s][0] + d.net_migration.v[s][0]);
    for (int x = 1; x < kMaxAge; ++x) {
      EXPECT_EQ(next.v[s][x], start.v[s][x - 1] - d.deaths.v[s][x] + d.net_migration.v[s][x]);
    }
    EXPECT_NEAR(next.v[s][100],
                start.v[s][99] + start.v[s][100] - d.deaths.v[s][100] + d.net_migration.v[s][100],
                1e-12);
  }
  EXPECT_EQ(d.population.total(), next.total());
}

TEST(CohortStep, StartAndEndMayBeTheSameObject) {
  AgeSex a = start_population(), b;
  const StepTotals t1 = project_step(a, constant_rates(), AgeSex{}, b);
  const StepTotals t2 = project_step(a, constant_rates(), AgeSex{}, a);
  EXPECT_EQ(t1.deaths, t2.deaths);
  EXPECT_EQ(a.v, b.v);
}

// Life tables worked out in hand_projection.py (Andreev-Kingkade a0, constant hazard within an
// age, T(100) = l(100) / m(100)).
TEST(CohortLifeTable, ConstantRateGivesOneOverMAndTheSurvivalRatios) {
  std::array<double, kAges> m;
  m.fill(0.02);
  EXPECT_NEAR(life_expectancy(m, Sex::female), 50.0, 1e-9);
  EXPECT_NEAR(life_expectancy(m, Sex::male), 50.0, 1e-9);
  EXPECT_NEAR(life_expectancy(m), 50.0, 1e-9);
  std::array<double, kAges> q;
  double qb = 0.0;
  survival_from_rates(m, Sex::female, q, qb);
  EXPECT_NEAR(qb, 0.017212775254, 1e-11);
  EXPECT_NEAR(q[0], 0.012394728670, 1e-11);
  EXPECT_NEAR(q[1], 0.019801326693, 1e-11);
  EXPECT_NEAR(q[99], 0.019801326693, 1e-11);
  EXPECT_EQ(q[100], q[99]);
  survival_from_rates(m, Sex::male, q, qb);
  EXPECT_NEAR(qb, 0.017500651741, 1e-11);
  EXPECT_NEAR(q[0], 0.012099554253, 1e-11);
}

TEST(CohortLifeTable, GompertzRates) {
  std::array<double, kAges> m;
  m[0] = 0.004;
  for (int x = 1; x < kAges; ++x) m[x] = 0.0005 * std::exp(0.08 * x);
  EXPECT_NEAR(life_expectancy(m, Sex::female), 56.939109577207, 1e-9);
  EXPECT_NEAR(life_expectancy(m, Sex::male), 56.939111115057, 1e-9);
  std::array<double, kAges> q;
  double qb = 0.0;
  survival_from_rates(m, Sex::female, q, qb);
  EXPECT_NEAR(qb, 0.003424993425, 1e-11);
  EXPECT_NEAR(q[0], 0.000833856049, 1e-11);
  EXPECT_NEAR(q[1], 0.000564038234, 1e-11);
  EXPECT_NEAR(q[50], 0.028030173059, 1e-11);
  EXPECT_NEAR(q[98], 0.730627081212, 1e-11);
  EXPECT_NEAR(q[99], 0.762187424027, 1e-11);
  survival_from_rates(m, Sex::male, q, qb);
  EXPECT_NEAR(qb, 0.003423009958, 1e-11);
  EXPECT_NEAR(q[0], 0.000835852628, 1e-11);
}

// TFR = sum over mother's ages of births per woman-year: 100 births to a mean of 2000 women at
// 25 (0.05) and 60 to a mean of 1000 at 35 (0.06), both sexes of the child counted.
TEST(CohortLifeTable, TotalFertility) {
  AgeSex births, w0, w1;
  births.v[F][25] = 48;
  births.v[M][25] = 52;
  births.v[F][35] = 60;
  w0.v[F][25] = 1900;
  w1.v[F][25] = 2100;
  w0.v[F][35] = 1000;
  w1.v[F][35] = 1000;
  w0.v[M][25] = 5000;  // men do not count
  EXPECT_NEAR(total_fertility(births, w0, w1), 0.11, 1e-12);
}
