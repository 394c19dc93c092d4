// fit_cohort and simulate_cohort on a made-up region (cohort_fixture.hpp): identities on every
// path, determinism, common random numbers, scenario changes and option checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cohort_fixture.hpp"
#include "utsikt/demography/cohort.hpp"

using namespace utsikt;
using namespace utsikt::demography;

namespace {

const CohortModel& model() {
  static const CohortModel m = fit_cohort(test::synthetic_cohort_data());
  return m;
}

SimulateOptions options(int n_paths, int to_year = 2040) {
  SimulateOptions o;
  o.n_paths = n_paths;
  o.to_year = to_year;
  o.seed = 7;
  o.groups = {{"20-64", -1, 20, 64}, {"women 0-17", 0, 0, 17}};
  return o;
}

ComponentChange change(ComponentChange::Kind kind, double value, int from, int to = 0) {
  ComponentChange c;
  c.kind = kind;
  c.value = {value};
  c.from = from;
  c.to = to;
  return c;
}

void expect_same_paths(const CohortPaths& a, const CohortPaths& b) {
  EXPECT_EQ(a.years, b.years);
  EXPECT_EQ(a.total, b.total);
  EXPECT_EQ(a.births, b.births);
  EXPECT_EQ(a.deaths, b.deaths);
  EXPECT_EQ(a.net_migration, b.net_migration);
  EXPECT_EQ(a.groups, b.groups);
  EXPECT_EQ(a.tfr, b.tfr);
  EXPECT_EQ(a.e0_female, b.e0_female);
  EXPECT_EQ(a.e0_male, b.e0_male);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::vector<double> column(const CohortPaths& p, const std::vector<double>& v, int year) {
  std::vector<double> out;
  for (int i = 0; i < p.n_paths; ++i) out.push_back(p.at(v, i, year - p.years.front()));
  return out;
}

}  // namespace

TEST(CohortFit, BringsThePopulationForwardToTheObservedTotalsAndComponents) {
  const CohortModel& m = model();
  const CohortData d = test::synthetic_cohort_data();
  EXPECT_EQ(m.jump_off, 2020);
  EXPECT_NEAR(m.jump_off_population.total(), d.totals.at(2020), 1e-6);
  for (int t = 2016; t <= 2020; ++t) {
    const auto& c = m.history.at(t);
    EXPECT_NEAR(d.totals.at(t - 1) + c.births - c.deaths + c.net_migration, d.totals.at(t), 1e-6)
        << t;
  }
  for (int t : {2019, 2020}) {
    EXPECT_NEAR(m.history.at(t).births, d.components.at(t).births, 1e-6) << t;
    EXPECT_NEAR(m.history.at(t).deaths, d.components.at(t).deaths, 1e-6) << t;
    EXPECT_NEAR(m.history.at(t).net_migration, d.components.at(t).net_migration, 1e-6) << t;
  }
  // The data were made with the model's own step from smooth rates: the brought-forward 2020
  // population is close to the true one (which the fit never saw).
  const test::SyntheticRegion truth = test::synthetic_region(1.0, 1.1, 2020);
  EXPECT_NEAR(m.jump_off_population.sum(-1, 65, kMaxAge), truth.pop.at(2020).sum(-1, 65, kMaxAge),
              0.02 * truth.pop.at(2020).sum(-1, 65, kMaxAge));
  // History: age data years from the residuals, exactly the change less births plus deaths.
  for (int t = 1985; t <= 2015; ++t) {
    const auto& c = m.history.at(t);
    EXPECT_NEAR(c.net_migration,
                d.population.at(t).total() - d.population.at(t - 1).total() - c.births + c.deaths,
                1e-6);
  }
  EXPECT_NE(m.description.find("Lee-Carter"), std::string::npos);
  EXPECT_FALSE(m.assumptions.empty());
}

TEST(CohortSimulate, AccountingIdentityHoldsOnEveryPathByAgeAndSex) {
  SimulateOptions o = options(40, 2035);
  o.keep_detail = true;
  // Large losses (5 000 a year, by the default profile) so that some cells are capped.
  std::vector<ComponentChange> ch = {change(ComponentChange::Kind::migrants, -5000.0, 2022)};
  const CohortPaths p = simulate_cohort(model(), o, ch);
  const std::size_t H = p.years.size();
  int capped = 0;
  ASSERT_EQ(p.detail.size(), static_cast<std::size_t>(p.n_paths) * H);
  for (int i = 0; i < p.n_paths; ++i) {
    for (std::size_t h = 0; h < H; ++h) {
      const auto& d = p.detail[i * H + h];
      const AgeSex& prev =
          h == 0 ? model().jump_off_population : p.detail[i * H + h - 1].population;
      double births = 0.0;
      for (int s = 0; s < kSexes; ++s) {
        births += d.births.v[s][0];
        EXPECT_EQ(d.population.v[s][0],
                  d.births.v[s][0] - d.deaths.v[s][0] + d.net_migration.v[s][0]);
        for (int x = 1; x < kMaxAge; ++x) {
          EXPECT_EQ(d.population.v[s][x],
                    prev.v[s][x - 1] - d.deaths.v[s][x] + d.net_migration.v[s][x]);
          EXPECT_GE(d.population.v[s][x], 0.0);
          capped += d.population.v[s][x] == 0.0 && d.net_migration.v[s][x] < 0.0;
        }
        EXPECT_NEAR(d.population.v[s][kMaxAge],
                    prev.v[s][kMaxAge - 1] + prev.v[s][kMaxAge] - d.deaths.v[s][kMaxAge] +
                        d.net_migration.v[s][kMaxAge],
                    1e-9 * (1.0 + prev.v[s][kMaxAge]));
      }
      const double change = p.at(p.total, i, h) - prev.total();
      EXPECT_NEAR(change, p.at(p.births, i, h) - p.at(p.deaths, i, h) + p.at(p.net_migration, i, h),
                  1e-8 * prev.total());
      EXPECT_NEAR(births, p.at(p.births, i, h), 1e-9 * (1.0 + births));
      EXPECT_NEAR(d.deaths.total(), p.at(p.deaths, i, h), 1e-9 * d.deaths.total());
      EXPECT_NEAR(d.net_migration.total(), p.at(p.net_migration, i, h), 1e-9 * prev.total());
      EXPECT_NEAR(d.population.sum(-1, 20, 64), p.at(p.groups[0], i, h), 1e-9 * prev.total());
    }
  }
  EXPECT_GT(capped, 0);
}

TEST(CohortSimulate, SameSeedSamePathsAndOneOrFourThreadsIdentical) {
  SimulateOptions o = options(512);
  o.pyramid_years = {2030, 2040};
  o.threads = 1;
  const CohortPaths a = simulate_cohort(model(), o);
  const CohortPaths b = simulate_cohort(model(), o);
  expect_same_paths(a, b);
  o.threads = 4;
  const CohortPaths c = simulate_cohort(model(), o);
  expect_same_paths(a, c);
  ASSERT_EQ(a.pyramids.size(), 2u);
  EXPECT_EQ(a.pyramids[1].median.v, c.pyramids[1].median.v);
  EXPECT_EQ(a.pyramids[1].lo80.v, c.pyramids[1].lo80.v);
  o.seed = 8;
  const CohortPaths d = simulate_cohort(model(), o);
  EXPECT_NE(a.total, d.total);
  // Paths differ from each other (noise and parameter uncertainty).
  EXPECT_NE(a.at(a.total, 0, 10), a.at(a.total, 1, 10));
}

// The stochastic simulation runs 4 paths side by side from draws kept on the model between
// calls; with keep_detail it runs the one-path code. Both give the same numbers bit for bit, for
// every kind of change (values drawn per path, losses large enough to cap cells), for a number of
// paths that is not a multiple of 4, and whether the draws were kept from a call before or not.
TEST(CohortSimulate, SideBySidePathsEqualTheOnePathCodeBitForBit) {
  SimulateOptions o = options(203, 2045);
  o.pyramid_years = {2030, 2045};
  o.groups.push_back({"all", -1, 0, kMaxAge});  // its sum is also the total
  using K = ComponentChange::Kind;
  std::vector<double> spread;
  for (int p = 0; p < o.n_paths; ++p) spread.push_back(std::sin(0.37 * p));
  auto per_path = [&](K kind, double scale, int from, int to = 0) {
    ComponentChange c = change(kind, 0.0, from, to);
    c.value.clear();
    for (double v : spread) c.value.push_back(scale * v);
    return c;
  };
  const std::vector<std::vector<ComponentChange>> cases = {
      {},
      {change(K::migrants, -5000.0, 2022)},
      {per_path(K::migrants, 800.0, 2025)},
      {per_path(K::fertility, 15.0, 2023)},
      {per_path(K::life_expectancy, 2.0, 2022, 2035)},
      {per_path(K::jobs, 3000.0, 2026, 2028)},
      {change(K::migrants, 400.0, 2022), change(K::fertility, -8.0, 2024),
       change(K::life_expectancy, 1.5, 2021, 2030), change(K::jobs, 1000.0, 2025)}};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    o.keep_detail = false;
    o.seed = 7;
    const CohortPaths fast = simulate_cohort(model(), o, cases[i]);
    const CohortPaths again = simulate_cohort(model(), o, cases[i]);  // draws kept
    o.seed = 9;
    (void)simulate_cohort(model(), o, cases[i]);  // replaces the kept draws
    o.seed = 7;
    o.threads = 3;
    const CohortPaths fresh = simulate_cohort(model(), o, cases[i]);
    o.threads = 1;
    o.keep_detail = true;
    const CohortPaths one = simulate_cohort(model(), o, cases[i]);
    expect_same_paths(fast, one);
    expect_same_paths(again, one);
    expect_same_paths(fresh, one);
    ASSERT_EQ(fast.pyramids.size(), one.pyramids.size());
    for (std::size_t j = 0; j < fast.pyramids.size(); ++j) {
      EXPECT_EQ(fast.pyramids[j].median.v, one.pyramids[j].median.v);
      EXPECT_EQ(fast.pyramids[j].lo80.v, one.pyramids[j].lo80.v);
      EXPECT_EQ(fast.pyramids[j].hi80.v, one.pyramids[j].hi80.v);
    }
    for (int p = 0; p < o.n_paths; ++p)  // the detail is the population the totals come from
      EXPECT_EQ(one.detail[static_cast<std::size_t>(p) * one.years.size()].population.total(),
                fast.at(fast.total, p, 0));
  }
}

