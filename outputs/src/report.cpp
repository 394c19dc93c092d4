#include "utsikt/outputs/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "catalogue.hpp"
#include "report_text.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/outputs/cohort_charts.hpp"
#include "utsikt/outputs/quantiles.hpp"
#include "utsikt/outputs/ranking.hpp"
#include "utsikt/outputs/reported.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::out {
namespace {

using detail::tr;

std::string esc(const std::string& s) { return detail::html_text(s); }

// ---- scenarios ----------------------------------------------------------------------------------

std::string scen_name(const Scenario& s, Lang lang) {
  std::string n = lang == Lang::sv || s.name_en.empty() ? s.name_sv : s.name_en;
  if (n.empty()) n = lang == Lang::sv ? s.name_en : s.name_sv;
  return n.empty() ? s.id : n;
}
std::string scen_short(const Scenario& s, Lang lang) {
  return scenario_short_name(scen_name(s, lang));
}
std::string scen_desc(const Scenario& s, Lang lang) {
  return lang == Lang::sv || s.description_en.empty() ? s.description_sv : s.description_en;
}

// A change of P(met) that shows when rounded to 0.1 percentage points.
constexpr double kMinChange = 0.0005;

// The change of target i under scenario outcome k (1..), if both have a probability.
std::optional<double> change_of(const Comparison& c, std::size_t k, std::size_t i) {
  if (k >= c.outcomes.size() || i >= c.outcomes[0].targets.size() ||
      i >= c.outcomes[k].targets.size())
    return std::nullopt;
  const TargetResult& b = c.outcomes[0].targets[i];
  const TargetResult& x = c.outcomes[k].targets[i];
  if (b.status == TargetStatus::no_data || x.status == TargetStatus::no_data) return std::nullopt;
  return x.probability - b.probability;
}

bool changes(const Comparison& c, std::size_t k, std::size_t i) {
  const auto d = change_of(c, k, i);
  return d && std::fabs(*d) >= kMinChange;
}

// "+3,8 p.e." / "+3.8 pp"
std::string pp_text(double d, Lang lang) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%+.1f", d * 100.0);
  std::string s = buf;
  if (s == "+0.0" || s == "-0.0") s = "±0";
  if (s.size() > 1 && s[0] == '-') s = "\u2212" + s.substr(1);
  if (lang == Lang::sv)
    for (auto& ch : s)
      if (ch == '.') ch = ',';
  return s + (lang == Lang::sv ? "\u00a0p.e." : "\u00a0pp");
}

// ---- the structure of the report: focus areas in project order, targets, indicators ----------

struct Area {
  std::string name;     // the project's focus_area (grouping key)
  std::string name_en;  // focus_area_en, if given
  const std::string& label(Lang lang) const {
    return lang == Lang::en && !name_en.empty() ? name_en : name;
  }
  std::vector<const TargetResult*> targets;  // grouped by goal (first appearance), stable
  std::vector<const Indicator*> indicators;  // in order of first appearance
};

std::vector<Area> areas_of(const RunResult& r) {
  std::vector<Area> areas;
  for (const TargetResult& t : r.targets) {
    const std::string& name = t.target->focus_area;
    auto it =
        std::find_if(areas.begin(), areas.end(), [&](const Area& a) { return a.name == name; });
    if (it == areas.end()) {
      areas.push_back(Area{name, t.target->focus_area_en, {}, {}});
      it = areas.end() - 1;
    }
    it->targets.push_back(&t);
    if (const Indicator* ind = r.project->find_indicator(t.target->series.indicator))
      if (std::find(it->indicators.begin(), it->indicators.end(), ind) == it->indicators.end())
        it->indicators.push_back(ind);
  }
  for (Area& a : areas) {
    std::vector<std::string> goals;
    for (const auto* t : a.targets)
      if (std::find(goals.begin(), goals.end(), t->target->goal) == goals.end())
        goals.push_back(t->target->goal);
    std::stable_sort(a.targets.begin(), a.targets.end(),
                     [&](const TargetResult* x, const TargetResult* y) {
                       return std::find(goals.begin(), goals.end(), x->target->goal) <
                              std::find(goals.begin(), goals.end(), y->target->goal);
                     });
  }
  return areas;
}

bool has_data(const RunResult& r, const Indicator& ind) {
  for (const auto& g : ind.groups) {
    const Series* s = r.project->find_series({ind.id, g});
    if (s && !s->empty()) return true;
  }
  return false;
}

// An indicator that has targets, none of which can be followed up (no data for the target, or
// its years outside the observations and the projection): the report shows no fan chart and no
// projection for it, only its observations in words and the targets' reasons.
bool nothing_to_follow_up(const RunResult& r, const Indicator& ind) {
  bool any = false;
  for (const TargetResult& t : r.targets)
    if (t.target->series.indicator == ind.id) {
      if (t.status != TargetStatus::no_data) return false;
      any = true;
    }
  return any;
}

// Indicators that are the comparison series of another indicator.
std::set<std::string> comparison_ids(const Project& p) {
  std::set<std::string> ids;
  for (const auto& i : p.indicators)
    if (!i.reference.empty()) ids.insert(i.reference);
  return ids;
}

std::string chart_id(const Indicator& ind) { return "chart-" + ind.id; }

std::string area_anchor(std::size_t i) { return "omrade-" + std::to_string(i + 1); }

// ---- cells ------------------------------------------------------------------------------------

std::string arrow_html(Arrow a, Lang lang) {
  if (a == Arrow::none) return "<span class=\"arrow none\">–</span>";
  return "<span class=\"arrow " + std::string(to_string(a)) + "\"><span class=\"sym\">" +
         detail::arrow_symbol(a) + "</span> " + esc(detail::arrow_word(a, lang)) + "</span>";
}

std::string probability_html(const TargetResult& t, Lang lang) {
  if (t.status == TargetStatus::no_data)
    return "<span class=\"nodata\">" +
           esc(tr(lang, "kan inte följas upp", "cannot be followed up")) + "</span>";
  std::string s = "<span class=\"p\">" + esc(format_probability(t.probability, lang)) + "</span>";
  char w[16];
  std::snprintf(w, sizeof w, "%.0f", std::clamp(t.probability, 0.0, 1.0) * 100.0);
  s += "<span class=\"pbar\" aria-hidden=\"true\"><span style=\"width:" + std::string(w) +
       "%\"></span></span>";
  if (t.status == TargetStatus::observed)
    s += "<br><span class=\"small\">" + esc(tr(lang, "utfall (observerat)", "outcome (observed)")) +
         "</span>";
  else if (t.mc_se > 0)
    s += "<br><span class=\"small\" title=\"" +
         esc(tr(lang, "Monte Carlo-fel (standardfel av simuleringen)",
                "Monte Carlo error (standard error of the simulation)")) +
         "\">± " + esc(format_fixed(t.mc_se * 100, 1, lang)) + tr(lang, "\u00a0p.e.", "\u00a0pp") +
         "</span>";
  return s;
}

std::string assessment_html(const TargetResult& t, Lang lang) {
  if (t.status == TargetStatus::no_data) return "–";
  std::string s = "<span class=\"assess " + std::string(to_string(t.assessment)) + "\">" +
                  esc(label(to_string(t.assessment), lang)) + "</span>";
  if (detail::few_points(t))
    s += "<sup title=\"" + esc(tr(lang, "få datapunkter", "few data points")) + "\">*</sup>";
  return s;
}

