#!/usr/bin/env python3
"""Per-class priors for short series, learned from Swedish county panels (issue 11).

usage: bench/sweden_priors.py [--data DIR] [--out bench/sweden_priors.csv] [--until YEAR]
                              [--pattern 0,5,10|span] [--check] [--sensitivity]

Model of a short series on its working scale w (log, logit of a percentage, identity): the
increment over a gap of g years is d ~ N(g mu, g sigma^2), with the priors
    sigma^2 ~ Scaled-Inv-chi^2(nu0, s0^2),   mu ~ N(m0, tau^2).
For each class of indicator this script estimates (s0, nu0, m0, tau) from a panel of peer series
(21 counties x one or more indicators) cut into windows with the spacing of the use: the years
(a, a+5, a+10) for every a (yearly panels), three consecutive published years (emissions)
(docs/methods.md, "Priors learned from Swedish panels"):

  per series j and window k (>= 2 points): T = span in years, mu_hat = (w_last - w_first) / T
  (the GLS drift, weights 1/g); with >= 3 points also SSE = sum (d_i - g_i mu_hat)^2 / g_i,
  df = m - 1 (m increments) and S = SSE / df.
  (s0, nu0): maximum likelihood of the marginal of S: S / s0^2 ~ F(df, nu0) (S | sigma^2 is
  sigma^2 chi2(df) / df, and sigma^2 = nu0 s0^2 / chi2(nu0)).
  (m0, tau): REML in mu_hat ~ N(m0, tau^2 + v), v = E[sigma^2 | S] / T under the fitted
  sigma prior (the sampling variance of the drift).
  own_weight (w): how much a series' own residuals say about its future noise. For every pair
  of windows of one series where the second starts at the last year of the first (the past a
  short series has, and the future it is projected into), S_F given S_P under the power-prior
  posterior sigma^2 ~ Scaled-Inv-chi^2(nu0 + w df_P, (nu0 s0^2 + w df_P S_P) / (nu0 + w df_P))
  is S_F / scale ~ F(df_F, nu0 + w df_P); w maximises the sum of these log densities over
  w = 0, 0.01, ..., 1 (1 = the usual posterior; 0 = own residuals ignored).

estimate_prior() is the estimator for any pooled panel (the one `utsikt forecast --pool` ports).
Python standard library only; deterministic (fixed optimiser start, fixed simulation seeds).
Writes --out (class,scale,s0,nu0,m0,tau,own_weight,n_series,n_increments,source) and prints
it with a fit check; --check adds the horizon check (coverage and Brier score of the posterior
predictive of 2-4 point series cut from the same panels), --sensitivity the estimates for other
windows.
"""
import argparse
import csv
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweden_data as sd  # noqa: E402

# The M3-derived prior that utsikt uses today for every short series (engine/src/forecast.cpp).
M3_S0, M3_NU0 = 0.0518, 1.21

NU0_MAX = 1000.0  # the ML of nu0 is capped here (a class whose series all share one sigma)


# ---------------------------------------------------------------------------------------------
# working scales

def forward(scale, v):
    if scale == "log":
        return math.log(v)
    if scale == "logit":  # percent, 0..100
        return math.log(v / (100.0 - v))
    return v


# ---------------------------------------------------------------------------------------------
# the estimator (portable: only sums, lgamma and a 2-parameter Nelder-Mead)

def window_stats(points):
    """points: [(t, w)] sorted by t, >= 2 of them. Returns (T, mu_hat, SSE, df)."""
    t0, w0 = points[0]
    t1, w1 = points[-1]
    T = t1 - t0
    mu = (w1 - w0) / T
    sse = 0.0
    for (ta, wa), (tb, wb) in zip(points, points[1:]):
        g = tb - ta
        sse += (wb - wa - g * mu) ** 2 / g
    return T, mu, sse, len(points) - 2


def cut_windows(series, windows):
    """series: {year: w}; windows: [tuple of years]. Yields the observed points of every window
    that has at least 2 of its years observed."""
    for years in windows:
        pts = [(t, series[t]) for t in sorted(years) if t in series]
        if len(pts) >= 2:
            yield pts


def f_logpdf(x, d1, d2):
    """log density of F(d1, d2) at x > 0."""
    return (math.lgamma(0.5 * (d1 + d2)) - math.lgamma(0.5 * d1) - math.lgamma(0.5 * d2)
            + 0.5 * d1 * math.log(d1 / d2) + (0.5 * d1 - 1.0) * math.log(x)
            - 0.5 * (d1 + d2) * math.log1p(d1 * x / d2))


