// Latency of the what-if explorer (docs/serve.md, "Speed"): the time of POST /api/evaluate in
// the library (Explorer::evaluate, no network), for slider moves of the example's scenarios.
//   taskset -c 0 build/serve_latency examples/norrbotten-rus2030/project.toml [moves [slider...]]
// One core (taskset) is the goal's setting; fitting (run_project) happens once before and is
// not timed. Wall time and the process's CPU time per move are printed: on a machine that other
// work shares, the CPU time is what the move costs on its core. Each move sends a new value, as a
// dragged slider does, and asks for the bands of the focus series only, as the page does.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
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

// CPU time of the process in ms (what the move costs on its core, whatever else the machine runs).
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return 1e3 * double(ts.tv_sec) + 1e-6 * double(ts.tv_nsec);
}

struct Times {
  std::vector<double> wall, cpu;
};

void report(const char* what, const Times& t) {
  std::printf("%-55s n=%3zu  wall p50 %6.1f p95 %6.1f max %6.1f ms | cpu p50 %6.1f p95 %6.1f ms\n",
              what, t.wall.size(), percentile(t.wall, 0.5), percentile(t.wall, 0.95),
              *std::max_element(t.wall.begin(), t.wall.end()), percentile(t.cpu, 0.5),
              percentile(t.cpu, 0.95));
  std::fflush(stdout);
}

template <class F>
Times time_moves(serve::Explorer& ex, int moves, F body_of) {
  Times t;
  for (int i = 0; i < moves; ++i) {
    const std::string body = body_of(i);
    const double c0 = cpu_ms();
    const auto t0 = std::chrono::steady_clock::now();
    const serve::Response r = ex.evaluate(body);
    t.wall.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    t.cpu.push_back(cpu_ms() - c0);
    if (r.status != 200) std::fprintf(stderr, "status %d: %s\n", r.status, r.body.c_str());
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: serve_latency PROJECT.toml [moves [slider...]]\n");
    return 1;
  }
  const int moves = argc > 2 ? std::atoi(argv[2]) : 40;
  // Further arguments name the sliders to time (housing, migrants, fertility, life_expectancy,
  // jobs); none: all.
  const std::vector<std::string> only(argv + std::min(argc, 3), argv + argc);
  auto wanted = [&](const std::string& s) {
    return only.empty() || std::find(only.begin(), only.end(), s) != only.end();
  };
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
      R"(, "focus": "bostader_fardigstallda/total", "target": "bostader-1500-per-ar",
          "series": "focus"})";
  auto housing = [&](int i) {
    return R"({"scenario": {"id": "eget-scenario", "intervention": [{"id": "bostader",
      "indicator": "bostader_fardigstallda", "type": "shift", "from": 2025, "value": )" +
           std::to_string(100 + 25 * i) + "}]}" + common;
  };
  if (wanted("housing"))
    report("housing slider (shift, whole project)", time_moves(ex, moves, housing));
  auto housing_with_migrants = [&](int i) {
    return R"({"scenario": {"id": "eget-scenario", "intervention": [{"id": "bostader",
      "indicator": "bostader_fardigstallda", "type": "shift", "from": 2025, "value": )" +
           std::to_string(100 + 25 * i) + R"(}, {"id": "inflyttning", "indicator": "befolkning",
      "type": "migrants", "from": 2025, "value": 1000}]}, "focus": "befolkning/total",
      "series": "focus"})";
  };
  if (wanted("housing")) {
    ex.evaluate(housing_with_migrants(0));  // the migrants were set before (not timed)
    report("housing slider with +1000 migrants held (cohort cached)",
           time_moves(ex, moves, housing_with_migrants));
  }
  // A population slider: the cohort model is simulated again for every move.
  auto population = [&](const char* name, const char* type, const char* extra, double v0,
                        double dv) {
    if (!wanted(type)) return;
    auto body = [&](int i) {
      return std::string(R"({"scenario": {"id": "eget-scenario", "intervention": [{"id": "x",
      "indicator": "befolkning", "type": ")") +
             type + R"(", "from": 2025)" + extra + R"(, "value": )" + std::to_string(v0 + dv * i) +
             R"(}]}, "focus": "befolkning/total", "target": "befolkning-260000",
             "series": "focus"})";
    };
    report(name, time_moves(ex, moves, body));
  };
  population("migrants slider (cohort model simulated again)", "migrants", "", 200, 50);
  population("fertility slider (percent, cohort simulated again)", "fertility", "", -20, 1);
  population("life expectancy slider (years by 2035, cohort again)", "life_expectancy",
             R"(, "to": 2035)", 0.1, 0.1);
  population("jobs slider (2025-2027, cohort simulated again)", "jobs", R"(, "to": 2027)", 500,
             100);
  return 0;
}
