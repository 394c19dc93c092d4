#include "utsikt/outputs/scenario_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalogue.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/csv_writer.hpp"
#include "utsikt/engine/target_kinds.hpp"

namespace utsikt::out {
namespace {

double or_nan(const std::optional<double>& v) { return v ? *v : NAN; }

// Column name of a quantile level as a percentage: 0.1 -> "q10", 0.025 -> "q2.5".
std::string quantile_column(double level) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "q%.10g", level * 100.0);
  return buf;
}

nlohmann::json jnum(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

std::string pad(const std::string& s, std::size_t w) {
  const std::size_t d = display_width(s);
  return d >= w ? s : s + std::string(w - d, ' ');
}

// Target ids are short and unique (several targets share the document's wording); the texts
// are in the CSV/JSON and in `utsikt run`.
std::string target_text(const TargetResult& t, Lang lang) {
  std::string s = t.target->id;
  if (!t.variant.empty()) s += " (" + label(t.variant, lang) + ")";
  return s;
}

std::string pp(double d, Lang lang) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%+.1f", d * 100.0);
  std::string s = buf;
  if (lang == Lang::sv)
    for (auto& c : s)
      if (c == '.') c = ',';
  return s + (lang == Lang::sv ? " pe" : " pp");
}

std::string prob_or_nodata(const TargetResult& t, Lang lang) {
  return t.status == TargetStatus::no_data ? label("no_data", lang)
                                           : format_probability(t.probability, lang);
}

std::string scenario_name(const ScenarioOutcome& o, Lang lang) {
  if (!o.scenario) return lang == Lang::sv ? "Bas" : "Baseline";
  return lang == Lang::sv ? o.scenario->name_sv : o.scenario->name_en;
}

std::string t(Lang lang, const char* sv, const char* en) { return lang == Lang::sv ? sv : en; }

}  // namespace

std::string compare_table(const Comparison& c, Lang lang) {
  std::ostringstream o;
  o << t(lang, "Scenarier (samma simulerade banor för alla: skillnaden är scenariots effekt)",
         "Scenarios (the same simulated paths for all: a difference is the scenario's effect)")
    << "\n";
  for (std::size_t k = 1; k < c.outcomes.size(); ++k) {
    const Scenario& s = *c.outcomes[k].scenario;
    o << "  [" << k << "] " << (lang == Lang::sv ? s.name_sv : s.name_en) << " (" << s.id << ")";
    const std::string& d = lang == Lang::sv ? s.description_sv : s.description_en;
    if (!d.empty()) o << ": " << d;
    o << "\n";
    for (const auto& n : c.outcomes[k].notes)
      if (n.severity == Severity::warning)
        o << "      ! " << detail::diagnostic_sentence(n, lang) << "\n";
  }
  o << "\n" << pad(label("target", lang), 46) << "  " << pad(t(lang, "Bas", "Baseline"), 10);
  for (std::size_t k = 1; k < c.outcomes.size(); ++k)
    o << "  " << pad("[" + std::to_string(k) + "]", 20);
  o << "\n" << std::string(46 + 12 + 22 * (c.outcomes.size() - 1), '-') << "\n";
  const auto& base = c.outcomes[0].targets;
  for (std::size_t i = 0; i < base.size(); ++i) {
    o << pad(fit_width(target_text(base[i], lang), 46), 46) << "  "
      << pad(prob_or_nodata(base[i], lang), 10);
    for (std::size_t k = 1; k < c.outcomes.size(); ++k) {
      const TargetResult& r = c.outcomes[k].targets[i];
      std::string cell = prob_or_nodata(r, lang);
      if (r.status != TargetStatus::no_data && base[i].status != TargetStatus::no_data) {
        const double d = r.probability - base[i].probability;
        cell += d == 0.0 ? "  (±0)" : "  (" + pp(d, lang) + ")";
      }
      o << "  " << pad(cell, 20);
    }
    o << "\n";
  }
  o << "\n"
    << t(lang, "P(uppfyllt) per scenario; inom parentes: förändring mot basen i procentenheter.",
         "P(met) per scenario; in brackets: change from the baseline in percentage points.")
    << " " << label("seed", lang) << " " << c.baseline->seed << ", " << c.baseline->n_paths << " "
    << label("paths", lang) << ".\n";
  return o.str();
}

