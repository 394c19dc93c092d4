#include "utsikt/scenarios/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "utsikt/engine/cohort.hpp"
#include "utsikt/engine/options.hpp"
#include "utsikt/engine/structure.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {

double Quantity::draw(Rng& rng) const {
  switch (dist) {
    case Dist::fixed:
      return a;
    case Dist::uniform:
      return a + (b - a) * rng.uniform();
    case Dist::normal:
      return a + b * rng.normal();
    case Dist::triangular: {
      // Inverse CDF of the triangular distribution on [a, b] with mode c.
      const double u = rng.uniform();
      const double fc = (c - a) / (b - a);
      return u < fc ? a + std::sqrt(u * (b - a) * (c - a))
                    : b - std::sqrt((1 - u) * (b - a) * (b - c));
    }
  }
  return a;
}

double Quantity::mean() const {
  switch (dist) {
    case Dist::fixed:
      return a;
    case Dist::uniform:
      return (a + b) / 2;
    case Dist::normal:
      return a;
    case Dist::triangular:
      return (a + b + c) / 3;
  }
  return a;
}

std::string Quantity::describe() const {
  char buf[128];
  switch (dist) {
    case Dist::fixed:
      std::snprintf(buf, sizeof buf, "%g", a);
      break;
    case Dist::uniform:
      std::snprintf(buf, sizeof buf, "uniform(%g, %g)", a, b);
      break;
    case Dist::normal:
      std::snprintf(buf, sizeof buf, "normal(mean %g, sd %g)", a, b);
      break;
    case Dist::triangular:
      std::snprintf(buf, sizeof buf, "triangular(%g, mode %g, %g)", a, c, b);
      break;
  }
  return buf;
}

