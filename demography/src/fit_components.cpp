// Fitting mortality (Lee-Carter on the reference, the region's ratio), fertility (schedule and
// log-TFR AR(1)) and the age-sex pattern of net migration.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "cohort_internal.hpp"
#include "utsikt/number.hpp"

namespace utsikt::demography::internal {
namespace {

// [1 2 1] / 4 over ages 1..99 within each sex (ages 0 and 100+ are kept: the newborns and the
// open interval are not neighbours of the single years).
void smooth_ages(AgeSex& a) {
  for (auto& row : a.v) {
    const Ages r = row;
    for (int x = 1; x < kMaxAge; ++x) {
      const bool lo = x > 1, hi = x + 1 < kMaxAge;
      const double num = 2.0 * r[ix(x)] + (lo ? r[ix(x - 1)] : 0.0) + (hi ? r[ix(x + 1)] : 0.0);
      row[ix(x)] = num / (2.0 + (lo ? 1.0 : 0.0) + (hi ? 1.0 : 0.0));
    }
  }
}

// Non-negative weights normalised to sum 1; false if they sum to (nearly) zero.
bool positive_part(const AgeSex& a, AgeSex& out) {
  out = AgeSex{};
  double sum = 0.0;
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) sum += std::max(a.v[ix(s)][ix(x)], 0.0);
  }
  if (!(sum > 1e-12)) return false;
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) out.v[ix(s)][ix(x)] = std::max(a.v[ix(s)][ix(x)], 0.0) / sum;
  }
  return true;
}

// The region's mortality relative to the reference, per age: observed over expected deaths in
// an age band around x widened until it expects 30 deaths (at most +-10 years), shrunk towards
// 1 by 10 expected deaths: (O + 10) / (E + 10).
Ages region_ratio(const Ages& obs, const Ages& expd) {
  Ages rho{};
  for (int x = 0; x <= kMaxAge; ++x) {
    double o = 0.0, e = 0.0;
    for (int h = 0; h <= 10; ++h) {
      o = 0.0;
      e = 0.0;
      for (int y = std::max(0, x - h); y <= std::min(kMaxAge, x + h); ++y) {
        o += obs[ix(y)];
        e += expd[ix(y)];
      }
      if (e >= 30.0 && h >= 2) break;
    }
    rho[ix(x)] = (o + 10.0) / (e + 10.0);
  }
  return rho;
}

}  // namespace

Ages MortalityModel::rates(int sex, double k) const {
  Ages m{};
  for (int x = 0; x <= kMaxAge; ++x) {
    m[ix(x)] = std::exp(log_base[ix(sex)][ix(x)] + b[ix(sex)][ix(x)] * k);
  }
  return m;
}

void MigrationModel::pattern(double level, AgeSex& out) const {
  const double extra = level - base_total;
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) {
      out.v[ix(s)][ix(x)] = base.v[ix(s)][ix(x)] + extra * slope.v[ix(s)][ix(x)];
    }
  }
}

StepRates make_rates(const MortalityModel& mort, const FertilityModel& fert,
                     const std::array<double, kSexes>& k, double log_level, double tfr) {
  StepRates r;
  for (int s = 0; s < kSexes; ++s) {
    Ages m = mort.rates(s, k[ix(s)]);
    const double c = std::exp(log_level);
    for (double& v : m) v *= c;
    survival_from_rates(m, static_cast<Sex>(s), r.q[ix(s)], r.q_birth[ix(s)]);
  }
  for (int x = 0; x <= kMaxAge; ++x) r.fertility[ix(x)] = tfr * fert.shape[ix(x)];
  r.boys_share = fert.boys_share;
  return r;
}

