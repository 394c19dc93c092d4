#include "utsikt/outputs/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <tuple>
#include <utility>

namespace utsikt::out {
namespace {

// Colour-blind-safe, dark enough to print as distinct greys (Okabe-Ito based, darkened).
const char* const kColors[] = {"#1f5a96", "#b4530b", "#2e7d32", "#7b3f98", "#8c6d1f", "#00838f"};
const char* const kDash[] = {"7 4", "2 3", "10 3 2 3", "4 2"};
const char* const kGrey = "#6e6e6e";
const char* const kInk = "#1a1a1a";
constexpr double kFont = 12.0;

// Scenarios: colours apart from the groups' first two (blue, orange) and dash patterns apart from
// the groups' (long-short-dot rhythms), and an end marker shape each, so that a scenario reads
// in black and white too.
const char* const kScenColors[] = {"#a3336f", "#00795a", "#5b3f9e",
                                   "#6b5a12", "#3d3d3d", "#00838f"};
const char* const kScenDash[] = {"14 3 3 3", "18 5", "14 3 3 3 3 3", "5 2 1 2 1 2"};

const char* color(int i) { return kColors[((i % 6) + 6) % 6]; }
const char* dash(int i) { return kDash[((i % 4) + 4) % 4]; }
const char* scen_color(int i) { return kScenColors[((i % 6) + 6) % 6]; }
const char* scen_dash(int i) { return kScenDash[((i % 4) + 4) % 4]; }
bool is_scen(const ChartProjection& p) { return p.scenario.has_value(); }

std::string f1(double v) {
  if (!std::isfinite(v)) v = 0.0;  // never "inf"/"nan" in a chart (callers clamp first)
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

bool sv(Lang l) { return l == Lang::sv; }

// Approximate text width in px at kFont (sans-serif average glyph width ~0.56 em).
double text_width(const std::string& s, double size = kFont) {
  return static_cast<double>(display_width(s)) * size * 0.56;
}

std::string marker(int style, double x, double y, const std::string& stroke, bool hollow,
                   double r = 3.6) {
  const std::string fill = hollow ? "#ffffff" : stroke;
  const std::string common =
      " fill=\"" + fill + "\" stroke=\"" + stroke + "\" stroke-width=\"1.4\"/>";
  switch (((style % 4) + 4) % 4) {
    case 0:
      return "<circle cx=\"" + f1(x) + "\" cy=\"" + f1(y) + "\" r=\"" + f1(r) + "\"" + common;
    case 1:
      return "<rect x=\"" + f1(x - r) + "\" y=\"" + f1(y - r) + "\" width=\"" + f1(2 * r) +
             "\" height=\"" + f1(2 * r) + "\"" + common;
    case 2: {
      const double h = r * 1.25;
      return "<path d=\"M" + f1(x) + " " + f1(y - h) + "L" + f1(x + h) + " " + f1(y + h * 0.8) +
             "L" + f1(x - h) + " " + f1(y + h * 0.8) + "Z\"" + common;
    }
    default: {
      const double h = r * 1.3;
      return "<path d=\"M" + f1(x) + " " + f1(y - h) + "L" + f1(x + h) + " " + f1(y) + "L" + f1(x) +
             " " + f1(y + h) + "L" + f1(x - h) + " " + f1(y) + "Z\"" + common;
    }
  }
}

// The target symbol: a hollow diamond with a cross, in ink colour.
std::string target_symbol(double x, double y) {
  const double h = 6.5;
  return "<path d=\"M" + f1(x) + " " + f1(y - h) + "L" + f1(x + h) + " " + f1(y) + "L" + f1(x) +
         " " + f1(y + h) + "L" + f1(x - h) + " " + f1(y) + "Z\" fill=\"#ffffff\" stroke=\"" + kInk +
         "\" stroke-width=\"1.8\"/><path d=\"M" + f1(x - h) + " " + f1(y) + "H" + f1(x + h) + "M" +
         f1(x) + " " + f1(y - h) + "V" + f1(y + h) + "\" stroke=\"" + kInk +
         "\" stroke-width=\"1\"/>";
}

std::string base_ring(double x, double y) {
  return "<circle cx=\"" + f1(x) + "\" cy=\"" + f1(y) + "\" r=\"7.5\" fill=\"none\" stroke=\"" +
         std::string(kInk) + "\" stroke-width=\"1.5\"/>";
}

std::string tick_label(double v, int decimals, bool percent, Lang lang) {
  std::string s = format_fixed(v, decimals, lang);
  if (percent) s += sv(lang) ? "\u00a0%" : "%";
  return s;
}

std::string value_label(double v, bool percent, Lang lang) {
  std::string s = format_value(v, lang);
  if (percent) s += sv(lang) ? "\u00a0%" : "%";
  return s;
}

struct Scale {
  double x0, x1, y0, y1;            // data range
  double left, right, top, bottom;  // pixel box
  double x(double year) const { return left + (year - x0) / (x1 - x0) * (right - left); }
  // Halved before subtracting, so that a range near 1.8e308 does not overflow to infinity; a
  // position that is still not finite is clamped to the box (never "inf" in the SVG).
  double y(double v) const {
    const double p = bottom - (v / 2 - y0 / 2) / (y1 / 2 - y0 / 2) * (bottom - top);
    if (std::isnan(p)) return bottom;
    return std::clamp(p, top - 10 * (bottom - top), bottom + 10 * (bottom - top));
  }
};

// Polyline segments of consecutive years (a missing year starts a new segment).
std::vector<std::vector<std::pair<int, double>>> segments(const std::vector<int>& years,
                                                          const std::vector<double>& values,
                                                          int xmin, int xmax) {
  std::vector<std::vector<std::pair<int, double>>> out;
  for (std::size_t i = 0; i < years.size() && i < values.size(); ++i) {
    if (years[i] < xmin || years[i] > xmax || !std::isfinite(values[i])) continue;
    if (out.empty() || out.back().back().first != years[i] - 1) out.emplace_back();
    out.back().emplace_back(years[i], values[i]);
  }
  return out;
}

// Projection rows including the anchor, cut to the x range.
struct ProjRow {
  int year;
  double med, lo50, hi50, lo80, hi80, lo95, hi95;
};
std::vector<ProjRow> proj_rows(const ChartProjection& p, int xmax) {
  std::vector<ProjRow> rows;
  if (p.anchor_year && p.anchor_value) {
    const double a = *p.anchor_value;
    rows.push_back({*p.anchor_year, a, a, a, a, a, a, a});
  }
  const std::size_t n = p.years.size();
  auto get = [](const std::vector<double>& v, std::size_t i, double d) {
    return i < v.size() ? v[i] : d;
  };
  for (std::size_t i = 0; i < n && i < p.median.size(); ++i) {
    if (p.years[i] > xmax) break;
    const double m = p.median[i];
    rows.push_back({p.years[i], m, get(p.lo50, i, m), get(p.hi50, i, m), get(p.lo80, i, m),
                    get(p.hi80, i, m), get(p.lo95, i, m), get(p.hi95, i, m)});
  }
  return rows;
}

std::string band_path(const std::vector<ProjRow>& rows, const Scale& s, double ProjRow::*lo,
                      double ProjRow::*hi) {
  std::string d;
  for (std::size_t i = 0; i < rows.size(); ++i)
    d += (i == 0 ? "M" : "L") + f1(s.x(rows[i].year)) + " " + f1(s.y(rows[i].*hi));
  for (std::size_t i = rows.size(); i-- > 0;)
    d += "L" + f1(s.x(rows[i].year)) + " " + f1(s.y(rows[i].*lo));
  return d + "Z";
}

std::string generated_desc(const FanChart& c, Lang lang) {
  std::ostringstream o;
  o << c.title << ". ";
  for (const auto& l : c.lines) {
    if (l.years.empty()) continue;
    o << (l.label.empty() ? (sv(lang) ? "Observerat" : "Observed") : l.label) << ": "
      << value_label(l.values.front(), c.percent, lang) << " (" << l.years.front() << ")";
    if (l.years.size() > 1)
      o << (sv(lang) ? " till " : " to ") << value_label(l.values.back(), c.percent, lang) << " ("
        << l.years.back() << ")";
    o << ". ";
  }
  for (const auto& p : c.projections) {
    const auto rows = proj_rows(p, c.x_max.value_or(std::numeric_limits<int>::max()));
    if (rows.empty()) continue;
    const ProjRow& r = rows.back();
    if (p.scenario) {
      o << "Scenario " << p.label << (sv(lang) ? ", prognos " : ", projection ") << r.year
        << " (median): " << value_label(r.med, c.percent, lang) << ". ";
      continue;
    }
    o << (sv(lang) ? "Prognos " : "Projection ") << r.year
      << (p.label.empty() ? "" : ", " + p.label) << ": " << value_label(r.med, c.percent, lang)
      << " (" << (sv(lang) ? "80 %-intervall " : "80 % interval ")
      << value_label(r.lo80, c.percent, lang) << "–" << value_label(r.hi80, c.percent, lang)
      << "). ";
  }
  for (const auto& t : c.targets) o << t.label << ". ";
  std::string s = o.str();
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

struct LegendItem {
  std::string svg_symbol;  // drawn with its left edge at x = 0, centre line at y = 0, 28 px wide
  std::string text;
};

}  // namespace

std::string xml_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";
        break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') break;
        o += c;
    }
  }
  return o;
}

