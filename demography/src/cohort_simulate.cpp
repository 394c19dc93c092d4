// simulate_cohort / project_cohort_central: joint paths of the components by age and sex.
#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "cohort_internal.hpp"
#include "utsikt/number.hpp"
#include "utsikt/rng.hpp"

namespace utsikt::demography {
namespace {

using internal::Ages;
using internal::ix;
using internal::PreparedChanges;

constexpr int kStride = kAges + 2;  // q[0..100], q_birth, e0 per grid point

// The memos of the models (CohortModel::State::Memo) hold their draws and tables weakly; these
// are the last few kept alive, so that a process with many models (many regions) keeps about
// 90 MB of them with 10 000 paths, not every model's.
void keep_recent(std::shared_ptr<const void> p) {
  constexpr std::size_t kKept = 12;  // 4 models' draws and 2 tables
  static std::mutex mutex;
  static std::vector<std::shared_ptr<const void>> kept;
  std::lock_guard<std::mutex> lock(mutex);
  kept.erase(std::remove(kept.begin(), kept.end(), p), kept.end());  // used again: the newest
  kept.push_back(std::move(p));
  if (kept.size() > kKept) kept.erase(kept.begin());
}

// q, q_birth and e0 of one sex as functions of the Lee-Carter index, tabulated on a fine grid
// over the range the paths can reach and interpolated linearly (outside it: computed exactly).
struct MortGrid {
  const internal::MortalityModel* mort = nullptr;
  int sex = 0;
  double lo = 0.0, step = 1.0;
  int n = 0;
  std::shared_ptr<const std::vector<double>> v;  // shared with the model's memo