std::string compare_csv(const Comparison& c) {
  CsvWriter w;
  w.row({"target", "variant", "scenario", "scenario_name_sv", "scenario_name_en", "status",
         "probability", "mc_se", "baseline_probability", "change_pp", "seed", "paths"});
  const auto& base = c.outcomes[0].targets;
  for (const auto& oc : c.outcomes)
    for (std::size_t i = 0; i < oc.targets.size(); ++i) {
      const TargetResult& r = oc.targets[i];
      const bool has = r.status != TargetStatus::no_data;
      const bool has_base = base[i].status != TargetStatus::no_data;
      w.text(r.target->id)
          .text(r.variant)
          .text(oc.scenario ? oc.scenario->id : "baseline")
          .text(scenario_name(oc, Lang::sv))
          .text(scenario_name(oc, Lang::en))
          .text(to_string(r.status))
          .number(has ? r.probability : NAN)
          .number(has ? r.mc_se : NAN)
          .number(has_base ? base[i].probability : NAN)
          .number(has && has_base ? (r.probability - base[i].probability) * 100.0 : NAN)
          .text(std::to_string(c.baseline->seed))
          .integer(c.baseline->n_paths)
          .end_row();
    }
  return w.str();
}

std::string compare_json(const Comparison& c) {
  nlohmann::json j;
  j["seed"] = c.baseline->seed;
  j["paths"] = c.baseline->n_paths;
  j["common_random_numbers"] =
      "every scenario transforms the baseline's simulated paths; differences are effects, not "
      "noise";
  nlohmann::json scen = nlohmann::json::array();
  for (const auto& oc : c.outcomes) {
    nlohmann::json s;
    s["id"] = oc.scenario ? oc.scenario->id : "baseline";
    s["name_sv"] = scenario_name(oc, Lang::sv);
    s["name_en"] = scenario_name(oc, Lang::en);
    if (oc.scenario) {
      s["description_sv"] = oc.scenario->description_sv;
      s["description_en"] = oc.scenario->description_en;
      s["source"] = oc.scenario->source;
      nlohmann::json ivs = nlohmann::json::array();
      for (const auto& iv : oc.scenario->interventions) {
        nlohmann::json x;
        x["id"] = iv.id;
        x["indicator"] = iv.series.indicator;
        x["group"] = iv.series.group;
        x["type"] = std::string(to_string(iv.type));
        x["from"] = iv.from;
        if (iv.to) x["to"] = iv.to;
        if (iv.type == InterventionType::path) {
          nlohmann::json pts = nlohmann::json::object();
          for (auto& [y, v] : iv.points) pts[std::to_string(y)] = v;
          x["values"] = pts;
        } else {
          x["value"] = iv.value.describe();
          x["value_mean"] = iv.scale * iv.value.mean();
          if (!iv.parameter.empty()) {  // linked: value is the parameter's, the size scale times it
            x["parameter"] = iv.parameter;
            x["scale"] = iv.scale;
          }
        }
        x["unit"] = iv.percent ? "percent" : "absolute";
        x["note"] = iv.note;
        ivs.push_back(x);
      }
      s["interventions"] = ivs;
    }
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& n : oc.notes)
      notes.push_back({{"severity", n.severity == Severity::info ? "info" : "warning"},
                       {"code", n.code},
                       {"message", n.message}});
    s["notes"] = notes;
    nlohmann::json ch = nlohmann::json::array();
    for (const auto& cs : oc.changed) ch.push_back(cs.ref.indicator + "/" + cs.ref.group);
    s["changed_series"] = ch;
    if (!c.quantiles.empty()) {  // --quantiles: the changed series' projections with them
      const std::size_t nq = c.quantiles.size();
      nlohmann::json pr = nlohmann::json::array();
      for (const auto& cs : oc.changed) {
        nlohmann::json x;
        x["indicator"] = cs.ref.indicator;
        x["group"] = cs.ref.group;
        x["years"] = cs.years;
        nlohmann::json bm = nlohmann::json::array(), md = nlohmann::json::array();
        for (std::size_t h = 0; h < cs.years.size(); ++h) {
          bm.push_back(jnum(cs.baseline_median[h]));
          md.push_back(jnum(cs.median[h]));
        }
        x["baseline_median"] = bm;
        x["median"] = md;
        nlohmann::json qs = nlohmann::json::object();
        for (std::size_t k = 0; k < nq; ++k) {
          nlohmann::json col = nlohmann::json::array();
          for (std::size_t h = 0; h < cs.years.size(); ++h) col.push_back(jnum(cs.q[h * nq + k]));
          qs[quantile_column(c.quantiles[k])] = col;
        }
        x["quantiles"] = qs;
        pr.push_back(x);
      }
      s["projections"] = pr;
    }
    nlohmann::json ts = nlohmann::json::array();
    for (std::size_t i = 0; i < oc.targets.size(); ++i) {
      const TargetResult& r = oc.targets[i];
      const TargetResult& b = c.outcomes[0].targets[i];
      nlohmann::json x;
      x["target"] = r.target->id;
      x["variant"] = r.variant;
      x["status"] = std::string(to_string(r.status));
      if (r.status == TargetStatus::no_data) {
        x["probability"] = nullptr;
        x["no_data_reason"] = r.no_data_reason;
      } else {
        x["probability"] = r.probability;
        x["mc_se"] = r.mc_se;
        if (r.value) x["median"] = r.value->median;
      }
      x["change_pp"] = (r.status != TargetStatus::no_data && b.status != TargetStatus::no_data)
                           ? nlohmann::json((r.probability - b.probability) * 100.0)
                           : nlohmann::json(nullptr);
      ts.push_back(x);
    }
    s["targets"] = ts;
    scen.push_back(s);
  }
  j["scenarios"] = scen;
  return j.dump(2, ' ', false,
                nlohmann::json::error_handler_t::replace) +
         "\n";  // invalid UTF-8: U+FFFD
}