namespace {
constexpr std::pair<InterventionType, std::string_view> kTypes[] = {
    {InterventionType::shift, "shift"},
    {InterventionType::trend, "trend"},
    {InterventionType::growth, "growth"},
    {InterventionType::path, "path"},
    {InterventionType::ramp, "ramp"},
    {InterventionType::ramp_to, "ramp_to"},
    {InterventionType::cap, "cap"},
    {InterventionType::floor, "floor"},
    {InterventionType::migrants, "migrants"},
    {InterventionType::fertility, "fertility"},
    {InterventionType::life_expectancy, "life_expectancy"},
    {InterventionType::jobs, "jobs"}};

double clamp_bounds(double v, const Bounds& b) {
  if (b.lower && v < *b.lower) v = *b.lower;
  if (b.upper && v > *b.upper) v = *b.upper;
  return v;
}

// Weight of a ramp in year y: 0 in `from`, 1 in `to` and after.
double ramp_weight(int y, int from, int to) {
  if (y <= from) return 0.0;
  if (y >= to) return 1.0;
  return double(y - from) / double(to - from);
}

// Applies one intervention to one path (x: the projected years, x_prev: the value the year
// before the first projected year), with the drawn size v.
void apply_one(const Intervention& iv, double v, const std::vector<int>& years, double* x,
               double x_prev, const Bounds& bounds) {
  const std::size_t H = years.size();
  switch (iv.type) {
    case InterventionType::shift:
      for (std::size_t h = 0; h < H; ++h)
        if (years[h] >= iv.from) x[h] = iv.percent ? x[h] * (1.0 + v / 100.0) : x[h] + v;
      break;
    case InterventionType::trend:
      for (std::size_t h = 0; h < H; ++h)
        if (years[h] >= iv.from) x[h] += v * double(years[h] - iv.from + 1);
      break;
    case InterventionType::growth: {
      if (v == 1.0) break;  // unchanged (and bit-identical)
      double factor = 1.0, prev = x_prev;
      for (std::size_t h = 0; h < H; ++h) {
        const double orig = x[h];
        if (years[h] >= iv.from && prev > 0 && orig > 0) {
          const double ratio = orig / prev;               // 1 + baseline growth
          const double wanted = 1.0 + v * (ratio - 1.0);  // 1 + multiplied growth
          factor *= std::max(wanted, 0.0) / ratio;
        }
        x[h] = orig * factor;
        prev = orig;
      }
      break;
    }
    case InterventionType::path: {
      const auto& pts = iv.points;
      const int last = pts.back().first;
      double base_at_last = std::nan("");
      for (std::size_t h = 0; h < H; ++h)
        if (years[h] == last) base_at_last = x[h];
      for (std::size_t h = 0; h < H; ++h) {
        const int y = years[h];
        if (y < pts.front().first) continue;
        if (y > last) {
          if (!std::isnan(base_at_last)) x[h] += pts.back().second - base_at_last;
          continue;
        }
        auto it = std::lower_bound(pts.begin(), pts.end(), std::pair<int, double>(y, -INFINITY));
        if (it->first == y) {
          x[h] = it->second;
          continue;
        }
        const auto lo = it - 1;
        const double w = double(y - lo->first) / double(it->first - lo->first);
        x[h] = lo->second + w * (it->second - lo->second);
      }
      break;
    }
    case InterventionType::ramp:
      for (std::size_t h = 0; h < H; ++h) {
        const double w = ramp_weight(years[h], iv.from, iv.to);
        if (w > 0) x[h] = iv.percent ? x[h] * (1.0 + w * v / 100.0) : x[h] + w * v;
      }
      break;
    case InterventionType::ramp_to: {
      double base_at_to = std::nan("");
      for (std::size_t h = 0; h < H; ++h)
        if (years[h] == iv.to) base_at_to = x[h];
      for (std::size_t h = 0; h < H; ++h) {
        if (years[h] > iv.to && !std::isnan(base_at_to))
          x[h] = v + (x[h] - base_at_to);
        else {
          const double w = ramp_weight(years[h], iv.from, iv.to);
          if (w > 0) x[h] = x[h] + w * (v - x[h]);
        }
      }
      break;
    }
    case InterventionType::cap:
      for (std::size_t h = 0; h < H; ++h)
        if (years[h] >= iv.from) x[h] = std::min(x[h], v);
      break;
    case InterventionType::floor:
      for (std::size_t h = 0; h < H; ++h)
        if (years[h] >= iv.from) x[h] = std::max(x[h], v);
      break;
    case InterventionType::migrants:
    case InterventionType::fertility:
    case InterventionType::life_expectancy:
    case InterventionType::jobs:
      throw InternalError("apply_one: a component change is applied by the cohort model");
  }
  for (std::size_t h = 0; h < H; ++h) x[h] = clamp_bounds(x[h], bounds);
}

std::string label(const SeriesRef& r) { return r.indicator + "/" + r.group; }

void apply_to_series(const Project& project, SeriesResult& s, const Intervention& iv,
                     std::uint64_t seed, const std::string& scenario_id,
                     std::vector<Diagnostic>* notes) {
  SeriesForecast& f = s.forecast;
  const std::string who =
      "scenario '" + scenario_id + "', intervention '" + iv.id + "' on " + label(iv.series);
  if (f.years.empty()) {
    if (notes)
      notes->push_back({Severity::warning,
                        "intervention_no_projection",
                        who + ": the series has no observations, so nothing is projected to change",
                        {scenario_id, iv.id, label(iv.series)}});
    return;
  }
  const int last_effect_year = iv.type == InterventionType::path ? iv.points.back().first : iv.from;
  if (last_effect_year < f.years.front() && iv.type == InterventionType::path && notes)
    notes->push_back(
        {Severity::warning,
         "intervention_before_projection",
         who + ": all given years are observed; only the persisting difference applies",
         {scenario_id, iv.id, label(iv.series)},
         "all_observed"});
  else if (iv.from < f.years.front() && notes)
    notes->push_back({Severity::info,
                      "intervention_before_projection",
                      who + ": starts in " + std::to_string(iv.from) +
                          ", before the first projected year " + std::to_string(f.years.front()) +
                          "; observed years are never changed",
                      {scenario_id, iv.id, label(iv.series), std::to_string(iv.from),
                       std::to_string(f.years.front())}});
  if (iv.from > f.years.back() && notes)
    notes->push_back({Severity::warning,
                      "intervention_after_horizon",
                      who + ": starts after the projection horizon; no effect",
                      {scenario_id, iv.id, label(iv.series)}});
  const Indicator& ind = *project.find_indicator(s.ref.indicator);
  const std::uint64_t stream = iv.stream(scenario_id);
  const int H = static_cast<int>(f.years.size());
  for (int p = 0; p < f.n_paths; ++p) {
    double v = iv.scale * iv.value.a;
    if (iv.random()) {
      Rng rng(seed, stream, static_cast<std::uint64_t>(p));
      v = iv.draw(rng);
    }
    const double prev = series_value(s, f.years.front() - 1, p);
    apply_one(iv, v, f.years, &f.paths[static_cast<std::size_t>(p) * H], prev, ind.bounds);
  }
  for (int h = 0; h < H; ++h) f.point[h] = f.quantile(h, 0.5);
}

// Distributes a changed breakdown total to its parts proportionally (top-down).
void reconcile_parts(const Project& project, std::vector<SeriesResult>& series,
                     std::size_t total_idx, std::vector<Diagnostic>* notes) {
  SeriesResult& t = series[total_idx];
  const Indicator& ind = *project.find_indicator(t.ref.indicator);
  std::vector<SeriesResult*> parts;
  for (const auto& g : ind.breakdown->parts)
    for (auto& s : series)
      if (s.ref == SeriesRef{ind.id, g}) parts.push_back(&s);
  const auto& f = t.forecast;
  for (SeriesResult* ps : parts)
    if (ps->forecast.years.empty() || ps->forecast.years.front() > f.years.front()) {
      if (notes)
        notes->push_back({Severity::warning,
                          "breakdown_not_reconciled",
                          "the change of " + label(t.ref) + " could not be distributed to " +
                              label(ps->ref) + " (not projected over the same years)",
                          {label(t.ref), label(ps->ref)}});
      return;
    }
  const int H = static_cast<int>(f.years.size());
  for (int p = 0; p < f.n_paths; ++p)
    for (int h = 0; h < H; ++h) {
      const int y = f.years[h];
      double sum = 0;
      for (SeriesResult* ps : parts) sum += series_value(*ps, y, p);
      const double want = f.at(p, h);
      if (!(std::fabs(sum) > 0)) continue;
      const double k = want / sum;
      for (SeriesResult* ps : parts) {
        auto& pf = ps->forecast;
        const int ph = y - pf.years.front();
        pf.paths[static_cast<std::size_t>(p) * pf.years.size() + ph] *= k;
      }
    }
  for (SeriesResult* ps : parts)
    for (std::size_t h = 0; h < ps->forecast.years.size(); ++h)
      ps->forecast.point[h] = ps->forecast.quantile(static_cast<int>(h), 0.5);
}

// Component interventions (migrants, fertility, life expectancy, jobs): one change list per
// cohort model, each value drawn per path like any other intervention; the model is simulated
// again with the baseline's seed (same random numbers) and every group on it is replaced.
// Returns the indices of the replaced series.
std::set<std::size_t> apply_component_changes(const Project& project,
                                              std::vector<SeriesResult>& series,
                                              const Scenario& scenario, std::uint64_t seed,
                                              std::vector<Diagnostic>* notes) {
  CohortChanges changes;
  int n_paths = 0;
  for (const auto& iv : scenario.interventions) {
    if (!is_component_type(iv.type)) continue;
    const std::string owner = cohort_owner(project, iv.series.indicator);
    if (owner.empty())
      throw InternalError("apply_scenario: a component change on a series without cohort model");
    for (const SeriesResult& s : series)
      if (s.ref.indicator == iv.series.indicator) n_paths = std::max(n_paths, s.forecast.n_paths);
    if (n_paths == 0) continue;
    demography::ComponentChange c;
    switch (iv.type) {
      case InterventionType::migrants:
        c.kind = demography::ComponentChange::Kind::migrants;
        break;
      case InterventionType::fertility:
        c.kind = demography::ComponentChange::Kind::fertility;
        break;
      case InterventionType::life_expectancy:
        c.kind = demography::ComponentChange::Kind::life_expectancy;
        break;
      default:
        c.kind = demography::ComponentChange::Kind::jobs;
        break;
    }
    c.from = iv.from;
    c.to = iv.to;
    if (iv.ages) {
      demography::AgeSex prof;
      for (int k = 0; k < demography::kSexes; ++k)
        for (int a = iv.ages->age_from; a <= iv.ages->age_to; ++a)
          if (iv.ages->sex < 0 || iv.ages->sex == k)
            prof.v[static_cast<std::size_t>(k)][static_cast<std::size_t>(a)] = 1.0;
      c.profile = prof;
    }
    if (iv.movers_per_job) c.movers_per_job = *iv.movers_per_job;
    if (iv.family_per_mover) c.family_per_mover = *iv.family_per_mover;
    if (!iv.random()) {
      c.value = {iv.scale * iv.value.a};
    } else {
      const std::uint64_t stream = iv.stream(scenario.id);
      for (int p = 0; p < n_paths; ++p) {
        Rng rng(seed, stream, static_cast<std::uint64_t>(p));
        c.value.push_back(iv.draw(rng));
      }
    }
    changes[owner].push_back(std::move(c));
  }
  std::set<std::size_t> changed;
  if (changes.empty()) return changed;
  std::vector<std::string> owners;
  for (const auto& [o, list] : changes) owners.push_back(o);
  project_cohorts(project, series, seed, n_paths, resolve_threads(0), changes, &owners);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::string o = cohort_owner(project, series[i].ref.indicator);
    if (!o.empty() && changes.count(o)) changed.insert(i);
  }
  if (notes)
    for (const auto& [o, list] : changes)
      notes->push_back({Severity::info,
                        "cohort_resimulated",
                        "scenario '" + scenario.id + "': the cohort model of '" + o +
                            "' was simulated again with " + std::to_string(list.size()) +
                            " component change(s), with the baseline's random numbers",
                        {scenario.id, o, std::to_string(list.size())}});
  return changed;
}

}  // namespace

