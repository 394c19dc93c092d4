// The report: self-contained HTML (no network references), a chart for every indicator with
// data, well-formed SVG, Swedish and English words, "no data" reasons; the xlsx workbook (a
// valid zip with the expected sheets, numbers stored as numbers, frozen headers, valid sheet
// names); the Swedish CSV dialect round-trips through utsikt's own CSV reader and number parser;
// the CLI writes all of it.
#include "utsikt/outputs/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "catalogue.hpp"
#include "report_text.hpp"
#include "test_util.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/number.hpp"
#include "utsikt/outputs/results.hpp"
#include "xml_check.hpp"

using namespace utsikt;
using namespace utsikt::out;
namespace fs = std::filesystem;

namespace {

const std::string kMini = test::source_dir() + "/tests/fixtures/mini/project.toml";
const std::string kExample = test::source_dir() + "/examples/norrbotten-rus2030/project.toml";

// One run per project file, shared by the tests of this binary (projects must outlive results).
struct Loaded {
  Project project;
  RunResult result;
};
const Loaded& loaded(const std::string& path) {
  static std::map<std::string, std::unique_ptr<Loaded>> cache;
  auto& slot = cache[path];
  if (!slot) {
    slot = std::make_unique<Loaded>();
    slot->project = load_project(path);
    slot->result = run_project(slot->project, RunOverrides{{}, 400, 2});
  }
  return *slot;
}

std::vector<std::string> svgs_in(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 4)) {
    const std::size_t e = html.find("</svg>", p);
    if (e == std::string::npos) break;
    out.push_back(html.substr(p, e + 6 - p));
  }
  return out;
}

// Every value of src="", href="" and url() in the text.
std::vector<std::string> references(const std::string& text) {
  std::vector<std::string> refs;
  static const std::regex attr(R"re((?:src|href|xlink:href)\s*=\s*["']([^"']*)["'])re",
                               std::regex::icase);
  static const std::regex url(R"re(url\(\s*["']?([^"')]*)["']?\s*\))re", std::regex::icase);
  for (const auto* re : {&attr, &url})
    for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it)
      refs.push_back((*it)[1].str());
  return refs;
}

bool is_network_reference(const std::string& r) {
  return r.rfind("http:", 0) == 0 || r.rfind("https:", 0) == 0 || r.rfind("//", 0) == 0 ||
         r.find("://") != std::string::npos;
}

}  // namespace

TEST(Report, HtmlIsSelfContained) {
  for (Lang lang : {Lang::sv, Lang::en}) {
    const std::string html = report_html(loaded(kExample).result, lang);
    const auto refs = references(html);
    EXPECT_FALSE(refs.empty());  // internal links (#omrade-1) and clip paths are there
    for (const auto& r : refs) EXPECT_FALSE(is_network_reference(r)) << r;
    for (const char* bad : {"<script", "<link", "<img", "<iframe", "@import", "@font-face"})
      EXPECT_EQ(html.find(bad), std::string::npos) << bad;
    // The references checker itself catches what it must.
    EXPECT_TRUE(is_network_reference(references("<img src=\"//cdn.example/x.png\">").at(0)));
    EXPECT_TRUE(is_network_reference(references("a { background: url('https://x/y') }").at(0)));
  }
}

TEST(Report, EveryIndicatorWithDataHasAChart) {
  const auto& L = loaded(kExample);
  const std::string html = report_html(L.result, Lang::sv);
  std::set<std::string> charted;  // indicators with a chart (panels: chart-<id>--<k>)
  std::size_t n_charts = 0;
  for (const auto& s : svgs_in(html)) {
    std::smatch m;
    if (std::regex_search(s, m, std::regex("id=\"chart-([a-z0-9_-]+)\""))) {
      std::string id = m[1];
      if (const auto p = id.find("--"); p != std::string::npos) id.erase(p);
      charted.insert(id);
      ++n_charts;
    }
  }
  int with_data = 0;
  for (const auto& ind : L.project.indicators) {
    bool data = false;
    for (const auto& g : ind.groups)
      if (const Series* s = L.project.find_series({ind.id, g}); s && !s->empty()) data = true;
    if (!data) continue;
    ++with_data;
    // An indicator whose targets all cannot be followed up gets a sentence, not a chart.
    bool has_targets = false, any_followed = false;
    for (const auto& t : L.result.targets)
      if (t.target->series.indicator == ind.id) {
        has_targets = true;
        any_followed = any_followed || t.status != TargetStatus::no_data;
      }
    if (has_targets && !any_followed) {
      EXPECT_FALSE(charted.count(ind.id)) << ind.id << ": no target can be followed up";
      continue;
    }
    if (charted.count(ind.id)) continue;
    // A comparison series is drawn in the chart of the indicator that refers to it.
    bool drawn_as_reference = false;
    // (or belongs to an indicator that gets no chart, above).
    for (const auto& other : L.project.indicators)
      if (other.reference == ind.id) {
        bool other_targets = false, other_followed = false;
        for (const auto& t : L.result.targets)
          if (t.target->series.indicator == other.id) {
            other_targets = true;
            other_followed = other_followed || t.status != TargetStatus::no_data;
          }
        if (charted.count(other.id) || (other_targets && !other_followed))
          drawn_as_reference = true;
      }
    EXPECT_TRUE(drawn_as_reference) << ind.id << " has data but no chart";
  }
  EXPECT_GT(with_data, 10);
  EXPECT_EQ(report_charts(L.result, Lang::sv).size(), n_charts);
  EXPECT_GT(n_charts, charted.size());  // indicators with more than two groups are split in panels
}

