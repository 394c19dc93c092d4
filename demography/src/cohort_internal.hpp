// Private pieces of the cohort-component model (demography layer only): the fitted state behind
// CohortModel::state and the functions the fit, the bring-forward and the simulation share.
// Conventions: docs/methods.md, "Cohort-component model".
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "utsikt/demography/cohort.hpp"

namespace utsikt::demography::internal {

using Ages = std::array<double, kAges>;

inline std::size_t ix(int i) { return static_cast<std::size_t>(i); }

// ---- life table (life_table.cpp) ----
// Average age at death within the first year, a0, of Andreev & Kingkade (2015) for the sex
// (female, male) or the mean of both (sex < 0).
double infant_a0(double m0, int sex);
struct LifeTable {
  Ages l{}, L{};  // survivors at exact age x (l0 = 1), person-years in [x, x+1) (L[100] = T(100))
  double e0 = 0.0;
};
LifeTable life_table(const Ages& m, int sex);

// ---- rates from the age data (rates.cpp) ----
// m(x,t) = deaths / ((N(x,t-1) + N(x,t)) / 2) per sex; false if a year is missing.
bool death_rates(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& deaths, int year,
                 AgeSex& m);
// Births (both sexes of the child) by mother's age per woman-year, ages 15..49.
bool fertility_rates(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& births,
                     int year, Ages& f);
// Net migration by age on 31 Dec (cohort) and sex in `year` by the residual method:
// N(x,t) - N(x-1,t-1) + deaths of the cohort during the year (half of the deaths at ages x-1
// and x; of the infant deaths the share a0 to the cohort aged 0 at the start and 1 - a0 to the
// newborns; all of 100+ and half of 99 to the open group). Sums to the change less births plus
// deaths exactly.
bool residual_migration(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& deaths,
                        const std::map<int, AgeSex>& births, int year, AgeSex& mig);
// Years t with population t-1 and t, deaths t and births t, within [from, to].
std::vector<int> rate_years(const CohortData& d, int from, int to);

// ---- local level + AR(1) with pooled hyperparameters (local_level.cpp) ----
// y_t = L_t + u_t, L_t = L_{t-1} + q sigma e1_t, u_t = phi u_{t-1} + sigma e2_t (e ~ N(0, 1)):
// a level that moves (level changes q times the yearly noise) plus persistent yearly noise.
// (q, phi) are shared by the regions of a panel, sigma is each region's own.
using YearSeries = std::map<int, double>;  // year -> value; missing years absent
inline constexpr int kLevelGrid = 21;      // q = 0, 0.05, .., kMaxLevelRatio
inline constexpr double kMaxLevelRatio = 1.0;
struct LevelHyper {
  double q = 0.0, phi = 0.0, weight = 0.0;
};
struct PooledLevel {
  // Posterior over q on the grid (uniform prior), phi maximising the likelihood for each q; the
  // pooled likelihood tempered by n_eff / regions.
  std::vector<LevelHyper> grid;
  double rho = 0.0;    // mean correlation of the standardised one-step errors between regions
  double n_eff = 1.0;  // regions / (1 + (regions - 1) rho): independent regions they are worth
  int regions = 0, values = 0;
  std::set<std::pair<std::string, int>> outliers;  // region-years left out (|error| > 8 robust sd)
};
// Series with fewer than 3 values are left out; values after `to` are not used.
PooledLevel fit_pooled_level(std::map<std::string, YearSeries> panel, int to);
struct LevelComponent {  // one grid point, conditioned on the region's own series
  double weight = 0.0, q = 0.0, phi = 0.0;
  double sigma = 0.0;            // the region's yearly noise sd (maximum likelihood given q, phi)
  int n = 0;                     // one-step errors behind sigma
  double level = 0.0, ar = 0.0;  // state at `to`
  double c_ll = 0.0, c_ul = 0.0, c_uu = 0.0;  // Cholesky factor of its covariance
};
struct LevelModel {
  std::vector<LevelComponent> mix;
  PooledLevel pooled;
  int last_year = 0;  // last value of the region's series used
  // Mean of y at `to` + h over the mixture.
  double central(int h) const;
  double mean_q() const;
};
// The state of the region's series (its outlier years left out) at `to`, per grid point.
LevelModel condition_level(const PooledLevel& pooled, const std::string& region,
                           const YearSeries& own, int to);

// ---- Lee-Carter (lee_carter.cpp) ----
struct LeeCarter {
  std::array<Ages, kSexes> a{}, b{};            // log m = a + b k (sum of b = 1)
  std::array<std::map<int, double>, kSexes> k;  // refitted to each year's deaths
  std::array<double, kSexes> drift{}, drift_se{}, sigma{};
  double rho = 0.0;  // correlation of the yearly k changes of women and men
  int df = 0;        // degrees of freedom of sigma
  int first = 0, last = 0;
};
LeeCarter fit_lee_carter(const std::map<int, AgeSex>& pop, const std::map<int, AgeSex>& deaths,
                         const std::vector<int>& years, std::vector<Diagnostic>& diags);

// ---- the fitted model ----
struct MortalityModel {
  // log m(x) of the region at index k: log_base + b k (log_base has the region's ratio to the
  // reference and the bring-forward level in it).
  std::array<Ages, kSexes> log_base{}, b{};
  std::array<double, kSexes> k_jump{}, drift{}, drift_se{}, sigma{};
  double rho = 0.0;
  int df = 0;
  double region_sigma = 0.0;  // sd of the region's yearly log mortality level around the model
  Ages rates(int sex, double k) const;
};
struct FertilityModel {
  Ages shape{};  // age schedule (sums to 1 over 15..49)
  double boys_share = 0.5;
  double log_tfr_jump = 0.0;
  LevelModel level;  // log TFR
};
// Yearly variation of the age-sex split of net migration around pattern(): components (per
// 1 000 inhabitants at the start of the year, each summing to 0; principal components of the
// residual migration by age and sex of the fitted years, smoothed over ages) whose scores follow
// local level + AR(1) models (shared q and phi, each its own sd).
inline constexpr int kMinNoiseYears = 8;  // fewer fitted years: no pattern noise
inline constexpr int kMaxNoiseComponents = 6;
inline constexpr double kNoiseExplained = 0.9;  // components kept until this share
struct PatternNoise {
  std::vector<AgeSex> component;
  std::vector<LevelModel> score;  // per component, conditioned at the jump-off
  AgeSex cell_var;                // mean square residual per cell (weights of adjustments)
  double explained = 0.0;         // share of the residual variance kept
  int years = 0;
};
struct MigrationModel {
  AgeSex base;  // age-sex pattern of the recent years (sums to base_total)
  double base_total = 0.0;
  AgeSex slope;    // how a level above base_total is spread (sums to 1)
  AgeSex profile;  // default profile of extra migrants (non-negative, sums to 1)
  double level_jump = 0.0;
  LevelModel rate;  // net migration per 1 000 inhabitants at the start of the year
  PatternNoise noise;
  // Net migration by age and sex for a total level.
  void pattern(double level, AgeSex& out) const;
};

// The step rates of one year: m(x) = exp(log_base + log_level + b k) per sex, fertility
// tfr * shape.
StepRates make_rates(const MortalityModel& mort, const FertilityModel& fert,
                     const std::array<double, kSexes>& k, double log_level, double tfr);

// ---- fitting the components (fit_components.cpp) ----
// Lee-Carter on the reference (all regions) and the region's smoothed ratio to it over the
// years window_from..base; k_jump = k(base), log_base without any bring-forward level.
MortalityModel fit_mortality(const CohortData& d, const std::vector<int>& years, int window_from,
                             int base, std::vector<Diagnostic>& diags, std::string& text);
// Age schedule (mean shape over the window), sex ratio at birth, log-TFR AR(1); tfr gets the
// region's TFR by year.
FertilityModel fit_fertility(const CohortData& d, const std::vector<int>& years, int window_from,
                             std::map<int, double>& tfr, std::vector<Diagnostic>& diags);
// Age-sex pattern of net migration (base, slope, profile) and its yearly variation (noise, its
// scores started at `base` and carried through the years to `jump_off`); level gets the yearly
// totals.
void fit_migration_pattern(const CohortData& d, const std::vector<int>& years, int window_from,
                           MigrationModel& mig, std::map<int, double>& level,
                           std::vector<Diagnostic>& diags);
void fit_pattern_noise(const CohortData& d, const std::vector<int>& years, MigrationModel& mig,
                       int base, int jump_off);

// ---- bring-forward (bring_forward.cpp) ----
struct BringForward {
  AgeSex population;                              // on 31 Dec of `to`
  std::map<int, AgeSex> populations;              // on 31 Dec of every year base+1..to
  std::map<int, CohortData::Components> history;  // base+1..to
  std::map<int, double> log_tfr, log_level;       // used per year
  std::vector<int> published;                     // years with published births and deaths
  double log_tfr_jump = 0.0, log_level_jump = 0.0;
  std::map<int, AgeSex> adjustment;   // added to the net migration by age and sex per year
  std::vector<GroupObservation> met;  // observations that hold
};
// From the age data's population at `base` to `to`: each year's net migration makes the total
// equal d.totals; births and deaths meet d.components where published (TFR and mortality level
// solved), in between log TFR and the level are interpolated; without any published year the
// TFR follows the central path of fert.level (conditioned on the base year) and the level stays
// at 0. Observations in base+1..to are met by adjusting the age-sex split of the net migration
// of the years up to each (weights: how much each cell varies; docs/methods.md); others are
// left out with an info diagnostic, unmet ones get a warning. InputError (field
// "observations") for invalid groups or values.
BringForward bring_forward(const CohortData& d, const MortalityModel& mort,
                           const FertilityModel& fert, const MigrationModel& mig, int base, int to,
                           double log_tfr_base, const std::vector<GroupObservation>& observations,
                           const AgeSex& weights, std::vector<Diagnostic>& diags);

// ---- scenario changes (changes.cpp) ----
// The changes of one simulation, per projected year h (year jump_off + 1 + h) and path.
struct PreparedChanges {
  struct Migrants {  // migrants and jobs: coef[h] * value(p) * profile
    AgeSex profile;
    std::vector<double> coef;
    std::vector<double> values;  // size 1 or n_paths
  };
  struct Fertility {  // TFR * (1 + value(p) / 100) where active[h]
    std::vector<char> active;
    std::vector<double> values;
  };
  struct LifeExpectancy {  // k + frac[h] * dk[sex][p]
    std::vector<double> frac;
    std::array<std::vector<double>, kSexes> dk;
  };
  std::vector<Migrants> migrants;
  std::vector<Fertility> fertility;
  std::vector<LifeExpectancy> life;
  static double at(const std::vector<double>& v, int p) {
    return v.size() == 1 ? v[0] : v[static_cast<std::size_t>(p)];
  }
};
// Checks the changes (InputError naming the field) and prepares them; `central` replaces each
// value vector by its mean.
PreparedChanges prepare_changes(const CohortModel& model, const SimulateOptions& opt,
                                const std::vector<ComponentChange>& changes, bool central);

// ---- per-path draws of a stochastic simulation (cohort_simulate.cpp) ----
// Everything a path takes from its random numbers, per path p and projected year h: the
// Lee-Carter index of women and men (before any life-expectancy change), the county's yearly
// mortality noise factor, the TFR before changes, the net migration rate and the scores of the
// pattern noise. A pure function of the fitted state, seed, stream, number of paths and years.
struct PathDraws {
  static constexpr int kFixed = 5;  // k women, k men, noise, TFR, migration rate; then scores
  std::uint64_t seed = 0, stream = 0;
  int n_paths = 0, years = 0, width = 0;
  std::vector<double> v;  // [(p * years + h) * width + j]
  const double* at(int p, int h) const { return &v[(ix(p) * ix(years) + ix(h)) * ix(width)]; }
};

}  // namespace utsikt::demography::internal

