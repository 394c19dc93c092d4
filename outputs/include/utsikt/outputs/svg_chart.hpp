// Fan charts as self-contained SVG: observed history, projection median with 80/95 % bands,
// targets, base years and national comparison series, for one indicator.
//
// Conventions (docs/report.md, "Chart conventions"):
//  * observed values: solid line with a marker at every observation; a missing year breaks the
//    line (no line is drawn across a gap), so a lone observation shows as a marker only;
//  * projection: dashed median from the last observation on, bands 95 % and 80 % drawn as
//    two translucent layers over each other (band_layers), the same in every chart;
//  * several groups (women/men) share one chart: each has its own marker shape (circle, square,
//    triangle, diamond) and median dash pattern, and its own colour;
//  * several projections of the same series may be given: each carries a colour index; groups
//    keep their marker/dash style;
//  * scenarios: a projection with `scenario` set is a scenario's median, drawn as a line without
//    bands in the scenario's own colour and dash pattern (one per scenario index, distinct from
//    the groups' patterns so that it reads in black and white), from the year it leaves the
//    baseline's median on, with a small end marker; the baseline keeps its look;
//  * target: a target symbol (hollow diamond with a cross) at its year; a flow target that holds
//    every year is a horizontal line over its period; a relative target marks its base
//    observation with a ring and the implied target level with the target symbol;
//  * comparison series (the nation): thin grey line with hollow markers;
//  * every chart carries <title> and <desc>; the legend names every visual element in words.
//
// The renderer only formats; it does not decide what to show (the report builder does).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "utsikt/outputs/format.hpp"

namespace utsikt::out {

// One observed line (a group of the indicator, or a comparison series).
struct ChartLine {
  std::string label;       // "Kvinnor", "Riket, kvinnor", ...
  std::vector<int> years;  // ascending; a missing year is a gap
  std::vector<double> values;
  int style = 0;            // marker/dash style index (0..3, cycles)
  int color = 0;            // colour index (0..5, cycles)
  bool comparison = false;  // drawn thin, grey, hollow markers
};

// One projected line: median and bands per year. The bands start at the anchor (the last
// observation) with zero width so that the fan grows out of the history.
struct ChartProjection {
  std::string label;  // group (and scenario) name, used in the legend and the desc
  std::vector<int> years;
  std::vector<double> median, lo50, hi50, lo80, hi80, lo95, hi95;
  std::optional<int> anchor_year;
  std::optional<double> anchor_value;
  int style = 0;
  int color = 0;
  std::optional<int> scenario;  // scenario index (0, 1, ...): median line only, own colour/dash
  std::string scenario_name;    // the scenario's name for the legend (one entry per scenario; the
                                // label may add the group, for the desc)
};

struct ChartTarget {
  enum class Shape {
    point,      // a value at `year`
    period,     // a horizontal line over from_year..year (a flow target that holds every year)
    base_only,  // no target level (it depends on another series): only the base ring
  };
  Shape shape = Shape::point;
  double value = 0.0;
  int year = 0;
  int from_year = 0;
  std::string label;             // "Mål 2030: minst 260 000"
  std::optional<int> base_year;  // relative targets: the base observation, marked with a ring
  std::optional<double> base_value;
  int style = 0;  // the group the target is about
  int color = 0;
};

struct FanChart {
  std::string id;        // unique within a document (element ids derive from it)
  std::string title;     // short title (also the SVG <title>)
  std::string desc;      // longer text description (SVG <desc>); generated if empty
  std::string y_label;   // axis label (unit)
  bool percent = false;  // tick labels get a percent sign ("48,8 %")
  std::optional<double> y_min_bound, y_max_bound;  // natural bounds (shares: 0..100)
  std::optional<int> x_min, x_max;                 // year range; default from the data
  std::vector<double> y_include;  // values the y axis must cover (shared scale of panels)
  std::vector<ChartLine> lines;
  std::vector<ChartProjection> projections;
  std::vector<ChartTarget> targets;
  std::string footnote;    // one line under the legend (e.g. why a series is not shown)
  bool show_title = true;  // draw the title inside the SVG (off when the page has a heading)
  int width = 760;
  int height = 400;
};

// "Nice" axis ticks covering [lo, hi] with about `target` ticks (steps 1, 2, 2.5, 5 x 10^k).
struct Ticks {
  std::vector<double> values;
  double step = 1.0;
  int decimals = 0;  // decimals needed to print the step
};
Ticks nice_ticks(double lo, double hi, int target = 6);
// Year ticks: whole years with step 1, 2, 5, 10 ... and at most `max_ticks` labels.
std::vector<int> year_ticks(int lo, int hi, int max_ticks = 12);

// The projection bands, one style for every chart (fan charts, women and men in one chart,
// small multiples, charts with scenarios): the 95 % band, then the 80 % band over it, each a
// translucent fill in the projection's colour. The legend shows the same layers with
// band_legend_text().
struct BandLayer {
  int level;       // 95 or 80 (% of the paths)
  double opacity;  // fill-opacity of the layer
};
const std::array<BandLayer, 2>& band_layers();
std::string band_legend_text(Lang lang);
std::string opacity_text(double opacity);  // "0.16"

// Target labels never overlap: each label's box is estimated as display_width(text) *
// kLabelCharWidth * font size wide (bold sans-serif averages under 0.62 em per character in
// Liberation Sans / Arial, so the estimate errs wide) and from kLabelAscent above to
// kLabelDescent below its baseline, in font-size units. Labels are placed one after another,
// each at the free position nearest to its target (moved up or down); a label moved away from
// its target gets a thin leader line to it.
inline constexpr double kLabelFont = 11.0;
inline constexpr double kLabelCharWidth = 0.62;
inline constexpr double kLabelAscent = 0.9;
inline constexpr double kLabelDescent = 0.3;

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string xml_escape(const std::string& s);

// The chart as one <svg> element (no XML declaration; valid both inline in HTML and as a file).
std::string render_fan_chart(const FanChart& chart, Lang lang);
// A small inline <svg> (36 x 12) with a scenario's line and marker as drawn in the charts, for
// tables and lists that refer to the charts. aria-hidden: the text beside it names the scenario.
std::string scenario_swatch(int scenario);
// The same, as a standalone .svg file (XML declaration and namespace).
std::string render_fan_chart_file(const FanChart& chart, Lang lang);

}  // namespace utsikt::out
