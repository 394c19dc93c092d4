// An indicator's data taken from an official statistics file (PC-Axis) in the project file.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "test_util.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/error.hpp"

namespace fs = std::filesystem;
using namespace utsikt;

namespace {
std::string autopen() {
  const std::string shared = test::shared_dir();
  return shared.empty() ? "" : shared + "/data/formats/px/Autopen_BE0101N1.px";
}
}  // namespace

// Issue 7: a Norrbotten indicator of the example switches from CSV to a .px file by changing
// only its `data` line.
TEST(ProjectImport, ExampleIndicatorSwitchesFromCsvToPx) {
  if (autopen().empty()) GTEST_SKIP() << "../shared is absent: the SCB fixture is not available";
  const std::string dir = test::temp_dir("switch");
  fs::copy(test::source_dir() + "/examples/norrbotten-rus2030", dir, fs::copy_options::recursive);
  std::string toml = test::read_file(dir + "/project.toml");
  // The example projects the population with the cohort model; switched back to the trend
  // models (method "auto" on the total alone), only the data line differs from the original.
  toml = std::regex_replace(toml, std::regex("method = \"cohort\"\n"), "");
  toml = std::regex_replace(
      toml, std::regex("\n(  #[^\n]*\n)*  \\[indicator\\.cohort\\]\n(  [^\n]*\n)*"), "\n");
  toml = std::regex_replace(toml,
                            std::regex("groups = \\[\"total\", \"0-19\", \"20-64\", \"65\\+\"\\]"),
                            "groups = [\"total\"]");
  ASSERT_EQ(toml.find("cohort]"), std::string::npos);
  const std::string key = "id = \"befolkning\"\n";
  const auto at = toml.find(key);
  ASSERT_NE(at, std::string::npos);
  const std::string old_line = "data = \"data/population_norrbotten_1950_2024.csv\"";
  const auto data_at = toml.find(old_line, at);
  ASSERT_NE(data_at, std::string::npos);
  toml.replace(
      data_at, old_line.size(),
      "data = { file = \"" + autopen() + "\", select = [\"region=25\"], sum = [\"sex\"] }");
  test::write_file(dir + "/project.toml", toml);

  const Project p = load_project(dir + "/project.toml");
  const Series* s = p.find_series({"befolkning", "total"});
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->years, (std::vector<int>{2007, 2008}));
  EXPECT_DOUBLE_EQ(s->values[0], 250602);  // men 127 025 + women 123 577
  EXPECT_EQ(s->provenance.table_id, "BE0101N1");
  const RunResult r = run_project(p, RunOverrides{1, 500, 1});
  bool found = false;
  for (const auto& t : r.targets)
    if (t.target->series.indicator == "befolkning" && t.target->kind == TargetKind::level) {
      found = true;
      EXPECT_EQ(t.status, TargetStatus::assessed);
      EXPECT_EQ(*t.latest_year, 2008);
    }
  EXPECT_TRUE(found);
}

TEST(ProjectImport, GroupsFromADimension) {
  if (autopen().empty()) GTEST_SKIP() << "../shared is absent: the SCB fixture is not available";
  const std::string dir = test::temp_dir("groups");
  test::write_file(dir + "/p.toml",
                   "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\ngroups = [\"women\", \"men\"]\n"
                   "data = { file = \"" +
                       autopen() +
                       "\", select = [\"region=Norrbotten county\"], group_select = { women = "
                       "\"sex=women\", men = \"sex=2\" } }\n");
  // "sex=2" is the code of women in the file: both groups must then be women.
  const Project p = load_project(dir + "/p.toml");
  EXPECT_DOUBLE_EQ(p.find_series({"pop", "women"})->values[0], 123577);
  EXPECT_DOUBLE_EQ(p.find_series({"pop", "men"})->values[0], 123577);
}

TEST(ProjectImport, ErrorsListWhatIsAvailable) {
  if (autopen().empty()) GTEST_SKIP() << "../shared is absent: the SCB fixture is not available";
  const std::string dir = test::temp_dir("errs");
  // Nothing matches: the message lists the regions.
  test::write_file(dir + "/a.toml",
                   "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\n"
                   "data = { file = \"" +
                       autopen() + "\", select = [\"region=Lappland\"] }\n");
  try {
    load_project(dir + "/a.toml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Norrbotten"), std::string::npos) << e.what();
  }
  // Several series left (sex not selected nor summed).
  test::write_file(dir + "/b.toml",
                   "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\n"
                   "data = { file = \"" +
                       autopen() + "\", select = [\"region=25\"] }\n");
  EXPECT_THROW(load_project(dir + "/b.toml"), InputError);
  // A two-group indicator needs a selection per group.
  test::write_file(dir + "/c.toml",
                   "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\n"
                   "groups = [\"women\", \"men\"]\n"
                   "data = { file = \"" +
                       autopen() + "\", select = [\"region=25\"] }\n");
  EXPECT_THROW(load_project(dir + "/c.toml"), InputError);
  // Unknown key inside the data table.
  test::write_file(dir + "/d.toml",
                   "[[indicator]]\nid = \"pop\"\nkind = \"stock\"\n"
                   "data = { file = \"x.px\", selekt = [] }\n");
  try {
    load_project(dir + "/d.toml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("selekt"), std::string::npos) << e.what();
  }
}
