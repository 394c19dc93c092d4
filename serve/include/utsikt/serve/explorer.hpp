// The what-if explorer behind `utsikt serve` (docs/serve.md): the JSON API as plain functions
// from a request body to a response, so that it is tested without a network and the HTTP server
// (server.hpp) only routes.
//
// The project is fitted once (run_project, given to the constructor); every request applies a
// scenario to copies of the cached baseline paths (apply_scenario, common random numbers), so a
// scenario evaluated here and the same scenario saved as TOML and read by `utsikt compare` give
// the same numbers. Interventions that re-simulate a cohort model (migrants, fertility,
// life_expectancy, jobs) are the slow part; their result is cached by the component changes, so
// moving any other value does not simulate the population again.
//
// Every input is validated: a bad request is an ApiError (HTTP 400) naming the field, never a
// crash; the scenario inside a request is read by the same reader as a scenario file
// (parse_scenarios), so its messages and checks are those of the CLI.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::serve {

// A request the API refuses: status (400, 404, 413, ...), the field at fault ("" if none) and a
// sentence saying what was expected and what was found.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string field, const std::string& message)
      : std::runtime_error(message), status_(status), field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& field() const { return field_; }

 private:
  int status_;
  std::string field_;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::string filename;  // non-empty: offered as a download with this name
};

// The JSON body of an ApiError: {"error": {"status", "field", "message"}}.
std::string error_json(const ApiError& e);

class Explorer {
 public:
  // `baseline` must come from run_project(project, ...); `project` must outlive the explorer.
  Explorer(const Project& project, RunResult baseline, ScenarioSet set);

  // GET /api/project: targets, indicators, scenarios with their parameters, interventions and
  // ranges, and the baseline's P(met).
  Response project_info() const;
  // POST /api/evaluate: {"scenario": {...}, "focus": "indicator/group", "target": "id",
  // "probability": 0.8} -> P(met) per target with the change from the baseline, quantiles of
  // the focus series and of every changed series per year, the value reached with the asked
  // probability and the first year reached for the chosen target.
  Response evaluate(const std::string& body);
  // POST /api/sensitivity: {"scenario": {...}, "target": "id"} -> for every intervention and
  // parameter, P(met) of the target with it at the low and the high end of its range.
  Response sensitivity(const std::string& body);
  // POST /api/scenario.toml: the scenario as a scenario file for `utsikt compare`.
  Response scenario_toml(const std::string& body);
  // POST /api/report: the HTML report of the baseline and the scenario.
  Response report(const std::string& body);

  const RunResult& baseline() const { return base_; }

 private:
  struct Request;
  Request parse(const std::string& body, bool need_scenario) const;
  // Applies the scenario to work_ (restoring what the previous scenario changed first); returns
  // the indices of the series that now differ from the baseline.
  const std::set<std::size_t>& apply(const Scenario& s);
  std::vector<TargetResult> targets_now() const;
  double probability_now(const std::string& target, const std::string& variant) const;

  const Project& project_;
  RunResult base_;
  ScenarioSet set_;
  std::mutex mutex_;                // one evaluation at a time (work_, the cache)
  std::vector<SeriesResult> work_;  // the baseline's series with the current scenario applied
  std::set<std::size_t> dirty_;     // the series of work_ that differ from the baseline's
  // The series a cohort model's component changes produced (the slow part), and the bands of
  // each, keyed by the changes.
  struct Stage {
    std::map<std::size_t, SeriesResult> series;
    std::map<std::size_t, nlohmann::json> bands;  // computed when first asked
  };
  std::map<std::string, std::shared_ptr<Stage>> cohort_cache_;
  std::vector<std::string> cache_order_;
  std::string stage_key_;             // the component changes now in work_ ("" none)
  std::shared_ptr<Stage> stage_;      // their series (nullptr: none)
  std::set<std::size_t> rest_dirty_;  // series changed after the component stage
  std::map<std::size_t, nlohmann::json> base_bands_;  // of the baseline's series, when asked
  nlohmann::json fresh_bands_;
  const nlohmann::json& bands_of(std::size_t i);  // quantiles per year of work_[i]
  const nlohmann::json& base_bands_of(std::size_t i);
};

}  // namespace utsikt::serve
