// The follow-up report: what the analysts' own document ("Uppföljning av målen") contains, with
// projections. One self-contained HTML file (inline SVG charts, inline CSS, no network access)
// and an xlsx workbook with the same tables and the data behind the charts.
//
// Structure (docs/report.md):
//  1. Summary: every target, grouped by focus area (insatsområde) in project order, with the
//     latest value, the projection in the target year, P(met), the arrow and the assessment.
//  2. Per focus area: a table of its effect targets (effektmål), then per indicator a fan chart
//     and a generated paragraph (trend, projection, probability, model and why, caveats).
//  With scenarios (a Comparison from compare_scenarios on the same run): a section "Scenarier"
//  after the summary (what each scenario assumes; P(met) under the baseline and each scenario
//  for every target a scenario changes), one line per changing scenario under a target's
//  probability in the focus-area tables, and each scenario's median in its own colour and dash
//  in the fan charts of the series it changes.
//  3. How to read the report and how the numbers were computed (seed, paths, rules).
// Writers return text or write files; they never print.
#pragma once

#include <string>
#include <vector>

#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/svg_chart.hpp"

namespace utsikt {
struct Comparison;  // scenarios/scenario.hpp
}

namespace utsikt::out {

// One chart of the report: an indicator with all its groups, projections, targets and its
// national comparison series.
struct IndicatorChart {
  std::string indicator;  // indicator id
  std::string file_name;  // "<id>.svg", panels "<id>--<k>.svg" (ids are [a-z0-9_-]+, safe)
  FanChart chart;
};

// Charts for every indicator with data that is not only a comparison series of another one
// (comparison series are drawn inside the chart of the indicator that refers to them), in
// the order the report shows them.
// With `scenarios`, every scenario that changes a series of a chart adds its median line.
std::vector<IndicatorChart> report_charts(const RunResult& r, Lang lang,
                                          const Comparison* scenarios = nullptr);

// The chart of one indicator (empty chart if it has no data), limited to `groups` when not
// empty (styles and colours stay those of the group's place in the indicator).
FanChart indicator_chart(const RunResult& r, const Indicator& ind, Lang lang,
                         const std::vector<std::string>& groups = {},
                         const Comparison* scenarios = nullptr);
// The charts of one indicator: one chart when it has at most two groups with data; otherwise
// panels of at most two groups ("total" alone, the others in pairs in the indicator's order,
// e.g. women and men) on a shared y scale, so that the fans stay readable.
std::vector<FanChart> indicator_charts(const RunResult& r, const Indicator& ind, Lang lang,
                                       const Comparison* scenarios = nullptr);

// The whole report as one HTML document; `scenarios` (optional) must come from the same run.
std::string report_html(const RunResult& r, Lang lang, const Comparison* scenarios = nullptr);

// The target as a short rule: "minst 260 000 år 2030", "högst −70 % jämfört med 2010 (2030)".
std::string target_rule(const Target& t, const Indicator* ind, Lang lang);

// A scenario's short name: its name up to the first ": " ("Fler bostäder: +500 per år" ->
// "Fler bostäder"), or the whole name. Used in legends and short mentions.
std::string scenario_short_name(const std::string& name);

// The scenarios' warnings (e.g. an intervention on a derived total, which breaks the identity
// between a sum and its parts) as sentences in `lang`, once each; the report shows them under
// the scenario, and `run --report` / `report` print scenario_warnings_text (a heading and one
// "  ! ..." line each, "" without warnings) under their output.
std::vector<std::string> scenario_warnings(const Comparison& c, Lang lang);
std::string scenario_warnings_text(const Comparison& c, Lang lang);

// Writes report.html (atomically) into dir; with a non-empty charts_dir also every chart as
// <charts_dir>/<indicator>.svg. Returns the paths written.
std::vector<std::string> write_report_html(const RunResult& r, const std::string& dir, Lang lang,
                                           const std::string& charts_dir = {},
                                           const Comparison* scenarios = nullptr);

// Writes every chart as <charts_dir>/<indicator>.svg (atomically); returns the paths.
std::vector<std::string> write_report_charts(const RunResult& r, const std::string& charts_dir,
                                             Lang lang, const Comparison* scenarios = nullptr);

// The workbook: a summary sheet, one sheet per focus area, a data sheet with history and
// projection quantiles per year. Numbers are stored as numbers with number formats. Written
// atomically to path. Throws InputError when the file cannot be written. With `scenarios`, a sheet
// "Scenarier" after the summary: what each scenario assumes, and for every target P(met) under
// the baseline and each scenario with the change in percentage points.
void write_report_xlsx(const RunResult& r, const std::string& path, Lang lang,
                       const Comparison* scenarios = nullptr);

// An Excel sheet name from a title: forbidden characters []:*?/\ replaced, at most 31
// characters (UTF-8 aware), not empty, unique among `taken` (adds " (2)" ...).
std::string excel_sheet_name(const std::string& title, const std::vector<std::string>& taken);

}  // namespace utsikt::out
