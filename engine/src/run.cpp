#include "utsikt/engine/run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <thread>

#include "regions.hpp"
#include "utsikt/engine/cohort.hpp"
#include "utsikt/engine/structure.hpp"
#include "utsikt/engine/target_kinds.hpp"
#include "utsikt/number.hpp"
#include "utsikt/period_aggregate.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {

std::string_view to_string(Arrow a) {
  switch (a) {
    case Arrow::green:
      return "green";
    case Arrow::yellow:
      return "yellow";
    case Arrow::red:
      return "red";
    case Arrow::none:
      return "none";
  }
  return "none";
}

std::string_view to_string(Assessment a) {
  switch (a) {
    case Assessment::yes:
      return "yes";
    case Assessment::near:
      return "near";
    case Assessment::no:
      return "no";
    case Assessment::none:
      return "none";
  }
  return "none";
}

std::string_view to_string(TargetStatus s) {
  switch (s) {
    case TargetStatus::assessed:
      return "assessed";
    case TargetStatus::observed:
      return "observed";
    case TargetStatus::no_data:
      return "no_data";
  }
  return "no_data";
}

const RegionRow* Ranking::home() const {
  for (const auto& r : rows)
    if (r.home) return &r;
  return nullptr;
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

  // Empty message if the year can be evaluated, else the reason (a no_data.* code and args).
  Diagnostic check(int year) const {
    if (!has_data()) return {Severity::warning, "no_data.no_observations", "no observations"};
    const Series& o = *s_->observed;
    const std::string y = std::to_string(year);
    if (year < o.years.front())
      return {Severity::warning,
              "no_data.before_first",
              "year " + y + " is before the first observation (" + std::to_string(o.years.front()) +
                  ")",
              {y, std::to_string(o.years.front())}};
    if (year > o.years.back()) {
      const auto& f = s_->forecast;
      if (f.years.empty() || year > f.years.back())
        return {Severity::warning,
                "no_data.beyond_horizon",
                "year " + y + " is beyond the projection horizon",
                {y}};
    }
    return {};
  }

  bool observed(int year) const { return year <= s_->observed->years.back(); }
  bool interpolated(int year) const { return observed(year) && s_->observed->index_of(year) < 0; }

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

std::string series_label(const SeriesRef& r) { return r.indicator + "/" + r.group; }

// --- Stages of evaluate_target -------------------------------------------------------------------

// What every result of the target shares: latest observation, model(s) and their diagnostics.
TargetResult common_result(const Target& t, const TargetSeries& s) {
  TargetResult base;
  base.target = &t;
  if (!PathView(s.main).has_data()) return base;
  const SeriesResult& main = *s.main;
  base.latest_year = main.observed->years.back();
  base.latest_value = main.observed->values.back();
  base.n_points = main.observed->effective_points();  // derived years do not count
  base.model = main.forecast.model;
  base.model_reason = main.forecast.reason;
  base.diagnostics = main.forecast.diagnostics;
  if (s.other && PathView(s.other).has_data() && !s.other->forecast.model.empty()) {
    base.model += "; " + series_label(*t.other) + ": " + s.other->forecast.model;
    for (const auto& d : s.other->forecast.diagnostics) {
      Diagnostic dd = d;
      dd.message = series_label(*t.other) + ": " + dd.message;
      dd.series = series_label(*t.other);
      base.diagnostics.push_back(dd);
    }
  }
  return base;
}

// The other series is compared on paths (not a fixed reference value).
bool uses_other_series(const Target& t, const TargetSeries& s) {
  return t.other && !s.reference_value;
}

// Why the target cannot be evaluated on the data: declared no_data (code empty: the project's
// own words), no observations, a needed year or base year out of reach. Empty message if it can.
Diagnostic unavailable_reason(const Target& t, const TargetSeries& s) {
  const PathView a(s.main), b(s.other);
  if (!t.no_data_reason.empty()) return {Severity::warning, "", t.no_data_reason};
  auto none = [](const SeriesRef& r) {
    return Diagnostic{Severity::warning,
                      "no_data.no_observations",
                      "no observations of " + series_label(r),
                      {},
                      "",
                      series_label(r)};
  };
  auto of = [](const SeriesRef& r, Diagnostic why) {
    why.message = series_label(r) + ": " + why.message;
    why.series = series_label(r);
    return why;
  };
  if (!a.has_data()) return none(t.series);
  const bool other = uses_other_series(t, s);
  if (other && !b.has_data()) return none(*t.other);
  for (int y : s.years)
    if (auto why = a.check(y); !why.message.empty()) return of(t.series, why);
  auto base_reason = [&](const PathView& v, const SeriesRef& r) -> Diagnostic {
    if (auto why = v.check(*s.base_year); !why.message.empty()) {
      why.message = "base year " + std::to_string(*s.base_year) + " of " + series_label(r) + ": " +
                    why.message;
      why.series = series_label(r);
      return why;
    }
    return {};
  };
  if (s.base_year)
    if (auto why = base_reason(a, t.series); !why.message.empty()) return why;
  if (other) {
    for (int y : s.years)
      if (auto why = b.check(y); !why.message.empty()) return of(*t.other, why);
    if (s.base_year && kind_info(t.kind).shape == TargetShape::relative_growth)
      if (auto why = base_reason(b, *t.other); !why.message.empty()) return why;
  }
  return {};
}

// Relative measures need a non-zero observed base (see docs/bad-inputs.md). Empty if fine.
Diagnostic zero_base_reason(const Target& t, const TargetSeries& s) {
  const TargetShape shape = kind_info(t.kind).shape;
  if (!s.base_year ||
      (shape != TargetShape::relative_change && shape != TargetShape::relative_growth))
    return {};
  const int by = *s.base_year;
  auto zero = [&](const SeriesResult* r, const SeriesRef& ref) -> Diagnostic {
    const PathView v(r);
    if (v.observed(by) && v.value(by, 0) == 0.0)
      return {Severity::warning,
              "no_data.zero_base",
              "the base value of " + series_label(ref) + " in " + std::to_string(by) +
                  " is 0, so a relative change is undefined",
              {std::to_string(by)},
              "",
              series_label(ref)};
    return {};
  };
  if (auto why = zero(s.main, t.series); !why.message.empty()) return why;
  if (shape == TargetShape::relative_growth && s.other) return zero(s.other, *t.other);
  return {};
}

void interpolation_diagnostics(const TargetSeries& s, TargetResult& base) {
  const PathView a(s.main);
  for (int y : s.years)
    if (a.interpolated(y))
      base.diagnostics.push_back(
          {Severity::info,
           "interpolated",
           "year " + std::to_string(y) + " is inside a gap of the history; linearly interpolated",
           {std::to_string(y)}});
  if (s.base_year && a.interpolated(*s.base_year))
    base.diagnostics.push_back({Severity::info,
                                "interpolated",
                                "base year " + std::to_string(*s.base_year) +
                                    " is inside a gap of the history; linearly interpolated",
                                {std::to_string(*s.base_year)},
                                "base_year"});
}

void threshold_diagnostics(const Target& t, const Indicator* ind, TargetResult& base) {
  if (kind_info(t.kind).shape != TargetShape::threshold || !ind) return;
  if ((ind->bounds.lower && t.value < *ind->bounds.lower) ||
      (ind->bounds.upper && t.value > *ind->bounds.upper))
    base.diagnostics.push_back(
        {Severity::warning,
         "threshold_outside_bounds",
         "the threshold lies outside the values the indicator can take, so the target is "
         "trivially met or impossible; check its unit (e.g. percent vs. fraction)",
         {format_double(t.value)}});
}

// Every year the target needs is observed: one "path" decides it for certain.
bool all_observed(const Target& t, const TargetSeries& s) {
  const PathView a(s.main), b(s.other);
  bool all = true;
  for (int y : s.years) all = all && a.observed(y);
  if (uses_other_series(t, s))
    for (int y : s.years) all = all && b.observed(y);
  return all;
}

void zero_base_diagnostic(const std::vector<PathMeasure>& m, TargetResult& base) {
  long long zero_base = 0;  // paths whose simulated base value is 0
  for (const auto& x : m) zero_base += x.zero_base ? 1 : 0;
  if (zero_base > 0)
    base.diagnostics.push_back(
        {Severity::warning,
         "zero_base",
         std::to_string(zero_base) + " of " + std::to_string(m.size()) +
             " paths have a base value of 0, where a relative change is undefined; they count "
             "as change 0 (change) or as not met (faster_growth)",
         {std::to_string(zero_base), std::to_string(m.size())}});
}

// The document's arrow: development since the base (or first) observation, in the direction of
// the target; for gap targets the change of the gap, for growth targets the growth difference.
struct ArrowChange {
  double change = 0.0;  // positive = towards the target
  double size = 0.0;    // compared with the unchanged threshold
  std::string what;
};

std::optional<ArrowChange> gap_arrow(const TargetSeries& s, const Series& o, int y0, int y1,
                                     bool share, TargetResult& r) {
  const Series* os = s.other && s.other->observed ? s.other->observed : nullptr;
  auto ref_at = [&](int y) -> std::optional<double> {
    if (s.reference_value) return *s.reference_value;
    if (!os) return std::nullopt;
    const double* v = os->at_year(y);
    return v ? std::optional<double>(*v) : std::nullopt;
  };
  const auto r0 = ref_at(y0), r1 = ref_at(y1);
  if (!r0 || !r1) {
    r.arrow = Arrow::none;
    r.arrow_reason = "the comparison series is not observed in both " + std::to_string(y0) +
                     " and " + std::to_string(y1);
    return std::nullopt;
  }
  ArrowChange c;
  const double a0 = *o.at_year(y0), a1 = *o.at_year(y1);
  const bool ratio = !share && a0 > 0 && a1 > 0 && *r0 > 0 && *r1 > 0;
  if (ratio) {
    // The relative gap max(r, 1/r) - 1 of the ratio r = value / other value: the quantity the
    // progress classes of `utsikt targets` use (Open SDG's parity rule), so the arrow and the
    // classes agree on the direction. Women 35.1 / men 23.1 days (gap 0.519) -> 30.4 / 19.9
    // (0.528): both fell, the gap in days shrank, the relative gap grew.
    auto rel_gap = [](double a, double b) { return std::max(a / b, b / a) - 1.0; };
    const double g0 = rel_gap(a0, *r0), g1 = rel_gap(a1, *r1);
    c.change = g0 - g1;  // a shrinking gap is good
    c.size = std::fabs(c.change);
    c.what = "relative gap max(r, 1/r) - 1 " + std::to_string(y0) + "->" + std::to_string(y1);
    return c;
  }
  if (!share) {
    r.arrow = Arrow::none;
    r.arrow_reason = "a value is 0 or negative, so the ratio of the two values is not defined";
    return std::nullopt;
  }
  const double g0 = std::fabs(a0 - *r0), g1 = std::fabs(a1 - *r1);
  c.change = g0 - g1;  // shrinking gap is good
  c.size = std::fabs(c.change);
  c.what = "gap in percentage points " + std::to_string(y0) + "->" + std::to_string(y1);
  return c;
}

std::optional<ArrowChange> growth_arrow(const TargetSeries& s, const Series& o, int y0, int y1,
                                        TargetResult& r) {
  const Series* os = s.other && s.other->observed ? s.other->observed : nullptr;
  const double* r0 = os ? os->at_year(y0) : nullptr;
  const double* r1 = os ? os->at_year(y1) : nullptr;
  if (!r0 || !r1) {
    r.arrow = Arrow::none;
    r.arrow_reason = "the reference series is not observed in both " + std::to_string(y0) +
                     " and " + std::to_string(y1);
    return std::nullopt;
  }
  if (*o.at_year(y0) == 0.0 || *r0 == 0.0) {
    r.arrow = Arrow::none;
    r.arrow_reason = "a value in " + std::to_string(y0) + " is 0, so growth is undefined";
    return std::nullopt;
  }
  ArrowChange c;
  c.change = *o.at_year(y1) / *o.at_year(y0) - *r1 / *r0;
  c.size = std::fabs(c.change);
  c.what = "growth relative to the reference " + std::to_string(y0) + "->" + std::to_string(y1);
  return c;
}

void set_arrow(const RunOptions& opt, const Target& t, const Indicator& ind, const TargetSeries& s,
               TargetResult& r) {
  const Series& o = *s.main->observed;
  if (o.size() < 2) {
    r.arrow = Arrow::none;
    r.arrow_reason = "only one observation";
    return;
  }
  int y0 = o.years.front();
  if (t.base_year && o.index_of(*t.base_year) >= 0 && *t.base_year < o.years.back())
    y0 = *t.base_year;
  const int y1 = o.years.back();
  r.base_year = y0;
  const bool share = ind.kind == IndicatorKind::share;
  const TargetShape shape = kind_info(t.kind).shape;
  std::optional<ArrowChange> c;
  if (shape == TargetShape::gap) {
    c = gap_arrow(s, o, y0, y1, share, r);
  } else if (shape == TargetShape::relative_growth) {
    c = growth_arrow(s, o, y0, y1, r);
  } else {
    const double v0 = *o.at_year(y0), v1 = *o.at_year(y1);
    const double rel =
        share ? v1 - v0 : (std::fabs(v0) > 1e-12 ? (v1 - v0) / std::fabs(v0) : v1 - v0);
    const int d = ind.better != 0 ? ind.better : (t.direction == Direction::at_least ? 1 : -1);
    c = ArrowChange{d * rel, std::fabs(rel),
                    std::string(share ? "change in percentage points " : "relative change ") +
                        std::to_string(y0) + "->" + std::to_string(y1)};
  }
  if (!c) return;
  const double thr = share && shape != TargetShape::relative_growth ? opt.arrow_unchanged_pp
                                                                    : opt.arrow_unchanged_rel;
  if (c->size < thr)
    r.arrow = Arrow::yellow;
  else
    r.arrow = c->change > 0 ? Arrow::green : Arrow::red;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s = %.4g (unchanged below %.3g)", c->what.c_str(), c->change,
                thr);
  r.arrow_reason = buf;
}

}  // namespace

