// Eurostat and UN progress classifications on small examples computed by hand (the
// computations are in the comments; numbers to 4-6 significant digits).
#include <gtest/gtest.h>

#include <cmath>

#include "utsikt/scenarios/realistic.hpp"

using namespace utsikt;

namespace {
ProgressInput input(int t0, double x0, int t1, double x1, int T, double target, bool higher) {
  ProgressInput in;
  in.t0 = t0;
  in.x0 = x0;
  in.t1 = t1;
  in.x1 = x1;
  in.T = T;
  in.target = target;
  in.higher_is_better = higher;
  return in;
}
}  // namespace

TEST(Progress, PopulationMovingAway) {
  // Norrbotten: 251 295 (2017), 249 285 (2022), target >= 260 000 in 2030.
  //   CAGR_a   = (249285 / 251295)^(1/5)  - 1 = 0.9920014^(0.2) - 1  = -0.0016049
  //   CAGR_req = (260000 / 251295)^(1/13) - 1 = 1.0346406^(1/13) - 1 = +0.0026230
  //   R = -0.0016049 / 0.0026230 = -0.6118  -> R < 0: moving away from the target.
  //   UN: v(2030) = 249285 * (1 - 0.0016049)^8 = 246 102.4
  //       P = (246102.4 - 251295) / (260000 - 251295) = -5192.6 / 8705 = -0.5965 -> < 0.10.
  const auto in = input(2017, 251295, 2022, 249285, 2030, 260000, true);
  const auto e = eurostat_progress(in);
  EXPECT_EQ(e.cls, EurostatClass::away);
  EXPECT_NEAR(e.cagr_actual, -0.0016049, 1e-7);
  EXPECT_NEAR(e.cagr_required, 0.0026230, 1e-7);
  EXPECT_NEAR(e.ratio, -0.6118, 1e-4);
  const auto u = un_progress(in);
  EXPECT_EQ(u.cls, UnClass::stagnation);
  EXPECT_NEAR(u.projected, 246102.4, 0.1);
  EXPECT_NEAR(u.ratio, -0.5965, 1e-4);
}

TEST(Progress, EnergyIntensityDecreaseOnTrack) {
  // Energy per GRP krona, index: 100 (2005), 56 (2021), target <= 50 in 2030 (-50 %).
  //   CAGR_a   = 0.56^(1/16) - 1 = -0.035590
  //   CAGR_req = 0.50^(1/25) - 1 = -0.027345
  //   R = -0.035590 / -0.027345 = 1.3015 >= 0.95 -> significant progress (56 > 50: not yet met).
  //   UN: v(2030) = 56 * (1 - 0.035590)^9 = 40.415; P = (40.415 - 100) / (50 - 100) = 1.1917
  //       >= 0.95 -> on track.
  const auto in = input(2005, 100, 2021, 56, 2030, 50, false);
  const auto e = eurostat_progress(in);
  EXPECT_EQ(e.cls, EurostatClass::significant);
  EXPECT_NEAR(e.ratio, 1.3015, 1e-4);
  const auto u = un_progress(in);
  EXPECT_EQ(u.cls, UnClass::on_track);
  EXPECT_NEAR(u.ratio, 1.1917, 1e-4);
}

