// Structure between series: stock-flow components, breakdowns that add up, drivers (and their
// fallback), structural breaks; identities hold exactly on every path, in the baseline and in
// scenarios.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "scenario_fixture.hpp"
#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/engine/structure.hpp"
#include "utsikt/scenarios/realistic.hpp"
#include "utsikt/scenarios/scenario.hpp"

using namespace utsikt;

namespace {

const SeriesResult& get(const std::vector<SeriesResult>& v, const std::string& ind,
                        const std::string& grp = "total") {
  for (const auto& s : v)
    if (s.ref == SeriesRef{ind, grp}) return s;
  throw std::runtime_error("no series " + ind);
}

bool has_code(const std::vector<Diagnostic>& d, const std::string& code) {
  for (const auto& x : d)
    if (x.code == code) return true;
  return false;
}

// pop(t) == pop(t-1) + births(t) - deaths(t) + migration(t), evaluated in the same order as
// the engine, so the comparison is exact (==), on every path and year.
void expect_stock_flow(const std::vector<SeriesResult>& s) {
  const auto& pop = get(s, "pop");
  const auto& f = pop.forecast;
  ASSERT_EQ(f.model, "stock-flow");
  for (int p = 0; p < f.n_paths; ++p) {
    double prev = pop.observed->values.back();
    for (std::size_t h = 0; h < f.years.size(); ++h) {
      const int y = f.years[h];
      double sum = 0.0;
      sum += 1.0 * series_value(get(s, "births"), y, p);
      sum += -1.0 * series_value(get(s, "deaths"), y, p);
      sum += 1.0 * series_value(get(s, "migration"), y, p);
      ASSERT_EQ(f.at(p, static_cast<int>(h)), prev + sum) << "path " << p << " year " << y;
      prev = f.at(p, static_cast<int>(h));
    }
  }
}

void expect_breakdown(const std::vector<SeriesResult>& s) {
  const auto& t = get(s, "ports", "total").forecast;
  ASSERT_EQ(t.model, "sum of groups");
  for (int p = 0; p < t.n_paths; ++p)
    for (std::size_t h = 0; h < t.years.size(); ++h) {
      const int y = t.years[h];
      double sum = 0.0;
      sum += 1.0 * series_value(get(s, "ports", "a"), y, p);
      sum += 1.0 * series_value(get(s, "ports", "b"), y, p);
      ASSERT_EQ(t.at(p, static_cast<int>(h)), sum);
    }
}

struct Structure : ::testing::Test {
  static void SetUpTestSuite() {
    project = new Project(load_project(test::write_scenario_fixture("structure")));
    base = new RunResult(run_project(*project, RunOverrides{11, 1000, 1}));
  }
  static void TearDownTestSuite() {
    delete base;
    delete project;
  }
  static inline Project* project = nullptr;
  static inline RunResult* base = nullptr;
};

Scenario scen(const std::string& ind, const std::string& grp, InterventionType t, double v,
              bool percent = false) {
  Scenario s;
  s.id = "s";
  Intervention iv;
  iv.id = "i1";
  iv.series = {ind, grp};
  iv.type = t;
  iv.from = 2025;
  iv.value.a = v;
  iv.percent = percent;
  s.interventions.push_back(iv);
  return s;
}

}  // namespace

TEST_F(Structure, ComponentsAddUpExactlyInBaselineAndScenario) {
  expect_stock_flow(base->series);
  // A scenario acting on migration alone moves the population through the identity.
  const auto s = apply_scenario(*project, base->series,
                                scen("migration", "total", InterventionType::trend, 100), 11);
  expect_stock_flow(s);
  const auto& b = get(base->series, "pop").forecast;
  const auto& a = get(s, "pop").forecast;
  const int h = 2030 - b.years.front();
  // Extra migration 100, 200, ..., 600 in 2025..2030: +2 100 persons by 2030 on every path.
  for (int p = 0; p < b.n_paths; p += 37) EXPECT_NEAR(a.at(p, h) - b.at(p, h), 2100.0, 1e-6);
}

