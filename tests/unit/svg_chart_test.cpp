// Fan chart SVG: axis ticks, escaping, well-formed XML with <title>/<desc>, gaps in observed
// series, bands, targets, base years, groups, Swedish and English number formats, and the
// quantile table the charts are drawn from.
#include "utsikt/outputs/svg_chart.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "svg_geometry.hpp"
#include "utsikt/outputs/quantiles.hpp"
#include "xml_check.hpp"

using namespace utsikt;
using namespace utsikt::out;

namespace {

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

ChartProjection fan(const std::string& label, int from, int to, double start, double slope,
                    int style = 0, int color = 0) {
  ChartProjection p;
  p.label = label;
  p.style = style;
  p.color = color;
  p.anchor_year = from - 1;
  p.anchor_value = start;
  for (int y = from; y <= to; ++y) {
    const double h = y - from + 1, m = start + slope * h, w = 0.01 * start * std::sqrt(h);
    p.years.push_back(y);
    p.median.push_back(m);
    p.lo50.push_back(m - 0.67 * w);
    p.hi50.push_back(m + 0.67 * w);
    p.lo80.push_back(m - 1.28 * w);
    p.hi80.push_back(m + 1.28 * w);
    p.lo95.push_back(m - 1.96 * w);
    p.hi95.push_back(m + 1.96 * w);
  }
  return p;
}

FanChart population_chart() {
  FanChart c;
  c.id = "chart-befolkning";
  c.title = "Folkmängd i Norrbotten";
  c.y_label = "invånare";
  ChartLine l;
  // 2019 and 2020 missing: the line must break there.
  l.years = {2015, 2016, 2017, 2018, 2021, 2022};
  l.values = {250093, 250570, 251295, 250497, 249693, 249285};
  c.lines.push_back(l);
  c.projections.push_back(fan("", 2023, 2030, 249285, -300));
  ChartTarget t;
  t.value = 260000;
  t.year = 2030;
  t.label = "Mål 2030: 260 000";
  c.targets.push_back(t);
  return c;
}

}  // namespace

TEST(SvgChart, NiceTicksCoverTheRangeWithNiceSteps) {
  for (auto [lo, hi] : std::vector<std::pair<double, double>>{
           {0, 1}, {0.13, 0.87}, {240000, 262000}, {-3.2, 7.9}, {48.1, 51.3}, {0, 1500}, {5, 5}}) {
    const Ticks t = nice_ticks(lo, hi, 6);
    ASSERT_GE(t.values.size(), 2u) << lo << " " << hi;
    EXPECT_LE(t.values.front(), lo + 1e-9);
    EXPECT_GE(t.values.back(), hi - 1e-9);
    EXPECT_LE(t.values.size(), 13u);
    const double m = t.step / std::pow(10.0, std::floor(std::log10(t.step)));
    EXPECT_TRUE(std::fabs(m - 1) < 1e-9 || std::fabs(m - 2) < 1e-9 || std::fabs(m - 2.5) < 1e-9 ||
                std::fabs(m - 5) < 1e-9)
        << t.step;
  }
  EXPECT_EQ(nice_ticks(240000, 262000).step, 5000);
  EXPECT_EQ(nice_ticks(240000, 262000).decimals, 0);
  EXPECT_EQ(nice_ticks(48.1, 49.3).decimals, 1);  // step 0.2
  EXPECT_EQ(nice_ticks(0, 1).decimals, 1);
}

TEST(SvgChart, YearTicksAreWholeAndRound) {
  EXPECT_EQ(year_ticks(2016, 2022), (std::vector<int>{2016, 2017, 2018, 2019, 2020, 2021, 2022}));
  const auto t = year_ticks(2002, 2045, 10);
  EXPECT_LE(t.size(), 10u);
  for (int y : t) EXPECT_EQ(y % 5, 0);
  EXPECT_EQ(t.front(), 2005);
}

