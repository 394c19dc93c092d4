// The document's own verdict on a target (Target::reported) as the writers show it: beside
// utsikt's result, with a note where the two differ (reported_difference(), engine/run.hpp).
// One set of texts for the terminal, CSV/JSON, the report and the workbook.
#pragma once

#include <string>

#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/format.hpp"

namespace utsikt::out {

// "uppnått" / "met", "nära" / "near", ...
std::string verdict_label(ReportedVerdict v, Lang lang);
// "uppnått (2022, s. 10): ”… kan därmed anses vara uppnått”"; "" without a verdict.
std::string reported_text(const Target& t, Lang lang);
// The note where the verdict and utsikt's result differ, "" where they agree.
std::string reported_note(const TargetResult& r, const RunOptions& o, Lang lang);

}  // namespace utsikt::out
