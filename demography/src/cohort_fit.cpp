// fit_cohort: the years, the component fits, the bring-forward and the texts.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "cohort_internal.hpp"
#include "utsikt/number.hpp"

namespace utsikt::demography {
namespace {

using internal::ix;

std::string fixed(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return format_double(std::round(v * f) / f);
}

std::string signed_count(double v) {
  const long long r = std::llround(v);
  return (r > 0 ? "+" : "") + std::to_string(r);
}

struct Years {
  int first = 0, base = 0, to = 0, window_from = 0;
  int recent_from = 0;  // first year of the recent net migration mean
  std::vector<int> rates;
};

Years choose_years(const CohortData& d, const CohortFitOptions& opt) {
  const Location where{"", 0, 0, "population"};
  if (d.population.size() < 2) {
    throw InputError(where, "population by age and sex for at least 2 years",
                     std::to_string(d.population.size()) + " year(s)");
  }
  if (d.deaths.empty()) {
    throw InputError(Location{"", 0, 0, "deaths"}, "deaths by age and sex", "none");
  }
  if (d.births.empty()) {
    throw InputError(Location{"", 0, 0, "births"}, "births by mother's age", "none");
  }
  if (opt.rate_years < 1) {
    throw InputError(Location{"", 0, 0, "rate_years"}, "1 or more years",
                     std::to_string(opt.rate_years));
  }
  if (opt.migration_years < 1) {
    throw InputError(Location{"", 0, 0, "migration_years"}, "1 or more years",
                     std::to_string(opt.migration_years));
  }
  Years y;
  y.base = opt.base_year ? opt.base_year : d.population.rbegin()->first;
  if (!d.population.count(y.base)) {
    throw InputError(Location{"", 0, 0, "base_year"}, "a year of the population data",
                     std::to_string(y.base));
  }
  y.first = opt.fit_from ? opt.fit_from : d.population.begin()->first;
  if (y.first >= y.base) {
    throw InputError(Location{"", 0, 0, "fit_from"},
                     "a year before the base year " + std::to_string(y.base),
                     std::to_string(y.first));
  }
  y.rates = internal::rate_years(d, y.first, y.base);
  if (y.rates.empty()) {
    throw InputError(where,
                     "two consecutive years of population with the deaths and births of the "
                     "second (up to " +
                         std::to_string(y.base) + ")",
                     "none");
  }
  y.window_from = y.base - opt.rate_years + 1;
  // Observed totals after the base year must follow without a gap.
  int last = y.base;
  while (d.totals.count(last + 1)) ++last;
  y.to = opt.observed_to ? opt.observed_to : last;
  if (y.to < y.base) {
    throw InputError(Location{"", 0, 0, "observed_to"},
                     "a year from the base year " + std::to_string(y.base), std::to_string(y.to));
  }
  if (y.to > last) {
    throw InputError(Location{"", 0, 0, "observed_to"},
                     "observed totals for every year " + std::to_string(y.base + 1) + ".." +
                         std::to_string(y.to),
                     "totals up to " + std::to_string(last) + " only");
  }
  y.recent_from = std::max(y.rates.front(), y.to - opt.migration_years + 1);
  return y;
}

// Net migration level: AR(1) over all years, around the mean of the recent years.
void fit_migration_level(const std::map<int, double>& level, int recent_years,
                         internal::MigrationModel& mig, std::vector<Diagnostic>& diags) {
  std::vector<double> series;
  for (const auto& [t, v] : level) series.push_back(v);
  bool short_series = false;
  mig.ar = internal::fit_ar1(series, &short_series);
  const int n = std::min(recent_years, static_cast<int>(series.size()));
  mig.ar.mu = std::accumulate(series.end() - n, series.end(), 0.0) / n;
  mig.ar.mu_se =
      mig.ar.sigma / (std::max(1.0 - mig.ar.phi, 0.02) * std::sqrt(static_cast<double>(n)));
  mig.level_jump = series.back();
  if (short_series || mig.ar.n < 10) {
    diags.push_back({Severity::warning, "migration_short_history",
                     "net migration from " + std::to_string(mig.ar.n) +
                         " years only: its time-series model is uncertain"});
  }
}

double e0_at(const internal::MortalityModel& m, int sex, double k) {
  return internal::life_table(m.rates(sex, k), sex).e0;
}

void describe(const CohortData& d, const Years& y, const internal::BringForward& bf,
              const std::string& mort_text, CohortModel& model) {
  const auto& st = *model.state;
  const auto& f = st.fert;
  const auto& mg = st.mig;
  std::string s = "Cohort-component model for " + d.region + ", jump-off 31 Dec " +
                  std::to_string(y.to) + " (" +
                  std::to_string(std::llround(model.jump_off_population.total())) + "). ";
  s += "Fertility: TFR " + fixed(std::exp(f.log_tfr_jump), 2) + " in " + std::to_string(y.to) +
       (bf.published.empty() ? "" : " (from the published births)") + ", log AR(1) phi " +
       fixed(f.ar.phi, 2) + " towards " + fixed(std::exp(f.ar.mu), 2) + " (" +
       std::to_string(f.ar.n) + " years to " + std::to_string(y.base) + "), sd " +
       fixed(f.ar.sigma, 3) + "; age schedule " + std::to_string(std::max(y.window_from, y.first)) +
       "-" + std::to_string(y.base) + "; boys " + fixed(100 * f.boys_share, 1) + " %. ";
  s += "Mortality: " + mort_text + "; e0 " + std::to_string(y.to) + " women " +
       fixed(e0_at(st.mort, 0, st.mort.k_jump[0]), 1) + ", men " +
       fixed(e0_at(st.mort, 1, st.mort.k_jump[1]), 1) + ". ";
  s += "Net migration: " + signed_count(mg.level_jump) + " in " + std::to_string(y.to) +
       ", AR(1) phi " + fixed(mg.ar.phi, 2) + ", sd " + std::to_string(std::llround(mg.ar.sigma)) +
       " around the mean of " + std::to_string(y.recent_from) + "-" + std::to_string(y.to) + " " +
       signed_count(mg.ar.mu) + " (se " + std::to_string(std::llround(mg.ar.mu_se)) +
       "); by age and sex the " + std::to_string(std::max(y.window_from, y.first)) + "-" +
       std::to_string(y.base) + " pattern plus the level profile.";
  model.description = s;
  if (y.to > y.base) {
    model.assumptions.push_back(
        "Population by age and sex after " + std::to_string(y.base) + " is not observed: the " +
        std::to_string(y.base) +
        " age structure is brought forward "
        "with the model's rates to " +
        std::to_string(y.to) +
        ", and each year's net migration "
        "is set so that the total equals the observed total; its age-sex distribution follows "
        "the recent pattern plus the level profile (assumed, not observed).");
  }
  if (!bf.published.empty()) {
    std::string yrs, tfrs, lv;
    for (int p : bf.published) {
      yrs += (yrs.empty() ? "" : ", ") + std::to_string(p);
      tfrs += (tfrs.empty() ? "" : ", ") + fixed(std::exp(bf.log_tfr.at(p)), 2);
      lv += (lv.empty() ? "" : ", ") + fixed(100 * std::exp(bf.log_level.at(p)), 1) + " %";
    }
    model.assumptions.push_back(
        "Births and deaths " + yrs + " equal the published components: TFR " + tfrs +
        ", mortality " + lv + " of the Lee-Carter trend; years between " + std::to_string(y.base) +
        " and " + std::to_string(bf.published.front()) +
        " interpolate log TFR and the mortality level linearly; the projection keeps the mean "
        "mortality level of the published years.");
  } else if (y.to > y.base) {
    model.assumptions.push_back("No published births or deaths after " + std::to_string(y.base) +
                                ": the TFR follows its AR(1) central path and mortality the "
                                "Lee-Carter trend.");
  }
  model.assumptions.push_back(
      "Net migrants are counted on 31 Dec; the default profile of extra migrants is the positive "
      "part of how net migration by age and sex moved with its total in " +
      std::to_string(y.rates.front()) + "-" + std::to_string(y.base) + ".");
}

}  // namespace

CohortModel fit_cohort(const CohortData& data, const CohortFitOptions& opt) {
  const Years y = choose_years(data, opt);
  CohortModel model;
  model.region = data.region;
  model.diagnostics = data.notes;
  auto st = std::make_shared<CohortModel::State>();
  std::string mort_text;
  st->mort =
      internal::fit_mortality(data, y.rates, y.window_from, y.base, model.diagnostics, mort_text);
  std::map<int, double> tfr;
  st->fert = internal::fit_fertility(data, y.rates, y.window_from, tfr, model.diagnostics);
  std::map<int, double> level;
  internal::fit_migration_pattern(data, y.rates, y.window_from, st->mig, level, model.diagnostics);
  const auto base_tfr = tfr.upper_bound(y.base);
  const double log_tfr_base = std::log(std::prev(base_tfr)->second);
  const internal::BringForward bf =
      internal::bring_forward(data, st->mort, st->fert, st->mig, y.base, y.to, log_tfr_base);
  // The jump-off: Lee-Carter's central k, the published years' mean level, the last TFR.
  for (int s = 0; s < kSexes; ++s) {
    st->mort.k_jump[ix(s)] += st->mort.drift[ix(s)] * (y.to - y.base);
    for (double& v : st->mort.log_base[ix(s)]) v += bf.log_level_jump;
  }
  st->fert.log_tfr_jump = bf.log_tfr_jump;
  for (const auto& [t, c] : bf.history) level[t] = c.net_migration;
  fit_migration_level(level, opt.migration_years, st->mig, model.diagnostics);
  st->observed_population = data.population;

  model.jump_off = y.to;
  model.jump_off_population = bf.population;
  for (const auto& [t, v] : data.totals) {
    if (t <= y.to) model.observed_totals[t] = v;
  }
  for (const auto& [t, p] : data.population) {
    if (!model.observed_totals.count(t)) model.observed_totals[t] = p.total();
  }
  for (int t : y.rates) {
    model.history[t] =
        CohortData::Components{data.births.at(t).total(), data.deaths.at(t).total(), level.at(t)};
  }
  for (const auto& [t, c] : bf.history) model.history[t] = c;
  const auto tot = data.totals.find(y.base);
  if (tot != data.totals.end() &&
      std::abs(tot->second - data.population.at(y.base).total()) > 0.5) {
    model.diagnostics.push_back(
        {Severity::info, "totals_differ_from_age_data",
         "the total for " + std::to_string(y.base) + " (" + format_double(tot->second) +
             ") differs from the age data's (" + format_double(data.population.at(y.base).total()) +
             "); the bring-forward starts from the age data"});
  }
  model.state = st;
  describe(data, y, bf, mort_text, model);
  return model;
}

}  // namespace utsikt::demography
