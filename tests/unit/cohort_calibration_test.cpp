// The calibration pieces of the cohort-component model (docs/methods.md, "Cohort-component
// model"): the local level + AR(1) models with hyperparameters pooled across regions, the
// age-sex variation of net migration, the bring-forward constraints and the regions' summaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "cohort_fixture.hpp"
#include "cohort_internal.hpp"
#include "test_util.hpp"
#include "utsikt/demography/cohort.hpp"

using namespace utsikt;
using namespace utsikt::demography;
using internal::YearSeries;

namespace {

// n regions x years values of y = level + u: u AR(1) (phi) with sd 1 innovations, the level a
// random walk with sd q (q = 0: a constant level per region); `common` of every innovation is
// shared by all regions.
std::map<std::string, YearSeries> panel(int n, int years, double q, double phi, double common,
                                        unsigned seed) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  std::vector<double> shared_e(static_cast<std::size_t>(years)),
      shared_l(static_cast<std::size_t>(years));
  for (int t = 0; t < years; ++t) {
    shared_e[static_cast<std::size_t>(t)] = z(gen);
    shared_l[static_cast<std::size_t>(t)] = z(gen);
  }
  std::map<std::string, YearSeries> out;
  for (int r = 0; r < n; ++r) {
    double level = 3.0 * z(gen), u = 0.0;
    const double own = std::sqrt(1.0 - common * common);
    for (int t = 0; t < years; ++t) {
      const auto i = static_cast<std::size_t>(t);
      level += q * (common * shared_l[i] + own * z(gen));
      u = phi * u + common * shared_e[i] + own * z(gen);
      out["r" + std::to_string(r)][1970 + t] = level + u;
    }
  }
  return out;
}

double mean_q(const internal::PooledLevel& p) {
  double v = 0.0;
  for (const auto& g : p.grid) v += g.weight * g.q;
  return v;
}

double mean_phi(const internal::PooledLevel& p) {
  double v = 0.0;
  for (const auto& g : p.grid) v += g.weight * g.phi;
  return v;
}

TEST(PooledLevel, TellsAStableLevelFromAMovingOne) {
  const auto stable = internal::fit_pooled_level(panel(20, 45, 0.0, 0.6, 0.0, 1), 2014);
  const auto moving = internal::fit_pooled_level(panel(20, 45, 0.8, 0.0, 0.0, 2), 2014);
  EXPECT_EQ(stable.regions, 20);
  EXPECT_EQ(stable.values, 20 * 45);
  EXPECT_LT(mean_q(stable), 0.15);
  EXPECT_NEAR(mean_phi(stable), 0.6, 0.1);
  EXPECT_GT(mean_q(moving), 0.6);
  double sum = 0.0;
  for (const auto& g : moving.grid) sum += g.weight;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_EQ(static_cast<int>(moving.grid.size()), internal::kLevelGrid);
}

TEST(PooledLevel, RegionsThatMoveTogetherCountAsFewer) {
  const auto independent = internal::fit_pooled_level(panel(20, 45, 0.3, 0.5, 0.0, 3), 2014);
  const auto together = internal::fit_pooled_level(panel(20, 45, 0.3, 0.5, 0.95, 3), 2014);
  EXPECT_LT(std::abs(independent.rho), 0.1);
  EXPECT_GT(independent.n_eff, 12.0);
  EXPECT_GT(together.rho, 0.8);
  EXPECT_LT(together.n_eff, 1.5);
  // Fewer effective regions: a flatter posterior over q.
  double top_i = 0.0, top_t = 0.0;
  for (const auto& g : independent.grid) top_i = std::max(top_i, g.weight);
  for (const auto& g : together.grid) top_t = std::max(top_t, g.weight);
  EXPECT_LT(top_t, top_i);
}

