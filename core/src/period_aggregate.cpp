// Period aggregates to yearly values; the rule is described in utsikt/period_aggregate.hpp and
// docs/methods.md ("Period totals"). Keep the three in step.
#include "utsikt/period_aggregate.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <string>

#include "utsikt/number.hpp"

namespace utsikt {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<int> parse_year(std::string_view s) {
  s = trim(s);
  if (s.size() != 4) return std::nullopt;
  int y = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    y = y * 10 + (c - '0');
  }
  if (y < 1000 || y > 3000) return std::nullopt;
  return y;
}

std::string num(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

// "2017, 2018, 2020-2022".
std::string year_list(const std::vector<int>& ys) {
  std::string out;
  for (std::size_t i = 0; i < ys.size();) {
    std::size_t j = i;
    while (j + 1 < ys.size() && ys[j + 1] == ys[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(ys[i]);
    if (j > i) out += (j == i + 1 ? ", " : "-") + std::to_string(ys[j]);
    i = j + 1;
  }
  return out;
}

std::string label(const Series& s) { return s.indicator + "/" + s.group; }

Location value_field(const PeriodAggregate& a) {
  Location l = a.where;
  l.field = l.field == "year" || l.field.empty() ? "value" : l.field;
  return l;
}

}  // namespace

std::optional<YearSpan> parse_year_span(std::string_view text) {
  text = trim(text);
  // The dash: '-' or U+2013 (en dash, UTF-8 E2 80 93), not at the start.
  std::size_t dash = std::string_view::npos, dash_len = 0;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '-') {
      dash = i;
      dash_len = 1;
      break;
    }
    if (text.substr(i, 3) == "\xE2\x80\x93") {
      dash = i;
      dash_len = 3;
      break;
    }
  }
  if (dash == std::string_view::npos) {
    const auto y = parse_year(text);
    if (!y) return std::nullopt;
    return YearSpan{*y, *y};
  }
  const auto a = parse_year(text.substr(0, dash));
  const auto b = parse_year(text.substr(dash + dash_len));
  if (!a || !b || *a >= *b) return std::nullopt;
  return YearSpan{*a, *b};
}

std::optional<PeriodAggregate::Kind> parse_aggregate_kind(std::string_view text) {
  text = trim(text);
  std::string low(text);
  for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (low == "sum") return PeriodAggregate::Kind::sum;
  if (low == "mean") return PeriodAggregate::Kind::mean;
  return std::nullopt;
}

std::string_view to_string(PeriodAggregate::Kind k) {
  return k == PeriodAggregate::Kind::sum ? "sum" : "mean";
}

