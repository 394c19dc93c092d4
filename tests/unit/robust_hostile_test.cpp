// Issue 17 ("Nothing lost, nothing broken, under faults and hostile input"): the reproductions
// of the red-team pass, end to end through the utsikt binary.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>

#include "test_util.hpp"
#include "utsikt/atomic_file.hpp"
#include "utsikt/encoding.hpp"
#include "utsikt/error.hpp"
#include "utsikt/toml_reader.hpp"

namespace fs = std::filesystem;
using namespace utsikt;

namespace {
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> m;
  if (!fs::exists(dir)) return m;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    m[fs::relative(e.path(), dir).string()] =
        e.is_regular_file() ? test::read_file(e.path().string()) : std::string("<dir>");
  return m;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

const std::string kMini = test::source_dir() + "/tests/fixtures/mini";

// A copy of the mini fixture in `d` (project.toml, data.csv).
void copy_mini(const std::string& d) {
  test::write_file(d + "/project.toml", test::read_file(kMini + "/project.toml"));
  test::write_file(d + "/data.csv", test::read_file(kMini + "/data.csv"));
}
}  // namespace

// `--output` naming a device through a symbolic link, a FIFO or the input itself: exit 2,
// nothing replaced.
TEST(Hostile, ForecastOutputNeverReplacesSpecialFilesOrTheInput) {
  const std::string d = test::temp_dir("hostile-forecast-out");
  const std::string in = "series,part,time,value\na,train,2001,1\na,train,2002,2\na,test,2003,\n";
  test::write_file(d + "/in.csv", in);
  fs::create_symlink("/dev/null", d + "/null.csv");
  ASSERT_EQ(::mkfifo((d + "/fifo.csv").c_str(), 0644), 0);
  const std::string forecast = test::utsikt_binary() + " forecast --input " + q(d + "/in.csv") +
                               " --horizon 2 --paths 100 --output ";
  for (const char* out : {"null.csv", "fifo.csv", "in.csv"}) {
    const auto r = test::run_command(forecast + q(d + "/" + out));
    EXPECT_EQ(r.exit_code, 2) << out << ": " << r.err;
    EXPECT_NE(r.err.find(out), std::string::npos) << r.err;
  }
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(d + "/null.csv")));
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(d + "/fifo.csv")));
  EXPECT_EQ(test::read_file(d + "/in.csv"), in);
  EXPECT_TRUE(fs::is_character_file(fs::symlink_status("/dev/null")));
  // The input given through another name (a hard link) is the same file.
  fs::create_hard_link(d + "/in.csv", d + "/same.csv");
  const auto r = test::run_command(forecast + q(d + "/same.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("an output never overwrites an input"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_file(d + "/in.csv"), in);
}

// `forecast` streams its output through a temporary in a staging folder next to it: a run
// killed while forecasting leaves that folder, and the next run into the same folder removes it
// (a process that no longer runs, no journal); a normal run leaves nothing behind.
TEST(Hostile, ForecastLeavesNoTemporaryAndClearsAKilledRunsOne) {
  const std::string d = test::temp_dir("hostile-forecast-stage");
  test::write_file(d + "/in.csv",
                   "series,part,time,value\na,train,2001,1\na,train,2002,2\na,train,2003,4\n");
  // What a killed run leaves: pid 2^22 + 1 is above Linux's largest pid, so never running.
  test::write_file(d + "/out/.utsikt-txn-4194305-stream-1/0", "half a forecast");
  const auto r = test::run_command(test::utsikt_binary() + " forecast --input " + q(d + "/in.csv") +
                                   " --horizon 2 --paths 100 --output " + q(d + "/out/f.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(d + "/out"))
    names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"f.csv"});
}

TEST(Hostile, ImportOutputEqualToItsInputIsRefused) {
  const std::string d = test::temp_dir("hostile-import-out");
  const std::string px =
      test::read_file(test::source_dir() + "/tests/fixtures/px/bilingual_ansi.px");
  test::write_file(d + "/t.px", px);
  const auto r = test::run_command(test::utsikt_binary() + " import " + q(d + "/t.px") +
                                   " --select län=25 --output " + q(d + "/t.px"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("an output never overwrites an input"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_file(d + "/t.px"), px);
}

// A data file inside the output folder with the name of an output (projections.csv).
TEST(Hostile, RunNeverOverwritesADataFileInTheOutputFolder) {
  const std::string d = test::temp_dir("hostile-run-data-in-out");
  copy_mini(d);
  std::string toml = test::read_file(d + "/project.toml");
  for (std::size_t p; (p = toml.find("\"data.csv\"")) != std::string::npos;)
    toml.replace(p, 10, "\"projections.csv\"");
  test::write_file(d + "/project.toml", toml);
  fs::rename(d + "/data.csv", d + "/projections.csv");
  const auto before = snapshot(d);
  const auto r = test::run_command(test::utsikt_binary() + " run " + q(d + "/project.toml") +
                                   " --paths 100 --output " + q(d));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("projections.csv"), std::string::npos) << r.err;
  EXPECT_EQ(snapshot(d), before);
}

// `report` writes html, charts, xlsx and CSVs as one transaction: a folder where report.xlsx
// should go fails the whole command and leaves the earlier outputs as they were.
TEST(Hostile, ReportIsAllOrNothing) {
  const std::string d = test::temp_dir("hostile-report-all");
  copy_mini(d);
  const std::string report = test::utsikt_binary() + " report " + q(d + "/project.toml") +
                             " --paths 100 --format html,xlsx --csv-dialect sv --output " +
                             q(d + "/o") + " --charts " + q(d + "/o/charts");
  ASSERT_EQ(test::run_command(report + " --seed 1").exit_code, 0);
  fs::remove(d + "/o/report.xlsx");
  fs::create_directories(d + "/o/report.xlsx");
  const auto before = snapshot(d);
  const auto r = test::run_command(report + " --seed 2");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("report.xlsx"), std::string::npos) << r.err;
  EXPECT_EQ(snapshot(d), before);
}

// Fault injection through the CLI: `report` killed (SIGKILL) at every write and rename of its
// transaction. After the next run's recovery the output folder holds the complete old or the
// complete new set and no temporary file; SIGTERM gives exit 143 and the same guarantee.
TEST(Hostile, ReportKilledAtEveryStepLeavesOldOrNewSet) {
  const std::string d = test::temp_dir("hostile-report-kill");
  copy_mini(d);
  const std::string o = d + "/o";
  const std::string report = test::utsikt_binary() + " report " + q(d + "/project.toml") +
                             " --paths 100 --format html,xlsx --csv-dialect sv --output " + q(o) +
                             " --charts " + q(o + "/charts");
  ASSERT_EQ(test::run_command(report + " --seed 2").exit_code, 0);
  const auto new_set = snapshot(o);
  fs::remove_all(o);
  ASSERT_EQ(test::run_command(report + " --seed 1").exit_code, 0);
  const auto old_set = snapshot(o);
  ASSERT_NE(old_set, new_set);
  int killed = 0, old_seen = 0, new_seen = 0;
  for (int step = 1; step < 200; ++step) {
    const auto r = test::run_command("UTSIKT_TEST_KILL_AT_STEP=" + std::to_string(step) + " " +
                                     report + " --seed 2");
    if (r.exit_code == 0) break;
    ++killed;
    utsikt::out::recover_interrupted(o);  // what the next run does first
    utsikt::out::recover_interrupted(o + "/charts");
    const auto now = snapshot(o);
    EXPECT_TRUE(now == old_set || now == new_set) << "step " << step;
    (now == new_set ? new_seen : old_seen)++;
    // Back to the old set for the next step.
    ASSERT_EQ(test::run_command(report + " --seed 1").exit_code, 0);
    ASSERT_EQ(snapshot(o), old_set);
  }
  EXPECT_GT(killed, 20);
  EXPECT_GT(old_seen, 0);
  EXPECT_GT(new_seen, 0);
  ASSERT_EQ(test::run_command(report + " --seed 1").exit_code,
            0);  // the last loop wrote the new set
  // SIGTERM while staging: exit 143, the old set, no staging folder (no recovery needed).
  auto r = test::run_command("UTSIKT_TEST_KILL_AT_STEP=2 UTSIKT_TEST_KILL_SIGNAL=15 " + report +
                             " --seed 2");
  EXPECT_EQ(r.exit_code, 143) << r.err;
  EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
  EXPECT_EQ(snapshot(o), old_set);
  // SIGINT after the commit point: the commit is completed, then exit 130.
  r = test::run_command("UTSIKT_TEST_KILL_AT_STEP=" + std::to_string(killed - 3) +
                        " UTSIKT_TEST_KILL_SIGNAL=2 " + report + " --seed 2");
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_EQ(snapshot(o), new_set);
}

// A dotted key or table header of 35 000 parts overflowed toml++'s stack (SIGSEGV), in project
// and scenario files alike; now refused before parsing with the line and column.
TEST(Hostile, TomlKeyWithTooManyPartsIsAnInputError) {
  const std::string d = test::temp_dir("hostile-toml-keys");
  copy_mini(d);
  std::string many;
  for (int i = 0; i < 35000; ++i) many += i ? ".a" : "a";
  const std::string run = test::utsikt_binary() + " run " + q(d + "/p.toml") + " --paths 100";
  for (const std::string& text :
       {many + " = 1\n", "[" + many + "]\n", "[[" + many + "]]\n",
        "x = " + std::string(35000, '[') + std::string(35000, ']') + "\n"}) {
    test::write_file(d + "/p.toml", "# comment\n" + text);
    const auto r = test::run_command(run);
    EXPECT_EQ(r.exit_code, 2) << r.err.substr(0, 300);
    EXPECT_NE(r.err.find("p.toml:2:"), std::string::npos) << r.err.substr(0, 300);
    EXPECT_LT(r.err.size(), 1000u);
  }
  // The same key in a scenario file named by a valid project.
  std::string toml = test::read_file(d + "/project.toml");
  toml.replace(toml.find("[project]\n"), 10, "[project]\nscenarios = [\"s.toml\"]\n");
  test::write_file(d + "/p.toml", toml);
  test::write_file(d + "/s.toml", "[[scenario]]\n" + many + " = 1\n");
  const auto r = test::run_command(test::utsikt_binary() + " compare " + q(d + "/p.toml") +
                                   " --paths 100 --output " + q(d + "/o"));
  EXPECT_EQ(r.exit_code, 2) << r.err.substr(0, 300);
  EXPECT_NE(r.err.find("s.toml:2:1"), std::string::npos) << r.err.substr(0, 300);
}

// The scanner counts key parts only: dots in values, strings, quoted keys and comments are not
// key parts, and valid files are left to toml++.
TEST(Hostile, TomlLimitsLeaveValuesAndQuotedKeysAlone) {
  std::string floats = "x = [";
  for (int i = 0; i < 200; ++i) floats += "1.5, ";
  floats += "2.5]\n";
  std::string dots(500, '.');
  const std::string text = floats + "\"" + dots + "\" = 'a" + dots + "'\ny = \"\"\"\n" + dots +
                           "\n\"\"\"\nz = {a.b.c = 1, d = [1.5, {e.f = 2}]}  # " + dots +
                           "\n[t.u.v]\n'w.w' = 2020-01-01T00:00:00.5\n";
  EXPECT_NO_THROW(utsikt::detail::check_toml_limits(text, "f.toml"));
  const toml::table t = utsikt::detail::parse_toml(text, "f.toml");
  EXPECT_TRUE(t.contains("z"));
  std::string parts64 = "a";
  for (int i = 1; i < utsikt::detail::kMaxTomlKeyParts; ++i) parts64 += ".a";
  EXPECT_NO_THROW(utsikt::detail::parse_toml(parts64 + " = 1\n", "f.toml"));
  EXPECT_THROW(utsikt::detail::parse_toml(parts64 + ".a = 1\n", "f.toml"), InputError);
  EXPECT_THROW(utsikt::detail::parse_toml("x = {" + parts64 + ".a = 1}\n", "f.toml"), InputError);
}

// One validation for every number from the command line: NaN, infinities and out-of-range
// values are usage errors (exit 1) naming the option as typed; an unknown command says so.
TEST(Hostile, CommandLineNumbersAreValidated) {
  const std::string d = test::temp_dir("hostile-cli-numbers");
  copy_mini(d);
  test::write_file(d + "/in.csv", "series,part,time,value\na,train,2001,1\na,train,2002,2\n");
  const std::string bin = test::utsikt_binary();
  const std::string proj = q(d + "/project.toml") + " --paths 100 --output " + q(d + "/o");
  struct Try {
    std::string args, option;
  };
  const std::vector<Try> tries = {
      {"targets " + proj + " -p nan", "--probability"},
      {"targets " + proj + " -p inf", "--probability"},
      {"targets " + proj + " -p -inf", "--probability"},
      {"targets " + proj + " -p 1e300", "--probability"},
      {"run " + proj + " --seed -1", "--seed"},
      {"run " + proj + " --seed 18446744073709551616", "--seed"},
      {"run " + proj + " --seed 1e23", "--seed"},
      {"run " + proj + " --seed nan", "--seed"},
      {"run " + proj + " --threads inf", "--threads"},
      {"forecast --input " + q(d + "/in.csv") + " --output " + q(d + "/f.csv") +
           " --horizon 99999999",
       "--horizon"},
      {"forecast --input " + q(d + "/in.csv") + " --output " + q(d + "/f.csv") +
           " --horizon 2 --quantiles 0.5,nan",
       "--quantiles"},
      {"forecast --input " + q(d + "/in.csv") + " --output " + q(d + "/f.csv") +
           " --horizon 2 --paths nan",
       "--paths"},
      {"forecast --input " + q(d + "/in.csv") + " --output " + q(d + "/f.csv") +
           " --horizon 2 --kind nan",
       "--kind"},
  };
  for (const auto& t : tries) {
    const auto r = test::run_command(bin + " " + t.args);
    EXPECT_EQ(r.exit_code, 1) << t.args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind(t.option + ": expected", 0), 0u) << t.args << "\n" << r.err;
    EXPECT_EQ(r.err.find("<input>"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("_"), std::string::npos) << r.err;  // no internal names (n_paths)
  }
  EXPECT_FALSE(fs::exists(d + "/o"));
  EXPECT_FALSE(fs::exists(d + "/f.csv"));
  const auto r = test::run_command(bin + " frobnicate " + q(d + "/project.toml"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
}

// Numbers from files: a refused value is quoted short (volatility = 1e300 printed 309 digits),
// and import never writes a number (1e-320) that run refuses.
TEST(Hostile, FileNumbersAreQuotedShortAndImportWritesOnlyWhatRunReads) {
  const std::string d = test::temp_dir("hostile-file-numbers");
  copy_mini(d);
  std::string toml = test::read_file(d + "/project.toml");
  toml.replace(toml.find("kind = \"stock\""), 14,
               "kind = \"stock\"\nvolatility = 1e300\nvolatility_source = \"x\"");
  test::write_file(d + "/p.toml", toml);
  auto r = test::run_command(test::utsikt_binary() + " run " + q(d + "/p.toml") + " --paths 100");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("found 1e+300"), std::string::npos) << r.err;
  EXPECT_LT(r.err.size(), 400u) << r.err;
  test::write_file(
      d + "/t.px",
      "CHARSET=\"ANSI\";\nMATRIX=\"T1\";\nTITLE=\"t\";\nCONTENTS=\"t\";\nUNITS=\"st\";\n"
      "STUB=\"år\";\nVALUES(\"år\")=\"2020\",\"2021\";\nDATA=\n1e-320 2\n;\n");
  r = test::run_command(test::utsikt_binary() + " import " + q(d + "/t.px") + " --output " +
                        q(d + "/t.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("1e-320"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(d + "/t.csv"));
}

// Series near the largest double: no "inf" or "nan" in any output (SVG coordinates overflowed
// to cy="-inf"; the bounds of a diagnostic read "[0, inf]").
TEST(Hostile, NoInfinityInAnyOutputForSeriesNearTheLargestDouble) {
  const std::string d = test::temp_dir("hostile-huge");
  test::write_file(d + "/project.toml",
                   "[project]\npaths = 200\nhorizon_end = 2035\n[[indicator]]\nid = \"x\"\n"
                   "kind = \"rate\"\ndata = \"data.csv\"\n[[indicator]]\nid = \"p\"\n"
                   "kind = \"stock\"\ndata = \"data.csv\"\n[[target]]\nid = \"t\"\n"
                   "indicator = \"x\"\nkind = \"level\"\nop = \">=\"\nvalue = 1\nyear = 2030\n");
  test::write_file(d + "/data.csv",
                   "indicator;year;value\nx;2015;1,7e308\nx;2016;-1,7e308\nx;2017;1,79e308\n"
                   "x;2018;-1,79e308\nx;2019;1,6e308\nx;2020;1,75e308\np;2015;1e308\n"
                   "p;2016;1,5e308\np;2017;1,7e308\np;2018;1,79e308\n");
  const auto r = test::run_command(test::utsikt_binary() + " report " + q(d + "/project.toml") +
                                   " --format html,xlsx --csv-dialect sv --output " + q(d + "/o") +
                                   " --charts " + q(d + "/o/charts"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::regex bad(R"((^|[^A-Za-z])(-?inf|nan)($|[^A-Za-z]))", std::regex::icase);
  for (const auto& [name, text] : snapshot(d + "/o")) {
    if (name.find(".xlsx") != std::string::npos) continue;  // zip
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, bad))
        << name << ": '" << text.substr(std::max<long>(0, m.position(0) - 40), 80) << "'";
  }
}

// CSV formula injection: a target text starting with '=' reached Excel as a formula, in both
// CSV dialects; now it is written with a leading apostrophe, and numbers stay numbers.
TEST(Hostile, TargetTextsCannotInjectFormulasIntoCsv) {
  const std::string d = test::temp_dir("hostile-csv-formula");
  copy_mini(d);
  std::string toml = test::read_file(d + "/project.toml");
  toml.replace(toml.find("text_sv = \"Minst 260 000"), 11, "text_sv = \"=HYPERLINK(1)");
  toml.replace(toml.find("text_sv = \"Minst 1 500"), 11, "text_sv = \"@SUM(1)");
  test::write_file(d + "/project.toml", toml);
  for (const char* dialect : {"default", "sv"}) {
    const std::string o = d + "/" + dialect;
    const auto r = test::run_command(test::utsikt_binary() + " run " + q(d + "/project.toml") +
                                     " --paths 100 --csv-dialect " + dialect + " --output " + q(o));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string csv = test::read_file(o + "/targets.csv");
    const char sep = std::string(dialect) == "sv" ? ';' : ',';
    EXPECT_NE(csv.find(std::string(1, sep) + "'=HYPERLINK(1)"), std::string::npos) << dialect;
    EXPECT_NE(csv.find(std::string(1, sep) + "'@SUM(1)"), std::string::npos) << dialect;
    for (char c : {'=', '@', '+'})
      EXPECT_EQ(csv.find(std::string(1, sep) + c), std::string::npos) << dialect << " " << c;
  }
}

// A project file name with a byte that is not UTF-8: `run` exited 3 (JSON type_error 316) while
// targets and report succeeded; now every command succeeds and targets.json stays valid UTF-8
// (the byte becomes U+FFFD).
TEST(Hostile, ProjectFileNameThatIsNotUtf8) {
  const std::string d = test::temp_dir("hostile-name-ff");
  copy_mini(d);
  const std::string name = d + "/p\xFF.toml";
  fs::copy_file(d + "/project.toml", name);
  for (const char* cmd : {"run", "targets", "report"}) {
    const auto r = test::run_command(test::utsikt_binary() + " " + cmd + " " + q(name) +
                                     " --paths 100 --output " + q(d + "/" + cmd));
    EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.err;
  }
  const std::string json = test::read_file(d + "/run/targets.json");
  EXPECT_TRUE(utsikt::utf8_is_valid(json));
  EXPECT_NE(json.find("p\xEF\xBF\xBD.toml"), std::string::npos);
}

// Limits on what a file can make large: indicators, targets, groups (and scenarios and levers,
// docs/errors.md); the first table too many is named with its line.
TEST(Hostile, CountsOfTablesAndGroupsAreLimited) {
  const std::string d = test::temp_dir("hostile-counts");
  std::string toml = "[project]\npaths = 100\n";
  for (int i = 0; i <= 10000; ++i)
    toml += "[[indicator]]\nid = \"i" + std::to_string(i) +
            "\"\nkind = \"rate\"\n  [[indicator.observation]]\n  year = 2020\n  value = 1\n";
  test::write_file(d + "/many.toml", toml);
  auto r = test::run_command(test::utsikt_binary() + " run " + q(d + "/many.toml"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("many.toml:60003:1 (field 'indicator'): expected at most 10000"),
            std::string::npos)
      << r.err;
  std::string groups = "\"g0\"";
  for (int i = 1; i <= 1000; ++i) groups += ", \"g" + std::to_string(i) + "\"";
  test::write_file(d + "/groups.toml",
                   "[[indicator]]\nid = \"x\"\nkind = \"rate\"\ngroups = [" + groups + "]\n");
  r = test::run_command(test::utsikt_binary() + " run " + q(d + "/groups.toml"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("expected at most 1000 groups"), std::string::npos) << r.err;
}

// Chart file names are unique by construction: an indicator `a` with 3+ groups has the panels
// a--1.svg, a--2.svg, so an indicator id with "--" (which would also write a--1.svg and give a
// duplicate HTML id) is refused.
TEST(Hostile, ChartFileNamesCannotCollide) {
  const std::string d = test::temp_dir("hostile-chart-names");
  copy_mini(d);
  std::string toml = test::read_file(d + "/project.toml");
  toml.replace(toml.find("id = \"homes\""), 12, "id = \"sickdays--1\"");
  toml.replace(toml.find("indicator = \"homes\""), 19, "indicator = \"sickdays--1\"");
  test::write_file(d + "/project.toml", toml);
  const auto r = test::run_command(test::utsikt_binary() + " report " + q(d + "/project.toml") +
                                   " --paths 100 --output " + q(d + "/o"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("not '--'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\"sickdays--1\""), std::string::npos) << r.err;
}

// Messages: a file that is not a data file at all (root's /etc/shadow given as data) is echoed
// only by its first few characters; bytes from the command line that are not UTF-8 are escaped
// (\xFF) and long arguments shortened.
TEST(Hostile, MessagesEchoLittleAndStayValidUtf8) {
  const std::string d = test::temp_dir("hostile-messages");
  test::write_file(d + "/shadow",
                   "root:$6$verysecretpasswordhash0123456789abcdefghij:19000:0:99999:7:::\n");
  test::write_file(d + "/p.toml",
                   "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\ndata = \"shadow\"\n");
  auto r = test::run_command(test::utsikt_binary() + " run " + q(d + "/p.toml") + " --output " +
                             q(d + "/o"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("a file starting 'root:$6$v...'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("secret"), std::string::npos) << r.err;
  r = test::run_command(test::utsikt_binary() + " run " + q(d + "/p.toml") +
                        " --lang \"$(printf 'a\\377b')\"");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(utsikt::utf8_is_valid(r.err)) << r.err;
  EXPECT_NE(r.err.find("a\\xFFb"), std::string::npos) << r.err;
  r = test::run_command(test::utsikt_binary() + " run " + q(d + "/p.toml") + " --lang " +
                        std::string(5000, 'x'));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_LT(r.err.size(), 600u);
}
