// The page of `utsikt serve` (docs/serve.md). No framework: the state is the working scenario (the
// keys of a [[scenario]] table), every change sends it to POST /api/evaluate and redraws.
"use strict";

const T = {
  sv: { scenario: "Scenario", start_from: "Utgå från", add: "Lägg till ingreppen från",
    id: "Id (filnamn)", name: "Namn", save: "Spara scenariot (TOML)", report: "Ladda ner rapport",
    reset: "Tillbaka till basen", targets: "Sannolikheten att målen nås",
    targets_help: "P(uppfyllt) i basen och i scenariot, på samma simulerade banor. Klicka på ett mål för att se dess indikator.",
    target: "Mål", base: "Bas", scen: "Scenario", change: "Förändring",
    legend_base: "Basen: median och 80 %-intervall", legend_scen: "Scenariot: median och 80 %-intervall",
    legend_obs: "Observerat", prob: "Sannolikhet", tornado: "Känslighet",
    tornado_help: "Hur långt P(uppfyllt) för det valda målet rör sig när varje ingrepp går från sitt lägsta till sitt högsta värde (de andra som i scenariot).",
    compute: "Beräkna känsligheten", none: "(inget)", baseline: "Basen (inga ingrepp)",
    pp: "pe", no_data: "inga data", computing: "Räknar …", ready: "Klart", remove: "ta bort",
    from: "från", to: "till", range: "osäkert intervall", saved: "Sparat som", param: "Parameter",
    drives: "styr", who_base: "Basen", who_scen: "Scenariot",
    reached: (w, p, m, v) => `${w}: med sannolikheten ${p} är ${m} minst ${v}`,
    reached_low: (w, p, m, v) => `${w}: med sannolikheten ${p} är ${m} högst ${v}`,
    first_year: (w, p, l, y) => `${w}: första år då ett enskilt års värde når målnivån ${l}, med sannolikheten ${p}: ${y}`,
    not_reached: (w, p, l) => `${w}: inget enskilt års värde når målnivån ${l} med sannolikheten ${p} före horisonten`,
    single_year: "(ett enskilt år; målet kräver nivån varje år, se raden ovan)",
    already: "Målnivån är redan nådd (senaste observationen)",
    measures: [[/^lowest yearly value (\d+)-(\d+)$/, "det lägsta årsvärdet $1–$2"],
      [/^highest yearly value (\d+)-(\d+)$/, "det högsta årsvärdet $1–$2"],
      [/^average (\d+)-(\d+)$/, "genomsnittet $1–$2"], [/^value in (\d+)$/, "värdet $1"],
      [/^relative change (\S+)-(\d+)$/, "den relativa förändringen $1–$2"],
      [/^change since (\S+)$/, "förändringen sedan $1"],
      [/^change (\S+)-(\d+) in the indicator's unit$/, "förändringen $1–$2"],
      [/^(.*)$/, "målets mått ($1)"]], no_tornado: "Scenariot har inga ingrepp att variera.",
    every_year: "varje år", average: "i genomsnitt", types: { shift: "förskjutning", trend: "trend",
      growth: "tillväxtfaktor", ramp: "gradvis förskjutning", ramp_to: "gradvis till nivån",
      cap: "tak", floor: "golv", migrants: "extra nettoinflyttare per år", fertility: "fruktsamhet (procent)",
      life_expectancy: "livslängd (år)", jobs: "nya jobb" } },
  en: { scenario: "Scenario", start_from: "Start from", add: "Add the interventions of",
    id: "Id (file name)", name: "Name", save: "Save the scenario (TOML)", report: "Download report",
    reset: "Back to the baseline", targets: "Probability that the targets are met",
    targets_help: "P(met) in the baseline and in the scenario, on the same simulated paths. Click a target to see its indicator.",
    target: "Target", base: "Baseline", scen: "Scenario", change: "Change",
    legend_base: "Baseline: median and 80 % interval", legend_scen: "Scenario: median and 80 % interval",
    legend_obs: "Observed", prob: "Probability", tornado: "Sensitivity",
    tornado_help: "How far P(met) of the chosen target moves when each intervention goes from its lowest to its highest value (the others as in the scenario).",
    compute: "Compute the sensitivity", none: "(none)", baseline: "Baseline (no interventions)",
    pp: "pp", no_data: "no data", computing: "Computing …", ready: "Ready", remove: "remove",
    from: "from", to: "to", range: "uncertain range", saved: "Saved as", param: "Parameter",
    drives: "drives", who_base: "Baseline", who_scen: "Scenario",
    reached: (w, p, m, v) => `${w}: with probability ${p} ${m} is at least ${v}`,
    reached_low: (w, p, m, v) => `${w}: with probability ${p} ${m} is at most ${v}`,
    first_year: (w, p, l, y) => `${w}: first year in which a single year's value reaches the target level ${l}, with probability ${p}: ${y}`,
    not_reached: (w, p, l) => `${w}: no single year's value reaches the target level ${l} with probability ${p} by the horizon`,
    single_year: "(a single year; the target asks for the level every year, see the line above)",
    already: "The target level is already reached (latest observation)",
    measures: [[/^(lowest|highest) yearly value (\d+)-(\d+)$/, "the $1 yearly value $2–$3"],
      [/^average (\d+)-(\d+)$/, "the average $1–$2"], [/^(.*)$/, "the $1"]], no_tornado: "The scenario has no interventions to vary.",
    every_year: "every year", average: "on average", types: { shift: "shift", trend: "trend",
      growth: "growth factor", ramp: "gradual shift", ramp_to: "gradually to the level", cap: "cap",
      floor: "floor", migrants: "extra net migrants a year", fertility: "fertility (percent)",
      life_expectancy: "life expectancy (years)", jobs: "new jobs" } },
};

const S = { lang: "sv", project: null, work: null, ranges: {}, focus: null, target: null,
  seq: 0, shown: 0, timer: null, last: null };
const $ = (id) => document.getElementById(id);
const t = (k) => T[S.lang][k];

function fmt(v, dec) {
  if (v === null || v === undefined || !isFinite(v)) return "–";
  if (dec === undefined) {
    const a = Math.abs(v);
    dec = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  }
  return v.toLocaleString(S.lang === "sv" ? "sv-SE" : "en-GB",
    { minimumFractionDigits: 0, maximumFractionDigits: dec });
}
function pct(p) {
  if (p === null || p === undefined) return t("no_data");
  if (p > 0 && p < 0.005) return "< 1 %";
  if (p < 1 && p > 0.995) return "> 99 %";
  return fmt(100 * p, 0) + " %";
}
function ppText(d) {
  if (d === undefined || d === null) return "";
  if (Math.abs(d) < 0.05) return "±0";
  return (d > 0 ? "+" : "−") + fmt(Math.abs(d), 1) + " " + t("pp");
}
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}
function svgEl(tag, attrs) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