const std::array<BandLayer, 2>& band_layers() {
  // Drawn in this order, over each other: where both lie (the 80 % band) the fill is darker,
  // 1 - (1 - 0.16)^2 = 0.29, so the two read apart in grey too.
  static const std::array<BandLayer, 2> layers{{{95, 0.16}, {80, 0.16}}};
  return layers;
}

std::string band_legend_text(Lang lang) {
  return sv(lang) ? "Prognosintervall 80 % (mörkare) och 95 %"
                  : "Projection interval 80 % (darker) and 95 %";
}

std::string opacity_text(double opacity) {
  char b[16];
  std::snprintf(b, sizeof b, "%.2f", opacity);
  return b;
}

Ticks nice_ticks(double lo, double hi, int target) {
  Ticks t;
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
    const double pad = std::fabs(hi) > 0 ? std::fabs(hi) * 0.05 : 1.0;
    lo -= pad;
    hi += pad;
  }
  target = std::max(2, target);
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  t.step = step;
  const double first = std::floor(lo / step + 1e-9) * step;
  const double last = std::ceil(hi / step - 1e-9) * step;
  for (double v = first; v <= last + step * 1e-6; v += step)
    t.values.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  // Decimals needed to print the step exactly (2.5 -> 1, 0.25 -> 2, 500 -> 0).
  t.decimals = 0;
  for (int d = 0; d <= 6; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) {
      t.decimals = d;
      break;
    }
  }
  return t;
}

