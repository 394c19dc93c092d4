// Bringing the population forward from the last year of age data to the last observed total.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>

#include "cohort_internal.hpp"
#include "utsikt/number.hpp"

namespace utsikt::demography::internal {
namespace {

struct Year {
  double births = 0.0, deaths = 0.0;  // published, < 0: not published
};

// The TFR and mortality level that give the published births and deaths of the year from
// `start` with the net migration `mig` (alternating: the TFR for the births at the current
// level, then the level for the deaths by bisection; births depend on the level only through
// the women who survive).
void solve_published(const AgeSex& start, const MortalityModel& mort, const FertilityModel& fert,
                     const std::array<double, kSexes>& k, const AgeSex& mig, const Year& pub,
                     double& log_tfr, double& log_level) {
  AgeSex end;
  for (int it = 0; it < 100; ++it) {
    const double tfr_before = log_tfr, level_before = log_level;
    if (pub.births >= 0.0) {
      const StepRates unit_rates = make_rates(mort, fert, k, log_level, 1.0);
      const StepTotals unit = project_step(start, unit_rates, mig, end);
      if (unit.births > 0.0) log_tfr = std::log(pub.births / unit.births);
    }
    if (pub.deaths >= 0.0) {
      const double tfr = std::exp(log_tfr);
      auto deaths_at = [&](double lv) {
        return project_step(start, make_rates(mort, fert, k, lv, tfr), mig, end).deaths;
      };
      double lo = log_level - 3.0, hi = log_level + 3.0;
      if (deaths_at(lo) <= pub.deaths && deaths_at(hi) >= pub.deaths) {
        for (int b = 0; b < 200 && hi - lo > 1e-15; ++b) {
          const double mid = 0.5 * (lo + hi);
          (deaths_at(mid) < pub.deaths ? lo : hi) = mid;
        }
        log_level = 0.5 * (lo + hi);
      }
    }
    if (std::abs(log_tfr - tfr_before) < 1e-14 && std::abs(log_level - level_before) < 1e-14) {
      break;
    }
  }
}

// Net migration by age and sex: the model's pattern for a level plus the year's adjustment.
void pattern_plus(const MigrationModel& mig, double level, const AgeSex* extra, AgeSex& out) {
  mig.pattern(level, out);
  if (!extra) return;
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) out.v[ix(s)][ix(x)] += extra->v[ix(s)][ix(x)];
  }
}

// The step whose net migration (the model's pattern for a level) makes the end total equal
// `target`, starting from `level` (updated): the level is corrected by the remaining gap until
// it closes (births depend a little on the migrants; capped cells take no more).
StepTotals step_to_total(const AgeSex& start, const StepRates& r, const MigrationModel& mig,
                         const AgeSex* extra, double target, double& level, AgeSex& end) {
  AgeSex m;
  StepTotals tot;
  for (int it = 0; it < 100; ++it) {
    pattern_plus(mig, level, extra, m);
    tot = project_step(start, r, m, end);
    const double gap = target - end.total();
    if (std::abs(gap) <= 1e-12 * std::max(1.0, std::abs(target))) break;
    level += gap;
  }
  return tot;
}

