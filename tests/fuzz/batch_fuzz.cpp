// libFuzzer target: arbitrary bytes as the input of `utsikt forecast` (series,part,time,value),
// through the same path as read_batch_csv (decode_text, then parse_batch_csv). Only InputError
// may escape; every series returned has increasing years and finite values.
#include <cstddef>
#include <cstdint>
#include <string>

#include "robust_fuzz_check.hpp"
#include "utsikt/csv.hpp"
#include "utsikt/engine/batch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace utsikt;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.csv";
  try {
    const BatchInput in = parse_batch_csv(decode_text(bytes, file), file);
    for (const BatchSeries& s : in.series) {
      UTSIKT_REQUIRE(s.years.size() == s.values.size());
      UTSIKT_REQUIRE(s.n_test >= 0);
      for (std::size_t i = 0; i < s.years.size(); ++i) {
        UTSIKT_REQUIRE(std::isfinite(s.values[i]));
        if (i > 0) UTSIKT_REQUIRE(s.years[i - 1] < s.years[i]);
      }
    }
  } catch (const InputError& e) {
    fuzz::check_input_error(e, file);
  }
  return 0;
}
