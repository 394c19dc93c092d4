// utsikt compare PROJECT.toml [--output DIR] [--lang sv|en] [--seed N] [--paths N] [--threads N]
//                [--quantiles 0.05,0.25,0.5,0.75,0.95] [--quiet]
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "progress.hpp"
#include "project_args.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/scenario_report.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::cli {

// "0.05,0.5,0.25": levels strictly between 0 and 1 written with a point, returned sorted
// without repeats; anything else is a usage error naming --quantiles (exit 1).
std::vector<double> parse_quantile_levels(const std::string& text) {
  std::vector<double> levels;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t comma = text.find(',', pos);
    std::string item =
        text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    char* end = nullptr;
    const double q = std::strtod(item.c_str(), &end);
    if (item.empty() || end != item.c_str() + item.size() || !(q > 0 && q < 1))
      throw CLI::ValidationError(
          "--quantiles",
          "expected comma-separated levels strictly between 0 and 1 written with "
          "a point (e.g. 0.05,0.5,0.95), found '" +
              item + "'");
    levels.push_back(q);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

void register_compare(CLI::App& app) {
  auto args = std::make_shared<ProjectArgs>();
  auto quantiles = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand(
      "compare", "P(met) of every target under the baseline and every scenario (table, CSV, JSON)");
  add_project_options(sub, *args, "Project file (TOML) with scenarios",
                      "Language of the table: sv (default) or en");
  add_quiet_option(sub, *args);
  CLI::Option* qopt = sub->add_option(
      "--quantiles", *quantiles,
      "quantile levels of the changed series' projections in compare_projections.csv "
      "and compare.json, e.g. 0.05,0.25,0.5,0.75,0.95 (sorted, repeats dropped; "
      "columns q5, q25 ...; default: median, q10 and q90)");
  sub->callback([args, quantiles, qopt] {
    const std::vector<double> levels =
        qopt->count() == 0 ? std::vector<double>{} : parse_quantile_levels(*quantiles);
    const Project project = load_project_noting(args->project);
    const ScenarioSet set = load_scenarios(project);
    const out::Lang lang = args->language(project);
    ProgressPrinter progress(args->quiet, -1, progress_delay_s(), lang == out::Lang::en);
    RunOverrides ov = args->overrides();
    ov.progress = progress.callback();
    const RunResult base = run_project(project, ov);
    const Comparison cmp = compare_scenarios(project, base, set, levels, progress.callback());
    progress.finish();
    const auto files = out::write_compare_outputs(cmp, args->output_dir(project));
    print_title(project, lang);
    std::cout << out::compare_table(cmp, lang);
    print_written(files, lang);
  });
}

}  // namespace utsikt::cli
