// Projecting one observed series: choose (or combine) models, simulate sample paths.
//
// This is the single entry point from "a Series and what kind of quantity it is" to "a matrix
// of simulated future values on the original scale", used by `utsikt run` (via the project
// pipeline) and by `utsikt forecast` (many series from a long CSV).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "utsikt/engine/calibration.hpp"
#include "utsikt/engine/options.hpp"
#include "utsikt/engine/priors.hpp"
#include "utsikt/error.hpp"
#include "utsikt/indicator.hpp"
#include "utsikt/series.hpp"

namespace utsikt {

// Largest amount of memory the simulated paths may take (n_paths x horizon x 8 bytes, summed
// over all series of a run): 2 GiB. Requests above it are refused with an InputError that says
// how many paths would fit, instead of exhausting the machine.
inline constexpr double kMaxPathBytes = 2.0 * 1024 * 1024 * 1024;

// Defaults and bounds of paths, seed and threads: the run-option table (utsikt/engine/options.hpp).
struct ForecastOptions {
  // "auto" (selection/combination, see docs/methods.md) or a registry name from
  // utsikt/models/registry.hpp.
  std::string method = "auto";
  int n_paths = static_cast<int>(run_option(RunOption::paths).default_value);
  std::uint64_t seed = static_cast<std::uint64_t>(run_option(RunOption::seed).default_value);
  // Worker threads, 0 = all cores; results are identical for any value.
  int threads = static_cast<int>(run_option(RunOption::threads).default_value);
  // false: `auto`'s combination without its spread calibration (the members' own mixture; no
  // backtests), for tests and benchmarks that compare the two.
  bool calibrate = true;

  // Throws InputError naming the option ("method", "paths", "threads"), what it must be and the
  // value given.
  void check() const;
};

// What the series is, so the projection can pick the working scale and respect bounds.
struct SeriesSpec {
  SeriesSpec() = default;
  SeriesSpec(IndicatorKind k, Bounds b, std::optional<double> vol = std::nullopt)
      : kind(k), bounds(b), volatility(vol) {}
  IndicatorKind kind = IndicatorKind::rate;
  Bounds bounds;  // optional lower/upper bounds on the original scale
  // Prior typical year-to-year relative variation (sd of one-year log changes), from domain
  // knowledge about the indicator (project key `volatility`). Replaces the M3-derived default
  // prior scale for the noise; matters most for series of 1-4 points. Must be > 0.
  std::optional<double> volatility;
  // Class of the default prior for short series (utsikt/engine/priors.hpp); std::nullopt: the
  // kind's default (default_prior_class). `utsikt forecast` uses "m3" unless --prior is given.
  std::optional<PriorClass> prior_class;
  // Peers: the same indicator in other regions, on the original scale. Only their values up to
  // the series' last observed year are used. With at least kMinPeers usable peers the prior of a
  // short series is estimated from them (empirical Bayes); otherwise the class default is used.
  const std::vector<Series>* peers = nullptr;
  // A prior already estimated by the caller (e.g. once for a large pooled panel with
  // peer_prior()); takes precedence over peers and the class default.
  std::optional<ShortPrior> prior;
};

// The empirical Bayes prior from peers (priors.hpp, pooled_prior) on the working scale that
// project_series uses for a series of this spec (log for positive kinds, logit for shares,
// identity otherwise); only peer values up to `origin` are used, and values outside that scale's
// domain are skipped. std::nullopt with fewer than kMinPeers usable peers.
std::optional<ShortPrior> peer_prior(const std::vector<const Series*>& peers, int origin,
                                     const SeriesSpec& spec);

struct ModelWeight {
  std::string model;    // registry name, possibly with scale, e.g. "linear(log)"
  double weight = 0.0;  // share of paths drawn from this model
  // The fitted model's describe() on its working scale, e.g. "drift=0.012 sigma=0.031".
  std::string parameters;
};

struct SeriesForecast {
  std::vector<int> years;  // future years: last observed year + 1 .. to_year
  int n_paths = 0;
  // paths[p * years.size() + h]: path p at years[h], ORIGINAL scale, always finite and within
  // bounds.
  std::vector<double> paths;
  std::vector<double> point;         // point forecast per year, original scale
  std::string model;                 // chosen model, or "combination" for a mixture
  std::string scale;                 // working scale used ("identity", "log", "logit"; "mixed" when
                                     // a combination uses several)
  std::vector<ModelWeight> weights;  // mixture weights (one entry with 1.0 if a single model)
  std::string reason;                // why this model/combination was chosen (English)
  // The same as codes, for texts in other languages (never parse `reason`): how the model was
  // chosen ("calibrated": auto's calibrated combination; "short_series": the automatic rule for
  // short series or its fallback; "requested": the project's method; empty: the cohort model or
  // a derived series, whose `model` says it) and the peers pooled into the prior (0: none).
  std::string reason_code;
  int prior_peers = 0;
  std::vector<Diagnostic> diagnostics;  // few data points, fallbacks, non-convergence ...
  // The spread calibration of `auto`'s combination (empty otherwise): backtest origins, errors,
  // prior factor, data correction and factor per year ahead (docs/methods.md, "Calibration that
  // adapts to the data"); also an info diagnostic "spread_calibration".
  SpreadCalibration calibration;

  double at(int path, int h) const {
    return paths[static_cast<std::size_t>(path) * years.size() + h];
  }
  // Empirical quantile (type 7, as R's default) of the paths at horizon index h.
  double quantile(int h, double q) const;
};

// Projects series s to to_year (> last observed year). stream_id separates the random streams
// of different series under the same seed (derive it with stable_hash of indicator/group).
// Throws InputError for an empty series, a to_year not after the last observation, invalid
// options, values outside the bounds of the kind, or paths that would need more than
// kMaxPathBytes.
SeriesForecast project_series(const Series& s, const SeriesSpec& spec, int to_year,
                              const ForecastOptions& opt, std::uint64_t stream_id);

}  // namespace utsikt
