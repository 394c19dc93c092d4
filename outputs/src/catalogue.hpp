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

// One entry: a key and its Swedish and English text; {1}, {2}, ... are parameters. args: for
// an entry rendered from a Diagnostic's args, how each is written (one letter per arg: n a
// number the reader's way, y years "2017–2022", m a model's label, p the project's note in
// parentheses, r as it is); scripts/check_catalogue.py reads it.
struct CatalogueEntry {
  std::string_view key;
  std::string_view sv;
  std::string_view en;
  std::string_view args{};
};
// Every entry (for the tests' word lists: the report in one language must not contain the
// other language's words from here).
const std::vector<CatalogueEntry>& message_catalogue();
// The entry's text in `lang` with {1}, {2}, ... replaced by args (an unknown key is a
// programming error: std::logic_error).
std::string message(std::string_view key, Lang lang, const std::vector<std::string>& args = {});

// The catalogue key of a diagnostic: its code, or "code.variant".
std::string diagnostic_key(const Diagnostic& d);
// The entry `key` in `lang` with args in machine form (Diagnostic::args) written the reader's
// way by the entry's kinds (std::logic_error for an unknown key).
std::string rendered(std::string_view key, const std::vector<std::string>& args, Lang lang);
// A diagnostic as a reader's sentence in `lang`, rendered from its code (and variant) and args,
// never from the English message; the series it is about (Diagnostic::series) in front. A code
// without an entry (none of the library's own: scripts/check_catalogue.py) is named in a
// Swedish report; an English one shows the engine's message.
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
// The source of observation i of s in `lang`: one written by the engine (Series::engine_sources,
// e.g. the cohort model's estimate) from its code and args; else the per-observation source,
// else the series' source, in the project's own words.
std::string source_text(const Series& s, std::size_t i, Lang lang);
// Why a target cannot be followed up, in `lang`: the engine's reason from its code and args,
// or the project's own words (a declared no_data).
std::string no_data_sentence(const TargetResult& t, Lang lang);

}  // namespace utsikt::out::detail
