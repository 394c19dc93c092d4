// Targets and their probability of being met, computed over simulated paths.
//
// A target is evaluated on a joint sample: for every path p, the values of every series it
// involves in every year it needs (observed years take the observed value, future years the
// simulated one). P(met) is the share of paths that meet it; its Monte-Carlo standard error is
// sqrt(P (1 - P) / n_paths).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace utsikt {

enum class TargetKind {
  level,     // value in `year` op `value`                     (>= 260 000 inhabitants 2030)
  flow,      // every year AND on average over [from, to], op `value` (>= 1 500 homes/yr)
  change,    // value(year) / value(base_year) - 1 op `change`  (-70 % vs 2010: <= -0.70)
  increase,  // value(year) > value(base_year)   (base_year defaults to the latest observation)
  decrease,  // value(year) < value(base_year)
  parity,    // |value(group a) - value(group b)| <= tolerance in `year`
  parity_reference,  // |value - reference value| <= tolerance in `year` (share = national share)
  faster_growth,     // value(year)/value(base) > reference(year)/reference(base)
  absolute_change    // value(year) - value(base_year) op `value`   (+650 inhabitants from 2023)
};

std::string_view to_string(TargetKind k);
std::optional<TargetKind> target_kind_from_string(std::string_view s);

enum class Direction { at_least, at_most };  // ">=" or "<="

// A reference to one series: indicator id and group.
struct SeriesRef {
  std::string indicator;
  std::string group = "total";
  bool operator==(const SeriesRef&) const = default;
};

// The document's own verdict on a target (e.g. the follow-up's "kan därmed anses vara uppnått"),
// recorded beside utsikt's result: [target.reported_assessment] in the project file.
enum class ReportedVerdict {
  met,             // "uppnås", "kan anses vara uppnått"
  near,            // "nära att uppnås"
  not_met,         // "uppnås inte"
  improving,       // a positive development (green arrow, "har ökat")
  unchanged,       // "oförändrat"
  worsening,       // a negative development ("trenden ... är negativ")
  not_followed_up  // "kan inte följas upp"
};
std::string_view to_string(ReportedVerdict v);
std::optional<ReportedVerdict> reported_verdict_from_string(std::string_view s);
std::string reported_verdict_names();  // "met, near, ..." (for messages)

struct ReportedAssessment {
  ReportedVerdict verdict = ReportedVerdict::met;
  int year = 0;        // the year the verdict is about (the document's latest data)
  std::string quote;   // the document's words
  int page = 0;        // the page it is on (0: not given)
  std::string source;  // where else (section, table), optional
};

struct Target {
  std::string id;
  std::string focus_area;        // insatsområde
  std::string goal;              // effektmål
  std::string text_sv, text_en;  // the target as the document words it

  TargetKind kind = TargetKind::level;
  SeriesRef series;  // the series the target is about
  std::optional<SeriesRef>
      other;  // parity: second group; parity_reference/faster_growth: reference
  std::optional<double> reference_value;  // parity_reference with a fixed value instead of a series
  Direction direction = Direction::at_least;
  double value = 0.0;      // level/flow threshold; change: relative change (-0.70)
  double tolerance = 0.0;  // parity tolerance (absolute, in the indicator's unit); level: slack
  int year = 0;            // target year (flow: `to`)
  int from_year = 0;       // flow: first year of the period
  std::optional<int> base_year;  // change/increase/decrease/faster_growth
  std::string no_data_reason;    // non-empty: the target cannot be followed up (as in the document)
  std::string source_note;       // where in the document the target comes from
  std::string focus_area_en, goal_en;          // optional English names (else focus_area, goal)
  std::optional<ReportedAssessment> reported;  // the document's own verdict, if it gives one
};

}  // namespace utsikt