std::string compare_projections_csv(const Comparison& c) {
  // Columns q10, q90 by default; with quantiles asked for (--quantiles), one column per level
  // instead, named the same way (q5, q25, q97.5).
  const std::size_t nq = c.quantiles.size();
  CsvWriter w;
  for (const char* h : {"scenario", "indicator", "group", "year", "baseline_median", "median"})
    w.text(h);
  if (nq == 0) w.text("q10").text("q90");
  for (double q : c.quantiles) w.text(quantile_column(q));
  w.end_row();
  for (const auto& oc : c.outcomes) {
    if (!oc.scenario) continue;
    for (const auto& cs : oc.changed)
      for (std::size_t h = 0; h < cs.years.size(); ++h) {
        w.text(oc.scenario->id)
            .text(cs.ref.indicator)
            .text(cs.ref.group)
            .integer(cs.years[h])
            .number(cs.baseline_median[h])
            .number(cs.median[h]);
        if (nq == 0) w.number(cs.lo80[h]).number(cs.hi80[h]);
        for (std::size_t j = 0; j < nq; ++j) w.number(cs.q[h * nq + j]);
        w.end_row();
      }
  }
  return w.str();
}

std::vector<std::string> write_compare_outputs(const Comparison& c, const std::string& dir) {
  namespace fs = std::filesystem;
  const std::string csv = (fs::path(dir) / "compare.csv").string();
  const std::string json = (fs::path(dir) / "compare.json").string();
  const std::string proj = (fs::path(dir) / "compare_projections.csv").string();
  write_files_atomic(
      {{csv, compare_csv(c)}, {json, compare_json(c)}, {proj, compare_projections_csv(c)}});
  return {csv, json, proj};
}

// --- Realistic targets ---------------------------------------------------------------------

