// Backtests of the cohort-component model (docs/benchmarks.md, "Cohort-component model"):
//
//  1. The 21 counties: fit on the age data up to 1995, 2000 and 2005, project to 2015 (10-20
//     years). Error of the median of the total, of ages 20-64 and of 65+ in 2015; coverage of
//     the 80 % and 95 % intervals of the total in every year after the origin; side by side with
//     utsikt's trend models on the totals (project_series, "auto") and a straight line (least
//     squares on the last 10 totals up to the origin).
//  2. Norrbotten from the 2015 age structure (no totals after 2015) to 2024, against the observed
//     totals 2016-2024.
//  3. Norrbotten brought forward to 2024 (totals and 2023-2024 components): medians of 2030 and
//     2040 beside Statistics Sweden's regional projection (about -5 % 2020-2040).
//
//   cmake -S . -B build -DUTSIKT_BUILD_BENCH=ON && cmake --build build --target cohort_backtest
//   build/cohort_backtest [SHARED_DATA_SWEDEN] [--paths N]
#include <algorithm>
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
    "Stockholm", "Uppsala",      "Sodermanland", "Ostergotland", "Jonkoping", "Kronoberg",
    "Kalmar",    "Gotland",      "Blekinge",     "Skane",        "Halland",   "Gotaland",
    "Varmland",  "Orebro",       "Vastmanland",  "Dalarna",      "Gavleborg", "Vasternorrland",
    "Jamtland",  "Vasterbotten", "Norrbotten"};

struct Score {
  double abs_err_total = 0, abs_err_working = 0, abs_err_old = 0;
  int n_end = 0;
  int cov80 = 0, cov95 = 0, n_cov = 0;
  void add_end(double med_t, double obs_t, double med_w, double obs_w, double med_o, double obs_o) {
    abs_err_total += std::fabs(med_t / obs_t - 1);
    abs_err_working += std::fabs(med_w / obs_w - 1);
    abs_err_old += std::fabs(med_o / obs_o - 1);
    ++n_end;
  }
  void add_cov(double obs, double lo80, double hi80, double lo95, double hi95) {
    cov80 += obs >= lo80 && obs <= hi80;
    cov95 += obs >= lo95 && obs <= hi95;
    ++n_cov;
  }
};