TEST(PooledLevel, AJumpOfOneYearIsLeftOutAndOnlyThatYear) {
  auto p = panel(10, 40, 0.2, 0.5, 0.0, 4);
  const YearSeries clean = p["r3"];
  EXPECT_TRUE(internal::fit_pooled_level(p, 2009).outliers.empty());
  p["r3"][1990] += 60.0;  // e.g. a border change moving people in one year
  const auto fit = internal::fit_pooled_level(p, 2009);
  ASSERT_EQ(fit.outliers.size(), 1u);
  EXPECT_EQ(*fit.outliers.begin(), std::make_pair(std::string("r3"), 1990));
  // The region's own state leaves it out too: nearer the state without the jump than the same
  // series under another name (where the year counts).
  const double c = internal::condition_level(fit, "x", clean, 2009).central(1);
  const double left_out = internal::condition_level(fit, "r3", p["r3"], 2009).central(1);
  const double counted = internal::condition_level(fit, "x", p["r3"], 2009).central(1);
  EXPECT_LT(std::abs(left_out - c), std::abs(counted - c));
}

TEST(PooledLevel, ValuesAfterTheOriginAreNotUsed) {
  auto p = panel(8, 40, 0.3, 0.5, 0.0, 5);
  const auto a = internal::fit_pooled_level(p, 1999);
  for (auto& [name, y] : p) y[2005] += 100.0;  // changes after 1999 only
  const auto b = internal::fit_pooled_level(p, 1999);
  ASSERT_EQ(a.grid.size(), b.grid.size());
  for (std::size_t i = 0; i < a.grid.size(); ++i) {
    EXPECT_EQ(a.grid[i].weight, b.grid[i].weight);
    EXPECT_EQ(a.grid[i].phi, b.grid[i].phi);
  }
  EXPECT_EQ(a.values, 8 * 30);
}

TEST(PooledLevel, TheStateFollowsTheRegionsOwnSeries) {
  const auto pool = internal::fit_pooled_level(panel(10, 40, 0.3, 0.5, 0.0, 6), 2009);
  YearSeries flat, high;
  for (int t = 1970; t <= 2009; ++t) {
    flat[t] = 2.0 + 0.01 * std::sin(t);
    high[t] = t < 2000 ? 2.0 : 6.0;
  }
  const auto f = internal::condition_level(pool, "x", flat, 2009);
  EXPECT_NEAR(f.central(1), 2.0, 0.05);
  EXPECT_NEAR(f.central(20), 2.0, 0.05);
  // A level that moved up: the forecast is between the old and the new level, nearer the new one
  // when level changes are likely.
  const auto h = internal::condition_level(pool, "x", high, 2009);
  EXPECT_GT(h.central(10), 2.5);
  EXPECT_LT(h.central(10), 6.0 + 1e-9);
  // Predicted through a gap: the state at `to` is further from the last value's certainty.
  const auto g = internal::condition_level(pool, "x", flat, 2019);
  EXPECT_EQ(g.last_year, 2009);
  EXPECT_GT(g.mix.back().c_ll, f.mix.back().c_ll);
}

std::vector<double> shares(const CohortPaths& p, int year) {
  std::vector<double> v;
  const int h = year - p.years.front();
  for (int i = 0; i < p.n_paths; ++i)
    v.push_back(100.0 * p.at(p.groups[0], i, h) / p.at(p.groups[1], i, h));
  std::sort(v.begin(), v.end());
  return v;
}

TEST(PatternNoise, AgeSexVariationWidensTheSharesNotTheTotals) {
  // Young women's and men's net migration differ by a slowly changing amount in the history.
  const CohortModel m = fit_cohort(test::synthetic_cohort_data(6.0));
  ASSERT_FALSE(m.state->mig.noise.component.empty());
  for (const AgeSex& c : m.state->mig.noise.component) EXPECT_NEAR(c.total(), 0.0, 1e-9);
  CohortModel quiet = m;
  auto st = std::make_shared<CohortModel::State>(*m.state);
  st->mig.noise.component.clear();
  st->mig.noise.score.clear();
  quiet.state = st;
  SimulateOptions o;
  o.n_paths = 500;
  o.to_year = 2030;
  o.seed = 3;
  o.groups = {{"women 17-24", 0, 17, 24}, {"17-24", -1, 17, 24}};
  const CohortPaths a = simulate_cohort(m, o), b = simulate_cohort(quiet, o);
  const auto sa = shares(a, 2030), sb = shares(b, 2030);
  EXPECT_GT(sa[449] - sa[50], 1.5 * (sb[449] - sb[50]));
  // The components sum to zero: the first year's net migration of the central projections (the
  // scores at their expected values) is the same.
  const CohortPaths ca = project_cohort_central(m, o), cb = project_cohort_central(quiet, o);
  EXPECT_NEAR(ca.at(ca.net_migration, 0, 0), cb.at(cb.net_migration, 0, 0), 1e-6);
  EXPECT_NE(ca.at(ca.groups[0], 0, 0), cb.at(cb.groups[0], 0, 0));
}

