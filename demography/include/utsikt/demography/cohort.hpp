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
// Conventions of the implementation (project_step, docs/methods.md "Cohort-component model"):
//  * q(x,t) is the life-table survival ratio 1 - L(x+1)/L(x) of the year's period rates m(x,t)
//    (Preston, Heuveline & Guillot 2001, ch. 6); the group 99 and 100+ at the start survives
//    into 100+ with T(100)/T(99); newborns survive to 31 Dec with L(0) (births spread evenly
//    over the year; infant a0 of Andreev & Kingkade 2015).
//  * Net migrants are added on 31 Dec (they do not die in the year they arrive), and the women's
//    exposure for births is the mean of the start and the end of the year, migrants included,
//    as in the fertility rates (births / mean of the populations on 31 Dec t-1 and t).
//  * A net loss larger than a cell (survivors + migrants < 0) is capped at the cell; the
//    identity holds with the capped value, which is what is reported as net migration.
//  * deaths and net migration by age are by age on 31 Dec (the cohort), not age at death.
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
  // Population and deaths summed over every region of the age files (Sweden when the files hold
  // all 21 counties): the Lee-Carter age pattern and index are estimated on these, where counts
  // are large. A file with only the region gives the region itself.
  std::map<int, AgeSex> reference_population;
  std::map<int, AgeSex> reference_deaths;
  // Yearly summaries of every region of the age files (the region itself included): population
  // on 31 Dec, births and deaths in the year, and the year's total fertility (0 where the women
  // of the year before are missing). The migration and fertility models learn their
  // hyperparameters from these pooled histories (docs/methods.md, "Pooled hyperparameters");
  // empty (a CohortData built by hand): the region's own history is the pool.
  struct RegionYear {
    double population = 0.0, births = 0.0, deaths = 0.0, tfr = 0.0;
  };
  std::map<std::string, std::map<int, RegionYear>> regions;
};

// Files in the layout of ../shared/data/sweden (docs/project-format.md, "Cohort"):
//   population: age,sex,region,year,count   (age 0..99, "100+"; sex Females/Males or
//               kvinnor/män; region as written in the file)
//   births:     age,sex,region,year,count   (age of mother "<15", 15..48, "49+",
//               "no information"; sex of the child)
//   deaths:     age,sex,region,year,count
//   totals (optional): year,population[,...] or a long CSV with region,year,value
//   components (optional): the SCB tabhel layout (year,code,name,population,increase,births,
//               deaths,...,net_migration,...) filtered on name == region or code == region;
//               SCB's adjustments ("justeringspost", column adjustments, empty = 0) are added to
//               net_migration, so that births - deaths + net_migration = increase. Its
//               population column fills years that the totals file does not have.
// Column names are matched case-insensitively; sex may also be written female/male, women/men,
// k/m, 2/1 (SCB codes). Rows of other regions are summed into the reference_* maps only.
// Any path may be empty (not given) except population. Throws InputError naming the file,
// line and field (unknown sex, age outside 0..100+, text in count, negative count, region not
// found, a year with missing ages).
//   regions (optional): yearly summaries of other regions for the pooled hyperparameters when
//               the age files hold the region only: region,year,population,births,deaths[,tfr]
//               (population on 31 Dec; tfr empty or absent: that region's fertility is not
//               pooled); regions of the age files keep the values computed from them.
struct CohortFiles {
  std::string population, births, deaths, totals, components, regions;
  std::string region;             // as in the age files ("Norrbotten")
  std::string components_region;  // as in the components file (name or code); default region
};
CohortData read_cohort_data(const CohortFiles& files);

// Groups whose counts are kept per path and year, and constraints of the bring-forward.
struct AgeGroup {
  std::string id;
  int sex = -1;  // -1 both, 0 women, 1 men
  int age_from = 0, age_to = kMaxAge;
};

// An observed value of a group after the age data (e.g. the share of women in 2017 from a
// report): the count of `count` on 31 Dec of `year`, or with `per` the percentage
// 100 * count / per.
struct GroupObservation {
  int year = 0;
  AgeGroup count;
  std::optional<AgeGroup> per;
  double value = 0.0;
  std::string source;  // where the value comes from (named in `assumptions`)
};

