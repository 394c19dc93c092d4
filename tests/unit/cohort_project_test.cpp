// The cohort-component model inside a project: groups by age and sex, shares from the same paths,
// component scenarios with common random numbers, outputs (tests/fixtures/cohort_project).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <regex>

#include "test_util.hpp"
#include "utsikt/engine/cohort.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/cohort_outputs.hpp"
#include "utsikt/outputs/report.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt {
namespace {

std::string fixture_dir() { return test::source_dir() + "/tests/fixtures/cohort_project"; }
std::string fixture() { return fixture_dir() + "/project.toml"; }

const SeriesResult& find(const RunResult& r, const std::string& ind, const std::string& g) {
  const SeriesResult* s = r.find(SeriesRef{ind, g});
  if (!s) throw std::runtime_error("no series " + ind + "/" + g);
  return *s;
}

// The project text with the data file names made absolute, so that variants can be written to a
// temporary folder.
std::string fixture_text_absolute() {
  std::string t = test::read_file(fixture());
  for (const char* f : {"population", "births", "deaths", "totals", "components"})
    t = std::regex_replace(t, std::regex(std::string("\"") + f + "\\.csv\""),
                           "\"" + fixture_dir() + "/" + f + ".csv\"");
  return t;
}

std::string write_variant(const std::string& name, const std::string& text) {
  const std::string path = test::temp_dir("cohort_project_" + name) + "/project.toml";
  test::write_file(path, text);
  return path;
}

TEST(CohortGroups, ParsesAgesAndSex) {
  auto g = parse_age_sex_group("kvinnor 17–24");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->sex, 0);
  EXPECT_EQ(g->age_from, 17);
  EXPECT_EQ(g->age_to, 24);
  g = parse_age_sex_group("65+");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->sex, -1);
  EXPECT_EQ(g->age_from, 65);
  EXPECT_EQ(g->age_to, 100);
  g = parse_age_sex_group("total");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->age_from, 0);
  EXPECT_EQ(g->age_to, 100);
  g = parse_age_sex_group("men_20-64");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->sex, 1);
  EXPECT_FALSE(parse_age_sex_group("young"));
  EXPECT_FALSE(parse_age_sex_group("64-20"));
  EXPECT_FALSE(parse_age_sex_group("kvinnor män"));
  EXPECT_FALSE(parse_age_sex_group("20-130"));
}

TEST(CohortProject, LoadsObservedGroupsAndTheJumpOff) {
  const Project p = load_project(fixture());
  const Indicator* pop = p.find_indicator("pop");
  ASSERT_TRUE(pop && pop->cohort && pop->cohort->model);
  const int jump_off = pop->cohort->model->jump_off;
  EXPECT_EQ(jump_off, 2014);  // the last observed total
  // total: the totals file (1990-2014), the last year equal to the model's jump-off population.
  const Series* total = p.find_series({"pop", "total"});
  ASSERT_TRUE(total);
  EXPECT_EQ(total->years.front(), 1990);
  EXPECT_EQ(total->years.back(), 2014);
  EXPECT_NEAR(total->values.back(), pop->cohort->model->jump_off_population.total(), 0.5);
  // 65+: the age data (1990-2010) and the jump-off estimate.
  const Series* old = p.find_series({"pop", "65+"});
  ASSERT_TRUE(old);
  EXPECT_EQ(old->years.front(), 1990);
  EXPECT_EQ(old->years[old->years.size() - 2], 2010);
  EXPECT_EQ(old->years.back(), 2014);
  EXPECT_TRUE(old->sources.back().starts_with("estimate"));
  // The share of women is 100 x women / everyone in every observed year.
  const Series* w = p.find_series({"women_share", "all"});
  const Series* women = p.find_series({"pop", "kvinnor"});
  ASSERT_TRUE(w && women);
  for (std::size_t i = 0; i < w->size(); ++i) {
    const double* n = women->at_year(w->years[i]);
    const double* all = total->at_year(w->years[i]);
    ASSERT_TRUE(n && all) << w->years[i];
    EXPECT_NEAR(w->values[i], 100.0 * *n / *all, 1e-9) << w->years[i];
  }
}