async function api(path, body) {
  const r = await fetch(path, body === undefined ? {} :
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) {
    let msg = r.status + "";
    try { const j = await r.json(); msg = j.error.message + (j.error.field ? " [" + j.error.field + "]" : ""); } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return r;
}

function indicator(id) { return S.project.indicators.find((x) => x.id === id); }
function name(o) { return S.lang === "sv" ? (o.name_sv || o.id) : (o.name_en || o.name_sv || o.id); }

// The centre of a value (number or distribution table) and moving it.
function centre(q) {
  if (typeof q === "number") return q;
  if (q.dist === "normal") return q.mean;
  if (q.dist === "triangular") return q.mode;
  return (q.min + q.max) / 2;
}
function moved(q, c) {
  if (typeof q === "number") return c;
  const d = c - centre(q), r = Object.assign({}, q);
  for (const k of ["min", "max", "mode", "mean"]) if (k in r) r[k] = +(r[k] + d).toPrecision(12);
  return r;
}
function spread(q) {
  if (typeof q === "number") return [0, 0];
  if (q.dist === "normal") return [3 * q.sd, 3 * q.sd];
  return [centre(q) - q.min, q.max - centre(q)];
}

function startFrom(id) {
  const base = { id: $("scen-id").value || "eget-scenario", name_sv: "", intervention: [] };
  if (id) {
    const s = S.project.scenarios.find((x) => x.table.id === id);
    Object.assign(base, JSON.parse(JSON.stringify(s.table)));
    base.id = $("scen-id").value || "eget-scenario";
    S.ranges = Object.assign({}, s.ranges);
  } else S.ranges = {};
  for (const iv of base.intervention || []) if (S.ranges[iv.id] && !iv.range) iv.range = S.ranges[iv.id];
  S.work = base;
  $("scen-name").value = base.name_sv || "";
  renderKnobs();
  schedule();
}
function addFrom(id) {
  const s = S.project.scenarios.find((x) => x.table.id === id);
  const src = JSON.parse(JSON.stringify(s.table));
  const taken = new Set((S.work.intervention || []).map((x) => x.id));
  const ptaken = new Set((S.work.parameter || []).map((x) => x.id));
  const rename = {};
  for (const p of src.parameter || []) {
    let nid = p.id; if (ptaken.has(nid)) nid = id + "-" + p.id;
    rename[p.id] = nid; p.id = nid;
    (S.work.parameter = S.work.parameter || []).push(p);
  }
  for (const iv of src.intervention || []) {
    const old = iv.id; let nid = iv.id; if (taken.has(nid)) nid = id + "-" + iv.id;
    iv.id = nid;
    if (iv.parameter) iv.parameter = rename[iv.parameter];
    if (s.ranges[old] && !iv.range) iv.range = s.ranges[old];
    (S.work.intervention = S.work.intervention || []).push(iv);
  }
  renderKnobs();
  schedule();
}

function slider(label, note, value, lo, hi, onchange, id) {
  const [sl, sh] = spread(value);
  const min = lo + sl, max = hi - sh;
  const step = Math.pow(10, Math.floor(Math.log10(Math.max(max - min, 1e-9))) - 2);
  const c = centre(value);
  const range = el("input", { type: "range", min, max, step, value: c, "data-knob": id, "aria-label": label });
  const num = el("input", { type: "number", min, max, step, value: c, "aria-label": label });
  const info = el("div", { class: "note" });
  const showInfo = (q) => {
    info.textContent = (typeof q === "number" ? "" : t("range") + ": " + fmt(c2(q)[0]) + " – " + fmt(c2(q)[1]) + ". ") + (note || "");
  };
  const c2 = (q) => { const [a, b] = spread(q); const m = centre(q); return [m - a, m + b]; };
  const set = (v) => {
    v = Math.min(max, Math.max(min, +v));
    if (!isFinite(v)) return;
    const q = onchange(v);
    range.value = v; num.value = +v.toPrecision(10);
    showInfo(q);
  };
  range.addEventListener("input", () => set(range.value));
  num.addEventListener("change", () => set(num.value));
  showInfo(value);
  return el("div", { class: "knob" }, el("div", { class: "what", text: label }),
    el("div", { class: "row" }, range, num), info);
}

function renderKnobs() {
  const box = $("knobs");
  box.replaceChildren();
  for (const p of S.work.parameter || []) {
    const linked = (S.work.intervention || []).filter((iv) => iv.parameter === p.id)
      .map((iv) => name(indicator(iv.indicator) || { id: iv.indicator })).join(", ");
    const unit = S.lang === "sv" ? (p.unit_sv || "") : (p.unit_en || p.unit_sv || "");
    box.append(slider(t("param") + ": " + name(p) + (unit ? " (" + unit + ")" : ""),
      t("drives") + " " + linked + ". " + (p.note || ""), p.value, p.min, p.max,
      (v) => { p.value = moved(p.value, v); schedule(); return p.value; }, "param-" + p.id));
  }
  (S.work.intervention || []).forEach((iv, i) => {
    if (iv.parameter || iv.type === "path") return;
    const ind = indicator(iv.indicator) || { id: iv.indicator };
    const r = iv.range || [Math.min(0, 2 * centre(iv.value)), Math.max(0, 2 * centre(iv.value))];
    const unit = iv.unit === "percent" ? " (%)" : "";
    const label = name(ind) + " – " + (t("types")[iv.type] || iv.type) + unit + " " + t("from") + " " + iv.from +
      (iv.to ? " " + t("to") + " " + iv.to : "");
    const k = slider(label, "", iv.value, r[0], r[1],
      (v) => { iv.value = moved(iv.value, v); schedule(); return iv.value; }, iv.id);
    const rm = el("button", { type: "button", class: "remove", text: t("remove") });
    rm.addEventListener("click", () => { S.work.intervention.splice(i, 1); renderKnobs(); schedule(); });
    k.append(rm);
    box.append(k);
  });
}

function schedule() {
  clearTimeout(S.timer);
  S.timer = setTimeout(evaluate, 60);
}

function request() {
  const w = JSON.parse(JSON.stringify(S.work));
  w.id = $("scen-id").value || "eget-scenario";
  if ($("scen-name").value) w.name_sv = $("scen-name").value; else delete w.name_sv;
  if (w.parameter && !w.parameter.length) delete w.parameter;
  // The chart shows the focus only: the bands of the other changed series are not asked for.
  const body = { scenario: w, probability: +$("prob").value, lang: S.lang, series: "focus" };
  if (S.focus) body.focus = S.focus;
  if (S.target) body.target = S.target;
  return body;
}

async function evaluate() {
  const seq = ++S.seq;
  $("status").className = "muted";
  $("status").textContent = t("computing");
  try {
    const r = await api("/api/evaluate", request());
    const j = await r.json();
    if (seq < S.shown) return;
    S.shown = seq;
    S.last = j;
    drawTargets(j);
    drawChart(j);
    drawReach(j);
    $("status").textContent = t("ready") + " (" + fmt(j.elapsed_ms, 0) + " ms)";
  } catch (e) {
    $("status").className = "error";
    $("status").textContent = e.message;
  }
}

function targetText(tg) { return S.lang === "sv" ? tg.text_sv || tg.id : tg.text_en || tg.text_sv || tg.id; }

function drawTargets(j) {
  const body = $("targets").tBodies[0];
  body.replaceChildren();
  for (const r of j.targets) {
    const tg = S.project.targets.find((x) => x.id === r.id);
    const v = r.variant ? " (" + (t(r.variant) || r.variant) + ")" : "";
    const d = r.change_pp;
    const tr = el("tr", { "data-target": r.id, "data-variant": r.variant, title: targetText(tg) },
      el("td", { text: r.id + v }),
      el("td", { class: "num", text: pct(r.baseline === undefined ? null : r.baseline) }),
      el("td", { class: "num prob", text: pct(r.probability) }),
      el("td", { class: "num " + (d > 0.05 ? "up" : d < -0.05 ? "down" : ""), text: ppText(d) }));
    if (S.target === r.id) tr.className = "sel";
    tr.addEventListener("click", () => { selectTarget(r.id); });
    body.append(tr);
  }
}

function selectTarget(id) {
  const tg = S.project.targets.find((x) => x.id === id);
  S.target = id;
  const ind = indicator(tg.indicator);
  if (ind && ind.series.some((s) => s.group === tg.group)) S.focus = tg.indicator + "/" + tg.group;
  $("tornado").replaceChildren();
  schedule();
}

// Round tick values for the axis from lo to hi: steps of 1, 2 or 5 times a power of ten, about
// four to eight of them, and the decimals the step needs.
function niceTicks(lo, hi) {
  const raw = (hi - lo) / 7, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw * 0.999);
  const values = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) values.push(k * step);
  return { values, dec: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}

