// Real-browser test of `utsikt serve` (docs/serve.md), run by CTest (test `browser_serve`):
//   node serve_test.mjs UTSIKT_BINARY PROJECT.toml [SCREENSHOT_DIR]
// Starts the server on a free port, drives Debian's headless Chromium through puppeteer-core:
// loads the page, moves the housing slider, checks that the housing probability changes and the
// chart is redrawn, saves the scenario and checks the TOML, then runs `utsikt compare` on a
// project that lists the saved file and checks it gives the same probabilities; no console
// errors. Exits 77 (skipped) with a message only when Chromium cannot start.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [binary, project, shots] = process.argv.slice(2);
const PATHS = "2000";  // fewer paths than the example's 10 000: the same code, a faster test
let puppeteer;
try {
  puppeteer = (await import("puppeteer-core")).default;
} catch (e) {
  console.error("FAIL: puppeteer-core is not installed (run scripts/browser_deps.sh): " + e.message);
  process.exit(1);
}
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
if (!chromium) {
  console.log("SKIP: Chromium is not installed (Debian package 'chromium', scripts/setup.sh)");
  process.exit(77);
}

const failures = [];
const check = (ok, what) => { console.log((ok ? "ok   " : "FAIL ") + what); if (!ok) failures.push(what); };

function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(binary, ["serve", project, "--port", "0", "--paths", PATHS],
      { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    const timer = setTimeout(() => reject(new Error("server did not start in 450 s: " + err)), 450000);
    p.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/[0-9.]+:\d+\//);
      if (m) { clearTimeout(timer); resolve({ proc: p, url: m[0] }); }
    });
    p.stderr.on("data", (d) => { err += d; });
    p.on("exit", (code) => { clearTimeout(timer); reject(new Error("server exited " + code + ": " + err)); });
  });
}

