// Coverage of utsikt's projection intervals on the M3 yearly series (train -> test).
//
// For each of the 645 series: keep the last K train points (all if K = 0), project to the end of
// the test part (6 years) with project_series(kind = stock), and count how often the held-out
// values fall inside the central 80 % and 95 % intervals and below the median, per horizon;
// also the sMAPE of the point forecast (200 |y - f| / (|y| + |f|), mean over series).
// Not part of the test suite (it takes a few seconds); results are quoted in docs/methods.md.
//
// Build and run (from the repository root, after building the library in build/):
//   cmake -S . -B build -DUTSIKT_BUILD_BENCH=ON && cmake --build build --target m3_calibration
//   build/m3_calibration ../shared/data/m3-yearly/m3_yearly_long.csv [K] [method] [n_paths] [H]
//
// With H > 0 (long-horizon check): train and test part are joined and the last H years are held
// out instead of the 6 test years; only series with at least 14 remaining points are used (K then
// still limits the points kept).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "utsikt/engine/forecast.hpp"
#include "utsikt/rng.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: m3_calibration LONG.csv [keep] [method] [n_paths] [holdout]\n");
    return 1;
  }
  const int keep = argc > 2 ? std::atoi(argv[2]) : 0;
  const std::string method = argc > 3 ? argv[3] : "auto";
  const int n_paths = argc > 4 ? std::atoi(argv[4]) : 1000;
  const int holdout = argc > 5 ? std::atoi(argv[5]) : 0;
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  struct Data {
    std::vector<int> train_years, test_years;
    std::vector<double> train, test;
  };
  std::map<std::string, Data> data;
  std::string line;
  std::getline(in, line);  // header: series,st,period,part,t,time,value
  while (std::getline(in, line)) {
    line.erase(std::remove(line.begin(), line.end(), '"'), line.end());
    std::stringstream ss(line);
    std::string f[7];
    for (auto& x : f) std::getline(ss, x, ',');
    Data& d = data[f[0]];
    const int year = std::stoi(f[5]);
    const double v = std::stod(f[6]);
    if (f[3] == "train") {
      d.train_years.push_back(year);
      d.train.push_back(v);
    } else {
      d.test_years.push_back(year);
      d.test.push_back(v);
    }
  }
  if (holdout > 0) {
    for (auto it = data.begin(); it != data.end();) {
      Data& d = it->second;
      std::vector<int> years = d.train_years;
      std::vector<double> values = d.train;
      years.insert(years.end(), d.test_years.begin(), d.test_years.end());
      values.insert(values.end(), d.test.begin(), d.test.end());
      if (static_cast<int>(years.size()) - holdout < 14) {
        it = data.erase(it);
        continue;
      }
      const auto cut = static_cast<std::ptrdiff_t>(years.size()) - holdout;
      d.train_years.assign(years.begin(), years.begin() + cut);
      d.train.assign(values.begin(), values.begin() + cut);
      d.test_years.assign(years.begin() + cut, years.end());
      d.test.assign(values.begin() + cut, values.end());
      ++it;
    }
  }
  const int H = holdout > 0 ? holdout : 6;
  std::vector<double> in80(H), in95(H), below(H), count(H), smape(H);
  std::vector<std::vector<double>> width80(H);
  for (const auto& [name, d] : data) {
    utsikt::Series s;
    s.indicator = name;
    s.group = "total";
    s.years = d.train_years;
    s.values = d.train;
    if (keep > 0 && static_cast<int>(s.size()) > keep) {
      s.years.erase(s.years.begin(), s.years.end() - keep);
      s.values.erase(s.values.begin(), s.values.end() - keep);
    }
    utsikt::SeriesSpec spec;
    spec.kind = utsikt::IndicatorKind::stock;
    // The M3 prior, as `utsikt forecast` uses without --prior (a stock's default class is
    // population since the class priors came in; that is not what this benchmark measures).
    spec.prior_class = utsikt::PriorClass::m3;
    utsikt::ForecastOptions opt;
    opt.method = method;
    opt.n_paths = n_paths;
    opt.seed =
        1;  // the seed of the numbers in docs/benchmarks.md (the library default is 20240101)
    const auto f =
        utsikt::project_series(s, spec, d.test_years.back(), opt, utsikt::stable_hash(name));
    for (int h = 0; h < H && h < static_cast<int>(d.test.size()); ++h) {
      const double v = d.test[h];
      const double q10 = f.quantile(h, 0.1), q90 = f.quantile(h, 0.9);
      in80[h] += v >= q10 && v <= q90;
      in95[h] += v >= f.quantile(h, 0.025) && v <= f.quantile(h, 0.975);
      below[h] += v < f.quantile(h, 0.5);
      const double denom = std::abs(v) + std::abs(f.point[h]);
      smape[h] += denom > 0 ? 200.0 * std::abs(v - f.point[h]) / denom : 0.0;
      count[h] += 1;
      if (q10 > 0) width80[h].push_back(std::log(q90 / q10));
    }
  }
  std::printf("keep,method,h,series,cover80,cover95,below_median,median_log_width80,smape\n");
  for (int h = 0; h < H; ++h) {
    auto& w = width80[h];
    std::nth_element(w.begin(), w.begin() + w.size() / 2, w.end());
    std::printf("%d,%s,%d,%.0f,%.3f,%.3f,%.3f,%.3f,%.2f\n", keep, method.c_str(), h + 1, count[h],
                in80[h] / count[h], in95[h] / count[h], below[h] / count[h], w[w.size() / 2],
                smape[h] / count[h]);
  }
  return 0;
}