TEST(CohortProject, GroupsAndSharesComeFromTheSameJointPaths) {
  const Project p = load_project(fixture());
  const RunResult r = run_project(p);
  ASSERT_EQ(r.cohorts.size(), 1u);
  const auto& total = find(r, "pop", "total").forecast;
  const auto& young = find(r, "pop", "0-19").forecast;
  const auto& mid = find(r, "pop", "20-64").forecast;
  const auto& old = find(r, "pop", "65+").forecast;
  const auto& women = find(r, "pop", "kvinnor").forecast;
  const auto& share = find(r, "women_share", "all").forecast;
  ASSERT_EQ(total.years.front(), 2015);
  ASSERT_EQ(total.years.back(), 2030);
  EXPECT_EQ(total.model, "cohort");
  EXPECT_NE(total.reason.find("Cohort-component"), std::string::npos);
  for (int path = 0; path < total.n_paths; path += 37)
    for (std::size_t h = 0; h < total.years.size(); ++h) {
      const int hh = static_cast<int>(h);
      const double t = total.at(path, hh);
      EXPECT_NEAR(young.at(path, hh) + mid.at(path, hh) + old.at(path, hh), t, 1e-6 * t);
      EXPECT_NEAR(share.at(path, hh), 100.0 * women.at(path, hh) / t, 1e-9);
    }
  // The totals of the groups equal the model's own total paths.
  const auto& P = r.cohorts[0].paths;
  for (int path = 0; path < total.n_paths; path += 53)
    EXPECT_DOUBLE_EQ(total.at(path, 3), P.at(P.total, path, 3));
  // Targets are assessed on the cohort paths.
  ASSERT_FALSE(r.targets.empty());
  EXPECT_EQ(r.targets[0].status, TargetStatus::assessed);
  EXPECT_EQ(r.targets[0].model, "cohort");
}

TEST(CohortProject, SameSeedSamePathsAnyThreads) {
  const Project p = load_project(fixture());
  RunOverrides one, four;
  one.threads = 1;
  four.threads = 4;
  const RunResult a = run_project(p, one);
  const RunResult b = run_project(p, four);
  EXPECT_EQ(find(a, "pop", "total").forecast.paths, find(b, "pop", "total").forecast.paths);
  EXPECT_EQ(find(a, "women_share", "young").forecast.paths,
            find(b, "women_share", "young").forecast.paths);
  RunOverrides other = one;
  other.seed = 8;
  const RunResult c = run_project(p, other);
  EXPECT_NE(find(a, "pop", "total").forecast.paths, find(c, "pop", "total").forecast.paths);
}

TEST(CohortProject, ComponentScenariosUseTheBaselinesRandomNumbers) {
  const Project p = load_project(fixture());
  const RunResult base = run_project(p);
  const ScenarioSet set = load_scenarios(p);
  ASSERT_EQ(set.scenarios.size(), 3u);
  const auto zero = apply_scenario(p, base.series, set.scenarios[0], base.seed);
  const auto young = apply_scenario(p, base.series, set.scenarios[1], base.seed);
  const auto mine = apply_scenario(p, base.series, set.scenarios[2], base.seed);
  auto idx = [&](const std::string& ind, const std::string& g) {
    for (std::size_t i = 0; i < base.series.size(); ++i)
      if (base.series[i].ref == SeriesRef{ind, g}) return i;
    throw std::runtime_error("missing");
  };
  const std::size_t t = idx("pop", "total"), m = idx("pop", "20-64"), o = idx("pop", "65+");
  // Zero extra migrants: bit-identical paths.
  EXPECT_EQ(zero[t].forecast.paths, base.series[t].forecast.paths);
  // 300 extra migrants aged 20-39 a year from 2016 (index 1; 2015 is the first projected year):
  // nothing changes in 2015; from 2016 more people on every path and year, at least 300 more in
  // 2016 (290 allows for the capping of a cell), all of them aged 20-64, none 65+.
  const auto& b = base.series[t].forecast;
  const auto& y = young[t].forecast;
  ASSERT_EQ(b.years[1], 2016);
  for (int path = 0; path < b.n_paths; ++path) {
    EXPECT_DOUBLE_EQ(y.at(path, 0), b.at(path, 0));
    EXPECT_GT(y.at(path, 1), b.at(path, 1) + 290);
    for (std::size_t h = 2; h < b.years.size(); ++h)
      EXPECT_GT(y.at(path, static_cast<int>(h)), b.at(path, static_cast<int>(h)));
    EXPECT_GT(young[m].forecast.at(path, 1), base.series[m].forecast.at(path, 1) + 290);
    EXPECT_NEAR(young[o].forecast.at(path, 1), base.series[o].forecast.at(path, 1), 1e-6);
  }
  // The shares follow the re-simulated population.
  const std::size_t ws = idx("women_share", "young");
  EXPECT_NE(young[ws].forecast.paths, base.series[ws].forecast.paths);
  // Jobs: the population rises by the movers and their families.
  EXPECT_GT(mine[t].forecast.quantile(5, 0.5), b.quantile(5, 0.5) + 500);
  // The probability of the population target never falls with extra migrants.
  const Comparison cmp = compare_scenarios(p, base, set);
  ASSERT_EQ(cmp.outcomes.size(), 4u);
  EXPECT_DOUBLE_EQ(cmp.outcomes[1].targets[0].probability, base.targets[0].probability);
  EXPECT_GE(cmp.outcomes[2].targets[0].probability, base.targets[0].probability);
}

