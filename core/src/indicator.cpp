#include "utsikt/indicator.hpp"

#include <array>
#include <utility>

namespace utsikt {
namespace {
constexpr std::array<std::pair<IndicatorKind, std::string_view>, 5> kKinds{{
    {IndicatorKind::stock, "stock"},
    {IndicatorKind::flow, "flow"},
    {IndicatorKind::share, "share"},
    {IndicatorKind::rate, "rate"},
    {IndicatorKind::index, "index"},
}};
}  // namespace

std::string_view to_string(IndicatorKind k) {
  for (const auto& [kind, name] : kKinds)
    if (kind == k) return name;
  return "rate";
}

std::optional<IndicatorKind> indicator_kind_from_string(std::string_view s) {
  for (const auto& [kind, name] : kKinds)
    if (name == s) return kind;
  return std::nullopt;
}

std::string_view to_string(Scale s) {
  switch (s) {
    case Scale::identity:
      return "identity";
    case Scale::log:
      return "log";
    case Scale::logit:
      return "logit";
  }
  return "identity";
}

}  // namespace utsikt
