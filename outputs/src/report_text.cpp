#include "report_text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "catalogue.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/outputs/quantiles.hpp"
#include "utsikt/outputs/report.hpp"
#include "utsikt/outputs/svg_chart.hpp"

namespace utsikt::out {
namespace detail {
namespace {

std::string esc(const std::string& s) { return html_text(s); }

std::string op_word(Direction d, Lang lang) {
  return d == Direction::at_least ? tr(lang, "minst", "at least") : tr(lang, "högst", "at most");
}

// Projections are uncertain: large numbers are shown to four significant digits
// (245 091 -> 245 100), never to the last inhabitant.
double round_projection(double v) {
  const double a = std::fabs(v);
  if (!std::isfinite(v) || a < 10000) return v;
  const double unit = std::pow(10.0, std::floor(std::log10(a)) - 3);
  return std::round(v / unit) * unit;
}

// A projected value with given decimals (shares: one decimal and a percent sign).
std::string fmt_dec(double v, int decimals, bool pct, Lang lang) {
  if (pct) return format_value_pct(v, true, lang);
  return format_fixed(round_projection(v), decimals, lang);
}
int common_decimals(std::initializer_list<double> vs) {
  double m = 0;
  for (double v : vs)
    if (std::isfinite(v)) m = std::max(m, std::fabs(v));
  return value_decimals(m);
}

std::string pp_word(Lang lang) {
  return tr(lang, "\u00a0procentenheter", "\u00a0percentage points");
}

// Difference in the indicator's unit: shares in percentage points.
std::string format_diff(double v, bool percent, Lang lang, bool short_pp = false) {
  std::string s = format_value(std::fabs(v), lang);
  if (percent)
    s = format_fixed(std::fabs(v), 1, lang) +
        (short_pp ? tr(lang, "\u00a0p.e.", "\u00a0pp") : pp_word(lang));
  return s;
}

std::string signed_diff(double v, bool percent, Lang lang, bool short_pp = false) {
  const std::string m = lang == Lang::sv ? "−" : "-";
  return (v > 0 ? "+" : v < 0 ? m : "") + format_diff(v, percent, lang, short_pp);
}

std::string quote(const std::string& s, Lang lang) {
  return lang == Lang::sv ? "\u201d" + s + "\u201d" : "\u201c" + s + "\u201d";
}

std::string target_text(const TargetResult& t, Lang lang) {
  const Target& g = *t.target;
  std::string s = lang == Lang::sv || g.text_en.empty() ? g.text_sv : g.text_en;
  if (s.empty()) s = g.id;
  return s;
}

// The year the chart and the text project to: the latest target year on the indicator.
int horizon_year(const RunResult& r, const Indicator& ind, int last_obs) {
  int y = 0;
  for (const auto& t : r.targets)
    if (t.target->series.indicator == ind.id && t.status != TargetStatus::no_data)
      y = std::max(y, t.target->year);
  if (y == 0) y = std::min(std::max(r.project->options.horizon_end, last_obs), last_obs + 10);
  return y;
}

}  // namespace

std::string html_text(const std::string& s) {
  const std::string x = xml_escape(s);
  std::string o;
  o.reserve(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == ' ' && i > 0 && i + 1 < x.size() &&
        std::isdigit(static_cast<unsigned char>(x[i - 1])) &&
        (std::isdigit(static_cast<unsigned char>(x[i + 1])) || x[i + 1] == '%'))
      o += "\u00a0";
    else
      o += x[i];
  }
  return o;
}

std::string threshold(double v, bool pct, Lang lang) {
  return format_trimmed(v, 3, lang) + (pct ? (lang == Lang::sv ? "\u00a0%" : "%") : "");
}

const char* arrow_symbol(Arrow a) {
  switch (a) {
    case Arrow::green:
      return "▲";
    case Arrow::yellow:
      return "►";
    case Arrow::red:
      return "▼";
    case Arrow::none:
      break;
  }
  return "–";
}

std::string arrow_word(Arrow a, Lang lang) {
  switch (a) {
    case Arrow::green:
      return tr(lang, "positiv", "positive");
    case Arrow::yellow:
      return tr(lang, "oförändrad", "unchanged");
    case Arrow::red:
      return tr(lang, "negativ", "negative");
    case Arrow::none:
      break;
  }
  return tr(lang, "ingen jämförelse", "no comparison");
}

bool few_points(const TargetResult& t) {
  for (const auto& d : t.diagnostics)
    if (d.code == "few_data_points") return true;
  return false;
}

bool is_percent(const Indicator* ind) {
  return ind && (ind->kind == IndicatorKind::share || unit_is_percent(ind->unit_sv) ||
                 unit_is_percent(ind->unit_en));
}

std::string lower_first(std::string s) {
  if (s.empty()) return s;
  // Nationalities and place names keep their capital letter in English ("Swedish-born").
  for (const char* keep : {"Swedish", "Sweden", "Lule", "Pite"})
    if (s.rfind(keep, 0) == 0) return s;
  if (s[0] >= 'A' && s[0] <= 'Z' && !(s.size() > 1 && s[1] >= 'A' && s[1] <= 'Z'))
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  else if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC3) {
    const unsigned char c = static_cast<unsigned char>(s[1]);
    if (c == 0x85 || c == 0x84 || c == 0x96) s[1] = static_cast<char>(c + 0x20);  // Å Ä Ö
  }
  return s;
}