// How the model is fitted (defaults are documented in docs/methods.md).
struct CohortFitOptions {
  int fit_from = 0;   // first year of history used for rates and time series (0: all)
  int base_year = 0;  // last year of the age data used (0: last in the data)
  // Last year of observed totals to bring the population forward to (0: the last in totals).
  // Between base_year and this year, net migration is calibrated so that the totals (and the
  // published components where given) are met exactly; the age structure then follows the
  // model's rates and the migrant age profile (an assumption, reported in `assumptions`).
  int observed_to = 0;
  // Years up to base_year whose average gives the age schedules (fertility shape, the region's
  // mortality ratio, the base pattern of net migration by age).
  int rate_years = 10;
  // Leave the region's own history out of the hyperparameters pooled across the regions of the
  // files (leave-one-region-out validation); its own series still sets its level.
  bool pool_leave_out = false;
  // Observed group values in base_year+1..observed_to that the bring-forward meets exactly by
  // adjusting the age-sex split of the net migration of the years up to each observation
  // (least change, totals unchanged; docs/methods.md, "Bring-forward"). Observations of other
  // years are left out with an info diagnostic; ones that contradict each other or cannot be met
  // give a warning with the remaining gap.
  std::vector<GroupObservation> observations;
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
  // Flagged assumptions (bring-forward, profiles, ...): code "cohort_assumption", the English
  // sentence as the message, the variant and args for the catalogue.
  std::vector<Diagnostic> assumptions;
  std::vector<Diagnostic> diagnostics;  // fallbacks (short history, non-convergence, ...)

  // Implementation state (schedules, Lee-Carter a/b/k, time-series parameters with their
  // uncertainty, migrant profiles): opaque to the engine.
  struct State;
  std::shared_ptr<const State> state;
};

// Fits rates, Lee-Carter mortality (on the reference_* sums, with the region's ratio to them),
// fertility and migration models and brings the population forward. Throws InputError if the
// data cannot support a model (fewer than 2 years of age data, no deaths or births, options
// outside the data); otherwise falls back and reports (Diagnostic codes in docs/methods.md).
CohortModel fit_cohort(const CohortData& data, const CohortFitOptions& opt = {});

// Changes a scenario makes to the components, from a year on. Each value is one number per
// path (size 1: the same for every path; size n_paths: drawn by the caller per path).
struct ComponentChange {
  enum class Kind {
    migrants,         // extra net migrants per year (persons), distributed by `profile`
    fertility,        // total fertility changed by `value` percent (e.g. -10 = 10 % fewer births)
    life_expectancy,  // life expectancy at birth raised by `value` years by year `to` (linear
                      // from `from`: a share (t - from + 1) / (to - from + 1) in year t), both
                      // sexes, by shifting the Lee-Carter index (the shift per sex solved so
                      // that e0 at the central index of year `to` rises by `value`)
    jobs              // `value` new jobs: movers = jobs * movers_per_job, each with
                      // family_per_mover accompanying persons (children 0-17 and partners),
                      // arriving over from..to (default: `from` only)
  };
  Kind kind = Kind::migrants;
  int from = 0;
  int to = 0;  // 0: `from` for jobs, open-ended for the others
  std::vector<double> value;
  // migrants: age profile per sex and age (any non-negative weights; normalised). Empty: the
  // model's migrant profile, the positive part of how net migration by age and sex moved with
  // its yearly total in the fitted years (docs/methods.md, "Net migration").
  std::optional<AgeSex> profile;
  // jobs recipe (documented defaults, the user may change them)
  double movers_per_job = 0.6;    // share of jobs filled by people who move into the region
  double family_per_mover = 0.8;  // accompanying persons per mover
  // Of the accompanying persons, this share are partners (the other sex, the mover's ages); the
  // rest are children spread evenly over ages 0-17, boys and girls by the sex ratio at birth.
  // Movers are distributed by `profile` if given, else by the model's migrant profile
  // restricted to ages 20-64.
  double partner_share = 0.4;
};

