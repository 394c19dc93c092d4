// Factory functions of the model families (one .cpp per family in models/).
// Internal header: use make_model() from utsikt/model.hpp outside models/.
#pragma once

#include <memory>

#include "utsikt/model.hpp"

namespace utsikt::models {

// Each family adds its factory here and one row to the table in registry.cpp.
std::unique_ptr<Model> make_rw();          // random_walk.cpp: random walk without drift
std::unique_ptr<Model> make_rw_drift();    // random_walk.cpp: random walk with drift
std::unique_ptr<Model> make_linear();      // linear.cpp: linear trend by OLS
std::unique_ptr<Model> make_ets_damped();  // ets_damped.cpp: ETS(A,Ad,N) by maximum likelihood

// --- time-series families (branch timeseries): arima.cpp, theta.cpp ---
std::unique_ptr<Model> make_arima();      // automatic ARIMA (Hyndman-Khandakar stepwise)
std::unique_ptr<Model> make_theta();      // Theta method as forecast::thetaf
std::unique_ptr<Model> make_theta_opt();  // optimised Theta method (OTM)

}  // namespace utsikt::models