Bounds shown_bounds(const TargetResult& t, const Indicator* ind) {
  Bounds b;
  if (!ind) return b;
  const TargetKindInfo& kind = kind_info(t.target->kind);
  const std::size_t vi = variant_index(kind, t.variant).value_or(0);
  Bounds own = ind->bounds;
  if (ind->kind == IndicatorKind::share) {
    if (!own.lower) own.lower = 0.0;
    if (!own.upper) own.upper = 100.0;
  }
  if (kind.variants[vi].reports_value || kind.scale == MeasureScale::value) return own;
  if (kind.scale == MeasureScale::relative && own.lower && *own.lower >= 0) b.lower = -1.0;
  return b;
}

ProjectionSummary projection_summary(const TargetResult& t, const Indicator* ind, Lang lang) {
  ProjectionSummary p;
  const bool pct = is_percent(ind);
  p.percent = pct;
  const Target& g = *t.target;
  const TargetKindInfo& kind = kind_info(g.kind);
  const std::size_t vi = variant_index(kind, t.variant).value_or(0);
  const TargetVariant& variant = kind.variants[vi];
  std::optional<Interval> iv = variant.reports_value ? t.value : t.measure_interval;
  int dec = 0;
  std::function<std::string(double)> f = [&](double v) { return fmt_dec(v, dec, pct, lang); };
  // The only result of a target, summarising its value in the target year, needs no label.
  if (!variant.reports_value || kind.variants.size() > 1)
    p.what = std::string(variant_label(g, vi).in(lang == Lang::sv)) + ":";
  if (!variant.reports_value) {
    switch (kind.scale) {
      case MeasureScale::value:
        break;
      case MeasureScale::relative:
        p.relative = true;
        p.percent = false;
        f = [&](double v) { return format_percent(v, 0, lang); };
        break;
      case MeasureScale::difference:
        f = [&](double v) { return signed_diff(v, pct, lang, true); };
        break;
      case MeasureScale::growth_points:
        p.percent = false;
        f = [&](double v) {
          return (v > 0   ? "+"
                  : v < 0 ? (lang == Lang::sv ? "−" : "-")
                          : "") +
                 format_fixed(std::fabs(v), 1, lang) + tr(lang, "\u00a0p.e.", "\u00a0pp");
        };
        break;
    }
  }
  if (!iv) return p;
  // Within the quantity's bounds: the engine keeps its paths inside them (and says so when it
  // had to set values to a bound), but a derived total or a difference of such paths may not.
  const Bounds b = shown_bounds(t, ind);
  for (double* v : {&iv->median, &iv->lo80, &iv->hi80}) {
    const double before = *v;
    if (b.lower) *v = std::max(*v, *b.lower);
    if (b.upper) *v = std::min(*v, *b.upper);
    p.cut = p.cut || *v != before;
  }
  dec = common_decimals({iv->median, iv->lo80, iv->hi80});
  p.median_value = iv->median;
  p.lo80 = iv->lo80;
  p.hi80 = iv->hi80;
  p.median = f(iv->median);
  if (t.status == TargetStatus::assessed) p.interval = f(iv->lo80) + " – " + f(iv->hi80);
  return p;
}

std::string reading_note(const RunResult& r, Lang lang) {
  std::ostringstream s;
  s << tr(lang,
          "Utveckling (pil) avser förändringen mellan basåret (eller första observationen) och "
          "senaste "
          "observationen i målets riktning: ▲ positiv, ► oförändrad, ▼ negativ. Sannolikheten att "
          "målet "
          "nås är andelen av ",
          "Development (arrow) is the change between the base year (or the first observation) and "
          "the "
          "latest observation, in the direction of the target: ▲ positive, ► unchanged, ▼ "
          "negative. The "
          "probability of meeting the target is the share of ")
    << format_fixed(r.n_paths, 0, lang)
    << tr(lang, " simulerade framtida utvecklingar där målet nås. ",
          " simulated future paths on which the target is met. ")
    << assessment_note(r, lang);
  return s.str();
}

