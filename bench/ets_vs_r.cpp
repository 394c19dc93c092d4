// Compares utsikt's maximised ETS(A,Ad,N) log-likelihood with R's (bench/ets_vs_r.R output).
//   cmake -S . -B build -DUTSIKT_BUILD_BENCH=ON && cmake --build build --target ets_vs_r
//   build/ets_vs_r ../shared/data/m3-yearly/m3_yearly_long.csv build/ets_vs_r.txt
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "utsikt/model.hpp"
#include "utsikt/models/registry.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: ets_vs_r LONG.csv R_OUTPUT.txt\n");
    return 1;
  }
  std::ifstream f(argv[1]);
  std::string line;
  std::getline(f, line);
  std::map<std::string, utsikt::ModelInput> data;
  while (std::getline(f, line)) {
    line.erase(std::remove(line.begin(), line.end(), '"'), line.end());
    std::stringstream ss(line);
    std::string a[7];
    for (auto& x : a) std::getline(ss, x, ',');
    if (a[3] != "train") continue;
    data[a[0]].t.push_back(std::stod(a[5]));
    data[a[0]].y.push_back(std::stod(a[6]));
  }
  std::ifstream r(argv[2]);
  std::string id;
  double ll_r;
  int better = 0, total = 0;
  while (r >> id >> ll_r) {
    std::string rest;
    std::getline(r, rest);
    auto m = utsikt::make_model("ets_damped");
    const auto fit = m->fit(data.at(id));
    ++total;
    better += fit.loglik >= ll_r - 1e-3;
    std::printf("%s R=%.4f utsikt=%.4f diff=%.4f | R alpha beta phi:%s | utsikt %s\n", id.c_str(),
                ll_r, fit.loglik, fit.loglik - ll_r, rest.c_str(), m->describe().c_str());
  }
  std::printf("utsikt >= R - 0.001 in %d of %d series\n", better, total);
  return 0;
}