std::vector<int> year_ticks(int lo, int hi, int max_ticks) {
  std::vector<int> out;
  if (hi < lo) std::swap(lo, hi);
  int step = 1;
  for (int s : {1, 2, 5, 10, 20, 25, 50, 100}) {
    step = s;
    if ((hi - lo) / s + 1 <= max_ticks) break;
  }
  const int first = (lo % step == 0) ? lo : lo + (step - ((lo % step) + step) % step);
  for (int y = first; y <= hi; y += step) out.push_back(y);
  return out;
}

namespace {

// The years on the x axis: those of the observed lines, the projections and the targets (of
// the comparison lines only when there is nothing else), unless the chart sets them.
std::pair<int, int> year_range(const FanChart& c) {
  int xmin = std::numeric_limits<int>::max(), xmax = std::numeric_limits<int>::min();
  auto span_year = [&](int y) {
    xmin = std::min(xmin, y);
    xmax = std::max(xmax, y);
  };
  for (const auto& l : c.lines)
    if (!l.comparison)
      for (int y : l.years) span_year(y);
  for (const auto& p : c.projections) {
    if (p.anchor_year) span_year(*p.anchor_year);
    for (int y : p.years) span_year(y);
  }
  for (const auto& t : c.targets) {
    span_year(t.year);
    if (t.shape == ChartTarget::Shape::period) span_year(t.from_year);
    if (t.base_year) span_year(*t.base_year);
  }
  if (xmin > xmax)  // only comparison lines (or nothing)
    for (const auto& l : c.lines)
      for (int y : l.years) span_year(y);
  if (xmin > xmax) xmin = 2000, xmax = 2030;
  if (c.x_min) xmin = *c.x_min;
  if (c.x_max) xmax = *c.x_max;
  if (xmax <= xmin) xmax = xmin + 1;
  return {xmin, xmax};
}

// The values to show: the lines within the years, the projections' 80 % bands (a scenario's
// median), the targets and c.y_include.
std::pair<double, double> value_range(const FanChart& c, int xmin, int xmax) {
  double ylo = std::numeric_limits<double>::infinity(), yhi = -ylo;
  auto span_v = [&](double v) {
    if (!std::isfinite(v)) return;
    ylo = std::min(ylo, v);
    yhi = std::max(yhi, v);
  };
  for (const auto& l : c.lines)
    for (std::size_t i = 0; i < l.years.size() && i < l.values.size(); ++i)
      if (l.years[i] >= xmin && l.years[i] <= xmax) span_v(l.values[i]);
  for (const auto& p : c.projections)
    for (const auto& r : proj_rows(p, xmax)) {
      span_v(is_scen(p) ? r.med : r.lo80);
      span_v(is_scen(p) ? r.med : r.hi80);
    }
  for (const auto& t : c.targets) {
    span_v(t.value);
    if (t.base_value) span_v(*t.base_value);
  }
  for (double v : c.y_include) span_v(v);
  if (!std::isfinite(ylo)) ylo = 0, yhi = 1;
  return {ylo, yhi};
}

// The 95 % band may widen the axis by at most a quarter of the range on either side; beyond
// that it is cut at the edge of the plot (and the chart says so), so that a very uncertain
// projection does not flatten the history into a line.
std::pair<double, double> widen_for_bands(const FanChart& c, int xmax,
                                          std::pair<double, double> shown) {
  const auto [ylo, yhi] = shown;
  const double range = std::max(yhi - ylo, 1e-9 * std::max(1.0, std::fabs(yhi)));
  double lo95 = ylo, hi95 = yhi;
  for (const auto& p : c.projections)
    for (const auto& r : proj_rows(p, xmax)) {
      if (is_scen(p)) continue;
      if (std::isfinite(r.lo95)) lo95 = std::min(lo95, r.lo95);
      if (std::isfinite(r.hi95)) hi95 = std::max(hi95, r.hi95);
    }
  const double new_lo = std::max(lo95, ylo - 0.25 * range),
               new_hi = std::min(hi95, yhi + 0.25 * range);
  return {new_lo, new_hi};
}

// The y axis: the value range padded, down to zero when the data come close to it (bars of the
// eye: the distance to zero matters), within the chart's bounds.
Ticks value_ticks(const FanChart& c, double ylo, double yhi) {
  if (ylo >= 0 && ylo < 0.3 * yhi) ylo = 0;
  const double pad = (yhi - ylo) * 0.04;
  double lo = ylo - pad, hi = yhi + pad;
  if (ylo >= 0 && lo < 0) lo = 0;
  if (c.y_min_bound) lo = std::max(lo, *c.y_min_bound);
  if (c.y_max_bound) hi = std::min(hi, *c.y_max_bound);
  return nice_ticks(lo, hi, 6);
}

// The chart's own footnote, and a note when a 95 % band reaches beyond the axis.
std::vector<std::string> chart_footnotes(const FanChart& c, const Ticks& yt, int xmax, Lang lang) {
  bool band_cut = false;
  for (const auto& p : c.projections)
    for (const auto& r : proj_rows(p, xmax))
      if (!is_scen(p))
        band_cut =
            band_cut || r.lo95 < yt.values.front() - 1e-9 || r.hi95 > yt.values.back() + 1e-9;
  std::vector<std::string> footnotes;
  if (!c.footnote.empty()) footnotes.push_back(c.footnote);
  if (band_cut)
    footnotes.push_back(sv(lang) ? "Prognosintervallet är avskuret vid diagrammets kant."
                                 : "The projection interval is cut at the edge of the chart.");
  return footnotes;
}

// The title wrapped at spaces (bold 15 px glyphs are about 0.6 em wide).
std::vector<std::string> wrap_title(const FanChart& c, double W, double widest) {
  std::vector<std::string> title_lines;
  if (!c.show_title) return title_lines;
  const auto max_chars =
      static_cast<std::size_t>(std::max(20.0, (W - (widest + 20) - 12) / (15 * 0.6)));
  std::string line;
  std::istringstream words(c.title);
  for (std::string w; words >> w;) {
    if (!line.empty() && display_width(line) + 1 + display_width(w) > max_chars) {
      title_lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + w;
  }
  if (!line.empty()) title_lines.push_back(line);
  return title_lines;
}

// The legend's symbol for the bands: the same two layers as in the plot (band_layers), in the
// colour of the first baseline projection; the same words in every chart.
LegendItem band_legend(const ChartProjection& first_base, Lang lang) {
  const std::string col = color(first_base.color);
  std::string sym;
  const auto layers = band_layers();
  // Left half: the 95 % layer alone; right half: both layers, as where they overlap in the plot.
  for (std::size_t k = 0; k < layers.size(); ++k)
    sym += "<rect x=\"" + f1(k == 0 ? 0.0 : 14.0) + "\" y=\"-6\" width=\"" +
           f1(k == 0 ? 28.0 : 14.0) + "\" height=\"12\" fill=\"" + col + "\" fill-opacity=\"" +
           opacity_text(layers[k].opacity) + "\"/>";
  return {sym, band_legend_text(lang)};
}

// The legend's items: observed lines, comparison lines, baseline medians, bands, scenarios (one
// item each: their groups' lines look alike) and the kinds of targets.
std::vector<LegendItem> legend_items(const FanChart& c, Lang lang) {
  std::vector<LegendItem> legend;
  for (const auto& l : c.lines) {
    if (l.comparison) continue;
    const std::string col = color(l.color);
    legend.push_back({"<path d=\"M0 0H28\" stroke=\"" + col + "\" stroke-width=\"2.2\"/>" +
                          marker(l.style, 14, 0, col, false),
                      (l.label.empty() ? (sv(lang) ? "Observerat" : "Observed")
                                       : l.label + (sv(lang) ? ", observerat" : ", observed"))});
  }
  for (const auto& l : c.lines) {
    if (!l.comparison) continue;
    legend.push_back({"<path d=\"M0 0H28\" stroke=\"" + std::string(kGrey) +
                          "\" stroke-width=\"1.3\"/>" + marker(l.style, 14, 0, kGrey, true, 3.2),
                      l.label});
  }
  for (const auto& p : c.projections) {
    if (is_scen(p)) continue;
    const std::string col = color(p.color);
    legend.push_back({"<path d=\"M0 0H28\" stroke=\"" + col +
                          "\" stroke-width=\"2.2\" stroke-dasharray=\"" + dash(p.style) + "\"/>",
                      (p.label.empty() ? (sv(lang) ? "Prognos (median)" : "Projection (median)")
                                       : p.label + (sv(lang) ? ", prognos (median)"
                                                             : ", projection (median)"))});
  }
  const auto first_base = std::find_if(c.projections.begin(), c.projections.end(),
                                       [](const ChartProjection& p) { return !is_scen(p); });
  if (first_base != c.projections.end()) legend.push_back(band_legend(*first_base, lang));
  std::vector<int> scen_in_legend;
  for (const auto& p : c.projections) {
    if (!is_scen(p)) continue;
    if (std::find(scen_in_legend.begin(), scen_in_legend.end(), *p.scenario) !=
        scen_in_legend.end())
      continue;
    scen_in_legend.push_back(*p.scenario);
    const std::string col = scen_color(*p.scenario);
    legend.push_back(
        {"<path d=\"M0 0H24\" stroke=\"" + col + "\" stroke-width=\"2.4\" stroke-dasharray=\"" +
             scen_dash(*p.scenario) + "\"/>" + marker(*p.scenario + 1, 24, 0, col, false, 3.2),
         "Scenario " + (p.scenario_name.empty() ? p.label : p.scenario_name) + " (median)"});
  }
  bool any_point_target = false, any_period = false, any_base = false;
  for (const auto& t : c.targets) {
    any_point_target |= t.shape == ChartTarget::Shape::point;
    any_period |= t.shape == ChartTarget::Shape::period;
    any_base |= t.base_year.has_value();
  }
  if (any_point_target) legend.push_back({target_symbol(14, 0), sv(lang) ? "Mål" : "Target"});
  if (any_period)
    legend.push_back({"<path d=\"M0 0H28\" stroke=\"" + std::string(kInk) +
                          "\" stroke-width=\"2\" stroke-dasharray=\"9 3 2 3\"/>",
                      sv(lang) ? "Mål varje år" : "Target every year"});
  if (any_base) legend.push_back({base_ring(14, 0), sv(lang) ? "Basår" : "Base year"});
  return legend;
}

// A legend item placed at (x, y).
struct Placed {
  double x, y;
  std::size_t item;  // index into ChartLayout::legend
};

// Where everything goes: the ranges, the axis ticks, the plot box, the title lines, the legend
// flowed into rows below the plot and the footnotes, and so the height of the SVG.
struct ChartLayout {
  int xmin = 0, xmax = 0;
  Ticks yt;
  std::vector<std::string> footnotes;
  std::vector<std::string> title_lines;
  double W = 0, H = 0, top = 0;
  Scale s{};
  std::vector<LegendItem> legend;
  std::vector<Placed> placed;
};

ChartLayout layout_chart(const FanChart& c, Lang lang) {
  ChartLayout L;
  std::tie(L.xmin, L.xmax) = year_range(c);
  const auto [ylo, yhi] = widen_for_bands(c, L.xmax, value_range(c, L.xmin, L.xmax));
  L.yt = value_ticks(c, ylo, yhi);
  const Ticks& yt = L.yt;
  L.footnotes = chart_footnotes(c, yt, L.xmax, lang);

  const double W = L.W = c.width;
  double widest = 0;
  for (double v : yt.values)
    widest = std::max(widest, text_width(tick_label(v, yt.decimals, c.percent, lang)));
  L.title_lines = wrap_title(c, W, widest);
  const double top = L.top =
      (c.show_title
           ? 24.0 + 20.0 * static_cast<double>(std::max<std::size_t>(1, L.title_lines.size()))
           : 20.0) +
      (c.y_label.empty() ? 0.0 : 12.0);
  const double plot_h = c.height - top - 36;  // x labels below
  L.s = Scale{static_cast<double>(L.xmin) - 0.5,
              static_cast<double>(L.xmax) + 0.5,
              yt.values.front(),
              yt.values.back(),
              widest + 20,
              W - 22,
              top,
              top + plot_h};
  const Scale& s = L.s;

  // The legend, flowed into rows (its height decides the SVG height).
  L.legend = legend_items(c, lang);
  double lx = s.left, ly = s.bottom + 44;
  for (std::size_t i = 0; i < L.legend.size(); ++i) {
    const double w = 34 + text_width(L.legend[i].text) + 18;
    if (lx + w > W - 10 && lx > s.left) {
      lx = s.left;
      ly += 20;
    }
    L.placed.push_back({lx, ly, i});
    lx += w;
  }
  double H = (L.placed.empty() ? s.bottom + 30 : ly + 14);
  H += 16.0 * static_cast<double>(L.footnotes.size());
  H += 6;
  L.H = H;
  return L;
}

// The <svg> element's start, title, description, background, visible title and y label.
void draw_head(std::ostringstream& o, const FanChart& c, const ChartLayout& L, Lang lang) {
  const double W = L.W, H = L.H;
  const std::string tid = c.id + "-title", did = c.id + "-desc";
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << f1(W) << " " << f1(H)
    << "\" width=\"" << f1(W) << "\" height=\"" << f1(H) << "\" role=\"img\" aria-labelledby=\""
    << xml_escape(tid) << " " << xml_escape(did) << "\" id=\"" << xml_escape(c.id)
    << "\" font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\" font-size=\"" << kFont
    << "\">\n";
  o << "<title id=\"" << xml_escape(tid) << "\">" << xml_escape(c.title) << "</title>\n";
  o << "<desc id=\"" << xml_escape(did) << "\">"
    << xml_escape(c.desc.empty() ? generated_desc(c, lang) : c.desc) << "</desc>\n";
  o << "<rect x=\"0\" y=\"0\" width=\"" << f1(W) << "\" height=\"" << f1(H)
    << "\" fill=\"#ffffff\"/>\n";
  for (std::size_t i = 0; i < L.title_lines.size(); ++i)
    o << "<text x=\"" << f1(L.s.left) << "\" y=\"" << f1(22.0 + 20.0 * static_cast<double>(i))
      << "\" font-size=\"15\" font-weight=\"bold\" fill=\"" << kInk << "\">"
      << xml_escape(L.title_lines[i]) << "</text>\n";
  if (!c.y_label.empty())
    o << "<text x=\"" << f1(L.s.left) << "\" y=\"" << f1(L.top - 10) << "\" fill=\"#444\">"
      << xml_escape(c.y_label) << "</text>\n";
}

// The grid with the y axis labels, the x axis with its year ticks, and the rule where the
// projection starts.
void draw_axes(std::ostringstream& o, const FanChart& c, const ChartLayout& L, Lang lang) {
  const Scale& s = L.s;
  o << "<g class=\"grid\">\n";
  for (double v : L.yt.values) {
    const double y = s.y(v);
    o << "<path d=\"M" << f1(s.left) << " " << f1(y) << "H" << f1(s.right)
      << "\" stroke=\"#dddddd\" stroke-width=\"1\"/>"
      << "<text x=\"" << f1(s.left - 6) << "\" y=\"" << f1(y + 4)
      << "\" text-anchor=\"end\" fill=\"#333\">"
      << xml_escape(tick_label(v, L.yt.decimals, c.percent, lang)) << "</text>\n";
  }
  o << "</g>\n";
  // x axis.
  o << "<path d=\"M" << f1(s.left) << " " << f1(s.bottom) << "H" << f1(s.right) << "\" stroke=\""
    << kInk << "\" stroke-width=\"1\"/>\n";
  const int max_ticks = std::max(4, static_cast<int>((s.right - s.left) / 48));
  for (int y : year_ticks(L.xmin, L.xmax, max_ticks)) {
    const double x = s.x(y);
    o << "<path d=\"M" << f1(x) << " " << f1(s.bottom) << "v5\" stroke=\"" << kInk
      << "\"/><text x=\"" << f1(x) << "\" y=\"" << f1(s.bottom + 19)
      << "\" text-anchor=\"middle\" fill=\"#333\">" << y << "</text>\n";
  }
  o << "<text x=\"" << f1(s.right) << "\" y=\"" << f1(s.bottom + 34)
    << "\" text-anchor=\"end\" fill=\"#444\">" << (sv(lang) ? "År" : "Year") << "</text>\n";

  // Where the projection starts: a light vertical rule and a word.
  std::optional<int> split;
  for (const auto& p : c.projections)  // scenarios branch off later: not where it starts
    if (p.anchor_year && !is_scen(p))
      split = std::max(split.value_or(*p.anchor_year), *p.anchor_year);
  if (split && *split >= L.xmin && *split < L.xmax) {
    const double x = s.x(*split + 0.5);
    o << "<path d=\"M" << f1(x) << " " << f1(s.top) << "V" << f1(s.bottom)
      << "\" stroke=\"#999\" stroke-width=\"1\" stroke-dasharray=\"1 3\"/><text x=\"" << f1(x + 4)
      << "\" y=\"" << f1(s.top + 11) << "\" fill=\"#666\" font-size=\"11\">"
      << (sv(lang) ? "prognos →" : "projection →") << "</text>\n";
  }
}

// Bands (all projections first, so that no band covers another projection's median): the
// layers of band_layers(), the same in every chart (one fan, women and men, small multiples,
// charts with scenarios, whose own bands are not drawn).
void draw_bands(std::ostringstream& o, const FanChart& c, const ChartLayout& L) {
  const Scale& s = L.s;
  for (const auto& p : c.projections) {
    if (is_scen(p)) continue;
    const auto rows = proj_rows(p, L.xmax);
    if (rows.size() < 2) continue;
    o << "<g class=\"bands\" fill=\"" << color(p.color) << "\">";
    for (const BandLayer& b : band_layers())
      o << "<path class=\"band" << b.level << "\" fill-opacity=\"" << opacity_text(b.opacity)
        << "\" d=\""
        << band_path(rows, s, b.level == 95 ? &ProjRow::lo95 : &ProjRow::lo80,
                     b.level == 95 ? &ProjRow::hi95 : &ProjRow::hi80)
        << "\"/>";
    o << "</g>\n";
  }
}

// An observed or comparison line: polyline segments of consecutive years with their markers.
void draw_line(std::ostringstream& o, const ChartLine& l, const ChartLayout& L) {
  const Scale& s = L.s;
  const std::string col = l.comparison ? kGrey : color(l.color);
  for (const auto& seg : segments(l.years, l.values, L.xmin, L.xmax)) {
    if (seg.size() >= 2) {
      o << "<path d=\"";
      for (std::size_t i = 0; i < seg.size(); ++i)
        o << (i == 0 ? "M" : "L") << f1(s.x(seg[i].first)) << " " << f1(s.y(seg[i].second));
      o << "\" fill=\"none\" stroke=\"" << col << "\" stroke-width=\""
        << (l.comparison ? "1.3" : "2.2") << "\" stroke-linejoin=\"round\"/>";
    }
    for (const auto& pt : seg)
      o << marker(l.style, s.x(pt.first), s.y(pt.second), col, l.comparison,
                  l.comparison ? 3.2 : 3.6);
    o << "\n";
  }
}

// The baseline projections' medians, then the scenarios' over them, each ending in its marker.
void draw_medians(std::ostringstream& o, const FanChart& c, const ChartLayout& L) {
  const Scale& s = L.s;
  for (const auto& p : c.projections) {
    if (is_scen(p)) continue;
    const auto rows = proj_rows(p, L.xmax);
    if (rows.size() < 2) continue;
    o << "<path d=\"";
    for (std::size_t i = 0; i < rows.size(); ++i)
      o << (i == 0 ? "M" : "L") << f1(s.x(rows[i].year)) << " " << f1(s.y(rows[i].med));
    o << "\" fill=\"none\" stroke=\"" << color(p.color)
      << "\" stroke-width=\"2.2\" stroke-dasharray=\"" << dash(p.style) << "\"/>\n";
  }
  for (const auto& p : c.projections) {
    if (!is_scen(p)) continue;
    const auto rows = proj_rows(p, L.xmax);
    if (rows.size() < 2) continue;
    const std::string col = scen_color(*p.scenario);
    o << "<g class=\"scenario\" data-scenario=\"" << *p.scenario << "\"><path d=\"";
    for (std::size_t i = 0; i < rows.size(); ++i)
      o << (i == 0 ? "M" : "L") << f1(s.x(rows[i].year)) << " " << f1(s.y(rows[i].med));
    o << "\" fill=\"none\" stroke=\"" << col << "\" stroke-width=\"2.4\" stroke-dasharray=\""
      << scen_dash(*p.scenario) << "\" stroke-linejoin=\"round\"/>"
      << marker(*p.scenario + 1, s.x(rows.back().year), s.y(rows.back().med), col, false, 3.2)
      << "</g>\n";
  }
}

// The data, clipped to the plot area: bands, period targets (lines under the data), comparison
// lines, medians, observed lines.
void draw_data(std::ostringstream& o, const FanChart& c, const ChartLayout& L) {
  const Scale& s = L.s;
  const std::string clip = c.id + "-clip";
  o << "<defs><clipPath id=\"" << xml_escape(clip) << "\"><rect x=\"" << f1(s.left) << "\" y=\""
    << f1(s.top) << "\" width=\"" << f1(s.right - s.left) << "\" height=\"" << f1(s.bottom - s.top)
    << "\"/></clipPath></defs>\n<g clip-path=\"url(#" << xml_escape(clip) << ")\">\n";
  draw_bands(o, c, L);
  for (const auto& t : c.targets) {
    if (t.shape != ChartTarget::Shape::period) continue;
    const double y = s.y(t.value);
    o << "<path d=\"M" << f1(s.x(t.from_year)) << " " << f1(y) << "H" << f1(s.x(t.year))
      << "\" stroke=\"" << kInk << "\" stroke-width=\"2\" stroke-dasharray=\"9 3 2 3\"/>\n";
  }
  for (const auto& l : c.lines)
    if (l.comparison) draw_line(o, l, L);
  draw_medians(o, c, L);
  for (const auto& l : c.lines)
    if (!l.comparison) draw_line(o, l, L);
  o << "</g>\n";
}

// A label's estimated box (svg_chart.hpp: kLabelCharWidth, kLabelAscent, kLabelDescent).
struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& b, double gap) const {
    return x0 < b.x1 + gap && b.x0 < x1 + gap && y0 < b.y1 + gap && b.y0 < y1 + gap;
  }
};
Box label_box(double x, double baseline, bool anchor_end, const std::string& text) {
  const double w = static_cast<double>(display_width(text)) * kLabelCharWidth * kLabelFont;
  const double x0 = anchor_end ? x - w : x;
  return {x0, baseline - kLabelAscent * kLabelFont, x0 + w, baseline + kLabelDescent * kLabelFont};
}

