// Generated words of the report (Swedish and English): target rules, projection summaries,
// the paragraph per indicator, captions and the method section. Shared by the HTML report and
// the workbook. Internal to outputs/.
#pragma once

#include <string>
#include <vector>

#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"

namespace utsikt::out::detail {

// HTML text: XML-escaped, and a space between digits ("251 295") or before a percent sign
// ("44 %") becomes a no-break space so that a number is never split over two lines.
std::string html_text(const std::string& s);

inline std::string tr(Lang lang, const std::string& sv, const std::string& en) {
  return lang == Lang::sv ? sv : en;
}

// The focus area and goal of a target in the report's language (English: focus_area_en /
// goal_en where the project gives them, else the one name it has).
inline const std::string& area_name(const Target& t, Lang lang) {
  return lang == Lang::en && !t.focus_area_en.empty() ? t.focus_area_en : t.focus_area;
}
inline const std::string& goal_name(const Target& t, Lang lang) {
  return lang == Lang::en && !t.goal_en.empty() ? t.goal_en : t.goal;
}

// ▲ ► ▼ (the document's arrows) and their meaning in words.
const char* arrow_symbol(Arrow a);
std::string arrow_word(Arrow a, Lang lang);  // "positiv" / "oförändrad" / "negativ"

bool few_points(const TargetResult& t);
bool is_percent(const Indicator* ind);
std::string lower_first(std::string s);

// A target threshold as written: "260 000", "0,75", "25 %".
std::string threshold(double v, bool pct, Lang lang);

// What the projection column shows for a target, already formatted.
struct ProjectionSummary {
  std::string what;      // "" for the value itself, else e.g. "skillnad" / "förändring"
  std::string median;    // "247 000"
  std::string interval;  // "240 000 – 254 000" (empty for observed outcomes)
  double median_value = 0, lo80 = 0, hi80 = 0;
  bool percent = false;   // the numbers are percentages of the indicator (shares)
  bool relative = false;  // the numbers are relative changes (fractions, shown as %)
  // The interval reached past a bound of the quantity (a share outside 0-100 %, a count below
  // 0, a change below -100 % of a non-negative quantity) and is shown cut at the bound.
  bool cut = false;
};
// The bounds of what a target's projection column shows: the indicator's bounds for values
// (shares 0-100), -100 % for a relative change of a non-negative quantity, none otherwise.
Bounds shown_bounds(const TargetResult& t, const Indicator* ind);
ProjectionSummary projection_summary(const TargetResult& t, const Indicator* ind, Lang lang);

// "Pil: utveckling sedan basåret ... Bedömning: JA om ..." under the summary table.
std::string reading_note(const RunResult& r, Lang lang);
// Its last part, "Bedömning: JA om ... * = få datapunkter ...", also in "About the computations".
std::string assessment_note(const RunResult& r, Lang lang);
// How well the intervals of the run's models held where the outcome is known (the measured
// coverage of docs/benchmarks.md, "Calendar windows" and "Fourth round" for the calibrated
// combination, "Cohort-component model" for the cohort model); one sentence per model kind the
// run uses, empty if it uses neither.
std::string reliability_note(const RunResult& r, Lang lang);
// "Källa: ..." (or "Källor: ...") under a chart.
std::string chart_caption(const RunResult& r, const Indicator& ind, Lang lang);
// The paragraph(s) under a chart: trend, projection, per target the probability and arrow,
// model and why, caveats (few points, the indicator's note, provenance, diagnostics), and the
// reasons of targets that cannot be followed up. Without `projection` (no target of the
// indicator can be followed up) only the observations and the targets' sentences.
std::string indicator_text_html(const RunResult& r, const Indicator& ind,
                                const std::vector<const TargetResult*>& targets, Lang lang,
                                bool projection = true);
// The "About the computations" section.
std::string method_html(const RunResult& r, Lang lang);
// Sources of an indicator's observations (distinct, in order of appearance).
std::vector<std::string> sources_of(const RunResult& r, const Indicator& ind, Lang lang);

}  // namespace utsikt::out::detail
