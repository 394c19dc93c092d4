// An indicator for many regions (`regions = "all"` or a list; docs/project-format.md, "Many
// regions") and its ranking outputs: expansion, validation errors, determinism over thread
// counts and region order, ranking order, the CSV, terminal and report contents. The example
// examples/lan-befolkning (21 counties, committed data) needs nothing from ../shared.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/error.hpp"
#include "utsikt/io/fetch.hpp"
#include "utsikt/outputs/ranking.hpp"
#include "utsikt/outputs/report.hpp"
#include "xml_check.hpp"

namespace utsikt {
namespace {

namespace fs = std::filesystem;

std::string example() { return test::source_dir() + "/examples/lan-befolkning/project.toml"; }

RunResult run(const Project& p, int threads, int paths = 400) {
  RunOverrides o;
  o.n_paths = paths;
  o.threads = threads;
  return run_project(p, o);
}

const RegionRow* row_of(const Ranking& rk, const std::string& code) {
  for (const auto& r : rk.rows)
    if (r.code == code) return &r;
  return nullptr;
}

// A small regional data file: four regions with different trends, one group.
const char* kCsv =
    "region,region_name,indicator,group,year,value,source\n"
    "A1,Alfa,pop,total,2015,1000,t\nA1,Alfa,pop,total,2016,1010,t\nA1,Alfa,pop,total,2017,1021,t\n"
    "A1,Alfa,pop,total,2018,1030,t\nA1,Alfa,pop,total,2019,1042,t\nA1,Alfa,pop,total,2020,1050,t\n"
    "B2,Beta,pop,total,2015,2000,t\nB2,Beta,pop,total,2016,1980,t\nB2,Beta,pop,total,2017,1965,t\n"
    "B2,Beta,pop,total,2018,1950,t\nB2,Beta,pop,total,2019,1930,t\nB2,Beta,pop,total,2020,1915,t\n"
    "C3,Gamma,pop,total,2015,500,t\nC3,Gamma,pop,total,2016,501,t\nC3,Gamma,pop,total,2017,499,t\n"
    "C3,Gamma,pop,total,2018,502,t\nC3,Gamma,pop,total,2019,500,t\nC3,Gamma,pop,total,2020,501,t\n"
    "D4,Delta,pop,total,2015,800,t\nD4,Delta,pop,total,2016,812,t\nD4,Delta,pop,total,2017,818,t\n"
    "D4,Delta,pop,total,2018,831,t\nD4,Delta,pop,total,2019,840,t\nD4,Delta,pop,total,2020,851,t\n";

// A project over kCsv (or `csv`) with the given indicator lines; one target "grow".
std::string small_project(const std::string& name, const std::string& indicator_lines,
                          const std::string& csv = kCsv) {
  const std::string dir = test::temp_dir(name);
  test::write_file(dir + "/data.csv", csv);
  test::write_file(dir + "/project.toml",
                   "[project]\nname_sv = \"t\"\n\n[[indicator]]\nid = \"pop\"\nkind = \"stock\"\n"
                   "data = \"data.csv\"\n" +
                       indicator_lines +
                       "\n[[target]]\nid = \"grow\"\nindicator = \"pop\"\nkind = \"increase\"\n"
                       "base_year = 2020\nyear = 2026\n");
  return dir + "/project.toml";
}

// The message of the InputError that loading `path` throws ("" if none).
std::string load_error(const std::string& path) {
  try {
    load_project(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Regions, ExampleExpandsToEveryCountyWithTheOwnRegionAsTheIndicatorsData) {
  const Project p = load_project(example());
  const Indicator& ind = *p.find_indicator("folkmangd");
  ASSERT_EQ(ind.regions.size(), 21u);
  EXPECT_EQ(ind.home_region, "25");
  EXPECT_EQ(ind.regions.front().code, "01");
  EXPECT_EQ(ind.regions.front().name, "Stockholm");
  // The own region's series is the indicator's ordinary data (SOURCES.md checks: 2007, 2015).
  const Series* own = p.find_series({"folkmangd", "total"});
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->size(), 18u);  // 2000-2015, 2023, 2024
  EXPECT_EQ(*own->at_year(2007), 250602.0);
  EXPECT_EQ(*own->at_year(2015), 249733.0);
  EXPECT_EQ(*own->at_year(2024), 248620.0);
}

TEST(Regions, EveryTargetIsRankedForEveryRegionAndTheOwnRowIsTheRunsOwnResult) {
  const Project p = load_project(example());
  const RunResult r = run(p, 2);
  ASSERT_EQ(r.rankings.size(), 2u);  // two targets, one variant each
  for (const Ranking& rk : r.rankings) {
    ASSERT_EQ(rk.rows.size(), 21u);
    const RegionRow* home = rk.home();
    ASSERT_NE(home, nullptr);
    EXPECT_EQ(home->code, "25");
    // The own region's row is the ordinary result (targets.csv).
    const TargetResult* own = nullptr;
    for (const auto& t : r.targets)
      if (t.target == rk.target) own = &t;
    ASSERT_NE(own, nullptr);
    EXPECT_EQ(home->result.probability, own->probability);
    EXPECT_EQ(home->result.value->median, own->value->median);
    // Ranks 1..21 in order; P(met) never increases down the list, equal P by the median.
    for (std::size_t i = 0; i < rk.rows.size(); ++i) {
      const RegionRow& row = rk.rows[i];
      EXPECT_EQ(row.rank, static_cast<int>(i) + 1);
      EXPECT_EQ(row.result.status, TargetStatus::assessed);
      EXPECT_TRUE(std::isfinite(row.result.probability));
      if (i == 0) continue;
      const RegionRow& prev = rk.rows[i - 1];
      EXPECT_GE(prev.result.probability, row.result.probability) << row.code;
      if (prev.result.probability == row.result.probability)
        EXPECT_GE(prev.result.measure_interval->median, row.result.measure_interval->median);
    }
  }
}

TEST(Regions, SameNumbersOnOneOrManyThreads) {
  const Project p = load_project(example());
  const RunResult a = run(p, 1), b = run(p, 2), c = run(p, 0);
  ASSERT_EQ(a.rankings.size(), b.rankings.size());
  for (std::size_t k = 0; k < a.rankings.size(); ++k)
    for (std::size_t i = 0; i < a.rankings[k].rows.size(); ++i)
      for (const RunResult* other : {&b, &c}) {
        const RegionRow& x = a.rankings[k].rows[i];
        const RegionRow& y = other->rankings[k].rows[i];
        EXPECT_EQ(x.code, y.code);
        EXPECT_EQ(x.result.probability, y.result.probability);
        EXPECT_EQ(x.result.value->median, y.result.value->median);
        EXPECT_EQ(x.result.value->lo80, y.result.value->lo80);
        EXPECT_EQ(x.result.value->hi80, y.result.value->hi80);
      }
}

TEST(Regions, ARegionsNumbersDependOnItsCodeNotOnItsPlaceOrTheOtherRegions) {
  const Project all =
      load_project(small_project("regions-all", "regions = \"all\"\nregion = \"A1\"\n"));
  // The same data with the rows in reverse order, and a list naming fewer regions in another
  // order.
  std::istringstream in(kCsv);
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  std::reverse(lines.begin(), lines.end());
  std::string reversed = header + "\n";
  for (const auto& l : lines) reversed += l + "\n";
  const Project some = load_project(small_project(
      "regions-some", "regions = [\"D4\", \"B2\", \"A1\"]\nregion = \"A1\"\n", reversed));
  EXPECT_EQ(some.find_indicator("pop")->regions.size(), 3u);
  const RunResult ra = run(all, 2), rs = run(some, 1);
  ASSERT_EQ(ra.rankings.size(), 1u);
  ASSERT_EQ(rs.rankings.size(), 1u);
  EXPECT_EQ(rs.rankings[0].rows.size(), 3u);
  for (const char* code : {"A1", "B2", "D4"}) {
    const RegionRow* x = row_of(ra.rankings[0], code);
    const RegionRow* y = row_of(rs.rankings[0], code);
    ASSERT_TRUE(x && y) << code;
    EXPECT_EQ(x->result.probability, y->result.probability) << code;
    EXPECT_EQ(x->result.value->median, y->result.value->median) << code;
  }
  // Nor on which region is the own one.
  const Project other_home =
      load_project(small_project("regions-home", "regions = \"all\"\nregion = \"D4\"\n"));
  const RunResult rh = run(other_home, 2);
  for (const RegionRow& x : ra.rankings[0].rows) {
    const RegionRow* y = row_of(rh.rankings[0], x.code);
    ASSERT_NE(y, nullptr);
    EXPECT_EQ(x.result.probability, y->result.probability) << x.code;
    EXPECT_EQ(x.result.value->median, y->result.value->median) << x.code;
  }
  EXPECT_TRUE(row_of(rh.rankings[0], "D4")->home);
  // Growing regions rank above the shrinking one.
  EXPECT_EQ(ra.rankings[0].rows.back().code, "B2");
  EXPECT_LT(row_of(ra.rankings[0], "B2")->result.probability,
            row_of(ra.rankings[0], "D4")->result.probability);
}

TEST(Regions, RegionsWithoutAResultComeLastWithoutRankAndShortSeriesAreMarked) {
  // B starts after the base year; C has a base value of 0 (a relative change is undefined);
  // A and E have a result, E from one observation.
  const std::string path =
      small_project("regions-nodata", "regions = \"all\"\nregion = \"A\"\n",
                    "region,indicator,year,value\nA,pop,2018,100\nA,pop,2019,100\nA,pop,2020,101\n"
                    "A,pop,2021,103\nA,pop,2022,104\nA,pop,2023,106\nB,pop,2021,50\nC,pop,2019,0\n"
                    "C,pop,2020,0\nE,pop,2015,5\n");
  std::string toml = test::read_file(path);
  toml.replace(toml.find("kind = \"increase\""), 17,
               "kind = \"change\"\nop = \">=\"\nvalue = 0.01");
  test::write_file(path, toml);
  const Project p = load_project(path);  // the run's results point into it
  const RunResult r = run(p, 2);
  const Ranking& rk = r.rankings.at(0);
  ASSERT_EQ(rk.rows.size(), 4u);
  EXPECT_EQ(rk.rows[0].rank, 1);
  EXPECT_EQ(rk.rows[1].rank, 2);
  for (std::size_t i = 2; i < 4; ++i) {
    EXPECT_EQ(rk.rows[i].rank, 0);
    EXPECT_EQ(rk.rows[i].result.status, TargetStatus::no_data);
  }
  EXPECT_EQ(rk.rows[2].code, "B");  // by code among those without a result
  EXPECT_EQ(rk.rows[3].code, "C");
  const std::string csv = out::ranking_csv(rk, out::Lang::en);
  EXPECT_NE(csv.find("\n,B,,,,,,,,2021,50,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("few data points (1)"), std::string::npos) << csv;  // E
  const std::string term = out::ranking_table(r, out::Lang::en);
  EXPECT_NE(term.find("* 4 or fewer data points"), std::string::npos) << term;
  EXPECT_NE(term.find("rank 1 of 2"), std::string::npos) << term;  // A, own region
  EXPECT_EQ(test::xml_problem(out::ranking_chart_svg(rk, out::Lang::en)), "");
}

TEST(Regions, ValidationErrorsNameFileLineAndField) {
  // A code the file does not have.
  std::string e =
      load_error(small_project("regions-e1", "regions = [\"A1\", \"99\"]\nregion = \"A1\"\n"));
  EXPECT_NE(e.find("project.toml:8"), std::string::npos) << e;
  EXPECT_NE(e.find("indicator[pop].regions"), std::string::npos) << e;
  EXPECT_NE(e.find("\"99\""), std::string::npos) << e;
  EXPECT_NE(e.find("A1, B2, C3, D4"), std::string::npos) << e;
  // The own region outside the list.
  e = load_error(small_project("regions-e2", "regions = [\"A1\", \"B2\"]\nregion = \"C3\"\n"));
  EXPECT_NE(e.find("indicator[pop].region'"), std::string::npos) << e;
  EXPECT_NE(e.find("\"C3\""), std::string::npos) << e;
  // No own region.
  e = load_error(small_project("regions-e3", "regions = \"all\"\n"));
  EXPECT_NE(e.find("region"), std::string::npos) << e;
  // Neither "all" nor a list.
  e = load_error(small_project("regions-e4", "regions = \"alla\"\nregion = \"A1\"\n"));
  EXPECT_NE(e.find("\"all\" or a list"), std::string::npos) << e;
  // A data file without the region column.
  e = load_error(small_project("regions-e5", "regions = \"all\"\nregion = \"A1\"\n",
                               "indicator,group,year,value\npop,total,2020,1\n"));
  EXPECT_NE(e.find("data.csv:1"), std::string::npos) << e;
  EXPECT_NE(e.find("'region'"), std::string::npos) << e;
  // An empty region cell: file, line and column.
  e = load_error(small_project("regions-e6", "regions = \"all\"\nregion = \"A1\"\n",
                               "region,indicator,year,value\nA1,pop,2019,1\n,pop,2020,2\n"));
  EXPECT_NE(e.find("data.csv:3:1"), std::string::npos) << e;
  // A region without rows of one of the indicator's groups.
  e = load_error(small_project(
      "regions-e7", "groups = [\"women\", \"men\"]\nregions = \"all\"\nregion = \"A1\"\n",
      "region,indicator,group,year,value\nA1,pop,women,2020,1\n"
      "A1,pop,men,2020,1\nB2,pop,women,2020,1\n"));
  EXPECT_NE(e.find("data.csv"), std::string::npos) << e;
  EXPECT_NE(e.find("none for region B2"), std::string::npos) << e;
  // `region` without `regions`, and regions with a source.
  e = load_error(small_project("regions-e8", "region = \"A1\"\n"));
  EXPECT_NE(e.find("only with regions"), std::string::npos) << e;
  e = load_error(small_project(
      "regions-e9", "regions = \"all\"\nregion = \"A1\"\nsource = { kolada = \"N1\" }\n"));
  EXPECT_NE(e.find("indicator[pop].source"), std::string::npos) << e;
  // A duplicate year within one region: the line of the second.
  e = load_error(small_project("regions-e10", "regions = \"all\"\nregion = \"A1\"\n",
                               "region,indicator,year,value\nA1,pop,2019,1\nB2,pop,2019,1\n"
                               "A1,pop,2019,2\n"));
  EXPECT_NE(e.find("data.csv:4"), std::string::npos) << e;
}

// An official table with a region dimension (tests/fixtures/px/bilingual_ansi.px: two counties
// x sex x 2019-2021, shares in percent).
std::string px_project(const std::string& name, const std::string& data_table,
                       const std::string& more = "") {
  const std::string dir = test::temp_dir(name);
  fs::copy_file(test::source_dir() + "/tests/fixtures/px/bilingual_ansi.px", dir + "/t.px");
  test::write_file(dir + "/project.toml",
                   "[[indicator]]\nid = \"andel\"\nkind = \"share\"\ngroups = [\"women\", "
                   "\"men\"]\ndata = " +
                       data_table + "\nregions = \"all\"\nregion = \"25\"\n" + more +
                       "\n[[target]]\nid = \"k\"\nindicator = \"andel\"\ngroup = "
                       "\"women\"\nkind = \"increase\"\nyear = 2025\n");
  return dir + "/project.toml";
}

TEST(Regions, RegionsFromAnOfficialTableWithARegionDimension) {
  const std::string groups = "group_select = { women = \"kön=kvinnor\", men = \"kön=män\" }";
  const Project p = load_project(
      px_project("regions-px", "{ file = \"t.px\", region = \"län\", " + groups + " }"));
  const Indicator& ind = *p.find_indicator("andel");
  ASSERT_EQ(ind.regions.size(), 2u);
  EXPECT_EQ(ind.regions[0].code, "24");
  EXPECT_EQ(ind.regions[0].name, "24 Västerbottens län");
  EXPECT_EQ(ind.regions[1].groups.at("women").size(), 3u);
  EXPECT_EQ(p.find_series({"andel", "women"})->values,
            ind.regions[1].groups.at("women").values);  // the own region, 25
  const RunResult r = run(p, 2);
  ASSERT_EQ(r.rankings.size(), 1u);
  EXPECT_EQ(r.rankings[0].rows.size(), 2u);
  // The name already starts with the code: shown once.
  EXPECT_NE(out::ranking_table(r, out::Lang::sv).find("  24 Västerbottens län "),
            std::string::npos);
  // exclude leaves a region out; a dimension the table does not have is an error listing its
  // dimensions.
  const Project one = load_project(
      px_project("regions-px-ex",
                 "{ file = \"t.px\", region = \"county\", language = \"en\", exclude = "
                 "[\"24\"], group_select = { women = \"sex=women\", men = \"sex=men\" } }"));
  EXPECT_EQ(one.find_indicator("andel")->regions.size(), 1u);
  const std::string e = load_error(
      px_project("regions-px-e", "{ file = \"t.px\", region = \"lan\", " + groups + " }"));
  EXPECT_NE(e.find("indicator[andel].data.region"), std::string::npos) << e;
  EXPECT_NE(e.find("(län, kön, år)"), std::string::npos) << e;
  EXPECT_NE(e.find("\"lan\""), std::string::npos) << e;
}

// A Kolada KPI for every municipality, read from the fetch cache: a synthetic response (three
// municipalities, women/men/total, 2015-2020; written for this test, not Kolada's numbers).
TEST(Regions, RegionsFromAKoladaSourceForAllMunicipalitiesInTheCache) {
  const std::string dir = test::temp_dir("regions-kolada");
  FetchOptions o;
  o.cache = CacheMode::offline;
  o.cache_dir = dir + "/cache";
  const std::string url =
      "https://api.kolada.se/v3/data/kpi/N00001/year/2015,2016,2017,2018,2019,2020";
  nlohmann::json values = nlohmann::json::array();
  const std::vector<std::pair<std::string, double>> munis = {
      {"2580", 60.0}, {"2581", 55.0}, {"2584", 70.0}};
  for (const auto& [m, start] : munis)
    for (int y = 2015; y <= 2020; ++y) {
      const double trend = m == "2584" ? -0.8 : 0.6;
      nlohmann::json v = nlohmann::json::array();
      for (const char* g : {"K", "M", "T"})
        v.push_back({{"count", 1},
                     {"gender", g},
                     {"status", ""},
                     {"value", start + trend * (y - 2015) + (g[0] == 'K' ? 1.0 : 0.0) +
                                   0.3 * ((y * 7 + static_cast<int>(m[3])) % 3)}});
      values.push_back({{"kpi", "N00001"}, {"municipality", m}, {"period", y}, {"values", v}});
    }
  nlohmann::json entry;
  entry["method"] = "GET";
  entry["url"] = url;
  entry["body"] = "";
  entry["retrieved"] = "2026-12-01T12:00:00Z";
  entry["response"] =
      nlohmann::json{{"count", values.size()}, {"next_url", nullptr}, {"values", values}}.dump();
  test::write_file(fetch_cache_file(o, "GET", url, ""), entry.dump());
  test::write_file(dir + "/project.toml",
                   "[[indicator]]\nid = \"andel\"\nkind = \"share\"\ngroups = [\"total\", "
                   "\"women\"]\nsource = { kolada = \"N00001\", municipality = \"all\", years = "
                   "\"2015-2020\", exclude = [\"2581\"] }\nregions = \"all\"\nregion = "
                   "\"2580\"\n\n[[target]]\nid = \"k\"\nindicator = \"andel\"\nkind = "
                   "\"increase\"\nyear = 2025\n");
  const Project p = load_project(dir + "/project.toml", o);
  const Indicator& ind = *p.find_indicator("andel");
  ASSERT_EQ(ind.regions.size(), 2u);  // 2581 excluded
  EXPECT_EQ(ind.regions[0].code, "2580");
  EXPECT_EQ(ind.regions[1].code, "2584");
  EXPECT_EQ(ind.regions[1].groups.at("total").size(), 6u);
  EXPECT_EQ(*ind.regions[1].groups.at("women").at_year(2015),
            *ind.regions[1].groups.at("total").at_year(2015) + 1.0);
  const RunResult r = run(p, 2);
  ASSERT_EQ(r.rankings.size(), 1u);
  EXPECT_EQ(r.rankings[0].rows.front().code, "2580");  // rising before falling
  // Not in the cache: the error names the project key and says how to fetch it.
  FetchOptions empty = o;
  empty.cache_dir = dir + "/empty";
  try {
    load_project(dir + "/project.toml", empty);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("indicator[andel].source.kolada"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--refresh"), std::string::npos) << e.what();
  }
}

TEST(Regions, TheExpandedCountIsBounded) {
  std::string csv = "region,indicator,year,value\n";
  for (int i = 0; i < 10'001; ++i) csv += "R" + std::to_string(i) + ",pop,2020,1\n";
  const std::string e =
      load_error(small_project("regions-limit", "regions = \"all\"\nregion = \"R0\"\n", csv));
  EXPECT_NE(e.find("at most 10000 series"), std::string::npos) << e;
  EXPECT_NE(e.find("indicator[pop].regions"), std::string::npos) << e;
}

TEST(Regions, RankingCsvTerminalAndReportSection) {
  const Project p = load_project(example());
  const RunResult r = run(p, 2);
  const Ranking& rk = r.rankings.front();
  EXPECT_EQ(out::ranking_file_name(rk), "ranking-fler-invanare.csv");
  const std::string sv = out::ranking_csv(rk, out::Lang::sv, csv_dialect_from_string("sv"));
  EXPECT_EQ(
      sv.rfind("\xEF\xBB\xBFrang;regionkod;region;egen_region;p_uppfyllt;mc_fel;median_2030", 0),
      0u)
      << sv.substr(0, 80);
  EXPECT_EQ(std::count(sv.begin(), sv.end(), '\n'), 22);  // header + 21 regions
  // The first data row is the region ranked first; the own region says so.
  const std::size_t first = sv.find('\n') + 1;
  EXPECT_EQ(sv.substr(first, 2 + 1 + rk.rows[0].code.size()), "1;" + rk.rows[0].code + ";");
  EXPECT_NE(sv.find(";25;Norrbotten;ja;"), std::string::npos);
  EXPECT_NE(sv.find("0,"), std::string::npos);  // decimal commas
  EXPECT_EQ(sv.find("nan"), std::string::npos);
  const std::string en = out::ranking_csv(rk, out::Lang::en);
  EXPECT_EQ(en.rfind("rank,region_code,region,own_region,p_met,mc_se,median_2030", 0), 0u);
  EXPECT_NE(en.find(",25,Norrbotten,yes,"), std::string::npos);

  const std::string term = out::ranking_table(r, out::Lang::sv);
  const RegionRow* home = rk.home();
  EXPECT_NE(term.find("Egen region: 25 Norrbotten, plats " + std::to_string(home->rank) + " av 21"),
            std::string::npos)
      << term;
  EXPECT_NE(term.find(rk.rows.front().name), std::string::npos);
  EXPECT_NE(term.find(rk.rows.back().name), std::string::npos);
  EXPECT_EQ(term.find(rk.rows[10].name + " "), std::string::npos);  // the middle is left out

  const std::string html = out::report_html(r, out::Lang::sv);
  EXPECT_NE(html.find("id=\"rangordning\""), std::string::npos);
  const std::string svg = out::ranking_chart_svg(rk, out::Lang::sv);
  std::size_t circles = 0;
  for (std::size_t at = svg.find("<circle"); at != std::string::npos;
       at = svg.find("<circle", at + 1))
    ++circles;
  EXPECT_EQ(circles, 21u);
  EXPECT_EQ(test::xml_problem(svg), "");
  const std::string section = out::ranking_section_html(r, out::Lang::en);
  EXPECT_EQ(test::xml_problem("<div>" + section + "</div>", true), "");
  EXPECT_NE(section.find("Regions ranked"), std::string::npos);
  EXPECT_EQ(svg.find("fill=\"#fff1c9\""), svg.rfind("fill=\"#fff1c9\""));  // one highlight
  EXPECT_NE(svg.find("fill=\"#fff1c9\""), std::string::npos);
  // File names stay in the output folder whatever the target id; shared names get a suffix.
  RunResult odd = r;
  Target t1 = *odd.rankings[0].target, t2 = *odd.rankings[1].target;
  t1.id = "../a/b";
  t2.id = "__a_b";
  odd.rankings[0].target = &t1;
  odd.rankings[1].target = &t2;
  EXPECT_EQ(out::ranking_file_names(odd),
            (std::vector<std::string>{"ranking-___a_b.csv", "ranking-__a_b.csv"}));
  t2.id = "../a/b";
  EXPECT_EQ(out::ranking_file_names(odd),
            (std::vector<std::string>{"ranking-___a_b.csv", "ranking-___a_b-2.csv"}));
  // A project without regions has no section and no ranking files.
  RunResult none = r;
  none.rankings.clear();
  EXPECT_EQ(out::ranking_section_html(none, out::Lang::sv), "");
  EXPECT_EQ(out::ranking_table(none, out::Lang::sv), "");
}

TEST(Regions, RunWritesTheRankingFiles) {
  const std::string dir = test::temp_dir("regions-cli");
  const auto res = test::run_command(test::utsikt_binary() + " run " + example() + " --output " +
                                     dir + " --paths 300 --report");
  ASSERT_EQ(res.exit_code, 0) << res.err;
  EXPECT_TRUE(fs::exists(dir + "/ranking-fler-invanare.csv"));
  EXPECT_TRUE(fs::exists(dir + "/ranking-niva-2015.csv"));
  EXPECT_NE(res.out.find("Rangordning: Fler invånare 2030 än 2024 (21 regioner)"),
            std::string::npos)
      << res.out;
  EXPECT_NE(test::read_file(dir + "/report.html").find("Regioner i rangordning"),
            std::string::npos);
  // A bad region code: exit 2, nothing written.
  const std::string bad = small_project("regions-cli-bad", "regions = [\"X\"]\nregion = \"X\"\n");
  const std::string out2 = test::temp_dir("regions-cli-bad-out");
  const auto r2 = test::run_command(test::utsikt_binary() + " run " + bad + " --output " + out2);
  EXPECT_EQ(r2.exit_code, 2) << r2.err;
  EXPECT_NE(r2.err.find("\"X\""), std::string::npos) << r2.err;
  EXPECT_FALSE(fs::exists(out2 + "/targets.csv"));
}

}  // namespace
}  // namespace utsikt
