#include "utsikt/number.hpp"

#include <gtest/gtest.h>

using utsikt::NumberStatus;
using utsikt::parse_number;

namespace {
double ok(const char* s) {
  const auto p = parse_number(s);
  EXPECT_EQ(p.status, NumberStatus::ok) << "'" << s << "': " << p.error;
  return p.value;
}
void bad(const char* s) {
  const auto p = parse_number(s);
  EXPECT_EQ(p.status, NumberStatus::invalid) << "'" << s << "' parsed as " << p.value;
  EXPECT_FALSE(p.error.empty());
}
void missing(const char* s) {
  EXPECT_EQ(parse_number(s).status, NumberStatus::missing) << "'" << s << "'";
}
}  // namespace

TEST(Number, DocumentFormats) {
  // As printed in the RUS follow-up report.
  EXPECT_EQ(ok("251 295"), 251295);
  EXPECT_EQ(ok("10 120 242"), 10120242);
  EXPECT_DOUBLE_EQ(ok("48,8 %"), 48.8);
  EXPECT_DOUBLE_EQ(ok("47,82 %"), 47.82);
  EXPECT_DOUBLE_EQ(ok("48,8%"), 48.8);
  EXPECT_EQ(ok("1144"), 1144);
  EXPECT_EQ(ok("32 957 000"), 32957000);
  EXPECT_EQ(ok("179 225"), 179225);
  EXPECT_DOUBLE_EQ(ok("5,26"), 5.26);
  EXPECT_DOUBLE_EQ(ok("7,4"), 7.4);
}

TEST(Number, PercentFlagKeepsValue) {
  const auto p = parse_number("48,8 %");
  EXPECT_TRUE(p.percent);
  EXPECT_DOUBLE_EQ(p.value, 48.8);
  EXPECT_FALSE(parse_number("48,8").percent);
}

TEST(Number, UnicodeSpacesAndMinus) {
  EXPECT_EQ(ok("251\xC2\xA0"
               "295"),
            251295);  // no-break space
  EXPECT_EQ(ok("251\xE2\x80\xAF"
               "295"),
            251295);  // narrow no-break space
  EXPECT_DOUBLE_EQ(ok("\xE2\x88\x92"
                      "1,5"),
                   -1.5);  // U+2212 minus
  EXPECT_DOUBLE_EQ(ok("  -0,25 "), -0.25);
  EXPECT_DOUBLE_EQ(ok("+3"), 3.0);
  EXPECT_DOUBLE_EQ(ok("48,8\xC2\xA0%"), 48.8);
}

TEST(Number, PointsAndCommas) {
  EXPECT_DOUBLE_EQ(ok("1.5"), 1.5);
  EXPECT_DOUBLE_EQ(ok("1,500"), 1.5);  // a lone comma is decimal, as in Swedish
  EXPECT_DOUBLE_EQ(ok("1.234,5"), 1234.5);
  EXPECT_DOUBLE_EQ(ok("1,234.5"), 1234.5);
  EXPECT_DOUBLE_EQ(ok("1,234,567.5"), 1234567.5);
  EXPECT_DOUBLE_EQ(ok(",5"), 0.5);
  EXPECT_DOUBLE_EQ(ok("2,5E6"), 2.5e6);
  EXPECT_DOUBLE_EQ(ok("1e-3"), 1e-3);
  EXPECT_DOUBLE_EQ(ok("1e300"), 1e300);
  EXPECT_DOUBLE_EQ(ok("1e-300"), 1e-300);
}

TEST(Number, MissingMarkers) {
  missing("");
  missing("  ");
  missing("..");
  missing("...");
  missing("-");
  missing(" - ");
  missing("\xE2\x80\x93");  // en dash
}

TEST(Number, Refused) {
  bad("abc");
  bad("NaN");
  bad("nan");
  bad("inf");
  bad("-inf");
  bad("12 34");  // not a thousands grouping
  bad("1 2345");
  bad("1,2,3");
  bad("1.2.3");  // points as thousands need groups of three
  bad("12a");
  bad("%");
  bad("1e");
  bad("1e999");        // overflow
  bad("1 234.567,8");  // blanks and a point as thousands
  bad("\xFF\xFE");     // not UTF-8
  bad("5 5 %");
  bad("--5");
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(utsikt::is_valid_utf8("Norrbotten åäö ÅÄÖ"));
  EXPECT_FALSE(utsikt::is_valid_utf8("\xE5"));          // Latin-1 å
  EXPECT_FALSE(utsikt::is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(utsikt::is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_TRUE(utsikt::is_valid_utf8(""));
}
TEST(ParseNumber, SwedishAndInternationalFormats) {
  for (const char* s : {"251295", "251 295",
                        "251\xC2\xA0"
                        "295",
                        "251\xE2\x80\xAF"
                        "295",
                        "251295,0", "251295.0", " 251295 ", "251.295,0", "251,295.0"}) {
    const auto p = parse_number(s);
    ASSERT_EQ(p.status, NumberStatus::ok) << s << ": " << p.error;
    EXPECT_DOUBLE_EQ(p.value, 251295.0) << s;
  }
  EXPECT_DOUBLE_EQ(parse_number("1,500").value, 1.5);
  EXPECT_DOUBLE_EQ(parse_number("1.234.567").value, 1234567.0);
  EXPECT_DOUBLE_EQ(parse_number("-3,25").value, -3.25);
  EXPECT_DOUBLE_EQ(parse_number("\xE2\x88\x92"
                                "2")
                       .value,
                   -2.0);
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
  EXPECT_FALSE(utsikt::is_valid_utf8("l\xE4n"));        // Latin-1
  EXPECT_FALSE(utsikt::is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(utsikt::is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(utsikt::is_valid_utf8("ab\xE2\x82"));    // truncated
}
