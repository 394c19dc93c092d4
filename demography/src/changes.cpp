// Scenario changes of the components: checks and per-year preparation.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "cohort_internal.hpp"
#include "utsikt/number.hpp"

namespace utsikt::demography::internal {
namespace {

Location field(const std::string& name) { return Location{"", 0, 0, name}; }

// Normalised non-negative weights; InputError for negative or all-zero weights.
AgeSex normalised(const AgeSex& w) {
  double sum = 0.0;
  for (const auto& row : w.v) {
    for (double v : row) {
      if (!(v >= 0.0) || !std::isfinite(v)) {
        throw InputError(field("profile"), "non-negative weights", format_double(v));
      }
      sum += v;
    }
  }
  if (!(sum > 0.0)) throw InputError(field("profile"), "some positive weight", "all zero");
  AgeSex out = w;
  for (auto& row : out.v) {
    for (double& v : row) v /= sum;
  }
  return out;
}

// Movers with family per job (ComponentChange::jobs, documented defaults in cohort.hpp).
AgeSex jobs_profile(const CohortModel& model, const ComponentChange& c) {
  const CohortModel::State& st = *model.state;
  if (c.movers_per_job < 0.0 || c.family_per_mover < 0.0 || c.partner_share < 0.0 ||
      c.partner_share > 1.0) {
    throw InputError(field("jobs"),
                     "movers_per_job >= 0, family_per_mover >= 0, 0 <= partner_share <= 1",
                     format_double(c.movers_per_job) + ", " + format_double(c.family_per_mover) +
                         ", " + format_double(c.partner_share));
  }
  AgeSex movers;
  if (c.profile) {
    movers = normalised(*c.profile);
  } else {
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 20; x <= 64; ++x) movers.v[ix(s)][ix(x)] = st.mig.profile.v[ix(s)][ix(x)];
    }
    movers = normalised(movers);
  }
  AgeSex out;
  const double partners = c.family_per_mover * c.partner_share;
  const double children = c.family_per_mover * (1.0 - c.partner_share);
  const std::array<double, kSexes> child_sex{1.0 - st.fert.boys_share, st.fert.boys_share};
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) {
      double v = movers.v[ix(s)][ix(x)] + partners * movers.v[ix(1 - s)][ix(x)];
      if (x <= 17) v += children * child_sex[ix(s)] / 18.0;
      out.v[ix(s)][ix(x)] = c.movers_per_job * v;
    }
  }
  return out;
}

// The Lee-Carter shift dk that raises e0 by `years` at index k (e0 falls as k grows).
double shift_for_e0(const MortalityModel& m, int sex, double k, double years) {
  if (years == 0.0) return 0.0;
  auto e0 = [&](double kk) { return life_table(m.rates(sex, kk), sex).e0; };
  const double target = e0(k) + years;
  double a = 0.0, b = years > 0.0 ? -1.0 : 1.0;
  for (int i = 0; i < 60 && (years > 0.0 ? e0(k + b) < target : e0(k + b) > target); ++i) b *= 2.0;
  if (years > 0.0 ? e0(k + b) < target : e0(k + b) > target) {
    throw InputError(field("value"), "a life-expectancy change the mortality model can reach",
                     format_double(years) + " years");
  }
  for (int i = 0; i < 200 && std::abs(b - a) > 1e-12 * (1.0 + std::abs(b)); ++i) {
    const double mid = 0.5 * (a + b);
    ((years > 0.0) == (e0(k + mid) < target) ? a : b) = mid;
  }
  return 0.5 * (a + b);
}

// shift_for_e0 for every value: solved for each distinct value, or, with more than 33 distinct
// values (drawn per path), interpolated linearly between 33 solved points over their range.
std::vector<double> shifts_for_e0(const MortalityModel& m, int sex, double k,
                                  const std::vector<double>& values) {
  std::map<double, double> solved;
  for (double v : values) solved.emplace(v, 0.0);
  if (solved.size() <= 33) {
    for (auto& [v, dk] : solved) dk = shift_for_e0(m, sex, k, v);
  } else {
    const double lo = solved.begin()->first, hi = solved.rbegin()->first;
    std::vector<double> grid(33);
    for (int i = 0; i < 33; ++i) grid[ix(i)] = shift_for_e0(m, sex, k, lo + (hi - lo) * i / 32.0);
    for (auto& [v, dk] : solved) {
      const double pos = (v - lo) / (hi - lo) * 32.0;
      const int i = std::min(31, static_cast<int>(pos));
      dk = v == 0.0 ? 0.0 : grid[ix(i)] + (pos - i) * (grid[ix(i + 1)] - grid[ix(i)]);
    }
  }
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(solved.at(v));
  return out;
}