TEST(CohortSimulate, ZeroChangeGivesIdenticalPaths) {
  const SimulateOptions o = options(300);
  const CohortPaths base = simulate_cohort(model(), o);
  using K = ComponentChange::Kind;
  for (K kind : {K::migrants, K::fertility, K::life_expectancy, K::jobs}) {
    const CohortPaths zero = simulate_cohort(model(), o, {change(kind, 0.0, 2022, 2030)});
    expect_same_paths(base, zero);
  }
  const CohortPaths c0 = project_cohort_central(model(), o);
  const CohortPaths c1 =
      project_cohort_central(model(), o, {change(K::life_expectancy, 0.0, 2021)});
  expect_same_paths(c0, c1);
}

TEST(CohortSimulate, MoreMigrantsNeverLowerThePopulation) {
  const SimulateOptions o = options(300);
  using K = ComponentChange::Kind;
  const CohortPaths base = simulate_cohort(model(), o, {change(K::migrants, 100.0, 2021)});
  const CohortPaths more = simulate_cohort(model(), o, {change(K::migrants, 300.0, 2021)});
  const CohortPaths jobs = simulate_cohort(model(), o, {change(K::jobs, 2000.0, 2023, 2025)});
  const CohortPaths none = simulate_cohort(model(), o);
  for (std::size_t i = 0; i < base.total.size(); ++i) {
    EXPECT_GE(more.total[i], base.total[i]);
    EXPECT_GE(more.groups[0][i], base.groups[0][i]);
    EXPECT_GE(more.births[i], base.births[i]);
    EXPECT_GE(jobs.total[i], none.total[i]);
  }
  EXPECT_GT(more.at(more.total, 0, 19), base.at(base.total, 0, 19) + 200 * 15);
}