TEST(Report, EverySvgIsWellFormedXml) {
  const std::string html = report_html(loaded(kExample).result, Lang::sv);
  const auto svgs = svgs_in(html);
  ASSERT_GT(svgs.size(), 5u);
  for (const auto& s : svgs) {
    EXPECT_EQ(test::xml_problem(s), "") << s.substr(0, 200);
    EXPECT_NE(s.find("<title id="), std::string::npos);
    EXPECT_NE(s.find("<desc id="), std::string::npos);
  }
  // The standalone chart files, also through python3's XML parser when it is installed.
  const std::string dir = test::temp_dir("charts");
  const auto files = write_report_charts(loaded(kExample).result, dir, Lang::sv);
  ASSERT_EQ(files.size(), report_charts(loaded(kExample).result, Lang::sv).size());
  for (const auto& f : files) EXPECT_EQ(test::xml_problem(test::read_file(f)), "") << f;
  if (test::run_command("python3 -c 'import xml.dom.minidom'").exit_code == 0) {
    const auto r = test::run_command(
        "python3 -c 'import sys, glob, xml.dom.minidom as m; [m.parse(f) for f in "
        "glob.glob(sys.argv[1] + \"/*.svg\")]' " +
        dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  fs::remove_all(dir);
}

TEST(Report, SwedishAndEnglishWords) {
  const auto& r = loaded(kMini).result;
  const std::string sv = report_html(r, Lang::sv);
  for (const char* w :
       {"lang=\"sv\"", "Sammanfattning", "Effektmål", "Senaste värde", "Sannolikhet att målet nås",
        "Utveckling", "Bedömning", "Prognos för målåret", "Om beräkningarna",
        "Diagram 1:", "Prognosintervall"})
    EXPECT_NE(sv.find(w), std::string::npos) << w;
  const std::string en = report_html(r, Lang::en);
  for (const char* w : {"lang=\"en\"", "Summary", "Effect target", "Latest value",
                        "Probability of meeting the target", "Development", "Chart 1:"})
    EXPECT_NE(en.find(w), std::string::npos) << w;
  EXPECT_EQ(en.find("Sannolikhet"), std::string::npos);
  // Arrows are never colour alone: a symbol and a word.
  EXPECT_TRUE(std::regex_search(sv, std::regex("[▲►▼]</span> (positiv|oförändrad|negativ)")));
}

TEST(Report, NoDataTargetsCarryTheirReason) {
  const std::string html = report_html(loaded(kMini).result, Lang::sv);
  EXPECT_NE(html.find("Uppföljning av målet har inte varit möjlig att genomföra."),
            std::string::npos);
  EXPECT_NE(html.find("kan inte följas upp"), std::string::npos);
}

TEST(Report, FocusAreasInProjectOrderAndAllTargetsInSummary) {
  const auto& r = loaded(kMini).result;
  const std::string html = report_html(r, Lang::sv);
  const std::size_t a = html.find(">Livskvalitet</a>"), b = html.find(">Hälsa</a>"),
                    c = html.find(">Transporter</a>"), d = html.find(">Innovation</a>");
  ASSERT_NE(a, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, d);
  for (const auto& t : r.targets)
    EXPECT_NE(html.find(detail::html_text(t.target->text_sv)), std::string::npos);
  // Numbers in running text never break over a line: "260 000" has a no-break space.
  EXPECT_NE(html.find("260\u00a0000"), std::string::npos);
  EXPECT_EQ(detail::html_text("M10 20 & 251 295"), "M10\u00a020 &amp; 251\u00a0295");
}

TEST(Report, ExcelSheetNames) {
  EXPECT_EQ(excel_sheet_name("Hög livskvalitet i attraktiva livsmiljöer", {}),
            "Hög livskvalitet i attraktiva");
  EXPECT_EQ(excel_sheet_name("Smarta, hållbara innovationer och entreprenörskap", {}),
            "Smarta, hållbara innovationer");
  std::string aa;
  for (int i = 0; i < 40; ++i) aa += "å";
  EXPECT_EQ(display_width(excel_sheet_name(aa, {})), 31u);
  EXPECT_EQ(excel_sheet_name("a/b:c*d?e[f]g\\h", {}), "a-b-c-d-e-f-g-h");
  EXPECT_EQ(excel_sheet_name("Data", {"data"}), "Data (2)");
  EXPECT_EQ(excel_sheet_name("'x'", {}), "x");
  EXPECT_EQ(excel_sheet_name("", {}), "Blad");
  const std::string long_dup = excel_sheet_name(std::string(40, 'x'), {std::string(31, 'x')});
  EXPECT_EQ(display_width(long_dup), 31u);
  EXPECT_NE(long_dup, std::string(31, 'x'));
}

TEST(Report, XlsxIsAValidWorkbookWithNumbers) {
  if (test::run_command("unzip -v").exit_code != 0) GTEST_SKIP() << "unzip not installed";
  const auto& r = loaded(kMini).result;
  const std::string dir = test::temp_dir("xlsx");
  const std::string path = dir + "/report.xlsx";
  write_report_xlsx(r, path, Lang::sv);
  const std::string bytes = test::read_file(path);
  ASSERT_GT(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  const auto list = test::run_command("unzip -Z1 " + path);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  // Summary, four focus areas, data.
  for (int i = 1; i <= 6; ++i)
    EXPECT_NE(list.out.find("xl/worksheets/sheet" + std::to_string(i) + ".xml"), std::string::npos)
        << i;
  EXPECT_NE(list.out.find("xl/workbook.xml"), std::string::npos);
  const std::string wb = test::run_command("unzip -p " + path + " xl/workbook.xml").out;
  EXPECT_EQ(test::xml_problem(wb), "");
  for (const char* name :
       {"Sammanfattning", "Livskvalitet", "Hälsa", "Transporter", "Innovation", "Data"})
    EXPECT_NE(wb.find("name=\"" + std::string(name) + "\""), std::string::npos) << name;
  for (int i = 1; i <= 6; ++i) {
    const std::string xml =
        test::run_command("unzip -p " + path + " xl/worksheets/sheet" + std::to_string(i) + ".xml")
            .out;
    EXPECT_EQ(test::xml_problem(xml), "") << i;
    EXPECT_NE(xml.find("state=\"frozen\""), std::string::npos)
        << "sheet " << i << " has no frozen header";
    // Cells: numbers are <c r=".." s=".."><v>..</v></c> without a t= type; text is t="s".
    int numeric = 0, text = 0;
    static const std::regex cell(R"re(<c r="([A-Z]+)(\d+)"([^>]*)>(?:<v>([^<]*)</v>)?)re");
    for (std::sregex_iterator it(xml.begin(), xml.end(), cell), end; it != end; ++it) {
      const std::string attrs = (*it)[3];
      if (attrs.find("t=\"s\"") != std::string::npos ||
          attrs.find("t=\"str\"") != std::string::npos) {
        ++text;
      } else if ((*it)[4].matched) {
        ++numeric;
        EXPECT_TRUE(std::isfinite(std::stod((*it)[4].str())));
      }
    }
    EXPECT_GT(numeric, 0) << "sheet " << i;
    EXPECT_GT(text, 0) << "sheet " << i;
  }
  // The summary's latest-value column (I) holds numbers, never text.
  const std::string s1 = test::run_command("unzip -p " + path + " xl/worksheets/sheet1.xml").out;
  EXPECT_TRUE(std::regex_search(s1, std::regex(R"re(<c r="I5" s="\d+"><v>[0-9.]+</v>)re")))
      << s1.substr(0, 3000);
  EXPECT_EQ(s1.find("<c r=\"I5\" s=\"1\" t=\"s\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(Csv, SwedishDialectRoundTrips) {
  const auto& r = loaded(kMini).result;
  const CsvDialect sv = csv_dialect_from_string("sv");
  EXPECT_EQ(sv.separator, ';');
  EXPECT_THROW(csv_dialect_from_string("fr"), InputError);
  for (int which = 0; which < 2; ++which) {
    const std::string plain = which == 0 ? projections_csv(r) : targets_csv(r);
    const std::string swedish = which == 0 ? projections_csv(r, sv) : targets_csv(r, sv);
    ASSERT_EQ(swedish.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(plain.substr(0, 3), "\xEF\xBB\xBF");
    // As a reader gets it: the file through read_text_file (strips the BOM, checks UTF-8), the
    // separator detected from the header line.
    const std::string dir = test::temp_dir("csv-sv");
    test::write_file(dir + "/sv.csv", swedish);
    const std::string text = read_text_file(dir + "/sv.csv");
    fs::remove_all(dir);
    EXPECT_EQ(detect_separator(text.substr(0, text.find('\n'))), ';');
    const auto a = parse_csv_text(plain, ',', "plain.csv");
    const auto b = parse_csv_text(text, ';', "sv.csv");
    ASSERT_EQ(a.size(), b.size());
    ASSERT_GT(a.size(), 5u);
    int numbers = 0, decimals = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(a[i].size(), b[i].size()) << "row " << i;
      for (std::size_t j = 0; j < a[i].size(); ++j) {
        const ParsedNumber pa = parse_number(a[i][j]);
        const ParsedNumber pb = parse_number(b[i][j]);
        if (pa.status == NumberStatus::ok && i > 0 &&
            a[i][j].find_first_of("<>=") == std::string::npos) {
          ASSERT_EQ(pb.status, NumberStatus::ok) << b[i][j];
          EXPECT_EQ(pa.value, pb.value) << a[i][j] << " vs " << b[i][j];
          ++numbers;
          if (b[i][j].find(',') != std::string::npos) {
            ++decimals;
            EXPECT_EQ(b[i][j].find('.'), std::string::npos) << b[i][j];
          }
        } else {
          EXPECT_EQ(a[i][j], b[i][j]) << "row " << i << " col " << j;
        }
      }
    }
    EXPECT_GT(numbers, 20);
    EXPECT_GT(decimals, 5);
  }
  // The default dialect is unchanged: ',' and '.', header as before.
  EXPECT_EQ(projections_csv(r).substr(0, 48), "indicator,group,year,observed,q0.025,q0.1,q0.25,");
}

TEST(ReportCli, ReportAndRunWriteTheirFiles) {
  const std::string dir = test::temp_dir("cli-report");
  const auto rep = test::run_command(test::utsikt_binary() + " report " + kMini + " --output " +
                                     dir + " --format html,xlsx --charts " + dir +
                                     "/charts --csv-dialect sv --paths 300");
  ASSERT_EQ(rep.exit_code, 0) << rep.err;
  for (const char* f : {"report.html", "report.xlsx", "targets.csv", "projections.csv",
                        "charts/population.svg", "charts/sickdays.svg"})
    EXPECT_TRUE(fs::exists(dir + "/" + f)) << f;
  EXPECT_EQ(test::read_file(dir + "/targets.csv").substr(0, 3), "\xEF\xBB\xBF");
  const auto en = test::run_command(test::utsikt_binary() + " report " + kMini + " --output " +
                                    dir + "/en --lang en --paths 300");
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(test::read_file(dir + "/en/report.html").find("lang=\"en\""), std::string::npos);
  const auto run = test::run_command(test::utsikt_binary() + " run " + kMini + " --output " + dir +
                                     "/run --report --paths 300");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(dir + "/run/report.html"));
  EXPECT_TRUE(fs::exists(dir + "/run/targets.csv"));
  const auto bad = test::run_command(test::utsikt_binary() + " report " + kMini + " --format pdf");
  EXPECT_NE(bad.exit_code, 0);
  fs::remove_all(dir);
}

TEST(ReportFormat, LabelsAndNumbers) {
  EXPECT_EQ(format_value(0.0, Lang::sv), "0");
  EXPECT_EQ(format_trimmed(0.75, 3, Lang::sv), "0,75");
  EXPECT_EQ(format_trimmed(1500, 3, Lang::sv), "1 500");
  EXPECT_EQ(format_trimmed(25, 3, Lang::en), "25");
  EXPECT_EQ(format_trimmed(-0.7, 3, Lang::sv), "−0,7");
  EXPECT_EQ(value_decimals(251295), 0);
  EXPECT_EQ(value_decimals(48.8), 1);
  EXPECT_EQ(format_value_pct(48.8, true, Lang::sv), "48,8\u00a0%");
  EXPECT_EQ(format_value_pct(48.8, true, Lang::en), "48.8%");
  EXPECT_EQ(format_value_pct(251295, false, Lang::sv), "251 295");
  EXPECT_EQ(group_label("women", Lang::sv), "Kvinnor");
  EXPECT_EQ(group_label("utrikes_men", Lang::sv), "Utrikes födda män");
  EXPECT_EQ(group_label("some_group", Lang::en), "Some group");
  EXPECT_EQ(model_label("linear(log)", Lang::sv), "linjär trend (logaritmisk skala)");
  EXPECT_EQ(model_label("rw_drift", Lang::en), "random walk with drift");
  EXPECT_EQ(capitalize("ökning"), "Ökning");
}

// A flow target's "every year" row reports the statistic its verdict is about, the lowest year
// of the period, in the terminal table, the report and the workbook alike; its "on average" row
// the average. (The housing target once showed the average under "lowest year".)
TEST(Report, EveryYearRowsShowTheLowestYear) {
  const auto& r = loaded(kExample).result;
  const TargetResult* every = nullptr;
  const TargetResult* avg = nullptr;
  for (const auto& t : r.targets)
    if (t.target->id == "bostader-1500-per-ar") (t.variant == "every_year" ? every : avg) = &t;
  ASSERT_TRUE(every && avg && every->measure_interval && avg->value);
  // The lowest year is below the average on every path, so its median is too.
  EXPECT_LT(every->measure_interval->median, avg->value->median);
  const std::string table = results_table(r, Lang::sv, 200);
  const std::string lowest = "lägsta år " + format_value(every->measure_interval->median, Lang::sv);
  EXPECT_NE(table.find(lowest), std::string::npos) << table;
  const auto p = detail::projection_summary(
      *every, r.project->find_indicator(every->target->series.indicator), Lang::sv);
  EXPECT_EQ(p.what, "lägsta år:");
  EXPECT_DOUBLE_EQ(p.median_value, every->measure_interval->median);
  // The verdict agrees with the statistic: NEJ with a lowest year far under 1 500.
  if (every->measure_interval->hi80 < every->target->value) {
    EXPECT_NE(every->assessment, Assessment::yes);
  }
}

// No fan chart for an indicator none of whose targets can be followed up ("kan inte följas
// upp"): a short sentence instead, no projection in words, and the targets' reasons.
TEST(Report, NoChartWhereNoTargetCanBeFollowedUp) {
  const auto& L = loaded(kExample);
  for (Lang lang : {Lang::sv, Lang::en}) {
    const std::string html = report_html(L.result, lang);
    // smf_export (17 % in 2016) has data, but its one target cannot be followed up.
    const auto a = html.find("id=\"ind-smf_export\"");
    ASSERT_NE(a, std::string::npos);
    const std::string article = html.substr(a, html.find("</article>", a) - a);
    EXPECT_EQ(article.find("<svg"), std::string::npos);
    EXPECT_NE(article.find("class=\"nochart\""), std::string::npos);
    EXPECT_NE(article.find(lang == Lang::sv ? "kan inte följas upp" : "cannot be followed up"),
              std::string::npos);
    EXPECT_EQ(article.find(lang == Lang::sv ? "prognosen för" : "projection for"),
              std::string::npos);
    // An indicator with a target that can be followed up keeps its chart.
    const auto b = html.find("id=\"ind-befolkning\"");
    ASSERT_NE(b, std::string::npos);
    EXPECT_NE(html.substr(b, html.find("</article>", b) - b).find("<svg"), std::string::npos);
  }
  for (const auto& c : report_charts(L.result, Lang::sv)) EXPECT_NE(c.indicator, "smf_export");
}

// Intervals of bounded quantities are shown within their bounds: a relative change of a
// non-negative quantity never below -100 %, a share never above 100 %, and the cut is said.
// (The engine keeps its paths inside the bounds and reports paths_clamped when it had to; the
// writers guard derived totals and differences of such paths.)
TEST(Report, BoundedIntervalsShownWithinTheirBounds) {
  const auto& L = loaded(kExample);
  for (const auto& t : L.result.targets) {
    if (t.status == TargetStatus::no_data) continue;
    const Indicator* ind = L.project.find_indicator(t.target->series.indicator);
    const auto p = detail::projection_summary(t, ind, Lang::sv);
    const Bounds b = detail::shown_bounds(t, ind);
    for (double v : {p.median_value, p.lo80, p.hi80}) {
      if (b.lower) {
        EXPECT_GE(v, *b.lower) << t.target->id;
      }
      if (b.upper) {
        EXPECT_LE(v, *b.upper) << t.target->id;
      }
    }
  }
  // A change target on a count whose interval reaches below -100 % (as a derived total could).
  const TargetResult* change = nullptr;
  for (const auto& t : L.result.targets)
    if (t.target->id == "transporter-minus-70-2030") change = &t;
  ASSERT_TRUE(change && change->measure_interval);
  TargetResult wide = *change;
  wide.measure_interval->lo80 = -1.88;
  wide.measure_interval->hi80 = 1.9;
  const Indicator* ind = L.project.find_indicator(wide.target->series.indicator);
  const auto p = detail::projection_summary(wide, ind, Lang::sv);
  EXPECT_TRUE(p.cut);
  EXPECT_DOUBLE_EQ(p.lo80, -1.0);
  EXPECT_DOUBLE_EQ(p.hi80, 1.9);
  EXPECT_NE(p.interval.find("−100"), std::string::npos) << p.interval;
  EXPECT_FALSE(detail::projection_summary(*change, ind, Lang::sv).cut);
  // A share above 100 % is cut at 100.
  const TargetResult* share = nullptr;
  for (const auto& t : L.result.targets)
    if (t.target->id == "kollektivtrafik-25-2030") share = &t;
  ASSERT_TRUE(share && share->value);
  TargetResult high = *share;
  high.value->hi80 = 130;
  const auto q = detail::projection_summary(
      high, L.project.find_indicator(high.target->series.indicator), Lang::sv);
  EXPECT_TRUE(q.cut);
  EXPECT_DOUBLE_EQ(q.hi80, 100.0);
  const std::string html = report_html(L.result, Lang::sv);
  EXPECT_EQ(html.find("intervallet avskuret vid gränsen"), std::string::npos);  // none cut here
}

// The warnings under the terminal table are in the table's language too (the engine's English
// text stays in targets.json), with the target and the code to look them up.
// The terminal's warnings: none for a target that cannot be followed up (the example has such
// targets whose series still carry warnings), and one line per warning, naming every target that
// reads the series, instead of the same sentence once per target.
TEST(Report, TerminalWarningsOncePerWarningAndOnlyForResults) {
  const auto& r = loaded(kExample).result;
  const std::string sv = results_table(r, Lang::sv, 200);
  std::size_t no_data_with_warnings = 0;
  for (const TargetResult& t : r.targets) {
    if (t.status != TargetStatus::no_data) continue;
    for (const Diagnostic& d : t.diagnostics)
      if (d.severity == Severity::warning && d.code != "few_data_points") {
        ++no_data_with_warnings;
        EXPECT_EQ(sv.find("  ! " + t.target->id + " ("), std::string::npos) << t.target->id;
        EXPECT_EQ(sv.find(", " + t.target->id + " ("), std::string::npos) << t.target->id;
      }
  }
  EXPECT_GT(no_data_with_warnings, 0u) << "the example no longer has the case this test is for";
  std::set<std::string> sentences;
  std::size_t lines = 0;
  std::istringstream in(sv);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  ! ", 0) != 0) continue;
    ++lines;
    const auto p = line.find("): ");
    ASSERT_NE(p, std::string::npos) << line;
    const auto q = line.rfind(" (", p);
    EXPECT_TRUE(sentences.insert(line.substr(q)).second) << "repeated: " << line;
  }
  EXPECT_GT(lines, 0u);
  // A warning that several targets share (same code and text) is one line naming them all.
  std::map<std::string, std::vector<std::string>> shared;
  for (const TargetResult& t : r.targets)
    if (t.status != TargetStatus::no_data)
      for (const Diagnostic& d : t.diagnostics)
        if (d.severity == Severity::warning && d.code != "few_data_points") {
          auto& ids = shared[d.code + "\n" + d.message];
          if (std::find(ids.begin(), ids.end(), t.target->id) == ids.end())
            ids.push_back(t.target->id);
        }
  std::size_t merged = 0;
  for (const auto& [key, ids] : shared) {
    if (ids.size() < 2) continue;
    ++merged;
    std::string who;
    for (const std::string& id : ids) who += (who.empty() ? "" : ", ") + id;
    EXPECT_NE(sv.find("  ! " + who + " ("), std::string::npos) << who << "\n" << sv;
  }
  // (Until issue 13 the example's sick-day series gave such a shared warning, paths_clamped;
  // their paths now stay above 0, so the example may have none: merged can be 0.)
  (void)merged;
  EXPECT_EQ(lines, shared.size());
}

TEST(Report, TerminalWarningsInTheTablesLanguage) {
  const auto& r = loaded(kExample).result;
  const std::string sv = results_table(r, Lang::sv, 200), en = results_table(r, Lang::en, 200);
  EXPECT_NE(sv.find("(driver_too_few_overlap): Bara 2 år där både"), std::string::npos) << sv;
  EXPECT_EQ(sv.find("are needed for the regression"), std::string::npos);
  EXPECT_NE(en.find("(driver_too_few_overlap): Only 2 years with both"), std::string::npos) << en;
  EXPECT_EQ(sv.find("fell outside"), std::string::npos);
}

// The message catalogue renders a diagnostic from its code, variant and args (never from the
// English message): numbers the reader's way, the project's note in parentheses, and a code
// without an entry named, never shown as English text in a Swedish report.
TEST(Catalogue, DiagnosticsInBothLanguages) {
  const Diagnostic shift{
      Severity::info, "break_level_shift", "(any English text)", {"2024", "nytt mått", "115.6"}};
  EXPECT_EQ(detail::diagnostic_sentence(shift, Lang::sv),
            "Nivåskifte 2024 (nytt mått): historiken före 2024 flyttas med 115,6 vid skattningen; "
            "observationerna ändras inte.");
  EXPECT_EQ(detail::diagnostic_sentence(shift, Lang::en),
            "Level shift in 2024 (nytt mått): the history before 2024 is moved by 115.6 for "
            "fitting; the observations are not changed.");
  // The message plays no part: a reworded engine message keeps the numbers.
  const Diagnostic clamped{Severity::warning,
                           "paths_clamped",
                           "a message of another form",
                           {"806", "230000", "0.35", "[0, 100]"}};
  EXPECT_EQ(detail::diagnostic_sentence(clamped, Lang::sv),
            "806 av 230 000 simulerade värden (0,35 %) hamnade utanför indikatorns gränser "
            "[0, 100] och sattes till gränsen; prognosintervallen visas därför inom gränserna "
            "(avskurna där).");
  EXPECT_EQ(detail::diagnostic_sentence(clamped, Lang::en),
            "806 of 230,000 simulated values (0.35 %) fell outside the indicator's bounds "
            "[0, 100] and were set to the bound; the projection intervals are therefore shown "
            "within the bounds (cut there).");
  const Diagnostic unknown{Severity::warning, "some_new_code", "an English sentence"};
  const std::string sv = detail::diagnostic_sentence(unknown, Lang::sv);
  EXPECT_NE(sv.find("some_new_code"), std::string::npos);
  EXPECT_EQ(sv.find("English"), std::string::npos);
  EXPECT_EQ(detail::diagnostic_sentence(unknown, Lang::en), "An English sentence.");
  EXPECT_EQ(detail::message("no_data.before_first", Lang::sv, {"2010", "2016"}),
            "året 2010 ligger före seriens första observation (2016)");
  EXPECT_THROW(detail::message("no such key", Lang::sv), std::logic_error);
  EXPECT_THROW(detail::rendered("no such key", {}, Lang::sv), std::logic_error);
  // Every entry has both languages, the same parameters in both, and (where it says how its
  // args are written) one kind for each of them.
  for (const auto& e : detail::message_catalogue()) {
    EXPECT_FALSE(e.sv.empty() || e.en.empty()) << e.key;
    for (int i = 1; i <= 9; ++i) {
      const std::string ph = "{" + std::to_string(i) + "}";
      EXPECT_EQ(e.sv.find(ph) == std::string_view::npos, e.en.find(ph) == std::string_view::npos)
          << e.key << " " << ph;
      if (!e.args.empty()) {
        EXPECT_EQ(e.en.find(ph) != std::string_view::npos, i <= static_cast<int>(e.args.size()))
            << e.key << " " << ph;
      }
    }
  }
}

// Variants pick their own entry; years, models and series are written for the reader.
TEST(Catalogue, VariantsYearsModelsAndSeries) {
  const Diagnostic base{
      Severity::info, "interpolated", "base year 2012 is inside a gap", {"2012"}, "base_year"};
  EXPECT_EQ(detail::diagnostic_key(base), "interpolated.base_year");
  EXPECT_EQ(detail::diagnostic_sentence(base, Lang::sv),
            "Basåret 2012 ligger i ett glapp i serien och har interpolerats linjärt.");
  const Diagnostic period{
      Severity::info, "derived_from_period_total", "", {"2017-2019", "1234.5", "2017-2022"}};
  EXPECT_EQ(detail::diagnostic_sentence(period, Lang::sv),
            "Åren 2017–2019 är inte observerade var för sig utan härledda ur periodsumman 1 234,5 "
            "för 2017–2022, så att perioden summerar till den; de räknas tillsammans som en "
            "datapunkt.");
  const Diagnostic member{Severity::warning, "fit_not_converged", "", {"theta(log)"}, "member"};
  const std::string sv = detail::diagnostic_sentence(member, Lang::sv);
  EXPECT_NE(sv.find("(logaritmisk skala)"), std::string::npos) << sv;
  EXPECT_EQ(sv.find("log)"), std::string::npos) << sv;
  Diagnostic other{Severity::warning, "paths_clamped", "", {"1", "10", "10", "[0, 1]"}};
  other.series = "ohalsotal/men";
  EXPECT_EQ(detail::diagnostic_sentence(other, Lang::sv).rfind("ohalsotal/men: 1 av 10 ", 0), 0u);
  const Diagnostic note_free{Severity::info, "break_outlier", "", {"2015", ""}};
  EXPECT_EQ(detail::diagnostic_sentence(note_free, Lang::en),
            "Year 2015 is treated as a one-off outlier: it is not used for fitting but stays the "
            "observed value.");
}

// A target's no-data reason and an engine-written source are rendered from their code and args;
// the project's own words are shown as given.
TEST(Catalogue, NoDataReasonsAndEngineSources) {
  TargetResult t;
  t.no_data_reason = "x/total: year 2010 is before the first observation (2016)";
  t.no_data_code = "no_data.before_first";
  t.no_data_args = {"2010", "2016"};
  EXPECT_EQ(detail::no_data_sentence(t, Lang::sv),
            "året 2010 ligger före seriens första observation (2016)");
  EXPECT_EQ(detail::no_data_sentence(t, Lang::en),
            "the year 2010 is before the series' first observation (2016)");
  TargetResult own;
  own.no_data_reason = "Statistiken publiceras inte längre";
  EXPECT_EQ(detail::no_data_sentence(own, Lang::en), "Statistiken publiceras inte längre");
  Series s;
  s.years = {2023, 2024};
  s.values = {1.0, 2.0};
  s.sources = {"SCB", "estimate: age structure brought forward to 2024 by the cohort model"};
  s.engine_sources[2024] = {Severity::info, "source.cohort_estimate", s.sources[1], {"2024"}};
  EXPECT_EQ(detail::source_text(s, 0, Lang::sv), "SCB");
  EXPECT_EQ(detail::source_text(s, 1, Lang::sv),
            "skattning: åldersstrukturen framförd till 2024 av kohortmodellen");
  EXPECT_EQ(detail::source_text(s, 1, Lang::en),
            "estimate: age structure brought forward to 2024 by the cohort model");
}

// Diagnostics made by the engine itself carry the args their entry needs, and they are the
// values the English message states (each arg appears in it): rendered from the code in either
// language, nothing is left unfilled and no library code falls back to "koden X".
TEST(Catalogue, EngineDiagnosticsRenderWithTheirNumbers) {
  const auto& r = loaded(kExample).result;
  std::vector<const Diagnostic*> all;
  for (const auto& t : r.targets)
    for (const Diagnostic& d : t.diagnostics) all.push_back(&d);
  for (const auto& s : r.series)
    for (const Diagnostic& d : s.forecast.diagnostics) all.push_back(&d);
  auto lower = [](std::string x) {
    for (char& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return x;
  };
  std::set<std::string> codes;
  for (const Diagnostic* d : all) {
    const std::string sv = detail::diagnostic_sentence(*d, Lang::sv);
    const std::string en = detail::diagnostic_sentence(*d, Lang::en);
    EXPECT_EQ(sv.find('{'), std::string::npos) << d->code << ": " << sv;
    EXPECT_EQ(en.find('{'), std::string::npos) << d->code << ": " << en;
    EXPECT_EQ(sv.find("koden"), std::string::npos) << d->code << ": " << sv;
    for (const std::string& a : d->args)
      EXPECT_NE(lower(d->message).find(lower(a)), std::string::npos)
          << d->code << ": arg '" << a << "' is not in '" << d->message << "'";
    codes.insert(detail::diagnostic_key(*d));
  }
  // The example exercises several kinds (cohort assumptions, breaks, drivers, period totals).
  EXPECT_GE(codes.size(), 5u) << codes.size();
}

// A caveat names series by the indicator's name, not by the engine's identifier.
TEST(Report, CaveatsNameSeriesByTheirNames) {
  const std::string html = report_html(loaded(kExample).result, Lang::sv);
  EXPECT_NE(html.find("både ”Färdigställda bostäder i Norrbotten” och den drivande serien "
                      "”Folkmängd i Norrbotten”"),
            std::string::npos);
  EXPECT_EQ(html.find("bostader_fardigstallda/total och"), std::string::npos);
}

// "How well have the intervals held?" appears exactly when the run has a model it speaks of: the
// calibrated combination, the cohort model, or both; in the report's language.
TEST(Report, ReliabilityNoteFollowsTheModelsOfTheRun) {
  for (const std::string& path : {kMini, kExample}) {
    const RunResult& r = loaded(path).result;
    bool combination = false, cohort = false;
    for (const auto& sr : r.series) {
      combination = combination || !sr.forecast.calibration.factor.empty();
      cohort = cohort || sr.forecast.model == "cohort";
    }
    const std::string sv = detail::reliability_note(r, Lang::sv);
    const std::string en = detail::reliability_note(r, Lang::en);
    EXPECT_EQ(sv.empty(), !combination && !cohort) << path;
    EXPECT_EQ(sv.find("M3-tävlingens") != std::string::npos, combination) << path;
    EXPECT_EQ(en.find("M3 competition") != std::string::npos, combination) << path;
    EXPECT_EQ(sv.find("Kohortmodellen") != std::string::npos, cohort) << path;
    EXPECT_EQ(en.find("cohort model") != std::string::npos, cohort) << path;
    if (!sv.empty()) {
      EXPECT_NE(report_html(r, Lang::sv).find(detail::html_text(sv)), std::string::npos) << path;
      EXPECT_NE(report_html(r, Lang::en).find(detail::html_text(en)), std::string::npos) << path;
      EXPECT_EQ(en.find("Hur väl"), std::string::npos);
    }
  }
  // The example has both kinds.
  const RunResult& ex = loaded(kExample).result;
  EXPECT_NE(detail::reliability_note(ex, Lang::sv).find("Kohortmodellen"), std::string::npos);
  EXPECT_NE(detail::reliability_note(ex, Lang::sv).find("kalibrerade kombinationen"),
            std::string::npos);
}