// Observations after the age data (2015) and up to the last total (2020) of the fixture.
GroupObservation share_obs(int year, double value) {
  GroupObservation o;
  o.year = year;
  o.count = {"women 0-17", 0, 0, 17};
  o.per = AgeGroup{"0-17", -1, 0, 17};
  o.value = value;
  o.source = "test";
  return o;
}

GroupObservation count_obs(int year, double value) {
  GroupObservation o;
  o.year = year;
  o.count = {"20-64", -1, 20, 64};
  o.value = value;
  return o;
}

double share_of(const AgeSex& a) { return 100.0 * a.sum(0, 0, 17) / a.sum(-1, 0, 17); }

// The bring-forward of the fixture from 2015 with the state of a model fitted to 2015.
internal::BringForward bring(const std::vector<GroupObservation>& obs,
                             std::vector<Diagnostic>& diags) {
  static const CohortData d = test::synthetic_cohort_data();
  CohortFitOptions fo;
  fo.observed_to = 2015;
  static const CohortModel m = fit_cohort(d, fo);
  const auto& st = *m.state;
  return internal::bring_forward(d, st.mort, st.fert, st.mig, 2015, 2020, std::log(1.75), obs,
                                 st.mig.noise.cell_var, diags);
}

TEST(BringForwardObservations, AreMetExactlyWithTheTotals) {
  std::vector<Diagnostic> diags;
  const auto free = bring({}, diags);
  EXPECT_TRUE(free.adjustment.empty());
  const double s2017 = share_of(free.populations.at(2017)) + 0.4;
  const double n2019 = free.populations.at(2019).sum(-1, 20, 64) - 150.0;
  const auto bf = bring({share_obs(2017, s2017), count_obs(2019, n2019)}, diags);
  EXPECT_TRUE(diags.empty());
  ASSERT_EQ(bf.met.size(), 2u);
  EXPECT_NEAR(share_of(bf.populations.at(2017)), s2017, 1e-7);
  EXPECT_NEAR(bf.populations.at(2019).sum(-1, 20, 64), n2019, 1e-6);
  const CohortData d = test::synthetic_cohort_data();
  for (int y = 2016; y <= 2020; ++y) {
    EXPECT_NEAR(bf.populations.at(y).total(), d.totals.at(y), 1e-6) << y;
    EXPECT_NEAR(bf.history.at(y).net_migration, free.history.at(y).net_migration,
                0.01 * std::abs(free.history.at(y).net_migration) + 5.0)
        << y;
  }
  // One adjustment per period (2016-2017, 2018-2019), summing to zero; none after 2019.
  ASSERT_EQ(bf.adjustment.size(), 4u);
  EXPECT_EQ(bf.adjustment.at(2016).v, bf.adjustment.at(2017).v);
  EXPECT_EQ(bf.adjustment.at(2018).v, bf.adjustment.at(2019).v);
  EXPECT_NE(bf.adjustment.at(2016).v, bf.adjustment.at(2018).v);
  for (const auto& [y, a] : bf.adjustment) EXPECT_NEAR(a.total(), 0.0, 1e-6) << y;
  EXPECT_FALSE(bf.adjustment.count(2020));
  // More girls and fewer boys among the migrants who are children by 2017.
  double girls = 0.0, boys = 0.0;
  for (int x = 0; x <= 15; ++x) {
    girls += bf.adjustment.at(2016).v[0][x];
    boys += bf.adjustment.at(2016).v[1][x];
  }
  EXPECT_GT(girls, 0.0);
  EXPECT_LT(boys, 0.0);
}

