#include "utsikt/engine/run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <thread>

#include "utsikt/engine/structure.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {

std::string_view to_string(Arrow a) {
  switch (a) {
    case Arrow::green: return "green";
    case Arrow::yellow: return "yellow";
    case Arrow::red: return "red";
    case Arrow::none: return "none";
  }
  return "none";
}

std::string_view to_string(Assessment a) {
  switch (a) {
    case Assessment::yes: return "yes";
    case Assessment::near: return "near";
    case Assessment::no: return "no";
    case Assessment::none: return "none";
  }
  return "none";
}

std::string_view to_string(TargetStatus s) {
  switch (s) {
    case TargetStatus::assessed: return "assessed";
    case TargetStatus::observed: return "observed";
    case TargetStatus::no_data: return "no_data";
  }
  return "no_data";
}

const SeriesResult* RunResult::find(const SeriesRef& r) const {
  for (const auto& s : series)
    if (s.ref == r) return &s;
  return nullptr;
}

namespace {

// Why a series value in a year cannot be had.
struct Unavailable {
  std::string reason;
};

// Access to a series' value in a year on a given path: observed where observed, simulated in
// the future, linearly interpolated inside a gap of the history.
class PathView {
 public:
  explicit PathView(const SeriesResult* s) : s_(s) {}

  bool has_data() const { return s_ && s_->observed && !s_->observed->empty(); }

  // Empty string if the year can be evaluated, else the reason.
  std::string check(int year) const {
    if (!has_data()) return "no observations";
    const Series& o = *s_->observed;
    if (year < o.years.front())
      return "year " + std::to_string(year) + " is before the first observation (" +
             std::to_string(o.years.front()) + ")";
    if (year > o.years.back()) {
      const auto& f = s_->forecast;
      if (f.years.empty() || year > f.years.back())
        return "year " + std::to_string(year) + " is beyond the projection horizon";
    }
    return {};
  }

  bool observed(int year) const { return year <= s_->observed->years.back(); }
  bool interpolated(int year) const {
    return observed(year) && s_->observed->index_of(year) < 0;
  }

  // Observed, interpolated inside a gap, or simulated; only called after check() passed.
  double value(int year, int path) const { return series_value(*s_, year, path); }

 private:
  const SeriesResult* s_;
};

Interval summarize(std::vector<double> v) {
  Interval r;
  if (v.empty()) return r;
  auto q = [&](double p) {
    const double h = (v.size() - 1) * p;
    const std::size_t lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    std::nth_element(v.begin(), v.begin() + lo, v.end());
    const double a = v[lo];
    double b = a;
    if (hi != lo) b = *std::min_element(v.begin() + lo + 1, v.end());
    return a + (h - lo) * (b - a);
  };
  r.median = q(0.5);
  r.lo80 = q(0.1);
  r.hi80 = q(0.9);
  return r;
}

bool meets(double x, Direction d, double threshold, double slack = 0.0) {
  return d == Direction::at_least ? x >= threshold - slack : x <= threshold + slack;
}

std::string series_label(const SeriesRef& r) { return r.indicator + "/" + r.group; }

}  // namespace