std::string latest_html(const RunResult& r, const TargetResult& t, Lang lang) {
  if (!t.latest_value) return "–";
  const Indicator* ind = r.project->find_indicator(t.target->series.indicator);
  std::string s;
  if (ind && ind->groups.size() > 1)
    s += "<span class=\"small\">" + esc(group_label(t.target->series.group, lang)) + ":</span><br>";
  s += "<span class=\"nw\">" +
       esc(format_value_pct(*t.latest_value, detail::is_percent(ind), lang)) +
       " <span class=\"small\">(" + std::to_string(*t.latest_year) + ")</span></span>";
  return s;
}

std::string projection_html(const RunResult& r, const TargetResult& t, Lang lang) {
  if (t.status == TargetStatus::no_data) return "–";
  const Indicator* ind = r.project->find_indicator(t.target->series.indicator);
  const auto p = detail::projection_summary(t, ind, lang);
  std::string s = esc(p.what) + (p.what.empty() ? "" : " ") + "<b>" + esc(p.median) + "</b>";
  if (!p.interval.empty())
    s += "<br><span class=\"small\">" + std::string(lang == Lang::sv ? "80\u00a0%: " : "80%: ") +
         esc(p.interval) + "</span>";
  if (p.cut)
    s += "<br><span class=\"small\">" +
         esc(tr(lang, "intervallet avskuret vid gränsen", "interval cut at the bound")) + "</span>";
  return s;
}

std::string target_cell(const RunResult& r, const TargetResult& t, Lang lang) {
  const Target& g = *t.target;
  const Indicator* ind = r.project->find_indicator(g.series.indicator);
  std::string text = lang == Lang::sv || g.text_en.empty() ? g.text_sv : g.text_en;
  if (text.empty()) text = g.id;
  std::string s = esc(text);
  if (!t.variant.empty())
    s += " <span class=\"variant\">(" + esc(label(t.variant, lang)) + ")</span>";
  s += "<br><span class=\"small rule\">" + esc(capitalize(target_rule(g, ind, lang))) + "</span>";
  return s;
}

// ---- CSS ----------------------------------------------------------------------------------------