// 2000 jobs in 2022: 0.6 movers per job, 0.8 family members per mover, 40 % of them partners and
// 60 % children 0-17: on 31 Dec 2022 net migration is 2000 * 0.6 * 1.8 = 2160 higher, with
// 2000 * 0.6 * 0.8 * 0.6 = 576 more children (17/18 of them, 544, at 1-17; age 0 also gets the
// extra births) and 1200 movers + 2000 * 0.6 * 0.8 * 0.4 = 384 partners aged 20-64 (migrants
// are added on 31 Dec, so none of them has died yet).
TEST(CohortSimulate, JobsRecipe) {
  SimulateOptions o = options(1, 2025);
  o.groups = {{"1-17", -1, 1, 17}, {"20-64", -1, 20, 64}};
  const CohortPaths base = project_cohort_central(model(), o);
  const CohortPaths jobs =
      project_cohort_central(model(), o, {change(ComponentChange::Kind::jobs, 2000.0, 2022)});
  const int h = 2022 - base.years.front();
  EXPECT_NEAR(jobs.at(jobs.net_migration, 0, h) - base.at(base.net_migration, 0, h), 2160.0, 1e-6);
  EXPECT_NEAR(jobs.at(jobs.groups[0], 0, h) - base.at(base.groups[0], 0, h), 544.0, 1e-6);
  EXPECT_GT(jobs.at(jobs.births, 0, h), base.at(base.births, 0, h));
  EXPECT_NEAR(jobs.at(jobs.groups[1], 0, h) - base.at(base.groups[1], 0, h), 1200.0 + 384.0, 1e-6);
  // Only 2022: in 2023 net migration is the baseline's rate per inhabitant again (net migration
  // is a rate of the population at the start of the year, so the movers take part in it).
  EXPECT_NEAR(jobs.at(jobs.net_migration, 0, h + 1) / jobs.at(jobs.total, 0, h),
              base.at(base.net_migration, 0, h + 1) / base.at(base.total, 0, h), 1e-12);
  EXPECT_NE(jobs.at(jobs.net_migration, 0, h + 1), base.at(base.net_migration, 0, h + 1));
}

