#include "utsikt/engine/target_kinds.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "utsikt/engine/structure.hpp"
#include "utsikt/error.hpp"

namespace utsikt {

namespace {

constexpr double kEps = 1e-12;

std::string year(int y) { return std::to_string(y); }
std::string base(std::optional<int> b) { return b ? std::to_string(*b) : std::string("?"); }

bool meets(double x, Direction d, double threshold, double slack = 0.0) {
  return d == Direction::at_least ? x >= threshold - slack : x <= threshold + slack;
}

// --- Measures, one per kind (the value in the target year, and the measure) ----------------------

PathMeasure level_measure(const Target& t, const TargetSeries& s, std::size_t, int p) {
  const double x = s.value(t.year, p);
  return {x, x, false};
}

// every_year: the worst year of the period; average: the period's average (value: the average).
PathMeasure flow_measure(const Target& t, const TargetSeries& s, std::size_t variant, int p) {
  const bool up = t.direction == Direction::at_least;
  double sum = 0.0, worst = up ? INFINITY : -INFINITY;
  for (int y : s.years) {
    const double v = s.value(y, p);
    sum += v / static_cast<double>(s.years.size());  // no overflow near 1e308
    worst = up ? std::min(worst, v) : std::max(worst, v);
  }
  return {sum, variant == 0 ? worst : sum, false};
}

// value(year) / value(base) - 1; a base of 0 counts as no change (and is reported).
PathMeasure change_measure(const Target& t, const TargetSeries& s, std::size_t, int p) {
  const double x = s.value(t.year, p);
  const double b0 = s.value(*s.base_year, p);
  const bool zero = !(std::fabs(b0) > kEps);
  return {x, zero ? 0.0 : x / b0 - 1.0, zero};
}

// value(year) - value(base): the verdict compares it with 0.
PathMeasure since_base_measure(const Target& t, const TargetSeries& s, std::size_t, int p) {
  const double x = s.value(t.year, p);
  return {x, x - s.value(*s.base_year, p), false};
}

PathMeasure gap_measure(const Target& t, const TargetSeries& s, std::size_t, int p) {
  const double x = s.value(t.year, p);
  return {x, x - s.other_value(t.year, p), false};
}

// (growth - reference growth) in percentage points of the base; a base of 0 (own or the
// reference's) leaves growth undefined: measure 0, not met.
PathMeasure growth_measure(const Target& t, const TargetSeries& s, std::size_t, int p) {
  const double x = s.value(t.year, p);
  const double a0 = s.value(*s.base_year, p), b0 = s.other_value(*s.base_year, p);
  if (a0 == 0.0 || b0 == 0.0) return {x, 0.0, true};
  const double ga = x / a0;
  const double gb = s.other_value(t.year, p) / b0;
  return {x, (ga - gb) * 100.0, false};
}

// --- Verdicts ------------------------------------------------------------------------------------

bool level_met(const Target& t, std::size_t, const PathMeasure& m) {
  return meets(m.measure, t.direction, t.value, t.tolerance);
}
bool threshold_met(const Target& t, std::size_t, const PathMeasure& m) {
  return meets(m.measure, t.direction, t.value);
}
// Strictly above (below) the base: x - b0 > 0 exactly when x > b0 (IEEE arithmetic).
bool increase_met(const Target&, std::size_t, const PathMeasure& m) { return m.measure > 0.0; }
bool decrease_met(const Target&, std::size_t, const PathMeasure& m) { return m.measure < 0.0; }
bool gap_met(const Target& t, std::size_t, const PathMeasure& m) {
  return std::fabs(m.measure) <= t.tolerance + kEps;
}
// ga > gb exactly when (ga - gb) * 100 > 0.
bool growth_met(const Target&, std::size_t, const PathMeasure& m) {
  return !m.zero_base && m.measure > 0.0;
}

// --- Names of the measures (English, as in targets.csv) ------------------------------------------

std::string value_name(const Target& t, std::size_t, std::optional<int>) {
  return "value in " + year(t.year);
}
std::string flow_name(const Target& t, std::size_t variant, std::optional<int>) {
  const std::string period = year(t.from_year) + "-" + year(t.year);
  if (variant == 1) return "average " + period;
  return (t.direction == Direction::at_most ? "highest" : "lowest") +
         std::string(" yearly value ") + period;
}
std::string change_name(const Target& t, std::size_t, std::optional<int> b) {
  return "relative change " + base(b) + "-" + year(t.year);
}
std::string since_base_name(const Target&, std::size_t, std::optional<int> b) {
  return "change since " + base(b);
}
std::string absolute_change_name(const Target& t, std::size_t, std::optional<int> b) {
  return "change " + base(b) + "-" + year(t.year) + " in the indicator's unit";
}
std::string parity_name(const Target& t, std::size_t, std::optional<int>) {
  return "gap " + t.series.group + " - " + (t.other ? t.other->group : std::string("?")) + " in " +
         year(t.year);
}
std::string parity_abs_name(const Target& t, std::size_t, std::optional<int>) {
  return "absolute gap in " + year(t.year);
}
std::string reference_name(const Target& t, std::size_t, std::optional<int>) {
  return "difference from reference in " + year(t.year);
}
std::string reference_abs_name(const Target& t, std::size_t, std::optional<int>) {
  return "absolute difference from the reference in " + year(t.year);
}
std::string growth_name(const Target& t, std::size_t, std::optional<int> b) {
  return "growth difference (percentage points of base) " + base(b) + "-" + year(t.year);
}

// --- Variants and their labels -------------------------------------------------------------------

constexpr Bilingual kValueLabel{"värde", "value"};

constexpr std::array<TargetVariant, 1> kValueVariant{{{"", true, kValueLabel, {}}}};
constexpr std::array<TargetVariant, 2> kFlowVariants{{
    {"every_year", false, {"lägsta år", "lowest year"}, {"högsta år", "highest year"}},
    {"average", true, {"snitt", "average"}, {}},
}};
constexpr std::array<TargetVariant, 1> kChangeVariant{{{"", false, {"förändring", "change"}, {}}}};
constexpr std::array<TargetVariant, 1> kGapVariant{{{"", false, {"skillnad", "gap"}, {}}}};
constexpr std::array<TargetVariant, 1> kGrowthVariant{
    {{"", false, {"tillväxt mot jämförelsen", "growth vs reference"}, {}}}};

using K = KeyUse;

// The table. Rows in the order of the TargetKind enum (checked by kind_info()).
const std::array<TargetKindInfo, 9> kKinds{{
    {TargetKind::level,
     "level",
     {"nivå", "level"},
     TargetShape::threshold,
     MeasureScale::value,
     K::required,
     K::required,
     K::ignored,
     K::optional,
     K::ignored,
     ReferenceUse::none,
     std::nullopt,
     BaseDefault::none,
     true,
     kValueVariant,
     level_measure,
     level_met,
     value_name,
     nullptr},
    {TargetKind::flow,
     "flow",
     {"flöde per år", "yearly flow"},
     TargetShape::threshold,
     MeasureScale::value,
     K::required,
     K::required,
     K::required,
     K::optional,
     K::ignored,
     ReferenceUse::none,
     std::nullopt,
     BaseDefault::none,
     false,
     kFlowVariants,
     flow_measure,
     threshold_met,
     flow_name,
     nullptr},
    {TargetKind::change,
     "change",
     {"förändring sedan basåret", "change since the base year"},
     TargetShape::relative_change,
     MeasureScale::relative,
     K::required,
     K::required,
     K::ignored,
     K::required,
     K::ignored,
     ReferenceUse::none,
     std::nullopt,
     BaseDefault::none,
     false,
     kChangeVariant,
     change_measure,
     threshold_met,
     change_name,
     nullptr},
    {TargetKind::increase,
     "increase",
     {"ökning", "increase"},
     TargetShape::direction,
     MeasureScale::value,
     K::optional,
     K::ignored,
     K::ignored,
     K::optional,
     K::ignored,
     ReferenceUse::none,
     Direction::at_least,
     BaseDefault::latest_observation,
     false,
     kValueVariant,
     since_base_measure,
     increase_met,
     since_base_name,
     nullptr},
    {TargetKind::decrease,
     "decrease",
     {"minskning", "decrease"},
     TargetShape::direction,
     MeasureScale::value,
     K::optional,
     K::ignored,
     K::ignored,
     K::optional,
     K::ignored,
     ReferenceUse::none,
     Direction::at_most,
     BaseDefault::latest_observation,
     false,
     kValueVariant,
     since_base_measure,
     decrease_met,
     since_base_name,
     nullptr},
    {TargetKind::parity,
     "parity",
     {"jämställdhet mellan grupper", "parity between groups"},
     TargetShape::gap,
     MeasureScale::difference,
     K::optional,
     K::ignored,
     K::ignored,
     K::optional,
     K::required,
     ReferenceUse::none,
     std::nullopt,
     BaseDefault::none,
     false,
     kGapVariant,
     gap_measure,
     gap_met,
     parity_name,
     parity_abs_name},
    {TargetKind::parity_reference,
     "parity_reference",
     {"samma nivå som jämförelsen", "parity with a reference"},
     TargetShape::gap,
     MeasureScale::difference,
     K::optional,
     K::ignored,
     K::ignored,
     K::optional,
     K::ignored,
     ReferenceUse::series_or_value,
     std::nullopt,
     BaseDefault::none,
     false,
     kGapVariant,
     gap_measure,
     gap_met,
     reference_name,
     reference_abs_name},
    {TargetKind::faster_growth,
     "faster_growth",
     {"snabbare tillväxt än jämförelsen", "faster growth than a reference"},
     TargetShape::relative_growth,
     MeasureScale::growth_points,
     K::optional,
     K::ignored,
     K::ignored,
     K::required,
     K::ignored,
     ReferenceUse::series_only,
     std::nullopt,
     BaseDefault::first_observation,
     false,
     kGrowthVariant,
     growth_measure,
     growth_met,
     growth_name,
     nullptr},
    {TargetKind::absolute_change,
     "absolute_change",
     {"förändring i antal sedan basåret", "absolute change since the base year"},
     TargetShape::absolute_change,
     MeasureScale::difference,
     K::required,
     K::required,
     K::ignored,
     K::required,
     K::ignored,
     ReferenceUse::none,
     std::nullopt,
     BaseDefault::none,
     false,
     kChangeVariant,
     since_base_measure,
     threshold_met,
     absolute_change_name,
     nullptr},
}};

const SeriesResult* find_series(const std::vector<SeriesResult>& series, const SeriesRef& r) {
  for (const auto& s : series)
    if (s.ref == r) return &s;
  return nullptr;
}

bool has_data(const SeriesResult* s) { return s && s->observed && !s->observed->empty(); }

}  // namespace

std::span<const TargetKindInfo> target_kinds() { return kKinds; }

const TargetKindInfo& kind_info(TargetKind k) {
  const auto i = static_cast<std::size_t>(k);
  if (i >= kKinds.size() || kKinds[i].kind != k)
    throw InternalError("target kind " + std::to_string(i) + " is not in the table");
  return kKinds[i];
}

std::string_view to_string(TargetKind k) { return kind_info(k).name; }

std::optional<TargetKind> target_kind_from_string(std::string_view s) {
  for (const auto& k : kKinds)
    if (k.name == s) return k.kind;
  return std::nullopt;
}

namespace {
constexpr std::array<std::pair<ReportedVerdict, std::string_view>, 7> kVerdicts{{
    {ReportedVerdict::met, "met"},
    {ReportedVerdict::near, "near"},
    {ReportedVerdict::not_met, "not_met"},
    {ReportedVerdict::improving, "improving"},
    {ReportedVerdict::unchanged, "unchanged"},
    {ReportedVerdict::worsening, "worsening"},
    {ReportedVerdict::not_followed_up, "not_followed_up"},
}};
}  // namespace

std::string_view to_string(ReportedVerdict v) {
  for (const auto& [k, name] : kVerdicts)
    if (k == v) return name;
  return "met";
}

std::optional<ReportedVerdict> reported_verdict_from_string(std::string_view s) {
  for (const auto& [k, name] : kVerdicts)
    if (name == s) return k;
  return std::nullopt;
}

std::string reported_verdict_names() {
  std::string out;
  for (const auto& [k, name] : kVerdicts) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::string target_kind_names() {
  std::string out;
  for (const auto& k : kKinds) out += (out.empty() ? "" : ", ") + std::string(k.name);
  return out;
}

std::optional<std::size_t> variant_index(const TargetKindInfo& k, std::string_view variant) {
  for (std::size_t i = 0; i < k.variants.size(); ++i)
    if (k.variants[i].name == variant) return i;
  return std::nullopt;
}

const TargetVariant& variant_info(const Target& t, std::size_t variant) {
  const auto& v = kind_info(t.kind).variants;
  if (variant >= v.size())
    throw InternalError("target " + t.id + " has no variant " + std::to_string(variant));
  return v[variant];
}

Bilingual variant_label(const Target& t, std::size_t variant) {
  const TargetVariant& v = variant_info(t, variant);
  return t.direction == Direction::at_most && !v.label_at_most.empty() ? v.label_at_most : v.label;
}

double TargetSeries::value(int y, int path) const { return series_value(*main, y, path); }

double TargetSeries::other_value(int y, int path) const {
  return reference_value ? *reference_value : series_value(*other, y, path);
}

TargetSeries target_series(const Target& t, const std::vector<SeriesResult>& series) {
  const TargetKindInfo& k = kind_info(t.kind);
  TargetSeries s;
  s.main = find_series(series, t.series);
  s.other = t.other ? find_series(series, *t.other) : nullptr;
  // A fixed reference value stands in for a series only where the kind accepts it.
  if (k.reference == ReferenceUse::series_or_value) s.reference_value = t.reference_value;
  s.base_year = t.base_year;
  if (!s.base_year && has_data(s.main)) {
    if (k.base_default == BaseDefault::latest_observation)
      s.base_year = s.main->observed->years.back();
    else if (k.base_default == BaseDefault::first_observation)
      s.base_year = s.main->observed->years.front();
  }
  if (k.from != KeyUse::ignored)
    for (int y = t.from_year; y <= t.year; ++y) s.years.push_back(y);
  else
    s.years.push_back(t.year);
  return s;
}

PathMeasure target_measure(const Target& t, const TargetSeries& s, std::size_t variant, int path) {
  return kind_info(t.kind).measure(t, s, variant, path);
}

std::vector<PathMeasure> target_measures(const Target& t, const TargetSeries& s,
                                         std::size_t variant, int n_paths) {
  const TargetKindInfo& k = kind_info(t.kind);
  std::vector<PathMeasure> out(static_cast<std::size_t>(std::max(n_paths, 0)));
  for (int p = 0; p < n_paths; ++p) out[p] = k.measure(t, s, variant, p);
  return out;
}

bool target_met(const Target& t, std::size_t variant, const PathMeasure& m) {
  return kind_info(t.kind).met(t, variant, m);
}

std::string measure_name(const Target& t, std::size_t variant, std::optional<int> base_year) {
  return kind_info(t.kind).measure_name(t, variant, base_year);
}

double compared_value(const Target& t, const PathMeasure& m) {
  return kind_info(t.kind).shape == TargetShape::gap ? std::fabs(m.measure) : m.measure;
}

bool higher_is_better(const Target& t) {
  switch (kind_info(t.kind).shape) {
    case TargetShape::gap:
      return false;
    case TargetShape::relative_growth:
      return true;
    default:
      return t.direction == Direction::at_least;
  }
}

std::string compared_name(const Target& t, std::size_t variant, std::optional<int> base_year) {
  const TargetKindInfo& k = kind_info(t.kind);
  return (k.compared_name ? k.compared_name : k.measure_name)(t, variant, base_year);
}

bool has_value_level(const Target& t) {
  const TargetShape shape = kind_info(t.kind).shape;
  return shape != TargetShape::gap && shape != TargetShape::relative_growth;
}

std::optional<ValueLevel> value_level(const Target& t, std::optional<double> base_value) {
  const TargetKindInfo& k = kind_info(t.kind);
  ValueLevel l;
  switch (k.shape) {
    case TargetShape::threshold:
      l.level = t.value;
      if (k.tolerance_is_slack) l.slack = t.tolerance;
      return l;
    case TargetShape::relative_change:
      if (!base_value) return std::nullopt;
      l.level = *base_value * (1.0 + t.value);
      return l;
    case TargetShape::absolute_change:
      if (!base_value) return std::nullopt;
      l.level = *base_value + t.value;
      return l;
    case TargetShape::direction:
      if (!base_value) return std::nullopt;
      l.level = *base_value;
      l.strict = true;
      return l;
    case TargetShape::gap:
    case TargetShape::relative_growth:
      return std::nullopt;
  }
  return std::nullopt;
}

bool meets_level(const Target& t, const ValueLevel& l, double v) {
  const bool up = t.direction == Direction::at_least;
  if (l.strict) return up ? v > l.level : v < l.level;
  return meets(v, t.direction, l.level, l.slack);
}

}  // namespace utsikt