ReportedDifference reported_difference(const TargetResult& r, const RunOptions& o) {
  if (!r.target || !r.target->reported) return ReportedDifference::none;
  const ReportedVerdict v = r.target->reported->verdict;
  const bool data = r.status != TargetStatus::no_data;
  if (v == ReportedVerdict::not_followed_up)
    return data ? ReportedDifference::not_followed_up_but_data : ReportedDifference::none;
  if (!data) return ReportedDifference::verdict_without_data;
  switch (v) {
    case ReportedVerdict::met:
      return r.probability < o.class_near ? ReportedDifference::met_but_unlikely
                                          : ReportedDifference::none;
    case ReportedVerdict::not_met:
      return r.probability >= o.class_yes ? ReportedDifference::not_met_but_likely
                                          : ReportedDifference::none;
    case ReportedVerdict::improving:
    case ReportedVerdict::unchanged:
    case ReportedVerdict::worsening: {
      const Arrow want = v == ReportedVerdict::improving   ? Arrow::green
                         : v == ReportedVerdict::unchanged ? Arrow::yellow
                                                           : Arrow::red;
      return r.arrow != Arrow::none && r.arrow != want ? ReportedDifference::arrow_differs
                                                       : ReportedDifference::none;
    }
    default:
      return ReportedDifference::none;
  }
}