MortalityModel fit_mortality(const CohortData& d, const std::vector<int>& years, int window_from,
                             int base, std::vector<Diagnostic>& diags, std::string& text) {
  // Without reference data (a CohortData built by hand) the region is its own reference.
  const bool no_reference = d.reference_population.empty() || d.reference_deaths.empty();
  const auto& ref_pop = no_reference ? d.population : d.reference_population;
  const auto& ref_deaths = no_reference ? d.deaths : d.reference_deaths;
  std::vector<int> ref_years;
  for (int t : years) {
    if (ref_pop.count(t - 1) && ref_pop.count(t) && ref_deaths.count(t)) ref_years.push_back(t);
  }
  const LeeCarter lc = fit_lee_carter(ref_pop, ref_deaths, ref_years, diags);
  MortalityModel mm;
  mm.b = lc.b;
  mm.drift = lc.drift;
  mm.drift_se = lc.drift_se;
  mm.sigma = lc.sigma;
  mm.rho = lc.rho;
  mm.df = lc.df;
  auto exposure = [&](int t, int s, int x) {
    return 0.5 * (d.population.at(t - 1).v[ix(s)][ix(x)] + d.population.at(t).v[ix(s)][ix(x)]);
  };
  for (int s = 0; s < kSexes; ++s) {
    Ages obs{}, expd{};
    for (int t : ref_years) {
      if (t < window_from) continue;
      const double k = lc.k[ix(s)].at(t);
      for (int x = 0; x <= kMaxAge; ++x) {
        obs[ix(x)] += d.deaths.at(t).v[ix(s)][ix(x)];
        expd[ix(x)] += exposure(t, s, x) * std::exp(lc.a[ix(s)][ix(x)] + lc.b[ix(s)][ix(x)] * k);
      }
    }
    const Ages rho = region_ratio(obs, expd);
    for (int x = 0; x <= kMaxAge; ++x) {
      mm.log_base[ix(s)][ix(x)] = lc.a[ix(s)][ix(x)] + std::log(rho[ix(x)]);
    }
    const auto it = lc.k[ix(s)].upper_bound(base);
    mm.k_jump[ix(s)] = it == lc.k[ix(s)].begin() ? 0.0 : std::prev(it)->second;
  }
  // The region's yearly level around the model: log(observed / expected deaths), both sexes,
  // around a straight line over the years; its sd holds the Poisson noise of the counts too.
  std::vector<double> r, t_of;
  for (int t : ref_years) {
    double o = 0.0, e = 0.0;
    for (int s = 0; s < kSexes; ++s) {
      const double k = lc.k[ix(s)].at(t);
      for (int x = 0; x <= kMaxAge; ++x) {
        o += d.deaths.at(t).v[ix(s)][ix(x)];
        e += exposure(t, s, x) * std::exp(mm.log_base[ix(s)][ix(x)] + mm.b[ix(s)][ix(x)] * k);
      }
    }
    if (o > 0.0 && e > 0.0) {
      r.push_back(std::log(o / e));
      t_of.push_back(t);
    }
  }
  const int n = static_cast<int>(r.size());
  if (n >= 4) {
    const double mt = std::accumulate(t_of.begin(), t_of.end(), 0.0) / n;
    const double mr = std::accumulate(r.begin(), r.end(), 0.0) / n;
    double stt = 0.0, str = 0.0;
    for (int i = 0; i < n; ++i) {
      stt += (t_of[ix(i)] - mt) * (t_of[ix(i)] - mt);
      str += (t_of[ix(i)] - mt) * (r[ix(i)] - mr);
    }
    const double slope = stt > 0.0 ? str / stt : 0.0;
    double ss = 0.0;
    for (int i = 0; i < n; ++i) {
      const double e = r[ix(i)] - mr - slope * (t_of[ix(i)] - mt);
      ss += e * e;
    }
    mm.region_sigma = std::sqrt(ss / (n - 2));
  } else {
    const double deaths = d.deaths.empty() ? 0.0 : d.deaths.rbegin()->second.total();
    mm.region_sigma = deaths > 0.0 ? 1.0 / std::sqrt(deaths) : 0.0;
    diags.push_back({Severity::info,
                     "mortality_noise_poisson",
                     "fewer than 4 years to measure the region's yearly mortality noise: the "
                     "Poisson sd of the last year's deaths is used",
                     {}});
  }
  const bool own = no_reference || (d.reference_population.size() == d.population.size() &&
                                    d.reference_population.rbegin()->second.total() ==
                                        d.population.rbegin()->second.total());
  text = "Lee-Carter " + std::to_string(lc.first) + "-" + std::to_string(lc.last) + " on " +
         (own ? "the region itself (the files have no other regions)"
              : "the sum of all regions in the files") +
         ", k random walk with drift " + format_double(std::round(lc.drift[0] * 1000) / 1000) +
         " (women) / " + format_double(std::round(lc.drift[1] * 1000) / 1000) +
         " (men) a year; the region's ratio to it from " + std::to_string(window_from) + "-" +
         std::to_string(base) + ", yearly noise sd " +
         format_double(std::round(mm.region_sigma * 1000) / 10) + " %";
  return mm;
}

