// libFuzzer target: the Kolada reader (API v2/v3 data responses: pages, gender splits, missing
// values) and the PxWeb API v1 reader on arbitrary bytes, followed by selections. Only
// InputError may escape the readers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  utsikt::ReadOptions options;
  options.max_cells = 200'000;
  try {
    const utsikt::Table t = utsikt::parse_kolada(text, "fuzz.json", options);
    utsikt::fuzz::check_table(t);
    utsikt::fuzz::exercise_selections(t);
  } catch (const utsikt::InputError& e) {
    UTSIKT_FUZZ_CHECK(e.what()[0] != '\0');
  }
  try {
    const utsikt::Table t = utsikt::parse_pxweb_v1(text, "fuzz.json", options);
    utsikt::fuzz::check_table(t);
    utsikt::fuzz::exercise_selections(t);
  } catch (const utsikt::InputError& e) {
    UTSIKT_FUZZ_CHECK(e.what()[0] != '\0');
  }
  return 0;
}