TEST(CohortSimulate, MedianOfTheTotalsIsCloseToTheCentralProjection) {
  const SimulateOptions o = options(2000);
  const CohortPaths sim = simulate_cohort(model(), o);
  const CohortPaths central = project_cohort_central(model(), o);
  ASSERT_EQ(central.n_paths, 1);
  for (int year : {2025, 2030, 2040}) {
    const double c = central.at(central.total, 0, year - central.years.front());
    EXPECT_NEAR(median(column(sim, sim.total, year)), c, 0.01 * c) << year;
  }
  // and the paths spread: the 80 % range of 2040 is not empty
  auto v = column(sim, sim.total, 2040);
  std::sort(v.begin(), v.end());
  EXPECT_GT(v[1800] - v[200], 0.01 * v[1000]);
}

// +2 years of life expectancy by 2030, linearly from 2021: the central e0 of 2030 is 2 years
// above the baseline's for both sexes, and the paths' median change too (within 0.1 year).
TEST(CohortSimulate, LifeExpectancyChangeGivesTheAskedChange) {
  const SimulateOptions o = options(1000, 2035);
  const std::vector<ComponentChange> ch = {
      change(ComponentChange::Kind::life_expectancy, 2.0, 2021, 2030)};
  const CohortPaths c0 = project_cohort_central(model(), o);
  const CohortPaths c1 = project_cohort_central(model(), o, ch);
  const int h = 2030 - c0.years.front();
  EXPECT_NEAR(c1.at(c1.e0_female, 0, h) - c0.at(c0.e0_female, 0, h), 2.0, 0.01);
  EXPECT_NEAR(c1.at(c1.e0_male, 0, h) - c0.at(c0.e0_male, 0, h), 2.0, 0.01);
  // Half-way (2025 is year 5 of 10) about half.
  EXPECT_NEAR(c1.at(c1.e0_female, 0, 2025 - 2021) - c0.at(c0.e0_female, 0, 2025 - 2021), 1.0, 0.1);
  const CohortPaths s0 = simulate_cohort(model(), o);
  const CohortPaths s1 = simulate_cohort(model(), o, ch);
  std::vector<double> diff_f, diff_m;
  for (int i = 0; i < s0.n_paths; ++i) {
    diff_f.push_back(s1.at(s1.e0_female, i, h) - s0.at(s0.e0_female, i, h));
    diff_m.push_back(s1.at(s1.e0_male, i, h) - s0.at(s0.e0_male, i, h));
  }
  EXPECT_NEAR(median(diff_f), 2.0, 0.1);
  EXPECT_NEAR(median(diff_m), 2.0, 0.1);
  EXPECT_LT(c1.at(c1.deaths, 0, h), c0.at(c0.deaths, 0, h));
}