namespace utsikt::demography {
struct CohortModel::State {
  internal::MortalityModel mort;
  internal::FertilityModel fert;
  internal::MigrationModel mig;
  std::map<int, AgeSex> observed_population;  // the age data (observed pyramids)
  // The draws of the last stochastic simulation, kept so that the next one with the same seed,
  // stream, paths and years (a scenario after its baseline, a slider in utsikt serve) reuses
  // them instead of drawing again, and likewise the table of q, q at birth and e0 by Lee-Carter
  // index per sex (cohort_simulate.cpp) for the index range it covered. The values are the same
  // either way (a memo of pure functions of the fitted state, which is immutable once fitted:
  // CohortModel holds it const), so results do not depend on what ran before. A copy of the
  // state (e.g. to change a component in a test) starts with an empty memo. Held weakly: only
  // the last few simulations' draws and tables stay in memory (cohort_simulate.cpp,
  // keep_recent), whatever the number of models.
  struct Memo {
    struct Grid {
      double lo = 0.0, hi = 0.0;
      int points = 0;
      std::weak_ptr<const std::vector<double>> values;
    };
    std::mutex mutex;
    std::weak_ptr<const internal::PathDraws> draws;  // kept alive by the last few simulations
    std::array<Grid, kSexes> grids;
    Memo() = default;
    Memo(const Memo&) {}
    Memo& operator=(const Memo&) { return *this; }
  };
  mutable Memo memo;
};
}  // namespace utsikt::demography