namespace {

// A year derived from period aggregate agg (its index in Series::aggregates).
struct Derived {
  int year;
  double value;
  int agg;
};

// The years of one span: the sum of those observed individually, those years, and the open
// years (not observed) that take the rest of the total.
struct SpanYears {
  double sum_obs = 0.0;
  std::vector<int> seen, open;
};

// The bounds the derived values must keep: the declared ones, and for a share 0 to 100, for a
// stock, flow or index at least 0 where not declared.
Bounds effective_bounds(IndicatorKind kind, const Bounds& declared) {
  Bounds b = declared;
  if (kind == IndicatorKind::share) {
    b.lower = b.lower.value_or(0.0);
    b.upper = b.upper.value_or(100.0);
  } else if (kind == IndicatorKind::stock || kind == IndicatorKind::flow ||
             kind == IndicatorKind::index) {
    b.lower = b.lower.value_or(0.0);
  }
  return b;
}

// Validation of the spans: sorts the aggregates by their first year and checks that no two
// spans overlap.
void sort_and_check_spans(Series& s) {
  std::stable_sort(s.aggregates.begin(), s.aggregates.end(),
                   [](const PeriodAggregate& x, const PeriodAggregate& y) {
                     return x.first_year < y.first_year;
                   });
  for (std::size_t k = 1; k < s.aggregates.size(); ++k) {
    const PeriodAggregate& prev = s.aggregates[k - 1];
    const PeriodAggregate& a = s.aggregates[k];
    if (a.first_year <= prev.last_year) {
      throw InputError(
          a.where_year.file.empty() ? a.where : a.where_year,
          "period aggregates of " + label(s) + " whose spans do not overlap",
          "the span " + a.span() + ", which overlaps " + prev.span() +
              (prev.where.line > 0 ? " (line " + std::to_string(prev.where.line) +
                                         (prev.where.file != a.where.file ? " of " + prev.where.file
                                                                          : std::string()) +
                                         ")"
                                   : std::string()),
          "Give each year to at most one period total; split or drop one of them.");
    }
  }
}

// The years of span a, split into observed ones (with their sum) and open ones.
SpanYears split_span_years(const PeriodAggregate& a, const std::map<int, double>& obs) {
  SpanYears out;
  for (int y = a.first_year; y <= a.last_year; ++y) {
    if (auto it = obs.find(y); it != obs.end()) {
      out.sum_obs += it->second;
      out.seen.push_back(y);
    } else {
      out.open.push_back(y);
    }
  }
  return out;
}

// Bound checks of the rest: the open years can take rest only if it lies between n_open times
// the lower and n_open times the upper bound.
void check_rest_within_bounds(const Series& s, const PeriodAggregate& a, const Bounds& b,
                              const std::string& what, const std::string& observed_text,
                              double rest, std::size_t n_open, double tol) {
  const double n = static_cast<double>(n_open);
  if (b.lower && rest < *b.lower * n - tol)
    throw InputError(value_field(a),
                     "a total that leaves the other years of " + a.span() + " of " + label(s) +
                         " at least " + num(*b.lower) + " each (the indicator's lower bound)",
                     what + observed_text + ": " + num(rest) + " would remain for " +
                         std::to_string(n_open) + " year(s)",
                     "Check the total, its span and the yearly values inside the span.");
  if (b.upper && rest > *b.upper * n + tol)
    throw InputError(value_field(a),
                     "a total that the other years of " + a.span() + " of " + label(s) +
                         " can reach within the indicator's upper bound " + num(*b.upper),
                     what + observed_text + ": " + num(rest) + " would remain for " +
                         std::to_string(n_open) + " year(s)",
                     "Check the total, its span and the yearly values inside the span.");
}

// The preliminary values of the open years, by interpolation between the nearest observations
// (the nearest one alone at an end; the mean of the total when the series has none).
std::vector<double> preliminary_values(const std::vector<int>& open,
                                       const std::map<int, double>& obs, double total,
                                       int span_years) {
  std::vector<double> start;
  for (int y : open) {
    auto next = obs.upper_bound(y);
    const bool has_next = next != obs.end();
    const bool has_prev = next != obs.begin();
    if (has_prev && has_next) {
      auto prev = std::prev(next);
      const double w = double(y - prev->first) / double(next->first - prev->first);
      start.push_back(prev->second + w * (next->second - prev->second));
    } else if (has_prev) {
      start.push_back(std::prev(next)->second);
    } else if (has_next) {
      start.push_back(next->second);
    } else {
      start.push_back(total / span_years);
    }
  }
  return start;
}

// The distribution to the total: the preliminary values scaled to add up to rest (shifted
// instead when any is negative or their sum is not positive).
std::vector<double> distribute_rest(const std::vector<double>& start, double rest) {
  const double n_open = static_cast<double>(start.size());
  double ssum = 0.0;
  bool nonneg = true;
  for (double v : start) {
    ssum += v;
    nonneg = nonneg && v >= 0.0;
  }
  std::vector<double> vals(start.size());
  if (nonneg && ssum > 0.0) {
    const double f = rest / ssum;
    for (std::size_t i = 0; i < start.size(); ++i) vals[i] = start[i] * f;
  } else {
    const double shift = (rest - ssum) / n_open;
    for (std::size_t i = 0; i < start.size(); ++i) vals[i] = start[i] + shift;
  }
  // The last year takes what rounding left over, so the span adds up to the total.
  double others = 0.0;
  for (std::size_t i = 0; i + 1 < start.size(); ++i) others += vals[i];
  vals.back() = rest - others;
  return vals;
}

// Bound checks of the derived values: each finite and within the bounds (a value outside by
// rounding only is set to the bound); appends them to derived.
void check_and_add_derived(const Series& s, const PeriodAggregate& a, std::size_t k,
                           const Bounds& b, const std::string& what,
                           const std::string& observed_text, const std::vector<int>& open,
                           std::vector<double>& vals, std::vector<Derived>& derived) {
  for (std::size_t i = 0; i < open.size(); ++i) {
    double& v = vals[i];
    if (!std::isfinite(v))
      throw InputError(value_field(a), "yearly values that a double can hold",
                       "an overflow for " + std::to_string(open[i]) + " when " + what +
                           " is spread over its years",
                       "Check the magnitude of the values (units).");
    const double slack = 1e-9 * std::max(1.0, std::fabs(v));
    if (b.lower && v < *b.lower && v >= *b.lower - slack) v = *b.lower;
    if (b.upper && v > *b.upper && v <= *b.upper + slack) v = *b.upper;
    if ((b.lower && v < *b.lower) || (b.upper && v > *b.upper))
      throw InputError(value_field(a),
                       "yearly values within the bounds of " + label(s) + " (" +
                           (b.lower ? num(*b.lower) : std::string("-inf")) + " to " +
                           (b.upper ? num(*b.upper) : std::string("inf")) +
                           ") for the years derived from " + what,
                       num(v) + " for " + std::to_string(open[i]) + observed_text,
                       "The rule (interpolate, then scale to the total) cannot fit the total "
                       "within the bounds; give some of these years individually.");
    derived.push_back({open[i], v, static_cast<int>(k)});
  }
}

// The years derived from aggregate k of s (none when every year of its span is observed,
// which then must add up to the total); appends them to derived.
void derive_span(const Series& s, std::size_t k, const std::map<int, double>& obs, const Bounds& b,
                 std::vector<Derived>& derived) {
  const PeriodAggregate& a = s.aggregates[k];
  const double total = a.total();
  if (!std::isfinite(total))
    throw InputError(value_field(a), "a finite total", num(total) + " for " + a.span());
  const double tol = 1e-9 * std::max(1.0, std::fabs(total));
  const SpanYears years = split_span_years(a, obs);
  const std::string what =
      "the " + std::string(to_string(a.kind)) + " " + num(a.value) + " over " + a.span() +
      (a.kind == PeriodAggregate::Kind::mean ? " (a total of " + num(total) + ")" : std::string());
  if (years.open.empty()) {
    if (std::fabs(total - years.sum_obs) > tol)
      throw InputError(
          value_field(a),
          "a total equal to the sum of the individually observed years, since "
          "every year of " +
              a.span() + " of " + label(s) + " is observed",
          what + ", but the years observed individually add up to " + num(years.sum_obs),
          "Check the total and the yearly values, or drop the period row.");
    return;
  }
  const double rest = total - years.sum_obs;
  const std::string observed_text =
      years.seen.empty() ? std::string()
                         : " (the years observed individually, " + year_list(years.seen) +
                               ", add up to " + num(years.sum_obs) + ")";
  check_rest_within_bounds(s, a, b, what, observed_text, rest, years.open.size(), tol);
  const std::vector<double> start = preliminary_values(years.open, obs, total, a.years());
  std::vector<double> vals = distribute_rest(start, rest);
  check_and_add_derived(s, a, k, b, what, observed_text, years.open, vals, derived);
}

// Writing back: merges the derived years into the series, sorted by year, with the source of
// their period row and derived_from set.
void merge_derived(Series& s, const std::vector<Derived>& derived) {
  struct Row {
    int year;
    double value;
    std::string source;
    int from;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < s.size(); ++i)
    rows.push_back({s.years[i], s.values[i], i < s.sources.size() ? s.sources[i] : "", -1});
  for (const auto& d : derived)
    rows.push_back({d.year, d.value, s.aggregates[static_cast<std::size_t>(d.agg)].source, d.agg});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& x, const Row& y) { return x.year < y.year; });
  const bool any_source =
      std::any_of(rows.begin(), rows.end(), [](const Row& r) { return !r.source.empty(); });
  s.years.clear();
  s.values.clear();
  s.sources.clear();
  s.derived_from.clear();
  for (const auto& r : rows) {
    s.years.push_back(r.year);
    s.values.push_back(r.value);
    if (any_source) s.sources.push_back(r.source);
    s.derived_from.push_back(r.from);
  }
}

}  // namespace