const char* kCss = R"CSS(
:root { --ink:#1a1a1a; --muted:#555; --rule:#c9c9c9; --band:#eef2f7; --green:#17662f; --yellow:#8a6300; --red:#a3221b; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.5rem 3rem; font-size: 15px; line-height: 1.45; background: #fff; }
h1 { font-size: 1.75rem; margin: 0 0 .2rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding: .35rem .6rem; background: #1f3d5a; color: #fff; }
h2 .sym { font-size: 1rem; }
h3 { font-size: 1.1rem; margin: 1.8rem 0 .4rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
p.lead { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: .6rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid var(--rule); padding: .3rem .4rem; vertical-align: top; text-align: left; }
th { background: #e6ebf1; font-weight: bold; }
td.num, th.num { text-align: right; }
.nw { white-space: nowrap; }
tr.area td { background: #f3f3f3; font-weight: bold; border-top: 2px solid #888; }
tr.area td a { color: inherit; }
.small { font-size: 11.5px; color: var(--muted); }
.rule { font-style: italic; }
.variant { color: var(--muted); }
.arrow { white-space: nowrap; font-weight: bold; }
.arrow .sym { font-size: 1.05em; }
.arrow.green { color: var(--green); }
.arrow.yellow { color: var(--yellow); }
.arrow.red { color: var(--red); }
.arrow.none { color: var(--muted); }
.assess { font-weight: bold; letter-spacing: .03em; }
.p { font-weight: bold; }
.pbar { display: inline-block; width: 3.2rem; height: .55rem; border: 1px solid #777; margin-left: .35rem; vertical-align: middle; background: #fff; }
.pbar span { display: block; height: 100%; background: #4d4d4d; }
.nodata { color: var(--muted); font-style: italic; }
.warn { border-left: 4px solid var(--red); background: #fbf0ef; padding: .2rem .5rem; margin: .25rem 0; font-size: 13px; }
p.nochart { color: var(--muted); font-style: italic; border-left: 3px solid var(--rule); padding-left: .6rem; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .4rem 0 .8rem; }
.counts div { border-left: 4px solid #1f3d5a; padding-left: .5rem; }
.counts b { font-size: 1.25rem; display: block; }
figure { margin: .6rem 0 .8rem; page-break-inside: avoid; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 12px; color: var(--muted); margin-top: .2rem; }
ul.caveats { font-size: 13px; color: #333; padding-left: 1.2rem; }
.box { border: 1px solid var(--rule); background: #f7f9fb; padding: .6rem .9rem; margin: 1rem 0; font-size: 13.5px; }
.box h4 { margin: 0 0 .3rem; }
.tech { font-size: 11.5px; color: var(--muted); }
nav ol { columns: 2; font-size: 14px; }
section.area { page-break-before: always; break-before: page; }
svg.swatch { vertical-align: middle; }
ol.scenario-list { padding-left: 1.4rem; font-size: 13.5px; }
ol.scenario-list li { margin: .35rem 0; }
table.scenario-table td.same { color: var(--muted); }
table.scenario-table th { overflow-wrap: anywhere; hyphens: auto; }
.delta { font-size: 12px; font-weight: bold; white-space: nowrap; }
.scen-effect { font-size: 11.5px; display: inline-block; margin-top: .15rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { margin-top: 0; }
  a { color: inherit; text-decoration: none; }
  nav { display: none; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  table { table-layout: auto; }  /* fixed layout overflows the printed page in Chromium */
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
@page { size: A4; margin: 16mm 14mm; }
)CSS";

}  // namespace

// ---- charts -------------------------------------------------------------------------------------

namespace {

bool wanted(const std::vector<std::string>& only, const std::string& g) {
  return only.empty() || std::find(only.begin(), only.end(), g) != only.end();
}

// The chart of an indicator without data: title, unit, percent and the natural bounds.
FanChart chart_frame(const Project& p, const Indicator& ind, Lang lang) {
  FanChart c;
  c.id = chart_id(ind);
  c.title = lang == Lang::sv || ind.name_en.empty() ? ind.name_sv : ind.name_en;
  if (c.title.empty()) c.title = ind.id;
  const std::string unit = lang == Lang::sv || ind.unit_en.empty() ? ind.unit_sv : ind.unit_en;
  c.percent = detail::is_percent(&ind);
  c.y_label = c.percent ? tr(lang, "procent", "percent") : unit;
  if (ind.kind == IndicatorKind::share) {
    c.y_min_bound = ind.bounds.lower.value_or(0.0);
    c.y_max_bound = ind.bounds.upper.value_or(100.0);
  } else {
    if (ind.bounds.lower) c.y_min_bound = ind.bounds.lower;
    if (ind.bounds.upper) c.y_max_bound = ind.bounds.upper;
    // Counts, amounts and indices are never negative; nor is a rate whose history is not.
    bool nonneg = ind.kind != IndicatorKind::rate;
    if (!nonneg) {
      nonneg = true;
      for (const auto& g : ind.groups)
        if (const Series* s = p.find_series({ind.id, g}))
          for (double v : s->values) nonneg = nonneg && v >= 0;
    }
    if (nonneg && !c.y_min_bound) c.y_min_bound = 0.0;
  }
  c.show_title = true;
  return c;
}

// The years from the first observation (or an earlier base year of a target) to the last
// target year; without targets up to the horizon, at most 10 years after the last observation.
// The range is the same for every panel of the indicator (all_targets: of every group). False
// when the indicator has no observations.
bool set_year_range(FanChart& c, const Project& p, const Indicator& ind,
                    const std::vector<const TargetResult*>& all_targets) {
  int first = 1 << 30, last = -(1 << 30);
  for (const auto& g : ind.groups)
    if (const Series* s = p.find_series({ind.id, g}); s && !s->empty()) {
      first = std::min(first, s->years.front());
      last = std::max(last, s->years.back());
    }
  if (first > last) return false;
  int xmax = last;
  for (const auto* t : all_targets) xmax = std::max(xmax, t->target->year);
  if (all_targets.empty()) xmax = std::min(std::max(p.options.horizon_end, last), last + 10);
  int xmin = first;
  for (const auto* t : all_targets)
    if (t->target->base_year) xmin = std::min(xmin, *t->target->base_year);
  c.x_min = xmin;
  c.x_max = xmax;
  return true;
}

// The baseline projection of a group: median and bands from its quantile table, growing out of
// the last observation.
ChartProjection baseline_projection(const SeriesResult& sr, const Series& s, const ChartLine& l) {
  const QuantileTable q = quantile_table(sr.forecast);
  ChartProjection pr;
  pr.label = l.label;
  pr.style = l.style;
  pr.color = l.color;
  pr.anchor_year = s.years.back();
  pr.anchor_value = s.values.back();
  for (std::size_t h = 0; h < q.years.size(); ++h) {
    pr.years.push_back(q.years[h]);
    pr.lo95.push_back(q.q[h][0]);
    pr.lo80.push_back(q.q[h][1]);
    pr.lo50.push_back(q.q[h][2]);
    pr.median.push_back(q.q[h][3]);
    pr.hi50.push_back(q.q[h][4]);
    pr.hi80.push_back(q.q[h][5]);
    pr.hi95.push_back(q.q[h][6]);
  }
  return pr;
}

// Scenarios that change series (ind, g): their medians, from the year they leave the
// baseline's.
void add_scenario_medians(FanChart& c, const Comparison& scenarios, const Indicator& ind,
                          const std::string& g, const Series& s, const ChartLine& l, bool several,
                          Lang lang) {
  for (std::size_t k = 1; k < scenarios.outcomes.size(); ++k) {
    const ScenarioOutcome& oc = scenarios.outcomes[k];
    if (!oc.scenario) continue;
    const auto cs = std::find_if(oc.changed.begin(), oc.changed.end(), [&](const ChangedSeries& x) {
      return x.ref == SeriesRef{ind.id, g};
    });
    if (cs == oc.changed.end()) continue;
    std::size_t h0 = 0;
    while (h0 < cs->years.size() && h0 < cs->median.size() && h0 < cs->baseline_median.size() &&
           std::fabs(cs->median[h0] - cs->baseline_median[h0]) <=
               1e-9 * std::max(1.0, std::fabs(cs->baseline_median[h0])))
      ++h0;
    if (h0 >= cs->years.size() || h0 >= cs->median.size()) continue;
    ChartProjection sp;
    sp.scenario = static_cast<int>(k - 1);
    sp.scenario_name = scen_short(*oc.scenario, lang);
    sp.label = sp.scenario_name + (several ? ", " + detail::lower_first(group_label(g, lang)) : "");
    sp.style = l.style;
    sp.color = l.color;
    if (h0 == 0) {
      sp.anchor_year = s.years.back();
      sp.anchor_value = s.values.back();
    } else {
      sp.anchor_year = cs->years[h0 - 1];
      sp.anchor_value = cs->baseline_median[h0 - 1];
    }
    for (std::size_t h = h0; h < cs->years.size() && h < cs->median.size(); ++h) {
      const double m = cs->median[h];
      sp.years.push_back(cs->years[h]);
      sp.median.push_back(m);
      sp.lo80.push_back(h < cs->lo80.size() ? cs->lo80[h] : m);
      sp.hi80.push_back(h < cs->hi80.size() ? cs->hi80[h] : m);
      sp.lo50.push_back(m);
      sp.hi50.push_back(m);
      sp.lo95.push_back(m);
      sp.hi95.push_back(m);
    }
    c.projections.push_back(std::move(sp));
  }
}

// Every wanted group's observed line, baseline projection and scenario medians. Returns the
// largest absolute observed value (the magnitude a comparison series is measured against).
double add_groups(FanChart& c, const RunResult& r, const Indicator& ind, Lang lang,
                  const std::vector<std::string>& only, const Comparison* scenarios) {
  const Project& p = *r.project;
  const bool several = ind.groups.size() > 1;
  double main_max = 0;
  for (std::size_t gi = 0; gi < ind.groups.size(); ++gi) {
    const std::string& g = ind.groups[gi];
    if (!wanted(only, g)) continue;
    const SeriesResult* sr = r.find({ind.id, g});
    const Series* s = sr && sr->observed ? sr->observed : p.find_series({ind.id, g});
    if (!s || s->empty()) continue;
    ChartLine l;
    l.label = several ? group_label(g, lang) : "";
    l.style = static_cast<int>(gi);
    l.color = static_cast<int>(gi);
    // Years derived from a period total are not observations: drawn apart, thin and grey.
    ChartLine dl = l;
    dl.label = several
                   ? l.label + tr(lang, ", härlett ur periodsumma", ", derived from a period total")
                   : tr(lang, "Härlett ur periodsumma", "Derived from a period total");
    dl.comparison = true;
    for (std::size_t i = 0; i < s->size(); ++i) {
      ChartLine& to = s->derived(i) ? dl : l;
      to.years.push_back(s->years[i]);
      to.values.push_back(s->values[i]);
    }
    for (double v : s->values) main_max = std::max(main_max, std::fabs(v));
    c.lines.push_back(l);
    if (!dl.years.empty()) c.lines.push_back(dl);
    if (sr && !sr->forecast.years.empty()) {
      c.projections.push_back(baseline_projection(*sr, *s, l));
      if (scenarios) add_scenario_medians(c, *scenarios, ind, g, *s, l, several, lang);
    }
  }
  return main_max;
}

// The national comparison series ref_id (once per chart: drawn lists the ones added), unless it
// is of another magnitude than main_max (Sweden's population next to Norrbotten's would flatten
// the chart): then a footnote says so.
void add_comparison(FanChart& c, const Project& p, const Indicator& ind, Lang lang,
                    const std::vector<std::string>& only, double main_max,
                    std::vector<std::string>& drawn, const std::string& ref_id) {
  const Indicator* ref = p.find_indicator(ref_id);
  if (!ref || std::find(drawn.begin(), drawn.end(), ref_id) != drawn.end()) return;
  drawn.push_back(ref_id);
  std::vector<ChartLine> lines;
  double ref_max = 0;
  for (std::size_t gi = 0; gi < ref->groups.size(); ++gi) {
    const std::string& g = ref->groups[gi];
    if (!wanted(only, g)) continue;
    const Series* s = p.find_series({ref->id, g});
    if (!s || s->empty()) continue;
    ChartLine l;
    const std::string nation = tr(lang, "Riket", "Sweden");
    l.label = ref->groups.size() > 1 || g != "total"
                  ? nation + ", " + detail::lower_first(group_label(g, lang))
                  : nation;
    l.years = s->years;
    l.values = s->values;
    const auto it = std::find(ind.groups.begin(), ind.groups.end(), g);
    l.style =
        it != ind.groups.end() ? static_cast<int>(it - ind.groups.begin()) : static_cast<int>(gi);
    l.comparison = true;
    for (double v : s->values) ref_max = std::max(ref_max, std::fabs(v));
    lines.push_back(l);
  }
  if (lines.empty()) return;
  if (!c.percent && main_max > 0 && (ref_max > 3 * main_max || ref_max < main_max / 3)) {
    const std::string name = lang == Lang::sv || ref->name_en.empty() ? ref->name_sv : ref->name_en;
    c.footnote = tr(lang, "Jämförelseserien ", "The comparison series ") + "\u201d" + name +
                 "\u201d" +
                 tr(lang, " visas inte: den har en annan storleksordning.",
                    " is not drawn: it is of another magnitude.");
    return;
  }
  for (auto& l : lines) c.lines.push_back(std::move(l));
}

// The targets' symbols, lines and base rings, with their labels.
void add_targets(FanChart& c, const Project& p, const Indicator& ind,
                 const std::vector<const TargetResult*>& targets, bool several, Lang lang) {
  auto style_of = [&](const std::string& g) {
    const auto it = std::find(ind.groups.begin(), ind.groups.end(), g);
    return it == ind.groups.end() ? 0 : static_cast<int>(it - ind.groups.begin());
  };
  for (const auto* tr_ : targets) {
    const Target& t = *tr_->target;
    const Series* s = p.find_series(t.series);
    const std::string grp =
        several ? detail::lower_first(group_label(t.series.group, lang)) + " " : "";
    auto value_text = [&](double v) { return detail::threshold(v, c.percent, lang); };
    ChartTarget ct;
    ct.style = style_of(t.series.group);
    ct.color = ct.style;
    ct.year = t.year;
    const std::string goal_word = tr(lang, "Mål ", "Target ");
    const TargetKindInfo& kind = kind_info(t.kind);
    const bool up = t.direction == Direction::at_least;
    switch (kind.shape) {
      case TargetShape::threshold:
        if (kind.from != KeyUse::ignored) {  // a yearly flow over a period
          ct.shape = ChartTarget::Shape::period;
          ct.from_year = t.from_year;
          ct.value = t.value;
          ct.label = goal_word + grp +
                     (up ? tr(lang, "minst ", "at least ") : tr(lang, "högst ", "at most ")) +
                     value_text(t.value) + tr(lang, " per år", " per year");
          c.targets.push_back(ct);
          break;
        }
        ct.value = t.value;
        ct.label = goal_word + grp + std::to_string(t.year) + ": " +
                   (t.direction == Direction::at_least ? tr(lang, "minst ", "at least ")
                                                       : tr(lang, "högst ", "at most ")) +
                   value_text(t.value);
        c.targets.push_back(ct);
        break;
      case TargetShape::relative_change:
      case TargetShape::absolute_change:
      case TargetShape::direction: {
        std::optional<int> by = t.base_year;
        if (!by && s && !s->empty())
          by = tr_->base_year ? tr_->base_year : std::optional<int>(s->years.back());
        const double* bv = s && by ? s->at_year(*by) : nullptr;
        if (!bv) break;
        ct.base_year = by;
        ct.base_value = *bv;
        ct.value = value_level(t, *bv)->level;
        if (kind.shape == TargetShape::relative_change)
          ct.label = goal_word + grp + std::to_string(t.year) + ": " +
                     format_percent(t.value, 0, lang) + tr(lang, " från ", " from ") +
                     std::to_string(*by);
        else if (kind.shape == TargetShape::absolute_change)
          ct.label = goal_word + grp + std::to_string(t.year) + ": " + (t.value >= 0 ? "+" : "") +
                     value_text(t.value) + tr(lang, " från ", " from ") + std::to_string(*by);
        else
          ct.label = goal_word + grp + std::to_string(t.year) + ": " +
                     (up ? tr(lang, "över ", "above ") : tr(lang, "under ", "below ")) +
                     value_text(*bv);
        c.targets.push_back(ct);
        break;
      }
      case TargetShape::gap:  // a line only for a fixed reference value
        if (t.reference_value && kind.reference == ReferenceUse::series_or_value) {
          ct.value = *t.reference_value;
          ct.label = goal_word + grp + std::to_string(t.year) + ": " + value_text(ct.value);
          c.targets.push_back(ct);
        }
        break;
      case TargetShape::relative_growth:
        if (t.base_year && s)
          if (const double* bv = s->at_year(*t.base_year)) {
            // The base observation only: the target level depends on the reference's growth.
            ChartTarget b;
            b.shape = ChartTarget::Shape::base_only;
            b.base_year = t.base_year;
            b.base_value = *bv;
            b.value = *bv;
            b.year = *t.base_year;
            c.targets.push_back(b);
          }
        break;
    }
  }
}

}  // namespace

FanChart indicator_chart(const RunResult& r, const Indicator& ind, Lang lang,
                         const std::vector<std::string>& only, const Comparison* scenarios) {
  const Project& p = *r.project;
  FanChart c = chart_frame(p, ind, lang);

  // Targets on this indicator decide the year range.
  std::vector<const TargetResult*> targets;
  std::set<const Target*> seen;
  std::vector<const TargetResult*> all_targets;
  for (const TargetResult& t : r.targets)
    if (t.target->series.indicator == ind.id && t.status != TargetStatus::no_data &&
        seen.insert(t.target).second) {
      all_targets.push_back(&t);
      if (wanted(only, t.target->series.group)) targets.push_back(&t);
    }
  if (!set_year_range(c, p, ind, all_targets)) return c;

  const double main_max = add_groups(c, r, ind, lang, only, scenarios);
  std::vector<std::string> drawn;
  auto add_comparison_of = [&](const std::string& ref_id) {
    add_comparison(c, p, ind, lang, only, main_max, drawn, ref_id);
  };
  if (!ind.reference.empty()) add_comparison_of(ind.reference);
  for (const auto* t : targets)
    if (t->target->other && t->target->other->indicator != ind.id &&
        kind_info(t->target->kind).reference != ReferenceUse::none)
      add_comparison_of(t->target->other->indicator);

  add_targets(c, p, ind, targets, ind.groups.size() > 1, lang);
  return c;
}

std::vector<FanChart> indicator_charts(const RunResult& r, const Indicator& ind, Lang lang,
                                       const Comparison* scenarios) {
  std::vector<std::string> with_data;
  for (const auto& g : ind.groups)
    if (const Series* s = r.project->find_series({ind.id, g}); s && !s->empty())
      with_data.push_back(g);
  if (with_data.size() <= 2) return {indicator_chart(r, ind, lang, {}, scenarios)};
  std::vector<std::vector<std::string>> panels;
  std::vector<std::string> rest;
  for (const auto& g : with_data) {
    if (g == "total")
      panels.push_back({g});
    else
      rest.push_back(g);
  }
  for (std::size_t i = 0; i < rest.size(); i += 2)
    panels.push_back(i + 1 < rest.size() ? std::vector<std::string>{rest[i], rest[i + 1]}
                                         : std::vector<std::string>{rest[i]});
  std::vector<FanChart> charts;
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t k = 0; k < panels.size(); ++k) {
    FanChart c = indicator_chart(r, ind, lang, panels[k], scenarios);
    c.id += "--" + std::to_string(k + 1);
    std::string who;
    for (std::size_t i = 0; i < panels[k].size(); ++i)
      who += (i == 0 ? "" : tr(lang, " och ", " and ")) +
             (i == 0 ? group_label(panels[k][i], lang)
                     : detail::lower_first(group_label(panels[k][i], lang)));
    c.title += " – " + who;
    c.height = 340;
    // The shared scale: observations, 80 % bands and targets of every panel.
    for (const auto& l : c.lines)
      for (double v : l.values) lo = std::min(lo, v), hi = std::max(hi, v);
    for (const auto& pr : c.projections)
      for (std::size_t i = 0; i < pr.years.size(); ++i)
        if (pr.years[i] <= c.x_max.value_or(pr.years[i])) {
          const bool scen = pr.scenario.has_value();  // scenarios are drawn as medians only
          lo = std::min(lo, scen ? pr.median[i] : pr.lo80[i]);
          hi = std::max(hi, scen ? pr.median[i] : pr.hi80[i]);
        }
    for (const auto& t : c.targets) lo = std::min(lo, t.value), hi = std::max(hi, t.value);
    charts.push_back(std::move(c));
  }
  for (auto& c : charts)
    if (std::isfinite(lo)) c.y_include = {lo, hi};
  return charts;
}

std::vector<IndicatorChart> report_charts(const RunResult& r, Lang lang,
                                          const Comparison* scenarios) {
  std::vector<IndicatorChart> out;
  std::set<std::string> done;
  const auto comps = comparison_ids(*r.project);
  auto add = [&](const Indicator& ind) {
    if (!done.insert(ind.id).second || !has_data(r, ind) || nothing_to_follow_up(r, ind)) return;
    for (auto& c : indicator_charts(r, ind, lang, scenarios)) {
      const std::string file = c.id.substr(std::string("chart-").size()) + ".svg";
      out.push_back({ind.id, file, std::move(c)});
    }
  };
  for (const Area& a : areas_of(r))
    for (const Indicator* ind : a.indicators) add(*ind);
  for (const auto& ind : r.project->indicators)
    if (!comps.count(ind.id)) add(ind);
  return out;
}

// ---- HTML -------------------------------------------------------------------------------------

namespace {

// The heading, what a scenario is, and the list of the project's scenarios.
std::string scenario_intro(const Comparison& c, Lang lang) {
  std::ostringstream o;
  o << "<section class=\"scenarios\" id=\"scenarier\">\n<h2>"
    << esc(tr(lang, "Scenarier", "Scenarios")) << "</h2>\n";
  o << "<p>"
    << esc(tr(lang,
              "Ett scenario är ett antagande om vad som händer om … (t.ex. fler bostäder byggs). "
              "Varje scenario "
              "ändrar basprognosens simulerade banor; alla scenarier använder samma banor som "
              "basen, så "
              "skillnaden mot basen är scenariots effekt och inte slumpbrus. Scenarierna visas "
              "också i "
              "diagrammen, som en linje i egen färg och med eget streckmönster.",
              "A scenario is an assumption about what happens if … (e.g. more homes are built). "
              "Each scenario "
              "changes the baseline projection's simulated paths; every scenario uses the same "
              "paths as the "
              "baseline, so a difference from the baseline is the scenario's effect, not "
              "simulation noise. "
              "The scenarios are also drawn in the charts, as a line in its own colour and dash "
              "pattern."))
    << "</p>\n<ol class=\"scenario-list\">\n";
  for (std::size_t k = 1; k < c.outcomes.size(); ++k) {
    const Scenario* sc = c.outcomes[k].scenario;
    if (!sc) continue;
    o << "<li id=\"scenario-" << esc(sc->id) << "\">" << scenario_swatch(static_cast<int>(k - 1))
      << " <b>" << esc(scen_name(*sc, lang)) << "</b>";
    const std::string d = scen_desc(*sc, lang);
    if (!d.empty()) o << "<br>" << esc(d);
    for (const auto& n : c.outcomes[k].notes)
      if (n.severity == Severity::warning)
        o << "<div class=\"warn\">" << esc(tr(lang, "Varning: ", "Warning: "))
          << esc(detail::diagnostic_sentence(n, lang)) << "</div>";
    o << "</li>\n";
  }
  o << "</ol>\n";
  return o.str();
}

std::string scenario_section(const RunResult& r, const Comparison& c, Lang lang) {
  std::ostringstream o;
  o << scenario_intro(c, lang);

  const auto& base = c.outcomes[0].targets;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < base.size(); ++i) {
    bool any = false;
    for (std::size_t k = 1; k < c.outcomes.size(); ++k) any = any || changes(c, k, i);
    if (any) rows.push_back(i);
  }
  const std::size_t n_scen = c.outcomes.size() - 1;
  if (rows.empty()) {
    o << "<p>"
      << esc(tr(lang, "Inget scenario ändrar sannolikheten för något mål.",
                "No scenario changes the probability of any target."))
      << "</p>\n</section>\n";
    return o.str();
  }
  // Widths: the target gets what the probability columns leave.
  const double pcol = n_scen <= 3 ? 14.0 : std::max(9.0, 56.0 / static_cast<double>(n_scen));
  const double bcol = 10.0,
               tcol = std::max(20.0, 100.0 - bcol - pcol * static_cast<double>(n_scen));
  auto w = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f%%", v);
    return std::string(b);
  };
  o << "<table class=\"scenario-table\">\n<colgroup><col style=\"width:" << w(tcol)
    << "\"><col style=\"width:" << w(bcol) << "\">";
  for (std::size_t k = 0; k < n_scen; ++k) o << "<col style=\"width:" << w(pcol) << "\">";
  o << "</colgroup>\n<thead><tr><th>" << esc(tr(lang, "Mål", "Target")) << "</th><th class=\"num\">"
    << esc(tr(lang, "Bas", "Baseline")) << "</th>";
  for (std::size_t k = 1; k < c.outcomes.size(); ++k)
    o << "<th class=\"num\" title=\"" << esc(scen_name(*c.outcomes[k].scenario, lang)) << "\">"
      << scenario_swatch(static_cast<int>(k - 1)) << "<br>"
      << esc(scen_short(*c.outcomes[k].scenario, lang)) << "</th>";
  o << "</tr></thead>\n<tbody>\n";
  auto pcell = [&](const TargetResult& t) {
    return t.status == TargetStatus::no_data
               ? std::string("–")
               : "<b>" + esc(format_probability(t.probability, lang)) + "</b>";
  };
  auto attrs = [&](const TargetResult& t, const std::string& scen) {
    std::string a = " data-target=\"" + esc(t.target->id) + "\" data-variant=\"" + esc(t.variant) +
                    "\" data-scenario=\"" + esc(scen) + "\"";
    if (t.status != TargetStatus::no_data) {
      char b[40];
      std::snprintf(b, sizeof b, "%.6f", t.probability);
      a += " data-p=\"" + std::string(b) + "\"";
    }
    return a;
  };
  for (std::size_t i : rows) {
    const TargetResult& b = base[i];
    const std::string area = detail::area_name(*b.target, lang);
    o << "<tr><td>" << target_cell(r, b, lang);
    if (!area.empty()) o << "<br><span class=\"small\">" << esc(area) << "</span>";
    o << "</td><td class=\"num\"" << attrs(b, "baseline") << ">" << pcell(b) << "</td>";
    for (std::size_t k = 1; k < c.outcomes.size(); ++k) {
      const TargetResult& x = c.outcomes[k].targets[i];
      const auto d = change_of(c, k, i);
      const bool ch = changes(c, k, i);
      o << "<td class=\"num" << (ch ? " changed" : " same") << "\""
        << attrs(x, c.outcomes[k].scenario->id) << ">" << pcell(x);
      if (d && ch) o << "<br><span class=\"delta\">" << esc(pp_text(*d, lang)) << "</span>";
      o << "</td>";
    }
    o << "</tr>\n";
  }
  o << "</tbody></table>\n";
  const std::size_t same = base.size() - rows.size();
  o << "<p class=\"small\">"
    << esc(tr(lang,
              "Sannolikhet att målet nås under basen och under varje scenario; under: förändring "
              "mot basen i "
              "procentenheter (p.e.), där scenariot ändrar sannolikheten. Tabellen visar bara mål "
              "som något scenario ändrar",
              "Probability of meeting the target under the baseline and under each scenario; below "
              "it: the change "
              "from the baseline in percentage points (pp), where the scenario changes the "
              "probability. The table shows "
              "only targets that a scenario changes"));
  if (same > 0)
    o << esc(tr(lang, "; övriga ", "; the other ") + std::to_string(same) +
             tr(lang,
                " av " + std::to_string(base.size()) +
                    " mål har samma sannolikhet i alla scenarier som i basen.",
                " of " + std::to_string(base.size()) +
                    " targets have the same probability in every scenario as in the baseline."));
  else
    o << ".";
  o << "</p>\n</section>\n";
  return o.str();
}

// " Scenarier: ..." after a chart's caption when it draws scenarios.
std::string scenario_caption(const FanChart& c, Lang lang) {
  std::vector<std::string> names;
  for (const auto& pr : c.projections)
    if (pr.scenario && std::find(names.begin(), names.end(), pr.scenario_name) == names.end())
      names.push_back(pr.scenario_name);
  if (names.empty()) return "";
  std::string s = tr(lang, " Linjer i egen färg och eget streckmönster: medianen med scenariot ",
                     " Lines in their own colour and dash pattern: the median under the scenario ");
  if (names.size() > 1)
    s = tr(lang, " Linjer i egen färg och eget streckmönster: medianen med scenarierna ",
           " Lines in their own colour and dash pattern: the median under the scenarios ");
  for (std::size_t i = 0; i < names.size(); ++i)
    s += (i == 0                  ? ""
          : i + 1 == names.size() ? tr(lang, " och ", " and ")
                                  : ", ") +
         std::string("\u201d") + names[i] + "\u201d";
  return s + tr(lang, " (se avsnittet Scenarier).", " (see the section Scenarios).");
}

// Under a target's probability in a focus-area table: one line per scenario that changes it.
std::string scenario_effects_html(const Comparison* c, const RunResult& r, const TargetResult& t,
                                  Lang lang) {
  if (!c || c->outcomes.empty()) return "";
  const std::size_t i = static_cast<std::size_t>(&t - r.targets.data());
  if (i >= r.targets.size()) return "";
  std::string s;
  for (std::size_t k = 1; k < c->outcomes.size(); ++k) {
    if (!changes(*c, k, i)) continue;
    const TargetResult& x = c->outcomes[k].targets[i];
    s += "<br><span class=\"scen-effect\">" + scenario_swatch(static_cast<int>(k - 1)) + " " +
         esc(tr(lang, "Med scenariot ", "With the scenario ") +
             scen_short(*c->outcomes[k].scenario, lang) + ": " +
             format_probability(x.probability, lang) + " (" + pp_text(*change_of(*c, k, i), lang) +
             ")") +
         "</span>";
  }
  return s;
}

// The document's start: <head> with the title and the style sheet, the page's heading.
void document_start(std::ostringstream& o, const std::string& title, Lang lang) {
  o << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::sv ? "sv" : "en") << "\">\n<head>\n"
    << "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
       "initial-scale=1\">\n"
    << "<meta name=\"generator\" content=\"utsikt\">\n"
    << "<title>" << esc(title) << "</title>\n<style>" << kCss << "</style>\n</head>\n<body>\n";

  o << "<header>\n<h1>" << esc(title) << "</h1>\n<p class=\"lead\">"
    << esc(tr(lang,
              "Uppföljning av målen med prognoser: senaste utfall, sannolikhet att målen nås och "
              "utveckling per insatsområde.",
              "Follow-up of the targets with projections: latest outcome, probability of meeting "
              "each target and development per focus area."))
    << "</p>\n</header>\n";
}

// The summary's start: how many targets are assessed YES, NEAR, NO or cannot be followed up,
// and how many develop positively, not at all or negatively.
void summary_counts(std::ostringstream& o, const RunResult& r, Lang lang) {
  int n_yes = 0, n_near = 0, n_no = 0, n_nodata = 0, n_green = 0, n_yellow = 0, n_red = 0;
  int n_targets = 0;
  bool variants = false;
  for (std::size_t i = 0; i < r.targets.size(); ++i) {
    const TargetResult& t = r.targets[i];
    // Targets, not rows: a target with two results (flow: every year, on average) is counted
    // once, by its first result (the stricter "every year").
    if (i > 0 && r.targets[i - 1].target == t.target) {
      variants = true;
      continue;
    }
    ++n_targets;
    if (t.status == TargetStatus::no_data)
      ++n_nodata;
    else if (t.assessment == Assessment::yes)
      ++n_yes;
    else if (t.assessment == Assessment::near)
      ++n_near;
    else
      ++n_no;
    if (t.status != TargetStatus::no_data) {
      n_green += t.arrow == Arrow::green;
      n_yellow += t.arrow == Arrow::yellow;
      n_red += t.arrow == Arrow::red;
    }
  }
  o << "<section class=\"summary\">\n<h2>" << esc(tr(lang, "Sammanfattning", "Summary"))
    << "</h2>\n";
  o << "<div class=\"counts\">"
    << "<div><b>" << n_targets << "</b>"
    << esc(tr(lang, "mål och delmål", "targets and sub-targets")) << "</div>"
    << "<div><b>" << n_yes << "</b>" << esc(tr(lang, "JA – nås sannolikt", "YES – likely met"))
    << "</div>"
    << "<div><b>" << n_near << "</b>" << esc(tr(lang, "NÄRA – osäkert", "NEAR – uncertain"))
    << "</div>"
    << "<div><b>" << n_no << "</b>"
    << esc(tr(lang, "NEJ – nås sannolikt inte", "NO – likely not met")) << "</div>"
    << "<div><b>" << n_nodata << "</b>"
    << esc(tr(lang, "kan inte följas upp", "cannot be followed up")) << "</div>"
    << "<div><b>" << detail::arrow_symbol(Arrow::green) << " " << n_green << " &#160; "
    << detail::arrow_symbol(Arrow::yellow) << " " << n_yellow << " &#160; "
    << detail::arrow_symbol(Arrow::red) << " " << n_red << "</b>"
    << esc(tr(lang, "positiv / oförändrad / negativ utveckling",
              "positive / unchanged / negative development"))
    << "</div></div>\n";
  if (variants)
    o << "<p class=\"small\">"
      << esc(tr(lang,
                "Ett mål med två resultat (flöden: varje år och i genomsnitt) räknas en gång, "
                "efter resultatet för varje år.",
                "A target with two results (flows: every year and on average) is counted once, by "
                "its result for every year."))
      << "</p>\n";
}

// The summary table: every target, by focus area, with the reading note under it.
void summary_table(std::ostringstream& o, const RunResult& r, const std::vector<Area>& areas,
                   Lang lang) {
  o << "<table class=\"summary-table\">\n<colgroup><col style=\"width:34%\"><col "
       "style=\"width:12%\">"
       "<col style=\"width:19%\"><col style=\"width:14%\"><col style=\"width:12%\"><col "
       "style=\"width:9%\">"
       "</colgroup>\n<thead><tr><th>"
    << esc(tr(lang, "Mål", "Target")) << "</th><th>"
    << esc(tr(lang, "Senaste värde", "Latest value")) << "</th><th>"
    << esc(tr(lang, "Prognos för målåret", "Projection for the target year")) << "</th><th>"
    << esc(tr(lang, "Sannolikhet att målet nås", "Probability of meeting the target"))
    << "</th><th>" << esc(tr(lang, "Utveckling", "Development")) << "</th><th>"
    << esc(tr(lang, "Bedömning", "Assessment")) << "</th></tr></thead>\n<tbody>\n";
  for (std::size_t ai = 0; ai < areas.size(); ++ai) {
    o << "<tr class=\"area\"><td colspan=\"6\"><span class=\"small\">"
      << esc(tr(lang, "Insatsområde: ", "Focus area: ")) << "</span><a href=\"#" << area_anchor(ai)
      << "\">" << esc(areas[ai].name.empty() ? tr(lang, "Övrigt", "Other") : areas[ai].label(lang))
      << "</a></td></tr>\n";
    for (const TargetResult* t : areas[ai].targets) {
      o << "<tr><td>" << target_cell(r, *t, lang) << "</td><td class=\"num\">"
        << latest_html(r, *t, lang) << "</td><td class=\"num\">" << projection_html(r, *t, lang)
        << "</td><td>" << probability_html(*t, lang) << "</td><td>"
        << (t->status == TargetStatus::no_data ? "–" : arrow_html(t->arrow, lang)) << "</td><td>"
        << assessment_html(*t, lang) << "</td></tr>\n";
    }
  }
  o << "</tbody></table>\n";
  o << "<p class=\"small\">" << esc(detail::reading_note(r, lang)) << "</p>\n";
}

// The table of contents, which ends the summary.
void contents_nav(std::ostringstream& o, const std::vector<Area>& areas, const Comparison* cmp,
                  Lang lang) {
  o << "<nav><h4>" << esc(tr(lang, "Innehåll", "Contents")) << "</h4><ol>";
  if (cmp)
    o << "<li><a href=\"#scenarier\">" << esc(tr(lang, "Scenarier", "Scenarios")) << "</a></li>";
  for (std::size_t ai = 0; ai < areas.size(); ++ai)
    o << "<li><a href=\"#" << area_anchor(ai) << "\">" << esc(areas[ai].label(lang)) << "</a></li>";
  o << "<li><a href=\"#om-berakningarna\">"
    << esc(tr(lang, "Om beräkningarna", "About the computations"))
    << "</a></li></ol></nav>\n</section>\n";
}

// The document's own verdict under utsikt's (Target::reported), with the note where they differ.
std::string reported_html(const RunResult& r, const TargetResult& t, Lang lang) {
  if (!t.target->reported) return "";
  const std::string note = reported_note(t, r.project->options, lang);
  return "<div class=\"small reported\">" +
         esc(tr(lang, "Dokumentets bedömning: ", "The document's verdict: ")) +
         esc(reported_text(*t.target, lang)) +
         (note.empty() ? "" : "<br><b>" + esc(note) + "</b>") + "</div>";
}

// A focus area's table: its targets grouped by effect target, with the scenarios' effects.
void area_table(std::ostringstream& o, const RunResult& r, const Area& a, const Comparison* cmp,
                Lang lang) {
  const Project& p = *r.project;
  o << "<table class=\"area-table\">\n<colgroup><col style=\"width:15%\"><col style=\"width:31%\">"
       "<col style=\"width:12%\"><col style=\"width:17%\"><col style=\"width:14%\"><col "
       "style=\"width:11%\">"
       "</colgroup>\n<thead><tr><th>"
    << esc(tr(lang, "Effektmål", "Effect target")) << "</th><th>"
    << esc(tr(lang, "Indikator och mål", "Indicator and target")) << "</th><th>"
    << esc(tr(lang, "Senaste värde", "Latest value")) << "</th><th>"
    << esc(tr(lang, "Prognos (median, 80 %-intervall)", "Projection (median, 80 % interval)"))
    << "</th><th>"
    << esc(tr(lang, "Sannolikhet att målet nås", "Probability of meeting the target"))
    << "</th><th>" << esc(tr(lang, "Utveckling", "Development")) << "</th></tr></thead>\n<tbody>\n";
  for (std::size_t k = 0; k < a.targets.size(); ++k) {
    const TargetResult& t = *a.targets[k];
    o << "<tr>";
    if (k == 0 || a.targets[k - 1]->target->goal != t.target->goal) {
      std::size_t span = 1;
      while (k + span < a.targets.size() && a.targets[k + span]->target->goal == t.target->goal)
        ++span;
      o << "<td rowspan=\"" << span << "\"><i>" << esc(detail::goal_name(*t.target, lang))
        << "</i></td>";
    }
    const Indicator* ind = p.find_indicator(t.target->series.indicator);
    o << "<td>";
    if (ind)
      o << "<span class=\"small\">"
        << esc(lang == Lang::sv || ind->name_en.empty() ? ind->name_sv : ind->name_en)
        << "</span><br>";
    o << target_cell(r, t, lang) << "</td><td class=\"num\">" << latest_html(r, t, lang)
      << "</td><td class=\"num\">" << projection_html(r, t, lang) << "</td><td>"
      << probability_html(t, lang) << " " << assessment_html(t, lang)
      << scenario_effects_html(cmp, r, t, lang) << reported_html(r, t, lang) << "</td><td>"
      << (t.status == TargetStatus::no_data ? "–" : arrow_html(t.arrow, lang)) << "</td></tr>\n";
  }
  o << "</tbody></table>\n";
}

// The cohort model's figures under the indicator that owns it: pyramids of 2030 and 2040 (or the
// pyramid years the run has) against the jump-off, and births, deaths and net migration.
void cohort_figures(std::ostringstream& o, const RunResult& r, const Indicator& ind, int& diagram,
                    Lang lang) {
  for (const CohortRun& run : r.cohorts) {
    if (run.indicator != ind.id) continue;
    std::vector<int> years;
    for (const auto& py : run.paths.pyramids)
      if (py.year == 2030 || py.year == 2040) years.push_back(py.year);
    if (years.empty() && !run.paths.pyramids.empty())
      years.push_back(run.paths.pyramids.back().year);
    for (int y : years) {
      ++diagram;
      o << "<figure>\n"
        << render_pyramid(r, run, y, lang) << "<figcaption>"
        << esc(tr(lang, "Diagram ", "Chart ") + std::to_string(diagram) + ": " +
               tr(lang, "Befolkningspyramid ", "Population pyramid ") + std::to_string(y) +
               tr(lang,
                  " enligt kohort-komponentmodellen (median och 80 % av banorna) mot " +
                      std::to_string(run.model->jump_off) + ".",
                  " from the cohort-component model (median and 80 % of the paths) against " +
                      std::to_string(run.model->jump_off) + "."))
        << "</figcaption>\n</figure>\n";
    }
    FanChart c = components_chart(r, run, lang);
    ++diagram;
    o << "<figure>\n"
      << render_fan_chart(c, lang) << "<figcaption>"
      << esc(tr(lang, "Diagram ", "Chart ") + std::to_string(diagram) + ": " + c.title + ".")
      << "</figcaption>\n</figure>\n";
  }
}

using ChartsByIndicator = std::map<std::string, std::vector<const IndicatorChart*>>;

// An indicator of a focus area: its charts (numbered on from `diagram`) and its text about the
// area's targets on it.
void indicator_article(std::ostringstream& o, const RunResult& r, const Area& a,
                       const Indicator* ind, const ChartsByIndicator& chart_of, int& diagram,
                       Lang lang) {
  o << "<article class=\"indicator\" id=\"ind-" << esc(ind->id) << "\">\n<h3>"
    << esc(lang == Lang::sv || ind->name_en.empty() ? ind->name_sv : ind->name_en) << "</h3>\n";
  const auto it = chart_of.find(ind->id);
  if (it != chart_of.end())
    for (const IndicatorChart* ic : it->second) {
      FanChart c = ic->chart;
      c.show_title = it->second.size() > 1;  // panels name their groups
      ++diagram;
      o << "<figure>\n"
        << render_fan_chart(c, lang) << "<figcaption>"
        << esc(tr(lang, "Diagram ", "Chart ") + std::to_string(diagram) + ": " + c.title + ". " +
               detail::chart_caption(r, *ind, lang) + scenario_caption(c, lang))
        << "</figcaption>\n</figure>\n";
    }
  cohort_figures(o, r, *ind, diagram, lang);
  std::vector<const TargetResult*> ts;
  for (const auto* t : a.targets)
    if (t->target->series.indicator == ind->id) ts.push_back(t);
  const bool none = nothing_to_follow_up(r, *ind);
  if (none)
    o << "<p class=\"nochart\">"
      << esc(ts.size() > 1
                 ? tr(lang,
                      "Inget diagram och ingen prognos: målen kan inte följas upp (skälen står "
                      "nedan).",
                      "No chart and no projection: the targets cannot be followed up (the "
                      "reasons are below).")
                 : tr(lang,
                      "Inget diagram och ingen prognos: målet kan inte följas upp (skälet står "
                      "nedan).",
                      "No chart and no projection: the target cannot be followed up (the reason "
                      "is below)."))
      << "</p>\n";
  o << detail::indicator_text_html(r, *ind, ts, lang, !none);
  o << "</article>\n";
}

// Indicators with data that belong to no target and no comparison (rare): charted at the end.
void other_indicators(std::ostringstream& o, const RunResult& r, const std::vector<Area>& areas,
                      const std::vector<IndicatorChart>& charts, int& diagram, Lang lang) {
  const Project& p = *r.project;
  bool other_head = false;
  for (const auto& c : charts) {
    bool in_area = false;
    for (const Area& a : areas)
      for (const Indicator* ind : a.indicators) in_area = in_area || ind->id == c.indicator;
    if (in_area) continue;
    if (!other_head) {
      o << "<section class=\"area\" id=\"ovriga\">\n<h2>"
        << esc(tr(lang, "Övriga indikatorer", "Other indicators")) << "</h2>\n";
      other_head = true;
    }
    FanChart fc = c.chart;
    fc.show_title = false;
    ++diagram;
    const Indicator* ind = p.find_indicator(c.indicator);
    o << "<h3>" << esc(fc.title) << "</h3>\n<figure>\n"
      << render_fan_chart(fc, lang) << "<figcaption>"
      << esc(tr(lang, "Diagram ", "Chart ") + std::to_string(diagram) + ": " + fc.title + ". " +
             (ind ? detail::chart_caption(r, *ind, lang) : "") + scenario_caption(fc, lang))
      << "</figcaption>\n</figure>\n";
    if (ind) o << detail::indicator_text_html(r, *ind, {}, lang);
  }
  if (other_head) o << "</section>\n";
}

// About the computations: the methods, and how the scenarios are computed.
void about_section(std::ostringstream& o, const RunResult& r, const Comparison* cmp, Lang lang) {
  o << "<section class=\"area\" id=\"om-berakningarna\">\n<h2>"
    << esc(tr(lang, "Om beräkningarna", "About the computations")) << "</h2>\n"
    << detail::method_html(r, lang);
  if (cmp)
    o << "<h3>" << esc(tr(lang, "Scenarier", "Scenarios")) << "</h3>\n<p>"
      << esc(tr(lang,
                "Varje scenario tillämpas på en kopia av basprognosens simulerade banor (samma "
                "modeller, samma "
                "banor, samma frö). Ingreppen med osäker storlek dras en gång per bana. Serier som "
                "beror på en "
                "ändrad serie (summor, komponenter) räknas om, och målen bedöms igen på samma sätt "
                "som för basen. "
                "Eftersom alla scenarier har samma banor som basen är skillnaden i sannolikhet "
                "scenariots effekt. "
                "Samma tal ger utsikt compare med samma frö och antal banor. Antagandena och deras "
                "källor står i "
                "projektets scenariofil.",
                "Each scenario is applied to a copy of the baseline projection's simulated paths "
                "(same models, same "
                "paths, same seed). Interventions of uncertain size are drawn once per path. "
                "Series that depend on "
                "a changed series (sums, components) are recomputed, and the targets are assessed "
                "again in the same "
                "way as for the baseline. Because every scenario has the same paths as the "
                "baseline, the difference "
                "in probability is the scenario's effect. utsikt compare gives the same numbers "
                "with the same seed "
                "and number of paths. The assumptions and their sources are in the project's "
                "scenario file."))
      << "</p>\n";
  o << "</section>\n";
}

}  // namespace

std::vector<std::string> scenario_warnings(const Comparison& c, Lang lang) {
  std::vector<std::string> out;
  for (std::size_t k = 1; k < c.outcomes.size(); ++k)
    for (const auto& n : c.outcomes[k].notes)
      if (n.severity == Severity::warning) {
        std::string s = detail::diagnostic_sentence(n, lang);
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
      }
  return out;
}

std::string scenario_warnings_text(const Comparison& c, Lang lang) {
  const auto w = scenario_warnings(c, lang);
  if (w.empty()) return "";
  std::string s = "\n" + detail::message("scenario.warnings_heading", lang) + "\n";
  for (const auto& x : w) s += "  ! " + x + "\n";
  return s;
}

std::string scenario_short_name(const std::string& name) {
  const auto p = name.find(": ");
  if (p != std::string::npos && display_width(name.substr(0, p)) >= 3) return name.substr(0, p);
  return name;
}

std::string report_html(const RunResult& r, Lang lang, const Comparison* scenarios) {
  const Project& p = *r.project;
  const auto areas = areas_of(r);
  const Comparison* cmp = scenarios && scenarios->outcomes.size() > 1 ? scenarios : nullptr;
  const auto charts = report_charts(r, lang, cmp);
  ChartsByIndicator chart_of;
  for (const auto& c : charts) chart_of[c.indicator].push_back(&c);
  const std::string title = lang == Lang::sv || p.name_en.empty() ? p.name_sv : p.name_en;

  std::ostringstream o;
  document_start(o, title, lang);
  summary_counts(o, r, lang);
  summary_table(o, r, areas, lang);
  contents_nav(o, areas, cmp, lang);
  if (cmp) o << scenario_section(r, *cmp, lang);

  int diagram = 0;
  for (std::size_t ai = 0; ai < areas.size(); ++ai) {
    const Area& a = areas[ai];
    o << "<section class=\"area\" id=\"" << area_anchor(ai)
      << "\">\n<h2><span class=\"sym\">▶</span> "
      << esc(a.name.empty() ? tr(lang, "Övrigt", "Other") : a.label(lang)) << "</h2>\n";
    area_table(o, r, a, cmp, lang);
    for (const Indicator* ind : a.indicators)
      indicator_article(o, r, a, ind, chart_of, diagram, lang);
    o << "</section>\n";
  }
  other_indicators(o, r, areas, charts, diagram, lang);
  o << ranking_section_html(r, lang);  // regions ranked (ranking.cpp); empty without regions
  about_section(o, r, cmp, lang);
  o << "</body>\n</html>\n";
  return o.str();
}

std::vector<std::string> write_report_html(const RunResult& r, const std::string& dir, Lang lang,
                                           const std::string& charts_dir,
                                           const Comparison* scenarios) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back((fs::path(dir) / "report.html").string(), report_html(r, lang, scenarios));
  if (!charts_dir.empty())
    for (const auto& c : report_charts(r, lang, scenarios))
      files.emplace_back((fs::path(charts_dir) / c.file_name).string(),
                         render_fan_chart_file(c.chart, lang));
  write_files_atomic(files);
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.first);
  return paths;
}

std::vector<std::string> write_report_charts(const RunResult& r, const std::string& charts_dir,
                                             Lang lang, const Comparison* scenarios) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& c : report_charts(r, lang, scenarios))
    files.emplace_back((fs::path(charts_dir) / c.file_name).string(),
                       render_fan_chart_file(c.chart, lang));
  write_files_atomic(files);
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.first);
  return paths;
}

}  // namespace utsikt::out
