// The Swedish follow-up backtests (issue 11) with a prior given per region: the engine's
// short-series projection (project_series with SeriesSpec::prior) for class priors that were
// estimated without the test years (out of time) or without the series' own county (leave one
// county out) by bench/sweden_heldout.py. Writes `utsikt forecast`'s output format, so that
// bench/sweden_score.py scores the rows next to the binary's.
//
// Build and run (from the repository root; bench/sweden_backtest.sh does it for every set):
//   cmake -S . -B build -DUTSIKT_BUILD_BENCH=ON && cmake --build build --target sweden_engine
//   build/sweden_engine SET.csv PRIORS.csv OUT.csv KIND HORIZON [PATHS] [SEED]
//
// SET.csv: series,part,time,value,region[,...] (bench/sweden_backtest.py). Only series with test
// rows are projected, from their train rows, to (last train year + HORIZON), or with HORIZON 0
// to their last test year.
// PRIORS.csv: region,scale,s0,nu0,m0,tau[,omega,own_weight]; the row of the series' region, else
// the row with region "*". KIND: stock, flow, share or rate (the working scale of the projection).
// Quantiles: 0.01, 0.02, ..., 0.99 and 0.025, 0.975 (as bench/sweden_backtest.sh).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "utsikt/engine/forecast.hpp"
#include "utsikt/rng.hpp"

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}

std::vector<std::map<std::string, std::string>> read_csv(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path);
    std::exit(2);
  }
  std::string line;
  std::getline(in, line);
  const auto head = split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cells = split(line);
    std::map<std::string, std::string> r;
    for (std::size_t j = 0; j < head.size() && j < cells.size(); ++j) r[head[j]] = cells[j];
    rows.push_back(std::move(r));
  }
  return rows;
}

utsikt::IndicatorKind kind_of(const std::string& k) {
  if (k == "stock") return utsikt::IndicatorKind::stock;
  if (k == "flow") return utsikt::IndicatorKind::flow;
  if (k == "share") return utsikt::IndicatorKind::share;
  if (k == "rate") return utsikt::IndicatorKind::rate;
  std::fprintf(stderr, "unknown kind %s\n", k.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr,
                 "usage: sweden_engine SET.csv PRIORS.csv OUT.csv KIND HORIZON [PATHS] [SEED]\n");
    return 1;
  }
  using namespace utsikt;
  const IndicatorKind kind = kind_of(argv[4]);
  const int horizon = std::atoi(argv[5]);
  ForecastOptions opt;
  opt.n_paths = argc > 6 ? std::atoi(argv[6]) : 2000;
  opt.seed = argc > 7 ? std::strtoull(argv[7], nullptr, 10) : 1;
  opt.threads = 1;

  std::map<std::string, ShortPrior> priors;
  for (const auto& r : read_csv(argv[2])) {
    ShortPrior p;
    p.scale = r.at("scale") == "logit" ? Scale::logit : Scale::log;
    p.sigma = std::stod(r.at("s0"));
    p.df = std::stod(r.at("nu0"));
    p.drift_mean = std::stod(r.at("m0"));
    p.drift_sd = std::stod(r.at("tau"));
    if (r.count("omega") && !r.at("omega").empty()) p.drift_change_sd = std::stod(r.at("omega"));
    if (r.count("own_weight") && !r.at("own_weight").empty())
      p.own_weight = std::stod(r.at("own_weight"));
    p.source = "held-out class prior (" + r.at("region") + ")";
    priors[r.at("region")] = p;
  }

  std::map<std::string, Series> train;
  std::map<std::string, int> last_test;
  std::map<std::string, std::string> region;
  for (const auto& r : read_csv(argv[1])) {
    const std::string id = r.at("series");
    const int year = std::atoi(r.at("time").c_str());
    if (r.at("part") == "train") {
      Series& s = train[id];
      s.indicator = id;
      s.group = "total";
      s.years.push_back(year);
      s.values.push_back(std::stod(r.at("value")));
      region[id] = r.count("region") ? r.at("region") : "";
    } else {
      last_test[id] = std::max(last_test[id], year);
    }
  }

  std::vector<double> levels;
  for (int k = 1; k <= 99; ++k) levels.push_back(k / 100.0);
  levels.push_back(0.025);
  levels.push_back(0.975);
  std::sort(levels.begin(), levels.end());

  std::ostringstream out;
  out << "series,method,step,time,mean";
  for (double q : levels) out << ",q" << q;
  out << "\n";
  for (auto& [id, s] : train) {
    if (!last_test.count(id)) continue;
    auto it = priors.find(region[id]);
    if (it == priors.end()) it = priors.find("*");
    if (it == priors.end()) {
      std::fprintf(stderr, "no prior for region '%s' and no '*' row\n", region[id].c_str());
      return 2;
    }
    SeriesSpec spec(kind, Bounds{});
    spec.prior = it->second;
    const int to = horizon > 0 ? s.years.back() + horizon : last_test[id];
    const SeriesForecast f = project_series(s, spec, to, opt, stable_hash(id));
    for (std::size_t h = 0; h < f.years.size(); ++h) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.10g", f.point[h]);
      out << id << "," << f.model << "," << h + 1 << "," << f.years[h] << "," << buf;
      for (double q : levels) {
        std::snprintf(buf, sizeof buf, "%.10g", f.quantile(static_cast<int>(h), q));
        out << "," << buf;
      }
      out << "\n";
    }
  }
  std::ofstream o(argv[3]);
  o << out.str();
  return o ? 0 : 2;
}
