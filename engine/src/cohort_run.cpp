// Simulating the cohort models of a project and writing their groups into the run's series.
#include <algorithm>
#include <cmath>
#include <set>

#include "utsikt/engine/cohort.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/error.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {
namespace {

using demography::AgeGroup;

std::string group_key(const AgeGroup& g) {
  return std::to_string(g.sex) + ":" + std::to_string(g.age_from) + "-" + std::to_string(g.age_to);
}

// The simulation's list of distinct age/sex groups that the indicators on `owner` need, and for
// each indicator group the index of its count (and denominator) in that list.
struct GroupPlan {
  std::vector<AgeGroup> groups;
  std::map<std::string, std::size_t> index;
  std::size_t add(const AgeGroup& g) {
    const std::string k = group_key(g);
    if (auto it = index.find(k); it != index.end()) return it->second;
    AgeGroup copy = g;
    copy.id = k;
    groups.push_back(copy);
    return index[k] = groups.size() - 1;
  }
};

std::vector<int> pyramid_years(const Project& p, const Indicator& owner,
                               const demography::CohortModel& m, int to_year) {
  std::set<int> years(owner.cohort->pyramid_years.begin(), owner.cohort->pyramid_years.end());
  for (int y : {2030, 2040}) years.insert(y);
  for (const Target& t : p.targets)
    if (cohort_owner(p, t.series.indicator) == owner.id) years.insert(t.year);
  std::vector<int> out;
  for (int y : years)
    if (y > m.jump_off && y <= to_year) out.push_back(y);
  return out;
}

std::string reason_text(const demography::CohortModel& m, const CohortGroup& g, int n_paths) {
  std::string s = "Cohort-component model by single-year age and sex for " + m.region +
                  ", from the population of " + std::to_string(m.jump_off) + "; " +
                  std::to_string(n_paths) + " joint paths of fertility, mortality and migration (" +
                  m.description + ")";
  s += g.per ? "; this group is the share " + describe_age_group(g.count, false) + " of " +
                   describe_age_group(*g.per, false)
             : "; this group counts " + describe_age_group(g.count, false);
  return s + ".";
}

// Writes one indicator group's paths (count or share) from the simulation into sr.
void fill_series(const demography::CohortModel& m, const CohortGroup& g, std::size_t ci,
                 std::optional<std::size_t> di, const CohortRun& run, SeriesResult& sr) {
  const auto& P = run.paths;
  const int last_obs =
      sr.observed && !sr.observed->empty() ? sr.observed->years.back() : m.jump_off;
  std::size_t h0 = 0;
  while (h0 < P.years.size() && P.years[h0] <= last_obs) ++h0;
  SeriesForecast f;
  f.n_paths = P.n_paths;
  for (std::size_t h = h0; h < P.years.size(); ++h) f.years.push_back(P.years[h]);
  const std::size_t H = P.years.size();
  auto value = [&](const demography::CohortPaths& src, int p, std::size_t h) {
    const double n = src.groups[ci][static_cast<std::size_t>(p) * H + h];
    if (!di) return n;
    const double d = src.groups[*di][static_cast<std::size_t>(p) * H + h];
    return d > 0 ? 100.0 * n / d : 0.0;
  };
  // The series' previous paths' memory is reused (every value is written below): a slider's
  // re-simulation does not allocate and fault in the paths of every series again.
  f.paths = std::move(sr.forecast.paths);
  f.paths.resize(static_cast<std::size_t>(f.n_paths) * f.years.size());
  for (int p = 0; p < f.n_paths; ++p)
    for (std::size_t h = h0; h < H; ++h)
      f.paths[static_cast<std::size_t>(p) * f.years.size() + (h - h0)] = value(P, p, h);
  for (std::size_t h = h0; h < H; ++h) f.point.push_back(value(run.central, 0, h));
  f.model = "cohort";
  f.scale = "identity";
  f.weights = {ModelWeight{"cohort", 1.0, m.description}};
  f.reason = reason_text(m, g, f.n_paths);
  f.diagnostics = m.diagnostics;
  for (const Diagnostic& a : m.assumptions) f.diagnostics.push_back(a);
  if (sr.observed && sr.observed->years.back() == m.jump_off && !sr.observed->sources.empty() &&
      sr.observed->sources.back().starts_with("estimate"))
    f.diagnostics.push_back(
        {Severity::info,
         "cohort_jump_off_estimated",
         "the value of " + std::to_string(m.jump_off) +
             " is the model's estimate (the age data end earlier; the population was brought "
             "forward to the observed totals), not an observation",
         {std::to_string(m.jump_off)}});
  if (f.years.empty())
    f.diagnostics.push_back({Severity::warning,
                             "cohort_nothing_projected",
                             "the observations reach the last projected year",
                             {}});
  sr.forecast = std::move(f);
}

}  // namespace

