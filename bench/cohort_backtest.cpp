// Backtests of the cohort-component model (docs/benchmarks.md, "Cohort-component model"):
//
//  1. The 21 counties: fit on the age data up to 1995, 2000 and 2005 (every hyperparameter from
//     data up to the origin only), project to 2015 (10-20 years). Error of the median of the
//     total, of ages 20-64 and of 65+ in 2015; coverage of the 80 % and 95 % intervals in every
//     year after the origin of the total, 20-64, 65+, the share of women in the population and
//     the share of women among those aged 17-24; side by side with utsikt's trend models
//     (project_series, "auto") on the totals and on the shares, and a straight line.
//  2. Per component (which assumption misses): the central projection's cumulative births,
//     deaths and net migration against the observed, the mean net migration rate, TFR and e0
//     assumed against the observed, and the coverage of each component's cumulative sum.
//  3. With --loo: the same with the pooled hyperparameters estimated without the county
//     (leave-one-county-out).
//  4. Norrbotten from the 2015 age structure (no totals after 2015) to 2024, against the observed
//     totals 2016-2024 and the shares the follow-up report prints for 2017 and 2022.
//  5. Norrbotten brought forward to 2024 (totals and 2023-2024 components): medians of 2030 and
//     2040 beside Statistics Sweden's regional projection (about -5 % 2020-2040), and the speed.
//
//   cmake -S . -B build -DUTSIKT_BUILD_BENCH=ON && cmake --build build --target cohort_backtest
//   build/cohort_backtest [SHARED_DATA_SWEDEN] [--paths N] [--loo] [--no-trend]
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "utsikt/csv.hpp"
#include "utsikt/demography/cohort.hpp"
#include "utsikt/engine/forecast.hpp"

using namespace utsikt;
namespace dm = utsikt::demography;

