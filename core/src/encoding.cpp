#include "utsikt/encoding.hpp"

#include <cstdint>

namespace utsikt {

namespace {

// Windows-1252 bytes 0x80-0x9F as Unicode code points (undefined bytes keep their C1 value).
constexpr std::uint16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88-8F
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98-9F
};

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string single_byte_to_utf8(std::string_view text, bool cp1252) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char ch : text) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out.push_back(ch);
    } else if (cp1252 && b < 0xA0) {
      append_utf8(out, kCp1252High[b - 0x80]);
    } else {
      append_utf8(out, b);
    }
  }
  return out;
}

}  // namespace

const char* to_string(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8:
      return "UTF-8";
    case TextEncoding::windows1252:
      return "Windows-1252";
    case TextEncoding::latin1:
      return "ISO-8859-1";
  }
  return "?";
}

std::size_t utf8_first_invalid(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0Fu;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07u;
    } else {
      return i;  // continuation byte, overlong lead C0/C1, or F5-FF
    }
    if (n - i < len) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool utf8_is_valid(std::string_view text) {
  return utf8_first_invalid(text) == std::string_view::npos;
}

bool has_utf8_bom(std::string_view text) {
  return text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
         static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF;
}

std::string_view strip_utf8_bom(std::string_view text) {
  return has_utf8_bom(text) ? text.substr(3) : text;
}

bool is_ascii(std::string_view text) {
  for (const char ch : text) {
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
  }
  return true;
}

std::string windows1252_to_utf8(std::string_view text) { return single_byte_to_utf8(text, true); }
std::string latin1_to_utf8(std::string_view text) { return single_byte_to_utf8(text, false); }

std::string to_utf8(std::string_view text, TextEncoding from) {
  switch (from) {
    case TextEncoding::utf8:
      return std::string(strip_utf8_bom(text));
    case TextEncoding::windows1252:
      return windows1252_to_utf8(text);
    case TextEncoding::latin1:
      return latin1_to_utf8(text);
  }
  return std::string(text);
}

TextEncoding guess_encoding(std::string_view text) {
  if (has_utf8_bom(text) || utf8_is_valid(text)) return TextEncoding::utf8;
  return TextEncoding::windows1252;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (const char ch : text) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace utsikt
