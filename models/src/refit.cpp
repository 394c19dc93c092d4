// utsikt/models/refit.hpp
#include "utsikt/models/refit.hpp"

#include "arima.hpp"
#include "utsikt/models/registry.hpp"

namespace utsikt {

std::unique_ptr<Model> same_structure(const Model& fitted) {
  if (const auto* a = dynamic_cast<const models::ArimaModel*>(&fitted))
    return std::make_unique<models::ArimaModel>(a->order());
  return make_model(fitted.name());
}

}  // namespace utsikt
