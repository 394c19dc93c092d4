// A project: indicators, their data, targets and run options, read from a TOML file.
// The file format is documented in docs/project-format.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "utsikt/engine/cohort.hpp"
#include "utsikt/engine/forecast.hpp"
#include "utsikt/engine/options.hpp"
#include "utsikt/engine/target.hpp"
#include "utsikt/indicator.hpp"
#include "utsikt/io/fetch.hpp"
#include "utsikt/series.hpp"

namespace utsikt {

// --- Structure declared per indicator (see docs/scenarios.md) -------------------------------

// A break in the history that should not distort the fitted trend.
struct StructuralBreak {
  enum class Kind { outlier, level_shift };
  int year = 0;
  Kind kind = Kind::outlier;
  std::string group;  // empty: every group of the indicator
  std::string note;   // why (e.g. "SSAB blast-furnace stop")
};

// The indicator (one group) is modelled by regression on another series:
//   y(t) = a + b * x(t) + e(t),  x = driver level or its yearly change.
struct DriverSpec {
  std::string group;        // group of this indicator that is the response
  SeriesRef driver;         // the explanatory series
  bool difference = false;  // x(t) = driver(t) - driver(t-1) instead of driver(t)
  int min_overlap = 5;      // fewer overlapping years: fallback to own projection
};

// The indicator (one group) is the signed sum of other series, optionally accumulated
// (stock-flow): total(t) = total(t-1) + sum_i sign_i * component_i(t).
struct ComponentSpec {
  SeriesRef series;
  double sign = 1.0;
};
struct ComponentsSpec {
  std::string group;  // group of this indicator that is the total
  std::vector<ComponentSpec> parts;
  bool accumulate = false;
};

// Groups of the indicator that add up to another group (women + men = total).
struct BreakdownSpec {
  std::string total;
  std::vector<std::string> parts;
};

// One region of an indicator projected for many regions (`regions = "all"` or a list of codes;
// docs/project-format.md, "Many regions").
struct RegionData {
  std::string code;                      // as in the data file's region column ("25", "0114")
  std::string name;                      // from its region_name column, else empty
  std::map<std::string, Series> groups;  // observed series per group of the indicator
};

struct Indicator {
  std::string id;
  std::string name_sv, name_en;
  std::string unit_sv, unit_en;
  IndicatorKind kind = IndicatorKind::rate;
  Bounds bounds;
  std::vector<std::string> groups;  // breakdown, e.g. {"total"} or {"women", "men"}
  std::string method = "auto";      // model for this indicator ("auto" or a registry name)
  std::string reference;            // id of a national comparison indicator, may be empty
  std::string note;                 // caveats shown in outputs (changed definitions, ...)
  // Long-format CSV files relative to the project file (`data = "a.csv"` or a list, merged;
  // a year given in two of them is an error). Empty when the data are inline or in an
  // official statistics file.
  std::vector<std::string> data_files;
  // Better is higher (+1) or lower (-1); 0 = neutral (comparison series). Derived from targets
  // when not given.
  int better = 0;
  // Structure (optional; empty = the indicator is projected on its own).
  std::vector<StructuralBreak> breaks;
  std::optional<DriverSpec> driver;
  std::optional<ComponentsSpec> components;
  std::optional<BreakdownSpec> breakdown;
  // Optional prior year-to-year relative variation (e.g. 0.005 = 0.5 % a year) with its source;
  // see SeriesSpec::volatility and docs/methods.md.
  std::optional<double> volatility;
  std::string volatility_source;
  // Class of the default prior for short series (key `prior`; default from the kind) and the
  // peer panel (table [indicator.peers]): the same indicator in other regions, used for the
  // group peers_group (docs/project-format.md, "Peers"; docs/methods.md, "Peers").
  std::optional<PriorClass> prior_class;
  std::vector<Series> peers;
  std::string peers_group;
  std::string peers_source;  // the file they came from
  // method "cohort": the cohort-component model (utsikt/engine/cohort.hpp).
  std::optional<CohortSpec> cohort;
  // `regions`: the same indicator for many regions, from a long CSV with a region column. The
  // project's own region (`region`) gives the indicator's ordinary data; every region here
  // (sorted by code, the own region included) is projected and every target on the indicator
  // evaluated for it (RunResult::rankings). Empty for an ordinary indicator.
  std::vector<RegionData> regions;
  std::string home_region;     // code of the project's own region
  std::string regions_source;  // the data file
  Location regions_where;      // the `regions` key, for messages
};

// [project] options. seed, paths, threads and horizon_end are run options: their defaults and
// bounds are the table in utsikt/engine/options.hpp.
struct RunOptions {
  std::uint64_t seed = static_cast<std::uint64_t>(run_option(RunOption::seed).default_value);
  int n_paths = static_cast<int>(run_option(RunOption::paths).default_value);
  int threads = static_cast<int>(run_option(RunOption::threads).default_value);  // 0: all cores
  std::string output_dir = "out";  // relative to the project file
  std::string language = "sv";     // "sv" or "en"
  // Last projected year (at least the latest target year).
  int horizon_end = static_cast<int>(run_option(RunOption::horizon_end).default_value);
  // Arrow rule (document's green/yellow/red): relative change since base below this is yellow.
  // 0.5 %: the follow-up calls the population's -0.8 % 2017-2022 "fortsatt att minska" (red).
  double arrow_unchanged_rel = 0.005;
  // Shares: change in percentage points below this is yellow.
  double arrow_unchanged_pp = 0.5;
  // P(met) classes JA/NÄRA/NEJ (see docs/methods.md).
  double class_yes = 0.8;
  double class_near = 0.4;
};

struct Project {
  std::string path;  // the project file as given
  std::string dir;   // its folder (relative paths resolve from here)
  std::string name_sv, name_en;
  RunOptions options;
  std::vector<Indicator> indicators;
  std::vector<Target> targets;
  // Observed data per (indicator, group).
  std::map<std::pair<std::string, std::string>, Series> data;
  // Scenario files named by [project] scenarios = [...] (relative to dir); [[scenario]] and
  // [[lever]] tables of the project file itself are read by scenarios/scenario.hpp.
  std::vector<std::string> scenario_files;
  // Things the user should know about how the files were read (e.g. a CSV converted from
  // Windows-1252); the CLI prints them as notes. Never errors.
  std::vector<Diagnostic> notices;
  // How indicators with `source = { scb = ... }` or `{ kolada = ... }` are read: from the fetch
  // cache only (the default: a run never goes to the network), or refreshed (--refresh).
  FetchOptions sources = [] {
    FetchOptions o;
    o.cache = CacheMode::offline;
    return o;
  }();

  const Indicator* find_indicator(const std::string& id) const;
  const Series* find_series(const SeriesRef& r) const;
};

// Largest project file (TOML) read, in bytes.
inline constexpr std::size_t kMaxProjectBytes = std::size_t{16} << 20;
// Most tables of each kind a project (or scenario) file may hold, and groups per indicator:
// far above any strategy's needs, low enough that loading stays quick (docs/errors.md).
inline constexpr std::size_t kMaxIndicators = 10'000;
inline constexpr std::size_t kMaxTargets = 10'000;
inline constexpr std::size_t kMaxGroups = 1'000;
inline constexpr std::size_t kMaxScenarios = 1'000;  // [[scenario]] tables in one file
inline constexpr std::size_t kMaxLevers = 1'000;     // [[lever]] tables in one file

// Reads and validates a project file and all data it points at. Throws InputError naming the
// file, line, column and key for anything wrong.
Project load_project(const std::string& path);
// As load_project, reading `source = {...}` indicators with these fetch options (cache mode,
// cache folder, base URL; docs/fetch.md).
Project load_project(const std::string& path, const FetchOptions& sources);

}  // namespace utsikt