  void exact(double k, double* out) const {
    const Ages m = mort->rates(sex, k);
    Ages q{};
    double qb = 0.0;
    survival_from_rates(m, static_cast<Sex>(sex), q, qb);
    std::copy(q.begin(), q.end(), out);
    out[kAges] = qb;
    out[kAges + 1] = internal::life_table(m, sex).e0;
  }
  // The table over [k_lo, k_hi]: the model's memo when it holds the same range, else computed
  // (and kept there for the next simulation).
  void build(const CohortModel::State& st, int s, double k_lo, double k_hi, int points) {
    mort = &st.mort;
    sex = s;
    n = points;
    lo = k_lo;
    step = (k_hi - k_lo) / (points - 1);
    {
      std::lock_guard<std::mutex> lock(st.memo.mutex);
      const auto& g = st.memo.grids[ix(s)];
      if (g.lo == k_lo && g.hi == k_hi && g.points == points) {
        v = g.values.lock();
        if (v) {
          keep_recent(v);
          return;
        }
      }
    }
    auto t = std::make_shared<std::vector<double>>(ix(points * kStride), 0.0);
    for (int i = 0; i < points; ++i) exact(lo + step * i, &(*t)[ix(i * kStride)]);
    v = t;
    keep_recent(v);
    std::lock_guard<std::mutex> lock(st.memo.mutex);
    st.memo.grids[ix(s)] = {k_lo, k_hi, points, v};
  }
  void at(double k, double* out) const {
    const double pos = (k - lo) / step;
    if (!(pos >= 0.0) || !(pos <= n - 1)) {
      exact(k, out);
      return;
    }
    const int i = std::min(static_cast<int>(pos), n - 2);
    const double w = pos - i;
    const double* a = &(*v)[ix(i * kStride)];
    const double* b = a + kStride;
    for (int j = 0; j < kStride; ++j) out[j] = a[j] + w * (b[j] - a[j]);
  }
};

// A path's draw of a level model: one grid point (by its posterior weight), the state at the
// jump-off from its distribution, the noise sd scaled for its uncertainty.
struct LevelPath {
  double q = 0.0, phi = 0.0, sd = 0.0;
  double level = 0.0, ar = 0.0;
  // The next year's value (level and AR part move; z1, z2 standard normals).
  double step(double z1, double z2) {
    level += q * sd * z1;
    ar = phi * ar + sd * z2;
    return level + ar;
  }
};

struct PathParams {
  std::array<double, kSexes> drift{};
  double k_scale = 1.0;
  LevelPath tfr, mig;
  std::vector<LevelPath> score;  // pattern noise scores
};

// sd factor sqrt(df / chi2(df)), at most 3 (1 without random numbers).
double sd_factor(Rng* rng, int df) {
  return rng ? std::min(3.0, std::sqrt(df / rng->chi_square(df))) : 1.0;
}

LevelPath draw_level(const internal::LevelModel& m, Rng* rng) {
  LevelPath lp;
  const double u = rng ? rng->uniform() : 0.5;
  const double z1 = rng ? rng->normal() : 0.0, z2 = rng ? rng->normal() : 0.0;
  std::size_t i = 0;
  for (double cum = m.mix[0].weight; i + 1 < m.mix.size() && cum < u; cum += m.mix[i].weight) ++i;
  const internal::LevelComponent& c = m.mix[i];
  lp.q = c.q;
  lp.phi = c.phi;
  lp.sd = c.sigma * sd_factor(rng, std::max(c.n, 1));
  lp.level = c.level + c.c_ll * z1;
  lp.ar = c.ar + c.c_ul * z1 + c.c_uu * z2;
  return lp;
}

void check_options(const CohortModel& model, const SimulateOptions& opt) {
  auto bad = [](const char* f, const std::string& expected, const std::string& found) {
    return InputError(Location{"", 0, 0, f}, expected, found);
  };
  if (!model.state) throw bad("model", "a fitted cohort model", "none");
  if (opt.to_year <= model.jump_off) {
    throw bad("to_year", "a year after the jump-off " + std::to_string(model.jump_off),
              std::to_string(opt.to_year));
  }
  if (opt.n_paths < 1) throw bad("n_paths", "1 or more", std::to_string(opt.n_paths));
  if (opt.threads < 0) throw bad("threads", "0 (all cores) or more", std::to_string(opt.threads));
  for (const AgeGroup& g : opt.groups) {
    if (g.sex < -1 || g.sex > 1 || g.age_from < 0 || g.age_from > g.age_to) {
      throw bad("groups", "sex -1, 0 or 1 and 0 <= age_from <= age_to",
                "group '" + g.id + "' (sex " + std::to_string(g.sex) + ", ages " +
                    std::to_string(g.age_from) + ".." + std::to_string(g.age_to) + ")");
    }
  }
  for (int y : opt.pyramid_years) {
    const bool observed =
        y == model.jump_off || (y < model.jump_off && model.state->observed_population.count(y));
    if (!observed && (y <= model.jump_off || y > opt.to_year)) {
      throw bad("pyramid_years",
                "the jump-off, a year of the age data or a year " +
                    std::to_string(model.jump_off + 1) + ".." + std::to_string(opt.to_year),
                std::to_string(y));
    }
  }
}

double quantile(std::vector<double>& v, double q) {  // type 7; reorders v
  const double pos = q * static_cast<double>(v.size() - 1);
  const std::size_t i = static_cast<std::size_t>(pos);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
  const double a = v[i];
  if (i + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, v.end());
  return a + (pos - static_cast<double>(i)) * (b - a);
}

// The stochastic simulation runs kLanes paths side by side (structure of arrays, [sex][age][lane]):
// every path does exactly the operations, in exactly the order, of the one-path code (path() and
// project_step), so the results are the same bit for bit, but the sums over ages of several paths
// run together instead of one long chain of additions at a time.
constexpr int kLanes = 16;
// The lane loops also compiled for AVX2 where the processor has it (chosen when the program
// starts); AVX2 without FMA: the same roundings as SSE2, so the same numbers.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define UTSIKT_LANES_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define UTSIKT_LANES_CLONES
#endif
using Lanes = std::array<int, kLanes>;  // the path of each lane
using LaneVal = std::array<double, kLanes>;
using LaneCells = std::array<std::array<LaneVal, kAges>, kSexes>;
struct Batch {
  LaneCells pop0{}, pop1{}, mig{}, q{};
  LaneCells* a = &pop0;  // population at the start of the year
  LaneCells* b = &pop1;  // at the end
  std::array<LaneVal, kSexes> q_birth{}, e0{};
  std::array<LaneVal, kAges> fertility{};
  LaneVal tfr{}, total{};  // total: population at the start of the year
  LaneVal births{}, deaths{}, net{};
};

class Simulation {
 public:
  Simulation(const CohortModel& model, const SimulateOptions& opt, const PreparedChanges& ch,
             bool central)
      : model_(model), st_(*model.state), opt_(opt), ch_(ch), central_(central) {
    n_paths_ = central ? 1 : opt.n_paths;
    h_ = opt.to_year - model.jump_off;
    build_grids();
    out_.n_paths = n_paths_;
    for (int y = model.jump_off + 1; y <= opt.to_year; ++y) out_.years.push_back(y);
    const std::size_t cells = ix(n_paths_) * ix(h_);
    for (auto* v : {&out_.total, &out_.births, &out_.deaths, &out_.net_migration, &out_.tfr,
                    &out_.e0_female, &out_.e0_male})
      v->assign(cells, 0.0);
    out_.groups.assign(opt.groups.size(), std::vector<double>(cells, 0.0));
    if (opt.keep_detail) out_.detail.resize(cells);
    for (int y : opt.pyramid_years) {
      if (y > model.jump_off) {
        pyr_h_.push_back(y - model.jump_off - 1);
        pyr_store_.emplace_back(ix(kSexes * kAges) * ix(n_paths_));
      }
    }
  }