std::vector<double> values_of(const ComponentChange& c, const SimulateOptions& opt, bool central) {
  if (c.value.size() != 1 && c.value.size() != static_cast<std::size_t>(opt.n_paths)) {
    throw InputError(field("value"), "1 or n_paths (" + std::to_string(opt.n_paths) + ") values",
                     std::to_string(c.value.size()));
  }
  for (double v : c.value) {
    if (!std::isfinite(v)) throw InputError(field("value"), "a finite number", format_double(v));
  }
  if (!central || c.value.size() == 1) return c.value;
  return {std::accumulate(c.value.begin(), c.value.end(), 0.0) / c.value.size()};
}

}  // namespace

PreparedChanges prepare_changes(const CohortModel& model, const SimulateOptions& opt,
                                const std::vector<ComponentChange>& changes, bool central) {
  PreparedChanges out;
  const int first = model.jump_off + 1;
  const int n_years = opt.to_year - model.jump_off;
  for (const ComponentChange& c : changes) {
    const std::vector<double> values = values_of(c, opt, central);
    const bool open = c.to == 0;
    if (!open && c.to < c.from) {
      throw InputError(field("to"), "a year from " + std::to_string(c.from), std::to_string(c.to));
    }
    auto active = [&](int year) { return year >= c.from && (open || year <= c.to); };
    // A change that ends before the first projected year does nothing: refused.
    const bool jobs = c.kind == ComponentChange::Kind::jobs;
    const int last_year = jobs && open ? c.from : c.to;
    if (c.kind != ComponentChange::Kind::life_expectancy && (!open || jobs) && last_year < first) {
      throw InputError(field(open ? "from" : "to"),
                       "a change reaching the projected years (from " + std::to_string(first) + ")",
                       std::to_string(last_year));
    }
    switch (c.kind) {
      case ComponentChange::Kind::migrants: {
        PreparedChanges::Migrants m;
        m.profile = c.profile ? normalised(*c.profile) : model.state->mig.profile;
        for (int h = 0; h < n_years; ++h) m.coef.push_back(active(first + h) ? 1.0 : 0.0);
        m.values = values;
        out.migrants.push_back(std::move(m));
        break;
      }
      case ComponentChange::Kind::jobs: {
        PreparedChanges::Migrants m;
        m.profile = jobs_profile(model, c);
        const int last = open ? c.from : c.to;
        const double share = 1.0 / (last - c.from + 1);
        for (int h = 0; h < n_years; ++h) {
          const int year = first + h;
          m.coef.push_back(year >= c.from && year <= last ? share : 0.0);
        }
        m.values = values;
        out.migrants.push_back(std::move(m));
        break;
      }
      case ComponentChange::Kind::fertility: {
        for (double v : values) {
          if (!(v > -100.0)) {
            throw InputError(field("value"), "a fertility change above -100 %", format_double(v));
          }
        }
        PreparedChanges::Fertility f;
        for (int h = 0; h < n_years; ++h) f.active.push_back(active(first + h) ? 1 : 0);
        f.values = values;
        out.fertility.push_back(std::move(f));
        break;
      }
      case ComponentChange::Kind::life_expectancy: {
        PreparedChanges::LifeExpectancy le;
        const int end = open || c.to <= c.from ? c.from : c.to;
        for (int h = 0; h < n_years; ++h) {
          const int year = first + h;
          le.frac.push_back(year < c.from ? 0.0
                            : year >= end
                                ? 1.0
                                : static_cast<double>(year - c.from + 1) / (end - c.from + 1));
        }
        const auto& mort = model.state->mort;
        for (int s = 0; s < kSexes; ++s) {
          const double k_end = mort.k_jump[ix(s)] + mort.drift[ix(s)] * (end - model.jump_off);
          le.dk[ix(s)] = shifts_for_e0(mort, s, k_end, values);
        }
        out.life.push_back(std::move(le));
        break;
      }
    }
  }
  return out;
}

}  // namespace utsikt::demography::internal
