// Priors for the year-to-year variability and the drift of short series (docs/methods.md,
// "Priors learned from Swedish panels" and "Peers").
//
// A short series (1-4 values, the regime of most follow-up indicators) cannot estimate how much it
// varies from year to year, nor how uncertain its trend is. utsikt takes both from data:
//  * peers: the same indicator in other regions (an official table with every county, or every
//    series of a pooled `utsikt forecast` input), using only their values up to the forecast
//    origin: empirical Bayes estimates of the noise prior (s0, nu0) and the drift prior (m0, tau);
//  * without (enough) peers: defaults per class of indicator, learned once from the Swedish
//    panels in shared/data/sweden by bench/sweden_priors.py (numbers in bench/sweden_priors.csv);
//  * the class "m3" is the former general default, fitted to the 645 M3 yearly series (no drift
//    prior): used by `utsikt forecast` unless --prior or --pool says otherwise.
// A declared volatility (project key `volatility`) is honoured as the standard deviation it
// states: the noise prior is then that value with so many pseudo-degrees of freedom that the
// data hardly move it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "utsikt/indicator.hpp"
#include "utsikt/series.hpp"

namespace utsikt {

enum class PriorClass { m3, population, flow, emissions, share, rate };

std::string_view to_string(PriorClass c);
// Parses a class name ("population", ...); std::nullopt if unknown.
std::optional<PriorClass> prior_class_from_string(std::string_view name);
// Every class name, for messages and help texts.
std::vector<std::string> prior_class_names();
// The default class of an indicator kind: stock -> population, flow -> flow, share -> share,
// rate -> rate, index -> m3.
PriorClass default_prior_class(IndicatorKind kind);

// A prior on one working scale: sigma^2 ~ Scaled-Inv-chi^2(df, sigma^2) for the one-year noise,
// drift ~ N(drift_mean, drift_sd^2) per year (drift_sd infinite: no drift prior).
struct ShortPrior {
  Scale scale = Scale::log;  // the scale the numbers are on
  double sigma = 0.0518;
  double df = 1.21;
  double drift_mean = 0.0;
  double drift_sd = 1e308;  // "none"
  // Sd per year of changes of the drift during the forecast (0: a fixed drift).
  double drift_change_sd = 0.0;
  // Weight of one own residual degree of freedom against one of the prior's in the noise
  // posterior (ModelInput::own_noise_weight): how much a series' past variability says about its
  // future variability, learned per class from the panel (bench/sweden_priors.py, "own_weight").
  double own_weight = 1.0;
  bool has_drift() const { return drift_sd < 1e300; }
  // What it rests on, for the reason text, e.g. "class 'population' (Swedish counties
  // 1968-2015)" or "20 peers (values up to 2010)".
  std::string source;
  int n_peers = 0;  // peers it was estimated from (0: a class default or a declaration)
};

// The default prior of a class (bench/sweden_priors.csv; m3: tests/reference/prior_m3.R).
ShortPrior class_prior(PriorClass c);

// Pseudo-degrees of freedom given to a declared volatility: the data of a 20-year series move
// it by about 2 % of its value.
inline constexpr double kDeclaredVolatilityDf = 1000.0;

// Fewest usable peers (at least 3 values each up to the origin) for a pooled prior; with fewer
// the class default is used and a diagnostic says so.
inline constexpr int kMinPeers = 3;
// Fewest values (in the window) a peer needs to be used at all: peers printed for the same 2-5
// years as the series measure how regions differed in that period, not how a region varies or
// how its drift changes; in the county backtests their noise gave 60-68 % coverage of 80 %
// intervals, and their drift spread 63-67 %. Such peers are left out (the class default is used,
// and the diagnostic peers_too_few says so).
inline constexpr int kMinPeerValuesForNoise = 6;
// Peers' values older than this many years before the origin are not used (drifts and
// variability of the recent past; bench/sweden_priors.py uses the same window).
inline constexpr int kPeerWindowYears = 15;

// Empirical Bayes prior from peer series (each already on the working scale, values up to and
// including `origin` only; later values are ignored here as well). Per peer j with m_j >= 2
// values in the window (m_j >= 6): drift mu_j = (y_last - y_first) / span_j and the
// gap-normalised residual variance s_j^2 = sum_i (d_i - g_i mu_j)^2 / g_i / (m_j - 2).
// (s0, nu0) maximise the marginal likelihood of the s_j^2 (s_j^2 / s0^2 ~ F(m_j - 2, nu0));
// (m0, tau^2) by the random-effects (DerSimonian-Laird) estimator with sampling variances
// s0^2 / span_j; the drift change omega^2 from the change of drift between the two halves of
// each peer's window (docs/methods.md, "Peers"). Returns std::nullopt when fewer than kMinPeers
// peers have 6 values.
struct PeerSeries {
  std::vector<double> t;  // years, increasing
  std::vector<double> w;  // values on the working scale
};
// `fallback` (the class default) supplies what the peers cannot estimate: the noise prior when
// fewer than kMinPeers peers have 6 values (peers with 2 values still give the drift prior),
// the drift change when fewer than kMinPeers peers have 6 values (two halves of 3), and always
// the own-noise weight (ShortPrior::own_weight: peers' histories do not measure it).
std::optional<ShortPrior> pooled_prior(const std::vector<PeerSeries>& peers, int origin,
                                       Scale scale, const ShortPrior& fallback);

}  // namespace utsikt
