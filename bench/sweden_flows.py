#!/usr/bin/env python3
"""Yearly flows with 2-4 values: a mean-reverting flow model against rw_drift (issue 11).

usage: bench/sweden_flows.py [--data DIR] [--panel both|births|deaths] [--until YEAR]

Question: do yearly flows (births, deaths; homes completed behave alike) follow a level with
mean-reverting year-to-year noise around a slowly moving level, so that a short series should be
projected with a local level model rather than with utsikt's rw_drift, whose one-year jumps
accumulate forever?

Panel: live births and deaths per county and year 1968-2015 (SCB, shared/data/sweden; 21
counties each), log scale.

Local level model (with a common drift m0): w_t = L_t + e_t, e ~ N(0, c se^2);
L_t = L_{t-1} + m0 + u_t, u ~ N(0, c sl^2) per year (g years: g m0, g c sl^2); the scale c of a
series ~ Scaled-Inv-chi^2(nu0, 1), so given the data c is Scaled-Inv-chi^2(nu0 + n - 1,
(nu0 + Q) / (nu0 + n - 1)) with Q the sum of squared standardised Kalman innovations, and the
predictive is a Student t. (se, sl, nu0, m0) by maximum likelihood (the multivariate t marginal of
every 15-year window, start years 1968, 1973, ...; Nelder-Mead of bench/sweden_priors.py).
se = 0 is a random walk with drift; se >> sl is noise around a level that barely moves.

rw_drift: the engine's short-series model with the class 'flow' prior (bench/sweden_priors.py
estimate_prior, windows a/a+5/a+10, own-noise weight included), exact posterior predictive
(sweden_priors.Predictive).

Backtest as the population one of bench/sweden_backtest.py: from every origin T, training
values (T-5, T), (T-6, T-1, T), (T-7, T-2, T-1, T), every later year up to 10 years ahead;
coverage of the central 80 % / 95 % intervals and the Brier score of "value > last x (1 + k)",
k = -10, -5, -2, 0, 2, 5, 10 %, next to the straight line through the first and last value and
the last value carried forward. With --until Y both models are fitted on years <= Y only and
the origins are Y+1..2014 (out of time); without it every year is used for the fit and the
origins are 1975..2014 (in-sample). Python standard library only; deterministic.
"""
import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweden_data as sd  # noqa: E402
import sweden_priors as sp  # noqa: E402

KS = (-0.10, -0.05, -0.02, 0.0, 0.02, 0.05, 0.10)
PATTERNS = {2: (-5, 0), 3: (-6, -1, 0), 4: (-7, -2, -1, 0)}
NU_MAX = 1000.0


def kalman(t, w, se2, sl2, m0):
    """Local level with known drift m0, base variances (c = 1), the first value as the exact
    diffuse start (level = w0 with variance se2). Returns (Q, sum log F, innovations, level,
    level variance) at the last time."""
    level, p = w[0], se2  # diffuse prior on the level: after w0 the level is w0 +- se
    q = slf = 0.0
    n = 0
    for i in range(1, len(t)):
        g = t[i] - t[i - 1]
        level += g * m0
        p += g * sl2
        f = p + se2
        v = w[i] - level
        q += v * v / f
        slf += math.log(f)
        n += 1
        k = p / f
        level += k * v
        p *= 1.0 - k
    return q, slf, n, level, p


def t_loglik(q, slf, n, nu):
    """Log density of the multivariate t marginal (scale c integrated out)."""
    return (math.lgamma(0.5 * (nu + n)) - math.lgamma(0.5 * nu) - 0.5 * n * math.log(nu * math.pi)
            - 0.5 * slf - 0.5 * (nu + n) * math.log1p(q / nu))


def fit_local_level(panel, windows):
    data = []
    for s in panel:
        for wnd in windows:
            pts = [(t, s[t]) for t in wnd if t in s]
            if len(pts) >= 3:
                data.append(([p[0] for p in pts], [p[1] for p in pts]))

    def nll(x):
        se2, sl2, nu, m0 = math.exp(2 * x[0]), math.exp(2 * x[1]), min(math.exp(x[2]), NU_MAX), x[3]
        return -sum(t_loglik(*kalman(t, w, se2, sl2, m0)[:3], nu) for t, w in data)

    x = [math.log(0.02), math.log(0.02), math.log(4.0), 0.0]
    for _ in range(3):
        x, fx = sp.nelder_mead(nll, x, [0.5, 0.5, 0.5, 0.002], iters=600)
    return {"se": math.exp(x[0]), "sl": math.exp(x[1]), "nu0": min(math.exp(x[2]), NU_MAX),
            "m0": x[3], "loglik": -fx, "windows": len(data)}


