// Parsing numbers the way Swedish statistics are written.
//
// Accepted (all of these give 251295): "251295", "251 295" (space, U+00A0 no-break space or
// U+202F narrow no-break space as thousands separator), "251295,0", "251295.0".
// Decimal separator: a comma or a point. If both occur, the one that comes last is the decimal
// separator and the other must separate thousands in groups of three ("1.234,5", "1,234.5").
// A lone comma or point is always the decimal separator ("1,500" is 1.5, as in Swedish).
// Signs: '-', '+', U+2212 minus sign. Exponent: "1e-3", "2,5E6".
// Percent: a trailing "%" or " %" is accepted and reported in ParsedNumber::percent; the value
// is NOT divided by 100 (48,8 % gives 48.8).
// Missing: "", "..", "...", "-", "–" (en dash), "—" and the same surrounded by blanks.
// Refused (status invalid, with a reason in English): "NaN", "inf" and the like, spreadsheet
// error values ("#DIV/0!", "#SAKNAS!", ...), text, more than one number, values that overflow a
// double (above 1.8e308) or underflow it (non-zero but below 2.2e-308 in magnitude).
// Never throws; a value with status ok is always finite.
#pragma once

#include <string>
#include <string_view>

namespace utsikt {

enum class NumberStatus { ok, missing, invalid };

struct ParsedNumber {
  NumberStatus status = NumberStatus::invalid;
  double value = 0.0;    // valid when status == ok; always finite
  bool percent = false;  // a trailing % was present
  std::string error;     // why it is invalid (English), empty otherwise
};

ParsedNumber parse_number(std::string_view text);

// Shortest decimal text that reads back as the same double ("250602", "240.25").
std::string format_double(double value);

// Whether the text is valid UTF-8 (no overlong forms, no surrogates).
bool is_valid_utf8(std::string_view text);

}  // namespace utsikt