TEST(SvgChart, EscapesMarkup) {
  EXPECT_EQ(xml_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  EXPECT_EQ(xml_escape(std::string("x\x01y")), "xy");
}

TEST(SvgChart, CheckerRejectsBrokenXml) {
  EXPECT_EQ(test::xml_problem("<a><b x=\"1\"/></a>"), "");
  EXPECT_NE(test::xml_problem("<a><b></a></b>"), "");
  EXPECT_NE(test::xml_problem("<a x=1></a>"), "");
  EXPECT_NE(test::xml_problem("<a>&nbsp;</a>"), "");
  EXPECT_NE(test::xml_problem("<a>R&D</a>"), "");
  EXPECT_NE(test::xml_problem("<a x=\"1\" x=\"2\"></a>"), "");
  EXPECT_NE(test::xml_problem("<a>"), "");
}

TEST(SvgChart, WellFormedWithTitleDescAndSwedishNumbers) {
  FanChart c = population_chart();
  c.title = "Folkmängd <Norrbotten> & riket";  // must be escaped
  const std::string svg = render_fan_chart(c, Lang::sv);
  EXPECT_EQ(test::xml_problem(svg), "") << svg;
  EXPECT_EQ(test::xml_problem(render_fan_chart_file(c, Lang::sv)), "");
  EXPECT_NE(
      svg.find(
          "<title id=\"chart-befolkning-title\">Folkmängd &lt;Norrbotten&gt; &amp; riket</title>"),
      std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"chart-befolkning-desc\">"), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"chart-befolkning-title chart-befolkning-desc\""),
            std::string::npos);
  // Swedish thousands separator on the axis, and the words of the legend.
  EXPECT_NE(svg.find(">250 000<"), std::string::npos) << svg;
  EXPECT_NE(svg.find("Prognos (median)"), std::string::npos);
  EXPECT_NE(svg.find(band_legend_text(Lang::sv)), std::string::npos);
  EXPECT_NE(svg.find(">Mål<"), std::string::npos);
  EXPECT_NE(svg.find(">År<"), std::string::npos);
  // No network references (the chart is inlined in a self-contained report).
  EXPECT_EQ(svg.find("href"), std::string::npos);
  for (std::size_t p = svg.find("url("); p != std::string::npos; p = svg.find("url(", p + 4))
    EXPECT_EQ(svg.substr(p, 5), "url(#");  // only the chart's own clip path
}

TEST(SvgChart, EnglishNumbersAndWords) {
  const std::string svg = render_fan_chart(population_chart(), Lang::en);
  EXPECT_EQ(test::xml_problem(svg), "");
  EXPECT_NE(svg.find(">250,000<"), std::string::npos);
  EXPECT_NE(svg.find("Projection (median)"), std::string::npos);
  EXPECT_NE(svg.find(">Year<"), std::string::npos);
}

TEST(SvgChart, GapsBreakTheObservedLine) {
  FanChart c = population_chart();
  c.projections.clear();
  c.targets.clear();
  const std::string svg = render_fan_chart(c, Lang::sv);
  // Observed lines are the only paths with stroke-width 2.2 and stroke-linejoin round:
  // 2015-2018 and 2021-2022 give two segments, never one across 2019-2020.
  EXPECT_EQ(count(svg, "stroke-linejoin=\"round\""), 2) << svg;
  // Every observation has a marker (circles for style 0), plus the legend's one.
  EXPECT_EQ(count(svg, "<circle"), 6 + 1);
  // A lone observation between gaps is a marker without a line.
  c.lines[0].years = {2010, 2015, 2016};
  c.lines[0].values = {1, 2, 3};
  const std::string one = render_fan_chart(c, Lang::sv);
  EXPECT_EQ(count(one, "stroke-linejoin=\"round\""), 1);
  EXPECT_EQ(count(one, "<circle"), 3 + 1);
}

