// An indicator for many regions (`regions = "all"` or a list of codes; docs/project-format.md,
// "Many regions"): reading its data file, the checks after the whole project is read, and the
// per-region projections and target results of a run (RunResult::rankings).
#pragma once

#include <toml++/toml.h>

#include <set>
#include <string>
#include <vector>

#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/toml_reader.hpp"

namespace utsikt {

// Reads the regional data of indicator `ind` (table `t` at `node`, context `c`): its `data`
// file (one long CSV with a region column), `regions`, `region` and `region_column`. Fills
// ind.regions, ind.home_region, ind.regions_source and the project's data of the own region.
// Throws InputError naming the project file's key or the data file's line and field. Returns the
// ids of every indicator with rows in the file (each must be declared).
std::set<std::string> load_regions(const detail::TomlReader& r, const toml::table& t,
                                   const toml::node& node, const std::string& c, Project& p,
                                   Indicator& ind);

// After the whole project is read: a regional indicator has no driver, components or
// breakdown, and the expanded counts (series: regions x groups; targets: one per region) stay
// within kMaxIndicators and kMaxTargets.
void check_regions(const Project& p);

// Every target on a regional indicator, evaluated for every region: each region's series are
// projected with the stream stable_hash("indicator/group@code") (so a region's numbers depend
// on the seed and its code, never on its place in the list, on which region is the own one or
// on the thread count); the own region's result is the run's own (`own`, already evaluated
// with the same stream by run_project). Regions run in parallel on
// `threads` workers; each region's paths are dropped once its targets are evaluated.
std::vector<Ranking> rank_regions(const Project& p, const std::vector<SeriesResult>& series,
                                  const std::vector<TargetResult>& own, std::uint64_t seed,
                                  int n_paths, int threads);

}  // namespace utsikt
