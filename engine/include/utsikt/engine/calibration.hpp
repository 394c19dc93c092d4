// Data-adaptive spread calibration of `auto`'s combination (docs/methods.md, "Calibration
// that adapts to the data"): rolling-origin backtests inside the training part give normalised
// errors; one robust score per origin, pooled over the origins, updates the M3-fitted spread
// factors, shrunk towards them by the number of origins. The arithmetic is here (pure functions,
// unit tested against hand-computed values); project_series runs the backtests.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace utsikt {

// M3-fitted spread factors c_h for h = 1..6 years ahead (the prior of the calibration): paths
// are mapped to m_h + c_h (Y - m_h) around the per-year median m_h. Fitted on every calendar
// window of the M3 yearly series, not only the published test years: each series cut 0, 6, 12,
// 18 and 24 years before the end of its training part, 6 test values after each cut
// (`bench/calibration_windows.sh` then `bench/calibration_windows.py fit`; docs/benchmarks.md,
// "Calendar windows"). Until issue 13's third round they were fitted on the published test
// years only (0.78, 0.90, 1.04, 1.06, 1.10, 1.06; bench/m3_combine.py), where the rule covered
// 80 % but on the earlier windows 66-76 %. Beyond 6 years c_6 is held.
inline constexpr std::array<double, 6> kPriorSpreadFactors = {0.92, 1.12, 1.15, 1.22, 1.29, 1.37};

// Weight of the prior, in backtest origins: the data correction d is
// exp(k / (k + k0) * median_o log r_o) over the k origins' scores r_o (origin_score); k0 = 6
// (docs/methods.md: the sd of one origin's log score for a calibrated predictive, about 0.9 --
// its errors at several horizons are strongly correlated, nearly one |Z| -- against a spread of
// the true log correction between series of about 0.37: (0.9 / 0.37)^2 = 5.9).
inline constexpr double kCalibrationPriorOrigins = 6.0;
// The correction d is kept within [kMinCorrection, kMaxCorrection], and the final factor
// c_h = prior_h * d is never below kMinSpreadFactor: calibration never makes an interval
// narrower than kMinSpreadFactor times the members' own (uncalibrated) mixture's.
inline constexpr double kMinCorrection = 0.75;
inline constexpr double kMaxCorrection = 2.5;
inline constexpr double kMinSpreadFactor = 0.6;
// A normalised error is capped at this many (normal) sd, an origin's score at
// kMaxAbsZ / kMedianAbsNormal (and its inverse).
inline constexpr double kMaxAbsZ = 5.0;
// E|Z| for Z ~ N(0, 1), sqrt(2 / pi); median |Z| = Phi^{-1}(0.75); z_{0.9} = Phi^{-1}(0.9).
inline constexpr double kMeanAbsNormal = 0.7978845608028654;
inline constexpr double kMedianAbsNormal = 0.6744897501960817;
inline constexpr double kZ90 = 1.2815515655446004;

// The prior factor for h years ahead (h >= 1; c_6 beyond 6).
double prior_spread_factor(int years_ahead);

// The normalised error of outcome y against a predictive distribution with median m and
// central 80 % interval [lo, hi] (lo <= m <= hi): the factor c that puts y on the edge of
// m + c ([lo, hi] - m), times z_{0.9}, so that it is |Z| when the predictive is a correctly
// scaled normal. Capped at kMaxAbsZ (also for a zero-width side with y off the median).
double normalised_error(double y, double m, double lo, double hi);

// The score of one backtest origin from its normalised errors (at any horizons; they are one
// piece of evidence about the scale): median |z| / median |Z|, kept within
// [1 / r_max, r_max] with r_max = kMaxAbsZ / median |Z| (an origin of zero errors counts as
// much as one of capped errors). Empty: 1.
double origin_score(std::vector<double> abs_z);

// The pooled data correction from the scores r_o of k origins: the median of log r_o (the mean
// of the middle two for even k), shrunk towards 0 with weight k / (k + prior_origins), exp'd,
// clamped to [kMinCorrection, kMaxCorrection]. No origins: 1.
double pooled_correction(std::vector<double> scores,
                         double prior_origins = kCalibrationPriorOrigins);

// The calibration of one result (per future year h = 1..H).
struct SpreadCalibration {
  std::vector<int> origins;        // last training years of the backtests (may be empty)
  std::vector<int> errors;         // backtest errors at h years ahead (all origins)
  std::vector<double> prior;       // c_prior_h
  std::vector<double> correction;  // d (one for all horizons, from all origins)
  std::vector<double> factor;      // c_h = max(kMinSpreadFactor, c_prior_h * d)
  std::string source;              // "series backtests", "M3 prior only", ...
};

// Backtest errors, per origin (begin_origin, then add its errors).
struct BacktestErrors {
  std::vector<std::vector<double>> by_origin;  // |z| of each origin
  std::vector<int> count;                      // errors per horizon (index h - 1)
  void begin_origin() { by_origin.emplace_back(); }
  void add(int years_ahead, double abs_z);  // to the last origin (begins one if none)
};

// The calibration for horizons 1..H from the errors: one correction d from the origins'
// scores (pooled_correction), times the prior factor of each horizon, floored at
// kMinSpreadFactor.
SpreadCalibration calibration_from(const BacktestErrors& e, int H,
                                   double prior_origins = kCalibrationPriorOrigins);

}  // namespace utsikt
