// Data-adaptive spread calibration of `auto`'s combination (docs/methods.md, "Calibration
// that adapts to the data"): rolling-origin backtests inside the training part give normalised
// errors per horizon; their mean absolute value updates the M3-fitted spread factor, shrunk
// towards it by the number of backtest errors. The arithmetic is here (pure functions, unit
// tested against hand-computed values); project_series runs the backtests.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace utsikt {

// M3-fitted spread factors c_h for h = 1..6 years ahead (the prior of the calibration): paths
// are mapped to m_h + c_h (Y - m_h) around the per-year median m_h (bench/m3_combine.py,
// "factors on all series"; docs/benchmarks.md). Beyond 6 years c_6 is held.
inline constexpr std::array<double, 6> kPriorSpreadFactors = {0.78, 0.90, 1.04, 1.06, 1.10, 1.06};

// Weight of the prior in backtest errors: the data correction d_h is the posterior mean of
// (k0 * 1 + sum_i |z_i| / E|Z|) / (k0 + k); k0 = 4 (docs/methods.md: the spread of the true
// correction between series, sd ~0.4, against the sampling sd 0.76 / sqrt(k) of one mean
// absolute normalised error).
inline constexpr double kCalibrationPriorErrors = 4.0;
// The correction d_h is kept within [kMinCorrection, kMaxCorrection], and the final factor
// c_h = prior_h * d_h is never below kMinSpreadFactor: calibration never makes an interval
// narrower than kMinSpreadFactor times the members' own (uncalibrated) mixture's.
inline constexpr double kMinCorrection = 0.75;
inline constexpr double kMaxCorrection = 2.5;
inline constexpr double kMinSpreadFactor = 0.6;
// A normalised error is capped at this many (normal) sd: one outlier moves d_h by at most
// kMaxAbsZ / E|Z| / (k0 + k).
inline constexpr double kMaxAbsZ = 5.0;
// E|Z| for Z ~ N(0, 1), sqrt(2 / pi); z_{0.9} = Phi^{-1}(0.9).
inline constexpr double kMeanAbsNormal = 0.7978845608028654;
inline constexpr double kZ90 = 1.2815515655446004;

// The prior factor for h years ahead (h >= 1; c_6 beyond 6).
double prior_spread_factor(int years_ahead);

// The normalised error of outcome y against a predictive distribution with median m and
// central 80 % interval [lo, hi] (lo <= m <= hi): the factor c that puts y on the edge of
// m + c ([lo, hi] - m), times z_{0.9}, so that it is |Z| when the predictive is a correctly
// scaled normal. Capped at kMaxAbsZ (also for a zero-width side with y off the median).
double normalised_error(double y, double m, double lo, double hi);

// The shrunk data correction from k normalised errors with sum sum_abs_z (k = 0: 1), clamped
// to [kMinCorrection, kMaxCorrection].
double shrunk_correction(double sum_abs_z, int k, double prior_errors = kCalibrationPriorErrors);

// The calibration of one result (per future year h = 1..H).
struct SpreadCalibration {
  std::vector<int> origins;        // last training years of the backtests (may be empty)
  std::vector<int> errors;         // backtest errors behind d_h, per horizon
  std::vector<double> prior;       // c_prior_h
  std::vector<double> correction;  // d_h
  std::vector<double> factor;      // c_h = max(kMinSpreadFactor, c_prior_h * d_h)
  std::string source;              // "series backtests", "M3 prior only", ...
};

// Accumulated backtest errors per horizon (index h - 1).
struct BacktestErrors {
  std::vector<double> sum_abs_z;
  std::vector<int> count;
  void add(int years_ahead, double abs_z);
};

// The calibration for horizons 1..H from the errors: per horizon the shrunk correction; a
// horizon beyond the largest backtested one holds that horizon's correction (with its count).
SpreadCalibration calibration_from(const BacktestErrors& e, int H,
                                   double prior_errors = kCalibrationPriorErrors);

}  // namespace utsikt
