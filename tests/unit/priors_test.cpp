// Priors for short series: class defaults, the empirical Bayes prior from peers, declared
// volatility honoured as the sd it states, and pooling in `utsikt forecast` (docs/methods.md,
// "Short series", "Peers").
#include "utsikt/engine/priors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "test_util.hpp"
#include "utsikt/engine/batch.hpp"
#include "utsikt/engine/forecast.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/error.hpp"
#include "utsikt/rng.hpp"

using namespace utsikt;

namespace {

// n_peers random walks with drift on the log scale: drift_j ~ N(m0, tau^2), noise sd sigma.
std::vector<Series> simulated_peers(int n_peers, double m0, double tau, double sigma, int first,
                                    int last, std::uint64_t seed) {
  std::vector<Series> out;
  for (int j = 0; j < n_peers; ++j) {
    Rng rng(seed, 7, static_cast<std::uint64_t>(j));
    const double drift = m0 + tau * rng.normal();
    Series s;
    s.indicator = "x";
    s.group = "peer" + std::to_string(j);
    double w = std::log(100000.0 * (1.0 + j));
    for (int y = first; y <= last; ++y) {
      if (y > first) w += drift + sigma * rng.normal();
      s.years.push_back(y);
      s.values.push_back(std::exp(w));
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<const Series*> ptrs(const std::vector<Series>& v) {
  std::vector<const Series*> p;
  for (const auto& s : v) p.push_back(&s);
  return p;
}

Series two_points() {
  Series s;
  s.indicator = "pop";
  s.group = "total";
  s.years = {2005, 2010};
  s.values = {250000, 249000};
  return s;
}

}  // namespace

TEST(Priors, ClassNamesRoundTripAndKindsHaveDefaults) {
  for (const auto& name : prior_class_names()) {
    const auto c = prior_class_from_string(name);
    ASSERT_TRUE(c) << name;
    EXPECT_EQ(to_string(*c), name);
    const ShortPrior p = class_prior(*c);
    EXPECT_GT(p.sigma, 0.0);
    EXPECT_GT(p.df, 0.0);
    EXPECT_FALSE(p.source.empty());
  }
  EXPECT_FALSE(prior_class_from_string("populations"));
  EXPECT_EQ(default_prior_class(IndicatorKind::stock), PriorClass::population);
  EXPECT_EQ(default_prior_class(IndicatorKind::share), PriorClass::share);
  EXPECT_EQ(default_prior_class(IndicatorKind::flow), PriorClass::flow);
  EXPECT_FALSE(class_prior(PriorClass::m3).has_drift());
}

TEST(Priors, PooledPriorRecoversTheSimulatedHyperparameters) {
  // 60 peers, 16 yearly values each: sigma 1 %, drift 0.5 % +- 0.3 % a year.
  const auto peers = simulated_peers(60, 0.005, 0.003, 0.01, 1995, 2010, 11);
  const auto p =
      peer_prior(ptrs(peers), 2010, SeriesSpec{IndicatorKind::stock, Bounds{0.0, {}}, {}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->n_peers, 60);
  EXPECT_EQ(p->scale, Scale::log);
  EXPECT_NEAR(p->sigma, 0.01, 0.0015);
  EXPECT_GT(p->df, 20.0);  // every peer has the same sigma: a sharp prior
  EXPECT_NEAR(p->drift_mean, 0.005, 0.0015);
  EXPECT_NEAR(p->drift_sd, 0.003, 0.0015);
  // Peers' histories do not measure the own-noise weight: a pooled prior keeps the class's.
  const auto q =
      peer_prior(ptrs(peers), 2010, SeriesSpec{IndicatorKind::flow, Bounds{0.0, {}}, {}});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->own_weight, class_prior(PriorClass::flow).own_weight);
  EXPECT_LT(q->own_weight, 1.0);
}

TEST(Priors, PeersNeverUseValuesAfterTheOrigin) {
  auto peers = simulated_peers(10, 0.0, 0.002, 0.01, 1995, 2010, 5);
  auto wild = peers;
  for (auto& s : wild) {  // values after 2005 (the origin) multiplied by 10
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s.years[i] > 2005) s.values[i] *= 10.0;
  }
  const SeriesSpec spec{IndicatorKind::stock, Bounds{0.0, {}}, {}};
  const auto a = peer_prior(ptrs(peers), 2005, spec);
  const auto b = peer_prior(ptrs(wild), 2005, spec);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->sigma, b->sigma);
  EXPECT_EQ(a->drift_mean, b->drift_mean);
  EXPECT_EQ(a->drift_sd, b->drift_sd);

  // And through project_series: the paths are identical.
  Series s;
  s.indicator = "pop";
  s.group = "total";
  s.years = {2000, 2005};
  s.values = {250000, 249000};
  ForecastOptions o;
  o.n_paths = 500;
  SeriesSpec sa = spec, sb = spec;
  sa.peers = &peers;
  sb.peers = &wild;
  const auto fa = project_series(s, sa, 2015, o, 3);
  const auto fb = project_series(s, sb, 2015, o, 3);
  EXPECT_EQ(fa.paths, fb.paths);
  EXPECT_NE(fa.reason.find("10 peers"), std::string::npos) << fa.reason;
}

TEST(Priors, OnePeerOrNoneFallsBackToTheClassDefault) {
  const Series s = two_points();
  ForecastOptions o;
  o.n_paths = 500;
  for (int n : {0, 1, 2}) {
    const auto peers = simulated_peers(n, 0.0, 0.002, 0.01, 1995, 2010, 5);
    SeriesSpec spec{IndicatorKind::stock, Bounds{0.0, {}}, {}};
    spec.peers = &peers;
    SeriesForecast f;
    ASSERT_NO_THROW(f = project_series(s, spec, 2030, o, 3)) << n << " peers";
    bool said = false;
    for (const auto& d : f.diagnostics) said = said || d.code == "peers_too_few";
    EXPECT_TRUE(said) << n << " peers";
    EXPECT_NE(f.reason.find("class 'population'"), std::string::npos) << f.reason;
    for (double v : f.paths) ASSERT_TRUE(std::isfinite(v));
  }
}

TEST(Priors, DeclaredVolatilityIsHonouredAsTheSdItStates) {
  // 20 yearly values growing 0.3 % a year with 0.5 % noise; volatility 0.5 % declared.
  Series s;
  s.indicator = "pop";
  s.group = "total";
  Rng rng(42, 1, 1);
  double w = std::log(250000.0);
  for (int y = 2005; y <= 2024; ++y) {
    if (y > 2005) w += 0.003 + 0.005 * rng.normal();
    s.years.push_back(y);
    s.values.push_back(std::exp(w));
  }
  ForecastOptions o;
  o.n_paths = 10000;
  SeriesSpec spec{IndicatorKind::stock, Bounds{0.0, {}}, 0.005};
  const auto f = project_series(s, spec, 2030, o, 9);
  const double m = f.quantile(0, 0.5);
  const double half95 = 0.5 * (f.quantile(0, 0.975) - f.quantile(0, 0.025)) / m;
  EXPECT_GT(half95, 0.007);
  EXPECT_LE(half95, 0.013) << "one-year-ahead 95 % half-width " << half95;

  // The same on two values (the issue's case: was +-4.4 %).
  const auto g = project_series(two_points(), spec, 2030, o, 9);
  const double m2 = g.quantile(0, 0.5);
  const double half95_2 = 0.5 * (g.quantile(0, 0.975) - g.quantile(0, 0.025)) / m2;
  EXPECT_LE(half95_2, 0.013) << half95_2;
  EXPECT_GT(half95_2, 0.009) << half95_2;
}

TEST(Priors, RwDriftWithADriftPriorFitsOnePointAndShrinksTheDrift) {
  Series one;
  one.indicator = "x";
  one.group = "total";
  one.years = {2020};
  one.values = {1000.0};
  SeriesSpec spec{IndicatorKind::stock, Bounds{0.0, {}}, {}};
  ShortPrior p;
  p.scale = Scale::log;
  p.sigma = 0.01;
  p.df = 1000.0;
  p.drift_mean = 0.02;
  p.drift_sd = 0.001;
  p.source = "test prior";
  spec.prior = p;
  ForecastOptions o;
  o.n_paths = 4000;
  const auto f = project_series(one, spec, 2030, o, 1);
  EXPECT_NE(f.model.find("rw_drift"), std::string::npos) << f.model;
  // Median after 10 years: exp(10 * 0.02) * 1000 (drift from the prior alone).
  EXPECT_NEAR(f.quantile(9, 0.5), 1000.0 * std::exp(0.2), 10.0);
  // Two points with an own drift of -1 %/year: the tight prior (0.1 %) dominates.
  Series two = one;
  two.years = {2010, 2020};
  two.values = {1000.0 * std::exp(0.1), 1000.0};
  const auto g = project_series(two, spec, 2030, o, 1);
  const double drift = std::log(g.quantile(9, 0.5) / 1000.0) / 10.0;
  const double prec = 10.0 / (0.01 * 0.01) + 1.0 / (0.001 * 0.001);
  const double expected = (-0.01 * 10.0 / 1e-4 + 0.02 / 1e-6) / prec;
  EXPECT_NEAR(drift, expected, 0.001);
}

TEST(Priors, ForecastPoolUsesPeersAndOnlyTheirTrainValues) {
  // 8 regions; each series has 2 train values and test years 2011-2015.
  const auto peers = simulated_peers(8, 0.004, 0.002, 0.006, 1995, 2015, 21);
  auto csv = [&](double factor_after_origin) {
    std::ostringstream o;
    o << "series,part,time,value,class\n";
    for (const auto& s : peers)
      for (std::size_t i = 0; i < s.size(); ++i) {
        const int y = s.years[i];
        if (y > 2010) {
          o << s.group << ",test," << y << "," << s.values[i] * factor_after_origin << ",pop\n";
        } else {
          o << s.group << ",train," << y << "," << s.values[i] << ",pop\n";
        }
      }
    return o.str();
  };
  BatchOptions opt;
  opt.horizon_from_test = true;
  opt.kind = IndicatorKind::stock;
  opt.n_paths = 500;
  opt.pool = true;
  opt.pool_by = "class";
  parse_quantile_list("0.1,0.5,0.9", opt);
  const auto a = forecast_batch(parse_batch_csv(csv(1.0), "a.csv"), opt);
  const auto b = forecast_batch(parse_batch_csv(csv(50.0), "b.csv"), opt);
  ASSERT_EQ(a.results.size(), 8u);
  for (std::size_t i = 0; i < a.results.size(); ++i) {
    EXPECT_EQ(a.results[i].q, b.results[i].q);  // test values never read
    EXPECT_NE(a.results[i].reason.find("7 peers"), std::string::npos) << a.results[i].reason;
    EXPECT_EQ(a.results[i].years.back(), 2015);
  }
  // Unknown pool column: a clear error.
  opt.pool_by = "region";
  EXPECT_THROW(forecast_batch(parse_batch_csv(csv(1.0), "a.csv"), opt), InputError);
}

TEST(Priors, ClassTableAgreesWithTheDerivationScriptOutput) {
  // bench/sweden_priors.py writes bench/sweden_priors.csv; priors.cpp carries the same numbers.
  std::ifstream f(test::source_dir() + "/bench/sweden_priors.csv");
  ASSERT_TRUE(f) << "bench/sweden_priors.csv missing";
  std::string line;
  std::getline(f, line);  // header: class,scale,s0,nu0,m0,tau,own_weight,...
  ASSERT_EQ(line.rfind("class,scale,s0,nu0,m0,tau,own_weight,", 0), 0u) << line;
  int rows = 0;
  while (std::getline(f, line)) {
    std::vector<std::string> c;
    std::stringstream ss(line);
    std::string cell;
    for (int k = 0; k < 7 && std::getline(ss, cell, ','); ++k) c.push_back(cell);
    ASSERT_EQ(c.size(), 7u) << line;
    const auto cls = prior_class_from_string(c[0]);
    ASSERT_TRUE(cls) << c[0];
    const ShortPrior p = class_prior(*cls);
    EXPECT_EQ(to_string(p.scale), c[1]) << c[0];
    EXPECT_NEAR(p.sigma, std::stod(c[2]), 0.005 * std::stod(c[2])) << c[0];
    EXPECT_NEAR(p.df, std::stod(c[3]), 0.005 * std::stod(c[3])) << c[0];
    EXPECT_NEAR(p.drift_mean, std::stod(c[4]), 0.005 * std::abs(std::stod(c[4])) + 1e-6) << c[0];
    EXPECT_NEAR(p.drift_sd, std::stod(c[5]), 0.005 * std::stod(c[5]) + 1e-6) << c[0];
    EXPECT_NEAR(p.own_weight, std::stod(c[6]), 1e-9) << c[0];
    ++rows;
  }
  EXPECT_EQ(rows, 5);
}

TEST(Priors, ProjectPeersFromALongCsvWithARegionColumn) {
  const std::string dir = test::temp_dir("peers");
  // Five regions with 16 yearly values 1995-2010, the own region (excluded) and two sectors
  // that are summed per region and year.
  std::ostringstream csv;
  csv << "region,sector,year,value\n";
  const auto peers = simulated_peers(6, 0.003, 0.002, 0.005, 1995, 2010, 3);
  for (std::size_t j = 0; j < peers.size(); ++j)
    for (std::size_t i = 0; i < peers[j].size(); ++i)
      for (const char* sector : {"a", "b"})
        csv << (j == 0 ? std::string("Own") : "R" + std::to_string(j)) << "," << sector << ","
            << peers[j].years[i] << "," << peers[j].values[i] / 2 << "\n";
  test::write_file(dir + "/peers.csv", csv.str());
  test::write_file(dir + "/p.toml",
                   "[project]\nhorizon_end = 2020\n"
                   "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\n"
                   "[[indicator.observation]]\nyear = 2005\nvalue = 100000\n"
                   "[[indicator.observation]]\nyear = 2010\nvalue = 101000\n"
                   "[indicator.peers]\nfile = \"peers.csv\"\nexclude = [\"Own\"]\n");
  const Project p = load_project(dir + "/p.toml");
  ASSERT_EQ(p.indicators[0].peers.size(), 5u);
  EXPECT_EQ(p.indicators[0].peers[0].size(), 16u);
  RunOverrides ov;
  ov.n_paths = 500;
  const RunResult r = run_project(p, ov);
  ASSERT_FALSE(r.series.empty());
  EXPECT_NE(r.series[0].forecast.reason.find("5 peers"), std::string::npos)
      << r.series[0].forecast.reason;

  // A filter on a column that does not exist: an error naming the file and the column.
  test::write_file(dir + "/q.toml",
                   "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\n"
                   "[[indicator.observation]]\nyear = 2005\nvalue = 100000\n"
                   "[indicator.peers]\nfile = \"peers.csv\"\nselect = [\"kommun=x\"]\n");
  try {
    load_project(dir + "/q.toml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("kommun"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("peers.csv"), std::string::npos) << e.what();
  }
}

TEST(Priors, PoolExcludeLeavesTheRegionOutOfItsOwnPanel) {
  // Per region: a short series (2005, 2010; test 2011-2015) and its 16-year history (no test
  // rows). With --pool-exclude region, region R0's short series never uses R0's history.
  const auto hist = simulated_peers(6, 0.003, 0.002, 0.005, 1995, 2015, 13);
  auto csv = [&](double r0_factor) {
    std::ostringstream o;
    o << "series,part,time,value,region\n";
    for (std::size_t j = 0; j < hist.size(); ++j) {
      const std::string region = "R" + std::to_string(j);
      const double f = j == 0 ? r0_factor : 1.0;
      for (std::size_t i = 0; i < hist[j].size(); ++i) {
        const int y = hist[j].years[i];
        if (y <= 2010)
          o << region << "|history,train," << y << "," << hist[j].values[i] * f << "," << region
            << "\n";
        if (y == 2005 || y == 2010)
          o << region << ",train," << y << "," << hist[j].values[i] << "," << region << "\n";
        if (y > 2010) o << region << ",test," << y << ",0," << region << "\n";
      }
    }
    return o.str();
  };
  BatchOptions opt;
  opt.horizon_from_test = true;
  opt.kind = IndicatorKind::stock;
  opt.n_paths = 400;
  opt.pool = true;
  opt.pool_exclude = "region";
  parse_quantile_list("0.1,0.5,0.9", opt);
  const auto a = forecast_batch(parse_batch_csv(csv(1.0), "a.csv"), opt);
  const auto b = forecast_batch(parse_batch_csv(csv(1.3), "b.csv"), opt);  // R0's history moved
  ASSERT_EQ(a.results.size(), 6u);  // the histories have no test rows: not forecast
  EXPECT_EQ(a.results[0].id, "R0");
  EXPECT_EQ(a.results[0].q, b.results[0].q);  // R0 never saw its own history
  EXPECT_NE(a.results[1].q, b.results[1].q);  // R1 did use R0's history
  EXPECT_NE(a.results[0].reason.find("5 peers"), std::string::npos) << a.results[0].reason;
}

TEST(Priors, OwnWeightSetsHowMuchTheSeriesOwnResidualsMoveTheNoisePrior) {
  // Two 4-value series with the same first and last value (the same drift) but calm and wild
  // values in between: with own_weight 0 the noise comes from the prior alone (identical paths),
  // with 1 the wild series is much wider than the calm one, with 0.5 in between.
  Series calm;
  calm.indicator = "x";
  calm.group = "calm";
  calm.years = {1990, 2000, 2005, 2010};
  calm.values = {1000.0, 950.0, 925.0, 900.0};
  Series wild = calm;
  wild.values = {1000.0, 1300.0, 700.0, 900.0};
  ShortPrior p = class_prior(PriorClass::emissions);
  ForecastOptions o;
  o.n_paths = 4000;
  auto width = [&](const Series& s, double w) {
    SeriesSpec spec{IndicatorKind::flow, Bounds{0.0, {}}, {}};
    p.own_weight = w;
    spec.prior = p;
    const auto f = project_series(s, spec, 2020, o, 5);
    return std::make_pair(f, std::log(f.quantile(9, 0.9) / f.quantile(9, 0.1)));
  };
  const auto [c0, wc0] = width(calm, 0.0);
  const auto [w0, ww0] = width(wild, 0.0);
  EXPECT_EQ(c0.paths, w0.paths);
  const auto [c1, wc1] = width(calm, 1.0);
  const auto [w1, ww1] = width(wild, 1.0);
  EXPECT_GT(ww1, 2.0 * wc1);
  const auto [ch, wch] = width(calm, 0.5);
  const auto [wh, wwh] = width(wild, 0.5);
  EXPECT_GT(wwh, wch);
  EXPECT_LT(wwh, ww1);
  EXPECT_GT(wch, wc1);  // the calm series' own residuals narrow it less with a smaller weight
  EXPECT_NE(w1.weights[0].parameters.find("sigma="), std::string::npos);
  EXPECT_NE(wh.weights[0].parameters.find("own_noise_weight=0.5"), std::string::npos)
      << wh.weights[0].parameters;
}
