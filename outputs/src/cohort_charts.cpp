#include "utsikt/outputs/cohort_charts.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "utsikt/outputs/cohort_outputs.hpp"

namespace utsikt::out {
namespace {

using demography::AgeSex;
using demography::kAges;
using demography::kMaxAge;

std::string tr(Lang l, const char* sv, const char* en) { return l == Lang::sv ? sv : en; }

std::string num(double v) {
  std::ostringstream o;
  o.precision(1);
  o << std::fixed << v;
  return o.str();
}

// A closed step outline of per-age values on one side (dir -1 left, +1 right).
std::string step_path(const std::array<double, kAges>& v, double x0, double dir, double scale,
                      double y_bottom, double row) {
  std::ostringstream o;
  o << "M" << num(x0) << "," << num(y_bottom);
  for (int a = 0; a < kAges; ++a) {
    const double x = x0 + dir * v[static_cast<std::size_t>(a)] * scale;
    const double y1 = y_bottom - a * row, y2 = y_bottom - (a + 1) * row;
    o << " L" << num(x) << "," << num(y1) << " L" << num(x) << "," << num(y2);
  }
  o << " L" << num(x0) << "," << num(y_bottom - kAges * row);
  return o.str();
}

// The band between two per-age profiles on one side.
std::string band_path(const std::array<double, kAges>& lo, const std::array<double, kAges>& hi,
                      double x0, double dir, double scale, double y_bottom, double row) {
  std::ostringstream o;
  for (int a = 0; a < kAges; ++a) {
    const double x = x0 + dir * hi[static_cast<std::size_t>(a)] * scale;
    o << (a == 0 ? "M" : " L") << num(x) << "," << num(y_bottom - a * row) << " L" << num(x) << ","
      << num(y_bottom - (a + 1) * row);
  }
  for (int a = kMaxAge; a >= 0; --a) {
    const double x = x0 + dir * lo[static_cast<std::size_t>(a)] * scale;
    o << " L" << num(x) << "," << num(y_bottom - (a + 1) * row) << " L" << num(x) << ","
      << num(y_bottom - a * row);
  }
  return o.str() + " Z";
}

}  // namespace

std::string render_pyramid(const RunResult& r, const CohortRun& run, int year, Lang lang) {
  const demography::Pyramid* py = nullptr;
  for (const auto& p : run.paths.pyramids)
    if (p.year == year) py = &p;
  if (!py) return "";
  const demography::CohortModel& m = *run.model;
  const AgeSex& base = m.jump_off_population;
  double vmax = 0;
  for (int s = 0; s < 2; ++s)
    for (int a = 0; a < kAges; ++a) {
      const auto S = static_cast<std::size_t>(s), A = static_cast<std::size_t>(a);
      vmax = std::max({vmax, py->hi80.v[S][A], base.v[S][A]});
    }
  const Ticks ticks = nice_ticks(0, vmax, 4);
  const double xmax = std::max(ticks.values.empty() ? vmax : ticks.values.back(), vmax);
  const int W = 760, H = 470;
  const double left = 60, right = 20, top = 58, bottom = 70;
  const double half = (W - left - right) / 2.0, x0 = left + half;
  const double row = (H - top - bottom) / kAges, y_bottom = H - bottom;
  const double scale = half / xmax;
  const std::string title = tr(lang, "Befolkningspyramid ", "Population pyramid ") +
                            std::to_string(year) + " – " + m.region;
  std::ostringstream desc;
  desc << tr(lang,
             "Folkmängd per ettårsklass, män till vänster och kvinnor till höger. Fyllda "
             "staplar: medianen ",
             "Population by single year of age, men to the left and women to the right. Filled "
             "bars: the median ")
       << year
       << tr(lang, "; ljust band: 80 % av banorna; svart kontur: ",
             "; light band: 80 % of the paths; black outline: ")
       << m.jump_off
       << tr(lang, " (skattad: åldersdata framskrivna till den observerade folkmängden).",
             " (estimated: age data brought forward to the observed total).");
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << W << " " << H << "\" width=\""
    << W << "\" height=\"" << H << "\" role=\"img\" aria-labelledby=\"pyr" << year << "-t pyr"
    << year << "-d\" font-family=\"sans-serif\" font-size=\"12\">\n<title id=\"pyr" << year
    << "-t\">" << xml_escape(title) << "</title>\n<desc id=\"pyr" << year << "-d\">"
    << xml_escape(desc.str()) << "</desc>\n";
  o << "<text x=\"" << left << "\" y=\"22\" font-size=\"15\" font-weight=\"bold\">"
    << xml_escape(title) << "</text>\n";
  o << "<text x=\"" << num(x0 - half / 2) << "\" y=\"44\" text-anchor=\"middle\">"
    << tr(lang, "Män", "Men") << "</text><text x=\"" << num(x0 + half / 2)
    << "\" y=\"44\" text-anchor=\"middle\">" << tr(lang, "Kvinnor", "Women") << "</text>\n";
  for (int age = 0; age <= 100; age += 10) {
    const double y = y_bottom - (age + 0.5) * row;
    o << "<line x1=\"" << left << "\" x2=\"" << W - right << "\" y1=\"" << num(y) << "\" y2=\""
      << num(y) << "\" stroke=\"#e4e4e4\"/><text x=\"" << left - 6 << "\" y=\"" << num(y + 4)
      << "\" text-anchor=\"end\">" << age << (age == 100 ? "+" : "") << "</text>\n";
  }
  for (double t : ticks.values)
    for (int dir : {-1, 1}) {
      if (t == 0 && dir < 0) continue;
      const double x = x0 + dir * t * scale;
      o << "<line x1=\"" << num(x) << "\" x2=\"" << num(x) << "\" y1=\"" << top << "\" y2=\""
        << num(y_bottom) << "\" stroke=\"#e4e4e4\"/><text x=\"" << num(x) << "\" y=\""
        << num(y_bottom + 16) << "\" text-anchor=\"middle\">"
        << xml_escape(format_fixed(t, ticks.decimals, lang)) << "</text>\n";
    }
  const char* fill[2] = {"#d95f02", "#1b6ca8"};  // women, men
  for (int s = 0; s < 2; ++s) {
    const double dir = s == 0 ? 1 : -1;
    const auto S = static_cast<std::size_t>(s);
    o << "<path d=\"" << band_path(py->lo80.v[S], py->hi80.v[S], x0, dir, scale, y_bottom, row)
      << "\" fill=\"" << fill[s] << "\" fill-opacity=\"0.25\" stroke=\"none\"/>\n";
    o << "<path d=\"" << step_path(py->median.v[S], x0, dir, scale, y_bottom, row) << "\" fill=\""
      << fill[s] << "\" fill-opacity=\"0.55\" stroke=\"" << fill[s]
      << "\" stroke-width=\"0.6\"/>\n";
    o << "<path d=\"" << step_path(base.v[S], x0, dir, scale, y_bottom, row)
      << "\" fill=\"none\" stroke=\"#111\" stroke-width=\"1.2\"/>\n";
  }
  o << "<text x=\"" << num(x0) << "\" y=\"" << num(y_bottom + 34) << "\" text-anchor=\"middle\">"
    << tr(lang, "personer per ettårsklass", "persons per year of age") << "</text>\n";
  const double ly = H - 14;
  o << "<rect x=\"" << left << "\" y=\"" << ly - 9 << "\" width=\"14\" height=\"10\" fill=\""
    << fill[0] << "\" fill-opacity=\"0.55\"/><text x=\"" << left + 18 << "\" y=\"" << ly << "\">"
    << tr(lang, "Median ", "Median ") << year << "</text>\n";
  o << "<rect x=\"" << left + 130 << "\" y=\"" << ly - 9 << "\" width=\"14\" height=\"10\" fill=\""
    << fill[0] << "\" fill-opacity=\"0.25\"/><text x=\"" << left + 148 << "\" y=\"" << ly << "\">"
    << tr(lang, "80 % av banorna", "80 % of the paths") << "</text>\n";
  o << "<line x1=\"" << left + 290 << "\" x2=\"" << left + 306 << "\" y1=\"" << ly - 4 << "\" y2=\""
    << ly - 4 << "\" stroke=\"#111\" stroke-width=\"1.5\"/><text x=\"" << left + 310 << "\" y=\""
    << ly << "\">" << m.jump_off << tr(lang, " (skattad)", " (estimated)") << "</text>\n</svg>\n";
  (void)r;
  return o.str();
}

FanChart components_chart(const RunResult& r, const CohortRun& run, Lang lang) {
  const demography::CohortModel& m = *run.model;
  FanChart c;
  c.id = "components-" + run.indicator;
  c.title =
      tr(lang, "Födda, döda och flyttnetto – ", "Births, deaths and net migration – ") + m.region;
  c.y_label = tr(lang, "personer per år", "persons per year");
  const char* names_sv[3] = {"Födda", "Döda", "Flyttnetto"};
  const char* names_en[3] = {"Births", "Deaths", "Net migration"};
  const std::vector<double>* paths[3] = {&run.paths.births, &run.paths.deaths,
                                         &run.paths.net_migration};
  const auto& P = run.paths;
  for (int k = 0; k < 3; ++k) {
    ChartLine line;
    line.label = lang == Lang::sv ? names_sv[k] : names_en[k];
    line.style = k;
    line.color = k;
    for (const auto& [year, comp] : m.history) {
      if (year < m.jump_off - 24) continue;  // the last 25 years of history
      line.years.push_back(year);
      line.values.push_back(k == 0 ? comp.births : k == 1 ? comp.deaths : comp.net_migration);
    }
    ChartProjection pr;
    pr.label = line.label;
    pr.style = k;
    pr.color = k;
    if (!line.years.empty()) {
      pr.anchor_year = line.years.back();
      pr.anchor_value = line.values.back();
    }
    for (std::size_t h = 0; h < P.years.size(); ++h) {
      const auto q = path_quantiles(P, *paths[k], h, {0.5, 0.25, 0.75, 0.1, 0.9, 0.025, 0.975});
      pr.years.push_back(P.years[h]);
      pr.median.push_back(q[0]);
      pr.lo50.push_back(q[1]);
      pr.hi50.push_back(q[2]);
      pr.lo80.push_back(q[3]);
      pr.hi80.push_back(q[4]);
      pr.lo95.push_back(q[5]);
      pr.hi95.push_back(q[6]);
    }
    c.lines.push_back(std::move(line));
    c.projections.push_back(std::move(pr));
  }
  c.footnote = tr(lang,
                  "Åren efter de sista åldersdata och före prognosstarten är skattade (födda och "
                  "döda ur modellens tal, flyttnettot som rest mot den observerade folkmängden), "
                  "utom de år SCB publicerat komponenterna.",
                  "The years after the last age data and before the jump-off are estimates (births "
                  "and deaths from the model's rates, net migration as the residual against the "
                  "observed total), except the years whose components SCB published.");
  (void)r;
  return c;
}

}  // namespace utsikt::out