TEST(Progress, ModerateAndInsufficientAndFair) {
  // Public transport share: 10 (2017), 12 (2023), target >= 25 in 2030.
  //   CAGR_a = 1.2^(1/6) - 1 = 0.030853; CAGR_req = 2.5^(1/13) - 1 = 0.073027
  //   R = 0.4225 -> 0 <= R < 0.60: insufficient progress.
  //   UN: v(2030) = 12 * 1.030853^7 = 14.844; P = (14.844 - 10) / (25 - 10) = 0.3230 -> fair.
  const auto in = input(2017, 10, 2023, 12, 2030, 25, true);
  EXPECT_EQ(eurostat_progress(in).cls, EurostatClass::insufficient);
  EXPECT_NEAR(eurostat_progress(in).ratio, 0.42249, 1e-5);
  EXPECT_EQ(un_progress(in).cls, UnClass::fair);
  EXPECT_NEAR(un_progress(in).ratio, 0.32295, 1e-5);
  // 100 (2010), 110 (2020), target 120 in 2030: CAGR_a = 1.1^(1/10) - 1 = 0.0095765,
  // CAGR_req = 1.2^(1/20) - 1 = 0.0091577, R = 1.0457 -> significant.
  // 100 (2010), 106 (2020): CAGR_a = 1.06^(0.1) - 1 = 0.0058444, R = 0.6381 -> moderate.
  EXPECT_EQ(eurostat_progress(input(2010, 100, 2020, 110, 2030, 120, true)).cls,
            EurostatClass::significant);
  const auto m = eurostat_progress(input(2010, 100, 2020, 106, 2030, 120, true));
  EXPECT_EQ(m.cls, EurostatClass::moderate);
  EXPECT_NEAR(m.ratio, 0.63814, 1e-4);
}

TEST(Progress, AchievedAndNotComputable) {
  // Already met: 1 600 >= 1 500.
  EXPECT_EQ(eurostat_progress(input(2016, 1144, 2022, 1600, 2030, 1500, true)).cls,
            EurostatClass::achieved);
  EXPECT_EQ(un_progress(input(2016, 1144, 2022, 1600, 2030, 1500, true)).cls, UnClass::achieved);
  // Net zero: a target of 0 has no growth rate.
  const auto nz = eurostat_progress(input(2016, 5.8, 2021, 5.26, 2045, 0.0, false));
  EXPECT_EQ(nz.cls, EurostatClass::not_computable);
  EXPECT_NE(nz.note.find("net zero"), std::string::npos);
  // One observation.
  EXPECT_EQ(eurostat_progress(input(2017, 75, 2017, 75, 2025, 98, true)).cls,
            EurostatClass::not_computable);
  EXPECT_EQ(un_progress(input(2017, 75, 2017, 75, 2025, 98, true)).cls, UnClass::not_computable);
  // Sign change: -2 -> 3 towards 10.
  const auto sc = eurostat_progress(input(2010, -2, 2020, 3, 2030, 10, true));
  EXPECT_EQ(sc.cls, EurostatClass::not_computable);
  EXPECT_NE(sc.note.find("sign"), std::string::npos);
  // Zero base: replaced by 0.001 (Open SDG): 0 (2010) -> 5 (2020), target 10 in 2030:
  //   CAGR_a = (5/0.001)^(0.1) - 1 = 1.34367; CAGR_req = (10/0.001)^(0.05) - 1 = 0.58489; R
  //   = 2.2973.
  const auto zb = eurostat_progress(input(2010, 0, 2020, 5, 2030, 10, true));
  EXPECT_EQ(zb.cls, EurostatClass::significant);
  EXPECT_NEAR(zb.ratio, 2.2973, 1e-3);
}

TEST(Progress, UnOnePercentagePointRuleAndNoTarget) {
  // Renewable electricity 90 (2015) -> 99.2 (2021), target 100 % in 2040: within 1 pp -> achieved
  // (UN). Eurostat has no such rule: CAGR_a = (99.2/90)^(1/6) - 1 = 0.016354,
  // CAGR_req = (100/90)^(1/15) - 1 = 0.0070488 (T = 2030 here), R = 2.3201 -> significant.
  auto in = input(2015, 90, 2021, 99.2, 2030, 100, true);
  in.share_0_100 = true;
  EXPECT_EQ(un_progress(in).cls, UnClass::achieved);
  EXPECT_EQ(eurostat_progress(in).cls, EurostatClass::significant);
  EXPECT_NEAR(eurostat_progress(in).ratio, 2.3201, 1e-4);
  // No quantitative target ("shall increase"): employment 81.5 (2017) -> 83 (2022):
  //   CAGR = (83/81.5)^(1/5) - 1 = 0.0036542 < 0.5 % -> stagnation.
  const auto nt = un_progress_no_target(2017, 81.5, 2022, 83, true);
  EXPECT_EQ(nt.cls, UnClass::stagnation);
  EXPECT_NEAR(nt.cagr_actual, 0.0036542, 1e-7);
  // Sick-days 35.1 -> 30.4 (shall decrease): CAGR = (30.4/35.1)^(1/5) - 1 = -0.028342, mirrored
  // +2.83 % >= 2 % -> on track.
  EXPECT_EQ(un_progress_no_target(2017, 35.1, 2022, 30.4, false).cls, UnClass::on_track);
}

