#include "utsikt/engine/structure.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "utsikt/period_aggregate.hpp"
#include "utsikt/rng.hpp"

namespace utsikt {
namespace {

std::string label(const SeriesRef& r) { return r.indicator + "/" + r.group; }

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

void add_diag_once(std::vector<Diagnostic>& d, Diagnostic x) {
  for (const auto& e : d)
    if (e.code == x.code && e.message == x.message) return;
  d.push_back(std::move(x));
}

double clamp_bounds(double v, const Bounds& b) {
  if (b.lower && v < *b.lower) v = *b.lower;
  if (b.upper && v > *b.upper) v = *b.upper;
  return v;
}

void set_point(SeriesForecast& f) {
  f.point.assign(f.years.size(), 0.0);
  for (std::size_t h = 0; h < f.years.size(); ++h)
    f.point[h] = f.quantile(static_cast<int>(h), 0.5);
}

SeriesResult* find(std::vector<SeriesResult>& series, const SeriesRef& r) {
  for (auto& s : series)
    if (s.ref == r) return &s;
  return nullptr;
}

// Fallback: keep the series' own projection and say why.
bool fallback(SeriesResult& s, const std::string& code, const std::string& why,
              std::vector<std::string> args = {}, std::string variant = {}) {
  add_diag_once(s.forecast.diagnostics,
                {Severity::warning, code, why + "; the series is projected on its own instead",
                 std::move(args), std::move(variant)});
  return false;
}

}  // namespace

double series_value(const SeriesResult& s, int year, int path) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!s.observed || s.observed->empty()) return nan;
  const Series& o = *s.observed;
  if (year < o.years.front()) return nan;
  if (year <= o.years.back()) {
    const int i = o.index_of(year);
    if (i >= 0) return o.values[static_cast<std::size_t>(i)];
    auto it = std::upper_bound(o.years.begin(), o.years.end(), year);
    const std::size_t hi = static_cast<std::size_t>(it - o.years.begin());
    const std::size_t lo = hi - 1;
    const double w = double(year - o.years[lo]) / double(o.years[hi] - o.years[lo]);
    return o.values[lo] + w * (o.values[hi] - o.values[lo]);
  }
  const auto& f = s.forecast;
  if (f.years.empty() || year < f.years.front() || year > f.years.back()) return nan;
  return f.at(path, year - f.years.front());
}

bool estimate_level_shift(const Series& s, int year, double& shift, bool& with_trend) {
  int before = 0, after = 0;
  for (int y : s.years) (y < year ? before : after)++;
  if (before == 0 || after == 0) return false;
  if (s.size() >= 4) {
    const int n = static_cast<int>(s.size());
    double tbar = 0;
    for (int y : s.years) tbar += y;
    tbar /= n;
    Eigen::MatrixXd X(n, 3);
    Eigen::VectorXd v(n);
    for (int i = 0; i < n; ++i) {
      X(i, 0) = 1.0;
      X(i, 1) = s.years[i] - tbar;
      X(i, 2) = s.years[i] >= year ? 1.0 : 0.0;
      v(i) = s.values[i];
    }
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
    if (qr.rank() == 3) {
      shift = qr.solve(v)(2);
      with_trend = true;
      return true;
    }
  }
  double last_before = 0, first_after = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.years[i] < year)
      last_before = s.values[i];
    else {
      first_after = s.values[i];
      break;
    }
  }
  shift = first_after - last_before;
  with_trend = false;
  return true;
}