TEST_F(Structure, BreakdownAddsUpExactlyAfterInterventionsOnPartOrTotal) {
  expect_breakdown(base->series);
  const auto on_part =
      apply_scenario(*project, base->series, scen("ports", "a", InterventionType::shift, 1.0), 11);
  expect_breakdown(on_part);
  // +10 % on the total: distributed to the parts proportionally, total = sum of parts exactly.
  const auto on_total = apply_scenario(
      *project, base->series, scen("ports", "total", InterventionType::shift, 10, true), 11);
  expect_breakdown(on_total);
  const auto& b = get(base->series, "ports", "total").forecast;
  const auto& t = get(on_total, "ports", "total").forecast;
  const auto& pa = get(on_total, "ports", "a").forecast;
  const auto& ba = get(base->series, "ports", "a").forecast;
  const int h = 2030 - b.years.front();
  for (int p = 0; p < b.n_paths; p += 41) {
    EXPECT_NEAR(t.at(p, h), 1.1 * b.at(p, h), 1e-9 * b.at(p, h));
    EXPECT_NEAR(pa.at(p, h), 1.1 * ba.at(p, h), 1e-9 * ba.at(p, h));
  }
}

TEST_F(Structure, DriverCarriesTheDriversPathAndUncertainty) {
  const auto& homes = get(base->series, "homes").forecast;
  EXPECT_EQ(homes.model, "driver regression on pop/total");
  EXPECT_NE(homes.reason.find("12 overlapping years"), std::string::npos) << homes.reason;
  // More migration -> larger population change -> more homes (slope about 2 in the data).
  const auto s = apply_scenario(*project, base->series,
                                scen("migration", "total", InterventionType::trend, 100), 11);
  const auto& h2 = get(s, "homes").forecast;
  const int h = 2030 - homes.years.front();
  double diff = 0;
  for (int p = 0; p < homes.n_paths; ++p) diff += h2.at(p, h) - homes.at(p, h);
  diff /= homes.n_paths;
  // Migration is 600 higher in 2030, so the population change is 600 higher: about +1 200 homes.
  EXPECT_NEAR(diff, 1200.0, 150.0);
  // Same draws of coefficients and residuals (common random numbers): a zero change is exact.
  const auto z = apply_scenario(*project, base->series,
                                scen("migration", "total", InterventionType::shift, 0), 11);
  EXPECT_EQ(get(z, "homes").forecast.paths, homes.paths);
}

TEST(StructureFallback, TooFewOverlappingYearsGivesDiagnosticAndOwnProjection) {
  std::string toml = test::scenario_fixture_toml("", false);
  toml.replace(toml.find("id = \"homes\"\nkind = \"flow\"\ndata = \"data.csv\"\n"),
               std::string("id = \"homes\"\nkind = \"flow\"\ndata = \"data.csv\"\n").size(),
               "id = \"homes\"\nkind = \"flow\"\ndata = \"data.csv\"\n  [indicator.driver]\n"
               "  indicator = \"pop\"\n  transform = \"difference\"\n  min_overlap = 40\n");
  const std::string dir = test::temp_dir("fallback");
  test::write_file(dir + "/data.csv", test::scenario_fixture_csv());
  test::write_file(dir + "/project.toml", toml);
  const Project p = load_project(dir + "/project.toml");
  const RunResult r = run_project(p, RunOverrides{11, 500, 1});
  const auto& f = get(r.series, "homes").forecast;
  EXPECT_EQ(f.model.find("driver"), std::string::npos);
  EXPECT_TRUE(has_code(f.diagnostics, "driver_too_few_overlap"));
}

TEST_F(Structure, BreaksOutlierAndLevelShift) {
  const auto& share = get(base->series, "share").forecast;
  EXPECT_TRUE(has_code(share.diagnostics, "break_outlier"));
  const auto& emis = get(base->series, "emis").forecast;
  EXPECT_TRUE(has_code(emis.diagnostics, "break_level_shift"));
  std::vector<Diagnostic> d;
  const Indicator& ind = *project->find_indicator("share");
  const Series fit = fitting_series(ind, *get(base->series, "share").observed, d);
  EXPECT_EQ(fit.index_of(2020), -1);
  EXPECT_EQ(fit.size(), 12u);
  // The fixture moved emissions before 2015 up by 1.0: the estimated step is about -1.0.
  double shift = 0;
  bool trend = false;
  ASSERT_TRUE(estimate_level_shift(*get(base->series, "emis").observed, 2015, shift, trend));
  EXPECT_TRUE(trend);
  EXPECT_NEAR(shift, -1.0, 0.1);
}

