// Text, CSV and JSON for `utsikt compare` and `utsikt targets`. These return text or write files
// atomically; they never print.
#pragma once

#include <string>
#include <vector>

#include "utsikt/outputs/format.hpp"
#include "utsikt/scenarios/realistic.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace utsikt::out {

// Per target (flow: per variant) and scenario: P(met) and the change from the baseline in
// percentage points.
std::string compare_table(const Comparison& c, Lang lang);
std::string compare_csv(const Comparison& c);
std::string compare_json(const Comparison& c);
// Per scenario, every series it changed and every projected year: the baseline's median and the
// scenario's median with its 80 % interval.
std::string compare_projections_csv(const Comparison& c);
// Writes compare.csv, compare.json and compare_projections.csv into dir; returns the paths.
std::vector<std::string> write_compare_outputs(const Comparison& c, const std::string& dir);

std::string realistic_table(const RealisticReport& r, Lang lang);
std::string realistic_csv(const RealisticReport& r);
std::string levers_csv(const RealisticReport& r);
std::string realistic_json(const RealisticReport& r);
// Writes targets_realistic.csv, levers.csv and targets_realistic.json into dir.
std::vector<std::string> write_realistic_outputs(const RealisticReport& r, const std::string& dir);

// `utsikt targets --year`: per series (and scenario), the value reached with probability p in
// each year ("≥ 245 000" where higher is better, "≤ 30,1" where lower is, both for neutral).
std::string reached_table(const Project& project, const std::vector<ReachedValue>& v, double p,
                          Lang lang);
std::string reached_csv(const std::vector<ReachedValue>& v, double p);

}  // namespace utsikt::out