  CohortPaths run() {
    if (central_ || opt_.keep_detail) {
      parallel(n_paths_, [&](int p) { path(p); });
    } else {
      draws_ = draws();
      parallel((n_paths_ + kLanes - 1) / kLanes, [&](int b) { batch(b); });
    }
    pyramids();
    return std::move(out_);
  }

 private:
  const CohortModel& model_;
  const CohortModel::State& st_;
  const SimulateOptions& opt_;
  const PreparedChanges& ch_;
  bool central_;
  int n_paths_ = 0, h_ = 0;
  std::array<MortGrid, kSexes> grid_;
  CohortPaths out_;
  std::vector<int> pyr_h_;
  // Per pyramid year: population by cell (sex * kAges + age) and path, [cell * n_paths + p].
  std::vector<std::vector<double>> pyr_store_;
  std::shared_ptr<const internal::PathDraws> draws_;

  // f(i) for i in [0, n) on the threads of the options (results do not depend on their number).
  template <class F>
  void parallel(int n, F f) const {
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int wanted = opt_.threads == 0 ? hw : opt_.threads;
    const int n_threads = std::max(1, std::min({wanted, n_paths_ / 64, n}));
    std::vector<std::exception_ptr> errors(ix(n_threads));
    auto work = [&](int k, int i0, int i1) {
      try {
        for (int i = i0; i < i1; ++i) f(i);
      } catch (...) {
        errors[ix(k)] = std::current_exception();
      }
    };
    if (n_threads == 1) {
      work(0, 0, n);
    } else {
      std::vector<std::thread> pool;
      const int chunk = (n + n_threads - 1) / n_threads;
      for (int k = 0; k < n_threads; ++k)
        pool.emplace_back(work, k, k * chunk, std::min(n, (k + 1) * chunk));
      for (auto& t : pool) t.join();
    }
    for (const auto& e : errors) {
      if (e) std::rethrow_exception(e);
    }
  }

  // The grid covers the index range of the paths: drift with 4.5 standard errors, 8 sd of the
  // yearly changes over the horizon and the largest life-expectancy shift.
  void build_grids() {
    const auto& m = st_.mort;
    for (int s = 0; s < kSexes; ++s) {
      double shift = 0.0;
      for (const auto& le : ch_.life) {
        for (double d : le.dk[ix(s)]) shift = std::max(shift, std::abs(d));
      }
      const double reach = h_ * (std::abs(m.drift[ix(s)]) + 4.5 * m.drift_se[ix(s)]) +
                           8.0 * m.sigma[ix(s)] * std::sqrt(static_cast<double>(h_)) + shift + 1.0;
      grid_[ix(s)].build(st_, s, m.k_jump[ix(s)] - reach, m.k_jump[ix(s)] + reach, 2049);
    }
  }

  PathParams draw_params(Rng* rng) const {
    auto z = [&] { return rng ? rng->normal() : 0.0; };
    const auto& m = st_.mort;
    PathParams pp;
    const double z1 = z(), z2 = z();
    pp.drift[0] = m.drift[0] + m.drift_se[0] * z1;
    pp.drift[1] = m.drift[1] + m.drift_se[1] * (m.rho * z1 + std::sqrt(1.0 - m.rho * m.rho) * z2);
    pp.k_scale = sd_factor(rng, std::max(m.df, 1));
    pp.tfr = draw_level(st_.fert.level, rng);
    pp.mig = draw_level(st_.mig.rate, rng);
    const auto& pn = st_.mig.noise;
    for (const auto& sc : pn.score) pp.score.push_back(draw_level(sc, rng));
    return pp;
  }

