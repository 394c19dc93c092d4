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

// A flagged assumption of the model (see CohortModel::assumptions).
Diagnostic assumption(std::string variant, std::vector<std::string> args, std::string text) {
  return {Severity::info, "cohort_assumption", std::move(text), std::move(args),
          std::move(variant)};
}

std::string signed_count(double v) {
  const long long r = std::llround(v);
  return (r > 0 ? "+" : "") + std::to_string(r);
}

struct Years {
  int first = 0, base = 0, to = 0, window_from = 0;
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
  return y;
}

// The pooled panels of the net migration rate (per 1 000 inhabitants at the start of the year)
// and of log TFR: every region of the files (CohortData::regions) in the years first..to, without
// the region itself when it is left out; the region's own series when there are no others.
struct Panels {
  std::map<std::string, internal::YearSeries> mig, log_tfr;
};
Panels pooled_panels(const CohortData& d, int first, int to, bool leave_out,
                     const internal::YearSeries& own_mig, const internal::YearSeries& own_tfr) {
  Panels p;
  for (const auto& [name, ys] : d.regions) {
    if (leave_out && name == d.region) continue;
    for (const auto& [t, r] : ys) {
      if (t < first || t > to) continue;
      const auto prev = ys.find(t - 1);
      if (prev == ys.end() || !(prev->second.population > 0.0) || !(r.births > 0.0)) continue;
      const double m = r.population - prev->second.population - r.births + r.deaths;
      p.mig[name][t] = 1000.0 * m / prev->second.population;
      if (r.tfr > 0.0) p.log_tfr[name][t] = std::log(r.tfr);
    }
  }
  if (p.mig.empty()) p.mig[d.region] = own_mig;
  if (p.log_tfr.empty()) p.log_tfr[d.region] = own_tfr;
  return p;
}

double e0_at(const internal::MortalityModel& m, int sex, double k) {
  return internal::life_table(m.rates(sex, k), sex).e0;
}

// Mixture summaries of a level model: weighted means of phi and sigma, the level at the
// jump-off with its sd (within and between the grid points).
struct LevelSummary {
  double q = 0.0, phi = 0.0, sigma = 0.0, level = 0.0, level_sd = 0.0;
};
LevelSummary summarise(const internal::LevelModel& m) {
  LevelSummary s;
  for (const auto& c : m.mix) {
    s.q += c.weight * c.q;
    s.phi += c.weight * c.phi;
    s.sigma += c.weight * c.sigma;
    s.level += c.weight * c.level;
  }
  double var = 0.0;
  for (const auto& c : m.mix) var += c.weight * (c.c_ll * c.c_ll + std::pow(c.level - s.level, 2));
  s.level_sd = std::sqrt(var);
  return s;
}

std::string pooled_text(const internal::PooledLevel& p, int first, int base) {
  std::string s = "learned from " + std::to_string(p.regions) + " region" +
                  (p.regions == 1 ? "" : "s") + " " + std::to_string(first) + "-" +
                  std::to_string(base);
  if (p.regions > 1) s += " (worth " + fixed(p.n_eff, 1) + " independent ones)";
  if (!p.outliers.empty()) {
    s += "; left out as outliers:";
    for (const auto& [name, t] : p.outliers) s += " " + name + " " + std::to_string(t);
  }
  return s;
}

std::string level_text(const internal::LevelModel& m, double sd_scale, int decimals) {
  const LevelSummary s = summarise(m);
  return "local level + AR(1): level changes " + fixed(s.q, 2) +
         " x the yearly noise (posterior mean over 0-" + fixed(internal::kMaxLevelRatio, 1) +
         "), phi " + fixed(s.phi, 2) + ", noise sd " + fixed(sd_scale * s.sigma, decimals);
}