TEST(CohortProject, WritesPyramidsAndComponents) {
  const Project p = load_project(fixture());
  const RunResult r = run_project(p);
  const std::string csv = out::pyramids_csv(r);
  // header + (last age year 2010, jump-off 2014, pyramids 2030) x 2 sexes x 101 ages
  std::size_t rows = 0;
  for (char c : csv) rows += c == '\n';
  EXPECT_EQ(rows, 1u + 3u * 2u * 101u);
  EXPECT_NE(csv.find("pop,2010,observed,women,0,"), std::string::npos);
  EXPECT_NE(csv.find("pop,2014,estimate,men,100+,"), std::string::npos);
  EXPECT_NE(csv.find("pop,2030,projected,women,"), std::string::npos);
  const std::string comp = out::components_csv(r);
  EXPECT_NE(comp.find("pop,2013,observed,births,"), std::string::npos);
  EXPECT_NE(comp.find("pop,2012,estimate,net_migration,"), std::string::npos);
  EXPECT_NE(comp.find("pop,2030,projected,deaths,"), std::string::npos);
  EXPECT_EQ(comp.find("nan"), std::string::npos);
  const std::string json = out::pyramids_json(r);
  EXPECT_NE(json.find("\"jump_off\": 2014"), std::string::npos);
  const std::string html = out::report_html(r, out::Lang::sv);
  EXPECT_NE(html.find("Befolkningspyramid 2030"), std::string::npos);
  EXPECT_NE(html.find("Födda, döda och flyttnetto"), std::string::npos);
}

// Bad input: each variant fails with the project file, the key and what was expected.
TEST(CohortProject, BadInputNamesFileAndKey) {
  const std::string base = fixture_text_absolute();
  struct Case {
    std::string name, from, to, expect;
  };
  const std::vector<Case> cases = {
      {"badgroup", "groups = [\"total\", \"0-19\",", "groups = [\"total\", \"young\",",
       "cohort.groups"},
      {"badof", "of = \"pop\"", "of = \"nope\"", "cohort.of"},
      {"nocohort", "method = \"cohort\"\n\n  [indicator.cohort]\n  population",
       "method = \"cohort\"\n\n  [indicator.cohortx]\n  population", "cohortx"},
      {"badages", "young = \"kvinnor 17-24\"", "young = \"kvinnor 24-17\"", "groups.young"},
      {"badsex", "sex = \"kvinnor\"", "sex = \"female-ish\"", "groups.all.sex"},
  };
  for (const Case& c : cases) {
    std::string text = base;
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.name;
    text.replace(at, c.from.size(), c.to);
    const std::string path = write_variant(c.name, text);
    try {
      (void)load_project(path);
      ADD_FAILURE() << c.name << ": no error";
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path), std::string::npos) << c.name << ": " << what;
      EXPECT_NE(what.find(c.expect), std::string::npos) << c.name << ": " << what;
    }
  }
}

TEST(CohortProject, ComponentChangeOnlyOnCohortIndicators) {
  std::string text = fixture_text_absolute();
  text +=
      "\n[[scenario]]\nid = \"bad\"\n  [[scenario.intervention]]\n  indicator = \"homes\"\n"
      "  type = \"migrants\"\n  from = 2020\n  value = 10\n";
  const std::string path = write_variant("component_on_homes", text);
  const Project p = load_project(path);
  try {
    (void)load_scenarios(p);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("method = \"cohort\""), std::string::npos) << what;
    EXPECT_NE(what.find("homes"), std::string::npos) << what;
  }
}

