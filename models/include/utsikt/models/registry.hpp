// The model registry: the only list of model names (docs/architecture.md, "Add a model"). Every
// other place that needs to know the families reads this table: the labels in the outputs
// (outputs/src/format.cpp, model_label), the members of `auto` (engine/src/forecast.cpp), the
// check of a `method` (project files, `utsikt forecast --method`).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/model.hpp"

namespace utsikt {

using ModelFactory = std::unique_ptr<Model> (*)();

// The rules of the automatic choice `auto` (docs/methods.md, "Models and automatic choice",
// "Short series"); which rule applies depends on the number of observations.
enum class AutoRule {
  one_point,         // 1 observation: the only model
  two_points,        // 2 observations: the only model
  short_series,      // 3 or 4 observations: equal-weight combination
  short_with_prior,  // 1-4 observations with a drift prior (Swedish classes, peers): the only
                     // model
  combination,       // 5 or more: the calibrated equal-weight combination on the identity scale
                     // (a share: on the logit scale)
  combination_log,   // 5 or more, a kind with a log scale: members on the log scale, before the
                     // identity-scale ones (a share has none: its combination is on the logit
                     // scale)
  fallback           // no member of the calibrated combination could be fitted
};

// A family's place in each rule of `auto`: its position among the rule's members (1 = first),
// 0 = not a member. Members are weighted equally; their order decides which paths each draws,
// so it is part of the reproducible output.
struct AutoMembership {
  int one_point = 0;
  int two_points = 0;
  int short_series = 0;
  int short_with_prior = 0;
  int combination = 0;
  int combination_log = 0;
  int fallback = 0;

  int position(AutoRule r) const;
};

// One row of the registry.
struct ModelInfo {
  std::string_view name;  // registry name, e.g. "rw_drift"; Model::name() returns it
  ModelFactory factory;
  std::string_view label_sv;  // in words, for the outputs: "slumpvandring med drift"
  std::string_view label_en;  // "random walk with drift"
  AutoMembership in_auto;     // its members of `auto`
};

// The registry, in registry order.
const std::vector<ModelInfo>& model_registry();
// The row of a registry name, or nullptr.
const ModelInfo* find_model(std::string_view name);

// Creates a model by registry name; throws InputError (field "model") for an unknown name,
// listing the known ones.
std::unique_ptr<Model> make_model(std::string_view name);
// All registered names, in registry order.
std::vector<std::string> model_names();
// What a method may be, for messages: "auto, rw, rw_drift, linear, ...".
std::string method_list();
// Whether `method` is "auto" or a registry name.
bool is_method(std::string_view method);
// The members of a rule of `auto`, in their order.
std::vector<std::string> auto_members(AutoRule rule);

}  // namespace utsikt
