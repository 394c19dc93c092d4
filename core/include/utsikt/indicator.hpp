// What kind of quantity an indicator is; decides the working scale and the bounds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace utsikt {

enum class IndicatorKind {
  stock,  // a level that accumulates: population, emissions stock-like totals (>= 0)
  flow,   // an amount per year: homes completed, new firms (>= 0)
  share,  // a share in percent, bounded [lower, upper] (default 0..100): modelled on logit scale
  rate,   // a rate or ratio without natural upper bound (sick-days per person, kr per person)
  index   // an index (2005 = 100), positive
};

std::string_view to_string(IndicatorKind k);
std::optional<IndicatorKind> indicator_kind_from_string(std::string_view s);

// The working scale on which models are fitted.
enum class Scale { identity, log, logit };
std::string_view to_string(Scale s);

// Bounds of a quantity. For shares both are set; for positive quantities lower = 0.
struct Bounds {
  std::optional<double> lower;
  std::optional<double> upper;
};

}  // namespace utsikt