Series fitting_series(const Indicator& ind, const Series& observed,
                      std::vector<Diagnostic>& diagnostics) {
  Series s = observed;
  for (const auto& b : ind.breaks) {
    if (!b.group.empty() && b.group != observed.group) continue;
    const std::string why = b.note.empty() ? "" : " (" + b.note + ")";
    const std::string y = std::to_string(b.year);
    if (b.kind == StructuralBreak::Kind::outlier) {
      const int i = s.index_of(b.year);
      if (i < 0) {
        diagnostics.push_back({Severity::info,
                               "break_not_observed",
                               "outlier year " + y + why + " is not observed; nothing removed",
                               {y, b.note}});
        continue;
      }
      if (s.size() <= 1) {
        diagnostics.push_back(
            {Severity::warning,
             "break_not_applied",
             "outlier year " + y + why + " is the only observation; kept for fitting",
             {y, b.note}});
        continue;
      }
      s.years.erase(s.years.begin() + i);
      s.values.erase(s.values.begin() + i);
      if (!s.sources.empty()) s.sources.erase(s.sources.begin() + i);
      if (!s.derived_from.empty()) s.derived_from.erase(s.derived_from.begin() + i);
      diagnostics.push_back({Severity::info,
                             "break_outlier",
                             "year " + y + why +
                                 " treated as a one-off outlier: not used for "
                                 "fitting (still used as the observed value)",
                             {y, b.note}});
    } else {
      double d = 0;
      bool trend = false;
      if (!estimate_level_shift(s, b.year, d, trend)) {
        diagnostics.push_back(
            {Severity::info,
             "break_not_observed",
             "level shift " + y + why + " has no observation on one side; nothing adjusted",
             {y, b.note},
             "level_shift"});
        continue;
      }
      for (std::size_t i = 0; i < s.size(); ++i)
        if (s.years[i] < b.year) s.values[i] = clamp_bounds(s.values[i] + d, ind.bounds);
      diagnostics.push_back(
          {Severity::info,
           "break_level_shift",
           "level shift in " + y + why + ": history before " + y + " moved by " + fmt(d) +
               (trend ? " (step estimated jointly with a linear trend)"
                      : " (first observation from the break minus the last before it; too few "
                        "points to correct for the trend)"),
           {y, b.note, fmt(d)}});
    }
  }
  return s;
}

Derivation derivation_of(const Project& project, const SeriesRef& ref) {
  Derivation d;
  const Indicator* ind = project.find_indicator(ref.indicator);
  if (!ind) return d;
  if (ind->driver && ind->driver->group == ref.group) {
    d.kind = Derivation::Kind::driver;
    d.inputs = {ind->driver->driver};
  } else if (ind->components && ind->components->group == ref.group) {
    d.kind = Derivation::Kind::components;
    for (const auto& c : ind->components->parts) d.inputs.push_back(c.series);
  } else if (ind->breakdown && ind->breakdown->total == ref.group) {
    d.kind = Derivation::Kind::breakdown;
    for (const auto& g : ind->breakdown->parts) d.inputs.push_back({ind->id, g});
  }
  return d;
}

std::vector<std::size_t> dependency_order(const Project& project,
                                          const std::vector<SeriesResult>& series) {
  std::vector<int> state(series.size(), 0);  // 0 new, 1 visiting, 2 done
  std::vector<std::size_t> order;
  std::function<void(std::size_t, std::vector<std::string>&)> visit =
      [&](std::size_t i, std::vector<std::string>& stack) {
        if (state[i] == 2) return;
        stack.push_back(label(series[i].ref));
        if (state[i] == 1) {
          std::string cyc;
          for (auto& s : stack) cyc += (cyc.empty() ? "" : " -> ") + s;
          throw InputError(
              Location{project.path, 0, 0, "indicator[" + series[i].ref.indicator + "]"},
              "drivers and components without a cycle", cyc);
        }
        state[i] = 1;
        for (const auto& in : derivation_of(project, series[i].ref).inputs)
          for (std::size_t j = 0; j < series.size(); ++j)
            if (series[j].ref == in) visit(j, stack);
        state[i] = 2;
        stack.pop_back();
        order.push_back(i);
      };
  for (std::size_t i = 0; i < series.size(); ++i) {
    std::vector<std::string> stack;
    visit(i, stack);
  }
  return order;
}

