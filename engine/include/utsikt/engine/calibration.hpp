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
// are mapped to m_h + c_h (Y - m_h) around the per-year median m_h (bench/m3_combine.py,
// "factors on all series"; docs/benchmarks.md). Beyond 6 years c_6 is held.
inline constexpr std::array<double, 6> kPriorSpreadFactors = {0.78, 0.90, 1.04, 1.06, 1.10, 1.06};

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
  std::vector<double> correction;  // d_h (one for all horizons without a pool)
  std::vector<double> factor;      // c_h = max(kMinSpreadFactor, c_prior_h * d)
  std::string source;              // "series backtests", "M3 prior only", ...
  int pooled_series = 0;           // series of the pool the correction borrows from (0: none)
};

// Backtest errors, per origin (begin_origin, then add its errors).
struct BacktestErrors {
  std::vector<std::vector<double>> by_origin;   // |z| of each origin
  std::vector<int> origin_year;                 // last training year of each origin
  std::vector<int> count;                       // errors per horizon (index h - 1)
  std::vector<std::vector<double>> by_horizon;  // |z| per horizon (index h - 1), all origins
  std::vector<std::vector<int>> years_at;       // the origin year of each of by_horizon's
  void begin_origin(int year = 0) {
    by_origin.emplace_back();
    origin_year.push_back(year);
  }
  void add(int years_ahead, double abs_z);  // to the last origin (begins one if none)
};

// Weight of the M3 prior in the batch-level correction, in calendar windows: the pooled log
// correction of horizon h is shrunk towards 0 (the prior) with weight W_h / (W_h +
// kBatchPriorWindows), W_h the number of distinct origin years among the batch's errors at h.
// Series backtested over the same years share their shocks (a recession, a migration wave), so
// evidence about a collection's scale grows with the windows it was seen in, not with the
// series (docs/methods.md, "Pooling across a batch": chosen a priori and checked
// leave-one-category-out on M3, docs/benchmarks.md).
inline constexpr double kBatchPriorWindows = 4.0;

// The correction pooled over a batch of series (or a peer panel), the prior of each series'
// own: per horizon h = 1.. the log correction lambda_h, and the batch's level B (the median
// over the series of their median log origin score) that a series' own score is compared with.
// Empty log_correction: nothing to pool (the M3 prior alone).
struct PooledCalibration {
  std::vector<double> log_correction;  // lambda_h (index h - 1), shrunk towards the prior
  std::vector<int> series_at;          // series with errors at h
  std::vector<int> windows_at;         // W_h: distinct origin years with errors at h
  double level = 0.0;                  // B
  int n_series = 0;                    // series with at least one origin
  int n_origins = 0;                   // origins of those series
};

// The series' median log origin score (the log of pooled_correction's median before the
// shrinkage); 0 without origins.
double median_log_score(const BacktestErrors& e);

// Pools the backtest errors of a batch (in any order of the series: the result does not depend
// on it). lambda_h = W_h / (W_h + prior_windows) * log(median over every error at h of |z| /
// median |Z|) (the median kept >= median |Z| / kMaxAbsZ), for horizons without errors the
// previous lambda; B = the median over the series (with origins) of median_log_score.
PooledCalibration pool_backtests(const std::vector<const BacktestErrors*>& series,
                                 double prior_windows = kBatchPriorWindows);

// The calibration for horizons 1..H from the errors: one correction d from the origins'
// scores (pooled_correction), times the prior factor of each horizon, floored at
// kMinSpreadFactor.
SpreadCalibration calibration_from(const BacktestErrors& e, int H,
                                   double prior_origins = kCalibrationPriorOrigins);

// The same with a pooled correction as the prior (empirical Bayes): per horizon
// d_h = exp(w m + (1 - w) lambda_h), w = k / (k + prior_origins), m the series'
// median_log_score over its k origins (w = 0 without), clamped to [kMinCorrection,
// kMaxCorrection];
// c_h = max(kMinSpreadFactor, prior_h * d_h). With an empty pool: calibration_from(e, H).
SpreadCalibration calibration_from(const BacktestErrors& e, int H, const PooledCalibration& pool,
                                   double prior_origins = kCalibrationPriorOrigins);

}  // namespace utsikt