TEST(Progress, ParityRatioTransform) {
  // Sick-days women / men: 35.1/23.1 = 1.51948 (2017), 30.4/19.9 = 1.52764 (2022); transformed
  // max(r, 1/r) = r; target 1 in 2030 (lower is better).
  //   CAGR_a = (1.52764/1.51948)^(1/5) - 1 = 0.0010714
  //   CAGR_req = (1/1.51948)^(1/13) - 1 = -0.031670
  //   R = -0.033832 -> moving away. UN: v = 1.52764 * 1.0010714^8 = 1.54078,
  //   P = (1.54077 - 1.51948) / (1 - 1.51948) = -0.04100 -> stagnation or regression.
  auto in = input(2017, 35.1 / 23.1, 2022, 30.4 / 19.9, 2030, 1.0, false);
  in.achieved_band = 0.03;
  const auto e = eurostat_progress(in);
  EXPECT_EQ(e.cls, EurostatClass::away);
  EXPECT_NEAR(e.ratio, -0.033832, 1e-5);
  const auto u = un_progress(in);
  EXPECT_EQ(u.cls, UnClass::stagnation);
  EXPECT_NEAR(u.ratio, -0.041005, 1e-5);
  // Within 0.97-1.03: parity counts as achieved.
  in.x1 = 1.02;
  EXPECT_EQ(eurostat_progress(in).cls, EurostatClass::achieved);
}

TEST(Progress, BaseBeyondTargetIsNotApplicable) {
  // A municipality whose 2005 population (12 000) was above its target (>= 11 500 in 2030) and
  // has fallen to 11 000 (2022): P(met) is ~0, yet CAGR_a < 0 and CAGR_req < 0 give R > 0.95
  // ("significant progress") and the UN ratio (v(T) - x0) / (X* - x0) > 0.95 ("on track").
  // The precondition (base on the side still to be reached) fails: not applicable, with why.
  const ProgressInput in = input(2005, 12000, 2022, 11000, 2030, 11500, true);
  const auto e = eurostat_progress(in);
  EXPECT_EQ(e.cls, EurostatClass::not_applicable);
  EXPECT_NE(e.note.find("already met the target"), std::string::npos) << e.note;
  EXPECT_FALSE(has_ratio(e.cls));
  const auto u = un_progress(in);
  EXPECT_EQ(u.cls, UnClass::not_applicable);
  EXPECT_NE(u.note.find("12000 (2005)"), std::string::npos) << u.note;
  // The mirror case, lower is better: base 20 <= 25, latest 30.
  EXPECT_EQ(eurostat_progress(input(2017, 20, 2022, 30, 2030, 25, false)).cls,
            EurostatClass::not_applicable);
  EXPECT_EQ(un_progress(input(2017, 20, 2022, 30, 2030, 25, false)).cls, UnClass::not_applicable);
  // A base exactly at the target counts as met (the required growth would be zero).
  EXPECT_EQ(eurostat_progress(input(2017, 25, 2022, 26, 2030, 25, false)).cls,
            EurostatClass::not_applicable);
  // The latest value meeting the target still wins: achieved.
  EXPECT_EQ(eurostat_progress(input(2005, 12000, 2022, 11800, 2030, 11500, true)).cls,
            EurostatClass::achieved);
}