  void path(int p);
  void record(int p, int h, const AgeSex& pop, const StepTotals& tot, double tfr,
              const std::array<std::array<double, kStride>, kSexes>& q);
  std::shared_ptr<const internal::PathDraws> draws() const;
  void draw_path(int p, double* out) const;
  void batch(int b);
  void batch_rates(int h, const Lanes& pl, const double* const* d, Batch& st) const;
  void batch_migration(int h, const Lanes& pl, const double* const* d, Batch& st) const;
  void batch_record(int h, const Lanes& pl, const Batch& st, const LaneVal& total,
                    const std::vector<LaneVal>& groups);
  void pyramids();
};

void Simulation::path(int p) {
  Rng rng(opt_.seed, opt_.stream, static_cast<std::uint64_t>(p));
  Rng* r = central_ ? nullptr : &rng;
  auto z = [&] { return r ? r->normal() : 0.0; };
  PathParams pp = draw_params(r);
  const auto& m = st_.mort;
  const auto& pn = st_.mig.noise;
  std::array<double, kSexes> k = m.k_jump;
  AgeSex a = model_.jump_off_population, b, mig;
  StepRates rates;
  rates.boys_share = st_.fert.boys_share;
  std::array<std::array<double, kStride>, kSexes> q{};
  const double rho_c = std::sqrt(1.0 - m.rho * m.rho);
  for (int h = 0; h < h_; ++h) {
    const double e1 = z(), e2 = z(), e3 = z();
    const double f1 = z(), f2 = z(), g1 = z(), g2 = z();
    k[0] += pp.drift[0] + pp.k_scale * m.sigma[0] * e1;
    k[1] += pp.drift[1] + pp.k_scale * m.sigma[1] * (m.rho * e1 + rho_c * e2);
    const double noise = std::exp(m.region_sigma * e3);
    const double log_tfr = central_ ? st_.fert.level.central(h + 1) : pp.tfr.step(f1, f2);
    const double rate = central_ ? st_.mig.rate.central(h + 1) : pp.mig.step(g1, g2);
    for (int s = 0; s < kSexes; ++s) {
      double kk = k[ix(s)];
      for (const auto& le : ch_.life) kk += le.frac[ix(h)] * PreparedChanges::at(le.dk[ix(s)], p);
      grid_[ix(s)].at(kk, q[ix(s)].data());
      for (int x = 0; x <= kMaxAge; ++x)
        rates.q[ix(s)][ix(x)] = std::min(1.0, q[ix(s)][ix(x)] * noise);
      rates.q_birth[ix(s)] = std::min(1.0, q[ix(s)][kAges] * noise);
    }
    double tfr = std::exp(log_tfr);
    for (const auto& f : ch_.fertility) {
      if (f.active[ix(h)]) tfr *= 1.0 + PreparedChanges::at(f.values, p) / 100.0;
    }
    for (int x = 15; x <= 49; ++x) rates.fertility[ix(x)] = tfr * st_.fert.shape[ix(x)];
    const double per = a.total() / 1000.0;
    st_.mig.pattern(rate * per, mig);
    for (std::size_t c = 0; c < pn.component.size(); ++c) {
      const double s1 = z(), s2 = z();
      const double w = (central_ ? pn.score[c].central(h + 1) : pp.score[c].step(s1, s2)) * per;
      for (int s = 0; s < kSexes; ++s) {
        for (int x = 0; x <= kMaxAge; ++x)
          mig.v[ix(s)][ix(x)] += w * pn.component[c].v[ix(s)][ix(x)];
      }
    }
    for (const auto& c : ch_.migrants) {
      const double amount = c.coef[ix(h)] * PreparedChanges::at(c.values, p);
      if (c.coef[ix(h)] == 0.0) continue;
      for (int s = 0; s < kSexes; ++s) {
        for (int x = 0; x <= kMaxAge; ++x)
          mig.v[ix(s)][ix(x)] += amount * c.profile.v[ix(s)][ix(x)];
      }
    }
    const std::size_t cell = ix(p) * ix(h_) + ix(h);
    CohortPaths::Detail* detail = opt_.keep_detail ? &out_.detail[cell] : nullptr;
    const StepTotals tot = project_step(a, rates, mig, b, detail);
    record(p, h, b, tot, tfr, q);
    std::swap(a, b);
  }
}

void Simulation::record(int p, int h, const AgeSex& pop, const StepTotals& tot, double tfr,
                        const std::array<std::array<double, kStride>, kSexes>& q) {
  const std::size_t cell = ix(p) * ix(h_) + ix(h);
  out_.total[cell] = pop.total();
  out_.births[cell] = tot.births;
  out_.deaths[cell] = tot.deaths;
  out_.net_migration[cell] = tot.net_migration;
  out_.tfr[cell] = tfr;
  out_.e0_female[cell] = q[0][kAges + 1];
  out_.e0_male[cell] = q[1][kAges + 1];
  for (std::size_t g = 0; g < opt_.groups.size(); ++g) {
    const AgeGroup& grp = opt_.groups[g];
    out_.groups[g][cell] = pop.sum(grp.sex, grp.age_from, grp.age_to);
  }
  for (std::size_t j = 0; j < pyr_h_.size(); ++j) {
    if (pyr_h_[j] != h) continue;
    for (int s = 0; s < kSexes; ++s) {
      for (int x = 0; x <= kMaxAge; ++x)
        pyr_store_[j][ix(s * kAges + x) * ix(n_paths_) + ix(p)] = pop.v[ix(s)][ix(x)];
    }
  }
}

std::shared_ptr<const internal::PathDraws> Simulation::draws() const {
  {
    std::lock_guard<std::mutex> lock(st_.memo.mutex);
    const auto d = st_.memo.draws.lock();
    if (d && d->seed == opt_.seed && d->stream == opt_.stream && d->n_paths == n_paths_ &&
        d->years == h_) {
      keep_recent(d);
      return d;
    }
  }
  auto d = std::make_shared<internal::PathDraws>();
  d->seed = opt_.seed;
  d->stream = opt_.stream;
  d->n_paths = n_paths_;
  d->years = h_;
  d->width = internal::PathDraws::kFixed + static_cast<int>(st_.mig.noise.component.size());
  d->v.assign(ix(n_paths_) * ix(h_) * ix(d->width), 0.0);
  parallel(n_paths_, [&](int p) { draw_path(p, &d->v[ix(p) * ix(h_) * ix(d->width)]); });
  keep_recent(d);
  std::lock_guard<std::mutex> lock(st_.memo.mutex);
  st_.memo.draws = d;
  return d;
}

// The random part of path(p), in the same order of draws.
void Simulation::draw_path(int p, double* out) const {
  Rng rng(opt_.seed, opt_.stream, static_cast<std::uint64_t>(p));
  PathParams pp = draw_params(&rng);
  const auto& m = st_.mort;
  std::array<double, kSexes> k = m.k_jump;
  const double rho_c = std::sqrt(1.0 - m.rho * m.rho);
  const std::size_t width = internal::PathDraws::kFixed + pp.score.size();
  for (int h = 0; h < h_; ++h) {
    const double e1 = rng.normal(), e2 = rng.normal(), e3 = rng.normal();
    const double f1 = rng.normal(), f2 = rng.normal(), g1 = rng.normal(), g2 = rng.normal();
    k[0] += pp.drift[0] + pp.k_scale * m.sigma[0] * e1;
    k[1] += pp.drift[1] + pp.k_scale * m.sigma[1] * (m.rho * e1 + rho_c * e2);
    double* d = out + ix(h) * width;
    d[0] = k[0];
    d[1] = k[1];
    d[2] = std::exp(m.region_sigma * e3);
    d[3] = std::exp(pp.tfr.step(f1, f2));
    d[4] = pp.mig.step(g1, g2);
    for (std::size_t c = 0; c < pp.score.size(); ++c) {
      const double s1 = rng.normal(), s2 = rng.normal();
      d[internal::PathDraws::kFixed + c] = pp.score[c].step(s1, s2);
    }
  }
}

// Mortality and fertility of the year for each lane (path() before the migration). The grid's
// interpolation (MortGrid::at) and the noise are done in one pass along each lane's rows of the
// table, the same operations per value as at() followed by the noise; a lane whose index is
// outside the grid gets the exact values (MortGrid::exact) written over its column afterwards.
UTSIKT_LANES_CLONES void Simulation::batch_rates(int h, const Lanes& pl, const double* const* d,
                                                 Batch& st) const {
  for (int s = 0; s < kSexes; ++s) {
    const MortGrid& gr = grid_[ix(s)];
    std::array<const double*, kLanes> pa{}, pb{};
    LaneVal w{}, noise{}, k_out{};
    std::array<bool, kLanes> outside{};
    bool any_outside = false;
    for (int l = 0; l < kLanes; ++l) {
      double kk = d[l][s];
      for (const auto& le : ch_.life)
        kk += le.frac[ix(h)] * PreparedChanges::at(le.dk[ix(s)], pl[ix(l)]);
      noise[ix(l)] = d[l][2];
      const double pos = (kk - gr.lo) / gr.step;
      if (!(pos >= 0.0) || !(pos <= gr.n - 1)) {
        outside[ix(l)] = any_outside = true;
        k_out[ix(l)] = kk;
        pa[ix(l)] = pb[ix(l)] = gr.v->data();
        continue;
      }
      const int i = std::min(static_cast<int>(pos), gr.n - 2);
      w[ix(l)] = pos - i;
      pa[ix(l)] = &(*gr.v)[ix(i * kStride)];
      pb[ix(l)] = pa[ix(l)] + kStride;
    }
    // By lane along the table's rows (vectors over ages), then transposed to [age][lane].
    alignas(64) std::array<std::array<double, kStride>, kLanes> t;
    for (int l = 0; l < kLanes; ++l) {
      const double* __restrict ra = pa[ix(l)];
      const double* __restrict rb = pb[ix(l)];
      double* __restrict out = t[ix(l)].data();
      const double wl = w[ix(l)], nl = noise[ix(l)];
      for (int x = 0; x <= kAges; ++x) out[x] = std::min(1.0, (ra[x] + wl * (rb[x] - ra[x])) * nl);
      out[kAges + 1] = ra[kAges + 1] + wl * (rb[kAges + 1] - ra[kAges + 1]);
    }
    auto& q = st.q[ix(s)];
    for (int x = 0; x <= kMaxAge; ++x) {
      for (int l = 0; l < kLanes; ++l) q[ix(x)][ix(l)] = t[ix(l)][ix(x)];
    }
    for (int l = 0; l < kLanes; ++l) {
      st.q_birth[ix(s)][ix(l)] = t[ix(l)][kAges];
      st.e0[ix(s)][ix(l)] = t[ix(l)][kAges + 1];
    }
    if (!any_outside) continue;
    std::array<double, kStride> g{};
    for (int l = 0; l < kLanes; ++l) {
      if (!outside[ix(l)]) continue;
      gr.exact(k_out[ix(l)], g.data());
      for (int x = 0; x <= kMaxAge; ++x) q[ix(x)][ix(l)] = std::min(1.0, g[ix(x)] * noise[ix(l)]);
      st.q_birth[ix(s)][ix(l)] = std::min(1.0, g[kAges] * noise[ix(l)]);
      st.e0[ix(s)][ix(l)] = g[kAges + 1];
    }
  }
  for (int l = 0; l < kLanes; ++l) {
    double tfr = d[l][3];
    for (const auto& f : ch_.fertility) {
      if (f.active[ix(h)]) tfr *= 1.0 + PreparedChanges::at(f.values, pl[ix(l)]) / 100.0;
    }
    st.tfr[ix(l)] = tfr;
  }
  for (int x = 15; x <= 49; ++x) {
    for (int l = 0; l < kLanes; ++l)
      st.fertility[ix(x)][ix(l)] = st.tfr[ix(l)] * st_.fert.shape[ix(x)];
  }
}

// Net migration of the year for each lane: the pattern for the rate, its noise, the changes.
// Per cell the operations are those of path() in the same order (pattern, then each noise
// component, then each change), the cell kept in registers while they are added.
UTSIKT_LANES_CLONES void Simulation::batch_migration(int h, const Lanes& pl, const double* const* d,
                                                     Batch& st) const {
  const auto& mm = st_.mig;
  const auto& pn = mm.noise;
  const std::size_t nc = pn.component.size();
  std::vector<const AgeSex*> shapes;
  std::vector<LaneVal> w;  // extra of the pattern, then the weight of each shape
  LaneVal per{}, extra{};
  for (int l = 0; l < kLanes; ++l) {
    per[ix(l)] = st.total[ix(l)] / 1000.0;
    extra[ix(l)] = d[l][4] * per[ix(l)] - mm.base_total;  // MigrationModel::pattern's extra
  }
  for (std::size_t c = 0; c < nc; ++c) {
    shapes.push_back(&pn.component[c]);
    w.emplace_back();
    for (int l = 0; l < kLanes; ++l)
      w.back()[ix(l)] = d[l][internal::PathDraws::kFixed + c] * per[ix(l)];
  }
  for (const auto& c : ch_.migrants) {
    if (c.coef[ix(h)] == 0.0) continue;
    shapes.push_back(&c.profile);
    w.emplace_back();
    for (int l = 0; l < kLanes; ++l)
      w.back()[ix(l)] = c.coef[ix(h)] * PreparedChanges::at(c.values, pl[ix(l)]);
  }
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) {
      const double base = mm.base.v[ix(s)][ix(x)], slope = mm.slope.v[ix(s)][ix(x)];
      LaneVal m;
      for (int l = 0; l < kLanes; ++l) m[ix(l)] = base + extra[ix(l)] * slope;
      for (std::size_t k = 0; k < shapes.size(); ++k) {
        const double v = shapes[k]->v[ix(s)][ix(x)];
        for (int l = 0; l < kLanes; ++l) m[ix(l)] += w[k][ix(l)] * v;
      }
      st.mig[ix(s)][ix(x)] = m;
    }
  }
}

