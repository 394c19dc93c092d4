// The one table of model families: name, factory, labels and their place in `auto`. Adding a
// model is adding a file in models/ and a row here.
#include "utsikt/models/registry.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "families.hpp"

namespace utsikt {

int AutoMembership::position(AutoRule r) const {
  switch (r) {
    case AutoRule::one_point:
      return one_point;
    case AutoRule::two_points:
      return two_points;
    case AutoRule::short_series:
      return short_series;
    case AutoRule::short_with_prior:
      return short_with_prior;
    case AutoRule::combination:
      return combination;
    case AutoRule::combination_log:
      return combination_log;
    case AutoRule::fallback:
      return fallback;
  }
  return 0;
}

// Rows are added by the model families (see families.hpp).
const std::vector<ModelInfo>& model_registry() {
  static const std::vector<ModelInfo> table = {
      {.name = "rw",
       .factory = &models::make_rw,
       .label_sv = "slumpvandring",
       .label_en = "random walk",
       .in_auto = {.one_point = 1, .fallback = 1}},
      {.name = "rw_drift",
       .factory = &models::make_rw_drift,
       .label_sv = "slumpvandring med drift",
       .label_en = "random walk with drift",
       .in_auto = {.two_points = 1, .short_series = 1, .short_with_prior = 1, .combination = 3}},
      {.name = "linear",
       .factory = &models::make_linear,
       .label_sv = "linjär trend",
       .label_en = "linear trend",
       .in_auto = {.short_series = 2}},
      {.name = "ets_damped",
       .factory = &models::make_ets_damped,
       .label_sv = "exponentiell utjämning med dämpad trend",
       .label_en = "exponential smoothing with damped trend",
       .in_auto = {}},
      {.name = "arima",
       .factory = &models::make_arima,
       .label_sv = "ARIMA (automatiskt vald ordning)",
       .label_en = "ARIMA (automatic order)",
       .in_auto = {.combination = 2}},
      {.name = "theta",
       .factory = &models::make_theta,
       .label_sv = "Theta-metoden",
       .label_en = "the Theta method",
       .in_auto = {.combination = 1, .combination_log = 1}},
      {.name = "theta_opt",
       .factory = &models::make_theta_opt,
       .label_sv = "optimerad Theta-metod",
       .label_en = "optimised Theta method",
       .in_auto = {}},
  };
  return table;
}

const ModelInfo* find_model(std::string_view name) {
  for (const ModelInfo& m : model_registry())
    if (m.name == name) return &m;
  return nullptr;
}

std::unique_ptr<Model> make_model(std::string_view name) {
  if (const ModelInfo* m = find_model(name)) return m->factory();
  throw InputError(Location{"", 0, 0, "model"}, "one of: " + method_list(),
                   "'" + std::string(name) + "'");
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const ModelInfo& m : model_registry()) names.emplace_back(m.name);
  return names;
}

std::string method_list() {
  std::string s = "auto";
  for (const ModelInfo& m : model_registry()) s += ", " + std::string(m.name);
  return s;
}

bool is_method(std::string_view method) { return method == "auto" || find_model(method); }

std::vector<std::string> auto_members(AutoRule rule) {
  std::vector<std::pair<int, std::string>> ranked;
  for (const ModelInfo& m : model_registry())
    if (const int p = m.in_auto.position(rule); p > 0) ranked.emplace_back(p, std::string(m.name));
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> names;
  for (auto& [p, n] : ranked) names.push_back(std::move(n));
  return names;
}

}  // namespace utsikt