void apply_period_aggregates(Series& s, IndicatorKind kind, const Bounds& declared) {
  if (s.aggregates.empty()) return;
  for (std::size_t i = 0; i < s.derived_from.size(); ++i)
    if (s.derived_from[i] >= 0)
      throw InternalError("apply_period_aggregates: series " + label(s) + " completed twice");
  const Bounds b = effective_bounds(kind, declared);
  sort_and_check_spans(s);
  // Individual observations (before anything is derived).
  std::map<int, double> obs;
  for (std::size_t i = 0; i < s.size(); ++i) obs[s.years[i]] = s.values[i];
  std::vector<Derived> derived;
  for (std::size_t k = 0; k < s.aggregates.size(); ++k) derive_span(s, k, obs, b, derived);
  if (derived.empty()) return;
  merge_derived(s, derived);
}

std::vector<Diagnostic> period_aggregate_diagnostics(const Series& s) {
  std::vector<Diagnostic> out;
  for (std::size_t k = 0; k < s.aggregates.size(); ++k) {
    std::vector<int> ys;
    double sum = 0.0;
    for (std::size_t i = 0; i < s.size() && i < s.derived_from.size(); ++i)
      if (s.derived_from[i] == static_cast<int>(k)) {
        ys.push_back(s.years[i]);
        sum += s.values[i];
      }
    if (ys.empty()) continue;
    const PeriodAggregate& a = s.aggregates[k];
    std::string text = "year" + std::string(ys.size() > 1 ? "s " : " ") + year_list(ys) +
                       " derived from the period total " + num(a.total()) + " for " + a.span();
    if (a.kind == PeriodAggregate::Kind::mean)
      text += " (given as a mean of " + num(a.value) + " a year)";
    std::vector<int> seen;
    for (int y = a.first_year; y <= a.last_year; ++y)
      if (std::find(ys.begin(), ys.end(), y) == ys.end()) seen.push_back(y);
    if (!seen.empty()) text += "; " + year_list(seen) + " observed individually and kept";
    text += ": the derived years take the rest (" + num(sum) +
            "), by interpolation adjusted to it; they are not observations and count as one data "
            "point together";
    out.push_back(Diagnostic{Severity::info,
                             "derived_from_period_total",
                             text,
                             {year_list(ys), num(a.total()), a.span()}});
  }
  return out;
}

}  // namespace utsikt
