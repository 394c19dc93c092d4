// The report with scenarios: the "Scenarier" section names every scenario and its P(met) agree
// with `utsikt compare` (same seed and paths, common random numbers); charts of changed series
// draw the scenario's median with a legend entry; every SVG stays well-formed, the HTML stays
// self-contained; --no-scenarios leaves it all out.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "catalogue.hpp"
#include "svg_geometry.hpp"
#include "test_util.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/outputs/report.hpp"
#include "utsikt/scenarios/scenario.hpp"
#include "xml_check.hpp"

using namespace utsikt;
using namespace utsikt::out;
namespace fs = std::filesystem;

namespace {

const std::string kExample = test::source_dir() + "/examples/norrbotten-rus2030/project.toml";
const std::string kMini = test::source_dir() + "/tests/fixtures/mini/project.toml";

std::vector<std::string> svgs_in(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 4)) {
    const std::size_t e = html.find("</svg>", p);
    if (e == std::string::npos) break;
    out.push_back(html.substr(p, e + 6 - p));
  }
  return out;
}

// The report (sv) with and without scenarios, the charts, compare.csv and `run --report`, from
// the CLI, once for the whole suite: CTest runs this binary first with
// UTSIKT_TEST_FIXTURE_SETUP=1 (the fixture `report_scenario_outputs`, tests/CMakeLists.txt),
// which writes them to the build tree; every test process then reads them instead of running
// the eight commands again. Run by hand without that setup, a process makes its own copy.
struct Outputs {
  std::string dir;
  std::string html, html_en, html_none;
  std::string html_run, html_run_none;  // `run --report` with and without scenarios
  std::string compare_csv;
};

// What identifies the binary that made a cached set (a rebuild makes a new set).
std::string binary_stamp() {
  const fs::path bin = test::utsikt_binary();
  return std::to_string(fs::file_size(bin)) + " " +
         std::to_string(fs::last_write_time(bin).time_since_epoch().count());
}

void generate_outputs(const std::string& dir) {
  const std::string common = " --paths 1000 --seed 7 --threads 2";
  const std::string bin = test::utsikt_binary();
  auto run = [&](const std::string& args) {
    const auto r = test::run_command(bin + " " + args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
  };
  run("report " + kExample + " --output " + dir + "/sv --format html,xlsx --charts " + dir +
      "/charts" + common);
  run("report " + kExample + " --output " + dir + "/en --lang en" + common);
  run("report " + kExample + " --output " + dir +
      "/none --format html,xlsx --no-scenarios --charts " + dir + "/charts-none" + common);
  run("compare " + kExample + " --output " + dir + "/cmp" + common);
  // Same seed and paths with `run --report` (default threads): must give the same documents.
  run("run " + kExample + " --output " + dir + "/run --report --paths 1000 --seed 7");
  run("run " + kExample + " --output " + dir + "/run-none --report --no-scenarios --paths 1000 " +
      "--seed 7");
}

const Outputs& outputs() {
  static std::unique_ptr<Outputs> o;
  if (o) return *o;
  o = std::make_unique<Outputs>();
  const std::string shared = std::string(UTSIKT_TEST_CACHE_DIR) + "/report-scenarios";
  const std::string marker = shared + "/complete";
  const char* setup = std::getenv("UTSIKT_TEST_FIXTURE_SETUP");
  if (setup != nullptr && std::string(setup) == "1") {
    fs::remove_all(shared);
    fs::create_directories(shared);
    generate_outputs(shared);
    if (!::testing::Test::HasFailure()) test::write_file(marker, binary_stamp());
    o->dir = shared;
  } else if (fs::exists(marker) && test::read_file(marker) == binary_stamp()) {
    o->dir = shared;
  } else {
    o->dir = test::temp_dir("report-scenarios");
    generate_outputs(o->dir);
  }
  o->html = test::read_file(o->dir + "/sv/report.html");
  o->html_en = test::read_file(o->dir + "/en/report.html");
  o->html_none = test::read_file(o->dir + "/none/report.html");
  o->html_run = test::read_file(o->dir + "/run/report.html");
  o->html_run_none = test::read_file(o->dir + "/run-none/report.html");
  o->compare_csv = test::read_file(o->dir + "/cmp/compare.csv");
  return *o;
}

const Project& example_project() {
  static const Project p = load_project(kExample);
  return p;
}

}  // namespace