namespace {

const char* kCounties[] = {
    "Stockholm", "Uppsala",      "Sodermanland", "Ostergotland", "Jonkoping", "Kalmar",
    "Kronoberg", "Gotland",      "Blekinge",     "Skane",        "Halland",   "Gotaland",
    "Varmland",  "Orebro",       "Vastmanland",  "Dalarna",      "Gavleborg", "Vasternorrland",
    "Jamtland",  "Vasterbotten", "Norrbotten"};

double quantile(std::vector<double> x, double q) {
  std::sort(x.begin(), x.end());
  const double pos = q * (static_cast<double>(x.size()) - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (pos - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

// Coverage and error of one quantity, over counties and years.
struct Cover {
  int in80 = 0, in95 = 0, n = 0;
  double abs_err_end = 0.0;  // |median / observed - 1| (counts) or |median - observed| (shares)
  double err_end = 0.0;      // the same with its sign
  int n_end = 0;
  void add(double obs, const std::vector<double>& x) {
    in80 += obs >= quantile(x, 0.1) && obs <= quantile(x, 0.9);
    in95 += obs >= quantile(x, 0.025) && obs <= quantile(x, 0.975);
    ++n;
  }
  void add(double obs, double lo80, double hi80, double lo95, double hi95) {
    in80 += obs >= lo80 && obs <= hi80;
    in95 += obs >= lo95 && obs <= hi95;
    ++n;
  }
  void end(double med, double obs, bool relative) {
    abs_err_end += relative ? std::fabs(med / obs - 1) : std::fabs(med - obs);
    err_end += relative ? med / obs - 1 : med - obs;
    ++n_end;
  }
  double c80() const { return n ? 100.0 * in80 / n : NAN; }
  double c95() const { return n ? 100.0 * in95 / n : NAN; }
  double err() const { return n_end ? abs_err_end / n_end : NAN; }
  double bias() const { return n_end ? err_end / n_end : NAN; }
};

// The quantities of the backtest: counts and shares (percent) from the population by age and sex.
enum Q { kTotal, kWorking, kOld, kWomen, kYoungWomen, kQ };

std::array<double, kQ> observed(const dm::AgeSex& a) {
  return {a.total(), a.sum(-1, 20, 64), a.sum(-1, 65, dm::kMaxAge),
          100 * a.sum(0, 0, dm::kMaxAge) / a.total(), 100 * a.sum(0, 17, 24) / a.sum(-1, 17, 24)};
}

// Groups of the simulation: 0 20-64, 1 65+, 2 women, 3 women 17-24, 4 everyone 17-24.
std::vector<dm::AgeGroup> groups() {
  return {{"20-64", -1, 20, 64},
          {"65+", -1, 65, dm::kMaxAge},
          {"women", 0, 0, dm::kMaxAge},
          {"women 17-24", 0, 17, 24},
          {"17-24", -1, 17, 24}};
}

double path_value(const dm::CohortPaths& P, int q, int p, int h) {
  switch (q) {
    case kTotal:
      return P.at(P.total, p, h);
    case kWorking:
      return P.at(P.groups[0], p, h);
    case kOld:
      return P.at(P.groups[1], p, h);
    case kWomen:
      return 100 * P.at(P.groups[2], p, h) / P.at(P.total, p, h);
    default:
      return 100 * P.at(P.groups[3], p, h) / P.at(P.groups[4], p, h);
  }
}

std::vector<double> column(const dm::CohortPaths& P, int q, int h) {
  std::vector<double> x(static_cast<std::size_t>(P.n_paths));
  for (int p = 0; p < P.n_paths; ++p) x[static_cast<std::size_t>(p)] = path_value(P, q, p, h);
  return x;
}

// Least-squares line through the last 10 totals up to the origin, evaluated at `year`.
double line_at(const std::map<int, dm::AgeSex>& pop, int origin, int year) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int n = 0;
  for (const auto& [y, a] : pop) {
    if (y > origin || y <= origin - 10) continue;
    const double x = y - origin, v = a.total();
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
    ++n;
  }
  const double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const double a = (sy - b * sx) / n;
  return a + b * (year - origin);
}

// Observed TFR and e0 (both sexes' mean) of a year from the age data.
double observed_tfr(const dm::CohortData& d, int t) {
  return dm::total_fertility(d.births.at(t), d.population.at(t - 1), d.population.at(t));
}
double observed_e0(const dm::CohortData& d, int t) {
  double e = 0;
  for (int s = 0; s < dm::kSexes; ++s) {
    std::array<double, dm::kAges> m{};
    for (int x = 0; x <= dm::kMaxAge; ++x) {
      const double ex = 0.5 * (d.population.at(t - 1).v[s][x] + d.population.at(t).v[s][x]);
      m[x] = ex > 0 ? d.deaths.at(t).v[s][x] / ex : 0.0;
    }
    e += 0.5 * dm::life_expectancy(m, static_cast<dm::Sex>(s));
  }
  return e;
}

// Per component: the central projection against the observed, summed to 2015.
struct Components {
  // cumulative (origin+1..2015) central - observed, in % of the origin population
  double births = 0, deaths = 0, mig = 0, abs_births = 0, abs_deaths = 0, abs_mig = 0;
  double mig_rate_obs = 0, mig_rate_model = 0;  // mean yearly net migration per 1 000
  double tfr_obs = 0, tfr_model = 0, e0_obs = 0, e0_model = 0;  // means over the years
  Cover cum_births, cum_deaths, cum_mig;  // coverage of the cumulative sums (every year)
  int n = 0;
};

struct Result {
  std::array<Cover, kQ> cohort;
  Cover trend_total, trend_women, trend_young, line;
  Components comp;
};

struct County {
  std::string name;
  dm::CohortData data;
};

void run_county(const County& c, int origin, int paths, bool loo, bool trend, Result& r) {
  const dm::CohortData& data = c.data;
  dm::CohortFitOptions fo;
  fo.base_year = origin;
  fo.observed_to = origin;
  fo.pool_leave_out = loo;
  const dm::CohortModel m = dm::fit_cohort(data, fo);
  dm::SimulateOptions so;
  so.to_year = 2015;
  so.n_paths = paths;
  so.seed = 20240101;
  so.threads = 0;
  so.groups = groups();
  const dm::CohortPaths P = dm::simulate_cohort(m, so);
  const dm::CohortPaths C = dm::project_cohort_central(m, so);
  const int H = static_cast<int>(P.years.size());
  for (int h = 0; h < H; ++h) {
    const auto obs = observed(data.population.at(P.years[static_cast<std::size_t>(h)]));
    for (int q = 0; q < kQ; ++q) {
      const auto x = column(P, q, h);
      r.cohort[static_cast<std::size_t>(q)].add(obs[static_cast<std::size_t>(q)], x);
      if (h == H - 1)
        r.cohort[static_cast<std::size_t>(q)].end(quantile(x, 0.5),
                                                  obs[static_cast<std::size_t>(q)], q <= kOld);
    }
  }
  // Components: cumulative sums per path and observed.
  Components& k = r.comp;
  const double p0 = data.population.at(origin).total();
  std::vector<double> cb(static_cast<std::size_t>(P.n_paths)), cd = cb, cm = cb;
  double ob = 0, od = 0, om = 0, mb = 0, md = 0, mm = 0;
  for (int h = 0; h < H; ++h) {
    const int t = P.years[static_cast<std::size_t>(h)];
    const double b = data.births.at(t).total(), d = data.deaths.at(t).total();
    const double mig = data.population.at(t).total() - data.population.at(t - 1).total() - b + d;
    ob += b;
    od += d;
    om += mig;
    mb += C.at(C.births, 0, h);
    md += C.at(C.deaths, 0, h);
    mm += C.at(C.net_migration, 0, h);
    for (int p = 0; p < P.n_paths; ++p) {
      const auto i = static_cast<std::size_t>(p);
      cb[i] += P.at(P.births, p, h);
      cd[i] += P.at(P.deaths, p, h);
      cm[i] += P.at(P.net_migration, p, h);
    }
    k.cum_births.add(ob, cb);
    k.cum_deaths.add(od, cd);
    k.cum_mig.add(om, cm);
    k.mig_rate_obs += 1000 * mig / data.population.at(t - 1).total() / H;
    k.mig_rate_model += 1000 * C.at(C.net_migration, 0, h) / (h ? C.at(C.total, 0, h - 1) : p0) / H;
    k.tfr_obs += observed_tfr(data, t) / H;
    k.tfr_model += C.at(C.tfr, 0, h) / H;
    k.e0_obs += observed_e0(data, t) / H;
    k.e0_model += 0.5 * (C.at(C.e0_female, 0, h) + C.at(C.e0_male, 0, h)) / H;
  }
  k.births += 100 * (mb - ob) / p0;
  k.deaths += 100 * (md - od) / p0;
  k.mig += 100 * (mm - om) / p0;
  k.abs_births += 100 * std::fabs(mb - ob) / p0;
  k.abs_deaths += 100 * std::fabs(md - od) / p0;
  k.abs_mig += 100 * std::fabs(mm - om) / p0;
  ++k.n;
  r.line.end(line_at(data.population, origin, 2015), data.population.at(2015).total(), true);
  if (!trend) return;
  // utsikt's trend models on the observed totals and shares up to the origin.
  ForecastOptions opt;
  opt.n_paths = paths;
  opt.threads = 0;
  auto trend_of = [&](int q, IndicatorKind kind, Cover& cov, std::uint64_t stream) {
    Series s;
    s.indicator = c.name;
    for (const auto& [y, a] : data.population)
      if (y <= origin) {
        s.years.push_back(y);
        s.values.push_back(observed(a)[static_cast<std::size_t>(q)]);
      }
    const SeriesForecast tf = project_series(s, SeriesSpec{kind, Bounds{}}, 2015, opt, stream);
    for (int h = 0; h < H; ++h) {
      const double o = observed(
          data.population.at(P.years[static_cast<std::size_t>(h)]))[static_cast<std::size_t>(q)];
      cov.add(o, tf.quantile(h, 0.1), tf.quantile(h, 0.9), tf.quantile(h, 0.025),
              tf.quantile(h, 0.975));
    }
    cov.end(tf.quantile(H - 1, 0.5),
            observed(data.population.at(2015))[static_cast<std::size_t>(q)], q <= kOld);
  };
  trend_of(kTotal, IndicatorKind::stock, r.trend_total, 1);
  trend_of(kWomen, IndicatorKind::share, r.trend_women, 2);
  trend_of(kYoungWomen, IndicatorKind::share, r.trend_young, 3);
}

// Coverage over every county-year of every origin.
void print_overall(const std::map<int, Result>& res) {
  std::array<Cover, kQ> all{};
  for (const auto& [origin, r] : res)
    for (int q = 0; q < kQ; ++q) {
      all[static_cast<std::size_t>(q)].in80 += r.cohort[static_cast<std::size_t>(q)].in80;
      all[static_cast<std::size_t>(q)].in95 += r.cohort[static_cast<std::size_t>(q)].in95;
      all[static_cast<std::size_t>(q)].n += r.cohort[static_cast<std::size_t>(q)].n;
    }
  std::printf(
      "\nAll origins (%d county-years): cov80 / cov95 total %.1f / %.1f %%, 20-64 %.1f / %.1f "
      "%%, 65+ %.1f / %.1f %%, share of women %.1f / %.1f %%, of women 17-24 %.1f / %.1f "
      "%%.\n",
      all[kTotal].n, all[kTotal].c80(), all[kTotal].c95(), all[kWorking].c80(), all[kWorking].c95(),
      all[kOld].c80(), all[kOld].c95(), all[kWomen].c80(), all[kWomen].c95(),
      all[kYoungWomen].c80(), all[kYoungWomen].c95());
}

void print_results(const std::map<int, Result>& res, const char* title) {
  std::printf("## %s\n\n", title);
  std::printf(
      "| origin | method | abs. error 2015: total | 20-64 | 65+ | cov80 / cov95: total | 20-64 | "
      "65+ |\n|---|---|---|---|---|---|---|---|\n");
  for (const auto& [origin, r] : res) {
    const auto& c = r.cohort;
    std::printf(
        "| %d | cohort | %.2f %% | %.2f %% | %.2f %% | %.1f / %.1f %% | %.1f / %.1f %% | %.1f / "
        "%.1f %% |\n",
        origin, 100 * c[kTotal].err(), 100 * c[kWorking].err(), 100 * c[kOld].err(),
        c[kTotal].c80(), c[kTotal].c95(), c[kWorking].c80(), c[kWorking].c95(), c[kOld].c80(),
        c[kOld].c95());
    if (r.trend_total.n)
      std::printf("| %d | trend (auto) on totals | %.2f %% | – | – | %.1f / %.1f %% | – | – |\n",
                  origin, 100 * r.trend_total.err(), r.trend_total.c80(), r.trend_total.c95());
    std::printf("| %d | straight line (last 10 years) | %.2f %% | – | – | – | – | – |\n", origin,
                100 * r.line.err());
  }
  std::printf(
      "\n| origin | method | error 2015 (pp), mean / mean abs.: women | women 17-24 | cov80 / "
      "cov95: women | women 17-24 |\n|---|---|---|---|---|---|\n");
  for (const auto& [origin, r] : res) {
    const auto& c = r.cohort;
    std::printf("| %d | cohort | %+.2f / %.2f | %+.2f / %.2f | %.1f / %.1f %% | %.1f / %.1f %% |\n",
                origin, c[kWomen].bias(), c[kWomen].err(), c[kYoungWomen].bias(),
                c[kYoungWomen].err(), c[kWomen].c80(), c[kWomen].c95(), c[kYoungWomen].c80(),
                c[kYoungWomen].c95());
    if (r.trend_women.n)
      std::printf(
          "| %d | trend (auto) on the shares | %+.2f / %.2f | %+.2f / %.2f | %.1f / %.1f %% | %.1f "
          "/ %.1f %% |\n",
          origin, r.trend_women.bias(), r.trend_women.err(), r.trend_young.bias(),
          r.trend_young.err(), r.trend_women.c80(), r.trend_women.c95(), r.trend_young.c80(),
          r.trend_young.c95());
  }
  print_overall(res);
  std::printf(
      "\nPer component (central projection; cumulative to 2015 in %% of the origin population, "
      "mean over counties; rates, TFR and e0 the mean over the years):\n\n"
      "| origin | births: bias / abs | deaths: bias / abs | migration: bias / abs | net mig. per "
      "1 000: model / observed | TFR: model / observed | e0: model / observed | cov80 "
      "cumulative births / deaths / migration |\n|---|---|---|---|---|---|---|---|\n");
  for (const auto& [origin, r] : res) {
    const Components& k = r.comp;
    const double n = k.n;
    std::printf(
        "| %d | %+.2f / %.2f | %+.2f / %.2f | %+.2f / %.2f | %+.2f / %+.2f | %.3f / %.3f | %.2f / "
        "%.2f | %.0f / %.0f / %.0f %% |\n",
        origin, k.births / n, k.abs_births / n, k.deaths / n, k.abs_deaths / n, k.mig / n,
        k.abs_mig / n, k.mig_rate_model / n, k.mig_rate_obs / n, k.tfr_model / n, k.tfr_obs / n,
        k.e0_model / n, k.e0_obs / n, k.cum_births.c80(), k.cum_deaths.c80(), k.cum_mig.c80());
  }
  std::printf("\n");
}

void county_backtest(const std::vector<County>& counties, int paths, bool loo, bool trend) {
  std::map<int, Result> res;
  for (int origin : {1995, 2000, 2005}) {
    Result& r = res[origin];
    for (const County& c : counties) run_county(c, origin, paths, loo, trend, r);
  }
  char title[200];
  std::snprintf(title, sizeof title,
                "21 counties: fitted up to the origin, projected to 2015 (%d paths%s)", paths,
                loo ? ", pooled hyperparameters leave-one-county-out" : "");
  print_results(res, title);
}

std::map<int, double> read_totals(const std::string& path) {
  std::map<int, double> out;
  const std::string text = read_text_file(path);
  const auto rows = parse_csv_text(text, ',', path);
  for (std::size_t i = 1; i < rows.size(); ++i) out[std::stoi(rows[i][0])] = std::stod(rows[i][1]);
  return out;
}

void norrbotten_2015_to_2024(const dm::CohortData& data, const std::string& dir, int paths) {
  dm::CohortFitOptions fo;
  fo.observed_to = 2015;
  const dm::CohortModel m = dm::fit_cohort(data, fo);
  dm::SimulateOptions so;
  so.to_year = 2024;
  so.n_paths = paths;
  so.seed = 20240101;
  so.threads = 0;
  so.groups = groups();
  const dm::CohortPaths P = dm::simulate_cohort(m, so);
  const auto obs = read_totals(dir + "/population_norrbotten_1950_2024.csv");
  std::printf("## Norrbotten from the 2015 age structure, projected 2016-2024\n\n");
  std::printf(
      "| year | observed | median | 80 %% interval | 95 %% interval | error | share of women: "
      "median, 80 %% | women 17-24 |\n|---|---|---|---|---|---|---|---|\n");
  for (std::size_t h = 0; h < P.years.size(); ++h) {
    const int hh = static_cast<int>(h);
    const auto x = column(P, kTotal, hh), w = column(P, kWomen, hh), y = column(P, kYoungWomen, hh);
    const double o = obs.at(P.years[h]), med = quantile(x, 0.5);
    std::printf(
        "| %d | %.0f | %.0f | %.0f – %.0f | %.0f – %.0f | %+.2f %% | %.2f (%.2f – %.2f) | %.2f "
        "(%.2f – %.2f) |\n",
        P.years[h], o, med, quantile(x, 0.1), quantile(x, 0.9), quantile(x, 0.025),
        quantile(x, 0.975), 100 * (med / o - 1), quantile(w, 0.5), quantile(w, 0.1),
        quantile(w, 0.9), quantile(y, 0.5), quantile(y, 0.1), quantile(y, 0.9));
  }
  std::printf(
      "\nThe follow-up report prints the share of women as 48.8 (2017) and 49.0 (2022), of "
      "women among those aged 17-24 as 43.7 (2017) and 45.0 (2022); SCB's 2015 values are "
      "%.2f and %.2f.\n\n",
      observed(data.population.at(2015))[kWomen], observed(data.population.at(2015))[kYoungWomen]);
}

// The follow-up report's shares of women (all ages, 17-24) for 2017 and 2022, as the example
// passes them to the bring-forward.
std::vector<dm::GroupObservation> report_shares() {
  const dm::AgeGroup women{"women", 0, 0, dm::kMaxAge}, all{"all", -1, 0, dm::kMaxAge};
  const dm::AgeGroup young_women{"women 17-24", 0, 17, 24}, young{"17-24", -1, 17, 24};
  return {{2017, women, all, 48.8, "report"},
          {2022, women, all, 49.0, "report"},
          {2017, young_women, young, 43.7, "report"},
          {2022, young_women, young, 45.0, "report"}};
}

void norrbotten_vs_scb(const dm::CohortData& data, int paths, bool constrained) {
  dm::CohortFitOptions fo;
  if (constrained) fo.observations = report_shares();
  const dm::CohortModel m = dm::fit_cohort(data, fo);
  dm::SimulateOptions so;
  so.to_year = 2045;
  so.n_paths = paths;
  so.seed = 20240101;
  so.threads = 1;
  so.groups = groups();
  const auto t0 = std::chrono::steady_clock::now();
  const dm::CohortPaths P = dm::simulate_cohort(m, so);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double y2020 = 249614;  // SCB, 31 Dec 2020
  std::printf(
      "## Norrbotten brought forward to %d%s, projected to 2045 (%d paths, %.2f s on one "
      "thread)\n\n",
      m.jump_off,
      constrained ? " meeting the report's shares of women (all, 17-24) in 2017 and 2022" : "",
      paths, secs);
  std::printf(
      "| year | median | 80 %% interval | change from 2020 | SCB's regional projection | share "
      "of women | women 17-24 |\n|---|---|---|---|---|---|---|\n");
  for (std::size_t h = 0; h < P.years.size(); ++h) {
    const int y = P.years[h], hh = static_cast<int>(h);
    if (y != 2025 && y != 2030 && y != 2040 && y != 2045) continue;
    const auto x = column(P, kTotal, hh), w = column(P, kWomen, hh),
               yw = column(P, kYoungWomen, hh);
    const double med = quantile(x, 0.5);
    std::printf(
        "| %d | %.0f | %.0f – %.0f | %+.1f %% | %s | %.2f (%.2f – %.2f) | %.2f (%.2f – %.2f) |\n",
        y, med, quantile(x, 0.1), quantile(x, 0.9), 100 * (med / y2020 - 1),
        y == 2040 ? "about -5 % (about 237 000)" : "–", quantile(w, 0.5), quantile(w, 0.1),
        quantile(w, 0.9), quantile(yw, 0.5), quantile(yw, 0.1), quantile(yw, 0.9));
  }
  const dm::AgeSex& j = m.jump_off_population;
  std::printf("\nJump-off %d: share of women %.2f, of women 17-24 %.2f.\n", m.jump_off,
              observed(j)[kWomen], observed(j)[kYoungWomen]);
  if (!constrained) return;
  std::printf("\n%s\n\nAssumptions:\n", m.description.c_str());
  for (const auto& a : m.assumptions) std::printf("- %s\n", a.message.c_str());
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "../shared/data/sweden";
  int paths = 2000;
  bool loo = false, trend = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--paths") == 0 && i + 1 < argc)
      paths = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--loo") == 0)
      loo = true;
    else if (std::strcmp(argv[i], "--no-trend") == 0)
      trend = false;
    else
      dir = argv[i];
  }
  try {
    std::vector<County> counties;
    for (const char* name : kCounties) {
      dm::CohortFiles f;
      f.population = dir + "/population_county_age_sex_1968_2015.csv";
      f.births = dir + "/births_county_motherage_sex_1968_2015.csv";
      f.deaths = dir + "/deaths_county_age_sex_1968_2015.csv";
      f.region = name;
      if (std::strcmp(name, "Norrbotten") == 0) {
        f.totals = dir + "/population_norrbotten_1950_2024.csv";
        f.components = dir + "/population_change_2023_2024.csv";
      }
      counties.push_back({name, dm::read_cohort_data(f)});
    }
    county_backtest(counties, paths, false, trend);
    if (loo) county_backtest(counties, paths, true, false);
    const dm::CohortData& nb = counties.back().data;
    norrbotten_2015_to_2024(nb, dir, paths);
    norrbotten_vs_scb(nb, 10000, false);
    norrbotten_vs_scb(nb, 10000, true);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cohort_backtest: %s\n", e.what());
    return 1;
  }
  return 0;
}