namespace {

// A breakdown's total (the sum of its groups) or the sum of an indicator's components on every
// path; with `accumulate` a stock that adds the summed flows to the last observation. False
// (with a diagnostic) when that is not possible.
bool derive_sum(SeriesResult& s, const Derivation& d, const std::vector<const SeriesResult*>& in,
                const Indicator& ind, std::vector<Diagnostic>& diags) {
  SeriesForecast& f = s.forecast;
  const int H = static_cast<int>(f.years.size());
  const int P = f.n_paths;
  const bool acc = d.kind == Derivation::Kind::components && ind.components->accumulate;
  std::vector<double> sign(in.size(), 1.0);
  if (d.kind == Derivation::Kind::components)
    for (std::size_t k = 0; k < in.size(); ++k) sign[k] = ind.components->parts[k].sign;
  const double start = s.observed->values.back();
  const int last_obs = s.observed->years.back();
  if (acc && f.years.front() != last_obs + 1)
    return fallback(s, "derivation_not_possible",
                    "stock-flow needs the projection to start the "
                    "year after the last observation",
                    {std::to_string(last_obs + 1)});
  for (int p = 0; p < P; ++p) {
    double stock = start;
    for (int h = 0; h < H; ++h) {
      double sum = 0.0;
      for (std::size_t k = 0; k < in.size(); ++k)
        sum += sign[k] * series_value(*in[k], f.years[h], p);
      if (acc) stock = stock + sum;
      f.paths[static_cast<std::size_t>(p) * H + h] = acc ? stock : sum;
    }
  }
  std::string parts;
  for (std::size_t k = 0; k < in.size(); ++k)
    parts += std::string(k == 0 ? (sign[k] < 0 ? "-" : "") : (sign[k] < 0 ? " - " : " + ")) +
             label(d.inputs[k]);
  if (d.kind == Derivation::Kind::breakdown) {
    f.model = "sum of groups";
    f.reason = "breakdown: the total is the sum of its parts on every path (" + parts + ")";
  } else {
    f.model = acc ? "stock-flow" : "sum of components";
    f.reason = acc ? "stock-flow: value(t) = value(t-1) + " + parts + ", from the last observation"
                   : "sum of components: " + parts;
  }
  // A derived sum is never clamped (it would break the identity); say so if it leaves bounds.
  int outside = 0;
  for (double v : f.paths)
    if ((ind.bounds.lower && v < *ind.bounds.lower) || (ind.bounds.upper && v > *ind.bounds.upper))
      ++outside;
  if (outside > 0)
    diags.push_back({Severity::warning,
                     "derived_out_of_bounds",
                     std::to_string(outside) +
                         " simulated values of the derived total are "
                         "outside the indicator's bounds (kept, so that the identity holds)",
                     {std::to_string(outside)}});
  return true;
}

// The pairs (driver x, y) of the years where both are observed (x as a yearly change when the
// driver says so).
void overlapping_years(const Series& y, const SeriesResult& xs, const DriverSpec& ds,
                       std::vector<double>& X, std::vector<double>& Y) {
  auto x_obs = [&](int year) -> double {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double* a = xs.observed->at_year(year);
    if (!a || xs.observed->derived_year(year)) return nan;
    if (!ds.difference) return *a;
    const double* b = xs.observed->at_year(year - 1);
    return b && !xs.observed->derived_year(year - 1) ? *a - *b : nan;
  };
  // Years derived from a period total are not observations: they never pair up.
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y.derived(i)) continue;
    const double x = x_obs(y.years[i]);
    if (!std::isnan(x)) {
      X.push_back(x);
      Y.push_back(y.values[i]);
    }
  }
}

// Driver regression y = a + b x + e on the overlapping observed years; each path draws sigma
// and (a, b) from their posterior and uses the driver's own simulated path. False (with a
// diagnostic) when the overlap is too short or the driver does not vary.
bool derive_by_driver(SeriesResult& s, const SeriesResult& xs, const Indicator& ind,
                      std::uint64_t seed, std::vector<Diagnostic>& diags) {
  SeriesForecast& f = s.forecast;
  const int H = static_cast<int>(f.years.size());
  const int P = f.n_paths;
  const DriverSpec& ds = *ind.driver;
  std::vector<Diagnostic> fit_diags;
  const Series y = fitting_series(ind, *s.observed, fit_diags);
  std::vector<double> X, Y;
  overlapping_years(y, xs, ds, X, Y);
  const int n = static_cast<int>(X.size());
  if (n < ds.min_overlap)
    return fallback(
        s, "driver_too_few_overlap",
        "only " + std::to_string(n) + " year(s) with both " + label(s.ref) + " and its driver " +
            label(ds.driver) + (ds.difference ? " (as a yearly change)" : "") +
            " observed; at least " + std::to_string(ds.min_overlap) +
            " are needed for the regression",
        {std::to_string(n), label(s.ref), label(ds.driver), std::to_string(ds.min_overlap)});
  double mx = 0, my = 0;
  for (int i = 0; i < n; ++i) {
    mx += X[i];
    my += Y[i];
  }
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0;
  for (int i = 0; i < n; ++i) {
    sxx += (X[i] - mx) * (X[i] - mx);
    sxy += (X[i] - mx) * (Y[i] - my);
  }
  if (!(sxx > 0))
    return fallback(s, "driver_constant",
                    "the driver " + label(ds.driver) + " does not vary over the overlapping years",
                    {label(ds.driver)});
  const double b = sxy / sxx, a = my - b * mx;
  double rss = 0, tss = 0;
  for (int i = 0; i < n; ++i) {
    rss += std::pow(Y[i] - a - b * X[i], 2);
    tss += (Y[i] - my) * (Y[i] - my);
  }
  const int df = n - 2;
  const double s2 = rss / df;
  // (X'X)^-1 for X = [1, x]: chol of the covariance of (a, b) divided by sigma^2.
  Eigen::Matrix2d XtX;
  XtX << n, n * mx, n * mx, sxx + n * mx * mx;
  const Eigen::Matrix2d L = XtX.inverse().llt().matrixL();
  const std::uint64_t stream = hash_combine(stable_hash("driver:" + label(s.ref)), seed);
  for (int p = 0; p < P; ++p) {
    Rng rng(seed, stream, static_cast<std::uint64_t>(p));
    // sigma^2 | data ~ s2 * df / chi2(df); (a, b) | sigma ~ N(hat, sigma^2 (X'X)^-1).
    const double sig = df > 0 ? std::sqrt(s2 * df / rng.chi_square(df)) : 0.0;
    Eigen::Vector2d z(rng.normal(), rng.normal());
    const Eigen::Vector2d beta = Eigen::Vector2d(a, b) + sig * (L * z);
    for (int h = 0; h < H; ++h) {
      const int yr = f.years[h];
      double x = series_value(xs, yr, p);
      if (ds.difference) x -= series_value(xs, yr - 1, p);
      const double v = beta(0) + beta(1) * x + sig * rng.normal();
      f.paths[static_cast<std::size_t>(p) * H + h] = clamp_bounds(v, ind.bounds);
    }
  }
  f.model = "driver regression on " + label(ds.driver);
  f.reason = "y = " + fmt(a) + " + " + fmt(b) + " * " + (ds.difference ? "change of " : "") +
             label(ds.driver) + " + e, fitted on " + std::to_string(n) +
             " overlapping years (R^2 = " + fmt(tss > 0 ? 1 - rss / tss : 1.0) + ", residual sd " +
             fmt(std::sqrt(s2)) +
             "); each path draws the coefficients and the residual sd from their posterior and "
             "uses the driver's own simulated path";
  for (auto& dd : fit_diags) diags.push_back(dd);
  return true;
}

}  // namespace