function drawChart(j) {
  const svg = $("chart");
  svg.replaceChildren();
  const s = j.series.find((x) => x.indicator + "/" + x.group === S.focus);
  const ind = s && indicator(s.indicator);
  $("focus-title").textContent = ind ? name(ind) + (s.group !== "total" ? " – " + s.group : "") +
    " (" + (S.lang === "sv" ? ind.unit_sv : ind.unit_en || ind.unit_sv) + ")" : "";
  if (!s) return;
  const obs = s.observed || { years: [], values: [] };
  const years = obs.years.filter((y) => y >= s.scenario.years[0] - 25).concat(s.scenario.years);
  const vals = [].concat(obs.values.slice(obs.years.length - years.length + s.scenario.years.length),
    s.baseline.lo80, s.baseline.hi80, s.scenario.lo80, s.scenario.hi80).filter(isFinite);
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (hi === lo) { hi += 1; lo -= 1; }
  const pad = (hi - lo) * 0.08, nonneg = lo >= 0;
  lo -= pad; hi += pad;
  if (nonneg && lo < 0) lo = 0;
  const X0 = 70, X1 = 625, Y0 = 15, Y1 = 270;
  const x = (y) => X0 + (X1 - X0) * (y - years[0]) / Math.max(1, years[years.length - 1] - years[0]);
  const y = (v) => Y1 - (Y1 - Y0) * (v - lo) / (hi - lo);
  const ticks = niceTicks(lo, hi);
  for (const v of ticks.values) {
    svg.append(svgEl("line", { x1: X0, x2: X1, y1: y(v), y2: y(v), stroke: "#e5e7eb" }));
    const tx = svgEl("text", { x: X0 - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#444", class: "ytick" });
    tx.textContent = fmt(v, ticks.dec); svg.append(tx);
  }
  const step = Math.max(1, Math.ceil((years[years.length - 1] - years[0]) / 8));
  for (let yr = years[0]; yr <= years[years.length - 1]; yr += step) {
    const tx = svgEl("text", { x: x(yr), y: 288, "text-anchor": "middle", "font-size": 11, fill: "#444" });
    tx.textContent = yr; svg.append(tx);
  }
  const band = (b, fill, op) => {
    const pts = b.years.map((yr, i) => x(yr) + "," + y(b.hi80[i])).concat(
      b.years.map((yr, i) => x(yr) + "," + y(b.lo80[i])).reverse());
    svg.append(svgEl("polygon", { points: pts.join(" "), fill, "fill-opacity": op }));
  };
  const line = (ys, vs, stroke, w, dash) => {
    svg.append(svgEl("polyline", { points: ys.map((yr, i) => x(yr) + "," + y(vs[i])).join(" "),
      fill: "none", stroke, "stroke-width": w, "stroke-dasharray": dash || "" }));
  };
  band(s.baseline, "#9aa3ae", 0.35);
  band(s.scenario, "#2f7fd0", 0.3);
  line(s.baseline.years, s.baseline.median, "#59616b", 2, "5 3");
  line(s.scenario.years, s.scenario.median, "#1f4e79", 2.5);
  const oy = obs.years.filter((yr) => yr >= years[0]);
  const ov = obs.values.slice(obs.values.length - oy.length);
  line(oy, ov, "#111", 2);
  oy.forEach((yr, i) => svg.append(svgEl("circle", { cx: x(yr), cy: y(ov[i]), r: 2.5, fill: "#111" })));
  const tg = S.target && S.project.targets.find((q) => q.id === S.target);
  if (tg && tg.year >= years[0] && tg.year <= years[years.length - 1])
    svg.append(svgEl("line", { x1: x(tg.year), x2: x(tg.year), y1: Y0, y2: Y1, stroke: "#b3261e", "stroke-dasharray": "3 3" }));
  svg.setAttribute("data-version", String(+svg.getAttribute("data-version") + 1));
  svg.setAttribute("data-last-median", String(s.scenario.median[s.scenario.median.length - 1]));
}

function measureText(m) {
  for (const [re, out] of t("measures")) if (re.test(m || "")) return (m || "").replace(re, out);
  return m;
}

function drawReach(j) {
  const box = $("reach-text");
  box.replaceChildren();
  if (!j.target) return;
  const p = pct(j.target.probability);
  // Whose numbers (the baseline when the scenario has no interventions) and of which measure: for
  // an every-year target the value reached is the lowest year's, the first year a single year's.
  const w = (S.work.intervention || []).length ? t("who_scen") : t("who_base");
  for (const r of j.target.results) {
    const tg = S.project.targets.find((q) => q.id === j.target.id);
    const lines = [targetText(tg).replace(/\.\s*$/, "") + (r.variant ? " (" + (t(r.variant) || r.variant) + ")" : "")];
    if (r.reached !== null && r.reached !== undefined)
      lines.push(t(r.higher_is_better === false ? "reached_low" : "reached")(w, p, measureText(r.measure), fmt(r.reached)));
    if (r.first_year) {
      const lvl = fmt(r.first_year.threshold);
      let s = r.first_year_reached === "already" ? t("already")
        : r.first_year_reached === null ? t("not_reached")(w, p, lvl)
          : t("first_year")(w, p, lvl, r.first_year_reached);
      if (r.variant === "every_year" && r.first_year_reached !== "already") s += " " + t("single_year");
      lines.push(s);
    }
    box.append(el("p", {}, lines.join(". ") + "."));
  }
}

async function sensitivity() {
  if (!S.target) return;
  const svg = $("tornado");
  svg.replaceChildren();
  $("status").textContent = t("computing");
  try {
    const j = await (await api("/api/sensitivity", request())).json();
    if (!j.bars.length) { $("status").textContent = t("no_tornado"); return; }
    const H = 30 + 26 * j.bars.length;
    svg.setAttribute("viewBox", "0 0 640 " + H);
    const X0 = 250, X1 = 560, x = (p) => X0 + (X1 - X0) * p;
    svg.append(svgEl("line", { x1: x(j.probability), x2: x(j.probability), y1: 5, y2: H - 20, stroke: "#333" }));
    j.bars.forEach((b, i) => {
      const yy = 10 + 26 * i;
      const a = Math.min(b.p_low, b.p_high), c = Math.max(b.p_low, b.p_high);
      svg.append(svgEl("rect", { x: x(a), y: yy, width: Math.max(1, x(c) - x(a)), height: 18, fill: "#2f7fd0", "data-bar": b.id }));
      const lab = svgEl("text", { x: X0 - 6, y: yy + 13, "text-anchor": "end", "font-size": 11 });
      const ind = b.indicator ? indicator(b.indicator.split("/")[0]) : null;
      const prm = b.kind === "parameter" && (S.work.parameter || []).find((q) => q.id === b.id);
      let what = prm ? name(prm) : ind ? name(ind) : b.id;
      if (what.length > 26) what = what.slice(0, 25) + "…";
      lab.textContent = what + " " + fmt(b.low) + " – " + fmt(b.high);
      const full = svgEl("title", {});
      full.textContent = (prm ? name(prm) : ind ? name(ind) : b.id) + " " + fmt(b.low) + " – " + fmt(b.high);
      lab.append(full);
      svg.append(lab);
      const v = svgEl("text", { x: x(c) + 4, y: yy + 13, "font-size": 11 });
      v.textContent = pct(b.p_low) + " → " + pct(b.p_high);
      svg.append(v);
    });
    for (const p of [0, 0.5, 1]) {
      const tx = svgEl("text", { x: x(p), y: H - 5, "text-anchor": "middle", "font-size": 10, fill: "#555" });
      tx.textContent = pct(p); svg.append(tx);
    }
    $("status").textContent = t("ready");
  } catch (e) {
    $("status").className = "error"; $("status").textContent = e.message;
  }
}

async function download(path, type) {
  try {
    const r = await api(path, request());
    const text = await r.text();
    const disp = r.headers.get("Content-Disposition") || "";
    const fname = (disp.match(/filename="([^"]+)"/) || [, "utsikt"])[1];
    if (path === "/api/scenario.toml") {
      $("saved").hidden = false;
      $("saved").textContent = text;
      $("status").className = "muted";
      $("status").textContent = t("saved") + " " + fname;
    }
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: fname });
    document.body.append(a); a.click(); a.remove();
  } catch (e) {
    $("status").className = "error"; $("status").textContent = e.message;
  }
}