TEST(SvgChart, BandsTargetsBaseYearAndGroups) {
  FanChart c;
  c.id = "c";
  c.title = "Ohälsotal";
  c.percent = false;
  ChartLine w{
      "Kvinnor", {2017, 2018, 2019, 2020, 2021, 2022}, {35.1, 34.0, 33.2, 31.5, 30.0, 30.4}, 0, 0,
      false};
  ChartLine m{
      "Män", {2017, 2018, 2019, 2020, 2021, 2022}, {23.1, 22.4, 21.5, 20.7, 19.8, 19.9}, 1, 1,
      false};
  ChartLine se{"Riket, kvinnor", {2017, 2022}, {31.6, 28.0}, 0, 0, true};
  c.lines = {w, m, se};
  c.projections = {fan("Kvinnor", 2023, 2030, 30.4, -0.3, 0, 0),
                   fan("Män", 2023, 2030, 19.9, -0.1, 1, 1)};
  ChartTarget t;
  t.value = 25;
  t.year = 2030;
  t.label = "Mål: högst 25";
  ChartTarget rel;  // decrease since 2017: base ring and implied level
  rel.value = 35.1;
  rel.year = 2030;
  rel.base_year = 2017;
  rel.base_value = 35.1;
  ChartTarget flow;
  flow.shape = ChartTarget::Shape::period;
  flow.value = 27;
  flow.from_year = 2024;
  flow.year = 2030;
  c.targets = {t, rel, flow};
  const std::string svg = render_fan_chart(c, Lang::sv);
  EXPECT_EQ(test::xml_problem(svg), "");
  EXPECT_EQ(count(svg, "class=\"bands\""), 2);               // one fan per group
  EXPECT_EQ(count(svg, "stroke-dasharray=\"7 4\""), 1 + 1);  // women's median + legend
  EXPECT_EQ(count(svg, "stroke-dasharray=\"2 3\""), 1 + 1);  // men's median + legend
  EXPECT_NE(svg.find("Kvinnor, observerat"), std::string::npos);
  EXPECT_NE(svg.find("Män, observerat"), std::string::npos);
  EXPECT_NE(svg.find("Riket, kvinnor"), std::string::npos);
  EXPECT_NE(svg.find(">Basår<"), std::string::npos);
  EXPECT_NE(svg.find("Mål varje år"), std::string::npos);
  EXPECT_NE(svg.find("r=\"7.5\""), std::string::npos);  // the base ring
  EXPECT_NE(svg.find("Mål: högst 25"), std::string::npos);
  EXPECT_NE(svg.find("prognos →"), std::string::npos);
}

