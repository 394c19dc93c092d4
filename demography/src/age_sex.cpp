#include <algorithm>

#include "utsikt/demography/cohort.hpp"

namespace utsikt::demography {

double AgeSex::total() const { return sum(-1, 0, kMaxAge); }

double AgeSex::sum(int sex, int age_from, int age_to) const {
  const int lo = std::max(age_from, 0);
  const int hi = std::min(age_to, kMaxAge);
  double s = 0.0;
  for (int k = 0; k < kSexes; ++k) {
    if (sex >= 0 && sex != k) continue;
    for (int a = lo; a <= hi; ++a) s += v[static_cast<std::size_t>(k)][static_cast<std::size_t>(a)];
  }
  return s;
}

}  // namespace utsikt::demography