// Least change weighted by how much each cell varies: cells no observation depends on take only
// the compensation that keeps the sum at zero, in proportion to their weights.
TEST(BringForwardObservations, CellsOutsideTheGroupsMoveInProportionToTheirWeights) {
  std::vector<Diagnostic> diags;
  const auto free = bring({}, diags);
  const auto bf =
      bring({count_obs(2017, free.populations.at(2017).sum(-1, 20, 64) + 300.0)}, diags);
  CohortFitOptions fo;
  fo.observed_to = 2015;
  const AgeSex w = fit_cohort(test::synthetic_cohort_data(), fo).state->mig.noise.cell_var;
  double top = 0.0;
  for (const auto& row : w.v)
    for (double v : row) top = std::max(top, v);
  const AgeSex& a = bf.adjustment.at(2016);
  const double ratio = a.v[0][70] / (w.v[0][70] + 1e-6 * top);
  ASSERT_NE(ratio, 0.0);
  for (int s = 0; s < kSexes; ++s) {
    for (int x : {5, 66, 75, 90})
      EXPECT_NEAR(a.v[s][x] / (w.v[s][x] + 1e-6 * top), ratio, 1e-9 * std::abs(ratio))
          << s << " " << x;
  }
  // and the ages that end up in 20-64 take the rest: more migrants there.
  EXPECT_GT(a.sum(-1, 25, 50), 0.0);
}

TEST(BringForwardObservations, RedundantOnesAreMetAndContradictingOnesWarned) {
  std::vector<Diagnostic> diags;
  const auto free = bring({}, diags);
  const double s = share_of(free.populations.at(2018)) - 0.3;
  GroupObservation boys = share_obs(2018, 100.0 - s);
  boys.count = {"men 0-17", 1, 0, 17};
  auto bf = bring({share_obs(2018, s), boys}, diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(bf.met.size(), 2u);
  EXPECT_NEAR(share_of(bf.populations.at(2018)), s, 1e-7);
  boys.value = 100.0 - s + 1.0;  // shares that add to 101 %
  bf = bring({share_obs(2018, s), boys}, diags);
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].code, "observation_not_met");
  EXPECT_EQ(diags[0].severity, Severity::warning);
  EXPECT_LT(bf.met.size(), 2u);
}

TEST(BringForwardObservations, OutsideTheYearsOrInvalid) {
  std::vector<Diagnostic> diags;
  const auto bf = bring({share_obs(2012, 50.0), share_obs(2021, 50.0)}, diags);
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags[0].code, "observation_outside_bring_forward");
  EXPECT_TRUE(bf.adjustment.empty());
  for (const GroupObservation& bad :
       {share_obs(2018, 120.0), share_obs(2018, NAN), count_obs(2018, -5.0)}) {
    try {
      (void)bring({bad}, diags);
      ADD_FAILURE() << "no error for " << bad.value;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().field, "observations");
    }
  }
  GroupObservation g = count_obs(2018, 100.0);
  g.count.age_from = 70;
  g.count.age_to = 60;
  EXPECT_THROW((void)bring({g}, diags), InputError);
}

TEST(BringForwardObservations, FitCohortFlagsThemAndStartsFromThem) {
  CohortFitOptions fo;
  fo.observed_to = 2019;
  const CohortModel free = fit_cohort(test::synthetic_cohort_data(), fo);
  const double target = share_of(free.jump_off_population) + 0.5;
  fo.observations = {share_obs(2019, target)};
  const CohortModel m = fit_cohort(test::synthetic_cohort_data(), fo);
  EXPECT_NEAR(share_of(m.jump_off_population), target, 1e-7);
  EXPECT_NEAR(m.jump_off_population.total(), free.jump_off_population.total(), 1e-6);
  bool flagged = false;
  for (const Diagnostic& d : m.assumptions) {
    const std::string& a = d.message;
    flagged |= a.find("adjusted") != std::string::npos && a.find("2019") != std::string::npos &&
               a.find("(test)") != std::string::npos;
  }
  EXPECT_TRUE(flagged);
}

