#include "utsikt/number.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

namespace utsikt {
namespace {

// Blanks around a number: ASCII space/tab, no-break space U+00A0, narrow no-break space U+202F,
// thin space U+2009. Returns the byte length of a blank at s[i], 0 if none.
std::size_t blank_len(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const auto d = static_cast<unsigned char>(s[i + 2]);
    if (d == 0xAF || d == 0x89) return 3;  // U+202F, U+2009
  }
  return 0;
}

std::string_view trim(std::string_view s) {
  for (;;) {
    if (s.empty()) return s;
    const std::size_t n = blank_len(s, 0);
    if (n == 0) break;
    s.remove_prefix(n);
  }
  for (;;) {
    if (s.empty()) return s;
    // Check the last 1..3 bytes for a blank.
    bool removed = false;
    for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n) {
      const std::size_t i = s.size() - n;
      if (blank_len(s, i) == n) {
        s.remove_suffix(n);
        removed = true;
        break;
      }
    }
    if (!removed) break;
  }
  return s;
}

bool is_missing_marker(std::string_view s) {
  return s.empty() || s == ".." || s == "..." || s == "." || s == "-" || s == "\xE2\x80\x93" ||
         s == "\xE2\x80\x94";
}

// The whole UTF-8 character starting at s[i] (text is valid UTF-8 here), for messages.
std::string char_at(std::string_view s, std::size_t i) {
  std::size_t n = 1;
  while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
  return std::string(s.substr(i, n));
}

std::string lower_ascii(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return r;
}

ParsedNumber invalid(std::string why) {
  ParsedNumber r;
  r.status = NumberStatus::invalid;
  r.error = std::move(why);
  return r;
}

// The characters of a number's mantissa: its digits, separators and blanks (as ' ') in order,
// with how many of each separator there are and where the last one is.
struct Mantissa {
  std::string plain;
  int n_comma = 0, n_point = 0, n_blank = 0;
  std::size_t last_comma = std::string::npos, last_point = std::string::npos;
};

// Reads the mantissa's characters into m; returns "" or why it is no number.
std::string scan_mantissa(std::string_view mantissa, Mantissa& m) {
  for (std::size_t i = 0; i < mantissa.size();) {
    const char c = mantissa[i];
    if (c >= '0' && c <= '9') {
      m.plain.push_back(c);
      ++i;
    } else if (c == ',') {
      m.last_comma = m.plain.size();
      m.plain.push_back(',');
      ++m.n_comma;
      ++i;
    } else if (c == '.') {
      m.last_point = m.plain.size();
      m.plain.push_back('.');
      ++m.n_point;
      ++i;
    } else if (const std::size_t n = blank_len(mantissa, i); n > 0) {
      m.plain.push_back(' ');
      ++m.n_blank;
      i += n;
    } else {
      return "unexpected character '" + char_at(mantissa, i) + "' in a number";
    }
  }
  return "";
}

// Decides the decimal and the thousands separator (0: none) of a mantissa; returns "" or why
// they are ambiguous.
std::string choose_separators(const Mantissa& m, char& decimal, char& thousands) {
  if (m.n_comma > 0 && m.n_point > 0) {
    decimal = m.last_comma > m.last_point ? ',' : '.';
    thousands = decimal == ',' ? '.' : ',';
    if ((decimal == ',' ? m.n_comma : m.n_point) != 1) return "more than one decimal separator";
  } else if (m.n_comma > 0) {
    if (m.n_comma > 1) return "more than one decimal comma";
    decimal = ',';
  } else if (m.n_point > 1) {
    thousands = '.';  // "1.234.567": points can only be thousands separators
  } else if (m.n_point > 0) {
    decimal = '.';
  }
  if (m.n_blank > 0) {
    if (thousands != 0 && thousands != ' ')
      return "both blanks and '" + std::string(1, thousands) + "' used as thousands separators";
    thousands = ' ';
  }
  return "";
}

// The digits of the integer part without its thousands separators, after validating the
// grouping: groups of exactly 3 digits after the first (1-3 digits). Returns "" or the reason.
std::string integer_digits(const std::string& int_part, char thousands, std::string& int_digits) {
  if (!thousands) {
    int_digits = int_part;
    return "";
  }
  std::size_t group = 0, groups = 0;
  bool first = true;
  for (std::size_t i = 0; i <= int_part.size(); ++i) {
    if (i == int_part.size() || int_part[i] == thousands) {
      if (group == 0) return "misplaced thousands separator";
      if (!first && group != 3) return "thousands groups must have three digits";
      if (first && group > 3) return "thousands groups must have three digits";
      first = false;
      group = 0;
      ++groups;
      continue;
    }
    if (int_part[i] < '0' || int_part[i] > '9') return "misplaced separator";
    int_digits.push_back(int_part[i]);
    ++group;
  }
  return "";
}

