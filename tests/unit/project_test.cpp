#include "utsikt/engine/project.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"
#include "utsikt/error.hpp"

using utsikt::InputError;
using utsikt::load_project;

namespace {
const std::string kMini = utsikt::test::source_dir() + "/tests/fixtures/mini/project.toml";

// Writes the project text (and optionally a CSV) to a temp folder and loads it.
InputError load_error(const std::string& toml, const std::string& csv = "") {
  const std::string dir = utsikt::test::temp_dir("proj");
  utsikt::test::write_file(dir + "/p.toml", toml);
  if (!csv.empty()) utsikt::test::write_file(dir + "/d.csv", csv);
  try {
    load_project(dir + "/p.toml");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << toml;
  return InputError({}, "", "");
}

const char* kInd = R"(
[[indicator]]
id = "a"
kind = "stock"
[[indicator.observation]]
year = 2017
value = 10
)";
}  // namespace

TEST(Project, LoadsTheMiniFixture) {
  const auto p = load_project(kMini);
  EXPECT_EQ(p.name_sv, "Testprojekt");
  EXPECT_EQ(p.options.seed, 7u);
  EXPECT_EQ(p.options.n_paths, 2000);
  EXPECT_EQ(p.indicators.size(), 5u);
  EXPECT_EQ(p.targets.size(), 8u);
  const auto* pop = p.find_series({"population", "total"});
  ASSERT_NE(pop, nullptr);
  EXPECT_EQ(pop->size(), 11u);
  EXPECT_EQ(pop->values[5], 251295);
  const auto* homes = p.find_series({"homes", "total"});
  ASSERT_NE(homes, nullptr);
  EXPECT_EQ(homes->years, (std::vector<int>{2016, 2019}));
  EXPECT_EQ(homes->values[0], 1144);
  const auto* share = p.find_indicator("transit_share");
  ASSERT_TRUE(share->bounds.upper.has_value());
  EXPECT_EQ(*share->bounds.upper, 100.0);
  // "better" derived from a decrease target.
  EXPECT_EQ(p.find_indicator("sickdays")->better, -1);
  EXPECT_EQ(p.targets[3].other->group, "men");
  EXPECT_EQ(p.targets[7].no_data_reason.rfind("Uppföljning", 0), 0u);
}

TEST(Project, TomlSyntaxErrorHasLineAndColumn) {
  const auto e = load_error("[project]\nseed = \n");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_GT(e.where().column, 0);
}

TEST(Project, UnknownKeyIsAnError) {
  const auto e = load_error(std::string(kInd) +
                            "\n[[target]]\nid=\"t\"\nindicator=\"a\"\nkind=\"level\"\nop=\">="
                            "\"\nvalue=1\nyear=2030\nyaer=2031\n");
  EXPECT_EQ(e.where().line, 16);
  EXPECT_NE(std::string(e.what()).find("yaer"), std::string::npos);
}

TEST(Project, BadKindAndUnknownIndicator) {
  auto e = load_error("[[indicator]]\nid = \"a\"\nkind = \"stok\"\n");
  EXPECT_EQ(e.where().field, "indicator[a].kind");
  EXPECT_EQ(e.where().line, 3);
  e = load_error(
      std::string(kInd) +
      "[[target]]\nid=\"t\"\nindicator=\"b\"\nkind=\"level\"\nop=\">=\"\nvalue=1\nyear=2030\n");
  EXPECT_NE(std::string(e.what()).find("\"b\""), std::string::npos);
}

TEST(Project, TargetGroupMustExist) {
  const auto e = load_error(std::string(kInd) +
                            "[[target]]\nid=\"t\"\nindicator=\"a\"\ngroup=\"women\"\nkind="
                            "\"level\"\nop=\">=\"\nvalue=1\nyear=2030\n");
  EXPECT_NE(std::string(e.what()).find("women"), std::string::npos);
}

TEST(Project, ImpossibleChangeIsRefused) {
  const auto e = load_error(std::string(kInd) +
                            "[[target]]\nid=\"t\"\nindicator=\"a\"\nkind=\"change\"\nop=\"<="
                            "\"\nvalue=-1.2\nbase_year=2017\nyear=2030\n");
  EXPECT_EQ(e.where().field, "target[t].value");
}

