// A project indicator read from its source (`source = { kolada = ... }`) through the fetch
// cache: the example's ohälsotal switched to Kolada, with a committed response placed in a
// cache folder, gives the same results as the document's values in the CSV.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "test_util.hpp"
#include "utsikt/io/fetch.hpp"

namespace utsikt {
namespace {

namespace fs = std::filesystem;

const char* kUrl = "https://api.kolada.se/v3/data/kpi/N00957/municipality/0025";

// The rows of targets.csv about one indicator's targets, without the columns that name where
// the data came from.
std::string rows_about(const std::string& csv, const std::string& needle) {
  std::istringstream in(csv);
  std::string line, out;
  while (std::getline(in, line))
    if (line.find(needle) != std::string::npos) out += line + "\n";
  return out;
}

std::string example_copy(const std::string& name, bool switch_to_kolada) {
  const std::string dir = test::temp_dir(name);
  fs::copy(test::source_dir() + "/examples/norrbotten-rus2030", dir + "/ex",
           fs::copy_options::recursive);
  if (switch_to_kolada) {
    std::string toml = test::read_file(dir + "/ex/project.toml");
    const std::size_t at = toml.find("id = \"ohalsotal\"");
    const std::string from = "data = \"data/norrbotten.csv\"";
    const std::size_t d = toml.find(from, at);
    EXPECT_LT(d, toml.find("[[indicator]]", at));  // in the ohalsotal block
    toml.replace(d, from.size(), "source = { kolada = \"N00957\", municipality = \"0025\" }");
    test::write_file(dir + "/ex/project.toml", toml);
  }
  return dir;
}

TEST(FetchProject, ExampleIndicatorFromAKoladaSourceInTheCache) {
  // The committed response, as the cache stores it.
  const std::string base = example_copy("source-kolada", true);
  FetchOptions o;
  o.cache_dir = base + "/cache/utsikt/fetch";
  nlohmann::json entry;
  entry["method"] = "GET";
  entry["url"] = kUrl;
  entry["body"] = "";
  entry["retrieved"] = "2026-12-01T12:00:00Z";
  entry["response"] =
      test::read_file(test::source_dir() + "/tests/fixtures/fetch/kolada_N00957_0025.json");
  test::write_file(fetch_cache_file(o, "GET", kUrl, ""), entry.dump());

  const std::string args = " --paths 500 --threads 1 --seed 7";
  const auto with_source =
      test::run_command("XDG_CACHE_HOME=" + base + "/cache " + test::utsikt_binary() + " run " +
                        base + "/ex/project.toml --output " + base + "/out" + args);
  ASSERT_EQ(with_source.exit_code, 0) << with_source.err;
  const std::string csv_dir = example_copy("source-csv", false);
  const auto with_csv = test::run_command(test::utsikt_binary() + " run " + csv_dir +
                                          "/ex/project.toml --output " + csv_dir + "/out" + args);
  ASSERT_EQ(with_csv.exit_code, 0) << with_csv.err;
  const std::string a = rows_about(test::read_file(base + "/out/targets.csv"), "ohalsotal-");
  const std::string b = rows_about(test::read_file(csv_dir + "/out/targets.csv"), "ohalsotal-");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  // The same numbers reach the terminal table (up to the list of files written).
  const auto table = [](const std::string& out) { return out.substr(0, out.find("\nSkrev ")); };
  EXPECT_EQ(table(with_source.out), table(with_csv.out));
  EXPECT_NE(table(with_source.out).find("30,4 (2022)"), std::string::npos);

  // Without the cached response: an error naming the project key and how to fetch it.
  const auto missing =
      test::run_command("XDG_CACHE_HOME=" + base + "/empty " + test::utsikt_binary() + " run " +
                        base + "/ex/project.toml --output " + base + "/out2" + args);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("source.kolada"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("utsikt run --refresh"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(base + "/out2"));
}

}  // namespace
}  // namespace utsikt
