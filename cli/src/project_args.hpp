// Options and steps shared by the commands that run a project (run, compare, targets, report):
// PROJECT, --output, --seed, --paths, --threads, --lang, with one meaning everywhere. --seed,
// --paths and --threads (also of `utsikt forecast`) are made from the run-option table
// (utsikt/engine/options.hpp): help text, default and range check.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "utsikt/engine/options.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"

namespace utsikt::cli {

struct ProjectArgs {
  std::string project;
  std::string output;
  std::string lang;
  std::optional<std::uint64_t> seed;
  std::optional<int> paths;
  std::optional<int> threads;
  bool quiet = false;  // --quiet (add_quiet_option): no progress on standard error

  RunOverrides overrides() const { return RunOverrides{seed, paths, threads}; }
  // --lang, else the project's language.
  out::Lang language(const Project& p) const;
  // --output, else the project's `output` relative to the project file.
  std::string output_dir(const Project& p) const;
};

// Help text of the flag of a run option, from the table: "<help> (<special>; default: <value>)",
// or with `project_default` "(...; default: the project's '<name>', else <value>)".
std::string run_option_help(RunOption o, bool project_default);
// The table's range check as a CLI11 validator: a value outside it is a usage error (exit 1),
// e.g. "--paths: expected a whole number from 100 to 1000000, found 5".
CLI::Validator run_option_check(RunOption o);

// A number option in [lo, hi] that is a number at all: CLI::Range lets NaN through (every
// comparison with NaN is false), this refuses NaN and infinities (usage error, exit 1).
CLI::Validator finite_range(double lo, double hi);

// Adds --<name> of a run option to a command, with help text and range check from the table.
template <class T>
CLI::Option* add_run_option(CLI::App* sub, RunOption o, T& value, bool project_default) {
  return sub
      ->add_option("--" + std::string(run_option(o).name), value,
                   run_option_help(o, project_default))
      ->check(run_option_check(o));
}

// Adds PROJECT (positional, required), -o/--output, --seed, --paths, --threads and --lang.
void add_project_options(CLI::App* sub, ProjectArgs& args, const std::string& project_help,
                         const std::string& lang_help);

// Adds -q/--quiet (no progress on standard error) to a command that runs a project.
void add_quiet_option(CLI::App* sub, ProjectArgs& args);

// Loads the project and prints its notices (e.g. a file read as Windows-1252) on stderr.
Project load_project_noting(const std::string& path);
// With refresh, indicators with `source = {...}` are fetched again (docs/fetch.md) instead of
// read from the fetch cache.
Project load_project_noting(const std::string& path, bool refresh);

// The project's name in the language, then "Skrev/Wrote FILE" lines.
void print_title(const Project& p, out::Lang lang);
void print_written(const std::vector<std::string>& files, out::Lang lang);

}  // namespace utsikt::cli