std::string assessment_note(const RunResult& r, Lang lang) {
  const RunOptions& o = r.project->options;
  return tr(lang, "Bedömning: JA om sannolikheten är minst ",
            "Assessment: YES if the probability is at least ") +
         format_probability(o.class_yes, lang) +
         tr(lang, ", NÄRA om minst ", ", NEAR if at least ") +
         format_probability(o.class_near, lang) + tr(lang, ", annars NEJ. ", ", otherwise NO. ") +
         tr(lang, "* = få datapunkter (högst 4): sannolikheten är grov.",
            "* = few data points (4 or fewer): the probability is rough.");
}

std::string reliability_note(const RunResult& r, Lang lang) {
  const bool combination = std::any_of(r.series.begin(), r.series.end(), [](const auto& sr) {
    return !sr.forecast.calibration.factor.empty();
  });
  const bool cohort = std::any_of(r.series.begin(), r.series.end(),
                                  [](const auto& sr) { return sr.forecast.model == "cohort"; });
  if (!combination && !cohort) return "";
  // The figures are measured, not computed here: bench/calibration_windows.sh (docs/benchmarks.md,
  // "Calendar windows" and "Fourth round") and build/cohort_backtest ("Cohort-component model").
  std::string s = tr(lang, "Hur väl har intervallen stämt? ", "How well have the intervals held? ");
  if (combination)
    s += tr(lang,
            "Den automatiska regeln (den kalibrerade kombinationen) har prövats på serier där "
            "utfallet är känt, 1–6 år fram i fem tidsfönster. På M3-tävlingens 645 årsserier "
            "innehöll 80 %-intervallen 72–84 % av utfallen beroende på slag av serie, på länens "
            "folkmängd, åldersgrupper, födda och döda 1968–2015: 75–92 %. Jämna befolkningsserier "
            "hamnar oftare inom intervallen än de borde; för dem ligger en sannolikhet snarare för "
            "nära 50 % än för långt därifrån. Ett enskilt tidsfönster kan avvika mycket när en "
            "vändning "
            "saknar motsvarighet i historiken (länens födda 1986–1991: 27 %). ",
            "The automatic rule (the calibrated combination) has been tested on series whose "
            "outcomes are known, 1–6 years ahead in five periods. On the 645 yearly series of the "
            "M3 competition the 80 % intervals contained 72–84 % of the outcomes depending on the "
            "kind of series; on the Swedish counties' population, age groups, births and deaths "
            "1968–2015: 75–92 %. Smooth population series fall inside the intervals more often "
            "than they should; for them a probability is too close to 50 % rather than too far "
            "from it. A single period can deviate a lot when a turn has no counterpart in the "
            "history (the counties' births 1986–1991: 27 %). ");
  if (cohort)
    s += tr(lang,
            "Kohortmodellen för befolkningen har prövats på länen från tre startår (1995, 2000, "
            "2005) fram till 2015: 80 %-intervallen innehöll 84 % av länens folkmängd, mellan 71 "
            "och 95 % beroende på startår. ",
            "The cohort model of the population has been tested on the counties from three "
            "starting years (1995, 2000, 2005) to 2015: the 80 % intervals contained 84 % of the "
            "counties' population, between 71 and 95 % depending on the starting year. ");
  s.pop_back();
  return s;
}

std::vector<std::string> sources_of(const RunResult& r, const Indicator& ind, Lang lang) {
  std::vector<std::string> out;
  auto add = [&](const std::string& text) {
    // A bare file name says nothing to a reader; the per-observation sources do.
    for (const char* ext : {".csv", ".px", ".json", ".xlsx", ".toml"})
      if (text.size() > std::strlen(ext) &&
          text.compare(text.size() - std::strlen(ext), std::string::npos, ext) == 0)
        return;
    if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  };
  for (const auto& g : ind.groups)
    if (const Series* s = r.project->find_series({ind.id, g})) {
      add(s->provenance.source);
      for (std::size_t i = 0; i < s->sources.size(); ++i)
        if (!s->sources[i].empty()) add(source_text(*s, i, lang));
    }
  return out;
}

std::string chart_caption(const RunResult& r, const Indicator& ind, Lang lang) {
  const auto src = sources_of(r, ind, lang);
  if (src.empty()) return "";
  if (src.size() == 1) {
    std::string s = tr(lang, "Källa: ", "Source: ") + src.front();
    return s.back() == '.' ? s : s + ".";
  }
  return tr(lang, "Källor: se datakällorna under diagrammet.",
            "Sources: see the data sources below the chart.");
}

