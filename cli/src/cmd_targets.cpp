// utsikt targets PROJECT.toml [--probability P] [--output DIR] [--lang sv|en] [--seed N] [--paths
// N]
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "project_args.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/scenario_report.hpp"
#include "utsikt/scenarios/realistic.hpp"

namespace utsikt::cli {

namespace {
struct TargetsArgs : ProjectArgs {
  std::optional<double> probability;
};
}  // namespace

void register_targets(CLI::App& app) {
  auto args = std::make_shared<TargetsArgs>();
  CLI::App* sub = app.add_subcommand(
      "targets",
      "Realistic targets: values reached with 50/80/90 %, required vs historical change, "
      "Eurostat and UN progress classes, first year reached, smallest levers (table, CSV, JSON)");
  add_project_options(sub, *args, "Project file (TOML)",
                      "Language of the table: sv (default) or en");
  sub->add_option("-p,--probability", args->probability,
                  "Asked probability: an extra quantile column, and the probability every lever "
                  "must reach (default: 0.8 for the column, each lever's own for levers)")
      ->check(finite_range(0.01, 0.99));
  sub->callback([args] {
    const Project project = load_project_noting(args->project);
    const ScenarioSet set = load_scenarios(project);
    const RunResult base = run_project(project, args->overrides());
    const RealisticReport rep =
        realistic_targets(project, base, set, args->probability.value_or(0.8), args->probability);
    const out::Lang lang = args->language(project);
    const auto files = out::write_realistic_outputs(rep, args->output_dir(project));
    print_title(project, lang);
    std::cout << out::realistic_table(rep, lang);
    print_written(files, lang);
  });
}

}  // namespace utsikt::cli