// project_step for each lane, the same operations in the same order (sums in local variables
// so that the compiler sees they do not alias the cells and runs the lanes as vectors).
UTSIKT_LANES_CLONES void step_lanes(Batch& st, double boys_share) {
  LaneVal births{}, deaths{}, net{};
  for (int s = 0; s < kSexes; ++s) {
    const auto& n = (*st.a)[ix(s)];
    const auto& q = st.q[ix(s)];
    auto& e = (*st.b)[ix(s)];
    for (int x = 1; x < kMaxAge; ++x) {
      const LaneVal& nx = n[ix(x - 1)];
      const LaneVal& qx = q[ix(x - 1)];
      LaneVal ex;
      for (int l = 0; l < kLanes; ++l) {
        const double d = nx[ix(l)] * qx[ix(l)];
        ex[ix(l)] = nx[ix(l)] - d;
        deaths[ix(l)] += d;
      }
      e[ix(x)] = ex;
    }
    for (int l = 0; l < kLanes; ++l) {
      const double d99 = n[kMaxAge - 1][ix(l)] * q[kMaxAge - 1][ix(l)];
      const double d100 = n[kMaxAge][ix(l)] * q[kMaxAge][ix(l)];
      e[kMaxAge][ix(l)] = (n[kMaxAge - 1][ix(l)] - d99) + (n[kMaxAge][ix(l)] - d100);
      deaths[ix(l)] += d99 + d100;
    }
  }
  // project_step's cap "e + m < 0: m = -e" as max(m, -e): the sum of two doubles is below 0
  // exactly when m < -e (a non-zero exact sum never rounds to 0), and std::max(m, -e) is
  // m < -e ? -e : m.
  auto migrate = [&net](LaneVal& cell, const LaneVal& m) {
    double* __restrict e = cell.data();
    const double* __restrict mm = m.data();
    for (int l = 0; l < kLanes; ++l) {
      const double mx = std::max(mm[l], -e[l]);
      e[l] += mx;
      net[ix(l)] += mx;
    }
  };
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 1; x <= kMaxAge; ++x) migrate((*st.b)[ix(s)][ix(x)], st.mig[ix(s)][ix(x)]);
  }
  for (int x = 15; x <= 49; ++x) {
    const LaneVal& f = st.fertility[ix(x)];
    const LaneVal& w0 = (*st.a)[0][ix(x)];
    const LaneVal& w1 = (*st.b)[0][ix(x)];
    for (int l = 0; l < kLanes; ++l) births[ix(l)] += f[ix(l)] * 0.5 * (w0[ix(l)] + w1[ix(l)]);
  }
  for (int s = 0; s < kSexes; ++s) {
    const double share = s == 0 ? 1.0 - boys_share : boys_share;
    LaneVal e0;
    for (int l = 0; l < kLanes; ++l) {
      const double by_sex = births[ix(l)] * share;
      const double d0 = by_sex * st.q_birth[ix(s)][ix(l)];
      e0[ix(l)] = by_sex - d0;
      deaths[ix(l)] += d0;
    }
    (*st.b)[ix(s)][0] = e0;
    migrate((*st.b)[ix(s)][0], st.mig[ix(s)][0]);
  }
  st.births = births;
  st.deaths = deaths;
  st.net = net;
}