std::vector<TargetResult> evaluate_target(const Project& project, const Target& t,
                                          const std::vector<SeriesResult>& series, int n_paths) {
  auto find = [&](const SeriesRef& r) -> const SeriesResult* {
    for (const auto& s : series)
      if (s.ref == r) return &s;
    return nullptr;
  };
  const RunOptions& opt = project.options;
  const Indicator* ind = project.find_indicator(t.series.indicator);
  const SeriesResult* main = find(t.series);
  const SeriesResult* other = t.other ? find(*t.other) : nullptr;
  PathView a(main), b(other);

  TargetResult base;
  base.target = &t;
  if (a.has_data()) {
    base.latest_year = main->observed->years.back();
    base.latest_value = main->observed->values.back();
    base.n_points = static_cast<int>(main->observed->size());
    base.model = main->forecast.model;
    base.model_reason = main->forecast.reason;
    base.diagnostics = main->forecast.diagnostics;
    if (other && b.has_data() && !other->forecast.model.empty()) {
      base.model += "; " + series_label(*t.other) + ": " + other->forecast.model;
      for (const auto& d : other->forecast.diagnostics) {
        Diagnostic dd = d;
        dd.message = series_label(*t.other) + ": " + dd.message;
        base.diagnostics.push_back(dd);
      }
    }
  }

  auto no_data = [&](std::string reason, std::string variant = {}) {
    TargetResult r = base;
    r.variant = std::move(variant);
    r.status = TargetStatus::no_data;
    r.no_data_reason = std::move(reason);
    r.assessment = Assessment::none;
    return r;
  };
  auto variants = [&](std::string reason) {
    if (t.kind == TargetKind::flow)
      return std::vector<TargetResult>{no_data(reason, "every_year"), no_data(reason, "average")};
    return std::vector<TargetResult>{no_data(reason)};
  };

  if (!t.no_data_reason.empty()) return variants(t.no_data_reason);
  if (!a.has_data()) return variants("no observations of " + series_label(t.series));
  if (t.other && !t.reference_value && !b.has_data())
    return variants("no observations of " + series_label(*t.other));

  // Years the target needs, and the base year.
  std::vector<int> years_needed;
  if (t.kind == TargetKind::flow)
    for (int y = t.from_year; y <= t.year; ++y) years_needed.push_back(y);
  else
    years_needed.push_back(t.year);
  std::optional<int> base_year = t.base_year;
  if ((t.kind == TargetKind::increase || t.kind == TargetKind::decrease) && !base_year)
    base_year = main->observed->years.back();
  if (t.kind == TargetKind::faster_growth && other && !base_year)
    base_year = main->observed->years.front();
  for (int y : years_needed)
    if (auto why = a.check(y); !why.empty()) return variants(series_label(t.series) + ": " + why);
  if (base_year)
    if (auto why = a.check(*base_year); !why.empty())
      return variants("base year " + std::to_string(*base_year) + " of " +
                      series_label(t.series) + ": " + why);
  if (t.other && !t.reference_value) {
    for (int y : years_needed)
      if (auto why = b.check(y); !why.empty()) return variants(series_label(*t.other) + ": " + why);
    if (base_year && t.kind == TargetKind::faster_growth)
      if (auto why = b.check(*base_year); !why.empty())
        return variants("base year " + std::to_string(*base_year) + " of " +
                        series_label(*t.other) + ": " + why);
  }
  for (int y : years_needed)
    if (a.interpolated(y))
      base.diagnostics.push_back({Severity::info, "interpolated",
                                  "year " + std::to_string(y) +
                                      " is inside a gap of the history; linearly interpolated"});
  if (base_year && a.interpolated(*base_year))
    base.diagnostics.push_back({Severity::info, "interpolated",
                                "base year " + std::to_string(*base_year) +
                                    " is inside a gap of the history; linearly interpolated"});

  // Relative measures need a non-zero observed base (see docs/bad-inputs.md).
  if (base_year && (t.kind == TargetKind::change || t.kind == TargetKind::faster_growth)) {
    if (a.observed(*base_year) && a.value(*base_year, 0) == 0.0)
      return variants("the base value of " + series_label(t.series) + " in " +
                      std::to_string(*base_year) + " is 0, so a relative change is undefined");
    if (t.kind == TargetKind::faster_growth && other && b.observed(*base_year) &&
        b.value(*base_year, 0) == 0.0)
      return variants("the base value of " + series_label(*t.other) + " in " +
                      std::to_string(*base_year) + " is 0, so a relative change is undefined");
  }
  if ((t.kind == TargetKind::level || t.kind == TargetKind::flow) && ind &&
      ((ind->bounds.lower && t.value < *ind->bounds.lower) ||
       (ind->bounds.upper && t.value > *ind->bounds.upper)))
    base.diagnostics.push_back(
        {Severity::warning, "threshold_outside_bounds",
         "the threshold lies outside the values the indicator can take, so the target is "
         "trivially met or impossible; check its unit (e.g. percent vs. fraction)"});

  bool all_observed = true;
  for (int y : years_needed) all_observed = all_observed && a.observed(y);
  if (t.other && !t.reference_value)
    for (int y : years_needed) all_observed = all_observed && b.observed(y);
  const int n = all_observed ? 1 : n_paths;

  // Per-path measure and verdicts.
  std::vector<double> value_at(n), measure(n), measure2;
  std::vector<char> ok(n), ok2;
  std::string measure_name, measure_name2;
  const double slack = t.tolerance;
  const double eps = 1e-12;
  if (t.kind == TargetKind::flow) {
    measure2.resize(n);
    ok2.resize(n);
  }
  long long zero_base = 0;  // paths whose simulated base value is 0
  for (int p = 0; p < n; ++p) {
    const double x = a.value(t.year, p);
    value_at[p] = x;
    switch (t.kind) {
      case TargetKind::level:
        measure[p] = x;
        ok[p] = meets(x, t.direction, t.value, slack);
        break;
      case TargetKind::flow: {
        double sum = 0.0, worst = t.direction == Direction::at_least ? INFINITY : -INFINITY;
        for (int y : years_needed) {
          const double v = a.value(y, p);
          sum += v / static_cast<double>(years_needed.size());  // no overflow near 1e308
          worst = t.direction == Direction::at_least ? std::min(worst, v) : std::max(worst, v);
        }
        const double avg = sum;
        value_at[p] = avg;
        measure[p] = worst;
        ok[p] = meets(worst, t.direction, t.value);
        measure2[p] = avg;
        ok2[p] = meets(avg, t.direction, t.value);
        break;
      }
      case TargetKind::change: {
        const double b0 = a.value(*base_year, p);
        if (!(std::fabs(b0) > eps)) ++zero_base;
        const double rel = std::fabs(b0) > eps ? x / b0 - 1.0 : 0.0;
        measure[p] = rel;
        ok[p] = meets(rel, t.direction, t.value);
        break;
      }
      case TargetKind::increase:
      case TargetKind::decrease: {
        const double b0 = a.value(*base_year, p);
        measure[p] = x - b0;
        ok[p] = t.kind == TargetKind::increase ? x > b0 : x < b0;
        break;
      }
      case TargetKind::parity: {
        const double gap = x - b.value(t.year, p);
        measure[p] = gap;
        ok[p] = std::fabs(gap) <= slack + eps;
        break;
      }
      case TargetKind::parity_reference: {
        const double ref = t.reference_value ? *t.reference_value : b.value(t.year, p);
        measure[p] = x - ref;
        ok[p] = std::fabs(x - ref) <= slack + eps;
        break;
      }
      case TargetKind::faster_growth: {
        const double a0 = a.value(*base_year, p), b0 = b.value(*base_year, p);
        if (a0 == 0.0 || b0 == 0.0) {  // a simulated base at 0: growth undefined, not met
          ++zero_base;
          measure[p] = 0.0;
          ok[p] = false;
          break;
        }
        const double ga = x / a0;
        const double gb = b.value(t.year, p) / b0;
        measure[p] = (ga - gb) * 100.0;
        ok[p] = ga > gb;
        break;
      }
    }
  }
  if (zero_base > 0)
    base.diagnostics.push_back(
        {Severity::warning, "zero_base",
         std::to_string(zero_base) + " of " + std::to_string(n) +
             " paths have a base value of 0, where a relative change is undefined; they count "
             "as change 0 (change) or as not met (faster_growth)"});
  switch (t.kind) {
    case TargetKind::level: measure_name = "value in " + std::to_string(t.year); break;
    case TargetKind::flow:
      measure_name = "lowest yearly value " + std::to_string(t.from_year) + "-" + std::to_string(t.year);
      if (t.direction == Direction::at_most)
        measure_name = "highest yearly value " + std::to_string(t.from_year) + "-" + std::to_string(t.year);
      measure_name2 = "average " + std::to_string(t.from_year) + "-" + std::to_string(t.year);
      break;
    case TargetKind::change:
      measure_name = "relative change " + std::to_string(*base_year) + "-" + std::to_string(t.year);
      break;
    case TargetKind::increase:
    case TargetKind::decrease:
      measure_name = "change since " + std::to_string(*base_year);
      break;
    case TargetKind::parity:
      measure_name = "gap " + t.series.group + " - " + t.other->group + " in " + std::to_string(t.year);
      break;
    case TargetKind::parity_reference:
      measure_name = "difference from reference in " + std::to_string(t.year);
      break;
    case TargetKind::faster_growth:
      measure_name = "growth difference (percentage points of base) " + std::to_string(*base_year) +
                     "-" + std::to_string(t.year);
      break;
  }

  // Arrow: development since the base (or first) observation, in the direction of the target.
  auto arrow_for = [&](TargetResult& r) {
    const Series& o = *main->observed;
    if (o.size() < 2) {
      r.arrow = Arrow::none;
      r.arrow_reason = "only one observation";
      return;
    }
    int y0 = o.years.front();
    if (t.base_year && o.index_of(*t.base_year) >= 0 && *t.base_year < o.years.back()) y0 = *t.base_year;
    const int y1 = o.years.back();
    r.base_year = y0;
    const bool share = ind->kind == IndicatorKind::share;
    double change = 0.0;   // positive = towards the target
    double size = 0.0;     // compared with the unchanged threshold
    std::string what;
    auto rel_or_pp = [&](double v0, double v1) {
      return share ? v1 - v0 : (std::fabs(v0) > eps ? (v1 - v0) / std::fabs(v0) : v1 - v0);
    };
    if (t.kind == TargetKind::parity || t.kind == TargetKind::parity_reference) {
      const Series* os = other && other->observed ? other->observed : nullptr;
      auto ref_at = [&](int y) -> std::optional<double> {
        if (t.reference_value) return *t.reference_value;
        if (!os) return std::nullopt;
        const double* v = os->at_year(y);
        return v ? std::optional<double>(*v) : std::nullopt;
      };
      const auto r0 = ref_at(y0), r1 = ref_at(y1);
      if (!r0 || !r1) {
        r.arrow = Arrow::none;
        r.arrow_reason = "the comparison series is not observed in both " + std::to_string(y0) +
                         " and " + std::to_string(y1);
        return;
      }
      const double g0 = std::fabs(*o.at_year(y0) - *r0), g1 = std::fabs(*o.at_year(y1) - *r1);
      change = g0 - g1;  // shrinking gap is good
      size = share ? std::fabs(change)
                   : (std::fabs(*r0) > eps ? std::fabs(change) / std::fabs(*r0) : std::fabs(change));
      what = "gap " + std::to_string(y0) + "->" + std::to_string(y1);
    } else if (t.kind == TargetKind::faster_growth) {
      const Series* os = other && other->observed ? other->observed : nullptr;
      const double* r0 = os ? os->at_year(y0) : nullptr;
      const double* r1 = os ? os->at_year(y1) : nullptr;
      if (!r0 || !r1) {
        r.arrow = Arrow::none;
        r.arrow_reason = "the reference series is not observed in both " + std::to_string(y0) +
                         " and " + std::to_string(y1);
        return;
      }
      if (*o.at_year(y0) == 0.0 || *r0 == 0.0) {
        r.arrow = Arrow::none;
        r.arrow_reason = "a value in " + std::to_string(y0) + " is 0, so growth is undefined";
        return;
      }
      change = *o.at_year(y1) / *o.at_year(y0) - *r1 / *r0;
      size = std::fabs(change);
      what = "growth relative to the reference " + std::to_string(y0) + "->" + std::to_string(y1);
    } else {
      const int d = ind->better != 0 ? ind->better : (t.direction == Direction::at_least ? 1 : -1);
      const double c = rel_or_pp(*o.at_year(y0), *o.at_year(y1));
      change = d * c;
      size = std::fabs(c);
      what = std::string(share ? "change in percentage points " : "relative change ") +
             std::to_string(y0) + "->" + std::to_string(y1);
    }
    const double thr = share && t.kind != TargetKind::faster_growth ? opt.arrow_unchanged_pp
                                                                   : opt.arrow_unchanged_rel;
    if (size < thr) r.arrow = Arrow::yellow;
    else r.arrow = change > 0 ? Arrow::green : Arrow::red;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s = %.4g (unchanged below %.3g)", what.c_str(),
                  change, thr);
    r.arrow_reason = buf;
  };

  auto finish = [&](const std::vector<char>& verdict, const std::vector<double>& meas,
                    const std::string& mname, std::string variant) {
    TargetResult r = base;
    r.variant = std::move(variant);
    r.status = all_observed ? TargetStatus::observed : TargetStatus::assessed;
    double met = 0;
    for (char v : verdict) met += v;
    r.probability = met / static_cast<double>(verdict.size());
    r.mc_se = all_observed ? 0.0 : std::sqrt(r.probability * (1 - r.probability) / verdict.size());
    r.value = summarize(value_at);
    r.measure = mname;
    r.measure_interval = summarize(meas);
    r.assessment = r.probability >= opt.class_yes    ? Assessment::yes
                   : r.probability >= opt.class_near ? Assessment::near
                                                     : Assessment::no;
    if (r.n_points <= 4)
      r.diagnostics.push_back({Severity::warning, "few_data_points",
                               "the projection rests on " + std::to_string(r.n_points) +
                                   " observation(s): treat the probability as rough"});
    arrow_for(r);
    return r;
  };
  std::vector<TargetResult> out;
  if (t.kind == TargetKind::flow) {
    out.push_back(finish(ok, measure, measure_name, "every_year"));
    out.push_back(finish(ok2, measure2, measure_name2, "average"));
  } else {
    out.push_back(finish(ok, measure, measure_name, ""));
  }
  // Deduplicate diagnostics by code+message (the same warning can come from both series).
  for (auto& r : out) {
    std::vector<Diagnostic> uniq;
    for (const auto& d : r.diagnostics) {
      bool dup = false;
      for (const auto& u : uniq) dup = dup || (u.code == d.code && u.message == d.message);
      if (!dup) uniq.push_back(d);
    }
    r.diagnostics = std::move(uniq);
  }
  return out;
}

