// The follow-up report: what the analysts' own document ("Uppföljning av målen") contains, with
// projections. One self-contained HTML file (inline SVG charts, inline CSS, no network access)
// and an xlsx workbook with the same tables and the data behind the charts.
//
// Structure (docs/report.md):
//  1. Summary: every target, grouped by focus area (insatsområde) in project order, with the
//     latest value, the projection in the target year, P(met), the arrow and the assessment.
//  2. Per focus area: a table of its effect targets (effektmål), then per indicator a fan chart
//     and a generated paragraph (trend, projection, probability, model and why, caveats).
//  3. How to read the report and how the numbers were computed (seed, paths, rules).
// Writers return text or write files; they never print.
#pragma once

#include <string>
#include <vector>

#include "outputs/format.hpp"
#include "outputs/svg_chart.hpp"
#include "utsikt/run.hpp"

namespace utsikt::out {

// One chart of the report: an indicator with all its groups, projections, targets and its
// national comparison series.
struct IndicatorChart {
  std::string indicator;  // indicator id
  std::string file_name;  // "<id>.svg" (ids are [a-z0-9_-]+, safe as file names)
  FanChart chart;
};

// Charts for every indicator with data that is not only a comparison series of another one
// (comparison series are drawn inside the chart of the indicator that refers to them), in
// the order the report shows them.
std::vector<IndicatorChart> report_charts(const RunResult& r, Lang lang);

// The chart of one indicator (empty chart if it has no data).
FanChart indicator_chart(const RunResult& r, const Indicator& ind, Lang lang);

// The whole report as one HTML document.
std::string report_html(const RunResult& r, Lang lang);

// The target as a short rule: "minst 260 000 år 2030", "högst −70 % jämfört med 2010 (2030)".
std::string target_rule(const Target& t, const Indicator* ind, Lang lang);

// Writes report.html (atomically) into dir; with a non-empty charts_dir also every chart as
// <charts_dir>/<indicator>.svg. Returns the paths written.
std::vector<std::string> write_report_html(const RunResult& r, const std::string& dir, Lang lang,
                                           const std::string& charts_dir = {});

// Writes every chart as <charts_dir>/<indicator>.svg (atomically); returns the paths.
std::vector<std::string> write_report_charts(const RunResult& r, const std::string& charts_dir, Lang lang);

// The workbook: a summary sheet, one sheet per focus area, a data sheet with history and
// projection quantiles per year. Numbers are stored as numbers with number formats. Written
// atomically to path. Throws InputError when the file cannot be written.
void write_report_xlsx(const RunResult& r, const std::string& path, Lang lang);

// An Excel sheet name from a title: forbidden characters []:*?/\ replaced, at most 31
// characters (UTF-8 aware), not empty, unique among `taken` (adds " (2)" ...).
std::string excel_sheet_name(const std::string& title, const std::vector<std::string>& taken);

}  // namespace utsikt::out