namespace {

// How series s developed from its first to its last observation (who: "Kvinnor: " or "").
std::string trend_sentence(const Series& s, const std::string& who, bool pct, bool several,
                           Lang lang) {
  const double v1 = s.values.back();
  const int y1 = s.years.back();
  if (s.size() == 1)
    return who + tr(lang, "endast ett observerat värde, ", "only one observed value, ") +
           format_value_pct(v1, pct, lang) + " (" + std::to_string(y1) + ").";
  const double v0 = s.values.front();
  const int y0 = s.years.front();
  const double d = v1 - v0;
  std::string change;
  if (std::fabs(d) < 1e-12) {
    change = tr(lang, "oförändrat", "unchanged");
  } else {
    change = (d > 0 ? tr(lang, "en ökning med ", "an increase of ")
                    : tr(lang, "en minskning med ", "a decrease of ")) +
             (pct ? format_diff(d, pct, lang)
                  : format_fixed(std::fabs(d), common_decimals({v0, v1}), lang));
    if (!pct && std::fabs(v0) > 1e-12)
      change +=
          " (" + format_percent(d / std::fabs(v0), std::fabs(d / v0) < 0.1 ? 1 : 0, lang) + ")";
  }
  std::string gaps;
  if (static_cast<int>(s.size()) < y1 - y0 + 1) {
    gaps = tr(lang, " Serien har ", " The series has ") + std::to_string(s.size()) +
           tr(lang, " observationer mellan ", " observations between ") + std::to_string(y0) +
           tr(lang, " och ", " and ") + std::to_string(y1) + ".";
    if (several)
      gaps = tr(lang, " (", " (") + std::to_string(s.size()) +
             tr(lang, " observationer)", " observations)");
    if (several) {
      change += gaps;
      gaps.clear();
    }
  }
  return who + format_value_pct(v1, pct, lang) + tr(lang, " år ", " in ") + std::to_string(y1) +
         tr(lang, " jämfört med ", " compared with ") + format_value_pct(v0, pct, lang) +
         tr(lang, " år ", " in ") + std::to_string(y0) + ": " + change + "." + gaps;
}

// The model of a forecast with its weights and why it was chosen; ends in the technical note
// (catalogue.hpp, model_note) in the report's language, as escaped text.
std::string model_sentence(const RunResult& r, const Indicator& ind, const SeriesResult& sr,
                           Lang lang) {
  const SeriesForecast& f = sr.forecast;
  std::string m = model_name(f.model, lang);
  if (f.weights.size() > 1) {
    m += " (";
    for (std::size_t i = 0; i < f.weights.size(); ++i)
      m += (i ? ", " : "") + model_label(f.weights[i].model, lang) + " " +
           format_probability(f.weights[i].weight, lang);
    m += ")";
  }
  if (!f.calibration.factor.empty())
    m += tr(lang,
            ", lika viktade; spridningen är kalibrerad så att intervallen stämt på 645 "
            "årsserier ur M3-tävlingen i fem tidsfönster",
            ", equally weighted; the spread is calibrated so that the intervals held on the "
            "645 yearly series of the M3 competition in five calendar windows");
  else if (f.model == "cohort")
    m += tr(lang,
            ": befolkningen efter ettårsklass och kön skrivs fram med födda, döda och flyttnetto, "
            "var och en med egen osäkerhet",
            ": the population by single year of age and sex is projected with births, deaths "
            "and net migration, each with its own uncertainty");
  else if (f.reason_code == "requested")
    m += tr(lang, ", vald i projektfilen", ", chosen in the project file");
  else if (f.reason_code == "short_series")
    m += tr(lang, ", vald med regeln för korta serier", ", chosen by the short-series rule");
  const std::string note = model_note(r, ind, sr, lang);
  if (!note.empty())
    m += ". <span class=\"tech\">[" + esc(note) + "]</span>";
  else
    m += ".";
  return m;
}

// What the text says about one target: whether it can be followed up, is decided or how
// likely it is met, and its development.
std::string target_sentence(const TargetResult* t, Lang lang) {
  std::string s;
  const std::string name = quote(target_text(*t, lang), lang) +
                           (t->variant.empty() ? "" : " (" + label(t->variant, lang) + ")");
  if (t->status == TargetStatus::no_data) {
    const std::string reason = no_data_sentence(*t, lang);
    s = tr(lang, "Målet ", "The target ") + name +
        tr(lang, " kan inte följas upp: ", " cannot be followed up: ") + reason +
        (reason.empty() || reason.back() == '.' ? "" : ".");
  } else if (t->status == TargetStatus::observed) {
    s = tr(lang, "Målet ", "The target ") + name +
        tr(lang, " är avgjort av utfallet: det ", " is decided by the outcome: it ") +
        (t->probability >= 0.5 ? tr(lang, "är uppnått.", "is met.")
                               : tr(lang, "är inte uppnått.", "is not met."));
  } else {
    s = tr(lang, "Sannolikheten att målet ", "The probability of meeting the target ") + name +
        tr(lang, " nås är ", " is ") + format_probability(t->probability, lang) + " (" +
        label(to_string(t->assessment), lang) + ").";
  }
  if (t->status != TargetStatus::no_data && t->arrow != Arrow::none && t->base_year &&
      t->latest_year)
    s += tr(lang, " Utvecklingen ", " The development ") + std::to_string(*t->base_year) + "–" +
         std::to_string(*t->latest_year) + tr(lang, " är ", " is ") + arrow_word(t->arrow, lang) +
         " " + arrow_symbol(t->arrow) + ".";
  return s;
}

// The paragraph on the projection models: one sentence when every group has the same model
// and reason, else one per group (model_who: the groups' "Kvinnor: " prefixes).
void model_paragraph(std::ostringstream& o, const std::vector<std::string>& model,
                     const std::vector<std::string>& model_who, Lang lang) {
  bool same = true;
  for (const auto& m : model) same = same && m == model.front();
  o << "<p class=\"model\">" << esc(tr(lang, "Prognosmodell", "Projection model"))
    << (same && model.size() > 1 ? esc(tr(lang, " (alla grupper)", " (all groups)")) : "") << ": ";
  for (std::size_t i = 0; i < model.size(); ++i) {
    if (same && i > 0) break;
    // model[i] holds escaped technical text already; escape the rest piecewise.
    const std::size_t cut = model[i].find(". <span");
    const std::string head = (same ? "" : model_who[i]) +
                             (cut == std::string::npos ? model[i] : model[i].substr(0, cut + 1));
    const std::string tail = cut == std::string::npos ? "" : model[i].substr(cut + 1);
    o << (i ? " " : "") << esc(i == 0 ? head : capitalize(head)) << tail;
  }
  o << "</p>\n";
}

// Series written as the engine names them ("bostader_fardigstallda/total") replaced by the
// indicator's name in the report's language (and the group, unless it is the total).
std::string readable_series(const std::string& text, const Project& p, Lang lang) {
  static const std::regex ref("([a-z0-9_]+)/([a-z0-9_]+)");
  std::string out;
  auto from = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), ref), end; it != end; ++it) {
    const std::smatch& m = *it;
    out.append(from, m[0].first);
    from = m[0].second;
    const Indicator* ind = p.find_indicator(m[1]);
    if (!ind ||
        std::find(ind->groups.begin(), ind->groups.end(), m[2].str()) == ind->groups.end()) {
      out += m[0].str();
      continue;
    }
    std::string name = lang == Lang::sv || ind->name_en.empty() ? ind->name_sv : ind->name_en;
    if (name.empty()) name = ind->id;
    out += "\u201d" + name + "\u201d";
    if (m[2].str() != "total") out += " (" + lower_first(group_label(m[2].str(), lang)) + ")";
  }
  out.append(from, text.cend());
  return out;
}

