// Population indicators projected with the cohort-component model (utsikt/demography/cohort.hpp)
// inside a project: `method = "cohort"` with an [indicator.cohort] table (docs/project-format.md,
// "Cohort").
//
// One indicator owns a model (it names the age files); its groups are counts of persons of a sex
// and ages ("total", "kvinnor", "20-64", "65+", "kvinnor 17-24"). Other indicators may use the
// same model with `of = "<owner id>"`, e.g. a share indicator whose groups are percentages
// (100 x count / count of `per`). All groups of all indicators on one model come from the same
// simulated joint paths, so "women among the young" and "the total" are consistent path by path.
//
// Scenarios change the components (extra migrants with an age profile, fertility, life
// expectancy, jobs) and the model is simulated again with the same random numbers, so the
// difference to the baseline is the scenario's effect only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/demography/cohort.hpp"

namespace utsikt {

struct Project;
struct SeriesResult;

// One group of a cohort indicator: a count of persons, or a share in percent of another count.
struct CohortGroup {
  std::string group;
  demography::AgeGroup count;
  std::optional<demography::AgeGroup> per;  // set: the group is 100 * count / per
};

struct CohortSpec {
  std::string of;  // empty: this indicator owns the model; else the owner's indicator id
  demography::CohortFiles files;  // owner: paths as resolved from the project folder
  demography::CohortFitOptions fit;
  std::vector<CohortGroup> groups;  // one per group of the indicator, same order
  std::vector<int> pyramid_years;   // extra years for pyramids (owner; targets' years are added)
  // Owner only, set by load_project: the data read and the fitted model.
  std::shared_ptr<const demography::CohortData> data;
  std::shared_ptr<const demography::CohortModel> model;
};

// A cohort model's simulation in a run (baseline) or a scenario.
struct CohortRun {
  std::string indicator;  // the owner
  std::shared_ptr<const demography::CohortModel> model;
  demography::CohortPaths paths;    // simulated joint paths
  demography::CohortPaths central;  // every random component at its central value
};

// Parses an age/sex group written as text: "total"/"alla", "kvinnor"/"women", "män"/"men",
// ages "20-64", "17–24", "65+", "65-", "0-100+", and combinations "kvinnor 17-24",
// "men_20-64". std::nullopt when the text is none of these.
std::optional<demography::AgeGroup> parse_age_sex_group(std::string_view text);
// "kvinnor 17-24 år" / "women aged 17-24" style label.
std::string describe_age_group(const demography::AgeGroup& g, bool swedish);

// Component changes per owner indicator id (scenarios).
using CohortChanges = std::map<std::string, std::vector<demography::ComponentChange>>;

// Simulates every cohort model of the project (or, with `only`, the owners named in it) to
// `to_year` and writes the paths of every group of every indicator using it into `series` (the
// SeriesResult of each group must be present, with `observed` set). Returns one CohortRun per
// simulated owner. Deterministic for a seed, any thread count. With `only` (a scenario's
// re-simulation) the runs carry no pyramids (CohortPaths::pyramids empty).
std::vector<CohortRun> project_cohorts(const Project& project, std::vector<SeriesResult>& series,
                                       std::uint64_t seed, int n_paths, int threads,
                                       const CohortChanges& changes = {},
                                       const std::vector<std::string>* only = nullptr);

// The owner indicator id of a cohort indicator (itself or its `of`), or "" when not cohort.
std::string cohort_owner(const Project& project, const std::string& indicator_id);

}  // namespace utsikt
