// Refitting a fitted model on part of its series with the structure its own fit chose (the
// rolling-origin backtests of `auto`'s calibration, docs/methods.md "Calibration that adapts to
// the data", "Cost"): the structure search is the expensive part of a fit and is not what the
// backtests measure, the spread of the refitted model is.
#pragma once

#include <memory>

#include "utsikt/model.hpp"

namespace utsikt {

// An unfitted model of the same family as `fitted` whose structure is fixed to the one fitted's
// fit chose: ARIMA at its chosen order (p, d, q, constant); families without a structure search
// (theta, rw_drift, ...): a new model of the family, as make_model(fitted.name()).
std::unique_ptr<Model> same_structure(const Model& fitted);

}  // namespace utsikt