std::string_view to_string(ReportedDifference d) {
  switch (d) {
    case ReportedDifference::none:
      return "";
    case ReportedDifference::met_but_unlikely:
      return "the document judges the target met in its year; utsikt's probability for the "
             "target year is low";
    case ReportedDifference::not_met_but_likely:
      return "the document judges the target not met in its year; utsikt's probability for the "
             "target year is high";
    case ReportedDifference::arrow_differs:
      return "the document's development differs from utsikt's arrow";
    case ReportedDifference::verdict_without_data:
      return "the document gives a verdict (on other statistics); utsikt has no data for it";
    case ReportedDifference::not_followed_up_but_data:
      return "the document could not follow the target up; utsikt has data for it";
  }
  return "";
}

namespace {

// One result from the per-path measures of a variant: P(met), its error, intervals, assessment.
TargetResult variant_result(const RunOptions& opt, const Target& t, const TargetSeries& s,
                            std::size_t variant, const std::vector<PathMeasure>& m, bool observed,
                            const TargetResult& base) {
  TargetResult r = base;
  r.variant = std::string(variant_info(t, variant).name);
  r.status = observed ? TargetStatus::observed : TargetStatus::assessed;
  std::vector<double> values(m.size()), measures(m.size());
  double met = 0;
  for (std::size_t p = 0; p < m.size(); ++p) {
    values[p] = m[p].value;
    measures[p] = m[p].measure;
    met += target_met(t, variant, m[p]) ? 1 : 0;
  }
  const double n = static_cast<double>(m.size());
  r.probability = met / n;
  r.mc_se = observed ? 0.0 : std::sqrt(r.probability * (1 - r.probability) / n);
  r.value = summarize(std::move(values));
  r.measure = measure_name(t, variant, s.base_year);
  r.measure_interval = summarize(std::move(measures));
  r.assessment = r.probability >= opt.class_yes    ? Assessment::yes
                 : r.probability >= opt.class_near ? Assessment::near
                                                   : Assessment::no;
  if (r.n_points <= 4)
    r.diagnostics.push_back({Severity::warning,
                             "few_data_points",
                             "the projection rests on " + std::to_string(r.n_points) +
                                 " observation(s): treat the probability as rough",
                             {std::to_string(r.n_points)},
                             "target"});
  return r;
}

// The same warning can come from both series: keep the first of each code + message.
void deduplicate_diagnostics(TargetResult& r) {
  std::vector<Diagnostic> uniq;
  for (const auto& d : r.diagnostics) {
    bool dup = false;
    for (const auto& u : uniq) dup = dup || (u.code == d.code && u.message == d.message);
    if (!dup) uniq.push_back(d);
  }
  r.diagnostics = std::move(uniq);
}

}  // namespace

