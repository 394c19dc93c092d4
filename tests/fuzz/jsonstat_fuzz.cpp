// libFuzzer target: the JSON-stat and Kolada readers (and the JSON front end they share) on
// arbitrary bytes, followed by selections. Only InputError may escape the readers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  utsikt::ReadOptions options;
  options.max_cells = 200'000;
  try {
    const utsikt::Table t = utsikt::parse_jsonstat(text, "fuzz.json", options);
    utsikt::fuzz::check_table(t);
    utsikt::fuzz::exercise_selections(t);
  } catch (const utsikt::InputError& e) {
    UTSIKT_FUZZ_CHECK(e.what()[0] != '\0');
  }
  try {
    const utsikt::Table t = utsikt::parse_kolada(text, "fuzz.json", options);
    utsikt::fuzz::check_table(t);
    utsikt::fuzz::exercise_selections(t);
  } catch (const utsikt::InputError& e) {
    UTSIKT_FUZZ_CHECK(e.what()[0] != '\0');
  }
  return 0;
}