namespace {

std::string class_label(EurostatClass c, Lang lang) {
  switch (c) {
    case EurostatClass::achieved:
      return t(lang, "mål uppnått", "target achieved");
    case EurostatClass::significant:
      return t(lang, "betydande framsteg", "significant progress");
    case EurostatClass::moderate:
      return t(lang, "måttliga framsteg", "moderate progress");
    case EurostatClass::insufficient:
      return t(lang, "otillräckliga framsteg", "insufficient progress");
    case EurostatClass::away:
      return t(lang, "rör sig bort", "moving away");
    case EurostatClass::not_computable:
      return t(lang, "ej beräkningsbar", "not computable");
    case EurostatClass::not_applicable:
      return t(lang, "ej tillämplig", "not applicable");
  }
  return "";
}
std::string class_label(UnClass c, Lang lang) {
  switch (c) {
    case UnClass::achieved:
      return t(lang, "uppnått", "achieved");
    case UnClass::on_track:
      return t(lang, "på väg", "on track");
    case UnClass::fair:
      return t(lang, "viss framgång", "fair progress");
    case UnClass::stagnation:
      return t(lang, "stagnation/tillbakagång", "stagnation/regression");
    case UnClass::not_computable:
      return t(lang, "ej beräkningsbar", "not computable");
    case UnClass::not_applicable:
      return t(lang, "ej tillämplig", "not applicable");
  }
  return "";
}

std::string fv(const std::optional<double>& v, Lang lang, bool relative = false) {
  if (!v || !std::isfinite(*v)) return "–";
  return relative ? format_percent(*v, 1, lang) : format_value(*v, lang);
}

std::string first_year_text(const FirstYear& f, Lang lang) {
  if (!f.applicable) return "–";
  if (f.already_met) return t(lang, "redan nått", "already reached");
  // Median first year (paths never reaching it count as after the horizon).
  double cum = 0;
  for (std::size_t k = 0; k < f.years.size(); ++k) {
    cum += f.share[k];
    if (cum >= 0.5) return std::to_string(f.years[k]);
  }
  return t(lang, "ej till ", "not by ") +
         (f.years.empty() ? std::string("-") : std::to_string(f.years.back()));
}

std::string lever_outcome(LeverResult::Outcome o) {
  switch (o) {
    case LeverResult::Outcome::found:
      return "found";
    case LeverResult::Outcome::already_met:
      return "already_met";
    case LeverResult::Outcome::not_reachable:
      return "not_reachable";
    case LeverResult::Outcome::no_data:
      return "no_data";
  }
  return "no_data";
}

}  // namespace

