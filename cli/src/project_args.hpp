// Options and steps shared by the commands that run a project (run, compare, targets, report):
// PROJECT, --output, --seed, --paths, --threads, --lang, with one meaning everywhere.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "utsikt/outputs/format.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"

namespace utsikt::cli {

struct ProjectArgs {
  std::string project;
  std::string output;
  std::string lang;
  std::optional<std::uint64_t> seed;
  std::optional<int> paths;
  std::optional<int> threads;

  RunOverrides overrides() const { return RunOverrides{seed, paths, threads}; }
  // --lang, else the project's language.
  out::Lang language(const Project& p) const;
  // --output, else the project's `output` relative to the project file.
  std::string output_dir(const Project& p) const;
};

// Adds PROJECT (positional, required), -o/--output, --seed, --paths, --threads and --lang.
void add_project_options(CLI::App* sub, ProjectArgs& args, const std::string& project_help,
                         const std::string& lang_help);

// Loads the project and prints its notices (e.g. a file read as Windows-1252) on stderr.
Project load_project_noting(const std::string& path);

// The project's name in the language, then "Skrev/Wrote FILE" lines.
void print_title(const Project& p, out::Lang lang);
void print_written(const std::vector<std::string>& files, out::Lang lang);

}  // namespace utsikt::cli