def neg_loglik(params, stats):
    """-log L(s0, nu0) of the per-window variances; params = (log s0, log nu0)."""
    ls0, lnu = params
    s02, nu0 = math.exp(2.0 * ls0), min(math.exp(lnu), NU0_MAX)
    total = 0.0
    for S, df in stats:
        total -= f_logpdf(S / s02, df, nu0) - 2.0 * ls0
    return total


def nelder_mead(f, x0, step, iters=400, tol=1e-10):
    """Plain Nelder-Mead (reflection 1, expansion 2, contraction 0.5, shrink 0.5), fixed
    iteration budget: deterministic."""
    n = len(x0)
    simplex = [list(x0)]
    for i in range(n):
        x = list(x0)
        x[i] += step[i]
        simplex.append(x)
    vals = [f(x) for x in simplex]
    for _ in range(iters):
        order = sorted(range(n + 1), key=lambda i: vals[i])
        simplex = [simplex[i] for i in order]
        vals = [vals[i] for i in order]
        if abs(vals[-1] - vals[0]) < tol:
            break
        c = [sum(x[i] for x in simplex[:-1]) / n for i in range(n)]
        xr = [c[i] + (c[i] - simplex[-1][i]) for i in range(n)]
        fr = f(xr)
        if fr < vals[0]:
            xe = [c[i] + 2.0 * (c[i] - simplex[-1][i]) for i in range(n)]
            fe = f(xe)
            simplex[-1], vals[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < vals[-2]:
            simplex[-1], vals[-1] = xr, fr
        else:
            xc = [c[i] + 0.5 * (simplex[-1][i] - c[i]) for i in range(n)]
            fc = f(xc)
            if fc < vals[-1]:
                simplex[-1], vals[-1] = xc, fc
            else:
                for j in range(1, n + 1):
                    simplex[j] = [simplex[0][i] + 0.5 * (simplex[j][i] - simplex[0][i])
                                  for i in range(n)]
                    vals[j] = f(simplex[j])
    best = min(range(n + 1), key=lambda i: vals[i])
    return simplex[best], vals[best]


def fit_sigma_prior(stats):
    """ML of (s0, nu0) from [(S, df)], S > 0, df >= 1: S / s0^2 ~ F(df, nu0).
    Start: s0 = sqrt(median S), nu0 = 4; two restarts from the first optimum."""
    floor = 1e-300
    stats = [(max(S, floor), df) for S, df in stats]
    med = sorted(S for S, _ in stats)[len(stats) // 2]
    x = [0.5 * math.log(med), math.log(4.0)]
    f = lambda p: neg_loglik(p, stats)  # noqa: E731
    for _ in range(3):
        x, fx = nelder_mead(f, x, [0.3, 0.5])
    return math.exp(x[0]), min(math.exp(x[1]), NU0_MAX), -fx


def reml_drift(mus, vs):
    """REML of (m0, tau) in mu_j ~ N(m0, tau^2 + v_j) with known v_j: maximises
    -1/2 [sum log(tau^2 + v_j) + sum (mu_j - m0(tau))^2 / (tau^2 + v_j) + log sum 1/(tau^2 + v_j)]
    with m0(tau) the precision-weighted mean; tau on a grid of 0 and 10^(-6 + k/100),
    k = 0..500, then golden-section refinement in log tau between the neighbours."""
    def crit(tau):
        ws = [1.0 / (tau * tau + v) for v in vs]
        sw = sum(ws)
        m = sum(w * x for w, x in zip(ws, mus)) / sw
        ll = sum(math.log(w) for w in ws) - sum(w * (x - m) ** 2 for w, x in zip(ws, mus))
        return 0.5 * (ll - math.log(sw)), m

    grid = [0.0] + [10.0 ** (-6 + k / 100.0) for k in range(501)]
    vals = [crit(t)[0] for t in grid]
    k = max(range(len(grid)), key=lambda i: vals[i])
    if k == 0:
        return crit(0.0)[1], 0.0
    lo, hi = math.log(grid[max(1, k - 1)]), math.log(grid[min(len(grid) - 1, k + 1)])
    g = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = crit(math.exp(a))[0], crit(math.exp(b))[0]
    for _ in range(60):
        if fa > fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = crit(math.exp(a))[0]
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = crit(math.exp(b))[0]
    tau = math.exp(0.5 * (lo + hi))
    if crit(0.0)[0] > crit(tau)[0]:
        tau = 0.0
    return crit(tau)[1], tau


MIN_VAR_WINDOWS = 5  # fewer window-series with a variance: (s0, nu0) from sigma_prior
MIN_OWN_PAIRS = 5  # fewer (past, future) window pairs: own_weight 1 (no evidence against it)


def own_weight_pairs(panel, windows):
    """[(S_P, df_P, S_F, df_F)] for every series and pair of windows P, F with F[0] == P[-1]
    (the future window starts where the past one ends), both with every year observed and
    df >= 1."""
    pairs = []
    for series in panel:
        stats = {}
        for w in windows:
            if len(w) >= 3 and all(t in series for t in w):
                _, _, sse, df = window_stats([(t, series[t]) for t in w])
                stats[w] = (sse / df, df)
        for P, (sp_, dp) in stats.items():
            for F, (sf, dfu) in stats.items():
                if F[0] == P[-1]:
                    pairs.append((sp_, dp, sf, dfu))
    return pairs


def own_weight_loglik(pairs, s0, nu0, w):
    """Sum over pairs of log p(S_F | S_P) under the power-prior posterior with weight w."""
    total = 0.0
    for sp_, dp, sf, dfu in pairs:
        a = nu0 + w * dp
        scale = (nu0 * s0 * s0 + w * dp * sp_) / a
        total += f_logpdf(max(sf, 1e-300) / scale, dfu, a) - math.log(scale)
    return total


def fit_own_weight(panel, windows, s0, nu0):
    """(w, log-lik at w, log-lik at w = 1, number of pairs); w = 1 with fewer than
    MIN_OWN_PAIRS pairs."""
    pairs = own_weight_pairs(panel, windows)
    if len(pairs) < MIN_OWN_PAIRS:
        return 1.0, float("nan"), float("nan"), len(pairs)
    grid = [k / 100.0 for k in range(101)]
    lls = [own_weight_loglik(pairs, s0, nu0, w) for w in grid]
    k = max(range(len(grid)), key=lambda i: lls[i])
    return grid[k], lls[k], lls[-1], len(pairs)


def estimate_prior(panel, windows, sigma_prior=None):
    """The estimator. panel: list of {year: w} on the working scale (peer series of one class
    or one pooled table); windows: [tuple of years] (the same for every series; a series
    contributes the years of a window that it has; for a pooled table: one window, the
    training years). sigma_prior: (s0, nu0) used when fewer than MIN_VAR_WINDOWS window-series
    have a residual variance (peers with 2 points carry a drift but no variance); then only
    (m0, tau) are estimated. Returns a dict with s0, nu0,
    m0, tau, n_series (series with at least one usable window), n_windows (window-series
    with a drift), n_var (window-series with a variance), n_increments, and the raw
    per-window (S, df, T, mu_hat) lists for diagnostics."""
    var_stats, drifts = [], []
    incs, used = set(), 0
    for j, series in enumerate(panel):
        any_used = False
        for pts in cut_windows(series, windows):
            T, mu, sse, df = window_stats(pts)
            incs.update((j, a[0], b[0]) for a, b in zip(pts, pts[1:]))
            any_used = True
            S = sse / df if df >= 1 else 0.0
            if df >= 1:
                var_stats.append((S, df))
            drifts.append((mu, T, S, df))
        used += any_used
    if len(drifts) < 2:
        raise ValueError("estimate_prior: need at least 2 window-series with 2+ points")
    if len(var_stats) >= MIN_VAR_WINDOWS:
        s0, nu0, ll = fit_sigma_prior(var_stats)
        sigma_source = "panel"
    elif sigma_prior is not None:
        (s0, nu0), ll = sigma_prior, float("nan")
        sigma_source = "fallback"
    else:
        raise ValueError(f"estimate_prior: need {MIN_VAR_WINDOWS} window-series with 3+ points "
                         "or a sigma_prior")
    # drift: random-effects model mu_hat_jk ~ N(m0, tau^2 + v_jk), v_jk = E[sigma_jk^2 | S] / T
    # with the fitted sigma prior (posterior mean (nu0 s0^2 + df S) / (nu0 + df - 2)); (m0, tau)
    # by REML. The method of moments is kept for comparison (it is driven by the noisiest windows).
    vs = []
    for mu, T, S, df in drifts:
        a, b = nu0 * s0 * s0 + (df * S if df else 0.0), nu0 + df
        vs.append((a / (b - 2.0) if b > 2.0 else a / b) / T)
    mus = [d[0] for d in drifts]
    m0, tau = reml_drift(mus, vs)
    mean_mu = sum(mus) / len(mus)
    var_mu = sum((m - mean_mu) ** 2 for m in mus) / (len(mus) - 1)
    noise = sum(vs) / len(vs)
    tau_mom = math.sqrt(max(0.0, var_mu - noise))
    own_w, own_ll, own_ll1, own_pairs = fit_own_weight(panel, windows, s0, nu0)
    return {"s0": s0, "nu0": nu0, "m0": m0, "tau": tau, "loglik": ll,
            "own_weight": own_w, "own_ll": own_ll, "own_ll1": own_ll1, "own_pairs": own_pairs,
            "sigma_source": sigma_source,
            "n_series": used, "n_windows": len(drifts), "n_var": len(var_stats),
            "n_increments": len(incs), "sd_mu_hat": math.sqrt(var_mu),
            "sd_noise": math.sqrt(noise), "tau_mom": tau_mom, "mean_mu": mean_mu,
            "var_stats": var_stats, "drifts": drifts}


def span_windows(first, last, target=12):
    """Every year of [first, last], split into round((last-first)/target) windows of (nearly)
    equal span that share their end years (so their increments are disjoint): the one-year
    estimator."""
    k = max(1, round((last - first) / target))
    cuts = [first + round(i * (last - first) / k) for i in range(k + 1)]
    return [tuple(range(cuts[i], cuts[i + 1] + 1)) for i in range(k)]


def pattern_windows(first, last, offsets):
    """Use-like windows: the years a + o for o in offsets, for every start a with the whole
    pattern inside [first, last] (overlapping windows: a composite likelihood)."""
    return [tuple(a + o for o in offsets) for a in range(first, last - offsets[-1] + 1)]


def describe_windows(windows):
    if all(w == tuple(range(w[0], w[-1] + 1)) for w in windows):
        return "every year in " + ", ".join(f"{w[0]}-{w[-1]}" for w in windows)
    if len(windows) > 4 and len({tuple(t - w[0] for t in w) for w in windows}) == 1:
        offs = tuple(t - windows[0][0] for t in windows[0])
        return (f"years a+{'/a+'.join(str(o) for o in offs)} for a = {windows[0][0]}.."
                f"{windows[-1][0]}")
    return "; ".join("/".join(str(t) for t in w) for w in windows)


# ---------------------------------------------------------------------------------------------
# classes

GHG_YEARS = (1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024)
# Use-like windows for the yearly panels: 2 values 5 years apart and one 5 years later.
DEFAULT_PATTERN = (0, 5, 10)


def ghg_windows(years, pattern):
    """Windows for the published GHG years. pattern None: three consecutive published years
    (1990/2000/2005, ..., 2022/2023/2024), the spacing a follow-up report has; 'span': the three
    blocks 1990-2005, 2005-2015, 2015-2024 with every published year."""
    if pattern == "span":
        return [tuple(y for y in years if a <= y <= b)
                for a, b in ((1990, 2005), (2005, 2015), (2015, 2024))]
    return [tuple(years[i:i + 3]) for i in range(len(years) - 2)]


def load_classes(d, until=None, pattern=DEFAULT_PATTERN, span=12, exclude_region=None):
    """{class: (scale, panel as [{year: w}], windows, source text)}.
    pattern: offsets of the use-like windows of the yearly panels, or 'span' for the one-year
    estimator (every year, windows of about `span` years). exclude_region: a county name as in
    the data files; its series are left out of every panel (leave-one-county-out priors)."""
    cells = sd.population_cells(d)
    pop = sd.population_totals(cells)
    shares = sd.population_shares(cells)
    bir, dea = sd.births(d), sd.deaths(d)
    gas = sd.ghg(d)

    def cut(series_dict, scale):
        out = []
        for key in sorted(series_dict):
            if exclude_region is not None and (
                    key == exclude_region or (isinstance(key, tuple) and exclude_region in key)):
                continue
            s = {t: forward(scale, v) for t, v in series_dict[key].items()
                 if until is None or t <= until}
            out.append(s)
        return out

    def yearly_windows(panel):
        first = min(min(s) for s in panel)
        last = max(max(s) for s in panel)
        if pattern == "span":
            return span_windows(first, last, span)
        return pattern_windows(first, last, pattern)

    classes = {}
    p = cut(pop, "log")
    classes["population"] = (
        "log", p, yearly_windows(p),
        "SCB BE0101N1 county population 31 Dec 1968-2015 (21 counties, summed over age and sex)")
    f = cut({("births", r): v for r, v in bir.items()}, "log") + \
        cut({("deaths", r): v for r, v in dea.items()}, "log")
    classes["flow"] = (
        "log", f, yearly_windows(f),
        "SCB live births and deaths per county and year 1968-2015 (42 series; homes completed, "
        "SCB BO0101, not available offline)")
    e = cut(gas, "log")
    gy = tuple(y for y in GHG_YEARS if until is None or y <= until)
    classes["emissions"] = (
        "log", e, ghg_windows(gy, "span" if pattern == "span" else None),
        "SMHI Nationella emissionsdatabasen, GHG by county 1990-2024 (total without "
        "international transport, transport, rest; 63 series)")
    s = cut(shares, "logit")
    classes["share"] = (
        "logit", s, yearly_windows(s),
        "SCB BE0101N1 shares in % by county 1968-2015: women, women among 17-24, aged 0-19, "
        "20-64, 65+, 80+ (126 series)")
    rb = sd.per_1000(bir, pop)
    rd = sd.per_1000(dea, pop)
    r = cut({("births", k): v for k, v in rb.items()}, "log") + \
        cut({("deaths", k): v for k, v in rd.items()}, "log")
    classes["rate"] = (
        "log", r, yearly_windows(r),
        "SCB births and deaths per 1000 mean inhabitants by county 1969-2015 (42 series)")
    return classes


# ---------------------------------------------------------------------------------------------
# horizon check: posterior predictive of a short series under the model, by grid over sigma^2

def norm_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


class Predictive:
    """Posterior predictive of w(t_n + h) for a short series under the model with hyper-
    parameters (s0, nu0, m0, tau[, own_weight]); tau = None means a flat drift prior (today's
    rw_drift); own_weight < 1 weighs the own residuals down (power prior, as the engine).
    (The drift's own likelihood keeps weight 1.)
    Integrates sigma^2 on a grid of 161 points, log-spaced over s0^2 x 10^(+-5)."""

    def __init__(self, pts, s0, nu0, m0, tau, own_weight=1.0):
        self.wn, self.tn = pts[-1][1], pts[-1][0]
        T, mu_hat, sse, df = window_stats(pts)
        m = len(pts) - 1
        grid = []
        for k in range(161):
            lv = math.log(s0 * s0) + (k - 80) * (5.0 * math.log(10.0) / 80.0)
            v = math.exp(lv)
            # log prior density of v times v (the grid is uniform in log v)
            lp = -(0.5 * nu0) * lv - 0.5 * nu0 * s0 * s0 / v
            # likelihood of the residuals and of the drift estimate, mu integrated out
            ll = own_weight * (-0.5 * (m - 1) * lv - 0.5 * sse / v)
            if tau is None:
                prec, mean = T / v, mu_hat
            else:
                t2 = max(tau * tau, 1e-14)
                vv = t2 + v / T
                ll += -0.5 * math.log(vv) - 0.5 * (mu_hat - m0) ** 2 / vv
                prec = 1.0 / t2 + T / v
                mean = (m0 / t2 + T * mu_hat / v) / prec
            grid.append((lp + ll, v, mean, 1.0 / prec))
        top = max(g[0] for g in grid)
        ws = [math.exp(g[0] - top) for g in grid]
        tot = sum(ws)
        self.comp = [(w / tot, v, mean, vm) for w, (_, v, mean, vm) in zip(ws, grid)
                     if w / tot > 1e-10]

    def cdf(self, h, ws):
        """P(w(t_n + h) <= x) for every x in ws."""
        parts = [(wt, self.wn + h * mean, math.sqrt(h * v + h * h * vm))
                 for wt, v, mean, vm in self.comp]
        return [sum(wt * norm_cdf((x - m) / s_) for wt, m, s_ in parts) for x in ws]


def check_configs(series, kind, max_h):
    """Training-point sets that look like a follow-up report, cut from one series {t: w}.
    yearly: 2 points (T-5, T), 3 points (T-6, T-1, T), 4 points (T-7, T-2, T-1, T);
    irregular (GHG): 2, 3, 4 consecutive published years. Yields (n, train_pts, [(h, w)])."""
    years = sorted(series)
    ys = set(years)
    if kind == "yearly":
        pats = {2: (-5, 0), 3: (-6, -1, 0), 4: (-7, -2, -1, 0)}
        for T in years:
            for n, pat in pats.items():
                tr = [T + o for o in pat]
                if all(t in ys for t in tr):
                    test = [(t - T, series[t]) for t in years if T < t <= T + max_h]
                    if test:
                        yield n, [(t, series[t]) for t in tr], test
    else:
        for i in range(len(years)):
            for n in (2, 3, 4):
                if i - n + 1 < 0:
                    continue
                tr = years[i - n + 1:i + 1]
                T = tr[-1]
                test = [(t - T, series[t]) for t in years if T < t <= T + max_h]
                if test:
                    yield n, [(t, series[t]) for t in tr], test


H_BUCKETS = [(1, 2), (3, 5), (6, 10), (11, 15)]


def inverse(scale, w):
    if scale == "log":
        return math.exp(w)
    if scale == "logit":
        return 100.0 / (1.0 + math.exp(-w))
    return w


KS = (-0.10, -0.05, -0.02, 0.0, 0.02, 0.05, 0.10)  # threshold events as bench/sweden_score.py


def horizon_check(panel, kind, scale, priors, max_h=15):
    """Coverage of the central 80 % / 95 % intervals by number of points and horizon bucket,
    and the Brier score of the events "value > last training value x (1 + k)" (k in KS) with
    P from the predictive (clamped to [0.005, 0.995] as in bench/sweden_score.py), next to the
    straight line through the first and the last training value (P = 0 / 1 / 0.5 at a tie).
    priors: {label: (s0, nu0, m0, tau or None)}. Returns
    {(label, n, bucket): [c80, c95, cnt]} and {(label, n): [sum of squared errors, events]}
    with label 'line' for the line."""
    res, brier = {}, {}
    for series in panel:
        for n, tr, test in check_configs(series, kind, max_h):
            y0, y1 = inverse(scale, tr[0][1]), inverse(scale, tr[-1][1])
            t0, t1 = tr[0][0], tr[-1][0]
            cs = [y1 * (1.0 + k) for k in KS]
            cw = [forward(scale, c) if scale != "logit" or c < 100.0 else None for c in cs]
            for label, hp in priors.items():
                pred = Predictive(tr, *hp)
                bs = brier.setdefault((label, n), [0.0, 0])
                for h, w in test:
                    y = inverse(scale, w)
                    u = pred.cdf(h, [w] + [x for x in cw if x is not None])
                    rest = iter(u[1:])
                    for c, x in zip(cs, cw):
                        p = 0.0 if x is None else 1.0 - next(rest)
                        p = min(0.995, max(0.005, p))
                        bs[0] += (p - (1.0 if y > c else 0.0)) ** 2
                        bs[1] += 1
                    u = u[0]
                    b = next(b for b in H_BUCKETS if b[0] <= h <= b[1])
                    r = res.setdefault((label, n, b), [0, 0, 0])
                    r[0] += 0.1 <= u <= 0.9
                    r[1] += 0.025 <= u <= 0.975
                    r[2] += 1
            bs = brier.setdefault(("line", n), [0.0, 0])
            for h, w in test:
                y = inverse(scale, w)
                f = y0 + (y1 - y0) * (t1 + h - t0) / (t1 - t0)
                for c in cs:
                    p = 1.0 if f > c else 0.0 if f < c else 0.5
                    bs[0] += (p - (1.0 if y > c else 0.0)) ** 2
                    bs[1] += 1
    return res, brier


def implied_quantiles(est, probs=(0.1, 0.5, 0.9), reps=50, seed=11):
    """Quantiles of sqrt(S) implied by the fitted hierarchical model (with the windows' df),
    by simulation with a fixed seed, next to the empirical ones."""
    rng = random.Random(seed)
    sim = []
    for _ in range(reps):
        for _, df in est["var_stats"]:
            sig2 = est["nu0"] * est["s0"] ** 2 / (2.0 * rng.gammavariate(0.5 * est["nu0"], 1.0))
            sim.append(math.sqrt(sig2 * 2.0 * rng.gammavariate(0.5 * df, 1.0) / df))
    emp = sorted(math.sqrt(S) for S, _ in est["var_stats"])
    sim.sort()
    q = lambda v, p: v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))]  # noqa: E731
    return [(p, q(emp, p), q(sim, p)) for p in probs]


