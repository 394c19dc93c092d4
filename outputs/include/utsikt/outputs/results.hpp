// Writers for the results of `utsikt run`: a text table for the terminal, and CSV/JSON files.
// They return text or write files; they never print.
#pragma once

#include <string>
#include <vector>

#include "utsikt/csv_writer.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"

namespace utsikt::out {

// The terminal table: focus area, target, latest value (year), projected median in the target
// year with 80 % interval, P(met) with its MC error, arrow, assessment. Grouped by focus area.
std::string results_table(const RunResult& r, Lang lang, std::size_t width = 160);

// How CSV files are written (default or sv): the one CSV writer's dialect, utsikt/csv_writer.hpp.
using utsikt::csv_dialect_from_string;
using utsikt::CsvDialect;

// One row per target (flow targets: two rows, every year / average). Machine-readable: numbers
// with a decimal point, no thousands separators.
std::string targets_csv(const RunResult& r, const CsvDialect& dialect = {});
// The same and more (diagnostics, model reasons, arrow reasons, provenance) as JSON.
std::string targets_json(const RunResult& r);
// Per series and year: observed value or projection quantiles (2.5, 10, 25, 50, 75, 90, 97.5 %).
std::string projections_csv(const RunResult& r, const CsvDialect& dialect = {});

// Writes targets.csv, targets.json and projections.csv into dir atomically, and with cohort
// models also pyramids.csv, pyramids.json and components.csv (cohort_outputs.hpp); returns the
// paths.
std::vector<std::string> write_run_outputs(const RunResult& r, const std::string& dir,
                                           const CsvDialect& dialect = {});

}  // namespace utsikt::out
