// Rankings of regions (RunResult::rankings): a target on an indicator with `regions`, evaluated
// for every region (docs/project-format.md, "Many regions"). The CSV file per target, the lines
// for the terminal and the report's section "Regioner i rangordning". Writers return text or
// write files; they never print.
#pragma once

#include <string>
#include <vector>

#include "utsikt/csv_writer.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"

namespace utsikt::out {

// "ranking-<target id>.csv"; a flow target's two variants: "ranking-<id>-every_year.csv" and
// "ranking-<id>-average.csv".
// Characters of the target id other than letters, digits, '-' and '_' become '_'.
std::string ranking_file_name(const Ranking& rk);
// The names of every ranking of the run, in order; a name that two rankings would share gets
// "-2", "-3" ... before ".csv".
std::vector<std::string> ranking_file_names(const RunResult& r);

// One row per region in ranking order: rank, region code and name, own region, P(met), its
// Monte-Carlo error, the median and 80 % interval of the value in the target year, the latest
// observation, the region's own trend (arrow), assessment, status, model and a note (the
// no-data reason). Headers in the language; numbers in the dialect (sv: decimal comma).
std::string ranking_csv(const Ranking& rk, Lang lang, const CsvDialect& dialect = {});

// Writes every ranking's CSV into dir (atomically, in the open OutputBatch if any); returns the
// paths. Nothing when the run has no rankings.
std::vector<std::string> write_ranking_outputs(const RunResult& r, const std::string& dir,
                                               Lang lang, const CsvDialect& dialect = {});

// For the terminal: per ranking the five regions most and least likely to meet the target and
// the own region's place ("plats 14 av 21"). Empty when the run has no rankings.
std::string ranking_table(const RunResult& r, Lang lang);

// The report's section: per ranking a dot-and-interval chart (one row per region, the own
// region highlighted) and the sorted table. Empty when the run has no rankings.
std::string ranking_section_html(const RunResult& r, Lang lang);

// The chart alone (an inline SVG): per region the median change from its latest observation to
// the target year with the 80 % interval, the target's level where it has one, and P(met).
std::string ranking_chart_svg(const Ranking& rk, Lang lang);

}  // namespace utsikt::out
