// The run-option table (utsikt/engine/options.hpp) and everything that reads it: the option
// structs' defaults, the check, the project file reader, the CLI of every command, the docs.
#include "utsikt/engine/options.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "utsikt/engine/batch.hpp"
#include "utsikt/engine/forecast.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/error.hpp"

namespace utsikt {
namespace {

InputError error_of(RunOption o, std::int64_t v, Location where = {}) {
  try {
    check_run_option(o, v, where);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << run_option(o).name << " = " << v;
  return InputError({}, "", "");
}

TEST(RunOptions, TableHasOneRowPerOptionWithItsDefaultInsideTheBounds) {
  for (const RunOptionSpec& s : kRunOptions) {
    EXPECT_EQ(&run_option(s.id), &s) << s.name;
    EXPECT_LE(s.min, s.default_value) << s.name;
    EXPECT_LE(s.default_value, s.max) << s.name;
    EXPECT_FALSE(s.help.empty()) << s.name;
    EXPECT_NE(s.help.back(), '.') << s.name;
  }
  // The choices documented in options.hpp and docs/project-format.md.
  EXPECT_EQ(run_option(RunOption::seed).default_value, 20240101);
  EXPECT_EQ(run_option(RunOption::threads).default_value, 0);
  EXPECT_EQ(run_option(RunOption::paths).min, 100);
  EXPECT_EQ(run_option(RunOption::paths).max, 1000000);
}

TEST(RunOptions, EveryStructTakesItsDefaultsFromTheTable) {
  const RunOptions project;
  const ForecastOptions forecast;
  const BatchOptions batch;
  const auto seed = static_cast<std::uint64_t>(run_option(RunOption::seed).default_value);
  const auto paths = run_option(RunOption::paths).default_value;
  const auto threads = run_option(RunOption::threads).default_value;
  EXPECT_EQ(project.seed, seed);
  EXPECT_EQ(forecast.seed, seed);
  EXPECT_EQ(batch.seed, seed);
  EXPECT_EQ(project.n_paths, paths);
  EXPECT_EQ(forecast.n_paths, paths);
  EXPECT_EQ(batch.n_paths, paths);
  EXPECT_EQ(project.threads, threads);
  EXPECT_EQ(forecast.threads, threads);
  EXPECT_EQ(batch.threads, threads);
  EXPECT_EQ(project.horizon_end, run_option(RunOption::horizon_end).default_value);
}

TEST(RunOptions, CheckNamesTheOptionTheBoundsAndTheValue) {
  for (const RunOptionSpec& s : kRunOptions) {
    EXPECT_NO_THROW(check_run_option(s.id, s.min));
    EXPECT_NO_THROW(check_run_option(s.id, s.max));
    EXPECT_NO_THROW(check_run_option(s.id, s.default_value));
    EXPECT_TRUE(run_option_allows(s.id, s.min));
    EXPECT_FALSE(run_option_allows(s.id, s.min - 1));
    const InputError e = error_of(s.id, s.min - 1);
    EXPECT_EQ(e.where().field, s.name);
    EXPECT_EQ(e.expected(), run_option_expected(s.id));
    EXPECT_EQ(e.found(), std::to_string(s.min - 1));
    if (s.max < std::numeric_limits<std::int64_t>::max()) {
      EXPECT_EQ(error_of(s.id, s.max + 1).found(), std::to_string(s.max + 1));
    }
  }
  EXPECT_EQ(run_option_expected(RunOption::paths), "a whole number from 100 to 1000000");
  EXPECT_EQ(run_option_expected(RunOption::threads),
            "a whole number from 0 to 256 (0 = all cores)");
  EXPECT_EQ(std::string(error_of(RunOption::paths, 5).what()),
            "<input> (field 'paths'): expected a whole number from 100 to 1000000, found 5");
  // A given location is kept, with its own field name.
  const InputError at = error_of(RunOption::paths, 5, Location{"p.toml", 3, 9, "project.paths"});
  EXPECT_EQ(at.where().file, "p.toml");
  EXPECT_EQ(at.where().line, 3);
  EXPECT_EQ(at.where().field, "project.paths");
  // Seeds are unsigned in the library; the table's bound holds for them too.
  EXPECT_NO_THROW(check_seed(9223372036854775807u));
  try {
    check_seed(9223372036854775808u);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "seed");
    EXPECT_EQ(e.found(), "9223372036854775808");
  }
}

TEST(RunOptions, ZeroThreadsMeansAllCores) {
  EXPECT_GE(resolve_threads(0), 1);
  EXPECT_EQ(resolve_threads(3), 3);
}

// ---- the project file ------------------------------------------------------------------------

const char* kIndicator = R"(
[[indicator]]
id = "a"
kind = "stock"
[[indicator.observation]]
year = 2017
value = 10
)";

Project load_text(const std::string& project_table) {
  const std::string dir = test::temp_dir("options-project");
  test::write_file(dir + "/p.toml", "[project]\n" + project_table + "\n" + kIndicator);
  return load_project(dir + "/p.toml");
}

TEST(RunOptions, ProjectFileKeysAreCheckedAgainstTheTable) {
  for (const RunOptionSpec& s : kRunOptions) {
    const std::string key = std::string(s.name);
    EXPECT_NO_THROW(load_text(key + " = " + std::to_string(s.min))) << key;
    EXPECT_NO_THROW(load_text(key + " = " + std::to_string(s.max))) << key;
    try {
      load_text(key + " = " + std::to_string(s.min - 1));
      ADD_FAILURE() << "no error for " << key;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().field, "project." + key);
      EXPECT_EQ(e.where().line, 2);
      EXPECT_EQ(e.expected(), run_option_expected(s.id));
      EXPECT_EQ(e.found(), std::to_string(s.min - 1));
    }
    try {
      load_text(key + " = \"many\"");
      ADD_FAILURE() << "no error for " << key;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().field, "project." + key);
      EXPECT_EQ(e.found(), "a string");
    }
  }
  const Project p = load_text("seed = 9223372036854775807\npaths = 1000000\nthreads = 256");
  EXPECT_EQ(p.options.seed, 9223372036854775807u);
  EXPECT_EQ(p.options.n_paths, 1000000);
  EXPECT_EQ(p.options.threads, 256);
  const Project d = load_text("");
  EXPECT_EQ(d.options.seed, 20240101u);
  EXPECT_EQ(d.options.n_paths, 10000);
  EXPECT_EQ(d.options.threads, 0);
}

