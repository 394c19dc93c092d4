#include "utsikt/engine/options.hpp"

#include <algorithm>
#include <thread>

namespace utsikt {

std::string run_option_expected(RunOption o) {
  const RunOptionSpec& s = run_option(o);
  std::string e = "a whole number from " + std::to_string(s.min) + " to " + std::to_string(s.max);
  if (!s.special.empty()) e += " (" + std::string(s.special) + ")";
  return e;
}

void check_run_option(RunOption o, std::int64_t value, Location where) {
  if (run_option_allows(o, value)) return;
  if (where.field.empty()) where.field = std::string(run_option(o).name);
  throw InputError(std::move(where), run_option_expected(o), std::to_string(value));
}

void check_seed(std::uint64_t seed, Location where) {
  const RunOptionSpec& s = run_option(RunOption::seed);
  if (seed <= static_cast<std::uint64_t>(s.max))
    return check_run_option(RunOption::seed, static_cast<std::int64_t>(seed), where);
  if (where.field.empty()) where.field = std::string(s.name);
  throw InputError(std::move(where), run_option_expected(RunOption::seed), std::to_string(seed));
}

int resolve_threads(int threads) {
  if (threads > 0) return threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace utsikt
