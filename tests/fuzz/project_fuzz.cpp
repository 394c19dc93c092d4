// libFuzzer target: arbitrary bytes as a project file (TOML), loaded with load_project and
// load_scenarios (the scenario reader: [[scenario]]/[[lever]] tables) from a scratch folder that
// also holds the files the seeds refer to (data.csv of the mini fixture, the example's data/*.csv
// and scenarios.toml). Only InputError may escape the readers (toml++ parse errors
// are converted; any other exception is a bug). A project that loads and is small is also run
// with 100 paths, every scenario is applied to the run, and every result must be finite with
// probabilities in [0, 1].
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "robust_fuzz_check.hpp"
#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/scenarios/scenario.hpp"

namespace {

namespace fs = std::filesystem;

std::string copy_file_text(const fs::path& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::create_directories(to.parent_path());
  std::ofstream(to, std::ios::binary) << text;
  return text;
}

const std::string& scratch_dir() {
  static const std::string dir = [] {
    const fs::path d =
        fs::temp_directory_path() / ("utsikt-project-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    const fs::path src = UTSIKT_SOURCE_DIR;
    copy_file_text(src / "tests/fixtures/mini/data.csv", d / "data.csv");
    // Every data file of the example (the document's values and the official series).
    for (const auto& e : fs::directory_iterator(src / "examples/norrbotten-rus2030/data"))
      if (e.path().extension() == ".csv")
        copy_file_text(e.path(), d / "data" / e.path().filename());
    copy_file_text(src / "examples/norrbotten-rus2030/scenarios.toml", d / "scenarios.toml");
    return d.string();
  }();
  return dir;
}

void check_result(const utsikt::RunResult& r) {
  for (const auto& s : r.series)
    for (double v : s.forecast.paths) UTSIKT_REQUIRE(std::isfinite(v));
  for (const auto& t : r.targets) {
    UTSIKT_REQUIRE(t.probability >= 0.0 && t.probability <= 1.0);
    UTSIKT_REQUIRE(std::isfinite(t.mc_se));
    if (t.value)
      UTSIKT_REQUIRE(std::isfinite(t.value->median) && std::isfinite(t.value->lo80) &&
                     std::isfinite(t.value->hi80));
    if (t.measure_interval)
      UTSIKT_REQUIRE(std::isfinite(t.measure_interval->median) &&
                     std::isfinite(t.measure_interval->lo80) &&
                     std::isfinite(t.measure_interval->hi80));
    UTSIKT_REQUIRE(t.arrow_reason.find("nan") == std::string::npos);
    UTSIKT_REQUIRE(t.arrow_reason.find("inf") == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = scratch_dir() + "/project.toml";
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  utsikt::Project p;
  try {
    p = utsikt::load_project(path);
  } catch (const utsikt::InputError& e) {
    utsikt::fuzz::check_input_error(e, scratch_dir());
    return 0;
  }
  utsikt::ScenarioSet scenarios;
  try {
    scenarios = utsikt::load_scenarios(p);
  } catch (const utsikt::InputError& e) {
    utsikt::fuzz::check_input_error(e, scratch_dir());
    return 0;
  }
  // Run only small projects, so that the fuzzer stays fast.
  std::size_t obs = 0;
  for (const auto& [key, s] : p.data) obs += s.size();
  if (p.data.size() > 6 || obs > 120 || p.options.horizon_end > 2100) return 0;
  try {
    const utsikt::RunResult r = utsikt::run_project(p, utsikt::RunOverrides{1, 100, 1});
    check_result(r);
    for (const auto& sc : scenarios.scenarios) {
      const auto changed = utsikt::apply_scenario(p, r.series, sc, 1);
      for (const auto& s : changed)
        for (double v : s.forecast.paths) UTSIKT_REQUIRE(std::isfinite(v));
    }
  } catch (const utsikt::InputError& e) {
    utsikt::fuzz::check_input_error(e, "");
  }
  return 0;
}