// The caveats under an indicator's text: few data points, the indicator's note, the
// projections' diagnostics (diags), the data's provenance notes and the data sources.
std::vector<std::string> caveats_of(const RunResult& r, const Indicator& ind, int min_points,
                                    const std::vector<Diagnostic>& diags, Lang lang) {
  const Project& p = *r.project;
  std::vector<std::string> caveats;
  if (min_points <= 4 && min_points < (1 << 30))
    caveats.push_back(tr(lang, "Få datapunkter: prognosen bygger på ",
                         "Few data points: the projection rests on ") +
                      (min_points == 1 ? tr(lang, "en enda observation", "a single observation")
                                       : std::to_string(min_points) +
                                             tr(lang, " observationer", " observations")) +
                      tr(lang, "; sannolikheterna är grova och intervallen breda.",
                         "; the probabilities are rough and the intervals wide."));
  if (!ind.note.empty()) caveats.push_back(tr(lang, "Anmärkning: ", "Note: ") + ind.note);
  std::set<std::string> seen;
  for (const auto& d : diags) {
    if (diagnostic_shown_elsewhere(d) || !seen.insert(d.code + d.message).second) continue;
    const std::string text = readable_series(diagnostic_sentence(d, lang), p, lang);
    if (std::find(caveats.begin(), caveats.end(), text) == caveats.end()) caveats.push_back(text);
  }
  for (const auto& g : ind.groups)
    if (const Series* s = p.find_series({ind.id, g}))
      for (const auto& n : s->provenance.notes)
        if (seen.insert(n).second) caveats.push_back(n);
  const auto src = sources_of(r, ind, lang);
  if (!src.empty()) {
    std::string s = tr(lang, "Datakällor: ", "Data sources: ");
    for (std::size_t i = 0; i < src.size(); ++i) s += (i ? "; " : "") + src[i];
    caveats.push_back(s + ".");
  }
  return caveats;
}

}  // namespace

