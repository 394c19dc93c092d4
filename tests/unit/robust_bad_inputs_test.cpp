// Every bad input of docs/bad-inputs.md, run through the utsikt binary: the exit code and the
// message the user sees must be exactly what the table in the docs says, inputs must be
// byte-for-byte unchanged (also on errors), and a failed command must leave no output folder
// (or an existing one unchanged).
//
// The table between the GENERATED markers in docs/bad-inputs.md is produced by this test.
// After a deliberate change of a message, regenerate it with
//     UTSIKT_UPDATE_DOCS=1 ./build/robust_bad_inputs_test
// and review the diff.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace utsikt::test;

namespace {

// A small valid project: one stock indicator from data.csv, one level target.
const std::string kToml =
    "[project]\npaths = 200\nhorizon_end = 2035\n"
    "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\ndata = \"data.csv\"\n"
    "[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = \"level\"\nop = \">=\"\n"
    "value = 260000\nyear = 2030\n";
const std::string kCsvHead = "indicator;year;value\n";
const std::string kCsv = kCsvHead + "pop;2017;251 295\npop;2018;250 497\npop;2019;250 093\n";

std::string utf16le(const std::string& ascii, bool bom) {
  std::string s = bom ? "\xFF\xFE" : "";
  for (char c : ascii) {
    s += c;
    s += '\0';
  }
  return s;
}

std::string with_target(const std::string& target) {
  return "[project]\npaths = 200\nhorizon_end = 2035\n"
         "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\ndata = \"data.csv\"\n" +
         target;
}

struct Case {
  std::string group{};                         // section of the table
  std::string input{};                         // what was tried (Markdown)
  std::map<std::string, std::string> files{};  // files in the case folder
  std::string args = "run project.toml --output out";
  std::function<void(const std::string& dir)> prepare{};  // extra setup (folders, pipes)
  std::string shell_prefix{};                             // e.g. "ulimit -f 1; "
  bool output_exists = false;  // "out" exists before (must stay unchanged)
};

// The red-team pass of issue 17: hostile input as a careful attacker or a careless user gives
// it (tests/unit/robust_hostile_test.cpp has the full reproductions).
void add_hostile_cases(std::vector<Case>& c) {
  const std::string g = "Hostile input (issue 17)";
  const std::map<std::string, std::string> ok = {{"project.toml", kToml}, {"data.csv", kCsv}};
  auto with = [&](const std::string& from, const std::string& to) {
    std::string t = kToml;
    t.replace(t.find(from), from.size(), to);
    return std::map<std::string, std::string>{{"project.toml", t}, {"data.csv", kCsv}};
  };
  Case dev{g, "output `targets.csv` is a symbolic link to `/dev/null`", ok};
  dev.prepare = [](const std::string& d) {
    fs::create_directories(d + "/out");
    fs::create_symlink("/dev/null", d + "/out/targets.csv");
  };
  dev.output_exists = true;
  c.push_back(dev);
  Case fifo{g, "output `targets.json` is a named pipe", ok};
  fifo.prepare = [](const std::string& d) {
    fs::create_directories(d + "/out");
    ::mkfifo((d + "/out/targets.json").c_str(), 0644);
  };
  fifo.output_exists = true;
  c.push_back(fifo);
  c.push_back(Case{g,
                   "data file `projections.csv` inside the output folder (`--output .`)",
                   {{"project.toml", with("data.csv", "projections.csv").at("project.toml")},
                    {"projections.csv", kCsv}},
                   "run project.toml --output ."});
  c.push_back(Case{g, "`import` with `--output` equal to its input", {{"t.px", "x"}}});
  c.back().args = "import t.px --output t.px";
  c.back().files = {{"t.px",
                     "CHARSET=\"ANSI\";\nMATRIX=\"T1\";\nTITLE=\"t\";\nCONTENTS=\"t\";\n"
                     "UNITS=\"st\";\nSTUB=\"år\";\nVALUES(\"år\")=\"2020\";\nDATA=\n1\n;\n"}};
  std::string many;
  for (int i = 0; i < 35000; ++i) many += i ? ".a" : "a";
  c.push_back(Case{g,
                   "dotted key of 35 000 parts (`a.a.a....a = 1`, 70 KB; crashed toml++)",
                   {{"project.toml", many + " = 1\n"}, {"data.csv", kCsv}}});
  c.push_back(Case{g,
                   "table header of 35 000 parts (`[a.a....a]`)",
                   {{"project.toml", "[" + many + "]\n"}, {"data.csv", kCsv}}});
  c.push_back(Case{
      g, "`volatility = 1e300`",
      with("kind = \"stock\"", "kind = \"stock\"\nvolatility = 1e300\nvolatility_source = \"x\"")});
  c.push_back(Case{g, "indicator id `pop--1` (the chart name of panel 1 of `pop`)",
                   with("id = \"pop\"", "id = \"pop--1\"")});
  std::string indicators = "[project]\npaths = 200\n";
  for (int i = 0; i <= 10000; ++i)
    indicators += "[[indicator]]\nid = \"i" + std::to_string(i) + "\"\nkind = \"rate\"\n";
  c.push_back(Case{g, "10 001 indicators", {{"project.toml", indicators}}});
  c.push_back(Case{g, "`-p nan`", ok, "targets project.toml -p nan --output out"});
  c.push_back(Case{g, "`--seed 18446744073709551616` (2^64)", ok,
                   "run project.toml --seed 18446744073709551616 --output out"});
  c.push_back(Case{g, "`--seed 1e23`", ok, "run project.toml --seed 1e23 --output out"});
  c.push_back(Case{g, "unknown command `frobnicate`", ok, "frobnicate project.toml"});
  c.push_back(Case{g,
                   "target text `=HYPERLINK(1)` (CSV formula injection; written as "
                   "`'=HYPERLINK(...)`)",
                   with("kind = \"level\"", "kind = \"level\"\ntext_sv = \"=HYPERLINK(1)\"")});
  c.push_back(
      Case{g,
           "values near 1.8e308 (no inf in any output)",
           {{"project.toml", kToml},
            {"data.csv", kCsvHead + "pop;2017;1,7e308\npop;2018;1,79e308\npop;2019;1e308\n"}},
           "report project.toml --format html,xlsx --csv-dialect sv --output out"});
}

std::vector<Case> cases() {
  std::vector<Case> c;
  auto csv = [](const std::string& group, const std::string& input, const std::string& rows) {
    return Case{group, input, {{"project.toml", kToml}, {"data.csv", kCsvHead + rows}}};
  };
  auto toml = [](const std::string& input, const std::string& text) {
    return Case{"Project file (TOML)", input, {{"project.toml", text}, {"data.csv", kCsv}}};
  };
  // ---- usage ----
  c.push_back({"Command line",
               "`--paths 5`",
               {{"project.toml", kToml}, {"data.csv", kCsv}},
               "run project.toml --paths 5 --output out"});
  c.push_back({"Command line", "no project file given", {}, "run"});
  c.push_back({"Command line",
               "unknown option `--sed 1`",
               {{"project.toml", kToml}, {"data.csv", kCsv}},
               "run project.toml --sed 1"});
  // ---- files ----
  c.push_back({"Files", "project file does not exist", {}, "run nope.toml --output out"});
  c.push_back({"Files",
               "project file is a folder",
               {},
               "run folder.toml --output out",
               [](const std::string& d) { fs::create_directories(d + "/folder.toml"); }});
  c.push_back({"Files",
               "project file is a named pipe (would block a reader)",
               {},
               "run pipe.toml --output out",
               [](const std::string& d) { ::mkfifo((d + "/pipe.toml").c_str(), 0644); }});
  c.push_back({"Files", "data file of 300 MiB (sparse)", {{"project.toml", kToml}}});
  c.back().prepare = [](const std::string& d) {
    write_file(d + "/data.csv", "");
    fs::resize_file(d + "/data.csv", std::uintmax_t{300} << 20);
  };
  // ---- encodings ----
  c.push_back(Case{"Encodings",
                   "CSV in Windows-1252 (Excel 'CSV (semicolon separated)')",
                   {{"project.toml", kToml + "[[indicator]]\nid = \"men\"\nkind = \"rate\"\n"
                                             "groups = [\"m\\u00e4n\"]\ndata = \"data.csv\"\n"},
                    {"data.csv",
                     "indicator;group;year;value\npop;total;2017;251 295\n"
                     "pop;total;2018;250 497\nmen;m\xE4n;2018;1\xA0"
                     "234,5\n"}}});
  c.push_back(
      Case{"Encodings",
           "project file in Windows-1252 (`name_sv = \"Folkm\xC3\xA4ngd\"` saved as ANSI)",
           {{"project.toml", with_target("[[target]]\nid = \"t\"\ntext_sv = \"Folkm\xE4ngd\"\n"
                                         "indicator = \"pop\"\nkind = \"level\"\nop = \">=\"\n"
                                         "value = 260000\nyear = 2030\n")},
            {"data.csv", kCsv}}});
  c.push_back(csv("Encodings", "CSV in UTF-16 with BOM (Excel 'Unicode text')", ""));
  c.back().files["data.csv"] = utf16le(kCsv, true);
  c.push_back(csv("Encodings", "CSV in UTF-16 without BOM", ""));
  c.back().files["data.csv"] = utf16le(kCsv, false);
  c.push_back(csv("Encodings", "CSV mixing UTF-8 (`m\xC3\xA4n`) and Windows-1252 (`\\xE4`)",
                  "pop;2017;1\npop;2018;2 # m\xC3\xA4n\npop;2019;m\xE4n\n"));
  c.push_back(csv("Encodings", "CSV with a UTF-8 BOM but a Windows-1252 byte", ""));
  c.back().files["data.csv"] = "\xEF\xBB\xBF" + kCsvHead +
                               "pop;2017;1\xA0"
                               "000\n";
  c.push_back(csv("Encodings", "an Excel workbook renamed to .csv", ""));
  c.back().files["data.csv"] = std::string("PK\x03\x04\x14\0\x06\0", 8) + "[Content_Types].xml";
  c.push_back(csv("Encodings", "CSV with a NUL byte", ""));
  c.back().files["data.csv"] = kCsvHead + "pop;2017;1" + std::string(1, '\0') + "2\n";
  c.push_back(Case{"Encodings",
                   "project file in UTF-16",
                   {{"project.toml", utf16le(kToml, true)}, {"data.csv", kCsv}}});
  c.push_back(csv("Encodings", "CSV with CRLF line ends and a UTF-8 BOM (accepted)", ""));
  c.back().files["data.csv"] =
      "\xEF\xBB\xBFindicator;year;value\r\npop;2017;251 295\r\npop;2018;250 497\r\n";
  // ---- values ----
  c.push_back(csv("Values", "text in a value: `tolv`", "pop;2017;12\npop;2018;tolv\n"));
  c.push_back(csv("Values", "`NaN`", "pop;2017;NaN\n"));
  c.push_back(csv("Values", "`-inf`", "pop;2017;-inf\n"));
  c.push_back(csv("Values", "Excel error value `#DIVISION/0!`", "pop;2017;#DIVISION/0!\n"));
  c.push_back(csv("Values", "`1e400` (overflows a double)", "pop;2017;1e400\n"));
  c.push_back(csv("Values", "`1e-400` (underflows a double)", "pop;2017;1e-400\n"));
  c.push_back(csv("Values", "`12 €` (a unit in the value)", "pop;2017;12 \xE2\x82\xAC\n"));
  c.push_back(csv("Values", "two decimal commas `1,5,3`", "pop;2017;1,5,3\n"));
  c.push_back(csv("Values", "decimal comma in a comma-separated file, unquoted", ""));
  c.back().files["data.csv"] = "indicator,year,value\npop,2017,251295,5\n";
  c.push_back(csv("Values", "negative value in a `stock`", "pop;2017;251295\npop;2018;-5\n"));
  c.push_back(
      Case{"Values",
           "share of 120 %",
           {{"project.toml", "[[indicator]]\nid = \"s\"\nkind = \"share\"\ndata = \"data.csv\"\n"},
            {"data.csv", kCsvHead + "s;2017;48,8 %\ns;2018;120 %\n"}}});
  c.push_back(csv("Values", "empty value and `..` (missing: a gap)",
                  "pop;2017;251 295\npop;2018;\npop;2019;..\npop;2020;249 000\n"));
  // ---- years and structure ----
  c.push_back(csv("Years and structure", "duplicate year", "pop;2017;1\npop;2018;2\npop;2017;3\n"));
  c.push_back(csv("Years and structure", "year `2017.5`", "pop;2017.5;1\n"));
  c.push_back(csv("Years and structure", "year `999`", "pop;999;1\n"));
  c.push_back(csv("Years and structure", "unsorted years (accepted, sorted)",
                  "pop;2019;250 093\npop;2017;251 295\npop;2018;250 497\n"));
  c.push_back(csv("Years and structure", "header without a `value` column", ""));
  c.back().files["data.csv"] = "indicator;year;varde\npop;2017;1\n";
  c.push_back(csv("Years and structure", "empty CSV file", ""));
  c.back().files["data.csv"] = "";
  c.push_back(csv("Years and structure", "only the header (no data: target has no data)", ""));
  c.push_back(csv("Years and structure", "unterminated quote", "pop;2017;\"12\n"));
  c.push_back(csv("Years and structure", "quote inside an unquoted field", "pop;20\"17;12\n"));
  c.push_back(csv("Years and structure", "indicator in the CSV that the project does not declare",
                  "pop;2017;1\nbefolkning;2017;2\n"));
  // ---- project file ----
  c.push_back(
      toml("TOML syntax error (missing quote)", "[[indicator]]\nid = \"pop\nkind = \"stock\"\n"));
  c.push_back(toml("misspelt key `knd`", "[[indicator]]\nid = \"pop\"\nknd = \"stock\"\n"));
  c.push_back(toml("unknown section `[projekt]`", "[projekt]\nseed = 1\n"));
  c.push_back(
      toml("target year 2300", with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = "
                                           "\"level\"\nop = \">=\"\nvalue = 1\nyear = 2300\n")));
  c.push_back(
      toml("`op = \"=>\"`", with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = "
                                        "\"level\"\nop = \"=>\"\nvalue = 1\nyear = 2030\n")));
  c.push_back(
      toml("`value = nan`", with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = "
                                        "\"level\"\nop = \">=\"\nvalue = nan\nyear = 2030\n")));
  c.push_back(toml("`value = \"tolv\"`",
                   with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = \"level\"\nop "
                               "= \">=\"\nvalue = \"tolv\"\nyear = 2030\n")));
  c.push_back(toml("change of -120 %",
                   with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = \"change\"\nop "
                               "= \"<=\"\nvalue = -1.2\nbase_year = 2017\nyear = 2030\n")));
  c.push_back(toml("paths = 10", "[project]\npaths = 10\n"));
  // ---- targets (exit 0, defined results) ----
  c.push_back(Case{
      "Project file (TOML)",
      "target already met (>= 100 000), 10 observations",
      {{"project.toml", with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = "
                                    "\"level\"\nop = \">=\"\nvalue = 100000\nyear = 2030\n")},
       {"data.csv", kCsvHead +
                        "pop;2010;248 609\npop;2011;248 436\npop;2012;248 609\n"
                        "pop;2013;249 436\npop;2014;249 677\npop;2015;250 570\npop;2016;250 093\n"
                        "pop;2017;251 295\npop;2018;250 497\npop;2019;250 093\n"}}});
  c.push_back(toml("target already met (>= 100 000), 3 observations: wide prior-driven interval",
                   with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = \"level\"\nop "
                               "= \">=\"\nvalue = 100000\nyear = 2030\n")));
  c.push_back(Case{"Project file (TOML)",
                   "share target of 150 % (cannot be met)",
                   {{"project.toml",
                     "[[indicator]]\nid = \"s\"\nkind = \"share\"\ndata = \"data.csv\"\n"
                     "[[target]]\nid = \"t\"\nindicator = \"s\"\nkind = \"level\"\nop = "
                     "\">=\"\nvalue = 150\nyear = 2030\n"},
                    {"data.csv", kCsvHead + "s;2017;48,8\ns;2018;50,1\ns;2019;0\n"}}});
  c.push_back(toml("target year before the last observation",
                   with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = \"level\"\nop "
                               "= \">=\"\nvalue = 251000\nyear = 2018\n")));
  c.push_back(toml("target year before the first observation",
                   with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = \"level\"\nop "
                               "= \">=\"\nvalue = 1\nyear = 2000\n")));
  c.push_back(toml("base year missing from the data",
                   with_target("[[target]]\nid = \"t\"\nindicator = \"pop\"\nkind = \"change\"\nop "
                               "= \"<=\"\nvalue = -0.1\nbase_year = 2010\nyear = 2030\n")));
  c.push_back(Case{"Project file (TOML)",
                   "base value 0 of a relative target",
                   {{"project.toml",
                     "[[indicator]]\nid = \"x\"\nkind = \"flow\"\ndata = \"data.csv\"\n"
                     "[[target]]\nid = \"t\"\nindicator = \"x\"\nkind = \"change\"\nop = "
                     "\">=\"\nvalue = 0.5\nbase_year = 2017\nyear = 2030\n"},
                    {"data.csv", kCsvHead + "x;2017;0\nx;2018;3\nx;2019;4\n"}}});
  c.push_back(Case{"Project file (TOML)",
                   "one observation in 1066, one in 2999",
                   {{"project.toml",
                     "[[indicator]]\nid = \"x\"\nkind = \"stock\"\ndata = \"data.csv\"\n"
                     "[[indicator]]\nid = \"y\"\nkind = \"stock\"\ndata = \"data.csv\"\n"
                     "[[target]]\nid = \"t1066\"\nindicator = \"x\"\nkind = \"level\"\nop = "
                     "\">=\"\nvalue = 1\nyear = 2030\n"
                     "[[target]]\nid = \"t2999\"\nindicator = \"y\"\nkind = \"level\"\nop = "
                     "\">=\"\nvalue = 1\nyear = 2030\n"},
                    {"data.csv", kCsvHead + "x;1066;1500\ny;2029;5\ny;2999;6\n"}}});
  // ---- limits ----
  c.push_back(Case{"Limits",
                   "`--paths 1000000` from 1066 to 2200 (8.5 GiB of paths)",
                   {{"project.toml",
                     "[project]\nhorizon_end = 2200\n[[indicator]]\nid = \"x\"\nkind = "
                     "\"stock\"\ndata = \"data.csv\"\n"},
                    {"data.csv", kCsvHead + "x;1066;1500\n"}},
                   "run project.toml --paths 1000000 --output out"});
  // ---- utsikt forecast ----
  const std::string batch =
      "series,part,time,value\na,train,2015,1\na,train,2016,2\na,train,2017,3\n";
  c.push_back({"utsikt forecast",
               "input in UTF-16",
               {{"in.csv", utf16le(batch, true)}},
               "forecast --input in.csv --output out/f.csv --horizon 3"});
  c.push_back({"utsikt forecast",
               "input is a named pipe",
               {},
               "forecast --input pipe.csv --output out/f.csv --horizon 3",
               [](const std::string& d) { ::mkfifo((d + "/pipe.csv").c_str(), 0644); }});
  c.push_back({"utsikt forecast",
               "`NaN` in a value",
               {{"in.csv", batch + "a,train,2018,NaN\n"}},
               "forecast --input in.csv --output out/f.csv --horizon 3"});
  // A missing output folder is created (the atomic writer of every command); a file where the
  // folder should be is an error.
  c.push_back({"utsikt forecast",
               "output folder is a file",
               {{"in.csv", batch}, {"out", "x"}},
               "forecast --input in.csv --output out/f.csv --horizon 3"});
  // ---- utsikt import ----
  c.push_back({"utsikt import",
               "table file is a named pipe",
               {},
               "import pipe.px",
               [](const std::string& d) { ::mkfifo((d + "/pipe.px").c_str(), 0644); }});
  c.push_back({"utsikt import", "table file is `/dev/zero`", {}, "import /dev/zero"});
  // ---- outputs ----
  c.push_back(Case{"Outputs",
                   "output folder is an existing file",
                   {{"project.toml", kToml}, {"data.csv", kCsv}, {"out", "a file\n"}}});
  c.push_back(Case{"Outputs",
                   "output path longer than the system allows",
                   {{"project.toml", kToml}, {"data.csv", kCsv}},
                   "run project.toml --output out/" + std::string(300, 'x')});
  c.push_back(Case{"Outputs",
                   "`targets.json` in the output folder is a folder (old outputs kept)",
                   {{"project.toml", kToml}, {"data.csv", kCsv}, {"out/targets.csv", "old\n"}},
                   "run project.toml --output out",
                   [](const std::string& d) { fs::create_directories(d + "/out/targets.json"); },
                   "",
                   true});
  c.push_back(Case{"Outputs",
                   "disk full while writing (simulated with `ulimit -f 1`: 1 KiB per file)",
                   {{"project.toml", kToml}, {"data.csv", kCsv}, {"out/targets.csv", "old\n"}},
                   "run project.toml --output out",
                   nullptr,
                   "ulimit -f 1; ",
                   true});
  add_hostile_cases(c);
  return c;
}

