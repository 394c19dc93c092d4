#include "utsikt/serve/explorer.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "serve_internal.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/cohort.hpp"
#include "utsikt/error.hpp"
#include "utsikt/outputs/format.hpp"
#include "utsikt/outputs/report.hpp"
#include "utsikt/scenarios/realistic.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace utsikt::serve {

struct Explorer::Request {
  json body;
  Scenario scenario;
  std::string toml_text;  // the scenario as a scenario file
  std::optional<SeriesRef> focus;
  std::string target;  // target id ("" if none)
  double probability = 0.8;
  out::Lang lang = out::Lang::sv;
  bool all_bands = true;  // "series": "all" (bands of every changed series) or "focus"
};

std::string error_json(const ApiError& e) {
  json j;
  j["error"] = {{"status", e.status()}, {"field", e.field()}, {"message", e.what()}};
  return j.dump();
}

namespace {

constexpr std::size_t kCacheEntries = 4;

// Quantile (type 7, as SeriesForecast::quantile) of a column, by selection instead of a sort:
// positions [from, to) of col hold its order statistics from..to-1 (in any order) and, if
// to < size, position `to` holds order statistic `to`; the quantile's lower rank is in
// [from, to).
double select_quantile(std::vector<double>& col, double q, std::size_t from, std::size_t to) {
  const double h = double(col.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(h);
  std::nth_element(col.begin() + std::ptrdiff_t(from), col.begin() + std::ptrdiff_t(lo),
                   col.begin() + std::ptrdiff_t(to));
  const double a = col[lo];
  if (lo + 1 >= col.size()) return a;
  double b = lo + 1 < to ? *std::min_element(col.begin() + std::ptrdiff_t(lo + 1),
                                             col.begin() + std::ptrdiff_t(to))
                         : col[to];
  if (lo + 1 < to && to < col.size()) b = std::min(b, col[to]);
  return a + (h - double(lo)) * (b - a);
}

// The 10 %, 50 % and 90 % quantiles of a column: the median on the whole column, then the others
// within the half below or above it (the same order statistics, a third of the work less).
std::array<double, 3> bands_of_column(std::vector<double>& col) {
  const std::size_t n = col.size();
  const double med = select_quantile(col, 0.5, 0, n);
  const auto mid = static_cast<std::size_t>(double(n - 1) * 0.5);
  const auto i10 = static_cast<std::size_t>(double(n - 1) * 0.1);
  const auto i90 = static_cast<std::size_t>(double(n - 1) * 0.9);
  const double lo = i10 < mid ? select_quantile(col, 0.1, 0, mid) : select_quantile(col, 0.1, 0, n);
  const double hi =
      i90 > mid ? select_quantile(col, 0.9, mid + 1, n) : select_quantile(col, 0.9, 0, n);
  return {lo, med, hi};
}

json bands_json(const SeriesForecast& f) {
  json j;
  j["years"] = f.years;
  std::vector<double> med, lo, hi, col(static_cast<std::size_t>(f.n_paths));
  for (std::size_t h = 0; h < f.years.size(); ++h) {
    for (int p = 0; p < f.n_paths; ++p) col[static_cast<std::size_t>(p)] = f.at(p, int(h));
    const auto b = bands_of_column(col);
    lo.push_back(b[0]);
    med.push_back(b[1]);
    hi.push_back(b[2]);
  }
  j["median"] = med;
  j["lo80"] = lo;
  j["hi80"] = hi;
  return j;
}

json observed_json(const SeriesResult& s) {
  json j = json::object();
  if (!s.observed) return j;
  j["years"] = s.observed->years;
  j["values"] = s.observed->values;
  return j;
}

// A target result as JSON (probability null for no data).
json result_json(const TargetResult& r) {
  json j;
  j["id"] = r.target->id;
  j["variant"] = r.variant;
  j["status"] = r.status == TargetStatus::no_data    ? "no_data"
                : r.status == TargetStatus::observed ? "observed"
                                                     : "assessed";
  if (r.status == TargetStatus::no_data) {
    j["probability"] = nullptr;
  } else {
    j["probability"] = r.probability;
    j["mc_se"] = r.mc_se;
  }
  if (r.value)
    j["value"] = {{"median", r.value->median}, {"lo80", r.value->lo80}, {"hi80", r.value->hi80}};
  return j;
}

}  // namespace

Explorer::Explorer(const Project& project, RunResult baseline, ScenarioSet set)
    : project_(project), base_(std::move(baseline)), set_(std::move(set)), work_(base_.series) {}

Response Explorer::project_info() const {
  json j;
  j["name_sv"] = project_.name_sv;
  j["name_en"] = project_.name_en;
  j["seed"] = base_.seed;
  j["paths"] = base_.n_paths;
  j["language"] = project_.options.language;
  json inds = json::array();
  for (const Indicator& ind : project_.indicators) {
    json x{{"id", ind.id},           {"name_sv", ind.name_sv}, {"name_en", ind.name_en},
           {"unit_sv", ind.unit_sv}, {"unit_en", ind.unit_en}, {"groups", ind.groups}};
    json series = json::array();
    for (const SeriesResult& s : base_.series)
      if (s.ref.indicator == ind.id && !s.forecast.years.empty())
        series.push_back({{"group", s.ref.group}, {"observed", observed_json(s)}});
    x["series"] = series;
    inds.push_back(x);
  }
  j["indicators"] = inds;
  json tg = json::array();
  for (const Target& t : project_.targets) {
    json x{{"id", t.id},
           {"text_sv", t.text_sv},
           {"text_en", t.text_en},
           {"focus_area", t.focus_area},
           {"indicator", t.series.indicator},
           {"group", t.series.group},
           {"year", t.year}};
    json results = json::array();
    for (const TargetResult& r : base_.targets)
      if (r.target == &t) results.push_back(result_json(r));
    x["baseline"] = results;
    tg.push_back(x);
  }
  j["targets"] = tg;
  j["scenarios"] = detail::scenario_tables(project_, set_);
  return {200, "application/json; charset=utf-8", j.dump(), ""};
}

Explorer::Request Explorer::parse(const std::string& body, bool need_scenario) const {
  Request q;
  q.body = json::parse(body, nullptr, false);
  if (q.body.is_discarded())
    throw ApiError(400, "",
                   "expected a JSON object as the request body, found text that is not "
                   "valid JSON");
  if (!q.body.is_object())
    throw ApiError(
        400, "",
        "expected a JSON object as the request body, found " + std::string(q.body.type_name()));
  for (const auto& [k, v] : q.body.items())
    if (k != "scenario" && k != "focus" && k != "target" && k != "probability" && k != "lang" &&
        k != "series")
      throw ApiError(400, k,
                     "unknown field '" + k +
                         "' (expected scenario, focus, target, probability, lang or series)");
  if (q.body.contains("series")) {
    const json& v = q.body["series"];
    if (!v.is_string() || (v != "all" && v != "focus"))
      throw ApiError(400, "series", "expected \"all\" or \"focus\", found " + v.dump());
    q.all_bands = v == "all";
  }
  if (q.body.contains("lang")) {
    const json& l = q.body["lang"];
    if (!l.is_string() || (l != "sv" && l != "en"))
      throw ApiError(400, "lang", "expected \"sv\" or \"en\", found " + l.dump());
    q.lang = l == "en" ? out::Lang::en : out::Lang::sv;
  }
  if (q.body.contains("probability")) {
    const json& p = q.body["probability"];
    if (!p.is_number() || !(p.get<double>() > 0 && p.get<double>() < 1))
      throw ApiError(400, "probability",
                     "expected a probability between 0 and 1 (exclusive), found " + p.dump());
    q.probability = p.get<double>();
  }
  if (q.body.contains("target")) {
    const json& t = q.body["target"];
    bool found = false;
    if (t.is_string())
      for (const Target& x : project_.targets) found = found || x.id == t.get<std::string>();
    if (!found) throw ApiError(400, "target", "expected the id of a target, found " + t.dump());
    q.target = t.get<std::string>();
  }
  if (q.body.contains("focus")) {
    const json& f = q.body["focus"];
    const std::string s = f.is_string() ? f.get<std::string>() : "";
    const auto slash = s.find('/');
    SeriesRef ref{s.substr(0, slash), slash == std::string::npos ? "total" : s.substr(slash + 1)};
    if (!base_.find(ref) || base_.find(ref)->forecast.years.empty())
      throw ApiError(400, "focus",
                     "expected a projected series as \"indicator/group\", found " + f.dump());
    q.focus = ref;
  }
  if (!q.body.contains("scenario")) {
    if (need_scenario) throw ApiError(400, "scenario", "expected the field 'scenario', missing");
    q.scenario.id = "baseline";
    return q;
  }
  q.toml_text = detail::scenario_json_to_toml(q.body["scenario"]);
  ScenarioSet set;
  try {
    set = parse_scenarios(project_, q.toml_text, "scenario");
  } catch (const InputError& e) {
    std::string field = e.where().field;
    const auto dot = field.find("].");
    if (field.rfind("scenario[", 0) == 0 && dot != std::string::npos)
      field = "scenario." + field.substr(dot + 2);
    throw ApiError(400, field, e.what());
  }
  if (set.scenarios.size() != 1 || !set.levers.empty())
    throw ApiError(400, "scenario", "expected one scenario");
  q.scenario = std::move(set.scenarios.front());
  return q;
}

const std::set<std::size_t>& Explorer::apply(const Scenario& s) {
  Scenario comp, rest;
  comp.id = rest.id = s.id;
  for (const Intervention& iv : s.interventions)
    (is_component_type(iv.type) ? comp : rest).interventions.push_back(iv);
  const std::string key = comp.interventions.empty() ? "" : detail::component_key(comp);
  // Back to the component stage: the series the rest changed come from the stage or the base.
  for (std::size_t i : rest_dirty_) {
    auto it = stage_ ? stage_->series.find(i) : decltype(stage_->series.end()){};
    work_[i] = stage_ && it != stage_->series.end() ? it->second : base_.series[i];
  }
  rest_dirty_.clear();
  if (key != stage_key_) {
    if (stage_)
      for (const auto& [i, sr] : stage_->series) work_[i] = base_.series[i];
    stage_.reset();
    stage_key_ = key;
    if (!key.empty()) {
      auto it = cohort_cache_.find(key);
      if (it == cohort_cache_.end()) {
        auto st = std::make_shared<Stage>();
        for (std::size_t i : apply_scenario_in_place(project_, work_, comp, base_.seed))
          st->series.emplace(i, work_[i]);
        it = cohort_cache_.emplace(key, std::move(st)).first;
        cache_order_.push_back(key);
        if (cache_order_.size() > kCacheEntries) {
          cohort_cache_.erase(cache_order_.front());
          cache_order_.erase(cache_order_.begin());
        }
      } else {
        for (const auto& [i, sr] : it->second->series) work_[i] = sr;
      }
      stage_ = it->second;
    }
  }
  if (!rest.interventions.empty())
    rest_dirty_ = apply_scenario_in_place(project_, work_, rest, base_.seed);
  dirty_ = rest_dirty_;
  if (stage_)
    for (const auto& [i, sr] : stage_->series) dirty_.insert(i);
  return dirty_;
}

const json& Explorer::base_bands_of(std::size_t i) {
  auto it = base_bands_.find(i);
  if (it == base_bands_.end())
    it = base_bands_.emplace(i, bands_json(base_.series[i].forecast)).first;
  return it->second;
}

const json& Explorer::bands_of(std::size_t i) {
  if (!dirty_.count(i)) return base_bands_of(i);
  if (stage_ && stage_->series.count(i) && !rest_dirty_.count(i)) {
    auto it = stage_->bands.find(i);
    if (it == stage_->bands.end())
      it = stage_->bands.emplace(i, bands_json(work_[i].forecast)).first;
    return it->second;
  }
  fresh_bands_ = bands_json(work_[i].forecast);
  return fresh_bands_;
}

std::vector<TargetResult> Explorer::targets_now() const {
  std::set<std::pair<std::string, std::string>> changed;
  for (std::size_t i : dirty_) changed.insert({work_[i].ref.indicator, work_[i].ref.group});
  auto touched = [&](const SeriesRef& r) { return changed.count({r.indicator, r.group}) > 0; };
  std::vector<TargetResult> out;
  for (const Target& t : project_.targets) {
    if (touched(t.series) || (t.other && touched(*t.other))) {
      for (auto& r : evaluate_target(project_, t, work_, base_.n_paths))
        out.push_back(std::move(r));
    } else {
      for (const TargetResult& r : base_.targets)
        if (r.target == &t) out.push_back(r);
    }
  }
  return out;
}

double Explorer::probability_now(const std::string& target, const std::string& variant) const {
  for (const Target& t : project_.targets)
    if (t.id == target)
      for (const auto& r : evaluate_target(project_, t, work_, base_.n_paths))
        if (r.variant == variant) return r.probability;
  return 0.0;
}

// long function: one response, built in the order of the documented fields (docs/serve.md)
Response Explorer::evaluate(const std::string& body) {
  const auto t0 = std::chrono::steady_clock::now();
  Request q = parse(body, false);
  std::lock_guard<std::mutex> lock(mutex_);
  apply(q.scenario);
  const std::vector<TargetResult> results = targets_now();
  json j;
  j["scenario"] = q.scenario.id;
  json targets = json::array();
  for (std::size_t i = 0; i < results.size() && i < base_.targets.size(); ++i) {
    json x = result_json(results[i]);
    const TargetResult& b = base_.targets[i];
    if (b.status != TargetStatus::no_data) {
      x["baseline"] = b.probability;
      x["change_pp"] = 100.0 * (results[i].probability - b.probability);
    }
    targets.push_back(x);
  }
  j["targets"] = targets;
  json changed = json::array();
  for (std::size_t i = 0; i < work_.size(); ++i) {
    const SeriesResult& s = work_[i];
    const bool is_focus = q.focus && s.ref == *q.focus;
    const bool differs = dirty_.count(i) > 0;
    if (!differs && !is_focus) continue;
    json x{{"indicator", s.ref.indicator}, {"group", s.ref.group}, {"changed", differs}};
    // "series": "focus": the other changed series are listed without their bands (the page
    // draws only the focus; their quantiles cost a fifth of a population slider's move).
    if (q.all_bands || is_focus) x["scenario"] = bands_of(i);
    if (is_focus) {
      x["baseline"] = base_bands_of(i);
      x["observed"] = observed_json(base_.series[i]);
    }
    changed.push_back(x);
  }
  j["series"] = changed;
  if (!q.target.empty()) {
    RunResult one;
    one.project = &project_;
    one.seed = base_.seed;
    one.n_paths = base_.n_paths;
    for (const TargetResult& r : results)
      if (r.target->id == q.target) one.targets.push_back(r);
    one.series.swap(work_);  // lent, not copied
    RealisticReport rep;
    try {
      rep = realistic_targets(project_, one, ScenarioSet{}, q.probability);
    } catch (...) {
      one.series.swap(work_);
      throw;
    }
    one.series.swap(work_);
    json rt = json::array();
    for (const RealisticTarget& t : rep.targets) {
      json x{{"variant", t.result->variant},
             {"measure", t.measure},
             {"higher_is_better", t.higher_is_better}};
      x["reached"] = t.q_asked ? json(*t.q_asked) : json(nullptr);
      const FirstYear& fy = t.first_year;
      if (fy.applicable) {
        x["first_year"] = {{"threshold", fy.threshold},
                           {"years", fy.years},
                           {"share", fy.share},
                           {"already_met", fy.already_met},
                           {"not_by_horizon", fy.not_by_horizon},
                           {"by_target_year", fy.by_target_year}};
        // The year by which the target level is reached with the asked probability.
        double cum = fy.already_met ? 1.0 : 0.0;
        json when = nullptr;
        for (std::size_t k = 0; k < fy.years.size() && when.is_null(); ++k) {
          cum += fy.share[k];
          if (cum >= q.probability) when = fy.years[k];
        }
        x["first_year_reached"] = fy.already_met ? json("already") : when;
      } else {
        x["first_year"] = nullptr;
        x["first_year_note"] = fy.note;
      }
      rt.push_back(x);
    }
    j["target"] = {{"id", q.target}, {"probability", q.probability}, {"results", rt}};
  }
  json notes = json::array();
  j["notes"] = notes;
  j["elapsed_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return {200, "application/json; charset=utf-8", j.dump(), ""};
}

Response Explorer::sensitivity(const std::string& body) {
  Request q = parse(body, true);
  if (q.target.empty()) throw ApiError(400, "target", "expected the field 'target', missing");
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> variants;
  for (const TargetResult& r : base_.targets)
    if (r.target->id == q.target && r.status == TargetStatus::assessed)
      variants.push_back(r.variant);
  if (variants.empty())
    throw ApiError(400, "target",
                   "expected a target with a projection, found \"" + q.target +
                       "\" (no data or already observed)");
  const std::string variant = variants.back();
  apply(q.scenario);
  const double p_now = probability_now(q.target, variant);
  json bars = json::array();
  for (const detail::Knob& k : detail::knobs(q.scenario)) {
    double p[2];
    for (int e = 0; e < 2; ++e) {
      const Scenario s = detail::with_knob(q.scenario, k, e == 0 ? k.lo : k.hi);
      apply(s);
      p[e] = probability_now(q.target, variant);
    }
    bars.push_back({{"id", k.id},
                    {"kind", k.parameter ? "parameter" : "intervention"},
                    {"indicator", k.indicator},
                    {"low", k.lo},
                    {"high", k.hi},
                    {"p_low", p[0]},
                    {"p_high", p[1]},
                    {"swing_pp", 100.0 * std::fabs(p[1] - p[0])}});
  }
  std::stable_sort(bars.begin(), bars.end(), [](const json& a, const json& b) {
    return a["swing_pp"].get<double>() > b["swing_pp"].get<double>();
  });
  json j{{"target", q.target}, {"variant", variant}, {"probability", p_now}, {"bars", bars}};
  return {200, "application/json; charset=utf-8", j.dump(), ""};
}

Response Explorer::scenario_toml(const std::string& body) {
  Request q = parse(body, true);
  for (const Scenario& s : set_.scenarios)
    if (s.id == q.scenario.id)
      throw ApiError(400, "scenario.id",
                     "expected an id that no scenario of the project has (utsikt compare reads "
                     "the project's scenarios and this file together), found \"" +
                         q.scenario.id + "\"");
  std::string text =
      "# Scenario sparat av utsikt serve (seed " + std::to_string(base_.seed) + ", " +
      std::to_string(base_.n_paths) +
      " banor).\n# Lägg till filen i [project] scenarios och kör utsikt compare: samma seed och "
      "antal banor ger samma sannolikheter.\n\n" +
      q.toml_text;
  return {200, "application/toml; charset=utf-8", text, q.scenario.id + ".toml"};
}

Response Explorer::report(const std::string& body) {
  Request q = parse(body, true);
  std::lock_guard<std::mutex> lock(mutex_);
  ScenarioSet one;
  one.scenarios.push_back(q.scenario);
  const Comparison cmp = compare_scenarios(project_, base_, one);
  return {200, "text/html; charset=utf-8", out::report_html(base_, q.lang, &cmp),
          "rapport-" + q.scenario.id + ".html"};
}

}  // namespace utsikt::serve
