// `utsikt import` run as a program.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_util.hpp"

namespace utsikt {
namespace {

std::string q(const std::string& s) { return "'" + s + "'"; }
std::string fixture(const std::string& rel) {
  return test::source_dir() + "/tests/fixtures/" + rel;
}
test::CommandResult utsikt(const std::string& args) {
  return test::run_command(q(test::utsikt_binary()) + " " + args);
}

TEST(ImportCli, ListsDimensionsValuesAndProvenance) {
  const auto r = utsikt("import " + q(fixture("px/bilingual_ansi.px")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Format:    PC-Axis (Windows-1252 (CHARSET=\"ANSI\"))"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Table:     TAB9999"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Language:  sv (available: sv en; choose with --language)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find("  län: 2 values\n    25  25 Norrbottens län\n    24  24 Västerbottens län\n"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  år: 3 values, time (yearly)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  ..  uppgift saknas"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  - Note: Uppgifterna för 2021 är preliminära – källa: RAMS."),
            std::string::npos)
      << r.out;
  const auto en = utsikt("import --language en " + q(fixture("px/bilingual_ansi.px")));
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("  län \"county\": 2 values\n    25  25 Norrbotten county\n"),
            std::string::npos)
      << en.out;
}

TEST(ImportCli, WritesLongCsvAtomically) {
  const std::string dir = test::temp_dir("cli-import");
  const std::string out = dir + "/series.csv";
  const auto r = utsikt(
      "import " + q(fixture("px/bilingual_ansi.px")) +
      " --select län=25 --select 'kön=Kvinnor' --select kön=män --indicator employed --output " +
      q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(out),
            "indicator,group,year,value,source\n"
            "employed,män,2019,80.1,SCB TAB9999\n"
            "employed,män,2020,81.2,SCB TAB9999\n"
            "employed,kvinnor,2019,78.5,SCB TAB9999\n"
            "employed,kvinnor,2020,79,SCB TAB9999\n"
            "employed,kvinnor,2021,79.9,SCB TAB9999\n");
  EXPECT_NE(r.err.find("wrote 5 observations of 2 series"), std::string::npos) << r.err;
  // Only the target file is left in the folder (no temporary file).
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(ImportCli, DefaultIndicatorAndStdout) {
  const auto r = utsikt("import " + q(fixture("kolada/N00000_synthetic.json")) +
                        " -s municipality=2580 -s gender=T");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "indicator,group,year,value,source\n"
            "n00000,total,2021,13.3,Kolada N00000\n"
            "n00000,total,2022,13.7,Kolada N00000\n");
}

TEST(ImportCli, SelectionErrorExitsTwoAndListsValues) {
  const auto r = utsikt("import " + q(fixture("px/bilingual_ansi.px")) + " --select län=Norbotten");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("utsikt: error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(field '--select län=Norbotten'): expected a value of dimension 'län': "
                       "'25' (25 Norrbottens län), "
                       "'24' (24 Västerbottens län), found 'Norbotten'"),
            std::string::npos)
      << r.err;
  const auto bad = utsikt("import " + q(fixture("px/bilingual_ansi.px")) + " --select län");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("expected dimension=value"), std::string::npos) << bad.err;
  const auto missing = utsikt("import /nonexistent/x.px");
  EXPECT_EQ(missing.exit_code, 2);
  // The output goes through the atomic writer of every command: a missing folder is created, a
  // folder that is a file is an input error naming it.
  const std::string dir = test::temp_dir("cli-import-nofolder");
  test::write_file(dir + "/file", "x");
  const auto nofolder = utsikt("import " + q(fixture("px/bilingual_ansi.px")) + " -s län=25 -o " +
                               q(dir + "/file/out.csv"));
  EXPECT_EQ(nofolder.exit_code, 2);
  EXPECT_NE(nofolder.err.find(dir + "/file: expected an output folder"), std::string::npos)
      << nofolder.err;
}

TEST(ImportCli, MonthlyExportHasAPeriodColumnAndANote) {
  const auto r = utsikt("import " + q(fixture("jsonstat/monthly_status.json")) + " -s region=2580");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "indicator,group,period,value,source\n"
            "test02,total,2024M01,1900,Testkälla TEST02\n"
            "test02,total,2024M02,1950,Testkälla TEST02\n"
            "test02,total,2024M03,2010,Testkälla TEST02\n");
  EXPECT_NE(r.err.find("cannot be projected"), std::string::npos) << r.err;
}

TEST(ImportCli, GenuineScbFile) {
  const std::string shared = test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "../shared/data is absent; genuine SCB files not available";
  const std::string px = shared + "/data/formats/px/Autopen_BE0101N1.px";
  const auto list = utsikt("import " + q(px));
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("    25  25 Norrbotten county\n"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("    04  04 Södermanland county\n"), std::string::npos) << list.out;
  const auto csv =
      utsikt("import " + q(px) + " --select 'region=Norrbotten county' --select period=2007");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out,
            "indicator,group,year,value,source\n"
            "be0101n1,men,2007,127025,Statistics Sweden BE0101N1\n"
            "be0101n1,women,2007,123577,Statistics Sweden BE0101N1\n");
  const auto broken =
      utsikt("import " + q(shared + "/data/formats/px/error_fatal_BE0101F1missingData.px"));
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("(field 'DATA'): expected the keyword DATA="), std::string::npos)
      << broken.err;
}

}  // namespace
}  // namespace utsikt
