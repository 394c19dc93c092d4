// ARIMA and Theta against R forecast 8.20 (reference values: tests/reference/
// arima_theta_reference.R and the ref_*.csv files it wrote), plus properties of the simulation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "arima.hpp"
#include "test_util.hpp"
#include "theta.hpp"
#include "utsikt/model.hpp"
#include "utsikt/models/registry.hpp"
#include "utsikt/rng.hpp"

namespace {

using utsikt::ModelInput;
using utsikt::Rng;
using utsikt::models::ArimaModel;
using utsikt::models::ArimaOrder;
using utsikt::models::ThetaModel;

using Row = std::map<std::string, std::string>;

std::vector<Row> read_ref(const std::string& name) {
  std::ifstream f(utsikt::test::source_dir() + "/tests/reference/" + name);
  EXPECT_TRUE(f.good()) << name;
  std::vector<Row> rows;
  std::string line;
  std::vector<std::string> header;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string x;
    while (std::getline(ss, x, ',')) out.push_back(x);
    return out;
  };
  std::getline(f, line);
  header = split(line);
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    const auto v = split(line);
    Row r;
    for (std::size_t i = 0; i < header.size() && i < v.size(); ++i) r[header[i]] = v[i];
    rows.push_back(r);
  }
  return rows;
}

double num(const Row& r, const std::string& k) { return std::stod(r.at(k)); }

const std::map<std::string, std::vector<double>>& series() {
  static const auto s = [] {
    std::map<std::string, std::vector<double>> m;
    for (const auto& r : read_ref("ref_series.csv")) m[r.at("series")].push_back(num(r, "value"));
    return m;
  }();
  return s;
}

ModelInput input_of(const std::vector<double>& y, const std::vector<int>& drop = {}) {
  ModelInput in;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::find(drop.begin(), drop.end(), static_cast<int>(i) + 1) != drop.end()) continue;
    in.t.push_back(1.0 + i);
    in.y.push_back(y[i]);
  }
  return in;
}

std::vector<double> future(const ModelInput& in, int h, double t_last) {
  (void)in;
  std::vector<double> t;
  for (int i = 1; i <= h; ++i) t.push_back(t_last + i);
  return t;
}

TEST(Kpss, StatisticAndDifferencesMatchR) {
  for (const auto& r : read_ref("ref_kpss.csv")) {
    const auto& y = series().at(r.at("series"));
    EXPECT_NEAR(utsikt::models::kpss_statistic(y), num(r, "stat"), 1e-8) << r.at("series");
    EXPECT_EQ(utsikt::models::kpss_ndiffs(y), std::stoi(r.at("ndiffs"))) << r.at("series");
  }
}

// At R's order our exact ML must reach at least R's log-likelihood, and then the forecasts
// must agree.
TEST(ArimaReference, LogLikAndForecastAtROrder) {
  int n = 0;
  for (const auto& r : read_ref("ref_arima.csv")) {
    const auto& y = series().at(r.at("series"));
    const ArimaOrder o{std::stoi(r.at("p")), std::stoi(r.at("d")), std::stoi(r.at("q")),
                       r.at("constant") == "1"};
    ArimaModel m(o);
    const ModelInput in = input_of(y);
    const auto fr = m.fit(in);
    ASSERT_TRUE(fr.ok) << r.at("series") << " " << fr.message;
    const double ll_r = num(r, "loglik");
    const std::string what = r.at("series") + " " + r.at("kind") + " " + o.to_string();
    // Documented difference: our MA part is constrained to be invertible (partial
    // autocorrelation transform); R's estimate may sit on the boundary (ma1 = -1, N0250
    // ARIMA(1,1,1)), where we stop just inside and auto.arima would reject the fit anyway.
    std::vector<double> c;
    for (double t : m.ma()) c.push_back(-t);
    if (utsikt::models::min_root_modulus(c) < 1.02) {
      EXPECT_GE(fr.loglik, ll_r - 0.5) << what;
      ++n;
      continue;
    }
    EXPECT_GE(fr.loglik, ll_r - 1e-3) << what;
    EXPECT_LE(fr.loglik, ll_r + 0.05) << what << " (much better than R: check the likelihood)";
    if (std::abs(fr.loglik - ll_r) < 1e-3) {
      EXPECT_NEAR(fr.aicc, num(r, "aicc"), 2e-3) << what;
      const auto f = m.point_forecast(future(in, 6, in.t.back()));
      for (int h = 0; h < 6; ++h) {
        const double fr_r = num(r, "f" + std::to_string(h + 1));
        EXPECT_NEAR(f[h], fr_r, 2e-3 * std::abs(fr_r) + 1e-6) << what << " h=" << h + 1;
      }
    }
    ++n;
  }
  EXPECT_EQ(n, 30);
}