std::string cohort_owner(const Project& project, const std::string& indicator_id) {
  const Indicator* ind = project.find_indicator(indicator_id);
  if (!ind || !ind->cohort) return "";
  return ind->cohort->of.empty() ? ind->id : ind->cohort->of;
}

std::vector<CohortRun> project_cohorts(const Project& project, std::vector<SeriesResult>& series,
                                       std::uint64_t seed, int n_paths, int threads,
                                       const CohortChanges& changes,
                                       const std::vector<std::string>* only) {
  std::vector<CohortRun> runs;
  for (const Indicator& owner : project.indicators) {
    if (!owner.cohort || !owner.cohort->of.empty()) continue;
    if (only && std::find(only->begin(), only->end(), owner.id) == only->end()) continue;
    const demography::CohortModel& m = *owner.cohort->model;
    GroupPlan plan;
    struct Use {
      SeriesResult* sr;
      const CohortGroup* g;
      std::size_t ci;
      std::optional<std::size_t> di;
    };
    std::vector<Use> uses;
    int to_year = std::max(project.options.horizon_end, m.jump_off + 1);
    for (SeriesResult& sr : series) {
      if (cohort_owner(project, sr.ref.indicator) != owner.id) continue;
      const Indicator& ind = *project.find_indicator(sr.ref.indicator);
      for (const CohortGroup& g : ind.cohort->groups) {
        if (g.group != sr.ref.group) continue;
        Use u{&sr, &g, plan.add(g.count), std::nullopt};
        if (g.per) u.di = plan.add(*g.per);
        uses.push_back(u);
        if (sr.observed && !sr.observed->empty())
          to_year = std::max(to_year, sr.observed->years.back() + 1);
      }
    }
    demography::SimulateOptions so;
    so.to_year = to_year;
    so.n_paths = n_paths;
    so.seed = seed;
    so.stream = stable_hash(owner.id + "/cohort");
    so.threads = threads;
    so.groups = plan.groups;
    // A scenario's re-simulation (`only`) keeps no pyramids: only the baseline's are shown, and
    // their quantiles over every path and cell cost as much as a third of the simulation.
    if (!only) so.pyramid_years = pyramid_years(project, owner, m, to_year);
    std::vector<demography::ComponentChange> ch;
    if (auto it = changes.find(owner.id); it != changes.end()) ch = it->second;
    CohortRun run;
    run.indicator = owner.id;
    run.model = owner.cohort->model;
    run.paths = demography::simulate_cohort(m, so, ch);
    demography::SimulateOptions co = so;
    co.n_paths = 1;
    co.pyramid_years.clear();
    // The central projection has one path: a change drawn per path enters with its mean.
    std::vector<demography::ComponentChange> central_ch = ch;
    for (auto& c : central_ch)
      if (c.value.size() > 1) {
        double sum = 0;
        for (double v : c.value) sum += v;
        c.value = {sum / static_cast<double>(c.value.size())};
      }
    run.central = demography::project_cohort_central(m, co, central_ch);
    for (const Use& u : uses) fill_series(m, *u.g, u.ci, u.di, run, *u.sr);
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace utsikt