TEST(CohortSimulate, FertilityChangeScalesTheTfr) {
  const SimulateOptions o = options(1, 2030);
  const CohortPaths c0 = project_cohort_central(model(), o);
  const CohortPaths c1 =
      project_cohort_central(model(), o, {change(ComponentChange::Kind::fertility, -10.0, 2025)});
  EXPECT_EQ(c1.at(c1.tfr, 0, 2024 - 2021), c0.at(c0.tfr, 0, 2024 - 2021));
  EXPECT_NEAR(c1.at(c1.tfr, 0, 2026 - 2021), 0.9 * c0.at(c0.tfr, 0, 2026 - 2021), 1e-12);
  EXPECT_LT(c1.at(c1.births, 0, 2026 - 2021), 0.91 * c0.at(c0.births, 0, 2026 - 2021));
}

TEST(CohortSimulate, PyramidsOfTheJumpOffAndOfProjectedYears) {
  SimulateOptions o = options(400);
  o.pyramid_years = {2010, 2020, 2030};
  const CohortPaths p = simulate_cohort(model(), o);
  ASSERT_EQ(p.pyramids.size(), 3u);
  const CohortData d = test::synthetic_cohort_data();
  EXPECT_TRUE(p.pyramids[0].observed);
  EXPECT_EQ(p.pyramids[0].median.v, d.population.at(2010).v);
  EXPECT_TRUE(p.pyramids[1].observed);
  EXPECT_EQ(p.pyramids[1].median.v, model().jump_off_population.v);
  const Pyramid& f = p.pyramids[2];
  EXPECT_FALSE(f.observed);
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) {
      EXPECT_LE(f.lo80.v[s][x], f.median.v[s][x]);
      EXPECT_LE(f.median.v[s][x], f.hi80.v[s][x]);
    }
  }
  EXPECT_NEAR(f.median.total(), median(column(p, p.total, 2030)), 0.01 * f.median.total());
}

