// libFuzzer target: arbitrary bytes as a long-format CSV data file, through the same path as
// read_long_csv (decode_text, then parse_long_csv). Only InputError may escape; every series
// returned must satisfy the Series invariant (strictly increasing years, finite values).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "robust_fuzz_check.hpp"
#include "utsikt/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace utsikt;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string file = "fuzz.csv";
  try {
    std::vector<Diagnostic> notes;
    const std::string text = decode_text(bytes, file, &notes);
    UTSIKT_REQUIRE(utf8_is_valid(text));
    UTSIKT_REQUIRE(!has_utf8_bom(text));
    for (const auto& n : notes) UTSIKT_REQUIRE(utf8_is_valid(n.message));
    const std::vector<Series> series = parse_long_csv(text, file);
    for (const Series& s : series) {
      UTSIKT_REQUIRE(!s.years.empty());
      UTSIKT_REQUIRE(s.years.size() == s.values.size());
      UTSIKT_REQUIRE(s.sources.empty() || s.sources.size() == s.years.size());
      UTSIKT_REQUIRE(!s.indicator.empty() && !s.group.empty());
      UTSIKT_REQUIRE(utf8_is_valid(s.indicator) && utf8_is_valid(s.group));
      for (std::size_t i = 0; i < s.size(); ++i) {
        UTSIKT_REQUIRE(std::isfinite(s.values[i]));
        UTSIKT_REQUIRE(s.years[i] >= 1000 && s.years[i] <= 3000);
        if (i > 0) UTSIKT_REQUIRE(s.years[i - 1] < s.years[i]);
      }
    }
  } catch (const InputError& e) {
    fuzz::check_input_error(e, file);
  }
  return 0;
}