// AgeSex::sum of each lane, the same order of additions.
UTSIKT_LANES_CLONES LaneVal lane_sum(const LaneCells& v, int sex, int age_from, int age_to) {
  const int lo = std::max(age_from, 0), hi = std::min(age_to, kMaxAge);
  LaneVal out{};
  for (int s = 0; s < kSexes; ++s) {
    if (sex >= 0 && sex != s) continue;
    for (int x = lo; x <= hi; ++x) {
      for (int l = 0; l < kLanes; ++l) out[ix(l)] += v[ix(s)][ix(x)][ix(l)];
    }
  }
  return out;
}

UTSIKT_LANES_CLONES void Simulation::batch_record(int h, const Lanes& pl, const Batch& st,
                                                  const LaneVal& total,
                                                  const std::vector<LaneVal>& groups) {
  for (int l = 0; l < kLanes; ++l) {
    const int p = pl[ix(l)];
    if (l > 0 && p == pl[ix(l - 1)]) break;  // padding of the last batch
    const std::size_t cell = ix(p) * ix(h_) + ix(h);
    out_.total[cell] = total[ix(l)];
    out_.births[cell] = st.births[ix(l)];
    out_.deaths[cell] = st.deaths[ix(l)];
    out_.net_migration[cell] = st.net[ix(l)];
    out_.tfr[cell] = st.tfr[ix(l)];
    out_.e0_female[cell] = st.e0[0][ix(l)];
    out_.e0_male[cell] = st.e0[1][ix(l)];
    for (std::size_t g = 0; g < groups.size(); ++g) out_.groups[g][cell] = groups[g][ix(l)];
    for (std::size_t j = 0; j < pyr_h_.size(); ++j) {
      if (pyr_h_[j] != h) continue;
      for (int s = 0; s < kSexes; ++s) {
        for (int x = 0; x <= kMaxAge; ++x)
          pyr_store_[j][ix(s * kAges + x) * ix(n_paths_) + ix(p)] = (*st.b)[ix(s)][ix(x)][ix(l)];
      }
    }
  }
}

