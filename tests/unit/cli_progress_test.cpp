// `utsikt compare --quantiles` (issue 15) and progress on standard error for run, compare,
// targets and report (issues 15/16), on the Norrbotten example from a clean checkout.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.hpp"

using utsikt::test::read_file;
using utsikt::test::run_command;
using utsikt::test::source_dir;
using utsikt::test::temp_dir;
using utsikt::test::utsikt_binary;

namespace {
const std::string kExample = source_dir() + "/examples/norrbotten-rus2030/project.toml";

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    std::string field;
    std::istringstream ls(line);
    while (std::getline(ls, field, ',')) row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

int column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t j = 0; j < header.size(); ++j)
    if (header[j] == name) return static_cast<int>(j);
  return -1;
}

std::string files_of(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) names.push_back(e.path().string());
  std::sort(names.begin(), names.end());
  std::string all;
  for (const auto& n : names) all += n.substr(dir.size()) + "\n" + read_file(n) + "\n";
  return all;
}
}  // namespace

TEST(CompareQuantiles, AnyLevelsSortedMonotoneAndTheMedianOfTheDefault) {
  const std::string def = temp_dir("cmp-q-default");
  const std::string asked = temp_dir("cmp-q-asked");
  const std::string base = utsikt_binary() + " compare " + kExample + " --paths 400 --seed 7 ";
  const auto r0 = run_command(base + "--output " + def);
  ASSERT_EQ(r0.exit_code, 0) << r0.err;
  // Unsorted, with a repeat and spaces: sorted and the repeat dropped.
  const auto r1 =
      run_command(base + "--quantiles '0.95, 0.05,0.5,0.25,0.75,0.5' --output " + asked);
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  const auto d = csv_rows(read_file(def + "/compare_projections.csv"));
  const auto a = csv_rows(read_file(asked + "/compare_projections.csv"));
  // The default columns are unchanged.
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0], (std::vector<std::string>{"scenario", "indicator", "group", "year",
                                            "baseline_median", "median", "q10", "q90"}));
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a[0],
            (std::vector<std::string>{"scenario", "indicator", "group", "year", "baseline_median",
                                      "median", "q5", "q25", "q50", "q75", "q95"}));
  ASSERT_EQ(a.size(), d.size());
  ASSERT_GT(a.size(), 10u);
  const int med = column(d[0], "median");
  for (std::size_t i = 1; i < a.size(); ++i) {
    // Same seed, same paths: the rows are those of the default output.
    for (int j = 0; j <= med; ++j) EXPECT_EQ(a[i][j], d[i][j]) << i;
    EXPECT_EQ(a[i][column(a[0], "q50")], d[i][med]) << "row " << i;
    double prev = -1e300;
    for (const char* q : {"q5", "q25", "q50", "q75", "q95"}) {
      const double v = std::stod(a[i][column(a[0], q)]);
      EXPECT_GE(v, prev) << "row " << i << " " << q;
      prev = v;
    }
    EXPECT_LE(std::stod(a[i][column(a[0], "q5")]), std::stod(d[i][column(d[0], "q10")]));
    EXPECT_GE(std::stod(a[i][column(a[0], "q95")]), std::stod(d[i][column(d[0], "q90")]));
  }
  // compare.json carries the same quantiles per changed series; the default has none.
  const auto jd = nlohmann::json::parse(read_file(def + "/compare.json"));
  const auto ja = nlohmann::json::parse(read_file(asked + "/compare.json"));
  EXPECT_FALSE(jd["scenarios"][1].contains("projections"));
  const auto& pr = ja["scenarios"][1]["projections"];
  ASSERT_FALSE(pr.empty());
  const auto& q = pr[0]["quantiles"];
  ASSERT_TRUE(q.contains("q5") && q.contains("q95"));
  ASSERT_EQ(q["q50"].size(), pr[0]["years"].size());
  for (std::size_t h = 0; h < pr[0]["years"].size(); ++h) {
    EXPECT_EQ(q["q50"][h].get<double>(), pr[0]["median"][h].get<double>());
    EXPECT_LE(q["q5"][h].get<double>(), q["q95"][h].get<double>());
  }
}

