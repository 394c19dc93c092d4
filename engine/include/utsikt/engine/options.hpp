// The run options: the one table of what a run can be told (seed, paths, threads, horizon_end),
// with each option's name, default, bounds and help text. Everything else reads from it:
//  * the CLI (--seed, --paths, --threads of run, compare, targets, report and forecast: help
//    text, default and the range check, cli/src/project_args.cpp),
//  * the project file reader ([project] seed, paths, threads, horizon_end; engine/src/project.cpp),
//  * the library's option structs (RunOptions, ForecastOptions, BatchOptions take their defaults
//    from here and are checked with check_run_option),
//  * the documentation (the table in docs/project-format.md is checked against this one by
//    tests/unit/options_test.cpp).
//
// One default per option, the same in every command and in the library:
//   seed 20240101 (was 1 in `utsikt forecast` and the library structs), paths 10 000 (was 2000 in
//   `utsikt forecast`), threads 0 = all cores (was 1 in `utsikt forecast` and the library).
// The output never depends on the number of threads, so only the default seed and paths change
// what `utsikt forecast` writes when they are not given.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "utsikt/error.hpp"

namespace utsikt {

enum class RunOption { seed, paths, threads, horizon_end };

struct RunOptionSpec {
  RunOption id;
  std::string_view name;  // key in [project] and the CLI option --<name>
  std::int64_t default_value;
  std::int64_t min, max;     // inclusive bounds
  bool on_command_line;      // --<name> of run/compare/targets/report and forecast
  std::string_view help;     // English, one sentence without a final period
  std::string_view special;  // meaning of a special value ("0 = all cores"), or ""
};

inline constexpr std::array<RunOptionSpec, 4> kRunOptions = {{
    {RunOption::seed, "seed", 20240101, 0, std::numeric_limits<std::int64_t>::max(), true,
     "Master random seed; the same seed gives identical output", ""},
    {RunOption::paths, "paths", 10000, 100, 1000000, true, "Simulated paths per series", ""},
    {RunOption::threads, "threads", 0, 0, 256, true,
     "Worker threads; the output is identical for any number", "0 = all cores"},
    {RunOption::horizon_end, "horizon_end", 2045, 1900, 2200, false,
     "Last projected year; raised to the latest target year if needed", ""},
}};

// The row of an option.
constexpr const RunOptionSpec& run_option(RunOption o) {
  for (const RunOptionSpec& s : kRunOptions)
    if (s.id == o) return s;
  return kRunOptions[0];  // unreachable: every RunOption has a row (checked by a static_assert)
}

static_assert(
    [] {
      for (std::size_t i = 0; i < kRunOptions.size(); ++i)
        if (static_cast<std::size_t>(kRunOptions[i].id) != i) return false;
      return true;
    }(),
    "kRunOptions must list every RunOption once, in the enum's order");

// What a value of the option must be, e.g. "a whole number from 100 to 1000000" or
// "a whole number from 0 to 256 (0 = all cores)".
std::string run_option_expected(RunOption o);

// Whether value is within the option's bounds.
constexpr bool run_option_allows(RunOption o, std::int64_t value) {
  return value >= run_option(o).min && value <= run_option(o).max;
}

// The one check of a value against the table. Throws InputError at `where` (its field is set to
// the option's name when empty): "expected a whole number from 100 to 1000000, found 5".
void check_run_option(RunOption o, std::int64_t value, Location where = {});

// The same for a seed, which the library holds as an unsigned 64-bit number.
void check_seed(std::uint64_t seed, Location where = {});

// The number of worker threads to start for a `threads` option: 0 means all cores (at least 1).
int resolve_threads(int threads);

}  // namespace utsikt