// Paths b * kLanes .. b * kLanes + kLanes - 1 (the last batch repeats its last path).
UTSIKT_LANES_CLONES void Simulation::batch(int b) {
  Lanes pl{};
  for (int l = 0; l < kLanes; ++l) pl[ix(l)] = std::min(b * kLanes + l, n_paths_ - 1);
  auto st = std::make_unique<Batch>();
  const AgeSex& start = model_.jump_off_population;
  const double start_total = start.total();
  for (int s = 0; s < kSexes; ++s) {
    for (int x = 0; x <= kMaxAge; ++x) (*st->a)[ix(s)][ix(x)].fill(start.v[ix(s)][ix(x)]);
  }
  st->total.fill(start_total);
  std::array<const double*, kLanes> d{};
  std::vector<LaneVal> groups(opt_.groups.size());
  for (int h = 0; h < h_; ++h) {
    for (int l = 0; l < kLanes; ++l) d[ix(l)] = draws_->at(pl[ix(l)], h);
    batch_rates(h, pl, d.data(), *st);
    batch_migration(h, pl, d.data(), *st);
    step_lanes(*st, st_.fert.boys_share);
    // The groups' sums; the total is AgeSex::total(), the group of both sexes and all ages if
    // there is one (the same sum in the same order).
    std::optional<std::size_t> all;
    for (std::size_t g = 0; g < opt_.groups.size(); ++g) {
      const AgeGroup& a = opt_.groups[g];
      groups[g] = lane_sum(*st->b, a.sex, a.age_from, a.age_to);
      if (a.sex < 0 && a.age_from <= 0 && a.age_to >= kMaxAge) all = g;
    }
    const LaneVal total = all ? groups[*all] : lane_sum(*st->b, -1, 0, kMaxAge);
    batch_record(h, pl, *st, total, groups);
    std::swap(st->a, st->b);
    st->total = total;
  }
}

