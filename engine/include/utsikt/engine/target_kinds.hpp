// The table of target kinds: everything that differs between the kinds of target, in one
// place. Per kind: its name in the project file, which [[target]] keys it needs or accepts,
// its family, its result variants, its measure on one simulated path (ONE function, used by
// run_project and by the realistic-target table alike), its verdict, the name of its measure and
// its labels in Swedish and English. The project reader, run_project, the realistic targets, the
// scenario reader and the writers look kinds up here instead of switching on TargetKind.
//
// Adding a target kind touches target.hpp (the enum) and target_kinds.cpp (its row); a kind of a
// new family also needs the writers' presentation of that family (docs/targets.md, "Adding a
// target kind").
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/engine/run.hpp"
#include "utsikt/engine/target.hpp"

namespace utsikt {

// A text in Swedish and English.
struct Bilingual {
  std::string_view sv, en;
  std::string_view in(bool swedish) const { return swedish ? sv : en; }
  bool empty() const { return sv.empty() && en.empty(); }
};

// The family of a kind: what its measure is compared with. The writers and the progress methods
// present a target by its family, so a new kind of an existing family needs no change there.
enum class TargetShape {
  threshold,        // level, flow: the indicator's value against the target's `value`
  relative_change,  // change: value(year) / value(base year) - 1 against `value`
  absolute_change,  // absolute_change: value(year) - value(base year) against `value`
  direction,        // increase, decrease: value(year) - value(base year) against 0, strictly
  gap,              // parity, parity_reference: |value - other value| <= `tolerance`
  relative_growth,  // faster_growth: own growth since the base year against the reference's
};

// The scale of what the reports summarise for a result (how it is formatted).
enum class MeasureScale {
  value,          // the indicator's own unit
  relative,       // a relative change as a fraction (-0.70 is -70 %)
  difference,     // a signed difference in the indicator's unit (percentage points for shares)
  growth_points,  // percentage points of the base value
};

// How a kind treats a key of its [[target]] table.
enum class KeyUse {
  ignored,   // accepted by the reader but not used
  optional,  // read when given
  required,  // must be given (op, value, from, base_year: unless the target declares no_data)
};
// reference_indicator / reference_group / reference_value.
enum class ReferenceUse { none, series_or_value, series_only };
// The base year when the target does not declare one.
enum class BaseDefault { none, latest_observation, first_observation };

// One result of a target: most kinds have one ("" variant), flow has two.
struct TargetVariant {
  std::string_view name;    // "" or, for flow, "every_year" / "average"
  bool reports_value;       // the reports summarise TargetResult::value, else measure_interval
  Bilingual label;          // what the reports call the summarised quantity
  Bilingual label_at_most;  // the same for "<=" targets where it differs (else empty)
};

// The series one target involves, resolved against a run's series (target_series()).
struct TargetSeries {
  const SeriesResult* main = nullptr;     // the target's series (null: not in the run)
  const SeriesResult* other = nullptr;    // parity: the second group; else the reference series
  std::optional<double> reference_value;  // parity_reference against a fixed value
  std::optional<int> base_year;           // declared, or the kind's default (BaseDefault)
  std::vector<int> years;                 // the years the measure needs (flow: from..year)

  // Value of the main / other series in a year on a path (observed, interpolated or simulated;
  // other_value gives the fixed reference value when there is one).
  double value(int year, int path) const;
  double other_value(int year, int path) const;
};

// One path's evaluation of one variant of a target.
struct PathMeasure {
  double value = 0.0;      // the indicator's value in the target year (flow: the period's average)
  double measure = 0.0;    // the target's measure (what TargetResult::measure names)
  bool zero_base = false;  // a relative measure whose base value is 0 on this path: guarded, the
                           // measure is 0 (change: counts as no change; faster_growth: not met)
};

struct TargetKindInfo {
  TargetKind kind;
  std::string_view name;  // in the project file: kind = "level"
  Bilingual label;        // the kind in words ("nivå" / "level")
  TargetShape shape;
  MeasureScale scale;  // of the variants whose reports show the measure