TEST(ReportScenarios, SectionNamesEveryScenario) {
  const auto& o = outputs();
  const ScenarioSet set = load_scenarios(example_project());
  ASSERT_GE(set.scenarios.size(), 2u);
  const auto sec = o.html.find("<section class=\"scenarios\" id=\"scenarier\">");
  ASSERT_NE(sec, std::string::npos);
  EXPECT_NE(o.html.find("<h2>Scenarier</h2>"), std::string::npos);
  // After the summary, before the first focus area.
  EXPECT_GT(sec, o.html.find("<section class=\"summary\">"));
  EXPECT_LT(sec, o.html.find("<section class=\"area\""));
  const std::string section = o.html.substr(sec, o.html.find("</section>", sec) - sec);
  for (const Scenario& s : set.scenarios) {
    EXPECT_NE(section.find("id=\"scenario-" + s.id + "\""), std::string::npos) << s.id;
    EXPECT_NE(section.find(s.name_sv.substr(0, s.name_sv.find(' '))), std::string::npos)
        << s.name_sv;
    EXPECT_NE(section.find("data-scenario=\"" + s.id + "\""), std::string::npos) << s.id;
  }
  EXPECT_NE(section.find("mål har samma sannolikhet i alla scenarier som i basen"),
            std::string::npos);
  // English words with --lang en.
  EXPECT_NE(o.html_en.find("<h2>Scenarios</h2>"), std::string::npos);
  EXPECT_NE(o.html_en.find("targets have the same probability in every scenario"),
            std::string::npos);
  // A scenario effect under a target in a focus-area table.
  EXPECT_NE(o.html.find("Med scenariot Fler bostäder: "), std::string::npos);
  EXPECT_NE(o.html_en.find("With the scenario More housing: "), std::string::npos);
}

