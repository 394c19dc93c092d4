#include "utsikt/engine/target.hpp"

#include <array>
#include <utility>

namespace utsikt {
namespace {
constexpr std::array<std::pair<TargetKind, std::string_view>, 8> kKinds{{
    {TargetKind::level, "level"},
    {TargetKind::flow, "flow"},
    {TargetKind::change, "change"},
    {TargetKind::increase, "increase"},
    {TargetKind::decrease, "decrease"},
    {TargetKind::parity, "parity"},
    {TargetKind::parity_reference, "parity_reference"},
    {TargetKind::faster_growth, "faster_growth"},
}};
}  // namespace

std::string_view to_string(TargetKind k) {
  for (const auto& [kind, name] : kKinds)
    if (kind == k) return name;
  return "level";
}

std::optional<TargetKind> target_kind_from_string(std::string_view s) {
  for (const auto& [kind, name] : kKinds)
    if (name == s) return kind;
  return std::nullopt;
}

}  // namespace utsikt
