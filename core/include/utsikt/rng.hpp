// Reproducible random numbers.
//
// Every random draw in utsikt comes from an Rng whose state is derived from (master seed,
// stream id, path index) by a hash, never from a shared generator. A path therefore gets the
// same numbers whichever thread computes it and in whatever order, which is what makes the
// output identical for 1 or N threads. The generator is xoshiro256** (Blackman & Vigna),
// seeded through splitmix64; normals by the polar method, written out here so the numbers do
// not depend on the standard library's distribution implementations.
#pragma once

#include <cstdint>
#include <string_view>

namespace utsikt {

class Rng {
 public:
  // Seeds from the triple; different triples give independent-looking streams.
  Rng(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

  std::uint64_t next_u64();
  double uniform();              // in (0, 1), never exactly 0 or 1
  double normal();               // standard normal
  double student_t(double df);   // Student t with df > 0 degrees of freedom
  double chi_square(double df);  // chi-square with df > 0
  double gamma(double shape);    // Gamma(shape, 1), shape > 0

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Stable 64-bit hash of a string (FNV-1a), used to derive stream ids from series names.
std::uint64_t stable_hash(std::string_view text);
// Mixes two 64-bit values into one (for composing stream ids).
std::uint64_t hash_combine(std::uint64_t a, std::uint64_t b);

}  // namespace utsikt