void Simulation::pyramids() {
  std::size_t j = 0;
  std::vector<double> col(ix(n_paths_));
  for (int y : opt_.pyramid_years) {
    Pyramid pyr;
    pyr.year = y;
    if (y <= model_.jump_off) {
      pyr.observed = true;
      pyr.median =
          y == model_.jump_off ? model_.jump_off_population : st_.observed_population.at(y);
      pyr.lo80 = pyr.hi80 = pyr.median;
    } else {
      const auto& store = pyr_store_[j++];
      for (int s = 0; s < kSexes; ++s) {
        for (int x = 0; x <= kMaxAge; ++x) {
          const auto first =
              store.begin() + static_cast<std::ptrdiff_t>(ix(s * kAges + x) * ix(n_paths_));
          std::copy(first, first + n_paths_, col.begin());
          pyr.median.v[ix(s)][ix(x)] = quantile(col, 0.5);
          pyr.lo80.v[ix(s)][ix(x)] = quantile(col, 0.1);
          pyr.hi80.v[ix(s)][ix(x)] = quantile(col, 0.9);
        }
      }
    }
    out_.pyramids.push_back(std::move(pyr));
  }
}

}  // namespace

CohortPaths simulate_cohort(const CohortModel& model, const SimulateOptions& opt,
                            const std::vector<ComponentChange>& changes) {
  check_options(model, opt);
  const PreparedChanges ch = internal::prepare_changes(model, opt, changes, false);
  return Simulation(model, opt, ch, false).run();
}

CohortPaths project_cohort_central(const CohortModel& model, const SimulateOptions& opt,
                                   const std::vector<ComponentChange>& changes) {
  check_options(model, opt);
  const PreparedChanges ch = internal::prepare_changes(model, opt, changes, true);
  return Simulation(model, opt, ch, true).run();
}

}  // namespace utsikt::demography