void describe(const CohortData& d, const Years& y, const internal::BringForward& bf,
              const std::string& mort_text, CohortModel& model) {
  const auto& st = *model.state;
  const auto& f = st.fert;
  const auto& mg = st.mig;
  const int first = y.rates.front();
  std::string s = "Cohort-component model for " + d.region + ", jump-off 31 Dec " +
                  std::to_string(y.to) + " (" +
                  std::to_string(std::llround(model.jump_off_population.total())) + "). ";
  const LevelSummary ft = summarise(f.level);
  s += "Fertility: TFR " + fixed(std::exp(f.log_tfr_jump), 2) + " in " + std::to_string(y.to) +
       (bf.published.empty() ? "" : " (from the published births)") + "; log TFR " +
       level_text(f.level, 100.0, 1) + " %, " + pooled_text(f.level.pooled, first, y.base) +
       "; level at the jump-off TFR " + fixed(std::exp(ft.level), 2) + " (se " +
       fixed(100 * ft.level_sd, 1) + " %); age schedule " +
       std::to_string(std::max(y.window_from, y.first)) + "-" + std::to_string(y.base) + "; boys " +
       fixed(100 * f.boys_share, 1) + " %. ";
  s += "Mortality: " + mort_text + "; e0 " + std::to_string(y.to) + " women " +
       fixed(e0_at(st.mort, 0, st.mort.k_jump[0]), 1) + ", men " +
       fixed(e0_at(st.mort, 1, st.mort.k_jump[1]), 1) + ". ";
  const LevelSummary mt = summarise(mg.rate);
  s += "Net migration: " + signed_count(mg.level_jump) + " in " + std::to_string(y.to) +
       "; the rate per 1 000 inhabitants " + level_text(mg.rate, 1.0, 2) + ", " +
       pooled_text(mg.rate.pooled, first, y.base) + "; level at the jump-off " +
       (mt.level > 0 ? "+" : "") + fixed(mt.level, 2) + " per 1 000 (se " + fixed(mt.level_sd, 2) +
       "); by age and sex the " + std::to_string(std::max(y.window_from, y.first)) + "-" +
       std::to_string(y.base) + " pattern plus the level profile, with " +
       std::to_string(mg.noise.component.size()) + " components of yearly variation (" +
       fixed(100 * mg.noise.explained, 0) + " % of the residual variation by age and sex " +
       std::to_string(first) + "-" + std::to_string(y.base) +
       (mg.noise.score.empty() ? ""
                               : "; their scores " + level_text(mg.noise.score.front(), 1.0, 2)) +
       ").";
  model.description = s;
  if (y.to > y.base) {
    model.assumptions.push_back(assumption(
        "bring_forward", {std::to_string(y.base), std::to_string(y.to)},
        "Population by age and sex after " + std::to_string(y.base) + " is not observed: the " +
            std::to_string(y.base) +
            " age structure is brought forward "
            "with the model's rates to " +
            std::to_string(y.to) +
            ", and each year's net migration "
            "is set so that the total equals the observed total; its age-sex distribution follows "
            "the recent pattern plus the level profile (assumed, not observed)."));
  }
  if (!bf.met.empty()) {
    std::string list;
    int last = 0;
    for (const GroupObservation& o : bf.met) {
      list += (list.empty() ? "" : "; ") + o.count.id + " " + format_double(o.value) + " in " +
              std::to_string(o.year) + (o.source.empty() ? "" : " (" + o.source + ")");
      last = std::max(last, o.year);
    }
    model.assumptions.push_back(assumption(
        "split_adjusted",
        {std::to_string(y.base + 1) + "-" + std::to_string(last), std::to_string(bf.met.size())},
        "The age-sex split of net migration " + std::to_string(y.base + 1) + "-" +
            std::to_string(last) +
            " is adjusted as little as possible (each age and sex in proportion to how much its "
            "net migration varied in the history; totals unchanged) so that the brought-forward "
            "population meets the observed values: " +
            list + "."));
  }
  if (!bf.published.empty()) {
    std::string yrs, tfrs, lv;
    for (int p : bf.published) {
      yrs += (yrs.empty() ? "" : ", ") + std::to_string(p);
      tfrs += (tfrs.empty() ? "" : ", ") + fixed(std::exp(bf.log_tfr.at(p)), 2);
      lv += (lv.empty() ? "" : ", ") + fixed(100 * std::exp(bf.log_level.at(p)), 1) + " %";
    }
    model.assumptions.push_back(assumption(
        "published", {yrs, std::to_string(y.base), std::to_string(bf.published.front())},
        "Births and deaths " + yrs + " equal the published components: TFR " + tfrs +
            ", mortality " + lv + " of the Lee-Carter trend; years between " +
            std::to_string(y.base) + " and " + std::to_string(bf.published.front()) +
            " interpolate log TFR and the mortality level linearly; the projection keeps the mean "
            "mortality level of the published years."));
  } else if (y.to > y.base) {
    model.assumptions.push_back(
        assumption("not_published", {std::to_string(y.base)},
                   "No published births or deaths after " + std::to_string(y.base) +
                       ": the TFR follows its model's central path and mortality the "
                       "Lee-Carter trend."));
  }
  model.assumptions.push_back(assumption(
      "movers", {std::to_string(y.rates.front()) + "-" + std::to_string(y.base)},
      "Net migrants are counted on 31 Dec; the default profile of extra migrants is the positive "
      "part of how net migration by age and sex moved with its total in " +
          std::to_string(y.rates.front()) + "-" + std::to_string(y.base) + "."));
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
  // The region's own series and the pooled hyperparameters (data up to the base year only).
  internal::YearSeries own_tfr, own_mig;
  for (const auto& [t, v] : tfr) own_tfr[t] = std::log(v);
  for (const auto& [t, v] : level) own_mig[t] = 1000.0 * v / data.population.at(t - 1).total();
  const Panels panels =
      pooled_panels(data, y.rates.front(), y.base, opt.pool_leave_out, own_mig, own_tfr);
  const internal::PooledLevel tfr_pool = internal::fit_pooled_level(panels.log_tfr, y.base);
  const internal::PooledLevel mig_pool = internal::fit_pooled_level(panels.mig, y.base);
  st->fert.level = internal::condition_level(tfr_pool, data.region, own_tfr, y.base);
  const auto base_tfr = tfr.upper_bound(y.base);
  const double log_tfr_base = std::log(std::prev(base_tfr)->second);
  internal::fit_pattern_noise(data, y.rates, st->mig, y.base, y.to);
  const internal::BringForward bf =
      internal::bring_forward(data, st->mort, st->fert, st->mig, y.base, y.to, log_tfr_base,
                              opt.observations, st->mig.noise.cell_var, model.diagnostics);
  // The jump-off: Lee-Carter's central k, the published years' mean level, the last TFR.
  for (int s = 0; s < kSexes; ++s) {
    st->mort.k_jump[ix(s)] += st->mort.drift[ix(s)] * (y.to - y.base);
    for (double& v : st->mort.log_base[ix(s)]) v += bf.log_level_jump;
  }
  st->fert.log_tfr_jump = bf.log_tfr_jump;
  for (int p : bf.published) own_tfr[p] = bf.log_tfr.at(p);
  double start = data.population.at(y.base).total();
  for (const auto& [t, c] : bf.history) {
    level[t] = c.net_migration;
    own_mig[t] = 1000.0 * c.net_migration / start;
    start += c.births - c.deaths + c.net_migration;
  }
  st->fert.level = internal::condition_level(tfr_pool, data.region, own_tfr, y.to);
  st->mig.rate = internal::condition_level(mig_pool, data.region, own_mig, y.to);
  st->mig.level_jump = level.rbegin()->second;
  if (own_mig.size() < 10) {
    model.diagnostics.push_back({Severity::warning,
                                 "migration_short_history",
                                 "net migration from " + std::to_string(own_mig.size()) +
                                     " years only: its level and variation are uncertain",
                                 {std::to_string(own_mig.size())},
                                 "years"});
  }
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
        {Severity::info,
         "totals_differ_from_age_data",
         "the total for " + std::to_string(y.base) + " (" + format_double(tot->second) +
             ") differs from the age data's (" + format_double(data.population.at(y.base).total()) +
             "); the bring-forward starts from the age data",
         {std::to_string(y.base), format_double(tot->second),
          format_double(data.population.at(y.base).total())}});
  }
  model.state = st;
  describe(data, y, bf, mort_text, model);
  return model;
}

}  // namespace utsikt::demography