namespace {
// Refuses a run whose simulated paths (kept for every series at once) would exceed
// kMaxPathBytes, before anything is allocated; says how many paths would fit.
void check_memory(const Project& project, int n_paths) {
  double year_slots = 0.0;  // sum over series of projected years
  for (const auto& [key, s] : project.data) {
    if (s.empty()) continue;
    const int last = s.years.back();
    year_slots += std::max(project.options.horizon_end, last + 1) - last;
  }
  const double bytes = 8.0 * n_paths * year_slots;
  if (bytes <= kMaxPathBytes) return;
  const double fit = std::floor(kMaxPathBytes / (8.0 * year_slots));
  char found[200];
  std::snprintf(found, sizeof found,
                "%.3g GiB for %d paths x %.0f series-years (%zu series)", bytes / 1073741824.0,
                n_paths, year_slots, project.data.size());
  throw InputError(Location{project.path, 0, 0, "paths"},
                   "at most 2 GiB of simulated paths (paths x projected years x series x 8 bytes)",
                   found,
                   "Lower --paths (or 'paths' in [project]) to at most " +
                       std::to_string(static_cast<long long>(fit)) +
                       ", or bring 'horizon_end' closer.");
}
}  // namespace

RunResult run_project(const Project& project, const RunOverrides& ov) {
  RunResult res;
  res.project = &project;
  res.seed = ov.seed.value_or(project.options.seed);
  res.n_paths = ov.n_paths.value_or(project.options.n_paths);
  int threads = ov.threads.value_or(project.options.threads);
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());
  res.threads = threads;

  check_memory(project, res.n_paths);
  for (const Indicator& ind : project.indicators) {
    for (const std::string& g : ind.groups) {
      SeriesResult sr;
      sr.ref = SeriesRef{ind.id, g};
      sr.indicator = &ind;
      sr.observed = project.find_series(sr.ref);
      if (sr.observed && !sr.observed->empty()) {
        ForecastOptions fo;
        fo.method = ind.method;
        fo.n_paths = res.n_paths;
        fo.seed = res.seed;
        fo.threads = threads;
        if (auto err = fo.validate(); !err.empty())
          throw InputError(Location{project.path, 0, 0, "paths/threads"}, "valid run options", err);
        SeriesSpec spec{ind.kind, ind.bounds, ind.volatility};
        spec.prior_class = ind.prior_class;
        if (!ind.peers.empty() && g == ind.peers_group) spec.peers = &ind.peers;
        const int last = sr.observed->years.back();
        const int to = std::max(project.options.horizon_end, last + 1);
        // Structural breaks change what the model is fitted on, never the observations.
        std::vector<Diagnostic> break_diags;
        const Series fit = ind.breaks.empty() ? *sr.observed
                                              : fitting_series(ind, *sr.observed, break_diags);
        sr.forecast = project_series(fit, spec, to, fo, stable_hash(ind.id + "/" + g));
        for (auto& d : break_diags) sr.forecast.diagnostics.push_back(std::move(d));
      }
      res.series.push_back(std::move(sr));
    }
  }
  // Drivers, components and breakdown totals are recomputed from their inputs (structure.hpp).
  derive_all(project, res.series, res.seed);
  for (const Target& t : project.targets)
    for (auto& r : evaluate_target(project, t, res.series, res.n_paths))
      res.targets.push_back(std::move(r));
  return res;
}

}  // namespace utsikt