TEST(RunOptions, RunProjectChecksOverridesAgainstTheTable) {
  const Project p = load_text("paths = 100");
  RunOverrides ov;
  ov.n_paths = 99;
  try {
    run_project(p, ov);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "paths");
    EXPECT_EQ(e.where().file, p.path);
    EXPECT_EQ(e.expected(), run_option_expected(RunOption::paths));
  }
  ov = {};
  ov.threads = -1;
  EXPECT_THROW(run_project(p, ov), InputError);
  ov.threads = 0;  // all cores
  const RunResult r = run_project(p, ov);
  EXPECT_GE(r.threads, 1);
  // A project built by a library caller is held to the same table.
  Project q = p;
  q.options.horizon_end = 2300;
  try {
    run_project(q);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "horizon_end");
    EXPECT_EQ(e.found(), "2300");
  }
}

// ---- the command line --------------------------------------------------------------------------

test::CommandResult utsikt(const std::string& args) {
  return test::run_command(test::utsikt_binary() + " " + args);
}

// The same bounds and the same message in every command, as a usage error (exit 1).
TEST(RunOptions, EveryCommandChecksItsFlagsAgainstTheTable) {
  const std::string dir = test::temp_dir("options-cli");
  test::write_file(dir + "/p.toml", std::string(kIndicator));
  test::write_file(dir + "/in.csv", "series,part,time,value\na,train,2001,1\n");
  const std::vector<std::string> commands = {
      "run " + dir + "/p.toml", "compare " + dir + "/p.toml", "targets " + dir + "/p.toml",
      "report " + dir + "/p.toml",
      "forecast --input " + dir + "/in.csv --output " + dir + "/o.csv --horizon 1"};
  for (const RunOptionSpec& s : kRunOptions) {
    if (!s.on_command_line) continue;
    const std::string flag = "--" + std::string(s.name);
    const std::string bad = std::to_string(s.min - 1);
    for (const std::string& c : commands) {
      const auto r = utsikt(c + " " + flag + "=" + bad);
      EXPECT_EQ(r.exit_code, 1) << c << " " << flag << "\n" << r.err;
      EXPECT_NE(r.err.find(flag + ": expected " + run_option_expected(s.id) + ", found " + bad),
                std::string::npos)
          << c << "\n"
          << r.err;
    }
    const auto r = utsikt("run " + dir + "/p.toml " + flag + " x");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(flag + ": expected " + run_option_expected(s.id) + ", found 'x'"),
              std::string::npos)
        << r.err;
  }
}