TEST(CohortSimulate, InvalidOptionsAreInputErrorsNamingTheField) {
  auto expect_error = [](SimulateOptions o, std::vector<ComponentChange> ch, const char* field) {
    try {
      simulate_cohort(model(), o, ch);
      ADD_FAILURE() << "no error for " << field;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().field, field) << e.what();
    }
  };
  SimulateOptions o = options(10);
  o.to_year = 2020;
  expect_error(o, {}, "to_year");
  o = options(0);
  expect_error(o, {}, "n_paths");
  o = options(10);
  o.groups.push_back({"bad", -1, 50, 40});
  expect_error(o, {}, "groups");
  o = options(10);
  o.pyramid_years = {2050};
  expect_error(o, {}, "pyramid_years");
  ComponentChange c = change(ComponentChange::Kind::migrants, 1.0, 2022);
  c.value = {1.0, 2.0};
  expect_error(options(10), {c}, "value");
  c = change(ComponentChange::Kind::migrants, 1.0, 2022);
  c.profile = AgeSex{};
  c.profile->v[0][30] = -1.0;
  expect_error(options(10), {c}, "profile");
  expect_error(options(10), {change(ComponentChange::Kind::fertility, -100.0, 2022)}, "value");
  expect_error(options(10), {change(ComponentChange::Kind::migrants, 1.0, 2025, 2024)}, "to");
  // Jobs or migrants only in years before the projection (it starts in 2021).
  expect_error(options(10), {change(ComponentChange::Kind::jobs, 100.0, 2019)}, "from");
  expect_error(options(10), {change(ComponentChange::Kind::migrants, 1.0, 2018, 2020)}, "to");
}

TEST(CohortFit, TooLittleDataIsAnInputError) {
  CohortData d = test::synthetic_cohort_data();
  CohortData one = d;
  one.population = {{2015, d.population.at(2015)}};
  EXPECT_THROW(fit_cohort(one), InputError);
  CohortData no_births = d;
  no_births.births.clear();
  EXPECT_THROW(fit_cohort(no_births), InputError);
  CohortFitOptions opt;
  opt.observed_to = 2030;  // totals end in 2020
  EXPECT_THROW(fit_cohort(d, opt), InputError);
}

// Short histories fall back (and say so) instead of failing.
TEST(CohortFit, ShortHistoryFallsBackWithDiagnostics) {
  CohortData d = test::synthetic_cohort_data();
  for (auto* m : {&d.population, &d.reference_population}) {
    for (auto it = m->begin(); it != m->end();)
      it = it->first < 2013 ? m->erase(it) : std::next(it);
  }
  const CohortModel m = fit_cohort(d);
  bool mortality = false, fertility = false, migration = false;
  for (const auto& g : m.diagnostics) {
    mortality |= g.code == "mortality_short_history";
    fertility |= g.code == "fertility_short_history";
    migration |= g.code == "migration_short_history";
  }
  EXPECT_TRUE(mortality && fertility && migration);
  const CohortPaths p = simulate_cohort(m, options(50, 2030));
  for (double v : p.total) EXPECT_TRUE(std::isfinite(v) && v > 0.0);
}

// A CohortData without the reference sums (built by hand): the region is its own reference, and
// the projection stays close to the one with the reference.
TEST(CohortFit, WithoutReferenceTheRegionIsItsOwnReference) {
  CohortData d = test::synthetic_cohort_data();
  d.reference_population.clear();
  d.reference_deaths.clear();
  const CohortModel own = fit_cohort(d);
  EXPECT_NE(own.description.find("the region itself"), std::string::npos);
  const SimulateOptions o = options(1, 2030);
  const CohortPaths a = project_cohort_central(own, o);
  const CohortPaths b = project_cohort_central(model(), o);
  for (std::size_t h = 0; h < a.years.size(); ++h) {
    EXPECT_NEAR(a.at(a.deaths, 0, h), b.at(b.deaths, 0, h), 0.05 * b.at(b.deaths, 0, h));
    EXPECT_NEAR(a.at(a.e0_female, 0, h), b.at(b.e0_female, 0, h), 1.0);
  }
}