def prior_sigma_quantiles(s0, nu0, probs=(0.1, 0.5, 0.9)):
    """Quantiles of sigma under Scaled-Inv-chi^2(nu0, s0^2), by bisection on the chi2 CDF
    (regularised lower incomplete gamma by series)."""
    def gamma_p(a, x):
        if x <= 0:
            return 0.0
        if x < a + 1:
            term = total = 1.0 / a
            k = a
            while abs(term) > 1e-15 * abs(total):
                k += 1
                term *= x / k
                total += term
            return total * math.exp(-x + a * math.log(x) - math.lgamma(a))
        # continued fraction (Lentz)
        b, c, d = x + 1 - a, 1e300, 1.0 / (x + 1 - a)
        h = d
        for i in range(1, 500):
            an = -i * (i - a)
            b += 2
            d = an * d + b
            d = 1e-300 if abs(d) < 1e-300 else d
            c = b + an / c
            c = 1e-300 if abs(c) < 1e-300 else c
            d = 1.0 / d
            h *= d * c
            if abs(d * c - 1) < 1e-15:
                break
        return 1.0 - math.exp(-x + a * math.log(x) - math.lgamma(a)) * h

    out = []
    for p in probs:
        # sigma <= q  <=>  chi2(nu0) >= nu0 s0^2 / q^2 ; P = 1 - P(chi2 < nu0 s0^2/q^2)
        lo, hi = 1e-8, 1e4
        for _ in range(200):
            mid = math.sqrt(lo * hi)
            x = nu0 * s0 * s0 / (mid * mid)
            if 1.0 - gamma_p(0.5 * nu0, 0.5 * x) < p:
                lo = mid
            else:
                hi = mid
        out.append(math.sqrt(lo * hi))
    return out


