#include "utsikt/outputs/results.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "catalogue.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/error.hpp"
#include "utsikt/outputs/cohort_outputs.hpp"
#include "utsikt/outputs/quantiles.hpp"
#include "utsikt/outputs/reported.hpp"

namespace utsikt::out {
namespace {

std::string target_text(const TargetResult& t, Lang lang) {
  std::string s = lang == Lang::sv ? t.target->text_sv : t.target->text_en;
  if (!t.variant.empty()) s += " (" + label(t.variant, lang) + ")";
  return s;
}

std::string pad(const std::string& s, std::size_t w) {
  const std::size_t d = display_width(s);
  return d >= w ? s : s + std::string(w - d, ' ');
}

std::string diagnostics_text(const std::vector<Diagnostic>& ds) {
  std::string s;
  for (const auto& d : ds) s += (s.empty() ? "" : "; ") + d.code + ": " + d.message;
  return s;
}

bool has_code(const std::vector<Diagnostic>& ds, std::string_view code) {
  for (const auto& d : ds)
    if (d.code == code) return true;
  return false;
}

}  // namespace

namespace {
// ", härlett" / ", skattat" when the latest value of the target's series is not an individual
// observation: derived from a period total, or a model's estimate (the cohort model's jump-off).
std::string latest_mark(const RunResult& r, const TargetResult& t, Lang lang) {
  const Series* s = r.project->find_series(t.target->series);
  if (!s || !t.latest_year) return "";
  const int i = s->index_of(*t.latest_year);
  if (i < 0) return "";
  if (s->derived(static_cast<std::size_t>(i))) return lang == Lang::sv ? ", härlett" : ", derived";
  if (static_cast<std::size_t>(i) < s->sources.size() &&
      s->sources[static_cast<std::size_t>(i)].starts_with("estimate"))
    return lang == Lang::sv ? ", skattat" : ", estimated";
  return "";
}
}  // namespace

namespace {
// The document's own verdicts, under the table: one line per target that records one, with the
// note where it differs from utsikt's result.
void reported_lines(std::ostringstream& o, const RunResult& r, Lang lang) {
  bool first = true;
  for (const TargetResult& t : r.targets) {
    if (!t.target->reported) continue;
    if (first)
      o << "\n"
        << (lang == Lang::sv ? "Dokumentets egen bedömning (bredvid utsikts):"
                             : "The document's own verdict (beside utsikt's):")
        << "\n";
    first = false;
    o << "  " << t.target->id << (t.variant.empty() ? "" : " (" + label(t.variant, lang) + ")")
      << ": " << reported_text(*t.target, lang) << "\n";
    const std::string note = reported_note(t, r.project->options, lang);
    if (!note.empty()) o << "    -> " << note << "\n";
  }
}
}  // namespace

namespace {
// Every warning that changes how a result should be read, under the table (in the table's
// language, from the message catalogue; the engine's English text is in targets.json): few data
// points are marked with * in the table instead. A target that cannot be followed up has no
// result to read, so its warnings are left out (its reason is in the table); the same warning of
// one series read by several targets is one line naming them all.
void warning_lines(std::ostringstream& o, const RunResult& r, Lang lang) {
  std::vector<std::pair<const Diagnostic*, std::vector<std::string>>> lines;
  std::map<std::string, std::size_t> index;
  for (const TargetResult& t : r.targets) {
    if (t.status == TargetStatus::no_data) continue;
    for (const Diagnostic& d : t.diagnostics) {
      if (d.severity != Severity::warning || d.code == "few_data_points") continue;
      const auto [it, added] = index.emplace(d.code + "\n" + d.message, lines.size());
      if (added) lines.push_back({&d, {}});
      auto& ids = lines[it->second].second;
      if (std::find(ids.begin(), ids.end(), t.target->id) == ids.end()) ids.push_back(t.target->id);
    }
  }
  if (lines.empty()) return;
  o << "\n"
    << (lang == Lang::sv ? "Varningar som påverkar hur resultaten ska läsas (targets.json):"
                         : "Warnings that change how the results should be read "
                           "(targets.json):")
    << "\n";
  for (const auto& [d, ids] : lines) {
    std::string who;
    for (const std::string& id : ids) who += (who.empty() ? "" : ", ") + id;
    o << "  ! " << who << " (" << d->code << "): " << detail::diagnostic_sentence(*d, lang) << "\n";
  }
}
}  // namespace

std::string results_table(const RunResult& r, Lang lang, std::size_t width) {
  const std::size_t wt = width >= 160 ? 58 : 40, wl = 22, wp = 34, wq = 13, wa = 9, wb = 6;
  std::ostringstream o;
  const std::string head = pad(label("target", lang), wt) + "  " + pad(label("latest", lang), wl) +
                           "  " + pad(label("projection", lang), wp) + "  " +
                           pad(label("probability", lang), wq) + "  " +
                           pad(label("arrow", lang), wa) + "  " + label("assessment", lang);
  std::string current_area = "\x01";
  for (const TargetResult& t : r.targets) {
    if (t.target->focus_area != current_area) {
      current_area = t.target->focus_area;
      const std::string& area = lang == Lang::en && !t.target->focus_area_en.empty()
                                    ? t.target->focus_area_en
                                    : current_area;
      o << "\n" << (area.empty() ? "-" : area) << "\n";
      o << head << "\n" << std::string(std::min(width, display_width(head) + 4), '-') << "\n";
    }
    std::string latest = "–";
    if (t.latest_value)
      latest = format_value(*t.latest_value, lang) + " (" + std::to_string(*t.latest_year) +
               latest_mark(r, t, lang) + ")";
    std::string proj = "–", prob = label("no_data", lang), arrow = label("none", lang),
                assess = "–";
    if (t.status != TargetStatus::no_data) {
      // The statistic the verdict is about: a flow's "every year" row shows its lowest (highest)
      // year, the same number as the report and the workbook, not the period's average.
      const TargetKindInfo& kind = kind_info(t.target->kind);
      const std::size_t vi = variant_index(kind, t.variant).value_or(0);
      const bool worst_year = kind.scale == MeasureScale::value &&
                              !kind.variants[vi].reports_value && t.measure_interval;
      const std::optional<Interval>& shown = worst_year ? t.measure_interval : t.value;
      const std::string what =
          worst_year ? std::string(variant_label(*t.target, vi).in(lang == Lang::sv)) + " " : "";
      if (shown) {
        proj = what + format_value(shown->median, lang) + " (" + format_value(shown->lo80, lang) +
               " – " + format_value(shown->hi80, lang) + ")";
        if (t.status == TargetStatus::observed) proj = what + format_value(shown->median, lang);
      }
      prob = format_probability(t.probability, lang);
      if (t.status == TargetStatus::assessed && t.mc_se > 0)
        prob += " ±" + format_fixed(t.mc_se * 100, 1, lang);
      if (t.status == TargetStatus::observed) prob += " (" + label("observed", lang) + ")";
      arrow = label(to_string(t.arrow), lang);
      assess = label(to_string(t.assessment), lang);
      if (has_code(t.diagnostics, "few_data_points")) assess += " *";
    }
    o << pad(fit_width(target_text(t, lang), wt), wt) << "  " << pad(latest, wl) << "  "
      << pad(proj, wp) << "  " << pad(prob, wq) << "  " << pad(arrow, wa) << "  " << pad(assess, wb)
      << "\n";
  }
  reported_lines(o, r, lang);
  warning_lines(o, r, lang);
  o << "\n"
    << (lang == Lang::sv
            ? "* få datapunkter (högst 4): sannolikheten är grov. Pil: utveckling sedan basåret "
              "(grön positiv, gul oförändrad, röd negativ). Bedömning: JA om P >= "
            : "* few data points (4 or fewer): the probability is rough. Arrow: development since "
              "the base year (green positive, yellow unchanged, red negative). Assessment: YES if "
              "P >= ")
    << format_fixed(r.project->options.class_yes, 2, lang)
    << (lang == Lang::sv ? ", NÄRA om P >= " : ", NEAR if P >= ")
    << format_fixed(r.project->options.class_near, 2, lang)
    << (lang == Lang::sv ? ", annars NEJ.\n" : ", otherwise NO.\n") << label("seed", lang) << " "
    << r.seed << ", " << format_fixed(r.n_paths, 0, lang) << " " << label("paths", lang) << ".\n";
  return o.str();
}

std::string targets_csv(const RunResult& r, const CsvDialect& d) {
  CsvWriter w(d);
  for (const char* h : {"target",
                        "variant",
                        "focus_area",
                        "goal",
                        "text_sv",
                        "text_en",
                        "indicator",
                        "group",
                        "kind",
                        "op",
                        "threshold",
                        "year",
                        "base_year",
                        "status",
                        "no_data_reason",
                        "probability",
                        "mc_se",
                        "latest_year",
                        "latest_value",
                        "value_median",
                        "value_lo80",
                        "value_hi80",
                        "measure",
                        "measure_median",
                        "measure_lo80",
                        "measure_hi80",
                        "arrow",
                        "assessment",
                        "model",
                        "n_points",
                        "few_data_points",
                        "seed",
                        "paths",
                        "diagnostics",
                        "reported_verdict",
                        "reported_year",
                        "reported_page",
                        "reported_quote",
                        "reported_difference"})
    w.text(h);
  w.end_row();
  for (const TargetResult& t : r.targets) {
    const Target& g = *t.target;
    const bool has = t.status != TargetStatus::no_data;
    w.text(g.id)
        .text(t.variant)
        .text(g.focus_area)
        .text(g.goal)
        .text(g.text_sv)
        .text(g.text_en)
        .text(g.series.indicator)
        .text(g.series.group)
        .text(std::string(to_string(g.kind)))
        .text(g.direction == Direction::at_least ? ">=" : "<=")
        .number(g.value)
        .text(std::to_string(g.year))
        .text(t.base_year ? std::to_string(*t.base_year) : "")
        .text(std::string(to_string(t.status)))
        .text(t.no_data_reason)
        .number(has ? t.probability : NAN)
        .number(has ? t.mc_se : NAN)
        .text(t.latest_year ? std::to_string(*t.latest_year) : "")
        .number(t.latest_value ? *t.latest_value : NAN)
        .number(t.value ? t.value->median : NAN)
        .number(t.value ? t.value->lo80 : NAN)
        .number(t.value ? t.value->hi80 : NAN)
        .text(t.measure)
        .number(t.measure_interval ? t.measure_interval->median : NAN)
        .number(t.measure_interval ? t.measure_interval->lo80 : NAN)
        .number(t.measure_interval ? t.measure_interval->hi80 : NAN)
        .text(std::string(to_string(t.arrow)))
        .text(std::string(to_string(t.assessment)))
        .text(t.model)
        .text(std::to_string(t.n_points))
        .text(has_code(t.diagnostics, "few_data_points") ? "true" : "false")
        .text(std::to_string(r.seed))
        .text(std::to_string(r.n_paths))
        .text(diagnostics_text(t.diagnostics))
        .text(g.reported ? std::string(to_string(g.reported->verdict)) : "")
        .text(g.reported ? std::to_string(g.reported->year) : "")
        .text(g.reported && g.reported->page > 0 ? std::to_string(g.reported->page) : "")
        .text(g.reported ? g.reported->quote : "")
        .text(std::string(to_string(reported_difference(t, r.project->options))))
        .end_row();
  }
  return w.str();
}

std::string targets_json(const RunResult& r) {
  using nlohmann::json;
  auto interval = [](const std::optional<Interval>& i) -> json {
    if (!i) return nullptr;
    return json{{"median", i->median}, {"lo80", i->lo80}, {"hi80", i->hi80}};
  };
  json targets = json::array();
  for (const TargetResult& t : r.targets) {
    const Target& g = *t.target;
    json diags = json::array();
    for (const auto& d : t.diagnostics)
      diags.push_back({{"severity", d.severity == Severity::info ? "info" : "warning"},
                       {"code", d.code},
                       {"message", d.message}});
    json j = {
        {"id", g.id},
        {"variant", t.variant.empty() ? json(nullptr) : json(t.variant)},
        {"focus_area", g.focus_area},
        {"goal", g.goal},
        {"text_sv", g.text_sv},
        {"text_en", g.text_en},
        {"indicator", g.series.indicator},
        {"group", g.series.group},
        {"kind", to_string(g.kind)},
        {"op", g.direction == Direction::at_least ? ">=" : "<="},
        {"threshold", g.value},
        {"tolerance", g.tolerance},
        {"year", g.year},
        {"source", g.source_note},
        {"status", to_string(t.status)},
        {"no_data_reason", t.no_data_reason.empty() ? json(nullptr) : json(t.no_data_reason)},
        {"probability", t.status == TargetStatus::no_data ? json(nullptr) : json(t.probability)},
        {"mc_se", t.status == TargetStatus::no_data ? json(nullptr) : json(t.mc_se)},
        {"latest_year", t.latest_year ? json(*t.latest_year) : json(nullptr)},
        {"latest_value", t.latest_value ? json(*t.latest_value) : json(nullptr)},
        {"base_year", t.base_year ? json(*t.base_year) : json(nullptr)},
        {"value_in_target_year", interval(t.value)},
        {"measure", t.measure},
        {"measure_interval", interval(t.measure_interval)},
        {"arrow", to_string(t.arrow)},
        {"arrow_reason", t.arrow_reason},
        {"assessment", to_string(t.assessment)},
        {"model", t.model},
        {"model_reason", t.model_reason},
        {"n_points", t.n_points},
        {"diagnostics", diags},
    };
    j["reported_assessment"] = nullptr;
    if (g.reported) {
      const ReportedDifference diff = reported_difference(t, r.project->options);
      j["reported_assessment"] = {
          {"verdict", to_string(g.reported->verdict)},
          {"year", g.reported->year},
          {"quote", g.reported->quote},
          {"page", g.reported->page > 0 ? json(g.reported->page) : json(nullptr)},
          {"source", g.reported->source},
          {"difference", diff == ReportedDifference::none ? json(nullptr) : json(to_string(diff))},
          {"note_sv", reported_note(t, r.project->options, Lang::sv)},
          {"note_en", reported_note(t, r.project->options, Lang::en)}};
    }
    targets.push_back(j);
  }
  json series = json::array();
  for (const SeriesResult& s : r.series) {
    json j = {{"indicator", s.ref.indicator}, {"group", s.ref.group}};
    j["n_points"] = s.observed ? s.observed->effective_points() : 0;
    j["model"] = s.forecast.model;
    j["scale"] = s.forecast.scale;
    j["reason"] = s.forecast.reason;
    json w = json::array();
    for (const auto& mw : s.forecast.weights)
      w.push_back({{"model", mw.model}, {"weight", mw.weight}});
    j["weights"] = w;
    if (s.observed) {
      j["source"] = s.observed->provenance.source;
      j["table_id"] = s.observed->provenance.table_id;
      j["updated"] = s.observed->provenance.updated;
      j["provenance_notes"] = s.observed->provenance.notes;
    }
    series.push_back(j);
  }
  const Project& p = *r.project;
  json doc = {{"project", {{"name_sv", p.name_sv}, {"name_en", p.name_en}, {"file", p.path}}},
              {"seed", r.seed},
              {"paths", r.n_paths},
              {"rules",
               {{"arrow_unchanged_rel", p.options.arrow_unchanged_rel},
                {"arrow_unchanged_pp", p.options.arrow_unchanged_pp},
                {"class_yes", p.options.class_yes},
                {"class_near", p.options.class_near}}},
              {"targets", targets},
              {"series", series}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) +
         "\n";  // invalid UTF-8 (a file name): U+FFFD
}

std::string projections_csv(const RunResult& r, const CsvDialect& d) {
  CsvWriter w(d);
  for (const char* h : {"indicator", "group", "year", "observed", "q0.025", "q0.1", "q0.25", "q0.5",
                        "q0.75", "q0.9", "q0.975", "model"})
    w.text(h);
  w.end_row();
  for (const SeriesResult& s : r.series) {
    if (!s.observed) continue;
    for (std::size_t i = 0; i < s.observed->size(); ++i) {
      w.text(s.ref.indicator).text(s.ref.group).text(std::to_string(s.observed->years[i]));
      if (s.observed->derived(i)) {
        // Derived from a period total: not observed; the same value on every path.
        w.text("");
        for (int k = 0; k < 7; ++k) w.number(s.observed->values[i]);
        w.text("derived_from_period_total");
      } else {
        w.number(s.observed->values[i]);
        for (int k = 0; k < 8; ++k) w.text("");
      }
      w.end_row();
    }
    const QuantileTable q = quantile_table(s.forecast);
    for (std::size_t h = 0; h < q.years.size(); ++h) {
      w.text(s.ref.indicator).text(s.ref.group).text(std::to_string(q.years[h])).text("");
      for (double v : q.q[h]) w.number(v);
      w.text(s.forecast.model).end_row();
    }
  }
  return w.str();
}

std::vector<std::string> write_run_outputs(const RunResult& r, const std::string& dir,
                                           const CsvDialect& dialect) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> files = {
      {(fs::path(dir) / "targets.csv").string(), targets_csv(r, dialect)},
      {(fs::path(dir) / "targets.json").string(), targets_json(r)},
      {(fs::path(dir) / "projections.csv").string(), projections_csv(r, dialect)},
  };
  if (!r.cohorts.empty()) {  // population pyramids and components of the cohort models
    files.emplace_back((fs::path(dir) / "pyramids.csv").string(), pyramids_csv(r, dialect));
    files.emplace_back((fs::path(dir) / "pyramids.json").string(), pyramids_json(r));
    files.emplace_back((fs::path(dir) / "components.csv").string(), components_csv(r, dialect));
  }
  write_files_atomic(files);
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.first);
  return paths;
}

}  // namespace utsikt::out