double quantile(std::vector<double> x, double q) {
  std::sort(x.begin(), x.end());
  const double pos = q * (static_cast<double>(x.size()) - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (pos - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

std::vector<double> column(const dm::CohortPaths& P, const std::vector<double>& v, std::size_t h) {
  std::vector<double> x(static_cast<std::size_t>(P.n_paths));
  for (int p = 0; p < P.n_paths; ++p)
    x[static_cast<std::size_t>(p)] = P.at(v, p, static_cast<int>(h));
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

void county_backtest(const std::string& dir, int paths) {
  std::printf("## 21 counties: fitted up to the origin, projected to 2015 (%d paths)\n\n", paths);
  std::printf(
      "| origin | method | median abs. error 2015: total | 20-64 | 65+ | cov80 total | "
      "cov95 total |\n|---|---|---|---|---|---|---|\n");
  for (int origin : {1995, 2000, 2005}) {
    Score cohort, trend, line;
    for (const char* county : kCounties) {
      dm::CohortFiles f;
      f.population = dir + "/population_county_age_sex_1968_2015.csv";
      f.births = dir + "/births_county_motherage_sex_1968_2015.csv";
      f.deaths = dir + "/deaths_county_age_sex_1968_2015.csv";
      f.region = county;
      const dm::CohortData data = dm::read_cohort_data(f);
      dm::CohortFitOptions fo;
      fo.base_year = origin;
      fo.observed_to = origin;
      const dm::CohortModel m = dm::fit_cohort(data, fo);
      dm::SimulateOptions so;
      so.to_year = 2015;
      so.n_paths = paths;
      so.seed = 20240101;
      so.threads = 0;
      so.groups = {{"working", -1, 20, 64}, {"old", -1, 65, dm::kMaxAge}};
      const dm::CohortPaths P = dm::simulate_cohort(m, so);
      // utsikt's trend models on the totals up to the origin.
      Series s;
      s.indicator = county;
      for (const auto& [y, a] : data.population)
        if (y <= origin) {
          s.years.push_back(y);
          s.values.push_back(a.total());
        }
      ForecastOptions opt;
      opt.n_paths = paths;
      opt.threads = 0;
      const SeriesForecast tf =
          project_series(s, SeriesSpec{IndicatorKind::stock, Bounds{}}, 2015, opt, 1);
      for (std::size_t h = 0; h < P.years.size(); ++h) {
        const int year = P.years[h];
        const double obs = data.population.at(year).total();
        const auto x = column(P, P.total, h);
        cohort.add_cov(obs, quantile(x, 0.1), quantile(x, 0.9), quantile(x, 0.025),
                       quantile(x, 0.975));
        const int th = static_cast<int>(h);
        trend.add_cov(obs, tf.quantile(th, 0.1), tf.quantile(th, 0.9), tf.quantile(th, 0.025),
                      tf.quantile(th, 0.975));
      }
      const std::size_t H = P.years.size() - 1;
      const dm::AgeSex& end = data.population.at(2015);
      const double ow = end.sum(-1, 20, 64), oo = end.sum(-1, 65, dm::kMaxAge);
      cohort.add_end(quantile(column(P, P.total, H), 0.5), end.total(),
                     quantile(column(P, P.groups[0], H), 0.5), ow,
                     quantile(column(P, P.groups[1], H), 0.5), oo);
      const double tm = tf.quantile(static_cast<int>(H), 0.5);
      trend.add_end(tm, end.total(), 1, 1, 1, 1);
      line.add_end(line_at(data.population, origin, 2015), end.total(), 1, 1, 1, 1);
    }
    auto pct = [](double s, int n) { return 100.0 * s / n; };
    std::printf("| %d | cohort | %.2f %% | %.2f %% | %.2f %% | %.1f %% | %.1f %% |\n", origin,
                pct(cohort.abs_err_total, cohort.n_end), pct(cohort.abs_err_working, cohort.n_end),
                pct(cohort.abs_err_old, cohort.n_end), pct(cohort.cov80, cohort.n_cov),
                pct(cohort.cov95, cohort.n_cov));
    std::printf("| %d | trend (auto) on totals | %.2f %% | – | – | %.1f %% | %.1f %% |\n", origin,
                pct(trend.abs_err_total, trend.n_end), pct(trend.cov80, trend.n_cov),
                pct(trend.cov95, trend.n_cov));
    std::printf("| %d | straight line (last 10 years) | %.2f %% | – | – | – | – |\n", origin,
                pct(line.abs_err_total, line.n_end));
  }
  std::printf("\n");
}

std::map<int, double> read_totals(const std::string& path) {
  std::map<int, double> out;
  const std::string text = read_text_file(path);
  const auto rows = parse_csv_text(text, ',', path);
  for (std::size_t i = 1; i < rows.size(); ++i) out[std::stoi(rows[i][0])] = std::stod(rows[i][1]);
  return out;
}

void norrbotten_2015_to_2024(const std::string& dir, int paths) {
  dm::CohortFiles f;
  f.population = dir + "/population_county_age_sex_1968_2015.csv";
  f.births = dir + "/births_county_motherage_sex_1968_2015.csv";
  f.deaths = dir + "/deaths_county_age_sex_1968_2015.csv";
  f.region = "Norrbotten";
  const dm::CohortModel m = dm::fit_cohort(dm::read_cohort_data(f));
  dm::SimulateOptions so;
  so.to_year = 2024;
  so.n_paths = paths;
  so.seed = 20240101;
  so.threads = 0;
  const dm::CohortPaths P = dm::simulate_cohort(m, so);
  const auto obs = read_totals(dir + "/population_norrbotten_1950_2024.csv");
  std::printf("## Norrbotten from the 2015 age structure, projected 2016-2024\n\n");
  std::printf(
      "| year | observed | median | 80 %% interval | 95 %% interval | error |\n"
      "|---|---|---|---|---|---|\n");
  for (std::size_t h = 0; h < P.years.size(); ++h) {
    const auto x = column(P, P.total, h);
    const double o = obs.at(P.years[h]), med = quantile(x, 0.5);
    std::printf("| %d | %.0f | %.0f | %.0f – %.0f | %.0f – %.0f | %+.2f %% |\n", P.years[h], o, med,
                quantile(x, 0.1), quantile(x, 0.9), quantile(x, 0.025), quantile(x, 0.975),
                100 * (med / o - 1));
  }
  std::printf("\n");
}

void norrbotten_vs_scb(const std::string& dir, int paths) {
  dm::CohortFiles f;
  f.population = dir + "/population_county_age_sex_1968_2015.csv";
  f.births = dir + "/births_county_motherage_sex_1968_2015.csv";
  f.deaths = dir + "/deaths_county_age_sex_1968_2015.csv";
  f.totals = dir + "/population_norrbotten_1950_2024.csv";
  f.components = dir + "/population_change_2023_2024.csv";
  f.region = "Norrbotten";
  const dm::CohortModel m = dm::fit_cohort(dm::read_cohort_data(f));
  dm::SimulateOptions so;
  so.to_year = 2045;
  so.n_paths = paths;
  so.seed = 20240101;
  so.threads = 1;
  const auto t0 = std::chrono::steady_clock::now();
  const dm::CohortPaths P = dm::simulate_cohort(m, so);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double y2020 = 249614;  // SCB, 31 Dec 2020
  std::printf(
      "## Norrbotten brought forward to %d, projected to 2045 (%d paths, %.2f s on one "
      "thread)\n\n",
      m.jump_off, paths, secs);
  std::printf(
      "| year | median | 80 %% interval | change from 2020 | SCB's regional projection |\n"
      "|---|---|---|---|---|\n");
  for (std::size_t h = 0; h < P.years.size(); ++h) {
    const int y = P.years[h];
    if (y != 2030 && y != 2040 && y != 2045) continue;
    const auto x = column(P, P.total, h);
    const double med = quantile(x, 0.5);
    std::printf("| %d | %.0f | %.0f – %.0f | %+.1f %% | %s |\n", y, med, quantile(x, 0.1),
                quantile(x, 0.9), 100 * (med / y2020 - 1),
                y == 2040 ? "about -5 % (about 237 000)" : "–");
  }
  std::printf("\n%s\n", m.description.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "../shared/data/sweden";
  int paths = 2000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--paths") == 0 && i + 1 < argc)
      paths = std::atoi(argv[++i]);
    else
      dir = argv[i];
  }
  try {
    county_backtest(dir, paths);
    norrbotten_2015_to_2024(dir, paths);
    norrbotten_vs_scb(dir, 10000);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cohort_backtest: %s\n", e.what());
    return 1;
  }
  return 0;
}