std::string indicator_text_html(const RunResult& r, const Indicator& ind,
                                const std::vector<const TargetResult*>& targets, Lang lang,
                                bool projection) {
  const Project& p = *r.project;
  const bool pct = is_percent(&ind);
  const bool several = ind.groups.size() > 1;
  std::ostringstream o;
  std::vector<std::string> trend, proj, model, model_who;
  int min_points = 1 << 30, last_obs = 0;
  std::vector<Diagnostic> diags;
  for (const auto& g : ind.groups) {
    const Series* s = p.find_series({ind.id, g});
    if (!s || s->empty()) continue;
    min_points = std::min(min_points, s->effective_points());
    last_obs = std::max(last_obs, s->years.back());
  }
  const int hy = horizon_year(r, ind, last_obs);
  for (const auto& g : ind.groups) {
    const Series* s = p.find_series({ind.id, g});
    if (!s || s->empty()) continue;
    const std::string who = several ? group_label(g, lang) + ": " : "";
    trend.push_back(trend_sentence(*s, who, pct, several, lang));
    const SeriesResult* sr = projection ? r.find({ind.id, g}) : nullptr;
    if (sr && !sr->forecast.years.empty()) {
      const QuantileTable q = quantile_table(sr->forecast);
      if (const auto* row = q.at_year(hy)) {
        const int d = common_decimals({(*row)[1], (*row)[3], (*row)[5]});
        proj.push_back(
            who + tr(lang, "prognosen för ", "the projection for ") + std::to_string(hy) +
            tr(lang, " är ", " is ") + fmt_dec((*row)[3], d, pct, lang) +
            tr(lang, ", med 80 % sannolikhet mellan ", ", with 80 % probability between ") +
            fmt_dec((*row)[1], d, pct, lang) + tr(lang, " och ", " and ") +
            fmt_dec((*row)[5], d, pct, lang) + ".");
      }
      model.push_back(model_sentence(r, ind, *sr, lang));
      model_who.push_back(who);
      for (const auto& d : sr->forecast.diagnostics) diags.push_back(d);
    }
  }
  if (!trend.empty()) {
    o << "<p>";
    for (std::size_t i = 0; i < trend.size(); ++i) o << (i ? " " : "") << esc(capitalize(trend[i]));
    if (!proj.empty()) {
      o << " ";
      for (std::size_t i = 0; i < proj.size(); ++i) o << (i ? " " : "") << esc(capitalize(proj[i]));
    }
    o << "</p>\n";
  }

  // Targets.
  if (!targets.empty()) {
    o << "<p>";
    bool first = true;
    for (const TargetResult* t : targets) {
      o << (first ? "" : " ") << esc(target_sentence(t, lang));
      first = false;
    }
    o << "</p>\n";
  }
  if (!model.empty()) model_paragraph(o, model, model_who, lang);

  const auto caveats = caveats_of(r, ind, projection ? min_points : 1 << 30, diags, lang);
  if (!caveats.empty()) {
    o << "<ul class=\"caveats\">";
    for (const auto& c : caveats) o << "<li>" << esc(c) << "</li>";
    o << "</ul>\n";
  }
  return o.str();
}