std::string md_escape(std::string s) {
  std::string r;
  for (char ch : s) {
    if (ch == '|')
      r += "\\|";
    else if (ch == '<')
      r += "&lt;";
    else if (ch == '>')
      r += "&gt;";
    else if (ch == '\n')
      r += "<br>";
    else if (ch == '*' || ch == '_')
      r += std::string("\\") + ch;
    else
      r += ch;
  }
  return r;
}

// Everything under dir except the output folder, with contents.
std::map<std::string, std::string> snapshot(const std::string& dir, bool with_out) {
  std::map<std::string, std::string> m;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string rel = fs::relative(it->path(), dir).string();
    const bool in_out = rel == "out" || rel.rfind("out/", 0) == 0;
    if (in_out && !with_out) continue;
    if (it->is_fifo()) {
      m[rel] = "<fifo>";
    } else if (it->is_directory()) {
      m[rel + "/"] = "";
    } else if (it->is_regular_file() && it->file_size() < (1u << 20)) {
      m[rel] = read_file(it->path().string());
    } else if (it->is_regular_file()) {
      m[rel] = "<size " + std::to_string(it->file_size()) + ">";
    }
  }
  return m;
}

// The user-visible outcome of a successful run: stderr notes and, per target, status,
// probability when it is 0 or 1, the no-data reason and the edge-case diagnostics.
std::string success_summary(const std::string& dir, const std::string& err) {
  std::string s = err;
  const std::string json_path = dir + "/out/targets.json";
  if (!fs::exists(json_path)) return s;
  const auto j = nlohmann::json::parse(read_file(json_path));
  for (const auto& t : j["targets"]) {
    std::string line =
        "target " + t["id"].get<std::string>() + ": " + t["status"].get<std::string>();
    if (t["probability"].is_number()) {
      const double p = t["probability"];
      if (p == 0.0 || p == 1.0) line += ", P(met) = " + std::to_string(static_cast<int>(p));
    }
    if (t["no_data_reason"].is_string()) line += ", " + t["no_data_reason"].get<std::string>();
    std::set<std::string> shown;
    for (const auto& d : t["diagnostics"]) {
      const std::string code = d["code"];
      if (code == "threshold_outside_bounds" || code == "zero_base" || code == "value_at_bound" ||
          code == "nonpositive_values" || code == "interpolated" || code == "few_data_points")
        shown.insert(code);
    }
    std::string codes;
    for (const auto& code : shown) codes += (codes.empty() ? "" : ", ") + code;
    if (!codes.empty()) line += " [" + codes + "]";
    s += (s.empty() || s.back() == '\n' ? "" : "\n") + line + "\n";
  }
  return s;
}

