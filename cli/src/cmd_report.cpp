// utsikt report PROJECT.toml [--output DIR] [--lang sv|en] [--format html|xlsx] [--charts DIR]
//                            [--csv-dialect default|sv] [--seed N] [--paths N] [--threads N]
//                            [--no-scenarios]
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "progress.hpp"
#include "project_args.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/report.hpp"
#include "utsikt/outputs/results.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::cli {

namespace {
struct ReportArgs : ProjectArgs {
  std::vector<std::string> formats;
  std::string charts;
  std::string csv_dialect;
  bool no_scenarios = false;
};
}  // namespace

void register_report(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* sub = app.add_subcommand(
      "report",
      "Write the follow-up report: self-contained HTML with fan charts, or an xlsx workbook");
  add_project_options(sub, *args, "Project file (TOML)",
                      "Language of the report: sv (default) or en");
  add_quiet_option(sub, *args);
  sub->add_option("--format", args->formats,
                  "html (default) and/or xlsx; repeat or separate with ','")
      ->delimiter(',')
      ->check(CLI::IsMember({"html", "xlsx"}));
  sub->add_option("--charts", args->charts, "Also write every chart as <DIR>/<indicator>.svg");
  sub->add_option("--csv-dialect", args->csv_dialect,
                  "Also write targets.csv and projections.csv: default (',' and '.') or sv "
                  "(';', decimal comma, UTF-8 with BOM, for Swedish Excel)")
      ->check(CLI::IsMember({"default", "sv"}));
  sub->add_flag(
      "--no-scenarios", args->no_scenarios,
      "Leave the project's scenarios out of the report (by default they are compared with the "
      "baseline on the same simulated paths and shown next to it)");
  sub->callback([args] {
    const Project project = load_project_noting(args->project);
    // Scenario files are read first (an error in one stops before the run), then compared on the
    // run's own paths (common random numbers), as `utsikt compare` does.
    const ScenarioSet set = args->no_scenarios ? ScenarioSet{} : load_scenarios(project);
    const out::Lang lang = args->language(project);
    ProgressPrinter progress(args->quiet, -1, progress_delay_s(), lang == out::Lang::en);
    RunOverrides ov = args->overrides();
    ov.progress = progress.callback();
    const RunResult result = run_project(project, ov);
    std::optional<Comparison> cmp;
    if (!set.scenarios.empty())
      cmp = compare_scenarios(project, result, set, {}, progress.callback());
    progress.finish();
    const Comparison* scen = cmp ? &*cmp : nullptr;
    const std::string dir = args->output_dir(project);
    std::vector<std::string> formats = args->formats;
    if (formats.empty()) formats.push_back("html");
    std::vector<std::string> written;
    out::OutputBatch batch;  // every file of the command in one transaction
    bool charts_done = false;
    for (const auto& f : formats) {
      if (f == "html") {
        for (const auto& p : out::write_report_html(result, dir, lang, args->charts, scen))
          written.push_back(p);
        charts_done = true;
      } else {
        const std::string path = (std::filesystem::path(dir) / "report.xlsx").string();
        out::write_report_xlsx(result, path, lang, scen);
        written.push_back(path);
      }
    }
    if (!args->charts.empty() && !charts_done)
      for (const auto& p : out::write_report_charts(result, args->charts, lang, scen))
        written.push_back(p);
    if (!args->csv_dialect.empty())
      for (const auto& p :
           out::write_run_outputs(result, dir, out::csv_dialect_from_string(args->csv_dialect)))
        written.push_back(p);
    batch.commit();
    if (scen) std::cout << out::scenario_warnings_text(*scen, lang);  // also in the report
    print_written(written, lang);
  });
}

}  // namespace utsikt::cli