TEST(ReportScenarios, ProbabilitiesAgreeWithCompareCsv) {
  const auto& o = outputs();
  const auto rows = parse_csv_text(o.compare_csv, ',', "compare.csv");
  ASSERT_GT(rows.size(), 2u);
  const auto& h = rows[0];
  auto col = [&](const std::string& name) {
    const auto it = std::find(h.begin(), h.end(), name);
    EXPECT_NE(it, h.end()) << name;
    return static_cast<std::size_t>(it - h.begin());
  };
  const std::size_t ct = col("target"), cv = col("variant"), cs = col("scenario"),
                    cp = col("probability"), cc = col("change_pp");
  std::map<std::string, double> csv_p;  // target|variant|scenario -> probability
  std::map<std::string, double> csv_change;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.size() <= std::max({ct, cv, cs, cp, cc}) || r[cp].empty()) continue;
    const std::string key = r[ct] + "|" + r[cv] + "|" + r[cs];
    csv_p[key] = std::stod(r[cp]);
    if (!r[cc].empty()) csv_change[key] = std::stod(r[cc]);
  }
  // Every probability cell of the scenario table.
  const auto sec = o.html.find("id=\"scenarier\"");
  const std::string section = o.html.substr(sec, o.html.find("</section>", sec) - sec);
  static const std::regex cell(
      R"re(data-target="([^"]*)" data-variant="([^"]*)" data-scenario="([^"]*)" data-p="([0-9.]+)")re");
  int n = 0, changed = 0;
  for (std::sregex_iterator it(section.begin(), section.end(), cell), end; it != end; ++it) {
    const std::string key = (*it)[1].str() + "|" + (*it)[2].str() + "|" + (*it)[3].str();
    ASSERT_TRUE(csv_p.count(key)) << key;
    EXPECT_NEAR(std::stod((*it)[4].str()), csv_p[key], 1e-6) << key;
    if ((*it)[3].str() != "baseline" && std::fabs(csv_change[key]) >= 0.05) ++changed;
    ++n;
  }
  EXPECT_GT(n, 0);
  EXPECT_GT(changed, 0);
  // Every target that some scenario changes (by at least 0.05 pp) is in the table.
  for (const auto& [key, d] : csv_change)
    if (std::fabs(d) >= 0.05) {
      const std::string target = key.substr(0, key.find('|'));
      EXPECT_NE(section.find("data-target=\"" + target + "\""), std::string::npos) << key;
    }
}

TEST(ReportScenarios, ChartsOfChangedSeriesDrawTheScenario) {
  const auto& o = outputs();
  // In the HTML: the chart of completed homes carries the housing scenario's line and legend.
  const auto start = o.html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760");
  ASSERT_NE(start, std::string::npos);
  bool found = false;
  for (const auto& svg : svgs_in(o.html)) {
    if (svg.find("id=\"chart-bostader_fardigstallda\"") == std::string::npos) continue;
    found = true;
    EXPECT_NE(svg.find("<g class=\"scenario\" data-scenario=\"0\">"), std::string::npos);
    EXPECT_NE(svg.find(">Scenario Fler bostäder (median)</text>"), std::string::npos);
    const auto d0 = svg.find("<desc"), d1 = svg.find("</desc>");
    EXPECT_NE(svg.substr(d0, d1 - d0).find("Scenario Fler bostäder"), std::string::npos);
  }
  EXPECT_TRUE(found);
  // The chart files written with --charts: population under the migration scenario.
  // (the population has four groups: the total is the first panel, befolkning--1.svg)
  const std::string bef = test::read_file(outputs().dir + "/charts/befolkning--1.svg");
  EXPECT_NE(bef.find("<g class=\"scenario\""), std::string::npos);
  EXPECT_NE(bef.find(">Scenario Högre nettoinflyttning (median)</text>"), std::string::npos);
  // A chart of a series no scenario changes has no scenario line.
  for (const auto& e : fs::directory_iterator(outputs().dir + "/charts")) {
    const std::string name = e.path().filename().string();
    const std::string text = test::read_file(e.path().string());
    EXPECT_EQ(test::xml_problem(text), "") << name;
    // (the shares of women come from the cohort model that the migration scenarios change; the
    // renewable share of electricity is driven by the linked parameter of 'stalomstallning')
    if (name.rfind("bostader_fardigstallda", 0) != 0 && name.rfind("befolkning", 0) != 0 &&
        name.rfind("vaxthusgaser", 0) != 0 && name.rfind("kollektivtrafik_andel", 0) != 0 &&
        name.rfind("andel_kon", 0) != 0 && name.rfind("fornybar_el", 0) != 0) {
      EXPECT_EQ(text.find("class=\"scenario\""), std::string::npos) << name;
    }
  }
}

TEST(ReportScenarios, SvgsWellFormedAndHtmlSelfContained) {
  const auto& o = outputs();
  for (const std::string* html : {&o.html, &o.html_en, &o.html_none}) {
    const auto svgs = svgs_in(*html);
    ASSERT_GT(svgs.size(), 5u);
    for (const auto& s : svgs) EXPECT_EQ(test::xml_problem(s), "") << s.substr(0, 200);
    for (const char* bad : {"<script", "<link", "<img", "<iframe", "@import", "@font-face",
                            "http://example", "https:", "src="})
      EXPECT_EQ(html->find(bad), std::string::npos) << bad;
  }
  if (test::run_command("python3 -c 'import xml.dom.minidom'").exit_code == 0) {
    const auto r = test::run_command(
        "python3 -c 'import sys, glob, xml.dom.minidom as m; [m.parse(f) for f in "
        "glob.glob(sys.argv[1] + \"/*.svg\")]' " +
        outputs().dir + "/charts");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
}

TEST(ReportScenarios, NoScenariosLeavesThemOut) {
  const auto& o = outputs();
  EXPECT_EQ(o.html_none.find("id=\"scenarier\""), std::string::npos);
  EXPECT_EQ(o.html_none.find("class=\"scenario\""), std::string::npos);
  EXPECT_EQ(o.html_none.find("Med scenariot"), std::string::npos);
  EXPECT_EQ(o.html_none.find("class=\"swatch\""), std::string::npos);
  for (const auto& e : fs::directory_iterator(o.dir + "/charts-none"))
    EXPECT_EQ(test::read_file(e.path().string()).find("class=\"scenario\""), std::string::npos)
        << e.path();
  // The library: no comparison (or one with only the baseline) gives the report as before.
  const Project& p = example_project();
  const RunResult r = run_project(p, RunOverrides{7, 300, 2});
  Comparison only_base;
  only_base.baseline = &r;
  only_base.outcomes.push_back(ScenarioOutcome{nullptr, r.targets, {}, {}});
  EXPECT_EQ(report_html(r, Lang::sv), report_html(r, Lang::sv, &only_base));
}

TEST(ReportScenarios, RunReportAndProjectsWithoutScenarios) {
  const auto& o = outputs();
  EXPECT_NE(o.html_run.find("id=\"scenarier\""), std::string::npos);
  // Same seed and paths as `utsikt report`: the same document, with and without scenarios.
  EXPECT_EQ(o.html_run, o.html);
  EXPECT_EQ(o.html_run_none, o.html_none);
  // A project without scenarios: no section.
  const std::string dir = test::temp_dir("run-report-scenarios");
  const auto mini = test::run_command(test::utsikt_binary() + " report " + kMini + " --output " +
                                      dir + "/mini --paths 300");
  ASSERT_EQ(mini.exit_code, 0) << mini.err;
  EXPECT_EQ(test::read_file(dir + "/mini/report.html").find("id=\"scenarier\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(ReportScenarios, WorkbookHasAScenarioSheet) {
  if (test::run_command("unzip -v").exit_code != 0) GTEST_SKIP() << "unzip not installed";
  const auto& o = outputs();
  const std::string path = o.dir + "/sv/report.xlsx", none = o.dir + "/none/report.xlsx";
  const std::string wb = test::run_command("unzip -p " + path + " xl/workbook.xml").out;
  EXPECT_EQ(test::xml_problem(wb), "");
  EXPECT_NE(wb.find("name=\"Scenarier\""), std::string::npos);
  // The second sheet (after the summary): well-formed, probabilities and changes as numbers.
  const std::string xml = test::run_command("unzip -p " + path + " xl/worksheets/sheet2.xml").out;
  EXPECT_EQ(test::xml_problem(xml), "");
  static const std::regex num(R"re(<c r="[A-Z]+\d+" s="\d+"><v>[-0-9.eE]+</v>)re");
  EXPECT_GT(
      std::distance(std::sregex_iterator(xml.begin(), xml.end(), num), std::sregex_iterator()),
      100);
  EXPECT_EQ(test::run_command("unzip -p " + none + " xl/workbook.xml").out.find("Scenarier"),
            std::string::npos);
}

// ---- one language throughout ---------------------------------------------------------------

namespace {

// The words (letters only, lower case, at least 4 letters) of a text.
std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> out;
  std::string w;
  auto flush = [&] {
    if (w.size() >= 4) out.insert(w);
    w.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalpha(c)) {
      w += static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < text.size()) {  // å ä ö é ü and their capitals
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0x9E) d = static_cast<unsigned char>(d + 0x20);
      w += static_cast<char>(c);
      w += static_cast<char>(d);
      ++i;
    } else if (c == '_' || c == '/' || c == '.') {
      // Identifiers and file names (bostader_fardigstallda/total, docs/methods.md) are not words.
      w.clear();
      while (i + 1 < text.size() && !std::isspace(static_cast<unsigned char>(text[i + 1]))) ++i;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// Words spelt the same in Swedish and English, with the same meaning here.
const std::set<std::string> kBothLanguages{"under", "median", "scenario", "text", "prior"};

// The words of the catalogue's `lang` side that its other side never uses (and that are not
// words of both languages).
std::set<std::string> catalogue_words(Lang lang) {
  std::string own, other;
  for (const auto& e : detail::message_catalogue()) {
    own += " " + std::string(lang == Lang::sv ? e.sv : e.en);
    other += " " + std::string(lang == Lang::sv ? e.en : e.sv);
  }
  std::set<std::string> out;
  const auto theirs = words_of(other);
  for (const auto& w : words_of(own))
    if (!theirs.count(w) && !kBothLanguages.count(w)) out.insert(w);
  return out;
}

// Every text the project gives (names, notes, sources, target texts and reasons, the document's
// quotes, break notes, scenario names and descriptions): shown as given, in whatever language.
std::vector<std::string> project_texts(const Project& p) {
  std::vector<std::string> t{p.name_sv, p.name_en};
  for (const auto& i : p.indicators) {
    for (const auto* s : {&i.name_sv, &i.name_en, &i.unit_sv, &i.unit_en, &i.note}) t.push_back(*s);
    for (const auto& b : i.breaks) t.push_back(b.note);
  }
  for (const auto& [ref, s] : p.data) {
    t.push_back(s.provenance.source);
    for (const auto& n : s.provenance.notes) t.push_back(n);
    for (const auto& n : s.sources) t.push_back(n);
  }
  for (const auto& g : p.targets) {
    for (const auto* s : {&g.text_sv, &g.text_en, &g.no_data_reason, &g.goal, &g.goal_en,
                          &g.focus_area, &g.focus_area_en})
      t.push_back(*s);
    if (g.reported) t.push_back(g.reported->quote);
  }
  for (const auto& s : load_scenarios(p).scenarios)
    for (const auto* x : {&s.name_sv, &s.name_en, &s.description_sv, &s.description_en})
      t.push_back(*x);
  std::sort(t.begin(), t.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return t;
}

// The report's visible text (tags removed, entities and no-break spaces undone) without the
// project's own texts.
std::string generated_text(const std::string& page, const Project& p) {
  std::string html = page;  // without the style sheet
  if (const auto a = html.find("<style>"), b = html.find("</style>");
      a != std::string::npos && b != std::string::npos)
    html.erase(a, b - a);
  std::string s;
  bool tag = false;
  for (char c : html) {
    if (c == '<') tag = true;
    if (!tag) s += c;
    if (c == '>') {
      tag = false;
      s += ' ';
    }
  }
  s = test::xml_unescape(s);
  auto normal = [](std::string x) {
    for (std::size_t q = x.find("\u00a0"); q != std::string::npos; q = x.find("\u00a0", q))
      x.replace(q, 2, " ");
    return x;
  };
  s = normal(s);
  for (const auto& t : project_texts(p)) {
    if (t.size() < 3) continue;
    const std::string n = normal(t);
    for (std::size_t q = s.find(n); q != std::string::npos; q = s.find(n, q))
      s.replace(q, n.size(), " ");
  }
  return s;
}

std::string found_words(const std::string& html, Lang other) {
  const auto forbidden = catalogue_words(other);
  std::string hits;
  for (const auto& w : words_of(generated_text(html, example_project())))
    if (forbidden.count(w)) hits += w + " ";
  return hits;
}

}  // namespace

// The Swedish report has no English word of the message catalogue's technical notes (model
// notes, diagnostics, calibration, fallbacks, sources and reasons written by the engine), and
// the English report no Swedish one; what the project itself writes (names, notes, sources,
// quotes) is shown as given and left out of the scan.
TEST(ReportScenarios, OneLanguageThroughout) {
  const auto en_words = catalogue_words(Lang::en), sv_words = catalogue_words(Lang::sv);
  EXPECT_GT(en_words.size(), 100u);
  EXPECT_GT(sv_words.size(), 100u);
  EXPECT_TRUE(en_words.count("calibrated") && en_words.count("backtests"));
  EXPECT_TRUE(sv_words.count("kalibrerad") && sv_words.count("bakåttester"));
  EXPECT_EQ(found_words(outputs().html, Lang::en), "");
  EXPECT_EQ(found_words(outputs().html_run, Lang::en), "");
  EXPECT_EQ(found_words(outputs().html_en, Lang::sv), "");
  // The scan finds what it looks for: the engine's English model reason in a Swedish page.
  EXPECT_NE(
      found_words("<p>calibrated combination of theta(log), spread scaled by 0.9</p>", Lang::en),
      "");
  // No untranslated technical span is left.
  EXPECT_EQ(outputs().html.find("lang=\"en\""), outputs().html.find("<html lang=\"en\""));
}

// Every chart of the example's reports (fan charts, women and men, small multiples, charts with
// scenarios, the cohort model's components): no two target labels overlap (boxes estimated with
// the renderer's documented character width) and every band group has the one band style.
TEST(ReportScenarios, LabelsApartAndOneBandStyleInEveryChart) {
  std::string expected;
  for (const auto& b : band_layers())
    expected +=
        (expected.empty() ? "" : ",") + std::to_string(b.level) + ":" + opacity_text(b.opacity);
  int labels = 0, bands = 0;
  for (const std::string* html : {&outputs().html, &outputs().html_en}) {
    for (const auto& svg : svgs_in(*html)) {
      EXPECT_EQ(test::overlapping_labels(svg), "") << svg.substr(0, 200);
      labels += static_cast<int>(test::target_label_boxes(svg).size());
      for (const auto& st : test::band_styles(svg)) {
        EXPECT_EQ(st, expected);
        ++bands;
      }
      if (svg.find("class=\"bands\"") != std::string::npos) {
        const Lang lang = html == &outputs().html ? Lang::sv : Lang::en;
        EXPECT_NE(svg.find(band_legend_text(lang)), std::string::npos);
      }
    }
  }
  EXPECT_GT(labels, 20);
  EXPECT_GT(bands, 20);
}