TEST(RunOptions, HelpShowsTheTablesTextAndDefault) {
  const auto forecast = utsikt("forecast --help");
  const auto run = utsikt("run --help");
  for (const RunOptionSpec& s : kRunOptions) {
    if (!s.on_command_line) continue;
    const std::string def = std::to_string(s.default_value) + ")";
    EXPECT_NE(forecast.out.find(std::string(s.help)), std::string::npos) << forecast.out;
    EXPECT_NE(forecast.out.find("default: " + def), std::string::npos) << s.name;
    EXPECT_NE(run.out.find("default: the project's '" + std::string(s.name) + "', else " + def),
              std::string::npos)
        << run.out;
  }
}

// ---- the documentation ---------------------------------------------------------------------

std::string docs_table() {
  std::ostringstream o;
  o << "| option | default | allowed values | set with | meaning |\n|---|---|---|---|---|\n";
  for (const RunOptionSpec& s : kRunOptions) {
    o << "| `" << s.name << "` | " << s.default_value << " | " << s.min << " – " << s.max;
    if (!s.special.empty()) o << " (" << s.special << ")";
    o << " | `[project]` `" << s.name << "`";
    if (s.on_command_line) o << ", `--" << s.name << "`";
    o << " | " << s.help << " |\n";
  }
  return o.str();
}

const std::string kBegin =
    "<!-- BEGIN GENERATED by tests/unit/options_test.cpp from kRunOptions -->\n";
const std::string kEnd = "<!-- END GENERATED -->\n";

TEST(RunOptions, DocsListEveryOptionWithTheTablesDefaultAndBounds) {
  const std::string table = docs_table();
  const std::string doc_path = test::source_dir() + "/docs/project-format.md";
  std::string doc = test::read_file(doc_path);
  const auto b = doc.find(kBegin);
  ASSERT_NE(b, std::string::npos) << "marker missing in " << doc_path;
  const auto e = doc.find(kEnd, b);
  ASSERT_NE(e, std::string::npos) << "end marker missing in " << doc_path;
  const std::string current = doc.substr(b + kBegin.size(), e - b - kBegin.size());
  if (current == table) return;
  const char* update = std::getenv("UTSIKT_UPDATE_DOCS");
  if (update && std::string(update) == "1") {
    test::write_file(doc_path, doc.substr(0, b + kBegin.size()) + table + doc.substr(e));
    GTEST_SKIP() << "docs/project-format.md regenerated; review the diff";
  }
  ADD_FAILURE() << "the run-option table in docs/project-format.md differs from kRunOptions.\n"
                << "docs:\n"
                << current << "table:\n"
                << table << "If the change is deliberate: UTSIKT_UPDATE_DOCS=1 build/options_test";
}

}  // namespace
}  // namespace utsikt
