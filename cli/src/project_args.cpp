#include "project_args.hpp"

#include <filesystem>
#include <iostream>

namespace utsikt::cli {

out::Lang ProjectArgs::language(const Project& p) const {
  return out::lang_from_string(lang.empty() ? p.options.language : lang);
}

std::string ProjectArgs::output_dir(const Project& p) const {
  return !output.empty() ? output
                         : (std::filesystem::path(p.dir) / p.options.output_dir).string();
}

void add_project_options(CLI::App* sub, ProjectArgs& args, const std::string& project_help,
                         const std::string& lang_help) {
  sub->add_option("project", args.project, project_help)->required();
  sub->add_option("-o,--output", args.output,
                  "Output folder (default: the project's 'output', relative to the project file)");
  sub->add_option("--seed", args.seed, "Master seed (default: the project's)");
  sub->add_option("--paths", args.paths, "Simulated paths per series (default: the project's)")
      ->check(CLI::Range(100, 1000000));
  sub->add_option("--threads", args.threads, "Worker threads (0 = all cores); output is identical")
      ->check(CLI::Range(0, 256));
  sub->add_option("--lang", args.lang, lang_help)->check(CLI::IsMember({"sv", "en"}));
}

Project load_project_noting(const std::string& path) {
  Project project = load_project(path);
  for (const Diagnostic& d : project.notices) std::cerr << "utsikt: note: " << d.message << "\n";
  return project;
}

void print_title(const Project& p, out::Lang lang) {
  std::cout << (lang == out::Lang::sv ? p.name_sv : p.name_en) << "\n";
}

void print_written(const std::vector<std::string>& files, out::Lang lang) {
  for (const auto& f : files) std::cout << (lang == out::Lang::sv ? "Skrev " : "Wrote ") << f << "\n";
}

}  // namespace utsikt::cli