std::string realistic_table(const RealisticReport& r, Lang lang) {
  std::ostringstream o;
  const int pa = static_cast<int>(std::lround(r.probability * 100));
  o << pad(label("target", lang), 44) << "  " << pad(label("probability", lang), 8) << "  "
    << pad(t(lang, "Nås med 50/80/90 %", "Reached with 50/80/90 %"), 30) << "  "
    << pad(t(lang, "P=", "P=") + std::to_string(pa) + " %", 10) << "  "
    << pad(t(lang, "Krävs/år", "Required/yr"), 12) << "  "
    << pad(t(lang, "Historiskt/år", "Historical/yr"), 14) << "  "
    << pad(t(lang, "Första år (median)", "First year (median)"), 18) << "  "
    << pad("Eurostat (R)", 30) << "  " << t(lang, "FN (P)", "UN (P)") << "\n";
  o << std::string(200, '-') << "\n";
  for (const auto& x : r.targets) {
    const TargetResult& tr = *x.result;
    const TargetKindInfo& kind = kind_info(tr.target->kind);
    const bool rel = kind.scale == MeasureScale::relative;
    std::string qs = "–";
    if (x.q50)
      qs = fv(x.q50, lang, rel) + " / " + fv(x.q80, lang, rel) + " / " + fv(x.q90, lang, rel);
    std::string req = fv(x.required_abs, lang), hist = fv(x.historical_abs, lang);
    if (x.required_pct) req += " (" + format_percent(*x.required_pct, 1, lang) + ")";
    if (x.historical_pct) hist += " (" + format_percent(*x.historical_pct, 1, lang) + ")";
    std::string eu = class_label(x.eurostat.cls, lang);
    if (has_ratio(x.eurostat.cls)) eu += " (" + format_fixed(x.eurostat.ratio, 2, lang) + ")";
    std::string un = class_label(x.un.cls, lang);
    if (has_ratio(x.un.cls) && kind.shape != TargetShape::direction)
      un += " (" + format_fixed(x.un.ratio, 2, lang) + ")";
    o << pad(fit_width(target_text(tr, lang), 44), 44) << "  " << pad(prob_or_nodata(tr, lang), 8)
      << "  " << pad(qs, 30) << "  " << pad(fv(x.q_asked, lang, rel), 10) << "  " << pad(req, 12)
      << "  " << pad(hist, 14) << "  " << pad(first_year_text(x.first_year, lang), 18) << "  "
      << pad(eu, 30) << "  " << un << "\n";
  }
  o << "\n"
    << t(lang,
         "Nås med 50/80/90 %: värdet på målets mått som nås (i målets riktning) med den "
         "sannolikheten. "
         "Krävs/år: förändring per år från senaste värdet till målet. Eurostat: R = faktisk / "
         "krävd "
         "årlig tillväxt; FN: P = framskriven / krävd förändring. Se docs/scenarios.md.",
         "Reached with 50/80/90 %: the value of the target's measure reached (in the target's "
         "direction) with that probability. Required/yr: change per year from the latest value to "
         "the target. Eurostat: R = actual / required growth rate; UN: P = extrapolated / required "
         "change. See docs/scenarios.md.")
    << "\n";
  for (const auto& x : r.targets) {
    if (x.eurostat.cls != EurostatClass::not_applicable) continue;
    const ProgressInput& in = x.progress_input;
    o << t(lang, "Eurostat/FN ej tillämpliga för ", "Eurostat/UN not applicable to ")
      << target_text(*x.result, lang) << ": " << t(lang, "basvärdet ", "the base value ")
      << format_value(in.x0, lang) << " (" << in.t0
      << t(lang, ") uppfyllde redan målet ", ") already met the target ")
      << format_value(in.target, lang)
      << t(lang, ", men senaste värdet ", ", but the latest value ") << format_value(in.x1, lang)
      << " (" << in.t1
      << t(lang, ") gör det inte; framsteg mot målet från basvärdet är inte definierat.",
           ") does not; progress towards the target from the base is not defined.")
      << "\n";
  }
  if (!r.levers.empty()) {
    o << "\n" << t(lang, "Minsta hävstång", "Smallest lever") << "\n";
    for (const auto& l : r.levers) {
      const Lever& lv = *l.lever;
      o << "  " << (lang == Lang::sv ? lv.name_sv : lv.name_en) << " -> " << lv.target
        << (lv.variant.empty() ? "" : " (" + label(lv.variant, lang) + ")")
        << ", P >= " << format_probability(l.probability_asked, lang) << ": ";
      const std::string unit = lang == Lang::sv ? lv.unit_sv : lv.unit_en;
      switch (l.outcome) {
        case LeverResult::Outcome::found:
          o << format_value(l.value, lang) << (unit.empty() ? "" : " " + unit)
            << " (P = " << format_probability(l.probability, lang) << " ± "
            << format_fixed(l.mc_se * 100, 1, lang) << t(lang, " pe", " pp") << "; "
            << t(lang, "bas ", "baseline ") << format_probability(l.p_baseline, lang) << ")";
          break;
        case LeverResult::Outcome::already_met:
          o << t(lang, "uppnås redan vid ", "already met at ") << format_value(l.value, lang)
            << " (P = " << format_probability(l.probability, lang) << ")";
          break;
        case LeverResult::Outcome::not_reachable:
          o << t(lang, "ej nåbart inom [", "not reachable within [") << format_value(lv.min, lang)
            << ", " << format_value(lv.max, lang) << "] (P " << t(lang, "högst ", "at most ")
            << format_probability(l.probability, lang) << ")";
          break;
        case LeverResult::Outcome::no_data:
          o << label("no_data", lang);
          break;
      }
      o << "\n";
    }
  }
  return o.str();
}

