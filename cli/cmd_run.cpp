// utsikt run PROJECT.toml [--output DIR] [--seed N] [--paths N] [--threads N] [--lang sv|en]
//                         [--report [--no-scenarios]] [--csv-dialect default|sv]
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "outputs/format.hpp"
#include "outputs/report.hpp"
#include "outputs/results.hpp"
#include "scenarios/scenario.hpp"
#include "utsikt/project.hpp"
#include "utsikt/run.hpp"

namespace utsikt::cli {

namespace {
struct RunArgs {
  std::string project;
  std::string output;
  std::optional<std::uint64_t> seed;
  std::optional<int> paths;
  std::optional<int> threads;
  std::string lang;
  bool report = false;
  bool no_scenarios = false;
  std::string csv_dialect;
};
}  // namespace

void register_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* sub = app.add_subcommand(
      "run", "Project every indicator of a project and assess every target (table, CSV, JSON)");
  sub->add_option("project", args->project, "Project file (TOML)")->required();
  sub->add_option("-o,--output", args->output,
                  "Output folder (default: the project's 'output', relative to the project file)");
  sub->add_option("--seed", args->seed, "Master seed (default: the project's)");
  sub->add_option("--paths", args->paths, "Simulated paths per series (default: the project's)")
      ->check(CLI::Range(100, 1000000));
  sub->add_option("--threads", args->threads, "Worker threads (0 = all cores); output is identical")
      ->check(CLI::Range(0, 256));
  sub->add_option("--lang", args->lang, "Language of the table: sv (default) or en")
      ->check(CLI::IsMember({"sv", "en"}));
  sub->add_flag("--report", args->report, "Also write the HTML report (report.html) into the output folder");
  sub->add_option("--csv-dialect", args->csv_dialect,
                  "CSV files: default (',' and '.') or sv (';', decimal comma, UTF-8 with BOM)")
      ->check(CLI::IsMember({"default", "sv"}));
  sub->add_flag("--no-scenarios", args->no_scenarios,
                "With --report: leave the project's scenarios out of the report");
  sub->callback([args] {
    const Project project = load_project(args->project);
    for (const Diagnostic& d : project.notices) std::cerr << "utsikt: note: " << d.message << "\n";
    RunOverrides ov;
    ov.seed = args->seed;
    ov.n_paths = args->paths;
    ov.threads = args->threads;
    // With --report, scenario files are read first (an error in one stops before the run).
    const ScenarioSet set = args->report && !args->no_scenarios ? load_scenarios(project) : ScenarioSet{};
    const RunResult result = run_project(project, ov);
    const out::Lang lang = out::lang_from_string(args->lang.empty() ? project.options.language
                                                                    : args->lang);
    const std::string dir =
        !args->output.empty()
            ? args->output
            : (std::filesystem::path(project.dir) / project.options.output_dir).string();
    auto files = out::write_run_outputs(result, dir, out::csv_dialect_from_string(args->csv_dialect));
    if (args->report) {
      // Scenarios on the run's own paths (common random numbers), as `utsikt compare` computes them.
      std::optional<Comparison> cmp;
      if (!set.scenarios.empty()) cmp = compare_scenarios(project, result, set);
      for (const auto& f : out::write_report_html(result, dir, lang, {}, cmp ? &*cmp : nullptr)) files.push_back(f);
    }
    std::cout << (lang == out::Lang::sv ? project.name_sv : project.name_en) << "\n";
    std::cout << out::results_table(result, lang);
    for (const auto& f : files)
      std::cout << (lang == out::Lang::sv ? "Skrev " : "Wrote ") << f << "\n";
  });
}

}  // namespace utsikt::cli