// The bring-forward with the yearly adjustments `delta` of the age-sex split of net migration.
BringForward run_bring_forward(const CohortData& d, const MortalityModel& mort,
                               const FertilityModel& fert, const MigrationModel& mig, int base,
                               int to, double log_tfr_base, const std::map<int, AgeSex>& delta) {
  BringForward bf;
  std::map<int, Year> pub;
  for (int y = base + 1; y <= to; ++y) {
    auto it = d.components.find(y);
    if (it != d.components.end()) {
      pub[y] = Year{it->second.births, it->second.deaths};
      bf.published.push_back(y);
    }
  }
  auto k_of = [&](int y) {
    return std::array<double, kSexes>{mort.k_jump[0] + mort.drift[0] * (y - base),
                                      mort.k_jump[1] + mort.drift[1] * (y - base)};
  };
  // Plan: without published years the TFR follows the central path of its model from the base
  // year (fert.level is conditioned on the years up to the base year).
  for (int y = base + 1; y <= to; ++y) {
    bf.log_tfr[y] = pub.empty() ? fert.level.central(y - base) : log_tfr_base;
    bf.log_level[y] = 0.0;
  }
  for (int pass = 0; pass < 20; ++pass) {
    double change = 0.0;
    AgeSex n = d.population.at(base);
    bf.history.clear();
    bf.populations.clear();
    for (int y = base + 1; y <= to; ++y) {
      const auto k = k_of(y);
      const auto dy = delta.find(y);
      const AgeSex* extra = dy == delta.end() ? nullptr : &dy->second;
      double level = 0.0;  // net migration of the year
      AgeSex end;
      StepTotals tot;
      if (pub.count(y)) {
        // Births and deaths published: the net migration is what the total leaves (more if
        // cells are capped; then the births and deaths are solved again with it).
        level = d.totals.at(y) - n.total() - pub[y].births + pub[y].deaths;
        const double t0 = bf.log_tfr[y], l0 = bf.log_level[y];
        for (int it = 0; it < 50; ++it) {
          AgeSex m;
          pattern_plus(mig, level, extra, m);
          solve_published(n, mort, fert, k, m, pub[y], bf.log_tfr[y], bf.log_level[y]);
          const StepRates r = make_rates(mort, fert, k, bf.log_level[y], std::exp(bf.log_tfr[y]));
          const double used = level;
          tot = step_to_total(n, r, mig, extra, d.totals.at(y), level, end);
          if (std::abs(level - used) <= 1e-9 * (1.0 + std::abs(used))) break;
        }
        change = std::max({change, std::abs(bf.log_tfr[y] - t0), std::abs(bf.log_level[y] - l0)});
      } else {
        const StepRates r = make_rates(mort, fert, k, bf.log_level[y], std::exp(bf.log_tfr[y]));
        project_step(n, r, AgeSex{}, end);  // first guess: the gap the year leaves
        level = d.totals.at(y) - end.total();
        tot = step_to_total(n, r, mig, extra, d.totals.at(y), level, end);
      }
      bf.history[y] = CohortData::Components{tot.births, tot.deaths, tot.net_migration};
      bf.populations[y] = end;
      n = end;
    }
    bf.population = n;
    if (pub.empty() || (pass > 0 && change < 1e-12)) break;
    // Years between published ones: log TFR and level linear between the neighbours (the base
    // year's observed TFR and level 0 before the first); after the last: held.
    int prev = base;
    double prev_t = log_tfr_base, prev_l = 0.0;
    for (int p : bf.published) {
      for (int y = prev + 1; y < p; ++y) {
        const double w = static_cast<double>(y - prev) / (p - prev);
        bf.log_tfr[y] = prev_t + w * (bf.log_tfr[p] - prev_t);
        bf.log_level[y] = prev_l + w * (bf.log_level[p] - prev_l);
      }
      prev = p;
      prev_t = bf.log_tfr[p];
      prev_l = bf.log_level[p];
    }
    for (int y = prev + 1; y <= to; ++y) {
      bf.log_tfr[y] = prev_t;
      bf.log_level[y] = prev_l;
    }
  }
  bf.log_tfr_jump = to > base ? bf.log_tfr[to] : log_tfr_base;
  double sum = 0.0;
  for (int p : bf.published) sum += bf.log_level[p];
  bf.log_level_jump = bf.published.empty() ? 0.0 : sum / static_cast<double>(bf.published.size());
  if (to == base) bf.population = d.population.at(base);
  return bf;
}

// An observation as a function of the population that is 0 when it holds (in persons):
// count - value, or count - value / 100 * per for a share.
double residual(const GroupObservation& o, const AgeSex& pop) {
  const double n = pop.sum(o.count.sex, o.count.age_from, o.count.age_to);
  if (!o.per) return n - o.value;
  return n - o.value / 100.0 * pop.sum(o.per->sex, o.per->age_from, o.per->age_to);
}

bool in_group(const AgeGroup& g, int s, int x) {
  return (g.sex < 0 || g.sex == s) && x >= g.age_from && x <= g.age_to;
}

// How the residual moves with one more net migrant of sex s aged x on 31 Dec of year t (ageing
// to the observation's year; their deaths and births after arrival are left out, the iteration
// corrects for them).
double slope(const GroupObservation& o, int s, int x, int t) {
  const int a = std::min(kMaxAge, x + (o.year - t));
  double v = in_group(o.count, s, a) ? 1.0 : 0.0;
  if (o.per && in_group(*o.per, s, a)) v -= o.value / 100.0;
  return v;
}

void check_observation(const GroupObservation& o) {
  auto bad = [](const std::string& expected, const std::string& found) {
    return InputError(Location{"", 0, 0, "observations"}, expected, found);
  };
  for (const AgeGroup* g : {&o.count, o.per ? &*o.per : nullptr}) {
    if (g && (g->sex < -1 || g->sex > 1 || g->age_from < 0 || g->age_to > kMaxAge ||
              g->age_from > g->age_to))
      throw bad("groups with sex -1, 0 or 1 and ages 0 <= from <= to <= 100",
                "group '" + g->id + "' in " + std::to_string(o.year));
  }
  if (!std::isfinite(o.value) || o.value < 0.0 || (o.per && o.value > 100.0))
    throw bad(o.per ? "a percentage 0..100" : "a count of 0 or more",
              format_double(o.value) + " for '" + o.count.id + "' in " + std::to_string(o.year));
}