std::string realistic_csv(const RealisticReport& r) {
  CsvWriter w;
  w.row({"target",
         "variant",
         "status",
         "probability",
         "measure",
         "q50",
         "q80",
         "q90",
         "asked_probability",
         "q_asked",
         "target_level",
         "required_abs",
         "required_pct",
         "historical_abs",
         "historical_pct",
         "eurostat_class",
         "eurostat_cagr_actual",
         "eurostat_cagr_required",
         "eurostat_ratio",
         "eurostat_note",
         "un_class",
         "un_projected",
         "un_ratio",
         "un_note",
         "first_year_median",
         "first_year_already_met",
         "first_year_by_target_year",
         "first_year_not_by_horizon",
         "scale_note"});
  for (const auto& x : r.targets) {
    const TargetResult& tr = *x.result;
    const bool ec = has_ratio(x.eurostat.cls);
    const bool uc = has_ratio(x.un.cls);
    std::string fy;
    if (x.first_year.applicable && !x.first_year.already_met) {
      double cum = 0;
      for (std::size_t k = 0; k < x.first_year.years.size(); ++k)
        if ((cum += x.first_year.share[k]) >= 0.5) {
          fy = std::to_string(x.first_year.years[k]);
          break;
        }
    }
    const bool fa = x.first_year.applicable;
    w.text(tr.target->id)
        .text(tr.variant)
        .text(to_string(tr.status))
        .number(tr.status == TargetStatus::no_data ? NAN : tr.probability)
        .text(x.measure)
        .number(or_nan(x.q50))
        .number(or_nan(x.q80))
        .number(or_nan(x.q90))
        .number(r.probability)
        .number(or_nan(x.q_asked))
        .number(or_nan(x.target_level))
        .number(or_nan(x.required_abs))
        .number(or_nan(x.required_pct))
        .number(or_nan(x.historical_abs))
        .number(or_nan(x.historical_pct))
        .text(to_string(x.eurostat.cls))
        .number(ec ? x.eurostat.cagr_actual : NAN)
        .number(ec ? x.eurostat.cagr_required : NAN)
        .number(ec ? x.eurostat.ratio : NAN)
        .text(x.eurostat.note)
        .text(to_string(x.un.cls))
        .number(uc ? x.un.projected : NAN)
        .number(uc ? x.un.ratio : NAN)
        .text(x.un.note)
        .text(fy)
        .text(fa ? (x.first_year.already_met ? "true" : "false") : "")
        .number(fa ? x.first_year.by_target_year : NAN)
        .number(fa ? x.first_year.not_by_horizon : NAN)
        .text(x.scale_note)
        .end_row();
  }
  return w.str();
}

std::string levers_csv(const RealisticReport& r) {
  CsvWriter w;
  w.row({"lever",
         "target",
         "variant",
         "indicator",
         "group",
         "type",
         "from",
         "to",
         "unit",
         "min",
         "max",
         "tolerance",
         "asked_probability",
         "outcome",
         "value",
         "probability",
         "mc_se",
         "p_baseline",
         "p_at_min",
         "p_at_max",
         "evaluations",
         "message"});
  for (const auto& l : r.levers) {
    const Lever& lv = *l.lever;
    const Intervention& iv = lv.intervention;
    w.text(lv.id)
        .text(lv.target)
        .text(lv.variant)
        .text(iv.series.indicator)
        .text(iv.series.group)
        .text(to_string(iv.type))
        .integer(iv.from)
        .text(iv.to ? std::to_string(iv.to) : "")
        .text(iv.percent ? "percent" : "absolute")
        .number(lv.min)
        .number(lv.max)
        .number(lv.tolerance)
        .number(l.probability_asked)
        .text(lever_outcome(l.outcome))
        .number(l.value)
        .number(l.probability)
        .number(l.mc_se)
        .number(l.p_baseline)
        .number(l.p_at_min)
        .number(l.p_at_max)
        .integer(l.evaluations)
        .text(l.message)
        .end_row();
  }
  return w.str();
}

