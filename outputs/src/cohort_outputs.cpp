#include "utsikt/outputs/cohort_outputs.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace utsikt::out {
namespace {

using demography::AgeSex;
using demography::kAges;
using demography::kMaxAge;

struct PyramidRow {
  int year;
  std::string status;
  const AgeSex* median;
  const AgeSex* lo;
  const AgeSex* hi;
};

// The pyramids of one run in year order: the last age-data year, the jump-off, the projections.
std::vector<PyramidRow> pyramid_rows(const Project& p, const CohortRun& run) {
  std::vector<PyramidRow> rows;
  const Indicator* owner = p.find_indicator(run.indicator);
  const demography::CohortModel& m = *run.model;
  if (owner && owner->cohort && owner->cohort->data && !owner->cohort->data->population.empty()) {
    const auto& [year, pop] = *owner->cohort->data->population.rbegin();
    if (year < m.jump_off) rows.push_back({year, "observed", &pop, &pop, &pop});
  }
  rows.push_back({m.jump_off, rows.empty() ? "observed" : "estimate", &m.jump_off_population,
                  &m.jump_off_population, &m.jump_off_population});
  for (const auto& py : run.paths.pyramids)
    rows.push_back(
        {py.year, py.observed ? "observed" : "projected", &py.median, &py.lo80, &py.hi80});
  return rows;
}

std::string age_label(int a) { return a == kMaxAge ? "100+" : std::to_string(a); }

}  // namespace

std::vector<double> path_quantiles(const demography::CohortPaths& P, const std::vector<double>& v,
                                   std::size_t h, const std::vector<double>& levels) {
  std::vector<double> x(static_cast<std::size_t>(P.n_paths));
  for (int p = 0; p < P.n_paths; ++p)
    x[static_cast<std::size_t>(p)] = P.at(v, p, static_cast<int>(h));
  std::sort(x.begin(), x.end());
  std::vector<double> out;
  for (double q : levels) {
    const double pos = q * (static_cast<double>(x.size()) - 1.0);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, x.size() - 1);
    out.push_back(x[lo] + (pos - static_cast<double>(lo)) * (x[hi] - x[lo]));
  }
  return out;
}

std::string pyramids_csv(const RunResult& r, const CsvDialect& d) {
  CsvWriter w(d);
  w.row({"indicator", "year", "status", "sex", "age", "median", "q0.1", "q0.9"});
  for (const CohortRun& run : r.cohorts)
    for (const PyramidRow& row : pyramid_rows(*r.project, run))
      for (int s = 0; s < demography::kSexes; ++s)
        for (int a = 0; a < kAges; ++a) {
          const auto S = static_cast<std::size_t>(s);
          const auto A = static_cast<std::size_t>(a);
          w.text(run.indicator).integer(row.year).text(row.status).text(s == 0 ? "women" : "men");
          w.text(age_label(a)).number(row.median->v[S][A]).number(row.lo->v[S][A]);
          w.number(row.hi->v[S][A]).end_row();
        }
  return w.str();
}

std::string pyramids_json(const RunResult& r) {
  using nlohmann::json;
  json models = json::array();
  for (const CohortRun& run : r.cohorts) {
    json pyr = json::array();
    for (const PyramidRow& row : pyramid_rows(*r.project, run)) {
      json e = {{"year", row.year}, {"status", row.status}};
      for (int s = 0; s < demography::kSexes; ++s) {
        const auto S = static_cast<std::size_t>(s);
        auto arr = [&](const AgeSex* x) {
          return json(std::vector<double>(x->v[S].begin(), x->v[S].end()));
        };
        e[s == 0 ? "women" : "men"] = {
            {"median", arr(row.median)}, {"q0.1", arr(row.lo)}, {"q0.9", arr(row.hi)}};
      }
      pyr.push_back(e);
    }
    models.push_back({{"indicator", run.indicator},
                      {"region", run.model->region},
                      {"jump_off", run.model->jump_off},
                      {"ages", "0..99 and 100+ (index 100)"},
                      {"pyramids", pyr}});
  }
  return json({{"seed", r.seed}, {"paths", r.n_paths}, {"models", models}})
             .dump(1, ' ', false, json::error_handler_t::replace) +
         "\n";
}

std::string components_csv(const RunResult& r, const CsvDialect& d) {
  CsvWriter w(d);
  w.row({"indicator", "year", "status", "component", "value", "q0.025", "q0.1", "q0.5", "q0.9",
         "q0.975"});
  for (const CohortRun& run : r.cohorts) {
    const demography::CohortModel& m = *run.model;
    const Indicator* owner = r.project->find_indicator(run.indicator);
    const demography::CohortData* data =
        owner && owner->cohort ? owner->cohort->data.get() : nullptr;
    const int last_age_year =
        data && !data->population.empty() ? data->population.rbegin()->first : m.jump_off;
    for (const auto& [year, c] : m.history) {
      // Components from the age data or published are observed; the bring-forward's are the
      // model's estimates (births and deaths from rates, migration as the residual).
      const bool published = data && data->components.count(year);
      const std::string status = year <= last_age_year || published ? "observed" : "estimate";
      const std::pair<const char*, double> parts[] = {
          {"births", c.births}, {"deaths", c.deaths}, {"net_migration", c.net_migration}};
      for (const auto& [name, v] : parts) {
        w.text(run.indicator).integer(year).text(status).text(name).number(v);
        for (int k = 0; k < 5; ++k) w.text("");
        w.end_row();
      }
    }
    const auto& P = run.paths;
    const std::pair<const char*, const std::vector<double>*> series[] = {
        {"births", &P.births},
        {"deaths", &P.deaths},
        {"net_migration", &P.net_migration},
        {"total", &P.total}};
    for (std::size_t h = 0; h < P.years.size(); ++h)
      for (const auto& [name, v] : series) {
        w.text(run.indicator).integer(P.years[h]).text("projected").text(name).text("");
        for (double q : path_quantiles(P, *v, h, {0.025, 0.1, 0.5, 0.9, 0.975})) w.number(q);
        w.end_row();
      }
  }
  return w.str();
}

}  // namespace utsikt::out