std::vector<TargetResult> evaluate_target(const Project& project, const Target& t,
                                          const std::vector<SeriesResult>& series, int n_paths) {
  const TargetKindInfo& kind = kind_info(t.kind);
  const TargetSeries s = target_series(t, series);
  TargetResult base = common_result(t, s);
  auto no_data = [&](const Diagnostic& reason) {
    std::vector<TargetResult> out;
    for (const auto& v : kind.variants) {
      TargetResult r = base;
      r.variant = std::string(v.name);
      r.status = TargetStatus::no_data;
      r.no_data_reason = reason.message;
      r.no_data_code = reason.code;
      r.no_data_args = reason.args;
      r.assessment = Assessment::none;
      out.push_back(std::move(r));
    }
    return out;
  };
  if (auto why = unavailable_reason(t, s); !why.message.empty()) return no_data(why);
  interpolation_diagnostics(s, base);
  if (auto why = zero_base_reason(t, s); !why.message.empty()) return no_data(why);
  const Indicator* ind = project.find_indicator(t.series.indicator);
  threshold_diagnostics(t, ind, base);

  const bool observed = all_observed(t, s);
  const int n = observed ? 1 : n_paths;
  std::vector<std::vector<PathMeasure>> measures;
  for (std::size_t v = 0; v < kind.variants.size(); ++v)
    measures.push_back(target_measures(t, s, v, n));
  zero_base_diagnostic(measures.front(), base);

  std::vector<TargetResult> out;
  for (std::size_t v = 0; v < kind.variants.size(); ++v) {
    TargetResult r = variant_result(project.options, t, s, v, measures[v], observed, base);
    set_arrow(project.options, t, *ind, s, r);
    deduplicate_diagnostics(r);
    out.push_back(std::move(r));
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
  std::snprintf(found, sizeof found, "%.3g GiB for %d paths x %.0f series-years (%zu series)",
                bytes / 1073741824.0, n_paths, year_slots, project.data.size());
  throw InputError(
      Location{project.path, 0, 0, "paths"},
      "at most 2 GiB of simulated paths (paths x projected years x series x 8 bytes)", found,
      "Lower --paths (or 'paths' in [project]) to at most " +
          std::to_string(static_cast<long long>(fit)) + ", or bring 'horizon_end' closer.");
}
}  // namespace