  // Reading [[target]] (engine/src/project.cpp).
  KeyUse op;     // required: the kind compares with `value` in the direction `op`
  KeyUse value;  // the threshold (change: the relative change)
  KeyUse from;   // first year of a period (flow)
  KeyUse base_year;
  KeyUse groups;  // two groups of the indicator (parity)
  ReferenceUse reference;
  std::optional<Direction> direction;  // fixed by the kind (increase: >=, decrease: <=)
  BaseDefault base_default;
  bool tolerance_is_slack;  // `tolerance` loosens the threshold (level); gap: it is the threshold

  std::span<const TargetVariant> variants;

  // Evaluation (see target_measure(), target_met(), measure_name()).
  PathMeasure (*measure)(const Target& t, const TargetSeries& s, std::size_t variant, int path);
  bool (*met)(const Target& t, std::size_t variant, const PathMeasure& m);
  // English name of the measure (TargetResult::measure); base_year as resolved.
  std::string (*measure_name)(const Target& t, std::size_t variant, std::optional<int> base_year);
  // Realistic targets: the name of compared_value() where it differs from the measure (gap:
  // the absolute gap), else null.
  std::string (*compared_name)(const Target& t, std::size_t variant, std::optional<int> base_year);
};

// Every kind, in the order of the TargetKind enum.
std::span<const TargetKindInfo> target_kinds();
const TargetKindInfo& kind_info(TargetKind k);
// "level, flow, change, ..." (for messages).
std::string target_kind_names();

// Index of a variant by name in the kind's variants, or nullopt.
std::optional<std::size_t> variant_index(const TargetKindInfo& k, std::string_view variant);
const TargetVariant& variant_info(const Target& t, std::size_t variant);
// The label of a variant for the target's direction.
Bilingual variant_label(const Target& t, std::size_t variant);

// Resolves the target's series in `series` (null where absent), its base year and years.
TargetSeries target_series(const Target& t, const std::vector<SeriesResult>& series);

// THE per-path measure: the value of the target's measure (and the indicator's value) on one
// path, with relative measures guarded against a zero base (never NaN or inf from a zero base).
// Only call it after the target's years were checked to be available (evaluate_target does).
PathMeasure target_measure(const Target& t, const TargetSeries& s, std::size_t variant, int path);
// The measure of one variant on paths 0..n-1 (a stage of evaluate_target, also used by the
// realistic targets).
std::vector<PathMeasure> target_measures(const Target& t, const TargetSeries& s,
                                         std::size_t variant, int n_paths);
// The verdict: is the target met on a path with this measure (direction, threshold, tolerance)?
bool target_met(const Target& t, std::size_t variant, const PathMeasure& m);
// English name of the measure, e.g. "relative change 2005-2030".
std::string measure_name(const Target& t, std::size_t variant, std::optional<int> base_year);

// What the threshold is compared with, in the verdict's orientation (realistic targets): the
// measure, or its absolute value for gap targets; and whether higher values are better.
double compared_value(const Target& t, const PathMeasure& m);
bool higher_is_better(const Target& t);
std::string compared_name(const Target& t, std::size_t variant, std::optional<int> base_year);

// The level on the indicator's own scale a yearly value must reach (threshold: `value`;
// relative_change: base * (1 + value); direction: the base value, `strict`); nullopt for gap and
// relative_growth targets, or when the base value is needed and not given.
struct ValueLevel {
  double level = 0.0;
  bool strict = false;  // strictly above/below (increase/decrease)
  double slack = 0.0;   // tolerance that loosens it (level)
};
bool has_value_level(const Target& t);
std::optional<ValueLevel> value_level(const Target& t, std::optional<double> base_value);
bool meets_level(const Target& t, const ValueLevel& l, double v);

}  // namespace utsikt
