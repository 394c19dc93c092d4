// Latency of the what-if explorer (docs/serve.md, "Speed"): the time of POST /api/evaluate in
// the library (Explorer::evaluate, no network), for slider moves of the example's scenarios.
//   taskset -c 0 build/serve_latency examples/norrbotten-rus2030/project.toml [moves]
// One core (taskset) is the goal's setting; fitting (run_project) happens once before and is
// not timed. Each move sends a new value, as a dragged slider does.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "utsikt/engine/project.hpp"
#include "utsikt/engine/run.hpp"
#include "utsikt/scenarios/scenario.hpp"
#include "utsikt/serve/explorer.hpp"

using namespace utsikt;

namespace {

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double k = p * double(v.size() - 1);
  const auto i = static_cast<std::size_t>(k);
  return i + 1 < v.size() ? v[i] + (k - double(i)) * (v[i + 1] - v[i]) : v[i];
}

void report(const char* what, const std::vector<double>& ms) {
  std::printf("%-58s n=%3zu  p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms\n", what, ms.size(),
              percentile(ms, 0.5), percentile(ms, 0.95), *std::max_element(ms.begin(), ms.end()));
}

template <class F>
std::vector<double> time_moves(serve::Explorer& ex, int moves, F body_of) {
  std::vector<double> ms;
  for (int i = 0; i < moves; ++i) {
    const std::string body = body_of(i);
    const auto t0 = std::chrono::steady_clock::now();
    const serve::Response r = ex.evaluate(body);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (r.status != 200) std::fprintf(stderr, "status %d: %s\n", r.status, r.body.c_str());
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: serve_latency PROJECT.toml [moves]\n");
    return 1;
  }
  const int moves = argc > 2 ? std::atoi(argv[2]) : 40;
  const Project project = load_project(argv[1]);
  ScenarioSet set = load_scenarios(project);
  RunOverrides ov;
  ov.threads = 1;
  const auto t0 = std::chrono::steady_clock::now();
  RunResult base = run_project(project, ov);
  std::printf("fit once: %.1f s, %d paths, %zu series, %zu target results\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
              base.n_paths, base.series.size(), base.targets.size());
  serve::Explorer ex(project, std::move(base), std::move(set));
  const std::string common =
      R"(, "focus": "bostader_fardigstallda/total", "target": "bostader-1500-per-ar"})";
  auto housing = [&](int i) {
    return R"({"scenario": {"id": "eget-scenario", "intervention": [{"id": "bostader",
      "indicator": "bostader_fardigstallda", "type": "shift", "from": 2025, "value": )" +
           std::to_string(100 + 25 * i) + "}]}" + common;
  };
  report("housing slider (shift, whole project)", time_moves(ex, moves, housing));
  auto housing_with_migrants = [&](int i) {
    return R"({"scenario": {"id": "eget-scenario", "intervention": [{"id": "bostader",
      "indicator": "bostader_fardigstallda", "type": "shift", "from": 2025, "value": )" +
           std::to_string(100 + 25 * i) + R"(}, {"id": "inflyttning", "indicator": "befolkning",
      "type": "migrants", "from": 2025, "value": 1000}]}, "focus": "befolkning/total"})";
  };
  ex.evaluate(housing_with_migrants(0));  // the migrants were set before (not timed)
  report("housing slider with +1000 migrants held (cohort cached)",
         time_moves(ex, moves, housing_with_migrants));
  auto migrants = [&](int i) {
    return R"({"scenario": {"id": "eget-scenario", "intervention": [{"id": "inflyttning",
      "indicator": "befolkning", "type": "migrants", "from": 2025, "value": )" +
           std::to_string(200 + 50 * i) + R"(}]}, "focus": "befolkning/total"})";
  };
  report("migrants slider (cohort model simulated again)", time_moves(ex, moves, migrants));
  return 0;
}
