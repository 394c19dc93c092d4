// Helpers of the explorer (serve/src/explorer.cpp): scenario tables as JSON and back as TOML,
// the cache key of component changes, the knobs of the sensitivity view.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "utsikt/engine/project.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::serve::detail {

// Every [[scenario]] table of the project file and its scenario files, as JSON with the TOML
// keys (so the page sends back what the file says), each with "ranges": {intervention id:
// [lo, hi]} (the declared `range`, else default_range) and intervention ids filled in.
nlohmann::json scenario_tables(const Project& project, const ScenarioSet& set);

// A scenario object (the keys of a [[scenario]] table) as the text of a scenario file. Throws
// ApiError (400) for a value JSON has and TOML has not (null), or nesting deeper than 6.
std::string scenario_json_to_toml(const nlohmann::json& scenario);

// The slider range of an intervention without a declared `range`: from 0 to twice the value
// (both ways for a value that can have either sign); percent changes not below -100 %, growth
// multipliers from 0.
std::pair<double, double> default_range(const Intervention& iv);

// The component changes of a scenario, exactly (17 significant digits), as a cache key.
std::string component_key(const Scenario& s);

// One thing the sensitivity view moves: a parameter or an intervention not linked to one.
struct Knob {
  std::string id;
  bool parameter = false;
  std::string indicator;  // intervention: its series; parameter: ""
  double lo = 0.0, hi = 0.0;
};
std::vector<Knob> knobs(const Scenario& s);
// The scenario with the knob's value fixed at v.
Scenario with_knob(const Scenario& s, const Knob& k, double v);

}  // namespace utsikt::serve::detail