std::string generate_table() {
  std::ostringstream o;
  std::string group;
  int n = 0;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.input);
    const std::string dir = temp_dir("bad-" + std::to_string(++n));
    for (const auto& [name, text] : c.files) write_file(dir + "/" + name, text);
    if (c.prepare) c.prepare(dir);
    const auto before = snapshot(dir, false);
    const auto out_before = snapshot(dir, true);
    const auto r = run_command("cd " + dir + " && " + c.shell_prefix +
                               "UTSIKT_PROGRESS_AFTER=1000000 " + utsikt_binary() + " " + c.args);
    // Inputs are never changed, whatever happened.
    EXPECT_EQ(snapshot(dir, false), before) << "inputs changed";
    if (r.exit_code != 0) {
      // No output folder created, an existing one left exactly as it was.
      if (c.output_exists || c.files.count("out")) {
        EXPECT_EQ(snapshot(dir, true), out_before) << "existing output changed";
      } else {
        EXPECT_FALSE(fs::exists(dir + "/out")) << "output folder created on error";
      }
    }
    EXPECT_TRUE(r.exit_code >= 0 && r.exit_code <= 2) << "exit " << r.exit_code << ": " << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("nan"), std::string::npos) << r.out;
    if (r.exit_code == 2) {
      EXPECT_EQ(r.err.rfind("utsikt: error: ", 0), 0u) << r.err;
      EXPECT_NE(r.err.find("expected"), std::string::npos) << r.err;
    }
    std::string seen = r.exit_code == 0 ? success_summary(dir, r.err) : r.err;
    while (!seen.empty() && seen.back() == '\n') seen.pop_back();
    if (c.group != group) {
      group = c.group;
      o << "\n### " << group
        << "\n\n| # | input | exit | what the user sees |\n|---|---|---|---|\n";
    }
    o << "| " << n << " | " << c.input << " | " << r.exit_code << " | " << md_escape(seen)
      << " |\n";
    fs::remove_all(dir);
  }
  return o.str();
}

