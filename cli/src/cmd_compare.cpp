// utsikt compare PROJECT.toml [--output DIR] [--lang sv|en] [--seed N] [--paths N] [--threads N]
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "project_args.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/scenario_report.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::cli {

void register_compare(CLI::App& app) {
  auto args = std::make_shared<ProjectArgs>();
  CLI::App* sub = app.add_subcommand(
      "compare", "P(met) of every target under the baseline and every scenario (table, CSV, JSON)");
  add_project_options(sub, *args, "Project file (TOML) with scenarios",
                      "Language of the table: sv (default) or en");
  sub->callback([args] {
    const Project project = load_project_noting(args->project);
    const ScenarioSet set = load_scenarios(project);
    const RunResult base = run_project(project, args->overrides());
    const Comparison cmp = compare_scenarios(project, base, set);
    const out::Lang lang = args->language(project);
    const auto files = out::write_compare_outputs(cmp, args->output_dir(project));
    print_title(project, lang);
    std::cout << out::compare_table(cmp, lang);
    print_written(files, lang);
  });
}

}  // namespace utsikt::cli
