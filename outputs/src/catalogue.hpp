// The message catalogue of the report and the workbook: every technical note that the engine
// states as a code (a Diagnostic's code, a forecast's model, weights and calibration) gets its
// text here, in Swedish and in English, with its parameters. The engine's own English message
// stays the machine-readable record (targets.json); what a reader sees is rendered from the code
// and the parameters in the report's language. Internal to outputs/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"

namespace utsikt::out::detail {

// One entry: a key and its Swedish and English text; {1}, {2}, ... are parameters.
struct CatalogueEntry {
  std::string_view key;
  std::string_view sv;
  std::string_view en;
};
// Every entry (for the tests' word lists: the report in one language must not contain the
// other language's words from here).
const std::vector<CatalogueEntry>& message_catalogue();
// The entry's text in `lang` with {1}, {2}, ... replaced by args (an unknown key is a
// programming error: std::logic_error).
std::string message(std::string_view key, Lang lang, const std::vector<std::string>& args = {});

// A diagnostic as a reader's sentence in `lang`: its code picks the entry, and the parameters
// are taken from the engine's message (numbers, years, series names); where the message does
// not have the expected form, the entry's text without the numbers (never the English message
// in a Swedish report). English reports of unknown codes show the engine's message.
std::string diagnostic_sentence(const Diagnostic& d, Lang lang);
// Diagnostics that are said elsewhere in the report (few data points: a caveat of its own;
// spread calibration: in the model's technical note).
bool diagnostic_shown_elsewhere(const Diagnostic& d);

// The model of a forecast in words ("slumpvandring med drift (logaritmisk skala)"), including the
// derived series' "model" names (sum of groups, stock-flow, driver regression).
std::string model_name(const std::string& model, Lang lang);
// The technical note on how a series was projected (members and weights, the spread
// calibration, the number of points, the prior), rendered from the forecast's fields.
std::string model_note(const RunResult& r, const Indicator& ind, const SeriesResult& sr, Lang lang);
// A data source written by the engine (e.g. "estimate: age structure brought forward to 2024 by
// the cohort model") in `lang`; any other source (the project's own words) unchanged.
std::string source_text(const std::string& source, Lang lang);
// The reason the engine gives for a target it cannot evaluate, in `lang`.
std::string no_data_sentence(const std::string& engine_reason, Lang lang);

}  // namespace utsikt::out::detail
