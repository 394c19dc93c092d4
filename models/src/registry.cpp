// The one table of model families: name -> factory. Adding a model is adding a file in models/
// and a row here.
#include <algorithm>
#include <string>
#include <vector>

#include "families.hpp"
#include "utsikt/models/registry.hpp"

namespace utsikt {
namespace {

struct Entry {
  std::string_view name;
  ModelFactory factory;
};

// Rows are added by the model families (see families.hpp).
const std::vector<Entry>& registry() {
  static const std::vector<Entry> table = {
      {"rw", &models::make_rw},
      {"rw_drift", &models::make_rw_drift},
      {"linear", &models::make_linear},
      {"ets_damped", &models::make_ets_damped},
      {"arima", &models::make_arima},
      {"theta", &models::make_theta},
      {"theta_opt", &models::make_theta_opt},
  };
  return table;
}

}  // namespace

std::unique_ptr<Model> make_model(std::string_view name) {
  for (const auto& e : registry())
    if (e.name == name) return e.factory();
  std::string known;
  for (const auto& e : registry()) known += (known.empty() ? "" : ", ") + std::string(e.name);
  throw InputError(Location{"", 0, 0, "model"}, "one of: auto, " + known,
                   "'" + std::string(name) + "'");
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const auto& e : registry()) names.emplace_back(e.name);
  return names;
}

}  // namespace utsikt
