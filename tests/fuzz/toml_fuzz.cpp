// libFuzzer target for the TOML key-structure class (issue 17): toml++ parses dotted keys and
// table headers recursively, and a 70 KB `a.a.a....a = 1` overflowed the stack. The other
// targets cap the input length (libFuzzer's max_len), so they cannot reach this class; here the
// input is a small program that builds a long file without that cap:
//   byte 0-1  repeat count r (little endian, 0..65535), byte 2 template, rest fragment f
//   template % 6: 0 key `f.f.f... = 1`, 1 header `[f.f.f...]`, 2 `[[f.f...]]`,
//                 3 nested arrays `x = [[[...]]]`, 4 nested inline tables `x = {a={a=...}}`,
//                 5 raw: f repeated r times
// The text is read by utsikt::detail::parse_toml (the project and scenario readers' parser).
// Only InputError may escape; the process must not crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "robust_fuzz_check.hpp"
#include "utsikt/toml_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t r = data[0] | (static_cast<std::size_t>(data[1]) << 8);
  const int kind = data[2] % 6;
  std::string f(reinterpret_cast<const char*>(data + 3), size - 3);
  if (f.empty()) f = "a";
  if ((f.size() + 4) * r > (16u << 20)) return 0;  // the project file limit (kMaxProjectBytes)
  std::string text;
  const auto repeat = [&](const std::string& s, const std::string& sep) {
    for (std::size_t i = 0; i < r; ++i) text += (i ? sep : std::string()) + s;
  };
  switch (kind) {
    case 0:
      repeat(f, ".");
      text += " = 1\n";
      break;
    case 1:
      text += "[";
      repeat(f, ".");
      text += "]\nx = 1\n";
      break;
    case 2:
      text += "[[";
      repeat(f, ".");
      text += "]]\nx = 1\n";
      break;
    case 3:
      text += "x = " + std::string(r, '[') + f + std::string(r, ']') + "\n";
      break;
    case 4:
      text += "x = ";
      repeat("{a=", "");
      text += "1" + std::string(r, '}') + "\n";
      break;
    default:
      repeat(f, "");
  }
  try {
    (void)utsikt::detail::parse_toml(text, "fuzz.toml");
  } catch (const utsikt::InputError& e) {
    utsikt::fuzz::check_input_error(e, "");
  }
  return 0;
}