FertilityModel fit_fertility(const CohortData& d, const std::vector<int>& years, int window_from,
                             std::map<int, double>& tfr, std::vector<Diagnostic>& diags) {
  FertilityModel fm;
  int nw = 0;
  double boys = 0.0, all = 0.0;
  std::vector<double> log_tfr;
  for (int t : years) {
    Ages f{};
    if (!fertility_rates(d.population, d.births, t, f)) continue;
    const double sum = std::accumulate(f.begin(), f.end(), 0.0);
    if (!(sum > 0.0)) continue;
    tfr[t] = sum;
    log_tfr.push_back(std::log(sum));
    boys += d.births.at(t).sum(1, 0, kMaxAge);
    all += d.births.at(t).total();
    if (t < window_from) continue;
    for (int x = 15; x <= 49; ++x) fm.shape[ix(x)] += f[ix(x)] / sum;
    ++nw;
  }
  if (tfr.empty()) {
    throw InputError(Location{"", 0, 0, "births"},
                     "births by mother's age in at least one year with population at its start "
                     "and end",
                     "none");
  }
  if (nw == 0) {  // the window has no births: the last year's schedule
    Ages f{};
    fertility_rates(d.population, d.births, tfr.rbegin()->first, f);
    for (int x = 15; x <= 49; ++x) fm.shape[ix(x)] = f[ix(x)] / tfr.rbegin()->second;
    nw = 1;
  }
  const double total = std::accumulate(fm.shape.begin(), fm.shape.end(), 0.0);
  for (double& v : fm.shape) v /= total;
  fm.boys_share = boys / all;
  fm.log_tfr_jump = log_tfr.back();
  const int n = static_cast<int>(log_tfr.size());
  if (n < 10) {
    diags.push_back({Severity::warning,
                     "fertility_short_history",
                     "total fertility from " + std::to_string(n) +
                         " years only: its level and variation are uncertain",
                     {std::to_string(n)}});
  }
  return fm;
}

void fit_migration_pattern(const CohortData& d, const std::vector<int>& years, int window_from,
                           MigrationModel& mig, std::map<int, double>& level,
                           std::vector<Diagnostic>& diags) {
  std::map<int, AgeSex> res;
  for (int t : years) {
    AgeSex m;
    if (!residual_migration(d.population, d.deaths, d.births, t, m)) continue;
    res[t] = m;
    level[t] = m.total();
  }
  mig.base = AgeSex{};
  int nw = 0;
  for (const auto& [t, m] : res) {
    if (t < window_from) continue;
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) mig.base.v[ix(s)][ix(x)] += m.v[ix(s)][ix(x)];
    }
    ++nw;
  }
  if (nw == 0 && !res.empty()) {
    mig.base = res.rbegin()->second;
    nw = 1;
  }
  for (auto& row : mig.base.v) {
    for (double& v : row) v /= std::max(nw, 1);
  }
  mig.base_total = mig.base.total();
  // Slope of each cell on the yearly total (least squares over all years): how a level above
  // or below the base is spread. The slopes sum to 1.
  const int n = static_cast<int>(res.size());
  double lbar = 0.0, sll = 0.0;
  for (const auto& [t, m] : res) lbar += level[t] / std::max(n, 1);
  for (const auto& [t, m] : res) sll += (level[t] - lbar) * (level[t] - lbar);
  mig.slope = AgeSex{};
  bool slope_ok = n >= 5 && sll > 1e-9;
  if (slope_ok) {
    for (const auto& [t, m] : res) {
      const double w = (level[t] - lbar) / sll;
      for (int s = 0; s < kSexes; ++s) {
        for (int x = 0; x <= kMaxAge; ++x) mig.slope.v[ix(s)][ix(x)] += w * m.v[ix(s)][ix(x)];
      }
    }
    smooth_ages(mig.slope);
    const double sum = mig.slope.total();
    slope_ok = sum > 0.5;
    if (slope_ok) {
      for (auto& row : mig.slope.v) {
        for (double& v : row) v /= sum;
      }
    }
  }
  if (!slope_ok) {
    AgeSex p;
    if (!positive_part(mig.base, p)) positive_part(d.population.rbegin()->second, p);
    mig.slope = p;
    diags.push_back({Severity::warning,
                     "migration_short_history",
                     "too few years (" + std::to_string(n) +
                         ") to see how net migration by age follows its total: changes of the "
                         "level are spread like the positive part of the recent pattern",
                     {std::to_string(n)},
                     "profile"});
  }
  if (!positive_part(mig.slope, mig.profile)) mig.profile = mig.slope;
  smooth_ages(mig.base);
  const double gap = mig.base_total - mig.base.total();
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) mig.base.v[ix(s)][ix(x)] += gap * mig.slope.v[ix(s)][ix(x)];
  }
}