std::string realistic_json(const RealisticReport& r) {
  nlohmann::json j;
  j["seed"] = r.baseline->seed;
  j["paths"] = r.baseline->n_paths;
  j["asked_probability"] = r.probability;
  nlohmann::json ts = nlohmann::json::array();
  for (const auto& x : r.targets) {
    const TargetResult& tr = *x.result;
    nlohmann::json e;
    e["target"] = tr.target->id;
    e["variant"] = tr.variant;
    e["status"] = std::string(to_string(tr.status));
    e["probability"] = tr.status == TargetStatus::no_data ? nlohmann::json(nullptr)
                                                          : nlohmann::json(tr.probability);
    e["measure"] = x.measure;
    e["reached_with"] = {{"p50", jnum(x.q50)},
                         {"p80", jnum(x.q80)},
                         {"p90", jnum(x.q90)},
                         {"asked", jnum(x.q_asked)}};
    e["target_level"] = jnum(x.target_level);
    e["required_change_per_year"] = {{"absolute", jnum(x.required_abs)},
                                     {"relative", jnum(x.required_pct)}};
    e["historical_change_per_year"] = {{"absolute", jnum(x.historical_abs)},
                                       {"relative", jnum(x.historical_pct)}};
    e["scale_note"] = x.scale_note;
    const bool ec = has_ratio(x.eurostat.cls);
    e["eurostat"] = {
        {"class", std::string(to_string(x.eurostat.cls))},
        {"cagr_actual", ec ? nlohmann::json(x.eurostat.cagr_actual) : nlohmann::json(nullptr)},
        {"cagr_required", ec ? nlohmann::json(x.eurostat.cagr_required) : nlohmann::json(nullptr)},
        {"ratio", ec ? nlohmann::json(x.eurostat.ratio) : nlohmann::json(nullptr)},
        {"note", x.eurostat.note}};
    const bool uc = has_ratio(x.un.cls);
    e["un"] = {{"class", std::string(to_string(x.un.cls))},
               {"cagr_actual", uc ? nlohmann::json(x.un.cagr_actual) : nlohmann::json(nullptr)},
               {"projected", uc ? nlohmann::json(x.un.projected) : nlohmann::json(nullptr)},
               {"ratio", uc ? nlohmann::json(x.un.ratio) : nlohmann::json(nullptr)},
               {"note", x.un.note}};
    nlohmann::json fy;
    fy["applicable"] = x.first_year.applicable;
    if (x.first_year.applicable) {
      fy["threshold"] = x.first_year.threshold;
      fy["already_met"] = x.first_year.already_met;
      nlohmann::json d = nlohmann::json::object();
      for (std::size_t k = 0; k < x.first_year.years.size(); ++k)
        d[std::to_string(x.first_year.years[k])] = x.first_year.share[k];
      fy["share_by_year"] = d;
      fy["not_by_horizon"] = x.first_year.not_by_horizon;
      fy["by_target_year"] = x.first_year.by_target_year;
    } else {
      fy["note"] = x.first_year.note;
    }
    e["first_year_reached"] = fy;
    ts.push_back(e);
  }
  j["targets"] = ts;
  nlohmann::json ls = nlohmann::json::array();
  for (const auto& l : r.levers) {
    const Lever& lv = *l.lever;
    ls.push_back({{"id", lv.id},
                  {"name_sv", lv.name_sv},
                  {"name_en", lv.name_en},
                  {"target", lv.target},
                  {"variant", lv.variant},
                  {"indicator", lv.intervention.series.indicator},
                  {"group", lv.intervention.series.group},
                  {"type", std::string(to_string(lv.intervention.type))},
                  {"from", lv.intervention.from},
                  {"min", lv.min},
                  {"max", lv.max},
                  {"tolerance", lv.tolerance},
                  {"asked_probability", l.probability_asked},
                  {"outcome", lever_outcome(l.outcome)},
                  {"value", l.value},
                  {"probability", l.probability},
                  {"mc_se", l.mc_se},
                  {"p_baseline", l.p_baseline},
                  {"p_at_min", l.p_at_min},
                  {"p_at_max", l.p_at_max},
                  {"evaluations", l.evaluations},
                  {"message", l.message},
                  {"note", lv.note},
                  {"unit_sv", lv.unit_sv},
                  {"unit_en", lv.unit_en}});
  }
  j["levers"] = ls;
  return j.dump(2, ' ', false,
                nlohmann::json::error_handler_t::replace) +
         "\n";  // invalid UTF-8: U+FFFD
}