def betacf(a, b, x):
    """Continued fraction of the incomplete beta function (Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1) * (a + m2)),
                    -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-14:
            break
    return h


def t_cdf(x, nu):
    """Student t CDF by the regularised incomplete beta function."""
    z = nu / (nu + x * x)
    a, b = 0.5 * nu, 0.5
    lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    front = math.exp(a * math.log(z) + b * math.log1p(-z) - lbeta)
    ib = front * betacf(a, b, z) / a if z < (a + 1) / (a + b + 2) else \
        1.0 - front * betacf(b, a, 1.0 - z) / b
    return 1.0 - 0.5 * ib if x > 0 else 0.5 * ib


class LocalLevelPredictive:
    def __init__(self, pts, hp):
        t, w = [p[0] for p in pts], [p[1] for p in pts]
        self.se2, self.sl2, self.m0 = hp["se"] ** 2, hp["sl"] ** 2, hp["m0"]
        q, _, n, self.level, self.p = kalman(t, w, self.se2, self.sl2, self.m0)
        self.nu = hp["nu0"] + n
        self.c = (hp["nu0"] + q) / self.nu

    def cdf(self, h, xs):
        loc = self.level + h * self.m0
        sc = math.sqrt(self.c * (self.p + h * self.sl2 + self.se2))
        return [t_cdf((x - loc) / sc, self.nu) for x in xs]


def evaluate(panel, origins, preds, max_h=10):
    """{(label, values): [in80, in95, n, brier sum, events]} for the predictive factories in
    preds ({label: f(train points) -> object with cdf(h, xs)}) and the hand methods."""
    res = {}
    for s in panel:
        for T in origins:
            for npts, pat in PATTERNS.items():
                if not all(T + o in s for o in pat):
                    continue
                tr = [(T + o, s[T + o]) for o in pat]
                test = [(t - T, s[t]) for t in sorted(s) if T < t <= T + max_h]
                if not test:
                    continue
                y0, y1 = math.exp(tr[0][1]), math.exp(tr[-1][1])
                t0, t1 = tr[0][0], tr[-1][0]
                cs = [y1 * (1.0 + k) for k in KS]
                models = {label: f(tr) for label, f in preds.items()}
                for h, wv in test:
                    y = math.exp(wv)
                    for label, m in models.items():
                        u = m.cdf(h, [wv] + [math.log(c) for c in cs])
                        r = res.setdefault((label, npts), [0, 0, 0, 0.0, 0])
                        r[0] += 0.1 <= u[0] <= 0.9
                        r[1] += 0.025 <= u[0] <= 0.975
                        r[2] += 1
                        for c, uc in zip(cs, u[1:]):
                            p = min(0.995, max(0.005, 1.0 - uc))
                            r[3] += (p - (1.0 if y > c else 0.0)) ** 2
                            r[4] += 1
                    for label in ("line", "last"):
                        f = y0 + (y1 - y0) * (t1 + h - t0) / (t1 - t0) if label == "line" else y1
                        r = res.setdefault((label, npts), [0, 0, 0, 0.0, 0])
                        for c in cs:
                            p = 1.0 if f > c else 0.0 if f < c else 0.5
                            r[3] += (p - (1.0 if y > c else 0.0)) ** 2
                            r[4] += 1
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None)
    ap.add_argument("--panel", default="both", choices=("both", "births", "deaths"))
    ap.add_argument("--until", type=int, default=None)
    args = ap.parse_args()
    d = sd.data_dir(args.data)
    src = []
    if args.panel in ("both", "births"):
        src += list(sd.births(d).values())
    if args.panel in ("both", "deaths"):
        src += list(sd.deaths(d).values())
    panel = [{t: math.log(v) for t, v in s.items()} for s in src]
    last = args.until or 2015
    fit_panel = [{t: v for t, v in s.items() if t <= last} for s in panel]
    windows = [tuple(range(a, a + 15)) for a in range(1968, last - 13, 5)]
    ll = fit_local_level(fit_panel, windows)
    est = sp.estimate_prior(fit_panel, sp.pattern_windows(1968, last, (0, 5, 10)))
    rw = (est["s0"], est["nu0"], est["m0"], est["tau"], est["own_weight"])
    origins = range(args.until + 1, 2015) if args.until else range(1975, 2015)
    sample = f"out of time: fitted on years <= {args.until}, origins {origins[0]}-{origins[-1]}" \
        if args.until else "in-sample: fitted on every year, origins 1975-2014"
    print(f"# flows ({args.panel}), {sample}")
    print(f"local level: se {ll['se']:.4f}, sl {ll['sl']:.4f}, nu0 {ll['nu0']:.3g}, "
          f"m0 {ll['m0']:.5f} ({ll['windows']} windows, log-lik {ll['loglik']:.1f})")
    print(f"rw_drift (class flow estimator): s0 {rw[0]:.4f}, nu0 {rw[1]:.3g}, m0 {rw[2]:.5f}, "
          f"tau {rw[3]:.4g}, own_weight {rw[4]:.2f}")
    res = evaluate(panel, origins, {
        "local level": lambda tr: LocalLevelPredictive(tr, ll),
        "rw_drift": lambda tr: sp.Predictive(tr, *rw)})
    print("| values | model | n | cov80 | cov95 | Brier | Brier / line | Brier / last |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for npts in PATTERNS:
        line = res[("line", npts)][3] / res[("line", npts)][4]
        last_b = res[("last", npts)][3] / res[("last", npts)][4]
        for label in ("local level", "rw_drift"):
            r = res[(label, npts)]
            b = r[3] / r[4]
            print(f"| {npts} | {label} | {r[2]} | {100 * r[0] / r[2]:.1f} | "
                  f"{100 * r[1] / r[2]:.1f} | {b:.4f} | {b / line:.2f} | {b / last_b:.2f} |")
        print(f"| {npts} | line | | | | {line:.4f} | 1.00 | {line / last_b:.2f} |")
        print(f"| {npts} | last | | | | {last_b:.4f} | {last_b / line:.2f} | 1.00 |")


if __name__ == "__main__":
    main()