std::string method_html(const RunResult& r, Lang lang) {
  const RunOptions& o = r.project->options;
  std::ostringstream s;
  s << "<p>"
    << esc(tr(lang,
              "Varje indikator skrivs fram med en statistisk tidsseriemodell som väljs automatiskt "
              "(eller anges i "
              "projektfilen). Modellen simulerar ",
              "Every indicator is projected with a statistical time-series model chosen "
              "automatically (or set in "
              "the project file). The model simulates "))
    << esc(format_fixed(r.n_paths, 0, lang))
    << esc(tr(lang,
              " möjliga framtida utvecklingar per serie. Medianen är det mittersta värdet; 80 "
              "%-intervallet "
              "innehåller de mittersta 80 procenten av utvecklingarna. Sannolikheten att ett mål "
              "nås är andelen "
              "utvecklingar där målet är uppfyllt; år som redan är observerade har sitt "
              "observerade värde.",
              " possible future paths per series. The median is the middle value; the 80 % "
              "interval holds the "
              "middle 80 percent of the paths. The probability of meeting a target is the share of "
              "paths on which "
              "it is met; years already observed keep their observed value."))
    << " " << esc(assessment_note(r, lang)) << "</p>\n<p>"
    << esc(tr(lang,
              "Utveckling (pilen) räknas av utsikt ur observationerna, med samma regel i "
              "terminalen, CSV/JSON, rapporten och arbetsboken (docs/targets.md); den ersätter "
              "inte uppföljningens egna pilar, som är bedömningar: ",
              "Development (the arrow) is computed by utsikt from the observations, with the same "
              "rule in the terminal, CSV/JSON, this report and the workbook (docs/targets.md); it "
              "does not replace the follow-up's own arrows, which are judgements: "))
    << "<span class=\"arrow green\">▲ " << esc(tr(lang, "positiv", "positive")) << "</span>, "
    << "<span class=\"arrow yellow\">► " << esc(tr(lang, "oförändrad", "unchanged")) << "</span>, "
    << "<span class=\"arrow red\">▼ " << esc(tr(lang, "negativ", "negative")) << "</span> "
    << esc(tr(lang,
              "utveckling sedan basåret i målets riktning. Oförändrad betyder en förändring "
              "mindre än ",
              "development since the base year in the target's direction. Unchanged means a "
              "change smaller than "))
    << esc(format_fixed(o.arrow_unchanged_pp, 1, lang))
    << esc(tr(lang, " procentenheter för andelar och mindre än ",
              " percentage points for shares and smaller than "))
    << esc(format_percent(o.arrow_unchanged_rel, 1, lang).substr(1))
    << esc(tr(lang,
              " för övriga indikatorer; för jämställdhets- och paritetsmål räknas förändringen "
              "av skillnaden (för andelar i procentenheter, annars av kvoten max(a/b, b/a) - 1).",
              " for other indicators; for parity targets the change of the gap counts (for "
              "shares in percentage points, otherwise of the ratio max(a/b, b/a) - 1)."))
    << "</p>\n";
  if (const std::string note = reliability_note(r, lang); !note.empty())
    s << "<p>" << esc(note) << "</p>\n";
  s << "<p>"
    << esc(tr(lang,
              "Diagrammen: heldragen linje med markörer = observerade värden (ett saknat år bryter "
              "linjen); "
              "streckad linje = prognosens median; skuggade band = 80 och 95 % "
              "prognosintervall (det mörkare är 80 %-intervallet), samma i alla diagram; ruter med "
              "kryss = mål; ring = basår för relativa mål; grå tunn "
              "linje = riket. "
              "Grupper (t.ex. kvinnor och män) har egna markörer och streckmönster.",
              "Charts: solid line with markers = observed values (a missing year breaks the line); "
              "dashed line = "
              "median projection; shaded bands = 80 and 95 % projection intervals (the darker one "
              "is the 80 % interval), the same in every chart; "
              "diamond with a cross = target; ring = base year of a relative target; thin grey "
              "line = Sweden. "
              "Groups (e.g. women and men) have their own markers and dash patterns."))
    << "</p>\n<p class=\"small\">"
    << esc(tr(lang, "Beräknat med utsikt. Slumpfrö ", "Computed with utsikt. Seed ")) << r.seed
    << ", " << esc(format_fixed(r.n_paths, 0, lang))
    << esc(tr(lang, " simulerade banor per serie. Samma frö och data ger exakt samma resultat.",
              " simulated paths per series. The same seed and data give exactly the same results."))
    << "</p>\n";
  return s.str();
}

}  // namespace detail