// Target symbols and base rings on top, with a short value label. The labels are placed one
// after another (from the top of the plot down), each at the free baseline nearest to the one
// it wants (above its symbol): no label box overlaps another label or a target symbol. A label
// moved more than a line away gets a thin leader line to its symbol.
void draw_targets(std::ostringstream& o, const FanChart& c, const ChartLayout& L) {
  const Scale& s = L.s;
  struct Label {
    double x, y;    // where the text is anchored (baseline)
    double tx, ty;  // the target symbol
    bool left;
    std::string text;
  };
  std::vector<Label> labels;
  std::vector<Box> taken;  // target symbols, then the placed labels
  for (const auto& t : c.targets) {
    if (t.base_year && t.base_value && *t.base_year >= L.xmin && *t.base_year <= L.xmax)
      o << base_ring(s.x(*t.base_year), s.y(*t.base_value)) << "\n";
    if (t.shape == ChartTarget::Shape::base_only) continue;
    const double x = s.x(t.year), y = std::clamp(s.y(t.value), s.top, s.bottom);
    if (t.shape == ChartTarget::Shape::point) {
      o << target_symbol(x, y) << "\n";
      taken.push_back({x - 7, y - 7, x + 7, y + 7});
    }
    if (!t.label.empty()) {
      const double w = static_cast<double>(display_width(t.label)) * kLabelCharWidth * kLabelFont;
      const bool left = x + 10 + w > L.W - 4;
      labels.push_back(
          {left ? x - 10 : x + 10, y < s.top + 16 ? y + 20 : y - 10, x, y, left, t.label});
    }
  }
  std::stable_sort(labels.begin(), labels.end(),
                   [](const Label& a, const Label& b) { return a.y < b.y; });
  const double lo = s.top + kLabelAscent * kLabelFont,
               hi = std::max(lo, s.bottom - kLabelDescent * kLabelFont);
  for (auto& l : labels) {
    const double want = std::clamp(l.y, lo, hi);
    double best = want;
    bool found = false;
    // The nearest free baseline, alternately below and above, in steps of 1 px.
    for (int k = 0; k <= 4 * static_cast<int>(s.bottom - s.top) && !found; ++k) {
      const double cand = want + ((k % 2) ? 1.0 : -1.0) * static_cast<double>((k + 1) / 2);
      if (cand < lo - 30 || cand > hi + 30) continue;  // a little outside the plot is readable
      const Box b = label_box(l.x, cand, l.left, l.text);
      found = std::none_of(taken.begin(), taken.end(),
                           [&](const Box& t) { return b.overlaps(t, 1.0); });
      if (found) best = cand;
    }
    l.y = best;
    taken.push_back(label_box(l.x, l.y, l.left, l.text));
  }
  for (const auto& l : labels) {
    if (std::fabs(l.y - (l.ty < s.top + 16 ? l.ty + 20 : l.ty - 10)) > 12) {
      const double ex = l.left ? l.x + 2 : l.x - 2, ey = l.y - 0.3 * kLabelFont;
      o << "<path class=\"leader\" d=\"M" << f1(l.tx + (l.left ? -7 : 7)) << " " << f1(l.ty) << "L"
        << f1(ex) << " " << f1(ey) << "\" stroke=\"" << kInk
        << "\" stroke-width=\"0.8\" fill=\"none\"/>\n";
    }
    o << "<text class=\"target-label\" x=\"" << f1(l.x) << "\" y=\"" << f1(l.y) << "\" font-size=\""
      << kLabelFont << "\" font-weight=\"bold\" fill=\"" << kInk << "\""
      << (l.left ? " text-anchor=\"end\"" : "")
      << " paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\">" << xml_escape(l.text)
      << "</text>\n";
  }
}