// Appends the exponent (optional sign and at most 6 digits) to ascii as "e[-]digits"; returns ""
// or why it is no exponent.
std::string append_exponent(std::string_view e, std::string& ascii) {
  std::string esign;
  if (e[0] == '+' || e[0] == '-') {
    if (e[0] == '-') esign = "-";
    e.remove_prefix(1);
  }
  if (e.empty()) return "an exponent without digits";
  for (char c : e)
    if (c < '0' || c > '9') return "unexpected character in the exponent";
  if (e.size() > 6) return "the exponent is out of range";
  ascii += "e" + esign + std::string(e);
  return "";
}

// The value of a plain ASCII number ([-]digits[.digits][e[-]digits]) in r, or why it is none.
ParsedNumber convert(const std::string& ascii, ParsedNumber r) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(ascii.c_str(), &end);
  if (end != ascii.c_str() + ascii.size()) return invalid("not a number");
  if (!std::isfinite(v) || (errno == ERANGE && std::fabs(v) > 1.0))
    return invalid("the number is too large (above 1.8e308)");
  if (errno == ERANGE || (v != 0.0 && std::fabs(v) < std::numeric_limits<double>::min()))
    return invalid("the number is too close to zero (below 2.2e-308 in magnitude)");
  r.status = NumberStatus::ok;
  r.value = v;
  return r;
}

}  // namespace

ParsedNumber parse_number(std::string_view text) {
  if (!is_valid_utf8(text)) return invalid("the text is not valid UTF-8");
  std::string_view s = trim(text);
  ParsedNumber r;
  if (is_missing_marker(s)) {
    r.status = NumberStatus::missing;
    return r;
  }
  if (s[0] == '#')
    return invalid(
        "a spreadsheet error value such as #DIV/0! or #SAKNAS!; fix the formula in "
        "the spreadsheet, or leave the cell empty for a missing value");
  {
    const std::string l = lower_ascii(s);
    std::string_view u = l;
    if (!u.empty() && (u[0] == '-' || u[0] == '+')) u.remove_prefix(1);
    if (u == "nan" || u == "inf" || u == "infinity" || u == "1.#inf" || u == "1.#qnan")
      return invalid(
          "NaN and infinity are not accepted; leave the cell empty or write '..' for "
          "a missing value");
  }
  if (!s.empty() && s.back() == '%') {
    r.percent = true;
    s.remove_suffix(1);
    s = trim(s);
    if (s.empty()) return invalid("a percent sign without a number");
  }

  // Build a plain ASCII number: sign, digits, at most one '.', optional exponent.
  std::string sign;
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xE2 &&
      static_cast<unsigned char>(s[1]) == 0x88 && static_cast<unsigned char>(s[2]) == 0x92) {
    sign = "-";  // U+2212 MINUS SIGN
    s.remove_prefix(3);
  } else if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    if (s[0] == '-') sign = "-";
    s.remove_prefix(1);
  }
  s = trim(s);
  if (s.empty()) return invalid("a sign without a number");

  // Split off an exponent (e/E followed by optional sign and digits).
  std::string_view mantissa = s, exponent;
  bool has_exponent = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == 'e' || s[i] == 'E') {
      mantissa = s.substr(0, i);
      exponent = s.substr(i + 1);
      has_exponent = true;
      break;
    }
  }
  if (has_exponent && exponent.empty()) return invalid("an exponent without digits");
  if (mantissa.empty()) return invalid("no digits before the exponent");

  Mantissa m;
  if (std::string why = scan_mantissa(mantissa, m); !why.empty()) return invalid(std::move(why));
  char decimal = 0, thousands = 0;
  if (std::string why = choose_separators(m, decimal, thousands); !why.empty())
    return invalid(std::move(why));
  const std::string& plain = m.plain;
  const std::size_t dec_pos = decimal ? plain.find(decimal) : std::string::npos;
  const std::string int_part = plain.substr(0, dec_pos);
  const std::string frac_part = dec_pos == std::string::npos ? "" : plain.substr(dec_pos + 1);
  std::string int_digits;
  if (std::string why = integer_digits(int_part, thousands, int_digits); !why.empty())
    return invalid(std::move(why));
  for (char c : frac_part)
    if (c < '0' || c > '9') return invalid("unexpected character after the decimal separator");
  if (int_digits.empty() && frac_part.empty()) return invalid("no digits");

  std::string ascii = sign + (int_digits.empty() ? "0" : int_digits);
  if (!frac_part.empty()) ascii += "." + frac_part;
  if (!exponent.empty()) {
    if (std::string why = append_exponent(exponent, ascii); !why.empty())
      return invalid(std::move(why));
  }
  return convert(ascii, r);
}

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::string format_double(double value) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

}  // namespace utsikt
