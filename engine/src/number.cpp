// parse_number and is_valid_utf8 (contract in utsikt/number.hpp).
#include "utsikt/number.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace utsikt {
namespace {

// Length of a blank at text[i] (ASCII space or tab, U+00A0, U+202F), 0 if none.
std::size_t blank_len(std::string_view s, std::size_t i) {
  if (s[i] == ' ' || s[i] == '\t') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF") return 3;
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
    std::size_t n = 0;
    for (std::size_t k : {1u, 2u, 3u})
      if (s.size() >= k && blank_len(s, s.size() - k) == k) n = k;
    if (n == 0) break;
    s.remove_suffix(n);
  }
  return s;
}

ParsedNumber invalid(std::string why) {
  ParsedNumber p;
  p.status = NumberStatus::invalid;
  p.error = std::move(why);
  return p;
}

}  // namespace

ParsedNumber parse_number(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty() || s == ".." || s == "..." || s == "-" || s == "\xE2\x80\x93" ||
      s == "\xE2\x80\x94") {
    ParsedNumber p;
    p.status = NumberStatus::missing;
    return p;
  }
  bool percent = false;
  if (s.back() == '%') {
    percent = true;
    s.remove_suffix(1);
    s = trim(s);
  }
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  } else if (s.substr(0, 3) == "\xE2\x88\x92") {
    negative = true;
    s.remove_prefix(3);
  }
  // Mantissa: digits and separators; 's' stands for a blank, then an optional exponent.
  std::string mant;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c >= '0' && c <= '9') { mant += c; ++i; continue; }
    if (c == ',' || c == '.') { mant += c; ++i; continue; }
    if (const std::size_t b = blank_len(s, i); b > 0) { mant += 's'; i += b; continue; }
    break;
  }
  std::string exponent;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exponent += s[i++];
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') exponent += s[i++];
    if (i == start) return invalid("an exponent needs digits");
  }
  if (i != s.size()) return invalid("unexpected text '" + std::string(s.substr(i)) + "'");
  if (mant.empty() || mant.find_first_of("0123456789") == std::string::npos)
    return invalid("no digits");
  const auto n_comma = std::count(mant.begin(), mant.end(), ',');
  const auto n_point = std::count(mant.begin(), mant.end(), '.');
  const auto n_blank = std::count(mant.begin(), mant.end(), 's');
  char dec = 0, thou = 0;
  if (n_comma > 0 && n_point > 0) {
    dec = mant.find_last_of(',') > mant.find_last_of('.') ? ',' : '.';
    thou = dec == ',' ? '.' : ',';
    if (std::count(mant.begin(), mant.end(), dec) != 1)
      return invalid("more than one decimal separator");
  } else if (n_comma + n_point == 1) {
    dec = n_comma ? ',' : '.';
  } else if (n_comma + n_point > 1) {
    thou = n_comma ? ',' : '.';
  }
  if (n_blank > 0) {
    if (thou != 0) return invalid("mixed thousands separators");
    thou = 's';
  }
  std::string int_part = mant, frac_part;
  if (dec != 0) {
    const std::size_t d = mant.find(dec);
    int_part = mant.substr(0, d);
    frac_part = mant.substr(d + 1);
    if (frac_part.find_first_not_of("0123456789") != std::string::npos)
      return invalid("separator after the decimal separator");
  }
  std::string digits;
  if (thou != 0) {
    // Groups: first 1-3 digits, then exactly 3.
    std::size_t pos = 0, group = 0;
    while (true) {
      const std::size_t next = int_part.find(thou, pos);
      const std::string g = int_part.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
      if (g.empty() || g.find_first_not_of("0123456789") != std::string::npos ||
          (group == 0 ? g.size() > 3 : g.size() != 3))
        return invalid("thousands separators must separate groups of three digits");
      digits += g;
      ++group;
      if (next == std::string::npos) break;
      pos = next + 1;
    }
  } else {
    digits = int_part;
    if (digits.find_first_not_of("0123456789") != std::string::npos)
      return invalid("unexpected separator");
  }
  if (digits.empty() && frac_part.empty()) return invalid("no digits");
  const std::string norm = (negative ? "-" : "") + (digits.empty() ? "0" : digits) +
                           (frac_part.empty() ? "" : "." + frac_part) +
                           (exponent.empty() ? "" : "e" + exponent);
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(norm.c_str(), &end);
  if (end != norm.c_str() + norm.size()) return invalid("not a number");
  if (!std::isfinite(v) || (errno == ERANGE && std::abs(v) > 1.0))
    return invalid("the value overflows a double");
  ParsedNumber p;
  p.status = NumberStatus::ok;
  p.value = v;
  p.percent = percent;
  return p;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    const unsigned c = u[i];
    std::size_t n;
    unsigned cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
    else return false;
    if (i + n >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      if ((u[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (u[i + k] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace utsikt