// Minimal adjustments of the age-sex split of net migration (one per period up to each
// observation year; weighted least squares with weights w, summing to 0) so that the
// observations hold: a Newton iteration with the ageing-only Jacobian.
std::map<int, AgeSex> solve_adjustments(
    const std::vector<GroupObservation>& obs, const std::vector<int>& ends, int base,
    const AgeSex& w, const std::function<BringForward(const std::map<int, AgeSex>&)>& run,
    BringForward& bf) {
  const int m = static_cast<int>(obs.size()), J = static_cast<int>(ends.size());
  constexpr int kCells = kSexes * kAges;
  auto period = [&](int y) {
    return static_cast<int>(std::lower_bound(ends.begin(), ends.end(), y) - ends.begin());
  };
  Eigen::VectorXd D = Eigen::VectorXd::Zero(J * kCells), wd(J * kCells);
  for (int j = 0; j < J; ++j) {
    const int years = ends[ix(j)] - (j ? ends[ix(j - 1)] : base);
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x) wd(j * kCells + s * kAges + x) = w.v[ix(s)][ix(x)] / years;
    }
  }
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(m + J, J * kCells);
  for (int c = 0; c < m; ++c) {
    for (int t = base + 1; t <= obs[ix(c)].year; ++t) {
      const int j = period(t);
      for (int s = 0; s < kSexes; ++s) {
        for (int x = 0; x <= kMaxAge; ++x)
          A(c, j * kCells + s * kAges + x) += slope(obs[ix(c)], s, x, t);
      }
    }
  }
  for (int j = 0; j < J; ++j) A.block(m + j, j * kCells, 1, kCells).setOnes();
  const Eigen::MatrixXd AW = A * wd.asDiagonal();
  const Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(AW * A.transpose());
  std::map<int, AgeSex> delta;
  double scale = 1.0, best = HUGE_VAL;
  int stalled = 0;
  for (int it = 0; it < 40; ++it) {
    delta.clear();
    for (int y = base + 1; y <= ends.back(); ++y) {
      AgeSex& a = delta[y];
      const int j = period(y);
      for (int s = 0; s < kSexes; ++s) {
        for (int x = 0; x <= kMaxAge; ++x) a.v[ix(s)][ix(x)] = D(j * kCells + s * kAges + x);
      }
    }
    bf = run(delta);
    scale = std::max(1.0, bf.population.total());
    Eigen::VectorXd r(m + J);
    for (int c = 0; c < m; ++c) r(c) = residual(obs[ix(c)], bf.populations.at(obs[ix(c)].year));
    for (int j = 0; j < J; ++j) r(m + j) = D.segment(j * kCells, kCells).sum();
    const double worst = r.head(m).cwiseAbs().maxCoeff();
    if (worst <= 1e-11 * scale) break;
    // No more progress (observations that contradict each other: least squares reached).
    stalled = worst < 0.5 * best ? 0 : stalled + 1;
    best = std::min(best, worst);
    if (stalled >= 3) break;
    D += AW.transpose() * cod.solve(-r);
  }
  return delta;
}

}  // namespace

BringForward bring_forward(const CohortData& d, const MortalityModel& mort,
                           const FertilityModel& fert, const MigrationModel& mig, int base, int to,
                           double log_tfr_base, const std::vector<GroupObservation>& observations,
                           const AgeSex& weights, std::vector<Diagnostic>& diags) {
  std::vector<GroupObservation> obs;
  std::vector<int> ends;
  for (const GroupObservation& o : observations) {
    check_observation(o);
    if (o.year <= base || o.year > to) {
      diags.push_back(
          {Severity::info,
           "observation_outside_bring_forward",
           "the observation of '" + o.count.id + "' in " + std::to_string(o.year) + " is not in " +
               std::to_string(base + 1) + ".." + std::to_string(to) +
               " (the years brought forward) and is not used",
           {o.count.id, std::to_string(o.year), std::to_string(base + 1), std::to_string(to)}});
      continue;
    }
    obs.push_back(o);
    ends.push_back(o.year);
  }
  auto run = [&](const std::map<int, AgeSex>& delta) {
    return run_bring_forward(d, mort, fert, mig, base, to, log_tfr_base, delta);
  };
  if (obs.empty()) return run({});
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  // Weights: how much each cell's net migration varies; a floor keeps every cell adjustable.
  AgeSex w = weights;
  double top = 0.0;
  for (const auto& row : w.v)
    for (double v : row) top = std::max(top, v);
  if (!(top > 0.0)) {
    w = mig.profile;
    top = 1.0;
  }
  for (auto& row : w.v)
    for (double& v : row) v = std::max(v, 0.0) + 1e-6 * top;
  BringForward bf;
  bf.adjustment = solve_adjustments(obs, ends, base, w, run, bf);
  for (const GroupObservation& o : obs) {
    const AgeSex& pop = bf.populations.at(o.year);
    const double per = o.per ? pop.sum(o.per->sex, o.per->age_from, o.per->age_to) : 1.0;
    const double reached =
        o.per ? o.value + 100.0 * residual(o, pop) / per : o.value + residual(o, pop);
    if (std::abs(residual(o, pop)) <= 1e-6 * std::max(1.0, pop.total())) {
      bf.met.push_back(o);
      continue;
    }
    diags.push_back({Severity::warning,
                     "observation_not_met",
                     "the observation of '" + o.count.id + "' in " + std::to_string(o.year) + " (" +
                         format_double(o.value) +
                         ") could not be met together with the others and the totals: the "
                         "bring-forward reaches " +
                         format_double(std::round(reached * 1e4) / 1e4),
                     {o.count.id, std::to_string(o.year), format_double(o.value),
                      format_double(std::round(reached * 1e4) / 1e4)}});
  }
  return bf;
}

}  // namespace utsikt::demography::internal