std::string_view to_string(InterventionType t) {
  for (const auto& [k, v] : kTypes)
    if (k == t) return v;
  return "shift";
}

std::uint64_t Intervention::stream(const std::string& scenario_id) const {
  return hash_combine(
      stable_hash("scenario:" + scenario_id),
      stable_hash(parameter.empty() ? "intervention:" + id : "parameter:" + parameter));
}

bool is_component_type(InterventionType t) {
  return t == InterventionType::migrants || t == InterventionType::fertility ||
         t == InterventionType::life_expectancy || t == InterventionType::jobs;
}

std::optional<InterventionType> intervention_type_from_string(std::string_view s) {
  for (const auto& [k, v] : kTypes)
    if (v == s) return k;
  return std::nullopt;
}

std::vector<SeriesResult> apply_scenario(const Project& project,
                                         const std::vector<SeriesResult>& baseline,
                                         const Scenario& scenario, std::uint64_t seed,
                                         std::vector<Diagnostic>* notes) {
  std::vector<SeriesResult> series = baseline;
  apply_scenario_in_place(project, series, scenario, seed, notes);
  return series;
}

std::set<std::size_t> apply_scenario_in_place(const Project& project,
                                              std::vector<SeriesResult>& series,
                                              const Scenario& scenario, std::uint64_t seed,
                                              std::vector<Diagnostic>* notes) {
  std::map<std::size_t, std::vector<const Intervention*>> by_series;
  std::set<std::size_t> dirty = apply_component_changes(project, series, scenario, seed, notes);
  for (const auto& iv : scenario.interventions) {
    if (is_component_type(iv.type)) continue;
    bool found = false;
    for (std::size_t i = 0; i < series.size(); ++i)
      if (series[i].ref == iv.series) {
        by_series[i].push_back(&iv);
        found = true;
      }
    if (!found) throw InternalError("apply_scenario: unknown series " + label(iv.series));
  }
  for (std::size_t i : dependency_order(project, series)) {
    const Derivation d = derivation_of(project, series[i].ref);
    bool inputs_changed = false;
    for (const auto& in : d.inputs)
      for (std::size_t j : dirty)
        if (series[j].ref == in) inputs_changed = true;
    if (inputs_changed && derive_series(project, series, i, seed)) dirty.insert(i);
    auto it = by_series.find(i);
    if (it == by_series.end()) continue;
    if (d.kind == Derivation::Kind::components && notes)
      notes->push_back({Severity::warning,
                        "intervention_on_derived_total",
                        "scenario '" + scenario.id + "': an intervention on " +
                            label(series[i].ref) +
                            ", which is the sum of its components, breaks the identity; "
                            "intervene on a component instead",
                        {scenario.id, label(series[i].ref)}});
    for (const Intervention* iv : it->second)
      apply_to_series(project, series[i], *iv, seed, scenario.id, notes);
    dirty.insert(i);
    if (d.kind == Derivation::Kind::breakdown) {
      // Top-down: the changed total is distributed to the parts proportionally; the total is
      // then recomputed as the sum of the parts, so the identity holds exactly on every path.
      reconcile_parts(project, series, i, notes);
      derive_series(project, series, i, seed);
      for (const auto& in : d.inputs)
        for (std::size_t j = 0; j < series.size(); ++j)
          if (series[j].ref == in) dirty.insert(j);
    }
  }
  return dirty;
}

