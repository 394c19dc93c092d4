// A stochastic cohort-component population model by single-year age (0..100+) and sex.
//
// Layer `demography` (core <- demography <- engine): pure computation, no printing, no exits.
// Errors in input files are InputError naming file, line and field; numerical trouble is a
// Diagnostic plus a documented fallback (docs/methods.md, "Cohort-component model").
//
// The year runs from 31 Dec t-1 to 31 Dec t. One projection step, per sex s and age x:
//   deaths      D(x,t)   = N(x-1,t-1) * q(x-1, t)        (cohort dies while ageing one year;
//                                                          open interval 100+ keeps its own)
//   births      B(t)     = sum_x f(x,t) * (W(x,t-1) + W(x,t)) / 2   (women 15..49, exposure the
//                          mean of start and end of year), split by the sex ratio at birth,
//                          infants surviving to 31 Dec with the infant survival
//   migration   M(x,s,t) = net migrants added at the end of the year at age x
//   N(x,t) = N(x-1,t-1) - D(x,t) + M(x,t),  N(0,t) = B0(t) - D(0,t) + M(0,t)
// so that, exactly and on every path, by age and sex:
//   population(t) = population(t-1) + births(t) - deaths(t) + net migration(t).
// (The helper that implements this may refine the exposure/timing conventions; whatever it
// does is written down in docs/methods.md and the identity above holds exactly.)
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "utsikt/error.hpp"

namespace utsikt::demography {

inline constexpr int kMaxAge = 100;  // the last age is the open interval 100+
inline constexpr int kAges = kMaxAge + 1;
enum class Sex { female = 0, male = 1 };
inline constexpr int kSexes = 2;

// Counts by sex and single-year age: v[sex][age].
struct AgeSex {
  std::array<std::array<double, kAges>, kSexes> v{};
  double total() const;
  double sum(int sex /* -1 both */, int age_from, int age_to) const;  // inclusive
};

// What the model is fitted on, for one region.
struct CohortData {
  std::string region;
  std::map<int, AgeSex> population;  // 31 Dec, by year (e.g. 1968..2015)
  std::map<int, AgeSex> deaths;      // deaths during the year by age at death
  // Live births during the year by age of mother (index 0 = age 0 .. kMaxAge; only 15..49 are
  // non-zero: "<15" is put on 15, "49+" on 49, "no information" spread pro rata) and sex of
  // the child.
  std::map<int, AgeSex> births;
  // Observed totals (31 Dec) that extend beyond the age data (e.g. 1950..2024).
  std::map<int, double> totals;
  // Observed components of change where published (e.g. 2023, 2024).
  struct Components {
    double births = 0.0, deaths = 0.0, net_migration = 0.0;
  };
  std::map<int, Components> components;
  std::vector<Diagnostic> notes;  // how the files were read (e.g. "no information" spread)
};

// Files in the layout of ../shared/data/sweden (docs/project-format.md, "Cohort"):
//   population: age,sex,region,year,count   (age 0..99, "100+"; sex Females/Males or
//               kvinnor/män; region as written in the file)
//   births:     age,sex,region,year,count   (age of mother "<15", 15..48, "49+",
//               "no information"; sex of the child)
//   deaths:     age,sex,region,year,count
//   totals (optional): year,population[,...] or a long CSV with region,year,value
//   components (optional): the SCB tabhel layout (year,code,name,population,increase,births,
//               deaths,...,net_migration,...) filtered on name == region or code == region
// Any path may be empty (not given) except population. Throws InputError naming the file,
// line and field (unknown sex, age outside 0..100+, text in count, negative count, region not
// found, a year with missing ages).
struct CohortFiles {
  std::string population, births, deaths, totals, components;
  std::string region;             // as in the age files ("Norrbotten")
  std::string components_region;  // as in the components file (name or code); default region
};
CohortData read_cohort_data(const CohortFiles& files);

// How the model is fitted (defaults are documented in docs/methods.md).
struct CohortFitOptions {
  int fit_from = 0;  // first year of history used for rates and time series (0: all)
  int base_year = 0;  // last year of the age data used (0: last in the data)
  // Last year of observed totals to bring the population forward to (0: the last in totals).
  // Between base_year and this year, net migration is calibrated so that the totals (and the
  // published components where given) are met exactly; the age structure then follows the
  // model's rates and the migrant age profile (an assumption, reported in `assumptions`).
  int observed_to = 0;
  int rate_years = 10;  // years before base_year whose average gives the age schedules
};

// A fitted model: the age structure at the jump-off year and the stochastic components.
struct CohortModel {
  std::string region;
  int jump_off = 0;  // year of the population the projection starts from (31 Dec)
  AgeSex jump_off_population;
  // Observed totals up to jump_off (from `totals`, else from the age data), for outputs.
  std::map<int, double> observed_totals;
  // Historical components per year (from the age data and the bring-forward), for charts.
  std::map<int, CohortData::Components> history;
  // Everything the engine prints about the model (English): summary parameters with their
  // time-series models, e.g. "TFR 1.62 (log AR(1), ...); e0 women 83.9 ...".
  std::string description;
  std::vector<std::string> assumptions;  // flagged assumptions (bring-forward, profiles, ...)
  std::vector<Diagnostic> diagnostics;   // fallbacks (short history, non-convergence, ...)