// The legend rows and the footnotes below them.
void draw_legend(std::ostringstream& o, const ChartLayout& L) {
  o << "<g class=\"legend\">\n";
  for (const auto& p : L.placed)
    o << "<g transform=\"translate(" << f1(p.x) << " " << f1(p.y) << ")\">"
      << L.legend[p.item].svg_symbol << "<text x=\"34\" y=\"4\" fill=\"" << kInk << "\">"
      << xml_escape(L.legend[p.item].text) << "</text></g>\n";
  o << "</g>\n";
  const auto& footnotes = L.footnotes;
  for (std::size_t i = 0; i < footnotes.size(); ++i)
    o << "<text x=\"" << f1(L.s.left) << "\" y=\""
      << f1(L.H - 10 - 16.0 * static_cast<double>(footnotes.size() - 1 - i))
      << "\" font-size=\"11\" fill=\"#444\">" << xml_escape(footnotes[i]) << "</text>\n";
}

}  // namespace

std::string render_fan_chart(const FanChart& c, Lang lang) {
  const ChartLayout layout = layout_chart(c, lang);
  std::ostringstream o;
  draw_head(o, c, layout, lang);
  draw_axes(o, c, layout, lang);
  draw_data(o, c, layout);
  draw_targets(o, c, layout);
  draw_legend(o, layout);
  o << "</svg>\n";
  return o.str();
}

std::string scenario_swatch(int k) {
  const std::string col = scen_color(k);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 -6 36 12\" width=\"36\" "
         "height=\"12\" "
         "aria-hidden=\"true\" class=\"swatch\"><path d=\"M1 0H31\" stroke=\"" +
         col + "\" stroke-width=\"2.4\" stroke-dasharray=\"" + scen_dash(k) + "\"/>" +
         marker(k + 1, 31, 0, col, false, 3.2) + "</svg>";
}

std::string render_fan_chart_file(const FanChart& chart, Lang lang) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render_fan_chart(chart, lang);
}

}  // namespace utsikt::out
