// project_series: working scale, candidate models, automatic choice/combination, simulation.
// The rules implemented here are documented in docs/methods.md ("Models and automatic choice",
// "Short series", "The prior"); keep the two in step.
#include "utsikt/engine/forecast.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <thread>

#include "utsikt/engine/calibration.hpp"
#include "utsikt/model.hpp"
#include "utsikt/models/refit.hpp"
#include "utsikt/models/registry.hpp"
#include "utsikt/transform.hpp"

namespace utsikt {
namespace {

// Working-scale clamp for log-scale paths: exp(+-700) is finite and non-zero.
constexpr double kLogClamp = 700.0;
// ETS(A,Ad,N) has 6 parameters; a named ets_damped needs n - 6 - 1 >= 1.
constexpr int kEtsMinPoints = 8;
// Smallest number of points for the calibrated combination of `auto`; shorter series use the
// short-series rules (docs/methods.md, "Short series"). Chosen by the M3 comparison in
// docs/methods.md, "Calibration on M3 yearly".
constexpr int kCombinationMinPoints = 5;
// The rolling-origin backtests of the calibrated combination (docs/methods.md, "Calibration
// that adapts to the data"): at most kBacktestOrigins origins inside the training part, spread
// over 1..kBacktestMaxHorizon years before its end, each training on at least
// kCombinationMinPoints points, with kBacktestPaths paths each and ARIMA at the order chosen on
// the whole series (same_structure; docs/methods.md, "Cost").
constexpr int kBacktestOrigins = 2;
constexpr int kBacktestMaxHorizon = 6;
constexpr int kBacktestPaths = 100;

std::string fmt(double x, const char* f = "%.4g") {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

struct Candidate {
  std::string family;
  Transform tr;
  std::unique_ptr<Model> model;
  FitResult fit;
  double weight = 0.0;
  std::string label() const { return family + "(" + std::string(to_string(tr.scale)) + ")"; }
};

std::string where_text(const Series& s) {
  return "indicator '" + s.indicator + "', group '" + s.group + "'";
}

void check_series(const Series& s) {
  if (s.empty())
    throw InputError(Location{"", 0, 0, "value"}, "at least one observation",
                     "an empty series (" + where_text(s) + ")");
  if (s.years.size() != s.values.size())
    throw InputError(Location{"", 0, 0, "year"}, "one value per year",
                     std::to_string(s.years.size()) + " years and " +
                         std::to_string(s.values.size()) + " values (" + where_text(s) + ")");
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!std::isfinite(s.values[i]))
      throw InputError(
          Location{"", 0, 0, "value"}, "a finite number",
          "a non-finite value in year " + std::to_string(s.years[i]) + " (" + where_text(s) + ")");
    if (i > 0 && s.years[i] <= s.years[i - 1])
      throw InputError(Location{"", 0, 0, "year"}, "strictly increasing years",
                       std::to_string(s.years[i]) + " after " + std::to_string(s.years[i - 1]) +
                           " (" + where_text(s) + ")");
  }
}

// Median-preserving type-7 quantile of a scratch vector (reordered).
double quantile7(std::vector<double>& v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * (static_cast<double>(v.size()) - 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return v[lo] + frac * (v[hi] - v[lo]);
}

// The two middle order statistics of a sample and the weight of the upper one, so that the
// type-7 median is lo + frac (hi - lo). An increasing map f of the sample maps its middle pair
// to {f(lo), f(hi), frac}: the median of the mapped sample follows without a new selection.
struct MiddlePair {
  double lo = 0.0, hi = 0.0, frac = 0.0;
  double median() const { return frac == 0.0 ? lo : lo + frac * (hi - lo); }
  template <class F>
  MiddlePair mapped(F f) const {
    return {f(lo), f(hi), frac};
  }
};

// The middle pair of v by selection instead of a full sort (median() is quantile7(v, 0.5), the
// same formula and result); reorders v; v not empty.
MiddlePair middle_pair(std::vector<double>& v) {
  const double pos = 0.5 * (static_cast<double>(v.size()) - 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return {a, a, 0.0};
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return {a, b, pos - static_cast<double>(lo)};
}

// The working scale project_series uses by default for a series of this spec.
Transform default_working(const SeriesSpec& spec) {
  Transform tr;
  if (spec.kind == IndicatorKind::share) {
    tr.scale = Scale::logit;
    tr.lower = spec.bounds.lower.value_or(0.0);
    tr.upper = spec.bounds.upper.value_or(100.0);
  } else if (spec.kind == IndicatorKind::rate) {
    tr.scale = Scale::identity;
  } else {
    tr.scale = Scale::log;
    tr.lower = spec.bounds.lower.value_or(0.0);
  }
  return tr;
}

// dw/dy of a working scale at level y (for moving a prior between scales by the delta method).
double scale_derivative(const Transform& tr, Scale sc, double y) {
  switch (sc) {
    case Scale::log:
      return 1.0 / std::max(y - tr.lower, 1e-300);
    case Scale::logit:
      return (tr.upper - tr.lower) / std::max((y - tr.lower) * (tr.upper - y), 1e-300);
    case Scale::identity:
      break;
  }
  return 1.0;
}

// `prior` moved to the scale of `working` at level y (sigma, drift, drift sd and drift change).
ShortPrior on_scale(ShortPrior prior, const Transform& working, double y) {
  if (prior.scale == working.scale || !std::isfinite(y)) return prior;
  const double f =
      scale_derivative(working, working.scale, y) / scale_derivative(working, prior.scale, y);
  prior.sigma *= f;
  prior.drift_mean *= f;
  if (prior.has_drift()) prior.drift_sd *= f;
  prior.drift_change_sd *= f;
  prior.scale = working.scale;
  return prior;
}

std::optional<ShortPrior> pooled_on(const std::vector<const Series*>& peers, int origin,
                                    const Transform& working, const ShortPrior& fallback,
                                    double level) {
  std::vector<PeerSeries> ps;
  ps.reserve(peers.size());
  std::vector<double> last;
  for (const Series* p : peers) {
    PeerSeries x;
    for (std::size_t i = 0; i < p->size(); ++i) {
      if (p->years[i] > origin) break;  // nothing after the forecast origin
      const double v = p->values[i];
      if (!std::isfinite(v)) continue;
      if (working.scale == Scale::log && !(v > working.lower)) continue;
      if (working.scale == Scale::logit && !(v > working.lower && v < working.upper)) continue;
      x.t.push_back(p->years[i]);
      x.w.push_back(working.forward(v));
    }
    if (!x.t.empty()) last.push_back(working.inverse(x.w.back()));
    ps.push_back(std::move(x));
  }
  if (!std::isfinite(level) && !last.empty()) {  // no series of its own: the peers' median
    std::sort(last.begin(), last.end());
    level = last[last.size() / 2];
  }
  return pooled_prior(ps, origin, working.scale, on_scale(fallback, working, level));
}

// The prior of a series (docs/methods.md, "Short series"): a declared volatility (honoured as
// the sd it states, drift prior from the class), else a prior given by the caller, else the
// peers' empirical Bayes prior, else the class default. `working` is the series' default
// working transform (peers are put on it).
ShortPrior choose_prior(const Series& s, const SeriesSpec& spec, const Transform& working,
                        std::vector<Diagnostic>& diags) {
  const PriorClass cls = spec.prior_class.value_or(default_prior_class(spec.kind));
  ShortPrior prior = class_prior(cls);
  if (spec.prior) {
    prior = *spec.prior;
  } else if (spec.peers) {
    std::vector<const Series*> ptrs;
    for (const Series& p : *spec.peers) ptrs.push_back(&p);
    if (auto pooled = pooled_on(ptrs, s.years.back(), working, prior, s.values.back())) {
      prior = *pooled;
    } else {
      diags.push_back(Diagnostic{
          Severity::warning,
          "peers_too_few",
          std::to_string(spec.peers->size()) + " peer series given, fewer than " +
              std::to_string(kMinPeers) + " with at least " +
              std::to_string(kMinPeerValuesForNoise) + " values in the " +
              std::to_string(kPeerWindowYears) + " years up to " + std::to_string(s.years.back()) +
              "; the default prior of " + prior.source + " is used",
          {std::to_string(spec.peers->size()), std::to_string(kMinPeers),
           std::to_string(kMinPeerValuesForNoise), std::to_string(kPeerWindowYears),
           std::to_string(s.years.back())}});
    }
  }
  if (spec.volatility) {
    // Honoured as the sd it states (on the log scale: relative change per year).
    const ShortPrior drift_from = prior;
    prior = ShortPrior{};
    prior.scale = Scale::log;
    prior.sigma = *spec.volatility;
    prior.df = kDeclaredVolatilityDf;
    if (cls != PriorClass::m3 || drift_from.n_peers > 0) {
      prior.drift_mean = drift_from.drift_mean;
      prior.drift_sd = drift_from.drift_sd;
      prior.drift_change_sd = drift_from.drift_change_sd;
      if (drift_from.scale != Scale::log) {  // a logit-scale drift has no relative meaning
        prior.drift_mean = 0.0;
        prior.drift_sd = 1e308;
        prior.drift_change_sd = 0.0;
      }
    }
    prior.source = "declared volatility " + fmt(*spec.volatility * 100.0, "%.3g") + " % a year";
  }
  return prior;
}

}  // namespace

std::optional<ShortPrior> peer_prior(const std::vector<const Series*>& peers, int origin,
                                     const SeriesSpec& spec) {
  return pooled_on(peers, origin, default_working(spec),
                   class_prior(spec.prior_class.value_or(default_prior_class(spec.kind))),
                   std::numeric_limits<double>::quiet_NaN());
}

void ForecastOptions::check() const {
  if (!is_method(method))
    throw InputError(Location{"", 0, 0, "method"}, "one of: " + method_list(), "'" + method + "'");
  check_seed(seed);
  check_run_option(RunOption::paths, n_paths);
  check_run_option(RunOption::threads, threads);
}

double SeriesForecast::quantile(int h, double q) const {
  if (h < 0 || static_cast<std::size_t>(h) >= years.size() || n_paths <= 0)
    throw InternalError("SeriesForecast::quantile: horizon index out of range");
  if (!(q >= 0.0 && q <= 1.0)) throw InternalError("SeriesForecast::quantile: q not in [0, 1]");
  std::vector<double> col(static_cast<std::size_t>(n_paths));
  for (int p = 0; p < n_paths; ++p) col[p] = at(p, h);
  return quantile7(col, q);
}

namespace {

// The request itself: valid options, a valid series, a horizon after the last observation and
// paths that fit into kMaxPathBytes; throws InputError otherwise.
void check_request(const Series& s, int to_year, const ForecastOptions& opt) {
  opt.check();
  check_series(s);
  if (to_year <= s.years.back())
    throw InputError(Location{"", 0, 0, "to_year"},
                     "a year after the last observation " + std::to_string(s.years.back()),
                     std::to_string(to_year) + " (" + where_text(s) + ")");

  const double bytes = 8.0 * opt.n_paths * (static_cast<double>(to_year) - s.years.back());
  if (bytes > kMaxPathBytes)
    throw InputError(Location{"", 0, 0, "paths"},
                     "at most " + fmt(kMaxPathBytes / 1073741824.0, "%g") +
                         " GiB of simulated paths (paths x years x 8 bytes)",
                     fmt(bytes / 1073741824.0, "%.3g") + " GiB for " + std::to_string(opt.n_paths) +
                         " paths x " + std::to_string(to_year - s.years.back()) + " years (" +
                         where_text(s) + ")",
                     "Use fewer paths (--paths) or an earlier horizon end.");
}

// One call of project_series, stage by stage (run() calls them in order); the fields hold what
// one stage hands on to the next. Diagnostics are added in the order of the stages.
struct SeriesProjection {
  SeriesProjection(const Series& series, const SeriesSpec& series_spec, int to,
                   const ForecastOptions& options, std::uint64_t stream, bool is_backtest = false)
      : backtest_run(is_backtest),
        s(series),
        spec(series_spec),
        to_year(to),
        opt(options),
        stream_id(stream),
        n(static_cast<int>(series.size())),
        n_info(series.effective_points()),
        kind(series_spec.kind) {}

  SeriesForecast run() {
    apply_bounds();
    choose_scales();
    set_prior_scale();
    choose_members();
    fit_members();
    weigh_members();
    if (calibrated && opt.calibrate) backtest();
    simulate();
    if (keep_above && median_reaches_bound() && relog_members()) simulate();
    if (calibrated && opt.calibrate) calibrate_spread();
    if (keep_above) bend_lower_tail();
    report_path_problems();
    summarise();
    if (calibrated && opt.calibrate) {
      out.calibration = calib;
      diag(Severity::info, "spread_calibration", "spread scaled by " + calibration_text());
    }
    explain();
    return std::move(out);
  }

  // A backtest projection of another one: calibrated with the prior factors only.
  const bool backtest_run;
  // A backtest projection's members refit with the structure (ARIMA order) of these fitted
  // members of the full series (same family and scale; docs/methods.md, "Cost").
  const std::vector<Candidate>* structure_of = nullptr;
  const Series& s;
  const SeriesSpec& spec;
  const int to_year;
  const ForecastOptions& opt;
  const std::uint64_t stream_id;
  const int n;
  // Data points that choose the short-series rule and set few_data_points: years derived from
  // a period total are fitted on but are not observations; the period counts once
  // (Series::effective_points, docs/methods.md "Period totals").
  const int n_info;
  const IndicatorKind kind;
  SeriesForecast out;

  // apply_bounds
  std::optional<double> lower, upper;
  bool positive_kind = false;
  std::string bounds_text;
  // choose_scales: the values (a share's nudged inside its bounds) and their working scales
  std::vector<double> y;
  std::vector<double> t;
  std::vector<Scale> scales;
  Scale default_scale = Scale::identity;
  double log_lower = 0.0;
  // A lower bound below every value (a stock/flow/index, or a declared bound): every path must
  // stay strictly above it (relog_members, calibrate_spread; docs/methods.md, "Paths above the
  // lower bound").
  bool keep_above = false;
  // set_prior_scale
  double y_last = 0.0;
  double sigma_rel = 0.0;
  ShortPrior prior;
  bool old_rules = true;  // no drift prior: the former short-series rules (class m3)
  // One factor from the prior's scale per working scale (scale_factor may add a diagnostic).
  std::vector<std::pair<Scale, double>> prior_by_scale;
  // choose_members: members to fit, (family, working scale), all weighted equally
  std::vector<std::pair<std::string, Scale>> members;
  bool calibrated = false;  // the calibrated combination of `auto` (n >= kCombinationMinPoints)
  std::string rule;
  bool use_auto = false;
  // fit_members
  std::vector<Candidate> cands;
  // backtest
  SpreadCalibration calib;
  // simulate
  std::vector<double> t_future;
  long long n_clamped = 0, n_nonfinite = 0;
  // Per member (index into cands): simulated values at or below the lower bound.
  std::vector<long long> at_lower;
  // bend_lower_tail: values moved towards the lower bound
  long long n_bent = 0;
  // The middle pair of the paths of each future year (year_middles), kept up to date through
  // the increasing maps of calibrate_spread and bend_lower_tail, so that one selection per year
  // serves the bound check, the calibration, the bend and the point forecast. Empty: not yet
  // computed for the present paths (simulate empties it).
  std::vector<MiddlePair> middles;

  void diag(Severity sev, std::string code, std::string msg, std::vector<std::string> args = {},
            std::string variant = {}) {
    out.diagnostics.push_back(
        Diagnostic{sev, std::move(code), std::move(msg), std::move(args), std::move(variant)});
  }

  // The bounds of the kind and the declared ones; the data must lie within them.
  void apply_bounds() {
    lower = spec.bounds.lower;
    upper = spec.bounds.upper;
    positive_kind =
        kind == IndicatorKind::stock || kind == IndicatorKind::flow || kind == IndicatorKind::index;
    // Declared bounds (and a share's default 0..100) are hard: data outside them is an error.
    // A stock/flow/index is non-negative by kind unless a lower bound below 0 is declared, so a
    // negative value there is refused (the project loader applies the same rule).
    if (kind == IndicatorKind::share) {
      lower = lower.value_or(0.0);
      upper = upper.value_or(100.0);
    } else if (positive_kind) {
      lower = lower.value_or(0.0);
    }
    if (lower && upper && !(*lower < *upper))
      throw InputError(Location{"", 0, 0, "bounds"}, "lower bound < upper bound",
                       fmt(*lower) + " >= " + fmt(*upper) + " (" + where_text(s) + ")");
    // Written with the sign for infinity, never "inf" (no output contains inf or nan).
    bounds_text = (lower ? "[" + fmt(*lower, "%g") : std::string("(−∞")) + ", " +
                  (upper ? fmt(*upper, "%g") + "]" : std::string("∞)"));
    for (int i = 0; i < n; ++i) {
      const double v = s.values[i];
      if ((lower && v < *lower) || (upper && v > *upper))
        throw InputError(
            Location{"", 0, 0, "value"},
            "a value within " + bounds_text + " for kind '" + std::string(to_string(kind)) + "'",
            fmt(v, "%g") + " in year " + std::to_string(s.years[i]) + " (" + where_text(s) + ")");
    }
  }

  // The working scales: logit for a share (values on a bound moved just inside), identity and,
  // when every value is above the lower bound, log; log is the default of a positive kind.
  void choose_scales() {
    y = s.values;
    t.assign(s.years.begin(), s.years.end());
    log_lower = lower.value_or(0.0);
    if (kind == IndicatorKind::share) {
      const double eps = 1e-4 * (*upper - *lower);
      int nudged = 0;
      for (double& v : y) {
        if (v <= *lower) {
          v = *lower + eps;
          ++nudged;
        }
        if (v >= *upper) {
          v = *upper - eps;
          ++nudged;
        }
      }
      if (nudged > 0)
        diag(Severity::info, "value_at_bound",
             std::to_string(nudged) + " value(s) exactly at a bound of " + bounds_text +
                 " were moved inside by " + fmt(eps, "%g") + " for the logit scale",
             {std::to_string(nudged), bounds_text, fmt(eps, "%g")});
      scales = {Scale::logit};
      default_scale = Scale::logit;
    } else {
      const bool all_above =
          std::all_of(y.begin(), y.end(), [&](double v) { return v > log_lower; });
      scales = {Scale::identity};
      if (all_above) scales.push_back(Scale::log);
      keep_above = all_above && lower.has_value();
      if (positive_kind) {
        if (all_above) {
          default_scale = Scale::log;
        } else {
          const auto n_at =
              std::count_if(y.begin(), y.end(), [&](double v) { return v <= log_lower; });
          diag(Severity::warning, "nonpositive_values",
               std::to_string(n_at) + " value(s) at or below the lower bound " +
                   fmt(log_lower, "%g") + " of kind '" + std::string(to_string(kind)) +
                   "'; only identity-scale models are used and simulated values below the "
                   "bound are set to it",
               {std::to_string(n_at), fmt(log_lower, "%g")});
        }
      }
    }
  }

  // The prior for the noise and the drift (docs/methods.md, "Short series"): a declared
  // volatility, else a prior given by the caller, else peers, else the class default.
  void set_prior_scale() {
    y_last = y.back();
    if (spec.volatility && !(*spec.volatility > 0.0 && std::isfinite(*spec.volatility)))
      throw InputError(Location{"", 0, 0, "volatility"}, "a volatility > 0",
                       fmt(*spec.volatility) + " for " + where_text(s));
    Transform working;
    working.scale = default_scale;
    working.lower = default_scale == Scale::logit ? *lower : log_lower;
    working.upper = upper.value_or(0.0);
    prior = choose_prior(s, spec, working, out.diagnostics);
    old_rules = !prior.has_drift() && prior.n_peers == 0;  // class m3 (or declared with it)
    sigma_rel = prior.sigma;
  }

  // dw/dy of working scale k at the last value.
  double derivative(Scale k) const {
    switch (k) {
      case Scale::log:
        return 1.0 / std::max(y_last - log_lower, 1e-300);
      case Scale::logit:
        return (*upper - *lower) / std::max((y_last - *lower) * (*upper - y_last), 1e-300);
      case Scale::identity:
        break;
    }
    return 1.0;
  }

  // Factor from the prior's scale to working scale sc at the last value (delta method; a
  // log-scale prior keeps the former relative-to-level convention).
  double scale_factor(Scale sc) {
    if (sc == prior.scale) return 1.0;
    if (prior.scale != Scale::log) return derivative(sc) / derivative(prior.scale);
    if (sc == Scale::logit) return (*upper - *lower) / std::max(y_last - *lower, *upper - y_last);
    double level = std::abs(y_last);
    if (level == 0.0) {
      for (double v : y) level += std::abs(v);
      level /= n;
    }
    if (level == 0.0) {
      diag(Severity::warning, "prior_scale_unknown",
           "all values are zero, so the prior noise scale cannot be related to the level; "
           "a prior sd of " +
               fmt(sigma_rel) + " units per year is used",
           {fmt(sigma_rel)});
      level = 1.0;
    }
    return level;
  }

  double prior_for(Scale sc) {
    for (const auto& [k, v] : prior_by_scale)
      if (k == sc) return v;
    prior_by_scale.emplace_back(sc, scale_factor(sc));
    return prior_by_scale.back().second;
  }

  // The requested method, or the automatic rule when it is `auto` or the series is too short.
  void choose_members() {
    use_auto = opt.method == "auto";
    if (!use_auto) {
      const int need =
          opt.method == "ets_damped" ? kEtsMinPoints : make_model(opt.method)->min_points();
      if (n < need) {
        diag(Severity::warning, "model_not_applicable",
             "method '" + opt.method + "' needs at least " + std::to_string(need) +
                 " points but the series has " + std::to_string(n) +
                 "; the automatic short-series rule is used instead",
             {opt.method, std::to_string(need), std::to_string(n)});
        use_auto = true;
      } else {
        members = {{opt.method, default_scale}};
        rule = "method '" + opt.method + "' as requested";
      }
    }
    if (use_auto) choose_auto();
    if (n_info <= 4)
      diag(Severity::warning, "few_data_points",
           "only " + std::to_string(n_info) + " data point" + (n_info == 1 ? "" : "s") +
               "; the projection leans on the prior for the year-to-year variability and its "
               "intervals are correspondingly wide",
           {std::to_string(n_info)});
  }

  // The members of each rule of `auto` are the registry's (utsikt/models/registry.hpp).
  static std::vector<std::pair<std::string, Scale>> members_of(AutoRule r, Scale sc) {
    std::vector<std::pair<std::string, Scale>> m;
    for (auto& fam : auto_members(r)) m.emplace_back(std::move(fam), sc);
    return m;
  }

  // The automatic rule (docs/methods.md, "Models and automatic choice", "Short series").
  void choose_auto() {
    calibrated = false;
    if (!old_rules && n_info < kCombinationMinPoints) {
      members = members_of(AutoRule::short_with_prior, default_scale);
      rule = std::to_string(n_info) + (n_info == 1 ? " point" : " points") +
             ": random walk with drift; the noise and the drift combine the prior (" +
             prior.source + ") with the data";
    } else if (n_info == 1) {
      members = members_of(AutoRule::one_point, default_scale);
      rule = "1 point: random walk without drift, noise scale from the prior only";
    } else if (n_info == 2) {
      members = members_of(AutoRule::two_points, default_scale);
      rule = "2 points: random walk with drift from the one change, noise scale from the prior";
    } else if (n_info < kCombinationMinPoints) {
      members = members_of(AutoRule::short_series, default_scale);
      rule = std::to_string(n_info) +
             " points: equal-weight combination of the simple models, noise scale from the prior "
             "combined with the data";
    } else {
      // Equal-weight combination of theta on the log (share: logit) scale and theta, arima and
      // rw_drift on the identity scale. A share stays on the logit scale for every member (an
      // identity-scale path could leave 0..100), so there theta appears once; without the log
      // scale (values at or below the lower bound) the log-scale member is left out.
      calibrated = true;
      if (kind == IndicatorKind::share) {
        members = members_of(AutoRule::combination, Scale::logit);
      } else {
        members.clear();
        if (std::find(scales.begin(), scales.end(), Scale::log) != scales.end())
          members = members_of(AutoRule::combination_log, Scale::log);
        for (auto& m : members_of(AutoRule::combination, Scale::identity))
          members.push_back(std::move(m));
      }
    }
  }

  // A new model of the family; in a backtest with the full series' structure.
  std::unique_ptr<Model> member_model(const std::string& fam, Scale sc) const {
    if (structure_of)
      for (const auto& c : *structure_of)
        if (c.family == fam && c.tr.scale == sc) return same_structure(*c.model);
    return make_model(fam);
  }

  // Fits member fam on working scale sc into c (c.fit.ok says whether it could be fitted).
  void fit_member(const std::string& fam, Scale sc, Candidate& c) {
    Transform tr;
    tr.scale = sc;
    tr.lower = sc == Scale::logit ? *lower : log_lower;
    tr.upper = upper.value_or(0.0);
    ModelInput in;
    in.t = t;
    in.y.reserve(n);
    for (double v : y) in.y.push_back(tr.forward(v));
    const double factor = prior_for(sc);
    in.prior_sigma = prior.sigma * factor;
    in.prior_df = prior.df;
    // The calibrated combination (n >= 5) stays as calibrated on M3: its members estimate
    // the drift from the data; only the noise prior comes from the class or the peers.
    if (!calibrated && prior.has_drift()) {
      in.prior_drift_mean = prior.drift_mean * factor;
      in.prior_drift_sd = prior.drift_sd * factor;
      in.prior_drift_change_sd = prior.drift_change_sd * factor;
      // How much the series' own residuals move the noise prior (the class's own_weight).
      in.own_noise_weight = prior.own_weight;
    }
    c.family = fam;
    c.tr = tr;
    c.model = member_model(fam, sc);
    c.fit = c.model->fit(in);
    if (!c.fit.ok && structure_of) {  // the full series' structure does not fit this part
      c.model = make_model(fam);
      c.fit = c.model->fit(in);
    }
  }

  // Fits every member on its working scale; the ones that cannot be fitted are left out.
  void fit_all() {
    for (const auto& [fam, sc] : members) {
      Candidate c;
      fit_member(fam, sc, c);
      if (!c.fit.ok) {
        diag(use_auto ? Severity::info : Severity::warning, "model_not_applicable",
             c.label() + ": " + c.fit.message, {c.label()}, "member");
        continue;
      }
      c.weight = 1.0;
      cands.push_back(std::move(c));
    }
  }

  // fit_all, then the fallbacks: a requested method that cannot be fitted gives way to the
  // automatic rule, a combination none of whose members fits to a random walk.
  void fit_members() {
    fit_all();
    if (cands.empty() && !use_auto) {
      diag(Severity::warning, "model_not_applicable",
           "method '" + opt.method + "' could not be fitted; the automatic rule is used instead",
           {opt.method}, "not_fitted");
      use_auto = true;
      choose_auto();
      fit_all();
    }
    if (cands.empty() && calibrated) {
      diag(Severity::warning, "model_not_applicable",
           "no member of the calibrated combination could be fitted; a random walk without "
           "drift is used instead",
           {}, "combination");
      calibrated = false;
      members = members_of(AutoRule::fallback, default_scale);
      rule = "fallback after the combination could not be fitted";
      fit_all();
    }
    if (cands.empty())
      throw InternalError("project_series: no candidate model could be fitted (" + where_text(s) +
                          ")");
  }

  // Equal weights over the fitted members; their fit problems go to the diagnostics (they
  // matter only for the models that are used).
  void weigh_members() {
    for (auto& c : cands) c.weight = 1.0 / static_cast<double>(cands.size());
    for (const auto& c : cands) {
      if (!c.fit.converged)
        diag(Severity::warning, "fit_not_converged", c.label() + ": " + c.fit.message, {c.label()},
             "member");
      for (const auto& d : c.fit.diagnostics) {
        out.diagnostics.push_back(d);
        out.diagnostics.back().message = c.label() + ": " + d.message;
      }
    }
  }

  // Maps a working-scale value back, keeping it finite and within the bounds; returns true if
  // the value had to be moved onto (or, for logit, just inside) a bound. With keep_below a value
  // below the lower bound is left there (bend_lower_tail moves it above).
  bool back(const Transform& tr, double w, double& v, bool keep_below = false) const {
    bool moved = false;
    if (tr.scale == Scale::log && std::abs(w) > kLogClamp) {
      w = std::clamp(w, -kLogClamp, kLogClamp);
      moved = true;
    }
    v = tr.inverse(w);
    if (tr.scale == Scale::logit) {
      if (v <= *lower) {
        v = std::nextafter(*lower, *upper);
        moved = true;
      }
      if (v >= *upper) {
        v = std::nextafter(*upper, *lower);
        moved = true;
      }
      return moved;
    }
    if (!std::isfinite(v)) {  // identity scale beyond the double range: keep it finite
      v = std::isnan(v) ? y_last : std::copysign(std::numeric_limits<double>::max(), v);
      moved = true;
    }
    if (lower && v < *lower && !keep_below) {
      v = *lower;
      moved = true;
    }
    if (upper && v > *upper) {
      v = *upper;
      moved = true;
    }
    return moved;
  }

  // Paths p0 .. p1-1: each draws its member by the cumulative weights cum from its own random
  // stream (seed, series, path), so the paths do not depend on the number of threads.
  void simulate_paths(int p0, int p1, const std::vector<double>& cum, long long& clamped,
                      long long& nonfinite, std::vector<long long>& below) {
    const std::size_t H = out.years.size();
    std::vector<double> w(H);
    for (int p = p0; p < p1; ++p) {
      Rng rng(opt.seed, stream_id, static_cast<std::uint64_t>(p));
      const double u = rng.uniform();
      std::size_t m = 0;
      while (m + 1 < cands.size() && u > cum[m]) ++m;
      const Candidate& c = cands[m];
      c.model->sample_path(t_future, rng, w);
      double* dst = &out.paths[static_cast<std::size_t>(p) * H];
      for (std::size_t h = 0; h < H; ++h) {
        if (!std::isfinite(w[h])) {
          ++nonfinite;
          w[h] = c.tr.forward(h > 0 ? dst[h - 1] : y_last);
        }
        if (back(c.tr, w[h], dst[h], keep_above)) ++clamped;
        if (lower && dst[h] <= *lower) ++below[m];
      }
    }
  }

  // The future years and opt.n_paths paths over them, split over the threads.
  void simulate() {
    out.years.clear();
    middles.clear();
    n_clamped = n_nonfinite = 0;
    for (int yr = s.years.back() + 1; yr <= to_year; ++yr) out.years.push_back(yr);
    const std::size_t H = out.years.size();
    t_future.assign(out.years.begin(), out.years.end());
    out.n_paths = opt.n_paths;
    out.paths.assign(static_cast<std::size_t>(opt.n_paths) * H, 0.0);
    std::vector<double> cum;
    double acc = 0.0;
    for (const auto& c : cands) cum.push_back(acc += c.weight);
    cum.back() = 1.0;

    const int n_threads = std::min(resolve_threads(opt.threads), std::max(1, opt.n_paths / 64));
    std::vector<long long> clamped(n_threads, 0);
    std::vector<long long> nonfinite(n_threads, 0);
    std::vector<std::vector<long long>> below(n_threads, std::vector<long long>(cands.size(), 0));
    std::vector<std::exception_ptr> errors(n_threads);
    auto work = [&](int k, int p0, int p1) {
      try {
        simulate_paths(p0, p1, cum, clamped[k], nonfinite[k], below[k]);
      } catch (...) {
        errors[k] = std::current_exception();
      }
    };
    if (n_threads == 1) {
      work(0, 0, opt.n_paths);
    } else {
      std::vector<std::thread> pool;
      const int chunk = (opt.n_paths + n_threads - 1) / n_threads;
      for (int k = 0; k < n_threads; ++k) {
        const int p0 = k * chunk, p1 = std::min(opt.n_paths, p0 + chunk);
        pool.emplace_back(work, k, p0, p1);
      }
      for (auto& th : pool) th.join();
    }
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
    at_lower.assign(cands.size(), 0);
    for (int k = 0; k < n_threads; ++k) {
      n_clamped += clamped[k];
      n_nonfinite += nonfinite[k];
      for (std::size_t i = 0; i < cands.size(); ++i) at_lower[i] += below[k][i];
    }
  }

  // The middle pair of the paths of every future year (computed once per simulation).
  const std::vector<MiddlePair>& year_middles() {
    if (!middles.empty()) return middles;
    std::vector<double> col(static_cast<std::size_t>(opt.n_paths));
    for (std::size_t h = 0; h < out.years.size(); ++h) {
      for (int p = 0; p < opt.n_paths; ++p) col[p] = out.at(p, static_cast<int>(h));
      middles.push_back(middle_pair(col));
    }
    return middles;
  }

  // Whether the median of the paths reaches the lower bound in some year.
  bool median_reaches_bound() {
    const auto& mid = year_middles();
    return std::any_of(mid.begin(), mid.end(),
                       [&](const MiddlePair& m) { return !(m.median() > log_lower); });
  }

  // Paths above the lower bound (docs/methods.md, "Paths above the lower bound"): when the
  // median of the paths of a series whose values are all above its lower bound L reaches L in
  // some year, every identity-scale member some of whose simulated values fell to or below L is
  // fitted on the log scale of (y - L) instead (the same family; diagnostic member_log_scale);
  // where that family is already in the combination on the log scale, it takes the weight. A
  // member that cannot be fitted there stays. Returns true if a member was replaced (the paths
  // are then simulated again).
  bool relog_members() {
    std::vector<Candidate> next;
    bool replaced = false;
    for (std::size_t i = 0; i < cands.size(); ++i) {
      Candidate& c = cands[i];
      Candidate l;
      if (c.tr.scale == Scale::identity && at_lower[i] > 0) fit_member(c.family, Scale::log, l);
      if (!l.fit.ok) {
        next.push_back(std::move(c));
        continue;
      }
      replaced = true;
      diag(Severity::info, "member_log_scale",
           c.label() + ": " + std::to_string(at_lower[i]) +
               " simulated value(s) at or below the lower bound " + fmt(log_lower, "%g") +
               " (the median reached the bound); replaced by " + l.label() +
               ", so that every path stays above the bound",
           {c.label(), std::to_string(at_lower[i]), fmt(log_lower, "%g"), l.label()});
      l.weight = c.weight;
      next.push_back(std::move(l));
    }
    if (replaced) {  // a later member of the same family and scale gives its weight to the first
      for (std::size_t i = 0; i < next.size(); ++i)
        for (std::size_t j = i + 1; j < next.size();)
          if (next[j].family == next[i].family && next[j].tr.scale == next[i].tr.scale) {
            next[i].weight += next[j].weight;
            next.erase(next.begin() + static_cast<std::ptrdiff_t>(j));
          } else {
            ++j;
          }
    }
    cands = std::move(next);
    return replaced;
  }

  // The training part up to index o (inclusive) as a series of its own.
  Series head(int o) const {
    Series sub;
    sub.indicator = s.indicator;
    sub.group = s.group;
    sub.years.assign(s.years.begin(), s.years.begin() + o + 1);
    sub.values.assign(s.values.begin(), s.values.begin() + o + 1);
    if (!s.derived_from.empty()) {
      sub.derived_from.assign(s.derived_from.begin(), s.derived_from.begin() + o + 1);
      sub.aggregates = s.aggregates;
    }
    return sub;
  }

  // Normalised errors of one backtest projection from index o against the observed values
  // after it, on the calibration scale (identity; a share: logit).
  void score_origin(int o, const SeriesForecast& f, const Transform& cal, BacktestErrors& errs) {
    std::vector<double> col(static_cast<std::size_t>(f.n_paths));
    for (int i = o + 1; i < n; ++i) {
      const int h = s.years[i] - s.years[o];
      const auto hi = static_cast<std::size_t>(h - 1);
      if (hi >= f.years.size()) break;
      for (int p = 0; p < f.n_paths; ++p) col[p] = cal.forward(f.at(p, static_cast<int>(hi)));
      std::sort(col.begin(), col.end());
      auto q = [&](double level) {
        const double pos = level * (static_cast<double>(col.size()) - 1.0);
        const auto lo = static_cast<std::size_t>(std::floor(pos));
        const std::size_t up = std::min(lo + 1, col.size() - 1);
        return col[lo] + (pos - static_cast<double>(lo)) * (col[up] - col[lo]);
      };
      errs.add(h, normalised_error(cal.forward(y[i]), q(0.5), q(0.1), q(0.9)));
    }
  }

  // Rolling-origin backtests inside the training part (docs/methods.md, "Calibration that
  // adapts to the data"): the same rule projected from up to kBacktestOrigins earlier origins,
  // j = hmax, hmax - step, ... years before the end, scored against the years after each; the
  // errors update the prior factors (calibration_from). Without room for one origin the prior
  // factors are used as they are.
  void backtest() {
    const int H = to_year - s.years.back();
    calib = SpreadCalibration{};
    if (backtest_run) {
      calib = calibration_from(BacktestErrors{}, H);
      calib.source = "M3 prior (backtest projection)";
      return;
    }
    const int hmax = std::min(
        {kBacktestMaxHorizon, H, n_info - kCombinationMinPoints, n - kCombinationMinPoints});
    BacktestErrors errs;
    if (hmax >= 1) {
      Transform cal = calibration_scale();
      ForecastOptions bo = opt;
      bo.method = "auto";
      bo.threads = 1;
      bo.n_paths = std::min(opt.n_paths, kBacktestPaths);
      const int step = (hmax + kBacktestOrigins - 1) / kBacktestOrigins;
      for (int j = hmax; j >= 1; j -= step) {
        const int o = n - 1 - j;
        const Series sub = head(o);
        const int to = std::min(s.years[o] + hmax, s.years.back());
        try {
          SeriesProjection bt(sub, spec, to, bo, stream_id * 0x9E3779B97F4A7C15ULL + j, true);
          bt.structure_of = &cands;
          const SeriesForecast f = bt.run();
          if (!bt.calibrated) continue;  // another rule at that origin: not this one's errors
          errs.begin_origin();
          score_origin(o, f, cal, errs);
          calib.origins.push_back(s.years[o]);
        } catch (const InputError&) {
          continue;  // e.g. a share whose head lies on a bound: that origin is left out
        }
      }
    }
    std::vector<int> origins = std::move(calib.origins);
    calib = calibration_from(errs, H);
    calib.origins = std::move(origins);
    std::sort(calib.origins.begin(), calib.origins.end());
    calib.source = calib.origins.empty() ? "M3 prior only (too short for a backtest)"
                                         : "M3 prior updated by the series' backtests";
  }

  // The scale the spread map works on: identity, for a share logit.
  Transform calibration_scale() const {
    Transform cal;
    cal.scale = kind == IndicatorKind::share ? Scale::logit : Scale::identity;
    cal.lower = lower.value_or(0.0);
    cal.upper = upper.value_or(0.0);
    return cal;
  }

  // The spread factor of future year index h.
  double factor_at(std::size_t h) const {
    const auto k = static_cast<std::size_t>(out.years[h] - s.years.back());
    return calib.factor[std::min(k, calib.factor.size()) - 1];
  }

  // Spread calibration of the combination. Per future year h (years ahead k):
  // Y' = m + c_k (Y - m) around the median m of the paths. On the identity scale (as the
  // factors were fitted), then kept within the bounds; for a share on the logit scale, so that
  // the paths stay strictly inside. For a series whose values are all above its lower bound,
  // values below it are left for bend_lower_tail. The map is monotone, so the median (the point
  // forecast) is unchanged and every path keeps its rank. It uses all paths of year h, which are
  // the same for any number of threads.
  void calibrate_spread() {
    const std::size_t H = out.years.size();
    const Transform cal = calibration_scale();
    // On the identity scale the middle pair of the paths is that of the calibration scale.
    const bool identity = cal.scale == Scale::identity;
    if (identity) year_middles();
    middles.resize(H);
    std::vector<double> col(static_cast<std::size_t>(opt.n_paths)), scratch;
    for (std::size_t h = 0; h < H; ++h) {
      const double c = factor_at(h);
      for (int p = 0; p < opt.n_paths; ++p) col[p] = cal.forward(out.at(p, static_cast<int>(h)));
      MiddlePair mid = middles[h];
      if (!identity) {
        scratch = col;
        mid = middle_pair(scratch);
      }
      const double m = mid.median();
      for (int p = 0; p < opt.n_paths; ++p) {
        double& v = out.paths[static_cast<std::size_t>(p) * H + h];
        // A value already on a bound was counted when it was simulated.
        const bool was_at_bound = (lower && v <= std::nextafter(*lower, HUGE_VAL)) ||
                                  (upper && v >= std::nextafter(*upper, -HUGE_VAL));
        if (back(cal, m + c * (col[p] - m), v, keep_above) && !was_at_bound) ++n_clamped;
      }
      // The map is increasing: the new middle pair is the image of the old one.
      middles[h] = mid.mapped([&](double x) {
        double v = 0.0;
        back(cal, m + c * (x - m), v, keep_above);
        return v;
      });
    }
  }

  // Paths above the lower bound (docs/methods.md, "Paths above the lower bound"), for a series
  // whose values all lie above its lower bound L and some of whose simulated values (in any
  // year) are at or below L: in every future year, with m the median of the paths and the knot
  // K = L + (m - L) / 2, every value Y below K becomes
  //     Y' = L + (K - L) exp((Y - K) / (K - L)),
  // which is continuous with slope 1 at K, increasing and above L however low Y is; values from
  // K up (the median and everything above it) are unchanged, and every path keeps its rank.
  // Every year gets the same map (not only the years with a value at or below L), so the lower
  // edge of the bands does not jump in the first year that a path reaches the bound. A year
  // whose median is not above L (relog_members could not prevent it) is kept at L as before.
  void bend_lower_tail() {
    const std::size_t H = out.years.size();
    const double L = log_lower;
    if (!std::any_of(out.paths.begin(), out.paths.end(), [&](double v) { return v <= L; }))
      return;  // no value to move
    year_middles();
    for (std::size_t h = 0; h < H; ++h) {
      const double m = middles[h].median();
      for (int p = 0; p < opt.n_paths; ++p) {
        double& v = out.paths[static_cast<std::size_t>(p) * H + h];
        switch (bend(v, m)) {
          case Bend::bent:
            ++n_bent;
            break;
          case Bend::clamped:
            ++n_clamped;
            break;
          case Bend::unchanged:
            break;
        }
      }
      // The map is increasing: the new middle pair is the image of the old one.
      middles[h] = middles[h].mapped([&](double x) {
        bend(x, m);
        return x;
      });
    }
  }

  // One value of bend_lower_tail's map for a year with median m (the lower bound L is
  // log_lower): below the knot K = L + (m - L) / 2 onto the exponential curve; a year whose
  // median is not above L keeps its values at or above L.
  enum class Bend { unchanged, bent, clamped };
  Bend bend(double& v, double m) const {
    const double L = log_lower;
    const double d = 0.5 * (m - L);
    if (!(m > L)) {
      if (!(v < L)) return Bend::unchanged;
      v = L;
      return Bend::clamped;
    }
    if (!(v < L + d)) return Bend::unchanged;
    v = L + d * std::exp((v - L - d) / d);
    if (v > L) return Bend::bent;
    v = std::nextafter(L, HUGE_VAL);  // exp underflow far below the bound
    return Bend::clamped;
  }

  void report_path_problems() {
    const double total_values =
        static_cast<double>(opt.n_paths) * static_cast<double>(out.years.size());
    if (n_nonfinite > 0)
      diag(Severity::warning, "nonfinite_path_values",
           std::to_string(n_nonfinite) +
               " simulated value(s) were not finite numbers and were "
               "replaced by the previous value of the path",
           {std::to_string(n_nonfinite)});
    if (n_bent > 0)
      diag(Severity::info, "lower_tail_bent",
           std::to_string(n_bent) + " of " + fmt(total_values, "%.0f") + " simulated values (" +
               fmt(100.0 * n_bent / total_values, "%.2g") +
               " %) lay below halfway between the median and the lower bound " +
               fmt(log_lower, "%g") +
               " and were moved towards the bound on an exponential curve, so that every path "
               "stays above it",
           {std::to_string(n_bent), fmt(total_values, "%.0f"),
            fmt(100.0 * n_bent / total_values, "%.2g"), fmt(log_lower, "%g")});
    if (n_clamped > 0)
      diag(Severity::warning, "paths_clamped",
           std::to_string(n_clamped) + " of " + fmt(total_values, "%.0f") + " simulated values (" +
               fmt(100.0 * n_clamped / total_values, "%.2g") + " %) fell outside " + bounds_text +
               " and were set to the bound (on the logit scale: to the nearest number strictly "
               "inside it)",
           {std::to_string(n_clamped), fmt(total_values, "%.0f"),
            fmt(100.0 * n_clamped / total_values, "%.2g"), bounds_text});
  }

  // Point forecast (a single model's own, else the median of the paths), model label, scale
  // and weights.
  void summarise() {
    const std::size_t H = out.years.size();
    out.point.resize(H);
    if (cands.size() == 1 && !calibrated) {
      const auto pf = cands[0].model->point_forecast(t_future);
      for (std::size_t h = 0; h < H; ++h) back(cands[0].tr, pf[h], out.point[h]);
      out.model = cands[0].label();
      out.scale = std::string(to_string(cands[0].tr.scale));
    } else {
      const auto& mid = year_middles();
      for (std::size_t h = 0; h < H; ++h) out.point[h] = mid[h].median();
      out.model = cands.size() == 1 ? cands[0].label() : "combination";
      out.scale = std::string(to_string(cands[0].tr.scale));
      for (const auto& c : cands)
        if (c.tr.scale != cands[0].tr.scale) out.scale = "mixed";
    }
    for (const auto& c : cands)
      out.weights.push_back(ModelWeight{c.label(), c.weight, c.model->describe()});
  }

  // The factors per year ahead and where they come from (the reason and a diagnostic).
  std::string calibration_text() const {
    const std::size_t shown = std::min<std::size_t>(calib.factor.size(), kBacktestMaxHorizon);
    if (calib.factor.empty()) return "1 (the members' own mixture: calibration switched off)";
    std::string txt;
    for (std::size_t k = 0; k < shown; ++k)
      txt += fmt(calib.factor[k], "%.2f") + (k + 1 < shown ? ", " : "");
    txt += " at 1.." + std::to_string(shown) + " years ahead";
    if (calib.factor.size() > shown)
      txt += " (" + fmt(calib.factor[shown - 1], "%.2f") + " beyond)";
    txt +=
        ": spread factors from M3 yearly (645 series, 80 % and 95 % intervals matched to "
        "held-out years in five calendar windows)";
    if (calib.origins.empty()) return txt + ", no backtest (too few points)";
    txt += " times a correction from " + std::to_string(calib.origins.size()) +
           " rolling-origin backtest" + (calib.origins.size() == 1 ? "" : "s") + " from ";
    for (std::size_t i = 0; i < calib.origins.size(); ++i)
      txt += std::to_string(calib.origins[i]) + (i + 1 < calib.origins.size() ? ", " : "");
    int n_errors = 0;
    for (int k : calib.errors) n_errors += k;
    return txt + " (" + fmt(calib.correction[0], "%.2f") + " from " + std::to_string(n_errors) +
           " errors, one robust score per origin; prior weight " +
           fmt(kCalibrationPriorOrigins, "%g") + " origins)";
  }

  // Why this model or combination: out.reason.
  void explain() {
    out.reason_code = calibrated ? "calibrated" : use_auto ? "short_series" : "requested";
    out.prior_peers = spec.volatility ? 0 : prior.n_peers;
    const std::string npts = std::to_string(n_info) + (n_info == 1 ? " point" : " points") +
                             (n_info != n ? " (" + std::to_string(n) +
                                                " years with the years derived from period totals)"
                                          : std::string());
    if (calibrated) {
      // Unequal weights only after member_log_scale merged a member into another.
      const bool equal = std::all_of(cands.begin(), cands.end(), [&](const Candidate& c) {
        return c.weight == cands[0].weight;
      });
      out.reason = "calibrated combination of ";
      for (std::size_t i = 0; i < cands.size(); ++i) {
        if (i > 0) out.reason += i + 1 == cands.size() ? " and " : ", ";
        out.reason += cands[i].label() + (equal ? "" : " " + fmt(cands[i].weight, "%.2f"));
      }
      out.reason += (equal ? " with equal weights " + fmt(cands[0].weight, "%.2f") : "") +
                    ", point forecast the median; spread around the median scaled by " +
                    calibration_text() + "; " + npts;
    } else if (cands.size() == 1) {
      out.reason = cands[0].label() + ": " + rule + (use_auto ? "" : "; " + npts);
    } else {
      out.reason = "combination of ";
      for (std::size_t i = 0; i < cands.size(); ++i) {
        if (i > 0) out.reason += i + 1 == cands.size() ? " and " : ", ";
        out.reason += cands[i].label() + " " + fmt(cands[i].weight, "%.2f");
      }
      out.reason += " (" + rule + ")";
    }
    if (spec.volatility)
      out.reason += "; prior year-to-year variation " + fmt(*spec.volatility * 100.0, "%.3g") +
                    " % declared for the indicator (instead of the M3-derived " +
                    fmt(class_prior(PriorClass::m3).sigma * 100.0, "%.3g") + " %)";
    else if (!old_rules && out.reason.find(prior.source) == std::string::npos)
      out.reason += "; prior: " + prior.source;
  }
};

}  // namespace

SeriesForecast project_series(const Series& s, const SeriesSpec& spec, int to_year,
                              const ForecastOptions& opt, std::uint64_t stream_id) {
  check_request(s, to_year, opt);
  return SeriesProjection(s, spec, to_year, opt, stream_id).run();
}

}  // namespace utsikt