# ---------------------------------------------------------------------------------------------

def fmt_row(cls, scale, est, source):
    return {"class": cls, "scale": scale, "s0": f"{est['s0']:.4g}", "nu0": f"{est['nu0']:.3g}",
            "m0": f"{est['m0']:.4g}", "tau": f"{est['tau']:.4g}",
            "own_weight": f"{est['own_weight']:.2f}",
            "n_series": est["n_series"], "n_increments": est["n_increments"], "source": source}


def parse_pattern(text):
    if text == "span":
        return "span"
    offs = tuple(int(x) for x in text.split(","))
    if len(offs) < 3 or offs[0] != 0 or any(b <= a for a, b in zip(offs, offs[1:])):
        raise SystemExit("--pattern: increasing offsets from 0 with at least 3 years, or 'span'")
    return offs


def print_check(classes, ests, extra=None):
    print("\n# horizon check: 2-4 point series cut from the same panels (yearly: years T-5,T;"
          " T-6,T-1,T; T-7,T-2,T-1,T; emissions: consecutive published years), every later"
          " year up to 15 years ahead; coverage (%) of the central 80 % / 95 % intervals of the"
          " posterior predictive (n = values). 'class' = (s0, nu0, m0, tau) above; 'M3' ="
          " s0 0.0518, nu0 1.21, flat drift prior (today's rw_drift for 2 points); 'line' ="
          " straight line through the first and last training value. Brier: events 'value >"
          " last x (1+k)', k = -10..+10 %. In-sample for the class prior (fitted on the same"
          " panels).")
    print("| class | points | prior | h 1-2 | h 3-5 | h 6-10 | h 11-15 | Brier (/ line) |")
    print("|---|---:|---|---|---|---|---|---|")
    for cls, (scale, panel, windows, _) in classes.items():
        est = ests[cls]
        kind = "irregular" if cls == "emissions" else "yearly"
        pri = {"class": (est["s0"], est["nu0"], est["m0"], est["tau"], est["own_weight"])}
        if est["own_weight"] < 1.0:
            pri["class, w = 1"] = (est["s0"], est["nu0"], est["m0"], est["tau"])
        for label, e in (extra or {}).get(cls, {}).items():
            pri[label] = (e["s0"], e["nu0"], e["m0"], e["tau"])
        pri["M3"] = (M3_S0, M3_NU0, 0.0, None)
        res, brier = horizon_check(panel, kind, scale, pri)
        for n in (2, 3, 4):
            line = brier[("line", n)][0] / brier[("line", n)][1]
            for label in list(pri) + ["line"]:
                cells = []
                for b in H_BUCKETS:
                    r = res.get((label, n, b))
                    cells.append(f"{100*r[0]/r[2]:.0f} / {100*r[1]/r[2]:.0f} (n={r[2]})"
                                 if r else "-")
                bs = brier[(label, n)][0] / brier[(label, n)][1]
                print(f"| {cls} | {n} | {label} | " + " | ".join(cells) +
                      f" | {bs:.4f} ({bs / line:.2f}) |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="shared/data/sweden (default: ../shared/...)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "sweden_priors.csv"))
    ap.add_argument("--until", type=int, default=None,
                    help="use only years <= UNTIL (for backtests that must not see the test years)")
    ap.add_argument("--pattern", default=",".join(map(str, DEFAULT_PATTERN)),
                    help="offsets of the use-like windows of the yearly panels (default 0,5,10),"
                         " or 'span' for every year in ~12-year windows (one-year estimator)")
    ap.add_argument("--check", action="store_true", help="horizon check (about 1 min CPU)")
    ap.add_argument("--sensitivity", action="store_true",
                    help="estimates for other windows (with --check: their coverage too)")
    args = ap.parse_args()
    d = sd.data_dir(args.data)
    pattern = parse_pattern(args.pattern)
    classes = load_classes(d, args.until, pattern)

    rows, ests = [], {}
    for cls, (scale, panel, windows, source) in classes.items():
        est = estimate_prior(panel, windows)
        ests[cls] = est
        used = f"; only years <= {args.until}" if args.until else ""
        rows.append(fmt_row(cls, scale, est,
                            f"{source}{used}; windows {describe_windows(windows)}"))

    cols = ["class", "scale", "s0", "nu0", "m0", "tau", "own_weight", "n_series", "n_increments",
            "source"]
    with open(args.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    w = csv.DictWriter(sys.stdout, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    print(f"# written to {args.out}" + (f" (years <= {args.until})" if args.until else ""))

    print("\n# fit check: sd of the yearly increments (sqrt S) across window-series, "
          "empirical vs implied by (s0, nu0) (simulated, seed 11); prior quantiles of sigma; "
          "drift spread (sd of mu_hat, mean sampling sd, tau by moments, REML m0 / tau)")
    print("| class | windows with variance | sqrtS q10 emp/model | q50 | q90 | prior sigma "
          "q10 / q50 / q90 | sd(mu_hat) | sampling sd | tau (moments) | m0 / tau (REML) |")
    print("|---|---:|---|---|---|---|---:|---:|---:|---|")
    for cls, est in ests.items():
        q = implied_quantiles(est)
        ps = prior_sigma_quantiles(est["s0"], est["nu0"])
        print(f"| {cls} | {est['n_var']} | " +
              " | ".join(f"{e:.4f} / {m:.4f}" for _, e, m in q) +
              f" | {ps[0]:.4f} / {ps[1]:.4f} / {ps[2]:.4f} | {est['sd_mu_hat']:.4f} | "
              f"{est['sd_noise']:.4f} | {est['tau_mom']:.4f} | {est['m0']:.4f} / "
              f"{est['tau']:.4f} |")

    print("\n# own-noise weight w (power prior): adjacent (past, future) window pairs, log-lik of"
          " the future window's S given the past one's at the best w and at w = 1")
    print("| class | pairs | w | log-lik at w | at w = 1 |")
    print("|---|---:|---:|---:|---:|")
    for cls, est in ests.items():
        print(f"| {cls} | {est['own_pairs']} | {est['own_weight']:.2f} | {est['own_ll']:.1f} | "
              f"{est['own_ll1']:.1f} |")

    extra = {}
    if args.sensitivity:
        print("\n# sensitivity to the windows (emissions: 'span' = blocks 1990-2005, 2005-2015,"
              " 2015-2024 with every published year; otherwise consecutive published triples)")
        print("| class | windows | s0 | nu0 | m0 | tau | window-series |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for pat in ("span", (0, 1, 2), (0, 3, 6), (0, 5, 10), (0, 5, 15), (0, 10, 20)):
            cl = load_classes(d, args.until, pat)
            name = "every year, ~12-year windows" if pat == "span" else \
                "years " + "/".join(f"a+{o}" for o in pat)
            for cls, (scale, panel, windows, _) in cl.items():
                if cls == "emissions" and pat not in ("span", (0, 5, 10)):
                    continue
                e = estimate_prior(panel, windows)
                print(f"| {cls} | {name} | {e['s0']:.4g} | {e['nu0']:.3g} | {e['m0']:.4g} | "
                      f"{e['tau']:.4g} | {e['n_windows']} |")
                if pat == "span" and pattern != "span":
                    extra.setdefault(cls, {})["one-year"] = e

    if args.check:
        print_check(classes, ests, extra)


if __name__ == "__main__":
    main()