bool derive_series(const Project& project, std::vector<SeriesResult>& series, std::size_t index,
                   std::uint64_t seed) {
  SeriesResult& s = series[index];
  const Derivation d = derivation_of(project, s.ref);
  if (d.kind == Derivation::Kind::none) return false;
  if (!s.observed || s.observed->empty() || s.forecast.years.empty())
    return false;  // nothing projected: the target reports "no observations"
  std::vector<const SeriesResult*> in;
  for (const auto& r : d.inputs) {
    const SeriesResult* x = find(series, r);
    if (!x || !x->observed || x->observed->empty())
      return fallback(s, "derivation_input_missing", "input " + label(r) + " has no observations",
                      {label(r)});
    in.push_back(x);
  }
  SeriesForecast& f = s.forecast;
  const int P = f.n_paths;
  // Every input must be available in every projected year (and the year before, for differences).
  for (std::size_t k = 0; k < in.size(); ++k) {
    const int first =
        f.years.front() - (d.kind == Derivation::Kind::driver &&
                                   project.find_indicator(s.ref.indicator)->driver->difference
                               ? 1
                               : 0);
    for (int y = first; y <= f.years.back(); ++y)
      if (std::isnan(series_value(*in[k], y, 0)))
        return fallback(s, "derivation_input_missing",
                        "input " + label(d.inputs[k]) + " has no value in " + std::to_string(y),
                        {label(d.inputs[k]), std::to_string(y)}, "year");
    if (in[k]->forecast.n_paths != 0 && in[k]->forecast.n_paths != P)
      throw InternalError("derive_series: inputs with different numbers of paths");
  }
  const Indicator& ind = *project.find_indicator(s.ref.indicator);
  std::vector<Diagnostic> diags;
  const bool sum = d.kind == Derivation::Kind::breakdown || d.kind == Derivation::Kind::components;
  const bool derived =
      sum ? derive_sum(s, d, in, ind, diags) : derive_by_driver(s, *in[0], ind, seed, diags);
  if (!derived) return false;
  f.weights = {{f.model, 1.0, ""}};
  f.scale = "identity";
  for (auto& dd : period_aggregate_diagnostics(*s.observed)) diags.push_back(std::move(dd));
  f.diagnostics = diags;
  set_point(f);
  return true;
}

void derive_all(const Project& project, std::vector<SeriesResult>& series, std::uint64_t seed) {
  for (std::size_t i : dependency_order(project, series)) derive_series(project, series, i, seed);
}

}  // namespace utsikt
