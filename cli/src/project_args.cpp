#include "project_args.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <system_error>

namespace utsikt::cli {

out::Lang ProjectArgs::language(const Project& p) const {
  return out::lang_from_string(lang.empty() ? p.options.language : lang);
}

std::string ProjectArgs::output_dir(const Project& p) const {
  return !output.empty() ? output : (std::filesystem::path(p.dir) / p.options.output_dir).string();
}

std::string run_option_help(RunOption o, bool project_default) {
  const RunOptionSpec& s = run_option(o);
  std::string h = std::string(s.help) + " (";
  if (!s.special.empty()) h += std::string(s.special) + "; ";
  h += "default: ";
  if (project_default) h += "the project's '" + std::string(s.name) + "', else ";
  return h + std::to_string(s.default_value) + ")";
}

CLI::Validator run_option_check(RunOption o) {
  const RunOptionSpec& s = run_option(o);
  return CLI::Validator(
      [o](std::string& text) -> std::string {
        std::int64_t v = 0;
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || p != end || text.empty())
          return "expected " + run_option_expected(o) + ", found '" + text + "'";
        try {
          check_run_option(o, v);
        } catch (const InputError& e) {
          return "expected " + e.expected() + ", found " + e.found();
        }
        return "";
      },
      "INT in [" + std::to_string(s.min) + " - " + std::to_string(s.max) + "]");
}

CLI::Validator finite_range(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        const std::string range =
            "a number from " + CLI::detail::to_string(lo) + " to " + CLI::detail::to_string(hi);
        double v = 0;
        const char* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || p != end || text.empty() || !std::isfinite(v) || v < lo || v > hi)
          return "expected " + range + ", found '" + text.substr(0, 60) + "'";
        return "";
      },
      "FLOAT in [" + CLI::detail::to_string(lo) + " - " + CLI::detail::to_string(hi) + "]");
}

void add_project_options(CLI::App* sub, ProjectArgs& args, const std::string& project_help,
                         const std::string& lang_help) {
  sub->add_option("project", args.project, project_help)->required();
  sub->add_option("-o,--output", args.output,
                  "Output folder (default: the project's 'output', relative to the project file)");
  add_run_option(sub, RunOption::seed, args.seed, true);
  add_run_option(sub, RunOption::paths, args.paths, true);
  add_run_option(sub, RunOption::threads, args.threads, true);
  sub->add_option("--lang", args.lang, lang_help)->check(CLI::IsMember({"sv", "en"}));
}

void add_quiet_option(CLI::App* sub, ProjectArgs& args) {
  sub->add_flag("--quiet,-q", args.quiet,
                "No progress on standard error (shown for runs longer than about a second: a "
                "bar on a terminal, plain lines otherwise)");
}

Project load_project_noting(const std::string& path) { return load_project_noting(path, false); }

Project load_project_noting(const std::string& path, bool refresh) {
  FetchOptions sources;
  sources.cache = refresh ? CacheMode::refresh : CacheMode::offline;
  Project project = load_project(path, sources);
  for (const Diagnostic& d : project.notices) std::cerr << "utsikt: note: " << d.message << "\n";
  return project;
}

void print_title(const Project& p, out::Lang lang) {
  std::cout << (lang == out::Lang::sv ? p.name_sv : p.name_en) << "\n";
}

void print_written(const std::vector<std::string>& files, out::Lang lang) {
  for (const auto& f : files)
    std::cout << (lang == out::Lang::sv ? "Skrev " : "Wrote ") << f << "\n";
}

}  // namespace utsikt::cli
