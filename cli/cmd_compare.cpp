// utsikt compare PROJECT.toml [--output DIR] [--lang sv|en] [--seed N] [--paths N] [--threads N]
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/project_args.hpp"
#include "outputs/format.hpp"
#include "scenarios/report.hpp"
#include "scenarios/scenario.hpp"
#include "utsikt/project.hpp"
#include "utsikt/run.hpp"

namespace utsikt::cli {

void register_compare(CLI::App& app) {
  auto args = std::make_shared<ProjectArgs>();
  CLI::App* sub = app.add_subcommand(
      "compare", "P(met) of every target under the baseline and every scenario (table, CSV, JSON)");
  add_project_options(sub, *args, "Project file (TOML) with scenarios", "Language of the table: sv (default) or en");
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
