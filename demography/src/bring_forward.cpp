// Bringing the population forward from the last year of age data to the last observed total.
#include <algorithm>
#include <cmath>

#include "cohort_internal.hpp"

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

// The step whose net migration (the model's pattern for a level) makes the end total equal
// `target`, starting from `level` (updated): the level is corrected by the remaining gap until
// it closes (births depend a little on the migrants; capped cells take no more).
StepTotals step_to_total(const AgeSex& start, const StepRates& r, const MigrationModel& mig,
                         double target, double& level, AgeSex& end) {
  AgeSex m;
  StepTotals tot;
  for (int it = 0; it < 100; ++it) {
    mig.pattern(level, m);
    tot = project_step(start, r, m, end);
    const double gap = target - end.total();
    if (std::abs(gap) <= 1e-12 * std::max(1.0, std::abs(target))) break;
    level += gap;
  }
  return tot;
}

}  // namespace

BringForward bring_forward(const CohortData& d, const MortalityModel& mort,
                           const FertilityModel& fert, const MigrationModel& mig, int base, int to,
                           double log_tfr_base) {
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
    for (int y = base + 1; y <= to; ++y) {
      const auto k = k_of(y);
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
          mig.pattern(level, m);
          solve_published(n, mort, fert, k, m, pub[y], bf.log_tfr[y], bf.log_level[y]);
          const StepRates r = make_rates(mort, fert, k, bf.log_level[y], std::exp(bf.log_tfr[y]));
          const double used = level;
          tot = step_to_total(n, r, mig, d.totals.at(y), level, end);
          if (std::abs(level - used) <= 1e-9 * (1.0 + std::abs(used))) break;
        }
        change = std::max({change, std::abs(bf.log_tfr[y] - t0), std::abs(bf.log_level[y] - l0)});
      } else {
        const StepRates r = make_rates(mort, fert, k, bf.log_level[y], std::exp(bf.log_tfr[y]));
        project_step(n, r, AgeSex{}, end);  // first guess: the gap the year leaves
        level = d.totals.at(y) - end.total();
        tot = step_to_total(n, r, mig, d.totals.at(y), level, end);
      }
      bf.history[y] = CohortData::Components{tot.births, tot.deaths, tot.net_migration};
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

}  // namespace utsikt::demography::internal