function applyLang() {
  document.documentElement.lang = S.lang;
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
  const p = S.project;
  $("title").textContent = S.lang === "sv" ? p.name_sv : p.name_en || p.name_sv;
  $("subtitle").textContent = (S.lang === "sv" ? "Vad händer om …? " : "What if …? ") +
    fmt(p.paths, 0) + (S.lang === "sv" ? " simulerade banor, seed " : " simulated paths, seed ") + p.seed;
  for (const id of ["start", "add"]) {
    const sel = $(id), keep = sel.value;
    sel.replaceChildren(el("option", { value: "", text: id === "start" ? t("baseline") : t("none") }));
    for (const s of p.scenarios) sel.append(el("option", { value: s.table.id, text: name(s.table) }));
    sel.value = keep;
  }
  if (S.work) renderKnobs();
  if (S.last) { drawTargets(S.last); drawChart(S.last); drawReach(S.last); }
}

async function init() {
  S.project = await (await api("/api/project")).json();
  S.lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : (S.project.language === "en" ? "en" : "sv");
  applyLang();
  $("start").addEventListener("change", () => startFrom($("start").value));
  $("add").addEventListener("change", () => { if ($("add").value) addFrom($("add").value); $("add").value = ""; });
  $("scen-id").addEventListener("change", schedule);
  $("scen-name").addEventListener("change", schedule);
  $("prob").addEventListener("change", schedule);
  $("save").addEventListener("click", () => download("/api/scenario.toml", "application/toml"));
  $("report").addEventListener("click", () => download("/api/report", "text/html"));
  $("reset").addEventListener("click", () => { $("start").value = ""; startFrom(""); });
  $("sens").addEventListener("click", sensitivity);
  $("lang-sv").addEventListener("click", () => { S.lang = "sv"; applyLang(); });
  $("lang-en").addEventListener("click", () => { S.lang = "en"; applyLang(); });
  // Start with the first scenario and its first target, so that a slider moves something at once.
  const first = S.project.scenarios[0];
  const firstIv = first && (first.table.intervention || [])[0];
  const tg = firstIv && S.project.targets.find((x) => x.indicator === firstIv.indicator &&
    x.baseline.some((b) => b.status === "assessed"));
  if (tg) { S.target = tg.id; S.focus = tg.indicator + "/" + tg.group; }
  if (first) { $("start").value = first.table.id; startFrom(first.table.id); } else startFrom("");
}

init().catch((e) => { $("status").className = "error"; $("status").textContent = e.message; });
