#include "utsikt/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>

using utsikt::Rng;

TEST(Rng, SameTripleGivesSameNumbers) {
  Rng a(42, 7, 3), b(42, 7, 3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(Rng, DifferentIndexGivesDifferentStream) {
  Rng a(42, 7, 3), b(42, 7, 4);
  int same = 0;
  for (int i = 0; i < 100; ++i) same += (a.next_u64() == b.next_u64());
  EXPECT_EQ(same, 0);
}

TEST(Rng, NormalMomentsAreRight) {
  Rng r(1, 2, 3);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal();
    s += x;
    s2 += x * x;
  }
  const double mean = s / n, var = s2 / n - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5.0 / std::sqrt(n));
  EXPECT_NEAR(var, 1.0, 0.02);
}

TEST(Rng, UniformIsOpenInterval) {
  Rng r(9, 9, 9);
  for (int i = 0; i < 100000; ++i) {
    const double u = r.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(Rng, ChiSquareMeanIsDf) {
  Rng r(5, 6, 7);
  for (double df : {0.5, 1.0, 3.0, 10.0}) {
    const int n = 100000;
    double s = 0;
    for (int i = 0; i < n; ++i) s += r.chi_square(df);
    EXPECT_NEAR(s / n, df, 0.03 * df + 0.02) << "df=" << df;
  }
}