TEST(LevelShift, HandWorkedExamples) {
  // 10, 11 | 7, 8 with the break in 2012: both halves rise by 1 a year, so the fit
  // y = a + b t + d [t >= 2012] is exact with b = 1 and d = 7 - (11 + 1) = -5.
  Series s;
  s.years = {2010, 2011, 2012, 2013};
  s.values = {10, 11, 7, 8};
  double d = 0;
  bool trend = false;
  ASSERT_TRUE(estimate_level_shift(s, 2012, d, trend));
  EXPECT_TRUE(trend);
  EXPECT_NEAR(d, -5.0, 1e-12);
  // Three points are too few for step + trend: fallback 7 - 10 = -3 (first after - last before).
  s.years = {2010, 2012, 2013};
  s.values = {10, 7, 8};
  ASSERT_TRUE(estimate_level_shift(s, 2012, d, trend));
  EXPECT_FALSE(trend);
  EXPECT_NEAR(d, -3.0, 1e-12);
  // Nothing before the break: no shift.
  EXPECT_FALSE(estimate_level_shift(s, 2009, d, trend));
  // The adjusted history: 10 + (-3) = 7 before the break.
  Indicator ind;
  ind.id = "x";
  ind.breaks.push_back({2012, StructuralBreak::Kind::level_shift, "", "test"});
  std::vector<Diagnostic> diags;
  s.group = "total";
  const Series fit = fitting_series(ind, s, diags);
  EXPECT_DOUBLE_EQ(fit.values[0], 7.0);
  EXPECT_DOUBLE_EQ(fit.values[1], 7.0);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "break_level_shift");
}

TEST(StructureErrors, CycleAndBadDeclarationsAreLocated) {
  // A driver cycle: homes on pop, pop on homes.
  {
    std::string toml = test::scenario_fixture_toml("", true);
    toml.replace(toml.find("  [indicator.components]"),
                 std::string("  [indicator.components]").size(),
                 "  [indicator.driver]\n  indicator = \"homes\"\n\n  [indicator.components]\n  "
                 "group = \"total\"");
    const std::string dir = test::temp_dir("cycle");
    test::write_file(dir + "/data.csv", test::scenario_fixture_csv());
    test::write_file(dir + "/project.toml", toml);
    // Driver and components for the same group are rejected at load time with a location.
    try {
      load_project(dir + "/project.toml");
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().field, "indicator[pop].driver");
      EXPECT_GT(e.where().line, 0);
    }
  }
  {
    std::string toml = test::scenario_fixture_toml("", false);
    const std::string ports = "groups = [\"a\", \"b\", \"total\"]\ndata = \"data.csv\"\n";
    toml.replace(toml.find(ports), ports.size(),
                 ports + "  [indicator.breakdown]\n  parts = [\"a\", \"c\"]\n");
    const std::string dir = test::temp_dir("badparts");
    test::write_file(dir + "/data.csv", test::scenario_fixture_csv());
    test::write_file(dir + "/project.toml", toml);
    try {
      load_project(dir + "/project.toml");
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().field, "indicator[ports].breakdown.parts");
      EXPECT_GT(e.where().line, 0);
      EXPECT_GT(e.where().column, 0);
    }
  }
  {
    // homes driven by pop, pop driven by homes: a cycle, reported when ordering.
    std::string toml = test::scenario_fixture_toml("", false);
    const std::string pop = "id = \"pop\"\nkind = \"stock\"\ndata = \"data.csv\"\n";
    toml.replace(toml.find(pop), pop.size(),
                 pop + "  [indicator.driver]\n  indicator = \"homes\"\n");
    const std::string homes = "id = \"homes\"\nkind = \"flow\"\ndata = \"data.csv\"\n";
    toml.replace(toml.find(homes), homes.size(),
                 homes + "  [indicator.driver]\n  indicator = \"pop\"\n");
    const std::string dir = test::temp_dir("cycle2");
    test::write_file(dir + "/data.csv", test::scenario_fixture_csv());
    test::write_file(dir + "/project.toml", toml);
    const Project p = load_project(dir + "/project.toml");
    try {
      run_project(p, RunOverrides{1, 200, 1});
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.found()).find("->"), std::string::npos) << e.what();
    }
  }
}

TEST_F(Structure, LeverThroughComponentsAndDriverMatchesFullEvaluation) {
  // A lever on net migration acts on the population through the stock-flow identity and on
  // homes through the driver. The lever search evaluates only the series the target depends on;
  // this must give exactly the probability of transforming every series.
  for (const char* target : {"pop-target", "homes-target"}) {
    Lever l;
    l.id = "l";
    l.target = target;
    l.variant = std::string(target) == "homes-target" ? "average" : "";
    l.intervention.id = "lever";
    l.intervention.series = {"migration", "total"};
    l.intervention.type = InterventionType::trend;
    l.intervention.from = 2025;
    for (double v : {0.0, 50.0, 400.0})
      EXPECT_EQ(lever_probability(*project, *base, l, v),
                lever_probability_full(*project, *base, l, v))
          << target << " " << v;
    // Helpful: more migration never lowers P(pop >= 247 000).
    if (std::string(target) == "pop-target") {
      EXPECT_GE(lever_probability(*project, *base, l, 400.0),
                lever_probability(*project, *base, l, 0.0));
    }
  }
}