TEST(PooledFit, LeavingTheRegionOutChangesOnlyTheHyperparameters) {
  CohortData d = test::synthetic_cohort_data();
  // Summaries of the fixture's two regions and of two more made-up ones.
  const auto b = test::synthetic_region(3.0, 1.0, 2015);
  const auto c = test::synthetic_region(0.5, 1.2, 2015);
  auto add = [&](const std::string& name, const std::map<int, AgeSex>& pop,
                 const std::map<int, AgeSex>& births, const std::map<int, AgeSex>& deaths,
                 double wobble) {
    for (const auto& [t, p] : pop) {
      auto& y = d.regions[name][t];
      y.population = p.total() * (1.0 + wobble * std::sin(0.9 * t));
      if (births.count(t)) y.births = births.at(t).total();
      if (deaths.count(t)) y.deaths = deaths.at(t).total();
      if (births.count(t)) y.tfr = 1.7 + wobble * std::cos(t);
    }
  };
  add("A", d.population, d.births, d.deaths, 0.0);
  add("B", b.pop, b.births, b.deaths, 0.004);
  add("C", c.pop, c.births, c.deaths, 0.01);
  const CohortModel all = fit_cohort(d);
  CohortFitOptions fo;
  fo.pool_leave_out = true;
  const CohortModel loo = fit_cohort(d, fo);
  EXPECT_EQ(all.state->mig.rate.pooled.regions, 3);
  EXPECT_EQ(loo.state->mig.rate.pooled.regions, 2);
  EXPECT_NE(all.description, loo.description);
  EXPECT_EQ(all.jump_off_population.v, loo.jump_off_population.v);
  EXPECT_NE(all.description.find("learned from 3 regions"), std::string::npos);
}

TEST(RegionSummaries, AreReadAndTheAgeFilesKeepTheirOwn) {
  const std::string dir = test::source_dir() + "/tests/fixtures/cohort/";
  CohortFiles f;
  f.population = dir + "population.csv";
  f.births = dir + "births.csv";
  f.deaths = dir + "deaths.csv";
  f.region = "Alfa";
  const CohortData plain = read_cohort_data(f);
  ASSERT_TRUE(plain.regions.count("Alfa"));
  const auto& a = plain.regions.at("Alfa");
  for (const auto& [t, p] : plain.population) EXPECT_DOUBLE_EQ(a.at(t).population, p.total());
  for (const auto& [t, b] : plain.births) EXPECT_NEAR(a.at(t).births, b.total(), 1e-9);
  for (const auto& [t, dd] : plain.deaths) EXPECT_DOUBLE_EQ(a.at(t).deaths, dd.total());
  const int t1 = plain.births.rbegin()->first;
  EXPECT_NEAR(
      a.at(t1).tfr,
      total_fertility(plain.births.at(t1), plain.population.at(t1 - 1), plain.population.at(t1)),
      1e-9);
  const std::string path = test::temp_dir("cohort-regions") + "/regions.csv";
  test::write_file(path,
                   "region,year,population,births,deaths,tfr\n"
                   "Alfa,2001,1,1,1,9\n"
                   "Gamma,2000,5000,,,\n"
                   "Gamma,2001,5100,60,40,1.8\n");
  f.regions = path;
  try {
    (void)read_cohort_data(f);
    ADD_FAILURE() << "an empty births count is an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.where().field, "births");
  }
  test::write_file(path,
                   "region,year,population,births,deaths,tfr\n"
                   "Alfa,2001,1,1,1,9\n"
                   "Gamma,2000,5000,0,0,\n"
                   "Gamma,2001,5100,60,40,1.8\n");
  const CohortData d = read_cohort_data(f);
  EXPECT_DOUBLE_EQ(d.regions.at("Alfa").at(2001).population, a.at(2001).population);
  EXPECT_DOUBLE_EQ(d.regions.at("Gamma").at(2001).tfr, 1.8);
  EXPECT_DOUBLE_EQ(d.regions.at("Gamma").at(2000).tfr, 0.0);
  test::write_file(path,
                   "region,year,population,births,deaths\n"
                   "Gamma,2000,5000,0,0\n"
                   "Gamma,2000,5100,60,40\n");
  try {
    (void)read_cohort_data(f);
    ADD_FAILURE() << "a second row for the same year is an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3);
  }
}

}  // namespace