// Observed values of an indicator on the model after the age data (2010) and up to the last
// total (2014) constrain the bring-forward; values of the age-data years do not.
TEST(CohortProject, ObservedSharesAfterTheAgeDataConstrainTheBringForward) {
  const Project p0 = load_project(fixture());
  const auto& m0 = *p0.find_indicator("pop")->cohort->model;
  const auto share = [](const demography::AgeSex& a) {
    return 100.0 * a.sum(0, 0, demography::kMaxAge) / a.total();
  };
  const double s2014 = share(m0.jump_off_population) + 0.2;
  const std::string dir = test::temp_dir("cohort_project_shares");
  test::write_file(dir + "/shares.csv",
                   "indicator,group,year,value\n"
                   "women_share,all,2005,50.0\n"
                   "women_share,all,2012," +
                       std::to_string(share(m0.jump_off_population) + 0.1) +
                       "\n"
                       "women_share,all,2014," +
                       std::to_string(s2014) + "\n");
  std::string text = fixture_text_absolute();
  text = std::regex_replace(text, std::regex("id = \"women_share\"\n"),
                            "id = \"women_share\"\ndata = \"" + dir + "/shares.csv\"\n");
  const Project p = load_project(write_variant("observed", text));
  const auto& m = *p.find_indicator("pop")->cohort->model;
  const auto& obs = p.find_indicator("pop")->cohort->fit.observations;
  ASSERT_EQ(obs.size(), 2u);  // 2012 and 2014; 2005 is a year of the age data
  EXPECT_EQ(obs[0].year, 2012);
  EXPECT_EQ(obs[0].source, "women_share.all");
  ASSERT_TRUE(obs[0].per);
  EXPECT_EQ(obs[0].count.sex, 0);
  EXPECT_NEAR(share(m.jump_off_population), std::stod(std::to_string(s2014)), 1e-7);
  EXPECT_NEAR(m.jump_off_population.total(), m0.jump_off_population.total(), 1e-6);
  bool flagged = false;
  for (const Diagnostic& d : m.assumptions) {
    const std::string& a = d.message;
    flagged |= a.find("women_share.all") != std::string::npos &&
               a.find("2012") != std::string::npos && a.find("2005") == std::string::npos;
  }
  EXPECT_TRUE(flagged);
  // The run starts from that population: the share's forecast and observations agree on it.
  const RunResult r = run_project(p);
  const auto& f = find(r, "women_share", "all");
  ASSERT_TRUE(f.observed);
  EXPECT_EQ(f.observed->years.back(), 2014);
  EXPECT_EQ(f.forecast.years.front(), 2015);
}

}  // namespace
}  // namespace utsikt

namespace utsikt {
namespace {

// The Norrbotten example: population, its age groups and the shares of women come from the
// cohort model; the scenario of working-age migrants raises the population and changes the
// shares, and nothing else.
TEST(CohortExample, PopulationTargetsAndTheMigrantScenario) {
  const Project p = load_project(test::source_dir() + "/examples/norrbotten-rus2030/project.toml");
  const RunResult r = run_project(p, RunOverrides{20240101, 500, 0});
  int cohort_targets = 0;
  for (const TargetResult& t : r.targets) {
    const std::string& ind = t.target->series.indicator;
    if (ind == "befolkning" || ind == "andel_kon" || ind == "andel_kon_unga") {
      EXPECT_TRUE(t.model.starts_with("cohort")) << t.target->id << ": " << t.model;
      EXPECT_EQ(t.status, TargetStatus::assessed) << t.target->id;
      ++cohort_targets;
    }
  }
  EXPECT_EQ(cohort_targets, 5);
  ASSERT_EQ(r.cohorts.size(), 1u);
  EXPECT_EQ(r.cohorts[0].model->jump_off, 2024);
  const ScenarioSet set = load_scenarios(p);
  const Scenario* young = nullptr;
  for (const Scenario& s : set.scenarios)
    if (s.id == "unga-vuxna") young = &s;
  ASSERT_NE(young, nullptr);
  const auto series = apply_scenario(p, r.series, *young, r.seed);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::string& ind = series[i].ref.indicator;
    const bool on_model = ind == "befolkning" || ind == "andel_kon" || ind == "andel_kon_unga";
    if (!on_model) {
      EXPECT_EQ(series[i].forecast.paths, r.series[i].forecast.paths) << ind;
      continue;
    }
    EXPECT_NE(series[i].forecast.paths, r.series[i].forecast.paths) << ind;
    // Migrants aged 20-39 from 2026 reach 65 only after 2045: the 65+ group changes only
    // through the baseline's net migration, a rate of a (now larger) population.
    if (series[i].ref.group == "65+") {
      for (std::size_t k = 0; k < series[i].forecast.paths.size(); k += 97) {
        EXPECT_NEAR(series[i].forecast.paths[k], r.series[i].forecast.paths[k],
                    0.002 * r.series[i].forecast.paths[k]);
      }
    }
  }
  // 500 a year from 2026: at least 5 x 500 more inhabitants in 2030 on every path.
  const SeriesResult* base = r.find({"befolkning", "total"});
  const SeriesForecast& f = base->forecast;
  std::size_t h2030 = 0;
  while (f.years[h2030] != 2030) ++h2030;
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (series[i].ref != SeriesRef{"befolkning", "total"}) continue;
    for (int path = 0; path < f.n_paths; ++path) {
      EXPECT_GT(series[i].forecast.at(path, static_cast<int>(h2030)),
                f.at(path, static_cast<int>(h2030)) + 2400);
    }
  }
}

}  // namespace
}  // namespace utsikt
