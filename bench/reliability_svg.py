#!/usr/bin/env python3
"""Reliability diagram (SVG) of threshold-event probabilities, one panel per collection.

For each collection and method: the threshold events of bench/m3_metrics.py (last horizon,
y_{T+H} >= y_T (1+g), g in -20..+30 %), binned into 10 equal-width probability bins; the
observed frequency per bin is plotted against the mean forecast probability (points sized by
the bin count). The diagonal is perfect calibration.

usage: reliability_svg.py --out FILE.svg --panel TITLE=DATA,META,R_CSV,UTSIKT_CSV[,CATEGORY] ...
(Python standard library only; reads the files with bench/m3_metrics.py's readers.)
"""
import argparse
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import m3_metrics as mm  # noqa: E402

COLORS = {"utsikt auto": "#1b6ca8", "R ets": "#d95f02", "R arima": "#7570b3", "R theta": "#1b9e77"}


def events(pred, train, test):
    out = []
    for sid in test:
        if sid not in train:
            continue
        H = len(test[sid])
        p = pred.get((sid, H))
        if p is None:
            continue
        last, y = train[sid][-1][1], test[sid][-1][1]
        for g in mm.GROWTHS:
            c = last * (1 + g)
            out.append((1.0 - p.cdf(c), 1.0 if y >= c else 0.0))
    return out


def bins(ev):
    b = defaultdict(list)
    for p, o in ev:
        b[min(9, int(p * 10))].append((p, o))
    return [(sum(p for p, _ in v) / len(v), sum(o for _, o in v) / len(v), len(v))
            for _, v in sorted(b.items())]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--panel", action="append", required=True)
    a = ap.parse_args()
    size, pad, gap = 220, 34, 24
    n = len(a.panel)
    width = n * (size + pad + gap) + gap
    height = size + 2 * pad + 40
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>']
    for i, spec in enumerate(a.panel):
        title, files = spec.split("=", 1)
        parts = files.split(",")
        data, meta, rfile, ufile = parts[:4]
        cat = parts[4] if len(parts) > 4 else None
        train, test = mm.read_data(data)
        methods = {"utsikt auto": mm.read_utsikt(ufile)}
        for name, pred in mm.read_r(rfile).items():
            if name in COLORS:
                methods[name] = pred
        if cat:
            keep = {k for k, v in mm.read_meta(meta).items() if v == cat}
            test = {k: v for k, v in test.items() if k in keep}
        x0, y0 = gap + i * (size + pad + gap) + pad, pad
        svg.append(f'<text x="{x0 + size / 2}" y="{y0 - 12}" text-anchor="middle" '
                   f'font-weight="bold">{title}</text>')
        svg.append(f'<rect x="{x0}" y="{y0}" width="{size}" height="{size}" fill="none" '
                   f'stroke="#888"/>')
        svg.append(f'<line x1="{x0}" y1="{y0 + size}" x2="{x0 + size}" y2="{y0}" '
                   f'stroke="#bbb" stroke-dasharray="4 3"/>')
        for t in (0, 0.5, 1):
            svg.append(f'<text x="{x0 + t * size}" y="{y0 + size + 14}" '
                       f'text-anchor="middle">{t:g}</text>')
            svg.append(f'<text x="{x0 - 4}" y="{y0 + (1 - t) * size + 4}" '
                       f'text-anchor="end">{t:g}</text>')
        svg.append(f'<text x="{x0 + size / 2}" y="{y0 + size + 28}" text-anchor="middle">'
                   f'forecast probability</text>')
        for name, pred in methods.items():
            pts = bins(events(pred, train, test))
            col = COLORS.get(name, "#444")
            path = " ".join(f"{x0 + p * size:.1f},{y0 + (1 - o) * size:.1f}" for p, o, _ in pts)
            svg.append(f'<polyline points="{path}" fill="none" stroke="{col}" '
                       f'stroke-width="{2.2 if name == "utsikt auto" else 1.2}"/>')
            for p, o, k in pts:
                r = 1.5 + 4.0 * (k / max(1, max(kk for _, _, kk in pts))) ** 0.5
                svg.append(f'<circle cx="{x0 + p * size:.1f}" cy="{y0 + (1 - o) * size:.1f}" '
                           f'r="{r:.1f}" fill="{col}"/>')
    lx = gap
    for name, col in COLORS.items():
        svg.append(f'<rect x="{lx}" y="{height - 16}" width="12" height="4" fill="{col}"/>')
        svg.append(f'<text x="{lx + 16}" y="{height - 11}">{name}</text>')
        lx += 110
    svg.append(f'<text x="{lx}" y="{height - 11}" fill="#666">y axis: observed frequency; '
               f'dashed: perfect calibration</text>')
    svg.append("</svg>")
    with open(a.out, "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
