// How AICc weights the model families on simulated series (400 replicates per case): random
// walk (sd 0.05), random walk with drift 0.02, and a linear trend 0.02/year with iid N(0, 0.05^2)
// noise, n = 8, 15, 30 yearly points. Prints how often each family has the lowest AICc and its
// mean Akaike weight. Quoted in docs/methods.md ("Calibration on M3 yearly").
//   cmake -S . -B build -DUTSIKT_BUILD_BENCH=ON && cmake --build build --target selection_check &&
//   build/selection_check
#include <cmath>
#include <cstdio>
#include <map>

#include "utsikt/model.hpp"
#include "utsikt/models/registry.hpp"
#include "utsikt/rng.hpp"
using namespace utsikt;
int main() {
  const char* fams[] = {"rw", "rw_drift", "linear", "ets_damped"};
  for (int truth = 0; truth < 3; ++truth)
    for (int n : {8, 15, 30}) {
      std::map<std::string, int> wins;
      std::map<std::string, double> wsum;
      for (int rep = 0; rep < 400; ++rep) {
        Rng rng(42, truth * 100 + n, rep);
        ModelInput in;
        double y = 0;
        for (int i = 0; i < n; i++) {
          in.t.push_back(2000 + i);
          if (truth == 0)
            y += 0.05 * rng.normal();
          else if (truth == 1)
            y += 0.02 + 0.05 * rng.normal();
          else
            y = 0.02 * i + 0.05 * rng.normal();
          in.y.push_back(y);
        }
        in.prior_sigma = 0.05;
        in.prior_df = 1.21;
        double best = 1e300;
        std::string bn;
        double a[4];
        double mn = 1e300;
        for (int k = 0; k < 4; k++) {
          if (k == 3 && n < 8) {
            a[k] = 1e300;
            continue;
          }
          auto m = make_model(fams[k]);
          auto f = m->fit(in);
          a[k] = f.aicc;
          mn = std::min(mn, a[k]);
          if (f.aicc < best) {
            best = f.aicc;
            bn = fams[k];
          }
        }
        wins[bn]++;
        double tot = 0;
        for (int k = 0; k < 4; k++) tot += std::exp(-0.5 * (a[k] - mn));
        for (int k = 0; k < 4; k++) wsum[fams[k]] += std::exp(-0.5 * (a[k] - mn)) / tot / 400;
      }
      std::printf("truth=%s n=%d:", fams[truth], n);
      for (auto& [k, v] : wins) std::printf(" %s=%d", k.c_str(), v);
      std::printf(" | mean weights:");
      for (auto& [k, v] : wsum) std::printf(" %s=%.2f", k.c_str(), v);
      std::printf("\n");
    }
}