// Orders chosen by the stepwise search (same KPSS test, start models, moves, criterion and the
// same handling of the constant as forecast 8.20). A mismatch is accepted only where we found
// a lower AICc than R (R's CSS-ML optimiser can fail on a candidate that we fit), at most one.
TEST(ArimaReference, AutoOrdersMatchR) {
  int mismatches = 0, documented = 0;
  for (const auto& r : read_ref("ref_arima.csv")) {
    if (r.at("kind") != "auto") continue;
    ArimaModel m;
    const auto fr = m.fit(input_of(series().at(r.at("series"))));
    ASSERT_TRUE(fr.ok) << fr.message;
    const ArimaOrder o = m.order();
    const bool same = o.p == std::stoi(r.at("p")) && o.d == std::stoi(r.at("d")) &&
                      o.q == std::stoi(r.at("q")) &&
                      (o.d == 2 || o.constant == (r.at("constant") == "1"));
    if (!same && fr.aicc < num(r, "aicc") - 1e-3) {
      ++documented;
    } else if (!same) {
      ++mismatches;
      ADD_FAILURE() << r.at("series") << ": ours " << o.to_string() << " aicc " << fr.aicc
                    << ", R (" << r.at("p") << "," << r.at("d") << "," << r.at("q") << ") constant "
                    << r.at("constant") << " aicc " << r.at("aicc");
    } else {
      EXPECT_NEAR(fr.aicc, num(r, "aicc"), 1e-2) << r.at("series");
    }
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_LE(documented, 1);
}

TEST(ArimaReference, MissingYearsAreSkippedByTheFilter) {
  for (const auto& r : read_ref("ref_missing.csv")) {
    const auto& y = series().at(r.at("series"));
    ArimaModel m(ArimaOrder{1, 1, 0, true});
    const ModelInput in = input_of(y, {3, 8});
    ASSERT_EQ(in.y.size() + 2, y.size());
    const auto fr = m.fit(in);
    ASSERT_TRUE(fr.ok) << fr.message;
    EXPECT_NEAR(fr.loglik, num(r, "loglik"), 1e-2) << r.at("series");
    const auto f = m.point_forecast(future(in, 6, in.t.back()));
    for (int h = 0; h < 6; ++h) {
      const double fr_r = num(r, "f" + std::to_string(h + 1));
      EXPECT_NEAR(f[h], fr_r, 2e-3 * std::abs(fr_r)) << r.at("series") << " h=" << h + 1;
    }
  }
}

TEST(ThetaReference, MatchesThetaf) {
  std::map<std::string, std::vector<Row>> by;
  for (const auto& r : read_ref("ref_theta.csv")) by[r.at("series")].push_back(r);
  int same = 0;
  for (const auto& [id, rows] : by) {
    ThetaModel m(false);
    const ModelInput in = input_of(series().at(id));
    const auto fr = m.fit(in);
    ASSERT_TRUE(fr.ok) << fr.message;
    const auto f = m.point_forecast(future(in, 6, in.t.back()));
    // R's ets optimiser (Nelder-Mead) stops near, not at, the least-squares optimum of
    // (alpha, l0); ours is the exact optimum, so our SSE is never larger. Where R stopped far
    // from it (a poor initial level inflates the first error: N0013 sigma 535 vs 398) only
    // the point forecasts are compared.
    const double s2r = num(rows[0], "sigma2");
    EXPECT_LE(m.sigma2(), s2r * (1 + 1e-6)) << id;
    const bool same_optimum = m.sigma2() > s2r * 0.98;
    same += same_optimum;
    for (int h = 0; h < 6; ++h) {
      const double mr = num(rows[h], "mean");
      const double half95 = num(rows[h], "hi95") - mr;
      EXPECT_NEAR(f[h], mr, 0.1 * half95) << id << " h=" << h + 1;
      if (!same_optimum) continue;
      EXPECT_NEAR(f[h], mr, 0.01 * half95) << id << " h=" << h + 1;
      const double ours95 = 1.959964 * std::sqrt(m.sigma2() * (1 + h * m.alpha() * m.alpha()));
      EXPECT_NEAR(ours95, half95, 0.02 * half95) << id << " h=" << h + 1;
    }
  }
  EXPECT_GE(same, 10);
}

// Quantiles of simulated paths: centred on the point forecast, and at least as wide as the
// plug-in Gaussian interval (parameter uncertainty only adds), but not absurdly wider.
template <class M>
void check_paths(M& m, const ModelInput& in, double plug_in_sd_h6, const std::string& what) {
  const auto t = future(in, 6, in.t.back());
  const auto f = m.point_forecast(t);
  const int n = 4000;
  std::vector<double> last(n), out(6);
  for (int i = 0; i < n; ++i) {
    Rng rng(7, 11, i);
    m.sample_path(t, rng, out);
    for (double v : out) ASSERT_TRUE(std::isfinite(v));
    last[i] = out[5];
  }
  std::sort(last.begin(), last.end());
  const double med = last[n / 2], lo = last[n / 40], hi = last[n - n / 40];
  EXPECT_NEAR(med, f[5], 0.25 * plug_in_sd_h6) << what;
  const double width = hi - lo, plug = 2 * 1.96 * plug_in_sd_h6;
  EXPECT_GT(width, 0.95 * plug) << what;
  EXPECT_LT(width, 2.0 * plug) << what;
  // Same Rng triple, same path.
  std::vector<double> a(6), b(6);
  Rng r1(3, 4, 5), r2(3, 4, 5);
  m.sample_path(t, r1, a);
  m.sample_path(t, r2, b);
  EXPECT_EQ(a, b);
}

TEST(ThetaSimulation, PathsCentredAndWiderThanPlugIn) {
  for (const char* id : {"N0013", "N0250", "N0500"}) {
    for (bool opt : {false, true}) {
      ThetaModel m(opt);
      const ModelInput in = input_of(series().at(id));
      ASSERT_TRUE(m.fit(in).ok);
      const double sd = std::sqrt(m.sigma2() * (1 + 5 * m.alpha() * m.alpha()));
      check_paths(m, in, sd, std::string(id) + (opt ? " theta_opt" : " theta"));
    }
  }
}

TEST(ArimaSimulation, PathsCentredAndWiderThanPlugIn) {
  // Random walk with drift: plug-in sd at h=6 is sigma*sqrt(6).
  ArimaModel m(ArimaOrder{0, 1, 0, true});
  const ModelInput in = input_of(series().at("N0250"));
  ASSERT_TRUE(m.fit(in).ok);
  check_paths(m, in, std::sqrt(m.sigma2() * 6), "N0250 rw drift");
  ArimaModel a;
  const ModelInput in2 = input_of(series().at("N0500"));
  ASSERT_TRUE(a.fit(in2).ok);
  EXPECT_EQ(a.order().to_string(), "ARIMA(2,0,0) with mean");
  // AR(2) h=6 plug-in sd from the psi weights.
  const auto& phi = a.ar();
  std::vector<double> psi = {1.0};
  for (int j = 1; j < 6; ++j) {
    double s = 0;
    for (int i = 1; i <= 2 && i <= j; ++i) s += phi[i - 1] * psi[j - i];
    psi.push_back(s);
  }
  double v = 0;
  for (double p : psi) v += p * p;
  check_paths(a, in2, std::sqrt(a.sigma2() * v), "N0500 AR(2)");
}

TEST(ShortSeries, TwoToFivePointsGiveFiniteForecasts) {
  const std::vector<double> y = {10.0, 12.5, 11.0, 14.0, 15.5};
  for (int n = 2; n <= 5; ++n) {
    ModelInput in;
    for (int i = 0; i < n; ++i) {
      in.t.push_back(2000 + i);
      in.y.push_back(y[i]);
    }
    in.prior_sigma = 1.0;
    for (const char* name : {"arima", "theta", "theta_opt"}) {
      auto m = utsikt::make_model(name);
      const auto fr = m->fit(in);
      if (n < m->min_points()) {
        EXPECT_FALSE(fr.ok) << name << " n=" << n;
        EXPECT_FALSE(fr.message.empty());
        continue;
      }
      ASSERT_TRUE(fr.ok) << name << " n=" << n << ": " << fr.message;
      const std::vector<double> t = {in.t.back() + 1, in.t.back() + 3};  // with a gap
      for (double v : m->point_forecast(t)) EXPECT_TRUE(std::isfinite(v)) << name;
      std::vector<double> out(2);
      Rng rng(1, 2, 3);
      m->sample_path(t, rng, out);
      for (double v : out) EXPECT_TRUE(std::isfinite(v)) << name;
    }
  }
}

TEST(IrregularTimes, GapsAreHandled) {
  // 2005, 2010..2021 with a gap; constant series; exactly linear series.
  ModelInput in;
  in.t = {2005, 2010, 2011, 2012, 2013, 2015, 2016, 2017, 2018, 2019, 2020, 2021};
  for (double t : in.t) in.y.push_back(50 + 0.8 * (t - 2005) + std::sin(t));
  for (const char* name : {"arima", "theta", "theta_opt"}) {
    auto m = utsikt::make_model(name);
    const auto fr = m->fit(in);
    ASSERT_TRUE(fr.ok) << name << ": " << fr.message;
    const auto f = m->point_forecast(std::vector<double>{2022, 2030});
    EXPECT_GT(f[1], f[0] - 5) << name;
    EXPECT_TRUE(std::isfinite(f[1]));
  }
  ModelInput flat;
  ModelInput line;
  for (int i = 0; i < 8; ++i) {
    flat.t.push_back(2000 + i);
    flat.y.push_back(3.0);
    line.t.push_back(2000 + i);
    line.y.push_back(1.0 + 2.0 * i);
  }
  for (const char* name : {"arima", "theta", "theta_opt"}) {
    for (const ModelInput* x : {&flat, &line}) {
      auto m = utsikt::make_model(name);
      const auto fr = m->fit(*x);
      ASSERT_TRUE(fr.ok) << name << ": " << fr.message;
      const auto f = m->point_forecast(std::vector<double>{2008});
      // On an exact line thetaf has alpha = 1 and adds only half the slope (15 + 1 = 16, as
      // R); OTM moves towards the line (theta -> its upper limit 100).
      const double expect = x == &flat ? 3.0 : std::string(name) == "theta" ? 16.0 : 17.0;
      EXPECT_NEAR(f[0], expect, std::string(name) == "theta_opt" ? 0.05 : 1e-3) << name;
      // An exact fit must not give (near-)zero uncertainty: the prior sigma (ModelInput
      // default 0.05, df 2) takes over, so paths spread by about that much.
      std::vector<double> out(1);
      double s = 0, s2 = 0;
      const int n_paths = 400;
      for (int p = 0; p < n_paths; ++p) {
        Rng rng(1, 1, p);
        m->sample_path(std::vector<double>{2008}, rng, out);
        ASSERT_TRUE(std::isfinite(out[0]));
        s += out[0];
        s2 += out[0] * out[0];
      }
      const double sd = std::sqrt(std::max(0.0, s2 / n_paths - (s / n_paths) * (s / n_paths)));
      if (std::string(name) != "theta" || x == &flat) {
        EXPECT_GT(sd, 0.02) << name << (x == &flat ? " flat" : " line");
      }
    }
  }
}

}  // namespace

