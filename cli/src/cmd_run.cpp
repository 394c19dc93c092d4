// utsikt run PROJECT.toml [--output DIR] [--seed N] [--paths N] [--threads N] [--lang sv|en]
//                         [--report [--no-scenarios]] [--csv-dialect default|sv]
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "progress.hpp"
#include "project_args.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/ranking.hpp"
#include "utsikt/outputs/report.hpp"
#include "utsikt/outputs/results.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::cli {

namespace {
struct RunArgs : ProjectArgs {
  bool report = false;
  bool no_scenarios = false;
  bool refresh = false;
  std::string csv_dialect;
};
}  // namespace

void register_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* sub = app.add_subcommand(
      "run", "Project every indicator of a project and assess every target (table, CSV, JSON)");
  add_project_options(sub, *args, "Project file (TOML)",
                      "Language of the table: sv (default) or en");
  add_quiet_option(sub, *args);
  sub->add_flag("--report", args->report,
                "Also write the HTML report (report.html) into the output folder");
  sub->add_option("--csv-dialect", args->csv_dialect,
                  "CSV files: default (',' and '.') or sv (';', decimal comma, UTF-8 with BOM)")
      ->check(CLI::IsMember({"default", "sv"}));
  sub->add_flag("--no-scenarios", args->no_scenarios,
                "With --report: leave the project's scenarios out of the report");
  sub->add_flag("--refresh", args->refresh,
                "Fetch indicators with source = {scb|kolada ...} again instead of reading the "
                "fetch cache (docs/fetch.md)");
  sub->callback([args] {
    const Project project = load_project_noting(args->project, args->refresh);
    // With --report, scenario files are read first (an error in one stops before the run).
    const ScenarioSet set =
        args->report && !args->no_scenarios ? load_scenarios(project) : ScenarioSet{};
    const out::Lang lang = args->language(project);
    ProgressPrinter progress(args->quiet, -1, progress_delay_s(), lang == out::Lang::en);
    RunOverrides ov = args->overrides();
    ov.progress = progress.callback();
    const RunResult result = run_project(project, ov);
    const std::string dir = args->output_dir(project);
    out::OutputBatch batch;  // the CSV/JSON and the report in one transaction
    auto files =
        out::write_run_outputs(result, dir, out::csv_dialect_from_string(args->csv_dialect));
    std::optional<Comparison> cmp;
    if (args->report) {
      // Scenarios on the run's own paths (common random numbers), as `utsikt compare` computes
      // them.
      if (!set.scenarios.empty())
        cmp = compare_scenarios(project, result, set, {}, progress.callback());
      for (const auto& f : out::write_report_html(result, dir, lang, {}, cmp ? &*cmp : nullptr))
        files.push_back(f);
    }
    // Indicators with regions: ranking-<target>.csv (docs/project-format.md, "Many regions").
    for (const auto& f : out::write_ranking_outputs(
             result, dir, lang, out::csv_dialect_from_string(args->csv_dialect)))
      files.push_back(f);
    batch.commit();
    progress.finish();
    print_title(project, lang);
    std::cout << out::results_table(result, lang);
    if (cmp) std::cout << out::scenario_warnings_text(*cmp, lang);  // also in the report
    std::cout << out::ranking_table(result, lang);
    print_written(files, lang);
  });
}

}  // namespace utsikt::cli