  // Implementation state (schedules, Lee-Carter a/b/k, time-series parameters with their
  // uncertainty, migrant profiles): opaque to the engine.
  struct State;
  std::shared_ptr<const State> state;
};

// Fits rates, Lee-Carter mortality, fertility and migration models and brings the population
// forward. Throws InputError if the data cannot support a model (e.g. fewer than 2 years of
// age data); otherwise falls back and reports.
CohortModel fit_cohort(const CohortData& data, const CohortFitOptions& opt = {});

// Changes a scenario makes to the components, from a year on. Each value is one number per
// path (size 1: the same for every path; size n_paths: drawn by the caller per path).
struct ComponentChange {
  enum class Kind {
    migrants,         // extra net migrants per year (persons), distributed by `profile`
    fertility,        // total fertility changed by `value` percent (e.g. -10 = 10 % fewer births)
    life_expectancy,  // life expectancy at birth raised by `value` years by year `to` (linear
                      // from `from`), both sexes, by shifting the Lee-Carter index
    jobs              // `value` new jobs: movers = jobs * movers_per_job, each with
                      // family_per_mover accompanying persons (children 0-17 and partners),
                      // arriving over from..to (default: `from` only)
  };
  Kind kind = Kind::migrants;
  int from = 0;
  int to = 0;  // 0: `from` for jobs, open-ended for the others
  std::vector<double> value;
  // migrants: age profile per sex and age (any non-negative weights; normalised). Empty: the
  // observed in-migrant/net profile of the model (documented).
  std::optional<AgeSex> profile;
  // jobs recipe (documented defaults, the user may change them)
  double movers_per_job = 0.6;    // share of jobs filled by people who move into the region
  double family_per_mover = 0.8;  // accompanying persons per mover
};

// Groups whose counts are kept per path and year.
struct AgeGroup {
  std::string id;
  int sex = -1;  // -1 both, 0 women, 1 men
  int age_from = 0, age_to = kMaxAge;
};

struct SimulateOptions {
  int to_year = 2045;
  int n_paths = 10000;
  std::uint64_t seed = 1;
  std::uint64_t stream = 0;  // separates this model's random numbers from other series'
  int threads = 1;           // 0: all cores; results identical for any value
  std::vector<AgeGroup> groups;
  std::vector<int> pyramid_years;  // years whose age structure is summarised (median, 10/90 %)
};

struct Pyramid {
  int year = 0;
  bool observed = false;                   // the jump-off (or an observed) year
  AgeSex median, lo80, hi80;               // per sex and age over paths (observed: all equal)
};

struct CohortPaths {
  std::vector<int> years;  // jump_off + 1 .. to_year
  int n_paths = 0;
  // [p * years.size() + h]
  std::vector<double> total, births, deaths, net_migration;
  std::vector<std::vector<double>> groups;  // per SimulateOptions::groups, same layout
  std::vector<Pyramid> pyramids;
  double at(const std::vector<double>& v, int path, int h) const {
    return v[static_cast<std::size_t>(path) * years.size() + static_cast<std::size_t>(h)];
  }
};

// Simulates n_paths joint paths. Path p depends only on (seed, stream, p) and the changes, so
// a scenario run with the same seed uses the same random numbers as the baseline (a change of
// zero gives identical paths). Throws InputError for invalid options (to_year <= jump_off,
// n_paths < 1, a group with age_from > age_to, a change value of the wrong size).
CohortPaths simulate_cohort(const CohortModel& model, const SimulateOptions& opt,
                            const std::vector<ComponentChange>& changes = {});

// The deterministic projection with every random component at its central value (no noise, no
// parameter uncertainty); its total is the point forecast.
CohortPaths project_cohort_central(const CohortModel& model, const SimulateOptions& opt,
                                   const std::vector<ComponentChange>& changes = {});

// Demographic summaries used in descriptions and tests.
double total_fertility(const AgeSex& births, const AgeSex& women_start, const AgeSex& women_end);
double life_expectancy(const std::array<double, kAges>& death_rates);  // from m(x)

}  // namespace utsikt::demography