std::string target_rule(const Target& t, const Indicator* ind, Lang lang) {
  using detail::tr;
  const bool pct = detail::is_percent(ind);
  auto v = [&](double x) { return detail::threshold(x, pct, lang); };
  const std::string y = std::to_string(t.year);
  const std::string in = tr(lang, " år ", " in ");
  const TargetKindInfo& kind = kind_info(t.kind);
  const bool up = t.direction == Direction::at_least;
  switch (kind.shape) {
    case TargetShape::threshold: {
      const std::string op = tr(lang, up ? "minst " : "högst ", up ? "at least " : "at most ");
      if (kind.from != KeyUse::ignored)  // a yearly flow over a period
        return op + v(t.value) + tr(lang, " per år ", " per year ") + std::to_string(t.from_year) +
               "–" + y;
      std::string s = op + v(t.value) + in + y;
      if (kind.tolerance_is_slack && t.tolerance > 0)
        s += tr(lang, " (marginal ", " (margin ") +
             (pct ? format_trimmed(t.tolerance, 2, lang) + tr(lang, "\u00a0p.e.", "\u00a0pp")
                  : format_trimmed(t.tolerance, 3, lang)) +
             ")";
      return s;
    }
    case TargetShape::relative_change: {
      const std::string base = t.base_year ? std::to_string(*t.base_year) : "?";
      const std::string amount =
          format_fixed(std::fabs(t.value) * 100,
                       std::fabs(t.value * 100 - std::round(t.value * 100)) > 1e-9 ? 1 : 0, lang) +
          (lang == Lang::sv ? "\u00a0%" : "%");
      if (t.value < 0 && t.direction == Direction::at_most)
        return tr(lang, "minska med minst ", "decrease by at least ") + amount +
               tr(lang, " från ", " from ") + base + tr(lang, " till ", " to ") + y;
      if (t.value > 0 && t.direction == Direction::at_least)
        return tr(lang, "öka med minst ", "increase by at least ") + amount +
               tr(lang, " från ", " from ") + base + tr(lang, " till ", " to ") + y;
      return tr(lang, "förändring ", "change ") +
             (t.direction == Direction::at_least ? tr(lang, "minst ", "at least ")
                                                 : tr(lang, "högst ", "at most ")) +
             format_percent(t.value, 0, lang) + tr(lang, " från ", " from ") + base +
             tr(lang, " till ", " to ") + y;
    }
    case TargetShape::absolute_change: {
      const std::string base = t.base_year ? std::to_string(*t.base_year) : "?";
      const std::string amount = v(std::fabs(t.value));
      if (t.value < 0 && t.direction == Direction::at_most)
        return tr(lang, "minska med minst ", "decrease by at least ") + amount +
               tr(lang, " från ", " from ") + base + tr(lang, " till ", " to ") + y;
      if (t.value >= 0 && t.direction == Direction::at_least)
        return tr(lang, "öka med minst ", "increase by at least ") + amount +
               tr(lang, " från ", " from ") + base + tr(lang, " till ", " to ") + y;
      return tr(lang, "förändring ", "change ") +
             (up ? tr(lang, "minst ", "at least ") : tr(lang, "högst ", "at most ")) +
             (t.value >= 0 ? "+" : "-") + amount + tr(lang, " från ", " from ") + base +
             tr(lang, " till ", " to ") + y;
    }
    case TargetShape::direction: {
      const std::string base = t.base_year ? tr(lang, "år ", "") + std::to_string(*t.base_year)
                                           : tr(lang, "senaste värdet", "the latest value");
      return (up ? tr(lang, "högre", "higher") : tr(lang, "lägre", "lower")) + in + y +
             tr(lang, " än ", " than ") + base;
    }
    case TargetShape::gap: {
      if (kind.groups == KeyUse::required) {  // between two groups of the indicator
        const std::string a = detail::lower_first(group_label(t.series.group, lang));
        const std::string b =
            t.other ? detail::lower_first(group_label(t.other->group, lang)) : "?";
        return tr(lang, "skillnad ", "gap ") + a + "–" + b + " " +
               detail::op_word(Direction::at_most, lang) + " " +
               (pct ? format_trimmed(t.tolerance, 2, lang) +
                          (std::fabs(t.tolerance - 1.0) < 1e-12
                               ? tr(lang, "\u00a0procentenhet", "\u00a0percentage point")
                               : tr(lang, "\u00a0procentenheter", "\u00a0percentage points"))
                    : format_trimmed(t.tolerance, 3, lang)) +
               in + y;
      }
      std::string ref = t.reference_value ? v(*t.reference_value) : std::string();
      if (ref.empty()) ref = tr(lang, "riket", "Sweden");
      return tr(lang, "samma nivå som ", "the same level as ") + ref + " (± " +
             (pct ? format_trimmed(t.tolerance, 2, lang) +
                        tr(lang, "\u00a0procentenheter", "\u00a0pp")
                  : format_trimmed(t.tolerance, 3, lang)) +
             ")" + in + y;
    }
    case TargetShape::relative_growth: {
      const std::string base = t.base_year ? std::to_string(*t.base_year) : "?";
      return tr(lang, "växa mer än riket ", "grow faster than Sweden ") + base + "–" + y;
    }
  }
  return "";
}

}  // namespace utsikt::out
