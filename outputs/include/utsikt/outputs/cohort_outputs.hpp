// Outputs of the cohort-component model (utsikt/engine/cohort.hpp): population pyramids and the
// components of change (births, deaths, net migration) per year, observed and projected.
#pragma once

#include <string>
#include <vector>

#include "utsikt/csv_writer.hpp"
#include "utsikt/engine/run.hpp"

namespace utsikt::out {

// One row per cohort model, year, sex and age: the last year of the age data (observed), the
// jump-off (estimated) and every pyramid year (median, 10 % and 90 % over the paths).
// Columns: indicator,year,status,sex,age,median,q0.1,q0.9 (status: observed, estimate,
// projected; sex: women, men; age 0..99 and "100+").
std::string pyramids_csv(const RunResult& r, const CsvDialect& dialect = {});
// The same as JSON: {"models": [{"indicator", "region", "jump_off", "pyramids": [{"year",
// "status", "women": {"median": [...], "q0.1": [...], "q0.9": [...]}, "men": {...}}]}]}.
std::string pyramids_json(const RunResult& r);
// Births, deaths and net migration per year: history (status observed/estimate) and projection
// quantiles (2.5, 10, 50, 90, 97.5 %). Columns: indicator,year,status,component,value,q0.025,
// q0.1,q0.5,q0.9,q0.975.
std::string components_csv(const RunResult& r, const CsvDialect& dialect = {});

// Quantiles (type 7, as SeriesForecast::quantile) over the paths of one cohort series `v`
// (total, births, ... of P) at horizon index h, one sort for all levels.
std::vector<double> path_quantiles(const demography::CohortPaths& P, const std::vector<double>& v,
                                   std::size_t h, const std::vector<double>& levels);

}  // namespace utsikt::out