TEST(Project, ShareOutsideBounds) {
  const auto e = load_error("[[indicator]]\nid=\"s\"\nkind=\"share\"\ndata=\"d.csv\"\n",
                            "indicator,year,value\ns,2017,120\n");
  EXPECT_NE(std::string(e.what()).find("120"), std::string::npos);
}

TEST(Project, CsvWithUndeclaredIndicator) {
  const auto e = load_error("[[indicator]]\nid=\"s\"\nkind=\"share\"\ndata=\"d.csv\"\n",
                            "indicator,year,value\ns,2017,12\nt,2017,1\n");
  EXPECT_NE(std::string(e.what()).find("'t'"), std::string::npos);
}

TEST(Project, InlineAndCsvSameYearIsAnError) {
  const auto e = load_error(
      "[[indicator]]\nid=\"s\"\nkind=\"share\"\ndata=\"d.csv\"\n[[indicator.observation]]\nyear="
      "2017\nvalue=\"12,5\"\n",
      "indicator,year,value\ns,2017,12\n");
  EXPECT_NE(std::string(e.what()).find("2017"), std::string::npos);
}

TEST(Project, TextInInlineValue) {
  const auto e = load_error(
      "[[indicator]]\nid=\"s\"\nkind=\"share\"\n[[indicator.observation]]\nyear=2017\nvalue="
      "\"tolv\"\n");
  EXPECT_EQ(e.where().line, 6);
  EXPECT_NE(std::string(e.what()).find("tolv"), std::string::npos);
}

TEST(Project, MissingFileAndDirectory) {
  EXPECT_THROW(load_project("/nonexistent/p.toml"), InputError);
  EXPECT_THROW(load_project("/tmp"), InputError);
}

TEST(Project, RelativeChangeAboveThousandPercentAsksWhichWasMeant) {
  const auto e = load_error(std::string(kInd) +
                            "\n[[target]]\nid=\"t\"\nindicator=\"a\"\nkind=\"change\"\nop=\">="
                            "\"\nvalue=650\nbase_year=2017\nyear=2030\n");
  EXPECT_EQ(e.where().field, "target[t].value");
  EXPECT_EQ(e.where().line, 14);
  const std::string what = e.what();
  EXPECT_NE(what.find("+65000 %"), std::string::npos) << what;
  EXPECT_NE(what.find("which was meant"), std::string::npos) << what;
  EXPECT_NE(what.find("absolute_change"), std::string::npos) << what;
  // +1000 % itself is allowed; an absolute change of +650 is what was meant.
  const std::string dir = utsikt::test::temp_dir("proj_abs");
  utsikt::test::write_file(dir + "/p.toml",
                           std::string(kInd) +
                               "\n[[target]]\nid=\"t\"\nindicator=\"a\"\nkind=\"change\"\nop=\">="
                               "\"\nvalue=10\nbase_year=2017\nyear=2030\n"
                               "\n[[target]]\nid=\"u\"\nindicator=\"a\"\nkind=\"absolute_change\""
                               "\nop=\">=\"\nvalue=650\nbase_year=2017\nyear=2030\n");
  const utsikt::Project p = load_project(dir + "/p.toml");
  ASSERT_EQ(p.targets.size(), 2u);
  EXPECT_EQ(p.targets[1].kind, utsikt::TargetKind::absolute_change);
  EXPECT_DOUBLE_EQ(p.targets[1].value, 650.0);
}

TEST(Project, NegativeFlowHintsAtTheLowerBound) {
  const auto e = load_error(
      "[[indicator]]\nid = \"net_migration\"\nkind = \"flow\"\n[[indicator.observation]]\nyear = "
      "2023\nvalue = -450\n");
  const std::string what = e.what();
  EXPECT_NE(what.find("-450 in 2023"), std::string::npos) << what;
  EXPECT_NE(what.find("lower = -100000"), std::string::npos) << what;
  // Declared: accepted.
  const std::string dir = utsikt::test::temp_dir("proj_negflow");
  utsikt::test::write_file(dir + "/p.toml",
                           "[[indicator]]\nid = \"net_migration\"\nkind = \"flow\"\nlower = "
                           "-100000\n[[indicator.observation]]\nyear = 2023\nvalue = -450\n");
  EXPECT_EQ(load_project(dir + "/p.toml").indicators.size(), 1u);
}