let browser;
try {
  browser = await puppeteer.launch({ executablePath: chromium, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
} catch (e) {
  console.log("SKIP: Chromium cannot start here: " + e.message.split("\n")[0]);
  process.exit(77);
}

const server = await startServer();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1500, height: 1100 });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(e.message));
  let lastEval = null;
  page.on("response", async (r) => {
    if (r.url().endsWith("/api/evaluate") && r.status() === 200) lastEval = await r.json();
  });
  await page.goto(server.url, { waitUntil: "networkidle0", timeout: 60000 });
  const row = 'tr[data-target="bostader-1500-per-ar"][data-variant="average"] td.prob';
  await page.waitForSelector(row, { timeout: 60000 });
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Klart"));
  const before = await page.$eval(row, (e) => e.textContent);
  const v0 = await page.$eval("#chart", (e) => +e.dataset.version);
  const m0 = await page.$eval("#chart", (e) => +e.dataset.lastMedian);
  check(await page.$eval("h2[data-t=targets]", (e) => e.textContent) === "Sannolikheten att målen nås",
    "Swedish labels by default");
  // The y axis: round ticks (1, 2 or 5 times a power of ten apart) written the Swedish way.
  const ticks = await page.$$eval("#chart text.ytick", (es) => es.map((e) => e.textContent));
  const nums = ticks.map((x) => +x.replace(/[\s\u00a0\u202f]/g, "").replace(",", "."));
  const steps = nums.slice(1).map((v, i) => v - nums[i]);
  const step = steps[0], mag = step > 0 ? Math.pow(10, Math.floor(Math.log10(step) + 1e-9)) : 0;
  check(ticks.length >= 3 && ticks.every((x) => /^-?\d{1,3}([\u00a0\u202f ]\d{3})*(,\d+)?$/.test(x)) &&
    steps.every((d) => Math.abs(d - step) < 1e-9 * Math.abs(step)) &&
    [1, 2, 5].some((m) => Math.abs(step - m * mag) < 1e-9 * step) &&
    nums.every((v) => Math.abs(v / step - Math.round(v / step)) < 1e-6),
  `y-axis ticks round, in steps of 1, 2 or 5, Swedish format: ${ticks.join(" | ")}`);
  // The value reached and the first year name whose numbers and which measure they are.
  const reach = await page.$eval("#reach-text", (e) => e.textContent);
  check(/Scenariot: med sannolikheten 80 % är det lägsta årsvärdet 20\d\d–20\d\d minst/.test(reach) &&
    /ett enskilt års värde når målnivån 1\s500/.test(reach) && /målet kräver nivån varje år/.test(reach),
  "reach text names the scenario, the lowest year's value and the single-year first year: " + reach);
  if (shots) await page.screenshot({ path: path.join(shots, "serve.png") });

  // Move the housing slider to its top like a user: focus it and press End.
  await page.focus('input[type=range][data-knob="bostader"]');
  await page.keyboard.press("End");
  await page.waitForFunction((sel, b) => document.querySelector(sel).textContent !== b,
    { timeout: 30000 }, row, before);
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Klart"));
  const after = await page.$eval(row, (e) => e.textContent);
  const v1 = await page.$eval("#chart", (e) => +e.dataset.version);
  const m1 = await page.$eval("#chart", (e) => +e.dataset.lastMedian);
  check(after !== before, `housing P(met) changed: ${before} -> ${after}`);
  check(v1 > v0 && m1 > m0, `chart redrawn with a higher median (${m0.toFixed(0)} -> ${m1.toFixed(0)})`);
  const sliderValue = await page.$eval('input[type=number][aria-label]', (e) => +e.value);

  // Sensitivity view for the focus target.
  await page.click("#sens");
  await page.waitForSelector("#tornado rect[data-bar]", { timeout: 60000 });
  check(true, "tornado drawn");
  if (shots) await page.screenshot({ path: path.join(shots, "serve-moved.png") });

  // Save: the TOML is shown and offered as a download.
  await page.click("#save");
  await page.waitForFunction(() => !document.getElementById("saved").hidden, { timeout: 30000 });
  const toml = await page.$eval("#saved", (e) => e.textContent);
  check(/\[\[scenario\]\]/.test(toml) && /\bid = ["']eget-scenario["']/.test(toml) &&
    /indicator = ["']bostader_fardigstallda["']/.test(toml), "saved TOML has the scenario and its intervention");
  // The value saved is the slider's, as a distribution shifted to its centre.
  const mid = toml.match(/max = ([0-9.]+)/), lo = toml.match(/min = ([0-9.]+)/);
  check(mid && lo && Math.abs((+mid[1] + +lo[1]) / 2 - sliderValue) < 1e-6,
    `saved value centred on the slider (${sliderValue})`);

  // `utsikt compare` reads the saved file back to the same numbers.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "utsikt-browser-"));
  const src = path.dirname(path.resolve(project));
  for (const f of fs.readdirSync(src)) if (f !== "project.toml") fs.symlinkSync(path.join(src, f), path.join(tmp, f));
  fs.writeFileSync(path.join(tmp, "eget-scenario.toml"), toml);
  const text = fs.readFileSync(project, "utf8").replace(/^scenarios = \[([^\]]*)\]/m,
    (m, list) => `scenarios = [${list}, "eget-scenario.toml"]`);
  fs.writeFileSync(path.join(tmp, "project.toml"), text);
  const cmp = spawnSync(binary, ["compare", path.join(tmp, "project.toml"), "--paths", PATHS,
    "--output", path.join(tmp, "out")], { encoding: "utf8" });
  check(cmp.status === 0, "utsikt compare reads the saved scenario" + (cmp.status ? ": " + cmp.stderr : ""));
  if (cmp.status === 0) {
    const j = JSON.parse(fs.readFileSync(path.join(tmp, "out", "compare.json"), "utf8"));
    const s = j.scenarios.find((x) => x.id === "eget-scenario");
    let same = !!s && !!lastEval, n = 0;
    for (const t of lastEval.targets) {
      if (t.probability === null) continue;
      const c = s.targets.find((x) => x.target === t.id && x.variant === t.variant);
      n++;
      if (!c || c.probability !== t.probability) { same = false; console.log("  differs:", t.id, t.variant, t.probability, c && c.probability); }
    }
    check(same && n > 10, `utsikt compare gives the page's ${n} probabilities exactly`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });

  check(errors.length === 0, "no console errors" + (errors.length ? ": " + errors.join(" | ") : ""));
  await page.goto(server.url + "?lang=en", { waitUntil: "networkidle0" });
  await page.waitForSelector(row, { timeout: 60000 });
  check(await page.$eval("h2[data-t=targets]", (e) => e.textContent) === "Probability that the targets are met",
    "English with ?lang=en");
  await page.waitForFunction(() => document.getElementById("reach-text").textContent.includes("probability"),
    { timeout: 60000 });
  const reachEn = await page.$eval("#reach-text", (e) => e.textContent);
  check(/Scenario: with probability 80 % the lowest yearly value 20\d\d–20\d\d is at least/.test(reachEn) &&
    /first year in which a single year's value reaches the target level/.test(reachEn),
  "reach text in English: " + reachEn);
} catch (e) {
  failures.push(e.message);
  console.log("FAIL " + e.stack);
} finally {
  await browser.close();
  server.proc.kill("SIGTERM");
}
console.log(`${failures.length ? 0 : 1} passed, ${failures.length ? 1 : 0} failed`);
process.exit(failures.length ? 1 : 0);