const std::string kBegin = "<!-- BEGIN GENERATED by tests/unit/robust_bad_inputs_test.cpp -->\n";
const std::string kEnd = "<!-- END GENERATED -->\n";

}  // namespace

TEST(RobustBadInputs, TableInDocsMatchesWhatTheUserSees) {
  const std::string table = generate_table();
  const std::string doc_path = source_dir() + "/docs/bad-inputs.md";
  std::string doc = read_file(doc_path);
  const auto b = doc.find(kBegin), e = doc.find(kEnd);
  ASSERT_NE(b, std::string::npos) << "marker missing in " << doc_path;
  ASSERT_NE(e, std::string::npos) << "marker missing in " << doc_path;
  const std::string current = doc.substr(b + kBegin.size(), e - b - kBegin.size());
  if (current != table) {
    const char* update = std::getenv("UTSIKT_UPDATE_DOCS");
    if (update && std::string(update) == "1") {
      doc = doc.substr(0, b + kBegin.size()) + table + doc.substr(e);
      write_file(doc_path, doc);
      GTEST_SKIP() << "docs/bad-inputs.md regenerated; review the diff";
    }
    // Show the first differing line.
    std::istringstream a(current), g(table);
    std::string la, lg;
    int line = 0;
    while (true) {
      const bool ea = !std::getline(a, la), eg = !std::getline(g, lg);
      ++line;
      if (ea && eg) break;
      if (la != lg || ea != eg) {
        ADD_FAILURE() << "docs/bad-inputs.md differs from what the user sees, table line " << line
                      << ":\n  docs:   " << la << "\n  actual: " << lg
                      << "\nIf the change is deliberate: UTSIKT_UPDATE_DOCS=1 "
                         "build/robust_bad_inputs_test";
        break;
      }
    }
  }
}