TEST(ExampleStructure, NorrbottenHarbourTotalDriverFallbackAndBreaks) {
  const Project p = load_project(test::source_dir() + "/examples/norrbotten-rus2030/project.toml");
  const RunResult r = run_project(p, RunOverrides{1, 500, 1});
  // hamngods: TOTALT = Luleå + Piteå on every path.
  const auto& t = get(r.series, "hamngods", "total").forecast;
  ASSERT_EQ(t.model, "sum of groups");
  for (int q = 0; q < t.n_paths; ++q)
    for (std::size_t h = 0; h < t.years.size(); ++h) {
      double sum = 0.0;
      sum += 1.0 * series_value(get(r.series, "hamngods", "lulea"), t.years[h], q);
      sum += 1.0 * series_value(get(r.series, "hamngods", "pitea"), t.years[h], q);
      ASSERT_EQ(t.at(q, static_cast<int>(h)), sum);
    }
  // Homes on the population change: the population is yearly (SCB 1950-2024), but the homes
  // have two yearly values and a period total whose derived years are not observations, so
  // only 2016 and 2019 overlap -> documented fallback.
  const auto& homes = get(r.series, "bostader_fardigstallda").forecast;
  EXPECT_TRUE(has_code(homes.diagnostics, "driver_too_few_overlap"));
  EXPECT_EQ(homes.model.find("driver"), std::string::npos);
  EXPECT_TRUE(has_code(homes.diagnostics, "derived_from_period_total"));
  // The blast-furnace stop (2015) is observed in SMHI's series and left out of the fit; the
  // pandemic (2020) is declared but not observed.
  EXPECT_TRUE(has_code(get(r.series, "vaxthusgaser").forecast.diagnostics, "break_outlier"));
  EXPECT_TRUE(
      has_code(get(r.series, "kollektivtrafik_andel").forecast.diagnostics, "break_not_observed"));
}

// An intervention on a derived total (pop = previous pop + births - deaths + migration) breaks
// the identity: the warning is not only in compare.json but in the report (under the scenario)
// and in the terminal of `run --report` and `report`, in the report's language.
TEST(StructureWarnings, InterventionOnDerivedTotalInReportAndTerminal) {
  const std::string extra = R"(
[[scenario]]
id = "mer-folk"
name_sv = "Fler invånare"
name_en = "More inhabitants"

  [[scenario.intervention]]
  indicator = "pop"
  type = "shift"
  from = 2026
  value = 500
)";
  const std::string path = test::write_scenario_fixture("derived-total-warning", extra);
  const std::string bin = test::utsikt_binary();
  const std::string dir = std::filesystem::path(path).parent_path().string();
  for (const char* lang : {"sv", "en"}) {
    const bool sv = std::string(lang) == "sv";
    const std::string sentence =
        sv ? "Scenariot mer-folk ändrar pop/total, som är summan av sina komponenter"
           : "The scenario mer-folk changes pop/total, which is the sum of its components";
    const auto run = test::run_command(bin + " run " + path + " --report --paths 200 --lang " +
                                       lang + " --output " + dir + "/run-" + lang);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find(sv ? "Varningar för scenarierna:" : "Warnings on the scenarios:"),
              std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("! " + sentence), std::string::npos) << run.out;
    const std::string html = test::read_file(dir + "/run-" + lang + "/report.html");
    const auto w = html.find("<div class=\"warn\">");
    ASSERT_NE(w, std::string::npos);
    EXPECT_NE(html.substr(w, 400).find(sentence), std::string::npos);
    const auto rep = test::run_command(bin + " report " + path + " --paths 200 --lang " + lang +
                                       " --output " + dir + "/rep-" + lang);
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    EXPECT_NE(rep.out.find("! " + sentence), std::string::npos) << rep.out;
  }
  // Without the intervention on the total: no warning heading.
  const std::string clean = test::write_scenario_fixture("derived-total-clean", "");
  const auto r = test::run_command(bin + " run " + clean + " --report --paths 200 --output " +
                                   std::filesystem::path(clean).parent_path().string() + "/o");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("Varningar för scenarierna"), std::string::npos);
}