RunResult run_project(const Project& project, const RunOverrides& ov) {
  RunResult res;
  res.project = &project;
  res.seed = ov.seed.value_or(project.options.seed);
  res.n_paths = ov.n_paths.value_or(project.options.n_paths);
  const int threads = ov.threads.value_or(project.options.threads);
  // The overrides come from the CLI (checked there) or from a library caller.
  check_seed(res.seed, Location{project.path, 0, 0, "seed"});
  check_run_option(RunOption::paths, res.n_paths, Location{project.path, 0, 0, "paths"});
  check_run_option(RunOption::threads, threads, Location{project.path, 0, 0, "threads"});
  check_run_option(RunOption::horizon_end, project.options.horizon_end,
                   Location{project.path, 0, 0, "horizon_end"});
  res.threads = resolve_threads(threads);

  check_memory(project, res.n_paths);
  // Progress: the series projected one by one, then the cohort models, then the targets.
  std::size_t n_steps = 0, done = 0;
  if (ov.progress) {
    for (const Indicator& ind : project.indicators) {
      if (ind.cohort) {
        n_steps += ind.cohort->of.empty() ? 1 : 0;
        continue;
      }
      for (const std::string& g : ind.groups) {
        const Series* o = project.find_series(SeriesRef{ind.id, g});
        n_steps += o && !o->empty() ? 1 : 0;
      }
    }
  }
  for (const Indicator& ind : project.indicators) {
    for (const std::string& g : ind.groups) {
      SeriesResult sr;
      sr.ref = SeriesRef{ind.id, g};
      sr.indicator = &ind;
      sr.observed = project.find_series(sr.ref);
      // Cohort groups are projected together below (project_cohorts).
      if (sr.observed && !sr.observed->empty() && !ind.cohort) {
        ForecastOptions fo;
        fo.method = ind.method;
        fo.n_paths = res.n_paths;
        fo.seed = res.seed;
        fo.threads = res.threads;
        SeriesSpec spec{ind.kind, ind.bounds, ind.volatility};
        spec.prior_class = ind.prior_class;
        if (!ind.peers.empty() && g == ind.peers_group) spec.peers = &ind.peers;
        const int last = sr.observed->years.back();
        const int to = std::max(project.options.horizon_end, last + 1);
        // Structural breaks change what the model is fitted on, never the observations.
        std::vector<Diagnostic> break_diags;
        const Series fit =
            ind.breaks.empty() ? *sr.observed : fitting_series(ind, *sr.observed, break_diags);
        // An indicator with regions: the own region's stream is that of its code, as every
        // other region's (regions.hpp), so its numbers do not depend on which region is own.
        const std::string stream =
            ind.id + "/" + g + (ind.regions.empty() ? "" : "@" + ind.home_region);
        sr.forecast = project_series(fit, spec, to, fo, stable_hash(stream));
        for (auto& d : break_diags) sr.forecast.diagnostics.push_back(std::move(d));
        for (auto& d : period_aggregate_diagnostics(*sr.observed))
          sr.forecast.diagnostics.push_back(std::move(d));
        if (ov.progress) ov.progress(Progress{"series", ++done, n_steps});
      }
      res.series.push_back(std::move(sr));
    }
  }
  res.cohorts = project_cohorts(project, res.series, res.seed, res.n_paths, res.threads);
  if (ov.progress && done < n_steps) ov.progress(Progress{"series", done = n_steps, n_steps});
  // Drivers, components and breakdown totals are recomputed from their inputs (structure.hpp).
  derive_all(project, res.series, res.seed);
  std::size_t targets_done = 0;
  for (const Target& t : project.targets) {
    for (auto& r : evaluate_target(project, t, res.series, res.n_paths))
      res.targets.push_back(std::move(r));
    if (ov.progress) ov.progress(Progress{"targets", ++targets_done, project.targets.size()});
  }
  // Indicators with regions: every target for every region (regions.hpp).
  res.rankings = rank_regions(project, res.series, res.targets, res.seed, res.n_paths, res.threads);
  return res;
}

}  // namespace utsikt
