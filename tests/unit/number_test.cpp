#include <gtest/gtest.h>

#include "utsikt/number.hpp"

using utsikt::NumberStatus;
using utsikt::parse_number;

TEST(ParseNumber, SwedishAndInternationalFormats) {
  for (const char* s : {"251295", "251 295", "251\xC2\xA0" "295", "251\xE2\x80\xAF" "295",
                        "251295,0", "251295.0", " 251295 ", "251.295,0", "251,295.0"}) {
    const auto p = parse_number(s);
    ASSERT_EQ(p.status, NumberStatus::ok) << s << ": " << p.error;
    EXPECT_DOUBLE_EQ(p.value, 251295.0) << s;
  }
  EXPECT_DOUBLE_EQ(parse_number("1,500").value, 1.5);
  EXPECT_DOUBLE_EQ(parse_number("1.234.567").value, 1234567.0);
  EXPECT_DOUBLE_EQ(parse_number("-3,25").value, -3.25);
  EXPECT_DOUBLE_EQ(parse_number("\xE2\x88\x92" "2").value, -2.0);
  EXPECT_DOUBLE_EQ(parse_number("+7").value, 7.0);
  EXPECT_DOUBLE_EQ(parse_number("1e-3").value, 1e-3);
  EXPECT_DOUBLE_EQ(parse_number("2,5E6").value, 2.5e6);
  const auto pc = parse_number("48,8 %");
  EXPECT_EQ(pc.status, NumberStatus::ok);
  EXPECT_TRUE(pc.percent);
  EXPECT_DOUBLE_EQ(pc.value, 48.8);
}

TEST(ParseNumber, MissingMarkers) {
  for (const char* s : {"", "  ", "..", "...", "-", "\xE2\x80\x93", "\xE2\x80\x94", " .. "})
    EXPECT_EQ(parse_number(s).status, NumberStatus::missing) << "'" << s << "'";
}

TEST(ParseNumber, RefusesTextAndOverflow) {
  for (const char* s : {"NaN", "inf", "abc", "12 34", "1,2,3.4", "1.2.3,4,5", "1e", "1e400",
                        "5 6 7", "1,23.4", "12a"}) {
    const auto p = parse_number(s);
    EXPECT_EQ(p.status, NumberStatus::invalid) << s;
    EXPECT_FALSE(p.error.empty()) << s;
  }
}

TEST(Utf8, ValidAndInvalid) {
  EXPECT_TRUE(utsikt::is_valid_utf8("Norrbotten l\xC3\xA4n"));
  EXPECT_FALSE(utsikt::is_valid_utf8("l\xE4n"));          // Latin-1
  EXPECT_FALSE(utsikt::is_valid_utf8("\xC0\xAF"));        // overlong
  EXPECT_FALSE(utsikt::is_valid_utf8("\xED\xA0\x80"));    // surrogate
  EXPECT_FALSE(utsikt::is_valid_utf8("ab\xE2\x82"));      // truncated
}
