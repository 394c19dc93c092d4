// The cohort-component model on Norrbotten (docs/methods.md, "Cohort-component model"): reads
// and fits the shared Swedish data, times simulate_cohort with 10 000 paths to 2045 on one
// thread, and prints the totals with 80 % intervals, the central projection and what a
// demographer checks (TFR, e0 by sex, net migration, births and deaths); then projects from the
// 2015 age structure to 2024 against the observed totals.
//   cmake -S . -B build -DUTSIKT_BUILD_BENCH=ON && cmake --build build --target cohort_speed &&
//   build/cohort_speed [DATA_DIR]        (default ../shared/data/sweden)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "utsikt/demography/cohort.hpp"

using namespace utsikt::demography;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const std::size_t i = static_cast<std::size_t>(pos);
  if (i + 1 >= v.size()) return v[i];
  return v[i] + (pos - static_cast<double>(i)) * (v[i + 1] - v[i]);
}

std::vector<double> column(const CohortPaths& p, const std::vector<double>& v, int year) {
  std::vector<double> out;
  const int h = year - p.years.front();
  for (int i = 0; i < p.n_paths; ++i) out.push_back(p.at(v, i, h));
  return out;
}

void row(const char* what, const CohortPaths& sim, const CohortPaths& central,
         const std::vector<double>& vs, const std::vector<double>& vc, int year, int decimals) {
  const auto c = column(sim, vs, year);
  std::printf("  %-22s %d  median %10.*f  80 %% [%10.*f, %10.*f]  central %10.*f\n", what, year,
              decimals, quantile(c, 0.5), decimals, quantile(c, 0.1), decimals, quantile(c, 0.9),
              decimals, central.at(vc, 0, year - central.years.front()));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "../shared/data/sweden";
  CohortFiles files;
  files.population = dir + "/population_county_age_sex_1968_2015.csv";
  files.births = dir + "/births_county_motherage_sex_1968_2015.csv";
  files.deaths = dir + "/deaths_county_age_sex_1968_2015.csv";
  files.totals = dir + "/population_norrbotten_1950_2024.csv";
  files.components = dir + "/population_change_2023_2024.csv";
  files.region = "Norrbotten";
  try {
    auto t0 = Clock::now();
    const CohortData data = read_cohort_data(files);
    const double t_read = seconds_since(t0);
    t0 = Clock::now();
    const CohortModel model = fit_cohort(data);
    const double t_fit = seconds_since(t0);
    std::printf("read %.3f s, fit %.3f s\n\n%s\n\nAssumptions:\n", t_read, t_fit,
                model.description.c_str());
    for (const auto& a : model.assumptions) std::printf("  - %s\n", a.message.c_str());
    std::printf("Diagnostics:\n");
    for (const auto& d : model.diagnostics)
      std::printf("  - %s: %s\n", d.code.c_str(), d.message.c_str());
    std::printf("\nBring-forward (simulated components; totals observed):\n");
    for (const auto& [y, c] : model.history) {
      if (y < 2013) continue;
      std::printf("  %d  births %7.1f  deaths %7.1f  net migration %+8.1f  total %9.0f\n", y,
                  c.births, c.deaths, c.net_migration, model.observed_totals.at(y));
    }

    SimulateOptions opt;
    opt.to_year = 2045;
    opt.n_paths = 10000;
    opt.seed = 1;
    opt.threads = 1;
    opt.groups = {{"20-64", -1, 20, 64}, {"65+", -1, 65, kMaxAge}};
    t0 = Clock::now();
    const CohortPaths sim = simulate_cohort(model, opt);
    const double t_sim = seconds_since(t0);
    const CohortPaths central = project_cohort_central(model, opt);
    std::printf("\nsimulate_cohort: %d paths %d-%d on 1 thread: %.3f s\n\n", opt.n_paths,
                sim.years.front(), sim.years.back(), t_sim);
    for (int y : {2025, 2030, 2035, 2040, 2045}) {
      row("total", sim, central, sim.total, central.total, y, 0);
    }
    for (int y : {2030, 2040}) {
      row("20-64", sim, central, sim.groups[0], central.groups[0], y, 0);
      row("65+", sim, central, sim.groups[1], central.groups[1], y, 0);
    }
    std::printf("\n");
    for (int y : {2025, 2030, 2040}) {
      row("births", sim, central, sim.births, central.births, y, 0);
      row("deaths", sim, central, sim.deaths, central.deaths, y, 0);
      row("net migration", sim, central, sim.net_migration, central.net_migration, y, 0);
      row("TFR", sim, central, sim.tfr, central.tfr, y, 3);
      row("e0 women", sim, central, sim.e0_female, central.e0_female, y, 2);
      row("e0 men", sim, central, sim.e0_male, central.e0_male, y, 2);
    }
    double mig = 0.0;
    for (int p = 0; p < sim.n_paths; ++p)
      for (std::size_t h = 0; h < sim.years.size(); ++h) mig += sim.at(sim.net_migration, p, h);
    std::printf("\nmean net migration %d-%d over all paths: %+.0f a year\n", sim.years.front(),
                sim.years.back(), mig / (sim.n_paths * sim.years.size()));
    const double p2020 = model.observed_totals.at(2020);
    const auto t2040 = column(sim, sim.total, 2040);
    std::printf(
        "change 2020-2040: median %+.1f %%, 80 %% [%+.1f, %+.1f] %% (SCB's projection: "
        "about -5 %%)\n",
        100 * (quantile(t2040, 0.5) / p2020 - 1), 100 * (quantile(t2040, 0.1) / p2020 - 1),
        100 * (quantile(t2040, 0.9) / p2020 - 1));

    // From the 2015 age structure (no bring-forward) to 2024, against the observed totals.
    CohortFitOptions fit2015;
    fit2015.observed_to = 2015;
    const CohortModel m2015 = fit_cohort(data, fit2015);
    SimulateOptions o2015 = opt;
    o2015.to_year = 2024;
    o2015.groups.clear();
    const CohortPaths back = simulate_cohort(m2015, o2015);
    const CohortPaths back_c = project_cohort_central(m2015, o2015);
    std::printf("\nFrom the 2015 age structure (fitted on 1969-2015 only) to 2024:\n");
    int in80 = 0;
    for (int y = 2016; y <= 2024; ++y) {
      const auto c = column(back, back.total, y);
      const double obs = data.totals.at(y), lo = quantile(c, 0.1), hi = quantile(c, 0.9);
      in80 += obs >= lo && obs <= hi;
      std::printf(
          "  %d  observed %7.0f  median %9.0f  80 %% [%9.0f, %9.0f]  central %9.0f  "
          "error of the median %+6.0f (%+.2f %%)\n",
          y, obs, quantile(c, 0.5), lo, hi, back_c.at(back_c.total, 0, y - 2016),
          quantile(c, 0.5) - obs, 100 * (quantile(c, 0.5) / obs - 1));
    }
    std::printf("  observed totals inside the 80 %% interval: %d of 9\n", in80);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cohort_speed: %s\n", e.what());
    return 1;
  }
  return 0;
}
