// utsikt targets PROJECT.toml [--probability P] [--output DIR] [--lang sv|en] [--seed N] [--paths
// N]
#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "progress.hpp"
#include "project_args.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/scenario_report.hpp"
#include "utsikt/scenarios/realistic.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::cli {

namespace {
struct TargetsArgs : ProjectArgs {
  std::optional<double> probability;
  std::vector<int> years;
  std::string scenario;
};

// The values reached with the probability in the asked years (default 2030, 2040, 2045), for
// the baseline and the asked scenario(s); written to reached.csv.
std::vector<ReachedValue> reached(const Project& project, const RunResult& base,
                                  const ScenarioSet& set, const TargetsArgs& a, double p,
                                  const ProgressCallback& report) {
  const std::vector<int> years = a.years.empty() ? std::vector<int>{2030, 2040, 2045} : a.years;
  std::vector<ReachedValue> v = reached_values(project, base.series, "", years, p);
  bool found = a.scenario.empty() || a.scenario == "all";
  std::string known;
  std::size_t done = 0, n_scenarios = 0;
  for (const Scenario& s : set.scenarios) n_scenarios += a.scenario == "all" || a.scenario == s.id;
  for (const Scenario& s : set.scenarios) {
    known += (known.empty() ? "" : ", ") + s.id;
    if (a.scenario != "all" && a.scenario != s.id) continue;
    found = true;
    const auto series = apply_scenario(project, base.series, s, base.seed);
    const auto more = reached_values(project, series, s.id, years, p);
    v.insert(v.end(), more.begin(), more.end());
    if (report) report(Progress{"scenarios", ++done, n_scenarios});
  }
  if (!found)
    throw CLI::ValidationError("--scenario", "no scenario '" + a.scenario + "' (the project has: " +
                                                 (known.empty() ? "none" : known) + ", or all)");
  // Grouped by series (in the run's order), then scenario (baseline first), then year.
  auto index = [&](const SeriesRef& r) {
    for (std::size_t i = 0; i < base.series.size(); ++i)
      if (base.series[i].ref == r) return i;
    return base.series.size();
  };
  std::stable_sort(v.begin(), v.end(), [&](const ReachedValue& x, const ReachedValue& y) {
    return index(x.ref) < index(y.ref);
  });
  return v;
}
}  // namespace

void register_targets(CLI::App& app) {
  auto args = std::make_shared<TargetsArgs>();
  CLI::App* sub = app.add_subcommand(
      "targets",
      "Realistic targets: values reached with 50/80/90 %, required vs historical change, "
      "Eurostat and UN progress classes, first year reached, smallest levers (table, CSV, JSON)");
  add_project_options(sub, *args, "Project file (TOML)",
                      "Language of the table: sv (default) or en");
  add_quiet_option(sub, *args);
  sub->add_option("-p,--probability", args->probability,
                  "Asked probability: an extra quantile column, and the probability every lever "
                  "must reach (default: 0.8 for the column, each lever's own for levers)")
      ->check(finite_range(0.01, 0.99));
  sub->add_option("--year", args->years,
                  "Years for the values reached with the probability, for every projected "
                  "series (default 2030 2040 2045; several: --year 2030 --year 2040)")
      ->check(CLI::Range(1900, 2200));
  sub->add_option("--scenario", args->scenario,
                  "Also the values reached under this scenario (its id), or 'all' scenarios");
  sub->callback([args] {
    const Project project = load_project_noting(args->project);
    const ScenarioSet set = load_scenarios(project);
    const out::Lang lang = args->language(project);
    ProgressPrinter progress(args->quiet, -1, progress_delay_s(), lang == out::Lang::en);
    RunOverrides ov = args->overrides();
    ov.progress = progress.callback();
    const RunResult base = run_project(project, ov);
    const RealisticReport rep =
        realistic_targets(project, base, set, args->probability.value_or(0.8), args->probability,
                          progress.callback());
    const auto files = out::write_realistic_outputs(rep, args->output_dir(project));
    const double p = args->probability.value_or(0.8);
    const std::vector<ReachedValue> v = reached(project, base, set, *args, p, progress.callback());
    progress.finish();
    std::vector<std::string> all = files;
    const std::string csv = args->output_dir(project) + "/reached.csv";
    out::write_file_atomic(csv, out::reached_csv(v, p));
    all.push_back(csv);
    print_title(project, lang);
    std::cout << out::realistic_table(rep, lang) << "\n" << out::reached_table(project, v, p, lang);
    print_written(all, lang);
  });
}

}  // namespace utsikt::cli
