// The utsikt binary end to end: the examples, reproducibility, exit codes, no partial output.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "test_util.hpp"

namespace fs = std::filesystem;
using utsikt::test::read_file;
using utsikt::test::run_command;
using utsikt::test::source_dir;
using utsikt::test::temp_dir;
using utsikt::test::utsikt_binary;
using utsikt::test::write_file;

namespace {
const std::string kExample = source_dir() + "/examples/norrbotten-rus2030/project.toml";

std::vector<std::string> csv_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  bool q = false;
  for (char c : text) {
    if (c == '"') q = !q;
    if (c == '\n' && !q) {
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return lines;
}
}  // namespace

TEST(Cli, NorrbottenExampleListsEveryTarget) {
  const std::string out = temp_dir("ex1");
  const auto r =
      run_command(utsikt_binary() + " run " + kExample + " --paths 2000 --output " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = read_file(out + "/targets.csv");
  const auto lines = csv_lines(csv);
  // Every [[target]] of the project appears (flow targets twice).
  const std::string toml = read_file(kExample);
  std::size_t n_targets = 0;
  for (std::size_t pos = 0; (pos = toml.find("[[target]]", pos)) != std::string::npos; ++pos)
    ++n_targets;
  EXPECT_GE(lines.size() - 1, n_targets);
  int no_data = 0, assessed = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].find(",no_data,") != std::string::npos) ++no_data;
    if (lines[i].find(",assessed,") != std::string::npos) ++assessed;
  }
  EXPECT_GT(no_data, 0);
  EXPECT_GT(assessed, 0);
  EXPECT_EQ(
      no_data + assessed + 0, static_cast<int>(lines.size()) - 1 - [&] {
        int obs = 0;
        for (auto& l : lines) obs += l.find(",observed,") != std::string::npos;
        return obs;
      }());
  // The table names every focus area of the document.
  for (const char* area :
       {"Hög livskvalitet i attraktiva livsmiljöer", "Hållbara transporter och tillgänglighet",
        "Flexibel och väl fungerande kompetensförsörjning",
        "Smarta, hållbara innovationer och entreprenörskap"})
    EXPECT_NE(r.out.find(area), std::string::npos) << area;
  EXPECT_NE(r.out.find("inga data"), std::string::npos);
  // No NaN printed: "nan" as a word (the document's quotes contain "innan").
  EXPECT_FALSE(std::regex_search(r.out, std::regex("(^|[^A-Za-zåäöÅÄÖ])-?nan([^A-Za-z]|$)")))
      << r.out;
}

TEST(Cli, ReproducibleFromTheSeed) {
  const std::string a = temp_dir("seed-a"), b = temp_dir("seed-b");
  ASSERT_EQ(run_command(utsikt_binary() + " run " + kExample +
                        " --paths 1000 --threads 1 --seed 11 --output " + a)
                .exit_code,
            0);
  ASSERT_EQ(run_command(utsikt_binary() + " run " + kExample +
                        " --paths 1000 --threads 2 --seed 11 --output " + b)
                .exit_code,
            0);
  EXPECT_EQ(read_file(a + "/targets.csv"), read_file(b + "/targets.csv"));
  EXPECT_EQ(read_file(a + "/targets.json"), read_file(b + "/targets.json"));
  EXPECT_EQ(read_file(a + "/projections.csv"), read_file(b + "/projections.csv"));
}

TEST(Cli, EnglishTable) {
  const auto r = run_command(utsikt_binary() + " run " + kExample +
                             " --paths 500 --lang en --output " + temp_dir("en"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("P(met)"), std::string::npos);
  EXPECT_NE(r.out.find("no data"), std::string::npos);
}

TEST(Cli, BadInputGivesMessageExitCodeAndNoOutput) {
  const std::string dir = temp_dir("bad");
  write_file(dir + "/p.toml", "[[indicator]]\nid = \"a\"\nkind = \"stock\"\ndata = \"d.csv\"\n");
  write_file(dir + "/d.csv", "indicator,year,value\na,2017,12\na,2018,tolv\n");
  const std::string before = read_file(dir + "/d.csv");
  const auto r = run_command(utsikt_binary() + " run " + dir + "/p.toml --output " + dir + "/out");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("d.csv:3:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tolv"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir + "/out"));
  EXPECT_EQ(read_file(dir + "/d.csv"), before);  // input untouched
}

TEST(Cli, UsageErrors) {
  EXPECT_NE(run_command(utsikt_binary()).exit_code, 0);
  EXPECT_NE(run_command(utsikt_binary() + " run").exit_code, 0);
  EXPECT_NE(run_command(utsikt_binary() + " run x.toml --paths 5").exit_code, 0);
  const auto r = run_command(utsikt_binary() + " run /nonexistent.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent.toml"), std::string::npos);
}