TEST(CompareQuantiles, RefusedLevelsNameTheOption) {
  const std::string out = temp_dir("cmp-q-bad");
  for (const char* bad : {"0,0.5", "0.5,1", "1.5", "abc", "0,5", "''", "0.1,,0.9", "nan"}) {
    const auto r = run_command(utsikt_binary() + " compare " + kExample + " --quantiles " + bad +
                               " --output " + out + "/o");
    EXPECT_EQ(r.exit_code, 1) << bad << "\n" << r.err;
    EXPECT_NE(r.err.find("--quantiles"), std::string::npos) << bad << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(out + "/o")) << bad;
  }
}

TEST(CliProgress, PlainLinesOnANonTerminalNothingWithQuietSameFiles) {
  struct Cmd {
    const char* name;
    const char* extra;
    std::vector<const char*> phases;  // units shown (Swedish)
  };
  for (const Cmd& c :
       {Cmd{"run", "", {"serier", "mål"}}, Cmd{"compare", "", {"serier", "mål", "scenarier"}},
        Cmd{"targets", "--scenario all", {"serier", "mål", "hävstänger", "scenarier"}},
        Cmd{"report", "", {"serier", "mål", "scenarier"}}}) {
    const std::string shown_dir = temp_dir(std::string("progress-shown-") + c.name);
    const std::string quiet_dir = temp_dir(std::string("progress-quiet-") + c.name);
    const std::string plain_dir = temp_dir(std::string("progress-none-") + c.name);
    const std::string cmd =
        utsikt_binary() + " " + c.name + " " + kExample + " --paths 300 --seed 3 " + c.extra;
    // A delay of 0 s: every run is "long"; stderr is a pipe, not a terminal.
    const auto shown = run_command("UTSIKT_PROGRESS_AFTER=0 " + cmd + " --output " + shown_dir);
    ASSERT_EQ(shown.exit_code, 0) << c.name << shown.err;
    EXPECT_NE(shown.err.find("utsikt: 100 % ("), std::string::npos) << c.name << shown.err;
    for (const char* unit : c.phases) {
      const std::string done = std::string(" ") + unit + ", ";
      EXPECT_NE(shown.err.find(done), std::string::npos) << c.name << " " << unit << shown.err;
    }
    EXPECT_EQ(shown.err.find('\r'), std::string::npos) << c.name;  // no bar
    const auto quiet =
        run_command("UTSIKT_PROGRESS_AFTER=0 " + cmd + " --quiet --output " + quiet_dir);
    ASSERT_EQ(quiet.exit_code, 0) << c.name << quiet.err;
    EXPECT_EQ(quiet.err.find(" % ("), std::string::npos) << c.name << quiet.err;
    // A run shorter than the delay (an hour) shows none either, and the same stderr as --quiet.
    const auto none = run_command("UTSIKT_PROGRESS_AFTER=3600 " + cmd + " --output " + plain_dir);
    ASSERT_EQ(none.exit_code, 0) << c.name << none.err;
    EXPECT_EQ(none.err, quiet.err) << c.name;
    // The files written do not depend on the progress.
    EXPECT_EQ(files_of(shown_dir), files_of(quiet_dir)) << c.name;
    EXPECT_EQ(files_of(shown_dir), files_of(plain_dir)) << c.name;
  }
}

TEST(CliProgress, EnglishWithLangEn) {
  const std::string out = temp_dir("progress-en");
  const auto r = run_command("UTSIKT_PROGRESS_AFTER=0 " + utsikt_binary() + " run " + kExample +
                             " --paths 200 --lang en --output " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(" series, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" targets, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" s left)"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("kvar"), std::string::npos) << r.err;
}
