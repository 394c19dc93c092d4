// libFuzzer target: the PC-Axis reader on arbitrary bytes, in the default language and in
// English, followed by selections. Only InputError may escape the reader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  utsikt::ReadOptions options;
  options.max_cells = 200'000;
  for (const char* language : {"", "en"}) {
    options.language = language;
    try {
      const utsikt::Table t = utsikt::parse_px(bytes, "fuzz.px", options);
      utsikt::fuzz::check_table(t);
      utsikt::fuzz::exercise_selections(t);
    } catch (const utsikt::InputError& e) {
      UTSIKT_FUZZ_CHECK(e.what()[0] != '\0');
    }
  }
  return 0;
}
