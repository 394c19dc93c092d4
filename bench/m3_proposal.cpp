// Prototype of the `auto` rule before it went into project_series (docs/benchmarks.md,
// "auto: the calibrated combination"), run through the library, to measure its CPU cost and
// check that it reproduces the Python prototype (bench/m3_combine.py). Superseded by
// `utsikt forecast --method auto`; run by bench/m3_benchmark.sh only with PROTOTYPE=1.
//
// Members, equal weights: theta on the log scale, theta, arima and rw_drift on the identity
// scale (members that cannot be fitted are dropped). Path p of a series uses only
// Rng(seed, stable_hash(series id), p): its first uniform picks the member, the member draws
// the rest. Point forecast = median of the mixture paths. Optional horizon-wise calibration
// Y' = m + c_h (Y - m) around the median m (--factors c1,...,c6; default: none).
//
// Build: cmake -S . -B build -DUTSIKT_BUILD_BENCH=ON && cmake --build build --target m3_proposal
// Run:   build/m3_proposal IN.csv OUT.csv QUANTILES [paths=2000] [threads=1] [factors]
//        (IN: the long CSV with part=train/test; the horizon is the number of test rows)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "utsikt/engine/batch.hpp"
#include "utsikt/model.hpp"
#include "utsikt/models/registry.hpp"
#include "utsikt/rng.hpp"

namespace {

// The same prior as project_series (docs/methods.md, "The prior").
constexpr double kPriorSigmaLog = 0.0518;
constexpr double kPriorDf = 1.21;

struct Member {
  std::unique_ptr<utsikt::Model> model;
  bool log_scale = false;
};

void forecast_one(const utsikt::BatchSeries& s, const utsikt::BatchOptions& opt,
                  const std::vector<double>& factors, utsikt::BatchResult& r) {
  const int H = s.n_test;
  std::vector<double> t(s.years.begin(), s.years.end()), t_future;
  for (int h = 1; h <= H; ++h) t_future.push_back(s.years.back() + h);
  const bool positive =
      std::all_of(s.values.begin(), s.values.end(), [](double v) { return v > 0; });
  std::vector<Member> members;
  auto add = [&](const char* name, bool log_scale) {
    utsikt::ModelInput in;
    in.t = t;
    for (double v : s.values) in.y.push_back(log_scale ? std::log(v) : v);
    in.prior_sigma =
        log_scale ? kPriorSigmaLog : kPriorSigmaLog * std::max(1e-12, std::abs(s.values.back()));
    in.prior_df = kPriorDf;
    auto m = utsikt::make_model(name);
    if (static_cast<int>(in.y.size()) < m->min_points() || !m->fit(in).ok) return;
    members.push_back(Member{std::move(m), log_scale});
  };
  if (positive) add("theta", true);
  add("theta", false);
  add("arima", false);
  add("rw_drift", false);
  if (members.empty()) add("rw", false);
  const int n = opt.n_paths;
  std::vector<double> paths(static_cast<std::size_t>(n) * H), w(H);
  for (int p = 0; p < n; ++p) {
    utsikt::Rng rng(opt.seed, utsikt::stable_hash(s.id), static_cast<std::uint64_t>(p));
    const auto k = std::min<std::size_t>(static_cast<std::size_t>(rng.uniform() * members.size()),
                                         members.size() - 1);
    members[k].model->sample_path(t_future, rng, w);
    for (int h = 0; h < H; ++h)
      paths[static_cast<std::size_t>(p) * H + h] = members[k].log_scale ? std::exp(w[h]) : w[h];
  }
  r.id = s.id;
  r.method = "proposal";
  r.years.clear();
  for (int h = 1; h <= H; ++h) r.years.push_back(s.years.back() + h);
  const std::size_t nq = opt.quantiles.size();
  r.mean.assign(H, 0.0);
  r.q.assign(H * nq, 0.0);
  std::vector<double> col(n);
  for (int h = 0; h < H; ++h) {
    for (int p = 0; p < n; ++p) col[p] = paths[static_cast<std::size_t>(p) * H + h];
    std::sort(col.begin(), col.end());
    auto q7 = [&](double q) {
      const double pos = q * (n - 1.0);
      const auto lo = static_cast<std::size_t>(pos);
      const std::size_t hi = std::min<std::size_t>(lo + 1, n - 1);
      return col[lo] + (pos - lo) * (col[hi] - col[lo]);
    };
    const double med = q7(0.5);
    const double c = h < static_cast<int>(factors.size()) ? factors[h] : 1.0;
    r.mean[h] = med;
    for (std::size_t j = 0; j < nq; ++j) r.q[h * nq + j] = med + c * (q7(opt.quantiles[j]) - med);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: m3_proposal IN.csv OUT.csv QUANTILES [paths] [threads] [c1,..,c6]\n");
    return 1;
  }
  try {
    utsikt::BatchOptions opt;
    utsikt::parse_quantile_list(argv[3], opt);
    opt.n_paths = argc > 4 ? std::atoi(argv[4]) : 2000;
    opt.seed =
        1;  // the seed of the numbers in docs/benchmarks.md (the library default is 20240101)
    const int threads = argc > 5 ? std::atoi(argv[5]) : 1;
    std::vector<double> factors;
    if (argc > 6) {
      std::string list = argv[6];
      for (std::size_t pos = 0; pos < list.size();) {
        const std::size_t comma = std::min(list.find(',', pos), list.size());
        factors.push_back(std::stod(list.substr(pos, comma - pos)));
        pos = comma + 1;
      }
    }
    const utsikt::BatchInput in = utsikt::read_batch_csv(argv[1]);
    utsikt::BatchOutput out;
    out.results.resize(in.series.size());
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; ++k)
      pool.emplace_back([&, k] {
        for (std::size_t i = k; i < in.series.size(); i += threads)
          forecast_one(in.series[i], opt, factors, out.results[i]);
      });
    for (auto& th : pool) th.join();
    utsikt::write_batch_csv(argv[2], out, opt);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "m3_proposal: %s\n", e.what());
    return 2;
  }
  return 0;
}