TEST(SvgChart, PercentAxisAndBounds) {
  FanChart c;
  c.id = "s";
  c.title = "Andel";
  c.percent = true;
  c.y_min_bound = 0;
  c.y_max_bound = 100;
  c.lines.push_back({"", {2016, 2017, 2018}, {97.0, 97.8, 98.6}, 0, 0, false});
  c.projections.push_back(fan("", 2019, 2040, 98.6, 0.08));
  const std::string svg = render_fan_chart(c, Lang::sv);
  EXPECT_EQ(test::xml_problem(svg), "");
  EXPECT_NE(svg.find("\u00a0%</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">101"), std::string::npos);  // never past the upper bound
  const std::string en = render_fan_chart(c, Lang::en);
  EXPECT_NE(en.find("%</text>"), std::string::npos);
}

TEST(SvgChart, EmptyChartIsStillValid) {
  FanChart c;
  c.id = "empty";
  c.title = "Inga data";
  EXPECT_EQ(test::xml_problem(render_fan_chart(c, Lang::sv)), "");
}

TEST(Quantiles, Type7PerYear) {
  SeriesForecast f;
  f.years = {2023, 2024};
  f.n_paths = 5;
  // path-major: paths[p * 2 + h]
  f.paths = {1, 10, 2, 20, 3, 30, 4, 40, 5, 50};
  const QuantileTable t = quantile_table(f, {0.0, 0.1, 0.5, 1.0});
  ASSERT_EQ(t.q.size(), 2u);
  EXPECT_DOUBLE_EQ(t.q[0][0], 1);
  EXPECT_DOUBLE_EQ(t.q[0][1], 1.4);  // pos 0.4 between 1 and 2
  EXPECT_DOUBLE_EQ(t.q[0][2], 3);
  EXPECT_DOUBLE_EQ(t.q[1][3], 50);
  ASSERT_NE(t.at_year(2024), nullptr);
  EXPECT_EQ(t.at_year(2030), nullptr);
  EXPECT_TRUE(quantile_table(SeriesForecast{}).q.empty());
}

TEST(SvgChart, SeveralProjectionsOfOneSeriesTakeTheirColours) {
  // Scenarios: the same group (same marker/dash style) projected twice, one colour each.
  FanChart c = population_chart();
  c.projections.push_back(fan("Scenario B", 2023, 2030, 249285, +900, 0, 2));
  c.projections[0].label = "Scenario A";
  const std::string svg = render_fan_chart(c, Lang::sv);
  EXPECT_EQ(test::xml_problem(svg), "");
  EXPECT_NE(svg.find("class=\"bands\" fill=\"#1f5a96\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"bands\" fill=\"#2e7d32\""), std::string::npos);
  EXPECT_NE(svg.find("Scenario A, prognos (median)"), std::string::npos);
  EXPECT_NE(svg.find("Scenario B, prognos (median)"), std::string::npos);
}

TEST(SvgChart, AxisCoversSharedRangeAndCutsWideBands) {
  FanChart c = population_chart();
  c.y_include = {100000, 400000};
  const std::string svg = render_fan_chart(c, Lang::sv);
  EXPECT_NE(svg.find(">100 000<"), std::string::npos);
  EXPECT_NE(svg.find(">400 000<"), std::string::npos);
  // A 95 % band far wider than the rest is cut at the plot edge, and the chart says so.
  FanChart w = population_chart();
  w.projections[0].hi95.back() = 5e6;
  const std::string cut = render_fan_chart(w, Lang::sv);
  EXPECT_NE(cut.find("avskuret vid diagrammets kant"), std::string::npos);
  EXPECT_EQ(cut.find(">5 000 000<"), std::string::npos);
  EXPECT_NE(cut.find("clip-path=\"url(#chart-befolkning-clip)\""), std::string::npos);
}

TEST(SvgChart, ScenarioMediansInTheirOwnColourAndDash) {
  // A scenario branching off in 2025: a median line only, in the scenario's colour and dash, with
  // a legend entry and a mention in <desc>; the baseline keeps its bands (95 % filled) and the
  // "projection" rule stays at the baseline's last observation.
  const std::string plain = render_fan_chart(population_chart(), Lang::sv);
  FanChart c = population_chart();
  ChartProjection s = fan("Fler bostäder", 2025, 2030, 249000, +1500);
  s.scenario = 0;
  s.hi95.back() = 9e6;  // a scenario's bands neither widen the axis nor are drawn
  c.projections.push_back(s);
  ChartProjection s2 = fan("Högre inflyttning", 2026, 2030, 248800, +800);
  s2.scenario = 1;
  c.projections.push_back(s2);
  const std::string svg = render_fan_chart(c, Lang::sv);
  EXPECT_EQ(test::xml_problem(svg), "");
  EXPECT_NE(svg.find("<g class=\"scenario\" data-scenario=\"0\">"), std::string::npos);
  EXPECT_NE(svg.find("<g class=\"scenario\" data-scenario=\"1\">"), std::string::npos);
  EXPECT_NE(svg.find(">Scenario Fler bostäder (median)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Scenario Högre inflyttning (median)</text>"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray=\"14 3 3 3\""), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray=\"18 5\""), std::string::npos);
  // Only the baseline's band layers, none in a scenario's colour.
  std::size_t bands = 0;
  for (std::size_t p = svg.find("class=\"bands\""); p != std::string::npos;
       p = svg.find("class=\"bands\"", p + 1))
    ++bands;
  EXPECT_EQ(bands, 1u);
  EXPECT_NE(svg.find(band_legend_text(Lang::sv)), std::string::npos);
  EXPECT_EQ(svg.find("9 000 000"), std::string::npos);
  EXPECT_EQ(svg.find("avskuret"), std::string::npos);
  const auto d0 = svg.find("<desc"), d1 = svg.find("</desc>");
  EXPECT_NE(svg.substr(d0, d1 - d0).find("Scenario Fler bostäder, prognos 2030"),
            std::string::npos);
  // The projection rule at 2022.5, as without scenarios.
  const auto rule = [](const std::string& x) {
    const auto p = x.find("prognos →");
    return x.substr(x.rfind("<path", p), p - x.rfind("<path", p));
  };
  EXPECT_EQ(rule(svg).substr(0, 20), rule(plain).substr(0, 20));
  // Two groups under one scenario: two lines, one legend entry.
  FanChart g = population_chart();
  ChartProjection a = fan("Bättre hälsa, kvinnor", 2025, 2030, 249000, +1000);
  a.scenario = 0;
  a.scenario_name = "Bättre hälsa";
  ChartProjection b = a;
  b.label = "Bättre hälsa, män";
  b.median.back() += 500;
  g.projections.push_back(a);
  g.projections.push_back(b);
  const std::string two = render_fan_chart(g, Lang::sv);
  EXPECT_EQ(test::xml_problem(two), "");
  std::size_t lines = 0, entries = 0;
  for (std::size_t p = two.find("<g class=\"scenario\""); p != std::string::npos;
       p = two.find("<g class=\"scenario\"", p + 1))
    ++lines;
  for (std::size_t p = two.find(">Scenario Bättre hälsa (median)<"); p != std::string::npos;
       p = two.find(">Scenario Bättre hälsa (median)<", p + 1))
    ++entries;
  EXPECT_EQ(lines, 2u);
  EXPECT_EQ(entries, 1u);
  EXPECT_NE(two.find("Scenario Bättre hälsa, män, prognos 2030"), std::string::npos);
  // Swatch for tables: well-formed, same colour and dash as the line.
  const std::string sw = scenario_swatch(1);
  EXPECT_EQ(test::xml_problem(sw), "");
  EXPECT_NE(sw.find("stroke-dasharray=\"18 5\""), std::string::npos);
  EXPECT_NE(sw.find("aria-hidden=\"true\""), std::string::npos);
}

// Target labels never overlap: targets in the same year with nearly the same level (women and
// men, several thresholds) and labels near the right edge are moved apart, on the SVG geometry
// (boxes estimated with the documented character width, svg_chart.hpp).
TEST(SvgChart, TargetLabelsNeverOverlap) {
  FanChart c = population_chart();
  c.targets.clear();
  const double levels[] = {260000, 259000, 260500, 258000, 261000, 249000, 249300};
  int i = 0;
  for (double v : levels) {
    ChartTarget t;
    t.value = v;
    t.year = i < 5 ? 2030 : 2027;
    t.style = i % 2;
    t.label = "Mål kvinnor och män 2030: minst " + format_value(v, Lang::sv) + " (" +
              std::to_string(i) + ")";
    c.targets.push_back(t);
    ++i;
  }
  const std::string svg = render_fan_chart(c, Lang::sv);
  EXPECT_EQ(test::xml_problem(svg), "");
  const auto boxes = test::target_label_boxes(svg);
  ASSERT_EQ(boxes.size(), 7u);
  EXPECT_EQ(test::overlapping_labels(svg), "");
  // Labels that had to move far from their target get a leader line.
  EXPECT_GE(count(svg, "class=\"leader\""), 1);
  // Without the collision pass these would overlap: all seven want nearly the same place.
  int close = 0;
  for (const auto& b : boxes) close += b.y0 < 200;
  EXPECT_GT(close, 0);
  // Every label stays on the chart.
  for (const auto& b : boxes) {
    EXPECT_GE(b.x0, 0) << b.text;
    EXPECT_LE(b.x1, c.width) << b.text;
  }
}

// One band style: the 95 % and 80 % layers with the same opacities, and the same legend words,
// for one fan, for women and men in one chart, and with a scenario.
TEST(SvgChart, OneBandStyleInEveryChart) {
  std::string expected;
  for (const auto& b : band_layers())
    expected +=
        (expected.empty() ? "" : ",") + std::to_string(b.level) + ":" + opacity_text(b.opacity);
  EXPECT_EQ(expected, "95:0.16,80:0.16");
  FanChart one = population_chart();
  FanChart two = population_chart();
  two.projections.push_back(fan("Män", 2023, 2030, 120000, -100, 1, 1));
  FanChart scen = population_chart();
  ChartProjection s = fan("Fler bostäder", 2025, 2030, 249000, +1500);
  s.scenario = 0;
  scen.projections.push_back(s);
  for (const FanChart* c : {&one, &two, &scen}) {
    const std::string svg = render_fan_chart(*c, Lang::sv);
    const auto styles = test::band_styles(svg);
    ASSERT_FALSE(styles.empty());
    for (const auto& st : styles) EXPECT_EQ(st, expected);
    EXPECT_EQ(count(svg, band_legend_text(Lang::sv)), 1);
    EXPECT_EQ(svg.find("stroke-dasharray=\"1.5 2.5\""), std::string::npos);  // no dotted 95 %
  }
}