void fit_pattern_noise(const CohortData& d, const std::vector<int>& years, MigrationModel& mig,
                       int base, int jump_off) {
  PatternNoise& pn = mig.noise;
  pn = PatternNoise{};
  std::vector<AgeSex> res;
  std::vector<int> res_years;
  for (int t : years) {
    AgeSex m, p;
    if (!residual_migration(d.population, d.deaths, d.births, t, m)) continue;
    mig.pattern(m.total(), p);
    const double per = 1000.0 / std::max(d.population.at(t - 1).total(), 1.0);
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x)
        m.v[ix(s)][ix(x)] = (m.v[ix(s)][ix(x)] - p.v[ix(s)][ix(x)]) * per;
    }
    smooth_ages(m);  // single-year noise out: the components describe age groups
    smooth_ages(m);
    const double sum = m.total();  // back to a zero sum (the smoothing moves a little)
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) m.v[ix(s)][ix(x)] -= sum * mig.slope.v[ix(s)][ix(x)];
    }
    res.push_back(m);
    res_years.push_back(t);
  }
  const int n = static_cast<int>(res.size());
  pn.years = n;
  for (const AgeSex& m : res) {
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x)
        pn.cell_var.v[ix(s)][ix(x)] += m.v[ix(s)][ix(x)] * m.v[ix(s)][ix(x)] / n;
    }
  }
  if (n < kMinNoiseYears) return;
  Eigen::MatrixXd r(2 * kAges, n);
  for (int j = 0; j < n; ++j) {
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) r(s * kAges + x, j) = res[ix(j)].v[ix(s)][ix(x)];
    }
  }
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(r, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd sv = svd.singularValues();
  const double total = sv.squaredNorm();
  if (!(total > 0.0)) return;
  double kept = 0.0;
  std::map<std::string, YearSeries> scores;
  for (int k = 0; k < std::min<int>(kMaxNoiseComponents, static_cast<int>(sv.size())); ++k) {
    if (kept >= kNoiseExplained * total) break;
    kept += sv(k) * sv(k);
    AgeSex comp;
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) comp.v[ix(s)][ix(x)] = svd.matrixU()(s * kAges + x, k);
    }
    pn.component.push_back(comp);
    YearSeries& sc = scores[std::to_string(k)];
    for (int j = 0; j < n; ++j) sc[res_years[ix(j)]] = sv(k) * svd.matrixV()(j, k);
  }
  // The scores share (q, phi) of a local level + AR(1), each with its own sd.
  const PooledLevel pool = fit_pooled_level(scores, base);
  for (std::size_t k = 0; k < pn.component.size(); ++k) {
    const std::string name = std::to_string(k);
    pn.score.push_back(condition_level(pool, name, scores.at(name), jump_off));
  }
  pn.explained = kept / total;
}

}  // namespace utsikt::demography::internal