Comparison compare_scenarios(const Project& project, const RunResult& baseline,
                             const ScenarioSet& set, const std::vector<double>& quantiles,
                             const ProgressCallback& progress) {
  Comparison c;
  c.baseline = &baseline;
  c.quantiles = quantiles;
  ScenarioOutcome base;
  base.targets = baseline.targets;
  c.outcomes.push_back(std::move(base));
  for (const Scenario& s : set.scenarios) {
    ScenarioOutcome o;
    o.scenario = &s;
    const auto series = apply_scenario(project, baseline.series, s, baseline.seed, &o.notes);
    for (const Target& t : project.targets)
      for (auto& r : evaluate_target(project, t, series, baseline.n_paths))
        o.targets.push_back(std::move(r));
    for (std::size_t i = 0; i < series.size(); ++i) {
      const SeriesForecast& a = series[i].forecast;
      const SeriesForecast& b = baseline.series[i].forecast;
      if (a.paths == b.paths) continue;
      ChangedSeries cs;
      cs.ref = series[i].ref;
      cs.years = a.years;
      for (std::size_t h = 0; h < a.years.size(); ++h) {
        const int hh = static_cast<int>(h);
        cs.baseline_median.push_back(b.quantile(hh, 0.5));
        cs.median.push_back(a.quantile(hh, 0.5));
        cs.lo80.push_back(a.quantile(hh, 0.1));
        cs.hi80.push_back(a.quantile(hh, 0.9));
        for (double q : quantiles) cs.q.push_back(a.quantile(hh, q));
      }
      o.changed.push_back(std::move(cs));
    }
    c.outcomes.push_back(std::move(o));
    if (progress) progress(Progress{"scenarios", c.outcomes.size() - 1, set.scenarios.size()});
  }
  return c;
}

}  // namespace utsikt
