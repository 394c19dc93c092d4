// utsikt targets PROJECT.toml [--probability P] [--output DIR] [--lang sv|en] [--seed N] [--paths N]
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "outputs/format.hpp"
#include "scenarios/realistic.hpp"
#include "scenarios/report.hpp"
#include "utsikt/project.hpp"
#include "utsikt/run.hpp"

namespace utsikt::cli {

namespace {
struct TargetsArgs {
  std::string project, output, lang;
  std::optional<double> probability;
  std::optional<std::uint64_t> seed;
  std::optional<int> paths, threads;
};
}  // namespace

void register_targets(CLI::App& app) {
  auto args = std::make_shared<TargetsArgs>();
  CLI::App* sub = app.add_subcommand(
      "targets",
      "Realistic targets: values reached with 50/80/90 %, required vs historical change, "
      "Eurostat and UN progress classes, first year reached, smallest levers (table, CSV, JSON)");
  sub->add_option("project", args->project, "Project file (TOML)")->required();
  sub->add_option("-p,--probability", args->probability,
                  "Asked probability: an extra quantile column, and the probability every lever "
                  "must reach (default: 0.8 for the column, each lever's own for levers)")
      ->check(CLI::Range(0.01, 0.99));
  sub->add_option("-o,--output", args->output,
                  "Output folder (default: the project's 'output', relative to the project file)");
  sub->add_option("--seed", args->seed, "Master seed (default: the project's)");
  sub->add_option("--paths", args->paths, "Simulated paths per series (default: the project's)")
      ->check(CLI::Range(100, 1000000));
  sub->add_option("--threads", args->threads, "Worker threads (0 = all cores); output is identical")
      ->check(CLI::Range(0, 256));
  sub->add_option("--lang", args->lang, "Language of the table: sv (default) or en")
      ->check(CLI::IsMember({"sv", "en"}));
  sub->callback([args] {
    const Project project = load_project(args->project);
    const ScenarioSet set = load_scenarios(project);
    const RunResult base = run_project(project, RunOverrides{args->seed, args->paths, args->threads});
    const RealisticReport rep =
        realistic_targets(project, base, set, args->probability.value_or(0.8), args->probability);
    const out::Lang lang =
        out::lang_from_string(args->lang.empty() ? project.options.language : args->lang);
    const std::string dir =
        !args->output.empty()
            ? args->output
            : (std::filesystem::path(project.dir) / project.options.output_dir).string();
    const auto files = out::write_realistic_outputs(rep, dir);
    std::cout << (lang == out::Lang::sv ? project.name_sv : project.name_en) << "\n";
    std::cout << out::realistic_table(rep, lang);
    for (const auto& f : files) std::cout << (lang == out::Lang::sv ? "Skrev " : "Wrote ") << f << "\n";
  });
}

}  // namespace utsikt::cli
