// utsikt compare PROJECT.toml [--output DIR] [--lang sv|en] [--seed N] [--paths N] [--threads N]
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "outputs/format.hpp"
#include "scenarios/report.hpp"
#include "scenarios/scenario.hpp"
#include "utsikt/project.hpp"
#include "utsikt/run.hpp"

namespace utsikt::cli {

namespace {
struct CompareArgs {
  std::string project, output, lang;
  std::optional<std::uint64_t> seed;
  std::optional<int> paths, threads;
};
}  // namespace

void register_compare(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* sub = app.add_subcommand(
      "compare", "P(met) of every target under the baseline and every scenario (table, CSV, JSON)");
  sub->add_option("project", args->project, "Project file (TOML) with scenarios")->required();
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
    const Comparison cmp = compare_scenarios(project, base, set);
    const out::Lang lang =
        out::lang_from_string(args->lang.empty() ? project.options.language : args->lang);
    const std::string dir =
        !args->output.empty()
            ? args->output
            : (std::filesystem::path(project.dir) / project.options.output_dir).string();
    const auto files = out::write_compare_outputs(cmp, dir);
    std::cout << (lang == out::Lang::sv ? project.name_sv : project.name_en) << "\n";
    std::cout << out::compare_table(cmp, lang);
    for (const auto& f : files) std::cout << (lang == out::Lang::sv ? "Skrev " : "Wrote ") << f << "\n";
  });
}

}  // namespace utsikt::cli