namespace {
// OTM contains SES (theta = 1) and the classic theta line (theta = 2) in its search, so its
// in-sample one-step SSE can be no larger than that of SES on y, and its forecast is the
// documented combination of the line and the SES forecast of the theta line.
TEST(ThetaOpt, NoWorseInSampleThanSesAndFormulaHolds) {
  for (const auto& [id, y] : series()) {
    ThetaModel ses(false), otm(true);
    const ModelInput in = input_of(y);
    ASSERT_TRUE(ses.fit(in).ok);
    ASSERT_TRUE(otm.fit(in).ok);
    double sse_ses = 0, sse_otm = 0;
    for (double e : ses.residuals()) sse_ses += e * e;
    for (double e : otm.residuals()) sse_otm += e * e;
    EXPECT_LE(sse_otm, sse_ses * (1 + 1e-9)) << id;
    EXPECT_GE(otm.theta(), 1.0) << id;
    const auto f = otm.point_forecast(future(in, 2, in.t.back()));
    EXPECT_TRUE(std::isfinite(f[0]) && std::isfinite(f[1])) << id;
    // The step from h=1 to h=2 is (1 - 1/theta) times the slope of the line (SES is flat).
    const double n = static_cast<double>(y.size());
    double kb = (n - 1) / 2, yb = 0, sxy = 0, sxx = 0;
    for (double v : y) yb += v;
    yb /= n;
    for (std::size_t k = 0; k < y.size(); ++k) {
      sxy += (k - kb) * (y[k] - yb);
      sxx += (k - kb) * (k - kb);
    }
    EXPECT_NEAR(f[1] - f[0], (1 - 1 / otm.theta()) * sxy / sxx, 1e-6 * std::abs(yb)) << id;
  }
}
}  // namespace
