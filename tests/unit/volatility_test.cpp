// A declared volatility (domain knowledge) replaces the M3-derived prior scale.
#include <gtest/gtest.h>

#include "test_util.hpp"
#include "utsikt/engine/forecast.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/error.hpp"

using namespace utsikt;

namespace {
double width80(const SeriesForecast& f, int h) { return f.quantile(h, 0.9) - f.quantile(h, 0.1); }
}  // namespace

TEST(Volatility, SmallerDeclaredVolatilityGivesNarrowerIntervals) {
  Series s;
  s.indicator = "population";
  s.group = "total";
  s.years = {2017, 2022};
  s.values = {251295, 249285};
  ForecastOptions o;
  o.n_paths = 4000;
  o.seed = 3;
  SeriesSpec def{IndicatorKind::stock, Bounds{0.0, std::nullopt}, std::nullopt};
  def.prior_class = PriorClass::m3;  // the former general default (about 5 % a year)
  SeriesSpec calm{IndicatorKind::stock, Bounds{0.0, std::nullopt}, 0.005};
  const auto a = project_series(s, def, 2030, o, 1);
  const auto b = project_series(s, calm, 2030, o, 1);
  const int h = 2030 - 2023;
  EXPECT_LT(width80(b, h), 0.5 * width80(a, h));
  EXPECT_NE(b.reason.find("declared"), std::string::npos);
  // The median hardly moves: the drift comes from the data either way.
  EXPECT_NEAR(b.quantile(h, 0.5), a.quantile(h, 0.5), 0.02 * a.quantile(h, 0.5));
}

TEST(Volatility, ProjectKeyAcceptsFractionAndPercentAndNeedsASource) {
  const std::string dir = test::temp_dir("vol");
  test::write_file(dir + "/a.toml",
                   "[[indicator]]\nid=\"p\"\nkind=\"stock\"\nvolatility=\"0,5 %\"\n"
                   "volatility_source=\"SCB folkmängd 2002-2021\"\n");
  EXPECT_DOUBLE_EQ(*load_project(dir + "/a.toml").indicators[0].volatility, 0.005);
  test::write_file(dir + "/b.toml",
                   "[[indicator]]\nid=\"p\"\nkind=\"stock\"\nvolatility=0.01\n"
                   "volatility_source=\"x\"\n");
  EXPECT_DOUBLE_EQ(*load_project(dir + "/b.toml").indicators[0].volatility, 0.01);
  test::write_file(dir + "/c.toml", "[[indicator]]\nid=\"p\"\nkind=\"stock\"\nvolatility=0.01\n");
  EXPECT_THROW(load_project(dir + "/c.toml"), InputError);
  test::write_file(dir + "/d.toml",
                   "[[indicator]]\nid=\"p\"\nkind=\"stock\"\nvolatility=-1\n"
                   "volatility_source=\"x\"\n");
  EXPECT_THROW(load_project(dir + "/d.toml"), InputError);
}
