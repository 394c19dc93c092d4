// The model registry: the only list of model names (docs/architecture.md, "Add a model").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/model.hpp"

namespace utsikt {

using ModelFactory = std::unique_ptr<Model> (*)();

// Creates a model by registry name; throws InputError (field "model") for an unknown name,
// listing the known ones.
std::unique_ptr<Model> make_model(std::string_view name);
// All registered names, in registry order.
std::vector<std::string> model_names();

}  // namespace utsikt