std::vector<std::string> write_realistic_outputs(const RealisticReport& r, const std::string& dir) {
  namespace fs = std::filesystem;
  const std::string a = (fs::path(dir) / "targets_realistic.csv").string();
  const std::string b = (fs::path(dir) / "levers.csv").string();
  const std::string c = (fs::path(dir) / "targets_realistic.json").string();
  write_files_atomic({{a, realistic_csv(r)}, {b, levers_csv(r)}, {c, realistic_json(r)}});
  return {a, b, c};
}

namespace {
std::string reached_cell(const ReachedValue& x, Lang lang) {
  if (x.status == ReachedValue::Status::outside) return "–";
  if (x.status == ReachedValue::Status::observed)
    return format_value(*x.median, lang) + t(lang, " (obs.)", " (obs.)");
  const std::string lo = "≥ " + format_value(*x.at_least, lang);
  const std::string hi = "≤ " + format_value(*x.at_most, lang);
  return x.better > 0 ? lo : x.better < 0 ? hi : lo + " / " + hi;
}
}  // namespace

std::string reached_table(const Project& project, const std::vector<ReachedValue>& v, double p,
                          Lang lang) {
  std::ostringstream o;
  std::vector<int> years;
  for (const auto& x : v)
    if (std::find(years.begin(), years.end(), x.year) == years.end()) years.push_back(x.year);
  o << t(lang, "Värde som nås med sannolikheten ", "Value reached with probability ")
    << format_probability(p, lang)
    << t(lang, " (i den riktning indikatorn kallar bättre)",
         " (in the direction the indicator calls better)")
    << "\n";
  o << pad(t(lang, "Indikator (grupp)", "Indicator (group)"), 56) << "  "
    << pad(t(lang, "Scenario", "Scenario"), 20);
  for (int y : years) o << "  " << pad(std::to_string(y), 22);
  o << "\n" << std::string(56 + 22 + 24 * years.size(), '-') << "\n";
  for (std::size_t i = 0; i < v.size();) {
    const ReachedValue& first = v[i];
    const Indicator* ind = project.find_indicator(first.ref.indicator);
    std::string name =
        ind ? (lang == Lang::sv || ind->name_en.empty() ? ind->name_sv : ind->name_en)
            : first.ref.indicator;
    if (name.empty()) name = first.ref.indicator;
    if (ind && ind->groups.size() > 1) name += " (" + group_label(first.ref.group, lang) + ")";
    o << pad(fit_width(name, 56), 56) << "  "
      << pad(first.scenario.empty() ? t(lang, "bas", "baseline") : first.scenario, 20);
    std::size_t j = i;
    for (; j < v.size() && v[j].ref == first.ref && v[j].scenario == first.scenario; ++j)
      o << "  " << pad(reached_cell(v[j], lang), 22);
    o << "\n";
    i = j;
  }
  o << t(lang,
         "≥ X: värdet är X eller högre med sannolikheten ovan (≤: X eller lägre); för indikatorer "
         "utan bättre riktning båda. obs. = observerat; – = utanför prognosen.",
         "≥ X: the value is X or higher with the probability above (≤: X or lower); both for "
         "indicators without a better direction. obs. = observed; – = outside the projection.")
    << "\n";
  return o.str();
}

std::string reached_csv(const std::vector<ReachedValue>& v, double p) {
  CsvWriter w;
  for (const char* h : {"indicator", "group", "scenario", "year", "status", "probability", "better",
                        "reached_at_least", "reached_at_most", "median"})
    w.text(h);
  w.end_row();
  for (const auto& x : v) {
    w.text(x.ref.indicator)
        .text(x.ref.group)
        .text(x.scenario)
        .text(std::to_string(x.year))
        .text(x.status == ReachedValue::Status::projected  ? "projected"
              : x.status == ReachedValue::Status::observed ? "observed"
                                                           : "outside_projection")
        .number(p)
        .text(x.better > 0   ? "higher"
              : x.better < 0 ? "lower"
                             : "neutral")
        .number(x.at_least.value_or(NAN))
        .number(x.at_most.value_or(NAN))
        .number(x.median.value_or(NAN))
        .end_row();
  }
  return w.str();
}

}  // namespace utsikt::out
