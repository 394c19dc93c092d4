#include "utsikt/scenarios/realistic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "utsikt/engine/structure.hpp"

namespace utsikt {

std::string_view to_string(EurostatClass c) {
  switch (c) {
    case EurostatClass::achieved:
      return "target_achieved";
    case EurostatClass::significant:
      return "significant_progress";
    case EurostatClass::moderate:
      return "moderate_progress";
    case EurostatClass::insufficient:
      return "insufficient_progress";
    case EurostatClass::away:
      return "moving_away";
    case EurostatClass::not_computable:
      return "not_computable";
    case EurostatClass::not_applicable:
      return "not_applicable";
  }
  return "not_computable";
}

std::string_view to_string(UnClass c) {
  switch (c) {
    case UnClass::achieved:
      return "achieved";
    case UnClass::on_track:
      return "on_track";
    case UnClass::fair:
      return "fair_progress";
    case UnClass::stagnation:
      return "stagnation_or_regression";
    case UnClass::not_computable:
      return "not_computable";
    case UnClass::not_applicable:
      return "not_applicable";
  }
  return "not_computable";
}

bool has_ratio(EurostatClass c) {
  return c != EurostatClass::achieved && c != EurostatClass::not_computable &&
         c != EurostatClass::not_applicable;
}
bool has_ratio(UnClass c) {
  return c != UnClass::achieved && c != UnClass::not_computable && c != UnClass::not_applicable;
}

namespace {

bool already_met(const ProgressInput& in) {
  if (in.achieved_band > 0 && std::fabs(in.x1 - in.target) <= in.achieved_band + 1e-12) return true;
  return in.higher_is_better ? in.x1 >= in.target : in.x1 <= in.target;
}

// The precondition of both classes: the base value lies on the side of the target still to be
// reached. Where the base already met the target (a population above its target in the base
// year), the growth rate "towards the target" is a movement away from the base: a decline would
// count as progress. Returns the reason when the precondition fails.
std::optional<std::string> base_beyond_target(const ProgressInput& in) {
  const bool met = in.higher_is_better ? in.x0 >= in.target : in.x0 <= in.target;
  if (!met) return std::nullopt;
  char buf[240];
  std::snprintf(buf, sizeof buf,
                "the base value %.6g (%d) already met the target %.6g; the latest value %.6g "
                "(%d) does not: progress towards the target from the base is not defined",
                in.x0, in.t0, in.target, in.x1, in.t1);
  return std::string(buf);
}

}  // namespace

EurostatProgress eurostat_progress(const ProgressInput& in) {
  EurostatProgress r;
  if (in.t1 <= in.t0) {
    r.note = "fewer than two observations";
    return r;
  }
  if (already_met(in)) {
    r.cls = EurostatClass::achieved;
    r.note = "the latest observation already meets the target";
    return r;
  }
  if (auto why = base_beyond_target(in)) {
    r.cls = EurostatClass::not_applicable;
    r.note = *why;
    return r;
  }
  if (in.target == 0.0) {
    r.note = "the target is zero (net zero): a growth rate towards zero is not defined";
    return r;
  }
  if (in.T <= in.t0) {
    r.note = "the target year is not after the base year";
    return r;
  }
  double x0 = in.x0, x1 = in.x1;
  // Open SDG edge rule: a zero base (or latest value) is replaced by 0.001.
  if (x0 == 0.0) {
    x0 = 0.001;
    r.note = "zero base replaced by 0.001 (Open SDG rule)";
  }
  if (x1 == 0.0) {
    x1 = 0.001;
    r.note = "zero latest value replaced by 0.001 (Open SDG rule)";
  }
  if ((x0 > 0) != (x1 > 0) || (x0 > 0) != (in.target > 0)) {
    r.note = "the values change sign: growth rates are not defined";
    return r;
  }
  r.cagr_actual = std::pow(x1 / x0, 1.0 / (in.t1 - in.t0)) - 1.0;
  r.cagr_required = std::pow(in.target / x0, 1.0 / (in.T - in.t0)) - 1.0;
  if (r.cagr_required == 0.0) {
    r.note = "the target equals the base value: the required growth rate is zero";
    return r;
  }
  r.ratio = r.cagr_actual / r.cagr_required;
  r.cls = r.ratio >= 0.95   ? EurostatClass::significant
          : r.ratio >= 0.60 ? EurostatClass::moderate
          : r.ratio >= 0.0  ? EurostatClass::insufficient
                            : EurostatClass::away;
  return r;
}

UnProgress un_progress(const ProgressInput& in) {
  UnProgress r;
  if (in.t1 <= in.t0) {
    r.note = "fewer than two observations";
    return r;
  }
  if (already_met(in)) {
    r.cls = UnClass::achieved;
    r.note = "the latest observation already meets the target";
    return r;
  }
  if (in.share_0_100 && std::fabs(in.x1 - in.target) <= 1.0) {
    r.cls = UnClass::achieved;
    r.note = "within 1 percentage point of a 0 % or 100 % target";
    return r;
  }
  if (auto why = base_beyond_target(in)) {
    r.cls = UnClass::not_applicable;
    r.note = *why;
    return r;
  }
  if (in.x0 <= 0 || in.x1 <= 0) {
    r.note = "a non-positive value: the growth rate is not defined";
    return r;
  }
  if (in.target == in.x0) {
    r.note = "the target equals the base value";
    return r;
  }
  r.cagr_actual = std::pow(in.x1 / in.x0, 1.0 / (in.t1 - in.t0)) - 1.0;
  r.projected = in.x1 * std::pow(1.0 + r.cagr_actual, in.T - in.t1);
  r.ratio = (r.projected - in.x0) / (in.target - in.x0);
  r.cls = r.ratio >= 0.95   ? UnClass::on_track
          : r.ratio >= 0.10 ? UnClass::fair
                            : UnClass::stagnation;
  return r;
}

UnProgress un_progress_no_target(int t0, double x0, int t1, double x1, bool higher_is_better) {
  UnProgress r;
  if (t1 <= t0) {
    r.note = "fewer than two observations";
    return r;
  }
  if (x0 <= 0 || x1 <= 0) {
    r.note = "a non-positive value: the growth rate is not defined";
    return r;
  }
  r.cagr_actual = std::pow(x1 / x0, 1.0 / (t1 - t0)) - 1.0;
  const double g = higher_is_better ? r.cagr_actual : -r.cagr_actual;
  r.cls = g >= 0.02 ? UnClass::on_track : g >= 0.005 ? UnClass::fair : UnClass::stagnation;
  r.note = "no quantitative target: classes from the growth rate (>= 2 %, 0.5-2 %, < 0.5 % a year)";
  return r;
}

namespace {

const SeriesResult* find(const std::vector<SeriesResult>& series, const SeriesRef& r) {
  for (const auto& s : series)
    if (s.ref == r) return &s;
  return nullptr;
}

// Type-7 quantile of a sample.
double quantile(std::vector<double> v, double q) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const double h = (v.size() - 1) * q;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

FirstYear first_year(const Target& t, const std::vector<SeriesResult>& series, int n_paths) {
  FirstYear f;
  const TargetSeries s = target_series(t, series);
  const SeriesResult* a = s.main;
  if (!a || !a->observed || a->observed->empty()) {
    f.note = "no observations";
    return f;
  }
  const Series& o = *a->observed;
  if (!has_value_level(t)) {
    f.note = "not a threshold on one series";
    return f;
  }
  std::optional<double> base;
  if (s.base_year)
    if (const double b = series_value(*a, *s.base_year, 0); !std::isnan(b)) base = b;
  const auto level = value_level(t, base);
  if (!level) {
    f.note = "the base year is not observed";
    return f;
  }
  f.threshold = level->level;
  auto meets = [&](double v) { return meets_level(t, *level, v); };
  f.applicable = true;
  f.already_met = meets(o.values.back()) && !level->strict;
  const auto& fc = a->forecast;
  if (fc.years.empty()) {
    f.applicable = false;
    f.note = "not projected";
    return f;
  }
  for (int y = o.years.back() + 1; y <= fc.years.back(); ++y) f.years.push_back(y);
  f.share.assign(f.years.size(), 0.0);
  double never = 0, by_target = 0;
  for (int p = 0; p < n_paths; ++p) {
    int hit = -1;
    for (std::size_t k = 0; k < f.years.size(); ++k)
      if (meets(series_value(*a, f.years[k], p))) {
        hit = static_cast<int>(k);
        break;
      }
    if (hit < 0)
      never += 1;
    else {
      f.share[hit] += 1;
      if (f.years[hit] <= t.year) by_target += 1;
    }
  }
  for (auto& x : f.share) x /= n_paths;
  f.not_by_horizon = never / n_paths;
  f.by_target_year = by_target / n_paths;
  return f;
}

void progress(const Project& project, const Target& t, const std::vector<SeriesResult>& series,
              RealisticTarget& rt) {
  const SeriesResult* a = find(series, t.series);
  const Indicator* ind = project.find_indicator(t.series.indicator);
  auto not_computable = [&](const std::string& why) {
    rt.eurostat.note = why;
    rt.un.note = why;
  };
  if (!a || !a->observed || a->observed->empty()) return not_computable("no observations");
  const Series& o = *a->observed;
  ProgressInput in;
  in.t1 = o.years.back();
  in.t0 = o.years.front();
  if (t.base_year && o.index_of(*t.base_year) >= 0 && *t.base_year < in.t1) in.t0 = *t.base_year;
  in.T = t.year;
  in.higher_is_better = t.direction == Direction::at_least;
  in.x0 = *o.at_year(in.t0);
  in.x1 = o.values.back();
  switch (kind_info(t.kind).shape) {
    case TargetShape::threshold:
      in.target = t.value;
      in.share_0_100 = ind->kind == IndicatorKind::share && (t.value == 0.0 || t.value == 100.0);
      break;
    case TargetShape::relative_change:
    case TargetShape::absolute_change: {
      if (o.index_of(*t.base_year) < 0)
        return not_computable("the target's base year " + std::to_string(*t.base_year) +
                              " is not observed");
      in.target = value_level(t, *o.at_year(*t.base_year))->level;
      break;
    }
    case TargetShape::direction:
      rt.eurostat.note = "no quantitative target (Eurostat's method needs a target value)";
      rt.un = un_progress_no_target(in.t0, in.x0, in.t1, in.x1, higher_is_better(t));
      return;
    case TargetShape::gap: {
      // Transform to a "decrease towards the target" quantity.
      const SeriesResult* b = t.other ? find(series, *t.other) : nullptr;
      auto other_at = [&](int y) -> std::optional<double> {
        if (t.reference_value) return *t.reference_value;
        if (!b || !b->observed) return std::nullopt;
        const double* v = b->observed->at_year(y);
        return v ? std::optional<double>(*v) : std::nullopt;
      };
      const bool share50 =
          t.reference_value && *t.reference_value == 50.0 && ind->kind == IndicatorKind::share;
      auto tr = [&](double x, double ref) {
        if (share50) return 50.0 + std::fabs(x - 50.0);
        const double r = x / ref;
        return std::max(r, 1.0 / r);
      };
      // Base: the first year both are observed; latest: the last such year.
      std::vector<int> both;
      for (int y : o.years)
        if (other_at(y)) both.push_back(y);
      if (both.size() < 2)
        return not_computable("the two series are observed together in fewer than two years");
      in.t0 = both.front();
      in.t1 = both.back();
      const double r0 = *other_at(in.t0), r1 = *other_at(in.t1);
      if (!share50 && (in.x0 <= 0 || r0 <= 0 || *o.at_year(in.t1) <= 0 || r1 <= 0))
        return not_computable("a non-positive value: the ratio is not defined");
      in.x0 = tr(*o.at_year(in.t0), r0);
      in.x1 = tr(*o.at_year(in.t1), r1);
      in.target = share50 ? 50.0 : 1.0;
      in.higher_is_better = false;
      in.achieved_band = share50 ? 0.0 : 0.03;
      rt.scale_note =
          share50 ? "share transformed to 50 + |y - 50|, target 50"
                  : "ratio r transformed to max(r, 1/r), target 1 (0.97-1.03 counts as parity)";
      break;
    }
    case TargetShape::relative_growth:
      return not_computable(
          "a relative target (growth faster than a reference) has no target value");
  }
  if (in.T <= in.t1) return not_computable("the target year is not after the latest observation");
  rt.target_level = in.target;
  rt.required_abs = (in.target - in.x1) / (in.T - in.t1);
  if (in.x1 > 0 && in.target > 0)
    rt.required_pct = std::pow(in.target / in.x1, 1.0 / (in.T - in.t1)) - 1.0;
  if (in.t1 > in.t0) {
    rt.historical_abs = (in.x1 - in.x0) / (in.t1 - in.t0);
    if (in.x0 > 0 && in.x1 > 0)
      rt.historical_pct = std::pow(in.x1 / in.x0, 1.0 / (in.t1 - in.t0)) - 1.0;
  }
  rt.progress_input = in;
  rt.eurostat = eurostat_progress(in);
  rt.un = un_progress(in);
}

}  // namespace

namespace {

// The series a lever evaluation needs: the target's series, the lever's series and every input
// they are derived from (transitively). Copying only these keeps each bisection step cheap; the
// result is identical to transforming all series, because nothing else can affect the target.
std::vector<SeriesResult> lever_subset(const Project& project, const std::vector<SeriesResult>& all,
                                       const Lever& lever, const Target& target) {
  std::vector<SeriesRef> want = {target.series, lever.intervention.series};
  if (target.other) want.push_back(*target.other);
  std::vector<SeriesResult> out;
  for (std::size_t k = 0; k < want.size(); ++k) {
    const SeriesRef r = want[k];
    bool have = false;
    for (const auto& s : out) have = have || s.ref == r;
    if (have) continue;
    const SeriesResult* s = find(all, r);
    if (!s) continue;
    out.push_back(*s);
    for (const auto& in : derivation_of(project, r).inputs) want.push_back(in);
  }
  return out;
}

const Target* find_target(const Project& project, const std::string& id) {
  for (const auto& t : project.targets)
    if (t.id == id) return &t;
  throw InternalError("unknown target " + id);
}

double lever_probability_on(const Project& project, const std::vector<SeriesResult>& series,
                            const RunResult& baseline, const Lever& lever, const Target& target,
                            double value, double* mc_se) {
  Scenario s;
  s.id = "lever:" + lever.id;
  Intervention iv = lever.intervention;
  iv.value = Quantity{};
  iv.value.a = value;
  s.interventions.push_back(iv);
  const auto changed = apply_scenario(project, series, s, baseline.seed);
  for (const auto& r : evaluate_target(project, target, changed, baseline.n_paths))
    if (r.variant == lever.variant) {
      if (mc_se) *mc_se = r.mc_se;
      return r.status == TargetStatus::no_data ? std::nan("") : r.probability;
    }
  return std::nan("");
}

}  // namespace

double lever_probability(const Project& project, const RunResult& baseline, const Lever& lever,
                         double value, double* mc_se) {
  const Target& target = *find_target(project, lever.target);
  return lever_probability_on(project, lever_subset(project, baseline.series, lever, target),
                              baseline, lever, target, value, mc_se);
}

double lever_probability_full(const Project& project, const RunResult& baseline, const Lever& lever,
                              double value, double* mc_se) {
  Scenario s;
  s.id = "lever:" + lever.id;
  Intervention iv = lever.intervention;
  iv.value = Quantity{};
  iv.value.a = value;
  s.interventions.push_back(iv);
  const Target* target = nullptr;
  for (const auto& t : project.targets)
    if (t.id == lever.target) target = &t;
  if (!target) throw InternalError("lever_probability: unknown target " + lever.target);
  const auto series = apply_scenario(project, baseline.series, s, baseline.seed);
  for (const auto& r : evaluate_target(project, *target, series, baseline.n_paths))
    if (r.variant == lever.variant) {
      if (mc_se) *mc_se = r.mc_se;
      return r.status == TargetStatus::no_data ? std::nan("") : r.probability;
    }
  return std::nan("");
}

LeverResult search_lever(const Project& project, const RunResult& baseline, const Lever& lever,
                         double probability) {
  const Target& target = *find_target(project, lever.target);
  const std::vector<SeriesResult> subset = lever_subset(project, baseline.series, lever, target);
  auto lever_probability = [&](const Project& pr, const RunResult& b, const Lever& l, double v,
                               double* se = nullptr) {
    return lever_probability_on(pr, subset, b, l, target, v, se);
  };
  LeverResult r;
  r.lever = &lever;
  r.probability_asked = probability;
  char buf[256];
  double se = 0;
  r.p_at_min = lever_probability(project, baseline, lever, lever.min, &se);
  r.p_at_max = lever_probability(project, baseline, lever, lever.max);
  r.p_baseline = lever_probability(project, baseline, lever, 0.0);
  r.evaluations = 3;
  if (std::isnan(r.p_at_min) || std::isnan(r.p_at_max)) {
    r.outcome = LeverResult::Outcome::no_data;
    r.message = "the target cannot be evaluated (no data)";
    return r;
  }
  r.increasing = r.p_at_max >= r.p_at_min;
  // The end of the range where the lever does least / most.
  const double weak = r.increasing ? lever.min : lever.max;
  const double strong = r.increasing ? lever.max : lever.min;
  const double p_weak = r.increasing ? r.p_at_min : r.p_at_max;
  const double p_strong = r.increasing ? r.p_at_max : r.p_at_min;
  if (p_weak >= probability) {
    r.outcome = LeverResult::Outcome::already_met;
    r.value = weak;
    r.probability = p_weak;
    r.mc_se = std::sqrt(p_weak * (1 - p_weak) / baseline.n_paths);
    std::snprintf(buf, sizeof buf,
                  "P(met) = %.3f >= %.2f already at the weak end of the range (%g)", p_weak,
                  probability, weak);
    r.message = buf;
    return r;
  }
  if (p_strong < probability) {
    r.outcome = LeverResult::Outcome::not_reachable;
    r.value = strong;
    r.probability = p_strong;
    r.mc_se = std::sqrt(p_strong * (1 - p_strong) / baseline.n_paths);
    std::snprintf(buf, sizeof buf, "not reachable within [%g, %g]: P(met) is at most %.3f < %.2f",
                  lever.min, lever.max, p_strong, probability);
    r.message = buf;
    return r;
  }
  // Invariant: P(lo) < probability <= P(hi), lo at the weak side.
  double lo = weak, hi = strong, p_hi = p_strong;
  while (std::fabs(hi - lo) > lever.tolerance && r.evaluations < 200) {
    const double mid = 0.5 * (lo + hi);
    const double pm = lever_probability(project, baseline, lever, mid);
    ++r.evaluations;
    if (pm >= probability) {
      hi = mid;
      p_hi = pm;
    } else
      lo = mid;
  }
  r.outcome = LeverResult::Outcome::found;
  r.value = hi;
  r.probability = p_hi;
  r.mc_se = std::sqrt(p_hi * (1 - p_hi) / baseline.n_paths);
  std::snprintf(
      buf, sizeof buf,
      "smallest lever %g (bisection to %g, %d evaluations on the same paths) gives P(met) = "
      "%.3f >= %.2f",
      hi, lever.tolerance, r.evaluations, p_hi, probability);
  r.message = buf;
  return r;
}

RealisticPaths realistic_paths(const RunResult& baseline, const TargetResult& tr) {
  RealisticPaths out;
  if (tr.status == TargetStatus::no_data) return out;
  const Target& t = *tr.target;
  const auto variant = variant_index(kind_info(t.kind), tr.variant);
  if (!variant) throw InternalError("target " + t.id + " has no variant '" + tr.variant + "'");
  const TargetSeries s = target_series(t, baseline.series);
  const int n = tr.status == TargetStatus::observed ? 1 : baseline.n_paths;
  out.paths = target_measures(t, s, *variant, n);
  out.name = compared_name(t, *variant, s.base_year);
  out.higher_is_better = higher_is_better(t);
  out.quantity.reserve(out.paths.size());
  for (const auto& x : out.paths) {
    const double v = compared_value(t, x);
    if (std::isnan(v)) {
      out.quantity.clear();
      break;
    }
    out.quantity.push_back(v);
  }
  return out;
}

RealisticReport realistic_targets(const Project& project, const RunResult& baseline,
                                  const ScenarioSet& set, double probability,
                                  std::optional<double> lever_p, const ProgressCallback& report) {
  RealisticReport rep;
  rep.baseline = &baseline;
  rep.probability = probability;
  for (const TargetResult& tr : baseline.targets) {
    RealisticTarget rt;
    rt.result = &tr;
    const Target& t = *tr.target;
    if (tr.status != TargetStatus::no_data) {
      const RealisticPaths rp = realistic_paths(baseline, tr);
      rt.measure = rp.name;
      rt.higher_is_better = rp.higher_is_better;
      if (const auto& m = rp.quantity; !m.empty()) {
        auto q = [&](double p) { return quantile(m, rt.higher_is_better ? 1.0 - p : p); };
        rt.q50 = q(0.5);
        rt.q80 = q(0.8);
        rt.q90 = q(0.9);
        rt.q_asked = q(probability);
      }
      if (tr.status == TargetStatus::assessed)
        rt.first_year = first_year(t, baseline.series, baseline.n_paths);
      else
        rt.first_year.note = tr.status == TargetStatus::observed ? "already observed" : "no data";
    } else {
      rt.first_year.note = "no data";
    }
    progress(project, t, baseline.series, rt);
    rep.targets.push_back(std::move(rt));
    if (report) report(Progress{"targets", rep.targets.size(), baseline.targets.size()});
  }
  for (const Lever& l : set.levers) {
    rep.levers.push_back(search_lever(project, baseline, l, lever_p.value_or(l.probability)));
    if (report) report(Progress{"levers", rep.levers.size(), set.levers.size()});
  }
  return rep;
}

std::vector<ReachedValue> reached_values(const Project& project,
                                         const std::vector<SeriesResult>& series,
                                         const std::string& scenario, const std::vector<int>& years,
                                         double p) {
  std::vector<ReachedValue> out;
  for (const SeriesResult& s : series) {
    if (!s.observed && s.forecast.years.empty()) continue;
    const Indicator* ind = project.find_indicator(s.ref.indicator);
    for (int y : years) {
      ReachedValue r;
      r.ref = s.ref;
      r.scenario = scenario;
      r.year = y;
      r.better = ind ? ind->better : 0;
      const double* obs = s.observed ? s.observed->at_year(y) : nullptr;
      const auto& fy = s.forecast.years;
      if (obs) {
        r.status = ReachedValue::Status::observed;
        r.at_least = r.at_most = r.median = *obs;
      } else if (!fy.empty() && y >= fy.front() && y <= fy.back() && s.forecast.n_paths > 0) {
        r.status = ReachedValue::Status::projected;
        std::vector<double> v(static_cast<std::size_t>(s.forecast.n_paths));
        for (int k = 0; k < s.forecast.n_paths; ++k) v[k] = series_value(s, y, k);
        r.at_least = quantile(v, 1.0 - p);
        r.at_most = quantile(v, p);
        r.median = quantile(v, 0.5);
      }
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace utsikt