struct SimulateOptions {
  int to_year = 2045;
  int n_paths = 10000;
  std::uint64_t seed = 1;
  std::uint64_t stream = 0;  // separates this model's random numbers from other series'
  int threads = 1;           // 0: all cores; results identical for any value
  std::vector<AgeGroup> groups;
  std::vector<int> pyramid_years;  // years whose age structure is summarised (median, 10/90 %)
  // Keep population, deaths and net migration by age and sex and births by sex for every path
  // and year (CohortPaths::detail): n_paths * years * 808 doubles, for checks on few paths.
  bool keep_detail = false;
};

struct Pyramid {
  int year = 0;
  bool observed = false;      // the jump-off (or an observed) year
  AgeSex median, lo80, hi80;  // per sex and age over paths (observed: all equal)
};

struct CohortPaths {
  std::vector<int> years;  // jump_off + 1 .. to_year
  int n_paths = 0;
  // [p * years.size() + h]
  std::vector<double> total, births, deaths, net_migration;
  std::vector<std::vector<double>> groups;  // per SimulateOptions::groups, same layout
  std::vector<Pyramid> pyramids;
  // Summary levels per path and year, same layout: total fertility (after any change) and life
  // expectancy at birth by sex of the path's mortality (Lee-Carter level, without the yearly
  // county noise).
  std::vector<double> tfr, e0_female, e0_male;
  // Only with SimulateOptions::keep_detail, [p * years.size() + h]: population on 31 Dec,
  // deaths and net migration (after capping) by age on 31 Dec, births by sex of the child
  // (v[sex][0]; deaths of infants born in the year are deaths[sex][0]).
  struct Detail {
    AgeSex population, deaths, net_migration, births;
  };
  std::vector<Detail> detail;
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
// Sum over mother's ages 15..49 of births (both sexes of the child, indexed by mother's age) per
// woman-year (mean of women_start and women_end, row `female`).
double total_fertility(const AgeSex& births, const AgeSex& women_start, const AgeSex& women_end);
// Period life table from m(x) (constant hazard within each age, open interval 100+ with
// T(100) = l(100) / m(100)); infant a0 the mean of Andreev & Kingkade's (2015) female and male
// formulas; the overload with sex uses that sex's formula.
double life_expectancy(const std::array<double, kAges>& death_rates);  // from m(x)
double life_expectancy(const std::array<double, kAges>& death_rates, Sex sex);

// One projection year with explicit rates: the step every path and the bring-forward take,
// public so that a projection can be checked by hand.
struct StepRates {
  // q[s][x]: probability that a person aged x on 31 Dec t-1 dies before 31 Dec t (x = 0..99;
  // q[s][kMaxAge] is used for those already in 100+).
  std::array<std::array<double, kAges>, kSexes> q{};
  std::array<double, kSexes> q_birth{};   // a child born in year t dies before 31 Dec t
  std::array<double, kAges> fertility{};  // births per woman-year by mother's age (15..49)
  double boys_share = 0.5;                // share of boys among births
};
struct StepTotals {
  double births = 0.0, deaths = 0.0, net_migration = 0.0;
};
// end = the population on 31 Dec t from `start` (31 Dec t-1): survivors age one year,
// migration[s][x] is added on 31 Dec at age x (capped at minus the cell), births of the year
// (exposure (W_start + W_end) / 2 by age x of the mother, W_end with the migrants) less infant
// deaths enter age 0 (then age 0's migrants). With
// `detail`, deaths and net migration by age on 31 Dec and births by sex are written there
// (population = end). Returns the totals, with births - deaths + net_migration equal to
// end.total() - start.total() (to rounding), and the same by age and sex.
StepTotals project_step(const AgeSex& start, const StepRates& rates, const AgeSex& migration,
                        AgeSex& end, CohortPaths::Detail* detail = nullptr);

// q[x] for x = 0..kMaxAge and the newborns' q (StepRates conventions) from period rates m(x)
// and the sex (for the infant a0).
void survival_from_rates(const std::array<double, kAges>& m, Sex sex, std::array<double, kAges>& q,
                         double& q_birth);

}  // namespace utsikt::demography
